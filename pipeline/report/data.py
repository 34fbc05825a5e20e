"""The report's inputs: the records, grouped by article, and each article's text.

The text is read by the same readers `extract` uses (`pipeline.io.readers`), so
the records' offsets land where they were found.  By default each record's
`source` is read (a file path, or `path:line` for a JSONL input); with `docs`
the documents under that path are read instead and matched by `doc_id`.  An
article whose text cannot be had keeps its records, with the reason; a record
whose amount offsets do not land on its amount text (the source changed since
the run) is listed with a reason and not highlighted.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError
from ..io.readers import JSONL_SUFFIXES, ReaderSettings, read_file, read_path, suffix_of

_LINE = re.compile(r"^(.*):(\d+)$")


@dataclass
class Article:
    doc_id: str
    source: str
    lang: str
    index: int  # position in the report (first appearance in the records)
    records: list[dict[str, Any]] = field(default_factory=list)
    text: str | None = None
    problem: str | None = None  # why the text is not shown

    @property
    def anchor(self) -> str:
        return f"doc-{self.index}"


@dataclass
class Report:
    records: list[dict[str, Any]]
    articles: list[Article]
    # record anchor -> why its amount is not highlighted (offsets off, or no text)
    unmarked: dict[str, str] = field(default_factory=dict)


def read_records(path: str | Path) -> list[dict[str, Any]]:
    """The records of a `pledges extract` output file (blank lines skipped)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file")
    records = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"{path}:{n}", f"not a JSON record: {e.msg}") from None
            if not isinstance(rec, dict) or "doc_id" not in rec or "start" not in rec:
                raise InputError(f"{path}:{n}", "not a pledge record (no doc_id/start)")
            records.append(rec)
    return records


def assign_anchors(records: list[dict[str, Any]]) -> None:
    """Give each record a short unique HTML id `r<line>` (stored as `_anchor`): it is
    repeated on every marked piece of its article, so it is kept short."""
    for i, rec in enumerate(records):
        rec["_anchor"] = f"r{i + 1}"


def group_articles(records: list[dict[str, Any]]) -> list[Article]:
    by_doc: dict[tuple[str, str], Article] = {}
    for rec in records:
        key = (rec["doc_id"], rec.get("source") or "")
        art = by_doc.get(key)
        if art is None:
            art = by_doc[key] = Article(rec["doc_id"], key[1], rec.get("lang") or "en", len(by_doc))
        art.records.append(rec)
    return list(by_doc.values())


def split_source(source: str) -> tuple[Path, int | None]:
    """A record's `source` -> (file, JSONL line number or None)."""
    path = Path(source)
    if not path.exists():
        m = _LINE.match(source)
        if m and suffix_of(Path(m.group(1))) in JSONL_SUFFIXES:
            return Path(m.group(1)), int(m.group(2))
    return path, None


def _line_of(doc_source: str) -> int | None:
    m = _LINE.match(doc_source)
    return int(m.group(2)) if m else None


def _take(art: Article, doc) -> None:
    if doc.status == "ok" and doc.text:
        art.text, art.problem = doc.text, None
    else:
        art.problem = f"the source cannot be read: {doc.reason or doc.status}"


def load_from_sources(articles: Iterable[Article], settings: ReaderSettings) -> None:
    """Read each article's text from its record `source`, one read per file."""
    files: dict[Path, list[tuple[int | None, Article]]] = {}
    for art in articles:
        if not art.source:
            art.problem = "the record names no source"
            continue
        path, line = split_source(art.source)
        files.setdefault(path, []).append((line, art))
    for path, wanted in files.items():
        if not path.is_file():
            for _, art in wanted:
                art.problem = f"the source is gone: {path} does not exist"
            continue
        by_line = {line: art for line, art in wanted}
        for doc in read_file(path, settings):
            art = by_line.get(_line_of(doc.source) if suffix_of(path) in JSONL_SUFFIXES else None)
            if art is not None:
                _take(art, doc)
        for line, art in wanted:
            if art.text is None and art.problem is None:
                art.problem = f"the source is gone: no line {line} in {path}"


def load_from_docs(articles: Iterable[Article], docs: str | Path, settings: ReaderSettings) -> None:
    """Read the documents under `docs` (as `extract` did) and match them by doc_id."""
    by_id: dict[str, list[Article]] = {}
    for art in articles:
        by_id.setdefault(art.doc_id, []).append(art)
    for doc in read_path(docs, settings):
        for art in by_id.get(doc.doc_id, ()):
            _take(art, doc)
    for arts in by_id.values():
        for art in arts:
            if art.text is None and art.problem is None:
                art.problem = f"the source is gone: no document {art.doc_id!r} under {docs}"


def span_ok(span: Any, n: int) -> bool:
    """A record span that can be drawn on a text of length `n`."""
    return (isinstance(span, dict) and isinstance(span.get("start"), int) and isinstance(span.get("end"), int)
            and 0 <= span["start"] < span["end"] <= n)


def check_offsets(art: Article, unmarked: dict[str, str]) -> None:
    """Records whose amount offsets do not land on the amount text are not highlighted."""
    for rec in art.records:
        if art.text is None:
            unmarked[rec["_anchor"]] = art.problem or "no article text"
            continue
        amount = rec.get("amount") or rec.get("in_kind") or {}
        start, end = rec.get("start"), rec.get("end")
        ok = span_ok({"start": start, "end": end}, len(art.text))
        if not ok or art.text[start:end] != amount.get("text"):
            unmarked[rec["_anchor"]] = ("its offsets do not land on the amount in this text "
                                        "(the source changed since the run?)")


def load(records_path: str | Path, docs: str | Path | None = None,
         settings: ReaderSettings | None = None) -> Report:
    settings = settings or ReaderSettings()
    records = read_records(records_path)
    assign_anchors(records)
    articles = group_articles(records)
    if docs is not None:
        if not Path(docs).exists():
            raise InputError(str(docs), "no such file or directory")
        load_from_docs(articles, docs, settings)
    else:
        load_from_sources(articles, settings)
    report = Report(records, articles)
    for art in articles:
        check_offsets(art, report.unmarked)
    return report
