"""The rules' decision features and the donor-candidate head."""
import math

import torch

from pipeline.relation.model import data, features as F
from pipeline.relation.model import model as M
from pipeline.relation.model.encode import IGNORE, train_tokenizer
from pipeline.relation.model.infer import ModelRelation
from pipeline.relation.rules import RuleRelation
from .conftest import build


def test_candidates_are_window_givers_with_the_rules_donor_and_fixed_width_features(tiny_docs):
    docs, _ = tiny_docs
    doc = docs[0]  # "Acme Corp pledged $5m to the Red Cross on Monday. Acme Corp reported revenue of $9m."
    d = next(x for x in RuleRelation().decisions(doc) if x.amount.text == "$5m")
    cands = F.donor_candidates(doc, d, context=1)
    texts = [m.text for m in cands]
    assert "Acme Corp" in texts and "the Red Cross" in texts
    assert d.donor is not None and any(m.start == d.donor.start for m in cands)
    feats = F.candidate_features(doc, d, cands)
    assert len(feats) == len(cands) and all(len(f) == F.N_CANDIDATE for f in feats)
    acme = feats[texts.index("Acme Corp")]
    assert acme[0] == 1.0  # the rules' donor
    assert acme[6] == 1.0  # before the amount
    assert len(F.pledge_features(doc, d)) == F.N_PLEDGE


def test_a_rules_donor_that_names_no_one_is_no_candidate():
    from pipeline.document import Mention

    text = "Acme Corp and Globex, each donated $1m to the fund."
    doc = build("t", text, "en", [("$1m", 1e6, "USD")], [("Acme Corp", "ORG")])
    d = RuleRelation().decisions(doc)[0]
    k = text.index("each")
    for junk in ("each", "Many", "Inc.", "the", "both and"):
        assert not F.name_like(Mention(k, k + len(junk), junk))
    for name in ("The group", "Acme", "3M", "the Gates Foundation"):
        assert F.name_like(Mention(0, len(name), name))
    for junk in ("the remainder", "The donation", "the first tranche"):
        assert not F.name_like(Mention(0, len(junk), junk), "en")
    for junk in ("الدفعة الأولى", "والجزء الثاني", "رعاه الله", "مبلغ 500"):
        assert not F.name_like(Mention(0, len(junk), junk), "ar")
    for name in ("المنحة التركية", "الجمعية", "المجموعة", "عبد الله العديلي", "صندوق الأمم المتحدة"):
        assert F.name_like(Mention(0, len(name), name), "ar")
    d.donor = Mention(k, k + 4, "each")
    assert [m.text for m in F.donor_candidates(doc, d, 1)] == ["Acme Corp"]
    d.donor = Mention(0, 9, "Acme Corp")
    assert [m.text for m in F.donor_candidates(doc, d, 1)] == ["Acme Corp"]


def test_donor_label_names_the_gold_donor_among_candidates(tiny_docs):
    docs, gold = tiny_docs
    tok = train_tokenizer([g.text for g in gold], vocab_size=200, min_frequency=1)
    ex, stats = data.examples(docs, gold, tok, 64, 1, features=True)
    pos = [e for e in ex if e.label == 1]
    assert pos and stats["donor_candidate"] == len(pos)
    for e in pos:
        assert e.enc.cand_label != IGNORE
        assert e.enc.cand_mentions[e.enc.cand_label].text in ("Acme Corp", "شركة النور")
    assert all(e.enc.cand_label == IGNORE for e in ex if e.label != 1)


def test_the_candidate_head_trains_and_ranks(tiny_docs):
    import pipeline.relation.model.trainer as T

    docs, gold = tiny_docs
    cfg = T.load_config(None, ["train.max_steps=30", "train.batch_size=4", "train.lr=3e-3"])
    T.set_determinism(7, torch.device("cpu"))
    tok = train_tokenizer([g.text for g in gold], vocab_size=200, min_frequency=1)
    ex, _ = data.examples(docs, gold, tok, 64, 1, features=True)
    model = M.RelationModel(M.bert_config(tok.get_vocab_size(), 32, 1, 2, 64, 64), F.N_PLEDGE, F.N_CANDIDATE)
    T.fit(model, ex, cfg, torch.device("cpu"), 7, log=lambda s: None)
    mr = ModelRelation(model, tok, {"max_len": 64, "context": 1, "roles": "rank"}, torch.device("cpu"))
    decs = mr.decisions(docs)
    five = next(d for d in decs[0] if d.amount.text == "$5m")
    assert five.donor is not None and five.donor.text == "Acme Corp"
    pos = [e for e in ex if e.label == 1]
    preds = mr.predict([e.enc for e in pos])
    for p in preds:
        assert p.cand_probs is not None and abs(sum(p.cand_probs) - 1.0) < 1e-4


