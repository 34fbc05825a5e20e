"""The linear heads (pipeline/relation/model/linear_head.py): their terms, the fits'
optimality and determinism, save / load, and the trainer's settings."""
import pytest
import torch

from pipeline.document import Document, Mention
from pipeline.errors import ConfigError, ModelError
from pipeline.relation.model import features as F
from pipeline.relation.model import linear_head as LH
from pipeline.relation.model import model as M
from pipeline.relation.model.infer import ModelRelation


def _doc(text: str, lang: str = "en") -> Document:
    from pipeline.stages.tokenize import TokenizeStage

    doc = Document("d", text, lang=lang)
    TokenizeStage()(doc)
    return doc


def test_context_terms_read_the_amounts_sentence_and_the_one_before():
    text = "Fans raised money. Acme Corp will give $5m to the Red Cross in 2024."
    doc = _doc(text)
    sent = doc.sentence_at(text.index("$5m"))
    i = text.index("$5m")
    terms = LH.context_terms(doc, sent, i, i + 3)
    assert {"L:acme", "L:give", "L3:will", "L3:give", "R:red", "R3:to", "R:0"} <= set(terms)
    assert "L3:acme" not in terms  # only the three nearest words again
    assert terms["P:fans"] == LH.PREV_WEIGHT and terms["L:give"] == 1.0
    assert not any(k.startswith("L:") and k.endswith("fans") for k in terms)
    assert terms["H:fans"] == LH.HEAD_WEIGHT and terms["H:raised"] == LH.HEAD_WEIGHT  # the first sentence
    assert "H:acme" not in terms


def test_context_terms_read_the_headline_from_any_sentence():
    text = "Budget 2024 unveiled. Analysts met on Monday. The ministry set aside $5m for schools."
    doc = _doc(text)
    i = text.index("$5m")
    terms = LH.context_terms(doc, doc.sentence_at(i), i, i + 3)
    assert {"H:budget", "H:unveiled", "P:analysts"} <= set(terms) and "P:budget" not in terms


def test_arabic_words_are_normalised_and_lose_one_proclitic_and_the_article():
    assert LH._word("والمساعدات") == "مساعدات"
    assert LH._word("مُسَاعَدَة") == "مساعده"
    assert LH._word("أعلنت") == "اعلنت"
    assert LH._word("وزير") == "وزير"  # too short to cut
    assert LH._word("2024") == "0"


def test_candidate_terms_name_the_candidates_words_and_neighbours():
    text = "Shares of Acme Corp rose after it gave $5m."
    doc = _doc(text)
    s = text.index("Acme")
    terms = LH.candidate_terms(doc, Mention(s, s + 9, "Acme Corp", "ORG"))
    assert set(terms) == {"C:acme", "C:corp", "L:shares", "L:of", "R:rose", "R:after"}


def _grad_at_optimum(x, lex, y, w, b, c):
    z = x @ w[:x.shape[1]] + lex @ w[x.shape[1]:] + b
    p = torch.sigmoid(z)
    design = torch.cat([x, lex], 1)
    return design.T @ (p - y) + w / c, (p - y).sum()


def test_pledge_fit_reaches_the_regularised_optimum_and_is_deterministic():
    g = torch.Generator().manual_seed(3)
    feats = torch.rand((40, 3), generator=g).tolist()
    terms = [{"L:give": 1.0} if i % 2 else {"L:sold": 1.0, "P:revenue": 0.3} for i in range(40)]
    labels = [int(f[0] > 0.5 or i % 2 == 1) for i, f in enumerate(feats)]
    head = LH.PledgeLinear.fit(feats, terms, labels, c=0.5)
    again = LH.PledgeLinear.fit(feats, terms, labels, c=0.5)
    assert all(torch.equal(a, b) for a, b in zip(head.state_dict().values(), again.state_dict().values()))
    # the gradient of sum(log-loss) + |w|^2 / 2C vanishes at the fitted weights (bias unpenalised)
    with torch.no_grad():
        x = (torch.tensor(feats, dtype=torch.float64) - head.mean.double()) / head.scale.double()
        lex = torch.zeros((40, len(head.vocab)), dtype=torch.float64)
        for r, t in enumerate(terms):
            for k, v in t.items():
                lex[r, head.index[k]] = v
        w = torch.cat([head.feats.weight.double().squeeze(0), head.terms.weight.double().squeeze(1)])
        y = torch.tensor(labels, dtype=torch.float64)
        gw, gb = _grad_at_optimum(x, lex, y, w, head.feats.bias.double(), 0.5)
        assert gw.abs().max() < 1e-3 and abs(float(gb)) < 1e-3
        # the module gives the fitted function's probabilities: the giving word counts for a pledge
        probs = torch.softmax(head(torch.tensor(feats), terms), -1)[:, 1].double()
        z = x @ w[:3] + lex @ w[3:] + head.feats.bias.double()
        assert torch.allclose(probs, torch.sigmoid(z), atol=1e-5)
        assert float(head.terms.weight[head.index["L:give"]]) > 0 > float(head.terms.weight[head.index["L:sold"]])
        assert ((probs > 0.5).double() == y).double().mean() >= 0.9
        # a term never seen in training is left out
        assert torch.equal(head(torch.tensor(feats[:1]), [{"L:never-seen": 1.0}]), head(torch.tensor(feats[:1]), [{}]))


