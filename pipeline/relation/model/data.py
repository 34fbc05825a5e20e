"""Training data: gold JSONL files (+ document texts) loaded with `datasets`,
run through the project's own stages, aligned to the amounts the money stage
finds, and turned into model examples.

A training file is a gold records file in the format of
../../shared/gold/GUIDELINES.md; the texts of its documents are read from a
`docs.jsonl` beside it ({"id", "text"} per line), else from `docs/<doc_id>.txt`
beside it, else from a `text` field on the records.  Optional extra record
fields (written by generate.py) sharpen the alignment: `start`/`end` (the
amount) and `spans` ({"donor": [s, e], "recipient": [s, e]}).

Alignment: an amount found by the money stage is a positive example when a
gold record has the same amount (currency and value within 0.5%, or the same
in-kind quantity) and the found amount lies inside the record's evidence
sentence (or overlaps its `start`/`end`); the same figure elsewhere in the
document (a repeat, a headline) is left out of the pledge loss; every other
found amount is a negative example.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

from ...document import Amount, Document  # noqa: E402
from ...errors import ConfigError  # noqa: E402
from ...eval import name_words, names_match  # noqa: E402
from ..rules import RuleRelation  # noqa: E402
from .encode import IGNORE, Encoded, bio_tags  # noqa: E402
from .infer import encode_decision  # noqa: E402


@dataclass
class GoldDoc:
    doc_id: str
    lang: str | None
    text: str
    records: list[dict] = field(default_factory=list)
    source: str = ""
    group: str = ""  # generated | handwritten | extra


def _read_jsonl_dataset(path: Path):
    import datasets

    datasets.disable_progress_bars()
    try:
        return datasets.load_dataset("json", data_files=str(path), split="train", keep_in_memory=True)
    except Exception:  # noqa: BLE001 - heterogeneous records: keep each line as one JSON string column
        with path.open(encoding="utf-8") as f:
            lines = [ln for ln in f if ln.strip()]
        return datasets.Dataset.from_dict({"_json": lines})


def _rows(ds) -> Iterable[dict]:
    for row in ds:
        if "_json" in row:
            yield json.loads(row["_json"])
        else:
            yield row


def load_gold(path: str | Path, group: str = "extra", texts_by_id: dict[str, str] | None = None) -> list[GoldDoc]:
    """One gold file (+ its texts) -> GoldDocs, in file order.  `texts_by_id`: the
    texts of documents kept elsewhere (corpus_texts), looked up first."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"training file not found: {path}", key="data.extra_files")
    recs: dict[str, list[dict]] = {}
    langs: dict[str, str | None] = {}
    texts: dict[str, str] = dict(texts_by_id or {})
    for rec in _rows(_read_jsonl_dataset(path)):
        doc_id = str(rec.get("doc_id"))
        recs.setdefault(doc_id, [])
        langs.setdefault(doc_id, rec.get("lang"))
        if rec.get("text"):
            texts[doc_id] = rec["text"]
        has_amount = (rec.get("amount") or {}).get("value") is not None or \
            (rec.get("in_kind") or {}).get("quantity") is not None
        if has_amount:
            recs[doc_id].append(rec)
    side = path.parent / "docs.jsonl"
    if side.is_file():
        for row in _rows(_read_jsonl_dataset(side)):
            texts.setdefault(str(row.get("id", row.get("doc_id"))), row["text"])
    out = []
    for doc_id, rs in recs.items():
        text = texts.get(doc_id)
        if text is None:
            txt = path.parent / "docs" / f"{doc_id}.txt"
            if not txt.is_file():
                raise ConfigError(f"{path}: no text for document {doc_id!r} (looked for docs.jsonl, {txt})")
            text = txt.read_text(encoding="utf-8")
        out.append(GoldDoc(doc_id, langs.get(doc_id), text, rs, str(path), group))
    return out


def gold_ids(path: str | Path) -> set[str]:
    """The document ids a gold file names."""
    with Path(path).open(encoding="utf-8") as f:
        return {str(json.loads(ln)["doc_id"]) for ln in f if ln.strip()}


def corpus_texts(paths: list[Path], wanted: set[str]) -> dict[str, str]:
    """{id: text} of the `wanted` articles in gzip JSON-lines corpora ({"id", "text"} per line, as
    ../shared/corpus/unlabelled): the project's annotations of corpus articles carry no text of their
    own (the articles are third-party news kept in ../shared, never copied into the repository)."""
    import gzip

    out: dict[str, str] = {}
    for path in paths:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                if not wanted - out.keys():
                    return out
                row = json.loads(line)
                if str(row.get("id")) in wanted:
                    out[str(row["id"])] = row["text"]
    return out


def annotate(gold: list[GoldDoc], pipeline_cfg: dict[str, Any], batch_size: int = 32) -> list[Document]:
    """Run the project's stages up to entities (langid, tokens, money, ner)."""
    from ...dag import build
    from ...runner import process

    plan = build(pipeline_cfg, outputs=["entities", "amounts", "sentences"])
    docs = [Document(g.doc_id, g.text, source=g.source) for g in gold]
    return list(process(plan, docs, batch_size=batch_size))


