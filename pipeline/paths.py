"""Where the project's own files live, wherever `pledges` is run from."""
from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def resolve(path: str | Path) -> Path:
    """A relative path as given if it exists from the current directory, else
    relative to the project root (so `models/ner-ar` works from anywhere)."""
    p = Path(path)
    if p.is_absolute() or p.exists():
        return p
    candidate = PROJECT_ROOT / p
    return candidate if candidate.exists() else p
