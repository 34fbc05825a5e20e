"""Test-only stages: cheap, deterministic pledges (so records files are not
empty), and hooks that fail on chosen documents.

Registered on import; worker processes import this module when they unpickle
the Plan (stage classes travel by reference), so they work with --workers too.
"""
from __future__ import annotations

import re

from pipeline.document import Amount, Document, Mention, Pledge, Sentence, Token
from pipeline.registry import Stage, register

_DOLLARS = re.compile(r"\$\s?(\d+(?:\.\d+)?)\s?(m|bn|million|billion)?")
_SCALE = {"m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
_CAP = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*")

# test hooks (module state: only the in-process engine sees changes made by a test)
FAIL_ON: set[str] = set()  # doc ids on which the stage raises ValueError
ABORT_ON: set[str] = set()  # doc ids on which the stage raises KeyboardInterrupt (kills the run)


_WORD = re.compile(r"\w+|[^\w\s]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


@register("tests.script_lang.v1")
class ScriptLang(Stage):
    """`ar` when Arabic letters are there, else `en`: no model to load."""

    provides = ("lang",)

    def __call__(self, doc: Document) -> None:
        doc.lang = "ar" if _ARABIC.search(doc.text[:2000]) else "en"


@register("tests.line_sentences.v1")
class LineSentences(Stage):
    """Regex tokens; one sentence per line."""

    requires = ("lang",)
    provides = ("tokens", "sentences")

    def __call__(self, doc: Document) -> None:
        doc.tokens = [Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(doc.text)]
        doc.sentences = []
        first, start = 0, None
        for i, t in enumerate(doc.tokens):
            if start is None:
                first, start = i, t.start
            last = i + 1 == len(doc.tokens)
            if last or "\n" in doc.text[t.end:doc.tokens[i + 1].start]:
                doc.sentences.append(Sentence(start, t.end, first, i + 1))
                start = None


@register("tests.dollar_pledges.v1")
class DollarPledges(Stage):
    """A pledge per "$5m"-like amount; the donor is the nearest capitalised words before it."""

    requires = ("sentences",)
    provides = ("pledges",)

    def __init__(self, confidence: float = 0.5):
        super().__init__()
        self.confidence = confidence

    def __call__(self, doc: Document) -> None:
        if doc.doc_id in ABORT_ON:
            raise KeyboardInterrupt(f"abort on {doc.doc_id}")
        if doc.doc_id in FAIL_ON:
            raise ValueError(f"boom on {doc.doc_id}")
        doc.pledges = []
        for m in _DOLLARS.finditer(doc.text):
            value = float(m.group(1)) * _SCALE.get(m.group(2) or "", 1)
            amount = Amount(m.start(), m.end(), m.group(), value, "USD")
            doc.amounts.append(amount)
            sent = doc.sentence_at(m.start())
            lo = sent.start if sent else max(0, m.start() - 200)
            names = list(_CAP.finditer(doc.text, lo, m.start()))
            donor = Mention(names[-1].start(), names[-1].end(), names[-1].group(), "ORG") if names else None
            ev = (sent.start, sent.end) if sent else (m.start(), m.end())
            doc.pledges.append(Pledge(amount, donor, None, None, ev, self.confidence))


@register("tests.sleep.v1")
class Sleep(Stage):
    """Sleeps `seconds` per batch (a slow model, for backpressure checks)."""

    requires = ("lang",)
    provides = ("slept",)

    def __init__(self, seconds: float = 0.1):
        super().__init__()
        self.seconds = seconds

    def process_batch(self, docs: list[Document]) -> None:
        import time

        time.sleep(self.seconds)
