"""Progress on stderr (docs/s, and an ETA when the number of documents is
cheap to know), plus the per-stage timing report of --profile."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ..io.readers import JSONL_SUFFIXES, iter_files, special_kind, suffix_of

# JSONL inputs are counted line by line only up to this many bytes in total
COUNT_LIMIT_BYTES = 256 * 1024 * 1024


def estimate_total(input_path: str | Path, limit: int = COUNT_LIMIT_BYTES) -> int | None:
    """The number of documents, when cheap to know: one per file, plus the
    non-blank lines of plain JSONL files (None if gzipped or too big)."""
    root = Path(input_path)
    if not root.exists():
        return None
    total, budget = 0, limit
    for path in iter_files(root):
        if suffix_of(path) not in JSONL_SUFFIXES or special_kind(path) is not None:  # a pipe is not opened
            total += 1
            continue
        if path.name.lower().endswith(".gz"):
            return None
        try:
            size = path.stat().st_size
            budget -= size
            if budget < 0:
                return None
            with path.open("rb") as f:
                n = sum(1 for line in f if line.strip())
        except OSError:
            n = 0
        total += max(n, 1)  # an empty or unreadable file is still reported once
    return total


class Progress:
    """A tqdm bar advanced by whole batches; does nothing when disabled."""

    def __init__(self, enabled: bool, total: int | None = None, initial: int = 0):
        self.bar: Any = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=initial, unit="doc", file=sys.stderr, dynamic_ncols=True,
                            mininterval=0.5, smoothing=0.1)

    def update(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def profile_report(timings: dict[str, float], wall: float, docs: int, engine: str, setup: float = 0.0) -> str:
    """Seconds per stage (summed over workers), their share, and the slowest one.
    `setup` is the engine start in this process (model loading for the local engine)."""
    run = wall - setup
    lines = [f"profile ({engine} engine): {docs} documents in {wall:.2f}s wall "
             f"({setup:.2f}s setup + {run:.2f}s run"
             + (f" = {docs / run:.1f} docs/s)" if run > 0 and docs else ")")]
    total = sum(timings.values())
    for name, secs in sorted(timings.items(), key=lambda kv: -kv[1]):
        share = 100 * secs / total if total else 0.0
        lines.append(f"  {name:<12} {secs:9.2f}s  {share:5.1f}%")
    if total:
        lines.append(f"  {'stages':<12} {total:9.2f}s  (seconds in stages, summed over workers; "
                     f"slowest: {max(timings, key=timings.get)})")
    return "\n".join(lines)
