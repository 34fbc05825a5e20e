"""The stage is registered, builds in a DAG, and fails clearly without a model."""
import pytest

from pipeline import config, dag, registry
from pipeline.errors import ModelError


def test_registered_with_the_rules_interface():
    cls = registry.get("pipeline.relation.model.v1")
    rules = registry.get("pipeline.relation.rules.v1")
    assert cls.requires == rules.requires == ("amounts", "entities", "sentences")
    assert cls.provides == ("pledges",)


def test_model_and_rules_configs_build(root):
    for name, factory in (("model.toml", "pipeline.relation.model.v1"), ("rules-only.toml", "pipeline.relation.rules.v1")):
        cfg = config.load(root / "configs" / name)
        plan = dag.build(cfg)
        assert plan.order[-1] == "relation" and plan.nodes[-1].factory == factory


def test_missing_model_is_a_model_error(tmp_path):
    cls = registry.get("pipeline.relation.model.v1")
    stage = cls(model=str(tmp_path / "none"), device="cpu")
    with pytest.raises(ModelError, match="make train"):
        stage.setup()


def test_stage_batch_matches_single(tiny_model, tmp_path):
    from pipeline.relation.model import model as M

    mr, docs, _ = tiny_model
    M.save(mr.model, mr.tokenizer, mr.meta, tmp_path / "v")
    stage = registry.get("pipeline.relation.model.v1")(model=str(tmp_path / "v"), device="cpu", threshold=0.0)
    stage.setup()
    stage.process_batch(docs)
    batched = [[(p.amount.text, p.donor and p.donor.text) for p in d.pledges] for d in docs]
    for d in docs:
        stage(d)
    single = [[(p.amount.text, p.donor and p.donor.text) for p in d.pledges] for d in docs]
    assert batched == single and any(batched)
