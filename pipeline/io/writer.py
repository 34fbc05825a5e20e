"""Atomic JSONL output: records file + per-document report beside it.

Both files are written to temporary names in the target folder and renamed
into place only when the run completes, so a reader never sees half a file.

`render(doc)` turns one processed document into its output lines; every
engine (in-process, worker processes, Ray actors) renders with it, so the
bytes written never depend on where a document was processed.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, NamedTuple

from ..document import Document
from ..record import doc_report, dumps, to_record


def report_path(out: str | Path) -> Path:
    out = Path(out)
    name = out.name[:-len(".jsonl")] if out.name.endswith(".jsonl") else out.name
    return out.with_name(name + ".docs.jsonl")


class Rendered(NamedTuple):
    """One document's output: its record lines and its report line."""

    records: str  # zero or more "...\n" lines
    report: str  # exactly one "...\n" line
    status: str
    n_pledges: int


def _encodable(s: str) -> str:
    """`s` with any lone surrogate written as a backslash escape (never fails to encode)."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogatepass").decode("utf-8", "backslashreplace")


def render(doc: Document) -> Rendered:
    """The output lines for `doc`.  Never raises: a pledge that cannot be
    turned into a record marks the document `error` (with the reason) instead."""
    try:
        records = "".join(dumps(to_record(doc, p)) + "\n" for p in doc.pledges)
        records.encode("utf-8")
    except Exception as e:  # noqa: BLE001 - reported, never fatal
        doc.pledges = []
        doc.fail(f"output: {type(e).__name__}: {e}")
        records = ""
    report = dumps(doc_report(doc)) + "\n"
    return Rendered(records, _encodable(report), doc.status, len(doc.pledges))


class AtomicFile:
    """Context manager: a temp file renamed to `path` on success, removed on error."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._fh: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        return self._fh

    def __exit__(self, exc_type, exc, tb) -> None:
        assert self._fh is not None
        self._fh.close()
        if exc_type is None:
            os.replace(self._tmp, self.path)
        else:
            os.unlink(self._tmp)


class OutputWriter:
    """Writes records and the docs report for a stream of processed documents."""

    def __init__(self, out: str | Path):
        self.out = Path(out)
        self.counts = {"ok": 0, "skipped": 0, "error": 0, "pledges": 0}
        self._records = AtomicFile(self.out)
        self._report = AtomicFile(report_path(self.out))

    def __enter__(self) -> "OutputWriter":
        self._rec_fh = self._records.__enter__()
        self._rep_fh = self._report.__enter__()
        return self

    def write(self, doc: Document) -> None:
        self.write_rendered(render(doc))

    def write_rendered(self, r: Rendered) -> None:
        self._rec_fh.write(r.records)
        self._rep_fh.write(r.report)
        self.counts[r.status] = self.counts.get(r.status, 0) + 1
        self.counts["pledges"] += r.n_pledges

    def __exit__(self, exc_type, exc, tb) -> None:
        self._report.__exit__(exc_type, exc, tb)
        self._records.__exit__(exc_type, exc, tb)
