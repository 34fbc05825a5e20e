"""MoneyFinder: money amounts and in-kind quantities in English and Arabic text.

One pass over a normalised copy of the text (see `normalize.py`) finds number
phrases (`numbers.py`), each optionally led by a currency prefix ("US $", "£",
"AED", "Dh", "c $", "HK$", "RM", "ringgit").  A phrase becomes

* money when it has a prefix or is followed by a currency name / code / symbol
  ("375 million US dollars", "250 مليون دولار", "70p", "5m USD", "15RM", "500 le"),
  or joined to a currency noun by a hyphen ("a one-euro fee", "a 12-cent dividend");
  a sub-unit right after it joins it ("$7 and 15c", "8 ringgit 60 sen", "15 دولار و25
  سنت" -> one amount, 7.15 USD; subunits.tsv);
* a quantity when followed by an in-kind unit ("120,000 nutritious meals",
  "10 آلاف وجبة غذائية"), unless it is a proper name: an English unit in Title Case
  ("One Billion Meals") or an expression quoted on both sides ("’10 million meals’
  campaign", "حملة \"10 ملايين وجبة\"");
* otherwise nothing (kept only long enough to join a range: "2-3 million dollars").

An article before a currency noun is an amount of one when it stands as a money
phrase of its own ("a dollar for every download", "a pound and ten pence").

A second pass (`merge.py`) joins ranges ("$2m-$3m") and attaches stated
equivalents ("200 million yuan (US $ 28.4 million)" -> `usd_equivalent`), then
qualifiers ("about", "بنحو", "up to", "no more than", "تحت") and per-unit markers
("a year", "per download") are read.

A bare ambiguous currency ("pounds", "جنيه", "دينار", "ريال", "ليرة", "Dh", "¥") is
resolved by `resolve.Context`: a full name of the same noun earlier in the text, a
cue word ("yuan" for "¥"), the document country, or the default in
`bare_nouns.tsv`; the choice is kept in `Amount.currency_basis`.
"""
from __future__ import annotations

import logging
from pathlib import Path

from ..document import Amount
from .candidate import Cand
from .lexicon import Lexicon, get_lexicon, key, precision
from .merge import merge
from .normalize import Normalized
from .numbers import NumberPhrase, dot_thousands, scan_number
from .resolve import Context

log = logging.getLogger(__name__)
_QUAL_WINDOW = 48
_QUOTES = "\"'“”«»‘’„"


