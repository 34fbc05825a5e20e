"""Arabic word vectors for the NER tagger: FastText (gensim) on SaudiNewsNet, exported as a small table.

    python -m pipeline.ner.word_vectors [--corpus ../shared/corpus/unlabelled/ar_saudinewsnet.jsonl.gz]
                                        [--out models/word-vectors-ar] [--dim 100] [--min-count 10]

The words are camel-tools `simple_word_tokenize` tokens (whitespace and
punctuation split, proclitics left on: ANERcorp's tokens).  FastText learns
from the characters of the words too, so rare spellings of a name land beside
the common ones; only the vectors of words seen `min_count` times are kept (the
subword buckets would weigh hundreds of MB), as float16 in safetensors, with the
word list beside them.  Deterministic for a seed with one worker thread.

Artefact: models/word-vectors-ar/{vectors.safetensors, words.txt, MODEL_CARD.md}.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

from ..errors import ModelError
from ..paths import resolve

VECTORS, WORDS = "vectors.safetensors", "words.txt"
HINT = "run `python -m pipeline.ner.word_vectors` (make word-vectors)"


class WordVectors:
    """The exported table: `index(word)` -> row (0 = unknown) and `matrix` [n + 1, dim]."""

    def __init__(self, words: list[str], matrix, sha256: str = "") -> None:
        self.words, self.matrix, self.sha256 = words, matrix, sha256
        self.row = {w: i + 1 for i, w in enumerate(words)}

    def index(self, word: str) -> int:
        return self.row.get(word, 0)

    @classmethod
    def load(cls, path: str | Path = "models/word-vectors-ar") -> "WordVectors":
        import torch
        from safetensors.torch import load_file

        d = resolve(path)
        for name in (VECTORS, WORDS):
            if not (d / name).is_file():
                raise ModelError(str(d / name), "word vectors file missing", HINT)
        try:
            words = (d / WORDS).read_text(encoding="utf-8").split("\n")
            vec = load_file(str(d / VECTORS))["vectors"].float()
        except Exception as e:  # noqa: BLE001 - any failure means a corrupt artefact
            raise ModelError(str(d / VECTORS), f"unreadable word vectors ({type(e).__name__}: {e})", HINT) from None
        if vec.shape[0] != len(words):
            raise ModelError(str(d / VECTORS), f"{vec.shape[0]} vectors for {len(words)} words", HINT)
        import hashlib

        sha = hashlib.sha256((d / VECTORS).read_bytes()).hexdigest()
        return cls(words, torch.cat([torch.zeros(1, vec.shape[1]), vec]), sha)


def sentences(corpus: Path):
    from camel_tools.tokenizers.word import simple_word_tokenize

    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text") or ""
            for para in text.split("\n"):
                words = simple_word_tokenize(para)
                if len(words) > 2:
                    yield words


def build(corpus: str, out: str, dim: int = 100, min_count: int = 10, epochs: int = 5, seed: int = 13) -> Path:
    import numpy as np
    import torch
    from gensim.models import FastText
    from safetensors.torch import save_file

    t0 = time.monotonic()
    src = resolve(corpus)
    if not src.is_file():
        raise ModelError(str(src), "corpus not found", "see ../shared/corpus/unlabelled/README.md")
    sents = list(sentences(src))
    n_tok = sum(len(s) for s in sents)
    print(f"{len(sents)} paragraphs, {n_tok} tokens ({time.monotonic() - t0:.0f}s)", file=sys.stderr)
    ft = FastText(vector_size=dim, window=5, min_count=3, min_n=2, max_n=5, bucket=200_000, sg=1,
                  epochs=epochs, seed=seed, workers=1)
    ft.build_vocab(corpus_iterable=sents)
    ft.train(corpus_iterable=sents, total_examples=len(sents), epochs=epochs)
    words = [w for w in ft.wv.index_to_key if ft.wv.get_vecattr(w, "count") >= min_count]
    mat = np.stack([ft.wv[w] for w in words]).astype(np.float16)
    d = resolve(out)
    d.mkdir(parents=True, exist_ok=True)
    save_file({"vectors": torch.from_numpy(mat)}, str(d / VECTORS), metadata={"format": "pt"})
    (d / WORDS).write_text("\n".join(words), encoding="utf-8")
    minutes = (time.monotonic() - t0) / 60
    (d / "MODEL_CARD.md").write_text(
        "# Arabic word vectors (FastText)\n\n"
        f"Skip-gram FastText (gensim {__import__('gensim').__version__}; dimension {dim}, window 5, character "
        f"n-grams 2-5, {epochs} epochs, seed {seed}, one worker) trained on the {n_tok:,} camel-tools word tokens of "
        f"`{corpus}`; the vectors of the {len(words):,} words seen at least {min_count} times are kept (float16). "
        f"{minutes:.1f} min on a CPU. Written by `python -m pipeline.ner.word_vectors`.\n\n"
        "Used by the Arabic NER tagger (models/ner-ar) as a frozen input.\n\n"
        "**Licence:** trained on SaudiNewsNet (CC BY-NC-SA 4.0, research use): these vectors inherit those terms "
        "(non-commercial, attribution, share-alike).\n", encoding="utf-8")
    print(f"wrote {d}: {len(words)} words x {dim} ({minutes:.1f} min)", file=sys.stderr)
    return d


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.ner.word_vectors", description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default="../shared/corpus/unlabelled/ar_saudinewsnet.jsonl.gz")
    ap.add_argument("--out", default="models/word-vectors-ar")
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--min-count", type=int, default=10)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    try:
        build(args.corpus, args.out, args.dim, args.min_count, args.epochs, args.seed)
    except ModelError as e:
        print(f"word vectors: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
