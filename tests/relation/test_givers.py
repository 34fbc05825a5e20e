"""pipeline.relation.givers: one record per distinct giver of an amount."""
from __future__ import annotations

import pytest

from pipeline.document import Document, Entity, Mention
from pipeline.relation.givers import coordinated


def doc_with(text: str, names: list[tuple[str, str]]) -> Document:
    """A document whose entities are the first occurrence of each (name, label)."""
    d = Document(doc_id="t", text=text)
    for name, label in names:
        i = text.index(name)
        d.entities.append(Entity(i, i + len(name), name, label))
    d.entities.sort(key=lambda e: e.start)
    return d


def mention(d: Document, name: str) -> Mention:
    i = d.text.index(name)
    return Mention(i, i + len(name), name)


@pytest.mark.parametrize("text,names,donor,expected", [
    # a list named as the donor span
    ("Oslo, Lima and Quito each pledged $5m.", [("Oslo", "GPE"), ("Lima", "GPE"), ("Quito", "GPE")],
     "Oslo, Lima and Quito", ["Oslo", "Lima", "Quito"]),
    # one name of a list taken as the donor: the whole list gives
    ("Acme & Globex gave $2m each.", [("Acme", "ORG"), ("Globex", "ORG")], "Globex", ["Acme", "Globex"]),
    ("أعلنت مصر والأردن وتونس تقديم مليون دولار", [("مصر", "GPE"), ("الأردن", "GPE"), ("تونس", "GPE")],
     "تونس", ["مصر", "الأردن", "تونس"]),
    ("Acme, as well as Globex, gave $2m.", [("Acme", "ORG"), ("Globex", "ORG")], "Acme", ["Acme", "Globex"]),
    # not a list: another word between the names, a bare space, a sentence boundary
    ("Jo Bloggs, chairman of Acme, gave $2m.", [("Jo Bloggs", "PERSON"), ("Acme", "ORG")],
     "Jo Bloggs, chairman of Acme", ["Jo Bloggs, chairman of Acme"]),
    ("Acme Globex gave $2m.", [("Acme", "ORG"), ("Globex", "ORG")], "Globex", ["Globex"]),
    ("It was Acme. Globex gave $2m.", [("Acme", "ORG"), ("Globex", "ORG")], "Globex", ["Globex"]),
    # a title with the name is more than a name: kept whole
    ("Mayor Jo Bloggs and Acme gave $2m.", [("Jo Bloggs", "PERSON"), ("Acme", "ORG")],
     "Mayor Jo Bloggs", ["Mayor Jo Bloggs"]),
    # a donor without an entity inside stays as it is
    ("The donors gave $2m.", [], "The donors", ["The donors"]),
    # names joined by commas alone are one giver named twice (an apposition), not a list
    ("Oslo gave the UN children's fund, Unicef, $5m.", [("Oslo", "GPE"), ("the UN children's fund", "ORG"),
                                                        ("Unicef", "ORG")], "Unicef", ["Unicef"]),
    ("أعلنت ألمانيا تبرعها لصندوق الأمم المتحدة للطفولة، اليونيسيف، بستة ملايين دولار",
     [("ألمانيا", "GPE"), ("صندوق الأمم المتحدة للطفولة", "ORG"), ("اليونيسيف", "ORG")],
     "صندوق الأمم المتحدة للطفولة", ["صندوق الأمم المتحدة للطفولة"]),
    # a conjunction anywhere in the chain makes it a list
    ("Oslo, Lima, Quito and Bern each pledged $5m.", [("Oslo", "GPE"), ("Lima", "GPE"), ("Quito", "GPE"),
                                                      ("Bern", "GPE")], "Lima", ["Oslo", "Lima", "Quito", "Bern"]),
    # only giver labels are listed (a date is no giver)
    ("Acme and Monday", [("Acme", "ORG"), ("Monday", "DATE")], "Acme", ["Acme"]),
])
def test_coordinated(text, names, donor, expected):
    d = doc_with(text, names)
    assert [m.text for m in coordinated(d, mention(d, donor))] == expected


def test_coordinated_keeps_the_donor_mention():
    d = doc_with("Acme and Globex gave $2m.", [("Acme", "ORG"), ("Globex", "ORG")])
    donor = Mention(0, 4, "Acme", "ORG", canonical="ACME Corp")
    out = coordinated(d, donor)
    assert out[0] is donor and (out[1].start, out[1].end) == (9, 15)


def _rules_doc(text: str, amount: str, value: float, names: list[tuple[str, str]]) -> Document:
    from pipeline.document import Amount
    from pipeline.stages.tokenize import TokenizeStage

    d = doc_with(text, names)
    d.lang = "en"
    TokenizeStage()(d)
    i = -1
    while (i := text.find(amount, i + 1)) >= 0:
        d.amounts.append(Amount(i, i + len(amount), amount, value, "USD"))
    return d


def test_extract_a_repeat_by_the_same_giver_is_one_record():
    from pipeline.relation.rules import RuleRelation

    text = "Acme Corp donated $5m to the Red Cross. Acme Corp said the $5m donation was its largest."
    d = _rules_doc(text, "$5m", 5e6, [("Acme Corp", "ORG"), ("the Red Cross", "ORG")])
    assert [p.donor.text for p in RuleRelation().extract(d)] == ["Acme Corp"]


def test_extract_coordinated_givers_one_record_each():
    from pipeline.relation.rules import RuleRelation

    text = "Acme Corp and Globex Inc each donated $5m to the Red Cross."
    d = _rules_doc(text, "$5m", 5e6, [("Acme Corp", "ORG"), ("Globex Inc", "ORG"), ("the Red Cross", "ORG")])
    out = RuleRelation().extract(d)
    assert [p.donor.text for p in out] == ["Acme Corp", "Globex Inc"]
    assert len({p.pledge_group for p in out}) == 2


def _sentences(text: str) -> Document:
    """A document cut into sentences after each ". " (no tokens: named_near reads text only)."""
    from pipeline.document import Sentence
    d = Document(doc_id="t", text=text)
    cuts = [0] + [i + 2 for i in range(len(text)) if text.startswith(". ", i)] + [len(text)]
    d.sentences = [Sentence(a, b, 0, 0) for a, b in zip(cuts, cuts[1:])]
    return d


def test_named_near_reads_names_in_the_scorers_word_form():
    from pipeline.relation.givers import named_near

    # a glued proclitic and the article: "وللأونروا" names "الأونروا"
    d = _sentences("قدمت السعودية دعما وللأونروا كذلك. وأعلنت الدفعة الثانية")
    assert named_near(d, Mention(0, 8, "الأونروا", "ORG"), d.sentences[1])
    # "Inc" and "the" are not name words; a name beyond the sentence before is not near
    d = _sentences("Globex gave $1m. Acme Inc. gave $1m. It paid $1m again.")
    assert named_near(d, Mention(0, 8, "the Acme", "ORG"), d.sentences[2])
    assert not named_near(d, Mention(0, 6, "Globex", "ORG"), d.sentences[2])


def test_same_giver_by_whole_words_of_either_name():
    from pipeline.relation.givers import same_giver

    assert same_giver(Mention(0, 11, "Mark Parker", "PERSON"), Mention(0, 6, "Parker", "PERSON"))
    assert same_giver(Mention(0, 9, "Acme Inc.", "ORG"), Mention(0, 8, "the Acme", "ORG"))
    assert not same_giver(Mention(0, 4, "Acme", "ORG"), Mention(0, 6, "Globex", "ORG"))
    assert not same_giver(Mention(0, 6, "Parker", "PERSON"), Mention(0, 4, "Park", "PERSON"))
