"""Pledge or not, donor, recipient, purpose -> Document.pledges.

The stage is thin: the rules live in pipeline.relation.rules.  It also tells
the NER stage which English sentences the rules will read (see
pipeline.stages.ner, `context`), so that spaCy runs on those only:

- the sentence of an amount the rules could accept.  An amount is scored from
  the cues its sentence's tokens give; entities only hide cues (those inside a
  name), and fewer giving or support cues, or more look-alike ones, never raise
  a score.  So a sentence whose amounts all score under the threshold with
  every cue but the look-alikes and no entity (`best_case`) is left
  unanalysed: none of its amounts can be accepted, whatever its entities or
  parse (e.g. "revenue reached $9 million": no giving cue at all);
- any other sentence the rules look into (RuleRelation.view) right before;
- the sentences before an anaphoric donor when it is resolved, and only the
  donor of an accepted amount is: an amount's score does not depend on its
  donor, and records are made of accepted decisions only, so the others'
  resolution (done by RuleRelation.decide for every amount) would be lost work.
  Resolution picks the nearest earlier entity of a compatible type
  (RuleRelation.resolve), so the deferred sentences before the anaphor are
  analysed nearest first, until the entity resolved to lies after the next one
  still deferred: no entity there could be nearer.  The donors of all the
  documents of a batch are resolved together (decide_all): each round sends
  the sentences the uncertain ones ask for next to the model in one call.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from ..document import Amount, Document, Mention, Pledge, Sentence
from ..registry import Stage, register
from ..relation import roles
from ..relation.lexicon import lexicon
from ..relation.memo import sentence_cues
from ..relation.rules import Decision, RuleRelation
from .ner import CONTEXT_KEY, amount_sentence_indices


@dataclass
class _Unresolved(Mention):
    """An anaphoric donor as written, its resolution waiting for the decision's verdict."""

    sentence: Sentence | None = None


