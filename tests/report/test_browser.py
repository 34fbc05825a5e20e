"""The report in a real headless Chromium: a hostile set, and a 10k-record dump."""
import time

import pytest

from pipeline.report import Limits, build_report

from ..conftest import read_jsonl
from . import checks
from .conftest import hostile_set, record, write_jsonl


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    records = hostile_set(d)
    out = d / "report.html"
    build_report(records, out)
    return records, out


def test_hostile_text_shows_as_text_and_runs_nothing(hostile, open_page):
    records, out = hostile
    page = open_page(out)
    page.page.wait_for_timeout(200)
    assert page.js("() => window.__pwned") is None
    assert page.js("() => [document.scripts.length, document.images.length, "
                   "document.querySelectorAll('[onerror]').length]") == [1, 0, 0]
    texts = page.js("() => Array.from(document.querySelectorAll('section.article .text')).map(t => t.textContent)")
    assert any("<script>window.__pwned=1</script>" in t for t in texts)
    assert any('<img src=x onerror="window.__pwned=1">' in t for t in texts)
    assert page.js("() => document.querySelector('table.summary').textContent").count("<script>") == 1
    assert page.errors == []


def test_hostile_report_marks_checks_and_says_what_is_missing(hostile, open_page):
    records, out = hostile
    page = open_page(out)
    unmarked = checks.amounts_marked_once(page, records)
    assert len(unmarked) == 2  # the record whose source is gone, and the one whose offsets moved
    checks.summary_matches_records(page, read_jsonl(records))
    shown = checks.directions_follow_language(page)
    assert {t["lang"] for t in shown} == {"en", "ar"}
    checks.row_links_land(page, len(read_jsonl(records)))
    notices = page.js("() => Array.from(document.querySelectorAll('.notice')).map(n => n.textContent).join(' ')")
    assert "listed without highlights" in notices and "the source is gone" in notices
    assert "offsets do not land" in notices
    assert page.js("() => document.querySelectorAll('ul.unmarked li').length") == 2
    assert page.errors == []


def test_table_filters_sort_and_links_focus_the_article(hostile, open_page):
    records, out = hostile
    recs = read_jsonl(records)
    page = open_page(out)
    visible = "() => Array.from(document.querySelectorAll('#records tbody tr')).filter(r => !r.hidden).length"
    page.page.select_option("#f-lang", "ar")
    assert page.js(visible) == sum(r["lang"] == "ar" for r in recs)
    page.page.select_option("#f-lang", "")
    page.page.select_option("#f-cur", "GBP")
    assert page.js(visible) == 1
    page.page.select_option("#f-cur", "")
    page.page.select_option("#f-donor", "Acme Corp")
    assert page.js(visible) == sum(r["donor_canonical"] == "Acme Corp" for r in recs)
    page.page.select_option("#f-donor", "")
    page.page.fill("#f-text", "unicef")
    assert page.js(visible) == 1
    page.page.fill("#f-text", "")
    page.page.click("#records th:nth-child(8)")  # confidence, ascending
    conf = page.js("() => Array.from(document.querySelectorAll('#records tbody tr td:nth-child(8)'))"
                   ".map(td => Number(td.dataset.v))")
    assert conf == sorted(conf)
    page.page.click("#records tbody tr[data-lang='ar'] a.rec-link")
    page.page.wait_for_function("() => document.querySelector('section.article mark.amt.focus')")
    focused = page.js("() => { const m = document.querySelector('mark.amt.focus'); const r = m.getBoundingClientRect();"
                      " return [m.closest('section').dataset.lang, r.top >= 0 && r.bottom <= innerHeight,"
                      " document.querySelectorAll('.don.focus').length > 0]; }")
    assert focused == ["ar", True, True]
    assert page.errors == []


def big_dump(d, n_docs=2000, per_doc=5):
    """n_docs English articles with per_doc pledges each, and their records."""
    docs = d / "docs"
    docs.mkdir()
    filler = "The ministry said the talks went on late into the night. " * 12
    recs = []
    for i in range(n_docs):
        lines = [f"Report {i}.", filler]
        for k in range(per_doc):
            lines.append(f"Donor{k % 7} Group pledged ${i + k + 1} million to Relief Agency {k} for schools.")
            lines.append(filler[: 40 * (k + 1)])
        text = "\n".join(lines) + "\n"
        path = docs / f"doc{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        for k in range(per_doc):
            recs.append(record(f"doc{i:05d}", str(path), "en", text, f"${i + k + 1} million", (i + k + 1) * 1e6,
                               donor=f"Donor{k % 7} Group", recipient=f"Relief Agency {k}", purpose="schools",
                               nth=0))
    return write_jsonl(d / "big.jsonl", recs), recs


def test_10k_records_make_a_small_page_that_opens_fast(tmp_path, open_page):
    records, recs = big_dump(tmp_path)
    assert len(recs) == 10_000
    t0 = time.perf_counter()
    counts = build_report(records, tmp_path / "big.html", limits=Limits())
    built = time.perf_counter() - t0
    assert counts["bytes"] < 20_000_000, counts
    t0 = time.perf_counter()
    page = open_page(tmp_path / "big.html")
    opened = time.perf_counter() - t0
    print(f"10k records: {counts['bytes'] / 1e6:.1f} MB, built in {built:.1f}s, opened in {opened:.1f}s")
    assert opened < 10, opened
    assert page.errors == []
    notices = page.js("() => Array.from(document.querySelectorAll('.notice')).map(n => n.textContent).join(' ')")
    assert "the first 200 are shown whole" in notices and "1800 are collapsed" in notices
    counts_js = page.js("""() => { const c = {}; document.querySelectorAll('section.article mark.amt').forEach(m =>
        m.dataset.rids.split(' ').forEach(r => { c[r] = (c[r] || 0) + 1; })); return Object.values(c); }""")
    assert len(counts_js) == 10_000 and set(counts_js) == {1}
    visible = "() => document.querySelectorAll('#records tbody tr:not([hidden])').length"
    assert page.js(visible) == 200  # the table shows a page at a time
    t0 = time.perf_counter()
    page.page.select_option("#f-donor", "Donor3 Group")
    n = sum(r["donor"] == "Donor3 Group" for r in recs)
    assert page.js("() => document.getElementById('f-count').textContent") == f"{n:,} of 10,000 records"
    assert page.js(visible) == 200
    page.page.click("#p-next")
    assert page.js("() => document.getElementById('p-info').textContent") == f"rows 201–400 of {n:,}"
    assert time.perf_counter() - t0 < 5
