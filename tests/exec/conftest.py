import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import config
from pipeline.io.writer import report_path

from . import fake_stages  # noqa: F401 - registers tests.dollar_pledges.v1

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FAST = HERE / "fast.toml"  # langid + tokens: no model, ~300 docs/s
FAKE = HERE / "fake.toml"  # + test pledges stage (in-process / worker processes only)
PIPELINE = HERE / "pipeline.toml"  # the real stages (Arabic NER on patterns)


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds" / "docs").glob("*.txt"))]


def make_dump(path: Path, n: int, texts: list[str] | None = None) -> Path:
    """`n` JSONL documents cycling over `texts` (default: the seed articles)."""
    texts = texts or seed_texts()
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"d{i:05d}", "text": texts[i % len(texts)]}, ensure_ascii=False) + "\n")
    return path


def load(cfg_path: Path, *overrides: str) -> dict:
    return config.load(cfg_path, list(overrides))


def outputs(out: Path) -> tuple[bytes, bytes]:
    return out.read_bytes(), report_path(out).read_bytes()


def cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "extract", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, **kw)


@pytest.fixture(autouse=True)
def _reset_hooks():
    yield
    fake_stages.FAIL_ON.clear()
    fake_stages.ABORT_ON.clear()
