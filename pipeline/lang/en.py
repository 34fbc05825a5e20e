"""English tokens with offsets from spaCy's rule-based tokenizer.

Only the tokenizer of a blank English pipeline is used here (no statistical
model): it is fast, keeps exact character offsets and knows abbreviations
("Mr.", "U.S."), which the sentence splitter relies on.
"""
from __future__ import annotations

from functools import lru_cache

from ..document import Token


@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


def tokenize(text: str) -> list[Token]:
    out = []
    for t in _tokenizer()(text):
        if t.is_space:
            continue
        out.append(Token(t.idx, t.idx + len(t.text), t.text))
    return out
