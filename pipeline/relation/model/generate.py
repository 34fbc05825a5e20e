"""The project's own training-data generator: synthetic news documents in
English and Arabic with their gold pledge records.

Documents mix pledge events (plain SVO / VSO, passives, appositions, anaphors
and pronouns, in-kind gifts, totals and their parts, capped and per-year
gifts) with hard negatives (revenue, investment, acquisition, loan, price,
sponsorship, salary, fine, money raised from the public, a fund's total,
running rates, appeals and proposals, in-kind production) and filler.
Records follow ../../shared/gold/GUIDELINES.md, with three extra fields the
trainer uses when present: `start`/`end` (the amount) and `spans` (donor and
recipient offsets).  The output is a function of (seed, split, index) only.

    python -m pipeline.relation.model.generate --n 200 --split train --out DIR
writes DIR/gold.jsonl and DIR/docs.jsonl.
"""
from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import gen_ar, gen_en
from . import gen_pools as P
from .gen_names import Names

_SLOT = re.compile(r"\{([A-Za-z_0-9]+(?::[a-z_]+)?)\}")
_AMOUNT_SLOTS = ("A", "A1", "A2", "A3", "Q")
_AR_HEADS = ("شركة ", "مجموعة ", "منصة ", "مؤسسة ", "بنك ", "مصرف ", "جمعية ", "رجل الأعمال ", "سيدة الأعمال ", "السيدة ",
             "الدكتورة ", "الدكتور ", "الشيخ ", "الأمير ", "حكومة ", "دولة ")


@dataclass
class GenDoc:
    doc_id: str
    lang: str
    text: str
    records: list[dict] = field(default_factory=list)

    def gold_lines(self) -> list[dict]:
        return self.records or [{"doc_id": self.doc_id, "lang": self.lang, "pledges": 0}]


@dataclass
class _Sent:
    text: str
    spans: dict[str, tuple[int, int]]


def render(template: str, fills: dict[str, str], capitalise: bool = False) -> _Sent:
    out, spans, pos = [], {}, 0
    last = 0
    for m in _SLOT.finditer(template):
        lit = template[last:m.start()]
        out.append(lit)
        pos += len(lit)
        value = fills[m.group(1)]
        if capitalise and pos == 0 and value[:1].islower():
            value = value[0].upper() + value[1:]
        spans.setdefault(m.group(1), (pos, pos + len(value)))
        out.append(value)
        pos += len(value)
        last = m.end()
    out.append(template[last:])
    text = "".join(out)
    if capitalise and text[:1].islower():
        text = text[0].upper() + text[1:]
    return _Sent(text, spans)


def _pick_templates(rng: random.Random, pool: list, split: str) -> list:
    """Templates at index % 5 == 4 are never used in training; held-out documents
    draw from them half the time."""
    held = [t for i, t in enumerate(pool) if i % 5 == 4]
    train = [t for i, t in enumerate(pool) if i % 5 != 4] or pool
    if split == "heldout" and held and rng.random() < 0.5:
        return rng.choice(held)
    return rng.choice(train)


