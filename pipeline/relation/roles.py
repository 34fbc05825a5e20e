"""Finding the donor, recipient and purpose of an amount inside its sentence.

Works on token indices *within one sentence* (`toks`), with the sentence's
cues from the lexicon.  This module holds the sentence view, the shared noun
phrase end and the English roles, which use the dependency parse when the NER
stage filled it (Token.dep/head) and fall back to word order; the Arabic roles
(word order and entity spans) are in pipeline.relation.roles_ar.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..document import Document, Entity, Mention, Token
from .lexicon import Cue, ar_norm

GIVER_LABELS = {"ORG", "PERSON", "GPE", "NORP"}
EN_PRONOUNS = {"he", "she", "it", "they", "we", "i"}
EN_STOP_NP = {"in", "on", "at", "from", "with", "by", "as", "after", "before", "during", "since", "which",
              "who", "that", "when", "where", "while", "through", "into", "over", "under", "across",
              "amid", "including", "said", "says", "to", "for", "but", ".", ";", ":", "(", ")"}
EN_RECIPIENT_MARKERS = ("in support of", "to help", "to support", "to assist", "to benefit", "benefiting",
                        "towards", "toward", "to", "for")
EN_HELP_VERBS = {"help", "support", "assist", "benefit", "aid"}
@dataclass
class SentenceView:
    doc: Document
    toks: list[Token]
    offset: int  # index of toks[0] in doc.tokens
    ents: list[Entity]
    cues: list[Cue]

    @cached_property
    def cue_starts(self) -> set[int]:
        """Token indices where a giving or look-alike cue begins (an NP ends before one)."""
        return {c.start for c in self.cues if c.kind in ("trigger", "negative")}

    def local(self, doc_index: int | None) -> int | None:
        if doc_index is None:
            return None
        i = doc_index - self.offset
        return i if 0 <= i < len(self.toks) else None

    def entity_at(self, i: int) -> Entity | None:
        t = self.toks[i]
        for e in self.ents:
            if e.start <= t.start and t.end <= e.end:
                return e
        return None

    def entity_starting(self, i: int) -> Entity | None:
        e = self.entity_at(i)
        return e if e is not None and e.start == self.toks[i].start else None

    def mention(self, i: int, j: int, label: str = "") -> Mention:
        s, e = self.toks[i].start, self.toks[j - 1].end
        text = self.doc.text[s:e]
        if self.toks[i].norm:  # restored Arabic article after a split clitic
            text = self.toks[i].norm + self.doc.text[self.toks[i].end:e]
        return Mention(s, e, text, label)

    def entity_mention(self, e: Entity) -> Mention:
        return Mention(e.start, e.end, e.text, e.label)


def _stops_np(t: Token, w: str) -> bool:
    if t.pos is None:
        return False
    if t.pos in ("VERB", "AUX"):
        return t.dep not in ("amod", "compound", "conj")
    if t.pos == "ADP":
        return w != "of"
    if t.pos == "PUNCT":
        return w not in (",", "-", "'s", "’s")
    return t.pos in ("SCONJ", "NUM", "PRON") and t.dep != "poss"


def np_end(view: SentenceView, i: int, stop: set[str], lang: str, max_len: int = 8) -> int:
    j = i
    while j < len(view.toks) and j - i < max_len:
        t = view.toks[j]
        w = ar_norm(t.form) if lang == "ar" else t.text.lower()
        if w in stop or _stops_np(t, w) or any(ch.isdigit() for ch in t.text):
            break
        if j > i and any(t.start <= e.start < t.end for e in view.ents):  # another name begins
            break
        if lang == "ar" and t.is_clitic and w != "و":  # a preposition: "المجموعة | ل | لمشاركة"
            break
        if lang == "ar" and j > i and j in view.cue_starts:  # "الاتحاد الأوروبي | تبرعا ماليا"
            break
        j += 1
    # do not end on a conjunction or comma
    while j > i and view.toks[j - 1].text.lower() in (",", "and", "or", "و", "،"):
        j -= 1
    return j


_LIST_JOINERS = {"and", ",", ";", "while", "و", "،", "؛"}


def listed_giver(view: SentenceView, amount_i: int) -> Mention | None:
    """The giver entity right before a parenthesised amount: "Kuwait ($41
    million)", or next in a list with the verb left out: "Saudi Arabia pledged
    $430 million and the United Arab Emirates $230 million"."""
    if amount_i >= 2 and view.toks[amount_i - 1].text not in ("(", "["):
        e = view.entity_at(amount_i - 1)
        if e is not None and e.label in GIVER_LABELS and e.end == view.toks[amount_i - 1].end:
            k = next(k for k in range(amount_i) if view.toks[k].end > e.start)
            k -= 1 if k > 0 and view.toks[k - 1].text.lower() == "the" else 0
            if k > 0 and view.toks[k - 1].text.lower() in _LIST_JOINERS:
                return view.entity_mention(e)
        return None
    if amount_i < 2:
        return None
    e = view.entity_at(amount_i - 2)
    if e is not None and e.label in GIVER_LABELS and e.end == view.toks[amount_i - 2].end:
        return view.entity_mention(e)
    j = amount_i - 2  # no entity: a run of proper nouns ("Cyprus (€5 million)")
    while j >= 0 and view.toks[j].pos == "PROPN":
        j -= 1
    return view.mention(j + 1, amount_i - 1) if j + 1 < amount_i - 1 else None


