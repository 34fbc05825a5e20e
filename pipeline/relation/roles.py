"""Finding the donor, recipient and purpose of an amount inside its sentence.

Works on token indices *within one sentence* (`toks`), with the sentence's
cues from the lexicon.  English uses the dependency parse when the NER stage
filled it (Token.dep/head) and falls back to word order; Arabic relies on word
order (VSO and SVO) and entity spans.
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
AR_STOP_NP = {ar_norm(w) for w in (
    "في", "فى", "من", "على", "عن", "إلى", "الى", "مع", "بعد", "قبل", "خلال", "حتى", "منذ", "عبر", "ضمن", "أن", "إن",
    "التي", "الذي", "الذين", "وذلك", "كما", "حيث", "وقال", "قال", "بقيمة", "بمبلغ", "بنحو", "قدرها", "قيمتها",
    "مليون", "مليار", "ألف", "دولار", "ريال", "جنيه", "درهم", "دينار", "يورو", "و", "،", ".", ":", "(", ")",
    "البالغ", "البالغة", "الإجمالي", "الإجمالية", "القيمة", "المبلغ", "التي", "الذي", "-", "«", "»", '"',
    "أكثر", "أزيد", "نحو", "حوالي", "قرابة", "ما", "يقارب", "زهاء")}
# words that make the entity after them oblique (not a subject): prepositions
AR_PREPOSITIONS = {ar_norm(w) for w in (
    "من", "في", "فى", "على", "إلى", "الى", "عن", "مع", "لدى", "قبل", "عبر", "ضمن", "خلال", "بين", "لصالح",
    "لدعم", "لفائدة", "لمساعدة", "حول", "بحضور", "ل", "ب", "ك", "لـ", "بـ")}
AR_CLAUSE_OPENERS = {ar_norm(w) for w in ("أن", "إن", "بأن", "وأن", "وإن", "أنّ", "إنّ")}
AR_RECIPIENT_MARKERS = tuple(ar_norm(w) for w in ("لصالح", "لفائدة", "لدعم", "لمساعدة", "إلى", "الى", "ل", "لل", "لـ"))


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

    def oblique(self, e: Entity) -> bool:
        """An Arabic entity governed by a preposition, directly or through a
        genitive chain ("لعمل الأونروا", "من قبل مجلس", "على موقع التواصل
        الاجتماعي تويتر"): an object, never the subject."""
        k = next((k for k, t in enumerate(self.toks) if t.start >= e.start), 0) - 1
        while k >= 0 and ar_norm(self.toks[k].form).startswith("ال"):  # definite chain words
            k -= 1
        return any(j >= 0 and _ar_prep(ar_norm(self.toks[j].form)) for j in (k, k - 1))

    def after_opener(self, e: Entity) -> bool:
        """An Arabic entity right after إن / أن: the subject of the clause."""
        i = next((k for k, t in enumerate(self.toks) if t.start >= e.start), 0)
        return i > 0 and ar_norm(self.toks[i - 1].form) in AR_CLAUSE_OPENERS

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


def _ar_prep(w: str) -> bool:
    """A preposition, alone or glued to its noun ("لعمل", "بمشاركة"); the
    tokenizer splits ل/ب only before the article, so this looks at the form."""
    return w in AR_PREPOSITIONS or (w[:1] in ("ل", "ب") and len(w) >= 4 and not w.startswith(("ال", "بال")))


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


def _np_end(view: SentenceView, i: int, stop: set[str], lang: str, max_len: int = 8) -> int:
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


def listed_giver(view: SentenceView, amount_i: int) -> Mention | None:
    """The giver entity right before a parenthesised amount: "Kuwait ($41 million)"."""
    if amount_i < 2 or view.toks[amount_i - 1].text not in ("(", "["):
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
        if c.kind == "negative" and c.term.startswith("rais") and view.toks[c.start].dep is not None:
            k = _en_subject(view, c.start)
            if k is not None and view.toks[k].text.lower() in bodies:
                c = Cue(c.start, c.end, "trigger", "0.8", c.term)
        out.append(c)
    return out


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
                end = _np_end(view, j + 1, EN_STOP_NP, "en", max_len=10)
                if purpose is None:
                    purpose = view.mention(j, max(end, j + 1))
                if nxt.text.lower() in EN_HELP_VERBS and end > j + 1 and recipient is None:
                    recipient = view.mention(j + 1, end)
                break
            e = view.entity_starting(j)
            if e is not None and recipient is None:
                recipient = view.entity_mention(e)
                break
            end = _np_end(view, j, EN_STOP_NP, "en")
            if end > j and recipient is None and marker != "for":
                recipient = view.mention(j, end)
            elif end > j and purpose is None and marker == "for":
                purpose = view.mention(j, end)
            break
        if recipient is not None:
            break
        i += 1
    return recipient, purpose


# ----------------------------------------------------------------- Arabic ---

def _ar_np(view: SentenceView, i: int) -> Mention | None:
    e = view.entity_starting(i)
    if e is not None:
        return view.entity_mention(e)
    if view.toks[i].is_clitic:
        i += 1
    if i >= len(view.toks):
        return None
    end = _np_end(view, i, AR_STOP_NP, "ar", max_len=6)
    return view.mention(i, end) if end > i else None


AR_VERBAL_NOUNS = {ar_norm(w) for w in ("تبرع", "تبرعات", "التبرع", "التبرعات", "منحة", "هبة", "مساهمة", "إسهام")}
AR_SKIP_AFTER_VERB = {ar_norm(w) for w in ("عن", "من", "اليوم", "امس", "أمس", "رسميا", "كذلك", "ايضا", "أيضا")}


def _ar_after(view: SentenceView, k: int, limit: int) -> Mention | None:
    """The giver right after cue token k: an entity, else a noun phrase (VSO
    subject of a verb, or the genitive agent of a verbal noun: "تبرع هيئة ...")."""
    i = k + 1
    while i < limit and (view.toks[i].is_clitic or ar_norm(view.toks[i].form) in AR_SKIP_AFTER_VERB):
        i += 1
    for j in range(i, min(i + 2, limit)):
        e = view.entity_at(j)
        if e is not None and e.label in GIVER_LABELS:
            return view.entity_mention(e)
    if i < limit:
        form = ar_norm(view.toks[i].form)
        # without an entity, only a definite noun phrase ("المنصة", "الشركة المصرية")
        if form.startswith("ال") and form not in AR_STOP_NP:
            return _ar_np(view, i)
    return None


def _ar_before(view: SentenceView, k: int) -> Mention | None:
    """SVO: a giver entity ending right before cue token k, not governed by a
    preposition ("أن «تيك توك» تبرعت", "أن وزارة الشؤون الاجتماعية منحت")."""
    j = k - 1
    while j >= 0 and view.toks[j].text in ("،", ",", "»", '"', "”", "“", "'"):
        j -= 1
    e = view.entity_at(j) if j >= 0 else None
    if e is None or e.label not in GIVER_LABELS or view.oblique(e):
        return None
    return view.entity_mention(e)


def ar_donor(view: SentenceView, triggers: list[Cue], amount_i: int) -> tuple[Mention | None, bool]:
    """Nearest giving verb or noun before the amount first: its subject right
    before it (SVO), else the giver right after it (VSO, Arabic news order);
    then the nearest giver entity before the cues that is not governed by a
    preposition, or a headline's opening noun phrase ("مليونير يوصي ...")."""
    before = sorted((c for c in triggers if c.end <= amount_i), key=lambda c: -c.start)
    for c in before:
        # only a real predicate has a subject before it (not "مبلغ", "بقيمة")
        m = _ar_before(view, c.start) if c.weight >= 0.5 else None
        if m is None and not ar_norm(view.toks[c.start].form).startswith("ل"):
            # "لدعم مبادرة ...": after a purpose phrase comes its object, not a giver
            m = _ar_after(view, c.end - 1, amount_i)
        if m is not None:
            return m, len(m.text.split()) == 1 and ar_norm(m.text).startswith("ال")
    # SVO: givers named before the nearest giving predicate (the sentence may open
    # with an unrelated one: "منحت وسائل التواصل ... عقب تكفله بمبلغ")
    pivot = next((c.start for c in before if c.weight >= 0.5), amount_i)
    left = [e for e in view.ents if e.label in GIVER_LABELS and e.end <= view.toks[pivot].start
            and not view.oblique(e)]
    if left:
        openers = [e for e in left if view.after_opener(e)]  # "إن الاتحاد الأوروبي ... وقدم"
        return view.entity_mention((openers or left)[-1]), False
    # a verbal noun after the amount with its genitive agent: "300 ألف دينار تبرعات تجار الذهب"
    for c in triggers:
        if c.start >= amount_i and ar_norm(view.toks[c.start].form) in AR_VERBAL_NOUNS:
            if c.end < len(view.toks) and ar_norm(view.toks[c.end].form) not in AR_STOP_NP:
                m = _ar_np(view, c.end)
                if m is not None:
                    return m, False
            break
    headline = view.toks[-1].text not in (".", "!", "؟", "?", ":")
    if headline and 0 < pivot <= 3 and not view.toks[0].text.startswith(("و", "ف")):
        end = _np_end(view, 0, AR_STOP_NP, "ar", max_len=pivot)
        if end == pivot:
            return view.mention(0, end), False
    return None, False


def ar_recipient(view: SentenceView, after: int) -> tuple[Mention | None, Mention | None]:
    recipient = purpose = None
    for i in range(after, len(view.toks)):
        form = ar_norm(view.toks[i].form)
        if form not in AR_RECIPIENT_MARKERS:
            continue
        j = i + 1
        if j >= len(view.toks):
            break
        if form in (ar_norm("لدعم"), ar_norm("لمساعدة")) or (form == "ل" and ar_norm(view.toks[j].form) in ("دعم", "مساعده")):
            k = j + (1 if form == "ل" else 0)
            m = _ar_np(view, k) if k < len(view.toks) else None
            if m is not None:
                recipient = recipient or m
                purpose = purpose or view.mention(i if form != "ل" else j, _tok_end(view, m.end))
            break
        m = _ar_np(view, j)
        if m is not None:
            recipient = m
            break
    return recipient, purpose


def _tok_end(view: SentenceView, char_end: int) -> int:
    for k, t in enumerate(view.toks):
        if t.end >= char_end:
            return k + 1
    return len(view.toks)
