"""The `extract` command's engine: read -> run the DAG -> write, streaming.

Documents are read lazily and cut into numbered batches (positions in the
deterministic input order); an engine processes them (in this process, in N
worker processes, or on Ray actors) and the results are written in input
order, so the output is byte-identical whichever engine and however many
workers run it.  Every finished batch is journalled in `<OUT>.partial/`, so a
killed run can be finished with `resume=True` (see pipeline.exec.resume).
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .dag import build
from .errors import InputError
from .exec.batch import Source, source_from
from .exec.progress import Progress, estimate_total, profile_report
from .exec.resume import JournaledOutput, fingerprint
from .runner import DEFAULT_MAX_CHARS

ENGINES = ("local", "ray")


@dataclass
class RunOptions:
    workers: int = 1  # processes (local engine) or actors (ray engine)
    engine: str = "local"  # local | ray
    resume: bool = False
    progress: bool = False
    profile: bool = False  # seconds per stage on stderr at the end
    ray_address: str | None = None
    in_flight: int | None = None  # batches out at once (workers engine); default 2 x workers


def make_engine(plan, cfg: dict[str, Any], opts: RunOptions):
    t0 = time.perf_counter()
    engine = _make_engine(plan, cfg, opts)
    engine.setup_s = time.perf_counter() - t0
    return engine


def _make_engine(plan, cfg: dict[str, Any], opts: RunOptions):
    max_chars = int(cfg.get("run", {}).get("max_chars", DEFAULT_MAX_CHARS))
    if opts.engine == "ray":
        from .exec.ray_engine import RayEngine

        return RayEngine(plan, max_chars, opts.workers, opts.profile, opts.ray_address)
    if opts.engine != "local":
        raise ValueError(f"unknown engine {opts.engine!r} (known: {', '.join(ENGINES)})")
    from .exec.workers import LocalEngine, ProcessEngine

    if opts.workers <= 1:
        return LocalEngine(plan, max_chars, opts.profile)
    return ProcessEngine(plan, max_chars, opts.workers, opts.profile, opts.in_flight)


def extract(input_path: str | Path, out: str | Path, cfg: dict[str, Any], progress: bool = False,
            options: RunOptions | None = None) -> dict[str, int]:
    """Run the pipeline on `input_path`, write `out` and its report; return the counts
    (docs, ok, skipped, error, pledges, readable = documents the readers could read)."""
    opts = options or RunOptions(progress=progress)
    plan = build(cfg)  # validate the DAG before touching any input
    if not Path(input_path).exists():
        raise InputError(str(input_path), "no such file or directory")
    fp = fingerprint(input_path, cfg)
    engine = make_engine(plan, cfg, opts)  # models load here (or in the workers), before any output exists
    try:
        output = JournaledOutput(out, fp, opts.resume)
        try:
            if opts.resume and output.resumed:
                print(f"pledges: resuming {out} at batch {output.next_batch} "
                      f"({output.counts['docs']} documents already done)", file=sys.stderr)
            if not output.finished:
                _run(engine, source_from(input_path, cfg, start=output.next_batch), output, opts)
            output.finish()
        finally:
            output.close()
    finally:
        engine.close()
    return dict(output.counts)


def _run(engine, source: Source, output: JournaledOutput, opts: RunOptions) -> None:
    total = estimate_total(source.path) if opts.progress else None
    bar = Progress(opts.progress, total, initial=output.counts["docs"])
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    docs = 0
    try:
        for res in engine.run(source):
            output.commit(res)
            bar.update(res.n_docs)
            docs += res.n_docs
            for k, v in res.timings.items():
                timings[k] = timings.get(k, 0.0) + v
    finally:
        bar.close()
    if opts.profile:
        wall = time.perf_counter() - t0
        print(profile_report(timings, wall + engine.setup_s, docs, engine.name, engine.setup_s), file=sys.stderr)
