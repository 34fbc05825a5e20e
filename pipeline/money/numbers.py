"""Number phrases: digits, scale words and number words, in English and Arabic.

`scan_number(lex, text, first)` reads the longest well-formed number phrase
that starts with the token matched by `first` (a match of `lex.anchor_re` or
`lex.cont_re`), following further tokens with `lex.cont_re`:

    4,100,000 | 12.6 | ٦٢ مليون -> "62 مليون" | £1.25bn -> "1.25bn" | (274) مليون
    two million | twenty-five thousand | half a million | a million
    ثلاثة ملايين | مائتان وخمسون مليون | خمسة ملايين وخمسمائة ألف | مليون ومائة ألف
    نصف مليون | مليون ونصف | مليار و600 مليون | مليوني (dual = 2,000,000) | ألفي

Values accumulate the usual way: small numbers add up in `cur`, a scale word
flushes `cur * scale` into `total`.  A token that does not fit the grammar ends
the phrase (it may start the next one): a digit only starts a phrase or follows
a scale word joined by "و" ("مليار و600 مليون"; in English only when a smaller scale
follows: not "$5 million and 20 firms"), so "2020 و300 مليون" is two
phrases and "2-3 million" is two phrases that the finder joins as a range.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .lexicon import Lexicon, key

_AR = re.compile(r"[\u0600-\u06FF]")
_DOT_THOUSANDS = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{3}){2,}$")
MAX_VALUE = 1e15


@dataclass
class NumberPhrase:
    start: int
    end: int
    value: float
    has_scale: bool  # a scale word or abbreviation was read ("3 million", "5m")
    last_scale: float  # multiplier of the last scale read (1.0 when none)
    plain_digits: bool  # a single digit token and nothing else ("2020", "19")


_DECIMAL_COMMA = re.compile(r"^[0-9]{1,3},[0-9]{1,2}$")
# "91.400 ريال": one dot and three digits, 10 to 999 before it (see `dot_thousands`)
_ONE_DOT_THOUSANDS = re.compile(r"^[1-9][0-9]{1,2}\.[0-9]{3}$")


def dot_thousands(s: str) -> bool:
    """Is the digit token `s` a dot-grouped thousand ("91.400", "973.092")?  Arabic
    press writes thousands so before a currency noun; the finder reads it so only
    there, with no scale word, and not for a currency with three decimals (a Kuwaiti
    "10.500 دينار" may be 10.5).  A single digit before the dot ("2.420 درهم", a share
    price) stays a decimal."""
    return bool(_ONE_DOT_THOUSANDS.match(s.strip()))


def digit_value(s: str) -> float:
    s = s.strip("() \t")
    if _DOT_THOUSANDS.match(s):
        return float(s.replace(".", ""))
    if _DECIMAL_COMMA.match(s):  # "1,5 million" (the lexicon only lets it through before a scale)
        return float(s.replace(",", "."))
    return float(re.sub(r"[,\s\u00a0\u202f\u2009]", "", s))


def _lowest_place(n: float) -> float:
    if n <= 0 or n != int(n):
        return 0.0
    n, place = int(n), 1
    while n % 10 == 0:
        n //= 10
        place *= 10
    return float(place)


class _State:
    __slots__ = ("total", "cur", "last_scale", "prev", "has_scale", "pending", "frac_used",
                 "seg_conj", "and_a")

    def __init__(self) -> None:
        self.total = 0.0
        self.cur: float | None = None
        self.last_scale = math.inf
        self.prev = ""  # kind of the previous token
        self.has_scale = False
        self.pending = False  # an article/fraction waiting for its scale word
        self.frac_used = False
        self.and_a = False  # "two and a half million"
        self.seg_conj = False  # the part after the last scale word began with و / and

    def complete(self) -> bool:
        """Can the phrase end here?  Not inside "half a ..", and after a scale word only
        when the next part is joined by a conjunction or reaches a scale / "hundred"
        ("two million five hundred thousand", "ألف وخمسمائة", not "$5 million one")."""
        if self.pending:
            return False
        return (not self.has_scale or self.prev in ("scale", "hundred") or self.seg_conj)

    def value(self) -> float:
        return self.total + (self.cur or 0.0)


def _accept(st: _State, kind: str, val: float, conj: bool, hyphen: bool, arabic: bool) -> bool:
    """Apply one token to the state; False when the token does not continue the phrase."""
    first = st.prev == ""
    if kind == "dig":
        if not first and not (st.prev == "scale" and conj):
            return False
        st.cur = val
        # English digits after "<scale> and" need a smaller scale of their own ("$5 million
        # and 20 firms" ends at "million"); Arabic ones after "و" need not ("3 آلاف و500")
        st.pending = st.pending or (not first and not arabic)
    elif kind in ("unit", "ten", "teen", "hunds"):
        if hyphen and (arabic or st.prev in ("dig", "scale")):
            return False
        if not first:
            if st.prev in ("dig", "frac", "article"):
                return False
            if st.prev == "scale" and arabic and not conj:
                return False
        cur = st.cur or 0.0
        if cur:
            if kind == "hunds":
                return False
            slot_free = {"unit": cur % 10 == 0, "ten": (cur // 10) % 10 == 0,
                         "teen": cur % 100 == 0}[kind]
            ordered = val < _lowest_place(cur) or (arabic and (conj or val == 10))
            if not (slot_free and ordered):
                return False
        st.cur = cur + val
    elif kind == "hundred":
        if st.prev in ("dig", "frac"):
            return False
        if st.prev == "scale" and arabic and not conj:
            return False
        cur = st.cur or 0.0
        if cur >= 10:
            return False
        st.cur = cur * 100 if cur else 100.0
        st.pending = False
    elif kind.startswith("scale"):
        form = kind[6:]
        if st.cur is None or st.prev == "scale":
            if form == "pl":
                return False
            if st.prev == "scale" and not conj:
                # "ألف مليون" (a thousand million): multiply what we have
                if val <= st.last_scale or st.total == 0:
                    return False
                st.total *= val
                st.last_scale = val
                return True
            st.cur = 2.0 if form in ("dual", "acc") else 1.0
        elif form == "dual":
            return False
        if val >= st.last_scale:
            return False
        st.total += st.cur * val
        st.cur = None
        st.last_scale = val
        st.has_scale = True
        st.pending = False
    elif kind == "frac":
        if st.prev == "article" and st.and_a:
            st.cur = (st.cur or 0.0) + val
            st.and_a = st.pending = False
        elif first:
            st.cur, st.pending = val, True
        elif st.prev == "scale" and conj and not st.frac_used:
            st.total += val * st.last_scale  # "مليون ونصف" = 1.5 million
            st.frac_used = True
        else:
            return False
    elif kind == "article":
        if conj and st.prev in ("dig", "unit", "ten", "teen") and not st.has_scale:
            st.and_a = st.pending = True  # "two and a half ...", needs "half" next
        elif not (first or st.prev == "frac"):
            return False
        if first:
            st.cur = 1.0
        st.pending = True
    else:
        return False
    if st.prev == "scale" and not kind.startswith("scale"):
        st.seg_conj = conj
    st.prev = "scale" if kind.startswith("scale") else kind
    return True


def _token(lex: Lexicon, m: re.Match) -> tuple[str, float]:
    if m.group("dig") is not None:
        return "dig", digit_value(m.group("dig"))
    val, kind = lex.numbers[key(m.group("w"))]
    return kind, val


def scan_number(lex: Lexicon, text: str, first: re.Match) -> NumberPhrase | None:
    """The number phrase starting with the token matched by `first`, or None."""
    st = _State()
    start = first.start("dig") if first.group("dig") is not None else first.start("w")
    kind, val = _token(lex, first)
    if not _accept(st, kind, val, False, False, bool(_AR.match(text, start))):
        return None
    pos = first.end()
    if kind == "dig":
        pos = _attached(lex, st, text, pos)
    good = (pos, st.value(), st.has_scale, st.last_scale) if st.complete() else None
    n_tokens = 1
    while True:
        m = lex.cont_re.match(text, pos)
        if not m:
            break
        kind, val = _token(lex, m)
        tstart = m.start("dig") if m.group("dig") is not None else m.start("w")
        conj = m.group("wa") is not None or m.group("and") is not None
        arabic = bool(_AR.match(text, tstart)) or m.group("wa") is not None
        if not _accept(st, kind, val, conj, m.group("hy") is not None, arabic):
            break
        pos = m.end()
        n_tokens += 1
        if kind == "dig":
            pos = _attached(lex, st, text, pos)
            if pos < 0:
                break
        elif kind == "frac" and st.frac_used:
            d = lex.frac_def_re.match(text, pos)
            if d and (d.group("al") or lex.numbers[key(d.group("s"))][0] == st.last_scale):
                pos = d.end()
        if st.complete():
            good = (pos, st.value(), st.has_scale, st.last_scale)
    if good is None:
        return None
    end, value, has_scale, last_scale = good
    if not (0 < value < MAX_VALUE):
        return None
    value = float(f"{value:.12g}")  # 2.05 * 1e6 -> 2050000.0, not 2049999.9999999998
    plain = first.group("dig") is not None and end == first.end() and not has_scale
    return NumberPhrase(start, end, value, has_scale, last_scale if has_scale else 1.0, plain)


def _attached(lex: Lexicon, st: _State, text: str, pos: int) -> int:
    """Read an abbreviated scale glued to the digits ("1.25bn", "717m"); -1 if it
    does not fit the phrase."""
    att = lex.att_re.match(text, pos)
    if not att:
        return pos
    if not _accept(st, "scale_sg", lex.att_scales[key(att.group("att"))], False, False, False):
        return -1
    return att.end()
