"""Word pools for the training-data generator (generate.py): givers, receivers,
causes, places, amounts -- English and Arabic.

Every pool is split in two by position: items at index % 4 == 3 only appear in
the held-out split, the rest only in training, so held-out documents never
share a giver or recipient name with training documents.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

# ------------------------------------------------------------------ givers ---
# (name, kind, gender, short) -- kind: company | bank | gov | person | foundation | charity
EN_DONORS = [
    ("Northwind Holdings", "company", "n", "Northwind"), ("Meridian Bank", "bank", "n", "Meridian"),
    ("Crescent Petroleum", "company", "n", "Crescent"), ("Bluewave Telecom", "company", "n", "Bluewave"),
    ("Orion Pharmaceuticals", "company", "n", "Orion"), ("Zenith Motors", "company", "n", "Zenith"),
    ("Helios Energy", "company", "n", "Helios"), ("Silverline Airways", "company", "n", "Silverline"),
    ("Japan", "gov", "n", "Japan"), ("the Saudi government", "gov", "n", "Saudi Arabia"),
    ("Germany", "gov", "n", "Germany"), ("the European Union", "gov", "n", "EU"),
    ("Jane Whitfield", "person", "f", "Whitfield"), ("Mohammed Al Rashid", "person", "m", "Al Rashid"),
    ("Sarah Okafor", "person", "f", "Okafor"), ("Khalid Al Mansoori", "person", "m", "Al Mansoori"),
    ("the Gates Foundation", "foundation", "n", "Gates Foundation"), ("the Wellcome Trust", "foundation", "n", "Wellcome"),
    ("the Al Noor Foundation", "foundation", "n", "Al Noor"), ("the Hadley Trust", "foundation", "n", "Hadley"),
    ("Google", "company", "n", "Google"), ("Microsoft", "company", "n", "Microsoft"),
    ("Samsung", "company", "n", "Samsung"), ("TikTok", "company", "n", "TikTok"),
    ("Emirates NBD", "bank", "n", "Emirates NBD"), ("Qatar National Bank", "bank", "n", "QNB"),
    ("Standard Chartered", "bank", "n", "Standard Chartered"), ("HSBC", "bank", "n", "HSBC"),
    ("Kuwait", "gov", "n", "Kuwait"), ("the United Arab Emirates", "gov", "n", "UAE"),
    ("Norway", "gov", "n", "Norway"), ("the British government", "gov", "n", "Britain"),
    ("Aramco", "company", "n", "Aramco"), ("Etisalat", "company", "n", "Etisalat"),
    ("Majid Al Futtaim", "company", "n", "Majid Al Futtaim"), ("Talaat Moustafa Group", "company", "n", "TMG"),
    ("Peter Lindqvist", "person", "m", "Lindqvist"), ("Amina Haddad", "person", "f", "Haddad"),
    ("Robert Tan", "person", "m", "Tan"), ("Layla Nasser", "person", "f", "Nasser"),
    ("Vodafone", "company", "n", "Vodafone"), ("Nestle", "company", "n", "Nestle"),
    ("Unilever", "company", "n", "Unilever"), ("Pfizer", "company", "n", "Pfizer"),
    ("Canada", "gov", "n", "Canada"), ("China", "gov", "n", "China"),
    ("the Dutch government", "gov", "n", "the Netherlands"), ("Qatar", "gov", "n", "Qatar"),
    ("Atlas Logistics", "company", "n", "Atlas"), ("Harbor Foods", "company", "n", "Harbor"),
    ("Cedar Capital", "company", "n", "Cedar"), ("Falcon Steel", "company", "n", "Falcon"),
    ("the Rockefeller Foundation", "foundation", "n", "Rockefeller"), ("the Aga Khan Foundation", "foundation", "n", "Aga Khan"),
    ("Islamic Relief", "charity", "n", "Islamic Relief"), ("Qatar Charity", "charity", "n", "Qatar Charity"),
]
EN_DESC = {
    "company": ["the technology giant", "the Dubai-based group", "the listed company", "one of the region's largest employers",
                "the family-owned conglomerate", "the state-backed firm", "the consumer goods maker", "the telecoms operator"],
    "bank": ["the country's largest lender", "the Gulf lender", "the state-owned bank", "the investment bank"],
    "gov": ["one of the largest donors to the agency", "a long-standing donor", "the current chair of the group"],
    "person": ["the billionaire philanthropist", "the founder of a logistics empire", "a former banker",
               "the entrepreneur", "the businesswoman and philanthropist", "the property tycoon"],
    "foundation": ["the charitable foundation", "the philanthropic organisation", "the grant-making trust"],
    "charity": ["the aid group", "the charity", "the relief organisation"],
}
EN_ANAPHOR = {"company": ["The company", "The group", "The firm", "It"], "bank": ["The bank", "The lender", "It"],
              "gov": ["The government", "It"], "foundation": ["The foundation", "It"], "charity": ["The charity", "It"],
              "person": []}

# ------------------------------------------------------------- receivers ---
EN_RECIPIENTS = [
    "the Red Cross", "UNICEF", "the World Health Organization", "the World Food Programme", "UNHCR",
    "Doctors Without Borders", "Save the Children", "Oxfam", "the COVID-19 Solidarity Response Fund",
    "the Ministry of Health", "local food banks", "frontline health workers", "families affected by the floods",
    "the Red Crescent", "small businesses hit by the lockdown", "students from low-income families",
    "the national vaccination campaign", "CARE International", "the International Rescue Committee",
    "Gavi, the Vaccine Alliance", "the Lebanese Red Cross", "hospitals in the north of the country",
    "displaced families", "the UN refugee agency", "the Magdi Yacoub Heart Foundation", "orphanages in the capital",
    "the Egyptian Food Bank", "medical staff", "the Emirates Red Crescent", "the Children's Cancer Hospital",
    "earthquake survivors", "the Global Fund",
]
EN_PURPOSES = [
    "to fight the coronavirus pandemic", "for flood relief", "to rebuild schools damaged by the earthquake",
    "to buy medical equipment", "for vaccine research", "to provide clean water", "to feed displaced families",
    "for relief efforts", "to support the health system", "to help refugees through the winter",
    "to expand testing", "for cancer research", "to provide shelter for the homeless", "to train nurses",
    "to fund scholarships", "to combat hunger",
]
EN_PLACES = ["Lebanon", "Yemen", "Sudan", "Syria", "Gaza", "Pakistan", "Somalia", "Afghanistan", "Bangladesh", "Jordan",
             "Beirut", "Turkey", "Libya", "Iraq", "Kenya", "Ethiopia"]
EN_DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Sunday", "this week", "last week"]
EN_OTHER_ORGS = ["Apex Industries", "Delta Retail", "Sunrise Media", "Granite Builders", "Nova Biotech", "Polar Foods",
                 "Crown Hotels", "Vista Telecom", "Keystone Insurance", "Ridge Mining", "Lumen Software", "Beacon Shipping"]
EN_PEOPLE = ["John Carter", "Fatima Saleh", "David Moreno", "Nour El-Din", "Emily Ross", "Omar Farouk", "Grace Liu",
             "Hassan Ali", "Claire Dubois", "Yusuf Kamal", "Anna Becker", "Tariq Aziz"]
EN_CLUBS = ["Manchester United", "Al Ahly", "Real Madrid", "Al Hilal", "Arsenal", "Zamalek"]

# ------------------------------------------------------------------ Arabic ---
# (name, kind, gender, anaphor noun)
AR_DONORS = [
    ("شركة النور القابضة", "company", "f", "الشركة"), ("بنك المشرق", "bank", "m", "البنك"),
    ("مجموعة الفطيم", "company", "f", "المجموعة"), ("شركة اتصالات", "company", "f", "الشركة"),
    ("حكومة اليابان", "gov", "f", "الحكومة"), ("المملكة العربية السعودية", "gov", "f", "المملكة"),
    ("دولة الكويت", "gov", "f", "الدولة"), ("الاتحاد الأوروبي", "gov", "m", "الاتحاد"),
    ("رجل الأعمال أحمد السويدي", "person", "m", ""), ("السيدة فاطمة الكعبي", "person", "f", ""),
    ("الشيخ سلطان بن حمد", "person", "m", ""), ("الأمير فيصل بن خالد", "person", "m", ""),
    ("مؤسسة الوليد للإنسانية", "foundation", "f", "المؤسسة"), ("مؤسسة مصر الخير", "foundation", "f", "المؤسسة"),
    ("جمعية قطر الخيرية", "charity", "f", "الجمعية"), ("مؤسسة زايد للأعمال الخيرية", "foundation", "f", "المؤسسة"),
    ("منصة «تيك توك»", "company", "f", "المنصة"), ("شركة جوجل", "company", "f", "الشركة"),
    ("شركة سامسونج", "company", "f", "الشركة"), ("شركة أرامكو السعودية", "company", "f", "الشركة"),
    ("البنك الأهلي المصري", "bank", "m", "البنك"), ("بنك قطر الوطني", "bank", "m", "البنك"),
    ("بنك الإمارات دبي الوطني", "bank", "m", "البنك"), ("مصرف الراجحي", "bank", "m", "المصرف"),
    ("ألمانيا", "gov", "f", "ألمانيا"), ("الصين", "gov", "f", "الصين"),
    ("دولة الإمارات", "gov", "f", "الدولة"), ("حكومة كندا", "gov", "f", "الحكومة"),
    ("مجموعة طلعت مصطفى", "company", "f", "المجموعة"), ("شركة زين", "company", "f", "الشركة"),
    ("شركة موبايلي", "company", "f", "الشركة"), ("مجموعة بن لادن", "company", "f", "المجموعة"),
    ("رجل الأعمال نجيب ساويرس", "person", "m", ""), ("الدكتورة هالة السعيد", "person", "f", ""),
    ("رجل الأعمال خالد المهيري", "person", "m", ""), ("السيدة نورة الغانم", "person", "f", ""),
    ("صندوق أبوظبي للتنمية", "foundation", "m", "الصندوق"), ("الصندوق الكويتي للتنمية", "foundation", "m", "الصندوق"),
    ("هيئة الهلال الأحمر", "charity", "f", "الهيئة"), ("الندوة العالمية للشباب الإسلامي", "charity", "f", "الندوة"),
    ("شركة فودافون مصر", "company", "f", "الشركة"), ("شركة المراعي", "company", "f", "الشركة"),
    ("مجموعة شلهوب", "company", "f", "المجموعة"), ("شركة إعمار العقارية", "company", "f", "الشركة"),
]
AR_DESC = {
    "company": ["الرائدة في مجال التكنولوجيا", "إحدى أكبر الشركات في المنطقة", "المدرجة في البورصة"],
    "bank": ["أكبر بنك في البلاد", "المملوك للدولة"],
    "gov": ["أحد أكبر المانحين", "الشريك الدائم للمنظمة"],
    "person": ["المعروف بأعماله الخيرية", "مؤسس مجموعة شركات كبرى"],
    "foundation": ["الخيرية", "المعنية بالعمل الإنساني"],
    "charity": ["الخيرية", "العاملة في مجال الإغاثة"],
}
AR_RECIPIENTS = [
    "الهلال الأحمر", "منظمة الصحة العالمية", "منظمة اليونيسف", "برنامج الأغذية العالمي",
    "المفوضية السامية للأمم المتحدة لشؤون اللاجئين", "وزارة الصحة", "صندوق تحيا مصر", "الأسر المتضررة",
    "العاملين في القطاع الطبي", "اللاجئين السوريين", "المستشفيات الحكومية", "بنك الطعام المصري",
    "مؤسسة مجدي يعقوب", "طلاب الأسر محدودة الدخل", "صندوق الاستجابة لكوفيد-19", "الأطفال الأيتام",
    "وكالة الأونروا", "جمعية الهلال الأحمر الكويتي", "المتضررين من السيول", "مستشفى سرطان الأطفال",
    "النازحين", "الصليب الأحمر الدولي", "الجمعيات الخيرية المحلية", "صندوق الوقف الصحي",
    "ضحايا الزلزال", "منظمة أطباء بلا حدود", "المدارس الحكومية", "الأسر الفقيرة",
]
AR_PURPOSES = [
    "لمكافحة فيروس كورونا المستجد", "لإغاثة المتضررين من الزلزال", "لشراء المعدات الطبية",
    "لإعادة إعمار المدارس", "لتوفير المياه النظيفة", "لدعم جهود الإغاثة", "لتوفير الغذاء للأسر المحتاجة",
    "لدعم المنظومة الصحية", "لمواجهة تداعيات الأزمة", "لتمويل المنح الدراسية", "لمكافحة الجوع",
    "لتوفير المأوى للنازحين",
]
AR_PLACES = ["لبنان", "اليمن", "السودان", "سوريا", "غزة", "الصومال", "الأردن", "العراق", "ليبيا", "تركيا", "باكستان", "أفغانستان"]
AR_DAYS = ["يوم الاثنين", "يوم الثلاثاء", "يوم الأربعاء", "يوم الخميس", "أمس", "اليوم", "الأسبوع الماضي", "مساء الأحد"]
AR_OTHER_ORGS = ["شركة الأفق", "مجموعة الريادة", "شركة الخليج للتأمين", "شركة النخبة العقارية", "شركة الوطنية للأغذية",
                 "مجموعة الصفوة", "شركة المستقبل للاتصالات", "شركة البحر الأحمر للملاحة"]
AR_PEOPLE = ["محمد عبد الله", "سارة المطيري", "علي حسن", "منى إبراهيم", "يوسف العلي", "ريم الشامسي", "طارق فؤاد", "هدى سالم"]
AR_CLUBS = ["الأهلي", "الزمالك", "الهلال", "النصر", "العين", "الوحدة"]


def split_pool(pool: list, split: str) -> list:
    """Training items (index % 4 != 3) or held-out items (index % 4 == 3)."""
    held = split == "heldout"
    return [x for i, x in enumerate(pool) if (i % 4 == 3) == held]


# ----------------------------------------------------------------- amounts ---
@dataclass
class MoneySpec:
    value: float
    currency: str | None
    text: str
    qualifier: str = "exact"
    unit: str | None = None  # in-kind

    @property
    def kind(self) -> str:
        return "quantity" if self.currency is None else "money"


_MANTISSA = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 8, 10, 12, 15, 20, 25, 30, 40, 50, 75, 100, 120, 150, 200, 250, 300, 500]
_EN_QUAL = [("about", "about"), ("around", "about"), ("some", "about"), ("more than", "over"), ("over", "over"),
            ("nearly", "under"), ("almost", "under"), ("approximately", "about")]
_AR_QUAL = [("نحو", "about"), ("حوالي", "about"), ("أكثر من", "over"), ("ما يزيد على", "over"), ("قرابة", "about")]


def _fmt(x: float) -> str:
    return f"{x:g}" if x != int(x) else f"{int(x):,}"


def _magnitude(rng: random.Random) -> tuple[float, float, str]:
    """(mantissa, scale, scale word) -- millions mostly."""
    r = rng.random()
    if r < 0.62:
        return rng.choice(_MANTISSA), 1e6, "million"
    if r < 0.8:
        return rng.choice([10, 25, 50, 100, 150, 200, 250, 300, 500, 750]), 1e3, "thousand"
    if r < 0.9:
        return rng.choice([1, 1.2, 1.5, 2, 2.5, 3, 5]), 1e9, "billion"
    return rng.choice([5000, 10000, 20000, 25000, 50000, 75000]), 1.0, ""


_EN_CUR = [("USD", 40), ("GBP", 8), ("EUR", 8), ("AED", 12), ("SAR", 10), ("EGP", 8), ("KWD", 5), ("QAR", 5), ("CNY", 2), ("JPY", 2)]
_EN_FORMS = {
    "USD": ["${n}{m}", "${n} {M}", "US${n} {M}", "USD {n} {M}", "{n} {M} dollars", "{n} {M} US dollars", "US $ {n} {M}"],
    "GBP": ["£{n}{m}", "£{n} {M}", "{n} {M} pounds sterling", "GBP {n} {M}"],
    "EUR": ["€{n}{m}", "€{n} {M}", "{n} {M} euros", "EUR {n} {M}"],
    "AED": ["Dh{n}{m}", "Dh{n} {M}", "AED {n} {M}", "{n} {M} UAE dirhams", "AED{n} {M}"],
    "SAR": ["SR{n} {M}", "SAR {n} {M}", "{n} {M} Saudi riyals"],
    "EGP": ["EGP {n} {M}", "LE{n} {M}", "{n} {M} Egyptian pounds", "EGP{n} {M}"],
    "KWD": ["KD{n} {M}", "{n} {M} Kuwaiti dinars", "KWD {n} {M}"],
    "QAR": ["QR{n} {M}", "{n} {M} Qatari riyals", "QAR {n} {M}"],
    "CNY": ["{n} {M} yuan", "RMB {n} {M}"],
    "JPY": ["{n} {M} yen"],
}
_EN_SHORT = {"million": ["m", "m", "mn"], "billion": ["bn", "bn", "billion"]}


def en_money(rng: random.Random, qualified: float = 0.25, qualifier: tuple[str, str] | None = None) -> MoneySpec:
    cur = rng.choices([c for c, _ in _EN_CUR], [w for _, w in _EN_CUR])[0]
    mant, scale, word = _magnitude(rng)
    forms = _EN_FORMS[cur]
    if not word:  # plain "$50,000"
        form = rng.choice([f for f in forms if "{m}" in f or f.startswith("{n}")])
        text = form.replace("{m}", "").replace(" {M}", "").format(n=_fmt(mant))
    elif word == "thousand":
        n = int(mant * 1000)
        form = rng.choice(forms)
        text = form.replace("{m}", "").replace(" {M}", "").format(n=f"{n:,}")
        mant, scale = n, 1.0
    else:
        form = rng.choice(forms)
        short = rng.choice(_EN_SHORT[word]) if "{m}" in form else ""
        text = form.format(n=_fmt(mant), m=short, M=word)
    q = "exact"
    if qualifier is not None:
        text, q = f"{qualifier[0]} {text}", qualifier[1]
    elif rng.random() < qualified:
        w, q = rng.choice(_EN_QUAL)
        text = f"{w} {text}"
    return MoneySpec(mant * scale, cur, text, q)


_AR_CUR = [("USD", 45, "دولار", "دولار"), ("SAR", 12, "ريال سعودي", "ريال"), ("AED", 12, "درهم إماراتي", "درهم"),
           ("EGP", 12, "جنيه مصري", "جنيه"), ("KWD", 6, "دينار كويتي", "دينار كويتي"), ("QAR", 5, "ريال قطري", "ريال قطري"),
           ("EUR", 8, "يورو", "يورو")]
_AR_SCALE = {1e6: ("مليون", "ملايين"), 1e9: ("مليار", "مليارات"), 1e3: ("ألف", "آلاف")}
_AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def ar_money(rng: random.Random, qualified: float = 0.25, qualifier: tuple[str, str] | None = None,
             country: str | None = None) -> MoneySpec:
    row = rng.choices(_AR_CUR, [w for _, w, _, _ in _AR_CUR])[0]
    cur = row[0]
    name = row[2] if rng.random() < 0.6 or cur in ("KWD", "QAR") else row[3]
    if country == "EG" and cur == "EGP":
        name = "جنيه"
    r = rng.random()
    if r < 0.55:
        n, scale = rng.choice([1, 2, 3, 5, 7, 10, 12, 15, 20, 25, 50, 100, 150, 200, 250, 300, 500]), 1e6
    elif r < 0.8:
        n, scale = rng.choice([3, 5, 10, 20, 50, 100, 150, 200, 250, 500, 750]), 1e3
    elif r < 0.88:
        n, scale = rng.choice([1, 2, 3, 5, 10]), 1e9
    else:
        n, scale = rng.choice([5000, 10000, 25000, 50000, 75000]), 1.0
    if scale == 1.0:
        num = f"{n}" if rng.random() < 0.5 else f"{n:,}"
        text = f"{num} {name}"
    else:
        sing, plural = _AR_SCALE[scale]
        if n == 1:
            text = f"{sing} {name}"
        elif 3 <= n <= 10:
            text = f"{n} {plural} {name}"
        elif n == 2:
            text = f"{n} {sing} {name}"
        else:
            text = f"{n} {sing} {name}"
    if rng.random() < 0.1:
        text = text.translate(_AR_DIGITS)
    q = "exact"
    if qualifier is not None:
        text, q = f"{qualifier[0]} {text}", qualifier[1]
    elif rng.random() < qualified:
        w, q = rng.choice(_AR_QUAL)
        text = f"{w} {text}"
    return MoneySpec(float(n * scale), cur, text, q)


_EN_UNITS = ["meals", "food parcels", "ventilators", "masks", "test kits", "laptops", "tents", "blankets",
             "hospital beds", "food baskets", "hygiene kits", "wheelchairs", "backpacks", "doses of vaccine"]
_AR_UNITS = ["وجبة", "سلة غذائية", "جهاز تنفس صناعي", "كمامة", "خيمة", "بطانية", "حقيبة مدرسية", "جرعة لقاح",
             "كرتونة مواد غذائية", "جهاز كمبيوتر", "طرد غذائي"]


def en_in_kind(rng: random.Random) -> MoneySpec:
    unit = rng.choice(_EN_UNITS)
    n = rng.choice([200, 500, 1000, 2500, 5000, 10000, 20000, 50000, 120000, 250000, 1000000])
    text = f"{n:,} {unit}" if n < 1000000 else f"{n // 1000000} million {unit}"
    return MoneySpec(float(n), None, text, unit=unit)


def ar_in_kind(rng: random.Random) -> MoneySpec:
    unit = rng.choice(_AR_UNITS)
    n, scale = rng.choice([(200, 1), (500, 1), (1000, 1), (2500, 1), (5, 1000), (10, 1000), (20, 1000), (50, 1000), (120, 1000)])
    if scale == 1:
        text = f"{n} {unit}"
    else:
        text = f"{n} {'آلاف' if n <= 10 else 'ألف'} {unit}"
    return MoneySpec(float(n * scale), None, text, unit=unit)


def en_millions(rng: random.Random, currency: str, millions: int) -> MoneySpec:
    """A money amount of `millions` million in `currency` (for totals and their parts)."""
    form = rng.choice(_EN_FORMS[currency])
    short = "m" if "{m}" in form else ""
    return MoneySpec(millions * 1e6, currency, form.format(n=f"{millions:,}", m=short, M="million"))


def ar_millions(rng: random.Random, currency: str, millions: int) -> MoneySpec:
    row = next(r for r in _AR_CUR if r[0] == currency)
    word = "ملايين" if 3 <= millions <= 10 else "مليون"
    text = f"{word} {row[2]}" if millions == 1 else f"{millions} {word} {row[2]}"
    return MoneySpec(millions * 1e6, currency, text)
