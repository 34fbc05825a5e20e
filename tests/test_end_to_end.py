"""`pledges extract` over the seed articles, as an analyst runs it."""
import subprocess
import sys

import pytest

from pipeline.eval import evaluate
from pipeline.io.writer import report_path
from pipeline.record import validate

from .conftest import read_jsonl


def run_extract(root, inp, out, *extra):
    return subprocess.run([sys.executable, "-m", "pipeline", "extract", str(inp), "--out", str(out), *extra],
                          cwd=root, capture_output=True, text=True)


@pytest.fixture(scope="module")
def seeds_run(root, tmp_path_factory):
    out = tmp_path_factory.mktemp("e2e") / "seeds.jsonl"
    res = run_extract(root, root / "seeds" / "docs", out)
    assert res.returncode == 0, res.stderr
    return out


@pytest.mark.slow
def test_seed_records_validate_and_point_into_text(root, seeds_run):
    recs = read_jsonl(seeds_run)
    assert recs
    for r in recs:
        validate(r)
        text = (root / "seeds" / "docs" / f"{r['doc_id']}.txt").read_text(encoding="utf-8")
        shown = (r["amount"] or r["in_kind"])["text"]
        assert text[r["start"]:r["end"]] == shown
        assert r["evidence"]["start"] <= r["start"] < r["end"] <= r["evidence"]["end"]


@pytest.mark.slow
def test_seed_report_and_score(root, seeds_run):
    report = read_jsonl(report_path(seeds_run))
    assert len(report) == 4 and all(r["status"] == "ok" for r in report)
    result = evaluate(str(root / "seeds" / "gold.jsonl"), str(seeds_run))
    assert result.levels["donor+amount"]["f1"] >= 0.8, result.levels


@pytest.mark.slow
def test_same_input_gives_byte_identical_output(root, seeds_run, tmp_path):
    again = tmp_path / "again.jsonl"
    assert run_extract(root, root / "seeds" / "docs", again).returncode == 0
    assert again.read_bytes() == seeds_run.read_bytes()
    assert report_path(again).read_bytes() == report_path(seeds_run).read_bytes()


def test_missing_input_exits_2_with_one_line(root, tmp_path):
    res = run_extract(root, tmp_path / "nope", tmp_path / "o.jsonl")
    assert res.returncode == 2
    assert res.stderr.strip().count("\n") == 0 and "no such file or directory" in res.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_bad_config_exits_2_before_reading(root, tmp_path):
    res = run_extract(root, root / "seeds" / "docs", tmp_path / "o.jsonl", "--set", "relation.factory=pipeline.nope.v1")
    assert res.returncode == 2 and "unknown-stage" in res.stderr


def test_stages_command_prints_order(root):
    res = subprocess.run([sys.executable, "-m", "pipeline", "stages"], cwd=root, capture_output=True, text=True)
    assert res.returncode == 0
    names = [line.split()[1] for line in res.stdout.splitlines()]
    assert names == ["langid", "tokens", "money", "ner", "relation"]