# ---------------------------------------------------------------- English ---

def _en_subject(view: SentenceView, t: int) -> int | None:
    """Local index of the subject of trigger token t (climbing xcomp/conj/aux chains)."""
    seen = set()
    while t is not None and t not in seen:
        seen.add(t)
        kids = [k for k in range(len(view.toks)) if view.local(view.toks[k].head) == t and k != t]
        for k in kids:
            if view.toks[k].dep in ("nsubj", "csubj"):
                return k
        for k in kids:  # passive: "was donated by X" -> agent's object
            if view.toks[k].dep == "agent":
                objs = [m for m in range(len(view.toks)) if view.local(view.toks[m].head) == k]
                if objs:
                    return objs[0]
        if view.toks[t].dep in ("xcomp", "conj", "advcl", "ccomp", "relcl", "acl", "pcomp", "dobj", "pobj", "prep"):
            t = view.local(view.toks[t].head)
        else:
            return None
    return None


def en_pledging_raises(view: SentenceView, bodies: set[str]) -> list[Cue]:
    """"raise" is a look-alike (money raised from the public), except when a
    pledging body raises it from givers ("the donor conference raised €250m"):
    such a cue becomes a giving one.  `bodies` are the lexicon's pledger nouns."""
    out = []
    for c in view.cues:
        if raise_cue(c) and view.toks[c.start].dep is not None:
            k = _en_subject(view, c.start)
            if k is not None and view.toks[k].text.lower() in bodies:
                c = as_giving(c)
        out.append(c)
    return out


def raise_cue(c: Cue) -> bool:
    """A "raise" look-alike that a pledging body's subject turns into a giving cue."""
    return c.kind == "negative" and c.term.startswith("rais")


def giver_after_from(view: SentenceView, j: int, reach: int = 8) -> Entity | None:
    """A giver entity named after "from"/"من" right after the amount (token j):
    "received £15 million from the estate of Harold Whitcombe"."""
    if j >= len(view.toks) or view.toks[j].text.lower() not in ("from", "من"):
        return None
    for k in range(j + 1, min(j + 1 + reach, len(view.toks))):
        e = view.entity_at(k)
        if e is not None and e.label in GIVER_LABELS:
            return e
        if not any(ch.isalnum() for ch in view.toks[k].text):
            break
    return None


