"""`pledges pretrain` (make pretrain): the encoder the relation model starts from.

A small BERT (transformers' BertForMaskedLM, the relation model's own shape)
pre-trained with masked-language modelling on in-domain news text: by default
../shared/corpus/unlabelled (SaudiNewsNet, Arabic; BBC 2004-05, English).  The
loss is computed on the masked positions only (the vocabulary projection of
the other 85% of positions would be wasted work on a CPU).  English is the
smaller corpus, so its articles are repeated until it holds `en_share` of the
token stream.  The WordPiece vocabulary is built from the same text
(encode.build_vocab: a pure function of the texts) and holds the relation
model's markers, so fine-tuning needs no new embeddings.

Deterministic for a seed on a given machine: seeded RNGs, a fixed data order,
deterministic algorithms.  The run stops at `max_tokens` or `max_minutes`,
whichever comes first, and saves the encoder every `save_minutes` on the way
(a stopped run leaves a usable artefact).

Artefact: models/encoder/<version>/ {model.safetensors (the "bert." weights and
the MLM head), config.json, tokenizer.json, metrics.json, MODEL_CARD.md} and
models/encoder/LATEST.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterator

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402

from ...errors import ConfigError, ModelError  # noqa: E402
from ...paths import resolve  # noqa: E402
from . import model as M  # noqa: E402
from .encode import SPECIAL, train_tokenizer  # noqa: E402

DEFAULTS: dict[str, Any] = {
    "corpora": ["../shared/corpus/unlabelled/ar_saudinewsnet.jsonl.gz", "../shared/corpus/unlabelled/en_bbc.jsonl.gz"],
    "en_share": 0.3, "vocab_size": 16000, "vocab_docs": 6000,
    "hidden": 128, "layers": 3, "heads": 4, "intermediate": 512, "max_len": 160, "seq_len": 128,
    "mask_prob": 0.15, "batch_size": 32, "lr": 5e-4, "warmup_steps": 500, "weight_decay": 0.01,
    "max_tokens": 20_000_000, "max_minutes": 110.0, "save_minutes": 15.0, "seed": 13, "threads": 1,
    "bf16": True,
}


def read_corpus(path: str | Path) -> list[str]:
    p = resolve(path)
    if not p.is_file():
        raise ConfigError(f"pre-training corpus not found: {p}", key="corpora")
    opener = gzip.open if p.suffix == ".gz" else open
    out = []
    with opener(p, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                text = json.loads(line).get("text") or ""
            except (ValueError, AttributeError):
                raise ConfigError(f"{p}:{n}: not a JSON object with a text field", key="corpora") from None
            if text.strip():
                out.append(text)
    return out


def lang_of(text: str) -> str:
    arabic = sum(1 for ch in text[:400] if "\u0600" <= ch <= "\u06ff")
    return "ar" if arabic > 20 else "en"


def segments(tokenizer, texts: list[str], seq_len: int) -> list[list[int]]:
    """Each article's token ids cut into windows of seq_len - 2 (no window crosses articles)."""
    body = seq_len - 2
    out = []
    for enc in tokenizer.encode_batch(texts, add_special_tokens=False):
        ids = enc.ids
        for i in range(0, len(ids), body):
            if len(ids) - i >= 16:
                out.append(ids[i:i + body])
    return out


def stream(ar: list[list[int]], en: list[list[int]], en_share: float, seed: int) -> Iterator[list[int]]:
    """Segments forever: Arabic and English interleaved so English makes
    en_share of them, each language reshuffled on every pass."""
    rng = random.Random(seed)
    pools = {"ar": ar, "en": en}
    order = {k: [] for k in pools}
    while True:
        lang = "en" if en and (not ar or rng.random() < en_share) else "ar"
        if not order[lang]:
            order[lang] = list(range(len(pools[lang])))
            rng.shuffle(order[lang])
        yield pools[lang][order[lang].pop()]


