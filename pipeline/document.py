"""The one Document model every stage reads and writes.

A Document holds the original text exactly as read; every layer a stage adds
(tokens, sentences, entities, amounts, pledges) carries character offsets into
that text, so `doc.text[x.start:x.end]` is always the surface form.  Stages that
work on a normalised copy keep an :class:`OffsetMap` back to the original.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Token:
    start: int
    end: int
    text: str
    # An Arabic clitic split ("للصليب" -> "ل" + "لصليب") gives tokens of their
    # own: `is_clitic` marks the proclitic, and `norm` holds the restored form
    # of the stem ("الصليب") when it differs from the surface text.
    is_clitic: bool = False
    norm: str | None = None
    # Filled by the English NER stage on the sentences it parses.
    pos: str | None = None
    dep: str | None = None
    head: int | None = None  # index into Document.tokens

    @property
    def form(self) -> str:
        return self.norm or self.text


@dataclass
class Sentence:
    start: int
    end: int
    token_start: int  # index into Document.tokens, inclusive
    token_end: int  # exclusive


@dataclass
class Entity:
    start: int
    end: int
    text: str
    label: str  # PERSON | ORG | GPE | NORP | ...
    source: str = ""  # which model or rule produced it


@dataclass
class Amount:
    """A money amount or an in-kind quantity found in the text.

    `kind` is "money" (value + ISO 4217 currency) or "quantity" (value + unit,
    currency None).  `start`/`end` cover the whole expression including its
    qualifier ("about 375 million US dollars").
    """

    start: int
    end: int
    text: str
    value: float | None
    currency: str | None
    kind: str = "money"
    qualifier: str = "exact"  # exact | about | over | under | up_to
    unit: str | None = None  # in-kind unit ("nutritious meals")
    usd_equivalent: dict[str, Any] | None = None  # {"value", "currency", "text", "start", "end"}
    equivalents: list[dict[str, Any]] = field(default_factory=list)  # other stated figures
    range_high: float | None = None  # "$2m-$3m" keeps 3m here
    per: str | None = None  # "a year", "per download"
    # how an ambiguous currency ("pounds", "ريال", "¥") was resolved: "mention" (a full name
    # earlier in the text), "cue" ("yuan" in the text), "country:XX" (the document's
    # country), "default"; None when the text states the currency unambiguously
    currency_basis: str | None = None

    @property
    def approximate(self) -> bool:
        return self.qualifier in ("about", "over", "under")


@dataclass
class Mention:
    """A span of text that plays a role in a pledge (donor, recipient, purpose)."""

    start: int
    end: int
    text: str
    label: str = ""
    canonical: str | None = None


@dataclass
class Pledge:
    amount: Amount
    donor: Mention | None
    recipient: Mention | None
    purpose: Mention | None
    evidence: tuple[int, int]
    confidence: float
    pledge_group: str | None = None


@dataclass
class Document:
    doc_id: str
    text: str
    source: str = ""
    lang: str | None = None
    lang_score: float | None = None
    status: str = "ok"  # ok | skipped | error
    reason: str | None = None
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    pledges: list[Pledge] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    # names of the layers filled so far (see Stage.provides)
    provided: set[str] = field(default_factory=set)
    # what a stage derives from the layers and may read again (e.g. a sentence's
    # relation cues): this process only, never serialised; see pipeline.relation.memo
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def skip(self, reason: str) -> None:
        self.status, self.reason = "skipped", reason

    def fail(self, reason: str) -> None:
        self.status, self.reason = "error", reason

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding character `offset` (binary search)."""
        lo, hi = 0, len(self.sentences)
        while lo < hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid
            elif offset >= s.end:
                lo = mid + 1
            else:
                return s
        return None

    def sentence_index(self, sent: Sentence, default: int | None = 0) -> int | None:
        """The position of `sent` (matched by its start) in `sentences`; `default` when it is not there."""
        return next((i for i, s in enumerate(self.sentences) if s.start == sent.start), default)

    def sentence_tokens(self, sent: Sentence) -> list[Token]:
        return self.tokens[sent.token_start:sent.token_end]


class OffsetMap:
    """Maps positions in a normalised string back to the original text.

    Built by appending pieces: `add(orig_start, orig_end, normalised_piece)`.
    Each normalised character remembers the original span it came from.
    """

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, orig_start: int, orig_end: int, piece: str) -> None:
        for ch in piece:
            self.chars.append(ch)
            self.starts.append(orig_start)
            self.ends.append(orig_end)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) for the normalised span [start, end)."""
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0)
            return pos, pos
        return self.starts[start], self.ends[end - 1]
