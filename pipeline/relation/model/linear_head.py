"""Regularised linear heads over the rules' features and the words around them,
fitted to convergence: `model.pledge_head = "linear"` (is this amount a
pledge: a logistic regression) and `model.candidate_head = "linear"` (which
candidate is the giver: a conditional logit, a softmax over the amount's
candidates).

Why: the MLP heads, trained a few epochs side by side, left the pledge
probabilities squeezed between 0.2 and 0.8 (cross-validated ROC AUC of the
pledge decision 0.838 over the 233 articles, 0.793 on the unseen ones).  A
logistic regression on the same 21 features reached 0.869 / 0.839, with the
context words 0.882 / 0.851; the donor pick among candidates went from 0.670 /
0.597 (MLP) to 0.72 / 0.69 with the candidates' own words and their neighbours
(same folds; the donor+amount figures that chose them are in the README).  Both
are convex fits: one optimum for a given training set, so no seed moves them.

Terms (`context_terms`, `candidate_terms`) are sparse named features:
- pledge: the `WINDOW` words before the amount in its sentence ("L:"), the
  `WINDOW` after ("R:"), the `NEAR` nearest on each side again ("L3:", "R3:"),
  the previous sentence's words ("P:", weight `PREV_WEIGHT`: a list continuing a
  giving sentence), the article's first sentence's words ("H:", weight
  `HEAD_WEIGHT`: what the story is about, a gift or a budget, a transfer fee, a
  company's results; 5 seeds, unseen 0.623 -> 0.626, Arabic 0.570 -> 0.581; weight
  0.1 / 1.0: 0.623 / 0.619);
- candidate: its own words ("C:": "Foundation", "each", "Inc"), the
  `CAND_WINDOW` words before ("L:") and after ("R:") it; with word clusters
  (`model.word_clusters`, ner/word_clusters.py: Arabic) also the `CLUSTER_K`-way
  cluster of each of those neighbours ("LK:", "RK:") and of the word just before
  ("L1K:"), so that a verb form or preposition unseen in training still reads
  as its kind (5 seeds, unseen Arabic 0.564 -> 0.576: README).
Words are lower-cased; Arabic is dediacritised and normalised with camel_tools,
and a leading conjunction or preposition letter and the article are cut off
(`_word`).  The vocabulary is every term of the training examples, saved in
config.json beside the weights; terms unseen in training are left out.

Objective (as scikit-learn's LogisticRegression, L2, unpenalised bias): the sum
of the log-losses + |w|^2 / (2 C), minimised with L-BFGS in float64 on the CPU.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import torch
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import normalize_alef_ar, normalize_alef_maksura_ar, normalize_teh_marbuta_ar
from torch import nn

from ...document import Document, Mention

WINDOW, NEAR, PREV_WEIGHT, HEAD_WEIGHT = 6, 3, 0.3, 0.3
CAND_WINDOW, CAND_CHARS = 2, 60
CLUSTER_K = 128   # 512, 5 seeds (all / unseen / unseen Arabic): 0.653 / 0.608 / 0.572 against 0.654 / 0.609 / 0.576
_WORD = re.compile(r"\w+")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_TATWEEL = "\u0640"


@lru_cache(maxsize=65536)
def _word(w: str) -> str:
    w = w.lower()
    if w.isdigit():
        return "0"
    if not _ARABIC.match(w):
        return w
    w = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(w).replace(_TATWEEL, ""))))
    # one proclitic letter and the article, on words long enough to keep a stem: a light stemmer of our
    # own, because camel_tools' morphological analysers need data this project cannot download
    if len(w) > 4 and w[0] in "وفبل":
        w = w[1:]
    if len(w) > 4 and w.startswith("ال"):
        w = w[2:]
    return w


def _words(text: str, lo: int, hi: int) -> list[str]:
    return [_word(w) for w in _WORD.findall(text, max(0, lo), max(0, hi))]


def context_terms(doc: Document, sentence, start: int, end: int) -> dict[str, float]:
    """The pledge head's terms for the amount at [start, end) in `sentence`."""
    left, right = _words(doc.text, sentence.start, start)[-WINDOW:], _words(doc.text, end, sentence.end)[:WINDOW]
    terms: dict[str, float] = {}
    for prefix, words in (("L:", left), ("R:", right), ("L3:", left[-NEAR:]), ("R3:", right[:NEAR])):
        for w in words:
            terms[prefix + w] = 1.0
    i = doc.sentence_index(sentence)
    if i > 0:
        for w in _words(doc.text, doc.sentences[i - 1].start, doc.sentences[i - 1].end):
            terms["P:" + w] = PREV_WEIGHT
    if doc.sentences:
        for w in _words(doc.text, doc.sentences[0].start, doc.sentences[0].end):
            terms["H:" + w] = HEAD_WEIGHT
    return terms


