"""Run a built Plan over a stream of Documents, in bounded batches.

A stage that raises on one document marks that document `error` (with the
stage name and the exception) and the run goes on with the others.  Before
any stage runs, `screen` reports documents no stage should see (too long,
invalid Unicode) and makes ids and sources safe to write.
"""
from __future__ import annotations

import itertools
import logging
import re
import time
from typing import Iterable, Iterator

from .dag import Plan
from .document import Document
from .registry import Stage

log = logging.getLogger(__name__)

DEFAULT_MAX_CHARS = 2_000_000  # longer documents are reported, not processed
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def batched(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _safe_str(s: str) -> str:
    """Lone surrogates (undecodable file names, bad JSON escapes) as backslash escapes."""
    if not _SURROGATE.search(s):
        return s
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", s)


def screen(doc: Document, max_chars: int = DEFAULT_MAX_CHARS) -> None:
    """Report what the stages must not see; never raises."""
    doc.doc_id, doc.source = _safe_str(doc.doc_id), _safe_str(doc.source)
    if not doc.ok:
        return
    if max_chars and len(doc.text) > max_chars:
        doc.fail(f"document too long ({len(doc.text)} chars > run.max_chars {max_chars})")
    elif m := _SURROGATE.search(doc.text):
        doc.fail(f"text is not valid Unicode (lone surrogate U+{ord(m.group()):04X} at char {m.start()})")


def _run_stage(stage: Stage, section: str, batch: list[Document]) -> None:
    live = [d for d in batch if d.ok]
    if not live:
        return
    try:
        stage.process_batch(live)
    except Exception:  # noqa: BLE001 - fall back to one document at a time to isolate the culprit
        for doc in live:
            if not doc.ok:
                continue
            try:
                stage(doc)
            except Exception as e:  # noqa: BLE001 - reported in the docs report, never fatal
                log.debug("stage %s failed on %s", section, doc.doc_id, exc_info=True)
                doc.fail(f"stage {section}: {type(e).__name__}: {e}")
    for doc in live:
        if doc.ok:
            doc.provided.update(stage.provides)


def run_batch(plan: Plan, stages: list[Stage], batch: list[Document],
              timings: dict[str, float] | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> None:
    """Screen then run every stage on `batch` in place; add seconds per stage to `timings`."""
    for doc in batch:
        screen(doc, max_chars)
    for node, stage in zip(plan.nodes, stages):
        t0 = time.perf_counter()
        _run_stage(stage, node.section, batch)
        if timings is not None:
            timings[node.section] = timings.get(node.section, 0.0) + time.perf_counter() - t0


def process(plan: Plan, docs: Iterable[Document], batch_size: int = 32,
            timings: dict[str, float] | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Document]:
    """Yield every input document, processed (or reported), in input order."""
    stages = plan.instantiate()
    for batch in batched(docs, batch_size):
        run_batch(plan, stages, batch, timings, max_chars)
        yield from batch
