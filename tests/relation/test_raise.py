""""raise" look-alike vs a pledging body raising pledges; needs the English parse (slow: loads spaCy)."""
import pytest

from pipeline.document import Document
from pipeline.relation.rules import RuleRelation
from pipeline.stages.money import MoneyStage
from pipeline.stages.ner import NerStage
from pipeline.stages.tokenize import TokenizeStage

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def stages():
    out = [TokenizeStage(), MoneyStage(), NerStage()]
    for s in out:
        s.setup()
    return out


def run(stages, text):
    doc = Document("t", text, lang="en")
    for s in stages:
        s(doc)
    return RuleRelation().extract(doc)


def test_conference_raising_pledges_is_a_pledge(stages):
    [p] = run(stages, "The donor conference in Paris succeeded in raising $250 million in emergency relief for Lebanon.")
    assert p.amount.value == 250e6 and "conference" in p.donor.text


def test_charity_raising_money_from_the_public_is_not(stages):
    assert run(stages, "The charity has raised $250 million from members of the public since March.") == []
