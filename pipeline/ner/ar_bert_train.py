"""`make train-ner`: fine-tune the pre-trained encoder into the Arabic NER tagger (ar_bert) on ANERcorp.

    python -m pipeline.ner.ar_bert_train [--config configs/train-ner.toml] [--set train.epochs=4] [--out models/ner-ar]

Training data: the train split (../shared/ner-ar/anercorp.train.conll); its last
`dev_fraction` of sentences (contiguous) choose the epoch; the test split is
scored once at the end and never used to choose anything.  Deterministic for a
seed on a given machine (seeded shuffles, deterministic torch ops, fixed thread
count).  Writes models/ner-ar/<version>/ and models/ner-ar/LATEST.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any, Callable

import torch

from ..errors import ConfigError, InputError, ModelError, PipelineError
from ..paths import resolve
from .ar_bert import CONFIG, TAG_ID, TAGS, TOKENIZER, TYPES, WEIGHTS, BertTagger, BertWordTagger, Encoding, char_key
from .conll import read_conll, score

DEFAULT_CONFIG = "configs/train-ner.toml"


def load_config(path: str, overrides: list[str]) -> dict[str, Any]:
    from ..config import parse_value

    p = resolve(path)
    if not p.is_file():
        raise ConfigError(f"training config not found: {p}", key="--config")
    import tomllib

    try:
        cfg = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{p}: {e}", key="--config") from None
    for item in overrides:
        key, sep, raw = item.partition("=")
        section, dot, name = key.partition(".")
        if not sep or not dot or section not in cfg or name not in cfg[section]:
            raise ConfigError(f"--set expects SECTION.KEY=VALUE with a key of {p.name}", key=key or item)
        cfg[section][name] = parse_value(raw)
    return cfg


def char_vocab(sentences: list[list[str]], min_count: int = 2) -> list[str]:
    from collections import Counter

    counts = Counter(c for words in sentences for w in words for c in char_key(w))
    return ["<pad>", "<unk>"] + sorted(c for c, n in counts.items() if n >= min_count)


def examples(enc: Encoding, sents: list[list[tuple[str, str]]],
             feats: list[torch.Tensor] | None = None) -> list[tuple]:
    """Training chunks: (pieces per word, words, tag ids[, gazetteer features]), no chunk over max_sub
    pieces; `feats`: each sentence's gazetteer features (cross-fitted), or None."""
    out = []
    for si, sent in enumerate(sents):
        words = [w for w, _ in sent]
        tags = [TAG_ID.get(t, 0) for _, t in sent]
        pieces = enc.pieces(words)
        for _, a, b, _ in enc.chunks(pieces, 0):
            extra = (feats[si][a:b],) if feats is not None else ()
            out.append((pieces[a:b], words[a:b], valid_bio(tags[a:b])) + extra)
    return out


def valid_bio(tags: list[int]) -> list[int]:
    """The same entities (conlleval reading) as valid BIO: an I-X that continues no X
    (after O, another type, or at a chunk's first word) becomes B-X.  The CRF forbids
    invalid transitions, so an invalid gold path would cost it an unbounded loss."""
    out = []
    for t in tags:
        name = TAGS[t]
        if name.startswith("I-") and (not out or TAGS[out[-1]][2:] != name[2:] or TAGS[out[-1]] == "O"):
            t = TAG_ID["B-" + name[2:]]
        out.append(t)
    return out


def predict(tagger: BertWordTagger, sents: list[list[tuple[str, str]]]) -> list[list[str]]:
    tagger.net.eval()
    return tagger.tag_many([[w for w, _ in s] for s in sents])


