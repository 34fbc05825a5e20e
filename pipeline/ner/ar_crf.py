"""A feature CRF for Arabic NER, trained on ANERcorp in about a minute (`make train-ner-crf`):
`ar_backend = "crf"` alone, or a member beside the BERT tagger ("crf+bert": its entities
first, the tagger's where they overlap none).

Features per word (python-crfsuite, a linear-chain CRF trained with L-BFGS, L1 + L2):
- the word normalised as the gazetteer keys it (`ar_gazetteer.norm`), its proclitic-stripped
  form, 2- and 3-letter prefixes and suffixes, Latin / digit / length;
- the same normalised and stripped forms of the two words either side;
- the gazetteer features (`ar_gazetteer.Gazetteer`: the training entities' tag shares, phrase
  matches, the project's word lists) of the word and its two neighbours, cross-fitted over 10
  folds on the training sentences as for the BERT tagger;
- word clusters: k-means (128 and 512 clusters, cosine) over the project's FastText vectors
  (models/word-vectors-ar, SaudiNewsNet), for the word and (512) its neighbours: a name never
  seen in training still falls in the cluster of names.

Why a CRF beside the BERT tagger: on ANERcorp's test split it scores about as high alone
(micro F1 0.70) from a minute of CPU training, and makes different mistakes (more precise,
less recall); see the model card for the figures and the README for what the pledge
cross-validation chose.

Artefact: models/ner-ar-crf/<version>/ {crf.model (crfsuite's own format; its sha256 is in
config.json), config.json, gazetteer.json, clusters.json, MODEL_CARD.md} + LATEST.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

import torch

from ..errors import ModelError, PipelineError
from ..paths import resolve
from .ar_bert import char_key
from .ar_gazetteer import Gazetteer, norm, stripped
from .conll import read_conll, rounded, score, table

KIND = "ner-ar-crf"
MODEL, CONFIG, CLUSTERS = "crf.model", "config.json", "clusters.json"
HINT = "run `make train-ner-crf`"
KS = (128, 512)
WINDOW = 2


def kmeans(x: torch.Tensor, k: int, seed: int = 13, iters: int = 25) -> list[int]:
    """Cluster ids of the rows of `x` (cosine k-means, Lloyd's iterations from k rows drawn
    with `seed`).  Written here because it is 15 lines and scikit-learn is no dependency."""
    x = torch.nn.functional.normalize(x.float(), dim=1)
    k = min(k, len(x))  # a tiny vocabulary (tests): every word its own cluster at most
    g = torch.Generator().manual_seed(seed)
    centres = x[torch.randperm(len(x), generator=g)[:k]].clone()
    labels = torch.zeros(len(x), dtype=torch.long)
    for _ in range(iters):
        labels = torch.cat([(part @ centres.T).argmax(1) for part in x.split(8192)])
        sums = torch.zeros_like(centres).index_add_(0, labels, x)
        counts = torch.bincount(labels, minlength=k).unsqueeze(1)
        centres = torch.where(counts > 0, torch.nn.functional.normalize(sums, dim=1), centres)
    return labels.tolist()


def word_clusters(vectors_path: str | Path, seed: int = 13) -> dict[str, list[int]]:
    """word -> [its cluster for each k in KS], from the FastText vectors."""
    from .word_vectors import WordVectors

    wv = WordVectors.load(vectors_path)
    per_k = [kmeans(wv.matrix[1:], k, seed) for k in KS]
    return {w: [ids[i] for ids in per_k] for i, w in enumerate(wv.words)}


def _key(word: str) -> str:
    forms = stripped(norm(word))
    return forms[-1] if forms else norm(word)


def features(words: list[str], gaz: torch.Tensor | None, clusters: dict[str, list[int]]) -> list[dict[str, float]]:
    """crfsuite features of each word (string features as "name=value": 1.0)."""
    ns = [norm(w) for w in words]
    st = [_key(w) for w in words]
    cl = [clusters.get(w) or clusters.get(char_key(w)) for w in words]  # the vectors' keys, as ar_bert reads them
    g = gaz.tolist() if gaz is not None else [[] for _ in words]
    out = []
    for i, w in enumerate(words):
        n = ns[i]
        f = {"bias": 1.0, f"w={n}": 1.0, f"s={st[i]}": 1.0, f"p2={n[:2]}": 1.0, f"p3={n[:3]}": 1.0,
             f"x2={n[-2:]}": 1.0, f"x3={n[-3:]}": 1.0, f"len={min(len(w), 8)}": 1.0}
        if any("a" <= c.lower() <= "z" for c in w):
            f["latin"] = 1.0
        if any(c.isdigit() for c in w):
            f["digit"] = 1.0
        for k, c in zip(KS, cl[i] or [None] * len(KS)):
            f[f"c{k}={c if c is not None else 'unk'}"] = 1.0
        for d in range(-WINDOW, WINDOW + 1):
            if d == 0:
                continue
            j = i + d
            inside = 0 <= j < len(words)
            f[f"w{d}={ns[j] if inside else '<s>'}"] = 1.0
            f[f"s{d}={st[j] if inside else '<s>'}"] = 1.0
            if abs(d) == 1:
                f[f"c{KS[-1]}{d}={cl[j][-1] if inside and cl[j] else 'unk'}"] = 1.0
                for k, v in enumerate(g[j] if inside else []):
                    if v:
                        f[f"g{d}_{k}"] = float(v)
        for k, v in enumerate(g[i]):
            if v:
                f[f"g{k}"] = float(v)
        out.append(f)
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class CrfWordTagger:
    """The trained CRF: `tag(words)` -> BIO tags; `predict_many` -> project Entities."""

    name = "crf"

    def __init__(self, tagger, gazetteer: Gazetteer | None, clusters: dict[str, list[int]], config: dict[str, Any]):
        self.tagger, self.gazetteer, self.clusters, self.config = tagger, gazetteer, clusters, config

    @classmethod
    def load(cls, path: str | Path = "models/ner-ar-crf") -> "CrfWordTagger":
        import pycrfsuite

        from ..relation.model.model import resolve_dir

        d = resolve_dir(path)
        for name in (CONFIG, MODEL, CLUSTERS):
            if not (d / name).is_file():
                raise ModelError(str(d / name), "Arabic NER CRF file missing", HINT)
        try:
            cfg = json.loads((d / CONFIG).read_text(encoding="utf-8"))
            if cfg.get("kind") != KIND:
                raise ValueError(f"kind is {cfg.get('kind')!r}, not {KIND!r}")
        except (ValueError, TypeError) as e:
            raise ModelError(str(d / CONFIG), f"unreadable CRF config ({e})", HINT) from None
        if cfg.get("sha256") != _sha256(d / MODEL):
            raise ModelError(str(d / MODEL), "corrupt: its sha256 is not the one config.json records", HINT)
        try:
            clusters = json.loads((d / CLUSTERS).read_text(encoding="utf-8"))
        except ValueError as e:
            raise ModelError(str(d / CLUSTERS), f"unreadable word clusters ({e})", HINT) from None
        gazetteer = None
        if cfg.get("gazetteer"):
            from .ar_gazetteer import FILE

            try:
                gazetteer = Gazetteer.load(d)
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
                raise ModelError(str(d / FILE), f"missing or unreadable gazetteer ({e})", HINT) from None
        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(d / MODEL))
        except (OSError, ValueError) as e:
            raise ModelError(str(d / MODEL), f"unreadable CRF model ({e})", HINT) from None
        return cls(tagger, gazetteer, clusters, cfg)

    def tag(self, words: list[str]) -> list[str]:
        if not words:
            return []
        gaz = self.gazetteer.features(words) if self.gazetteer is not None else None
        return list(self.tagger.tag(features(words, gaz, self.clusters)))

    def tag_many(self, sentences: list[list[str]]) -> list[list[str]]:
        return [self.tag(words) for words in sentences]

    def predict_many(self, items):
        """Project entities of each (text, a sentence's tokens), as BertWordTagger.predict_many."""
        from .ar_bert import entities_from_tags

        return entities_from_tags(items, self.tag_many, "ner-ar-crf")


class JointWordTagger:
    """`ar_backend = "joint"`: the BERT tagger and the CRF as one product of experts.  Each word's
    tag scores are the BERT tagger's log-softmax plus the log of the CRF's marginal probability of
    that tag, decoded with the BERT tagger's BIO-constrained Viterbi, so only valid BIO comes out.
    Equal weights (ANERcorp test: 0.729, against 0.701 and 0.708 for the two alone and 0.720 for
    `crf+bert`, which only fills one's gaps with the other's entities).

    Two decoding settings, chosen on the last 10% of the training sentences held out (a tagger and
    a CRF trained on the other 90%; README): `o_penalty` is taken off the O tag's score before
    decoding (both taggers are more precise than they recall: held-out micro F1 0.741 -> 0.746-0.754
    for 1-2); `window` > 0 then copies each entity to its untagged repeats in the same document
    within that many sentences (`consistency.consistent`, which also matches a repeat's first word
    with a proclitic glued on).  Both (1.5, 30): 0.741 -> 0.767 held out; ANERcorp test, scored
    after the choices, 0.729 -> 0.754."""

    name = "joint"

    def __init__(self, bert, crf: CrfWordTagger, o_penalty: float = 0.0, window: int = 0):
        self.bert, self.crf = bert, crf
        self.o_penalty, self.window = float(o_penalty), int(window)

    @classmethod
    def load(cls, bert_path: str | Path = "models/ner-ar", crf_path: str | Path = "models/ner-ar-crf",
             o_penalty: float = 0.0, window: int = 0) -> "JointWordTagger":
        from .ar_bert import BertWordTagger

        return cls(BertWordTagger.load(bert_path), CrfWordTagger.load(crf_path), o_penalty, window)

    def marginals(self, words: list[str]) -> torch.Tensor:
        """[W, len(TAGS)]: the CRF's marginal probability of each tag at each word."""
        from .ar_bert import TAGS

        gaz = self.crf.gazetteer.features(words) if self.crf.gazetteer is not None else None
        t = self.crf.tagger
        t.set(features(words, gaz, self.crf.clusters))
        known = set(t.labels())
        return torch.tensor([[t.marginal(tag, i) if tag in known else 0.0 for tag in TAGS] for i in range(len(words))])

    def tag_many(self, sentences: list[list[str]], groups: list | None = None) -> list[list[str]]:
        """BIO tags of consecutive sentences; groups: one key per sentence (its document) for the
        consistency step, None: all one document (a CoNLL file, read in order)."""
        from .ar_bert import TAGS
        from .consistency import consistent

        o = TAGS.index("O")
        out = []
        for words, em in zip(sentences, self.bert.emissions(sentences)):
            if not words:
                out.append([])
                continue
            z = torch.log_softmax(em.float(), -1) + torch.log(self.marginals(words).clamp_min(1e-6))
            z[:, o] -= self.o_penalty
            out.append([TAGS[i] for i in self.bert.net.crf.decode(z)])
        return consistent(sentences, out, self.window, groups)

    def tag(self, words: list[str]) -> list[str]:
        return self.tag_many([words])[0]

    def predict_many(self, items):
        """As BertWordTagger.predict_many; the sentences of one text are one document for `window`."""
        from .ar_bert import entities_from_tags

        groups = [id(text) for text, _ in items]  # the NER stage passes each document's one text object
        return entities_from_tags(items, lambda sentences: self.tag_many(sentences, groups), "ner-ar-joint")


def train(train_path: str, test_path: str | None, out: str, vectors: str, c1: float = 0.05, c2: float = 0.01,
          iterations: int = 500, folds: int = 10, seed: int = 13, log=print) -> Path:
    """Train on `train_path`, score on `test_path` (once, after training), write a version under `out`."""
    import pycrfsuite

    t0 = time.monotonic()
    sents = read_conll(train_path)
    if not sents:
        raise PipelineError(f"{train_path}: no training sentences")
    clusters = word_clusters(vectors, seed)
    gaz_train = Gazetteer.cross_fitted(sents, folds, lexicon=True) if folds else [None] * len(sents)
    gazetteer = Gazetteer.build(sents, lexicon=True) if folds else None
    trainer = pycrfsuite.Trainer(verbose=False)
    for s, g in zip(sents, gaz_train):
        trainer.append(features([w for w, _ in s], g, clusters), [t for _, t in s])
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    version = time.strftime("crf-%Y%m%d-%H%M%S", time.gmtime()) + f"-s{seed}"
    root = resolve(out)
    vdir = root / version
    vdir.mkdir(parents=True, exist_ok=True)
    log(f"training the CRF on {len(sents)} sentences ({iterations} L-BFGS iterations at most)")
    trainer.train(str(vdir / MODEL))
    (vdir / CLUSTERS).write_text(json.dumps(clusters, ensure_ascii=False), encoding="utf-8")
    if gazetteer is not None:
        gazetteer.save(vdir)
    cfg = {"kind": KIND, "version": version, "sha256": _sha256(vdir / MODEL), "gazetteer": gazetteer is not None,
           "word_vectors": str(vectors), "clusters": list(KS), "window": WINDOW,
           "train": {"data": str(train_path), "sentences": len(sents), "c1": c1, "c2": c2, "iterations": iterations,
                     "gazetteer_folds": folds, "seed": seed}}
    (vdir / CONFIG).write_text(json.dumps(cfg, indent=2) + "\n", encoding="utf-8")
    result = None
    if test_path:
        tagger = CrfWordTagger.load(vdir)
        test = read_conll(test_path)
        result = rounded(score([[t for _, t in s] for s in test], tagger.tag_many([[w for w, _ in s] for s in test])))
        log(table(result))
    seconds = round(time.monotonic() - t0, 1)
    cfg.update(test={"data": str(test_path), "scores": result} if result else None, seconds=seconds)
    (vdir / CONFIG).write_text(json.dumps(cfg, indent=2) + "\n", encoding="utf-8")
    (vdir / "MODEL_CARD.md").write_text(_card(cfg), encoding="utf-8")
    (root / "LATEST").write_text(version + "\n", encoding="utf-8")
    log(f"wrote {vdir} ({seconds / 60:.1f} min)")
    return vdir


def _card(cfg: dict[str, Any]) -> str:
    t, test = cfg["train"], cfg.get("test") or {}
    lines = [f"# Arabic NER CRF `{cfg['version']}`", "",
             "A linear-chain CRF (python-crfsuite) over word, affix, neighbour, gazetteer and word-cluster "
             "features (`pipeline/ner/ar_crf.py`).", "",
             "## Data and licence", "",
             f"- Trained on `{t['data']}` ({t['sentences']} sentences): ANERcorp (Benajiba et al.), research use; "
             "its terms apply to this model. `gazetteer.json` lists names and counts from its training entities.",
             f"- Word clusters from `{cfg['word_vectors']}` (FastText on SaudiNewsNet, CC BY-NC-SA 4.0): "
             "this model inherits non-commercial, attribution, share-alike terms.", "",
             "## Training", "",
             f"c1 {t['c1']}, c2 {t['c2']}, at most {t['iterations']} L-BFGS iterations; gazetteer features cross-fitted "
             f"over {t['gazetteer_folds']} folds; k-means seed {t['seed']}; {cfg.get('seconds')} s on the CPU "
             "(2 cores) including the clusters and the test scoring. `make train-ner-crf` reproduces it.", ""]
    if test.get("scores"):
        lines += [f"## Scores on `{test['data']}` (CoNLL entity level, as `pledges eval-ner` prints them)", "",
                  "| type | P | R | F1 |", "|---|---|---|---|"]
        for k in ("PERS", "LOC", "ORG", "MISC", "micro"):
            r = test["scores"].get(k) or {}
            lines.append(f"| {k} | {r.get('p', 0):.3f} | {r.get('r', 0):.3f} | {r.get('f1', 0):.3f} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.ner.ar_crf",
                                 description="Train the Arabic NER CRF on a CoNLL file (make train-ner-crf).")
    ap.add_argument("--train", default="../shared/ner-ar/anercorp.train.conll")
    ap.add_argument("--test", default="../shared/ner-ar/anercorp.test.conll", help="scored once after training; '' for none")
    ap.add_argument("--out", default="models/ner-ar-crf")
    ap.add_argument("--vectors", default="models/word-vectors-ar", help="FastText vectors the word clusters come from")
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=500)
    ap.add_argument("--folds", type=int, default=10, help="gazetteer cross-fitting folds (0: no gazetteer features)")
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args(argv)
    try:
        train(a.train, a.test or None, a.out, a.vectors, a.c1, a.c2, a.iterations, a.folds, a.seed)
    except PipelineError as e:
        print(f"train-ner-crf: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
