"""Pass 2 of the finder: join ranges ("$2m-$3m", "between 10 and 20 dollars"),
attach stated equivalents ("200 million yuan (US $ 28.4 million)"), and give a
scale-only number the currency of the money amount before it ("120 مليون دولار
مقابل 75 مليونا من ...", "$50 million and the fund 20 million for ...").

A number inherits a currency (`_inherit`) only when it has a scale word and a count
before it (not "ألف" alone, "a thousand"), is no quantity, quoted name or range of
its own, is followed by the end of a clause or a word of connectors.tsv "inherit"
(a preposition: "for", "من", "للـ"; not a noun it counts: "20 million people"),
and the money amount before it (not one in parentheses, a stated equivalent) stands
in the same sentence or the one before; the amount's `currency_basis` is then
"inherited"."""
from __future__ import annotations

from .candidate import Cand
from .lexicon import Lexicon
from .resolve import Context


def merge(lex: Lexicon, ctx: Context, cands: list[Cand]) -> list[Cand]:
    out: list[Cand] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        if i + 1 < len(cands):
            b = cands[i + 1]
            r = _range(lex, ctx, a, b)
            if r is not None:
                cands[i + 1] = r
                i += 1
                continue
            n = _equivalent(lex, ctx, a, b, cands[i + 2] if i + 2 < len(cands) else None)
            if n:
                del cands[i + 1:i + 1 + n]
                continue
        out.append(a)
        i += 1
    _inherit(lex, ctx, out)
    return out


def _inherit(lex: Lexicon, ctx: Context, cands: list[Cand]) -> None:
    t = ctx.t
    last: Cand | None = None
    for c in cands:
        if c.kind == "money":
            if t.rfind("(", 0, c.cstart) <= t.rfind(")", 0, c.cstart):
                last = c  # not a stated equivalent: "77m euros (£53m; $100m), up from 38m"
            continue
        if (c.kind is not None or last is None or not c.ph.has_scale or c.factor != 1.0
                or c.value == c.ph.last_scale  # a scale word alone: "ألف من رجاله"
                or c.end != c.ph.end  # a quoted name: "حملة "10 ملايين وجبة""
                or lex.inherit_next_re.match(t, c.end) is None
                or len(lex.sentence_end_re.findall(t, last.end, c.cstart)) > 1):
            continue
        c.kind, c.currency, c.basis = "money", last.currency, "inherited"
        last = c


def _range(lex: Lexicon, ctx: Context, a: Cand, b: Cand) -> Cand | None:
    t = ctx.t
    if a.range_high is not None or (a.kind is None and b.kind is None):
        return None
    if a.kind and b.kind and (a.kind != b.kind or a.currency != b.currency or a.factor != b.factor):
        return None  # not "fell 15 cents to $95.56"
    m = lex.range_re.match(t, a.end, b.cstart)
    if m is None or m.end() != b.cstart:
        return None
    if m.group("and") is not None and not lex.between_re.search(t, max(0, a.cstart - 12), a.cstart):
        return None
    low = a.value * (b.factor if a.kind is None else 1.0)  # "15 to 20 cents"
    if not a.ph.has_scale and b.ph.has_scale:
        low *= b.ph.last_scale
    if not low < b.value:
        return None
    kind = a.kind or b.kind
    return Cand(a.cstart, b.end, a.ph, low, kind, a.currency or b.currency,
                b.unit_span, range_high=b.value, basis=a.basis or b.basis)


def _equivalent(lex: Lexicon, ctx: Context, a: Cand, b: Cand, c: Cand | None = None) -> int:
    """How many of the candidates after `a` are its stated equivalents: `b` (1), `b` and `c` in one
    bracket, split by a semicolon, comma or slash ("5bn rupees ($50m; £27m)": 2), or none (0)."""
    t = ctx.t
    if a.kind != "money" or b.kind != "money":
        return 0
    m = lex.equiv_re.match(t, a.end, b.cstart)
    if m is None:
        return 0
    gap = t[m.end():b.cstart]
    if gap.strip():  # only a qualifier may stand between: "(حوالي 95 مليون دولار)"
        q = lex.qual_before_re.search(gap)
        if q is None or q.start() != len(gap) - len(gap.lstrip()):
            return 0
    after, found = b.end, [b]
    if m.group("par") is not None:
        close = lex.close_re.match(t, b.end)
        sep = lex.equiv_sep_re.match(t, b.end, c.cstart) if close is None and c is not None else None
        if sep is not None and sep.end() == c.cstart and c.kind == "money":
            close, found = lex.close_re.match(t, c.end), [b, c]
        if close is None:
            return 0
        after = close.end()
    elif a.currency == b.currency:
        return 0
    for x in found:
        start, end = ctx.norm.span(x.cstart, x.end)
        a.equivalents.append({"value": x.value, "currency": x.currency, "text": ctx.norm.orig[start:end],
                              "start": start, "end": end})
    a.after = after
    return len(found)
