"""Money and in-kind quantities -> Document.amounts (model code in pipeline.money)."""
from __future__ import annotations

from ..document import Document
from ..registry import Stage, register


@register("pipeline.money.v1")
class MoneyStage(Stage):
    requires = ("lang",)
    provides = ("amounts",)

    def __init__(self, default_country: str | None = None, in_kind: bool = True):
        super().__init__()
        self.default_country, self.in_kind = default_country, in_kind
        self._finder = None

    def setup(self) -> None:
        from ..money import MoneyFinder

        self._finder = MoneyFinder()

    def __call__(self, doc: Document) -> None:
        from ..money import guess_country

        country = guess_country(doc.text, doc.lang or "en") or self.default_country
        doc.meta["country"] = country
        amounts = self._finder.find(doc.text, doc.lang or "en", country=country)
        if not self.in_kind:
            amounts = [a for a in amounts if a.kind == "money"]
        doc.amounts = amounts
