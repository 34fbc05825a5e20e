"""`pledges cv` (make cv): k-fold cross-validation, grouped by document, of the
rules and the relation model on every real annotated article.

The real articles are ../shared/dev, ../shared/corpus/annotated/sets/* and the
project's hand-written documents (`[data] real` and `[data] handwritten` in
configs/train.toml).  Each document falls in one fold, by a hash of its id
within its language, dealt round-robin (the same folds from run to run and
machine to machine, whatever order the files list the documents in).  For each fold
the model is trained on the other folds (+ generated documents, if any) and
predicts the fold; the rules need no training and predict it too.  Every
document is so predicted exactly once by a model that never saw it, and the
figures are computed on the pooled predictions (per language and per source
set), with the spread of the per-fold figures beside them.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from typing import Any, Callable

from ...errors import PipelineError
from . import data
from .card import LEVELS

SYSTEMS = ("model", "rules")


def assign_folds(gold: list[data.GoldDoc], k: int) -> dict[str, int]:
    """doc_id -> fold: within each language the documents sorted by a hash of their id are dealt round-robin."""
    out: dict[str, int] = {}
    by_lang: dict[str, list[str]] = {}
    for g in gold:
        by_lang.setdefault(g.lang or "?", []).append(g.doc_id)
    for lang in sorted(by_lang):
        ids = sorted(by_lang[lang], key=lambda i: (hashlib.md5(i.encode("utf-8")).hexdigest(), i))
        for n, doc_id in enumerate(ids):
            out[doc_id] = n % k
    return out


# Source sets the rules were developed on (their error lists were read to write rules): the
# rules' figures there are in-sample, so the default config is chosen on the other sets
# ("unseen": articles from outlets and years neither system was tuned on), the closest
# stand-in for the held-out articles that count.
RULES_TUNED_ON = ("dev", "handwritten")


def groups(g: data.GoldDoc) -> list[str]:
    unseen = [] if g.group in RULES_TUNED_ON else ["unseen", f"unseen_{g.lang or '?'}"]
    return ["all", g.lang or "?"] + unseen + [g.group]


def score_groups(gold: list[data.GoldDoc], preds: dict[str, dict[str, list[dict]]]) -> dict[str, Any]:
    """{group: {system: {level: {precision, recall, f1}}, n_docs, n_gold}} over the given documents."""
    from ...eval import score

    out: dict[str, Any] = {}
    order = {"all": 0, "en": 1, "ar": 2, "unseen": 3, "unseen_en": 4, "unseen_ar": 5}
    names = sorted({n for g in gold for n in groups(g)}, key=lambda n: (order.get(n, 9), n))
    for name in names:
        members = [g for g in gold if name in groups(g)]
        gd = {g.doc_id: g.records for g in members}
        res: dict[str, Any] = {"n_docs": len(members), "n_gold": sum(len(g.records) for g in members)}
        for system, pred in preds.items():
            s = score(gd, {i: pred.get(i, []) for i in gd})
            res[system] = {lvl: dict(vals) for lvl, vals in s.levels.items()}
        out[name] = res
    return out


def spread(per_fold: list[dict[str, Any]], group: str, system: str, level: str) -> tuple[float, float]:
    vals = [f[group][system][level]["f1"] for f in per_fold if group in f and system in f[group]]
    if not vals:
        return float("nan"), float("nan")
    return statistics.fmean(vals), (statistics.pstdev(vals) if len(vals) > 1 else 0.0)


def table(result: dict[str, Any]) -> str:
    """Pooled F1 per group, system and level, with mean ± sd over folds."""
    lines = ["| set | docs | gold | system | " + " | ".join(f"{lvl} F1 (fold mean ± sd)" for lvl in LEVELS) + " |",
             "|---|---|---|---|" + "---|" * len(LEVELS)]
    for name, res in result["pooled"].items():
        for system in [s for s in SYSTEMS if s in res]:
            cells = []
            for lvl in LEVELS:
                mean, sd = spread(result["folds"], name, system, lvl)
                cells.append(f"**{res[system][lvl]['f1']:.3f}** ({mean:.3f} ± {sd:.3f})")
            lines.append(f"| {name} | {res['n_docs']} | {res['n_gold']} | {system} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def kept(doc_id: str, fraction: float) -> bool:
    """[cv] train_fraction < 1 (a learning curve): a document trains only when a hash of its id falls below it."""
    return fraction >= 1.0 or int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF < fraction


def run(cfg: dict[str, Any], real: list[data.GoldDoc], real_docs: list, extra: list[data.GoldDoc], extra_docs: list,
        log: Callable[[str], None], fit: Callable[..., Any]) -> dict[str, Any]:
    """Cross-validate: `fit(train_gold, train_docs, log)` -> a ModelRelation (trainer.fit_relation)."""
    from ...record import to_record

    k = int(cfg["cv"]["folds"])
    frac = float(cfg["cv"].get("train_fraction", 1.0))
    fold_of = assign_folds(real, k)
    preds: dict[str, dict[str, list[dict]]] = {s: {} for s in SYSTEMS}
    per_fold, seconds = [], []
    for f in range(k):
        t0 = time.monotonic()
        test_idx = [i for i, g in enumerate(real) if fold_of[g.doc_id] == f]
        train_idx = [i for i, g in enumerate(real) if fold_of[g.doc_id] != f and kept(g.doc_id, frac)]
        mr = fit([real[i] for i in train_idx] + extra, [real_docs[i] for i in train_idx] + extra_docs,
                 lambda s: log(f"  fold {f + 1}/{k}: {s}"))
        docs = [real_docs[i] for i in test_idx]
        fold_preds = {"model": mr.extract_batch(docs), "rules": [mr.rules.extract(d) if d.ok else [] for d in docs]}
        for system, pl in fold_preds.items():
            for d, ps in zip(docs, pl):
                preds[system][d.doc_id] = [to_record(d, p) for p in ps]
        res = score_groups([real[i] for i in test_idx], preds)
        per_fold.append(res)
        seconds.append(round(time.monotonic() - t0, 1))
        log(f"fold {f + 1}/{k}: {len(test_idx)} documents, donor+amount F1 model "
            f"{res['all']['model']['donor+amount']['f1']:.3f} rules {res['all']['rules']['donor+amount']['f1']:.3f} "
            f"({seconds[-1]} s)")
    return {"folds_k": k, "pooled": score_groups(real, preds), "folds": per_fold, "fold_seconds": seconds,
            "n_docs": len(real), "predictions": preds}


def select_default(cv: dict[str, Any], margin: float, level: str = "donor+amount") -> dict[str, Any]:
    """The model for the default config only when its pooled cross-validated F1 at
    `level` on the articles the rules were not developed on ("unseen"; all of them
    when there are none) beats the rules' by more than `margin` and is not worse in
    either language there."""
    pooled = cv["pooled"]
    on = "unseen" if "unseen" in pooled else "all"
    prefix = "unseen_" if on == "unseen" else ""
    langs = [g for g in ("en", "ar") if prefix + g in pooled]
    model, rules = pooled[on]["model"][level]["f1"], pooled[on]["rules"][level]["f1"]
    per_lang = {g: {"model": pooled[prefix + g]["model"][level]["f1"], "rules": pooled[prefix + g]["rules"][level]["f1"]}
                for g in langs}
    better = model > rules + margin and all(v["model"] >= v["rules"] for v in per_lang.values())
    return {"on": f"cross-validation, pooled over the '{on}' documents", "level": level, "margin": margin,
            "model": model, "rules": rules, "per_language": per_lang, "default": "model" if better else "rules"}


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="pledges cv",
        description="Cross-validate the rules and the relation model on the real annotated articles (k folds "
                    "grouped by document; configs/train.toml [data] real/handwritten, [cv] folds). Prints "
                    "amount, donor+amount and full-tuple F1 per language and source set, pooled over folds, "
                    "with the fold mean and spread. --set cv.train_fraction=0.5 trains each fold on half its training "
                    "documents (a learning curve: does more annotation still pay?). Nothing is written under models/.")
    ap.add_argument("--config", default="configs/train.toml", help="training config (default configs/train.toml)")
    ap.add_argument("--device", default="auto", help="auto | cpu | cuda (default auto: cuda when available)")
    ap.add_argument("--json", dest="json_out", metavar="FILE", help="also write the figures (and predictions) here")
    ap.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.KEY=VALUE",
                    help="override a training config value, e.g. --set cv.folds=10 --set data.generated_train=0")
    return ap


def main(argv: list[str] | None = None) -> int:
    from . import trainer

    args = build_parser().parse_args(argv)
    log = lambda s: print(s, file=sys.stderr, flush=True)  # noqa: E731
    try:
        cfg = trainer.load_config(args.config, args.overrides)
        result = trainer.cross_validate(cfg, args.device, log)
    except PipelineError as e:
        print(f"pledges cv: {e}", file=sys.stderr)
        return 2
    print(table(result))
    sel = select_default(result, float(cfg["train"]["select_margin"]))
    print(f"\nselection: {sel['default']} ({sel['on']}: {sel['level']} F1 model {sel['model']:.3f}, "
          f"rules {sel['rules']:.3f})")
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump(dict(result, selection=sel, config=cfg), f, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
