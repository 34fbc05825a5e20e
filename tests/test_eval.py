"""`pledges eval` gives the same numbers as ../shared/eval/score.py."""
import copy
import json
import random
import subprocess
import sys

import pytest

from pipeline.cli import main

from .conftest import read_jsonl


def perturbed(gold: list[dict], seed: int) -> list[dict]:
    """Predictions that exercise every level: kept, dropped, wrong donor,
    wrong amount, wrong recipient, duplicated, and spurious records."""
    rng = random.Random(seed)
    out = []
    for g in gold:
        p = copy.deepcopy(g)
        for k in ("donor_aliases", "recipient_aliases"):
            p.pop(k, None)
        if "pledges" in g:
            if rng.random() < 0.5:
                out.append({"doc_id": g["doc_id"], "donor": "Someone", "recipient": None,
                            "amount": {"value": 1000, "currency": "USD"}, "in_kind": None})
            continue
        roll = rng.random()
        if roll < 0.15:
            continue
        if roll < 0.3:
            p["donor"] = "Nobody Special"
        elif roll < 0.45 and p.get("amount"):
            p["amount"]["value"] = p["amount"]["value"] * 1.2
        elif roll < 0.6:
            p["recipient"] = None if p.get("recipient") else "Some Charity"
        elif roll < 0.7 and g.get("donor_aliases"):
            p["donor"] = g["donor_aliases"][-1]
        out.append(p)
        if rng.random() < 0.15:
            out.append(copy.deepcopy(p))
    return out


def shared_score(shared, gold, pred):
    res = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(gold), str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


def ours(gold, pred, capsys, *flags):
    assert main(["eval", str(gold), str(pred), *flags]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("which", ["seeds", "dev"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_parity_with_shared_scorer(shared, tmp_path, capsys, which, seed):
    gold = shared / "gold" / "seeds.jsonl" if which == "seeds" else shared / "dev" / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in perturbed(read_jsonl(gold), seed)))
    theirs = shared_score(shared, gold, pred)
    mine = json.loads(ours(gold, pred, capsys, "--json"))
    for level in ("amount", "donor+amount", "donor+amount+recipient"):
        assert mine[level] == theirs[level], level
    for key in ("n_gold", "n_pred", "n_duplicates_ignored", "docs_without_output", "n_docs"):
        assert mine[key] == theirs[key], key
    for lang, r in theirs.get("by_lang", {}).items():
        for level in ("amount", "donor+amount", "donor+amount+recipient"):
            assert mine["by_lang"][lang][level] == r[level]
    # the printed summary is the same text too
    text = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(gold), str(pred), "--quiet"],
                          capture_output=True, text=True, check=True).stdout
    assert ours(gold, pred, capsys, "--quiet").strip().splitlines() == text.strip().splitlines()


def test_perfect_prediction_scores_one(shared, tmp_path, capsys):
    gold = shared / "gold" / "seeds.jsonl"
    mine = json.loads(ours(gold, gold, capsys, "--json"))
    assert mine["donor+amount+recipient"]["f1"] == 1.0


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["eval", str(tmp_path / "nope.jsonl"), str(tmp_path / "x.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err
