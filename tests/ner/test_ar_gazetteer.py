"""The training entities' lexical memory (ner/ar_gazetteer.py): word and proclitic-stripped records,
phrase matches, cross-fitting and the shipped file."""
import torch

from pipeline.ner.ar_gazetteer import DIM, TAG_COLS, TYPES, WORD_DIM, Gazetteer, norm, stripped

SENTS = [
    [("قال", "O"), ("كوفي", "B-PERS"), ("عنان", "I-PERS"), ("في", "O"), ("لبنان", "B-LOC")],
    [("الأمم", "B-ORG"), ("المتحدة", "I-ORG"), ("في", "O"), ("لبنان", "B-LOC")],
    [("قال", "O"), ("الأمم", "O"), ("المتحدة", "O"), ("لبنان", "O")],
]
COL = {t: i for i, t in enumerate(TAG_COLS)}


def test_normalisation_and_proclitic_forms():
    assert norm("الأُمَّة") == "الامه" and norm("غزة\u200f") == "غزه" and norm("مستشفى") == "مستشفي"
    assert stripped("والامم")[:1] == ("الامم",) and "امم" in stripped("والامم")
    assert "الحكومه" in stripped("للحكومه")
    assert all(len(f) >= 2 for f in stripped("وبه"))


def test_word_records_are_tag_shares_of_words_seen_in_an_entity():
    gaz = Gazetteer.build(SENTS)
    assert "قال" not in gaz.words and "في" not in gaz.words  # never inside an entity
    f = gaz.features(["لبنان", "قال", "مجهول"])
    assert f.shape == (3, DIM)
    assert f[0, COL["B-LOC"]] == 2 / 3 and f[0, COL["O"]] == 1 / 3 and f[0, WORD_DIM - 1] == 1
    assert f[1].abs().sum() == 0 and f[2].abs().sum() == 0


def test_a_glued_proclitic_reads_the_stripped_words_record():
    gaz = Gazetteer.build(SENTS)
    f = gaz.features(["ولبنان"])
    assert f[0, :WORD_DIM].abs().sum() == 0  # the whole form is unknown
    assert f[0, WORD_DIM + COL["B-LOC"]] == 2 / 3  # "لبنان"'s record


def test_phrases_mark_their_words_b_and_i_with_the_entity_share():
    gaz = Gazetteer.build(SENTS)
    f = gaz.features(["قال", "والأمم", "المتحدة", "أمس"])[:, 2 * WORD_DIM:]
    org = TYPES.index("ORG")
    assert f[1, 2 * org] == 0.5 and f[2, 2 * org + 1] == 0.5  # an ORG once out of 2 occurrences
    assert f[0].abs().sum() == 0 and f[3].abs().sum() == 0 and f[1, 2 * org + 1] == 0


def test_cross_fitting_hides_a_sentences_own_entities():
    sents = [[("زيد", "B-PERS"), ("جاء", "O")], [("عمرو", "B-PERS"), ("جاء", "O")],
             [("زيد", "B-PERS"), ("ذهب", "O")], [("خالد", "B-PERS")]]
    feats = Gazetteer.cross_fitted(sents, 4)
    assert feats[0][0, COL["B-PERS"]] == 1  # "زيد" is also a person in sentence 3
    assert feats[1][0].abs().sum() == 0 and feats[3][0].abs().sum() == 0  # seen only in their own fold
    full = Gazetteer.build(sents)
    assert full.features(["عمرو"])[0, COL["B-PERS"]] == 1


def test_the_file_round_trips(tmp_path):
    gaz = Gazetteer.build(SENTS)
    gaz.save(tmp_path)
    words = ["قال", "والأمم", "المتحدة", "في", "ولبنان"]
    assert torch.equal(Gazetteer.load(tmp_path).features(words), gaz.features(words))


def test_the_project_word_lists_add_their_columns_when_asked(tmp_path):
    from pipeline.ner.ar_gazetteer import LEX_DIM

    words = ["زار", "الشيخ", "محمد", "بن", "راشد", "ولبنان", "والصليب", "الأحمر", "وبوخارست"]
    plain = Gazetteer.build(SENTS)
    gaz = Gazetteer.build(SENTS, lexicon=True)
    assert plain.features(words).shape[1] == DIM and gaz.dim == DIM + LEX_DIM
    lex = gaz.features(words)[:, DIM:]
    assert lex[5, 0] == 1  # "ولبنان": a place after a proclitic
    assert lex[6, 2] == 1 and lex[7, 3] == 1  # a fixed organisation name, B then I
    assert lex[1, 5] == 1 and lex[2, 7] == 1 and lex[3, 9] == 1  # title, first name, connector
    assert lex[0].abs().sum() == 0 and lex[8, 10] == 1  # a CLDR city after a proclitic
    gaz.save(tmp_path)
    assert Gazetteer.load(tmp_path).dim == DIM + LEX_DIM