def candidate_terms(doc: Document, m: Mention, clusters=None) -> dict[str, float]:
    """The candidate head's terms for one donor candidate; `clusters` (a WordClusters of the
    document's language, or None) adds the neighbours' clusters."""
    terms = {"C:" + w: 1.0 for w in _words(doc.text, m.start, m.end)}
    for w in _words(doc.text, m.start - CAND_CHARS, m.start)[-CAND_WINDOW:]:
        terms["L:" + w] = 1.0
    for w in _words(doc.text, m.end, m.end + CAND_CHARS)[:CAND_WINDOW]:
        terms["R:" + w] = 1.0
    if clusters is not None:
        left = _WORD.findall(doc.text, max(0, m.start - CAND_CHARS), m.start)[-CAND_WINDOW:]
        right = _WORD.findall(doc.text, m.end, m.end + CAND_CHARS)[:CAND_WINDOW]
        for prefix, words in (("LK:", left), ("RK:", right), ("L1K:", left[-1:])):
            for w in words:
                c = clusters.cluster(w, CLUSTER_K)
                if c is not None:
                    terms[f"{prefix}{c}"] = 1.0
    return terms


class _Linear(nn.Module):
    """w . standardise(features) + the weights of the terms present (+ bias)."""

    def __init__(self, n_feats: int, vocab: list[str], c: float):
        super().__init__()
        self.vocab, self.c = list(vocab), float(c)
        self.index = {t: i for i, t in enumerate(self.vocab)}
        self.register_buffer("mean", torch.zeros(n_feats))
        self.register_buffer("scale", torch.ones(n_feats))
        self.feats = nn.Linear(n_feats, 1)
        self.terms = nn.EmbeddingBag(max(1, len(self.vocab)), 1, mode="sum")

    def meta(self) -> dict[str, Any]:
        return {"vocab": self.vocab, "c": self.c}

    def score(self, feats: torch.Tensor, terms: list[dict[str, float]]) -> torch.Tensor:
        """One score per row of `feats` (R, n) and its terms."""
        z = self.feats((feats.float() - self.mean) / self.scale).squeeze(-1)
        ids, offsets, weights = [], [], []
        for t in terms:
            offsets.append(len(ids))
            for k, v in sorted(t.items()):
                if (i := self.index.get(k)) is not None:
                    ids.append(i)
                    weights.append(v)
        if ids:
            dev = feats.device
            z = z + self.terms(torch.tensor(ids, device=dev), torch.tensor(offsets, device=dev),
                               per_sample_weights=torch.tensor(weights, device=dev)).squeeze(-1)
        return z

    @classmethod
    def _fit(cls, feats: list[list[float]], terms: list[dict[str, float]], loss_of, c: float, standardise: bool,
             max_iter: int = 500):
        vocab = sorted({k for t in terms for k in t})
        head = cls(len(feats[0]), vocab, c)
        x = torch.tensor(feats, dtype=torch.float64)
        mean, std = torch.zeros(x.size(1), dtype=torch.float64), torch.ones(x.size(1), dtype=torch.float64)
        if standardise:
            mean, std = x.mean(0), x.std(0, unbiased=False)
            std = torch.where(std > 1e-12, std, torch.ones_like(std))
        rows = [r for r, t in enumerate(terms) for _ in t]
        cols = [head.index[k] for t in terms for k in t]
        vals = [v for t in terms for v in t.values()]
        lex = torch.sparse_coo_tensor(torch.tensor([rows, cols], dtype=torch.long).reshape(2, -1),
                                      torch.tensor(vals, dtype=torch.float64), (len(terms), max(1, len(vocab))),
                                      check_invariants=True)
        xs = (x - mean) / std
        wf = torch.zeros(x.size(1), dtype=torch.float64, requires_grad=True)
        wt = torch.zeros(max(1, len(vocab)), dtype=torch.float64, requires_grad=True)
        b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.LBFGS([wf, wt, b], lr=1.0, max_iter=max_iter, tolerance_grad=1e-8, tolerance_change=1e-12,
                                history_size=20, line_search_fn="strong_wolfe")

        def closure():
            opt.zero_grad()
            z = xs @ wf + torch.sparse.mm(lex, wt.unsqueeze(1)).squeeze(1) + b
            loss = loss_of(z) + (wf @ wf + wt @ wt) / (2 * c)
            loss.backward()
            return loss

        opt.step(closure)
        with torch.no_grad():
            head.mean.copy_(mean.float())
            head.scale.copy_(std.float())
            head.feats.weight.copy_(wf.float().unsqueeze(0))
            head.feats.bias.copy_(b.float())
            head.terms.weight.copy_(wt.float().unsqueeze(1))
        return head


