"""Relation stage: deferred resolution gives what the plain rules give."""
import pytest

from pipeline import config
from pipeline.dag import build
from pipeline.io.readers import read_path
from pipeline.runner import process
from pipeline.stages.relation import RuleRelationStage

from ..conftest import ROOT


@pytest.fixture(scope="module")
def analysed(shared):
    """Dev and seed documents, every candidate sentence analysed (eager)."""
    plan = build(config.load(ROOT / "configs" / "default.toml", ["ner.context=eager"]),
                 outputs=["entities", "amounts", "sentences"])
    docs = []
    for src in (shared / "dev" / "docs", ROOT / "seeds" / "docs"):
        docs += [d for d in process(plan, read_path(src)) if d.ok and d.lang == "en"]
    return docs


def test_same_pledges_as_the_plain_rules(analysed):
    """Deferred resolution and sentence selection give what RuleRelation gives
    on fully analysed documents."""
    from pipeline.relation.rules import RuleRelation

    stage_rules, plain = RuleRelationStage().rules, RuleRelation()
    resolved = 0
    for doc in analysed:
        assert stage_rules.extract(doc) == plain.extract(doc)
        resolved += sum(1 for d in plain.decisions(doc) if d.donor is not None)
    assert resolved


def test_only_accepted_donors_are_resolved(analysed):
    from pipeline.stages.relation import _Unresolved

    rules = RuleRelationStage().rules
    pending = 0
    for doc in analysed:
        for d in rules.decisions(doc):
            if isinstance(d.donor, _Unresolved):
                assert d.score < rules.threshold
                pending += 1
    assert pending  # the dev articles have anaphoric donors of rejected amounts
