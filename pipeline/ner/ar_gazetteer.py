"""A lexical memory of the training data's entities, read as features by the Arabic tagger (ar_bert).

For each word of a sentence, `Gazetteer.features(words)` gives DIM numbers:

- the tag distribution of the word as written (normalised: no diacritics or tatweel, one
  alef, ى -> ي, ة -> ه, no direction marks such as U+200F) over its training occurrences: the share tagged B-T and I-T for each
  of the 4 types, the share tagged O, how frequent it is (log scale) and whether it is known;
- the same for the word with a glued proclitic removed (و/ف, then ب/ل/ك, then ال; the
  least-stripped form the table knows), so "ولبنان" reads "لبنان"'s record;
- phrase matches: where 2-4 consecutive words (the first also proclitic-stripped) are a
  multi-word entity of type T seen in training, its first word gets B-T and the others I-T,
  valued by the share of the phrase's training occurrences tagged as that entity (longest
  match first, left to right).

With `lexicon` (an option of the tagger), LEX_DIM more from the project's own word lists
(ar_lexicon: CLDR and extra place names, fixed organisation names, organisation heads, person
titles, nationality adjectives, first and family names, name connectors; babel's CLDR city names),
the ANERsys kind of external gazetteer: place/organisation/city phrase matched (B, I), and the word (or its stem after a
proclitic) is a head, title, nationality, first name, family name or connector.

Only words that were inside an entity at least once are kept (a word never tagged reads as
unknown), and phrases that were entities.  The table is built from the tagger's training
sentences and shipped with it (gazetteer.json in the model directory).

Training a tagger on features computed from a table that contains every training sentence
would teach it to trust the table blindly (every training entity is "known").  So the
training sentences' features are cross-fitted (`cross_fitted`): the sentences are cut into
k contiguous folds and each fold's features come from the table of the other folds; the dev
part, the test split and inference use the table of all training sentences.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import torch

from .conll import spans

TYPES = ("PERS", "LOC", "ORG", "MISC")
TAG_COLS = ["O"] + [f"{p}-{t}" for t in TYPES for p in ("B", "I")]  # the count columns of a word
WORD_DIM = len(TAG_COLS) + 2  # shares of the 9 tags, log frequency, known
MAX_PHRASE = 4
DIM = 2 * WORD_DIM + 2 * len(TYPES)
LEX_DIM = 12
FILE = "gazetteer.json"
_MARKS = re.compile("[\u064b-\u0652\u0670\u0640\u200b-\u200f\u202a-\u202e\ufeff]")  # + direction marks
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_CONJ, _PREP = ("و", "ف"), ("ب", "ل", "ك")
_DIRECTION = re.compile("[\u200b-\u200f\u202a-\u202e\ufeff]")


@lru_cache(maxsize=1)
def _word_lists() -> tuple:
    from .ar_lexicon import ArabicLexicon, PhraseSet, key

    lex = ArabicLexicon.get()
    gen = lex.generator_lists()
    first = {key(w) for w in gen["first_m"] + gen["first_f"]}
    family = {key(w) for w in gen["family"] if " " not in w}
    return lex, key, first, family, PhraseSet(cldr_cities())


def cldr_cities() -> list[str]:
    """babel's Arabic names of the CLDR time-zone cities (بوخارست, لشبونة, الفاتيكان)."""
    from babel import Locale

    zones = Locale("ar")._data["time_zones"]
    return sorted({z["city"] for z in zones.values() if "city" in z and "،" not in z["city"]})


def lexicon_features(words: list[str]) -> torch.Tensor:
    """[len(words), LEX_DIM]: the project's word lists (see the module doc)."""
    lex, key, first, family, cities = _word_lists()
    keys = [key(_DIRECTION.sub("", w)) for w in words]
    stems = [lex.strip(k)[1] for k in keys]
    out = [[0.0] * LEX_DIM for _ in words]  # lists, not tensor item writes: this runs on every word
    for col, phrases in ((0, lex.gpe), (2, lex.fixed_orgs), (10, cities), (5, lex.titles)):
        i = 0
        while i < len(keys):
            n = phrases.match(keys, i) or phrases.match(keys, i, stems[i])
            if not n and phrases is cities:  # proclitics stripped as the table's words are
                n = next((m for f in stripped(keys[i]) if (m := phrases.match(keys, i, f))), 0)
            if n:
                out[i][col] = 1.0
                for j in range(i + 1, i + n):
                    out[j][col if phrases is lex.titles else col + 1] = 1.0
            i += max(n, 1)
    for row, k, st in zip(out, keys, stems):
        row[4] = float(k in lex.head_gender or st in lex.head_gender)
        row[6] = float(k in lex.nationality)
        row[7] = float(k in first or st in first)
        row[8] = float(k in family)
        row[9] = float(k in lex.connectors)
    return torch.tensor(out, dtype=torch.float32).reshape(len(words), LEX_DIM)


def norm(word: str) -> str:
    return _MARKS.sub("", word).translate(_ALEF)


