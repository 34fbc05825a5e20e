"""The Arabic NER feature CRF (pipeline/ner/ar_crf.py): clusters, features, a tiny
training run end to end, the pipeline's entities, and one-line errors for bad artefacts."""
import json
import types

import pytest
import torch

from pipeline.errors import ModelError
from pipeline.ner import ar_crf as C

SENTS = [
    [("زار", "O"), ("محمد", "B-PERS"), ("علي", "I-PERS"), ("القاهرة", "B-LOC"), ("أمس", "O")],
    [("قال", "O"), ("أحمد", "B-PERS"), ("إن", "O"), ("دمشق", "B-LOC"), ("جميلة", "O")],
    [("وصل", "O"), ("محمد", "B-PERS"), ("إلى", "O"), ("بغداد", "B-LOC")],
    [("أعلنت", "O"), ("الأمم", "B-ORG"), ("المتحدة", "I-ORG"), ("عن", "O"), ("خطة", "O")],
] * 3


def _conll(path, sents):
    path.write_text("\n\n".join("\n".join(f"{w} {t}" for w, t in s) for s in sents) + "\n", encoding="utf-8")
    return path


def _vectors(d):
    from safetensors.torch import save_file

    words = ["محمد", "أحمد", "علي", "القاهرة", "دمشق", "بغداد", "زار", "قال", "وصل", "أمس"]
    g = torch.Generator().manual_seed(0)
    names, places = torch.randn(1, 8, generator=g), torch.randn(1, 8, generator=g)
    rows = [names + 0.01 * torch.randn(1, 8, generator=g) if i < 3 else
            places + 0.01 * torch.randn(1, 8, generator=g) if i < 6 else torch.randn(1, 8, generator=g)
            for i in range(len(words))]
    d.mkdir()
    save_file({"vectors": torch.cat(rows)}, str(d / "vectors.safetensors"))
    (d / "words.txt").write_text("\n".join(words), encoding="utf-8")
    return d


def test_kmeans_is_deterministic_and_groups_near_vectors():
    g = torch.Generator().manual_seed(1)
    a, b = torch.randn(1, 6, generator=g), torch.randn(1, 6, generator=g)
    x = torch.cat([a + 0.01 * torch.randn(20, 6, generator=g), b + 0.01 * torch.randn(20, 6, generator=g)])
    ids = C.kmeans(x, 2, seed=3)
    assert ids == C.kmeans(x, 2, seed=3)
    assert len(set(ids[:20])) == 1 and len(set(ids[20:])) == 1 and ids[0] != ids[20]


def test_features_read_the_word_its_neighbours_clusters_and_gazetteer():
    words = ["والقاهرة", "مدينة", "كبيرة"]
    gaz = torch.tensor([[0.0, 0.5], [0.0, 0.0], [1.0, 0.0]])
    f = C.features(words, gaz, {"مدينة": [3, 7]})
    assert f[1]["c128=3"] == 1.0 and f[1]["c512=7"] == 1.0 and f[0]["c128=unk"] == 1.0
    assert f[0]["w1=مدينه"] == 1.0 and f[0]["w-1=<s>"] == 1.0 and f[2]["w-2=والقاهره"] == 1.0
    assert f[0]["s=قاهره"] == 1.0  # the proclitic-stripped form, as the gazetteer keys it
    assert f[0]["g1"] == 0.5 and f[1]["g-1_1"] == 0.5 and f[1]["g1_0"] == 1.0 and "g0" not in f[0]
    assert f[0]["c5121=7"] == 1.0 and f[2]["c512-1=7"] == 1.0  # the next / previous word's cluster


@pytest.fixture(scope="module")
def tiny_crf(tmp_path_factory):
    d = tmp_path_factory.mktemp("crf")
    train = _conll(d / "train.conll", SENTS)
    vdir = C.train(str(train), str(train), str(d / "out"), str(_vectors(d / "vec")), iterations=60, folds=2,
                   log=lambda s: None)
    return vdir


