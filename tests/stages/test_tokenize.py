from pipeline.document import Document
from pipeline.lang import ar
from pipeline.stages.tokenize import TokenizeStage


def run(text, lang):
    doc = Document("d", text, lang=lang)
    TokenizeStage()(doc)
    return doc


def test_english_sentences_and_offsets():
    text = "Mr. Brown said the U.S. gave $5.5m to the fund. \u201cIt helps.\u201d Then more.\n\nA headline\nNext line."
    doc = run(text, "en")
    sents = [text[s.start:s.end] for s in doc.sentences]
    assert sents == ["Mr. Brown said the U.S. gave $5.5m to the fund.", "\u201cIt helps.\u201d", "Then more.",
                     "A headline", "Next line."]
    assert all(text[t.start:t.end] == t.text for t in doc.tokens)


def test_arabic_numbers_stay_whole_and_offsets_hold():
    text = "تبرعت الشركة بمبلغ 4,100,000 ريال و12.6 مليون درهم. ثم قالت؟ نعم."
    doc = run(text, "ar")
    forms = [t.text for t in doc.tokens]
    assert "4,100,000" in forms and "12.6" in forms
    assert all(text[t.start:t.end] == t.text for t in doc.tokens)
    assert len(doc.sentences) == 3


def test_arabic_clitics_split_with_restored_article():
    toks = ar.tokenize("تبرعت للصليب الأحمر والمعلمين بالمال لبنان بنك لـ«البورصة»")
    pairs = [(t.text, t.form, t.is_clitic) for t in toks]
    assert ("ل", "ل", True) in pairs and ("لصليب", "الصليب", False) in pairs
    assert ("و", "و", True) in pairs and ("المعلمين", "المعلمين", False) in pairs
    assert ("ب", "ب", True) in pairs and ("المال", "المال", False) in pairs
    assert ("لبنان", "لبنان", False) in pairs and ("بنك", "بنك", False) in pairs
    assert ("لـ", "لـ", True) in pairs


def test_lam_initial_place_names_keep_their_form_after_li():
    pairs = [(t.text, t.form) for t in ar.tokenize("دعما للبنان وللندن وللصليب")]
    assert ("لبنان", "لبنان") in pairs and ("لندن", "لندن") in pairs
    assert ("لصليب", "الصليب") in pairs  # other words still get the article back


def test_newlines_end_arabic_sentences():
    text = "عنوان الخبر\n\nتبرعت الشركة بمليون دولار"
    doc = run(text, "ar")
    assert [text[s.start:s.end] for s in doc.sentences] == ["عنوان الخبر", "تبرعت الشركة بمليون دولار"]


def test_english_tokens_are_spacys_non_space_tokens(root):
    """tokenize() reads offsets as one array; the tokens are spaCy's own, spaces left out."""
    import spacy

    from pipeline.lang import en

    tokenizer = spacy.blank("en").tokenizer
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "seeds" / "docs").glob("*.txt"))]
    texts += ["  lead  spaces\t\tand\n\n\nbreaks  ", "\u202eQatar\u202c pledged\u200b $5m\u200d to \u2066Red Cross\u2069.",
              "emoji \U0001F600 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 beyond the BMP: $5m.", "", " "]
    for text in texts:
        want = [(t.idx, t.idx + len(t.text), t.text) for t in tokenizer(text) if not t.is_space]
        assert [(t.start, t.end, t.text) for t in en.tokenize(text)] == want
