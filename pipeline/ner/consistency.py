"""Label consistency across the sentences of one document (a decoding step of the joint tagger).

A name the tagger finds in one sentence of an article and misses in another ("سيد قطب" tagged
once, left untagged three sentences on) is the commonest recall loss of the Arabic taggers on
ANERcorp: most missed persons and organisations are names never seen in training, and the
tagger's confidence in them varies with the sentence around them.  `consistent` tags every
untagged occurrence of a word sequence that the tagger tagged as an entity elsewhere in the same
document, within `window` sentences either side, with the type it was given most often there;
the first word may carry a proclitic the tagged one lacks ("للقاعدة" after "القاعدة").

Written here (not taken from a library) because it works on the taggers' BIO lists and the
project's notion of a document (the sentences one `predict_many` call reads from one text);
no NER library offers it as a separate step.  Choices, on the last 10% of ANERcorp's training
sentences held out (a tagger and a CRF trained on the other 90%), joint micro F1: 0.741 without,
0.755 with a 30-sentence window, 0.751 / 0.750 with 10 / 5 sentences; sequences of at least three
characters (a lone letter or clitic is never an entity to copy).  With the O penalty: 0.762 with
exact repeats only, 0.767 with the proclitic forms.  The README has the figures.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Hashable, Sequence

from ..lang.ar_freq import CONJUNCTIONS, PREPOSITIONS
from .conll import spans

MIN_CHARS = 3  # an entity shorter than this (all its words together) is not copied
# a conjunction and / or a preposition glued before an entity's first word: ANERcorp (and the
# pipeline's joined words) tag "للقاعدة" and "والقاعدة" whole, as the entity "القاعدة"
_PROCLITICS = tuple(c + p for c in ("",) + CONJUNCTIONS for p in ("",) + PREPOSITIONS if c + p)


def first_word_forms(word: str) -> set[str]:
    """The forms an entity's first word takes with a proclitic glued on: itself, و/ف and ب/ل
    before it, and ل + ال written "لل" ("القاعدة" -> "للقاعدة", "وللقاعدة")."""
    forms = {word} | {p + word for p in _PROCLITICS}
    if word.startswith("ال") and len(word) > 2:
        forms |= {c + "لل" + word[2:] for c in ("",) + CONJUNCTIONS}
    return forms


def consistent(sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]], window: int,
               groups: Sequence[Hashable] | None = None) -> list[list[str]]:
    """`tags` with each untagged occurrence of an entity's words tagged as that entity.

    sentences / tags: the words and BIO tags of consecutive sentences; groups: one key per sentence
    (its document); entities are copied only between sentences of the same group, at most
    `window` sentences apart (0: nothing changes).  Longer entities are copied first; a word
    already inside an entity is never retagged, so the tagger's own entities all stay."""
    out = [list(t) for t in tags]
    if window <= 0:
        return out
    n = len(sentences)
    if len(tags) != n or (groups is not None and len(groups) != n):
        raise ValueError(f"{n} sentences but {len(tags)} tag lists"
                         + ("" if groups is None else f" and {len(groups)} groups"))
    keys = list(groups) if groups is not None else [None] * n
    found = [[(tuple(sentences[i][s:e]), kind) for s, e, kind in spans(tags[i])] for i in range(n)]
    for i in range(n):
        seen: dict[tuple[str, ...], Counter] = defaultdict(Counter)
        for k in range(max(0, i - window), min(n, i + window + 1)):
            if keys[k] != keys[i]:
                continue
            for words, kind in found[k]:
                if sum(len(w) for w in words) >= MIN_CHARS:
                    seen[words][kind] += 1
        words_i, row = sentences[i], out[i]
        for words, kinds in sorted(seen.items(), key=lambda item: (-len(item[0]), item[0])):
            size, kind, first = len(words), kinds.most_common(1)[0][0], first_word_forms(words[0])
            for s in range(len(words_i) - size + 1):
                if (words_i[s] in first and tuple(words_i[s + 1:s + size]) == words[1:]
                        and all(t == "O" for t in row[s:s + size])):
                    row[s:s + size] = [f"B-{kind}"] + [f"I-{kind}"] * (size - 1)
    return out
