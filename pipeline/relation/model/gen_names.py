"""Combinatorial names for the generator, so the model learns where a giver or
a recipient stands in a sentence rather than memorising a list of names.

Every component list is split by position (index % 4 == 3 -> held-out), so a
held-out document's givers and recipients are built from parts never seen in
training.  `Names(lang, split).donor(rng)` etc. mix built names with the fixed
lists of gen_pools (well-known organisations, also split).
"""
from __future__ import annotations

import random

from . import gen_pools as P

_EN_WORDS = ["Northwind", "Meridian", "Crescent", "Bluewave", "Orion", "Zenith", "Helios", "Silverline", "Summit",
             "Palmgate", "Atlas", "Harbor", "Cedar", "Falcon", "Oasis", "Pioneer", "Sapphire", "Redstone", "Lighthouse",
             "Vertex", "Golden Sands", "Desert Rose", "Al Baraka", "Al Waha", "Horizon", "Evergreen", "Ironwood",
             "Starlight", "Unity", "Pinnacle", "Keystone", "Beacon", "Sterling", "Phoenix", "Lotus", "Granite",
             "Riverside", "Al Safwa", "Blue Nile", "Red Sea", "Arabian Gulf", "Silk Road", "Emerald", "Cobalt"]
_EN_SUFFIX = [("Holdings", "company"), ("Group", "company"), ("Bank", "bank"), ("Telecom", "company"),
              ("Pharmaceuticals", "company"), ("Energy", "company"), ("Airways", "company"), ("Insurance", "company"),
              ("Properties", "company"), ("Logistics", "company"), ("Foods", "company"), ("Capital", "bank"),
              ("Steel", "company"), ("Cement", "company"), ("Hotels", "company"), ("Mining", "company"),
              ("Motors", "company"), ("Retail", "company"), ("Industries", "company"), ("Investments", "bank"),
              ("Petroleum", "company"), ("Technologies", "company"), ("Construction", "company"), ("Foundation", "foundation"),
              ("Trust", "foundation"), ("Relief", "charity"), ("Charitable Society", "charity"), ("Islamic Bank", "bank")]
_EN_FIRST = [("James", "m"), ("Sarah", "f"), ("Ahmed", "m"), ("Maryam", "f"), ("Michael", "m"), ("Nadia", "f"),
             ("Omar", "m"), ("Emma", "f"), ("Rashid", "m"), ("Hana", "f"), ("Thomas", "m"), ("Leila", "f"),
             ("Sultan", "m"), ("Grace", "f"), ("Yousef", "m"), ("Sofia", "f"), ("Karim", "m"), ("Aisha", "f"),
             ("Daniel", "m"), ("Noura", "f"), ("Hamad", "m"), ("Laura", "f"), ("Faisal", "m"), ("Reem", "f")]
_EN_LAST = ["Al Maktoum", "Whitfield", "Al Ghurair", "Okafor", "Sawiris", "Lindqvist", "Al Futtaim", "Haddad",
            "Bin Laden", "Tan", "Al Tayer", "Nasser", "Jameel", "Morgan", "Al Habtoor", "Khoury", "Al Sabah",
            "Fischer", "Al Thani", "Mansour", "Olayan", "Brennan", "Kanoo", "Hariri", "Al Zamil", "Ferreira"]
_EN_TITLES = ["", "", "", "Sheikh ", "Dr ", "businessman ", "philanthropist "]
_EN_COUNTRIES = ["Japan", "Germany", "Kuwait", "Norway", "Canada", "China", "Qatar", "Sweden", "France", "Italy",
                 "South Korea", "Australia", "Denmark", "Switzerland", "Oman", "Bahrain", "Ireland", "Spain",
                 "Finland", "Belgium", "Turkey", "India", "Malaysia", "Indonesia"]
_EN_GOV_FORMS = ["{c}", "{c}", "the government of {c}", "{c}'s government", "the {c} government"]
_EN_GROUPS = ["displaced families", "hospitals", "schools", "orphans", "refugee children", "flood victims",
              "health workers", "farmers", "small businesses", "elderly people", "students", "earthquake survivors",
              "low-income households", "clinics", "women-led charities", "medical staff", "homeless people",
              "food banks", "day labourers", "cancer patients"]