def receiver(view: SentenceView, cue: Cue, amount_i: int) -> Mention | None:
    """Who receives with a receipt verb: its parsed subject, else the nearest
    entity before the verb, else one between the verb and the amount (VSO)."""
    if view.toks[cue.start].dep is not None:
        k = _en_subject(view, cue.start)
        if k is not None:
            return _en_np(view, k)
    before = [e for e in view.ents if e.end <= view.toks[cue.start].start]
    if before:
        return view.entity_mention(before[-1])
    after = [e for e in view.ents if view.toks[cue.end - 1].end <= e.start and e.end <= view.toks[amount_i].start]
    return view.entity_mention(after[0]) if after else None


def as_giving(c: Cue) -> Cue:
    return Cue(c.start, c.end, "trigger", "0.8", c.term)


def _en_np(view: SentenceView, k: int) -> Mention:
    """The noun phrase headed by token k: its left modifiers + k (+ 'of X' for descriptions)."""
    e = view.entity_at(k)
    if e is not None:
        return view.entity_mention(e)
    i = k
    while i > 0 and view.local(view.toks[i - 1].head) is not None and view.toks[i - 1].dep in (
            "compound", "amod", "det", "poss", "nmod", "nummod", "case") and view.local(view.toks[i - 1].head) >= i:
        i -= 1
    return view.mention(i, k + 1)


def en_donor(view: SentenceView, trigger: int | None, amount_i: int) -> tuple[Mention | None, bool]:
    """(mention, is_anaphor).  Parse subject first, then the nearest giver entity."""
    if trigger is not None and view.toks[trigger].dep is not None:
        k = _en_subject(view, trigger)
        if k is not None and view.toks[k].text.lower() in ("which", "who", "that"):
            # "the firm, which gave $5m": the relative clause's head noun gives
            verb = view.local(view.toks[k].head)
            k = view.local(view.toks[verb].head) if verb is not None and view.toks[verb].dep == "relcl" else None
        if k is not None:
            m = _en_np(view, k)
            return m, _en_is_anaphor(m.text)
    pivot = trigger if trigger is not None else amount_i
    left = [e for e in view.ents if e.label in GIVER_LABELS and e.end <= view.toks[pivot].start]
    if left:
        return view.entity_mention(left[-1]), False
    by = [i for i, t in enumerate(view.toks) if t.text.lower() == "by" and i > pivot]
    for i in by:
        e = view.entity_starting(i + 1) if i + 1 < len(view.toks) else None
        if e is not None and e.label in GIVER_LABELS:
            return view.entity_mention(e), False
    return None, False


def _en_is_anaphor(text: str) -> bool:
    low = text.lower()
    return low in EN_PRONOUNS or (low.startswith("the ") and len(low.split()) <= 2)


def en_recipient(view: SentenceView, after: int) -> tuple[Mention | None, Mention | None]:
    """(recipient, purpose) from the first marker after token `after`."""
    words = [t.text.lower() for t in view.toks]
    recipient = purpose = None
    i = after
    while i < len(view.toks):
        for marker in EN_RECIPIENT_MARKERS:
            parts = marker.split()
            if words[i:i + len(parts)] != parts:
                continue
            j = i + len(parts)
            if j >= len(view.toks):
                break
            nxt = view.toks[j]
            if parts[-1] == "to" and nxt.pos in ("VERB", "AUX"):
                # "to fight the pandemic": a purpose; "to help X": X receives
                end = np_end(view, j + 1, EN_STOP_NP, "en", max_len=10)
                if purpose is None:
                    purpose = view.mention(j, max(end, j + 1))
                if nxt.text.lower() in EN_HELP_VERBS and end > j + 1 and recipient is None:
                    recipient = view.mention(j + 1, end)
                break
            e = view.entity_starting(j)
            if e is None and words[j] in ("the", "a", "an") and j + 1 < len(view.toks):
                e = view.entity_starting(j + 1)  # "to the | Mohammed bin Rashid ... Establishment"
            if e is not None and recipient is None:
                recipient = view.entity_mention(e)
                break
            end = np_end(view, j, EN_STOP_NP, "en")
            if end > j and recipient is None and marker != "for":
                recipient = view.mention(j, end)
            elif end > j and purpose is None and marker == "for":
                purpose = view.mention(j, end)
            break
        if recipient is not None:
            break
        i += 1
    return recipient, purpose
