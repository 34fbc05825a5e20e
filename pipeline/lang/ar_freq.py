"""Corpus word counts for Arabic, and the two decisions they drive.

The table ``pipeline/resources/ar/word_freq.tsv.gz`` holds ``word<TAB>count``
lines counted over SaudiNewsNet (see ``pipeline/resources/ar/README.md``;
rebuild with ``python -m pipeline.lang.ar_freq build``).  A word is counted as
it stands between spaces and punctuation (camel-tools `simple_word_tokenize`),
clitics and all, so ``count("لبنان")`` is how often "لبنان" stands alone and
"للبنان", "بلبنان" are words of their own.

Keys (`norm_key`): camel-tools `dediac_ar` (short vowels, tanween, shadda,
sukun, dagger alef), then tatweel removed; nothing else.  Alef variants are
deliberately kept apart: the article is always written with a bare alef, and
folding أ/إ/آ into ا would merge the article reading of a lam-initial word with
an unrelated إ-word ("للقاء" = ل + لقاء, whose article reading "القاء" would
collect every "إلقاء"); folding ى/ي or ة/ه would merge "على" with "علي".

Both decisions compare forms that only one reading can produce, because the
plain form is ambiguous: "لتحقيق" (ل + تحقيق) is as common as "التحقيق", so
"لX" against "الX" alone would read "للتحقيق" as ل + "لتحقيق".

`WordFreq.lam_stem` - "ل" + "لX" (written "للX"): is the stem the lam-initial
word "لX" (للبنان = ل + لبنان, للجنة = ل + (ال)لجنة) or the article reading
"الX" with its alef dropped (للحكومة = ل + الحكومة)?  With c() the corpus count
and S = "لX", the lam reading wins when

  (a) c("ال"+S) + c("ب"+S) + 1 >= LAM_RATIO * (c("ا"+S) + 1)   - "اللجنة",
      "بلبنان" exist only if "لX" is a word, "الX" only for the article; or
  (b) c(S) + 1 >= BARE_RATIO * (c(X) + c("ا"+S) + 1)           - a name that
      never takes the article or ب: "لويس" far more common than "ويس" (the
      source of ل + X readings) and "الويس" together.

Otherwise - ties and unknown words included - the article reading, the
common case (98% of the "للX" tokens of the corpus).

`WordFreq.strip_proclitic` - how many leading letters of a word (conjunction
و/ف, then preposition ب/ل; never ك) are a proclitic glued to a word the corpus
knows much better than the whole: with W the word and R the rest,
``c(R) >= STRIP_MIN`` and ``c(R) >= STRIP_RATIO * (E + 1)`` where E counts W
and the forms only a word W can take: "ال"+W, and a further ب/ل before W
(و/ف too when W's prefix starts with a conjunction: "بوليد", "الوليد" say
"وليد" is a word, nothing can say "ووإسرائيل"; but "وبلبنان" is
و + بلبنان).  Among several prefixes the one leaving the most common rest
wins.  "للX" words are read as `lam_stem` reads them: the rest of "للحكومة"
is "الحكومة", that of "للاجئين" is "لاجئين" or "اللاجئين" (ل + اللاجئين is
written "للاجئين" too), counted together.
"""
from __future__ import annotations

import argparse
import gzip
import re
import sys
import zlib
from collections import Counter
from functools import lru_cache
from pathlib import Path

from camel_tools.utils.dediac import dediac_ar

from ..errors import ModelError

TABLE = Path(__file__).resolve().parent.parent / "resources" / "ar" / "word_freq.tsv.gz"
CORPUS = "../shared/corpus/unlabelled/ar_saudinewsnet.jsonl.gz"
MIN_COUNT = 2
LAM_RATIO = 2.0  # (a): the lam-only forms at least twice the article form (add-one)
BARE_RATIO = 4.0  # (b): the bare lam word 4x its rivals ("للمدة": 2.5x, article; "لليلتها": 7x, lam)
STRIP_RATIO = 3.0  # the rest at least 3x as common as the whole word and its word-only forms ...
STRIP_MIN = 20  # ... and seen at least this often
HINT = "rebuild it with `python -m pipeline.lang.ar_freq build`"

