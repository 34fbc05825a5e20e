"""The Arabic NER tagger trained on ANERcorp: the pre-trained encoder + characters + a BIO CRF.

Input is a list of words as written (ANERcorp's tokens: whitespace and
punctuation split, proclitics left on the word).  Each word is represented by
the pre-trained BERT encoder's vector of its first WordPiece
(models/encoder, `pledges pretrain`, fine-tuned here) concatenated with a
character CNN over the word (names never seen in training are still spelt
like names).  A linear layer gives per-word scores for the 9 BIO tags over
PERS/LOC/ORG/MISC; a linear-chain CRF whose transitions forbid invalid BIO
(an I-X after anything but B-X or I-X, or at the start) is trained with its
likelihood and decoded with Viterbi, so only valid BIO is emitted.

Sentences longer than the encoder's window are cut into chunks of at most
`max_sub` WordPieces; at inference each chunk carries up to `context` words
either side that are read but not emitted, and the CRF decodes the whole
sentence's scores at once.

Artefact: models/ner-ar/<version>/ {model.safetensors, config.json,
tokenizer.json, metrics.json, MODEL_CARD.md}, models/ner-ar/LATEST.  The
pipeline reads PERS/ORG/LOC as the project's PERSON/ORG/GPE (`PROJECT_LABEL`);
MISC (currencies, events, nationalities) is not a giver and is dropped.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch  # noqa: E402
from torch import nn  # noqa: E402

from ..document import Entity, Token  # noqa: E402
from ..errors import ModelError  # noqa: E402

TYPES = ("PERS", "LOC", "ORG", "MISC")
TAGS = ["O"] + [f"{p}-{t}" for t in TYPES for p in ("B", "I")]
TAG_ID = {t: i for i, t in enumerate(TAGS)}
# ANERcorp type -> the project's entity label (pipeline.document.Entity.label); MISC is not read
PROJECT_LABEL = {"PERS": "PERSON", "ORG": "ORG", "LOC": "GPE"}
WEIGHTS, CONFIG, TOKENIZER = "model.safetensors", "config.json", "tokenizer.json"
HINT = "run `make train-ner`"
MAX_CHARS = 20
MAX_PIECES = 8  # a word's first pieces read; longer words are noise (URLs, digit runs)
# Arabic diacritics and tatweel (the marks camel-tools' dediac_ar removes, plus U+0640).  Written
# out here so the tagger also runs where camel-tools is not installed (the GPU machine).
_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")


def char_key(word: str) -> str:
    return _MARKS.sub("", word)[:MAX_CHARS] or word[:MAX_CHARS]


def allowed_transitions() -> torch.Tensor:
    """[from, to] True where BIO allows tag `to` after tag `from`."""
    ok = torch.ones(len(TAGS), len(TAGS), dtype=torch.bool)
    for j, t in enumerate(TAGS):
        if t.startswith("I-"):
            for i, f in enumerate(TAGS):
                ok[i, j] = f[2:] == t[2:] and f != "O"
    return ok


def allowed_starts() -> torch.Tensor:
    return torch.tensor([not t.startswith("I-") for t in TAGS])


class CRF(nn.Module):
    """Linear-chain CRF with the BIO constraints as -inf transitions (hand-written:
    ~40 lines; the CRF packages on PyPI do not know BIO and would add a dependency)."""

    NEG = -1e4

    def __init__(self, n: int) -> None:
        super().__init__()
        self.trans = nn.Parameter(torch.zeros(n, n))
        self.start = nn.Parameter(torch.zeros(n))
        self.register_buffer("mask_t", ~allowed_transitions(), persistent=False)
        self.register_buffer("mask_s", ~allowed_starts(), persistent=False)

    def _t(self) -> tuple[torch.Tensor, torch.Tensor]:
        return self.trans.masked_fill(self.mask_t, self.NEG), self.start.masked_fill(self.mask_s, self.NEG)

    def nll(self, em: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean negative log-likelihood; em [B, W, T], tags [B, W], mask [B, W] (left-aligned)."""
        trans, start = self._t()
        B, W, _ = em.shape
        ar = torch.arange(B, device=em.device)
        score = start[tags[:, 0]] + em[ar, 0, tags[:, 0]]
        alpha = start + em[:, 0]
        for w in range(1, W):
            m = mask[:, w]
            score = score + torch.where(m, trans[tags[:, w - 1], tags[:, w]] + em[ar, w, tags[:, w]], 0.0)
            nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0), dim=1) + em[:, w]
            alpha = torch.where(m.unsqueeze(1), nxt, alpha)
        return (torch.logsumexp(alpha, dim=1) - score).mean()

    @torch.no_grad()
    def decode(self, em: torch.Tensor) -> list[int]:
        """Viterbi over one sentence's scores [W, T] (on the CPU)."""
        trans, start = (x.cpu() for x in self._t())
        em = em.cpu()
        score, back = start + em[0], []
        for w in range(1, em.shape[0]):
            best, idx = (score.unsqueeze(1) + trans).max(dim=0)
            back.append(idx)
            score = best + em[w]
        path = [int(score.argmax())]
        for idx in reversed(back):
            path.append(int(idx[path[-1]]))
        return path[::-1]


