"""Atomic JSONL output: records file + per-document report beside it.

Both files are written to temporary names in the target folder and renamed
into place only when the run completes, so a reader never sees half a file.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO

from ..document import Document
from ..record import doc_report, dumps, to_record


def report_path(out: str | Path) -> Path:
    out = Path(out)
    name = out.name[:-len(".jsonl")] if out.name.endswith(".jsonl") else out.name
    return out.with_name(name + ".docs.jsonl")


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
        for p in doc.pledges:
            self._rec_fh.write(dumps(to_record(doc, p)) + "\n")
        self._rep_fh.write(dumps(doc_report(doc)) + "\n")
        self.counts[doc.status] = self.counts.get(doc.status, 0) + 1
        self.counts["pledges"] += len(doc.pledges)

    def __exit__(self, exc_type, exc, tb) -> None:
        self._report.__exit__(exc_type, exc, tb)
        self._records.__exit__(exc_type, exc, tb)
