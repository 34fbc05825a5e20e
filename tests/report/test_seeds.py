"""The report of the seed articles, as an analyst makes it (`make extract` then `make report`)."""
import subprocess
import sys

import pytest

from pipeline.report import build_report
from pipeline.report.data import load

from ..conftest import read_jsonl
from . import checks


@pytest.fixture(scope="module")
def seeds_report(root, tmp_path_factory):
    d = tmp_path_factory.mktemp("seeds-report")
    records = d / "pledges.jsonl"
    res = subprocess.run([sys.executable, "-m", "pipeline", "extract", "seeds/docs", "--out", str(records)],
                         cwd=root, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    out = d / "pledges.html"
    res = subprocess.run([sys.executable, "-m", "pipeline", "report", str(records), "-o", str(out)],
                         cwd=root, capture_output=True, text=True)
    assert res.returncode == 0 and out.is_file(), res.stderr
    return root, records, out


@pytest.mark.slow
def test_seed_report_in_a_browser(seeds_report, open_page, monkeypatch):
    root, records, out = seeds_report
    recs = read_jsonl(records)
    assert {r["lang"] for r in recs} == {"en", "ar"}
    monkeypatch.chdir(root)  # the records' sources are relative to where extract ran
    page = open_page(out)
    assert checks.amounts_marked_once(page, records) == {}  # every amount lands in its article
    checks.summary_matches_records(page, recs)
    shown = checks.directions_follow_language(page)
    assert {t["lang"] for t in shown} == {"en", "ar"}
    checks.row_links_land(page, len(recs))
    assert page.js("() => document.querySelectorAll('.notice').length") == 0
    assert page.js("() => document.querySelectorAll('svg.chart rect.bar').length") >= 2
    assert page.errors == []


@pytest.mark.slow
def test_seed_report_reads_docs_from_elsewhere(seeds_report, tmp_path, monkeypatch):
    root, records, _ = seeds_report
    monkeypatch.chdir(tmp_path)  # the relative sources do not resolve from here ...
    assert all(a.text is None for a in load(records).articles)
    out = tmp_path / "r.html"
    build_report(records, out, docs=root / "seeds" / "docs")  # ... but --docs finds them by doc_id
    assert not load(records, docs=root / "seeds" / "docs").unmarked
    assert "not available" not in out.read_text(encoding="utf-8")
