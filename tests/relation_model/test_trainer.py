"""`pledges train` end to end on a tiny configuration (runs the project's stages)."""
import json

import pytest

TINY = ["data.generated_train=16", "data.generated_heldout=8", "data.heldout_every=3", "train.epochs=1",
        "model.hidden=32", "model.layers=1", "model.heads=2", "model.intermediate=64", "model.vocab_size=500",
        'data.pipeline_overrides=["ner.ar_backend=patterns"]']


def test_bad_config_is_one_line_exit_2(tmp_path, capsys):
    from pipeline.relation.model.trainer import main

    assert main(["--config", str(tmp_path / "missing.toml")]) == 2
    assert main(["--set", "train.nope=1", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("pledges train:") for line in err)


@pytest.mark.slow
def test_train_writes_a_loadable_version_and_same_seed_same_metrics(tmp_path):
    from pipeline.relation.model import model as M
    from pipeline.relation.model.trainer import main

    runs = []
    for name in ("a", "b"):
        out = tmp_path / name
        args = ["--device", "cpu", "--seed", "3", "--out", str(out)] + [x for s in TINY for x in ("--set", s)]
        assert main(args) == 0
        version = (out / "LATEST").read_text().strip()
        vdir = out / version
        for f in ("model.safetensors", "tokenizer.json", "config.json", "metrics.json", "MODEL_CARD.md"):
            assert (vdir / f).is_file(), f
        metrics = json.loads((vdir / "metrics.json").read_text())
        assert set(metrics["heldout"]["all"]) >= {"model", "rules", "n_docs", "n_gold"}
        assert metrics["device"] == "cpu" and metrics["train_seconds"] > 0
        assert M.sha256(vdir / "model.safetensors") in (vdir / "MODEL_CARD.md").read_text()
        assert metrics["selection"]["default"] in ("model", "rules")
        assert f"the default is **{metrics['selection']['default']}**" in (vdir / "MODEL_CARD.md").read_text()
        M.load(out)  # through LATEST
        runs.append((metrics["heldout"], M.sha256(vdir / "model.safetensors")))
    assert runs[0] == runs[1]


def test_default_follows_the_held_out_comparison():
    from pipeline.errors import ConfigError
    from pipeline.relation.model.trainer import select_default

    def metrics(model, rules):
        return {"handwritten": {"model": {"donor+amount": {"f1": model}}, "rules": {"donor+amount": {"f1": rules}}}}

    assert select_default(metrics(0.7, 0.6), "handwritten", 0.02)["default"] == "model"
    assert select_default(metrics(0.61, 0.6), "handwritten", 0.02)["default"] == "rules"
    assert select_default(metrics(0.6, 0.6), "handwritten", 0.0)["default"] == "rules"
    with pytest.raises(ConfigError):
        select_default(metrics(0.7, 0.6), "generated", 0.02)


def test_default_config_matches_the_shipped_models_selection(root):
    """configs/default.toml runs what the shipped model card says is better."""
    import tomllib

    version = (root / "models/relation/LATEST").read_text().strip()
    selection = json.loads((root / "models/relation" / version / "metrics.json").read_text())["selection"]
    cfg = tomllib.loads((root / "configs/default.toml").read_text())
    factory = cfg["relation"]["factory"]
    assert ("model" in factory) == (selection["default"] == "model"), (factory, selection)
