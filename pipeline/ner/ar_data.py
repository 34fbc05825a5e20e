"""Training data for the Arabic NER: generated sentences + hand-annotated ones.

`generate(n, split, seed)` fills the project's news-style templates
(``gen_templates.txt``) with project-written name lists and babel's Arabic
country names.  Every filler value and every template is assigned to the
"train" or the "heldout" side by a stable hash of its text (`side()`), so the
held-out sentences use names and sentence frames the model never saw.
Closed classes (organisation heads, titles, currencies) are shared.

`annotated(split)` reads ``ar_annotated.jsonl``: realistic sentences written
and annotated by hand.  Each line says its side ("split"): the held-out lines
were written after the pattern rules were settled and were never used to tune
them.

A sample is ``{"text": str, "entities": [[start, end, label], ...], "src": str}``
with character offsets; a proclitic never belongs to a span ("لمؤسسة الخير" ->
"مؤسسة الخير"; "للصليب الأحمر" -> "لصليب الأحمر", the stem token).
`swapped(rows, k)` re-uses the hand-annotated training sentences as frames:
k copies of each with its names replaced by generated ones of the same label.

`build(config, seed)` returns ``{"train": [...], "heldout_gen": [...],
"heldout_ann": [...]}``.  Everything is deterministic given the seed.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass, field

from .ar_lexicon import RESOURCES, ArabicLexicon

HELDOUT_SHARE = 5  # one value in five goes to the held-out side
_SLOT = re.compile(r"\{([A-Z]+)(\d?)\}|\[([^\]|]+)\|([^\]:]+):([A-Z]+\d?)\]")
_CLITIC_BEFORE = re.compile(r"(?:^|(?<=[\s«(]))([وفبلك]{1,2})$")
_AR_DIGITS = str.maketrans("0123456789.", "٠١٢٣٤٥٦٧٨٩٫")
_NEUTRAL_TITLES = {"فضيلة", "سعادة", "د.", "معالي", "سمو"}


def side(value: str) -> str:
    h = int(hashlib.md5(value.encode("utf-8")).hexdigest()[:8], 16)
    return "heldout" if h % HELDOUT_SHARE == 0 else "train"


@dataclass
class Filler:
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    gender: str = "m"

    @classmethod
    def entity(cls, text: str, label: str, gender: str = "m") -> "Filler":
        return cls(text, [(0, len(text), label)], gender)

    def then(self, other: "Filler", sep: str = " ") -> "Filler":
        k = len(self.text) + len(sep)
        return Filler(self.text + sep + other.text,
                      self.spans + [(s + k, e + k, lab) for s, e, lab in other.spans], self.gender)


def attach(clitic: str, f: Filler, tatweel: bool = False) -> Filler:
    """A proclitic glued to a filler: ل + الصليب -> للصليب (span on "لصليب")."""
    if clitic.endswith("ل") and f.text.startswith("ال"):
        k = len(clitic) - 1  # the stem keeps one lam
        return Filler(clitic + f.text[1:], [(s + k + (s == 0), e + k, lab) for s, e, lab in f.spans], f.gender)
    if tatweel and clitic[-1] in "لب" and not f.text.startswith("ال"):
        clitic += "ـ"
    k = len(clitic)
    return Filler(clitic + f.text, [(s + k, e + k, lab) for s, e, lab in f.spans], f.gender)


class Generator:
    """Template filler for one side ("train" or "heldout")."""

    def __init__(self, split: str, rng: random.Random) -> None:
        g = ArabicLexicon.get().generator_lists()
        self.rng, self.split = rng, split

        def pick(values):
            own = [v for v in values if side(v if isinstance(v, str) else v[0]) == split]
            return own or list(values)

        self.first = {"m": pick(g["first_m"]), "f": pick(g["first_f"])}
        self.family = pick(g["family"])
        orgs = g["orgs"]
        self.org_parts = {k: pick([r[0] for r in v]) if k not in ("charity_head", "company_head", "institution")
                          else [tuple(r) for r in v] for k, v in orgs.items()}
        self.phrases = {k: pick([r[0] for r in v]) for k, v in g["phrases"].items()}
        self.nisba = pick([tuple(r) for r in g["nisba"]])
        self.countries = pick(g["countries"])
        self.cities = pick(g["cities"])
        self.templates = pick(g["templates"])
        titles = g["titles"]
        self.titles = {"m": [t for t in titles if t in _NEUTRAL_TITLES or not t.split()[-1].endswith("ة")],
                       "f": [t for t in titles if t in _NEUTRAL_TITLES or t.split()[-1].endswith("ة")]}

    # ------------------------------------------------------------ fillers
    def c(self, seq):
        return self.rng.choice(seq)

    def person(self, titled: bool | None = None) -> Filler:
        r = self.rng
        gender = "f" if r.random() < 0.2 else "m"
        name = self.c(self.first[gender])
        if r.random() < 0.2:
            name += (" بنت " if gender == "f" else " بن ") + self.c(self.first["m"])
        if r.random() < 0.9:
            name += " " + self.c(self.family)
        f = Filler.entity(name, "PERSON", gender)
        if titled is None:
            titled = r.random() < 0.4
        if titled:
            title = self.c(self.titles[gender])
            if r.random() < 0.2:
                title += " " + self.c(self.nisba)[1 if gender == "m" else 2]
            f = Filler(title).then(f)
            f.gender = gender
        return f

    def gpe(self) -> Filler:
        r = self.rng.random()
        name = self.c(self.countries) if r < 0.55 else (self.c(self.nisba)[0] if r < 0.7 else self.c(self.cities))
        return Filler.entity(name, "GPE", "f")

    def org(self) -> Filler:
        r, p, c = self.rng.random(), self.org_parts, self.c
        if r < 0.22:
            head, gender = c(p["charity_head"])
            name = f"{head} {c(p['charity_name'])}"
            if self.rng.random() < 0.7:
                name += " " + c(p["charity_suffix"])
        elif r < 0.4:
            head, gender = c(p["company_head"])
            name = f"{head} {c(p['company_name'])}"
            if self.rng.random() < 0.6:
                name += " " + c(p["company_suffix"])
        elif r < 0.5:
            name, gender = "وزارة " + c(p["ministry"]), "f"
            if self.rng.random() < 0.5:
                name += " " + c(self.nisba)[2]
        elif r < 0.58:
            gender = "f"
            name = ("الحكومة " + c(self.nisba)[2]) if self.rng.random() < 0.6 else "حكومة " + c(self.nisba)[0]
        elif r < 0.64:
            gender = "m"
            name = (f"الصندوق {c(self.nisba)[1]} {c(p['fund'])}" if self.rng.random() < 0.6
                    else c(p["fund_named"]))
        elif r < 0.72:
            head, gender = c(p["institution"])
            name = f"{head} {c(self.cities) if self.rng.random() < 0.5 else c(p['charity_name'])}"
        elif r < 0.75:
            name, gender = f"سفارة {c(self.nisba)[0]}", "f"
        elif r < 0.92:
            name = c(p["known"])
            gender = ArabicLexicon.get().head_gender.get(name.split()[0].replace("أ", "ا"), "f")
        else:
            name, gender = c(p["brand"]), "f"
        return Filler.entity(name, "ORG", gender)

    def quoted(self, head: bool = False) -> Filler:
        brand = self.c(self.org_parts["brand"] + self.org_parts["company_name"])
        if head:
            h = self.c(["صحيفة", "قناة", "موقع", "منصة", "شركة", "مجموعة", "تطبيق", "وكالة"])
            return Filler.entity(f"{h} «{brand}»", "ORG", "f")
        return Filler("«").then(Filler.entity(brand, "ORG", "f"), "").then(Filler("»"), "")

    def amount(self) -> Filler:
        r = self.rng
        form = r.random()
        if form < 0.2:
            text = self.c(["مليون", "مليار", "ألف", "مليوني", "نصف مليون", "ربع مليار"])
        elif form < 0.35:
            text = f"{r.randint(3, 10)} {self.c(['ملايين', 'آلاف', 'مليارات'])}"
        elif form < 0.6:
            text = f"{r.randint(11, 950)} {self.c(['مليون', 'ألف', 'مليار'])}"
        elif form < 0.75:
            text = f"{r.randint(1, 99)}.{r.randint(1, 9)} {self.c(['مليون', 'مليار'])}"
        elif form < 0.9:
            text = f"{r.randint(1, 999)},{r.randint(0, 999):03d}"
        else:
            text = f"{r.randint(10, 999)},000,000"
        if r.random() < 0.15:
            text = text.translate(_AR_DIGITS)
        text = f"{text} {self.c(self.phrases['currency'])}"
        if r.random() < 0.2:
            text = self.c(["نحو ", "حوالي ", "أكثر من ", "ما يقارب ", "ما يزيد على "]) + text
        return Filler(text)

    def phrase(self, kind: str) -> Filler:
        text = self.c(self.phrases[kind])
        return self.render(text) if "{" in text else Filler(text)

    def fill(self, slot: str) -> Filler:
        r = self.rng.random()
        if slot == "D":
            return (self.org() if r < 0.5 else self.person() if r < 0.8 else self.gpe() if r < 0.93
                    else self.quoted(head=r < 0.96))
        if slot == "R":
            return self.org() if r < 0.6 else self.gpe() if r < 0.72 else self.phrase("group")
        if slot == "JO":
            role, org = self.c(self.phrases["role"]), self.org()
            if role.endswith(" ل"):
                return Filler(role[:-2]).then(attach("ل", org, tatweel=r < 0.1))
            return Filler(role).then(org)
        table = {"O": self.org, "P": lambda: self.person(False), "PT": lambda: self.person(True),
                 "G": lambda: Filler.entity(self.c(self.countries), "GPE", "f"),
                 "C": lambda: Filler.entity(self.c(self.cities), "GPE", "f"),
                 "A": self.amount, "Q": self.quoted, "QH": lambda: self.quoted(head=True),
                 "GA": lambda: Filler(self.c(self.nisba)[1]),
                 "U": lambda: self.phrase("purpose") if r < 0.8 else Filler(""),
                 "T": lambda: self.phrase("time") if r < 0.6 else Filler(""),
                 "N": lambda: self.phrase("group")}
        return table[slot]()

    # ------------------------------------------------------------ render
    def render(self, template: str) -> Filler:
        fills: dict[str, Filler] = {}
        for m in _SLOT.finditer(template):
            if m.group(1):
                name = m.group(1) + m.group(2)
                if name not in fills:
                    fills[name] = self.fill(m.group(1))
        out, pos = Filler(""), 0
        for m in _SLOT.finditer(template):
            lit = template[pos:m.start()]
            pos = m.end()
            if m.group(1):
                f = fills[m.group(1) + m.group(2)]
                cm = _CLITIC_BEFORE.search(lit)
                if cm and f.text:
                    lit = lit[:cm.start()]
                    f = attach(cm.group(1), f, tatweel=self.rng.random() < 0.1)
                out = out.then(Filler(lit), "").then(f, "")
            else:
                g = fills.get(m.group(5), Filler("", gender="m")).gender
                out = out.then(Filler(lit + (m.group(4) if g == "f" else m.group(3))), "")
        return squeeze(out.then(Filler(template[pos:]), ""))

    def sample(self) -> dict:
        f = self.render(self.c(self.templates))
        return {"text": f.text, "entities": [list(s) for s in f.spans], "src": "gen"}


def swapped(rows: list[dict], variants: int, split: str, seed: int) -> list[dict]:
    """Entity-swap augmentation: each hand-annotated sentence again with its
    entities replaced by generated names of the same label (only entities that
    start a word; a glued proclitic keeps the original name)."""
    rng = random.Random(f"{seed}:swap:{split}")
    gen = Generator(split, rng)
    out = []
    for row in rows:
        text = row["text"]
        for _ in range(variants):
            f, pos = Filler(""), 0
            for a, b, label in sorted(row["entities"]):
                f = f.then(Filler(text[pos:a]), "")
                if a == 0 or text[a - 1] in " «(\"'،:\n":
                    if text[a - 1:a] == "«" or label == "ORG" and rng.random() < 0.1:
                        new = Filler.entity(gen.c(gen.org_parts["brand"]), "ORG")
                    else:
                        new = {"PERSON": lambda: gen.person(False), "ORG": gen.org, "GPE": gen.gpe}[label]()
                else:
                    new = Filler.entity(text[a:b], label)
                f, pos = f.then(new, ""), b
            f = f.then(Filler(text[pos:]), "")
            out.append({"text": f.text, "entities": [list(x) for x in f.spans], "src": "swap"})
    return out


def squeeze(f: Filler) -> Filler:
    """Collapse runs of spaces and drop spaces before punctuation, keeping spans."""
    keep, out = [], []
    text = f.text.strip()
    lead = len(f.text) - len(f.text.lstrip())
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch == " " and (nxt in " .،,:" or (out and out[-1] == " ")):
            keep.append(len(out))
            continue
        keep.append(len(out))
        out.append(ch)
    keep.append(len(out))
    spans = [(keep[s - lead], keep[e - lead], lab) for s, e, lab in f.spans if e > s]
    return Filler("".join(out), spans, f.gender)


def generate(n: int, split: str, seed: int) -> list[dict]:
    rng = random.Random(f"{seed}:{split}")
    gen = Generator(split, rng)
    return [gen.sample() for _ in range(n)]


def annotated(split: str | None = None) -> list[dict]:
    """The hand-annotated sentences; `split` "train" / "heldout" / None (all)."""
    rows = []
    with open(RESOURCES / "ar_annotated.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                row["src"] = "annotated"
                if split is None or row.get("split", "train") == split:
                    rows.append(row)
    return rows


def build(config: dict, seed: int = 13) -> dict[str, list[dict]]:
    train = generate(config.get("n_train", 12000), "train", seed)
    ann = annotated("train")
    train += ann * config.get("annotated_repeat", 4) + swapped(ann, config.get("swap_variants", 0), "train", seed)
    random.Random(seed).shuffle(train)
    return {"train": train, "heldout_gen": generate(config.get("n_heldout", 1500), "heldout", seed),
            "heldout_ann": annotated("heldout")}
