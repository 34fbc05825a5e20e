"""Tokens and sentences for English (spaCy tokenizer) and Arabic (camel-tools)."""
from __future__ import annotations

from ..document import Document
from ..lang import ar, en, sentences
from ..registry import Stage, register


@register("pipeline.tokenize.v1")
class TokenizeStage(Stage):
    requires = ("lang",)
    provides = ("tokens", "sentences")

    def __init__(self, arabic_clitics: bool = True):
        super().__init__()
        self.arabic_clitics = arabic_clitics

    def setup(self) -> None:
        en.tokenize("warm up")

    def __call__(self, doc: Document) -> None:
        if doc.lang == "ar":
            raw = ar.tokenize(doc.text, clitics=self.arabic_clitics)
        else:
            raw = en.tokenize(doc.text)
        doc.tokens, doc.sentences = sentences.split(raw, doc.lang or "en", doc.text)
