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
  still deferred: no entity there could be nearer.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from ..document import Amount, Document, Mention, Sentence
from ..registry import Stage, register
from ..relation import roles
from ..relation.lexicon import lexicon
from ..relation.rules import Decision, RuleRelation
from .ner import CONTEXT_KEY, amount_sentence_indices


@dataclass
class _Unresolved(Mention):
    """An anaphoric donor as written, its resolution waiting for the decision's verdict."""

    sentence: Sentence | None = None


class _ContextRules(RuleRelation):
    """RuleRelation reading NER results that may be deferred (ner.context = "on_demand")."""

    complete_context: Callable[[Document], None] | None = None

    def best_case(self, doc: Document, sent: Sentence, amounts: list[Amount]) -> float:
        """At least the highest score the amounts of `sent` can get, whatever its
        entities and parse: the score with every cue except the look-alikes and no
        entity, each amount scored as money (score() caps an in-kind quantity whose
        strongest giving cue is weak, and hiding cues can change which is strongest)."""
        toks = doc.sentence_tokens(sent)
        lex = lexicon(doc.lang or "en")
        # a "raise" may give once parsed (roles.en_pledging_raises), a receipt once its
        # giver is recognised ("received £15m from Y"): count them as giving here
        cues = [roles.as_giving(c) if (lex.pledgers and roles.raise_cue(c)) or c.kind == "receipt" else c
                for c in lex.cues(toks) if c.kind != "negative" or (lex.pledgers and roles.raise_cue(c))]
        view = roles.SentenceView(doc, toks, sent.token_start, [], cues)
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
        """Any sentence the rules look into is analysed first, if it was deferred."""
        later = doc.meta.get(CONTEXT_KEY)
        if later and self.complete_context is not None:
            i = doc.sentences.index(sent)
            if i in later:
                self.complete_context(doc, [i])
        return super().view(doc, sent)

    def resolve(self, doc: Document, m: Mention, sent: Sentence) -> Mention:
        """Deferred until the decision is accepted: see decisions()."""
        return _Unresolved(m.start, m.end, m.text, m.label, m.canonical, sentence=sent)

    def decisions(self, doc: Document) -> list[Decision]:
        out = super().decisions(doc)
        done: dict[int, Mention] = {}
        for d in out:
            if d.score >= self.threshold and isinstance(d.donor, _Unresolved):
                if id(d.donor) not in done:  # the same mention may be shared by listed amounts
                    done[id(d.donor)] = self._resolve(doc, d.donor)
                d.donor = done[id(d.donor)]
        return out

    def _resolve(self, doc: Document, u: _Unresolved) -> Mention:
        m, sent = Mention(u.start, u.end, u.text, u.label, u.canonical), u.sentence
        while True:
            found = super().resolve(doc, m, sent)
            later = [i for i in doc.meta.get(CONTEXT_KEY, ()) if doc.sentences[i].start < m.start]
            if not later or self.complete_context is None:
                return found
            nearest = max(later)
            if (found.start, found.end) != (m.start, m.end) and found.start >= doc.sentences[nearest].end:
                return found  # anything still deferred lies before it: farther away
            self.complete_context(doc, [nearest])


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

    def sentences_needed(self, doc: Document) -> set[int]:
        return self.rules.sentences_needed(doc)

    def __call__(self, doc: Document) -> None:
        doc.pledges = self.rules.extract(doc)