_TATWEEL = "\u0640"
_WORD = re.compile("^[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+$")  # Arabic letters only
_CONJ = ("و", "ف")
_PREP = ("ب", "ل")
_BEFORE_LL = ("ولل", "فلل", "لل")
# the proclitic letters above, for modules that match a word with or without them
CONJUNCTIONS, PREPOSITIONS = _CONJ, _PREP


def norm_key(word: str) -> str:
    """The table's form of a word: `dediac_ar`, then tatweel removed (no
    other normalisation, see the module doc)."""
    return dediac_ar(word).replace(_TATWEEL, "")


def _surface_len(word: str, nkey: int) -> int:
    """Characters of `word` spanning its first `nkey` key characters, with
    the diacritics/tatweel that follow them."""
    seen = i = 0
    while i < len(word) and seen < nkey:
        seen += norm_key(word[i]) != ""
        i += 1
    while i < len(word) and norm_key(word[i]) == "":
        i += 1
    return i


class WordFreq:
    """Word counts of one table; `WordFreq.default()` loads the project's
    table once per process."""

    def __init__(self, counts: dict[str, int], path: str = "<memory>") -> None:
        self.counts = counts
        self.path = path
        self._lam: dict[str, bool] = {}  # stem key -> lam reading wins, filled on first sight

    def _lam_wins(self, s: str) -> bool:
        """The rule of the module doc for the stem key `s` = "لX"."""
        c = self.counts.get
        art = c("ا" + s, 0)
        return (c("ال" + s, 0) + c("ب" + s, 0) + 1 >= LAM_RATIO * (art + 1)
                or c(s, 0) + 1 >= BARE_RATIO * (c(s[1:], 0) + art + 1))

    @classmethod
    def load(cls, path: str | Path = TABLE) -> "WordFreq":
        """Read a ``word<TAB>count`` gzip table (``#`` lines are comments)."""
        path = Path(path)
        if not path.is_file():
            raise ModelError(str(path), "the Arabic word-frequency table is missing", HINT)
        try:
            text = gzip.decompress(path.read_bytes()).decode("utf-8")
        except (OSError, EOFError, UnicodeDecodeError, zlib.error) as e:
            raise ModelError(str(path), f"cannot read the word-frequency table ({e})", HINT) from e
        lines = text.split("\n")
        try:
            counts = {w: int(n) for w, n in (line.split("\t") for line in lines if line and line[0] != "#")}
        except ValueError:
            n, line = next((n, line) for n, line in enumerate(lines, 1) if line and line[0] != "#"
                           and not (line.count("\t") == 1 and line.split("\t")[1].isdigit()))
            raise ModelError(str(path), f"line {n} is not `word<TAB>count`: {line[:60]!r}", HINT) from None
        if not counts:
            raise ModelError(str(path), "the word-frequency table is empty", HINT)
        return cls(counts, str(path))

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> "WordFreq":
        return cls.load(TABLE)

    def count(self, word: str) -> int:
        return self.counts.get(norm_key(word), 0)

    def lam_stem(self, stem: str) -> str:
        """For "ل" + `stem` where `stem` = "لX" (the token "للX" split after
        its first lam): `stem` itself when the lam-initial word wins (see the
        module doc), else the article reading "ا" + `stem`."""
        k = norm_key(stem)
        lam = self._lam.get(k)
        if lam is None:
            lam = self._lam[k] = self._lam_wins(k)
        return stem if lam else "ا" + stem

    def strip_proclitic(self, word: str) -> int:
        """How many leading characters of `word` are a proclitic (و/ف, then
        ب/ل; at most two letters; never ك) glued to a word the corpus knows
        much better than the whole form; 0 when none.  "وإسرائيل" -> 1,
        "بلبنان" -> 1, "لبنان" -> 0.  A "للX" word is read as `lam_stem`
        reads it: "للبنان" -> 1 (rest "لبنان"), "للحكومة" -> 1 (rest
        "الحكومة", the surface keeping "لحكومة")."""
        k = norm_key(word)
        c = self.counts.get
        for pre in _BEFORE_LL:
            if k.startswith(pre) and len(k) - len(pre) >= 2:
                n = len(pre) - 1
                stem = k[n:]
                if self.lam_stem(stem) == stem:  # ل + "لاجئين" or ل + "اللاجئين", both written "للاجئين"
                    rest = c(stem, 0) + c("ال" + stem, 0)
                else:  # ل + "الحكومة"
                    rest = c("ا" + stem, 0)
                return _surface_len(word, n) if self._clearly_better(k, rest, pre[0] != "ل") else 0
        best, best_count = 0, 0
        for conj in ("",) + _CONJ:
            for prep in ("",) + _PREP:
                pre = conj + prep
                if pre and k.startswith(pre) and len(k) - len(pre) >= 2:
                    rest = c(k[len(pre):], 0)
                    if rest > best_count and self._clearly_better(k, rest, bool(conj)):
                        best, best_count = len(pre), rest
        return _surface_len(word, best) if best else 0

    def _clearly_better(self, k: str, rest: int, conj: bool) -> bool:
        """A rest seen `rest` times is far more common than the word `k` (see
        the module doc); `conj`: the prefix starts with و/ف."""
        c = self.counts.get
        outer = ("و", "ف", "ب", "ل") if conj else ("ب", "ل")
        whole = c(k, 0) + c("ال" + k, 0) + sum(c(p + k, 0) for p in outer)
        return rest >= STRIP_MIN and rest >= STRIP_RATIO * (whole + 1)


