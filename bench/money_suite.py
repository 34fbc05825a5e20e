"""Score the money finder on a TSV of expressions (issue #14).

    python bench/money_suite.py FILE.tsv [FILE.tsv ...] [--failures] [--country CC]

Each row: lang, sentence, expected text, value, currency, qualifier, and optionally
range_high and the expected start offset (both may be empty).

* expected text "-": the sentence has no amount; the row is right when none is found;
* expected text "": the whole sentence is the expression; the first amount is scored;
* otherwise the amount overlapping the expected text most (the occurrence at the
  given start offset, else the first occurrence) is scored.
* currency may list several acceptable codes ("EGP|GBP"): a bare noun that the
  suite leaves ambiguous;
* value is in units of the currency (10 cents = 0.1 USD).

Two scores per file: value and ISO code right (and range_high, when the row gives
one), and exactly right (the qualifier too).  Rows starting with "#" are comments.
"""
from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.money import MoneyFinder  # noqa: E402


def read_rows(path: Path):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = (line.split("\t") + [""] * 8)[:8]
        yield n, cols


def _close(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def pick(amounts, sentence: str, text: str, start: str):
    if not amounts:
        return None
    if not text:
        return amounts[0]
    s = int(start) if start else sentence.find(text)
    if s < 0:
        return None
    e = s + len(text)
    best, best_ov = None, 0
    for a in amounts:
        ov = min(a.end, e) - max(a.start, s)
        if ov > best_ov:
            best, best_ov = a, ov
    return best


def score_row(finder: MoneyFinder, cols, country: str | None):
    """(value+ISO right, exactly right, what was found)."""
    lang, sentence, text, value, cur, qual, high, start = cols
    amounts = [a for a in finder.find(sentence, lang, country) if a.kind == "money"]
    if text == "-":
        ok = not amounts
        return ok, ok, [a.text for a in amounts]
    a = pick(amounts, sentence, text, start)
    if a is None:
        return False, False, None
    ok = _close(a.value, float(value)) and a.currency in cur.split("|")
    if high:
        ok = ok and _close(a.range_high, float(high))
    exact = ok and a.qualifier == (qual or "exact")
    return ok, exact, (a.text, a.value, a.currency, a.qualifier, a.range_high)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--failures", action="store_true", help="print the rows that fail")
    ap.add_argument("--country", default=None, help="document country for every row")
    args = ap.parse_args(argv)
    finder = MoneyFinder()
    for path in args.files:
        n = right = exact = 0
        for lineno, cols in read_rows(path):
            ok, ex, got = score_row(finder, cols, args.country)
            n += 1
            right += ok
            exact += ex
            if args.failures and not ex:
                print(f"  {path.name}:{lineno} {'QUAL' if ok else 'FAIL'} {cols[1]!r} "
                      f"want {cols[2:7]} got {got}")
        if n:
            print(f"{path.name}: {n} rows; value+ISO right {right} ({100 * right / n:.1f}%), "
                  f"exactly right {exact} ({100 * exact / n:.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
