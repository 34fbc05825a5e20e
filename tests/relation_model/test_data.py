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
