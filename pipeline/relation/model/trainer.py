"""`pledges train`: build the data, train the relation model, score it against
the rules on held-out data, and ship it.

    main(["--config", "configs/train.toml", "--device", "auto", "--seed", "13", "--out", "models/relation"])

writes models/relation/<version>/ (model.safetensors, tokenizer.json,
config.json, metrics.json, MODEL_CARD.md) and points models/relation/LATEST
at it.  A fixed seed gives identical metrics on a given machine (seeded
torch / Python RNGs, deterministic algorithms, single-process data order).
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import random
import sys
import time
import tomllib
from pathlib import Path
from typing import Any, Callable

import torch

from ...config import apply_overrides
from ...config import load as load_pipeline_config
from ...errors import ConfigError, PipelineError
from ...paths import resolve
from . import card, data, generate
from . import model as M
from .encode import IGNORE, train_tokenizer
from .infer import ModelRelation, collate

DEFAULTS: dict[str, Any] = {
    "data": {"pipeline": "configs/default.toml", "pipeline_overrides": [], "generated_train": 1600,
             "generated_heldout": 300, "generator_seed": 13, "handwritten": "pipeline/resources/relation_train",
             "heldout_every": 3, "handwritten_repeat": 4, "extra_files": [], "batch_size": 32},
    "model": {"vocab_size": 8000, "hidden": 128, "layers": 3, "heads": 4, "intermediate": 512, "max_len": 160,
              "context": 1, "dropout": 0.1, "entity_markers": True},
    "train": {"seed": 13, "epochs": 6, "batch_size": 32, "lr": 5e-4, "weight_decay": 0.01, "warmup": 0.1,
              "tag_weight": 1.0, "max_steps": 0, "max_minutes": 13.0, "threads": 1,
              "select_on": "handwritten", "select_margin": 0.02},
    "inference": {"threshold": 0.5, "recipient_fallback": False, "roles": "verify", "donor_needs_entity": True},
}


def load_config(path: str | Path | None, overrides: list[str] | None = None) -> dict[str, Any]:
    """DEFAULTS, then the TOML file, then `--set section.key=value` overrides;
    unknown sections or keys are errors."""
    cfg = json.loads(json.dumps(DEFAULTS))
    where = str(path) if path else "--set"
    if path:
        p = resolve(path)
        try:
            with open(p, "rb") as f:
                user = tomllib.load(f)
        except FileNotFoundError:
            raise ConfigError("config file not found", path=str(path)) from None
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"not valid TOML: {e}", path=str(path)) from None
        _check(user, str(path))
        for sec, vals in user.items():
            cfg[sec].update(vals)
    extra = apply_overrides({}, overrides or [])
    _check(extra, where)
    for sec, vals in extra.items():
        cfg[sec].update(vals)
    return cfg


def _check(user: dict[str, Any], where: str) -> None:
    for sec, vals in user.items():
        if sec not in DEFAULTS or not isinstance(vals, dict):
            raise ConfigError(f"unknown section [{sec}] (known: {', '.join(DEFAULTS)})", path=where)
        for k in vals:
            if k not in DEFAULTS[sec]:
                raise ConfigError(f"unknown key (known: {', '.join(DEFAULTS[sec])})", path=where, key=f"{sec}.{k}")


def set_determinism(seed: int, device: torch.device, threads: int = 0) -> None:
    if device.type == "cuda":
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=False)
    if threads:
        torch.set_num_threads(threads)


# ------------------------------------------------------------------- data ---
def collect(cfg: dict[str, Any], log: Callable[[str], None]) -> tuple[list[data.GoldDoc], list[data.GoldDoc]]:
    d = cfg["data"]
    if any("/shared/dev" in str(resolve(f)).replace(os.sep, "/") for f in d.get("extra_files") or []):
        raise ConfigError("the dev set is the measurement set and never training data", key="data.extra_files")
    train = [_gen(g, "generated") for g in generate.generate(d["generated_train"], d["generator_seed"], "train")]
    held = [_gen(g, "generated") for g in generate.generate(d["generated_heldout"], d["generator_seed"], "heldout")]
    if d.get("handwritten"):
        hw_path = resolve(d["handwritten"]) / "gold.jsonl"
        hw = sorted(data.load_gold(hw_path, "handwritten"), key=lambda g: g.doc_id)
        every = int(d.get("heldout_every") or 0)
        for i, g in enumerate(hw):
            (held if every and i % every == every - 1 else train).append(g)
    for f in d.get("extra_files") or []:
        train.extend(data.load_gold(resolve(f), "extra"))
    log(f"data: {len(train)} training documents, {len(held)} held-out documents")
    return train, held


def _gen(g: generate.GenDoc, group: str) -> data.GoldDoc:
    return data.GoldDoc(g.doc_id, g.lang, g.text, g.records, "generated", group)


def pipeline_config(cfg: dict[str, Any]) -> dict[str, Any]:
    return load_pipeline_config(resolve(cfg["data"]["pipeline"]), list(cfg["data"].get("pipeline_overrides") or []))


# ------------------------------------------------------------------ train ---
def fit(model: M.RelationModel, train: list[data.Example], cfg: dict[str, Any], device: torch.device, seed: int,
        log: Callable[[str], None], deadline: float | None = None) -> dict[str, Any]:
    t = cfg["train"]
    usable = [e for e in train if e.label != IGNORE or e.enc.tags]
    n, bs = len(usable), int(t["batch_size"])
    steps_per_epoch = max(1, (n + bs - 1) // bs)
    total = steps_per_epoch * int(t["epochs"])
    if t.get("max_steps"):
        total = min(total, int(t["max_steps"]))
    opt = torch.optim.AdamW(model.parameters(), lr=float(t["lr"]), weight_decay=float(t["weight_decay"]))
    warm = max(1, int(total * float(t["warmup"])))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    gen = torch.Generator().manual_seed(seed)
    model.train()
    step, losses, stopped = 0, [], None
    while step < total:
        for k in _batches(usable, torch.randperm(n, generator=gen).tolist(), bs, gen):
            batch = [usable[i] for i in k]
            b = collate([e.enc for e in batch], device, with_labels=True, labels=[e.label for e in batch])
            logits, tags = model(b["input_ids"], b["attention_mask"], b["amt_index"])
            loss = _masked_ce(logits, b["labels"]) + float(t["tag_weight"]) * _masked_ce(
                tags.reshape(-1, tags.size(-1)), b["tags"].reshape(-1))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            losses.append(float(loss.detach()))
            step += 1
            if step % 50 == 0 or step == total:
                log(f"step {step}/{total} loss {sum(losses[-50:]) / len(losses[-50:]):.4f}")
            if step >= total:
                break
            if deadline is not None and time.monotonic() > deadline:
                stopped = f"time budget reached at step {step}"
                log(stopped)
                total = step
                break
    model.eval()
    return {"steps": step, "epochs": round(step / steps_per_epoch, 2), "examples": n,
            "final_loss": round(sum(losses[-50:]) / max(1, len(losses[-50:])), 4), "stopped_early": stopped}


def _batches(examples: list[data.Example], order: list[int], size: int, gen: torch.Generator) -> list[list[int]]:
    """Batches of similar length (less padding): the shuffled order is cut into
    pools of 50 batches, each pool sorted by length and cut into batches, and
    the batches shuffled again."""
    out = []
    pool = size * 50
    for i in range(0, len(order), pool):
        part = sorted(order[i:i + pool], key=lambda j: (len(examples[j].enc.input_ids), j))
        out += [part[k:k + size] for k in range(0, len(part), size)]
    return [out[i] for i in torch.randperm(len(out), generator=gen).tolist()]


def _masked_ce(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    valid = labels != IGNORE
    if not bool(valid.any()):
        return logits.sum() * 0.0
    return torch.nn.functional.cross_entropy(logits[valid], labels[valid])


# --------------------------------------------------------------- evaluate ---
def evaluate(mr: ModelRelation, docs: list, gold: list[data.GoldDoc]) -> dict[str, Any]:
    """Held-out P/R/F1 (pipeline.eval, the `pledges eval` scorer) for the model
    (with its configured role policy), the other role policy, and the rules, over
    all held-out documents and per group and language."""
    from ...eval import score
    from ...record import to_record

    other = copy.copy(mr)
    other.roles = "model" if mr.roles == "verify" else "verify"
    systems = {"model": mr.extract_batch(docs), f"model_roles_{other.roles}": other.extract_batch(docs),
               "rules": [mr.rules.extract(d) if d.ok else [] for d in docs]}
    out: dict[str, Any] = {}
    groups = {"all": lambda g: True, "generated": lambda g: g.group == "generated",
              "handwritten": lambda g: g.group == "handwritten",
              "en": lambda g: g.lang == "en", "ar": lambda g: g.lang == "ar"}
    by_id = {g.doc_id: g for g in gold}
    for name, keep in groups.items():
        ids = [d.doc_id for d in docs if keep(by_id[d.doc_id])]
        if not ids:
            continue
        g = {i: by_id[i].records for i in ids}
        res: dict[str, Any] = {}
        for system, pl in systems.items():
            pred = {d.doc_id: [to_record(d, p) for p in ps] for d, ps in zip(docs, pl) if d.doc_id in g}
            s = score(g, pred)
            res[system] = {lvl: dict(vals) for lvl, vals in s.levels.items()}
            res[system]["n_pred"] = s.n_pred
        res["n_docs"], res["n_gold"] = len(ids), sum(len(v) for v in g.values())
        out[name] = res
    return out


def select_default(metrics: dict[str, Any], on: str, margin: float, level: str = "donor+amount") -> dict[str, Any]:
    """Which system the default config should run: the model only when its F1 at
    `level` on the held-out group `on` beats the rules' by more than `margin`
    (a smaller difference is within the noise of a few hundred records)."""
    if on not in metrics:
        raise ConfigError(f"train.select_on names no held-out group: {on!r} (have {', '.join(metrics)})",
                          key="train.select_on")
    model, rules = metrics[on]["model"][level]["f1"], metrics[on]["rules"][level]["f1"]
    return {"on": on, "level": level, "margin": margin, "model": model, "rules": rules,
            "default": "model" if model > rules + margin else "rules"}


# ------------------------------------------------------------------- main ---
def train(cfg: dict[str, Any], device: str = "auto", seed: int | None = None, out: str | Path = "models/relation",
          log: Callable[[str], None] = print) -> Path:
    t0 = time.monotonic()
    dev = M.resolve_device(device)
    seed = int(cfg["train"]["seed"] if seed is None else seed)
    cfg["train"]["seed"] = seed
    set_determinism(seed, dev, int(cfg["train"].get("threads") or 0))
    deadline = t0 + 60 * float(cfg["train"]["max_minutes"]) if cfg["train"].get("max_minutes") else None
    train_gold, held_gold = collect(cfg, log)
    pcfg = pipeline_config(cfg)
    t1 = time.monotonic()
    bsz = int(cfg["data"]["batch_size"])
    train_docs = data.annotate(train_gold, pcfg, bsz)
    held_docs = data.annotate(held_gold, pcfg, bsz)
    bad = [d.doc_id + ": " + str(d.reason) for d in train_docs + held_docs if not d.ok]
    log(f"stages over {len(train_docs) + len(held_docs)} documents: {time.monotonic() - t1:.1f}s"
        + (f"; {len(bad)} not ok (first: {bad[0]})" if bad else ""))
    m = cfg["model"]
    texts = [g.text for g in train_gold] + card.resource_texts()
    tokenizer = train_tokenizer(texts, vocab_size=int(m["vocab_size"]))
    train_ex, stats = data.examples(train_docs, train_gold, tokenizer, int(m["max_len"]), int(m["context"]),
                                    entity_markers=bool(m["entity_markers"]))
    repeat = max(1, int(cfg["data"].get("handwritten_repeat") or 1))  # few but real-looking: seen more often
    train_ex += [e for e in train_ex if e.group != "generated" for _ in range(repeat - 1)]
    log(f"examples: {stats}")
    config = M.bert_config(tokenizer.get_vocab_size(), m["hidden"], m["layers"], m["heads"], m["intermediate"],
                           m["max_len"], m["dropout"])
    torch.manual_seed(seed)
    model = M.RelationModel(config).to(dev)
    t2 = time.monotonic()
    info = fit(model, train_ex, cfg, dev, seed, log, deadline)
    info["fit_seconds"] = round(time.monotonic() - t2, 1)
    meta = {"max_len": int(m["max_len"]), "context": int(m["context"]), "entity_markers": bool(m["entity_markers"]),
            "threshold": float(cfg["inference"]["threshold"]),
            "recipient_fallback": bool(cfg["inference"]["recipient_fallback"]), "roles": cfg["inference"]["roles"],
            "donor_needs_entity": bool(cfg["inference"]["donor_needs_entity"])}
    mr = ModelRelation(model, tokenizer, meta, dev)
    t3 = time.monotonic()
    metrics = evaluate(mr, held_docs, held_gold)
    eval_s = time.monotonic() - t3
    selection = select_default(metrics, str(cfg["train"]["select_on"]), float(cfg["train"]["select_margin"]))
    n_amounts = sum(len(d.amounts) for d in held_docs)
    version = time.strftime("rel-%Y%m%d-%H%M%S", time.gmtime()) + f"-s{seed}"
    root = Path(out).resolve()
    vdir = M.save(model, tokenizer, dict(meta, version=version), root / version)
    total_s = time.monotonic() - t0
    result = {"version": version, "device": str(dev), "device_name": _device_name(dev), "seed": seed,
              "train_seconds": round(total_s, 1), "data": {"train_docs": len(train_gold), "heldout_docs": len(held_gold),
                                                           **stats}, "fit": info, "heldout": metrics,
              "selection": selection,
              "inference": {"heldout_amounts": n_amounts, "seconds": round(eval_s, 2)},
              "params": sum(p.numel() for p in model.parameters()), "config": cfg}
    (vdir / "metrics.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (vdir / "MODEL_CARD.md").write_text(card.model_card(result, M.sha256(vdir / M.WEIGHTS)), encoding="utf-8")
    (root / "LATEST").write_text(version + "\n", encoding="utf-8")
    log(card.summary(result))
    log(f"wrote {vdir} ({total_s / 60:.1f} min)")
    return vdir


def _device_name(dev: torch.device) -> str:
    if dev.type == "cuda":
        return torch.cuda.get_device_name(dev)
    return f"cpu ({torch.get_num_threads()} threads)"


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="pledges train", description="Train the transformer relation model and "
                                 "compare it with the rules on held-out data.")
    ap.add_argument("--config", default="configs/train.toml", help="training config (default configs/train.toml)")
    ap.add_argument("--device", default="auto", help="auto | cpu | cuda (default auto: cuda when available)")
    ap.add_argument("--seed", type=int, default=None, help="random seed (default: [train] seed)")
    ap.add_argument("--out", default="models/relation", help="root for model versions (default models/relation)")
    ap.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.KEY=VALUE",
                    help="override a training config value, e.g. --set train.epochs=2")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        cfg = load_config(args.config, args.overrides)
        train(cfg, args.device, args.seed, args.out, log=lambda s: print(s, file=sys.stderr, flush=True))
    except PipelineError as e:
        print(f"pledges train: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
