"""The ANERcorp tagger (ner/ar_bert.py, ner/ar_bert_train.py) on tiny data: BIO-valid decoding,
chunking, training end to end, loading errors, and the pipeline's side (proclitics, labels)."""
import gzip
import json

import pytest
import torch

from pipeline.ner.ar_bert import TAG_ID, TAGS, CRF, Encoding, allowed_transitions

SENTS = [
    [("أعلن", "O"), ("وزير", "O"), ("الخارجية", "O"), ("كوفي", "B-PERS"), ("عنان", "I-PERS"), ("في", "O"),
     ("بيروت", "B-LOC"), ("أن", "O"), ("الأمم", "B-ORG"), ("المتحدة", "I-ORG"), ("ستقدم", "O"), ("دولار", "B-MISC")],
    [("وصل", "O"), ("عنان", "B-PERS"), ("إلى", "O"), ("لبنان", "B-LOC"), ("وسوريا", "B-LOC"), (".", "O")],
    [("قالت", "O"), ("الأمم", "B-ORG"), ("المتحدة", "I-ORG"), ("إن", "O"), ("لبنان", "B-LOC"), ("يحتاج", "O"),
     ("مساعدات", "O"), (".", "O")],
]


def _valid(tags):
    prev = "O"
    for t in tags:
        if t.startswith("I-") and prev[2:] != t[2:]:
            return False
        prev = t
    return True


def test_transition_table_forbids_exactly_the_invalid_bio():
    ok = allowed_transitions()
    assert not ok[TAG_ID["O"], TAG_ID["I-PERS"]] and not ok[TAG_ID["B-LOC"], TAG_ID["I-PERS"]]
    assert ok[TAG_ID["B-PERS"], TAG_ID["I-PERS"]] and ok[TAG_ID["I-PERS"], TAG_ID["I-PERS"]]
    assert ok[TAG_ID["I-ORG"], TAG_ID["B-ORG"]] and ok[TAG_ID["O"], TAG_ID["B-MISC"]]


def test_viterbi_never_emits_invalid_bio_even_when_scores_prefer_it():
    crf = CRF(len(TAGS))
    torch.manual_seed(0)
    for _ in range(20):
        em = torch.randn(12, len(TAGS)) * 5
        em[:, TAG_ID["I-PERS"]] += 8  # the scores alone would put I-PERS everywhere, first word included
        assert _valid([TAGS[i] for i in crf.decode(em)])


def test_crf_likelihood_is_finite_for_valid_gold_and_learns():
    crf = CRF(len(TAGS))
    em = torch.zeros(2, 4, len(TAGS), requires_grad=True)
    tags = torch.tensor([[TAG_ID["B-PERS"], TAG_ID["I-PERS"], 0, 0], [TAG_ID["B-LOC"], 0, 0, 0]])
    mask = torch.tensor([[True] * 4, [True, True, False, False]])
    loss = crf.nll(em, tags, mask)
    assert torch.isfinite(loss) and loss > 0
    loss.backward()
    assert em.grad[0, 0, TAG_ID["B-PERS"]] < 0  # raising the gold tag's score lowers the loss


def test_valid_bio_repairs_chunk_starts_and_orphans():
    from pipeline.ner.ar_bert_train import valid_bio

    tags = [TAG_ID[t] for t in ("I-PERS", "I-PERS", "O", "I-LOC", "B-ORG", "I-LOC")]
    assert [TAGS[i] for i in valid_bio(tags)] == ["B-PERS", "I-PERS", "O", "B-LOC", "B-ORG", "B-LOC"]


class _Tok:
    """A stand-in tokenizer: every word is 1-3 pieces."""

    def token_to_id(self, t):
        return {"[CLS]": 1, "[SEP]": 2, "[PAD]": 0, "[UNK]": 3}[t]


@pytest.mark.parametrize("context", [0, 3])
def test_chunks_emit_every_word_once_and_fit_the_window(context):
    enc = Encoding(_Tok(), ["<pad>", "<unk>"], max_sub=10)
    pieces = [[5] * (1 + i % 3) for i in range(40)]
    chunks = enc.chunks(pieces, context)
    emitted = [w for _, a, b, _ in chunks for w in range(a, b)]
    assert emitted == list(range(40))
    for lo, a, b, hi in chunks:
        assert lo <= a < b <= hi and sum(len(p) for p in pieces[lo:hi]) <= 10
        if context:
            assert any(lo < a or hi > b for lo, a, b, hi in chunks)


