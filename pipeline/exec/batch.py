"""What every engine shares: the input source, cut into numbered batches, and
the worker that turns one batch into its rendered output.

A batch's number is its position in the deterministic input order, so any
engine, any number of workers, and a resumed run all produce the same batches
and write them in the same order.
"""
from __future__ import annotations

import gc
import itertools
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ..dag import Plan
from ..document import Document
from ..io.readers import ReaderSettings, read_path
from ..io.writer import render
from ..runner import DEFAULT_MAX_CHARS, batched, run_batch
from .serial import doc_from_dict, doc_to_dict


@dataclass(frozen=True)
class Source:
    """The input, as batches of documents.  Picklable: engines may read it in
    another process (Ray's read task)."""

    path: str
    settings: ReaderSettings
    batch_size: int = 32
    start: int = 0  # batches before this one are already done (resume)

    def batches(self) -> Iterator[tuple[int, list[Document]]]:
        docs = read_path(self.path, self.settings)
        for i, batch in enumerate(batched(docs, self.batch_size)):
            if i >= self.start:
                yield i, batch

    def probe(self) -> Iterator[tuple[int, list[Document]]]:
        """Like batches(), but a missing path raises before the first batch is asked for."""
        it = self.batches()
        first = next(it, None)
        return iter(()) if first is None else itertools.chain([first], it)


@dataclass
class BatchResult:
    index: int
    n_docs: int
    records: str  # the records lines of the batch, in input order
    report: str  # one report line per document
    counts: dict[str, int] = field(default_factory=dict)  # ok/skipped/error/pledges/readable
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage


def unloaded(plan: Plan) -> Plan:
    """The same stages, not instantiated: what is sent to other processes (never the models)."""
    return Plan(plan.nodes, plan.outputs)


def limit_threads() -> None:
    """One worker per core: keep each worker's math libraries single-threaded
    (torch reads OMP_NUM_THREADS when a stage first imports it)."""
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


def _readable(doc: Document) -> bool:
    """The reader could read it (errors here are read errors, before any stage)."""
    return doc.status in ("ok", "skipped")


class Worker:
    """Holds one instantiated Plan (models loaded once) and processes batches."""

    def __init__(self, plan: Plan, max_chars: int = DEFAULT_MAX_CHARS, profile: bool = False):
        self.plan, self.max_chars, self.profile = plan, max_chars, profile
        self.stages = plan.instantiate()
        # The loaded models are a quarter of a million objects that live as long
        # as the worker: moved out of the collector's sight (gc.freeze), the
        # older generations' collections no longer walk them every few batches
        # (about a tenth of the run time on English documents otherwise).
        gc.collect()
        gc.freeze()

    def close(self) -> None:
        """Give the frozen objects back to the collector (a worker that lives in
        a longer process, e.g. extract() called from a program)."""
        gc.unfreeze()

    def run(self, index: int, docs: list[Document]) -> BatchResult:
        counts = {"ok": 0, "skipped": 0, "error": 0, "pledges": 0,
                  "readable": sum(1 for d in docs if _readable(d))}
        timings: dict[str, float] = {}
        run_batch(self.plan, self.stages, docs, timings if self.profile else None, self.max_chars)
        records, report = [], []
        t0 = time.perf_counter()
        for doc in docs:
            r = render(doc)
            records.append(r.records)
            report.append(r.report)
            counts[r.status] = counts.get(r.status, 0) + 1
            counts["pledges"] += r.n_pledges
        if self.profile:
            timings["<output>"] = time.perf_counter() - t0
        return BatchResult(index, len(docs), "".join(records), "".join(report), counts, timings)

    def run_dicts(self, index: int, docs: list[dict[str, Any]]) -> BatchResult:
        return self.run(index, [doc_from_dict(d) for d in docs])


def to_wire(docs: list[Document]) -> list[dict[str, Any]]:
    """Reader output -> dicts (readers fill no layers, so only the base fields travel)."""
    return [doc_to_dict(d, layers=False) for d in docs]


def settings_from(cfg: dict[str, Any]) -> ReaderSettings:
    input_cfg = cfg.get("input", {})
    return ReaderSettings(**{k: v for k, v in input_cfg.items() if k in ReaderSettings.__dataclass_fields__})


def source_from(input_path: str | Path, cfg: dict[str, Any], start: int = 0) -> Source:
    batch_size = int(cfg.get("run", {}).get("batch_size", 32))
    return Source(str(input_path), settings_from(cfg), max(1, batch_size), start)
