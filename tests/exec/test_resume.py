"""--resume: a killed run finished later gives the bytes an uninterrupted run gives."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from pipeline.exec.resume import ResumeError, work_dir
from pipeline.extract import RunOptions, extract
from pipeline.io.writer import report_path

from . import fake_stages
from .conftest import FAKE, FAST, ROOT, load, make_dump, outputs, seed_texts


def _journal_lines(out):
    try:
        return (work_dir(out) / "journal.jsonl").read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


@pytest.mark.slow
def test_sigkill_then_resume_is_byte_identical(tmp_path):
    texts = [t[:500] for t in seed_texts()]  # short documents: a quick run that is still 100 batches
    dump = make_dump(tmp_path / "dump.jsonl", 400, texts)
    ref, out = tmp_path / "ref" / "p.jsonl", tmp_path / "run" / "p.jsonl"
    args = [str(dump), "--config", str(FAST), "--batch-size", "4"]
    cmd = [sys.executable, "-m", "pipeline", "extract", *args]
    subprocess.run(cmd + ["-o", str(ref)], cwd=ROOT, check=True, capture_output=True)

    proc = subprocess.Popen(cmd + ["-o", str(out)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _journal_lines(out) < 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be killed: make the dump bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    done = _journal_lines(out)
    assert 5 <= done < 100 and not out.exists()

    res = subprocess.run(cmd + ["-o", str(out), "--resume"], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert "resuming" in res.stderr and "400 documents" in res.stderr
    assert outputs(out) == outputs(ref)
    assert not work_dir(out).exists()


def _aborted_run(dump, out, cfg, abort_on="d00013"):
    fake_stages.ABORT_ON.add(abort_on)
    with pytest.raises(KeyboardInterrupt):
        extract(dump, out, cfg)
    fake_stages.ABORT_ON.clear()
    assert work_dir(out).is_dir() and not out.exists()


def test_interrupted_run_resumes_after_torn_writes(tmp_path):
    dump = make_dump(tmp_path / "dump.jsonl", 40)
    cfg = load(FAKE)
    ref = tmp_path / "ref.jsonl"
    counts = extract(dump, ref, cfg)
    assert counts["pledges"] > 0 and counts["docs"] == 40

    out = tmp_path / "a.jsonl"
    _aborted_run(dump, out, cfg)
    # half-written batch after the last journal line, and a torn journal line: both dropped
    wd = work_dir(out)
    with open(wd / "records.part", "ab") as f:
        f.write(b'{"half": ')
    with open(wd / "journal.jsonl", "ab") as f:
        f.write(b'{"batch": 3, "rec')
    again = extract(dump, out, cfg, options=RunOptions(resume=True))
    assert outputs(out) == outputs(ref) and again == counts


def test_resume_refuses_another_config_or_input(tmp_path):
    dump = make_dump(tmp_path / "dump.jsonl", 30)
    cfg = load(FAKE)
    out = tmp_path / "p.jsonl"
    _aborted_run(dump, out, cfg)
    with pytest.raises(ResumeError, match="configuration"):
        extract(dump, out, load(FAKE, "run.batch_size=5"), options=RunOptions(resume=True))
    other = make_dump(tmp_path / "other.jsonl", 31)
    with pytest.raises(ResumeError, match="input path"):
        extract(other, out, cfg, options=RunOptions(resume=True))
    make_dump(dump, 31)  # same path, other content
    with pytest.raises(ResumeError, match="input files"):
        extract(dump, out, cfg, options=RunOptions(resume=True))
    assert work_dir(out).is_dir()  # refused, not removed


def test_without_resume_a_stale_work_dir_is_replaced(tmp_path):
    dump = make_dump(tmp_path / "dump.jsonl", 30)
    cfg = load(FAKE)
    ref, out = tmp_path / "ref.jsonl", tmp_path / "p.jsonl"
    extract(dump, ref, cfg)
    _aborted_run(dump, out, cfg)
    (work_dir(out) / "meta.json").write_text("{}")  # would be refused by --resume
    extract(dump, out, cfg)
    assert outputs(out) == outputs(ref) and not work_dir(out).exists()


def test_resume_without_work_dir_starts_over(tmp_path):
    dump = make_dump(tmp_path / "dump.jsonl", 9)
    out = tmp_path / "p.jsonl"
    counts = extract(dump, out, load(FAST), options=RunOptions(resume=True))
    assert counts["docs"] == 9 and out.exists() and not work_dir(out).exists()


def test_finish_cut_between_the_two_renames(tmp_path, monkeypatch):
    dump = make_dump(tmp_path / "dump.jsonl", 12)
    cfg = load(FAKE)
    ref, out = tmp_path / "ref.jsonl", tmp_path / "p.jsonl"
    extract(dump, ref, cfg)
    real = os.replace

    def cut(src, dst):  # the run dies after the report is in place, before the records are
        if str(src).endswith("records.part"):
            raise KeyboardInterrupt("killed between the two renames")
        real(src, dst)

    monkeypatch.setattr("pipeline.exec.resume.os.replace", cut)
    with pytest.raises(KeyboardInterrupt):
        extract(dump, out, cfg)
    monkeypatch.undo()
    assert report_path(out).exists() and not out.exists()
    journal = (work_dir(out) / "journal.jsonl").read_text().splitlines()
    assert json.loads(journal[-1])["final"] is True
    extract(dump, out, cfg, options=RunOptions(resume=True))
    assert outputs(out) == outputs(ref) and not work_dir(out).exists()


def test_damaged_work_dir_is_refused(tmp_path):
    dump = make_dump(tmp_path / "dump.jsonl", 30)
    cfg = load(FAKE)
    out = tmp_path / "p.jsonl"
    _aborted_run(dump, out, cfg)
    (work_dir(out) / "records.part").write_bytes(b"")
    with pytest.raises(ResumeError, match="records.part is short"):
        extract(dump, out, cfg, options=RunOptions(resume=True))
