"""Candidate recall of the money finder on the annotated articles.

    python bench/money_recall.py [--gold FILE ...] [--docs DIR ...] [--misses]
                                 [--save FILE] [--baseline FILE] [--dollars]

For every gold record with an amount or an in-kind quantity (records with both
null mark a document without a pledge and are skipped), the finder is run on
the document exactly as the money stage runs it (pipeline/stages/money.py):
``MoneyFinder().find(text, lang, country=guess_country(text, lang))``, and the
gold amount counts as found when one candidate matches it by the scorer's rule
(``amounts_match`` of the shared eval/score.py: same kind and ISO currency,
value within 0.5%).

Printed: found / gold per language and kind (money, in-kind), and the number of
candidates per language over the scored documents (a precision proxy: every
candidate is one more thing the later stages must reject).

* ``--misses``: each gold amount not found, with its text and what the finder
  found in the same document (a gold amount that is only a stated equivalent of a
  candidate, "(US $ 28.4 million)", is marked so);
* ``--save FILE``: the found gold amounts and the counts, as JSON;
* ``--baseline FILE``: a file written by ``--save``; gold amounts found then and
  lost now, and found now but not then, are listed;
* ``--dollars``: the gold currency of every gold amount written with a bare "$"
  (not "US$", "A$", ...), counted per guessed document country.

The shared data folder (default ../shared beside the repository, or $SHARED) holds the gold files,
the documents and eval/score.py; without it the script says so and exits 2.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = Path(os.environ.get("SHARED", Path(__file__).resolve().parents[2] / "shared"))
DEFAULT_GOLD = ("dev/gold.jsonl", "corpus/annotated/gold.jsonl")
DEFAULT_DOCS = ("dev/docs", "corpus/annotated/sets/*/docs")
# a "$" that is not part of "US$", "A$", "US $", "$US" ...
_BARE_DOLLAR = re.compile(r"(?<![A-Za-z$])(?<!US )\$(?!US)")


def parse_args(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 2)[2])
    ap.add_argument("--shared", type=Path, default=SHARED,
                    help="shared data folder (default: %(default)s)")
    ap.add_argument("--gold", nargs="+", default=None,
                    help="gold JSONL files (default: %s under --shared)" % ", ".join(DEFAULT_GOLD))
    ap.add_argument("--docs", nargs="+", default=None,
                    help="folders of DOC_ID.txt, globs allowed (default: %s under --shared)"
                    % ", ".join(DEFAULT_DOCS))
    ap.add_argument("--misses", action="store_true", help="list the gold amounts not found")
    ap.add_argument("--save", type=Path, help="write the found gold amounts and counts as JSON")
    ap.add_argument("--baseline", type=Path, help="compare with a file written by --save")
    ap.add_argument("--dollars", action="store_true",
                    help='gold currency of bare-"$" gold amounts per guessed country')
    return ap.parse_args(argv)


def load_score(shared: Path):
    score_py = shared / "eval" / "score.py"
    if not score_py.is_file():
        sys.stderr.write(f"money_recall: {score_py} not found: the shared data folder "
                         f"({shared}) is needed (gold files, documents, eval/score.py)\n")
        sys.exit(2)
    sys.path.insert(0, str(score_py.parent))
    import score  # noqa: E402  (the shared scorer)

    return score


def read_gold(paths) -> dict[str, list[dict]]:
    """doc_id -> gold records with an amount or an in-kind quantity (file order)."""
    docs: dict[str, list[dict]] = defaultdict(list)
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                amt, kind = rec.get("amount") or {}, rec.get("in_kind") or {}
                if amt.get("value") is None and kind.get("quantity") is None:
                    continue
                docs[str(rec["doc_id"])].append(rec)
    return docs


def doc_paths(folders) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for f in folders:
        dirs = sorted(Path("/").glob(f.lstrip("/"))) if Path(f).is_absolute() else sorted(Path().glob(f))
        for d in dirs:
            for p in sorted(d.glob("*.txt")):
                out.setdefault(p.stem, p)
    return out


def as_record(a) -> dict:
    if a.kind == "quantity":
        return {"amount": None, "in_kind": {"quantity": a.value}}
    return {"amount": {"value": a.value, "currency": a.currency}, "in_kind": None}


def gold_text(g: dict) -> str:
    """The amount as written (in-kind records without a text: their unit)."""
    part = g.get("amount") or g.get("in_kind") or {}
    return part.get("text") or part.get("unit") or ""


def gold_kind(g: dict) -> str:
    return "money" if (g.get("amount") or {}).get("value") is not None else "in_kind"


def main(argv=None) -> int:
    args = parse_args(argv)
    shared = args.shared
    if not shared.is_dir():
        sys.stderr.write(f"money_recall: the shared data folder {shared} is absent "
                         f"(set --shared or $SHARED)\n")
        return 2
    score = load_score(shared)
    gold_files = args.gold or [str(shared / g) for g in DEFAULT_GOLD]
    folders = args.docs or [str(shared / d) for d in DEFAULT_DOCS]
    gold = read_gold(gold_files)
    paths = doc_paths(folders)

    from pipeline.money import MoneyFinder, guess_country

    finder = MoneyFinder()
    found: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    n_cands: Counter = Counter()
    n_docs: Counter = Counter()
    found_ids: list[str] = []
    missing_docs: list[str] = []
    miss_lines: list[str] = []
    dollars: dict[str, Counter] = defaultdict(Counter)
    for doc_id in sorted(gold):
        recs = gold[doc_id]
        lang = recs[0].get("lang") or ("ar" if doc_id.startswith("ar") else "en")
        path = paths.get(doc_id)
        if path is None:
            missing_docs.append(doc_id)
            continue
        text = path.read_text(encoding="utf-8")
        country = guess_country(text, lang)
        amounts = finder.find(text, lang, country=country)
        n_cands[lang] += len(amounts)
        n_docs[lang] += 1
        cands = [as_record(a) for a in amounts]
        for i, g in enumerate(recs):
            kind = gold_kind(g)
            slot = found[(lang, kind)]
            slot[1] += 1
            if kind == "money" and _BARE_DOLLAR.search(gold_text(g)):
                dollars[country or "-"][str(g["amount"].get("currency"))] += 1
            if any(score.amounts_match(g, c) for c in cands):
                slot[0] += 1
                found_ids.append(f"{doc_id}#{i}")
                continue
            if args.misses:
                miss_lines.append(_miss_line(score, doc_id, lang, country, g, amounts))

    print(f"money finder candidate recall on {sum(n_docs.values())} documents "
          f"({', '.join(f'{n} {lang}' for lang, n in sorted(n_docs.items()))})")
    for lang in sorted(n_docs):
        for kind in ("money", "in_kind"):
            k, n = found.get((lang, kind), [0, 0])
            print(f"  {lang} {kind:8s} found {k:4d} / {n:4d}  ({100.0 * k / max(n, 1):5.1f}%)")
        k = sum(found.get((lang, kd), [0, 0])[0] for kd in ("money", "in_kind"))
        n = sum(found.get((lang, kd), [0, 0])[1] for kd in ("money", "in_kind"))
        print(f"  {lang} all      found {k:4d} / {n:4d}  ({100.0 * k / max(n, 1):5.1f}%)"
              f"   candidates {n_cands[lang]}")
    tk = sum(v[0] for v in found.values())
    tn = sum(v[1] for v in found.values())
    print(f"  total    found {tk:4d} / {tn:4d}  ({100.0 * tk / max(tn, 1):5.1f}%)"
          f"   candidates {sum(n_cands.values())}")
    if missing_docs:
        print(f"  no text for {len(missing_docs)} gold documents: {' '.join(missing_docs[:10])}")
    if args.dollars:
        print('gold currency of bare-"$" gold amounts, by guessed document country:')
        for cc in sorted(dollars):
            print(f"  {cc}: " + ", ".join(f"{cur} {n}" for cur, n in dollars[cc].most_common()))
    if args.baseline:
        base = json.loads(args.baseline.read_text(encoding="utf-8"))
        before, now = set(base["found"]), set(found_ids)
        lost, gained = sorted(before - now), sorted(now - before)
        print(f"against {args.baseline}: {len(lost)} lost, {len(gained)} gained; candidates "
              f"{sum(base['candidates'].values())} -> {sum(n_cands.values())}")
        for gid in lost:
            doc_id, i = gid.split("#")
            print(f"  LOST   {gid}  {gold_text(gold[doc_id][int(i)])!r}")
        for gid in gained:
            doc_id, i = gid.split("#")
            print(f"  gained {gid}  {gold_text(gold[doc_id][int(i)])!r}")
    if args.misses:
        print(f"gold amounts not found ({len(miss_lines)}):")
        for line in miss_lines:
            print(line)
    if args.save:
        args.save.write_text(json.dumps({"found": found_ids, "candidates": dict(n_cands)},
                                        indent=0), encoding="utf-8")
    return 0


def _miss_line(score, doc_id: str, lang: str, country, g: dict, amounts) -> str:
    part = g.get("amount") or g.get("in_kind")
    what = (f"{part.get('value')} {part.get('currency')}" if g.get("amount")
            else f"{part.get('quantity')} (in kind)")
    note = ""
    for a in amounts:
        for eq in ([a.usd_equivalent] if a.usd_equivalent else []) + list(a.equivalents):
            rec = {"amount": {"value": eq["value"], "currency": eq["currency"]}}
            if score.amounts_match(g, rec):
                note = f"  [equivalent of {a.text!r}]"
    return f"  {doc_id} {lang} {country or '-'}: {what}  {gold_text(g)!r}{note}"


if __name__ == "__main__":
    sys.exit(main())
