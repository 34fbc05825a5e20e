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


def model_card(r: dict[str, Any], weights_sha256: str) -> str:
    from .cv import table
    from .encoder_card import LICENCE

    c = r["config"]
    m, t, d = c["model"], c["train"], r["data"]
    sel = r["selection"]
    start = (f"the pre-trained encoder `{m['encoder']}` (its MODEL_CARD.md: masked-language modelling on "
             "../shared/corpus/unlabelled)" if m.get("encoder") else "random weights (no pre-trained encoder)")
    cv_text = table(r["cv"]) if r.get("cv") else "No cross-validation in this run (cv.folds < 2)."
    langs = sel.get("per_language", {})
    return f"""# Relation model `{r['version']}`

Scores each candidate amount found by the money stage (pledge or not) and tags
its DONOR / RECIPIENT spans; stage `pipeline.relation.model.v1`.  Trained by
`pledges train` (`make train`, pipeline/relation/model/trainer.py), which first
cross-validates it against the rules (`pledges cv`, pipeline/relation/model/cv.py).

## Weights

- `model.safetensors` sha256 `{weights_sha256}`; {r['params']:,} parameters; tokenizer `tokenizer.json`
  (HF `tokenizers` WordPiece)
- starts from {start}

## Architecture and hyper-parameters

BERT encoder (transformers `BertModel`): {r['bert_shape']}; max {m['max_len']} tokens, dropout {m['dropout']}.
Input: the amount's sentence plus {m['context']} previous sentence(s), the amount in [AMT] markers,
other amounts in [OA], entities in [E] (entity_markers = {m.get('entity_markers')}), the rules' score bucket,
trigger, donor and recipient as marker tokens: the rules are the model's features.
Heads: pledge-or-not (reads the text: {m.get('pledge_text')}, the rules' decision features
(features.pledge_features): {m.get('features')}); BIO tags (DONOR, RECIPIENT) per token; donor-candidate
scorer over the window's giver entities and the rules' donor (reads the candidate's text: {m.get('candidate_text')},
its features (features.candidate_features): {m.get('features')}); text squeezed to {m.get('text_dim') or 'full'}
dimensions; encoder frozen: {m.get('freeze_encoder')}.{_text_note(c)}{_linear_note(r)}{_clusters_note(m)}
Training: AdamW lr {t['lr']}, weight decay {t['weight_decay']}, warmup {t['warmup']}, batch {t['batch_size']},
{r['fit']['epochs']} epochs ({r['fit']['steps']} steps), tag-loss weight {t['tag_weight']}, seed {r['seed']};
{m.get('members', 1)} member(s) of the pledge and candidate heads (several: each from its own initial weights, their
probabilities averaged).
Decision threshold {c['inference']['threshold']}, pledge score = (1 - {c['inference'].get('rule_weight', 0.0)}) x model
probability + {c['inference'].get('rule_weight', 0.0)} x the rules' score; roles policy `{c['inference']['roles']}`
(rank: the candidate head picks the donor where the rules name one; verify: the rules' donor stays when the
tagger supports it); recipient from `{c['inference'].get('recipient', 'model')}`.

## Data

Real annotated news articles ({d['real_docs']} documents; per source set: {', '.join(f'{k} {v}' for k, v in
sorted(d['sets'].items()))}) from `[data] real` ({', '.join(c['data']['real'])}) and the project's hand-written
documents ({c['data']['handwritten']}), plus {d['generated_docs']} generated documents{_corpus_note(c, d)}.  Training examples
(final model): {d['positives']} pledge amounts, {d['negatives']} non-pledge amounts, {d['ignored']} repeats left
out; {d['unaligned']} of {d['records']} gold records had no amount found by the money stage.
The stages before the model (money, NER) are those of `{c['data']['pipeline']}`{_overrides(c)}; its
Arabic entities come from `[ner] ar_backend = "{_ar_backend(c)}"`, and the pipeline that runs the model must
use the same (a test keeps configs/default.toml in line).

{LICENCE}
The annotated articles are third-party news kept in ../shared as data (not in this repository).

## Cross-validated results ({r['cv']['folds_k'] if r.get('cv') else 0}-fold, grouped by document)

Pooled F1 over the folds' predictions (each document predicted once, by a model that never saw it), with
the mean ± standard deviation of the per-fold F1.  `rules` is the rules' relation stage on the same
documents, run through the same stages (`[data] pipeline`, so the same NER): the ablation.

{cv_text}

## Default configuration

The default config runs the model only if its pooled cross-validated {sel.get('level', 'donor+amount')} F1 on the
articles the rules were not developed on (`unseen`: every set but dev and the hand-written documents, whose
error lists were read to write the rules, so the rules' figures there are in-sample) beats the rules' by more
than {sel.get('margin', '-')} and is not below the rules' in either language ({sel.get('on', '')}).
Here: model {sel.get('model', float('nan')):.3f}, rules {sel.get('rules', float('nan')):.3f}
({', '.join(f"{g}: model {v['model']:.3f} / rules {v['rules']:.3f}" for g, v in langs.items())}),
so the default is **{sel['default']}** (configs/default.toml; configs/model.toml and configs/rules-only.toml name each explicitly).

## Training run

{r['device_name']}; total {r['train_seconds']} s ({r['train_seconds'] / 60:.1f} min) for the stages over the
texts, {r['cv']['folds_k'] if r.get('cv') else 0} cross-validation fits and the final fit
({r['fit']['fit_seconds']} s).  Same seed, same machine: same figures.

## How to retrain with more data

Add annotated articles (docs/<doc_id>.txt + gold.jsonl by ../shared/gold/GUIDELINES.md) to a set that
`[data] real` matches, then `make pretrain` (only when the encoder should change) and `make train`.
"""


