"""Language identification (offline): langid.py's bundled model.

Documents in a language outside `languages` are marked skipped with the
detected language as the reason, so they show up in the docs report.
"""
from __future__ import annotations

import re

import numpy as np

from ..document import Document
from ..lang.langid_features import FeatureCounter
from ..registry import Stage, register

_NOT_LETTER = re.compile(r"[\W\d_]+")  # its complement: what is left are the letters
_ARABIC_LETTER = re.compile(r"(?=[\u0600-\u06ff])[^\W\d_]")  # a letter in the Arabic block


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
        # langid's nb_classprobs takes np.dot(uint32 counts, float32 7480x97 weights):
        # numpy casts the whole matrix to float64 on every call and hands it to a
        # 2-thread BLAS, ~1-10 ms per document whatever the sample's length.  A
        # sample has a few hundred distinct features, so classify() below sums the
        # same products over the non-zero rows of a float64 copy made once.
        self._ptc = self._identifier.nb_ptc.astype(np.float64)
        # langid's instance2fv walks its automaton byte by byte in Python: the same
        # counts with numpy (see pipeline.lang.langid_features)
        self._features = FeatureCounter(self._identifier)

    def classify(self, sample: str) -> tuple[str, float]:
        """langid's LanguageIdentifier.classify (all 97 languages, same features,
        same normalised probability), over the sample's non-zero features only."""
        ident = self._identifier
        fv = self._features(sample)
        nz = np.flatnonzero(fv)
        pd = fv[nz].astype(np.float64) @ self._ptc[nz] + ident.nb_pc
        probs = ident.norm_probs(pd)
        cl = int(np.argmax(probs))
        return str(ident.nb_classes[cl]), float(probs[cl])

    def detect(self, text: str) -> tuple[str, float]:
        sample = text[: self.sample_chars]
        n_letters = len(_NOT_LETTER.sub("", sample))
        if n_letters < self.min_letters:
            return "und", 0.0
        # Arabic script dominating the letters: Arabic, unless the model is sure
        # of another Arabic-script language (Persian, Urdu, ...)
        arabic_share = len(_ARABIC_LETTER.findall(sample)) / n_letters
        lang, prob = self.classify(sample)
        if arabic_share > 0.5 and lang not in ("fa", "ur", "ps", "ku", "ug"):
            return "ar", max(prob if lang == "ar" else 0.0, arabic_share)
        return lang, float(prob)

    def __call__(self, doc: Document) -> None:
        lang, prob = self.detect(doc.text)
        doc.lang, doc.lang_score = lang, round(prob, 4)
        if lang not in self.languages:
            doc.skip(f"language {lang} not processed" if lang != "und" else "too little text to identify a language")
