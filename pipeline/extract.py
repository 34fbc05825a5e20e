"""The `extract` command's engine: read -> run the DAG -> write, streaming."""
from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import Any, Iterator

from .dag import build
from .document import Document
from .io.readers import ReaderSettings, read_path
from .io.writer import OutputWriter
from .runner import process


def _with_progress(docs: Iterator[Document], enabled: bool) -> Iterator[Document]:
    if not enabled:
        yield from docs
        return
    from tqdm import tqdm

    with tqdm(docs, unit="doc", file=sys.stderr, dynamic_ncols=True, mininterval=0.5) as bar:
        yield from bar


def extract(input_path: str | Path, out: str | Path, cfg: dict[str, Any], progress: bool = False) -> dict[str, int]:
    plan = build(cfg)  # validate the DAG before touching any input
    input_cfg = cfg.get("input", {})
    settings = ReaderSettings(**{k: v for k, v in input_cfg.items() if k in ReaderSettings.__dataclass_fields__})
    docs = read_path(input_path, settings)  # raises InputError when the path is missing
    first = next(docs, None)  # surfaces a missing path before any output file is created
    stream = docs if first is None else itertools.chain([first], docs)
    batch_size = int(cfg.get("run", {}).get("batch_size", 32))
    with OutputWriter(out) as writer:
        n = 0
        for doc in _with_progress(process(plan, stream, batch_size=batch_size), progress):
            writer.write(doc)
            n += 1
    counts = dict(writer.counts)
    counts["docs"] = n
    return counts

