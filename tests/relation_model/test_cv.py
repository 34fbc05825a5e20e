"""Cross-validation: folds grouped by document, pooled scoring, the table."""
from pipeline.relation.model import cv
from pipeline.relation.model.data import GoldDoc


def _gold(n_en=23, n_ar=17):
    docs = [GoldDoc(f"en_{i}", "en", "t", [], "x", "set_en") for i in range(n_en)]
    return docs + [GoldDoc(f"ar_{i}", "ar", "t", [], "x", "set_ar") for i in range(n_ar)]


def test_every_document_in_one_fold_languages_spread_evenly():
    gold = _gold()
    folds = cv.assign_folds(gold, 5)
    assert set(folds) == {g.doc_id for g in gold} and set(folds.values()) == set(range(5))
    for lang in ("en", "ar"):
        sizes = [sum(1 for g in gold if g.lang == lang and folds[g.doc_id] == f) for f in range(5)]
        assert max(sizes) - min(sizes) <= 1, (lang, sizes)


def test_folds_do_not_depend_on_the_order_documents_come_in():
    gold = _gold()
    assert cv.assign_folds(list(reversed(gold)), 5) == cv.assign_folds(gold, 5)


def _rec(doc_id, donor, value):
    return {"doc_id": doc_id, "donor": donor, "amount": {"value": value, "currency": "USD"}, "recipient": None}


def test_score_groups_pools_per_language_and_set():
    gold = [GoldDoc("e1", "en", "t", [_rec("e1", "Acme", 5e6)], "x", "s1"),
            GoldDoc("a1", "ar", "t", [_rec("a1", "شركة النور", 1e6)], "x", "s2"),
            GoldDoc("a2", "ar", "t", [], "x", "s2")]
    preds = {"model": {"e1": [_rec("e1", "Acme", 5e6)], "a1": [], "a2": [_rec("a2", "X", 3.0)]},
             "rules": {"e1": [_rec("e1", "Other", 5e6)], "a1": [_rec("a1", "شركة النور", 1e6)], "a2": []}}
    res = cv.score_groups(gold, preds)
    assert set(res) == {"all", "en", "ar", "s1", "s2", "unseen", "unseen_en", "unseen_ar"}
    assert res["en"]["model"]["donor+amount"]["f1"] == 1.0
    assert res["en"]["rules"]["donor+amount"]["f1"] == 0.0 and res["en"]["rules"]["amount"]["f1"] == 1.0
    assert res["ar"]["model"]["donor+amount"]["precision"] == 0.0  # a record on a no-pledge document
    assert res["ar"]["rules"]["donor+amount"]["f1"] == 1.0
    assert res["all"]["n_docs"] == 3 and res["all"]["n_gold"] == 2
    tuned = cv.score_groups([GoldDoc("d1", "en", "t", [], "x", "dev")], {"model": {}, "rules": {}})
    assert "unseen" not in tuned and set(tuned) == {"all", "en", "dev"}
    result = {"pooled": res, "folds": [res, res]}
    text = cv.table(result)
    assert "| en | 1 | 1 | model | **1.000** (1.000 ± 0.000)" in text


def test_cv_command_reports_a_bad_config_in_one_line(tmp_path, capsys):
    assert cv.main(["--config", str(tmp_path / "missing.toml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("pledges cv:")
