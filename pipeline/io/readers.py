"""Readers: a file or folder of .txt / .html / .jsonl(.gz) -> Documents.

Readers are generators, in a deterministic order (sorted paths, then line
order).  A source that cannot be read yields a Document with status "error"
and a reason, so nothing is lost silently and the run goes on.
"""
from __future__ import annotations

import gzip
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..document import Document
from ..errors import InputError
from .html import IncompleteHTML, html_to_text

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
_TEXT_CONTROLS = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}


@dataclass
class ReaderSettings:
    id_field: str = "id"
    text_field: str = "text"
    max_bytes: int = 50_000_000  # larger sources are reported, not read


def suffix_of(path: Path) -> str:
    name = path.name.lower()
    for suf in JSONL_SUFFIXES + HTML_SUFFIXES + TEXT_SUFFIXES:
        if name.endswith(suf):
            return suf
    return path.suffix.lower()


def doc_stem(path: Path) -> str:
    suf = suffix_of(path)
    name = path.name
    return name[: len(name) - len(suf)] if name.lower().endswith(suf) else path.stem


# Opening a named pipe blocks until a writer appears, and a device can be
# endless: only regular files are read, anything else gets a report line.
_SPECIAL = {stat.S_IFIFO: "named pipe (FIFO)", stat.S_IFSOCK: "socket", stat.S_IFCHR: "character device",
            stat.S_IFBLK: "block device", stat.S_IFDIR: "directory"}


def special_kind(path: Path) -> str | None:
    """What `path` is when it is not a regular file (symlinks followed); None for a
    regular file, or when it cannot be stat'ed (the read then reports why)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else _SPECIAL.get(stat.S_IFMT(mode), "special file")


def iter_files(root: Path) -> Iterator[Path]:
    """Every file below `root` (or `root` itself), sorted, symlinked dirs not followed."""
    if not root.is_dir():
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def decode_text(data: bytes, source: str) -> str:
    """Strict UTF-8; binary and empty inputs are errors with a reason."""
    if not data.strip():
        raise InputError(source, "empty file")
    head = data[:8192]
    control = sum(1 for b in head if (b < 0x20 and b not in _TEXT_CONTROLS) or b == 0x7F)
    if head.count(0) / len(head) > 0.01 or control / len(head) > 0.05:
        raise InputError(source, "binary file (control bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(source, f"not valid UTF-8 (byte {e.start}: {data[e.start:e.start + 1]!r})") from None
    if not text.strip():
        raise InputError(source, "empty file")
    return text


def _error_doc(doc_id: str, source: str, reason: str, status: str = "error") -> Document:
    doc = Document(doc_id=doc_id, text="", source=source)
    doc.status, doc.reason = status, reason
    return doc


def read_path(root: str | Path, settings: ReaderSettings | None = None) -> Iterator[Document]:
    """All documents under `root`.  Raises InputError only when `root` is missing."""
    settings = settings or ReaderSettings()
    root = Path(root)
    if not root.exists():
        raise InputError(str(root), "no such file or directory")
    seen: dict[str, int] = {}
    for path in iter_files(root):
        for doc in read_file(path, settings):
            n = seen.get(doc.doc_id, 0) + 1
            seen[doc.doc_id] = n
            if n > 1:  # the same id twice (same stem in two folders): keep both, distinctly
                doc.doc_id = f"{doc.doc_id}#{n}"
            yield doc


def read_file(path: Path, settings: ReaderSettings) -> Iterator[Document]:
    source, suf, stem = str(path), suffix_of(path), doc_stem(path)
    kind = special_kind(path)
    if kind is not None:  # never opened: see _SPECIAL
        yield _error_doc(stem, source, f"not a regular file: {kind}", status="skipped")
        return
    if suf in JSONL_SUFFIXES:
        yield from read_jsonl(path, settings)
        return
    if suf not in TEXT_SUFFIXES + HTML_SUFFIXES:
        yield _error_doc(stem, source, f"unsupported file type {suf or '(none)'!r}", status="skipped")
        return
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise InputError(source, f"file too large ({size} bytes > max_bytes {settings.max_bytes})")
        data = path.read_bytes()
        text = decode_text(data, source)
        if suf in HTML_SUFFIXES:
            try:
                text = html_to_text(text)
            except IncompleteHTML as e:
                raise InputError(source, str(e)) from None
            if not text.strip():
                raise InputError(source, "no visible text in HTML")
    except InputError as e:
        yield _error_doc(stem, source, e.reason)
        return
    except OSError as e:
        yield _error_doc(stem, source, f"cannot read: {e.strerror or e}")
        return
    except (RecursionError, MemoryError, ValueError) as e:  # pathological markup: reported, never fatal
        yield _error_doc(stem, source, f"cannot read: {type(e).__name__}: {e}")
        return
    yield Document(doc_id=stem, text=text, source=source)


def _open_lines(path: Path):
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return path.open("rb")


def read_jsonl(path: Path, settings: ReaderSettings) -> Iterator[Document]:
    source, stem = str(path), doc_stem(path)
    try:
        fh = _open_lines(path)
    except OSError as e:
        yield _error_doc(stem, source, f"cannot read: {e.strerror or e}")
        return
    n_docs = 0
    with fh:
        lineno = 0
        while True:
            try:
                raw = fh.readline()
            except (OSError, EOFError, gzip.BadGzipFile) as e:
                yield _error_doc(f"{stem}:{lineno + 1}", source, f"cannot read line {lineno + 1}: {e}")
                return
            if not raw:
                break
            lineno += 1
            if not raw.strip():
                continue
            n_docs += 1
            where = f"{source}:{lineno}"
            fallback_id = f"{stem}:{lineno}"
            try:
                line = raw.decode("utf-8")
                rec = json.loads(line)
            except UnicodeDecodeError:
                yield _error_doc(fallback_id, where, "line is not valid UTF-8")
                continue
            except json.JSONDecodeError as e:
                yield _error_doc(fallback_id, where, f"malformed JSON: {e.msg} at column {e.colno}")
                continue
            except RecursionError:
                yield _error_doc(fallback_id, where, "malformed JSON: nested too deeply")
                continue
            if not isinstance(rec, dict):
                yield _error_doc(fallback_id, where, "line is not a JSON object")
                continue
            doc_id = rec.get(settings.id_field)
            doc_id = str(doc_id) if doc_id not in (None, "") else fallback_id
            text = rec.get(settings.text_field)
            if not isinstance(text, str):
                yield _error_doc(doc_id, where, f"no string field {settings.text_field!r}")
                continue
            if not text.strip():
                yield _error_doc(doc_id, where, "empty text")
                continue
            yield Document(doc_id=doc_id, text=text, source=where)
    if n_docs == 0:
        yield _error_doc(stem, source, "empty file")
