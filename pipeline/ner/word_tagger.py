"""Arabic NER on given words: what `pledges eval-ner` scores against a CoNLL file.

A `WordTagger` labels a sentence that is already cut into words (the tokens of
a CoNLL file) with one BIO tag per word over the CoNLL types PERS, LOC, ORG and
MISC.  The project's recognisers work on text and its own tokens, so
`PatternWordTagger` and `ModelWordTagger` join the words with single spaces,
tokenise that text (`pipeline.lang.ar.tokenize`), find the entities, and give
each entity the words its character span overlaps (B- on the first, I- on the
rest).  A word is never split: an entity that starts after a proclitic the
tokenizer cut off ("للصليب" -> "ل" + "لصليب") covers the whole word.

`word_tagger_from_config` builds the tagger that `[ner] ar_backend` names, as
the pipeline's NER stage does: "patterns", "model", "crf" (the ANERcorp feature CRF,
`pipeline.ner.ar_crf.CrfWordTagger`, from `[ner] ar_crf`), "joint" (the two as one product of experts,
`ar_crf.JointWordTagger`), "bert" (the ANERcorp tagger,
`pipeline.ner.ar_bert.BertWordTagger`, loaded from `[ner] ar_bert`), or a combination such as "bert+patterns" merged word by word by
`merge_spans` (the first-named tagger's entities win).
"""
from __future__ import annotations

from typing import Protocol

from ..document import Entity, Token
from ..errors import ConfigError
from .conll import Span, spans, spans_to_tags

BACKEND_KEY = "ner.ar_backend"

# The project's entity labels (Entity.label, spaCy-style) -> the CoNLL/ANERcorp types.
# Any other label (NORP, FAC, ...) is scored as MISC.  The one place this mapping lives.
CONLL_TYPES = {"PERSON": "PERS", "GPE": "LOC", "ORG": "ORG"}


def conll_type(label: str) -> str:
    return CONLL_TYPES.get(label, "MISC")


class WordTagger(Protocol):
    def tag(self, words: list[str]) -> list[str]:
        """One BIO tag per word, types PERS/LOC/ORG/MISC."""
        ...


def tagger_name(tagger: WordTagger) -> str:
    """A tagger's backend name ("patterns", "bert+patterns", ...), for messages."""
    return getattr(tagger, "name", None) or type(tagger).__name__


