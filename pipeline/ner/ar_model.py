"""The Arabic NER model: a small neural tagger over the project's tokens.

Each token (from `pipeline.lang.ar.tokenize`) is represented by a word
embedding of its normalised form, a character CNN over the same form, and 19
flags: lexicon look-ups (organisation head, title, place-name match,
connector, stopword, definite article, quote, digit, glued proclitic, ...) and
what the pattern recogniser (`ar_patterns`) says about the token.  An encoder
- three residual token convolutions ("cnn", the default: fast on a CPU) or a
one-layer BiLSTM ("lstm") - and a linear layer give per-token tag scores;
decoding is Viterbi with BIO constraints, then spans are tidied (no trailing
proclitic or punctuation, no bare "الحكومة").

Tags: O, I-X and B{k}-X for X in PERSON/ORG/GPE, where k = 0, 1, 2 is how many
characters of a proclitic the tokenizer left glued to the entity's first token
("لمؤسسة" -> B1-ORG, the span starts one character in).

Artefact (``models/ner-ar-gen/``): ``model.safetensors`` (weights, safetensors
only) and ``config.json`` (hyper-parameters, vocabularies, tag set, how
`predict` combines model and patterns).  `ArabicNER.load` raises ModelError
naming the file and `make train-ner` when either is missing or unreadable.
"""
from __future__ import annotations

import json
import pathlib
import re

import numpy as np
import torch
from torch import nn

from ..document import Entity, Token
from ..errors import ModelError
from .ar_lexicon import QUOTES_OPEN, ArabicLexicon, key, surface_offset

LABELS = ("PERSON", "ORG", "GPE")
TAGS = ["O"] + [f"{p}-{lab}" for lab in LABELS for p in ("B0", "B1", "B2", "I")]
TAG_ID = {t: i for i, t in enumerate(TAGS)}
N_FEATS = 19
MAX_CHARS = 16
WEIGHTS, CONFIG = "model.safetensors", "config.json"
HINT = "run `make train-ner`"
_DIGIT = re.compile(r"[0-9\u0660-\u0669]")
_LATIN = re.compile(r"[A-Za-z]")
_LETTER = re.compile(r"[\u0621-\u064aA-Za-z]")
_SENT_END = {".", "!", "?", "؟", "…"}
COMBINE = ("model", "union", "patterns_first")


# ---------------------------------------------------------------- features
def token_keys(tokens: list[Token]) -> list[str]:
    return [key(t.form) for t in tokens]


def token_features(tokens: list[Token], keys: list[str], text: str | None = None,
                   patterns: list[Entity] | None = None) -> list[list[float]]:
    """Per-token flags: 0 split proclitic, 1 organisation head, 2 fixed organisation
    name, 3 title, 4 place name, 5 name connector, 6 stopword, 7 definite, 8 quote,
    9 digit, 10 Latin, 11 punctuation, 12 glued proclitic, 13 definite nisba,
    14-16 inside a PERSON/ORG/GPE of the pattern recogniser, 17 its first token,
    18 it starts inside the token (glued proclitic)."""
    lex = ArabicLexicon.get()
    n = len(tokens)
    feats = [[0.0] * N_FEATS for _ in range(n)]
    for i, (t, k) in enumerate(zip(tokens, keys)):
        off, stem = lex.strip(k)
        f = feats[i]
        f[0] = float(t.is_clitic)
        f[1] = float(stem in lex.head_gender)
        f[5] = float(k in lex.connectors)
        f[6] = float(lex.is_stop(k))
        f[7] = float(k.startswith("ال") and len(k) > 3)
        f[8] = float(t.text in QUOTES_OPEN or t.text in ("»", "”"))
        f[9] = float(bool(_DIGIT.search(t.text)))
        f[10] = float(bool(_LATIN.search(t.text)))
        f[11] = float(not _LETTER.search(t.text) and not f[9])
        f[12] = float(off > 0)
        f[13] = float(f[7] == 1.0 and k.endswith(("ي", "يه")))
        for slot, phrases in ((2, lex.fixed_orgs), (3, lex.titles), (4, lex.gpe)):
            m = phrases.match(keys, i, stem)
            for j in range(i, i + m):
                feats[j][slot] = 1.0
    # what the pattern recogniser says (the network learns how far to trust it)
    if patterns is None and tokens and text is not None:
        from .ar_patterns import find_entities

        patterns = find_entities(text, tokens)
    if tokens and patterns:
        starts = {t.start for t in tokens}
        for e in patterns:
            a = next((i for i, t in enumerate(tokens) if t.start <= e.start < t.end), None)
            if a is None:
                continue
            feats[a][14 + LABELS.index(e.label)] = 1.0
            feats[a][17] = 1.0
            feats[a][18] = float(e.start not in starts)
            j = a + 1
            while j < n and tokens[j].end <= e.end:
                feats[j][14 + LABELS.index(e.label)] = 1.0
                j += 1
    return feats


