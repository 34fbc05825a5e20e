"""Resumable output: a work directory beside OUT, a journal, atomic assembly.

    <OUT>.partial/
        meta.json        fingerprint of the run (input path + files, config)
        records.part     the records of the finished batches, in input order
        report.part      their report lines
        journal.jsonl    one line per finished batch: its number and the byte
                         lengths of both part files after it (+ running counts)
        lock             held (flock) while a run writes here

Batches are written in input order, so the journal is always a prefix of the
batches: a resumed run truncates the part files to the last journalled
lengths (dropping a batch that was half written when the run was killed) and
starts at the next batch.  Part files are fsync'ed before the journal line
that covers them, and the journal after each line.  At the end both part
files are renamed onto OUT and its report (same folder: atomic) and the work
directory is removed.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from ..errors import PipelineError
from ..io.readers import iter_files
from ..io.writer import report_path
from .batch import BatchResult

COUNT_KEYS = ("docs", "ok", "skipped", "error", "pledges", "readable")
FORMAT = 1


class ResumeError(PipelineError):
    """The work directory does not belong to this run (or is in use)."""


def work_dir(out: str | Path) -> Path:
    out = Path(out)
    return out.with_name(out.name + ".partial")


def fingerprint(input_path: str | Path, cfg: dict[str, Any]) -> dict[str, str]:
    """What must not change between a run and its resumption."""
    root = Path(input_path).resolve()
    files = hashlib.sha1()
    for p in iter_files(root):
        try:
            st = p.stat()
            files.update(f"{p.relative_to(root) if p != root else p.name}\0{st.st_size}\0{st.st_mtime_ns}\n"
                         .encode("utf-8", "surrogateescape"))
        except OSError:
            files.update(f"{p}\0unreadable\n".encode("utf-8", "surrogateescape"))
    conf = {k: v for k, v in cfg.items() if k != "_meta"}
    blob = json.dumps(conf, sort_keys=True, ensure_ascii=True, default=str)
    return {"input": str(root), "input_files": files.hexdigest(),
            "config": hashlib.sha1(blob.encode()).hexdigest(), "format": str(FORMAT)}


_WHAT = {"input": "the input path", "input_files": "the input files (names, sizes or times)",
         "config": "the configuration (config file, --set, --batch-size or field options)",
         "format": "the work-directory format"}


def _sync(fh) -> None:
    """Data (and size) on disk before the journal says so; fdatasync skips the timestamps."""
    fh.flush()
    getattr(os, "fdatasync", os.fsync)(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class JournaledOutput:
    """Writes finished batches to the work directory; `finish` assembles OUT."""

    def __init__(self, out: str | Path, fp: dict[str, str], resume: bool):
        self.out = Path(out)
        self.report = report_path(self.out)
        self.dir = work_dir(self.out)
        self.fp = fp
        self.counts = dict.fromkeys(COUNT_KEYS, 0)
        self.next_batch = 0
        self.finished = False
        self.resumed = False
        self.out.parent.mkdir(parents=True, exist_ok=True)
        if resume and (self.dir / "meta.json").is_file():
            self._lock()
            self._reopen()
        else:
            self._fresh()

    # -- set up ---------------------------------------------------------------
    def _lock(self) -> None:
        self.dir.mkdir(exist_ok=True)
        self._lock_fh = open(self.dir / "lock", "a")
        try:
            fcntl.flock(self._lock_fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ResumeError(f"{self.dir}: another run is writing {self.out}") from None

    def _fresh(self) -> None:
        if self.dir.exists():
            self._lock()  # refuse to pull a live run's directory from under it
            self._lock_fh.close()
            shutil.rmtree(self.dir)
        self._lock()
        tmp = self.dir / "meta.json.tmp"
        tmp.write_text(json.dumps(self.fp, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, self.dir / "meta.json")
        for name in ("records.part", "report.part", "journal.jsonl"):
            (self.dir / name).write_bytes(b"")
        _fsync_dir(self.dir)
        self._open_files()

    def _reopen(self) -> None:
        try:
            old = json.loads((self.dir / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = {}
        diff = [k for k in self.fp if old.get(k) != self.fp[k]]
        if diff:
            what = "; ".join(_WHAT.get(k, k) for k in diff)
            raise ResumeError(f"cannot resume into {self.out}: {what} changed since the interrupted run "
                              f"(work directory {self.dir}); run again without --resume to start over")
        last, good_bytes = self._read_journal()
        self.resumed = True
        if last is not None:
            self.counts = {k: int(last["counts"].get(k, 0)) for k in COUNT_KEYS}
            self.next_batch = int(last["batch"]) + 1
            self.finished = bool(last.get("final"))
        sizes = (int(last["records"]), int(last["report"])) if last else (0, 0)
        if self.finished:
            return
        for name, size in zip(("records.part", "report.part"), sizes):
            part = self.dir / name
            have = part.stat().st_size if part.exists() else -1
            if have < size:
                raise ResumeError(f"cannot resume into {self.out}: {part} is {'missing' if have < 0 else 'short'} "
                                  f"(the journal says {size} bytes); run again without --resume to start over")
            with open(part, "ab") as f:  # drop a batch written after its journal line was not
                f.truncate(size)
        with open(self.dir / "journal.jsonl", "ab") as f:
            f.truncate(good_bytes)
        self._open_files()

    def _read_journal(self) -> tuple[dict | None, int]:
        """The last complete journal entry and the byte length up to it."""
        last, good, expect = None, 0, 0
        try:
            data = (self.dir / "journal.jsonl").read_bytes()
        except FileNotFoundError:
            return None, 0
        for line in data.splitlines(keepends=True):
            if not line.endswith(b"\n"):
                break  # torn write
            try:
                entry = json.loads(line)
            except ValueError:
                break
            if entry.get("batch") != expect - (1 if entry.get("final") else 0):
                break
            last, good = entry, good + len(line)
            expect += 0 if entry.get("final") else 1
        return last, good

    def _open_files(self) -> None:
        self._rec = open(self.dir / "records.part", "ab")
        self._rep = open(self.dir / "report.part", "ab")
        self._jrn = open(self.dir / "journal.jsonl", "ab")

    # -- writing --------------------------------------------------------------
    def _journal(self, entry: dict[str, Any]) -> None:
        self._jrn.write((json.dumps(entry, sort_keys=True) + "\n").encode("utf-8"))
        _sync(self._jrn)

    def commit(self, res: BatchResult) -> None:
        if res.index != self.next_batch:
            raise RuntimeError(f"batch {res.index} written out of order (expected {self.next_batch})")
        for fh, text in ((self._rec, res.records), (self._rep, res.report)):
            if text:
                fh.write(text.encode("utf-8"))
                _sync(fh)
        self.counts["docs"] += res.n_docs
        for k in COUNT_KEYS[1:]:
            self.counts[k] += res.counts.get(k, 0)
        self._journal({"batch": res.index, "records": self._rec.tell(), "report": self._rep.tell(),
                       "counts": self.counts})
        self.next_batch += 1

    def finish(self) -> None:
        """Put OUT and its report in place and remove the work directory."""
        if not self.finished:
            self._journal({"batch": self.next_batch - 1, "final": True, "records": self._rec.tell(),
                           "report": self._rep.tell(), "counts": self.counts})
            self.finished = True
            self.close_files()
        for name, target in (("report.part", self.report), ("records.part", self.out)):
            part = self.dir / name
            if part.exists():  # absent when a previous finish was cut between the two renames
                os.replace(part, target)
        _fsync_dir(self.out.parent)
        shutil.rmtree(self.dir, ignore_errors=True)

    def close_files(self) -> None:
        for name in ("_rec", "_rep", "_jrn"):
            fh = getattr(self, name, None)
            if fh is not None:
                fh.close()
                setattr(self, name, None)

    def close(self) -> None:
        self.close_files()
        fh = getattr(self, "_lock_fh", None)
        if fh is not None:
            fh.close()
            self._lock_fh = None