def mask_batch(batch: list[list[int]], tokenizer, mask_prob: float, gen: torch.Generator, vocab: int,
               n_special: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """(input_ids, attention_mask, masked positions (flat), their labels): BERT's
    80% [MASK] / 10% random / 10% kept, over real tokens only."""
    cls, sep, pad, msk = (tokenizer.token_to_id(t) for t in ("[CLS]", "[SEP]", "[PAD]", "[MASK]"))
    n = max(len(s) for s in batch) + 2
    ids = torch.full((len(batch), n), pad, dtype=torch.long)
    att = torch.zeros((len(batch), n), dtype=torch.long)
    for i, s in enumerate(batch):
        ids[i, :len(s) + 2] = torch.tensor([cls] + s + [sep])
        att[i, :len(s) + 2] = 1
    real = (att == 1) & (ids >= n_special)
    pick = (torch.rand(ids.shape, generator=gen) < mask_prob) & real
    flat = pick.view(-1).nonzero().squeeze(-1)
    labels = ids.view(-1)[flat].clone()
    r = torch.rand(flat.shape, generator=gen)
    inp = ids.view(-1).clone()
    inp[flat[r < 0.8]] = msk
    rand_pos = flat[(r >= 0.8) & (r < 0.9)]
    inp[rand_pos] = torch.randint(n_special, vocab, rand_pos.shape, generator=gen)
    return inp.view(ids.shape), att, flat, labels


def pretrain(cfg: dict[str, Any], out: str | Path = "models/encoder", device: str = "auto",
             log: Callable[[str], None] = print) -> Path:
    from transformers import BertForMaskedLM

    t0 = time.monotonic()
    dev = M.resolve_device(device)
    seed = int(cfg["seed"])
    random.seed(seed)
    torch.manual_seed(seed)
    if dev.type == "cuda":
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    # On a GPU an op without a deterministic kernel warns (the run goes on) instead of stopping it.
    torch.use_deterministic_algorithms(True, warn_only=dev.type == "cuda")
    if cfg.get("threads"):
        torch.set_num_threads(int(cfg["threads"]))
    texts = [t for path in cfg["corpora"] for t in read_corpus(path)]
    by_lang: dict[str, list[str]] = {"ar": [], "en": []}
    for t in texts:
        by_lang[lang_of(t)].append(t)
    log(f"corpus: {len(by_lang['ar'])} Arabic and {len(by_lang['en'])} English articles")
    k = int(cfg["vocab_docs"])
    rng = random.Random(seed)
    vocab_texts = rng.sample(by_lang["ar"], min(k, len(by_lang["ar"]))) + by_lang["en"][:k]
    tokenizer = train_tokenizer(vocab_texts, vocab_size=int(cfg["vocab_size"]))
    segs = {lang: segments(tokenizer, ts, int(cfg["seq_len"])) for lang, ts in by_lang.items()}
    n_tok = {lang: sum(len(s) for s in ss) for lang, ss in segs.items()}
    log(f"tokenised in {time.monotonic() - t0:.0f}s: {n_tok} tokens; vocabulary {tokenizer.get_vocab_size()}")
    config = M.bert_config(tokenizer.get_vocab_size(), int(cfg["hidden"]), int(cfg["layers"]), int(cfg["heads"]),
                           int(cfg["intermediate"]), int(cfg["max_len"]), 0.1)
    config._attn_implementation = "eager"
    model = BertForMaskedLM(config).to(dev)
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=float(cfg["lr"]), weight_decay=float(cfg["weight_decay"]))
    max_tokens, warm = int(cfg["max_tokens"]), int(cfg["warmup_steps"])
    per_step = int(cfg["batch_size"]) * (int(cfg["seq_len"]) - 2)
    total_steps = max(1, max_tokens // per_step)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.05, (total_steps - s) / max(1, total_steps - warm))))
    gen = torch.Generator().manual_seed(seed)
    src = stream(segs["ar"], segs["en"], float(cfg["en_share"]), seed)
    deadline = t0 + 60 * float(cfg["max_minutes"])
    next_save = time.monotonic() + 60 * float(cfg["save_minutes"])
    version = time.strftime("enc-%Y%m%d-%H%M%S", time.gmtime()) + f"-s{seed}"
    vdir = resolve(out) / version
    seen, step, losses, stopped, t_train = 0, 0, [], None, time.monotonic()
    vocab, n_special = tokenizer.get_vocab_size(), len(SPECIAL)
    # bf16 autocast on a GPU (the weights and the optimiser stay float32); float32 on a CPU.
    amp = dev.type == "cuda" and bool(cfg.get("bf16", True))
    while seen < max_tokens:
        batch = [next(src) for _ in range(int(cfg["batch_size"]))]
        ids, att, flat, labels = mask_batch(batch, tokenizer, float(cfg["mask_prob"]), gen, vocab, n_special)
        seen += sum(len(s) for s in batch)
        ids, att, flat, labels = (t.to(dev, non_blocking=True) for t in (ids, att, flat, labels))
        with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=amp):
            hidden = model.bert(input_ids=ids, attention_mask=att).last_hidden_state
            logits = model.cls(hidden.reshape(-1, hidden.size(-1))[flat])
        loss = torch.nn.functional.cross_entropy(logits.float(), labels)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        step += 1
        losses.append(loss.detach())  # read back every 200 steps: no GPU sync per step
        if step % 200 == 0:
            losses[-200:] = [float(x) for x in losses[-200:]]
            rate = seen / (time.monotonic() - t_train)
            log(f"step {step} tokens {seen / 1e6:.2f}M loss {sum(losses[-200:]) / 200:.3f} ({rate:.0f} tokens/s)")
        now = time.monotonic()
        if now > deadline:
            stopped = f"time budget ({cfg['max_minutes']} min) reached at {seen} tokens"
            log(stopped)
            break
        if now > next_save:
            _save(model, tokenizer, vdir, out, cfg, _metrics(cfg, dev, step, seen, losses, n_tok, t0, "checkpoint"))
            next_save = now + 60 * float(cfg["save_minutes"])
    losses = [float(x) for x in losses]
    metrics = _metrics(cfg, dev, step, seen, losses, n_tok, t0, stopped or "token budget reached")
    _save(model, tokenizer, vdir, out, cfg, metrics)
    log(f"wrote {vdir} ({metrics['seconds'] / 60:.1f} min, final loss {metrics['final_loss']})")
    return vdir


