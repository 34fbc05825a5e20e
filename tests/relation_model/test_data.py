"""Alignment of gold records to found amounts, and role spans."""
from pipeline.relation.model import data
from pipeline.relation.model.encode import IGNORE

from .conftest import build


def test_align_positive_negative_and_repeat():
    text = "Acme Corp pledged $5m to the Red Cross. Acme Corp made $9m in profit. The $5m gift was welcomed."
    doc = build("d", text, "en", [("$5m", 5e6, "USD"), ("$9m", 9e6, "USD"), ("$5m gift", 5e6, "USD")],
                [("Acme Corp", "ORG"), ("the Red Cross", "ORG")])
    doc.amounts.sort(key=lambda a: a.start)
    rec = {"donor": "Acme Corp", "recipient": "the Red Cross", "amount": {"value": 5e6, "currency": "USD"},
           "evidence": {"start": 0, "end": 39}}
    aligned, missed = data.align(doc, [rec])
    assert missed == 0
    assert [(a.text, r is not None, ign) for a, r, ign in aligned] == [
        ("$5m", True, False), ("$9m", False, False), ("$5m gift", False, True)]
    donor, recipient = data.role_spans(doc, rec, doc.amounts[0], context=1)
    assert text[donor[0]:donor[1]] == "Acme Corp" and text[recipient[0]:recipient[1]] == "the Red Cross"


def test_examples_have_labels_and_tags(tiny_docs):
    from pipeline.relation.model.encode import TAGS, train_tokenizer

    docs, gold = tiny_docs
    tok = train_tokenizer([g.text for g in gold], vocab_size=200, min_frequency=1)
    ex, stats = data.examples(docs, gold, tok, 64, 1)
    assert stats["unaligned"] == 0 and stats["positives"] == 2 and stats["negatives"] == 1
    pos = [e for e in ex if e.label == 1]
    for e in pos:
        assert TAGS.index("B-DON") in e.enc.tags and TAGS.index("B-REC") in e.enc.tags
    assert all(e.label in (0, 1, IGNORE) for e in ex)


def test_collect_names_a_real_set_that_matches_nothing(tmp_path):
    import pytest

    from pipeline.errors import ConfigError
    from pipeline.relation.model import trainer

    cfg = trainer.load_config(None, [f'data.real=["{tmp_path}/nowhere/*/gold.jsonl"]', 'data.handwritten=""'])
    with pytest.raises(ConfigError, match="nowhere"):
        trainer.collect(cfg, log=lambda s: None)


def test_collect_refuses_a_document_id_twice(tmp_path):
    import json

    import pytest

    from pipeline.errors import ConfigError
    from pipeline.relation.model import trainer

    for name in ("a", "b"):
        (tmp_path / name / "docs").mkdir(parents=True)
        (tmp_path / name / "docs" / "d1.txt").write_text("Acme gave $5m.", encoding="utf-8")
        (tmp_path / name / "gold.jsonl").write_text(json.dumps({"doc_id": "d1", "lang": "en", "pledges": 0}) + "\n")
    cfg = trainer.load_config(None, [f'data.real=["{tmp_path}/*/gold.jsonl"]', 'data.handwritten=""'])
    with pytest.raises(ConfigError, match="d1"):
        trainer.collect(cfg, log=lambda s: None)


def _corpus_setup(tmp_path, ids=("c1", "c2"), gold_ids=("c1",)):
    import gzip
    import json

    with gzip.open(tmp_path / "news.jsonl.gz", "wt", encoding="utf-8") as f:
        for i in ids:
            f.write(json.dumps({"id": i, "source": "t", "url": None, "text": f"Acme gave $5m to {i}."}) + "\n")
    rec = {"lang": "en", "donor": "Acme", "donor_aliases": ["Acme"], "recipient": None, "recipient_aliases": [],
           "purpose": None, "amount": {"value": 5e6, "currency": "USD", "text": "$5m", "approximate": False,
                                       "qualifier": "exact"}, "in_kind": None, "usd_equivalent": None,
           "evidence": {"start": 0, "end": 19}}
    (tmp_path / "corpus.jsonl").write_text("".join(json.dumps(dict(rec, doc_id=i)) + "\n" for i in gold_ids),
                                           encoding="utf-8")
    return [f'data.corpus={tmp_path}/corpus.jsonl', f'data.corpus_texts=["{tmp_path}/*.jsonl.gz"]']


