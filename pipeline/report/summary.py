"""Who gave how much: the records summed by `donor_canonical`, and a bar chart.

Money is summed per currency (never converted); the USD column adds the USD
amounts and, for other currencies, the USD equivalent the article states, and
counts the amounts that have none.  In-kind gifts are summed per unit, apart
from money.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape
from typing import Any

NO_DONOR = "(no donor named)"
LABEL_CHARS = 24  # a longer giver name is cut in the chart (the table and the tooltip show it whole)
IN_KIND = "in kind"


@dataclass
class Giver:
    name: str
    records: int = 0
    totals: dict[str, float] = field(default_factory=dict)  # currency -> sum of amount.value
    usd: float = 0.0  # USD amounts + stated USD equivalents
    usd_missing: int = 0  # money amounts with no USD figure
    in_kind: dict[str, float] = field(default_factory=dict)  # unit -> sum of quantities


def donor_of(rec: dict[str, Any]) -> str:
    return rec.get("donor_canonical") or rec.get("donor") or NO_DONOR


def currency_of(rec: dict[str, Any]) -> str:
    amount = rec.get("amount")
    return amount["currency"] if amount else IN_KIND


def usd_of(rec: dict[str, Any]) -> float | None:
    """The record's amount in USD as the article states it, or None."""
    amount = rec.get("amount")
    if not amount:
        return None
    if amount["currency"] == "USD":
        return float(amount["value"])
    usd = rec.get("usd_equivalent")
    return float(usd["value"]) if usd and usd.get("value") is not None else None


def summarize(records: list[dict[str, Any]]) -> list[Giver]:
    """One Giver per donor, largest stated USD total first (then most records)."""
    parts: dict[str, dict[str, list[float]]] = {}
    givers: dict[str, Giver] = {}
    for rec in records:
        name = donor_of(rec)
        g = givers.setdefault(name, Giver(name))
        p = parts.setdefault(name, {})
        g.records += 1
        amount, kind = rec.get("amount"), rec.get("in_kind")
        if amount:
            p.setdefault(amount["currency"], []).append(float(amount["value"]))
            usd = usd_of(rec)
            if usd is None:
                g.usd_missing += 1
            else:
                p.setdefault("\x00usd", []).append(usd)
        elif kind:
            p.setdefault("\x01" + kind["unit"], []).append(float(kind["quantity"]))
    for name, g in givers.items():
        for key, values in sorted(parts[name].items()):
            total = math.fsum(values)
            if key == "\x00usd":
                g.usd = total
            elif key.startswith("\x01"):
                g.in_kind[key[1:]] = total
            else:
                g.totals[key] = total
    return sorted(givers.values(), key=lambda g: (-g.usd, -g.records, g.name))


def fmt_exact(v: float) -> str:
    """375000000 -> '375,000,000'; 1.5 -> '1.5'."""
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def fmt_short(v: float) -> str:
    """375000000 -> '375 million'; 28400000 -> '28.4 million'; 300000 -> '300,000'."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= size:
            n = v / size
            digits = 2 if n < 10 else 1 if n < 100 else 0  # three significant figures
            text = f"{n:,.{digits}f}"
            text = text.rstrip("0").rstrip(".") if "." in text else text
            return f"{text} {word}"
    return fmt_exact(round(v, 2))


def money(v: float, currency: str) -> str:
    return f"{currency} {fmt_short(v)}"


def bar_chart(givers: list[Giver], top: int = 10) -> str:
    """Inline SVG: the `top` givers by stated USD total (horizontal bars)."""
    rows = [g for g in givers if g.usd > 0][:top]
    if not rows:
        return '<p class="muted">No amount in USD or with a stated USD equivalent: nothing to chart.</p>'
    label_w, value_w, bar_w, bar_h, gap = 210, 150, 460, 26, 10
    width, height = label_w + bar_w + value_w, len(rows) * (bar_h + gap) + 4
    biggest = rows[0].usd
    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Largest givers by USD stated in the articles">']
    for i, g in enumerate(rows):
        y = 2 + i * (bar_h + gap)
        w = max(2.0, bar_w * g.usd / biggest)
        name = g.name if len(g.name) <= LABEL_CHARS else g.name[:LABEL_CHARS - 1] + "…"
        mid = y + bar_h / 2
        parts.append(
            f'<g class="bar-row"><title>{escape(g.name)}: USD {fmt_exact(g.usd)}</title>'
            f'<text class="bar-label" x="{label_w - 10}" y="{mid:.1f}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(name)}</text>'
            f'<rect class="bar" x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="3"></rect>'
            f'<text class="bar-value" x="{label_w + w + 8:.1f}" y="{mid:.1f}" '
            f'dominant-baseline="middle">{escape(money(g.usd, "USD"))}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _totals_cell(g: Giver) -> str:
    items = [f'<span class="tot" data-cur="{escape(c)}" data-value="{v!r}" title="{escape(c)} {fmt_exact(v)}">'
             f'{escape(money(v, c))}</span>' for c, v in g.totals.items()]
    return "<br>".join(items) or '<span class="muted">—</span>'


def _usd_cell(g: Giver) -> str:
    text = (f'<span class="usd" data-value="{g.usd!r}" title="USD {fmt_exact(g.usd)}">{escape(money(g.usd, "USD"))}'
            f'</span>' if g.usd else '<span class="muted">—</span>')
    if g.usd_missing:
        text += f'<div class="sub">+ {g.usd_missing} amount{"s" * (g.usd_missing > 1)} with no USD figure</div>'
    return text


def _kind_cell(g: Giver) -> str:
    items = [f'<span class="kind" data-unit="{escape(u)}" data-value="{v!r}">{escape(fmt_exact(v))} '
             f'{escape(u)}</span>' for u, v in g.in_kind.items()]
    return "<br>".join(items) or '<span class="muted">—</span>'


def merge(name: str, givers: list[Giver]) -> Giver:
    """One row for many givers (the tail of a long summary)."""
    out = Giver(name)
    for g in givers:
        out.records += g.records
        out.usd += g.usd
        out.usd_missing += g.usd_missing
        for c, v in g.totals.items():
            out.totals[c] = out.totals.get(c, 0.0) + v
        for u, v in g.in_kind.items():
            out.in_kind[u] = out.in_kind.get(u, 0.0) + v
    out.totals = dict(sorted(out.totals.items()))
    out.in_kind = dict(sorted(out.in_kind.items()))
    return out


def _row(g: Giver, cls: str) -> str:
    return (f'<tr class="{cls}" data-donor="{escape(g.name)}"><td class="giver-name">'
            f'{escape(g.name)}</td><td class="num" data-value="{g.records}">{g.records}</td>'
            f'<td class="num">{_totals_cell(g)}</td><td class="num">{_usd_cell(g)}</td>'
            f'<td>{_kind_cell(g)}</td></tr>')


def summary_table(givers: list[Giver], top: int = 200) -> str:
    """The `top` givers one per row; the others summed in a last row."""
    rows = [_row(g, "giver") for g in givers[:top]]
    rest = givers[top:]
    if rest:
        rows.append(_row(merge(f"… {len(rest)} other givers", rest), "others"))
    return ('<table class="summary"><thead><tr><th>Giver</th><th class="num">Pledges</th>'
            '<th class="num">Total per currency</th><th class="num">USD, as stated</th><th>In kind</th>'
            '</tr></thead><tbody>' + "".join(rows) + "</tbody></table>")
