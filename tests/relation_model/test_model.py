"""Train two steps, save, load back; devices; clear errors for bad artefacts."""
import pytest
import torch

from pipeline.errors import ConfigError, ModelError
from pipeline.relation.model import model as M
from pipeline.relation.model.infer import ModelRelation


def _outputs(mr, docs):
    decs = mr.decisions(docs)
    return [[(round(d.score, 6), d.donor and d.donor.text, d.recipient and d.recipient.text) for d in ds] for ds in decs]


def test_save_and_load_give_identical_outputs(tiny_model, tmp_path):
    mr, docs, _ = tiny_model
    M.save(mr.model, mr.tokenizer, mr.meta, tmp_path / "v1")
    (tmp_path / "LATEST").write_text("v1\n")
    again = ModelRelation.load(str(tmp_path), "cpu")  # through the LATEST pointer
    assert _outputs(again, docs) == _outputs(mr, docs)
    for a, b in zip(mr.model.state_dict().values(), again.model.state_dict().values()):
        assert torch.equal(a, b)
    pledges = again.extract_batch(docs)
    assert len(pledges) == len(docs)


def test_training_is_deterministic(tiny_docs):
    import pipeline.relation.model.trainer as T
    from pipeline.relation.model import data
    from pipeline.relation.model.encode import train_tokenizer

    docs, gold = tiny_docs
    weights = []
    for _ in range(2):
        cfg = T.load_config(None, ["train.max_steps=2", "train.batch_size=2"])
        T.set_determinism(7, torch.device("cpu"))
        tok = train_tokenizer([g.text for g in gold], vocab_size=200, min_frequency=1)
        ex, _ = data.examples(docs, gold, tok, 64, 1)
        model = M.RelationModel(M.bert_config(tok.get_vocab_size(), 32, 1, 2, 64, 64))
        T.fit(model, ex, cfg, torch.device("cpu"), 7, log=lambda s: None)
        weights.append([p.detach().clone() for p in model.parameters()])
    assert all(torch.equal(a, b) for a, b in zip(*weights))


def test_device_selection(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert M.resolve_device("auto").type == "cpu"
    assert M.resolve_device("cpu").type == "cpu"
    with pytest.raises(ConfigError, match="CUDA is not available"):
        M.resolve_device("cuda")
    with pytest.raises(ConfigError):
        M.resolve_device("tpu")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert M.resolve_device("auto").type == "cuda"


def test_corrupt_weights_give_one_line_error(tiny_model, tmp_path):
    mr, _, _ = tiny_model
    d = M.save(mr.model, mr.tokenizer, mr.meta, tmp_path / "v1")
    (d / M.WEIGHTS).write_bytes(b"\x00garbage, not safetensors")
    with pytest.raises(ModelError) as err:
        M.load(d)
    msg = str(err.value)
    assert str(d / M.WEIGHTS) in msg and "make train" in msg and "\n" not in msg


def test_missing_model_names_the_file(tmp_path):
    with pytest.raises(ModelError) as err:
        M.load(tmp_path / "nothing-here")
    assert "config.json" in str(err.value) and "make train" in str(err.value)


def test_truncated_weights(tiny_model, tmp_path):
    mr, _, _ = tiny_model
    d = M.save(mr.model, mr.tokenizer, mr.meta, tmp_path / "v1")
    data = (d / M.WEIGHTS).read_bytes()
    (d / M.WEIGHTS).write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match="model.safetensors"):
        M.load(d)
