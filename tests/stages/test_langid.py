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
