"""Cue words for the relation stage, loaded from resources/relation/<lang>.tsv.

One class loads the tables once; `cues()` finds every cue in a token list.
Arabic tokens and terms are compared in a normal form (camel-tools
dediacritisation + alef / alef-maksura / teh-marbuta folding) with the
proclitics و ف ب ل ك (and ال for nouns) allowed in front, and the future
prefix س on an imperfect verb.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (normalize_alef_ar, normalize_alef_maksura_ar,
                                         normalize_teh_marbuta_ar)

from ..document import Token

_AR_PROCLITICS = ("وب", "فب", "ول", "فل", "و", "ف", "ب", "ل", "ك")


def ar_norm(word: str) -> str:
    return normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(word.replace("\u0640", "")))))


def norm(word: str, lang: str) -> str:
    return ar_norm(word) if lang == "ar" else word.lower()


@dataclass(frozen=True)
class Cue:
    start: int  # token index
    end: int  # exclusive
    kind: str  # trigger | support | negative | anaphor
    value: str  # weight (as text) or entity label for anaphors
    term: str

    @property
    def weight(self) -> float:
        try:
            return float(self.value)
        except ValueError:
            return 0.0


class RelationLexicon:
    def __init__(self, lang: str):
        self.lang = lang
        self.exact: dict[tuple[str, ...], list[tuple[str, str, str]]] = {}
        self.prefix: list[tuple[str, str, str, str]] = []  # (prefix, kind, value, term)
        self.pledgers: set[str] = set()
        self.public: list[tuple[str, ...]] = []
        self.not_names: set[str] = set()  # words that never name a giver on their own
        self.speakers: set[str] = set()  # verbs of saying and thanking (a donor-candidate feature)
        self.periods: set[str] = set()  # negative terms that mark a running rate
        self.commitments: set[str] = set()  # trigger terms that commit a giver to a rate
        text = resources.files("pipeline.resources.relation").joinpath(f"{lang}.tsv").read_text("utf-8")
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            kind, term, value = line.split("\t")
            if kind == "pledger":  # a noun whose "raising" gathers pledges, not a cue
                self.pledgers.add(norm(term, lang))
                continue
            if kind in ("period", "commitment"):  # running-rate look-alikes; giving terms that commit
                (self.periods if kind == "period" else self.commitments).add(term)
                continue
            if kind in ("not_name", "speaker"):
                (self.not_names if kind == "not_name" else self.speakers).add(self.name_word(term))
                continue
            if kind == "public":  # the general public as a giver: not a pledge
                self.public.append(tuple(norm(w, lang) for w in term.split()))
                continue
            words = tuple(norm(w, lang) for w in term.split())
            if term.endswith("*") and len(words) == 1:
                self.prefix.append((words[0].rstrip("*"), kind, value, term))
            else:
                self.exact.setdefault(words, []).append((kind, value, term))
        self.max_len = max((len(k) for k in self.exact), default=1)

    def name_word(self, word: str) -> str:
        """A word as `not_name` and `speaker` entries are compared: lower-cased; Arabic normalised, with one
        leading و / ف and the article cut off ("والدفعة" -> "دفعه")."""
        w = norm(word, self.lang)
        if self.lang == "ar":
            if len(w) > 3 and w[0] in "وف":
                w = w[1:]
            if len(w) > 3 and w.startswith("ال"):
                w = w[2:]
        return w

    def names_no_one(self, text: str) -> bool:
        """`text` holds only `not_name` words and figures ("each", "Inc.", "the remainder",
        "الدفعة الأولى", "رعاه الله"): no giver is named."""
        words = re.findall(r"\w+", text)
        return not words or all(w.isdigit() or self.name_word(w) in self.not_names for w in words)

    def is_public(self, text: str) -> bool:
        """The giver named by `text` is the general public ("individual donors",
        "فاعلو الخير"): what it gives is not a pledge (see GUIDELINES)."""
        words = [norm(w.strip(".,،«»\"'"), self.lang) for w in text.split()]
        return any(words[i:i + len(p)] == list(p) for p in self.public for i in range(len(words)))

    def _variants(self, form: str) -> list[str]:
        if self.lang != "ar":
            return [form]
        out = [form]
        for pre in _AR_PROCLITICS:
            if form.startswith(pre) and len(form) - len(pre) >= 2:
                out.append(form[len(pre):])
        for v in list(out):  # the future prefix on an imperfect verb: "سيتبرع", "وستقدم"
            if v.startswith("س") and v[1:2] in ("ي", "ت", "ن", "ا") and len(v) >= 5:
                out.append(v[1:])
        return out

    @cached_property
    def _starts(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """The first words of the terms and the prefixes: a token matching neither begins no cue."""
        return frozenset(k[0] for k in self.exact), tuple(pre for pre, *_ in self.prefix)

    def cues(self, tokens: list[Token]) -> list[Cue]:
        forms = [norm(t.form, self.lang) for t in tokens]
        found: list[Cue] = []
        firsts, prefixes = self._starts
        for i in range(len(forms)):
            variants = self._variants(forms[i])
            lengths = range(min(self.max_len, len(forms) - i), 0, -1) if not firsts.isdisjoint(variants) else ()
            for n in lengths:
                key = tuple(forms[i:i + n])
                # a proclitic may lead the first word ("وتجاوزت التبرعات")
                hits = [h for v in variants for h in self.exact.get((v,) + key[1:], [])]
                for kind, value, term in hits:
                    found.append(Cue(i, i + n, kind, value, term))
                if hits:
                    break
            else:
                for v in variants:
                    if not v.startswith(prefixes):
                        continue
                    for pre, kind, value, term in self.prefix:
                        if v.startswith(pre):
                            found.append(Cue(i, i + 1, kind, value, term))
                    if any(c.start == i for c in found):
                        break
        return found


@lru_cache(maxsize=4)
def lexicon(lang: str) -> RelationLexicon:
    return RelationLexicon(lang)
