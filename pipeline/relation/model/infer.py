"""Batched inference: Documents (amounts, entities, sentences) -> Pledges.

For every amount the rules' Decision is computed first (RuleRelation.decisions:
score, trigger, donor with anaphora resolved, recipient, purpose); the model
then re-scores the amount and tags DONOR / RECIPIENT spans in its window.
The model's probability replaces the rules' score; a tagged donor replaces the
rules' donor (an anaphoric one -- "the company", "She" -- is resolved by the
rules' resolver), and when no donor is tagged the rules' donor stays.  Records
are then assembled by the rules' own policy (RuleRelation.extract: one record
per amount per document, repeats merged, the canonical donor name and the
pledge group), so both relation stages give the same kind of output.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import torch

from ...document import Document, Mention, Pledge
from ...errors import ConfigError, ModelError
from ..roles import GIVER_LABELS
from ..rules import Decision, RuleRelation
from . import model as M
from . import features as F
from .encode import IGNORE, Encoded, compose, decode_span, encode, snap, token_span, words
from .linear_head import candidate_terms, context_terms


def trigger_span(doc: Document, d: Decision) -> tuple[int, int] | None:
    if d.trigger is None:
        return None
    toks = doc.sentence_tokens(d.sentence)
    if not (0 <= d.trigger.start < d.trigger.end <= len(toks)):
        return None
    return toks[d.trigger.start].start, toks[d.trigger.end - 1].end


def encode_decision(doc: Document, d: Decision, tokenizer, max_len: int, context: int,
                    entity_markers: bool = False, features: bool = False, terms: bool = False,
                    cand_terms: bool = False, clusters: dict[str, Any] | None = None) -> Encoded:
    """The model's input for one decision; `terms` / `cand_terms`: the words the linear
    pledge / candidate head reads (linear_head.py), only computed for a head that reads them;
    `clusters`: language -> WordClusters whose clusters the candidate terms add."""
    text, cmap = compose(doc, d.amount, d.sentence, score=d.score, trigger=trigger_span(doc, d),
                         rule_donor=d.donor, rule_recipient=d.recipient, context=context,
                         entities=doc.entities if entity_markers else None)
    enc = encode(tokenizer, text, cmap, max_len)
    if features:
        enc.feats = F.pledge_features(doc, d)
        enc.cand_mentions = F.donor_candidates(doc, d, context)
        enc.cands = [token_span(enc, m.start, m.end) for m in enc.cand_mentions]
        enc.cand_feats = F.candidate_features(doc, d, enc.cand_mentions)
        if terms:
            enc.lex = context_terms(doc, d.sentence, d.amount.start, d.amount.end)
        if cand_terms:
            wc = (clusters or {}).get(doc.lang or "")
            enc.cand_lex = [candidate_terms(doc, m, wc) for m in enc.cand_mentions]
    return enc


def load_clusters(spec: dict[str, Any] | None) -> dict[str, Any]:
    """language -> WordClusters, from a model's `word_clusters` entry ({"lang", "path", "sha256"};
    None: none).  A table whose sha256 is not the recorded one stops with a ModelError naming it:
    the candidate head's cluster terms would mean other words."""
    if not spec:
        return {}
    from ...ner.word_clusters import TABLE, WordClusters

    wc = WordClusters.load(spec["path"])
    if spec.get("sha256") and wc.sha256 != spec["sha256"]:
        raise ModelError(f"{spec['path']}/{TABLE}", "not the word clusters the relation model was trained with "
                         "(sha256 differs)", "run `make train` again, or restore the table")
    return {spec.get("lang", "ar"): wc}


