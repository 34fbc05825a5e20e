"""Per-document memo of sentence cues, and the relation stage's shared views."""
from pipeline.document import Amount, Document, Entity
from pipeline.relation.lexicon import lexicon
from pipeline.relation.memo import sentence_cues
from pipeline.stages.relation import RuleRelationStage
from pipeline.stages.tokenize import TokenizeStage


def _doc(text):
    doc = Document("t", text, lang="en")
    TokenizeStage()(doc)
    return doc


def test_sentence_cues_are_the_lexicon_cues_found_once():
    doc = _doc("Sales rose to $9 million.\nQatar pledged $5 million in aid to UNICEF.\n")
    for sent in doc.sentences:
        cues = sentence_cues(doc, sent)
        assert cues == lexicon("en").cues(doc.sentence_tokens(sent))
        assert sentence_cues(doc, sent) is cues
    assert any(c.kind == "trigger" for c in sentence_cues(doc, doc.sentences[1]))


def test_amounts_of_a_sentence_share_its_view_and_extract_drops_it():
    text = "Qatar pledged $5 million and $2 million to UNICEF.\n"
    doc = _doc(text)
    for surface, value in (("$5 million", 5e6), ("$2 million", 2e6)):
        i = text.index(surface)
        doc.amounts.append(Amount(i, i + len(surface), surface, value, "USD"))
    doc.entities = [Entity(0, 5, "Qatar", "GPE"), Entity(text.index("UNICEF"), text.index("UNICEF") + 6, "UNICEF", "ORG")]
    rules = RuleRelationStage().rules
    first, second = (rules.decide(doc, a) for a in doc.amounts)
    assert first.view is second.view
    assert len(rules.extract(doc)) == 2
    assert not [k for k in doc.memo if k[0] == "view"]