def join_words(words: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The words joined by single spaces, and each word's (start, end) in that text."""
    offsets, pos = [], 0
    for w in words:
        offsets.append((pos, pos + len(w)))
        pos += len(w) + 1
    return " ".join(words), offsets


def entity_tags(offsets: list[tuple[int, int]], entities: list[Entity]) -> list[str]:
    """BIO tags of the words at `offsets`: an entity covers the words its span
    overlaps; where two entities share a word, the one that starts first keeps it."""
    tags = ["O"] * len(offsets)
    for e in sorted(entities, key=lambda e: (e.start, e.end)):
        # free words form a suffix of the overlapped run: earlier entities start no later
        free = [i for i, (a, b) in enumerate(offsets) if a < e.end and e.start < b and tags[i] == "O"]
        kind = conll_type(e.label)
        for n, i in enumerate(free):
            tags[i] = f"{'I' if n else 'B'}-{kind}"
    return tags


class _TextWordTagger:
    """Words -> text + project tokens -> entities -> word tags."""

    def entities(self, text: str, tokens: list[Token]) -> list[Entity]:
        raise NotImplementedError

    def tag(self, words: list[str]) -> list[str]:
        from ..lang.ar import tokenize

        text, offsets = join_words(words)
        tokens = tokenize(text)
        return entity_tags(offsets, self.entities(text, tokens) if tokens else [])


class PatternWordTagger(_TextWordTagger):
    """The rule-based recogniser (`pipeline.ner.ar_patterns.find_entities`)."""

    name = "patterns"

    def entities(self, text: str, tokens: list[Token]) -> list[Entity]:
        from .ar_patterns import find_entities

        return find_entities(text, tokens)


class ModelWordTagger(_TextWordTagger):
    """The project's BiLSTM tagger (`pipeline.ner.ArabicNER`), its own entities only,
    as the NER stage's "model" backend runs it."""

    name = "model"

    def __init__(self, ner) -> None:
        self.ner = ner

    @classmethod
    def load(cls, path: str = "models/ner-ar-gen") -> "ModelWordTagger":
        from . import ArabicNER

        return cls(ArabicNER.load(path))

    def entities(self, text: str, tokens: list[Token]) -> list[Entity]:
        return self.ner.predict(text, tokens, combine="model")


def merge_spans(first: set[Span], second: set[Span]) -> set[Span]:
    """`first` plus the spans of `second` that overlap none of `first`'s."""
    return set(first) | {s for s in second if all(s[1] <= a or s[0] >= b for a, b, _ in first)}


class MergedWordTagger:
    """Several taggers, merged word by word: each one's entities are added where
    they overlap none of those already taken (the first-named wins)."""

    def __init__(self, taggers: list[WordTagger]) -> None:
        self.taggers = taggers
        self.name = "+".join(tagger_name(t) for t in taggers)

    def tag(self, words: list[str]) -> list[str]:
        return self.tag_many([words])[0]

    def tag_many(self, sentences: list[list[str]]) -> list[list[str]]:
        """Consecutive sentences at once, so that a member reading its neighbours (the joint
        tagger's consistency window) sees them."""
        found: list[set[Span]] = [set() for _ in sentences]
        for t in self.taggers:
            tags = tag_sentences(t, sentences)
            found = [merge_spans(f, spans(tg)) for f, tg in zip(found, tags)]
        return [spans_to_tags(f, len(words)) for f, words in zip(found, sentences)]


def tag_sentences(tagger: WordTagger, sentences: list[list[str]]) -> list[list[str]]:
    """BIO tags of consecutive sentences: the tagger's `tag_many` where it has one (all at once),
    else `tag` sentence by sentence."""
    many = getattr(tagger, "tag_many", None)
    return many(sentences) if many is not None else [tagger.tag(words) for words in sentences]


# `[ner] ar_joint_o_penalty` / `ar_joint_window`: the joint tagger's decoding (ar_crf.JointWordTagger),
# chosen on a held-out tenth of ANERcorp's training sentences; the one place the defaults live
JOINT_O_PENALTY = 1.5
JOINT_WINDOW = 30


def joint_settings(ner: dict) -> tuple[float, int]:
    """(o_penalty, window) of the joint tagger from `[ner]` settings; ConfigError naming the key."""
    penalty = ner.get("ar_joint_o_penalty", JOINT_O_PENALTY)
    window = ner.get("ar_joint_window", JOINT_WINDOW)
    if isinstance(penalty, bool) or not isinstance(penalty, (int, float)) or penalty < 0:
        raise ConfigError(f"ar_joint_o_penalty must be a number >= 0, not {penalty!r}", key="ner.ar_joint_o_penalty")
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise ConfigError(f"ar_joint_window must be a whole number of sentences >= 0 (0: off), not {window!r}",
                          key="ner.ar_joint_window")
    return float(penalty), window


def _one(name: str, ner: dict) -> WordTagger:
    if name == "patterns":
        return PatternWordTagger()
    if name == "model":
        return ModelWordTagger.load(ner.get("ar_model", "models/ner-ar-gen"))
    if name == "bert":
        from .ar_bert import BertWordTagger  # heavy (torch, transformers): only when asked for

        return BertWordTagger.load(ner.get("ar_bert", "models/ner-ar"))
    if name == "crf":
        from .ar_crf import CrfWordTagger

        return CrfWordTagger.load(ner.get("ar_crf", "models/ner-ar-crf"))
    if name == "joint":
        from .ar_crf import JointWordTagger

        return JointWordTagger.load(ner.get("ar_bert", "models/ner-ar"), ner.get("ar_crf", "models/ner-ar-crf"),
                                    *joint_settings(ner))
    raise ConfigError(f"unknown backend {name!r}: use bert, crf, joint, patterns, model, or a combination "
                      "joined by '+' (e.g. bert+patterns)", key=BACKEND_KEY)


def word_tagger_for(backend, ner: dict | None = None) -> WordTagger:
    """The tagger for an `ar_backend` value, with the other `[ner]` settings in `ner`."""
    ner = ner or {}
    names = backend.split("+") if isinstance(backend, str) else []
    if not names or not all(names) or len(set(names)) != len(names):
        raise ConfigError(f"unknown backend {backend!r}: use bert, crf, joint, patterns, model, or "
                          "distinct ones joined by '+' (e.g. bert+patterns)", key=BACKEND_KEY)
    taggers = [_one(n, ner) for n in names]
    return taggers[0] if len(taggers) == 1 else MergedWordTagger(taggers)


def word_tagger_from_config(config_path, overrides: list[str] | None = None) -> WordTagger:
    """The tagger of a pipeline config's `[ner] ar_backend` (loaded as the CLI does)."""
    from .. import config as config_mod

    cfg = config_mod.load(config_path, overrides or [])
    ner = cfg.get("ner", {})
    if not isinstance(ner, dict):
        raise ConfigError("[ner] must be a section", key="ner")
    return word_tagger_for(ner.get("ar_backend", "patterns"), ner)