def test_training_writes_a_loadable_version_that_learns_its_data(tiny_crf):
    assert (tiny_crf.parent / "LATEST").read_text().strip() == tiny_crf.name
    cfg = json.loads((tiny_crf / "config.json").read_text())
    assert cfg["kind"] == "ner-ar-crf" and cfg["test"]["scores"]["micro"]["f1"] > 0.9
    assert "ANERcorp" in (tiny_crf / "MODEL_CARD.md").read_text()
    tagger = C.CrfWordTagger.load(tiny_crf.parent)  # through LATEST
    assert tagger.tag([w for w, _ in SENTS[0]]) == [t for _, t in SENTS[0]]
    assert tagger.tag([]) == []


def test_predict_many_gives_project_entities_after_a_proclitic(tiny_crf):
    from pipeline.lang.ar import tokenize

    tagger = C.CrfWordTagger.load(tiny_crf)
    text = "زار محمد علي والقاهرة أمس"
    [ents] = tagger.predict_many([(text, tokenize(text))])
    got = {(e.text, e.label) for e in ents}
    assert ("محمد علي", "PERSON") in got
    assert all(e.source == "ner-ar-crf" and text[e.start:e.end] == e.text for e in ents)


def test_the_stage_and_eval_ner_run_the_crf_backend(tiny_crf):
    from pipeline.document import Document
    from pipeline.ner.word_tagger import word_tagger_for
    from pipeline.stages.ner import NerStage
    from pipeline.stages.tokenize import TokenizeStage

    assert word_tagger_for("crf", {"ar_crf": str(tiny_crf)}).tag(["قال", "أحمد"])[1] == "B-PERS"
    stage = NerStage(ar_backend="crf", ar_crf=str(tiny_crf), parse=False, scope="all")
    stage.setup()
    doc = Document("d", "زار محمد علي القاهرة أمس.", lang="ar")
    TokenizeStage()(doc)
    stage.process_batch([doc])
    assert any(e.text == "محمد علي" and e.label == "PERSON" for e in doc.entities)


@pytest.mark.parametrize("breakage,named", [("missing", "crf.model"), ("altered", "crf.model"),
                                            ("kind", "config.json"), ("clusters", "clusters.json")])
def test_a_bad_artefact_stops_with_one_line_naming_the_file(tiny_crf, tmp_path, breakage, named):
    import shutil

    d = tmp_path / "v"
    shutil.copytree(tiny_crf, d)
    if breakage == "missing":
        (d / "crf.model").unlink()
    elif breakage == "altered":
        with open(d / "crf.model", "ab") as f:
            f.write(b"x")
    elif breakage == "kind":
        (d / "config.json").write_text(json.dumps({"kind": "ner-ar-bert"}))
    else:
        (d / "clusters.json").write_text("{not json")
    with pytest.raises(ModelError) as e:
        C.CrfWordTagger.load(d)
    assert str(d / named) in str(e.value) and "\n" not in str(e.value)


@pytest.mark.slow
def test_the_shipped_crf_scores_what_its_config_records(root, shared):
    """The shipped CRF, loaded as the pipeline loads it, gives the ANERcorp test figures its card states."""
    from pipeline.ner.conll import read_conll, rounded, score

    tagger = C.CrfWordTagger.load(root / "models/ner-ar-crf")
    test = read_conll(shared / "ner-ar/anercorp.test.conll")
    got = rounded(score([[t for _, t in s] for s in test], tagger.tag_many([[w for w, _ in s] for s in test])))
    assert got["micro"] == tagger.config["test"]["scores"]["micro"]
    assert got["micro"]["f1"] > 0.65


class _FlatBert:
    """A stand-in BERT tagger with no opinion (equal scores for every tag) and the real BIO decoder."""

    def __init__(self):
        from pipeline.ner.ar_bert import CRF, TAGS

        self.net = types.SimpleNamespace(crf=CRF(len(TAGS)))
        self.seen = []

    def emissions(self, sentences):
        self.seen.append(sentences)
        return [torch.zeros(len(w), 9) for w in sentences]


