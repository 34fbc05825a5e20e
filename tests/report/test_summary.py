"""Totals by giver: per currency, USD as stated, in kind apart."""
import math

from pipeline.report.summary import NO_DONOR, bar_chart, fmt_exact, fmt_short, summarize, summary_table

from .conftest import record

T = "A gave $5 million. A gave 2 million euros. B gave 300 tents. A gave $1.5 million. C gave 1 million yuan."


def recs():
    return [record("d", "d.txt", "en", T, "$5 million", 5e6, donor="A"),
            record("d", "d.txt", "en", T, "2 million euros", 2e6, "EUR", donor="A", usd=2.2e6),
            record("d", "d.txt", "en", T, "300 tents", 300, None, donor="B", unit="tents"),
            record("d", "d.txt", "en", T, "$1.5 million", 1.5e6, donor="A"),
            record("d", "d.txt", "en", T, "1 million yuan", 1e6, "CNY", donor="C"),
            record("d", "d.txt", "en", T, "$5 million", 7, donor=None)]


def test_totals_per_currency_usd_as_stated_and_in_kind_apart():
    givers = {g.name: g for g in summarize(recs())}
    a, b, c = givers["A"], givers["B"], givers["C"]
    assert a.records == 3 and a.totals == {"EUR": 2e6, "USD": 6.5e6}
    assert math.isclose(a.usd, 8.7e6) and a.usd_missing == 0
    assert b.totals == {} and b.in_kind == {"tents": 300} and b.usd == 0
    assert c.totals == {"CNY": 1e6} and c.usd == 0 and c.usd_missing == 1
    assert givers[NO_DONOR].totals == {"USD": 7}
    assert [g.name for g in summarize(recs())][:2] == ["A", NO_DONOR]  # largest USD first


def test_numbers_read_well():
    assert fmt_exact(375000000) == "375,000,000" and fmt_exact(2.5) == "2.5"
    assert [fmt_short(v) for v in (1.9534e9, 28.4e6, 375e6, 300000)] == [
        "1.95 billion", "28.4 million", "375 million", "300,000"]


def test_chart_and_table_escape_names():
    evil = [record("d", "d.txt", "en", T, "$5 million", 5e6, donor='<script>x</script>"')]
    out = bar_chart(summarize(evil)) + summary_table(summarize(evil))
    assert "<script>" not in out and "&lt;script&gt;" in out and out.count("<svg") == 1
    assert "nothing to chart" in bar_chart(summarize([recs()[2]]))
