"""Pledge or not, donor, recipient, purpose -> Document.pledges.

The stage is thin: the rules live in pipeline.relation.rules.
"""
from __future__ import annotations

from ..document import Document
from ..registry import Stage, register


@register("pipeline.relation.rules.v1")
class RuleRelationStage(Stage):
    requires = ("amounts", "entities", "sentences")
    provides = ("pledges",)

    def __init__(self, threshold: float = 0.5, negative_window: int = 8, require_donor: bool = True):
        super().__init__()
        from ..relation.rules import RuleRelation

        self.rules = RuleRelation(threshold, negative_window, require_donor)

    def __call__(self, doc: Document) -> None:
        doc.pledges = self.rules.extract(doc)
