"""MODEL_CARD.md of a pre-trained encoder (pretrain.py)."""
from __future__ import annotations

from typing import Any

LICENCE = """## Data and licence

Pre-trained on `../shared/corpus/unlabelled/` (see its README):

- `ar_saudinewsnet.jsonl.gz`: 30,982 Arabic articles from 14 Saudi newspapers and the Saudi Press
  Agency, July-August 2015 (SaudiNewsNet). Licence **CC BY-NC-SA 4.0**, for research.
- `en_bbc.jsonl.gz`: 2,207 English BBC News articles, 2004-05 (the BBC full-text dataset of Greene
  and Cunningham), for non-commercial research.

**This encoder, and every model fine-tuned from it (the relation model), inherits those terms:
non-commercial use, attribution, share-alike.**
"""


def card(m: dict[str, Any], sha: str) -> str:
    c = m["config"]
    return f"""# Pre-trained encoder {c.get('version', '')}

A small BERT (transformers `BertForMaskedLM`: {c['layers']} layers, hidden {c['hidden']}, {c['heads']} heads,
intermediate {c['intermediate']}, WordPiece vocabulary of {c['vocab_size']} built from the same text) pre-trained
by masked-language modelling (15% of tokens, loss on the masked positions only) with `pledges pretrain`
(`make pretrain`). The relation model (`pledges train`) and the Arabic NER tagger (`make train-ner`) start
from its weights and tokenizer.

{LICENCE}
## Run

| | |
|---|---|
| status | {m['status']} |
| tokens seen | {m['tokens_seen']:,} ({m['steps']} steps of {c['batch_size']} x {c['seq_len']}) |
| corpus tokens (after WordPiece) | {', '.join(f'{k} {v:,}' for k, v in m['corpus_tokens'].items())} |
| English share of the stream | {c['en_share']} |
| MLM loss, first step -> last 500 steps | {m['first_loss']} -> {m['final_loss']} |
| time | {m['seconds'] / 60:.1f} min on {m['device_name']} |
| seed | {c['seed']} (same seed, same machine: same weights) |

`model.safetensors` sha256 `{sha}`.

Reproduce: `{reproduce(m)}`{gpu_note(m)}.
"""


def reproduce(m: dict[str, Any]) -> str:
    """The command that trains this version: the settings that differ from pretrain.DEFAULTS."""
    from .pretrain import DEFAULTS

    c = m["config"]
    sets = [f"--set {k}={','.join(v) if isinstance(v, list) else v}" for k, v in c.items()
            if k in DEFAULTS and k != "corpora" and v != DEFAULTS[k]]
    device = " --device cuda" if m.get("device") == "cuda" else ""
    return " ".join(["pledges pretrain" + device] + sets)


def gpu_note(m: dict[str, Any]) -> str:
    if m.get("device") != "cuda":
        return ""
    return (" (on a GPU, where bf16 autocast is used and an op without a deterministic CUDA kernel only warns; "
            "the corpora were copies of ../shared/corpus/unlabelled carried to that machine)")
