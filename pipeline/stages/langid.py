"""Language identification (offline): langid.py's bundled model.

Documents in a language outside `languages` are marked skipped with the
detected language as the reason, so they show up in the docs report.
"""
from __future__ import annotations

import re

from ..document import Document
from ..registry import Stage, register

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LETTER = re.compile(r"[^\W\d_]")


@register("pipeline.langid.v1")
class LangIdStage(Stage):
    requires = ("text",)
    provides = ("lang",)

    def __init__(self, languages: list[str] = ("en", "ar"), sample_chars: int = 4000,
                 min_letters: int = 20):
        super().__init__()
        self.languages = tuple(languages)
        self.sample_chars, self.min_letters = sample_chars, min_letters
        self._identifier = None

    def setup(self) -> None:
        from langid.langid import LanguageIdentifier, model

        self._identifier = LanguageIdentifier.from_modelstring(model, norm_probs=True)

    def detect(self, text: str) -> tuple[str, float]:
        sample = text[: self.sample_chars]
        letters = _LETTER.findall(sample)
        if len(letters) < self.min_letters:
            return "und", 0.0
        # Arabic script dominating the letters: Arabic, unless the model is sure
        # of another Arabic-script language (Persian, Urdu, ...)
        arabic_share = sum(1 for ch in letters if _ARABIC.match(ch)) / len(letters)
        lang, prob = self._identifier.classify(sample)
        if arabic_share > 0.5 and lang not in ("fa", "ur", "ps", "ku", "ug"):
            return "ar", max(prob if lang == "ar" else 0.0, arabic_share)
        return lang, float(prob)

    def __call__(self, doc: Document) -> None:
        lang, prob = self.detect(doc.text)
        doc.lang, doc.lang_score = lang, round(prob, 4)
        if lang not in self.languages:
            doc.skip(f"language {lang} not processed" if lang != "und" else "too little text to identify a language")