class _Doc:
    """State while one document is generated."""

    def __init__(self, rng: random.Random, lang: str, split: str):
        self.rng, self.lang, self.split = rng, lang, split
        self.T = gen_en if lang == "en" else gen_ar
        self.names = Names(lang, split)
        self.purposes = P.split_pool(P.EN_PURPOSES if lang == "en" else P.AR_PURPOSES, split)
        self.places = self.names.places
        self.days = P.EN_DAYS if lang == "en" else P.AR_DAYS
        self.clubs = P.EN_CLUBS if lang == "en" else P.AR_CLUBS
        self.main = self.names.donor(rng)
        self.seen: set[tuple] = set()

    # -- amounts ---------------------------------------------------------------
    def money(self, **kw) -> P.MoneySpec:
        return (P.en_money if self.lang == "en" else P.ar_money)(self.rng, **kw)

    def in_kind(self) -> P.MoneySpec:
        return (P.en_in_kind if self.lang == "en" else P.ar_in_kind)(self.rng)

    def millions(self, cur: str, n: int) -> P.MoneySpec:
        return (P.en_millions if self.lang == "en" else P.ar_millions)(self.rng, cur, n)

    # -- slot values -------------------------------------------------------------
    def fills(self, sents: list[str], donor: tuple, kind: str, others: tuple = ()
              ) -> tuple[dict[str, str], dict[str, P.MoneySpec]]:
        rng, en = self.rng, self.lang == "en"
        name, dkind, gender = donor[0], donor[1], donor[2]
        f: dict[str, str] = {}
        money: dict[str, P.MoneySpec] = {}
        slots = {m.group(1) for s in sents for m in _SLOT.finditer(s)}
        if kind == "parts":
            cur = rng.choice(["USD", "USD", "EUR", "AED", "SAR", "EGP"] if en else ["USD", "USD", "SAR", "AED", "EGP"])
            a1, a2 = rng.choice([1, 2, 3, 5, 10, 20]), rng.choice([1, 2, 4, 5, 8, 15])
            while a2 == a1:
                a2 += 1
            money.update(A1=self.millions(cur, a1), A2=self.millions(cur, a2), A=self.millions(cur, a1 + a2))
        for s in sorted(slots):
            if s == "A" and "A" not in money:
                if kind == "up_to":
                    q = rng.choice([("up to", "up_to"), ("a maximum of", "up_to")] if en else
                                   [("ما يصل إلى", "up_to"), ("بحد أقصى", "up_to")])
                    money["A"] = self.money(qualifier=q)
                else:
                    money["A"] = self.money(qualified=0.0 if kind == "anaphor" and not en else 0.25)
            elif s in ("A1", "A2", "A3") and s not in money:
                money[s] = self.money(qualified=0.15)
            elif s == "Q":
                money["Q"] = self.in_kind()
            elif s == "X":
                money["X"] = self.money(qualified=0.0)
            elif s == "QX":
                money["QX"] = self.in_kind()
        for k, m in money.items():
            f[k] = m.text
        recips: list[str] = []
        while len(recips) < 3:
            r = self.names.recipient(rng)
            if r not in recips:
                recips.append(r)
        person = dkind == "person"
        pron = ("she" if gender == "f" else "he") if person else "it"
        if en:
            verb = rng.choice(gen_en.VERBS_TO)
            ana = pron.capitalize() if person else rng.choice(P.EN_ANAPHOR[dkind])
            f.update(V=verb[0], Vb=verb[1], Vpp=verb[2], it=pron, it_l=pron if ana != "It" else "it",
                     ANA=ana, ANA_l=ana[0].lower() + ana[1:],
                     DESC=rng.choice(P.EN_DESC[dkind]), DSHORT=donor[3])
            f["DAY_CAP"] = rng.choice(self.days)[0].upper() + rng.choice(self.days)[1:]
        else:
            fem = gender == "f"
            f.update(PR="ها" if fem else "ه", ALLATI="التي" if fem else "الذي", ANA=donor[3] or name,
                     DESC=rng.choice(P.AR_DESC[dkind]), W="و" if rng.random() < 0.7 else "", DSHORT=name)
            for key, forms in gen_ar.VERBS.items():
                f["V:" + key] = forms[0 if fem else 1]
                for n, other in enumerate(others, 2):
                    f[f"V{n}:{key}"] = forms[0 if other[2] == "f" else 1]
        f.update(D=name, R=recips[0], R1=recips[1], R2=recips[2], HR=recips[0], P=rng.choice(self.purposes),
                 PLACE=rng.choice(self.places), DAY=rng.choice(self.days), PERSON=self.names.person_name(rng),
                 O=self.names.other_org(rng), CLUB=rng.choice(self.clubs),
                 C=name if rng.random() < 0.5 and dkind != "person" else self.names.other_org(rng),
                 G=self.names.gov(rng)[0])
        for n, other in enumerate(others, 2):
            f[f"D{n}"] = other[0]
        return f, money

    # -- events ------------------------------------------------------------------
    def positive(self) -> tuple[list[_Sent], list[dict]]:
        rng, T = self.rng, self.T
        kind = rng.choices(["plain", "anaphor", "in_kind", "parts", "up_to", "per_year", "distractor", "multi"],
                           [40, 12, 10, 6, 5, 4, 8, 6])[0]
        pool = {"plain": T.POSITIVE, "anaphor": T.ANAPHOR, "in_kind": T.IN_KIND, "parts": T.PARTS,
                "up_to": T.UP_TO, "per_year": T.PER_YEAR, "distractor": T.DISTRACTOR, "multi": T.MULTI}[kind]
        donor = self.main if rng.random() < 0.7 else self.names.donor(rng)
        others: list[tuple] = []
        while kind == "multi" and len(others) < 2:
            o = self.names.donor(rng)
            if o[0] != donor[0] and all(o[0] != x[0] for x in others):
                others.append(o)
        sents = list(_pick_templates(rng, pool, self.split))
        if self.lang == "en":
            intro = rng.choice(gen_en.INTRO)
            sents = [s.replace("{INTRO}", intro) for s in sents]
        for _ in range(5):
            fills, money = self.fills(sents, donor, kind, tuple(others))
            keys = {(donor[0], m.currency, m.value, m.unit) for k, m in money.items()
                    if k in _AMOUNT_SLOTS and any("{" + k + "}" in s for s in sents)}
            if not keys & self.seen:
                break
        self.seen |= keys
        rendered = [render(s, fills, capitalise=self.lang == "en") for s in sents]
        if rng.random() < 0.2 and "A" in money and kind in ("plain", "distractor"):
            rendered.append(render(rng.choice(T.REPEAT), dict(fills, AREP=money["A"].text), self.lang == "en"))
        specs = []
        for k in _AMOUNT_SLOTS:
            if k not in money or not any("{" + k + "}" in s for s in sents):
                continue
            rk = "R" + k[1:] if k in ("A1", "A2") and any("{R" + k[1:] + "}" in s for s in sents) else "R"
            dk = "D" + k[1:] if k in ("A2", "A3") and any("{D" + k[1:] + "}" in s for s in sents) else "D"
            giver = others[int(k[1:]) - 2] if dk != "D" else donor
            specs.append({"amount": k, "money": money[k], "recipient": rk if any("{" + rk + "}" in s for s in sents) else None,
                          "purpose": fills["P"] if any("{P}" in s for s in sents) else None, "donor": giver,
                          "donor_slot": dk})
        self._last_fills = (fills, money, donor)
        return rendered, specs

    def negative(self) -> _Sent:
        _, template = _pick_templates(self.rng, self.T.NEGATIVE, self.split)
        fills, _ = self.fills([template], self.names.donor(self.rng), "negative")
        return render(template, fills, capitalise=self.lang == "en")

    def filler(self) -> _Sent:
        template = self.rng.choice(self.T.FILLER)
        fills, _ = self.fills([template], self.main, "filler")
        return render(template, fills, capitalise=self.lang == "en")