def _metrics(cfg, dev, step, seen, losses, n_tok, t0, status) -> dict[str, Any]:
    last = [float(x) for x in losses[-500:]] or [float("nan")]
    return {"status": status, "steps": step, "tokens_seen": seen, "corpus_tokens": n_tok,
            "final_loss": round(sum(last) / len(last), 4), "first_loss": round(float(losses[0]), 4) if losses else None,
            "seconds": round(time.monotonic() - t0, 1), "device": str(dev),
            "device_name": torch.cuda.get_device_name(dev) if dev.type == "cuda" else
            f"cpu ({torch.get_num_threads()} threads)", "config": cfg}


def _save(model, tokenizer, vdir: Path, root, cfg, metrics) -> None:
    from . import encoder_card

    vdir.mkdir(parents=True, exist_ok=True)
    M.save_encoder(model, tokenizer, {"max_len": int(cfg["max_len"]), "version": vdir.name}, vdir)
    (vdir / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (vdir / "MODEL_CARD.md").write_text(encoder_card.card(metrics, M.sha256(vdir / M.WEIGHTS)), encoding="utf-8")
    (resolve(root) / "LATEST").write_text(vdir.name + "\n", encoding="utf-8")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="pledges pretrain",
        description="Pre-train the relation model's encoder (a small BERT, masked-language modelling) on raw "
                    "in-domain news (default ../shared/corpus/unlabelled). Writes models/encoder/<version>/.")
    ap.add_argument("--out", default="models/encoder", help="root for encoder versions (default models/encoder)")
    ap.add_argument("--device", default="auto", help="auto | cpu | cuda (default auto: cuda when available)")
    ap.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                    help=f"override a setting ({', '.join(DEFAULTS)}), e.g. --set max_minutes=30")
    return ap


def load_settings(overrides: list[str]) -> dict[str, Any]:
    cfg = json.loads(json.dumps(DEFAULTS))
    for item in overrides:
        key, sep, raw = item.partition("=")
        if not sep or key not in DEFAULTS:
            raise ConfigError(f"expected KEY=VALUE with KEY one of {', '.join(DEFAULTS)}", key=key or item)
        try:
            val = json.loads(raw)
        except ValueError:
            val = raw
        if isinstance(DEFAULTS[key], list) and isinstance(val, str):
            val = [v for v in val.split(",") if v]
        cfg[key] = val
    return cfg


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        pretrain(load_settings(args.overrides), args.out, args.device,
                 log=lambda s: print(s, file=sys.stderr, flush=True))
    except (ConfigError, ModelError) as e:
        print(f"pledges pretrain: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