def test_rank_keeps_the_rules_donor_missing_and_the_rules_recipient(tiny_docs):
    """roles = rank: the candidate head re-ranks a donor the rules found; where they
    found none it stays none (the record policy decides), and recipient = "rules"
    keeps the rules' recipient."""
    from pipeline.relation.model.encode import Encoded
    from pipeline.relation.model.infer import Prediction

    docs, _ = tiny_docs
    doc = docs[0]
    mr = ModelRelation(None, None, {"roles": "rank", "recipient": "rules"}, torch.device("cpu"))
    d = next(x for x in RuleRelation().decisions(doc) if x.amount.text == "$5m")
    cands = F.donor_candidates(doc, d, 1)
    red = next(k for k, m in enumerate(cands) if m.text == "the Red Cross")
    enc = Encoded([], [], [], 0, cand_mentions=cands, cands=[(-1, -1)] * len(cands))
    probs = [0.0] * len(cands)
    probs[red] = 1.0
    rule_recipient = d.recipient
    mr.apply(doc, d, Prediction(0.9, None, None, enc, None, probs))
    assert d.donor.text == "the Red Cross" and d.score == 0.9
    assert d.recipient is None or d.recipient == rule_recipient
    d2 = next(x for x in RuleRelation().decisions(doc) if x.amount.text == "$5m")
    d2.donor = None
    mr.apply(doc, d2, Prediction(0.9, None, None, enc, None, probs))
    assert d2.donor is None


def test_features_only_heads_give_the_same_scores_without_the_encoder(tiny_docs):
    import pipeline.relation.model.trainer as T

    docs, gold = tiny_docs
    cfg = T.load_config(None, ["train.max_steps=4", "train.batch_size=4"])
    T.set_determinism(7, torch.device("cpu"))
    tok = train_tokenizer([g.text for g in gold], vocab_size=200, min_frequency=1)
    ex, _ = data.examples(docs, gold, tok, 64, 1, features=True)
    model = M.RelationModel(M.bert_config(tok.get_vocab_size(), 32, 1, 2, 64, 64), F.N_PLEDGE, F.N_CANDIDATE,
                            candidate_text=False, pledge_text=False)
    T.fit(model, ex, cfg, torch.device("cpu"), 7, log=lambda s: None)
    meta = {"max_len": 64, "context": 1, "roles": "rank", "recipient": "rules"}
    fast = ModelRelation(model, tok, meta, torch.device("cpu"))
    full = ModelRelation(model, tok, dict(meta, recipient="model"), torch.device("cpu"))
    assert fast.features_only and not full.features_only
    encs = [e.enc for e in ex]
    for a, b in zip(fast.predict(encs), full.predict(encs)):
        assert abs(a.prob - b.prob) < 1e-5
        assert a.cand_probs == b.cand_probs or all(abs(x - y) < 1e-5 for x, y in zip(a.cand_probs, b.cand_probs))
        assert a.tag_probs is None and b.tag_probs is not None


