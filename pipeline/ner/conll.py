"""CoNLL NER files and the CoNLL entity-level score (the conlleval rules).

A file holds one ``token TAG`` per line and a blank line between sentences.
Fields are separated by spaces or tabs only, so a token that is an invisible
or unusual character (U+200F, U+00A0, ...) stays a token.  Extra middle
columns (POS, chunk) are allowed: the first field is the token, the last the
tag.  Tags are ``O``, ``B-X`` or ``I-X``.  A BOM, ``\\r\\n`` line ends, a
missing final blank line and ``-DOCSTART-`` lines (a sentence boundary) are
tolerated.

`score` counts an entity as found only with the exact start, end and type
(`spans` cuts the entities with the conlleval rule).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import InputError

Sentence = list[tuple[str, str]]  # (token, tag) pairs
Span = tuple[int, int, str]  # (start, end exclusive, type), in tokens

# always reported, even with no gold and no predicted entity (ANERcorp's types)
CORE_TYPES = ("PERS", "LOC", "ORG", "MISC")

_FIELD_SEP = re.compile(r"[ \t]+")
_TAG = re.compile(r"^(?:O|[BI]-\S+)$")


def read_conll(path: str | Path) -> list[Sentence]:
    """The sentences of a CoNLL file; `InputError` ("FILE:LINE: what") on a bad line."""
    path = Path(path)
    try:
        f = path.open(encoding="utf-8-sig", newline=None)  # strips a BOM; \r\n -> \n
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except OSError as e:
        raise InputError(str(path), f"cannot read ({e.strerror or e})") from None
    sentences: list[Sentence] = []
    current: Sentence = []
    with f:
        try:
            for n, line in enumerate(f, 1):
                fields = [x for x in _FIELD_SEP.split(line.rstrip("\n")) if x]
                if not fields or fields[0] == "-DOCSTART-":
                    if current:
                        sentences.append(current)
                        current = []
                    continue
                if len(fields) < 2:
                    raise InputError(f"{path}:{n}", f"expected 'token TAG', got one field {fields[0]!r}")
                tag = fields[-1]
                if not _TAG.match(tag):
                    raise InputError(f"{path}:{n}", f"tag {tag!r} is not O, B-TYPE or I-TYPE")
                current.append((fields[0], tag))
        except UnicodeDecodeError as e:
            raise InputError(str(path), f"not UTF-8 text ({e.reason})") from None
    if current:
        sentences.append(current)
    return sentences


def spans(tags: Sequence[str]) -> set[Span]:
    """Entities of one sentence's BIO tags.  conlleval rule: an I-X that does not
    continue an X entity (after O, or after an entity of another type) starts one."""
    out: set[Span] = set()
    start, kind = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, t = tag.partition("-")
        continues = prefix == "I" and kind == t
        if start is not None and not continues:
            out.add((start, i, kind))
            start, kind = None, None
        if prefix in ("B", "I") and not continues:
            start, kind = i, t
    return out


def spans_to_tags(entities: Iterable[Span], n: int) -> list[str]:
    """BIO tags of `n` tokens for non-overlapping spans (the inverse of `spans`)."""
    tags = ["O"] * n
    for a, b, kind in sorted(entities):
        if not 0 <= a < b <= n or any(t != "O" for t in tags[a:b]):
            raise ValueError(f"span {(a, b, kind)} is out of range or overlaps another")
        tags[a] = f"B-{kind}"
        for i in range(a + 1, b):
            tags[i] = f"I-{kind}"
    return tags


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn, "support": tp + fn}


def score(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict:
    """CoNLL entity-level scores of `pred` against `gold` (one tag list per sentence).

    Returns ``{"micro": {...}, "PERS": {...}, "LOC": {...}, "ORG": {...}, "MISC": {...},
    <any other type>: {...}}``, each with p, r, f1 and the counts tp, fp, fn and
    support (gold entities = tp + fn).  A type with nothing predicted has p = 0.0
    (conlleval's convention), one with no gold entity r = 0.0, and f1 = 0.0 when
    p + r = 0.  The types are the union of the gold and predicted types plus the
    four ANERcorp ones.  Raises ValueError when the sentences or their lengths differ.
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted")
    counts: dict[str, list[int]] = {t: [0, 0, 0] for t in CORE_TYPES}  # type -> [tp, fp, fn]
    for i, (g, p) in enumerate(zip(gold, pred), 1):
        if len(g) != len(p):
            raise ValueError(f"sentence {i}: {len(g)} gold tags but {len(p)} predicted")
        gs, ps = spans(g), spans(p)
        for _, _, t in gs | ps:
            counts.setdefault(t, [0, 0, 0])
        for _, _, t in gs & ps:
            counts[t][0] += 1
        for _, _, t in ps - gs:
            counts[t][1] += 1
        for _, _, t in gs - ps:
            counts[t][2] += 1
    micro = [sum(c[k] for c in counts.values()) for k in range(3)]
    out = {"micro": _prf(*micro)}
    out.update({t: _prf(*c) for t, c in counts.items()})
    return out


def rounded(result: dict, places: int = 4) -> dict:
    """`score`'s result with its floats rounded (for printing)."""
    return {t: {k: round(v, places) if isinstance(v, float) else v for k, v in row.items()}
            for t, row in result.items()}


def table(result: dict) -> str:
    """`score`'s result as a plain-text table: one line per type, then micro."""
    lines = [f"{'type':<8}{'P':>8}{'R':>8}{'F1':>8}{'support':>9}{'pred':>7}"]
    for t, row in result.items():
        if t == "micro":
            continue
        lines.append(_row(t, row))
    lines.append(_row("micro", result["micro"]))
    return "\n".join(lines)


def _row(name: str, row: dict) -> str:
    return (f"{name:<8}{row['p']:>8.4f}{row['r']:>8.4f}{row['f1']:>8.4f}{row['support']:>9}"
            f"{row['tp'] + row['fp']:>7}")