def _aliases(donor: tuple, lang: str, text: str) -> list[str]:
    out = [text]
    if lang == "en":
        out.append(donor[3])
    else:
        for h in _AR_HEADS:
            if text.startswith(h):
                out.append(text[len(h):])
        out.append(text.replace("«", "").replace("»", ""))
    return list(dict.fromkeys(out))


def make_doc(seed: int, split: str, index: int, lang: str | None = None) -> GenDoc:
    rng = random.Random(f"{seed}:{split}:{index}")
    lang = lang or ("en" if index % 2 == 0 else "ar")
    doc_id = f"gen-{split}-{lang}-{index:05d}"
    g = _Doc(rng, lang, split)
    n_pos = rng.choice([0, 1, 1, 1, 2, 2, 2, 3])
    n_neg = rng.choice([0, 1, 1, 2, 2, 3]) if n_pos else rng.choice([1, 2, 3])
    pos_events = [g.positive() for _ in range(n_pos)]
    blocks: list[tuple[list[_Sent], list[dict]]] = [(s, r) for s, r in pos_events]
    blocks += [([g.negative()], []) for _ in range(n_neg)]
    blocks += [([g.filler()], []) for _ in range(rng.randint(0, 3))]
    first = blocks.pop(0) if pos_events and rng.random() < 0.7 else None
    rng.shuffle(blocks)
    if first is not None:
        blocks.insert(0, first)
    head = None
    if rng.random() < 0.5:
        fills, money, donor = getattr(g, "_last_fills", (None, None, g.main))
        if fills is not None and "A" in money and rng.random() < 0.6:
            head = render(rng.choice([h for h in g.T.HEADLINE if "{A}" in h]), fills, lang == "en")
        elif fills is not None:
            head = render(rng.choice([h for h in g.T.HEADLINE if "{A}" not in h]), fills, lang == "en")
    # lay the sentences out: one per paragraph, or short paragraphs
    one_per_line = rng.random() < 0.5
    text, records = "", []
    if head is not None:
        text = head.text.rstrip(".") + "\n\n"
    n_in_par = 0
    for sents, specs in blocks:
        offsets = []
        for s in sents:
            if text and not text.endswith("\n"):
                if one_per_line or n_in_par >= rng.randint(1, 3):
                    text += "\n"
                    n_in_par = 0
                else:
                    text += " "
            offsets.append(len(text))
            text += s.text
            n_in_par += 1
        for spec in specs:
            records.append(_record(doc_id, lang, sents, offsets, spec))
    return GenDoc(doc_id, lang, text + "\n", records)


