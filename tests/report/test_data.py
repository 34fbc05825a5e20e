"""Article text is read the way `extract` reads it, from each record's source or from --docs."""
import json

import pytest

from pipeline.errors import InputError
from pipeline.report.data import load, split_source

from .conftest import AR_TEXT, hostile_set, record, text_of, write_jsonl


def test_sources_are_read_by_the_extract_readers(tmp_path):
    rep = load(hostile_set(tmp_path))
    arts = {a.doc_id: a for a in rep.articles}
    assert arts["page"].text == text_of(tmp_path / "page.html")  # the visible text, not the markup
    assert "<p>" not in arts["page"].text and "<script>window.__pwned=1</script>" in arts["page"].text
    assert arts["j2"].text.startswith("Beta Ltd") and arts["ar"].text == AR_TEXT
    assert arts["gone"].text is None and "the source is gone" in arts["gone"].problem
    for rec in rep.records:  # every record's amount lands, but the moved one and the gone one
        bad = rec["_anchor"] in rep.unmarked
        assert bad == (rec["doc_id"] == "gone" or rec["record_id"] == "00000000000000ff")


def test_docs_option_matches_by_doc_id(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ar.txt").write_text(AR_TEXT, encoding="utf-8")
    rec = record("ar", "/nowhere/ar.txt", "ar", AR_TEXT, "10 ملايين دولار", 1e7, donor="أرامكو")
    rep = load(write_jsonl(tmp_path / "r.jsonl", [rec]), docs=tmp_path / "in")
    assert rep.articles[0].text == AR_TEXT and not rep.unmarked
    rep = load(write_jsonl(tmp_path / "r.jsonl", [dict(rec, doc_id="other")]), docs=tmp_path / "in")
    assert rep.articles[0].text is None and "no document 'other'" in rep.articles[0].problem


def test_jsonl_source_and_missing_line(tmp_path):
    dump = tmp_path / "d.jsonl"
    dump.write_text(json.dumps({"id": "x", "text": "X gave $1m."}) + "\n", encoding="utf-8")
    assert split_source(f"{dump}:1") == (dump, 1)
    ok = record("x", f"{dump}:1", "en", "X gave $1m.", "$1m", 1e6, donor="X")
    missing = dict(ok, source=f"{dump}:7", doc_id="y")
    rep = load(write_jsonl(tmp_path / "r.jsonl", [ok, missing]))
    assert rep.articles[0].text == "X gave $1m." and "no line 7" in rep.articles[1].problem


def test_bad_records_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "none.jsonl")
    (tmp_path / "bad.jsonl").write_text("{not json\n")
    with pytest.raises(InputError, match="bad.jsonl:1"):
        load(tmp_path / "bad.jsonl")
