"""Arabic named entities: the project's own taggers and a rule-based recogniser.

* `BertWordTagger` (``ar_bert``): the pre-trained encoder fine-tuned on ANERcorp by
  ``ar_bert_train`` (make train-ner), with character and FastText word features
  (``word_vectors``) and a BIO CRF; ``BertWordTagger.load("models/ner-ar")``.
  ``conll`` reads and scores CoNLL files; ``word_tagger`` runs any backend on given
  words (``pledges eval-ner``).
* `ArabicNER` (``ar_model``): BiLSTM tagger trained by ``ar_train`` on data from
  ``ar_data``; `ArabicNER.load("models/ner-ar-gen").predict(text, tokens)`.
* `find_entities` (``ar_patterns``): organisation heads + genitive chains,
  titled persons, CLDR place names, quoted names.

`ArabicNER` is imported lazily so that the pattern recogniser works without
loading torch.
"""
from __future__ import annotations

__all__ = ["ArabicNER", "find_entities"]


def __getattr__(name: str):
    if name == "ArabicNER":
        from .ar_model import ArabicNER

        return ArabicNER
    if name == "find_entities":
        from .ar_patterns import find_entities

        return find_entities
    raise AttributeError(name)
