"""Documents <-> plain dicts, for sending them between processes.

`doc_to_dict` / `doc_from_dict` round-trip every field of a Document (and of
its tokens, sentences, entities, amounts and pledges); a pledge refers to its
amount by index into `amounts` when it is one of them, so the identity
`pledge.amount is doc.amounts[i]` survives the trip.  Only builtin types are
used (str, int, float, bool, None, list, dict), so the dicts travel through
pickle, JSON or Arrow alike.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from ..document import Amount, Document, Entity, Mention, Pledge, Sentence, Token

_LAYERS = {"tokens": Token, "sentences": Sentence, "entities": Entity, "amounts": Amount}


def _plain(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


def _mention(m: Mention | None) -> dict[str, Any] | None:
    return None if m is None else _plain(m)


def _pledge_to_dict(p: Pledge, amount_index: dict[int, int]) -> dict[str, Any]:
    i = amount_index.get(id(p.amount))
    return {
        "amount_index": i,
        "amount": _plain(p.amount) if i is None else None,
        "donor": _mention(p.donor), "recipient": _mention(p.recipient), "purpose": _mention(p.purpose),
        "evidence": list(p.evidence), "confidence": p.confidence, "pledge_group": p.pledge_group,
    }


def doc_to_dict(doc: Document, layers: bool = True) -> dict[str, Any]:
    """Every field of `doc`; with layers=False only the fields a reader fills
    (what a worker needs to start from)."""
    d: dict[str, Any] = {"doc_id": doc.doc_id, "text": doc.text, "source": doc.source, "lang": doc.lang,
                         "lang_score": doc.lang_score, "status": doc.status, "reason": doc.reason,
                         "meta": dict(doc.meta), "provided": sorted(doc.provided)}
    if not layers:
        return d
    for name in _LAYERS:
        d[name] = [_plain(x) for x in getattr(doc, name)]
    index = {id(a): i for i, a in enumerate(doc.amounts)}
    d["pledges"] = [_pledge_to_dict(p, index) for p in doc.pledges]
    return d


def doc_from_dict(d: dict[str, Any]) -> Document:
    doc = Document(doc_id=d["doc_id"], text=d["text"], source=d.get("source", ""), lang=d.get("lang"),
                   lang_score=d.get("lang_score"), status=d.get("status", "ok"), reason=d.get("reason"),
                   meta=dict(d.get("meta") or {}), provided=set(d.get("provided") or ()))
    for name, cls in _LAYERS.items():
        setattr(doc, name, [cls(**x) for x in d.get(name) or ()])
    for p in d.get("pledges") or ():
        i = p.get("amount_index")
        amount = doc.amounts[i] if i is not None else Amount(**p["amount"])
        doc.pledges.append(Pledge(
            amount=amount,
            donor=Mention(**p["donor"]) if p.get("donor") else None,
            recipient=Mention(**p["recipient"]) if p.get("recipient") else None,
            purpose=Mention(**p["purpose"]) if p.get("purpose") else None,
            evidence=tuple(p["evidence"]), confidence=p["confidence"], pledge_group=p.get("pledge_group")))
    return doc