_EN_ORG_FORMS = ["the {w} Children's Hospital", "the {p} Red Crescent", "the {w} Food Bank", "the {w} Relief Fund",
                 "the {p} Ministry of Health", "the {w} Orphanage", "the {p} Health Fund", "the {w} Cancer Centre",
                 "the {w} Heart Institute", "the {w} Scholarship Fund", "{w} Hospital", "the {w} Shelter"]

_AR_WORDS = ["النور", "الأفق", "الريادة", "الخليج", "الصفوة", "الواحة", "البركة", "الأمل", "النخيل", "الفجر",
             "السلام", "المستقبل", "الرواد", "الشروق", "الدانة", "اللؤلؤة", "الهدى", "الإبداع", "الوفاء", "الرخاء",
             "النماء", "الأصالة", "الفرسان", "الجزيرة", "الياسمين", "القمة", "المنارة", "الشعلة", "العهد", "التميز",
             "الرؤية", "الإيمان"]
_AR_COMPANY = [("شركة {w}", "company", "f", "الشركة"), ("شركة {w} للاستثمار", "company", "f", "الشركة"),
               ("شركة {w} القابضة", "company", "f", "الشركة"), ("مجموعة {w}", "company", "f", "المجموعة"),
               ("شركة {w} للاتصالات", "company", "f", "الشركة"), ("شركة {w} للأغذية", "company", "f", "الشركة"),
               ("شركة {w} العقارية", "company", "f", "الشركة"), ("بنك {w}", "bank", "m", "البنك"),
               ("مصرف {w} الإسلامي", "bank", "m", "المصرف"), ("مؤسسة {w} الخيرية", "foundation", "f", "المؤسسة"),
               ("جمعية {w} الخيرية", "charity", "f", "الجمعية"), ("صندوق {w} للتنمية", "foundation", "m", "الصندوق"),
               ("شركة {w} للتأمين", "company", "f", "الشركة"), ("مجموعة {w} للتطوير", "company", "f", "المجموعة")]
_AR_FIRST_M = ["محمد", "أحمد", "خالد", "سلطان", "عبدالله", "حمد", "فيصل", "يوسف", "ماجد", "سعيد", "راشد", "عمر",
               "طارق", "حسن", "ناصر", "بدر"]
_AR_FIRST_F = ["فاطمة", "مريم", "نورة", "عائشة", "هند", "سارة", "ليلى", "ريم", "منى", "هدى", "أمل", "شيخة"]
_AR_LAST = ["السويدي", "الكعبي", "المنصوري", "الغانم", "المهيري", "الشامسي", "العتيبة", "القاسمي", "الزعابي",
            "الراجحي", "العليان", "الخرافي", "الصباح", "ساويرس", "المطيري", "الفطيم", "الحبتور", "الغرير"]
_AR_PERSON = [("رجل الأعمال {m} {l}", "m"), ("الشيخ {m} بن {m2}", "m"), ("السيدة {f} {l}", "f"),
              ("الدكتور {m} {l}", "m"), ("سيدة الأعمال {f} {l}", "f"), ("{m} {l}", "m")]
_AR_COUNTRIES = ["اليابان", "ألمانيا", "الكويت", "النرويج", "كندا", "الصين", "قطر", "السويد", "فرنسا", "إيطاليا",
                 "كوريا الجنوبية", "أستراليا", "الدنمارك", "سويسرا", "عمان", "البحرين", "أيرلندا", "إسبانيا",
                 "فنلندا", "بلجيكا", "تركيا", "الهند", "ماليزيا", "إندونيسيا"]
_AR_GOV_FORMS = [("حكومة {c}", "الحكومة"), ("{c}", "{c}"), ("دولة {c}", "الدولة")]
_AR_GROUPS = ["الأسر النازحة", "المستشفيات", "المدارس", "الأيتام", "الأطفال اللاجئين", "متضرري السيول",
              "العاملين في القطاع الصحي", "المزارعين", "الشركات الصغيرة", "كبار السن", "الطلاب", "ضحايا الزلزال",
              "الأسر محدودة الدخل", "العيادات", "الأسر الفقيرة", "الكوادر الطبية", "المشردين", "بنوك الطعام",
              "العمالة غير المنتظمة", "مرضى السرطان"]