class BertTagger(nn.Module):
    def __init__(self, bert_config, n_chars: int, char_dim: int = 32, char_filters: int = 64,
                 dropout: float = 0.2, word_vectors: torch.Tensor | None = None, lstm: int = 0,
                 gaz_dim: int = 0) -> None:
        super().__init__()
        from transformers import BertModel

        bert_config._attn_implementation = "eager"
        self.bert = BertModel(bert_config, add_pooling_layer=False)
        self.char_emb = nn.Embedding(n_chars, char_dim, padding_idx=0)
        self.char_cnn = nn.Conv1d(char_dim, char_filters, kernel_size=3, padding=1)
        width = bert_config.hidden_size + char_filters
        # frozen FastText vectors (word_vectors.py): not saved with the tagger, loaded from their artefact
        self.wv = None
        if word_vectors is not None:
            self.wv = nn.Embedding.from_pretrained(word_vectors, freeze=True, padding_idx=0)
            width += word_vectors.shape[1]
        self.gaz_dim = gaz_dim  # the gazetteer's features per word (ar_gazetteer), 0 for none
        width += gaz_dim
        self.lstm = nn.LSTM(width, lstm, batch_first=True, bidirectional=True) if lstm else None
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(2 * lstm if lstm else width, len(TAGS))
        self.crf = CRF(len(TAGS))

    def state_to_save(self) -> dict[str, torch.Tensor]:
        return {k: v for k, v in self.state_dict().items() if not k.startswith("wv.")}

    def forward(self, ids, att, first, chars, wids, mask, gaz=None) -> torch.Tensor:
        """ids/att [B, S] WordPieces; first [B, W] index of each word's first piece; chars [B, W, C];
        wids [B, W] rows of the word vectors; mask [B, W] real words; gaz [B, W, gaz_dim] gazetteer features.  Returns emission scores [B, W, T]
        (a chunk's scores do not depend on the other chunks of its batch)."""
        h = self.bert(input_ids=ids, attention_mask=att).last_hidden_state
        words = torch.gather(h, 1, first.unsqueeze(-1).expand(-1, -1, h.size(-1)))
        B, W, C = chars.shape
        c = self.char_emb(chars.view(B * W, C)).transpose(1, 2)
        c = torch.relu(self.char_cnn(c)).max(dim=2).values.view(B, W, -1)
        parts = [words, c] + ([self.wv(wids)] if self.wv is not None else [])
        if self.gaz_dim:
            parts.append(gaz)
        x = self.drop(torch.cat(parts, dim=-1))
        if self.lstm is not None:
            from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

            packed = pack_padded_sequence(x, mask.sum(1).cpu(), batch_first=True, enforce_sorted=False)
            x = self.drop(pad_packed_sequence(self.lstm(packed)[0], batch_first=True, total_length=W)[0])
        return self.out(x)


