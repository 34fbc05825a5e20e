"""Character normalisation with an offset map back to the original text.

The finder matches on a normalised copy of the input:

* Arabic diacritics and tatweel are removed (camel-tools ``dediac_ar``), as are
  zero-width and bidi control characters;
* alef variants, alef maksura and teh marbuta are unified (camel-tools
  ``normalize_alef_ar`` / ``normalize_alef_maksura_ar`` / ``normalize_teh_marbuta_ar``);
* Arabic-Indic (٠-٩) and Extended Arabic-Indic (۰-۹) digits become ASCII digits,
  ٫ becomes "." and ٬ becomes ",";
* every other space character becomes " ".

Every mapping is one character to one character or to nothing, so the copy is
what ``str.translate`` gives (built by substituting the mapped characters only)
and the offset map only has to record the deleted positions.
``Normalized.span(s, e)`` gives the original offsets of the normalised span
``[s, e)``.
"""
from __future__ import annotations

import re
import unicodedata

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (normalize_alef_ar, normalize_alef_maksura_ar,
                                         normalize_teh_marbuta_ar)

_ARABIC_BLOCKS = ((0x0600, 0x0700), (0x0750, 0x0780), (0x08A0, 0x0900))
# Zero-width and bidi controls: invisible, so deleting them never changes a match.
_INVISIBLE = [0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C,
              0x202D, 0x202E, 0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF, 0x00AD]
# Hand-written on purpose: camel-tools normalisers leave Persian yeh/keheh alone,
# and these two are common in Arabic web text.
_EXTRA = {0x06CC: "ي", 0x06A9: "ك", 0x066B: ".", 0x066C: ",", 0x2019: "'", 0x2018: "'"}


def _build_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for lo, hi in _ARABIC_BLOCKS:
        for cp in range(lo, hi):
            ch = chr(cp)
            if dediac_ar(ch) == "":
                table[cp] = None
                continue
            n = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(ch)))
            if n != ch and len(n) == 1:
                table[cp] = n
    for cp in range(0x0660, 0x066A):
        table[cp] = str(cp - 0x0660)
    for cp in range(0x06F0, 0x06FA):
        table[cp] = str(cp - 0x06F0)
    table[0x0640] = None  # tatweel ("بـ300")
    for cp in _INVISIBLE:
        table[cp] = None
    table.update(_EXTRA)
    for cp in (0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B)):
        if unicodedata.category(chr(cp)) == "Zs":
            table[cp] = " "
    return table


TABLE = _build_table()
_DELETED = [cp for cp, v in TABLE.items() if v is None]
_MARKS = frozenset(chr(cp) for cp in _DELETED if unicodedata.category(chr(cp)) == "Mn")
DELETED_RE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_DELETED)) + "]")


# The characters TABLE maps, as one class: a text holds few of them (an English
# article: curly quotes, no-break spaces), and substituting those alone gives what
# text.translate(TABLE) gives, without a table look-up for every character.
_MAPPED_RE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(TABLE)) + "]")


def _mapped(m: re.Match) -> str:
    return TABLE[ord(m.group())] or ""


def translate(text: str) -> str:
    """text.translate(TABLE)."""
    return _MAPPED_RE.sub(_mapped, text)


def normalize_text(text: str) -> str:
    """The normalised copy only (for look-ups, tables and country guessing)."""
    return translate(text)


class Normalized:
    """A normalised copy of `orig` plus the map back to it."""

    __slots__ = ("orig", "text", "_idx")

    def __init__(self, orig: str):
        self.orig = orig
        self.text = translate(orig)
        if len(self.text) == len(orig):
            self._idx = None  # identity map: nothing was deleted
        else:
            idx: list[int] = []
            prev = 0
            for m in DELETED_RE.finditer(orig):
                idx.extend(range(prev, m.start()))
                prev = m.end()
            idx.extend(range(prev, len(orig)))
            self._idx = idx

    def pos(self, i: int) -> int:
        """Original offset of normalised position `i` (a start)."""
        if self._idx is None:
            return i
        return self._idx[i] if i < len(self._idx) else len(self.orig)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalised span [start, end)."""
        if self._idx is None:
            return start, end
        if end <= start:
            p = self.pos(start)
            return p, p
        e = self._idx[end - 1] + 1
        while e < len(self.orig) and self.orig[e] in _MARKS:  # keep a word's last diacritics
            e += 1
        return self._idx[start], e