@pytest.fixture(scope="module")
def tiny_encoder(tmp_path_factory):
    from pipeline.relation.model.pretrain import main

    d = tmp_path_factory.mktemp("enc")
    corpus = d / "news.jsonl.gz"
    text = " ".join(w for s in SENTS for w, _ in s)
    with gzip.open(corpus, "wt", encoding="utf-8") as f:
        for i in range(8):
            f.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
    args = ["--out", str(d / "encoder"), "--device", "cpu", "--set", f"corpora={corpus}"]
    for s in ("hidden=32", "layers=1", "heads=2", "intermediate=64", "vocab_size=300", "max_len=64", "seq_len=32",
              "batch_size=4", "max_tokens=400", "warmup_steps=2", "threads=1", "vocab_docs=8"):
        args += ["--set", s]
    assert main(args) == 0
    return d / "encoder"


def _conll(path, sents):
    path.write_text("\n\n".join("\n".join(f"{w} {t}" for w, t in s) for s in sents) + "\n", encoding="utf-8")
    return path


def _vectors(d, words):
    from safetensors.torch import save_file

    d.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(1)
    save_file({"vectors": torch.randn(len(words), 6).half()}, str(d / "vectors.safetensors"))
    (d / "words.txt").write_text("\n".join(words), encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def trained(tiny_encoder, tmp_path_factory):
    from pipeline.ner.ar_bert_train import main

    d = tmp_path_factory.mktemp("ner")
    data = _conll(d / "train.conll", SENTS * 4)
    vec = _vectors(d / "wv", sorted({w for s in SENTS for w, _ in s}))
    out = d / "out"
    args = ["--out", str(out), "--set", f"data.train={data}", "--set", f"data.test={data}",
            "--set", "data.dev_fraction=0.25", "--set", f"model.encoder={tiny_encoder}",
            "--set", f"model.word_vectors={vec}", "--set", "model.lstm=8", "--set", "train.epochs=3",
            "--set", "train.batch_size=4", "--set", "train.threads=1", "--set", "train.device=cpu"]
    assert main(args) == 0
    return out, data, args


def test_training_writes_a_loadable_versioned_artefact_with_card(trained):
    from pipeline.ner.ar_bert import BertWordTagger

    out, _, _ = trained
    version = (out / "LATEST").read_text().strip()
    files = {p.name for p in (out / version).iterdir()}
    assert {"model.safetensors", "config.json", "tokenizer.json", "metrics.json", "MODEL_CARD.md",
            "gazetteer.json"} <= files
    metrics = json.loads((out / version / "metrics.json").read_text())
    assert set(metrics["test"]) >= {"micro", "PERS", "LOC", "ORG", "MISC"} and len(metrics["history"]) == 3
    assert "CC BY-NC-SA" in (out / version / "MODEL_CARD.md").read_text()
    tagger = BertWordTagger.load(out)
    words = [w for w, _ in SENTS[0]]
    tags = tagger.tag(words)
    assert len(tags) == len(words) and _valid(tags) and set(tags) <= set(TAGS)


def test_training_is_deterministic_for_a_seed(trained, tmp_path):
    from pipeline.ner.ar_bert_train import main

    out, _, args = trained
    again = tmp_path / "again"
    assert main([a if a != str(out) else str(again) for a in args]) == 0
    first = json.loads((out / (out / "LATEST").read_text().strip() / "metrics.json").read_text())
    second = json.loads((again / (again / "LATEST").read_text().strip() / "metrics.json").read_text())
    assert [r["loss"] for r in first["history"]] == [r["loss"] for r in second["history"]]


@pytest.mark.parametrize("name", ["model.safetensors", "config.json", "tokenizer.json", "gazetteer.json"])
def test_a_missing_or_corrupt_file_is_named(trained, tmp_path, name):
    import shutil

    from pipeline.errors import ModelError
    from pipeline.ner.ar_bert import BertWordTagger

    out, _, _ = trained
    src = out / (out / "LATEST").read_text().strip()
    for mode in ("missing", "corrupt"):
        d = tmp_path / mode
        shutil.copytree(src, d)
        if mode == "missing":
            (d / name).unlink()
        else:
            (d / name).write_text("{ not this")
        with pytest.raises(ModelError) as e:
            BertWordTagger.load(d)
        assert str(d / name) in str(e.value) and "\n" not in str(e.value)


def test_pipeline_side_joins_split_proclitics_and_maps_labels(trained, monkeypatch):
    """Entities start after a proclitic the tokenizer split off, carry the project's labels,
    and MISC is dropped."""
    from pipeline.lang.ar import tokenize
    from pipeline.ner import ar_bert
    from pipeline.ner.ar_bert import BertWordTagger

    out, _, _ = trained
    tagger = BertWordTagger.load(out)
    text = "وقالت والأمم المتحدة إن دولار"
    tokens = tokenize(text)
    assert [t.text for t in tokens][:3] == ["وقالت", "و", "الأمم"]  # "والأمم" split by the tokenizer
    monkeypatch.setattr(tagger, "tag_many", lambda sents: [["O", "B-ORG", "I-ORG", "O", "B-MISC"]])
    assert tagger.tag_many([[]])  # the stub is in place
    found = tagger.predict_sentences(text, [tokens])[0]
    assert [(e.text, e.label, e.source) for e in found] == [("الأمم المتحدة", "ORG", "ner-ar-bert")]
    monkeypatch.setattr(tagger, "tag_many", lambda sents: [["B-PERS", "O", "O", "O", "O"]])
    monkeypatch.setattr(ar_bert, "strip_proclitic", lambda w: 1 if w.startswith("و") else 0)
    found = tagger.predict_sentences(text, [tokens])[0]
    assert [(e.start, e.text, e.label) for e in found] == [(1, "قالت", "PERSON")]


def test_other_word_vectors_than_the_trained_ones_are_refused(trained, tmp_path):
    import shutil

    from pipeline.errors import ModelError
    from pipeline.ner.ar_bert import BertWordTagger

    out, _, _ = trained
    d = tmp_path / "copy"
    shutil.copytree(out / (out / "LATEST").read_text().strip(), d)
    cfg = json.loads((d / "config.json").read_text())
    assert cfg["word_vectors_sha256"]
    cfg["word_vectors_sha256"] = "0" * 64
    (d / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(ModelError, match="sha256"):
        BertWordTagger.load(d)


def test_a_sentences_tags_do_not_depend_on_its_batch(trained):
    """Padding in a batch (BERT attention, the BiLSTM) leaves each sentence's scores unchanged."""
    from pipeline.ner.ar_bert import BertWordTagger

    out, _, _ = trained
    tagger = BertWordTagger.load(out)
    short, long_ = [w for w, _ in SENTS[1]], [w for w, _ in SENTS[0]] * 3
    alone = tagger.emissions([short])[0]
    batched = tagger.emissions([long_, short])[1]
    assert torch.allclose(alone, batched, atol=1e-5)


@pytest.mark.parametrize("name", ["vectors.safetensors", "words.txt"])
def test_missing_or_corrupt_word_vectors_are_named(tmp_path, name):
    from pipeline.errors import ModelError
    from pipeline.ner.word_vectors import WordVectors

    d = _vectors(tmp_path / "wv", ["a", "b", "c"])
    assert WordVectors.load(d).index("b") == 2 and WordVectors.load(d).index("zz") == 0
    (d / name).unlink()
    with pytest.raises(ModelError, match=name):
        WordVectors.load(d)
    _vectors(d, ["a", "b", "c"])
    if name == "words.txt":
        (d / name).write_text("a\nb")  # 3 vectors, 2 words
    else:
        (d / name).write_bytes(b"\x00garbage")
    with pytest.raises(ModelError, match="vectors.safetensors"):
        WordVectors.load(d)


def test_the_tagger_reads_its_gazetteer(trained):
    """The shipped gazetteer's features reach the scores: an empty table changes them."""
    from pipeline.ner.ar_bert import BertWordTagger
    from pipeline.ner.ar_gazetteer import Gazetteer

    out, _, _ = trained
    tagger = BertWordTagger.load(out)
    assert tagger.net.gaz_dim and "عنان" in tagger.enc.gazetteer.words
    words = [w for w, _ in SENTS[0]]
    with_gaz = tagger.emissions([words])[0]
    tagger.enc.gazetteer = Gazetteer({}, {})
    assert not torch.allclose(with_gaz, tagger.emissions([words])[0])
