"""Pledge or not, donor, recipient, purpose -> Document.pledges.

The stage is thin: the rules live in pipeline.relation.rules.  The rules read
entities in the amount's own sentence, and earlier ones only to resolve an
anaphoric donor (RuleRelation.resolve): so the stage lets the NER stage defer
the other sentences (`completes_entity_context`) and asks for them right
before a resolution (see pipeline.stages.ner, `context`).
"""
from __future__ import annotations

from typing import Callable

from ..document import Document, Mention, Sentence
from ..registry import Stage, register
from ..relation.rules import RuleRelation


class _ContextRules(RuleRelation):
    """RuleRelation that completes the deferred entities before resolving an anaphor."""

    complete_context: Callable[[Document], None] | None = None

    def resolve(self, doc: Document, m: Mention, sent: Sentence) -> Mention:
        if self.complete_context is not None:
            self.complete_context(doc)
        return super().resolve(doc, m, sent)


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

    def __call__(self, doc: Document) -> None:
        doc.pledges = self.rules.extract(doc)
