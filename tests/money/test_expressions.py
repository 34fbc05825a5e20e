"""Table-driven test: realistic English and Arabic news sentences with the amount
each must yield (tests/money/expressions_*.tsv).

Columns: lang, sentence, expected text ("-" = the sentence has no amount), value,
currency (or "unit:<unit as written>"), qualifier, extras ("key=value;..." with
usd=, equiv=VALUE CUR, range_high=, per=, country=, basis= the recorded currency basis).
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from pipeline.money import MoneyFinder

HERE = Path(__file__).parent


def _rows():
    for path in sorted(HERE.glob("expressions_*.tsv")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = (line.split("\t") + [""] * 7)[:7]
            yield pytest.param(*cols, id=f"{path.stem}:{n}")


@pytest.fixture(scope="module")
def finder():
    return MoneyFinder()


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("lang,sentence,text,value,cur,qualifier,extras", list(_rows()))
def test_expression(finder, lang, sentence, text, value, cur, qualifier, extras):
    opts = dict(kv.split("=", 1) for kv in extras.split(";") if kv)
    amounts = finder.find(sentence, lang, opts.get("country"))
    for a in amounts:
        assert sentence[a.start:a.end] == a.text
    if text == "-":
        assert amounts == [], [a.text for a in amounts]
        return
    hits = [a for a in amounts if a.text == text]
    assert hits, f"{text!r} not in {[a.text for a in amounts]}"
    a = hits[0]
    assert _close(a.value, float(value)), (a.value, value)
    if cur.startswith("unit:"):
        assert a.kind == "quantity" and a.currency is None
        assert a.unit == cur[5:]
    else:
        assert a.kind == "money" and a.currency == cur
    assert a.qualifier == qualifier
    assert a.approximate == (qualifier in ("about", "over", "under"))
    if "usd" in opts:
        assert a.usd_equivalent and a.usd_equivalent["currency"] == "USD"
        assert _close(a.usd_equivalent["value"], float(opts["usd"]))
        u = a.usd_equivalent
        assert sentence[u["start"]:u["end"]] == u["text"]
        # the stated equivalent is not reported as an amount of its own
        assert not any(b.start <= u["start"] < b.end for b in amounts if b is not a)
    else:
        assert a.usd_equivalent is None
    if "equiv" in opts:
        v, c = opts["equiv"].split()
        assert any(_close(e["value"], float(v)) and e["currency"] == c for e in a.equivalents)
    if "range_high" in opts:
        assert _close(a.range_high, float(opts["range_high"]))
    else:
        assert a.range_high is None
    assert a.per == opts.get("per")
    if "basis" in opts:
        assert a.currency_basis == opts["basis"]
