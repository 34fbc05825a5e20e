"""The output contract: Pledge -> one JSON record (schema in schema/pledge.schema.json).

Field names follow ../shared/gold/GUIDELINES.md; `schema_version` changes when
a field changes meaning or disappears (adding a field is a minor bump).
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from typing import Any

from .document import Document, Mention, Pledge

SCHEMA_VERSION = "1.0"


def _num(v: float | None) -> int | float | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else round(float(v), 6)


def _span(m: Mention | None) -> dict[str, int] | None:
    return {"start": m.start, "end": m.end} if m else None


def record_id(doc_id: str, p: Pledge) -> str:
    donor = p.donor.text if p.donor else ""
    key = f"{doc_id}\x1f{p.amount.start}\x1f{p.amount.end}\x1f{donor}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def to_record(doc: Document, p: Pledge) -> dict[str, Any]:
    a = p.amount
    amount = in_kind = None
    if a.kind == "quantity":
        in_kind = {"quantity": _num(a.value), "unit": a.unit, "text": a.text,
                   "approximate": a.approximate, "qualifier": a.qualifier}
    else:
        amount = {"value": _num(a.value), "currency": a.currency, "text": a.text,
                  "approximate": a.approximate, "qualifier": a.qualifier}
        if a.range_high is not None:
            amount["range_high"] = _num(a.range_high)
        if a.per:
            amount["per"] = a.per
    usd = None
    if a.usd_equivalent and a.currency != "USD":
        usd = {"value": _num(a.usd_equivalent.get("value")), "currency": "USD",
               "text": a.usd_equivalent.get("text")}
    return {
        "schema_version": SCHEMA_VERSION,
        "record_id": record_id(doc.doc_id, p),
        "doc_id": doc.doc_id,
        "lang": doc.lang,
        "source": doc.source,
        "donor": p.donor.text if p.donor else None,
        "donor_canonical": (p.donor.canonical or p.donor.text) if p.donor else None,
        "recipient": p.recipient.text if p.recipient else None,
        "purpose": p.purpose.text if p.purpose else None,
        "amount": amount,
        "in_kind": in_kind,
        "usd_equivalent": usd,
        "start": a.start,
        "end": a.end,
        "evidence": {"start": p.evidence[0], "end": p.evidence[1]},
        "spans": {"donor": _span(p.donor), "recipient": _span(p.recipient), "purpose": _span(p.purpose)},
        "confidence": round(float(p.confidence), 4),
        "pledge_group": p.pledge_group,
    }


def doc_report(doc: Document) -> dict[str, Any]:
    return {"doc_id": doc.doc_id, "source": doc.source, "lang": doc.lang, "status": doc.status,
            "reason": doc.reason, "n_pledges": len(doc.pledges), "chars": len(doc.text)}


def dumps(rec: dict[str, Any]) -> str:
    return json.dumps(rec, ensure_ascii=False, sort_keys=False)


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    text = resources.files("pipeline.schema").joinpath("pledge.schema.json").read_text("utf-8")
    return json.loads(text)


def validate(rec: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when `rec` breaks the contract."""
    import jsonschema  # imported here: only tests and `pledges validate` need it

    jsonschema.validate(rec, schema())
