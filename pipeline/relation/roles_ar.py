"""Arabic roles: the donor, recipient and purpose of an amount in its sentence.

Word order (VSO and SVO) and entity spans, on a roles.SentenceView (no
parser exists for Arabic here); see pipeline.relation.roles for English.
"""
from __future__ import annotations

import re

from ..document import Entity, Mention
from .lexicon import Cue, ar_norm
from .roles import GIVER_LABELS, SentenceView, np_end

AR_STOP_NP = {ar_norm(w) for w in (
    "في", "فى", "من", "على", "عن", "إلى", "الى", "مع", "بعد", "قبل", "خلال", "حتى", "منذ", "عبر", "ضمن", "أن", "إن",
    "التي", "الذي", "الذين", "وذلك", "كما", "حيث", "وقال", "قال", "بقيمة", "بمبلغ", "بنحو", "قدرها", "قيمتها",
    "مليون", "مليار", "ألف", "دولار", "ريال", "جنيه", "درهم", "دينار", "يورو", "و", "،", ".", ":", "(", ")",
    "البالغ", "البالغة", "الإجمالي", "الإجمالية", "القيمة", "المبلغ", "التي", "الذي", "-", "«", "»", '"',
    "أكثر", "أزيد", "نحو", "حوالي", "قرابة", "ما", "يقارب", "زهاء",
    # a preposition with its pronoun ends a phrase as the preposition does ("جزءا | منها")
    "منها", "منه", "منهم", "منهما", "عنها", "عنه", "عليها", "عليه", "فيها", "فيه", "إليها", "إليه")}
# words that make the entity after them oblique (not a subject): prepositions
AR_PREPOSITIONS = {ar_norm(w) for w in (
    "من", "في", "فى", "على", "إلى", "الى", "عن", "مع", "لدى", "قبل", "عبر", "ضمن", "خلال", "بين", "لصالح",
    "لدعم", "لفائدة", "لمساعدة", "حول", "بحضور", "ل", "ب", "ك", "لـ", "بـ")}
AR_CLAUSE_OPENERS = {ar_norm(w) for w in ("أن", "إن", "بأن", "وأن", "وإن", "أنّ", "إنّ")}
AR_RECIPIENT_MARKERS = tuple(ar_norm(w) for w in ("لصالح", "لفائدة", "لدعم", "لمساعدة", "إلى", "الى", "ل", "لل", "لـ"))


def _ar_prep(w: str) -> bool:
    """A preposition, alone or glued to its noun ("لعمل", "بمشاركة"); the
    tokenizer splits ل/ب only before the article, so this looks at the form."""
    return w in AR_PREPOSITIONS or (w[:1] in ("ل", "ب") and len(w) >= 4 and not w.startswith(("ال", "بال")))


def oblique(view: SentenceView, e: Entity) -> bool:
    """An Arabic entity governed by a preposition, directly or through a
    genitive chain ("لعمل الأونروا", "من قبل مجلس", "على موقع التواصل
    الاجتماعي تويتر"): an object, never the subject."""
    k = next((k for k, t in enumerate(view.toks) if t.start >= e.start), 0) - 1
    while k >= 0 and ar_norm(view.toks[k].form).startswith("ال"):  # definite chain words
        k -= 1
    return any(j >= 0 and _ar_prep(ar_norm(view.toks[j].form)) for j in (k, k - 1))

def after_opener(view: SentenceView, e: Entity) -> bool:
    """An Arabic entity right after إن / أن: the subject of the clause."""
    i = next((k for k, t in enumerate(view.toks) if t.start >= e.start), 0)
    return i > 0 and ar_norm(view.toks[i - 1].form) in AR_CLAUSE_OPENERS



def _ar_np(view: SentenceView, i: int) -> Mention | None:
    e = view.entity_starting(i)
    if e is not None:
        return view.entity_mention(e)
    if view.toks[i].is_clitic:
        i += 1
    if i >= len(view.toks):
        return None
    end = np_end(view, i, AR_STOP_NP, "ar", max_len=6)
    return view.mention(i, end) if end > i else None


AR_VERBAL_NOUNS = {ar_norm(w) for w in ("تبرع", "تبرعات", "التبرع", "التبرعات", "منحة", "هبة", "مساهمة", "إسهام")}
_TAFIL = re.compile(r"^(?:[وفبل]{0,2})(?:ال)?ت[^\W\d_]{2}ي[^\W\d_]$")  # تفعيل: توفير، تقديم، تخصيص


