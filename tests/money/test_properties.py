"""Hypothesis properties (issue #14): an amount built from a number, a currency, a
qualifier, an order (currency before / after the number) and a spacing, in English
and Arabic, set in a sentence, is found as one amount with the right value,
currency, qualifier and text."""
from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.money import MoneyFinder

FINDER = MoneyFinder()

# (surface, code, may be glued to the number)
PREFIX_EN = [("$", "USD", True), ("US$", "USD", True), ("US $", "USD", False), ("€", "EUR", True),
             ("£", "GBP", True), ("¥", "JPY", True), ("C$", "CAD", True), ("CA$", "CAD", True),
             ("A$", "AUD", True), ("AU$", "AUD", True), ("NZ$", "NZD", True), ("HK$", "HKD", True),
             ("hk $", "HKD", False), ("c $", "CAD", False), ("S$", "SGD", True), ("NT$", "TWD", True),
             ("R$", "BRL", True), ("₹", "INR", True), ("₦", "NGN", True), ("₱", "PHP", True),
             ("₩", "KRW", True), ("₺", "TRY", True), ("₪", "ILS", True), ("₽", "RUB", True),
             ("฿", "THB", True), ("৳", "BDT", True), ("RM", "MYR", True), ("Rs", "INR", True),
             ("Rs.", "INR", True), ("Dh", "AED", True), ("Dhs", "AED", True), ("SR", "SAR", True),
             ("KD", "KWD", True), ("BD", "BHD", True), ("QR", "QAR", True), ("JD", "JOD", True),
             ("LE", "EGP", True), ("L.E.", "EGP", True), ("USD", "USD", True), ("EUR", "EUR", True),
             ("GBP", "GBP", True), ("MYR", "MYR", True), ("MNT", "MNT", True), ("ringgit", "MYR", False),
             ("rupees", "INR", False)]
SUFFIX_EN = [("$", "USD", True), ("€", "EUR", True), ("£", "GBP", True), ("USD", "USD", True),
             ("EUR", "EUR", True), ("MYR", "MYR", True), ("UAH", "UAH", True), ("BGN", "BGN", True),
             ("RM", "MYR", True), ("Rs", "INR", True), ("le", "EGP", False), ("LE", "EGP", False),
             ("SR", "SAR", False), ("Dhs", "AED", False), ("元", "CNY", True), ("₾", "GEL", True),
             ("₭", "LAK", False), ("₡", "CRC", False), ("₫", "VND", False), ("₴", "UAH", False),
             ("රු", "LKR", False), ("ரூ", "LKR", False), ("dollars", "USD", False),
             ("euros", "EUR", False), ("pounds", "GBP", False), ("ringgit", "MYR", False),
             ("rupees", "INR", False), ("yen", "JPY", False), ("tugriks", "MNT", False),
             ("hryvnias", "UAH", False), ("Kuwaiti dinars", "KWD", False), ("kuwaitidinar", "KWD", False),
             ("Egyptian pounds", "EGP", False), ("US dollars", "USD", False), ("eruos", "EUR", False)]
SUFFIX_AR = [("دولار", "USD"), ("دولار أمريكي", "USD"), ("يورو", "EUR"), ("اورو", "EUR"), ("أورو", "EUR"),
             ("ين", "JPY"), ("شيكل", "ILS"), ("شيقل", "ILS"), ("روبية", "INR"), ("ريال سعودي", "SAR"),
             ("ريال قطري", "QAR"), ("ريال عماني", "OMR"), ("ريال يمني", "YER"), ("دينار كويتي", "KWD"),
             ("دينار أردني", "JOD"), ("ليرة لبنانية", "LBP"), ("ليرة سورية", "SYP"),
             ("ليرة تركية", "TRY"), ("جنيه مصري", "EGP"), ("جنيه استرليني", "GBP"), ("درهم إماراتي", "AED"),
             ("$", "USD")]
QUAL_EN = [("", "exact"), ("about ", "about"), ("around ", "about"), ("some ", "about"),
           ("more than ", "over"), ("over ", "over"), ("above ", "over"), ("at least ", "over"),
           ("less than ", "under"), ("under ", "under"), ("nearly ", "under"), ("lower than ", "under"),
           ("up to ", "up_to"), ("no more than ", "up_to"), ("a maximum of ", "up_to")]
QUAL_AR = [("", "exact"), ("نحو ", "about"), ("حوالي ", "about"), ("بحدود ", "about"),
           ("أكثر من ", "over"), ("ما يزيد على ", "over"), ("ما لا يقل عن ", "over"),
           ("أقل من ", "under"), ("تحت ", "under"), ("ما يصل إلى ", "up_to")]
SCALES_EN = [("", 1), (" million", 1e6), (" billion", 1e9), ("m", 1e6), ("bn", 1e9), (" thousand", 1e3)]


def _digits(n: int, grouped: bool) -> str:
    return f"{n:,}" if grouped else str(n)