def collate(encs: list[Encoded], device: torch.device, with_labels: bool = False, labels: list[int] | None = None):
    n = max(len(e.input_ids) for e in encs)
    ids = torch.zeros((len(encs), n), dtype=torch.long)
    mask = torch.zeros((len(encs), n), dtype=torch.long)
    for i, e in enumerate(encs):
        ids[i, :len(e.input_ids)] = torch.tensor(e.input_ids)
        mask[i, :len(e.input_ids)] = 1
    amt = torch.tensor([e.amt_index for e in encs], dtype=torch.long)
    batch = {"input_ids": ids.to(device), "attention_mask": mask.to(device), "amt_index": amt.to(device)}
    if encs[0].feats:
        batch["feats"] = torch.tensor([e.feats for e in encs], dtype=torch.float).to(device)
        c = max(1, max(len(e.cands) for e in encs))
        spans = torch.full((len(encs), c, 2), -1, dtype=torch.long)
        cf = torch.zeros((len(encs), c, F.N_CANDIDATE), dtype=torch.float)
        cmask = torch.zeros((len(encs), c), dtype=torch.bool)
        for i, e in enumerate(encs):
            if e.cands:
                spans[i, :len(e.cands)] = torch.tensor(e.cands)
                cf[i, :len(e.cands)] = torch.tensor(e.cand_feats)
                cmask[i, :len(e.cands)] = True
        batch.update(cand_spans=spans.to(device), cand_feats=cf.to(device), cand_mask=cmask.to(device))
    if with_labels:
        tags = torch.full((len(encs), n), -100, dtype=torch.long)
        for i, e in enumerate(encs):
            if e.tags:
                tags[i, :len(e.tags)] = torch.tensor(e.tags)
        batch["tags"] = tags.to(device)
        batch["labels"] = torch.tensor(labels, dtype=torch.long).to(device)
        batch["cand_labels"] = torch.tensor([e.cand_label if e.cands else IGNORE for e in encs],
                                            dtype=torch.long).to(device)
    return batch


_FUNCTION_WORDS = {"the", "a", "an", "of", "to", "for", "and", "in", "on", "by", "with", "its", "their", "his", "her",
                   "s", "في", "من", "إلى", "الى", "على", "عن", "مع", "و", "ب", "ل", "لل", "بـ", "لـ", "ال"}


def _content(text: str, lang: str | None) -> bool:
    """A span worth keeping: at least one word that is not a function word or a number."""
    from ...eval import name_words

    return any(w not in _FUNCTION_WORDS and not w.isdigit() for w in name_words(text))


def _same(m: Mention, n: Mention | None) -> bool:
    return n is not None and m.start == n.start and m.end == n.end


@dataclass
class Prediction:
    prob: float
    donor: tuple[int, int, float] | None
    recipient: tuple[int, int, float] | None
    enc: Encoded | None = None
    tag_probs: Any = None  # (tokens x TAGS) array
    cand_probs: list[float] | None = None  # softmax over enc.cand_mentions

    def support(self, m: Mention | None, b: int) -> float | None:
        """Mean probability that the tokens of mention m carry tag type b (1 donor,
        3 recipient); None when m is not in the model's window."""
        if m is None or self.enc is None or self.tag_probs is None:
            return None
        rows = [i for i, (s, e) in enumerate(zip(self.enc.starts, self.enc.ends)) if s >= m.start and 0 <= e <= m.end]
        if not rows:
            return None
        return float(sum(self.tag_probs[i][b] + self.tag_probs[i][b + 1] for i in rows) / len(rows))


