"""Arabic tokens with offsets: camel-tools `simple_word_tokenize`, offset
recovery, numbers kept whole, and proclitic splitting.

Clitic splitting is deliberately conservative (no morphological analyser can
be installed offline): a conjunction/preposition is split off only where the
stem then starts with the definite article, or where the writer marked the
split with a tatweel ("لـ"), so "للصليب" -> "ل" + "لصليب" (norm "الصليب") and
"والمعلمين" -> "و" + "المعلمين", while "بنك" and "لبنان" stay whole.  Whether
"للX" is ل + "الX" (article, alef dropped) or ل + the lam-initial word "لX"
("للبنان", "للجنة") is read off corpus counts (`ar_freq.WordFreq.lam_stem`).
"""
from __future__ import annotations

import re

from camel_tools.tokenizers.word import simple_word_tokenize

from ..document import Token
from .ar_freq import WordFreq

_NUM_PIECE = re.compile(r"^[0-9\u0660-\u0669\u06f0-\u06f9]+$")
_NUM_SEP = {".", ",", "\u066b", "\u066c"}  # . , ٫ ٬
# proclitic sequences before the article, longest first
_BEFORE_AL = ("وبال", "فبال", "وكال", "فكال", "وال", "فال", "بال", "كال")
_BEFORE_LL = ("ولل", "فلل", "لل")  # ل + ال with the alef dropped
_TATWEEL = "\u0640"


def _raw_tokens(text: str) -> list[Token]:
    """simple_word_tokenize, with each token located in the original text."""
    out: list[Token] = []
    pos = 0
    for tok in simple_word_tokenize(text):
        i = text.find(tok, pos)
        if i < 0:  # should not happen; skip rather than invent offsets
            continue
        out.append(Token(i, i + len(tok), tok))
        pos = i + len(tok)
    return out


def _merge_numbers(tokens: list[Token], text: str) -> list[Token]:
    """Re-join '4' ',' '100' ',' '000' and '12' '.' '6' that touch in the text."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if _NUM_PIECE.match(t.text[-1:] or ""):
            end, j = t.end, i
            while (j + 2 < len(tokens) and tokens[j + 1].text in _NUM_SEP
                   and tokens[j + 1].start == end and tokens[j + 2].start == tokens[j + 1].end
                   and _NUM_PIECE.match(tokens[j + 2].text)):
                end, j = tokens[j + 2].end, j + 2
            if j > i:
                out.append(Token(t.start, end, text[t.start:end]))
                i = j + 1
                continue
        out.append(t)
        i += 1
    return out


_CLITIC_DIGITS = re.compile(r"^([وفبلك]{1,2}\u0640?)(?=[0-9\u0660-\u0669\u06f0-\u06f9])")


def split_clitics(tok: Token) -> list[Token]:
    w = tok.text
    if len(w) <= 3 and w.endswith(_TATWEEL) and w[0] in "وفبلك":  # "لـ" standing alone
        return [Token(tok.start, tok.end, w, is_clitic=True)]
    m = _CLITIC_DIGITS.match(w)
    if m:  # "و12.6", "بـ300"
        k = m.end()
        return [Token(tok.start, tok.start + k, w[:k], is_clitic=True), Token(tok.start + k, tok.end, w[k:])]
    if len(w) < 4:
        return [tok]
    if _TATWEEL in w[1:3]:  # "لـ..." / "بـ..." / "وبـ..." written with a tatweel
        k = w.index(_TATWEEL, 1) + 1
        if k < len(w):
            return [Token(tok.start, tok.start + k, w[:k], is_clitic=True),
                    Token(tok.start + k, tok.end, w[k:])]
    for pre in _BEFORE_AL:
        if w.startswith(pre) and len(w) - len(pre) >= 2:
            k = len(pre) - 2
            return [Token(tok.start, tok.start + k, w[:k], is_clitic=True),
                    Token(tok.start + k, tok.end, w[k:])]
    for pre in _BEFORE_LL:
        if w.startswith(pre) and len(w) - len(pre) >= 2:
            k = len(pre) - 1  # keep one lam with the stem: "لصليب", restored as "الصليب"
            stem = w[k:]
            form = WordFreq.default().lam_stem(stem)  # "لبنان" as is, or "الصليب"
            return [Token(tok.start, tok.start + k, w[:k], is_clitic=True),
                    Token(tok.start + k, tok.end, stem, norm=None if form == stem else form)]
    return [tok]


def tokenize(text: str, clitics: bool = True) -> list[Token]:
    tokens = _merge_numbers(_raw_tokens(text), text)
    if not clitics:
        return tokens
    out: list[Token] = []
    for t in tokens:
        out.extend(split_clitics(t))
    return out
