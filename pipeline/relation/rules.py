"""Rule-based relation extraction: is an amount pledged, by whom, to whom.

For each amount the sentence's cues are scored: the strongest giving
predicate (weighted by distance) raises the score, look-alikes (revenue,
loans, prices, money raised, running rates) near the amount lower it.  Roles
come from pipeline.relation.roles; anaphoric donors ("he", "the company",
"المنصة" alone) resolve to the nearest compatible giver earlier in the document
when there is one.  One record per (donor, amount, currency) in a document.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from ..document import Amount, Document, Entity, Mention, Pledge, Sentence
from . import roles, roles_ar
from .canonical import default as canonicaliser, pledge_group
from .givers import coordinated, named_near, same_giver
from .lexicon import Cue, RelationLexicon, lexicon, norm
from .memo import sentence_cues


@dataclass
class Decision:
    amount: Amount
    sentence: Sentence
    score: float
    donor: Mention | None
    recipient: Mention | None
    purpose: Mention | None
    trigger: Cue | None
    view: roles.SentenceView | None = None  # kept so later checks need not rebuild it


def _token_span(view: roles.SentenceView, a: Amount) -> tuple[int, int]:
    idx = [i for i, t in enumerate(view.toks) if t.end > a.start and t.start < a.end]
    return (idx[0], idx[-1] + 1) if idx else (0, 0)


def _purpose_clauses(view: roles.SentenceView, i: int, j: int, reach: int = 4, after: int = 8) -> list[tuple[int, int]]:
    """Token spans that say what the gift of amount tokens [i, j) pays for
    ("تخصيص جزء منها لشراء ١٠ أجهزة", "donated $1m to the hospital to buy
    ventilators"): a purpose opener close after a giving cue and its object, or
    after the amount in its clause (within `after` tokens, no punctuation
    between), and up to `reach` tokens past it.  A look-alike word there (buy,
    pay, cost) is the beneficiary's use of the gift, not a price or a purchase
    of the giver's.  Right after the giving verb it is what is given
    ("committed to buy $200bn of goods"); in another clause it is another
    matter ("pledged $3m ..., a week after it agreed to buy X for $2bn")."""
    ends = [c.end for c in view.cues if c.kind == "trigger"]
    spans = []
    for p in view.cues:
        if p.kind != "purpose" or not any(e < p.start for e in ends):
            continue
        after_gift = any(e < p.start <= e + reach for e in ends)
        after_amount = j <= p.start <= j + after and all(
            any(ch.isalnum() for ch in t.text) for t in view.toks[j:p.start])
        if not (after_gift or after_amount):
            continue
        end = p.end
        while end < min(len(view.toks), p.end + reach) and any(ch.isalnum() for ch in view.toks[end].text):
            end += 1
        spans.append((p.start, end))
    return spans


def _lookalikes(view: roles.SentenceView, i: int, j: int) -> list[Cue]:
    """The sentence's look-alike cues for amount tokens [i, j), less those inside a purpose clause."""
    spans = _purpose_clauses(view, i, j)
    return [c for c in view.cues if c.kind == "negative" and not any(s <= c.start < e for s, e in spans)]


def _headline(doc: Document, d: Decision) -> bool:
    """The decision comes from the article's headline (a first sentence with no final stop)."""
    return (bool(doc.sentences) and d.sentence is doc.sentences[0]
            and not doc.text[d.sentence.start:d.sentence.end].rstrip().endswith((".", "!", "?", "؟", ":")))


_EN_PLACE_PREPS = {"in", "at", "from", "near", "across", "to", "into", "outside", "of"}


def _setting(doc: Document, e: Entity) -> bool:
    """An English place after a preposition ("an oil company based in London"):
    where things happen, not a giver a later "it" refers to."""
    if doc.lang != "en" or e.label != "GPE":
        return False
    k = bisect_left(doc.tokens, e.start, key=lambda t: t.start)
    return k > 0 and doc.tokens[k - 1].text.lower() in _EN_PLACE_PREPS


def _public(doc: Document, lex: RelationLexicon, m: Mention) -> bool:
    """The giver is the general public, its "of" phrase included ("Members of the public")."""
    tail = doc.text[m.end:m.end + 40].split()
    return lex.is_public(m.text + (" " + " ".join(tail[:3]) if tail[:1] == ["of"] else ""))


def _distance(c: Cue, i: int, j: int) -> int:
    if c.end <= i:
        return i - c.end
    if c.start >= j:
        return c.start - j
    return 0


class RuleRelation:
    def __init__(self, threshold: float = 0.5, negative_window: int = 8, require_donor: bool = True):
        self.threshold = threshold
        self.negative_window = negative_window
        self.require_donor = require_donor

    def view(self, doc: Document, sent: Sentence) -> roles.SentenceView:
        toks = doc.sentence_tokens(sent)
        ents = [e for e in doc.entities if e.start >= sent.start and e.end <= sent.end]
        lex = lexicon(doc.lang or "en")
        view = roles.SentenceView(doc, toks, sent.token_start, ents, sentence_cues(doc, sent))
        if doc.lang == "en" and lex.pledgers:
            view.cues = roles.en_pledging_raises(view, lex.pledgers)
        return view

    def score(self, view: roles.SentenceView, a: Amount) -> tuple[float, Cue | None]:
        i, j = _token_span(view, a)
        best, trigger = 0.0, None
        support = neg = rate = 0.0
        committed = False  # a commitment cue counts for this amount
        lex = lexicon(view.doc.lang or "en")
        per_token: dict[int, float] = {}  # strongest trigger evidence per token
        negatives = _lookalikes(view, i, j)
        # "X received £15m from Y": a receipt with its giver named is a gift
        receipts = [c for c in view.cues if c.kind == "receipt"] if roles.giver_after_from(view, j) else []
        negatives = [c for c in negatives if not any(r.start <= c.start < r.end for r in receipts)]
        phrases = [c for c in negatives if c.end - c.start > 1]
        # a semicolon closes a clause: "X will give $5m; Y has pledged $3m"
        stops = [k for k, t in enumerate(view.toks) if t.text in (";", "؛")]
        for c in [c for c in view.cues if c.kind not in ("negative", "receipt")] + receipts + negatives:
            if c.start < j and c.end > i:  # a cue inside the amount ("aid" in a unit) does not count
                continue
            if any(min(c.start, i) < k < max(c.end, j) for k in stops):
                continue
            if c.kind == "trigger" and any(p.start <= c.start and c.end <= p.end for p in phrases):
                continue  # part of a look-alike phrase ("بلغت التبرعات", "funds raised")
            if c.kind != "anaphor" and view.entity_at(c.start) is not None:  # part of a name ("Aid Trust")
                continue
            d = _distance(c, i, j)
            if c.kind in ("trigger", "receipt"):
                committed = committed or c.term in lex.commitments
                s = c.weight / (1.0 + 0.08 * d)
                per_token[c.start] = max(per_token.get(c.start, 0.0), s)
                if s > best:
                    best, trigger = s, c
            elif c.kind == "support":
                support = max(support, c.weight / (1.0 + 0.1 * d))
            elif c.kind == "negative" and d <= self.negative_window:
                if c.term in lex.periods:
                    rate = max(rate, c.weight / (1.0 + 0.15 * d))
                else:
                    neg = max(neg, c.weight / (1.0 + 0.15 * d))
        # a running rate is usually not a pledge ("provides $5bn a year"), unless
        # committed to: "pledged £1.25bn a year", "تعهد بتقديم 50 ألف دولار سنويا"
        if not committed:
            neg = max(neg, rate)
        # several giving cues agree (noisy-or): "تبرع ... بمبلغ", "pledged ... in aid"
        miss = 1.0
        for s in per_token.values():
            miss *= 1.0 - s
        score = 0.1 + 0.9 * (1.0 - miss) + 0.2 * support - 0.75 * neg
        if a.kind == "quantity" and not self._gives_goods(view, trigger, i, j):
            score = min(score, 0.3)  # in-kind gifts need an explicit giving verb
        if a.per and a.per in ("year", "month", "week", "day") and not committed:
            score -= 0.15
        return max(0.0, min(1.0, score)), trigger

    @staticmethod
    def _gives_goods(view: roles.SentenceView, trigger: Cue | None, i: int, j: int) -> bool:
        """A strong giving cue, or a milder one governing the count: at most 3
        tokens away, not counting a named giver between them ("قدمت الوزارة
        46,000 وجبة", "قدمت شركة الدواء المتحد للصناعات الدوائية 200 ألف كمامة")."""
        if trigger is None or trigger.weight < 0.6:
            return False
        if trigger.weight >= 0.8:
            return True
        between = range(trigger.end, i) if trigger.end <= i else range(j, trigger.start)
        return sum(1 for k in between if view.entity_at(k) is None) <= 3

    def decide(self, doc: Document, a: Amount) -> Decision | None:
        sent = doc.sentence_at(a.start)
        if sent is None:
            return None
        view = self.view(doc, sent)
        score, trigger = self.score(view, a)
        i, j = _token_span(view, a)
        t = trigger.start if trigger else None
        listed = roles.listed_giver(view, i)
        if trigger is not None and trigger.kind == "receipt":  # "X received £15m from Y"
            donor, anaphor = view.entity_mention(roles.giver_after_from(view, j)), False
            recipient, purpose = roles.receiver(view, trigger, i), None
        elif listed is not None:  # "Germany (€20 million), Kuwait ($41 million)"
            donor, anaphor = listed, False
            recipient, purpose = None, None
        elif doc.lang == "ar":
            agent = roles_ar.passive_agent(view, j)
            donor, anaphor = (agent, False) if agent is not None else \
                roles_ar.ar_donor(view, [c for c in view.cues if c.kind == "trigger"], i)
            after = trigger.end if trigger and trigger.start > j else j
            recipient, purpose = roles_ar.ar_recipient(view, after, roles_ar.next_gift(view, after))
        else:
            donor, anaphor = roles.en_donor(view, t, i)
            recipient, purpose = roles.en_recipient(view, min(j, trigger.end) if trigger and trigger.end <= i else j)
        if donor is not None and recipient is not None and donor.start == recipient.start:
            recipient = None
        if donor is None:  # "She pledged ...", "وقالت الوزارة إنها ..." without a parse
            pivot = t if t is not None else i
            before = [c for c in view.cues if c.kind == "anaphor" and c.end <= pivot]
            if before:
                c = before[-1]
                donor, anaphor = view.mention(c.start, c.end), True
        if donor is not None and anaphor:
            donor = self.resolve(doc, donor, sent)
        return Decision(a, sent, score, donor, recipient, purpose, trigger, view)

    def _follow_up_recipient(self, doc: Document, sent: Sentence) -> Mention | None:
        """The next sentence may say where the gift goes: "وسيتم إرسال هذه
        التبرعات إلى ...", "The money will go to ..." (a gift_ref cue, then a
        recipient marker)."""
        k = next((n for n, s in enumerate(doc.sentences) if s is sent), len(doc.sentences)) + 1
        if k >= len(doc.sentences):
            return None
        nxt = doc.sentences[k]
        if not any(c.kind == "gift_ref" for c in sentence_cues(doc, nxt)):
            return None  # cheap test first: a view may need the sentence analysed
        view = self.view(doc, nxt)
        ref = next(c for c in view.cues if c.kind == "gift_ref")
        find = roles_ar.ar_recipient if doc.lang == "ar" else roles.en_recipient
        return find(view, ref.end)[0]

    def resolve(self, doc: Document, m: Mention, sent: Sentence) -> Mention:
        """An anaphoric donor -> the nearest earlier giver entity of a compatible type."""
        lex = lexicon(doc.lang or "en")
        key = tuple(norm(w, doc.lang or "en") for w in m.text.split())
        labels = {v for kind, v, _ in lex.exact.get(key, []) if kind == "anaphor"}
        if not labels and doc.lang == "en" and m.text.lower() in roles.EN_PRONOUNS:
            labels = {"PERSON"} if m.text.lower() in ("he", "she") else {"ORG", "GPE", "NORP"}
        if not labels:
            return m
        earlier = [e for e in doc.entities if e.end <= m.start and e.label in labels and not _setting(doc, e)]
        if not earlier:
            return m
        e = earlier[-1]
        if doc.lang == "ar":  # "المجموعة" -> the nearest earlier "مجموعة ..." first
            head = norm(m.text, "ar").removeprefix("ال")
            same = [x for x in earlier if norm(x.text, "ar").removeprefix("ال").startswith(head)]
            e = same[-1] if same else e
        return Mention(m.start, m.end, m.text, e.label, canonical=e.text) if doc.lang == "ar" else \
            Mention(e.start, e.end, e.text, e.label)

    def decisions(self, doc: Document) -> list[Decision]:
        """Every amount's decision; an amount listed beside an accepted one in the
        same sentence ("$25m in ads and $100m in credits") shares its verdict
        unless a look-alike cue sits right next to it."""
        out = [d for d in (self.decide(doc, a) for a in doc.amounts) if d is not None]
        by_sent: dict[int, list[Decision]] = {}
        for d in out:
            by_sent.setdefault(d.sentence.start, []).append(d)
        for group in by_sent.values():
            top = max(group, key=lambda d: d.score)
            if top.score < self.threshold:
                continue
            for d in group:
                if d is not top and d.score < self.threshold and d.amount.kind == top.amount.kind \
                        and not self._negative_near(doc, d):
                    d.score = max(d.score, top.score - 0.1, self.threshold)
                    d.donor = d.donor or top.donor
        return out

    @staticmethod
    def _without_rounded_headlines(doc: Document, kept: list[Decision], tolerance: float = 0.1) -> list[Decision]:
        """A headline rounds the body's figure ("UK pledges £1bn" over "has offered
        £960m"): a round headline amount within `tolerance` of a different body
        amount in the same currency is that pledge, reported once, from the body."""
        def rounded(v: float) -> bool:
            digits = f"{v:.0f}".rstrip("0")
            return 0 < len(digits) <= 2

        out = []
        for d in kept:
            a = d.amount
            if _headline(doc, d) and a.kind == "money" and a.value and rounded(a.value) and any(
                    o is not d and o.amount.currency == a.currency and o.amount.value and o.amount.value != a.value
                    and abs(o.amount.value - a.value) <= tolerance * a.value for o in kept):
                continue
            out.append(d)
        return out

    @staticmethod
    def _giver_key(doc: Document, key: tuple, d: Decision, firsts: dict) -> tuple:
        """The record key of `d`'s amount: the same sum given by two different named givers is two
        records ("Saudi Arabia promised $300 million ... Qatar also promised $300 million"), so a
        later mention joins an earlier one of its amount unless both name a giver, neither's words
        contain the other's, the earlier one is not the headline (which sums up the body), and the
        earlier giver is not named in the later mention's sentence or the one before it (a
        restatement: "The Catholic Church gives EGP 2m" ... "the Catholic Church's spokesman
        announced its gift to the fund of EGP 2m", where the fund is no second giver).  5-fold CV,
        seeds 13-17 (donor+amount all / unseen / unseen English / unseen Arabic / dev): one record per
        amount 0.670 / 0.626 / 0.653 / 0.581 / 0.838; split on any two givers 0.672 / 0.633 / 0.668 /
        0.572 / 0.816; with the two joins 0.674 / 0.633 / 0.664 / 0.579 / 0.827."""
        if d.donor is None:
            return key
        n = 0
        while True:
            k = key if n == 0 else key + (n,)
            f = firsts.get(k)
            if f is None or f.donor is None or same_giver(d.donor, f.donor) or _headline(doc, f) \
                    or named_near(doc, f.donor, d.sentence):
                return k
            n += 1

    @staticmethod
    def _same_gift(q: Decision, m: Decision, window: int = 4) -> bool:
        """An in-kind count within a few tokens of a money gift in its sentence
        ("AED1 million for 125,000 meals", "meals worth Dh2m") is that gift."""
        if q.sentence.start != m.sentence.start or q.view is None:
            return False
        qi, qj = _token_span(q.view, q.amount)
        mi, mj = _token_span(q.view, m.amount)
        return (mi - qj if mi >= qj else qi - mj) <= window

    def _negative_near(self, doc: Document, d: Decision, floor: float = 0.35) -> bool:
        """A look-alike weighs on the amount (its distance-decayed weight, as in
        score(), at least `floor`): "... فيما دعت الأمم المتحدة إلى توفير 12 مليون"."""
        view = d.view or self.view(doc, d.sentence)
        i, j = _token_span(view, d.amount)
        return any(_distance(c, i, j) <= self.negative_window and c.weight / (1.0 + 0.15 * _distance(c, i, j)) >= floor
                   for c in _lookalikes(view, i, j))

    def extract(self, doc: Document) -> list[Pledge]:
        """Accepted decisions -> Pledges.  An amount repeated later in the article
        is the same record (the first mention is kept, a missing donor filled in
        from the repeat); a donor that lists givers ("X, Y and Z pledged $1m each")
        gives one record per giver (pipeline.relation.givers); an in-kind count stated beside an accepted money gift
        ("AED1 million for 125,000 meals") is part of that gift, not a record."""
        accepted: list[Decision] = []
        last: Decision | None = None
        lex = lexicon(doc.lang or "en")
        for d in self.decisions(doc):
            if d.score < self.threshold or (d.donor is not None and _public(doc, lex, d.donor)):
                continue
            if d.donor is None and last is not None:  # an unnamed giver continues the story
                d.donor = last.donor
            if d.recipient is None:
                d.recipient = self._follow_up_recipient(doc, d.sentence)
            accepted.append(d)
            last = d
        money = [d for d in accepted if d.amount.kind == "money"]
        firsts: dict[tuple, Decision] = {}  # each record's first mention
        chosen: dict[tuple, Decision] = {}  # the mention it is reported from
        for d in accepted:
            a = d.amount
            if a.kind == "quantity" and any(self._same_gift(d, m) for m in money):
                continue
            key = (a.kind, a.currency, round(a.value or 0.0, 2), a.unit if a.kind == "quantity" else None)
            key = self._giver_key(doc, key, d, firsts)
            if a.kind == "quantity" and key not in firsts:
                # the same count of goods in another sentence is a repeat, however its unit is worded
                # ("3 million doses" ... "3,000,000 Covid vaccine doses"); in one sentence, two units are two gifts
                key = next((k for k, f in firsts.items() if k[:3] == key[:3] and f.sentence is not d.sentence), key)
            first = chosen.setdefault(key, firsts.setdefault(key, d))
            if first is not d and _headline(doc, first) and not _headline(doc, d):
                # the body names the headline's pledge most specifically: "Streaming firm
                # pledges SEK 50m" ... "Vantora will give SEK 50 million to ..."
                d.donor, d.recipient = d.donor or first.donor, d.recipient or first.recipient
                chosen[key] = first = d
            if first is not d and first.donor is None:
                first.donor = d.donor
        pledges: list[Pledge] = []
        kept = {id(d) for d in self._without_rounded_headlines(doc, list(firsts.values()))}
        seen: set[tuple] = set()
        for k, d in ((k, chosen[k]) for k, f in firsts.items() if id(f) in kept):
            if d.donor is None and self.require_donor:
                continue
            a = d.amount
            for giver in coordinated(doc, d.donor) if d.donor is not None else [None]:
                canonical = None
                if giver is not None:
                    canonical = canonicaliser().canonical(giver.canonical or giver.text)
                    giver = Mention(giver.start, giver.end, giver.text, giver.label, canonical)
                ident = (k, canonical or (giver.text if giver else None))
                if ident in seen:
                    continue  # two names of one giver in the list
                seen.add(ident)
                pledges.append(Pledge(a, giver, d.recipient, d.purpose, (d.sentence.start, d.sentence.end),
                                      round(d.score, 4), pledge_group(canonical, a.kind, a.currency, a.value)))
        pledges.sort(key=lambda p: (p.amount.start, p.amount.end))
        return pledges