@lru_cache(maxsize=1 << 16)
def stripped(key: str) -> tuple[str, ...]:
    """Forms of a normalised word with a proclitic removed, least stripped first (at least 2
    letters left): "والامم" -> ["الامم", "امم"]; "للحكومه" (ل + ال) -> ["لحكومه", "الحكومه", "حكومه"]."""
    out: list[str] = []
    for conj in ("",) + _CONJ:
        if conj and not key.startswith(conj):
            continue
        rest = key[len(conj):]
        for prep in ("",) + _PREP:
            if prep and not rest.startswith(prep):
                continue
            stem = rest[len(prep):]
            forms = [stem]
            if prep == "ل" and stem.startswith("ل"):  # ل + ال written لل
                forms.append("ا" + stem)
            for f in list(forms):
                if f.startswith("ال"):
                    forms.append(f[2:])
            for f in forms:
                if f != key and len(f) >= 2 and f not in out:
                    out.append(f)
    return tuple(sorted(out, key=lambda f: -len(f)))


class Gazetteer:
    """words: normalised word -> counts per TAG_COLS; phrases: normalised phrase (space-joined)
    -> {type: times an entity, "": times seen at all}."""

    def __init__(self, words: dict[str, list[int]], phrases: dict[str, dict[str, int]], lexicon: bool = False) -> None:
        self.words, self.phrases, self.lexicon = words, phrases, lexicon
        self.dim = DIM + (LEX_DIM if lexicon else 0)
        self.longest = max((p.count(" ") + 1 for p in phrases), default=0)

    @classmethod
    def build(cls, sents: list[list[tuple[str, str]]], lexicon: bool = False) -> "Gazetteer":
        counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(TAG_COLS))
        col = {t: i for i, t in enumerate(TAG_COLS)}
        ents: dict[str, Counter] = defaultdict(Counter)
        for sent in sents:
            keys = [norm(w) for w, _ in sent]
            tags = [t for _, t in sent]
            for k, t in zip(keys, tags):
                counts[k][col.get(t, 0)] += 1
            for a, b, kind in spans(tags):
                if 2 <= b - a <= MAX_PHRASE and kind in TYPES:
                    ents[" ".join(keys[a:b])][kind] += 1
        # every occurrence of a known phrase, entity or not
        for sent in sents:
            keys = [norm(w) for w, _ in sent]
            for n in range(2, MAX_PHRASE + 1):
                for i in range(len(keys) - n + 1):
                    p = " ".join(keys[i:i + n])
                    if p in ents:
                        ents[p][""] += 1
        words = {k: c for k, c in counts.items() if sum(c) > c[0]}
        return cls(words, {p: dict(c) for p, c in ents.items()}, lexicon)

    # ------------------------------------------------------------------ features
    def _word(self, c: list[int] | None) -> list[float]:
        if c is None:
            return [0.0] * WORD_DIM
        n = sum(c)
        return [x / n for x in c] + [min(1.0, math.log1p(n) / math.log(100)), 1.0]

    def features(self, words: list[str]) -> torch.Tensor:
        """[len(words), DIM] features of one sentence."""
        keys = [norm(w) for w in words]
        rows = []
        for k in keys:
            strip = next((self.words[f] for f in stripped(k) if f in self.words), None)
            rows.append(self._word(self.words.get(k)) + self._word(strip))
        out = torch.tensor(rows, dtype=torch.float32).reshape(len(words), 2 * WORD_DIM)
        phr = torch.zeros(len(words), 2 * len(TYPES))
        i = 0
        while i < len(keys):
            step = 1
            for n in range(min(self.longest, len(keys) - i), 1, -1):
                rest = " ".join(keys[i + 1:i + n])
                hit = None
                for first in (keys[i],) + stripped(keys[i]):
                    hit = self.phrases.get(first + " " + rest)
                    if hit:
                        break
                if hit:
                    seen = max(1, hit.get("", 0), sum(v for t, v in hit.items() if t))
                    kind = max(TYPES, key=lambda t: hit.get(t, 0))
                    share = hit.get(kind, 0) / seen
                    j = TYPES.index(kind)
                    phr[i, 2 * j] = share
                    phr[i + 1:i + n, 2 * j + 1] = share
                    step = n
                    break
            i += step
        return torch.cat([out, phr] + ([lexicon_features(words)] if self.lexicon else []), dim=1)

    # ------------------------------------------------------------------ training and files
    @classmethod
    def cross_fitted(cls, sents: list[list[tuple[str, str]]], k: int, lexicon: bool = False) -> list[torch.Tensor]:
        """Each sentence's features from the table of the other k-1 contiguous folds."""
        out: list[torch.Tensor] = []
        bounds = [round(i * len(sents) / k) for i in range(k + 1)]
        for a, b in zip(bounds, bounds[1:]):
            gaz = cls.build(sents[:a] + sents[b:], lexicon)
            out += [gaz.features([w for w, _ in s]) for s in sents[a:b]]
        return out

    def save(self, d: str | Path) -> Path:
        p = Path(d) / FILE
        p.write_text(json.dumps({"columns": TAG_COLS, "lexicon": self.lexicon, "words": self.words,
                                "phrases": self.phrases},
                                ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        return p

    @classmethod
    def load(cls, d: str | Path) -> "Gazetteer":
        data = json.loads((Path(d) / FILE).read_text(encoding="utf-8"))
        if data.get("columns") != TAG_COLS:
            raise ValueError(f"{FILE}: columns {data.get('columns')} are not {TAG_COLS}")
        return cls(data["words"], data["phrases"], bool(data.get("lexicon", False)))