class Encoding:
    """Words -> the model's tensors (WordPiece ids, first-piece index, character ids)."""

    def __init__(self, tokenizer, chars: list[str], max_sub: int = 126, vectors=None, gazetteer=None) -> None:
        self.tok, self.chars, self.max_sub, self.vectors = tokenizer, chars, max_sub, vectors
        self.gazetteer = gazetteer  # ar_gazetteer.Gazetteer or None
        self.char_id = {c: i for i, c in enumerate(chars)}
        self.cls, self.sep, self.pad = (tokenizer.token_to_id(t) for t in ("[CLS]", "[SEP]", "[PAD]"))
        self.unk = tokenizer.token_to_id("[UNK]")

    def pieces(self, words: list[str]) -> list[list[int]]:
        """Each word's WordPiece ids (at least one: [UNK] for a word that yields none)."""
        enc = self.tok.encode(words, is_pretokenized=True, add_special_tokens=False)
        out: list[list[int]] = [[] for _ in words]
        for i, w in zip(enc.ids, enc.word_ids):
            if w is not None:
                out[w].append(i)
        return [p or [self.unk] for p in out]

    def chunks(self, pieces: list[list[int]], context: int = 0) -> list[tuple[int, int, int, int]]:
        """(lo, a, b, hi): words a..b are emitted, lo..hi are read; a chunk's pieces fit max_sub."""
        out, a, n = [], 0, len(pieces)
        cost = [min(len(p), MAX_PIECES) for p in pieces]
        core = self.max_sub if not context else self.max_sub // 2
        while a < n:
            b, size = a, 0
            while b < n and (b == a or size + cost[b] <= core):
                size += cost[b]
                b += 1
            lo, hi = a, b
            while context and lo > 0 and a - lo < context and size + cost[lo - 1] <= self.max_sub:
                lo -= 1
                size += cost[lo]
            while context and hi < n and hi - b < context and size + cost[hi] <= self.max_sub:
                size += cost[hi]
                hi += 1
            out.append((lo, a, b, hi))
            a = b
        return out

    def batch(self, items: list[tuple]) -> tuple[torch.Tensor, ...]:
        """items: (pieces per word, words[, gazetteer features [n, F]]) of each chunk -> (ids, att, first,
        chars, word rows, word mask, gazetteer features [B, W, F]; F = 0 without a gazetteer)."""
        S = max(sum(len(p[:MAX_PIECES]) for p in ps) for ps, *_ in items) + 2
        W = max(len(it[0]) for it in items)
        ids = torch.full((len(items), S), self.pad, dtype=torch.long)
        att = torch.zeros((len(items), S), dtype=torch.long)
        first = torch.zeros((len(items), W), dtype=torch.long)
        chars = torch.zeros((len(items), W, MAX_CHARS), dtype=torch.long)
        mask = torch.zeros((len(items), W), dtype=torch.bool)
        wids = torch.zeros((len(items), W), dtype=torch.long)
        F = items[0][2].shape[1] if len(items[0]) > 2 else 0
        gaz = torch.zeros((len(items), W, F))
        for b, (ps, words, *feats) in enumerate(items):
            if F:
                gaz[b, :len(words)] = feats[0]
            seq = [self.cls]
            for w, (p, word) in enumerate(zip(ps, words)):
                first[b, w] = len(seq)
                seq.extend(p[:MAX_PIECES])
                cs = [self.char_id.get(c, 1) for c in char_key(word)]
                chars[b, w, :len(cs)] = torch.tensor(cs)
                mask[b, w] = True
                if self.vectors is not None:
                    wids[b, w] = self.vectors.index(word) or self.vectors.index(char_key(word))
            seq.append(self.sep)
            ids[b, :len(seq)] = torch.tensor(seq)
            att[b, :len(seq)] = 1
        return ids, att, first, chars, wids, mask, gaz


