"""The Arabic NER model: tagging helpers, save/load, errors, a tiny training run,
and the shipped artefact."""
import json
import pathlib

import pytest
import torch

from pipeline.errors import ModelError
from pipeline.lang.ar import tokenize
from pipeline.ner.ar_model import (TAGS, ArabicNER, Encoder, TaggerNet, spans_to_tags, tags_to_entities,
                                   viterbi)

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "models" / "ner-ar-gen"
SMALL_NET = {"word_dim": 8, "char_dim": 8, "char_filters": 8, "hidden": 8, "dropout": 0.0, "encoder": "cnn"}


def test_tags_round_trip_with_glued_clitic():
    text = "تبرع لمؤسسة الخير للتنمية في قطر"
    toks = tokenize(text)
    a = text.index("مؤسسة")
    spans = [(a, text.index(" في"), "ORG"), (text.index("قطر"), len(text), "GPE")]
    tags = spans_to_tags(toks, spans)
    assert tags[1] == "B1-ORG"  # "لمؤسسة": one glued proclitic character
    got = [(e.start, e.end, e.label) for e in tags_to_entities(text, toks, tags)]
    assert got == spans


def test_viterbi_respects_bio():
    logp = torch.log_softmax(torch.randn(12, len(TAGS)), -1)
    path = [TAGS[i] for i in viterbi(logp)]
    for prev, cur in zip(["O"] + path, path):
        if cur.startswith("I-"):
            assert prev != "O" and prev.split("-", 1)[1] == cur[2:]


def _untrained(tmp_path: pathlib.Path) -> ArabicNER:
    torch.manual_seed(0)
    enc = Encoder(["<pad>", "<unk>", "مؤسسة", "الخير"], ["<pad>", "<unk>"] + list("<>مؤسةالخير"))
    net = TaggerNet(len(enc.words), len(enc.chars), **SMALL_NET)
    ner = ArabicNER(net, enc, {"net": SMALL_NET, "words": enc.words, "chars": enc.chars, "combine": "model"})
    ner.save(tmp_path)
    return ner


def test_save_and_load_give_identical_predictions(tmp_path):
    ner = _untrained(tmp_path)
    back = ArabicNER.load(tmp_path)
    text = "أعلنت مؤسسة الخير للتنمية عن تبرع بقيمة مليون دولار لمصر. وقال الشيخ سالم إن"
    toks = tokenize(text)
    with torch.no_grad():
        x = ner.encoder.batch([ner.encoder.encode(toks, text)])
        assert torch.equal(ner.net(*x), back.net(*x))
    assert ner.predict(text, toks) == back.predict(text, toks)
    assert back.predict("", []) == []


def test_missing_model_raises_model_error(tmp_path):
    with pytest.raises(ModelError) as err:
        ArabicNER.load(tmp_path / "nowhere")
    assert "make train-ner" in str(err.value) and "config.json" in str(err.value)


def test_corrupt_weights_raise_model_error(tmp_path):
    _untrained(tmp_path)
    (tmp_path / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(ModelError) as err:
        ArabicNER.load(tmp_path)
    assert "model.safetensors" in str(err.value) and "make train-ner" in str(err.value)


def test_corrupt_config_raises_model_error(tmp_path):
    _untrained(tmp_path)
    (tmp_path / "config.json").write_text("{ broken", encoding="utf-8")
    with pytest.raises(ModelError, match="config.json"):
        ArabicNER.load(tmp_path)
    (tmp_path / "config.json").write_text(json.dumps({"net": SMALL_NET}), encoding="utf-8")
    with pytest.raises(ModelError):
        ArabicNER.load(tmp_path)


def test_tiny_training_run_is_reproducible(tmp_path):
    from pipeline.ner.ar_train import main, train

    cfg = {"n_train": 40, "n_heldout": 15, "annotated_repeat": 0, "swap_variants": 0, "epochs": 1,
           "batch_size": 16, "net": SMALL_NET}
    m1 = train(cfg, tmp_path / "a", seed=3)
    m2 = train(cfg, tmp_path / "b", seed=3)
    assert m1["heldout"] == m2["heldout"] and m1["sha256"] == m2["sha256"]
    assert set(m1["heldout"]) == {"generated", "annotated"}
    assert {"model", "patterns", "union", "patterns_first"} <= set(m1["heldout"]["generated"])
    assert "overall" in m1["heldout"]["generated"]["model"]
    ner = ArabicNER.load(tmp_path / "a")
    text = "وتبرعت مؤسسة الأمل للتنمية بمليون دولار"
    assert ner.predict(text, tokenize(text)) == ArabicNER.load(tmp_path / "b").predict(text, tokenize(text))
    sets = ["n_train=20", "n_heldout=5", "epochs=1", "annotated_repeat=0", "swap_variants=0",
            "net=" + json.dumps(SMALL_NET)]
    assert main(["--out", str(tmp_path / "c"), "--seed", "3"] + [x for s in sets for x in ("--set", s)]) == 0
    assert (tmp_path / "c" / "metrics.json").is_file()


def test_shipped_model_finds_an_organisation():
    ner = ArabicNER.load(SHIPPED)
    text = "أعلنت مؤسسة الخير للتنمية عن تبرع بقيمة مليون دولار"
    found = ner.predict(text, tokenize(text))
    assert ("مؤسسة الخير للتنمية", "ORG") in [(e.text, e.label) for e in found]
    model_only = ner.predict(text, tokenize(text), combine="model")
    assert any(e.label == "ORG" and e.source == "model" for e in model_only)


def test_shipped_model_card_and_metrics():
    metrics = json.loads((SHIPPED / "metrics.json").read_text(encoding="utf-8"))
    card = (SHIPPED / "MODEL_CARD.md").read_text(encoding="utf-8")
    for name, digest in metrics["sha256"].items():
        assert digest in card
        import hashlib

        assert hashlib.sha256((SHIPPED / name).read_bytes()).hexdigest() == digest
    assert sum(p.stat().st_size for p in SHIPPED.iterdir()) < 20 * 2 ** 20
