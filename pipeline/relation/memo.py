"""What the relation rules derive from one sentence, computed once per document.

An amount's decision, the best case of its sentence (pipeline.stages.relation)
and the follow-up recipient check all read the cues of a sentence; several
amounts share a sentence.  A sentence's cues depend on its tokens alone (never
on entities or the parse), so they are found once and kept in Document.memo,
which stays in this process and is never serialised.  Callers must not modify
the list they get.
"""
from __future__ import annotations

from ..document import Document, Sentence
from .lexicon import Cue, lexicon


def sentence_cues(doc: Document, sent: Sentence) -> list[Cue]:
    """lexicon(doc.lang).cues(the sentence's tokens), computed once per sentence."""
    key = ("cues", sent.token_start, sent.token_end)
    cues = doc.memo.get(key)
    if cues is None:
        cues = doc.memo[key] = lexicon(doc.lang or "en").cues(doc.sentence_tokens(sent))
    return cues
