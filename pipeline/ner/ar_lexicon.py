"""The word lists of the Arabic NER, loaded once (`ArabicLexicon.get()`).

Everything is keyed on `key(word)`: diacritics and tatweel removed, alef
variants, alef maksura and teh marbuta folded, Persian yeh/keheh mapped, so
Egyptian "فى"/"الطبى" and Gulf "في"/"الطبي" look the same.

Lists (``pipeline/resources/ner/``):

* ``org_heads.tsv``  - organisation head nouns with gender (مؤسسة f, صندوق m)
* ``org_fixed.txt``  - organisation names that need no head (الصليب الأحمر)
* ``titles.txt``     - person titles (الشيخ, رجل الأعمال)
* ``connectors.txt`` - name-internal words (بن, آل, عبد)
* ``stopwords.txt``  - words that end a name chain
* ``nationalities.tsv`` - country, nationality adjectives (masc., fem.)
* ``gpe_extra.txt``  - place names beyond CLDR; ``gpe_skip.txt`` - CLDR names dropped
* ``gen_*``          - fillers and templates of the training-data generator
  (`ArabicLexicon.generator_lists()`, read on first use)

plus babel's CLDR Arabic territory names (``Locale('ar').territories``).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "ner"

_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                       "ی": "ي", "ک": "ك", "ـ": None})
_PAREN = re.compile(r"\s*\(.*?\)\s*")
PROCLITICS = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")
QUOTES_OPEN = {"«": "»", "\"": "\"", "“": "”", "”": "“", "'": "'", "‘": "’"}


def key(word: str) -> str:
    """The look-up form of a word (see module doc)."""
    return _DIACRITICS.sub("", word).translate(_FOLD)


def surface_offset(surface: str, nkey: int) -> int:
    """Characters of `surface` that make up its first `nkey` key characters."""
    seen = 0
    for i, ch in enumerate(surface):
        if _DIACRITICS.match(ch):
            continue
        if seen == nkey:
            return i
        seen += 1
    return len(surface)


def phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(key(w) for w in phrase.split())


def read_list(name: str) -> list[str]:
    out = []
    with open(RESOURCES / name, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(line)
    return out


def cldr_territories() -> list[str]:
    """Arabic names of countries/territories from babel (two-letter codes only),
    with parenthesised glosses and "- city" suffixes dropped."""
    from babel import Locale

    names = []
    for code, name in Locale("ar").territories.items():
        if len(code) != 2 or not code.isalpha():
            continue
        name = _PAREN.sub(" ", name).split(" - ")[0].strip()
        if name:
            names.append(name)
    return names


class PhraseSet:
    """Multi-word phrases looked up by their first key, longest first."""

    def __init__(self, phrases) -> None:
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for p in {phrase_key(p) if isinstance(p, str) else p for p in phrases}:
            if p:
                self.by_first.setdefault(p[0], []).append(p)
        for v in self.by_first.values():
            v.sort(key=len, reverse=True)

    def __contains__(self, first: str) -> bool:
        return first in self.by_first

    def match(self, keys: list[str], i: int, first: str | None = None) -> int:
        """Length (in tokens) of the longest phrase starting at keys[i] (whose key
        may be given as `first`, e.g. clitic-stripped), 0 if none."""
        head = keys[i] if first is None else first
        for p in self.by_first.get(head, ()):
            n = len(p)
            if i + n <= len(keys) and all(keys[i + k] == p[k] for k in range(1, n)):
                return n
        return 0


class ArabicLexicon:
    """All NER word lists; build once with `ArabicLexicon.get()`."""

    def __init__(self, resources: Path = RESOURCES) -> None:
        heads = [row.split("\t") for row in read_list("org_heads.tsv")]
        self.head_gender: dict[str, str] = {}
        for word, gender in heads:
            self.head_gender[key(word)] = gender
            self.head_gender[key("ال" + word)] = gender
        self.heads = PhraseSet(self.head_gender)
        self.fixed_orgs = PhraseSet(read_list("org_fixed.txt"))
        self.titles = PhraseSet(read_list("titles.txt"))
        self.connectors = {key(w) for w in read_list("connectors.txt")}
        # nationality adjectives ("المصرية"): a definite head + one of these is a name
        self.nationality = {key(w) for row in read_list("nationalities.tsv") for w in row.split("\t")[1:]}
        self.nationality |= {key(w) for w in ("الأميري", "الملكي", "الملكية", "الأميرية")}
        self.stopwords = {key(w) for w in read_list("stopwords.txt")}
        skip = {key(w) for w in read_list("gpe_skip.txt")}
        gpe = [n for n in cldr_territories() + read_list("gpe_extra.txt")
               if " ".join(phrase_key(n)) not in skip]
        self.gpe_names = sorted(set(gpe))
        self.gpe = PhraseSet(gpe)
        # single words a proclitic may be stripped from ("لمؤسسة" -> "مؤسسة")
        self.strippable = (set(self.heads.by_first) | set(self.fixed_orgs.by_first)
                           | set(self.titles.by_first) | set(self.gpe.by_first))

    @classmethod
    @lru_cache(maxsize=1)
    def get(cls) -> "ArabicLexicon":
        return cls()

    def generator_lists(self) -> dict:
        """The generator's raw lists (names, organisation parts, phrases,
        templates, nationality adjectives), read once."""
        if getattr(self, "_gen", None) is None:
            def table(name: str) -> dict[str, list[list[str]]]:
                out: dict[str, list[list[str]]] = {}
                for row in read_list(name):
                    kind, *rest = row.split("\t")
                    out.setdefault(kind, []).append(rest)
                return out

            self._gen = {
                "first_m": read_list("gen_first_m.txt"),
                "first_f": read_list("gen_first_f.txt"),
                "family": read_list("gen_family.txt"),
                "orgs": table("gen_orgs.tsv"),
                "phrases": table("gen_phrases.tsv"),
                "nisba": [row.split("\t") for row in read_list("nationalities.tsv")],
                "templates": read_list("gen_templates.txt"),
                "titles": read_list("titles.txt"),
                "cities": read_list("gpe_extra.txt"),
                "countries": [n for n in cldr_territories()
                              if " ".join(phrase_key(n)) not in {" ".join(phrase_key(w)) for w in
                                                                  read_list("gpe_skip.txt")}],
            }
        return self._gen

    def strip(self, k: str) -> tuple[int, str]:
        """(number of proclitic characters, stem key) for a token key that is a
        proclitic glued to a known head/title/place ("لمصر" -> (1, "مصر")),
        else (0, k).  A word that is itself known is never split."""
        if k in self.strippable:
            return 0, k
        for pre in PROCLITICS:
            if k.startswith(pre) and len(k) - len(pre) >= 3:
                stem = k[len(pre):]
                if stem in self.strippable:
                    return len(pre), stem
        return 0, k

    def is_stop(self, k: str) -> bool:
        return k in self.stopwords
