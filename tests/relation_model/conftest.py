"""A tiny relation model trained for two steps on hand-built documents (no
stage models loaded: amounts and entities are given)."""
import pytest

from pipeline.document import Amount, Document, Entity
from pipeline.stages.tokenize import TokenizeStage

TEXTS = [
    ("Acme Corp pledged $5m to the Red Cross on Monday. Acme Corp reported revenue of $9m.", "en",
     [("$5m", 5e6, "USD"), ("$9m", 9e6, "USD")], [("Acme Corp", "ORG"), ("the Red Cross", "ORG")],
     [{"donor": "Acme Corp", "recipient": "the Red Cross", "amount": {"value": 5e6, "currency": "USD"},
       "evidence": {"start": 0, "end": 49}}]),
    ("تبرعت شركة النور بمبلغ 5 ملايين دولار لصالح الهلال الأحمر.", "ar",
     [("5 ملايين دولار", 5e6, "USD")], [("شركة النور", "ORG"), ("الهلال الأحمر", "ORG")],
     [{"donor": "شركة النور", "recipient": "الهلال الأحمر", "amount": {"value": 5e6, "currency": "USD"}}]),
]


def build(doc_id, text, lang, amounts, entities):
    doc = Document(doc_id, text, lang=lang)
    TokenizeStage()(doc)
    for surface, value, cur in amounts:
        i = text.index(surface)
        doc.amounts.append(Amount(i, i + len(surface), surface, value, cur))
    for surface, label in entities:
        i = text.index(surface)
        doc.entities.append(Entity(i, i + len(surface), surface, label))
    return doc


@pytest.fixture()
def tiny_docs():
    from pipeline.relation.model.data import GoldDoc

    docs, gold = [], []
    for n, (text, lang, amounts, ents, recs) in enumerate(TEXTS):
        doc_id = f"t{n}"
        docs.append(build(doc_id, text, lang, amounts, ents))
        gold.append(GoldDoc(doc_id, lang, text, [dict(r, doc_id=doc_id) for r in recs], "test", "handwritten"))
    return docs, gold


TINY = {"vocab_size": 200, "hidden": 32, "layers": 1, "heads": 2, "intermediate": 64, "max_len": 64,
        "context": 1, "dropout": 0.1}


@pytest.fixture()
def tiny_model(tiny_docs):
    """(ModelRelation, docs, gold) after two training steps on CPU."""
    import torch

    from pipeline.relation.model import data, trainer
    from pipeline.relation.model import model as M
    from pipeline.relation.model.encode import train_tokenizer
    from pipeline.relation.model.infer import ModelRelation

    docs, gold = tiny_docs
    cfg = trainer.load_config(None, ["train.max_steps=2", "train.batch_size=2", "train.max_minutes=0"])
    cfg["model"].update(TINY)
    trainer.set_determinism(7, torch.device("cpu"))
    tok = train_tokenizer([g.text for g in gold], vocab_size=TINY["vocab_size"], min_frequency=1)
    ex, _ = data.examples(docs, gold, tok, TINY["max_len"], TINY["context"])
    model = M.RelationModel(M.bert_config(tok.get_vocab_size(), 32, 1, 2, 64, 64))
    info = trainer.fit(model, ex, cfg, torch.device("cpu"), 7, log=lambda s: None)
    assert info["steps"] == 2
    meta = {"max_len": 64, "context": 1, "threshold": 0.5}
    return ModelRelation(model, tok, meta, torch.device("cpu")), docs, gold
