"""One donor name across scripts, and cross-document pledge groups.

`Canonicaliser.canonical(name)` looks the name up in the alias table
(resources/relation/aliases.tsv, after the scorer-style normalisation: case,
punctuation, guillemets, diacritics, Arabic article and proclitics), then tries
a consonant skeleton of a transliteration (camel-tools CharMapper with the
project's Arabic->Latin map) against the table's Latin names, so "غوغل" finds
"Google" even when only "Google" is listed.  Unknown names stay as written.

`pledge_group(canonical, kind, currency, value)` is a hash of the pledge's
identity, so the same pledge reported by several articles gets the same id with
no second pass over the output (streaming stays streaming).
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib import resources

from camel_tools.utils.charmap import CharMapper

from ..eval import name_words

# Arabic letters -> Latin consonants (vowel letters and hamza seats dropped):
# enough to compare the skeleton of a transliterated brand or person name with
# its Latin spelling, not a full romanisation.
_AR2LAT = CharMapper({
    "ب": "b", "ت": "t", "ث": "th", "ج": "g", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z",
    "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "g", "ف": "f", "ق": "k",
    "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "", "و": "", "ي": "", "ى": "", "ا": "", "أ": "",
    "إ": "", "آ": "", "ء": "", "ئ": "", "ؤ": "", "پ": "p", "ڤ": "v", "گ": "g",
})
# Generic heads that may stand before a listed name ("منصة «تيك توك»"), after name_words() folding.
_GENERIC_HEADS = frozenset(name_words("منصة شركة مجموعة تطبيق موقع company platform app firm group giant"))
_LATIN_VOWELS = re.compile(r"[aeiouwy]")
_LATIN_FOLD = str.maketrans({"c": "k", "q": "k", "j": "g", "x": "ks", "v": "f", "p": "b"})


def skeleton(name: str) -> str:
    words = name_words(name)
    if not words:
        return ""
    text = "".join(words)
    if re.search(r"[\u0600-\u06ff]", text):
        text = _AR2LAT(text)
    text = _LATIN_VOWELS.sub("", text.lower()).translate(_LATIN_FOLD)
    text = text.replace("kh", "k").replace("sh", "s").replace("th", "t").replace("dh", "d").replace("gh", "g")
    text = re.sub(r"[^a-z]", "", text)
    return re.sub(r"(.)\1+", r"\1", text)  # doubled letters once


class Canonicaliser:
    def __init__(self, table_text: str | None = None):
        if table_text is None:
            table_text = resources.files("pipeline.resources.relation").joinpath("aliases.tsv").read_text("utf-8")
        self.by_words: dict[tuple[str, ...], str] = {}
        self.by_skeleton: dict[str, str] = {}
        for line in table_text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            canonical, alias = line.split("\t")
            for name in (canonical, alias):
                self.by_words.setdefault(tuple(name_words(name)), canonical)
            sk = skeleton(canonical)
            if len(sk) >= 3:
                self.by_skeleton.setdefault(sk, canonical)

    def canonical(self, name: str | None) -> str | None:
        if not name:
            return None
        words = tuple(name_words(name))
        while len(words) > 1 and words[0] in _GENERIC_HEADS:  # "منصة «تيك توك»", "platform TikTok"
            if words in self.by_words:
                break
            words = words[1:]
        if words in self.by_words:
            return self.by_words[words]
        sk = skeleton(name)
        if len(sk) >= 3 and sk in self.by_skeleton:
            return self.by_skeleton[sk]
        return name


@lru_cache(maxsize=1)
def default() -> Canonicaliser:
    return Canonicaliser()


def pledge_group(canonical: str | None, kind: str, currency: str | None, value: float | None) -> str:
    key = f"{(canonical or '').lower()}\x1f{kind}\x1f{currency or ''}\x1f{round(value or 0.0, 2)}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