def test_candidate_fit_learns_which_candidate_words_give():
    # three candidates per example; the one named "... Foundation" is always the giver, wherever it stands
    feats, terms, labels = [], [], []
    for i in range(12):
        k = i % 3
        feats.append([[1.0 if j == 0 else 0.0] for j in range(3)])  # a feature that always favours the first
        terms.append([{"C:foundation": 1.0} if j == k else {"C:newspaper": 1.0} for j in range(3)])
        labels.append(k)
    head = LH.CandidateLinear.fit(feats, terms, labels, c=10.0)
    cand = torch.tensor([[[1.0], [0.0], [0.0], [0.0]]])
    mask = torch.tensor([[True, True, True, False]])
    with torch.no_grad():
        scores = head(cand, mask, [[{"C:newspaper": 1.0}, {"C:foundation": 1.0}, {"C:newspaper": 1.0}]])
    assert int(scores[0].argmax()) == 1 and float(scores[0, 3]) == -1e4


def _with_linear_heads(tiny_docs, overrides=("model.pledge_head=linear", "model.candidate_head=linear")):
    from pipeline.relation.model import data, trainer
    from pipeline.relation.model.encode import train_tokenizer

    docs, gold = tiny_docs
    tok = train_tokenizer([g.text for g in gold], vocab_size=200, min_frequency=1)
    ex, _ = data.examples(docs, gold, tok, 64, 1, features=True, terms=True, cand_terms=True)
    model = M.RelationModel(M.bert_config(tok.get_vocab_size(), 32, 1, 2, 64, 64), F.N_PLEDGE, F.N_CANDIDATE, False, False)
    cfg = trainer.load_config(None, list(overrides))
    info = trainer.fit_linear_heads(model, ex, cfg["model"], lambda s: None)
    meta = {"max_len": 64, "context": 1, "threshold": 0.5, "roles": "rank", "recipient": "rules"}
    return ModelRelation(model.eval(), tok, meta, torch.device("cpu")), ex, info, cfg


def test_save_and_load_keep_the_linear_heads(tiny_docs, tmp_path):
    mr, _, _, _ = _with_linear_heads(tiny_docs)
    docs, _ = tiny_docs
    M.save(mr.model, mr.tokenizer, mr.meta, tmp_path / "v1")
    again = ModelRelation.load(str(tmp_path / "v1"), "cpu")
    assert again.model.linear.vocab == mr.model.linear.vocab and again.model.cand_linear is not None
    for a, b in zip(mr.model.state_dict().values(), again.model.state_dict().values()):
        assert torch.equal(a, b)
    before = [[round(d.score, 6) for d in ds] for ds in mr.decisions(docs)]
    assert [[round(d.score, 6) for d in ds] for ds in again.decisions(docs)] == before
    # the verdict is the linear head's, not the (untrained) MLP's
    mr.model.linear = None
    assert [[round(d.score, 6) for d in ds] for ds in mr.decisions(docs)] != before