def test_pledge_features_read_the_amount_itself():
    from tests.relation.test_rules import build

    text = "Acme Corp pledged $5m (£4m) to the Red Cross. Later it reported revenue of $9m."
    doc = build(text, "en", [("$5m", 5e6, "USD"), ("£4m", 4e6, "GBP"), ("$9m", 9e6, "USD")],
                [("Acme Corp", "ORG"), ("the Red Cross", "ORG")])
    doc.amounts[0].qualifier = "about"
    by = {d.amount.text: F.pledge_features(doc, d) for d in RuleRelation().decisions(doc)}
    magnitude, approx, up_to, bracket, neg_near, first, where, listed = by["$5m"][14:]
    assert abs(magnitude - math.log10(5e6) / 12) < 1e-9
    assert (approx, up_to, bracket, first, where, listed) == (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    assert by["£4m"][17] == 1.0 and by["£4m"][19] == 0.0  # in brackets, not the sentence's first amount
    assert by["£4m"][21] == 0.0  # after an amount: an equivalent, not a list entry
    assert by["$9m"][18] > 0.0 and by["$9m"][20] == 1.0  # "revenue" near it; the last sentence
    assert by["$5m"][18] == 0.0


def _heads_only_setup(tiny_docs, members=1, steps=12):
    import pipeline.relation.model.trainer as T

    docs, gold = tiny_docs
    cfg = T.load_config(None, ["train.max_steps=%d" % steps, "train.batch_size=4", "train.lr=3e-3",
                               "inference.roles=rank", "inference.recipient=rules"])
    T.set_determinism(7, torch.device("cpu"))
    tok = train_tokenizer([g.text for g in gold], vocab_size=200, min_frequency=1)
    ex, _ = data.examples(docs, gold, tok, 64, 1, features=True)
    model = M.RelationModel(M.bert_config(tok.get_vocab_size(), 32, 1, 2, 64, 64), F.N_PLEDGE, F.N_CANDIDATE,
                            candidate_text=False, pledge_text=False, members=members)
    return T, cfg, tok, ex, model


def test_training_skips_the_encoder_when_no_head_or_policy_reads_it(tiny_docs):
    T, cfg, _, ex, model = _heads_only_setup(tiny_docs)
    assert T.heads_only_training(model, cfg)
    bert = {k: v.clone() for k, v in model.bert.state_dict().items()}
    head = model.pledge[0].weight.detach().clone()
    info = T.fit(model, ex, cfg, torch.device("cpu"), 7, log=lambda s: None)
    assert info["heads_only"] is True
    assert all(torch.equal(bert[k], v) for k, v in model.bert.state_dict().items())  # the pre-trained weights
    assert not torch.equal(head, model.pledge[0].weight)  # the heads learned
    # a head that reads the text, or train.encoder_pass = true, trains the encoder again
    cfg["train"]["encoder_pass"] = True
    assert not T.heads_only_training(model, cfg)


def test_head_members_average_their_probabilities_and_survive_save_and_load(tiny_docs, tmp_path):
    T, cfg, tok, ex, model = _heads_only_setup(tiny_docs, members=3)
    T.fit(model, ex, cfg, torch.device("cpu"), 7, log=lambda s: None)
    assert len(model.more_pledge) == 2 and len(model.more_candidate) == 2
    from pipeline.relation.model.infer import collate

    b = collate([e.enc for e in ex[:4]], torch.device("cpu"))
    with torch.no_grad():
        outs = model.heads(b["feats"], b["cand_feats"], b["cand_mask"], combine=False)
        logits, scores = model.heads(b["feats"], b["cand_feats"], b["cand_mask"])
    probs = [torch.softmax(o[0], -1) for o in outs]
    assert not torch.allclose(probs[0], probs[1])  # members start apart
    assert torch.allclose(torch.softmax(logits, -1), torch.stack(probs).mean(0), atol=1e-6)
    cands = torch.stack([torch.softmax(o[1], -1) for o in outs]).mean(0)
    assert torch.allclose(torch.softmax(scores, -1), cands, atol=1e-5)
    meta = {"max_len": 64, "context": 1, "roles": "rank", "recipient": "rules"}
    M.save(model, tok, meta, tmp_path / "v")
    again = ModelRelation.load(str(tmp_path / "v"), "cpu")
    assert again.model.members == 3
    mr = ModelRelation(model, tok, meta, torch.device("cpu"))
    assert [p.prob for p in again.predict([e.enc for e in ex])] == [p.prob for p in mr.predict([e.enc for e in ex])]


def test_a_dateline_or_byline_is_no_donor_candidate():
    from pipeline.document import Document, Mention, Sentence

    text = ("Kuwait: $500m for Syria\n"
            "LONDON — Acme Corp gave $5m.\n"
            "مسقط (واف): تبرعت الشركة.\n"
            "Stockholm-based Vantora gave $1m.\n"
            "Qatar Islamic Bank (QIB) donated QR 1.5 mn.\n"
            "Bob Groves, Vice-President for University Relations, said so.")
    doc = Document("t", text, lang="en")
    doc.sentences = [Sentence(0, text.index("\n"), 0, 0)]

    def at(name):
        i = text.index(name)
        return Mention(i, i + len(name), name)

    assert F.dateline(doc, at("LONDON")) and F.dateline(doc, at("مسقط"))
    assert not F.dateline(doc, at("Kuwait"))  # the headline names its giver
    for name in ("Acme Corp", "Stockholm", "Qatar Islamic Bank", "Bob Groves"):
        assert not F.dateline(doc, at(name)), name


def test_donor_candidates_leave_the_dateline_out():
    text = "Acme gives\nLONDON — Acme Corp pledged $5m to the fund on Monday."
    doc = build("t", text, "en", [("$5m", 5e6, "USD")], [("LONDON", "GPE"), ("Acme Corp", "ORG")])
    d = next(x for x in RuleRelation().decisions(doc) if x.amount.text == "$5m")
    texts = [m.text for m in F.donor_candidates(doc, d, 1)]
    assert "Acme Corp" in texts and "LONDON" not in texts


def test_an_arabic_name_glued_to_a_preposition_reads_as_behind_one():
    from pipeline.document import Document, Mention

    text = "أعلنت ألمانيا تبرعها لصندوق الأمم المتحدة وللأونروا و«بنك» الطعام."
    doc = Document("t", text, lang="ar")

    def at(name):
        i = text.index(name)
        return Mention(i, i + len(name), name)

    assert F._glued_preposition(doc, at("صندوق الأمم المتحدة"))
    assert F._glued_preposition(doc, at("لأونروا"))  # "وللأونروا": the name as NER cuts it, after و + ل
    assert not F._glued_preposition(doc, at("ألمانيا"))  # a free word
    assert not F._glued_preposition(doc, at("بنك"))  # a quote, not a preposition, before it
    assert not F._glued_preposition(Document("e", "Globex", lang="en"), Mention(0, 6, "Globex"))


def test_an_entity_that_names_no_one_is_no_candidate():
    # a ruler's name followed by an invocation the NER took for a name: the invocation never competes
    text = "وقدم خادم الحرمين الشريفين - رعاه الله - 5 ملايين ريال للجمعية."
    doc = build("t", text, "ar", [("5 ملايين ريال", 5e6, "SAR")],
                [("خادم الحرمين الشريفين", "PERSON"), ("رعاه الله", "PERSON")])
    d = RuleRelation().decisions(doc)[0]
    assert "رعاه الله" not in [m.text for m in F.donor_candidates(doc, d, 1)]
    assert "خادم الحرمين الشريفين" in [m.text for m in F.donor_candidates(doc, d, 1)]


def test_an_arabic_candidate_after_a_verb_of_saying_is_marked_as_the_speaker():
    text = "وأوضح رئيس الجمعية حامد الفقيه أن جمعية البر وزعت 500 ألف ريال على الأسر."
    doc = build("t", text, "ar", [("500 ألف ريال", 5e5, "SAR")], [("حامد الفقيه", "PERSON"), ("جمعية البر", "ORG")])
    d = RuleRelation().decisions(doc)[0]
    cands = F.donor_candidates(doc, d, 1)
    feats = {m.text: f for m, f in zip(cands, F.candidate_features(doc, d, cands))}
    assert feats["حامد الفقيه"][-2:] == [1.0, 0.0]  # its clause opens with "وأوضح"
    assert feats["جمعية البر"][-2:] == [0.0, 0.0]  # "أن" opens the reported clause: no verb of saying


def test_an_amount_in_brackets_after_a_giver_name_is_a_list_entry_not_an_equivalent():
    text = "The list also includes Absa Bank (Sh50 million), Devki Group (Sh20 million). It owes $48bn (£25.5bn)."
    doc = build("t", text, "en", [("Sh50 million", 5e7, "KES"), ("Sh20 million", 2e7, "KES"), ("$48bn", 4.8e10, "USD"),
                                  ("£25.5bn", 2.55e10, "GBP")],
                [("Absa Bank", "ORG"), ("Devki Group", "ORG")])
    by_text = {d.amount.text: d for d in RuleRelation().decisions(doc)}
    flag = {t: F.pledge_features(doc, d)[-1] for t, d in by_text.items()}
    assert flag == {"Sh50 million": 1.0, "Sh20 million": 1.0, "$48bn": 0.0, "£25.5bn": 0.0}
    assert F.pledge_features(doc, by_text["£25.5bn"])[17] == 1.0  # the stated equivalent keeps the bracket feature


def test_a_model_trained_on_other_feature_columns_stops_with_one_line(tiny_model):
    import pytest

    from pipeline.errors import ModelError

    mr, _, _ = tiny_model
    mr.model.n_pledge = F.N_PLEDGE - 1
    with pytest.raises(ModelError, match="pledge features; this version computes"):
        ModelRelation(mr.model, mr.tokenizer, dict(mr.meta, path="models/relation/x"), mr.device)