class BertWordTagger:
    """The trained tagger: `tag(words)` -> BIO tags; `predict_sentences(text, tokens)` -> project Entities."""

    name = "bert"

    def __init__(self, net: BertTagger, enc: Encoding, config: dict[str, Any], path: Path | None = None):
        self.net, self.enc, self.config, self.path = net.eval(), enc, config, path
        self.context = int(config.get("context", 16))

    @classmethod
    def load(cls, path: str | Path = "models/ner-ar") -> "BertWordTagger":
        from ..relation.model.model import read_artefact

        # config.json, tokenizer.json and model.safetensors read as the relation model's are
        d, cfg, bert, tok, state = read_artefact(path, "Arabic NER model file missing", HINT)
        try:
            if cfg.get("kind") != "ner-ar-bert":
                raise ValueError(f"kind is {cfg.get('kind')!r}, not 'ner-ar-bert'")
            vectors = None
            if cfg.get("word_vectors"):
                from .word_vectors import WordVectors

                vectors = WordVectors.load(cfg["word_vectors"])
                if cfg.get("word_vectors_sha256") not in (None, vectors.sha256):
                    raise ModelError(str(Path(cfg["word_vectors"]) / "vectors.safetensors"),
                                     "not the word vectors this tagger was trained with (sha256 differs)", HINT)
            net = BertTagger(bert, len(cfg["chars"]), **cfg["net"],
                             word_vectors=vectors.matrix if vectors is not None else None)
        except (ValueError, KeyError, TypeError) as e:
            raise ModelError(str(d / CONFIG), f"unreadable Arabic NER config ({e})", HINT) from None
        gazetteer = None
        if net.gaz_dim:
            from .ar_gazetteer import FILE, Gazetteer

            try:
                gazetteer = Gazetteer.load(d)
                if gazetteer.dim != net.gaz_dim:
                    raise ValueError(f"{gazetteer.dim} features per word, the tagger reads {net.gaz_dim}")
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
                raise ModelError(str(d / FILE), f"missing or unreadable gazetteer ({e})", HINT) from None
        if net.wv is not None:
            state["wv.weight"] = net.wv.weight
        try:
            net.load_state_dict(state, strict=True)
        except RuntimeError as e:
            raise ModelError(str(d / WEIGHTS), f"weights do not fit the config ({str(e).strip().splitlines()[0]})",
                             HINT) from None
        return cls(net, Encoding(tok, cfg["chars"], int(cfg.get("max_sub", 126)), vectors, gazetteer), cfg, d)

    @torch.no_grad()
    def emissions(self, sentences: list[list[str]], batch_size: int = 32) -> list[torch.Tensor]:
        """Per-word tag scores [W, T] of each sentence (chunks read with their context)."""
        jobs = []  # (sentence index, a, b, offset of a within the chunk, (pieces, words[, gazetteer features]))
        for si, words in enumerate(sentences):
            if not words:
                continue
            pieces = self.enc.pieces(words)
            gaz = self.enc.gazetteer.features(words) if self.enc.gazetteer is not None else None
            for lo, a, b, hi in self.enc.chunks(pieces, self.context):
                item = (pieces[lo:hi], words[lo:hi]) + ((gaz[lo:hi],) if gaz is not None else ())
                jobs.append((si, a, b, a - lo, item))
        # chunks of like length batched together: less padding read, same scores (the
        # encoder masks padding and the BiLSTM is packed, so a chunk's scores do not depend on its batch)
        jobs.sort(key=lambda j: sum(min(len(p), MAX_PIECES) for p in j[4][0]))
        out = [torch.zeros(len(w), len(TAGS)) for w in sentences]
        for i in range(0, len(jobs), batch_size):
            part = jobs[i:i + batch_size]
            dev = next(self.net.parameters()).device
            em = self.net(*(t.to(dev) for t in self.enc.batch([j[4] for j in part]))).float().cpu()
            for (si, a, b, off, _), e in zip(part, em):
                out[si][a:b] = e[off:off + b - a]
        return out

    def tag_many(self, sentences: list[list[str]]) -> list[list[str]]:
        return [[TAGS[i] for i in self.net.crf.decode(e)] if len(e) else []
                for e in self.emissions(sentences)]

    def tag(self, words: list[str]) -> list[str]:
        return self.tag_many([words])[0]

    # ------------------------------------------------------------ the pipeline's side
    def predict_sentences(self, text: str, sentences: list[list[Token]]) -> list[list[Entity]]:
        """Project entities (PERSON/ORG/GPE) of each sentence of one text."""
        return self.predict_many([(text, toks) for toks in sentences])

    def predict_many(self, items: list[tuple[str, list[Token]]]) -> list[list[Entity]]:
        """Project entities (PERSON/ORG/GPE) of each (text, a sentence's tokens in it), tagged in
        batches across texts (see `entities_from_tags`)."""
        return entities_from_tags(items, self.tag_many, "ner-ar-bert")


def entities_from_tags(items: list[tuple[str, list[Token]]], tag_many, source: str) -> list[list[Entity]]:
    """Project entities (PERSON/ORG/GPE) of each (text, a sentence's tokens in it) from a word
    tagger's `tag_many` (lists of words as written -> BIO tags over PERS/LOC/ORG/MISC).

    The tokenizer's split proclitics ("و" + "الحكومة") are joined back into the
    word as written, which is what the taggers were trained on; an entity then starts
    after the split proclitic, or after a glued one that `WordFreq.strip_proclitic`
    recognises ("وإسرائيل" -> "إسرائيل")."""
    words_of, starts_of = [], []
    for _, toks in items:
        words, starts = [], []  # (start, end) of each word; where its entity would start
        i = 0
        while i < len(toks):
            t = toks[i]
            if t.is_clitic and i + 1 < len(toks) and toks[i + 1].start == t.end:
                words.append((t.start, toks[i + 1].end))
                starts.append(toks[i + 1].start)
                i += 2
                continue
            words.append((t.start, t.end))
            starts.append(None)
            i += 1
        words_of.append(words)
        starts_of.append(starts)
    tags = tag_many([[text[a:b] for a, b in words] for (text, _), words in zip(items, words_of)])
    from .conll import spans

    out = []
    for (text, _), words, starts, tg in zip(items, words_of, starts_of, tags):
        found = []
        for a, b, kind in sorted(spans(tg)):
            label = PROJECT_LABEL.get(kind)
            if label is None:
                continue
            lo, hi = words[a][0], words[b - 1][1]
            if starts[a] is not None:
                lo = starts[a]
            else:
                lo += strip_proclitic(text[lo:words[a][1]])
            if lo < hi:
                found.append(Entity(lo, hi, text[lo:hi], label, source))
        out.append(found)
    return out


def strip_proclitic(word: str) -> int:
    """Characters of a glued conjunction/preposition at the start of an entity's first word."""
    from ..lang.ar_freq import WordFreq

    return WordFreq.default().strip_proclitic(word)
