from pipeline.document import Amount, Document, Mention, Pledge
from pipeline.io.writer import AtomicFile, OutputWriter, report_path
from pipeline.record import to_record, validate

from ..conftest import read_jsonl


def make_doc():
    text = "TikTok pledged $5m to the Red Cross."
    doc = Document("d1", text, source="in/d1.txt", lang="en")
    a = Amount(15, 18, "$5m", 5e6, "USD")
    doc.amounts = [a]
    doc.pledges = [Pledge(a, Mention(0, 6, "TikTok", "ORG"), Mention(22, 35, "the Red Cross", "ORG"), None,
                          (0, len(text)), 0.9)]
    return doc


def test_record_validates_and_offsets_index_text():
    doc = make_doc()
    rec = to_record(doc, doc.pledges[0])
    validate(rec)
    assert doc.text[rec["start"]:rec["end"]] == rec["amount"]["text"]
    assert rec["amount"] == {"value": 5000000, "currency": "USD", "text": "$5m", "approximate": False,
                             "qualifier": "exact"}
    assert rec["in_kind"] is None and rec["donor"] == "TikTok"


def test_in_kind_record_validates():
    text = "Kuaishou donated 120,000 meals to WFP."
    doc = Document("k", text, lang="en")
    a = Amount(17, 30, "120,000 meals", 120000.0, None, kind="quantity", unit="meals")
    rec = to_record(doc, Pledge(a, Mention(0, 8, "Kuaishou"), None, None, (0, len(text)), 0.7))
    validate(rec)
    assert rec["amount"] is None and rec["in_kind"]["quantity"] == 120000


def test_writer_is_atomic_and_writes_report(tmp_path):
    out = tmp_path / "o" / "p.jsonl"
    bad = Document("d2", "", source="x.bin")
    bad.fail("binary file")
    with OutputWriter(out) as w:
        w.write(make_doc())
        w.write(bad)
    recs, rep = read_jsonl(out), read_jsonl(report_path(out))
    assert len(recs) == 1 and [r["status"] for r in rep] == ["ok", "error"]
    assert rep[1]["reason"] == "binary file" and rep[0]["n_pledges"] == 1
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]


def test_atomic_file_leaves_old_file_on_error(tmp_path):
    target = tmp_path / "t.jsonl"
    target.write_text("old\n")
    try:
        with AtomicFile(target) as f:
            f.write("new\n")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert target.read_text() == "old\n"
    assert list(tmp_path.iterdir()) == [target]
