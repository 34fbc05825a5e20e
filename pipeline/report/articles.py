"""The articles part of the report: each article's text with its records marked.

An article is shown whole, or, past the report's limits (`Limits`), only the
passages that hold its records (each record's evidence sentence with its
amount), in a collapsed section.  Either way every record's amount is marked
once.  Records that cannot be marked are listed under the article with the
reason.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from .data import Article, span_ok
from .highlight import Span, render
from .summary import fmt_exact, fmt_short

MAX_PASSAGE = 600  # an evidence passage longer than this (a run-on "sentence") is cut around its amount
CONTEXT = 200  # characters kept either side of an amount when a passage is cut
TIGHT = 60  # ... and past the size limit


@dataclass
class Limits:
    """How much article text the page holds: a 10k-record dump still makes a page under 20 MB."""

    max_articles: int = 200  # articles shown whole; the rest are collapsed and show their passages
    max_mb: float = 18.0  # the whole page, MB. Whole articles fill at most 40% of what the summary and
    # the table leave; past it all, a record shows only its amount with a few words either side
    max_article_chars: int = 200_000  # a longer article shows its passages only


TIGHT_BYTES = 700  # room kept for each record still to come (its amount with a few words, at most)


def normalised(rec: dict[str, Any], short: bool = False) -> str:
    """'USD 375,000,000' (or 'USD 375 million' when short); '120,000 nutritious meals'."""
    amount, kind = rec.get("amount"), rec.get("in_kind")
    fmt = fmt_short if short else fmt_exact
    if amount:
        text = f"{amount['currency']} {fmt(amount['value'])}"
        if amount.get("range_high") is not None:
            text += f"–{fmt(amount['range_high'])}"
        if amount.get("per"):
            text += f" {amount['per']}"
        return text
    if kind:
        return f"{fmt(kind['quantity'])} {kind['unit']}"
    return ""


def record_spans(rec: dict[str, Any], n: int) -> list[Span]:
    rid = rec["_anchor"]
    spans = [Span(rec["start"], rec["end"], "amount", rid, normalised(rec, short=True))]
    if span_ok(rec.get("evidence"), n):
        spans.append(Span(rec["evidence"]["start"], rec["evidence"]["end"], "evidence", rid))
    for role in ("donor", "recipient", "purpose"):
        sp = (rec.get("spans") or {}).get(role)
        if span_ok(sp, n):
            spans.append(Span(sp["start"], sp["end"], role, rid))
    return spans


def passages(recs: list[dict[str, Any]], n: int, tight: bool = False) -> list[tuple[int, int]]:
    """Merged windows of text holding each record's evidence and amount (with `tight`,
    only the amount and a few words either side)."""
    windows = []
    for rec in recs:
        lo, hi = rec["start"], rec["end"]
        ev = rec.get("evidence")
        if span_ok(ev, n) and not tight:
            lo, hi = min(lo, ev["start"]), max(hi, ev["end"])
        if tight or hi - lo > MAX_PASSAGE:
            context = TIGHT if tight else CONTEXT
            lo, hi = max(0, rec["start"] - context), min(n, rec["end"] + context)
        windows.append((lo, hi))
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(windows):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _unmarked_list(recs: list[dict[str, Any]], unmarked: dict[str, str]) -> str:
    items = []
    for rec in recs:
        why = unmarked.get(rec["_anchor"])
        if why is None:
            continue
        amount = (rec.get("amount") or rec.get("in_kind") or {}).get("text", "")
        who = rec.get("donor") or "no donor named"
        to = f" → {rec['recipient']}" if rec.get("recipient") else ""
        items.append(f'<li id="{escape(rec["_anchor"])}" class="unmarked-rec"><bdi>{escape(who)}</bdi>: '
                     f'<bdi class="amt-text">{escape(amount)}</bdi> ({escape(normalised(rec))})'
                     f'<bdi>{escape(to)}</bdi> <span class="why">— not highlighted: {escape(why)}</span></li>')
    if not items:
        return ""
    return f'<ul class="unmarked">{"".join(items)}</ul>'


def _direction(lang: str) -> str:
    return "rtl" if lang == "ar" else "ltr"


def render_article(art: Article, unmarked: dict[str, str], whole: bool, tight: bool = False) -> str:
    lang = art.lang if art.lang in ("en", "ar") else "en"
    marked = [rec for rec in art.records if rec["_anchor"] not in unmarked]
    n_rec = len(art.records)
    shown = "" if whole or art.text is None else " · amounts only" if tight else " · passages only"
    head = (f'<summary><bdi class="doc-id">{escape(art.doc_id)}</bdi> '
            f'<span class="meta">{lang} · {n_rec} record{"s" * (n_rec != 1)}{shown} · '
            f'<bdi>{escape(art.source)}</bdi></span></summary>')
    body = []
    if art.problem:
        body.append(f'<p class="notice warn">Text not shown: {escape(art.problem)}.</p>')
    if art.text is not None:
        text, spans = art.text, [sp for rec in marked for sp in record_spans(rec, len(art.text))
                                 if not tight or sp.role == "amount"]
        attrs = f'dir="{_direction(lang)}" lang="{lang}"'
        if whole:
            body.append(f'<div class="text" {attrs}>{render(text, spans)}</div>')
        else:
            cuts = passages(marked, len(text), tight)
            body.append("".join(f'<div class="text passage" {attrs}>{"… " * (lo > 0)}{render(text, spans, lo, hi)}'
                                f'{" …" * (hi < len(text))}</div>' for lo, hi in cuts))
    body.append(_unmarked_list(art.records, unmarked))
    opened = " open" if whole or art.text is None else ""  # a missing text: say so in the open
    return (f'<section class="article" id="{art.anchor}" data-doc="{escape(art.doc_id)}" data-lang="{lang}">'
            f'<details{opened}>{head}{"".join(body)}</details></section>')


def render_articles(articles: list[Article], unmarked: dict[str, str], limits: Limits,
                    budget: int) -> tuple[str, int, int]:
    """All articles' HTML in about `budget` bytes; how many were shown whole, and how many show
    their amounts only.  Room for every record still to come is kept (TIGHT_BYTES each), so
    the articles shown first never crowd out the marks of the last ones."""
    out, whole_count, tight_count, used = [], 0, 0, 0
    whole_budget = budget * 2 // 5
    to_come = sum(len(a.records) for a in articles)
    for art in articles:
        to_come -= len(art.records)
        room = budget - used - to_come * TIGHT_BYTES
        html = None
        if (art.text is not None and whole_count < limits.max_articles
                and len(art.text) <= limits.max_article_chars):
            html = render_article(art, unmarked, whole=True)
            size = len(html.encode("utf-8"))
            if used + size <= whole_budget and size <= room:
                whole_count += 1
            else:
                html = None
        if html is None:
            html = render_article(art, unmarked, whole=False)
            size = len(html.encode("utf-8"))
            if size > room and art.text is not None:
                tight_count += 1
                html = render_article(art, unmarked, whole=False, tight=True)
                size = len(html.encode("utf-8"))
        used += size
        out.append(html)
    return "".join(out), whole_count, tight_count


LEGEND = ('<div class="legend" aria-label="Legend">'
          '<span class="chip"><mark class="amt" data-lbl="USD 5 million">$5 million</mark> amount</span>'
          '<span class="chip"><span class="don" data-lbl="DONOR">Acme Corp</span> giver</span>'
          '<span class="chip"><span class="rcp" data-lbl="RECIPIENT">Red Cross</span> recipient</span>'
          '<span class="chip"><span class="pur" data-lbl="PURPOSE">flood relief</span> purpose</span>'
          '<span class="chip"><span class="ev">the sentence that states the pledge</span> evidence</span>'
          '</div>')
