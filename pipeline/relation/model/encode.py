"""Model inputs: one candidate amount in its sentence (plus context), marked.

    [S3] [MONEY] <previous sentence> [CTX] ... [RD] Acme Corp [/RD] [TRG] pledged [/TRG]
    [AMT] $5m [/AMT] to [RR] the Red Cross [/RR] ...

The amount is wrapped in [AMT] .. [/AMT], other amounts of the sentence in
[OA] .. [/OA]; the rules' decision is given as features: a score bucket
[S0]..[S4], its trigger cue [TRG], its donor [RD] and recipient [RR] when they
lie in the window; named entities are wrapped in [E] .. [/E] (optional).  Every character of the input string maps back to a
document offset (or -1 for a marker), so predicted token spans come back as
character offsets through the tokenizer's offset mapping.

The tokenizer is an HF `tokenizers` WordPiece model whose vocabulary is
built from the project's training texts (both scripts), see build_vocab.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ...document import Amount, Document, Mention, Sentence

MARKERS = ["[AMT]", "[/AMT]", "[OA]", "[/OA]", "[TRG]", "[/TRG]", "[RD]", "[/RD]", "[RR]", "[/RR]", "[E]", "[/E]", "[CTX]",
           "[MONEY]", "[KIND]", "[PER]", "[S0]", "[S1]", "[S2]", "[S3]", "[S4]"]
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + MARKERS
TAGS = ["O", "B-DON", "I-DON", "B-REC", "I-REC"]
IGNORE = -100


@dataclass
class Encoded:
    input_ids: list[int]
    starts: list[int]  # document offset of each token (-1: marker / special)
    ends: list[int]
    amt_index: int  # position of the [AMT] token
    tags: list[int] = field(default_factory=list)
    feats: list[float] = field(default_factory=list)  # features.pledge_features
    cands: list[tuple[int, int]] = field(default_factory=list)  # donor candidates: token positions [s, e) (-1: outside)
    cand_feats: list[list[float]] = field(default_factory=list)  # features.candidate_features
    cand_label: int = IGNORE  # index of the gold donor among cands (training)
    cand_mentions: list = field(default_factory=list)  # the candidates as document Mentions
    lex: dict = field(default_factory=dict)  # linear_head.context_terms: the words around the amount
    cand_lex: list = field(default_factory=list)  # linear_head.candidate_terms of each candidate


def token_span(enc: Encoded, start: int, end: int) -> tuple[int, int]:
    """Positions [s, e) of the tokens of document span [start, end), or (-1, -1) outside the window."""
    pos = [i for i, (s, e) in enumerate(zip(enc.starts, enc.ends)) if s >= 0 and s >= start and e <= end]
    return (pos[0], pos[-1] + 1) if pos else (-1, -1)


def _pipeline():
    from tokenizers import normalizers, pre_tokenizers

    norm = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=False, strip_accents=False, lowercase=True)
    pre = pre_tokenizers.Sequence([pre_tokenizers.BertPreTokenizer(), pre_tokenizers.Digits(individual_digits=True)])
    return norm, pre


_ALPHABET = list("abcdefghijklmnopqrstuvwxyz0123456789$£€¥%&'\"«»“”‘’()[],.;:!?-–—/") + \
    [chr(c) for c in range(0x0621, 0x064B)] + [chr(c) for c in range(0x0660, 0x066A)] + ["،", "؛", "؟", "ـ"]


def build_vocab(texts: Iterable[str], vocab_size: int = 8000, min_frequency: int = 2, max_piece: int = 8) -> list[str]:
    """A WordPiece vocabulary chosen deterministically from the training texts:
    special tokens, every character (alone and as a ## continuation), then the
    frequent whole words, word-initial pieces and ## pieces, ranked by
    count x (length - 1) with ties broken by the piece itself.  (The `tokenizers`
    WordPiece trainer breaks frequency ties in hash-map order, so the same texts
    give a different vocabulary from run to run; this one is a pure function of
    the texts.)"""
    from collections import Counter

    norm, pre = _pipeline()
    words: Counter[str] = Counter()
    for text in texts:
        for w, _ in pre.pre_tokenize_str(norm.normalize_str(text)):
            words[w] += 1
    chars = sorted(set(_ALPHABET) | {ch for w in words for ch in w})
    base = list(SPECIAL) + chars + ["##" + ch for ch in chars]
    pieces: Counter[str] = Counter()
    for w, c in words.items():
        if len(w) < 2:
            continue
        if c >= min_frequency:
            pieces[w] += c * len(w)  # whole words first
        for k in range(2, min(len(w), max_piece + 1)):
            pieces[w[:k]] += c
        for i in range(1, len(w)):
            for k in range(2, min(len(w) - i, max_piece) + 1):
                pieces["##" + w[i:i + k]] += c
    ranked = sorted(((-(n * (len(p.lstrip("#")) - 1)), p) for p, n in pieces.items() if n >= min_frequency))
    seen = set(base)
    vocab = list(base)
    for _, p in ranked:
        if len(vocab) >= vocab_size:
            break
        if p not in seen:
            seen.add(p)
            vocab.append(p)
    return vocab


def train_tokenizer(texts: Iterable[str], vocab_size: int = 8000, min_frequency: int = 2):
    """The HF `tokenizers` WordPiece tokenizer over build_vocab(texts)."""
    from tokenizers import Tokenizer, decoders
    from tokenizers.models import WordPiece

    vocab = build_vocab(texts, vocab_size, min_frequency)
    tok = Tokenizer(WordPiece({t: i for i, t in enumerate(vocab)}, unk_token="[UNK]", max_input_chars_per_word=40))
    tok.normalizer, tok.pre_tokenizer = _pipeline()
    tok.decoder = decoders.WordPiece()
    tok.add_special_tokens(SPECIAL)
    return tok


def score_bucket(score: float) -> str:
    return f"[S{min(4, max(0, int(score * 5)))}]"


def _inside(m: Mention | None, lo: int, hi: int) -> bool:
    return m is not None and lo <= m.start and m.end <= hi and m.start < m.end


def compose(doc: Document, amount: Amount, sentence: Sentence, *, score: float, trigger: tuple[int, int] | None,
            rule_donor: Mention | None, rule_recipient: Mention | None,
            context: int = 1, entities: list | None = None) -> tuple[str, list[int]]:
    """The input string and, for each of its characters, the document offset (-1 for markers)."""
    si = doc.sentence_index(sentence, None)
    lo = doc.sentences[max(0, si - context)].start if si is not None and context else sentence.start
    hi = sentence.end
    inserts: list[tuple[int, int, str]] = []  # (offset, 0 closing / 1 [CTX] / 2 opening, marker)

    def wrap(s: int, e: int, name: str) -> None:
        inserts.append((s, 2, f"[{name}]"))
        inserts.append((e, 0, f"[/{name}]"))

    wrap(amount.start, amount.end, "AMT")
    for other in doc.amounts:
        if other is not amount and sentence.start <= other.start and other.end <= hi and \
                (other.end <= amount.start or other.start >= amount.end):
            wrap(other.start, other.end, "OA")
    if trigger is not None and trigger[0] >= lo:
        wrap(trigger[0], trigger[1], "TRG")
    if _inside(rule_donor, lo, hi):
        wrap(rule_donor.start, rule_donor.end, "RD")
    if _inside(rule_recipient, lo, hi):
        wrap(rule_recipient.start, rule_recipient.end, "RR")
    for ent in entities or ():
        if lo <= ent.start and ent.end <= hi and (ent.end <= amount.start or ent.start >= amount.end):
            wrap(ent.start, ent.end, "E")
    if lo < sentence.start:
        inserts.append((sentence.start, 1, "[CTX]"))
    inserts.sort(key=lambda x: (x[0], x[1]))
    head = [score_bucket(score), "[KIND]" if amount.kind == "quantity" else "[MONEY]"] + (["[PER]"] if amount.per else [])
    chars: list[str] = []
    cmap: list[int] = []

    def put_marker(m: str) -> None:
        for ch in f" {m} ":
            chars.append(ch)
            cmap.append(-1)

    for m in head:
        put_marker(m)
    k = 0
    for pos in range(lo, hi + 1):
        while k < len(inserts) and inserts[k][0] == pos:
            put_marker(inserts[k][2])
            k += 1
        if pos < hi:
            ch = doc.text[pos]
            chars.append(" " if ch in "\n\r\t" else ch)
            cmap.append(pos)
    return "".join(chars), cmap


def encode(tokenizer, text: str, cmap: list[int], max_len: int, n_head: int = 3) -> Encoded:
    """Tokenise, map tokens back to document offsets, cut a window around [AMT]."""
    enc = tokenizer.encode(text, add_special_tokens=False)
    ids, offs = enc.ids, enc.offsets
    starts, ends = [], []
    for s, e in offs:
        if e > s and cmap[s] >= 0 and cmap[e - 1] >= 0:
            starts.append(cmap[s])
            ends.append(cmap[e - 1] + 1)
        else:
            starts.append(-1)
            ends.append(-1)
    amt_id = tokenizer.token_to_id("[AMT]")
    amt = ids.index(amt_id) if amt_id in ids else 0
    room = max_len - 2
    if len(ids) > room:
        head = min(n_head, amt)
        body = room - head
        lo = max(head, min(amt - body // 2, len(ids) - body))
        keep = list(range(head)) + list(range(lo, lo + body))
        ids = [ids[i] for i in keep]
        starts = [starts[i] for i in keep]
        ends = [ends[i] for i in keep]
        amt = keep.index(amt)
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    return Encoded([cls] + ids + [sep], [-1] + starts + [-1], [-1] + ends + [-1], amt + 1)


def bio_tags(enc: Encoded, donor: tuple[int, int] | None, recipient: tuple[int, int] | None) -> list[int]:
    tags = [0] * len(enc.input_ids)
    for span, b in ((donor, 1), (recipient, 3)):
        if span is None:
            continue
        first = True
        for i, (s, e) in enumerate(zip(enc.starts, enc.ends)):
            if s >= 0 and s >= span[0] and e <= span[1]:
                if tags[i] == 0:
                    tags[i] = b if first else b + 1
                first = False
            elif s >= span[1]:
                break
    return tags


def words(tokenizer, enc: Encoded) -> list[list[int]]:
    """Token positions grouped into words ("##" pieces join the word before);
    markers and special tokens are left out."""
    out: list[list[int]] = []
    for i, tid in enumerate(enc.input_ids):
        if enc.starts[i] < 0:
            continue
        piece = tokenizer.id_to_token(tid) or ""
        if piece.startswith("##") and out and out[-1][-1] == i - 1:
            out[-1].append(i)
        else:
            out.append([i])
    return out


def decode_span(enc: Encoded, probs, b: int, groups: list[list[int]], min_prob: float = 0.5
                ) -> tuple[int, int, float] | None:
    """Best (start, end, score) of tag type b (1 donor, 3 recipient): maximal runs
    of words whose mean B+I probability is at least `min_prob`; a word whose B
    outweighs its I starts a new run.  None when no word qualifies."""
    best = None
    run: list[tuple[list[int], float]] = []

    def close() -> None:
        nonlocal best, run
        if run:
            score = sum(p for _, p in run) / len(run)
            if best is None or score > best[2]:
                best = (enc.starts[run[0][0][0]], enc.ends[run[-1][0][-1]], score)
        run = []

    for w in groups:
        p_in = sum(float(probs[i][b] + probs[i][b + 1]) for i in w) / len(w)
        if p_in >= min_prob:
            if run and float(probs[w[0]][b]) > float(probs[w[0]][b + 1]):
                close()
            run.append((w, p_in))
        else:
            close()
    close()
    return best


def snap(doc: Document, start: int, end: int) -> Mention:
    """A character span -> a Mention covering whole document tokens."""
    toks = [t for t in doc.tokens if t.end > start and t.start < end]
    if not toks:
        return Mention(start, end, doc.text[start:end])
    s, e = toks[0].start, toks[-1].end
    text = doc.text[s:e]
    if toks[0].norm:  # restored Arabic article after a split clitic
        text = toks[0].norm + doc.text[toks[0].end:e]
    return Mention(s, e, text)
