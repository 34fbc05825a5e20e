"""`pledges eval GOLD PRED`: precision / recall / F1 at three levels.

Implements the matching rules of ../shared/gold/GUIDELINES.md ("How a system's
output is scored") so that its numbers equal those of the shared scorer
(../shared/eval/score.py); tests/test_eval.py checks that parity.
  - amount: same currency and values within 0.5% (or listed alternatives), or
    the same in-kind quantity;
  - donor: normalised names, one contained in the other as whole words;
  - recipient: the same test; a gold null wants a predicted null.
Records pair greedily within a document, best level first; a prediction that
repeats an already paired one (same amount, matching donor) is ignored.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

LEVELS = ("amount", "donor+amount", "donor+amount+recipient")
_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)
_AR_PROCLITICS = re.compile(r"^(?:و|ف|ب|ل|ك)?(?:ال|لل)?")
_ARABIC_START = re.compile(r"^[\u0600-\u06ff]")
_STOP = frozenset({"the", "a", "an", "its", "inc", "ltd", "co", "corp"})
_FOLD = str.maketrans("أإآٱىة", "اااايه")


def name_words(text: Any) -> list[str]:
    if not text:
        return []
    t = unicodedata.normalize("NFKC", str(text)).lower()
    t = _NON_WORD.sub(" ", _DIACRITICS.sub("", t).translate(_FOLD))
    out = []
    for w in t.split():
        if len(w) > 3 and _ARABIC_START.match(w):
            w = _AR_PROCLITICS.sub("", w, count=1) or w
        if w not in _STOP:
            out.append(w)
    return out


def contains_words(seq: list[str], part: list[str]) -> bool:
    """`part` (name_words) inside `seq` as a run of whole words."""
    n = len(part)
    return n > 0 and any(seq[i:i + n] == part for i in range(len(seq) - n + 1))


def names_match(pred: Any, golds: list[Any]) -> bool:
    p = name_words(pred)
    if not p or len("".join(p)) < 2:
        return False
    for g in golds:
        w = name_words(g)
        if w and (contains_words(p, w) or contains_words(w, p)):
            return True
    return False


def spellings(rec: dict, key: str) -> list[Any]:
    first = [rec[key]] if rec.get(key) else []
    return first + [a for a in rec.get(f"{key}_aliases") or [] if a]


def amount_key(rec: dict) -> tuple[str, str, float] | None:
    amt, kind = rec.get("amount") or {}, rec.get("in_kind") or {}
    if amt.get("value") is not None:
        return "money", str(amt.get("currency") or "").upper(), float(amt["value"])
    if kind.get("quantity") is not None:
        return "kind", "", float(kind["quantity"])
    return None


def amounts_match(gold: dict, pred: dict) -> bool:
    g, p = amount_key(gold), amount_key(pred)
    if g is None or p is None or g[:2] != p[:2]:
        return False
    part = (gold.get("amount") if g[0] == "money" else gold.get("in_kind")) or {}
    values = [g[2]] + [float(x) for x in part.get("alternatives") or []]
    return any(abs(v - p[2]) <= 0.005 * max(abs(v), 1.0) for v in values)


def agreement(gold: dict, pred: dict) -> int:
    """0 no match, 1 amount, 2 donor+amount, 3 donor+amount+recipient."""
    if not amounts_match(gold, pred):
        return 0
    if not names_match(pred.get("donor"), spellings(gold, "donor")):
        return 1
    if gold.get("recipient") is None:
        return 2 if pred.get("recipient") else 3
    if not pred.get("recipient"):
        return 3 if None in (gold.get("recipient_aliases") or []) else 2
    return 3 if names_match(pred.get("recipient"), spellings(gold, "recipient")) else 2


def load(path: str) -> dict[str, list[dict]]:
    docs: dict[str, list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                raise SystemExit(f"{path}:{n}: not JSON: {e}") from None
            if "doc_id" in rec:
                recs = docs[str(rec["doc_id"])]  # a doc with no amount still counts as scored
                if amount_key(rec) is not None:
                    recs.append(rec)
    return docs


def gold_languages(path: str) -> dict[str, str]:
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                if rec.get("lang") and "doc_id" in rec:
                    out[str(rec["doc_id"])] = rec["lang"]
    return out


@dataclass
class Score:
    levels: dict[str, dict[str, float]]
    n_gold: int
    n_pred: int
    n_duplicates: int
    misses: list[tuple[str, dict | None, dict | None, int]] = field(default_factory=list)
    n_docs: int = 0
    docs_without_output: list[str] = field(default_factory=list)
    by_lang: dict[str, "Score"] = field(default_factory=dict)


def score(gold: dict[str, list[dict]], pred: dict[str, list[dict]]) -> Score:
    n_gold = sum(len(v) for v in gold.values())
    n_pred = sum(len(pred[d]) for d in gold if d in pred)
    tp = dict.fromkeys(LEVELS, 0)
    misses: list = []
    n_dup = 0
    for doc, g_recs in gold.items():
        p_recs = pred.get(doc, [])
        ranked = sorted(((agreement(g, p), gi, pi) for gi, g in enumerate(g_recs)
                         for pi, p in enumerate(p_recs)), reverse=True)
        best: dict[int, tuple[int, int]] = {}
        used_p: set[int] = set()
        for level, gi, pi in ranked:
            if level and gi not in best and pi not in used_p:
                best[gi] = (level, pi)
                used_p.add(pi)
        for gi, g in enumerate(g_recs):
            level, pi = best.get(gi, (0, None))
            for i, name in enumerate(LEVELS):
                tp[name] += level > i
            if level < 3:
                misses.append((doc, g, p_recs[pi] if pi is not None else None, level))
        for pi, p in enumerate(p_recs):
            if pi in used_p:
                continue
            if any(amounts_match(p, p_recs[q]) and names_match(p.get("donor"), [p_recs[q].get("donor")])
                   for q in used_p):
                n_dup += 1
            else:
                misses.append((doc, None, p, 0))
    n_pred -= n_dup
    levels = {}
    for name in LEVELS:
        prec = tp[name] / n_pred if n_pred else 0.0
        rec = tp[name] / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        levels[name] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4), "tp": tp[name]}
    silent = sorted(d for d in gold if gold[d] and d not in pred)
    return Score(levels, n_gold, n_pred, n_dup, misses, len(gold), silent)


def evaluate(gold_path: str, pred_path: str) -> Score:
    gold, pred = load(gold_path), load(pred_path)
    result = score(gold, pred)
    langs = gold_languages(gold_path)
    for lang in sorted(set(langs.values())):
        result.by_lang[lang] = score({d: v for d, v in gold.items() if langs.get(d) == lang}, pred)
    if len(result.by_lang) < 2:
        result.by_lang = {}
    return result


def _show(rec: dict | None) -> str:
    if rec is None:
        return "-"
    amt, kind = rec.get("amount") or {}, rec.get("in_kind") or {}
    what = amt.get("text") or (f"{kind.get('quantity')} {kind.get('unit')}" if kind else "?")
    return f"{rec.get('donor')!s} | {what} | {rec.get('recipient')!s}"


def report(result: Score, quiet: bool = False) -> str:
    lines = []
    if not quiet:
        for doc, g, p, level in result.misses:
            kind = "missed" if g and not p else "spurious" if p and not g else f"partial({LEVELS[level - 1]})"
            lines.append(f"{doc}\t{kind}\tgold: {_show(g)}\tpred: {_show(p)}")
        lines.append("")
    lines.append(f"docs {result.n_docs}  gold {result.n_gold}  predicted {result.n_pred}  "
                 f"docs without output {len(result.docs_without_output)}")
    for lang, r in result.by_lang.items():
        lines.append(f"{lang}: " + "  ".join(f"{n} F1={r.levels[n]['f1']:.3f}" for n in LEVELS))
    for name in ("donor+amount+recipient", "amount", "donor+amount"):
        r = result.levels[name]
        lines.append(f"{name:<24} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}")
    return "\n".join(lines)


def as_json(result: Score) -> dict[str, Any]:
    out: dict[str, Any] = dict(result.levels)
    out.update(n_gold=result.n_gold, n_pred=result.n_pred, n_duplicates_ignored=result.n_duplicates,
               docs_without_output=result.docs_without_output, n_docs=result.n_docs)
    if result.by_lang:
        out["by_lang"] = {k: as_json(v) for k, v in result.by_lang.items()}
    return out
