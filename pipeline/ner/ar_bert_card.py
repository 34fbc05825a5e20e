"""MODEL_CARD.md of an Arabic NER tagger version (ar_bert_train)."""
from __future__ import annotations

from typing import Any

from .ar_bert import TYPES


def _table(result: dict[str, Any]) -> list[str]:
    rows = ["| type | P | R | F1 | gold entities |", "|---|---|---|---|---|"]
    for t in TYPES + ("micro",):
        if t in result:
            r = result[t]
            rows.append(f"| {t} | {r['p']:.3f} | {r['r']:.3f} | **{r['f1']:.3f}** | {r['support']} |")
    return rows


def card(metrics: dict[str, Any], version: str) -> str:
    cfg = metrics["config"]
    md, tr = cfg["model"], cfg["train"]
    hist = metrics["history"]
    lines = [
        f"# Arabic NER tagger `{version}`", "",
        "Persons, places, organisations and miscellaneous names (ANERcorp's PERS / LOC / ORG / MISC) in Arabic",
        "news, on words as written (proclitics left on the word). Written by `make train-ner`",
        "(`python -m pipeline.ner.ar_bert_train`, config `configs/train-ner.toml`).", "",
        "## Model", "",
        f"- The pre-trained encoder `{md['encoder']}` (`make pretrain`: a BERT masked LM, "
        f"{cfg.get('_encoder_shape', 'see its card')}) fine-tuned, its first WordPiece vector per word,",
        f"  plus a character CNN over the word ({md['char_dim']}-dim characters, {md['char_filters']} filters of width 3)"
        + (f", plus the word's frozen FastText vector (`{md['word_vectors']}`, SaudiNewsNet; unknown words: zeros)"
           if md.get("word_vectors") else "") + ",",
        *(["  plus the gazetteer features of `gazetteer.json` (ar_gazetteer: the tag shares of the word and of its",
           "  proclitic-stripped form in the training data, and multi-word training entities matched; the training",
           f"  sentences' features cross-fitted over {md['gazetteer_folds']} contiguous folds),"]
          if md.get("gazetteer_folds") else []),
        (f"  a BiLSTM ({md['lstm']} per direction) over those word features, " if md.get("lstm") else "  ")
        + "a linear layer to the 9 BIO tags and a linear-chain CRF whose transitions forbid invalid BIO",
        "  (Viterbi decoding: only valid BIO is emitted).",
        f"- Long sentences are cut into chunks of at most {md['max_sub']} WordPieces; at inference each chunk reads "
        f"{md['context']} words of context either side.",
        f"- Training: {tr['epochs']} epochs, batch {tr['batch_size']}, AdamW (encoder lr {tr['lr_encoder']}, "
        f"heads lr {tr['lr_head']}), warm-up {tr['warmup']}, seed {tr['seed']}; "
        + (f"the epoch kept is the best on the dev part (epoch {metrics['chosen_epoch']})." if metrics["dev_sentences"]
           else "no dev part: the last epoch is kept (the epoch count is one a run with a dev part chose)."), "",
        "## Labels in the pipeline", "",
        "PERS -> PERSON, ORG -> ORG, LOC -> GPE (`ar_bert.PROJECT_LABEL`); MISC (currencies, nationalities,",
        "events) is not a giver or a recipient and is not passed on.", "",
        "## Data and licence", "",
        f"- Fine-tuned on ANERcorp (Benajiba, Rosso and Benedi 2007; `../shared/ner-ar/`, free for research): "
        f"{metrics['train_sentences']} training sentences"
        + (f"; the last {metrics['dev_sentences']} sentences of the train file (contiguous) chose the epoch."
           if metrics["dev_sentences"] else " (the whole train file)."),
        *(["- `gazetteer.json` lists the words and phrases of ANERcorp's training entities with their tag counts "
           "(ANERcorp's research terms apply to it)."] if md.get("gazetteer_folds") else []),
        "- The encoder (and the word vectors) were pre-trained on SaudiNewsNet (CC BY-NC-SA 4.0) and BBC News 2004-05 "
        "(non-commercial research): **this tagger inherits those terms (non-commercial, attribution, share-alike).**",
        "",
        "## Test split (`../shared/ner-ar/anercorp.test.conll`, scored once after training)", "",
        "CoNLL entity-level scores (exact start, end and type), as `pledges eval-ner` prints them:", "",
    ]
    if "test" in metrics:
        lines += _table(metrics["test"])
    else:
        lines.append("(not scored)")
    lines += ["", "Reference figures on this split (../shared/ner-ar/README.md): CAMeLBERT-MSA fine-tuned about 0.83;",
              "a CRF with gazetteers about 0.79 (on its own split).", "",
              "## Training run", "",
              "| epoch | loss | dev micro F1 | seconds |", "|---|---|---|---|"]
    for r in hist:
        lines.append(f"| {r['epoch']} | {r['loss']} | {r.get('dev', '-')} | {r['seconds']} |")
    lines += ["", f"Total {metrics['seconds'] / 60:.1f} min on {metrics['device_name']}. "
              "Same seed, same machine: same weights.", ""]
    return "\n".join(lines)