def _object_noun(form: str) -> bool:
    """A verbal noun of the تفعيل pattern: the noun after it is its object
    ("وتوفير المواد الغذائية", "تخصيص جزء"), unless it is a named giver or a
    giving noun follows it as the object ("تقديم الاتحاد الأوروبي تبرعا")."""
    return bool(_TAFIL.match(form))


AR_SKIP_AFTER_VERB = {ar_norm(w) for w in ("عن", "من", "اليوم", "امس", "أمس", "رسميا", "كذلك", "ايضا", "أيضا")}


def _ar_after(view: SentenceView, k: int, limit: int, object_first: bool = False) -> Mention | None:
    """The giver right after cue token k: an entity, else a noun phrase (VSO
    subject of a verb, or the genitive agent of a verbal noun: "تبرع هيئة
    ..."); with `object_first` (see _object_noun) a noun phrase only when a
    giving noun follows it."""
    i = k + 1
    while i < limit and (view.toks[i].is_clitic or ar_norm(view.toks[i].form) in AR_SKIP_AFTER_VERB):
        i += 1
    place = None
    for j in range(i, min(i + 5, limit)):
        # a name after its title: "تبرعت سيدة الأعمال الإماراتية عائشة السركال"
        w = ar_norm(view.toks[j].form)
        if j > i and (view.toks[j].is_clitic or w in AR_STOP_NP or j in view.cue_starts
                      or any(ch.isdigit() for ch in w)):
            break
        e = view.entity_at(j)
        if e is not None and e.label in ("PERSON", "ORG"):
            return view.entity_mention(e)
        if e is not None and e.label in GIVER_LABELS and j < i + 2 and place is None:
            place = e  # a country or nationality, unless a person or body follows
    if place is not None:
        return view.entity_mention(place)
    if i < limit:
        form = ar_norm(view.toks[i].form)
        # without an entity, only a definite noun phrase ("المنصة", "الشركة المصرية")
        if form.startswith("ال") and form not in AR_STOP_NP:
            m = _ar_np(view, i)
            if m is not None and object_first and not _gift_follows(view, m):
                return None
            return m
    return None


def _gift_follows(view: SentenceView, m: Mention) -> bool:
    k = next((k for k, t in enumerate(view.toks) if t.start >= m.end), len(view.toks))
    return any(c.kind == "trigger" and c.start == k for c in view.cues)


def _ar_before(view: SentenceView, k: int) -> Mention | None:
    """SVO: a giver entity ending right before cue token k, not governed by a
    preposition ("أن «تيك توك» تبرعت", "أن وزارة الشؤون الاجتماعية منحت")."""
    j = k - 1
    while j >= 0 and view.toks[j].text in ("،", ",", "»", '"', "”", "“", "'"):
        j -= 1
    e = view.entity_at(j) if j >= 0 else None
    if e is None or e.label not in GIVER_LABELS or oblique(view, e):
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
        form = ar_norm(view.toks[c.start].form)
        if m is None and not form.startswith("ل"):
            # "لدعم مبادرة ...": after a purpose phrase comes its object, not a giver
            m = _ar_after(view, c.end - 1, amount_i, object_first=_object_noun(form))
        if m is not None:
            return m, len(m.text.split()) == 1 and ar_norm(m.text).startswith("ال")
    # SVO: givers named before the nearest giving predicate (the sentence may open
    # with an unrelated one: "منحت وسائل التواصل ... عقب تكفله بمبلغ")
    pivot = next((c.start for c in before if c.weight >= 0.5), amount_i)
    left = [e for e in view.ents if e.label in GIVER_LABELS and e.end <= view.toks[pivot].start
            and not oblique(view, e)]
    if left:
        openers = [e for e in left if after_opener(view, e)]  # "إن الاتحاد الأوروبي ... وقدم"
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
        end = np_end(view, 0, AR_STOP_NP, "ar", max_len=pivot)
        if end == pivot:
            return view.mention(0, end), False
    return None, False