def fit(cfg: dict[str, Any], log: Callable[[str], None] = print) -> tuple[BertWordTagger, dict[str, Any]]:
    from ..relation.model.model import load_encoder, resolve_device

    t0 = time.monotonic()
    tr, md = cfg["train"], cfg["model"]
    seed = int(tr["seed"])
    random.seed(seed)
    torch.manual_seed(seed)
    dev_type = resolve_device(str(tr.get("device", "auto")))
    torch.use_deterministic_algorithms(True, warn_only=dev_type.type == "cuda")
    if tr.get("threads"):
        torch.set_num_threads(int(tr["threads"]))
    bert_cfg, tokenizer, bert_state = load_encoder(md["encoder"])
    sents = read_conll(resolve(cfg["data"]["train"]))
    n_dev = int(len(sents) * float(cfg["data"].get("dev_fraction", 0)))
    train, dev = (sents[:-n_dev], sents[-n_dev:]) if n_dev else (sents, [])
    chars = char_vocab([[w for w, _ in s] for s in train])
    vectors = None
    if md.get("word_vectors"):
        from .word_vectors import WordVectors

        vectors = WordVectors.load(md["word_vectors"])
    folds = int(md.get("gazetteer_folds", 0))
    gazetteer, feats, gaz_dim = None, None, 0
    if folds:
        from .ar_gazetteer import Gazetteer

        lexicon = bool(md.get("gazetteer_lexicon", False))
        gazetteer = Gazetteer.build(train, lexicon)
        feats, gaz_dim = Gazetteer.cross_fitted(train, folds, lexicon), gazetteer.dim
    enc = Encoding(tokenizer, chars, int(md["max_sub"]), vectors, gazetteer)
    net = BertTagger(bert_cfg, len(chars), int(md["char_dim"]), int(md["char_filters"]), float(md["dropout"]),
                     vectors.matrix if vectors is not None else None, int(md.get("lstm", 0)), gaz_dim)
    missing, unexpected = net.bert.load_state_dict(bert_state, strict=False)
    if unexpected or [k for k in missing if "position_ids" not in k]:
        raise ModelError(str(md["encoder"]), f"encoder weights do not fit: missing {missing[:3]}, "
                         f"unexpected {unexpected[:3]}", "run `make pretrain`")
    net.to(dev_type)
    config = {"kind": "ner-ar-bert", "tags": TAGS, "types": list(TYPES), "chars": chars,
              "bert": bert_cfg.to_dict(), "max_sub": int(md["max_sub"]), "context": int(md["context"]),
              "word_vectors": md.get("word_vectors") or None,
              "word_vectors_sha256": vectors.sha256 if vectors is not None else None,
              "net": {"char_dim": int(md["char_dim"]), "char_filters": int(md["char_filters"]),
                      "dropout": float(md["dropout"]), "lstm": int(md.get("lstm", 0)), "gaz_dim": gaz_dim}}
    tagger = BertWordTagger(net, enc, config)
    data = examples(enc, train, feats)
    bs, epochs = int(tr["batch_size"]), int(tr["epochs"])
    steps = epochs * ((len(data) + bs - 1) // bs)
    enc_params = [p for n, p in net.named_parameters() if n.startswith("bert.")]
    head_params = [p for n, p in net.named_parameters() if not n.startswith("bert.") and p.requires_grad]
    opt = torch.optim.AdamW([{"params": enc_params, "lr": float(tr["lr_encoder"])},
                             {"params": head_params, "lr": float(tr["lr_head"])}],
                            weight_decay=float(tr["weight_decay"]))
    warm = max(1, int(steps * float(tr["warmup"])))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))
    log(f"train: {len(train)} sentences ({len(data)} chunks), dev {len(dev)}, {len(chars)} characters; "
        f"{epochs} epochs x {(len(data) + bs - 1) // bs} steps on {dev_type}")
    rng = random.Random(seed)
    best, history, best_state = -1.0, [], None
    for epoch in range(1, epochs + 1):
        net.train()
        order = list(range(len(data)))
        rng.shuffle(order)
        total, te = 0.0, time.monotonic()
        for i in range(0, len(order), bs):
            part = [data[j] for j in order[i:i + bs]]
            inputs = [t.to(dev_type) for t in enc.batch([(x[0], x[1]) + tuple(x[3:]) for x in part])]
            mask = inputs[5]
            tags = torch.zeros(mask.shape, dtype=torch.long)
            for b, x in enumerate(part):
                tags[b, :len(x[2])] = torch.tensor(x[2])
            loss = net.crf.nll(net(*inputs), tags.to(dev_type), mask)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            sched.step()
            total += loss.item() * len(part)
        row = {"epoch": epoch, "loss": round(total / len(data), 4), "seconds": round(time.monotonic() - te, 1)}
        if dev:
            row["dev"] = round(score([[t for _, t in s] for s in dev], predict(tagger, dev))["micro"]["f1"], 4)
            if row["dev"] > best:
                best = row["dev"]
                best_state = {k: v.detach().cpu().clone() for k, v in net.state_dict().items()}
        history.append(row)
        log(f"epoch {epoch}: loss {row['loss']} dev F1 {row.get('dev', '-')} ({row['seconds']}s)")
    if best_state is not None:
        net.load_state_dict(best_state)
    net.cpu().eval()
    chosen = max(history, key=lambda r: r.get("dev", -1))["epoch"] if dev else epochs
    metrics = {"history": history, "chosen_epoch": chosen, "seconds": round(time.monotonic() - t0, 1),
               "device": str(dev_type), "device_name": torch.cuda.get_device_name(dev_type)
               if dev_type.type == "cuda" else f"cpu ({torch.get_num_threads()} threads)",
               "train_sentences": len(train), "dev_sentences": len(dev), "config": cfg}
    return tagger, metrics