_AR_ORG_FORMS = ["مستشفى {w} للأطفال", "جمعية {w} الخيرية", "بنك الطعام في {p}", "صندوق {w} للإغاثة",
                 "وزارة الصحة في {p}", "دار {w} للأيتام", "مركز {w} لعلاج الأورام", "مؤسسة {w} للتعليم",
                 "مستشفى {w} التخصصي", "الهلال الأحمر في {p}"]


class Names:
    def __init__(self, lang: str, split: str):
        self.lang, self.split = lang, split
        s = lambda pool: P.split_pool(pool, split)  # noqa: E731
        if lang == "en":
            self.words, self.first, self.last = s(_EN_WORDS), s(_EN_FIRST), s(_EN_LAST)
            self.countries, self.groups, self.places = s(_EN_COUNTRIES), s(_EN_GROUPS), s(P.EN_PLACES)
            self.fixed_donors, self.fixed_recipients = s(P.EN_DONORS), s(P.EN_RECIPIENTS)
        else:
            self.words, self.first, self.last = s(_AR_WORDS), s(_AR_FIRST_M), s(_AR_LAST)
            self.first_f = s(_AR_FIRST_F)
            self.countries, self.groups, self.places = s(_AR_COUNTRIES), s(_AR_GROUPS), s(P.AR_PLACES)
            self.fixed_donors, self.fixed_recipients = s(P.AR_DONORS), s(P.AR_RECIPIENTS)

    # givers: (name, kind, gender, short-or-anaphor)
    def donor(self, rng: random.Random) -> tuple:
        r = rng.random()
        if r < 0.25:
            return rng.choice(self.fixed_donors)
        if r < 0.6:
            return self.org(rng)
        if r < 0.82:
            return self.person(rng)
        return self.gov(rng)

    def org(self, rng: random.Random) -> tuple:
        w = rng.choice(self.words)
        if self.lang == "en":
            suffix, kind = rng.choice(_EN_SUFFIX)
            name = f"{w} {suffix}"
            if kind in ("foundation",) and rng.random() < 0.6:
                name = "the " + name
            return (name, kind, "n", w)
        form, kind, gender, ana = rng.choice(_AR_COMPANY)
        return (form.format(w=w), kind, gender, ana)

    def person(self, rng: random.Random) -> tuple:
        if self.lang == "en":
            first, gender = rng.choice(self.first)
            last = rng.choice(self.last)
            title = rng.choice(_EN_TITLES) if gender == "m" else rng.choice(["", "", "Dr "])
            return (f"{title}{first} {last}", "person", gender, last)
        form, gender = rng.choice(_AR_PERSON)
        name = form.format(m=rng.choice(self.first), m2=rng.choice(self.first), f=rng.choice(self.first_f),
                           l=rng.choice(self.last))
        return (name, "person", gender, "")

    def gov(self, rng: random.Random) -> tuple:
        c = rng.choice(self.countries)
        if self.lang == "en":
            return (rng.choice(_EN_GOV_FORMS).format(c=c), "gov", "n", c)
        form, ana = rng.choice(_AR_GOV_FORMS)
        return (form.format(c=c), "gov", "f", ana.format(c=c))

    def recipient(self, rng: random.Random) -> str:
        r = rng.random()
        if r < 0.35:
            return rng.choice(self.fixed_recipients)
        if r < 0.65:
            g, p = rng.choice(self.groups), rng.choice(self.places)
            if self.lang == "en":
                return rng.choice([f"{g} in {p}", g, f"{g} affected by the crisis", f"{p}'s {g}"])
            return rng.choice([f"{g} في {p}", g, f"{g} المتضررة", f"{g} في مناطق النزاع"])
        forms = _EN_ORG_FORMS if self.lang == "en" else _AR_ORG_FORMS
        return rng.choice(forms).format(w=rng.choice(self.words), p=rng.choice(self.places))

    def other_org(self, rng: random.Random) -> str:
        name = self.org(rng)[0]
        return name[4:] if name.startswith("the ") else name

    def person_name(self, rng: random.Random) -> str:
        return self.person(rng)[0]
