"""Arabic word clusters: k-means over the project's FastText vectors (models/word-vectors-ar,
SaudiNewsNet), shipped as one lookup table that the relation model's donor-candidate head reads.

    python -m pipeline.ner.word_clusters [--vectors models/word-vectors-ar] [--out models/word-clusters-ar]

Why: the candidate head's terms are the words next to a candidate ("L:اعلنت"); a verb form or a
preposition phrase met once in training says little about the next article.  The clusters put
the forms of one kind together ("أعلنت", "قدمت", "تبرعت" share one), so a cluster term
("LK:17") carries what was learned to words never seen in training.  The same clusters
(`ar_crf.word_clusters`: k 128 and 512, seed 13) are the CRF's features.

Artefact: models/word-clusters-ar/ {clusters.json (word -> [cluster for each k]), config.json
(the ks, the seed, the vectors' sha256, clusters.json's sha256), MODEL_CARD.md}.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

from ..errors import ModelError
from ..paths import resolve

KIND = "word-clusters"
TABLE, CONFIG = "clusters.json", "config.json"
HINT = "run `python -m pipeline.ner.word_clusters` (make word-clusters)"
_CONJ, _PREP = "وف", "بل"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class WordClusters:
    """`cluster(word, k)`: the word's cluster among k, or None when neither the word nor its
    form without a glued conjunction and preposition letter ("وأعلنت" -> "أعلنت", "لصندوق" ->
    "صندوق", "للمفوضية" -> "المفوضية") is in the table."""

    def __init__(self, table: dict[str, list[int]], ks: list[int], sha256: str = "", path: str = "") -> None:
        self.table, self.ks, self.sha256, self.path = table, list(ks), sha256, path

    @classmethod
    def load(cls, path: str | Path = "models/word-clusters-ar") -> "WordClusters":
        d = resolve(path)
        for name in (CONFIG, TABLE):
            if not (d / name).is_file():
                raise ModelError(str(d / name), "word clusters file missing", HINT)
        try:
            cfg = json.loads((d / CONFIG).read_text(encoding="utf-8"))
            if cfg.get("kind") != KIND:
                raise ValueError(f"kind is {cfg.get('kind')!r}, not {KIND!r}")
            ks = [int(k) for k in cfg["ks"]]
        except (ValueError, KeyError, TypeError) as e:
            raise ModelError(str(d / CONFIG), f"unreadable word clusters config ({e})", HINT) from None
        sha = _sha256(d / TABLE)
        if cfg.get("sha256") != sha:
            raise ModelError(str(d / TABLE), "corrupt: its sha256 is not the one config.json records", HINT)
        try:
            table = json.loads((d / TABLE).read_text(encoding="utf-8"))
            if not isinstance(table, dict):
                raise ValueError("not a word -> clusters object")
        except ValueError as e:
            raise ModelError(str(d / TABLE), f"unreadable word clusters ({e})", HINT) from None
        return cls(table, ks, sha, str(path))

    def forms(self, word: str) -> list[str]:
        """The word, then without a glued و/ف, then without a glued ب/ل after it (لل -> ال)."""
        out, cur = [word], word
        if len(cur) > 3 and cur[0] in _CONJ:
            cur = cur[1:]
            out.append(cur)
        if len(cur) > 3 and cur[0] in _PREP:
            if cur[0] == "ل" and cur[1] == "ل":
                out.append("ا" + cur[1:])
            out.append(cur[1:])
        return out

    def cluster(self, word: str, k: int) -> int | None:
        if k not in self.ks:
            raise ValueError(f"no {k} clusters in {self.path or 'the table'} (it has {self.ks})")
        col = self.ks.index(k)
        for form in self.forms(word):
            ids = self.table.get(form)
            if ids:
                return int(ids[col])
        return None


def build(vectors: str, out: str, seed: int = 13) -> Path:
    from .ar_crf import KS, word_clusters
    from .word_vectors import WordVectors

    t0 = time.monotonic()
    table = word_clusters(vectors, seed)
    d = resolve(out)
    d.mkdir(parents=True, exist_ok=True)
    (d / TABLE).write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    cfg = {"kind": KIND, "ks": list(KS), "seed": seed, "vectors": str(vectors),
           "vectors_sha256": WordVectors.load(vectors).sha256, "words": len(table), "sha256": _sha256(d / TABLE)}
    (d / CONFIG).write_text(json.dumps(cfg, indent=2) + "\n", encoding="utf-8")
    seconds = time.monotonic() - t0
    (d / "MODEL_CARD.md").write_text(
        "# Arabic word clusters\n\n"
        f"Cosine k-means (k {', '.join(map(str, KS))}; seed {seed}; `ar_crf.kmeans`) over the {len(table):,} word "
        f"vectors of `{vectors}` (FastText on SaudiNewsNet). {seconds:.0f} s on a CPU. Written by "
        "`python -m pipeline.ner.word_clusters` (`make word-clusters`).\n\n"
        "Read by the relation model's donor-candidate head (`[model] word_clusters` in configs/train.toml): the "
        "clusters of the words beside each Arabic candidate are terms of its conditional logit "
        "(pipeline/relation/model/linear_head.py).\n\n"
        "**Licence:** derived from vectors trained on SaudiNewsNet (CC BY-NC-SA 4.0, research use): this table "
        "inherits those terms (non-commercial, attribution, share-alike).\n", encoding="utf-8")
    print(f"wrote {d}: {len(table)} words ({seconds:.0f} s)", file=sys.stderr)
    return d


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.ner.word_clusters", description=__doc__.split("\n")[0])
    ap.add_argument("--vectors", default="models/word-vectors-ar", help="the FastText vectors to cluster")
    ap.add_argument("--out", default="models/word-clusters-ar")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    try:
        build(args.vectors, args.out, args.seed)
    except ModelError as e:
        print(f"word clusters: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