class PledgeLinear(_Linear):
    """Pledge logits [0, z]: softmax gives the logistic probability."""

    def forward(self, feats: torch.Tensor, terms: list[dict[str, float]]) -> torch.Tensor:
        z = self.score(feats, terms)
        return torch.stack([torch.zeros_like(z), z], dim=-1)

    @classmethod
    def fit(cls, feats: list[list[float]], terms: list[dict[str, float]], labels: list[int],
            c: float = 0.3) -> "PledgeLinear":
        """Logistic regression of `labels` (0/1) on the standardised features and the terms."""
        y = torch.tensor(labels, dtype=torch.float64)
        return cls._fit(feats, terms, lambda z: nn.functional.binary_cross_entropy_with_logits(z, y, reduction="sum"),
                        c, standardise=True)


class CandidateLinear(_Linear):
    """Candidate scores (B, C), padding at -1e4, as the MLP candidate head gives them.
    `mlp_weight` > 0 (`model.candidate_head = "mlp+linear"`): the scores are the logit's
    log-probabilities plus `mlp_weight` times the MLP head's (`combine`), a product of
    experts; 0: the logit alone replaces the MLP."""

    mlp_weight: float = 0.0

    def meta(self) -> dict[str, Any]:
        return dict(super().meta(), mlp_weight=self.mlp_weight)

    def combine(self, own: torch.Tensor, mlp: torch.Tensor | None) -> torch.Tensor:
        """The donor scores given this head's `own` and the MLP's scores (B, C)."""
        if not self.mlp_weight or mlp is None:
            return own
        return torch.log_softmax(own.float(), -1) + self.mlp_weight * torch.log_softmax(mlp.float(), -1)

    def forward(self, cand_feats: torch.Tensor, cand_mask: torch.Tensor, terms: list[list[dict[str, float]]]):
        b, c, n = cand_feats.shape
        flat = [t for row in terms for t in row]
        where = [(i, k) for i, row in enumerate(terms) for k in range(len(row))]
        out = torch.full((b, c), -1e4, device=cand_feats.device)
        if flat:
            ii = torch.tensor([w[0] for w in where], device=cand_feats.device)
            kk = torch.tensor([w[1] for w in where], device=cand_feats.device)
            out[ii, kk] = self.score(cand_feats[ii, kk], flat)
        return out.masked_fill(~cand_mask, -1e4)

    @classmethod
    def fit(cls, cand_feats: list[list[list[float]]], terms: list[list[dict[str, float]]], labels: list[int],
            c: float = 1.0) -> "CandidateLinear":
        """Conditional logit: for each example, the softmax over its candidates of
        w . features + term weights, the log-likelihood of the labelled one."""
        flat_f = [f for ex in cand_feats for f in ex]
        flat_t = [t for ex in terms for t in ex]
        sizes = [len(ex) for ex in cand_feats]
        seg = torch.repeat_interleave(torch.arange(len(sizes)), torch.tensor(sizes))
        first = torch.tensor([0] + sizes[:-1]).cumsum(0)
        target = first + torch.tensor(labels)

        def loss_of(z: torch.Tensor) -> torch.Tensor:
            top = torch.zeros(len(sizes), dtype=z.dtype).scatter_reduce(0, seg, z.detach(), "amax", include_self=False)
            lse = torch.zeros(len(sizes), dtype=z.dtype).index_add(0, seg, (z - top[seg]).exp()).log() + top
            return (lse - z[target]).sum()

        return cls._fit(flat_f, flat_t, loss_of, c, standardise=False)