def _glued_li(view: SentenceView, i: int) -> Mention | None:
    """A recipient glued to ل ("لصندوق همة وطن", "لبرنامج ...", "لكل واحدة"):
    the tokenizer splits ل only before the article, so the ل is cut here by
    offset.  An entity starting inside the token is taken whole."""
    t = view.toks[i]
    if t.is_clitic or not t.text.startswith("ل") or len(t.text) < 3 or t.text.startswith("لل") \
            or t.text in ("لها", "لهم", "لهما", "لهن", "لنا", "لكم"):  # ل + pronoun
        return None
    for e in view.ents:
        if e.start == t.start:  # the token is itself a name ("لبنان")
            return None
        if e.start == t.start + 1:
            return view.entity_mention(e)
    if ar_norm(t.form) in AR_STOP_NP or t.text.startswith(("لدى", "لكن", "لقد", "لم", "لن", "لا", "لي")):
        return None  # particles and ل + verb ("ليتمكن") are not recipients
    if t.text.startswith(("لإ", "لأ", "لت")):  # ل + verbal noun: a purpose ("لإعادة بناء"), not a recipient
        return None
    end = np_end(view, i + 1, AR_STOP_NP, "ar", max_len=5) if i + 1 < len(view.toks) else i + 1
    char_end = view.toks[max(end, i + 1) - 1].end
    return Mention(t.start + 1, char_end, view.doc.text[t.start + 1:char_end])


def _quoted(view: SentenceView, j: int) -> Mention | None:
    """A quoted name right after a marker ("لدعم "حملة 10 ملايين وجبة"")."""
    if j >= len(view.toks) or view.toks[j].text not in ('"', "«", "“"):
        return None
    close = {'"': '"', "«": "»", "“": "”"}[view.toks[j].text]
    for k in range(j + 1, min(j + 10, len(view.toks))):
        if view.toks[k].text == close:
            return view.mention(j + 1, k) if k > j + 1 else None
    return None


def ar_recipient(view: SentenceView, after: int, until: int | None = None) -> tuple[Mention | None, Mention | None]:
    """The first recipient marker from token `after` (to `until`): لصالح، لدعم،
    إلى، ل + name, ل glued to a noun; "لدعم X" also gives the purpose."""
    recipient = purpose = None
    for i in range(after, len(view.toks) if until is None else until):
        form = ar_norm(view.toks[i].form)
        if form not in AR_RECIPIENT_MARKERS:
            m = _glued_li(view, i)
            if m is not None:
                return m, purpose
            continue
        j = i + 1
        if j >= len(view.toks):
            break
        if form in (ar_norm("لدعم"), ar_norm("لمساعدة")) or (form == "ل" and ar_norm(view.toks[j].form) in ("دعم", "مساعده")):
            k = j + (1 if form == "ل" else 0)
            m = _quoted(view, k) or (_ar_np(view, k) if k < len(view.toks) else None)
            if m is not None:
                recipient = recipient or m
                purpose = purpose or view.mention(i if form != "ل" else j, _tok_end(view, m.end))
            break
        m = _quoted(view, j) or _ar_np(view, j)
        if m is not None:
            recipient = m
            break
    return recipient, purpose


def passive_agent(view: SentenceView, j: int, reach: int = 4) -> Mention | None:
    """The giver of a passive gift, named by "من قبل" right after the amount
    (tokens from j): "وتم تخصيص 10000 ريال من قبل دولة النرويج"."""
    words = [ar_norm(t.form) for t in view.toks]
    for k in range(j, min(j + reach, len(words) - 2)):
        if words[k] == "من" and words[k + 1] == "قبل":  # the name may follow its head: "دولة النرويج"
            e = next((e for e in map(view.entity_at, range(k + 2, min(k + 4, len(words)))) if e is not None), None)
            return view.entity_mention(e) if e is not None and e.label in GIVER_LABELS else None
    return None


def next_gift(view: SentenceView, after: int) -> int | None:
    """Where the next giving clause starts after token `after` ("..., فيما قدمت
    شركة X 10 ملايين"): a recipient named after it is that gift's.  A purpose
    marker ("لدعم") is not a new gift."""
    for c in view.cues:
        if c.kind == "trigger" and c.start >= after:
            form = ar_norm(view.toks[c.start].form)
            if not form.lstrip("وف").startswith("ل"):
                return c.start
    return None


def _tok_end(view: SentenceView, char_end: int) -> int:
    for k, t in enumerate(view.toks):
        if t.end >= char_end:
            return k + 1
    return len(view.toks)
