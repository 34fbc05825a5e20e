"""What every rendered report must show in a real browser (used by the seeds and hostile tests)."""
from __future__ import annotations

import math
from collections import defaultdict

from pipeline.report.data import load

MARKS_JS = """() => {
  const out = [];
  document.querySelectorAll('section.article').forEach(s => s.querySelectorAll('mark.amt').forEach(m =>
    m.dataset.rids.split(' ').forEach(r => out.push([s.id, r, m.textContent]))));
  return out;
}"""

SUMMARY_JS = """() => {
  const values = (tr, sel, key) => Object.fromEntries(Array.from(tr.querySelectorAll(sel))
    .map(t => [t.dataset[key], Number(t.dataset.value)]));
  return Array.from(document.querySelectorAll('table.summary tr.giver')).map(tr => ({
    donor: tr.dataset.donor,
    pledges: Number(tr.cells[1].dataset.value),
    totals: values(tr, '.tot', 'cur'),
    usd: tr.querySelector('.usd') ? Number(tr.querySelector('.usd').dataset.value) : 0,
    kind: values(tr, '.kind', 'unit'),
  }));
}"""

DIRECTION_JS = """() => Array.from(document.querySelectorAll('section.article .text')).map(t => ({
  lang: t.closest('section').dataset.lang, attr: t.getAttribute('lang'),
  dir: getComputedStyle(t).direction}))"""


def amounts_marked_once(opened, records_path) -> dict:
    """Each highlightable record's amount is in exactly one <mark> of its own article, holding its text."""
    rep = load(records_path)
    where = {r["_anchor"]: (art.anchor, r) for art in rep.articles for r in art.records}
    seen = defaultdict(list)
    for section, rid, text in opened.js(MARKS_JS):
        seen[rid].append((section, text))
    for rid, (section, rec) in where.items():
        if rid in rep.unmarked:
            assert rid not in seen, rid
            continue
        amount = (rec["amount"] or rec["in_kind"])["text"]
        assert len(seen[rid]) == 1, (rid, amount, seen[rid])
        assert seen[rid][0][0] == section and amount in seen[rid][0][1], (rid, seen[rid])
    return rep.unmarked


def summary_matches_records(opened, records: list[dict]) -> None:
    """The summary's totals are the sums of the records (computed here, independently)."""
    want = defaultdict(lambda: {"pledges": 0, "totals": defaultdict(float), "usd": 0.0, "kind": defaultdict(float)})
    for r in records:
        w = want[r["donor_canonical"] or r["donor"] or "(no donor named)"]
        w["pledges"] += 1
        if r["amount"]:
            w["totals"][r["amount"]["currency"]] += r["amount"]["value"]
            if r["amount"]["currency"] == "USD":
                w["usd"] += r["amount"]["value"]
            elif r["usd_equivalent"]:
                w["usd"] += r["usd_equivalent"]["value"]
        else:
            w["kind"][r["in_kind"]["unit"]] += r["in_kind"]["quantity"]
    shown = {row["donor"]: row for row in opened.js(SUMMARY_JS)}
    assert set(shown) == set(want)
    for donor, w in want.items():
        got = shown[donor]
        assert got["pledges"] == w["pledges"], donor
        assert set(got["totals"]) == set(w["totals"]) and set(got["kind"]) == set(w["kind"]), donor
        for cur, total in w["totals"].items():
            assert math.isclose(got["totals"][cur], total), (donor, cur, got["totals"][cur], total)
        for unit, total in w["kind"].items():
            assert math.isclose(got["kind"][unit], total), (donor, unit)
        assert math.isclose(got["usd"], w["usd"]), (donor, got["usd"], w["usd"])


def directions_follow_language(opened) -> list[dict]:
    shown = opened.js(DIRECTION_JS)
    for t in shown:
        assert t["attr"] == t["lang"], t
        assert t["dir"] == ("rtl" if t["lang"] == "ar" else "ltr"), t
    return shown


def row_links_land(opened, n_records: int) -> None:
    """Every table row links to an element that exists (its mark, or its line in the article)."""
    targets = opened.js("""() => Array.from(document.querySelectorAll('#records a.rec-link')).map(a => {
      const el = document.getElementById(a.getAttribute('href').slice(1));
      return el ? (el.closest('section.article') ? 'article' : 'elsewhere') : 'missing'; })""")
    assert len(targets) == n_records and set(targets) == {"article"}, targets