@st.composite
def english(draw):
    n = draw(st.integers(1, 999_999))
    scaled = draw(st.sampled_from(SCALES_EN))
    if scaled[1] != 1:
        n = draw(st.integers(1, 999))
        if draw(st.booleans()):
            n = n + draw(st.sampled_from([0.5, 0.25, 0.1]))
    number = (str(n) if isinstance(n, float) else _digits(n, draw(st.booleans()))) + scaled[0]
    value = n * scaled[1]
    if draw(st.booleans()):
        sym, code, glue = draw(st.sampled_from(PREFIX_EN))
        space = "" if glue and draw(st.booleans()) else " "
        expr = f"{sym}{space}{number}"
    else:
        sym, code, glue = draw(st.sampled_from(SUFFIX_EN))
        glue = glue and not scaled[0]  # "15RM", not "5 millionUSD" or "5mUSD"
        space = "" if glue and draw(st.booleans()) else " "
        expr = f"{number}{space}{sym}"
    q, qual = draw(st.sampled_from(QUAL_EN))
    return f"{q}{expr}", value, code, qual


@st.composite
def arabic(draw):
    kind = draw(st.sampled_from(["digits", "thousand", "million", "billion"]))
    n = draw(st.integers(1, 999_999 if kind == "digits" else 999))
    if kind == "digits":
        number, value = _digits(n, draw(st.booleans())), float(n)
    else:
        sg, pl, scale = {"thousand": ("ألف", "آلاف", 1e3), "million": ("مليون", "ملايين", 1e6),
                         "billion": ("مليار", "مليارات", 1e9)}[kind]
        number, value = f"{n} {pl if 3 <= n <= 10 else sg}", n * scale
    name, code = draw(st.sampled_from(SUFFIX_AR))
    space = draw(st.sampled_from([" ", " ", ""])) if name == "$" else " "
    q, qual = draw(st.sampled_from(QUAL_AR))
    return f"{q}{number}{space}{name}", value, code, qual


@st.composite
def with_subunit(draw):
    whole, part = draw(st.integers(1, 999)), draw(st.integers(1, 99))
    templates = [("en", "{w} dollars {p} cents", "USD"), ("en", "{w} dollars and {p} cents", "USD"),
                 ("en", "${w} and {p}c", "USD"), ("en", "${w} {p}c", "USD"), ("en", "{w} EUR {p} cents", "EUR"),
                 ("en", "{w} ringgit {p} sen", "MYR"), ("en", "£{w} {p}p", "GBP"),
                 ("en", "{w} pounds and {p} pence", "GBP"), ("en", "{w} hryvnias {p} kopiykas", "UAH"),
                 ("ar", "{w} دولار و{p} سنت", "USD"), ("ar", "{w} دولارا و{p} سنتا", "USD"),
                 ("ar", "{w} يورو و {p} سنتا", "EUR"), ("ar", "{w} دولار و{p} سينت", "USD")]
    lang, tpl, code = draw(st.sampled_from(templates))
    return lang, tpl.format(w=whole, p=part), whole + part / 100, code


SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))


def _one(sentence: str, lang: str, expr: str):
    got = [a for a in FINDER._find(sentence, lang) if a.kind == "money"]
    assert len(got) == 1, (sentence, [(a.text, a.value, a.currency) for a in got])
    a = got[0]
    assert a.text == expr, (sentence, a.text)
    return a


@SETTINGS
@given(english(), st.sampled_from(["The foundation gave {} to the hospital.",
                                   "{} was pledged by the bank on Monday.",
                                   "Officials said the donor had promised {}, the ministry said."]))
def test_english_amount(case, frame):
    expr, value, code, qual = case
    sentence = frame.format(expr)
    if sentence[0].islower():
        sentence = sentence[0].upper() + sentence[1:]
        expr = sentence[: len(expr)]
    a = _one(sentence, "en", expr)
    assert math.isclose(a.value, value, rel_tol=1e-9), (sentence, a.value)
    assert a.currency == code, (sentence, a.currency)
    assert a.qualifier == qual, (sentence, a.qualifier)


@SETTINGS
@given(arabic(), st.sampled_from(["قدمت المؤسسة {} للمستشفى.", "وأعلن البنك عن تبرع قيمته {} لصالح الأسر.",
                                  "قال المسؤول إن الحكومة رصدت {}، بحسب الوزارة."]))
def test_arabic_amount(case, frame):
    expr, value, code, qual = case
    sentence = frame.format(expr)
    a = _one(sentence, "ar", expr)
    assert math.isclose(a.value, value, rel_tol=1e-9), (sentence, a.value)
    assert a.currency == code, (sentence, a.currency)
    assert a.qualifier == qual, (sentence, a.qualifier)


@SETTINGS
@given(with_subunit())
def test_amount_with_subunit_is_one_amount(case):
    lang, expr, value, code = case
    sentence = (f"He paid {expr} for it." if lang == "en" else f"دفع الزبون {expr} ثمنا للوجبة.")
    a = _one(sentence, lang, expr)
    assert math.isclose(a.value, value, rel_tol=1e-9), (sentence, a.value)
    assert a.currency == code