class ModelRelation:
    def __init__(self, model: M.RelationModel, tokenizer, meta: dict[str, Any], device: torch.device,
                 threshold: float | None = None, batch_size: int = 64, rules: RuleRelation | None = None,
                 recipient_fallback: bool | None = None, roles: str | None = None,
                 donor_needs_entity: bool | None = None, rule_weight: float | None = None,
                 recipient: str | None = None, donor_min: float | None = None,
                 clusters: dict[str, Any] | None = None):
        self.model, self.tokenizer, self.meta, self.device = model, tokenizer, meta, device
        self.threshold = float(threshold if threshold is not None else meta.get("threshold", 0.5))
        self.batch_size = batch_size
        self.max_len = int(meta.get("max_len", 160))
        self.context = int(meta.get("context", 1))
        self.entity_markers = bool(meta.get("entity_markers", False))
        self.roles = roles or meta.get("roles", "model")
        self.donor_needs_entity = bool(meta.get("donor_needs_entity", True) if donor_needs_entity is None
                                       else donor_needs_entity)
        if self.roles not in ("model", "verify", "rank"):
            raise ConfigError(f"roles must be 'model', 'verify' or 'rank', not {self.roles!r}", key="relation.roles")
        self.rules = rules or RuleRelation()
        # the pledge score: (1 - w) * the model's probability + w * the rules' score
        self.rule_weight = float(meta.get("rule_weight", 0.0) if rule_weight is None else rule_weight)
        # recipient = "rules": the rules' recipient stays (the tagger only reads donors); donor_min: the
        # candidate head's pick replaces the rules' donor only at this probability or more
        self.recipient = recipient or meta.get("recipient", "model")
        self.donor_min = float(meta.get("donor_min", 0.0) if donor_min is None else donor_min)
        if self.recipient not in ("model", "rules"):
            raise ConfigError(f"recipient must be 'model' or 'rules', not {self.recipient!r}", key="relation.recipient")
        self.recipient_fallback = bool(meta.get("recipient_fallback", False) if recipient_fallback is None
                                       else recipient_fallback)
        # the tables of meta["word_clusters"]; a caller that already loaded them (the trainer) passes them
        self.clusters = clusters if clusters is not None else load_clusters(meta.get("word_clusters"))
        for n, have, what in ((getattr(model, "n_pledge", 0), F.N_PLEDGE, "pledge"),
                              (getattr(model, "n_candidate", 0), F.N_CANDIDATE, "candidate")):
            if n and n != have:  # a model from another version of features.py: its weights would read other columns
                raise ModelError(f"{meta.get('path', 'the relation model')}/config.json",
                                 f"trained on {n} {what} features; this version computes {have}", "run `make train`")

    @property
    def features_only(self) -> bool:
        """The model's heads read features only and the role policy reads no tags
        (rank with the rules' recipient): predictions need no encoder pass."""
        return (self.model.n_pledge > 0 and not self.model.reads_text and self.roles == "rank"
                and self.recipient == "rules")

    @classmethod
    def load(cls, path: str, device: str = "auto", **kw: Any) -> "ModelRelation":
        dev = M.resolve_device(device)
        model, tokenizer, meta = M.load(path, dev)
        return cls(model, tokenizer, meta, dev, **kw)

    @torch.no_grad()
    def predict(self, encs: list[Encoded]) -> list[Prediction]:
        self.model.eval()
        order = sorted(range(len(encs)), key=lambda i: len(encs[i].input_ids))  # less padding
        preds: dict[int, Prediction] = {}
        for k in range(0, len(order), self.batch_size):
            idx = order[k:k + self.batch_size]
            batch = collate([encs[i] for i in idx], self.device)
            if self.features_only:  # no head reads the text and no policy reads the tags: no encoder pass
                logits, cand = self.model.heads(batch["feats"], batch["cand_feats"], batch["cand_mask"])
                tags = None
            else:
                logits, tags, cand = self.model(**batch)
            if self.model.linear is not None:  # the logistic pledge head (linear_head.py) gives the verdict
                logits = self.model.linear(batch["feats"], [encs[i].lex for i in idx])
            if self.model.cand_linear is not None and cand is not None:  # and the conditional-logit donor pick
                own = self.model.cand_linear(batch["cand_feats"], batch["cand_mask"], [encs[i].cand_lex for i in idx])
                cand = self.model.cand_linear.combine(own, cand)
            probs = torch.softmax(logits.float(), -1)[:, 1].cpu().tolist()
            tag_probs = torch.softmax(tags.float(), -1).cpu().numpy() if tags is not None else None
            cand_probs = torch.softmax(cand.float(), -1).cpu().tolist() if cand is not None else None
            for row, i in enumerate(idx):
                cp = cand_probs[row][:len(encs[i].cands)] if cand_probs is not None and encs[i].cands else None
                if tag_probs is None:
                    preds[i] = Prediction(probs[row], None, None, encs[i], None, cp)
                    continue
                tp = tag_probs[row, :len(encs[i].input_ids)]
                groups = words(self.tokenizer, encs[i])
                preds[i] = Prediction(probs[row], decode_span(encs[i], tp, 1, groups),
                                      decode_span(encs[i], tp, 3, groups), encs[i], tp, cp)
        return [preds[i] for i in range(len(encs))]

    def decisions(self, docs: list[Document]) -> list[list[Decision]]:
        """The rules' decisions, re-scored and re-labelled by the model."""
        per_doc = [self.rules.decisions(d) if d.ok else [] for d in docs]
        jobs = [(di, k) for di, decs in enumerate(per_doc) for k in range(len(decs))]
        encs = [encode_decision(docs[di], per_doc[di][k], self.tokenizer, self.max_len, self.context,
                                self.entity_markers, features=self.model.n_pledge > 0,
                                terms=self.model.linear is not None, cand_terms=self.model.cand_linear is not None,
                                clusters=self.clusters)
                for di, k in jobs]
        preds = self.predict(encs) if encs else []
        for (di, k), p in zip(jobs, preds):
            self.apply(docs[di], per_doc[di][k], p)
        return per_doc

    def apply(self, doc: Document, d: Decision, p: Prediction) -> None:
        """roles = "model": the tagged spans replace the rules' (donor: only when one
        is tagged); roles = "verify": the rules' donor / recipient stays when the
        tagger supports it (mean tag probability >= 0.5 over its tokens), and a
        tagged span replaces it otherwise (a recipient the tagger rejects and
        replaces by nothing becomes null); roles = "rank": see rank()."""
        d.score = (1.0 - self.rule_weight) * p.prob + self.rule_weight * min(1.0, max(0.0, d.score))
        if self.roles == "rank":
            self.rank(doc, d, p)
            return
        donor = self.span(doc, p.donor, d.donor) if p.donor is not None else None
        donor = donor if donor is not None and _content(donor.text, doc.lang) and self._giver(doc, donor, d) else None
        keep = self.roles == "verify" and (p.support(d.donor, 1) or 0.0) >= 0.5
        if donor is not None and not keep:
            d.donor = self.rules.resolve(doc, Mention(donor.start, donor.end, donor.text, "model"), d.sentence)
        recipient = self.span(doc, p.recipient, d.recipient) if p.recipient is not None else None
        recipient = recipient if recipient is not None and _content(recipient.text, doc.lang) else None
        if self.roles == "verify" and (p.support(d.recipient, 3) or 0.0) >= 0.5:
            pass
        elif recipient is not None:
            d.recipient = Mention(recipient.start, recipient.end, recipient.text, "model")
        elif not self.recipient_fallback:
            d.recipient = None
        if d.donor is not None and d.recipient is not None and d.donor.start == d.recipient.start:
            d.recipient = None

    def rank(self, doc: Document, d: Decision, p: Prediction) -> None:
        """The tagger as a ranker: each candidate -- the entities in the model's
        window (givers for the donor, any for the recipient) and the rules' own
        mention -- is scored by the tagger's mean probability over its tokens; the
        best one at 0.5 or more wins, else the tagged span (grown to whole
        entities), else the rules' mention (the recipient: null unless
        recipient_fallback)."""
        starts = [s for s in (p.enc.starts if p.enc else []) if s >= 0]
        lo, hi = (min(starts), max(p.enc.ends)) if starts else (0, 0)
        ents = [e for e in doc.entities if lo <= e.start and e.end <= hi
                and (e.end <= d.amount.start or e.start >= d.amount.end)]

        def best(b: int, cands: list[Mention], tagged: tuple[int, int, float] | None, rule: Mention | None):
            scored = [(p.support(m, b) or 0.0, -abs(m.start - d.amount.start), k) for k, m in enumerate(cands)]
            top = max(scored, default=None)
            if top is not None and top[0] >= 0.5:
                return cands[top[2]]
            if tagged is not None:
                m = self.span(doc, tagged, rule)
                if _content(m.text, doc.lang) and (b != 1 or self._giver(doc, m, d)):
                    return Mention(m.start, m.end, m.text, "model")
            return None

        if p.cand_probs and d.donor is None:
            donor = None  # no giver the rules can name: the record policy decides (a repeat's, or none)
        elif p.cand_probs:  # the candidate head: its best candidate (the rules' donor is one of them)
            k = max(range(len(p.cand_probs)), key=lambda n: (p.cand_probs[n], -n))
            donor = p.enc.cand_mentions[k]
            donor = d.donor if _same(donor, d.donor) or (d.donor is not None and p.cand_probs[k] < self.donor_min) \
                else Mention(donor.start, donor.end, donor.text, "model")
        else:
            givers = [Mention(e.start, e.end, e.text, "model") for e in ents if e.label in GIVER_LABELS]
            donor = best(1, givers + ([d.donor] if d.donor is not None else []), p.donor, d.donor)
        if donor is not None and donor is not d.donor:
            d.donor = self.rules.resolve(doc, donor, d.sentence)
        if self.recipient == "rules":
            if d.donor is not None and d.recipient is not None and d.donor.start == d.recipient.start:
                d.recipient = None
            return
        others = [Mention(e.start, e.end, e.text, "model") for e in ents
                  if d.donor is None or e.end <= d.donor.start or e.start >= d.donor.end]
        recipient = best(3, others + ([d.recipient] if d.recipient is not None else []), p.recipient, d.recipient)
        if recipient is not None or not self.recipient_fallback:
            d.recipient = recipient
        if d.donor is not None and d.recipient is not None and d.donor.start == d.recipient.start:
            d.recipient = None

    def _giver(self, doc: Document, m: Mention, d: Decision) -> bool:
        """A tagged donor must overlap a giver entity or the rules' donor
        (donor_needs_entity); free text spans are left to the rules."""
        if not self.donor_needs_entity:
            return True
        spans = [(e.start, e.end) for e in doc.entities if e.label in GIVER_LABELS]
        if d.donor is not None:
            spans.append((d.donor.start, d.donor.end))
        return any(s < m.end and m.start < e for s, e in spans)

    @staticmethod
    def span(doc: Document, pred: tuple[int, int, float], rule: Mention | None) -> Mention:
        """A predicted span grown to the rules' mention and the entities it overlaps,
        then to whole document tokens."""
        s, e = pred[0], pred[1]
        if rule is not None and rule.start < e and s < rule.end:
            s, e = min(s, rule.start), max(e, rule.end)
        for ent in doc.entities:
            if ent.start < e and s < ent.end:
                s, e = min(s, ent.start), max(e, ent.end)
        return snap(doc, s, e)

    def extract_batch(self, docs: list[Document]) -> list[list[Pledge]]:
        out = []
        for doc, decs in zip(docs, self.decisions(docs)):
            out.append(self.assemble(doc, decs))
        return out

    def assemble(self, doc: Document, decs: list[Decision]) -> list[Pledge]:
        """The rules' record policy over the model's decisions."""
        policy = copy.copy(self.rules)
        policy.threshold = self.threshold
        policy.decisions = lambda _doc: decs  # extract() asks for the decisions once
        return policy.extract(doc)

    def extract(self, doc: Document) -> list[Pledge]:
        return self.extract_batch([doc])[0]
