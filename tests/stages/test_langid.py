import pytest

from pipeline.document import Document
from pipeline.stages.langid import LangIdStage


@pytest.fixture(scope="module")
def stage():
    s = LangIdStage()
    s.setup()
    return s


@pytest.mark.parametrize("text,lang,status", [
    ("The short video app TikTok has promised a total of about 375 million US dollars in support.", "en", "ok"),
    ("وتبرعت المنصة في إطار مسؤوليتها المجتمعية بنحو 250 مليون دولار لدعم العاملين في القطاع الطبي.", "ar", "ok"),
    ("Le gouvernement français a promis cinq millions d'euros pour la reconstruction du port.", "fr", "skipped"),
    ("12 34 56 --", "und", "skipped"),
])
def test_language_and_status(stage, text, lang, status):
    doc = Document("d", text)
    stage(doc)
    assert doc.lang == lang and doc.status == status
    if status == "skipped":
        assert lang in doc.reason or "too little text" in doc.reason


def test_arabic_with_english_names_is_arabic(stage):
    doc = Document("d", "أعلنت شركة TikTok وشركة ByteDance عن تبرع بقيمة 25 مليون دولار لمنظمة الصحة العالمية WHO.")
    stage(doc)
    assert doc.lang == "ar"


SAMPLES = [
    "The short video app TikTok has promised a total of about 375 million US dollars in support.",
    "وتبرعت المنصة في إطار مسؤوليتها المجتمعية بنحو 250 مليون دولار لدعم العاملين في القطاع الطبي.",
    "Le gouvernement français a promis cinq millions d'euros pour la reconstruction du port.",
    "Die Bundesregierung hat fünf Millionen Euro für den Wiederaufbau des Hafens zugesagt.",
    "دولت ایران پنج میلیون دلار برای بازسازی بندر اختصاص داد و وزیر گفت که این کمک ادامه دارد.",
    "حکومت پاکستان نے بندرگاہ کی تعمیر نو کے لیے پانچ ملین ڈالر دینے کا وعدہ کیا ہے۔",
    "Правительство пообещало пять миллионов евро на восстановление порта.",
    "12 34 56 --",
    "a",
]


@pytest.mark.parametrize("text", SAMPLES + [t * 40 for t in SAMPLES[:3]])
def test_classify_matches_langid_on_all_languages(stage, text):
    """The sparse product gives langid's own answer and probability (97 languages)."""
    lang, prob = stage._identifier.classify(text)
    assert stage.classify(text) == (lang, pytest.approx(prob, abs=1e-12))


def test_other_languages_are_still_reported(stage):
    for text, lang in [(SAMPLES[3], "de"), (SAMPLES[4], "fa"), (SAMPLES[5], "ur"), (SAMPLES[6], "ru")]:
        doc = Document("d", text)
        stage(doc)
        assert (doc.lang, doc.status) == (lang, "skipped") and lang in doc.reason