def test_corpus_annotations_read_their_texts_from_the_corpus_and_only_train(tmp_path, monkeypatch):
    from pipeline.relation.model import trainer

    (tmp_path / "real" / "docs").mkdir(parents=True)
    (tmp_path / "real" / "docs" / "r1.txt").write_text("Zeta gave $1m.", encoding="utf-8")
    (tmp_path / "real" / "gold.jsonl").write_text('{"doc_id": "r1", "lang": "en", "pledges": 0}\n')
    cfg = trainer.load_config(None, [f'data.real=["{tmp_path}/real/gold.jsonl"]', 'data.handwritten=""']
                              + _corpus_setup(tmp_path))
    real, extra = trainer.collect(cfg, log=lambda s: None)
    assert [g.doc_id for g in real] == ["r1"]  # the cross-validation scores only these
    assert [(g.doc_id, g.group, g.text, len(g.records)) for g in extra] == [("c1", "corpus", "Acme gave $5m to c1.", 1)]


def test_corpus_annotation_without_its_article_names_it(tmp_path):
    import pytest

    from pipeline.errors import ConfigError
    from pipeline.relation.model import trainer

    sets = _corpus_setup(tmp_path, ids=("c1",), gold_ids=("c1", "gone"))
    cfg = trainer.load_config(None, ["data.real=[]", 'data.handwritten=""'] + sets)
    with pytest.raises(ConfigError, match="gone"):
        trainer.collect(cfg, log=lambda s: None)
    cfg = trainer.load_config(None, ['data.real=[]', 'data.handwritten=""', f'data.corpus={tmp_path}/corpus.jsonl',
                                     f'data.corpus_texts=["{tmp_path}/none/*.gz"]'])
    with pytest.raises(ConfigError, match="corpus_texts"):
        trainer.collect(cfg, log=lambda s: None)


def test_bad_learning_curve_and_corpus_settings_name_their_key():
    import pytest

    from pipeline.errors import ConfigError
    from pipeline.relation.model import trainer

    for bad, key in (("cv.train_fraction=0", "cv.train_fraction"), ("cv.train_fraction=abc", "cv.train_fraction"),
                     ("data.corpus_heads=pledge", "data.corpus_heads")):
        with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
            trainer.load_config(None, [bad])


def test_train_fraction_keeps_a_stable_share_of_documents():
    from pipeline.relation.model import cv

    ids = [f"doc-{i}" for i in range(2000)]
    half = [i for i in ids if cv.kept(i, 0.5)]
    assert 900 < len(half) < 1100
    assert half == [i for i in ids if cv.kept(i, 0.5)]  # the same documents every run
    assert set(half) <= {i for i in ids if cv.kept(i, 0.75)}  # a larger share keeps the smaller one's
    assert all(cv.kept(i, 1.0) for i in ids)


def test_the_project_corpus_annotations_point_into_their_articles(root, shared):
    """Every record of pipeline/resources/relation_corpus names an article of the unlabelled corpus;
    its giver is written in that article and its amount, as written, in its evidence sentence."""
    import json

    from pipeline.relation.model import data

    path = root / "pipeline" / "resources" / "relation_corpus" / "gold.jsonl"
    recs = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    texts = data.corpus_texts(sorted((shared / "corpus" / "unlabelled").glob("*.jsonl.gz")), {r["doc_id"] for r in recs})
    assert len(texts) == len({r["doc_id"] for r in recs})
    for r in recs:
        t = texts[r["doc_id"]]
        ev = t[r["evidence"]["start"]:r["evidence"]["end"]]
        assert r["donor"] in t and r["donor"] in r["donor_aliases"]
        assert (r["amount"] or {}).get("text", "") in ev
        assert (r["amount"] is None) != (r["in_kind"] is None)
