"""`pledges train` end to end on a tiny configuration (runs the project's stages)."""
import json

import pytest

TINY = ["data.generated_train=16", "data.real=[]", "cv.folds=2", "train.epochs=1", "model.encoder=",
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
        assert set(metrics["cv"]["pooled"]["all"]) >= {"model", "rules", "n_docs", "n_gold"}
        assert metrics["cv"]["folds_k"] == 2 and len(metrics["cv"]["folds"]) == 2
        assert metrics["device"] == "cpu" and metrics["train_seconds"] > 0
        assert M.sha256(vdir / "model.safetensors") in (vdir / "MODEL_CARD.md").read_text()
        assert metrics["selection"]["default"] in ("model", "rules")
        assert f"the default is **{metrics['selection']['default']}**" in (vdir / "MODEL_CARD.md").read_text()
        M.load(out)  # through LATEST
        runs.append((metrics["cv"]["pooled"], M.sha256(vdir / "model.safetensors")))
    assert runs[0] == runs[1]


def test_default_follows_the_cross_validated_comparison():
    from pipeline.relation.model.cv import select_default

    def cv(model, rules, en=(0.7, 0.6), ar=(0.7, 0.6)):
        def res(m, r):
            return {"model": {"donor+amount": {"f1": m}}, "rules": {"donor+amount": {"f1": r}}}
        return {"pooled": {"all": res(0.0, 1.0), "unseen": res(model, rules), "unseen_en": res(*en),
                           "unseen_ar": res(*ar)}}

    assert select_default(cv(0.7, 0.6), 0.02)["default"] == "model"
    assert select_default(cv(0.61, 0.6), 0.02)["default"] == "rules"
    assert select_default(cv(0.6, 0.6), 0.0)["default"] == "rules"
    # better overall but worse in one language: rules
    assert select_default(cv(0.7, 0.6, ar=(0.5, 0.55)), 0.02)["default"] == "rules"
    # no document outside the sets the rules were developed on: all of them decide
    only = {"pooled": {k: v for k, v in cv(0.7, 0.6)["pooled"].items() if not k.startswith("unseen")}}
    only["pooled"]["en"], only["pooled"]["ar"] = only["pooled"]["all"], only["pooled"]["all"]
    assert select_default(only, 0.02)["default"] == "rules"


def test_default_config_matches_the_shipped_models_selection(root):
    """configs/default.toml runs what the shipped model card says is better."""
    import tomllib

    version = (root / "models/relation/LATEST").read_text().strip()
    selection = json.loads((root / "models/relation" / version / "metrics.json").read_text())["selection"]
    cfg = tomllib.loads((root / "configs/default.toml").read_text())
    factory = cfg["relation"]["factory"]
    assert ("model" in factory) == (selection["default"] == "model"), (factory, selection)


def test_a_corrupt_encoder_stops_train_and_cv_in_one_line_naming_the_file(tmp_path, capsys):
    from pipeline.relation.model import cv, trainer

    enc = tmp_path / "enc"
    enc.mkdir()
    for f in ("model.safetensors", "tokenizer.json", "config.json"):
        (enc / f).write_text("{}")
    assert trainer.main(["--set", f"model.encoder={enc}", "--out", str(tmp_path / "out")]) == 2
    assert cv.main(["--set", f"model.encoder={enc}"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(str(enc) in line and "make pretrain" in line for line in err), err


def test_default_config_reads_the_arabic_entities_the_shipped_model_was_trained_on(root):
    """The relation model learnt from the NER of its training pipeline: the default config
    (and the rules-only ablation) must run the same Arabic recognisers."""
    import tomllib

    from pipeline import config

    version = (root / "models/relation/LATEST").read_text().strip()
    data = json.loads((root / "models/relation" / version / "metrics.json").read_text())["config"]["data"]
    trained = config.load(root / data["pipeline"], list(data["pipeline_overrides"]))["ner"]
    for name in ("default.toml", "rules-only.toml"):
        ner = tomllib.loads((root / "configs" / name).read_text())["ner"]
        assert (ner["ar_backend"], ner.get("ar_bert")) == (trained["ar_backend"], trained.get("ar_bert")), name