def _find_slot(sents: list[_Sent], offsets: list[int], slot: str) -> tuple[int, int, int] | None:
    for i, (s, off) in enumerate(zip(sents, offsets)):
        if slot in s.spans:
            a, b = s.spans[slot]
            return i, off + a, off + b
    return None


def _record(doc_id: str, lang: str, sents: list[_Sent], offsets: list[int], spec: dict) -> dict:
    m: P.MoneySpec = spec["money"]
    si, a0, a1 = _find_slot(sents, offsets, spec["amount"])
    d = _find_slot(sents, offsets, spec.get("donor_slot", "D"))
    r = _find_slot(sents, offsets, spec["recipient"]) if spec["recipient"] else None
    donor_text = sents[d[0]].text[d[1] - offsets[d[0]]:d[2] - offsets[d[0]]]
    recip_text = sents[r[0]].text[r[1] - offsets[r[0]]:r[2] - offsets[r[0]]] if r else None
    amount = in_kind = None
    if m.kind == "money":
        amount = {"value": m.value, "currency": m.currency, "text": m.text,
                  "approximate": m.qualifier in ("about", "over", "under"), "qualifier": m.qualifier}
    else:
        in_kind = {"quantity": m.value, "unit": m.unit, "text": m.text, "approximate": False, "qualifier": "exact"}
    return {"doc_id": doc_id, "lang": lang, "donor": donor_text,
            "donor_aliases": _aliases(spec["donor"], lang, donor_text),
            "recipient": recip_text, "recipient_aliases": [recip_text] if recip_text else [],
            "purpose": spec["purpose"], "amount": amount, "in_kind": in_kind, "usd_equivalent": None,
            "evidence": {"start": offsets[si], "end": offsets[si] + len(sents[si].text)},
            "start": a0, "end": a1,
            "spans": {"donor": [d[1], d[2]], "recipient": [r[1], r[2]] if r else None}}


def generate(n: int, seed: int = 13, split: str = "train", start: int = 0) -> list[GenDoc]:
    return [make_doc(seed, split, i) for i in range(start, start + n)]


def write(docs: list[GenDoc], out_dir: str | Path) -> tuple[Path, Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    gold, texts = out / "gold.jsonl", out / "docs.jsonl"
    with gold.open("w", encoding="utf-8") as g, texts.open("w", encoding="utf-8") as t:
        for d in docs:
            t.write(json.dumps({"id": d.doc_id, "lang": d.lang, "text": d.text}, ensure_ascii=False) + "\n")
            for rec in d.gold_lines():
                g.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return gold, texts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.relation.model.generate", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--split", choices=["train", "heldout"], default="train")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    gold, _ = write(generate(args.n, args.seed, args.split), args.out)
    print(f"{args.n} documents -> {gold.parent}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
