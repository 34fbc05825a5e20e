"""Hostile inputs are reported, one report line each, and never stop a run."""
import json
import os
import subprocess
import sys

import pytest

from pipeline.io.readers import read_path
from pipeline.io.writer import report_path
from pipeline.record import validate
from pipeline.runner import screen

from ..conftest import ROOT, read_jsonl

PIPELINE = ROOT / "tests" / "exec" / "pipeline.toml"
EN = ("Qatar pledged $5m to the Red Cross on Monday, the ministry said. "
      "The money will pay for food and shelter for families displaced by the floods.\n")
AR = "تبرعت قطر بمبلغ خمسة ملايين دولار للصليب الأحمر يوم الاثنين، بحسب ما أعلنت الوزارة.\n"


def build_hostile(d):
    """Every kind of bad input in one folder; returns {doc_id: expected status or None (ok or stage error)}."""
    files = {
        "binary.txt": bytes(range(256)) * 40,
        "picture.png": b"\x89PNG\r\n\x1a\n" + bytes(range(200)),
        "latin1.txt": "Le Qatar a donné 5 millions de dollars. Café.".encode("latin-1"),
        "empty.txt": b"",
        "blank.txt": b"  \n\n\t ",
        "big.txt": (EN * (20_000_000 // len(EN) + 1)).encode(),
        "deep.html": ("<div>" * 50_000 + "<p>" + EN + "</p>" + "</div>" * 50_000).encode(),
        "nul.txt": (EN[:40] + "\0" + EN[40:] + EN * 3).encode(),
        "bidi.txt": ("\u202eQatar\u202c pledged\u200b $5m\u200d to the \u2066Red Cross\u2069. \ufeff" + EN * 3).encode(),
        "mixed.txt": (AR * 3 + EN + AR).encode(),
        "script_only.html": b"<html><script>var a = 1</script><style>p{}</style></html>",
        "notgzip.jsonl.gz": b"this is not gzip",
        "truncated.jsonl.gz": b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    }
    for name, data in files.items():
        (d / name).write_bytes(data)
    lines = [json.dumps({"id": "good_en", "text": EN * 2}), "{broken", "[1, 2]", json.dumps({"id": "no_text"}),
             json.dumps({"id": "num_text", "text": 5}), json.dumps({"id": "blank_text", "text": " "}),
             '{"id": "surrogate", "text": "Qatar \\ud800 gave $5m"}', "[" * 100_000 + "]" * 100_000,
             json.dumps({"id": "good_ar", "text": AR * 2}, ensure_ascii=False)]
    (d / "dump.jsonl").write_bytes(("\n".join(lines) + "\n").encode() + b"\xff\xfe{}\n")
    expected = {
        "binary": ("error", "binary file"), "picture": ("skipped", "unsupported file type"),
        "latin1": ("error", "not valid UTF-8"), "empty": ("error", "empty file"), "blank": ("error", "empty file"),
        "big": ("error", "document too long"), "deep": ("error", "HTML nested too deeply"), "nul": None, "bidi": None, "mixed": None,
        "script_only": ("error", "no visible text"), "notgzip:1": ("error", "cannot read line 1"),
        "truncated:1": ("error", "cannot read line 1"),
        "good_en": None, "dump:2": ("error", "malformed JSON"), "dump:3": ("error", "not a JSON object"),
        "no_text": ("error", "no string field 'text'"), "num_text": ("error", "no string field 'text'"),
        "blank_text": ("error", "empty text"), "surrogate": ("error", "not valid Unicode"),
        "dump:8": ("error", "nested too deeply"), "good_ar": None, "dump:10": ("error", "not valid UTF-8"),
    }
    try:
        with open(os.path.join(os.fsencode(d), b"bad\xffname.txt"), "wb") as f:
            f.write(EN.encode())
        expected["bad\\udcffname"] = None
    except OSError:  # a filesystem that only takes UTF-8 names
        pass
    if hasattr(os, "mkfifo"):  # a named pipe: reported, never opened (opening it would block the run)
        os.mkfifo(d / "pipe.txt")
        expected["pipe"] = ("skipped", "not a regular file: named pipe")
    return expected


def check_report(report, expected):
    got = {r["doc_id"]: r for r in report}
    assert sorted(got) == sorted(expected) and len(report) == len(expected)
    for doc_id, want in expected.items():
        r = got[doc_id]
        if want is None:  # readable: processed, or a stage reported its own failure
            assert r["status"] == "ok" or r["reason"].startswith("stage "), r
        else:
            assert r["status"] == want[0] and want[1] in r["reason"], r


def test_readers_and_screen_report_every_hostile_input(tmp_path):
    expected = build_hostile(tmp_path)
    docs = list(read_path(tmp_path))
    for d in docs:
        screen(d)
    report = [{"doc_id": d.doc_id, "status": d.status, "reason": d.reason} for d in docs]
    check_report(report, expected)


@pytest.mark.slow
def test_cli_on_hostile_folder_reports_everything_and_exits_0(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    expected = build_hostile(src)
    out = tmp_path / "out" / "p.jsonl"
    res = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(src), "-o", str(out),
                          "--config", str(PIPELINE)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    check_report(read_jsonl(report_path(out)), expected)
    for rec in read_jsonl(out):
        validate(rec)


def test_nothing_readable_exits_1_and_empty_folder_exits_0(tmp_path, capsys):
    from pipeline.cli import main

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.txt").write_bytes(b"\xff\xfe\xfa bad")
    (bad / "b.txt").write_bytes(b"")
    fast = ["--config", str(ROOT / "tests" / "exec" / "fast.toml")]
    assert main(["extract", str(bad), "-o", str(tmp_path / "o.jsonl"), *fast]) == 1
    assert "no input document could be read" in capsys.readouterr().err
    assert len(read_jsonl(report_path(tmp_path / "o.jsonl"))) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["extract", str(empty), "-o", str(tmp_path / "e.jsonl"), *fast]) == 0
    assert (tmp_path / "e.jsonl").read_bytes() == b""