def evaluate_test(tagger: BertWordTagger, path: str | Path) -> dict[str, Any]:
    sents = read_conll(resolve(path))
    return score([[t for _, t in s] for s in sents], predict(tagger, sents))


def save(tagger: BertWordTagger, metrics: dict[str, Any], out: str | Path, tokenizer) -> Path:
    from safetensors.torch import save_file

    from .ar_bert_card import card

    root = resolve(out)
    version = time.strftime("ner-%Y%m%d-%H%M%S", time.gmtime()) + f"-s{metrics['config']['train']['seed']}"
    d = root / version
    d.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in tagger.net.state_to_save().items()}, str(d / WEIGHTS),
              metadata={"format": "pt"})
    tokenizer.save(str(d / TOKENIZER))
    if tagger.enc.gazetteer is not None:
        tagger.enc.gazetteer.save(d)
    (d / CONFIG).write_text(json.dumps(dict(tagger.config, version=version), ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")
    (d / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (d / "MODEL_CARD.md").write_text(card(metrics, version), encoding="utf-8")
    (root / "LATEST").write_text(version + "\n", encoding="utf-8")
    return d


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="pledges train-ner",
        description="Fine-tune the pre-trained encoder (models/encoder) into the Arabic NER tagger on ANERcorp "
                    "(../shared/ner-ar). Scores the test split once, writes models/ner-ar/<version>/ with a card.")
    ap.add_argument("--config", default=DEFAULT_CONFIG, help=f"training config (default {DEFAULT_CONFIG})")
    ap.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.KEY=VALUE",
                    help="override a config value, e.g. --set train.epochs=4 (repeatable)")
    ap.add_argument("--out", default="models/ner-ar", help="root for model versions (default models/ner-ar)")
    ap.add_argument("--no-save", action="store_true", help="train and score, write nothing (for comparisons)")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    log = lambda s: print(s, file=sys.stderr, flush=True)  # noqa: E731
    try:
        cfg = load_config(args.config, args.overrides)
        tagger, metrics = fit(cfg, log)
        if cfg["data"].get("test"):
            metrics["test"] = evaluate_test(tagger, cfg["data"]["test"])
            m = metrics["test"]
            log("test: " + ", ".join(f"{k} {m[k]['f1']:.3f}" for k in ("micro",) + TYPES if k in m))
        if not args.no_save:
            d = save(tagger, metrics, args.out, tagger.enc.tok)
            log(f"wrote {d}")
        print(json.dumps({k: metrics[k] for k in ("test", "chosen_epoch", "seconds") if k in metrics}))
    except (ConfigError, InputError, ModelError, PipelineError) as e:
        print(f"pledges train-ner: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