# ------------------------------------------------------------------ align ---
def _gold_amount(rec: dict) -> tuple[str, str | None, float]:
    if (rec.get("amount") or {}).get("value") is not None:
        return "money", str(rec["amount"].get("currency") or "").upper(), float(rec["amount"]["value"])
    return "quantity", None, float(rec["in_kind"]["quantity"])


def _same_amount(a: Amount, rec: dict) -> bool:
    kind, cur, value = _gold_amount(rec)
    if a.value is None or a.kind != kind or (kind == "money" and (a.currency or "").upper() != cur):
        return False
    values = [value] + [float(x) for x in ((rec.get("amount") or rec.get("in_kind") or {}).get("alternatives") or [])]
    return any(abs(a.value - v) <= 0.005 * max(abs(v), 1.0) for v in values)


def _at(a: Amount, rec: dict) -> bool:
    if rec.get("start") is not None and rec.get("end") is not None:
        return a.start < rec["end"] and a.end > rec["start"]
    ev = rec.get("evidence") or {}
    if ev.get("start") is not None:
        return ev["start"] <= a.start and a.end <= ev["end"]
    return True


def align(doc: Document, records: list[dict]) -> tuple[list[tuple[Amount, dict | None, bool]], int]:
    """[(amount, gold record or None, ignore)] for each found amount, and the
    number of gold records no found amount stands for."""
    out, used = [], set()
    for a in doc.amounts:
        match = next((i for i, r in enumerate(records) if i not in used and _same_amount(a, r) and _at(a, r)), None)
        if match is not None:
            used.add(match)
            out.append((a, records[match], False))
        else:
            out.append((a, None, any(_same_amount(a, r) for r in records)))
    return out, len(records) - len(used)


def _find(doc: Document, names: list[str], sent_lo: int, sent_hi: int, anchor: int) -> tuple[int, int] | None:
    """The occurrence of one of `names` in [sent_lo, sent_hi) nearest to `anchor`
    (whole-word match on the scorer's normalised words)."""
    best = None
    for name in names:
        if not name or len(name_words(name)) == 0:
            continue
        start = sent_lo
        while True:
            i = doc.text.find(name, start, sent_hi)
            if i < 0:
                break
            cand = (abs(i - anchor), i, i + len(name))
            if best is None or cand < best:
                best = cand
            start = i + 1
    return (best[1], best[2]) if best else None


def role_spans(doc: Document, rec: dict, a: Amount, context: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    spans = rec.get("spans") or {}
    sent = doc.sentence_at(a.start)
    si = doc.sentences.index(sent) if sent is not None else 0
    lo = doc.sentences[max(0, si - context)].start if doc.sentences else 0
    hi = sent.end if sent is not None else len(doc.text)

    def pick(role: str) -> tuple[int, int] | None:
        s = spans.get(role)
        if s:
            return (s[0], s[1]) if lo <= s[0] and s[1] <= hi else None
        if not rec.get(role):
            return None
        names = sorted({rec[role], *[x for x in rec.get(f"{role}_aliases") or [] if x]}, key=lambda n: (-len(n), n))
        return _find(doc, names, lo, hi, a.start)

    return pick("donor"), pick("recipient")


@dataclass
class Example:
    enc: Encoded
    label: int  # 1 pledge, 0 not, IGNORE
    doc_id: str
    group: str


def donor_label(enc: Encoded, rec: dict) -> int:
    """Index of the first (nearest) candidate that names the gold donor, IGNORE when none does."""
    names = [rec.get("donor"), *(rec.get("donor_aliases") or [])]
    return next((k for k, m in enumerate(enc.cand_mentions) if names_match(m.text, names)), IGNORE)


def examples(docs: list[Document], gold: list[GoldDoc], tokenizer, max_len: int, context: int,
             rules: RuleRelation | None = None, entity_markers: bool = False,
             features: bool = False, terms: bool = False,
             cand_terms: bool = False, clusters: dict[str, Any] | None = None) -> tuple[list[Example], dict[str, int]]:
    rules = rules or RuleRelation()
    by_id = {g.doc_id: g for g in gold}
    out: list[Example] = []
    stats = {"records": 0, "unaligned": 0, "positives": 0, "negatives": 0, "ignored": 0, "donor_tagged": 0,
             "donor_candidate": 0}
    for doc in docs:
        g = by_id[doc.doc_id]
        stats["records"] += len(g.records)
        if not doc.ok:
            stats["unaligned"] += len(g.records)
            continue
        aligned, missed = align(doc, g.records)
        stats["unaligned"] += missed
        decisions = {id(d.amount): d for d in rules.decisions(doc)}
        for a, rec, ignore in aligned:
            d = decisions.get(id(a))
            if d is None:
                continue
            enc = encode_decision(doc, d, tokenizer, max_len, context, entity_markers, features, terms, cand_terms,
                                  clusters)
            if rec is not None:
                donor, recipient = role_spans(doc, rec, a, context)
                enc.tags = bio_tags(enc, donor, recipient)
                stats["donor_tagged"] += donor is not None
                enc.cand_label = donor_label(enc, rec) if features else IGNORE
                stats["donor_candidate"] += enc.cand_label != IGNORE
                label = 1
            else:
                label = IGNORE if ignore else 0
            stats["positives" if label == 1 else "negatives" if label == 0 else "ignored"] += 1
            out.append(Example(enc, label, doc.doc_id, g.group))
    return out, stats
