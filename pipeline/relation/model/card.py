"""MODEL_CARD.md and the console summary of a training run; the project
resource texts the tokenizer also sees."""
from __future__ import annotations

from importlib import resources
from typing import Any

LEVELS = ("amount", "donor+amount", "donor+amount+recipient")


def resource_texts() -> list[str]:
    """Cue words and donor aliases (both scripts) from pipeline/resources/relation."""
    out = []
    pkg = resources.files("pipeline.resources.relation")
    for name in ("en.tsv", "ar.tsv", "aliases.tsv"):
        f = pkg.joinpath(name)
        if f.is_file():
            out.extend(line.replace("\t", " ") for line in f.read_text("utf-8").splitlines()
                       if line.strip() and not line.startswith("#"))
    return out


def _systems(res: dict[str, Any]) -> list[str]:
    return [k for k in res if isinstance(res[k], dict)]


def _row(name: str, res: dict[str, Any]) -> list[str]:
    rows = []
    for system in _systems(res):
        cells = [f"{res[system][lvl]['precision']:.3f} / {res[system][lvl]['recall']:.3f} / "
                 f"**{res[system][lvl]['f1']:.3f}**" for lvl in LEVELS]
        rows.append(f"| {name} ({res['n_docs']} docs, {res['n_gold']} gold) | {system} | " + " | ".join(cells) + " |")
    return rows


def metrics_table(heldout: dict[str, Any]) -> str:
    lines = ["| held-out set | system | amount P / R / F1 | donor+amount P / R / F1 | donor+amount+recipient P / R / F1 |",
             "|---|---|---|---|---|"]
    for name, res in heldout.items():
        lines += _row(name, res)
    return "\n".join(lines)


def model_card(r: dict[str, Any], weights_sha256: str) -> str:
    c = r["config"]
    m, t, d = c["model"], c["train"], r["data"]
    return f"""# Relation model `{r['version']}`

Scores each candidate amount found by the money stage (pledge or not) and tags
its DONOR / RECIPIENT spans; stage `pipeline.relation.model.v1`
(configs/model.toml).  Trained by `pledges train` (pipeline/relation/model/trainer.py).

## Weights

- `model.safetensors` sha256 `{weights_sha256}`
- {r['params']:,} parameters; tokenizer `tokenizer.json` (HF `tokenizers` WordPiece, at most {m['vocab_size']}
  entries, vocabulary chosen deterministically from the training texts below plus the relation cue and
  alias tables: encode.build_vocab)

## Architecture and hyper-parameters

BERT encoder built from config (no pretrained weights): {m['layers']} layers, hidden {m['hidden']},
{m['heads']} heads, feed-forward {m['intermediate']}, max {m['max_len']} tokens, dropout {m['dropout']}.
Input: the amount's sentence plus {m['context']} previous sentence(s), the amount in [AMT] markers,
other amounts in [OA], entities in [E] (entity_markers = {m.get('entity_markers')}), the rules' score bucket,
trigger, donor and recipient as marker tokens.
Heads: pledge-or-not from [CLS] + [AMT]; BIO tags (DONOR, RECIPIENT) per token.
Training: AdamW lr {t['lr']}, weight decay {t['weight_decay']}, warmup {t['warmup']}, batch {t['batch_size']},
{r['fit']['epochs']} epochs ({r['fit']['steps']} steps), tag-loss weight {t['tag_weight']}, seed {r['seed']}.
Decision threshold {c['inference']['threshold']}; roles policy `{c['inference']['roles']}` (verify: the rules'
donor / recipient stays when the tagger supports it, a tagged span replaces it otherwise; model: tagged spans
replace the rules'); recipient fallback to the rules: {c['inference']['recipient_fallback']}.

## Data

The project's own data only (never the dev measurement set, never the seeds):
- {c['data']['generated_train']} generated training documents and {c['data']['generated_heldout']} held-out ones
  (pipeline/relation/model/generate.py, seed {c['data']['generator_seed']}; held-out documents use other
  givers/recipients/places and partly templates never seen in training);
- hand-written annotated documents in {c['data']['handwritten']} (every {c['data']['heldout_every']}rd held out);
- extra files: {', '.join(c['data']['extra_files']) or 'none'}.

{d['train_docs']} training documents, {d['heldout_docs']} held-out documents; training examples:
{d['positives']} pledge amounts, {d['negatives']} non-pledge amounts, {d['ignored']} repeats left out;
{d['unaligned']} of {d['records']} gold records had no amount found by the money stage.

## Held-out results (pipeline.eval, the `pledges eval` scorer)

{metrics_table(r['heldout'])}

"generated" held-out documents come from the same generator as the training data (other names and
partly other templates), so they flatter the model; "handwritten" is the more honest number.

## Default configuration

Selection rule (`train.select_on`, `train.select_margin`): the default config runs the model only if its
{r['selection']['level']} F1 on the "{r['selection']['on']}" held-out documents beats the rules' by more than
{r['selection']['margin']}. Here: model {r['selection']['model']:.3f},
rules {r['selection']['rules']:.3f}, so the default is **{r['selection']['default']}**
(configs/default.toml; configs/model.toml and configs/rules-only.toml name each explicitly).

## Training run

Device {r['device_name']}; total {r['train_seconds']} s (stages over the texts, tokenizer, training
{r['fit']['fit_seconds']} s, evaluation); inference on {r['inference']['heldout_amounts']} held-out amounts
took {r['inference']['seconds']} s.

## Limits

Small model trained from scratch on synthetic and few hand-written documents: it learns the cue
patterns of that data; on unseen writing it leans on the rules' features (score, trigger, donor).
When it tags no donor the rules' donor (with its anaphora resolution) is used.
"""


def summary(r: dict[str, Any]) -> str:
    lines = [f"version {r['version']} on {r['device_name']}: {r['train_seconds']} s"]
    for name, res in r["heldout"].items():
        for system in _systems(res):
            lines.append(f"  {name:<12} {system:<19} " + "  ".join(
                f"{lvl} F1={res[system][lvl]['f1']:.3f}" for lvl in LEVELS))
    return "\n".join(lines)
