"""A candidate amount of the finder (normalised offsets), before output."""
from __future__ import annotations

from dataclasses import dataclass, field

from .numbers import NumberPhrase


@dataclass
class Cand:
    cstart: int  # currency prefix or number start (normalised offsets)
    end: int
    ph: NumberPhrase
    value: float
    kind: str | None  # money | quantity | None (bare number)
    currency: str | None = None
    unit_span: tuple[int, int] | None = None
    qstart: int = -1
    qualifier: str = "exact"
    range_high: float | None = None
    equivalents: list = field(default_factory=list)
    after: int = -1  # end of a parenthesised equivalent, for the per-marker look-up
    per: str | None = None
    basis: str | None = None  # how an ambiguous currency was resolved (resolve.py)
    factor: float = 1.0  # of the currency word: 0.01 for a sub-unit ("15 cents", "70p")
