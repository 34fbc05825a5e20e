import gzip
import json

import pytest

from pipeline.errors import InputError
from pipeline.io.readers import ReaderSettings, read_path


def by_id(path, **kw):
    return {d.doc_id: d for d in read_path(path, ReaderSettings(**kw))}


def test_txt_keeps_text_as_read(tmp_path):
    text = "Ahmed donated $5m.\r\nThen «more».\n"
    (tmp_path / "a1.txt").write_bytes(text.encode("utf-8"))
    doc = by_id(tmp_path)["a1"]
    assert doc.ok and doc.text == text and doc.source.endswith("a1.txt")


def test_folder_is_recursive_and_sorted(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("second doc here")
    (tmp_path / "a.txt").write_text("first doc here")
    (tmp_path / "sub" / "c.txt").write_text("third doc here")
    assert [d.doc_id for d in read_path(tmp_path)] == ["a", "b", "c"]


def test_html_visible_text_only(tmp_path):
    (tmp_path / "p.html").write_text(
        "<html><head><title>T</title><style>p{}</style><script>var x=1</script></head>"
        "<body><h1>Gift</h1><p>Qatar pledged <b>$50m</b>.</p><!-- hidden --><p>Next</p></body></html>")
    doc = by_id(tmp_path)["p"]
    assert "Qatar pledged $50m." in doc.text and "var x" not in doc.text and "hidden" not in doc.text
    assert "Gift\n" in doc.text


def test_deeply_nested_html_is_reported_as_too_deep(tmp_path):
    # libxml2 stops at 2048 levels and keeps what it had: the reason says so,
    # rather than "no visible text", and a partly read page is not passed on truncated
    (tmp_path / "deep.htm").write_text("<div>" * 5000 + "deep text here" + "</div>" * 5000)
    (tmp_path / "half.html").write_text("<p>Read before.</p>" + "<div>" * 3000 + "lost" + "</div>" * 3000
                                        + "<p>Lost after.</p>")
    docs = by_id(tmp_path)
    for stem in ("deep", "half"):
        doc = docs[stem]
        assert doc.status == "error" and doc.reason.startswith("HTML nested too deeply"), doc.reason
        assert "2048 levels" in doc.reason


def test_html_nested_below_the_parser_limit_is_read(tmp_path):
    (tmp_path / "nest.html").write_text("<div>" * 2000 + "deep text here" + "</div>" * 2000 + "<p>after</p>")
    doc = by_id(tmp_path)["nest"]
    assert doc.ok and doc.text.split() == ["deep", "text", "here", "after"]


def test_jsonl_and_gz_with_configurable_fields(tmp_path):
    lines = [{"id": "x1", "text": "one text"}, {"id": "x2", "text": "two text"}]
    (tmp_path / "d.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    with gzip.open(tmp_path / "e.jsonl.gz", "wt") as f:
        f.write(json.dumps({"key": "g1", "body": "gz text"}) + "\n")
    docs = by_id(tmp_path)
    assert docs["x1"].text == "one text" and docs["x2"].ok
    docs = by_id(tmp_path / "e.jsonl.gz", id_field="key", text_field="body")
    assert docs["g1"].text == "gz text"


def test_jsonl_bad_lines_are_reported_and_reading_goes_on(tmp_path):
    (tmp_path / "d.jsonl").write_bytes(b'{"id": "ok1", "text": "fine"}\n{broken\n[1,2]\n'
                                       b'{"id": "nt"}\n{"id": "e", "text": "  "}\n\xff\xfe\n'
                                       b'{"id": "ok2", "text": "also fine"}\n')
    docs = list(read_path(tmp_path))
    status = {d.doc_id: (d.status, d.reason) for d in docs}
    assert status["ok1"][0] == "ok" and status["ok2"][0] == "ok"
    assert "malformed JSON" in status["d:2"][1]
    assert "not a JSON object" in status["d:3"][1]
    assert "no string field 'text'" in status["nt"][1]
    assert status["e"] == ("error", "empty text")
    assert "UTF-8" in status["d:6"][1]


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\n", "empty file"),
    ("bin.txt", bytes(range(256)) * 10, "binary"),
    ("latin.txt", "café à Paris".encode("latin-1"), "not valid UTF-8"),
    ("pic.png", b"\x89PNG\r\n", "unsupported file type"),
])
def test_bad_files_get_a_reason(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text("a good document")
    docs = list(read_path(tmp_path))
    bad = [d for d in docs if d.doc_id != "good"]
    assert len(bad) == 1 and reason in bad[0].reason and bad[0].status in ("error", "skipped")
    assert any(d.doc_id == "good" and d.ok for d in docs)


def test_duplicate_stems_stay_distinct(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "same.txt").write_text(f"text {sub}")
    assert [d.doc_id for d in read_path(tmp_path)] == ["same", "same#2"]


def test_missing_path_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_path(tmp_path / "nope"))


def _unblock_after(fifo, seconds=10.0):
    """If a reader is stuck opening `fifo`, open it for writing (then close) so the
    test fails on its assertions instead of hanging."""
    import os
    import threading

    def unblock():
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:  # no reader waiting: nothing to unblock
            pass

    timer = threading.Timer(seconds, unblock)
    timer.start()
    return timer


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no named pipes here")
def test_named_pipes_are_reported_not_opened(tmp_path):
    import os

    (tmp_path / "a.txt").write_text("a real document")
    for name in ("pipe.txt", "pipe2.jsonl"):
        os.mkfifo(tmp_path / name)
    timers = [_unblock_after(tmp_path / n) for n in ("pipe.txt", "pipe2.jsonl")]
    try:
        docs = by_id(tmp_path)
    finally:
        for t in timers:
            t.cancel()
    assert docs["a"].ok
    for stem in ("pipe", "pipe2"):
        assert docs[stem].status == "skipped" and docs[stem].reason == "not a regular file: named pipe (FIFO)"


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_given_as_input_is_reported(tmp_path):
    import os

    from pipeline.exec.progress import estimate_total

    fifo = tmp_path / "dump.jsonl"
    os.mkfifo(fifo)
    timer = _unblock_after(fifo)
    try:
        assert estimate_total(fifo) == 1
        (doc,) = list(read_path(fifo))
    finally:
        timer.cancel()
    assert doc.status == "skipped" and "named pipe" in doc.reason


def test_special_kind():
    from pathlib import Path

    from pipeline.io.readers import special_kind

    assert special_kind(Path(__file__)) is None
    assert special_kind(Path(__file__).parent) == "directory"
    assert special_kind(Path(__file__).parent / "no such file") is None  # reading it reports why
    if Path("/dev/null").exists():
        assert special_kind(Path("/dev/null")) == "character device"
