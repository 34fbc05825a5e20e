"""Table-driven test: the exact list of amounts a sentence yields (amount_lists.tsv).

Where expressions_*.tsv checks one amount, this checks that nothing else is found
(a negative next to a positive: "$5 million to help 3 million people" is one amount,
"N95 masks" in a Nigerian article none).

Columns: lang, country ("" = guessed by the finder), sentence, and the amounts as
"text=value CUR" separated by " | " ("" = no amount).
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from pipeline.money import MoneyFinder

HERE = Path(__file__).parent


def _rows():
    path = HERE / "amount_lists.tsv"
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        lang, country, sentence, expected = (line.split("\t") + [""] * 4)[:4]
        yield pytest.param(lang, country or None, sentence, expected, id=f"amount_lists:{n}")


@pytest.fixture(scope="module")
def finder():
    return MoneyFinder()


@pytest.mark.parametrize("lang,country,sentence,expected", list(_rows()))
def test_amount_list(finder, lang, country, sentence, expected):
    got = [(a.text, a.value, a.currency if a.kind == "money" else "unit")
           for a in finder.find(sentence, lang, country)]
    want = []
    for item in filter(None, (s.strip() for s in expected.split(" | "))):
        text, _, rest = item.rpartition("=")
        value, cur = rest.split()
        want.append((text, float(value), cur))
    assert len(got) == len(want), got
    for (gt, gv, gc), (wt, wv, wc) in zip(got, want):
        assert (gt, gc) == (wt, wc), got
        assert math.isclose(gv, wv, rel_tol=1e-9), got
