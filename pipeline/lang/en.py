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
    from spacy.attrs import IDX, IS_SPACE, LENGTH

    return spacy.blank("en").tokenizer, [IDX, LENGTH, IS_SPACE]


def tokenize(text: str) -> list[Token]:
    tokenizer, attrs = _tokenizer()
    # offsets and lengths read as one array: no spaCy Token object per token
    rows = tokenizer(text).to_array(attrs).tolist()
    return [Token(i, i + n, text[i:i + n]) for i, n, space in rows if not space]
