"""In-process and multi-process engines.

Both take numbered batches from a Source and yield BatchResults in input
order.  The process engine starts N worker processes ("spawn": no fork of a
process holding torch/spaCy state); each builds its stages once, in the pool
initializer, and at most `in_flight` batches are out at any time, so memory
stays flat however big the dump is.
"""
from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Iterator

from ..dag import Plan
from ..errors import PipelineError
from .batch import BatchResult, Source, Worker, limit_threads, to_wire, unloaded

_WORKER: Worker | None = None
_SETUP_ERROR: str | None = None


class WorkerCrash(PipelineError):
    """A worker process died (killed, out of memory, crashed in native code)."""


class WorkerSetupError(PipelineError):
    """A worker could not build its stages (a model missing, bad settings)."""


class LocalEngine:
    """Everything in this process: the default (--workers 1)."""

    name = "local"

    def __init__(self, plan: Plan, max_chars: int, profile: bool = False):
        self.worker = Worker(plan, max_chars, profile)

    def run(self, source: Source) -> Iterator[BatchResult]:
        for index, docs in source.probe():
            yield self.worker.run(index, docs)

    def close(self) -> None:
        self.worker.close()


def _init_worker(plan: Plan, max_chars: int, profile: bool) -> None:
    global _WORKER, _SETUP_ERROR
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's: it shuts the pool down
    limit_threads()
    try:
        _WORKER = Worker(plan, max_chars, profile)
    except Exception as e:  # noqa: BLE001 - raised again, as one message, by the first batch
        _SETUP_ERROR = f"worker setup failed: {type(e).__name__}: {e}"


def _run_batch(index: int, docs: list[dict]) -> BatchResult:
    if _WORKER is None:
        raise WorkerSetupError(_SETUP_ERROR or "worker not initialised")
    return _WORKER.run_dicts(index, docs)


class ProcessEngine:
    """N worker processes on this machine (--workers N)."""

    name = "workers"

    def __init__(self, plan: Plan, max_chars: int, workers: int, profile: bool = False,
                 in_flight: int | None = None, start_method: str = "spawn"):
        self.workers = workers
        self.in_flight = in_flight or 2 * workers
        ctx = multiprocessing.get_context(start_method)
        self.pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                                        initargs=(unloaded(plan), max_chars, profile))

    def run(self, source: Source) -> Iterator[BatchResult]:
        pending: deque[Future] = deque()
        try:
            for index, docs in source.probe():
                pending.append(self.pool.submit(_run_batch, index, to_wire(docs)))
                del docs
                if len(pending) >= self.in_flight:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BrokenProcessPool as e:
            raise WorkerCrash("a worker process died (killed or crashed; see messages above); "
                              "rerun with --resume to continue from the last finished batch") from e
        finally:
            for f in pending:
                f.cancel()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
