import pytest

from pipeline.ner.consistency import consistent

S = [["زار", "سيد", "قطب", "مصر"], ["وقال", "سيد", "قطب", "إن"], ["ثم", "قطب", "عاد"]]


def test_an_entity_is_copied_to_its_untagged_repeat_in_the_same_document():
    tags = [["O", "B-PERS", "I-PERS", "B-LOC"], ["O"] * 4, ["O"] * 3]
    got = consistent(S, tags, window=5)
    assert got[0] == tags[0]
    assert got[1] == ["O", "B-PERS", "I-PERS", "O"]
    assert got[2] == ["O", "O", "O"]  # "قطب" alone was never tagged on its own
    assert tags[1] == ["O"] * 4  # the input is not changed


def test_nothing_crosses_a_document_or_the_window():
    tags = [["O", "B-PERS", "I-PERS", "B-LOC"], ["O"] * 4, ["O"] * 3]
    assert consistent(S, tags, window=5, groups=["a", "b", "b"])[1] == ["O"] * 4
    far = [S[0]] + [["و"]] * 3 + [S[1]]
    far_tags = [tags[0]] + [["O"]] * 3 + [["O"] * 4]
    assert consistent(far, far_tags, window=3)[4] == ["O"] * 4
    assert consistent(far, far_tags, window=4)[4] == ["O", "B-PERS", "I-PERS", "O"]
    assert consistent(S, tags, window=0) == tags


def test_tagged_words_stay_and_the_longer_and_commoner_entity_wins():
    sents = [["سيد", "قطب"], ["قطب"], ["سيد", "قطب"], ["قطب", "سيد", "قطب"]]
    tags = [["B-PERS", "I-PERS"], ["B-LOC"], ["B-ORG", "I-ORG"], ["B-MISC", "O", "O"]]
    got = consistent(sents, tags, window=3)
    assert got[:3] == tags[:3]
    # "سيد قطب" is tagged PERS once and ORG once: the first seen of the tie; "قطب" (LOC) fills nothing
    # left, since the longer entity took the two words and the first word is the tagger's own
    assert got[3] == ["B-MISC", "B-PERS", "I-PERS"]


def test_short_entities_are_not_copied_and_lengths_are_checked():
    sents = [["و", "زار"], ["و", "عاد"]]
    assert consistent(sents, [["B-ORG", "O"], ["O", "O"]], window=2)[1] == ["O", "O"]
    with pytest.raises(ValueError, match="2 sentences but 1 tag lists"):
        consistent(sents, [["O", "O"]], window=2)
    with pytest.raises(ValueError, match="and 1 groups"):
        consistent(sents, [["O", "O"]] * 2, window=2, groups=["a"])


def test_the_first_word_may_carry_a_proclitic_the_tagged_one_lacks():
    from pipeline.ner.consistency import first_word_forms

    assert {"القاعدة", "والقاعدة", "بالقاعدة", "للقاعدة", "وللقاعدة", "فبالقاعدة"} <= first_word_forms("القاعدة")
    assert "كالقاعدة" not in first_word_forms("القاعدة")  # ك is never read as a proclitic
    sents = [["تنظيم", "القاعدة"], ["قال", "وللقاعدة", "فرع"], ["قال", "وتنظيم", "القاعدة"], ["قاعدة"]]
    tags = [["B-ORG", "I-ORG"], ["O"] * 3, ["O"] * 3, ["O"]]
    got = consistent(sents, tags, window=3)
    assert got[1] == ["O", "O", "O"]  # "القاعدة" alone was never an entity
    assert got[2] == ["O", "B-ORG", "I-ORG"]  # the proclitic sits on the first word only
    assert got[3] == ["O"]  # the stem without its article is not a form of the word
