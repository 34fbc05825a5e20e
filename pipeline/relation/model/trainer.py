"""`pledges train`: cross-validate the relation model against the rules on the
real annotated articles (cv.py), then train it on all of them and ship it with
its CV figures.  The model starts from the pre-trained encoder
(`model.encoder`, written by `pledges pretrain`) unless that is set to "".

    main(["--config", "configs/train.toml", "--device", "auto", "--seed", "13", "--out", "models/relation"])

writes models/relation/<version>/ (model.safetensors, tokenizer.json,
config.json, metrics.json, MODEL_CARD.md) and points models/relation/LATEST
at it.  A fixed seed gives identical metrics on a given machine (seeded
torch / Python RNGs, deterministic algorithms, single-process data order).
"""
from __future__ import annotations

import argparse
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
from . import card, cv, data, generate
from . import features as F
from . import model as M
from .encode import IGNORE, train_tokenizer
from .infer import ModelRelation, collate, load_clusters

# candidate heads that fit the conditional logit of linear_head.py (alone, or beside the MLP)
LINEAR_CANDIDATE = ("linear", "mlp+linear")

DEFAULTS: dict[str, Any] = {
    "data": {"pipeline": "configs/model.toml", "pipeline_overrides": [],
             "real": ["../shared/dev/gold.jsonl", "../shared/corpus/annotated/sets/*/gold.jsonl"],
             "handwritten": "pipeline/resources/relation_train", "generated_train": 0, "generator_seed": 13,
             "real_repeat": 1, "batch_size": 32, "corpus": "", "corpus_texts": [], "corpus_heads": "both"},
    "model": {"encoder": "models/encoder", "features": True, "candidate_text": True, "pledge_text": True, "text_dim": 0, "members": 1,
              "pledge_head": "mlp", "pledge_c": 0.3,
              "candidate_head": "mlp", "candidate_c": 1.0, "candidate_mlp_weight": 2.0,
              "freeze_encoder": False,
              "vocab_size": 8000, "hidden": 128, "layers": 3, "heads": 4,
              "intermediate": 512, "max_len": 160, "context": 1, "dropout": 0.1, "entity_markers": True,
              "word_clusters": ""},
    "train": {"seed": 13, "epochs": 6, "batch_size": 32, "lr": 5e-4, "weight_decay": 0.01, "warmup": 0.1,
              "tag_weight": 1.0, "candidate_weight": 1.0, "max_steps": 0, "max_minutes": 13.0, "threads": 1, "select_margin": 0.02,
              "encoder_pass": False},
    "cv": {"folds": 5, "train_fraction": 1.0},
    "inference": {"threshold": 0.5, "recipient_fallback": False, "roles": "verify", "donor_needs_entity": True,
                  "rule_weight": 0.0, "recipient": "model", "donor_min": 0.0},
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
    _check_values(cfg, where)
    return cfg


def _check_values(cfg: dict[str, Any], where: str) -> None:
    try:
        frac = float(cfg["cv"]["train_fraction"])
    except (TypeError, ValueError):
        frac = -1.0
    if not 0.0 < frac <= 1.0:
        raise ConfigError(f"must be a number in (0, 1], not {cfg['cv']['train_fraction']!r}", path=where,
                          key="cv.train_fraction")
    if cfg["data"]["corpus_heads"] not in ("both", "candidate"):
        raise ConfigError(f"must be 'both' or 'candidate', not {cfg['data']['corpus_heads']!r}", path=where,
                          key="data.corpus_heads")


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
    """(real annotated documents, training-only documents: the project's annotated corpus
    articles (`data.corpus`) then the generated ones).  Real ones: every gold file
    matched by `data.real` (globs; the source set is the file's folder name) and the
    hand-written set; a glob that matches nothing is an error (../shared missing)."""
    d = cfg["data"]
    real: list[data.GoldDoc] = []
    for pattern in d.get("real") or []:
        paths = _glob(pattern)
        if not paths:
            raise ConfigError(f"no annotated gold file matches {pattern!r} (is ../shared beside the checkout?)",
                              key="data.real")
        for path in paths:
            real.extend(data.load_gold(path, path.parent.name))
    if d.get("handwritten"):
        real.extend(data.load_gold(resolve(d["handwritten"]) / "gold.jsonl", "handwritten"))
    seen: set[str] = set()
    for g in real:
        if g.doc_id in seen:
            raise ConfigError(f"document id {g.doc_id!r} appears in two annotated files", key="data.real")
        seen.add(g.doc_id)
    gen = [_gen(g, "generated") for g in generate.generate(d["generated_train"], d["generator_seed"], "train")] \
        if int(d["generated_train"]) else []
    corpus = _corpus(d, seen)
    log(f"data: {len(real)} real annotated documents ({sum(len(g.records) for g in real)} records), "
        f"{len(corpus)} annotated corpus articles ({sum(len(g.records) for g in corpus)} records, training only), "
        f"{len(gen)} generated")
    return real, corpus + gen


def _corpus(d: dict[str, Any], seen: set[str]) -> list[data.GoldDoc]:
    """`data.corpus`: the project's own annotations of articles in `data.corpus_texts` (the unlabelled
    corpora in ../shared).  Training data only: `pledges cv` never scores them, so the cross-validated
    figures stay those of the articles annotated outside the project."""
    if not d.get("corpus"):
        return []
    path = resolve(d["corpus"])
    if not path.is_file():
        raise ConfigError(f"annotation file not found: {path}", key="data.corpus")
    files = [f for pattern in d.get("corpus_texts") or [] for f in _glob(pattern)]
    if not files:
        raise ConfigError(f"no corpus file matches {d.get('corpus_texts')!r} (is ../shared beside the checkout?)",
                          key="data.corpus_texts")
    wanted = data.gold_ids(path)
    texts = data.corpus_texts(files, wanted)
    if wanted - texts.keys():
        missing = sorted(wanted - texts.keys())
        raise ConfigError(f"{path}: {len(missing)} articles not in the corpus files (first: {missing[0]!r})",
                          key="data.corpus_texts")
    dup = wanted & seen
    if dup:
        raise ConfigError(f"document id {sorted(dup)[0]!r} is both in {path} and a real annotated file", key="data.corpus")
    return data.load_gold(path, "corpus", texts)


def _glob(pattern: str) -> list[Path]:
    """The files matching `pattern` from the current directory, else from the project
    root (as paths.resolve does for a single path)."""
    import glob

    from ...paths import PROJECT_ROOT

    for base in (Path.cwd(), PROJECT_ROOT):
        found = sorted(Path(f) for f in glob.glob(str(base / pattern)) if Path(f).is_file())
        if found:
            return found
    return []


def _gen(g: generate.GenDoc, group: str) -> data.GoldDoc:
    return data.GoldDoc(g.doc_id, g.lang, g.text, g.records, "generated", group)


def pipeline_config(cfg: dict[str, Any]) -> dict[str, Any]:
    return load_pipeline_config(resolve(cfg["data"]["pipeline"]), list(cfg["data"].get("pipeline_overrides") or []))


def annotate(cfg: dict[str, Any], gold: list[data.GoldDoc], log: Callable[[str], None]) -> list:
    t = time.monotonic()
    docs = data.annotate(gold, pipeline_config(cfg), int(cfg["data"]["batch_size"])) if gold else []
    bad = [d.doc_id + ": " + str(d.reason) for d in docs if not d.ok]
    log(f"stages over {len(docs)} documents: {time.monotonic() - t:.1f}s"
        + (f"; {len(bad)} not ok (first: {bad[0]})" if bad else ""))
    return docs


def start_point(cfg: dict[str, Any], texts: list[str]) -> tuple[Any, Any, dict | None]:
    """(tokenizer, BertConfig, encoder weights or None): the pre-trained encoder's
    (`model.encoder`), or a tokenizer built from the training texts and a fresh config."""
    m = cfg["model"]
    if m.get("encoder"):
        config, tokenizer, state = M.load_encoder(m["encoder"])
        if config.max_position_embeddings < int(m["max_len"]):
            raise ConfigError(f"model.max_len {m['max_len']} exceeds the encoder's {config.max_position_embeddings}",
                              key="model.max_len")
        config.hidden_dropout_prob = config.attention_probs_dropout_prob = float(m["dropout"])
        return tokenizer, config, state
    tokenizer = train_tokenizer(texts + card.resource_texts(), vocab_size=int(m["vocab_size"]))
    config = M.bert_config(tokenizer.get_vocab_size(), m["hidden"], m["layers"], m["heads"], m["intermediate"],
                           m["max_len"], m["dropout"])
    return tokenizer, config, None


def cluster_spec(cfg: dict[str, Any]) -> dict[str, Any] | None:
    """The `model.word_clusters` table the model is trained with, as its config.json records it
    ({"lang", "path", "sha256"}), or None when the setting is ""."""
    path = cfg["model"].get("word_clusters")
    if not path:
        return None
    from ...ner.word_clusters import WordClusters

    return {"lang": "ar", "path": str(path), "sha256": WordClusters.load(path).sha256}


def inference_meta(cfg: dict[str, Any]) -> dict[str, Any]:
    m, i = cfg["model"], cfg["inference"]
    return {"max_len": int(m["max_len"]), "context": int(m["context"]), "entity_markers": bool(m["entity_markers"]),
            "word_clusters": cluster_spec(cfg),
            "threshold": float(i["threshold"]), "recipient_fallback": bool(i["recipient_fallback"]),
            "roles": i["roles"], "donor_needs_entity": bool(i["donor_needs_entity"]),
            "rule_weight": float(i["rule_weight"]), "recipient": i["recipient"], "donor_min": float(i["donor_min"])}


def fit_relation(cfg: dict[str, Any], dev: torch.device, seed: int, gold: list[data.GoldDoc], docs: list,
                 log: Callable[[str], None]) -> tuple[ModelRelation, dict[str, Any]]:
    """A relation model trained on `gold` (annotated as `docs`), and what the run did."""
    m = cfg["model"]
    check_heads(m)
    tokenizer, config, state = start_point(cfg, [g.text for g in gold])
    feats = bool(m["features"])
    meta = inference_meta(cfg)
    clusters = load_clusters(meta["word_clusters"])
    ex, stats = data.examples(docs, gold, tokenizer, int(m["max_len"]), int(m["context"]),
                              entity_markers=bool(m["entity_markers"]), features=feats,
                              terms=feats and m.get("pledge_head") == "linear",
                              cand_terms=feats and m.get("candidate_head") in LINEAR_CANDIDATE,
                              clusters=clusters)
    repeat = max(1, int(cfg["data"].get("real_repeat") or 1))  # real text weighs more than generated
    if cfg["data"].get("corpus_heads", "both") == "candidate":  # the project's corpus annotations teach the donor only
        for e in ex:
            if e.group == "corpus":
                e.label = IGNORE
    ex += [e for e in ex if e.group != "generated" for _ in range(repeat - 1)]
    log(f"examples: {stats}")
    set_determinism(seed, dev, int(cfg["train"].get("threads") or 0))
    model = M.RelationModel(config, F.N_PLEDGE if feats else 0, F.N_CANDIDATE if feats else 0,
                            bool(m["candidate_text"]), bool(m["pledge_text"]), int(m["text_dim"]),
                            int(m.get("members", 1)))
    if state is not None:
        M.init_from_encoder(model, state, str(m["encoder"]))
    if m["freeze_encoder"]:  # only the heads learn: the pre-trained representation stays as it is
        for prm in model.bert.parameters():
            prm.requires_grad_(False)
    model.to(dev)
    t = time.monotonic()
    deadline = t + 60 * float(cfg["train"]["max_minutes"]) if cfg["train"].get("max_minutes") else None
    info = fit(model, ex, cfg, dev, seed, log, deadline)
    info.update(fit_linear_heads(model, ex, m, log))
    info["fit_seconds"] = round(time.monotonic() - t, 1)
    info["data"] = stats
    return ModelRelation(model, tokenizer, meta, dev, clusters=clusters), info


def check_heads(m: dict[str, Any]) -> None:
    """model.pledge_head / candidate_head settings, checked before anything is trained."""
    for key, allowed in (("pledge_head", ("mlp", "linear")), ("candidate_head", ("mlp", *LINEAR_CANDIDATE))):
        if m.get(key, "mlp") not in allowed:
            raise ConfigError(f"{key} must be one of {', '.join(repr(a) for a in allowed)}, not {m[key]!r}",
                              key=f"model.{key}")
        if m.get(key) in LINEAR_CANDIDATE and not m.get("features", True):
            raise ConfigError(f"model.{key} = 'linear' reads the rules' features: set model.features = true",
                              key=f"model.{key}")


def fit_linear_heads(model: M.RelationModel, ex: list[data.Example], m: dict[str, Any],
                     log: Callable[[str], None]) -> dict[str, Any]:
    """model.pledge_head / candidate_head = "linear": the linear heads of linear_head.py,
    fitted on the labelled examples after the others; at inference they replace the
    MLP heads' pledge probability / donor pick."""
    from .linear_head import CandidateLinear, PledgeLinear

    check_heads(m)
    if (m.get("pledge_head") == "linear" or m.get("candidate_head") in LINEAR_CANDIDATE) and model.n_pledge == 0:
        raise ConfigError("a linear head reads the rules' features: this model was built without them",
                          key="model.features")
    out: dict[str, Any] = {}
    dev = next(model.parameters()).device
    if m.get("pledge_head") == "linear":
        lab = [e for e in ex if e.label != IGNORE]
        if len({e.label for e in lab}) < 2:
            raise ConfigError("model.pledge_head = 'linear' needs pledge and non-pledge examples in the training "
                              "data", key="model.pledge_head")
        t, c = time.monotonic(), float(m["pledge_c"])
        model.linear = PledgeLinear.fit([e.enc.feats for e in lab], [e.enc.lex for e in lab],
                                        [e.label for e in lab], c).to(dev)
        log(f"linear pledge head: {len(lab)} examples, {len(model.linear.vocab)} terms, C {c} "
            f"({time.monotonic() - t:.1f} s)")
        out["pledge_head"] = {"kind": "linear", "examples": len(lab), "terms": len(model.linear.vocab), "c": c}
    if m.get("candidate_head") in LINEAR_CANDIDATE:
        lab = [e for e in ex if e.enc.cand_label != IGNORE and e.enc.cand_feats]
        if not lab:
            raise ConfigError("model.candidate_head = 'linear' needs examples whose donor is among the candidates",
                              key="model.candidate_head")
        t, c = time.monotonic(), float(m["candidate_c"])
        model.cand_linear = CandidateLinear.fit([e.enc.cand_feats for e in lab], [e.enc.cand_lex for e in lab],
                                                [e.enc.cand_label for e in lab], c).to(dev)
        # "mlp+linear": the MLP's log-probabilities, times this weight, are added to the logit's (a product of experts)
        model.cand_linear.mlp_weight = float(m["candidate_mlp_weight"]) if m["candidate_head"] == "mlp+linear" else 0.0
        log(f"linear candidate head: {len(lab)} examples, {len(model.cand_linear.vocab)} terms, C {c} "
            f"({time.monotonic() - t:.1f} s)")
        out["candidate_head"] = {"kind": m["candidate_head"], "examples": len(lab), "terms": len(model.cand_linear.vocab),
                                 "c": c, "mlp_weight": model.cand_linear.mlp_weight}
    return out


# ------------------------------------------------------------------ train ---
def heads_only_training(model: M.RelationModel, cfg: dict[str, Any]) -> bool:
    """No head reads the text and inference reads no tags (roles = rank, the rules'
    recipient): the encoder's output is never used, so training skips it (its
    weights stay the pre-trained ones) unless train.encoder_pass = true."""
    i = cfg["inference"]
    return (model.n_pledge > 0 and not model.reads_text and i["roles"] == "rank" and i["recipient"] == "rules"
            and not bool(cfg["train"].get("encoder_pass", False)))


def fit(model: M.RelationModel, train: list[data.Example], cfg: dict[str, Any], device: torch.device, seed: int,
        log: Callable[[str], None], deadline: float | None = None) -> dict[str, Any]:
    t = cfg["train"]
    heads_only = heads_only_training(model, cfg)
    usable = [e for e in train if e.label != IGNORE or e.enc.tags]
    n, bs = len(usable), int(t["batch_size"])
    steps_per_epoch = max(1, (n + bs - 1) // bs)
    total = steps_per_epoch * int(t["epochs"])
    if t.get("max_steps"):
        total = min(total, int(t["max_steps"]))
    opt = torch.optim.AdamW([q for q in model.parameters() if q.requires_grad], lr=float(t["lr"]),
                            weight_decay=float(t["weight_decay"]))
    warm = max(1, int(total * float(t["warmup"])))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    gen = torch.Generator().manual_seed(seed)
    model.train()
    step, losses, stopped = 0, [], None
    while step < total:
        for k in _batches(usable, torch.randperm(n, generator=gen).tolist(), bs, gen):
            batch = [usable[i] for i in k]
            b = collate([e.enc for e in batch], device, with_labels=True, labels=[e.label for e in batch])
            if heads_only:
                outs, loss = model.heads(b["feats"], b["cand_feats"], b["cand_mask"], combine=False), 0.0
            else:
                outs, tags = model(**{k: v for k, v in b.items() if k not in ("labels", "tags", "cand_labels")},
                                   combine=False)
                loss = float(t["tag_weight"]) * _masked_ce(tags.reshape(-1, tags.size(-1)), b["tags"].reshape(-1))
            for logits, cand in outs:  # every member learns from the same batch, from its own start
                loss = loss + _masked_ce(logits, b["labels"])
                if cand is not None:
                    loss = loss + float(t["candidate_weight"]) * _masked_ce(cand, b["cand_labels"])
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
    return {"steps": step, "epochs": round(step / steps_per_epoch, 2), "examples": n, "heads_only": heads_only,
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


# ------------------------------------------------------------------- main ---
def cross_validate(cfg: dict[str, Any], device: str = "auto", log: Callable[[str], None] = print,
                   prepared: tuple | None = None) -> dict[str, Any]:
    """cv.run over the real documents (see pipeline/relation/model/cv.py)."""
    dev = M.resolve_device(device)
    seed = int(cfg["train"]["seed"])
    real, gen, real_docs, gen_docs = prepared or _prepare(cfg, log)

    def fit_fold(gold, docs, flog):
        return fit_relation(cfg, dev, seed, gold, docs, flog)[0]

    return cv.run(cfg, real, real_docs, gen, gen_docs, log, fit_fold)


def _prepare(cfg: dict[str, Any], log: Callable[[str], None]) -> tuple:
    if cfg["model"].get("encoder"):  # a missing or corrupt encoder stops the run before the slow steps
        M.load_encoder(cfg["model"]["encoder"])
    cluster_spec(cfg)  # and so do missing or corrupt word clusters
    real, gen = collect(cfg, log)
    return real, gen, annotate(cfg, real, log), annotate(cfg, gen, log)


def train(cfg: dict[str, Any], device: str = "auto", seed: int | None = None, out: str | Path = "models/relation",
          log: Callable[[str], None] = print) -> Path:
    """Cross-validate (cv.folds > 1), then train on every real document and ship
    the model with its CV figures and the default-config selection they imply."""
    t0 = time.monotonic()
    dev = M.resolve_device(device)
    seed = int(cfg["train"]["seed"] if seed is None else seed)
    cfg["train"]["seed"] = seed
    prepared = _prepare(cfg, log)
    real, gen, real_docs, gen_docs = prepared
    result = cross_validate(cfg, device, log, prepared) if int(cfg["cv"]["folds"]) > 1 else None
    if result is not None:
        result.pop("predictions", None)
        log(cv.table(result))
    mr, info = fit_relation(cfg, dev, seed, real + gen, real_docs + gen_docs, log)
    selection = cv.select_default(result, float(cfg["train"]["select_margin"])) if result else \
        {"default": "rules", "on": "none (cv.folds < 2)"}
    version = time.strftime("rel-%Y%m%d-%H%M%S", time.gmtime()) + f"-s{seed}"
    root = Path(out).resolve()
    vdir = M.save(mr.model, mr.tokenizer, dict(inference_meta(cfg), version=version), root / version)
    total_s = time.monotonic() - t0
    groups: dict[str, int] = {}
    for g in real:
        groups[g.group] = groups.get(g.group, 0) + 1
    metrics = {"version": version, "device": str(dev), "device_name": _device_name(dev), "seed": seed,
               "train_seconds": round(total_s, 1),
               "data": {"real_docs": len(real), "generated_docs": sum(g.group == "generated" for g in gen),
                        "corpus_docs": sum(g.group == "corpus" for g in gen),
                        "corpus_records": sum(len(g.records) for g in gen if g.group == "corpus"),
                        "sets": groups, **info.pop("data")},
               "fit": info, "cv": result, "selection": selection,
               "params": sum(p.numel() for p in mr.model.parameters()), "config": cfg,
               "bert_shape": _shape(mr.model.config)}
    (vdir / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (vdir / "MODEL_CARD.md").write_text(card.model_card(metrics, M.sha256(vdir / M.WEIGHTS)), encoding="utf-8")
    (root / "LATEST").write_text(version + "\n", encoding="utf-8")
    log(card.summary(metrics))
    log(f"wrote {vdir} ({total_s / 60:.1f} min)")
    return vdir


def _shape(c) -> str:
    return (f"{c.num_hidden_layers} layers, hidden {c.hidden_size}, {c.num_attention_heads} heads, "
            f"feed-forward {c.intermediate_size}, vocabulary {c.vocab_size}")


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
