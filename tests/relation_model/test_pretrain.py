"""`pledges pretrain` on a tiny corpus: deterministic, loadable into the relation model, clear errors."""
import gzip
import json

import pytest

TINY = ["hidden=32", "layers=1", "heads=2", "intermediate=64", "vocab_size=600", "max_len=64", "seq_len=32",
        "batch_size=4", "max_tokens=600", "warmup_steps=2", "threads=1", "vocab_docs=50"]

TEXTS = ["Acme Corp pledged $5m to the Red Cross on Monday, the company said in a statement. " * 3,
         "تبرعت شركة النور بمبلغ خمسة ملايين دولار لصالح الهلال الأحمر، وفق بيان للشركة. " * 3,
         "The government gave 300 tents and 20 generators to the flood victims, officials said. " * 3]


@pytest.fixture()
def corpus(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for i in range(12):
            f.write(json.dumps({"id": i, "text": TEXTS[i % 3]}, ensure_ascii=False) + "\n")
    return path


def _run(out, corpus):
    from pipeline.relation.model.pretrain import main

    args = ["--out", str(out), "--device", "cpu", "--set", f"corpora={corpus}"]
    for s in TINY:
        args += ["--set", s]
    assert main(args) == 0
    return out / (out / "LATEST").read_text().strip()


@pytest.mark.slow
def test_pretrain_is_deterministic_and_the_relation_model_starts_from_it(tmp_path, corpus):
    from pipeline.relation.model import model as M
    from pipeline.relation.model.encode import SPECIAL

    a, b = _run(tmp_path / "a", corpus), _run(tmp_path / "b", corpus)
    assert M.sha256(a / "model.safetensors") == M.sha256(b / "model.safetensors")
    card = (a / "MODEL_CARD.md").read_text()
    assert "CC BY-NC-SA 4.0" in card and M.sha256(a / "model.safetensors") in card
    metrics = json.loads((a / "metrics.json").read_text())
    assert metrics["tokens_seen"] >= 600 and metrics["steps"] > 0
    config, tokenizer, state = M.load_encoder(tmp_path / "a")  # through LATEST
    assert all(tokenizer.token_to_id(t) is not None for t in SPECIAL)
    model = M.RelationModel(config)
    M.init_from_encoder(model, state, "enc")
    assert bool((model.bert.embeddings.word_embeddings.weight == state["embeddings.word_embeddings.weight"]).all())


@pytest.mark.parametrize("name", ["model.safetensors", "tokenizer.json", "config.json"])
def test_missing_or_corrupt_encoder_file_is_named(tmp_path, name):
    from pipeline.errors import ModelError
    from pipeline.relation.model import model as M

    d = tmp_path / "enc"
    d.mkdir()
    for f in ("model.safetensors", "tokenizer.json", "config.json"):
        (d / f).write_text("not what it should be")
    with pytest.raises(ModelError, match="config.json"):
        M.load_encoder(d)
    (d / name).unlink()
    with pytest.raises(ModelError, match=name):
        M.load_encoder(d)


def test_bad_setting_is_one_line_exit_2(capsys):
    from pipeline.relation.model.pretrain import main

    assert main(["--set", "nope=1"]) == 2
    assert main(["--set", "corpora=/no/such/file.jsonl.gz", "--set", "max_tokens=10"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("pledges pretrain:") for line in err)
