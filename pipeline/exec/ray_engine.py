"""Ray engine (--engine ray): the same batches, processed by Ray actors.

The input is read by a single Ray Data read task (pinned to the driver's node,
so IN only has to exist there) that yields one row per numbered batch: the
documents as dicts, pickled.  `map_batches` runs a callable class, so each
actor builds the Plan and loads its models once; rows come back with their
batch number and are written in input order.  Ray Data's streaming executor
applies backpressure to the read task, so memory stays bounded.

`ray.init()` starts a local Ray by default; `--ray-address` (or RAY_ADDRESS)
joins an existing cluster.  Ray is imported only here, so it stays optional.
"""
from __future__ import annotations

import logging
import os
import pickle
from typing import Any, Iterator

from ..dag import Plan
from ..errors import PipelineError
from .batch import BatchResult, Source, Worker, limit_threads, to_wire, unloaded


class EngineUnavailable(PipelineError):
    pass


def _import_ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise EngineUnavailable("--engine ray needs Ray, which is not installed: "
                                "pip install ray==2.60.0 (or run with --engine local)") from None
    return ray


class PlanActor:
    """A Ray Data callable class: one Worker (models loaded once) per actor."""

    def __init__(self, plan: Plan, max_chars: int, profile: bool):
        limit_threads()
        self.worker = Worker(plan, max_chars, profile)

    def __call__(self, table):
        import pyarrow as pa

        out_index, out_result = [], []
        for index, payload in zip(table.column("index").to_pylist(), table.column("payload").to_pylist()):
            res = self.worker.run_dicts(int(index), pickle.loads(payload))
            out_index.append(index)
            out_result.append(pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL))
        return pa.table({"index": pa.array(out_index, pa.int64()),
                         "result": pa.array(out_result, pa.large_binary())})


def _datasource(source: Source):
    from ray.data.block import BlockMetadata
    from ray.data.datasource import Datasource, ReadTask

    class SourceDatasource(Datasource):
        def estimate_inmemory_data_size(self) -> int | None:
            return None

        def get_read_tasks(self, parallelism: int, per_task_row_limit: int | None = None,
                           data_context: Any = None) -> list[ReadTask]:
            def read():
                import pyarrow as pa

                for index, docs in source.batches():
                    payload = pickle.dumps(to_wire(docs), protocol=pickle.HIGHEST_PROTOCOL)
                    yield pa.table({"index": pa.array([index], pa.int64()),
                                    "payload": pa.array([payload], pa.large_binary())})

            meta = BlockMetadata(num_rows=None, size_bytes=None, exec_stats=None, input_files=None)
            return [ReadTask(read, meta)]

    return SourceDatasource()


class RayEngine:
    name = "ray"

    def __init__(self, plan: Plan, max_chars: int, workers: int, profile: bool = False,
                 address: str | None = None):
        ray = self.ray = _import_ray()
        self.plan, self.max_chars, self.workers, self.profile = plan, max_chars, max(1, workers), profile
        self._owns = not ray.is_initialized()
        if self._owns:
            address = address or os.environ.get("RAY_ADDRESS") or None
            local = {} if address else {"num_cpus": max(os.cpu_count() or 1, self.workers),
                                        "include_dashboard": False}
            ray.init(address=address, logging_level=logging.WARNING, log_to_driver=True, **local)
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.target_max_block_size = 1  # one row (one batch of documents) per block, spread over the actors
        ctx.enable_progress_bars = False
        # bound what is read ahead of the actors (the object store would otherwise fill up to its
        # default budget on a big dump); rows are small, so this still keeps every actor busy
        budget = (64 + 2 * self.workers) * 1024 * 1024
        ctx.execution_options.resource_limits = ctx.execution_options.resource_limits.copy(
            object_store_memory=budget)
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        ctx.print_on_execution_start = False
        ctx.verbose_stats_logs = False

    def run(self, source: Source) -> Iterator[BatchResult]:
        ray = self.ray
        node = ray.get_runtime_context().get_node_id()
        ds = ray.data.read_datasource(_datasource(source), override_num_blocks=1, num_cpus=0,
                                      label_selector={"ray.io/node-id": node})
        ds = ds.map_batches(PlanActor, fn_constructor_args=(unloaded(self.plan), self.max_chars, self.profile),
                            batch_size=1, batch_format="pyarrow", num_cpus=1,
                            compute=ray.data.ActorPoolStrategy(size=self.workers))
        waiting: dict[int, BatchResult] = {}
        expect = source.start
        for row in ds.iter_rows():
            res: BatchResult = pickle.loads(row["result"])
            waiting[res.index] = res
            while expect in waiting:  # rows come in order (preserve_order); this is the safety net
                yield waiting.pop(expect)
                expect += 1
        if waiting:
            raise RuntimeError(f"ray engine: batches {sorted(waiting)[:5]} came back without batch {expect}")

    def close(self) -> None:
        if self._owns:
            self.ray.shutdown()
