"""The report page: one self-contained HTML file (inline CSS and JS, no network).

A Content-Security-Policy allows only the page's own style sheet and script
(by hash) and no network at all, so even text that escaped escaping could not
run; every piece of text from the records or the articles is escaped anyway.
"""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from html import escape
from importlib import resources
from typing import Any

from .articles import LEGEND, Limits, normalised, render_articles
from .data import Report
from .summary import bar_chart, currency_of, donor_of, fmt_exact, money, summarize, summary_table

MANY = 30  # more articles than this: the browser renders only those near the screen
PAGE = 200  # rows of the records table per page


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    return resources.files("pipeline.report").joinpath(name).read_text("utf-8")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def csp(css: str, js: str) -> str:
    return (f"default-src 'none'; style-src '{_sha256(css)}'; script-src '{_sha256(js)}'; "
            "img-src data:; base-uri 'none'; form-action 'none'")


CELL_CHARS = 100  # longer names are cut in the table (the article shows them whole)


def _cut(text: str) -> str:
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS - 1] + "…"


def _cell(text: Any, cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    if text in (None, ""):
        return f'<td{klass}><span class="muted">—</span></td>'
    return f'<td{klass}>{escape(_cut(str(text)))}</td>'


def record_row(rec: dict[str, Any], doc_anchor: str, unmarked: dict[str, str], hidden: bool = False) -> str:
    amount, kind = rec.get("amount"), rec.get("in_kind")
    value = (amount or {}).get("value", (kind or {}).get("quantity", 0))
    donor, canonical = rec.get("donor"), donor_of(rec)
    written = (f'<div class="sub">as written: <bdi>{escape(_cut(donor))}</bdi></div>'
               if donor and donor != canonical else "")
    usd = rec.get("usd_equivalent")
    usd_note = (f'<div class="sub">≈ {escape(money(float(usd["value"]), "USD"))} stated</div>'
                if usd and usd.get("value") is not None else "")
    flag = (f' <span class="flag" title="{escape(unmarked[rec["_anchor"]])}">not highlighted</span>'
            if rec["_anchor"] in unmarked else "")
    text = (amount or kind or {}).get("text", "")
    conf = float(rec.get("confidence") or 0)
    return (f'<tr data-lang="{escape(rec.get("lang") or "")}" data-donor="{escape(canonical)}" '
            f'data-cur="{escape(currency_of(rec))}"{" hidden" if hidden else ""}>'
            f'<td><a href="#{doc_anchor}">{escape(rec["doc_id"])}</a></td>'
            f'<td>{escape(rec.get("lang") or "")}</td>'
            f'<td>{escape(_cut(canonical))}{written}</td>'
            f'<td><a class="rec-link" href="#{escape(rec["_anchor"])}">{escape(_cut(text))}</a>{flag}</td>'
            f'<td class="num" data-v="{value!r}">{escape(normalised(rec))}{usd_note}</td>'
            f'{_cell(rec.get("recipient"))}{_cell(rec.get("purpose"))}'
            f'<td class="num" data-v="{conf!r}">{conf:.2f}</td></tr>')


def _options(values: list[str]) -> str:
    return "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)


def records_table(report: Report) -> str:
    doc_anchor = {(a.doc_id, a.source): a.anchor for a in report.articles}
    rows = "".join(record_row(rec, doc_anchor[(rec["doc_id"], rec.get("source") or "")], report.unmarked,
                              hidden=i >= PAGE) for i, rec in enumerate(report.records))
    recs = report.records
    langs = sorted({rec.get("lang") or "" for rec in recs})
    donors = sorted({donor_of(rec) for rec in recs}, key=str.casefold)
    currencies = sorted({currency_of(rec) for rec in recs})
    filters = (
        '<div class="filters">'
        f'<label>Language <select id="f-lang"><option value="">all</option>{_options(langs)}</select></label>'
        f'<label>Giver <select id="f-donor"><option value="">all</option>{_options(donors)}</select></label>'
        f'<label>Currency <select id="f-cur"><option value="">all</option>{_options(currencies)}</select></label>'
        '<label>Text <input id="f-text" type="search" placeholder="any word in the row"></label>'
        f'<span id="f-count" class="muted">{len(recs):,} records</span></div>')
    head = "".join(
        f'<th data-sort="{kind}"{" class=num" if kind == "num" else ""}>{label}</th>' for label, kind in (
            ("Document", "text"), ("Lang", "text"), ("Giver", "text"), ("Amount as written", "text"),
            ("Normalised", "num"), ("Recipient", "text"), ("Purpose", "text"), ("Confidence", "num")))
    pager = (f'<div class="pager"><button type="button" id="p-prev" disabled>‹ Previous</button>'
             f'<span id="p-info" class="muted">rows 1–{min(PAGE, len(recs)):,} of {len(recs):,}</span>'
             f'<button type="button" id="p-next"{" disabled" if len(recs) <= PAGE else ""}>Next ›</button>'
             '<span class="muted small">Click a column to sort it, an amount to see it in its article.</span></div>')
    return (f'{filters}<div class="table-wrap"><table id="records" class="records" data-page="{PAGE}"><thead>'
            f'<tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>{pager}')


def _notices(report: Report, whole: int, tight: int, limits: Limits) -> str:
    notes = []
    gone = [a for a in report.articles if a.text is None]
    if gone:
        n_rec = sum(len(a.records) for a in gone)
        notes.append(f'<p class="notice warn">{n_rec} record{"s" * (n_rec != 1)} from {len(gone)} '
                     f'article{"s" * (len(gone) != 1)} {"are" if n_rec != 1 else "is"} listed without '
                     'highlights: the article text is not available (the source is gone or unreadable; '
                     'see each article below, or give the documents with <code>--docs</code>).</p>')
    shown = [a for a in report.articles if a.text is not None]
    off = sum(1 for a in shown for r in a.records if r["_anchor"] in report.unmarked)
    if off:
        notes.append(f'<p class="notice warn">{off} record{"s" * (off != 1)} could not be placed in '
                     f'{"its" if off == 1 else "their"} article: the offsets do not land on the amount '
                     '(the text changed since the run?); see the list under the article.</p>')
    if whole < len(shown):
        also = (f"; to keep the page small, {tight} of these show only each amount with a few words either side"
                if tight else "")
        notes.append(f'<p class="notice">{len(shown)} articles: the first {whole} are shown whole; the other '
                     f'{len(shown) - whole} are collapsed and show only the passages that hold their records{also} '
                     f'(limits: {limits.max_articles} whole articles, a page of {fmt_exact(limits.max_mb)} MB; '
                     'see <code>pledges report --help</code>).</p>')
    return "".join(notes)


def render_page(report: Report, title: str, limits: Limits | None = None) -> str:
    limits = limits or Limits()
    css, js = asset("report.css"), asset("report.js")
    recs = report.records
    givers = summarize(recs)
    n_usd = sum(g.usd for g in givers)
    stats = (f'{len(recs)} record{"s" * (len(recs) != 1)} · {len(report.articles)} '
             f'article{"s" * (len(report.articles) != 1)} · {len(givers)} giver{"s" * (len(givers) != 1)}'
             + (f' · {escape(money(n_usd, "USD"))} stated in USD' if n_usd else ""))
    charted = sum(1 for g in givers if g.usd > 0)
    uncharted = len(givers) - charted
    caption = ("Largest givers by the USD the articles state (USD amounts plus stated USD equivalents)"
               + (f"; {uncharted} giver{'s' * (uncharted != 1)} with no USD figure "
                  f"{'are' if uncharted != 1 else 'is'} not charted" if uncharted else "") + ".")
    top = f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp(css, js)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{escape(title)}</title>
<style>{css}</style>
</head>
<body>
<header class="top"><h1>{escape(title)}</h1><p class="stats">{stats}</p>
<nav><a href="#summary">Summary</a><a href="#records-section">Records</a><a href="#articles">Articles</a></nav>
</header>
<main>
"""
    summary = f"""<section id="summary"><h2>Who gave how much</h2>
<figure class="chart-box">{bar_chart(givers)}<figcaption>{escape(caption)}</figcaption></figure>
{summary_table(givers)}
<p class="muted small">Totals add the records' normalised amounts per currency (no conversion); in-kind gifts
are added per unit, apart from money. A pledge reported by several articles counts once per article.</p>
</section>
<section id="records-section"><h2>Records</h2>
{records_table(report)}
</section>
<section id="articles"{' class="many"' if len(report.articles) > MANY else ""}><h2>Articles</h2>
{LEGEND}
"""
    bottom = f"""</section>
</main>
<script>{js}</script>
</body>
</html>
"""
    fixed = sum(len(part.encode("utf-8")) for part in (top, summary, bottom)) + 4000  # + the notices
    budget = max(0, int(limits.max_mb * 1_000_000) - fixed)
    articles_html, whole, tight = render_articles(report.articles, report.unmarked, limits, budget)
    return top + _notices(report, whole, tight, limits) + summary + articles_html + bottom