def _corpus_note(c: dict[str, Any], d: dict[str, Any]) -> str:
    """The project's own annotations of unlabelled-corpus articles (`[data] corpus`): training data only."""
    if not d.get("corpus_docs"):
        return ""
    return (f" and {d['corpus_docs']} articles of the unlabelled corpora annotated by the project "
            f"({d.get('corpus_records', 0)} records; `{c['data']['corpus']}`, texts read from "
            f"{', '.join(c['data'].get('corpus_texts') or [])}), which train but are never scored by the cross-validation")


def _overrides(c: dict[str, Any]) -> str:
    o = c["data"].get("pipeline_overrides") or []
    return f" with {', '.join(o)}" if o else ""


def _ar_backend(c: dict[str, Any]) -> str:
    from ... import config as config_mod
    from ...errors import PipelineError

    try:
        return config_mod.load(c["data"]["pipeline"], list(c["data"].get("pipeline_overrides") or []))["ner"][
            "ar_backend"]
    except (PipelineError, OSError, KeyError):  # a card is still written when the pipeline config moved
        return "?"


def _linear_note(r: dict[str, Any]) -> str:
    """The linear heads (linear_head.py) that give the verdicts at inference, when configured."""
    fit = r.get("fit") or {}
    parts = []
    if fit.get("pledge_head"):
        h = fit["pledge_head"]
        parts.append(f"the pledge probability comes from a logistic regression on the standardised decision features "
                     f"and {h['terms']:,} context-word terms (L2, C {h['c']}, {h['examples']} labelled amounts)")
    if fit.get("candidate_head"):
        h = fit["candidate_head"]
        mix = (f", its log-probabilities added to {h['mlp_weight']} x the candidate MLP's (a product of experts)"
               if h.get("mlp_weight") else "")
        parts.append(f"the donor pick from a conditional logit on the candidate features and {h['terms']:,} terms "
                     f"(C {h['c']}, {h['examples']} examples){mix}")
    if not parts:
        return ""
    return ("\n**Linear heads** (`pipeline/relation/model/linear_head.py`, fitted to convergence with L-BFGS after the "
            "others): " + "; ".join(parts) + ". At inference they give the verdicts in place of the MLP heads' (the "
            "candidate MLP's still counts where a product of experts is named).")


def _clusters_note(m: dict[str, Any]) -> str:
    if not m.get("word_clusters"):
        return ""
    return (f"\n**Word clusters**: the Arabic candidate terms add the k-means cluster (of 128) of each neighbouring word, "
            f"from `{m['word_clusters']}` (its MODEL_CARD.md: FastText on SaudiNewsNet, CC BY-NC-SA 4.0); config.json "
            "records the table's sha256 and inference stops if another table stands there.")


def _text_note(c: dict[str, Any]) -> str:
    m, i, t = c["model"], c["inference"], c["train"]
    if m.get("features") and not m.get("pledge_text") and not m.get("candidate_text") \
            and i.get("roles") == "rank" and i.get("recipient") == "rules":
        return ("\n**In this configuration no head reads the encoder's output** (cross-validation preferred the "
                "features alone; README gives the figures with the text in), so inference skips the encoder pass "
                "(`ModelRelation.features_only`)" + (
                    "; the encoder is trained with the tag loss only." if t.get("encoder_pass") else
                    ", and training skips it too (`trainer.heads_only_training`): the encoder's weights in "
                    "model.safetensors are the pre-trained ones, unchanged."))
    return ""


def summary(r: dict[str, Any]) -> str:
    lines = [f"version {r['version']} on {r['device_name']}: {r['train_seconds']} s"]
    for name, res in (r.get("cv") or {}).get("pooled", {}).items():
        for system in ("model", "rules"):
            lines.append(f"  cv {name:<18} {system:<6} " + "  ".join(
                f"{lvl} F1={res[system][lvl]['f1']:.3f}" for lvl in LEVELS))
    lines.append(f"  default: {r['selection']['default']}")
    return "\n".join(lines)