def spans_to_tags(tokens: list[Token], spans) -> list[str] | None:
    """BIO tags for character spans; None when a span does not sit on tokens."""
    tags = ["O"] * len(tokens)
    for s, e, label in spans:
        first = [i for i, t in enumerate(tokens) if t.start <= s < t.end]
        last = [i for i, t in enumerate(tokens) if t.end == e]
        if not first or not last or last[0] < first[0] or s - tokens[first[0]].start > 2:
            return None
        a, b = first[0], last[0]
        tags[a] = f"B{s - tokens[a].start}-{label}"
        for j in range(a + 1, b + 1):
            tags[j] = f"I-{label}"
    return tags


def tags_to_entities(text: str, tokens: list[Token], tags: list[str], source: str = "model") -> list[Entity]:
    """Entities from a tag sequence, tidied: no trailing proclitic or punctuation,
    no unmatched quote, a proclitic glued to a known head/title/place cut off."""
    lex = ArabicLexicon.get()
    out, i = [], 0
    while i < len(tags):
        t = tags[i]
        if t[0] != "B":
            i += 1
            continue
        k, label = int(t[1]), t.split("-", 1)[1]
        j = i + 1
        while j < len(tags) and tags[j] == f"I-{label}":
            j += 1
        a, b = i, j
        i = j
        while b > a and (tokens[b - 1].is_clitic or not _LETTER.search(tokens[b - 1].text)):
            if tokens[b - 1].text in ("»", "”") and any(x.text in ("«", "“") for x in tokens[a:b - 1]):
                break
            b -= 1
        while a < b and not _LETTER.search(tokens[a].text) and not (
                tokens[a].text in QUOTES_OPEN and any(x.text in ("»", "”", "\"") for x in tokens[a + 1:b])):
            a, k = a + 1, 0
        if a >= b or tokens[a].is_clitic:
            continue
        first = key(tokens[a].form)
        if k and not (len(first) > k + 1 and all(c in "وفبلك" for c in first[:k])):
            k = 0  # a glued proclitic only where the word starts with one
        if k == 0:
            off, _ = lex.strip(first)
            k = surface_offset(tokens[a].text, off)
        if b == a + 1 and label == "ORG" and first[k:].startswith("ال") and first[k:] in lex.head_gender:
            continue  # a bare "الحكومة" / "الوزارة" is a description, not a name
        start = min(tokens[a].start + k, tokens[a].end - 1)
        end = tokens[b - 1].end
        out.append(Entity(start, end, text[start:end], label, source))
    return out


def _allowed() -> torch.Tensor:
    """allowed[prev, cur]: I-X only after B*-X or I-X."""
    n = len(TAGS)
    ok = torch.ones(n, n, dtype=torch.bool)
    for c, tc in enumerate(TAGS):
        if tc.startswith("I-"):
            lab = tc[2:]
            for p, tp in enumerate(TAGS):
                ok[p, c] = tp != "O" and tp.split("-", 1)[1] == lab
    return ok


ALLOWED = _allowed()
_TRANS = np.where(ALLOWED.numpy(), 0.0, -1e9)
_START = np.array([0.0 if not t.startswith("I-") else -1e9 for t in TAGS])


