"""Pledge or not, donor, recipient -> Document.pledges, with the trained
transformer (pipeline.relation.model) on top of the rules' decisions.

Same output as pipeline.relation.rules.v1; inference is batched over the
documents of a runner batch.  `model` is a version directory or a root with a
LATEST pointer (default models/relation, written by `make train`).
"""
from __future__ import annotations

from ..document import Document
from ..registry import Stage, register


@register("pipeline.relation.model.v1")
class ModelRelationStage(Stage):
    requires = ("amounts", "entities", "sentences")
    provides = ("pledges",)

    def __init__(self, model: str = "models/relation", device: str = "auto", threshold: float | None = None,
                 batch_size: int = 64, recipient_fallback: bool | None = None, roles: str | None = None,
                 donor_needs_entity: bool | None = None, rule_weight: float | None = None,
                 recipient: str | None = None, donor_min: float | None = None,
                 rules_threshold: float = 0.5,
                 negative_window: int = 8, require_donor: bool = True):
        super().__init__()
        self.path, self.device, self.threshold = model, device, threshold
        self.batch_size, self.recipient_fallback, self.roles = batch_size, recipient_fallback, roles
        self.donor_needs_entity, self.rule_weight = donor_needs_entity, rule_weight
        self.recipient, self.donor_min = recipient, donor_min
        self.rules_settings = {"threshold": rules_threshold, "negative_window": negative_window,
                               "require_donor": require_donor}
        self._model = None

    def setup(self) -> None:
        from ..relation.model.infer import ModelRelation
        from ..relation.rules import RuleRelation

        self._model = ModelRelation.load(self.path, self.device, threshold=self.threshold,
                                         batch_size=self.batch_size, rules=RuleRelation(**self.rules_settings),
                                         recipient_fallback=self.recipient_fallback, roles=self.roles,
                                         donor_needs_entity=self.donor_needs_entity,
                                         rule_weight=self.rule_weight, recipient=self.recipient,
                                         donor_min=self.donor_min)

    def process_batch(self, docs: list[Document]) -> None:
        live = [d for d in docs if d.ok]
        if self._model is None:
            self.setup()
        for doc, pledges in zip(live, self._model.extract_batch(live)):
            doc.pledges = pledges

    def __call__(self, doc: Document) -> None:
        self.process_batch([doc])