# ---------------------------------------------------------------- build

def count_corpus(path: str | Path) -> tuple[Counter, int, int]:
    """(counts of `norm_key` forms of Arabic-letter tokens, articles read,
    duplicate articles skipped) for a gzip JSONL file with a "text" field."""
    import hashlib
    import json

    from camel_tools.tokenizers.word import simple_word_tokenize

    counts: Counter = Counter()
    seen: set[bytes] = set()
    docs = dups = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            text = json.loads(line).get("text") or ""
            h = hashlib.sha1(text.encode("utf-8")).digest()
            if h in seen:
                dups += 1
                continue
            seen.add(h)
            docs += 1
            for tok in simple_word_tokenize(text):
                key = norm_key(tok)
                if _WORD.match(key):
                    counts[key] += 1
    return counts, docs, dups


def write_table(counts: Counter, out: str | Path, min_count: int, header: list[str]) -> int:
    """Write the words seen `min_count` times or more, most frequent first
    (ties in code-point order), as a byte-for-byte reproducible gzip file."""
    rows = sorted(((w, c) for w, c in counts.items() if c >= min_count), key=lambda r: (-r[1], r[0]))
    body = "".join(f"# {h}\n" for h in header) + "".join(f"{w}\t{c}\n" for w, c in rows)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(body.encode("utf-8"))
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.lang.ar_freq", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="count the words of an Arabic JSONL corpus")
    b.add_argument("--corpus", default=CORPUS, help=f"gzip JSONL with a 'text' field (default {CORPUS})")
    b.add_argument("--min-count", type=int, default=MIN_COUNT, help=f"keep words seen this often (default {MIN_COUNT})")
    b.add_argument("--out", default=str(TABLE), help="the table to write")
    args = ap.parse_args(argv)
    from ..paths import resolve

    corpus = resolve(args.corpus)
    if not Path(corpus).is_file():
        print(f"{corpus}: no such corpus file", file=sys.stderr)
        return 2
    counts, docs, dups = count_corpus(corpus)
    tokens = sum(counts.values())
    header = [f"Arabic word counts from {Path(corpus).name}: {docs} articles ({dups} duplicates skipped), "
              f"{tokens} Arabic-letter tokens, {len(counts)} distinct forms",
              f"keys: dediac_ar + tatweel removed; words seen >= {args.min_count} times; word<TAB>count"]
    kept = write_table(counts, args.out, args.min_count, header)
    size = Path(args.out).stat().st_size
    print(f"read {docs} articles ({dups} duplicates skipped) from {corpus}: {tokens} Arabic tokens, "
          f"{len(counts)} distinct forms")
    print(f"wrote {kept} forms seen >= {args.min_count} times "
          f"({sum(c for c in counts.values() if c >= args.min_count) / max(tokens, 1):.1%} of the tokens) "
          f"to {args.out}: {size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