def test_the_joint_tagger_decodes_the_product_of_both_taggers(tiny_crf):
    from pipeline.ner.ar_bert import TAGS

    crf = C.CrfWordTagger.load(tiny_crf)
    joint = C.JointWordTagger(_FlatBert(), crf)
    words = [w for w, _ in SENTS[1]]
    m = joint.marginals(words)
    assert m.shape == (len(words), len(TAGS)) and torch.allclose(m.sum(1), torch.ones(len(words)), atol=1e-4)
    # with a flat BERT the product is the CRF's own verdict, decoded as valid BIO
    assert joint.tag(words) == [t for _, t in SENTS[1]]
    # and BERT's scores count: a strong vote for O everywhere wins over the CRF
    joint.bert.emissions = lambda sents: [torch.tensor([[50.0] + [0.0] * 8] * len(w)) for w in sents]
    assert joint.tag(words) == ["O"] * len(words)
    assert joint.tag_many([[], words[:1]])[0] == []


def test_the_stage_shares_the_taggers_between_crf_and_joint(tiny_crf, monkeypatch):
    from pipeline.ner import ar_bert
    from pipeline.stages.ner import NerStage

    loads = []
    monkeypatch.setattr(ar_bert.BertWordTagger, "load", classmethod(lambda cls, path: loads.append(path) or _FlatBert()))
    stage = NerStage(ar_backend="crf+joint+bert", ar_crf=str(tiny_crf), parse=False)
    stage.setup()
    assert loads == ["models/ner-ar"]  # one BERT tagger for "bert" and "joint"
    assert stage._joint.bert is stage._bert and stage._joint.crf is stage._crf


def _joint_with(marginals, **kw):
    """A joint tagger over a flat BERT whose CRF marginals are given per word."""
    from pipeline.ner.ar_bert import TAGS

    joint = C.JointWordTagger(_FlatBert(), None, **kw)

    def rows(words):
        out = []
        for w in words:
            p = dict(marginals.get(w, {"O": 0.99}))
            rest = (1.0 - sum(p.values())) / (len(TAGS) - len(p))
            out.append([p.get(t, rest) for t in TAGS])
        return torch.tensor(out)

    joint.marginals = rows
    return joint


def test_the_o_penalty_lets_a_near_entity_through():
    unsure = {"فلان": {"O": 0.5, "B-PERS": 0.4}}
    words = ["زار", "فلان"]
    assert _joint_with(unsure).tag(words) == ["O", "O"]
    assert _joint_with(unsure, o_penalty=1.5).tag(words) == ["O", "B-PERS"]
    assert _joint_with({"زار": {"O": 0.99}}, o_penalty=1.5).tag(words) == ["O", "O"]  # sure words stay O


def test_the_window_copies_an_entity_within_one_document_only():
    sure, unseen = _joint_with({"فلان": {"O": 0.2, "B-PERS": 0.7}}), _joint_with({})
    joint = _joint_with({})
    # the CRF is sure of the name in the first sentence only
    joint.marginals = lambda words: (sure if words[0] == "زار" else unseen).marginals(words)
    sents = [["زار", "فلان"], ["قال", "فلان"]]
    assert joint.tag_many(sents) == [["O", "B-PERS"], ["O", "O"]]
    joint.window = 30
    assert joint.tag_many(sents) == [["O", "B-PERS"], ["O", "B-PERS"]]
    assert joint.tag_many(sents, groups=[1, 2]) == [["O", "B-PERS"], ["O", "O"]]


def test_predict_many_reads_each_text_as_one_document():
    from pipeline.lang.ar import tokenize

    joint = _joint_with({}, window=30)
    seen = []
    joint.tag_many = lambda sentences, groups=None: seen.append(groups) or [["O"] * len(s) for s in sentences]
    a, b = "زار فلان", "قال فلان"
    joint.predict_many([(a, tokenize(a)), (a, tokenize(a)), (b, tokenize(b))])
    (groups,) = seen
    assert groups[0] == groups[1] != groups[2]


@pytest.mark.parametrize("key,value", [("ar_joint_o_penalty", -1), ("ar_joint_o_penalty", "high"),
                                       ("ar_joint_window", 2.5), ("ar_joint_window", -3), ("ar_joint_window", True)])
def test_bad_joint_settings_stop_with_the_key_named(key, value):
    from pipeline.errors import ConfigError
    from pipeline.ner.word_tagger import joint_settings
    from pipeline.stages.ner import NerStage

    with pytest.raises(ConfigError, match=key):
        joint_settings({key: value})
    with pytest.raises(ConfigError, match=key):
        NerStage(ar_backend="joint", **{key: value})
    assert joint_settings({}) == (1.5, 30)