def test_a_broken_linear_section_names_the_config(tiny_docs, tmp_path):
    import json

    mr, _, _, _ = _with_linear_heads(tiny_docs)
    M.save(mr.model, mr.tokenizer, mr.meta, tmp_path / "v1")
    cfg = json.loads((tmp_path / "v1" / "config.json").read_text())
    cfg["pledge_linear"] = {"c": 0.3}
    (tmp_path / "v1" / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(ModelError) as e:
        M.load(tmp_path / "v1")
    assert "config.json" in str(e.value) and "pledge_linear" in str(e.value)


def test_trainer_fits_the_linear_heads_and_checks_their_settings(tiny_docs):
    from pipeline.relation.model import trainer

    mr, ex, info, cfg = _with_linear_heads(tiny_docs)
    model = mr.model
    assert info["pledge_head"]["examples"] == sum(e.label in (0, 1) for e in ex) > 0
    assert info["candidate_head"]["examples"] > 0
    for bad in (["model.pledge_head=tree"], ["model.candidate_head=svm"]):
        with pytest.raises(ConfigError):
            trainer.fit_linear_heads(model, ex, trainer.load_config(None, bad)["model"], lambda s: None)
    only_pledges = [e for e in ex if e.label == 1]
    with pytest.raises(ConfigError, match="non-pledge"):
        trainer.fit_linear_heads(model, only_pledges, cfg["model"], lambda s: None)
    no_features = M.RelationModel(model.config)
    with pytest.raises(ConfigError, match="features"):
        trainer.fit_linear_heads(no_features, ex, cfg["model"], lambda s: None)
    # bad settings stop fit_relation before anything is trained
    for bad in (["model.pledge_head=tree"], ["model.pledge_head=linear", "model.features=false"]):
        with pytest.raises(ConfigError):
            trainer.fit_relation(trainer.load_config(None, bad), torch.device("cpu"), 7, [], [],
                                 lambda s: pytest.fail("trained: " + s))


def test_the_terms_are_read_only_for_a_head_that_reads_them(tiny_docs):
    from pipeline.relation.model import data
    from pipeline.relation.model.encode import train_tokenizer

    docs, gold = tiny_docs
    tok = train_tokenizer([g.text for g in gold], vocab_size=200, min_frequency=1)
    plain, _ = data.examples(docs, gold, tok, 64, 1, features=True)
    assert plain and all(not e.enc.lex and not e.enc.cand_lex for e in plain)
    mr, _, _, _ = _with_linear_heads(tiny_docs)
    mr.model.cand_linear = None
    seen = []
    real_predict = mr.predict
    mr.predict = lambda encs: seen.extend(encs) or real_predict(encs)
    mr.decisions(docs)
    assert seen and all(e.lex for e in seen) and not any(e.cand_lex for e in seen)


def test_mlp_plus_linear_adds_the_mlps_log_probabilities_to_the_logits():
    head = LH.CandidateLinear(3, ["C:x"], 1.0)
    own = torch.tensor([[2.0, 0.0, -1e4]])
    mlp = torch.tensor([[0.0, 3.0, -1e4]])
    assert torch.equal(head.combine(own, mlp), own)  # weight 0: the logit alone
    head.mlp_weight = 2.0
    got = head.combine(own, mlp)
    want = torch.log_softmax(own, -1) + 2.0 * torch.log_softmax(mlp, -1)
    assert torch.allclose(got, want) and int(got[0, :2].argmax()) == 1  # the MLP outvotes the logit here
    assert torch.equal(head.combine(own, None), own)


def test_mlp_plus_linear_is_fitted_saved_and_loaded_with_its_weight(tiny_docs, tmp_path):
    from pipeline.relation.model import trainer

    mr, ex, info, _ = _with_linear_heads(tiny_docs, ["model.candidate_head=mlp+linear", "model.candidate_mlp_weight=3"])
    model = mr.model
    assert info["candidate_head"]["kind"] == "mlp+linear" and info["candidate_head"]["mlp_weight"] == 3.0
    assert model.linear is None and model.cand_linear.mlp_weight == 3.0
    M.save(model, mr.tokenizer, mr.meta, tmp_path / "v1")
    again, _, _ = M.load(tmp_path / "v1")
    assert again.cand_linear.mlp_weight == 3.0
    # "linear" alone replaces the MLP
    alone = trainer.fit_linear_heads(model, ex, trainer.load_config(None, ["model.candidate_head=linear"])["model"],
                                     lambda s: None)
    assert alone["candidate_head"]["mlp_weight"] == 0.0 and model.cand_linear.mlp_weight == 0.0


def test_candidate_terms_add_the_arabic_neighbours_clusters(tmp_path):
    from pipeline.ner.word_clusters import WordClusters

    text = "وأعلنت ألمانيا عن تبرعها لصندوق الطفولة"
    doc = _doc(text, "ar")
    wc = WordClusters({"أعلنت": [5, 50], "عن": [7, 70], "تبرعها": [8, 80]}, [128, 512])
    s = text.index("ألمانيا")
    m = Mention(s, s + len("ألمانيا"), "ألمانيا", "GPE")
    plain = LH.candidate_terms(doc, m)
    terms = LH.candidate_terms(doc, m, wc)
    assert set(terms) - set(plain) == {"LK:5", "L1K:5", "RK:7", "RK:8"}  # "وأعلنت" read as "أعلنت"
    assert LH.candidate_terms(doc, m, None) == plain


def test_a_models_clusters_must_be_the_table_it_was_trained_with(tmp_path):
    from pipeline.relation.model.infer import load_clusters
    from tests.ner.test_word_clusters import write_table

    d = write_table(tmp_path / "wc", {"x": [1, 2]})
    ok = load_clusters({"lang": "ar", "path": str(d), "sha256": ""})
    assert set(ok) == {"ar"} and ok["ar"].cluster("x", 128) == 1
    assert load_clusters(None) == {}
    with pytest.raises(ModelError, match="trained with"):
        load_clusters({"lang": "ar", "path": str(d), "sha256": "f" * 64})
