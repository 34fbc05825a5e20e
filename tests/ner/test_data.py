"""The training-data generator and the hand-annotated sentences."""
from pipeline.lang.ar import tokenize
from pipeline.ner import ar_data
from pipeline.ner.ar_data import Filler, Generator, attach, generate
from pipeline.ner.ar_model import spans_to_tags


def test_generator_is_deterministic_given_a_seed():
    assert generate(40, "train", 7) == generate(40, "train", 7)
    assert generate(40, "train", 7) != generate(40, "train", 8)
    assert generate(40, "heldout", 7) != generate(40, "train", 7)


def test_generated_spans_sit_on_tokens_without_clitics():
    for s in generate(300, "train", 3) + generate(100, "heldout", 3):
        toks = tokenize(s["text"])
        assert spans_to_tags(toks, s["entities"]) is not None, s
        for a, b, label in s["entities"]:
            assert label in {"PERSON", "ORG", "GPE"}
            assert s["text"][a:b].strip() == s["text"][a:b] and a < b
            assert not any(t.is_clitic and t.start <= a < t.end for t in toks)


def test_attach_contracts_lam_and_article():
    f = attach("ل", Filler.entity("الصليب الأحمر", "ORG"))
    assert f.text == "للصليب الأحمر" and f.text[f.spans[0][0]:f.spans[0][1]] == "لصليب الأحمر"
    g = attach("و", Filler.entity("مؤسسة قطر", "ORG"))
    assert g.text[g.spans[0][0]:g.spans[0][1]] == "مؤسسة قطر"
    titled = attach("ل", Filler("الشيخ").then(Filler.entity("سالم الكعبي", "PERSON")))
    assert titled.text == "للشيخ سالم الكعبي"
    assert titled.text[titled.spans[0][0]:titled.spans[0][1]] == "سالم الكعبي"


def test_train_and_heldout_fillers_are_disjoint():
    import random

    tr, ho = Generator("train", random.Random(0)), Generator("heldout", random.Random(0))
    for attr in ("family", "countries", "cities", "templates"):
        assert not set(getattr(tr, attr)) & set(getattr(ho, attr)), attr
    assert not set(tr.first["m"]) & set(ho.first["m"])
    assert not set(tr.org_parts["known"]) & set(ho.org_parts["known"])


def test_annotated_sentences():
    rows = ar_data.annotated()
    assert len(rows) >= 150
    train, heldout = ar_data.annotated("train"), ar_data.annotated("heldout")
    assert heldout and len(train) + len(heldout) == len(rows)
    for r in rows:
        toks = tokenize(r["text"])
        assert spans_to_tags(toks, r["entities"]) is not None, r["text"]


def test_build_is_deterministic():
    cfg = {"n_train": 30, "n_heldout": 10, "annotated_repeat": 1}
    assert ar_data.build(cfg, 5) == ar_data.build(cfg, 5)
