"""The shipped configs write out the [run] settings the code reads, and they take effect."""
import tomllib

import pytest

from pipeline import config
from pipeline.extract import extract
from pipeline.io.writer import report_path
from pipeline.runner import DEFAULT_MAX_CHARS

from .conftest import ROOT, read_jsonl
from .exec.conftest import FAKE

CONFIGS = sorted((ROOT / "configs").glob("*.toml"))
WITH_RUN = [p for p in CONFIGS if "run" in tomllib.loads(p.read_text(encoding="utf-8"))]


def test_the_pipeline_configs_have_a_run_section():
    assert {p.name for p in WITH_RUN} >= {"default.toml", "model.toml", "rules-only.toml"}


@pytest.mark.parametrize("path", WITH_RUN, ids=lambda p: p.name)
def test_run_section_states_max_chars(path):
    run = tomllib.loads(path.read_text(encoding="utf-8"))["run"]
    assert run["max_chars"] == DEFAULT_MAX_CHARS
    config.load(path)  # still a valid config


def test_max_chars_from_the_config_reports_longer_documents(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "short.txt").write_text("Qatar gave $5m to the Red Cross.\n")
    (tmp_path / "in" / "long.txt").write_text("Qatar gave $5m to the Red Cross. " * 10 + "\n")
    out = tmp_path / "p.jsonl"
    extract(tmp_path / "in", out, config.load(FAKE, ["run.max_chars=100"]))
    report = {r["doc_id"]: r for r in read_jsonl(report_path(out))}
    assert report["short"]["status"] == "ok"
    assert report["long"]["status"] == "error" and "run.max_chars 100" in report["long"]["reason"]
    extract(tmp_path / "in", out, config.load(FAKE, ["run.max_chars=0"]))  # 0: no limit
    assert all(r["status"] == "ok" for r in read_jsonl(report_path(out)))
