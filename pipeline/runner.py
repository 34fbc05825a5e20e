"""Run a built Plan over a stream of Documents, in bounded batches.

A stage that raises on one document marks that document `error` (with the
stage name and the exception) and the run goes on with the others.
"""
from __future__ import annotations

import itertools
import logging
from typing import Iterable, Iterator

from .dag import Plan
from .document import Document
from .registry import Stage

log = logging.getLogger(__name__)


def batched(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


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


def process(plan: Plan, docs: Iterable[Document], batch_size: int = 32) -> Iterator[Document]:
    """Yield every input document, processed (or reported), in input order."""
    stages = plan.instantiate()
    for batch in batched(docs, batch_size):
        for node, stage in zip(plan.nodes, stages):
            _run_stage(stage, node.section, batch)
        yield from batch
