"""Rule-based sentence boundaries over tokens, for both languages.

Written by hand rather than using a parser: a dependency parse per sentence
would cost more than the whole rest of the pipeline, and news sentences end in
few ways.  A sentence ends after a line break, or after . ! ? ؟ (plus any
closing quotes/brackets) when the next token opens a new sentence: in English
an upper-case letter, digit, quote or bracket; in Arabic anything.
"""
from __future__ import annotations

from ..document import Sentence, Token

_END = {".", "!", "?", "؟", "...", "…"}
_CLOSERS = {'"', "'", "”", "’", "»", ")", "]"}
_ALWAYS_CLOSING = {"”", "»"}
_OPENERS = {'"', "“", "‘", "«", "(", "[", "'", "-", "—"}


def _starts_sentence(tok: Token, lang: str) -> bool:
    if lang != "en":
        return True
    ch = tok.text[0]
    return ch.isupper() or ch.isdigit() or tok.text in _OPENERS or not ch.isalpha()


def split(tokens: list[Token], lang: str, text: str) -> tuple[list[Token], list[Sentence]]:
    """Return the tokens (whitespace tokens dropped) and the sentences over them."""
    words = [t for t in tokens if not t.text.isspace()]
    n = len(words)
    breaks_after = {i for i in range(n - 1) if "\n" in text[words[i].end:words[i + 1].start]}
    for i, t in enumerate(words):
        if t.text in _END:
            j = i
            while j + 1 < n and words[j + 1].text in _CLOSERS and (
                    words[j + 1].start == words[j].end or words[j + 1].text in _ALWAYS_CLOSING):
                j += 1
            if j + 1 >= n or _starts_sentence(words[j + 1], lang):
                breaks_after.add(j)
    sents: list[Sentence] = []
    first = 0
    for i in range(n):
        if i in breaks_after or i == n - 1:
            sents.append(Sentence(words[first].start, words[i].end, first, i + 1))
            first = i + 1
    return words, sents