class MoneyFinder:
    def __init__(self, resources_dir: Path | None = None):
        self.lex: Lexicon = get_lexicon(str(resources_dir) if resources_dir else None)

    # -- public --------------------------------------------------------------------
    def find(self, text: str, lang: str, country: str | None = None) -> list[Amount]:
        """Amounts in `text`, sorted by start; never raises.

        `lang` ("en" | "ar") is passed on to `guess_country`; the English and Arabic
        grammars both always apply, since articles mix scripts ("$5 مليون").
        `country` (ISO 3166 alpha-2) resolves bare ambiguous currency nouns; when None
        it is guessed from `text` itself, only if such a noun occurs.  A caller that
        runs find() sentence by sentence should pass the country guessed once on the
        whole document.
        """
        try:
            return self._find(text, lang, country)
        except Exception:  # pragma: no cover - a safety net; the fuzz tests call _find
            log.exception("money finder failed on a %d-character text", len(text or ""))
            return []

    def _find(self, text: str, lang: str, country: str | None = None) -> list[Amount]:
        if not isinstance(text, str) or not text:
            return []
        ctx = Context(self.lex, Normalized(text), lang, country)
        cands = self._candidates(ctx)
        cands = merge(self.lex, ctx, cands)
        out = []
        for c in cands:
            if c.kind is None:
                continue
            self._qualify(ctx, c)
            out.append(self._amount(ctx, c))
        return out

    # -- pass 1: candidates --------------------------------------------------------
    def _candidates(self, ctx: Context) -> list[Cand]:
        lex, t = self.lex, ctx.t
        cands: list[Cand] = []
        pos = 0
        while True:
            m = lex.anchor_re.search(t, pos)
            if m is None:
                break
            prefix = m.group("pre")
            if self._is_year(t, m):
                pos = m.end()
                continue
            first = lex.cont_re.match(t, m.end()) if prefix is not None else m
            ph = scan_number(lex, t, first) if first is not None else None
            if ph is None or (prefix is not None and lex.percent_re.match(t, ph.end)):
                c = self._article(ctx, m) if prefix is None else None
                if c is not None:
                    cands.append(c)
                pos = c.end if c is not None else m.end()
                continue
            if prefix is not None and not self._prefix_ok(ctx, prefix, ph):
                pos = m.end()  # "N95 masks", "R2-D2": the digits after a letter are no number
                continue
            cstart = m.start("pre") if prefix is not None else ph.start
            c = self._classify(ctx, cstart, ph, prefix)
            cands.append(c)
            pos = max(c.end, m.end())
        return cands

    def _prefix_ok(self, ctx: Context, prefix: str, ph: NumberPhrase) -> bool:
        """A glued letter of symbols.tsv ("N21 billion", "R1.5 billion") is a currency only
        with a scale word or a value of at least 1,000, and where local_symbols.tsv reads
        it (a Nigerian / South African article, or a cue word): not "N95", "R2-D2"."""
        target, pos = self.lex.symbol(prefix) or ("USD", "prefix")
        if pos != "glued":
            return True
        return (ph.has_scale or ph.value >= 1000) and ctx.resolve(target)[0] is not None

    def _is_year(self, t: str, m) -> bool:
        """A bare 4-digit 1800-2099 after "عام", "year", "in", "since": a year, not a
        number ("منذ عام 2000 مليار و600 مليون يورو")."""
        d = m.group("dig")
        if d is None or not self.lex.year_num_re.fullmatch(d):
            return False
        s = m.start("dig")
        return self.lex.year_re.search(t, max(0, s - 12), s) is not None

    def _classify(self, ctx: Context, cstart: int, ph: NumberPhrase, prefix: str | None) -> Cand:
        lex, t = self.lex, ctx.t
        c = Cand(cstart, ph.end, ph, ph.value, None)
        pre_code, factor = None, 1.0
        if prefix is not None:
            pre_code, c.basis = ctx.resolve((lex.symbol(prefix) or ("USD",))[0])
            c.kind, c.currency = "money", pre_code
        sm = lex.suffix_re.match(t, ph.end)
        if sm is not None:
            got = self._suffix(ctx, sm)
            if got is not None:
                code, end, f, basis = got
                if pre_code is None:
                    value = ph.value
                    if (sm.group("an") is not None and ph.plain_digits and precision(code) <= 2
                            and dot_thousands(t[ph.start:ph.end])):
                        value = float(t[ph.start:ph.end].replace(".", ""))  # "91.400 ريال"
                    c.kind, c.currency, c.end, c.value, c.basis = "money", code, end, value * f, basis
                    factor = f
                elif code == pre_code and f == 1.0 and not (
                        sm.group("sym") and lex.next_digit_re.match(t, end)):
                    c.end = end  # "US$ 5 million dollars", not "$ 20.00 $ 37.97"
        if c.kind is None and not ph.has_scale:
            self._hyphenated(ctx, c)
        if c.kind is None and ph.plain_digits and ph.value < 100 and lex.pence_re.match(t, ph.end):
            c.kind, c.currency, c.end, c.value = "money", "GBP", ph.end + 1, ph.value / 100
            factor = 0.01
        if c.kind == "money":
            c.factor = factor
            self._subunit(ctx, c)
        if c.kind is None and ph.value >= 1 and ph.value == int(ph.value):
            self._unit(ctx, c)
        return c

    def _suffix(self, ctx: Context, sm) -> tuple[str, int, float, str | None] | None:
        """(code, end, factor, basis) of the currency matched by `lex.suffix_re`."""
        lex, t = self.lex, ctx.t
        if sm.group("en") is not None:
            base, factor = lex.noun_forms[key(sm.group("en"))]
            adj = key(sm.group("ea")) if sm.group("ea") is not None else ""
            if base == "pound" and lex.pound_weight_re.match(t, sm.end()):
                return None  # "500 pounds of rice" is a weight
            code, basis = ctx.noun_code(base, adj)
            return (code, sm.end(), factor, basis) if code else None
        if sm.group("an") is not None:
            base, factor = lex.noun_forms[key(sm.group("an"))]
            adj = key(sm.group("aa")) if sm.group("aa") is not None else ""
            if adj and (base, adj) in lex.full:
                return ctx.noun_code(base, adj)[0], sm.end(), factor, None
            code, basis = ctx.noun_code(base, "")
            return (code, sm.end("an"), factor, basis) if code else None
        target = (lex.symbol(sm.group("sym")) or (None,))[0]
        if target is None:
            return None
        code, basis = ctx.resolve(target)
        return code, sm.end(), 1.0, basis

    # -- one-word forms and sub-units -------------------------------------------------
    def _article(self, ctx: Context, m) -> Cand | None:
        """"a dollar", "a pound and ten pence", "a buck": an article and a currency noun
        make an amount of one only as a money phrase of their own: at the end of a
        clause or before a word of connectors.tsv "article" ("a dollar for every
        download"), not "a dollar figure", "a pound of rice", "a dollar-store"."""
        lex, t = self.lex, ctx.t
        w = m.group("w")
        if w is None or lex.numbers.get(key(w), (0, ""))[1] != "article":
            return None
        sm = lex.suffix_re.match(t, m.end())
        if sm is None or sm.group("en") is None or not lex.article_next_re.match(t, sm.end()):
            return None
        got = self._suffix(ctx, sm)
        if got is None:
            return None
        code, end, factor, basis = got
        ph = NumberPhrase(m.start("w"), m.end("w"), 1.0, False, 1.0, False)
        c = Cand(ph.start, end, ph, factor, "money", code, basis=basis, factor=factor)
        self._subunit(ctx, c)
        return c

    def _hyphenated(self, ctx: Context, c: Cand) -> None:
        """"a one-euro fee", "a 12-cent dividend", "one-yen bid": a number joined to a
        currency noun by a hyphen (not "pound": "a 10-pound turkey" is a weight)."""
        hm = self.lex.hyphen_re.match(ctx.t, c.ph.end)
        if hm is None:
            return
        base, factor = self.lex.noun_forms[key(hm.group("en"))]
        code, basis = ctx.noun_code(base, "") if base != "pound" else (None, None)
        if code:
            c.kind, c.currency, c.end, c.value, c.basis = "money", code, hm.end(), c.value * factor, basis
            c.factor = factor

    def _subunit(self, ctx: Context, c: Cand) -> None:
        """A sub-unit after a whole amount joins it: "$7 and 15c", "12 dollars 5 cents",
        "8 ringgit 60 sen", "15 دولار و25 سنت" (subunits.tsv; the parent's currency).
        Unnamed ("$20 43", "nine pound and 30") only at the end of a clause, in a
        currency with a minor unit, and not after "between" (a range: "between $5 and 10")."""
        lex, t = self.lex, ctx.t
        if c.factor != 1.0 or c.ph.has_scale or c.value != int(c.value) or not c.currency:
            return
        m = lex.cont_re.match(t, c.end)
        if m is None or m.group("hy") is not None:
            return
        ph = scan_number(lex, t, m)
        if ph is None or ph.has_scale or ph.value != int(ph.value):
            return
        s = lex.subunit_re.match(t, ph.end)
        if s is not None:
            f, end = lex.subunit_factor(s.group("s"), c.currency), s.end()
        else:
            if (lex.clause_end_re.match(t, ph.end) is None
                    or lex.between_re.search(t, max(0, c.cstart - 12), c.cstart)):
                return
            p = precision(c.currency)
            f, end = (10.0 ** -p if p else None), ph.end
        if f is None or ph.value * f >= 1:
            return
        c.value = float(f"{c.value + ph.value * f:.12g}")
        c.end = end

    def _unit(self, ctx: Context, c: Cand) -> None:
        lex, t = self.lex, ctx.t
        m = lex.unit_en_re.match(t, c.ph.end)
        if m is not None:
            head = m.start("n") if m.group("n") is not None else m.start("no")
            if (m.group("no") is not None and m.group("of") is None) or t[head].isupper():
                return
            c.kind, c.end, c.unit_span = "quantity", m.end(), (m.start("u"), m.end("u"))
            self._unquote(t, c)
            return
        m = lex.unit_ar_re.match(t, c.ph.end)
        if m is None:
            return
        compl = m.group("c").split()
        while compl and compl[-1] == "من":
            compl.pop()
        if m.group("no") is not None and not compl:
            return
        end = m.end("n") if m.group("n") is not None else m.end("no")
        if compl:
            end = t.rindex(compl[-1], end, m.end("u")) + len(compl[-1])
        c.kind, c.end, c.unit_span = "quantity", end, (m.start("u"), end)
        self._unquote(t, c)

    @staticmethod
    def _unquote(t: str, c: Cand) -> None:
        """A quantity quoted on both sides is a name ("حملة "10 ملايين وجبة"")."""
        if c.cstart > 0 and c.end < len(t) and t[c.cstart - 1] in _QUOTES and t[c.end] in _QUOTES:
            c.kind, c.unit_span = None, None

    # -- qualifiers, per, output -------------------------------------------------------
    def _qualify(self, ctx: Context, c: Cand) -> None:
        lex, t = self.lex, ctx.t
        lo = max(0, c.cstart - _QUAL_WINDOW)
        c.qstart = c.cstart
        for rx in (lex.qual_before_re, lex.qual_gap_re):
            q = rx.search(t, lo, c.cstart)
            if q is not None and rx is lex.qual_before_re:
                no = lex.qual_not_re.search(t, lo, c.cstart)
                if no is not None and no.start() <= q.start("q"):
                    break  # "handed over £5k"
            if q is not None:
                c.qstart = q.start()
                c.qualifier = lex.qualifiers[(key(q.group("q")), "before" if rx is lex.qual_before_re
                                              else "before_gap")]
                break
        if c.after < 0:
            q = lex.qual_after_re.match(t, c.end)
            if q is not None:
                if c.qualifier == "exact":
                    c.qualifier = lex.qualifiers[(key(q.group("q")), "after")]
                c.end = q.end()
        p = lex.per_re.match(t, max(c.end, c.after))
        if p is not None:
            if p.group("f") is not None:
                c.per = lex.periods[key(p.group("f"))]
            else:
                s, e = ctx.norm.span(p.start("w"), p.end("w"))
                c.per = ctx.norm.orig[s:e]

    def _amount(self, ctx: Context, c: Cand) -> Amount:
        start, end = ctx.norm.span(c.qstart, c.end)
        usd, others = None, []
        for eq in c.equivalents:
            if usd is None and eq["currency"] == "USD" and c.currency != "USD":
                usd = eq
            else:
                others.append(eq)
        unit = None
        if c.kind == "quantity" and c.unit_span:
            us, ue = ctx.norm.span(*c.unit_span)
            unit = ctx.norm.orig[us:ue]
        return Amount(start=start, end=end, text=ctx.norm.orig[start:end], value=float(c.value),
                      currency=c.currency if c.kind == "money" else None, kind=c.kind or "money",
                      qualifier=c.qualifier, unit=unit, usd_equivalent=usd, equivalents=others,
                      range_high=c.range_high, per=c.per,
                      currency_basis=c.basis if c.kind == "money" else None)