def viterbi(logp) -> list[int]:
    """Best tag path under the BIO constraints; logp is (length, n_tags)."""
    logp = np.asarray(logp, dtype=np.float64)
    score = logp[0] + _START
    back = []
    for t in range(1, logp.shape[0]):
        cand = score[:, None] + _TRANS  # prev x cur
        idx = cand.argmax(0)
        back.append(idx)
        score = cand[idx, np.arange(len(TAGS))] + logp[t]
    path = [int(score.argmax())]
    for idx in reversed(back):
        path.append(int(idx[path[-1]]))
    return path[::-1]


# ---------------------------------------------------------------- network
class TaggerNet(nn.Module):
    """word embedding + char-CNN (run once per distinct word in the batch) +
    lexicon flags -> BiLSTM (or a stack of token convolutions) -> tag scores."""

    def __init__(self, n_words: int, n_chars: int, word_dim: int = 64, char_dim: int = 32,
                 char_filters: int = 48, hidden: int = 96, dropout: float = 0.3, encoder: str = "lstm") -> None:
        super().__init__()
        self.word = nn.Embedding(n_words, word_dim, padding_idx=0)
        self.char = nn.Embedding(n_chars, char_dim, padding_idx=0)
        self.convs = nn.ModuleList([nn.Conv1d(char_dim, char_filters, k, padding=k // 2) for k in (2, 3)])
        self.drop = nn.Dropout(dropout)
        n_in = word_dim + 2 * char_filters + N_FEATS
        self.encoder = encoder
        if encoder == "lstm":
            self.lstm = nn.LSTM(n_in, hidden, batch_first=True, bidirectional=True)
        else:
            self.proj = nn.Conv1d(n_in, 2 * hidden, 3, padding=1)
            self.tconvs = nn.ModuleList([nn.Conv1d(2 * hidden, 2 * hidden, 3, padding=d, dilation=d)
                                         for d in (1, 2, 1)])
        self.out = nn.Linear(2 * hidden, len(TAGS))

    def forward(self, words, chars, index, feats, lengths):
        ch = self.char(chars).transpose(1, 2)  # distinct words x dim x chars
        ch = torch.cat([torch.relu(conv(ch)).max(2).values for conv in self.convs], 1)
        x = self.drop(torch.cat([self.word(words), ch[index], feats], 2))
        n = x.shape[1]
        if self.encoder == "lstm":
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=n)
        else:
            mask = (torch.arange(n)[None, :] < lengths[:, None]).unsqueeze(1).float()
            h = torch.relu(self.proj(x.transpose(1, 2))) * mask
            for conv in self.tconvs:
                h = (h + torch.relu(conv(self.drop(h)))) * mask
            h = h.transpose(1, 2)
        return self.out(self.drop(h))


class Encoder:
    """Turns token lists into padded tensors with the model's vocabularies."""

    def __init__(self, words: list[str], chars: list[str]) -> None:
        self.words, self.chars = words, chars  # index 0 = padding, 1 = unknown
        self.wid = {w: i for i, w in enumerate(words)}
        self.cid = {c: i for i, c in enumerate(chars)}

    def encode(self, tokens: list[Token], text: str, patterns: list[Entity] | None = None) -> tuple:
        """(word ids, keys, features); `patterns`: the pattern recogniser's entities
        for these tokens when already known."""
        keys = token_keys(tokens)
        return [self.wid.get(k, 1) for k in keys], keys, token_features(tokens, keys, text, patterns)

    def batch(self, items: list[tuple]) -> tuple[torch.Tensor, ...]:
        n = max(len(w) for w, _, _ in items)
        distinct = {"": 0}
        for _, keys, _ in items:
            for k in keys:
                distinct.setdefault(k, len(distinct))
        chars = torch.zeros(len(distinct), MAX_CHARS, dtype=torch.long)
        for k, i in distinct.items():
            if k:
                ids = [self.cid.get(ch, 1) for ch in ("<" + k + ">")[:MAX_CHARS]]
                chars[i, :len(ids)] = torch.tensor(ids)
        words = torch.zeros(len(items), n, dtype=torch.long)
        index = torch.zeros(len(items), n, dtype=torch.long)
        feats = torch.zeros(len(items), n, N_FEATS)
        for b, (w, keys, f) in enumerate(items):
            words[b, :len(w)] = torch.tensor(w)
            index[b, :len(w)] = torch.tensor([distinct[k] for k in keys])
            feats[b, :len(w)] = torch.tensor(f)
        lengths = torch.tensor([len(w) for w, _, _ in items])
        return words, chars, index, feats, lengths


def segments(tokens: list[Token], max_len: int = 120) -> list[tuple[int, int]]:
    """(start, end) token ranges: sentence-final punctuation or `max_len` ends one."""
    out, a = [], 0
    for i, t in enumerate(tokens):
        if t.text in _SENT_END or i + 1 - a >= max_len:
            out.append((a, i + 1))
            a = i + 1
    if a < len(tokens):
        out.append((a, len(tokens)))
    return out


def merge(primary: list[Entity], secondary: list[Entity]) -> list[Entity]:
    """`primary` plus the `secondary` entities that overlap none of them."""
    out = list(primary)
    for e in secondary:
        if all(e.end <= p.start or e.start >= p.end for p in primary):
            out.append(e)
    return sorted(out, key=lambda e: (e.start, e.end))


class ArabicNER:
    def __init__(self, net: TaggerNet, encoder: Encoder, config: dict) -> None:
        self.net, self.encoder, self.config = net.eval(), encoder, config
        self.combine = config.get("combine", "union")

    @classmethod
    def load(cls, path: str | pathlib.Path = "models/ner-ar-gen") -> "ArabicNER":
        from ..paths import resolve

        path = resolve(path)
        cfg_file, w_file = path / CONFIG, path / WEIGHTS
        for f in (cfg_file, w_file):
            if not f.is_file():
                raise ModelError(str(f), "Arabic NER model file missing", hint=HINT)
        try:
            config = json.loads(cfg_file.read_text(encoding="utf-8"))
            encoder = Encoder(config["words"], config["chars"])
            net = TaggerNet(len(encoder.words), len(encoder.chars), **config["net"])
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise ModelError(str(cfg_file), f"unreadable Arabic NER config ({e})", hint=HINT) from None
        try:
            from safetensors.torch import load_file

            net.load_state_dict(load_file(str(w_file)))
        except Exception as e:  # noqa: BLE001 - any failure means a corrupt artefact
            raise ModelError(str(w_file), f"unreadable Arabic NER weights ({type(e).__name__}: {e})",
                             hint=HINT) from None
        return cls(net, encoder, config)

    def save(self, path: pathlib.Path) -> None:
        from safetensors.torch import save_file

        path.mkdir(parents=True, exist_ok=True)
        save_file({k: v.contiguous() for k, v in self.net.state_dict().items()}, str(path / WEIGHTS))
        (path / CONFIG).write_text(json.dumps(self.config, ensure_ascii=False, indent=1), encoding="utf-8")

    @torch.no_grad()
    def predict_model(self, text: str, tokens: list[Token], patterns: list[Entity] | None = None) -> list[Entity]:
        """The network's own entities (the pattern recogniser's output is one of its inputs)."""
        if not tokens:
            return []
        if patterns is None:
            from .ar_patterns import find_entities

            patterns = find_entities(text, tokens)
        segs = segments(tokens)
        items = []
        for a, b in segs:
            lo, hi = tokens[a].start, tokens[b - 1].end
            items.append(self.encoder.encode(tokens[a:b], text, [e for e in patterns if lo <= e.start < hi]))
        logp = torch.log_softmax(self.net(*self.encoder.batch(items)), -1).numpy()
        out: list[Entity] = []
        for (a, b), lp in zip(segs, logp):
            tags = [TAGS[i] for i in viterbi(lp[:b - a])]
            out.extend(tags_to_entities(text, tokens[a:b], tags))
        return out

    def predict(self, text: str, tokens: list[Token], combine: str | None = None) -> list[Entity]:
        """Entities for `tokens` (offsets into `text`).  `combine` ("model", "union",
        "patterns_first"; default: the strategy chosen at training time) says how
        the pattern recogniser's entities are merged with the network's."""
        from .ar_patterns import find_entities

        mode = combine or self.combine
        pats = find_entities(text, tokens) if tokens else []
        found = self.predict_model(text, tokens, pats)
        if mode == "model":
            return found
        return merge(pats, found) if mode == "patterns_first" else merge(found, pats)