class _ContextRules(RuleRelation):
    """RuleRelation reading NER results that may be deferred (ner.context = "on_demand")."""

    complete_context: Callable[[Document, list[int]], None] | None = None
    complete_contexts: Callable[[list[tuple[Document, list[int]]]], None] | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._ready: dict[int, list[Decision]] = {}  # decide_all(): decisions by id(document)

    def best_case(self, doc: Document, sent: Sentence, amounts: list[Amount]) -> float:
        """At least the highest score the amounts of `sent` can get, whatever its
        entities and parse: the score with every cue except the look-alikes and no
        entity, each amount scored as money (score() caps an in-kind quantity whose
        strongest giving cue is weak, and hiding cues can change which is strongest)."""
        lex = lexicon(doc.lang or "en")
        # a "raise" may give once parsed (roles.en_pledging_raises), a receipt once its
        # giver is recognised ("received £15m from Y"): count them as giving here
        cues = [roles.as_giving(c) if (lex.pledgers and roles.raise_cue(c)) or c.kind == "receipt" else c
                for c in sentence_cues(doc, sent) if c.kind != "negative" or (lex.pledgers and roles.raise_cue(c))]
        view = roles.SentenceView(doc, doc.sentence_tokens(sent), sent.token_start, [], cues)
        return max((self.score(view, a if a.kind == "money" else replace(a, kind="money"))[0] for a in amounts),
                   default=0.0)

    def sentences_needed(self, doc: Document) -> set[int]:
        """Indices of the amount sentences the rules need analysed."""
        need = set()
        for i in amount_sentence_indices(doc):
            sent = doc.sentences[i]
            if self.best_case(doc, sent, [a for a in doc.amounts if doc.sentence_at(a.start) is sent]) \
                    >= self.threshold:
                need.add(i)
        return need

    def decide(self, doc: Document, a: Amount) -> Decision | None:
        sent = doc.sentence_at(a.start)
        later = doc.meta.get(CONTEXT_KEY)
        if sent is not None and later and doc.sentences.index(sent) in later:  # left unanalysed
            best = self.best_case(doc, sent, [a])
            if best < self.threshold:
                return Decision(a, sent, best, None, None, None, None)  # rejected, as it would be
        return super().decide(doc, a)

    def view(self, doc: Document, sent: Sentence) -> roles.SentenceView:
        """Any sentence the rules look into is analysed first, if it was deferred.
        Its view is then final (no later analysis adds an entity or a parse to
        it), so it is built once per document and shared by the amounts it holds;
        extract() drops the views when the document is done."""
        key = ("view", sent.token_start, sent.token_end)
        view = doc.memo.get(key)
        if view is None:
            later = doc.meta.get(CONTEXT_KEY)
            if later and self.complete_context is not None:
                i = doc.sentences.index(sent)
                if i in later:
                    self.complete_context(doc, [i])
            view = doc.memo[key] = super().view(doc, sent)
        return view

    def resolve(self, doc: Document, m: Mention, sent: Sentence) -> Mention:
        """Deferred until the decision is accepted: see decisions()."""
        return _Unresolved(m.start, m.end, m.text, m.label, m.canonical, sentence=sent)

    def extract(self, doc: Document) -> list[Pledge]:
        try:
            return super().extract(doc)
        finally:  # a view refers to its document: keep no cycle alive past this one
            for key in [k for k in doc.memo if k[0] == "view"]:
                del doc.memo[key]

    def decisions(self, doc: Document) -> list[Decision]:
        """RuleRelation.decisions, the donors of the accepted decisions resolved;
        given by decide_all() when it has decided the document already."""
        ready = self._ready.pop(id(doc), None)
        if ready is not None:
            return ready
        out = super().decisions(doc)
        self._resolve_donors([(doc, out)])
        return out

    def decide_all(self, docs: list[Document]) -> None:
        """Decide every document of a batch, then resolve all their pending donors
        together: each round analyses, in one batch, the sentence every donor still
        uncertain asks for next (one sentence at a time costs the model more).
        The next decisions(doc) of each document returns its decisions."""
        items = [(doc, super(_ContextRules, self).decisions(doc)) for doc in docs]
        self._resolve_donors(items)
        self._ready = {id(doc): out for doc, out in items}

    def forget(self) -> None:
        """Drop what decide_all() kept for documents that were not extracted."""
        self._ready = {}

    def _resolve_donors(self, items: list[tuple[Document, list[Decision]]]) -> None:
        pending = []  # (document, donor, the accepted decisions sharing it: listed amounts)
        for doc, out in items:
            shared: dict[int, tuple[Document, _Unresolved, list[Decision]]] = {}
            for d in out:
                if d.score >= self.threshold and isinstance(d.donor, _Unresolved):
                    shared.setdefault(id(d.donor), (doc, d.donor, []))[2].append(d)
            pending.extend(shared.values())
        while pending:
            wanted: dict[int, tuple[Document, set[int]]] = {}
            waiting = []
            for doc, u, ds in pending:
                found, need = self._resolve_step(doc, u)
                if need is None:
                    for d in ds:
                        d.donor = found
                else:
                    wanted.setdefault(id(doc), (doc, set()))[1].add(need)
                    waiting.append((doc, u, ds))
            if wanted:
                requests = [(doc, sorted(need)) for doc, need in wanted.values()]
                if self.complete_contexts is not None:
                    self.complete_contexts(requests)
                else:
                    for doc, need in requests:
                        self.complete_context(doc, need)
            pending = waiting

    def _resolve_step(self, doc: Document, u: _Unresolved) -> tuple[Mention | None, int | None]:
        """(the donor, None) once certain, else (None, the deferred sentence to analyse next)."""
        m, sent = Mention(u.start, u.end, u.text, u.label, u.canonical), u.sentence
        found = super().resolve(doc, m, sent)
        later = [i for i in doc.meta.get(CONTEXT_KEY, ()) if doc.sentences[i].start < m.start]
        if not later or self.complete_context is None:
            return found, None
        nearest = max(later)
        if (found.start, found.end) != (m.start, m.end) and found.start >= doc.sentences[nearest].end:
            return found, None  # anything still deferred lies before it: farther away
        return None, nearest


@register("pipeline.relation.rules.v1")
class RuleRelationStage(Stage):
    requires = ("amounts", "entities", "sentences")
    provides = ("pledges",)
    completes_entity_context = True

    def __init__(self, threshold: float = 0.5, negative_window: int = 8, require_donor: bool = True):
        super().__init__()
        self.rules = _ContextRules(threshold, negative_window, require_donor)

    def bind(self, stages: list[Stage], outputs: list[str]) -> None:
        provider = next((s for s in stages if "entities" in s.provides), None)
        self.rules.complete_context = getattr(provider, "complete_context", None)
        self.rules.complete_contexts = getattr(provider, "complete_contexts", None)

    def sentences_needed(self, doc: Document) -> set[int]:
        return self.rules.sentences_needed(doc)

    def process_batch(self, docs: list[Document]) -> None:
        live = [d for d in docs if d.ok]
        self.rules.decide_all(live)  # antecedents looked for across the batch at once
        try:
            for doc in live:
                doc.pledges = self.rules.extract(doc)
        finally:
            self.rules.forget()

    def __call__(self, doc: Document) -> None:
        doc.pledges = self.rules.extract(doc)
