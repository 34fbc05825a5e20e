"""`pledges money`: print the amounts found in a text, or in each line of stdin."""
from __future__ import annotations

import json
import re
from typing import IO, Any

from ..document import Amount

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")
_FINDER = None


def detect_lang(text: str) -> str:
    """"ar" when the text has Arabic letters, else "en"."""
    return "ar" if _ARABIC.search(text) else "en"


def amount_dict(a: Amount) -> dict[str, Any]:
    d: dict[str, Any] = {"start": a.start, "end": a.end, "text": a.text, "value": a.value,
                         "currency": a.currency, "qualifier": a.qualifier,
                         "approximate": a.approximate}
    if a.kind != "money":
        d["kind"], d["unit"] = a.kind, a.unit
    if a.usd_equivalent:
        d["usd_equivalent"] = a.usd_equivalent
    if a.equivalents:
        d["equivalents"] = a.equivalents
    if a.range_high is not None:
        d["range_high"] = a.range_high
    if a.per:
        d["per"] = a.per
    if a.currency_basis:
        d["currency_basis"] = a.currency_basis
    return d


def _finder():
    global _FINDER
    if _FINDER is None:
        from .finder import MoneyFinder
        _FINDER = MoneyFinder()
    return _FINDER


def _amounts(text: str, lang: str) -> list[dict[str, Any]]:
    lang = detect_lang(text) if lang in (None, "", "auto") else lang
    return [amount_dict(a) for a in _finder().find(text, lang)]


def money_command(text: str | None, lang: str, stdin: IO[str], stdout: IO[str]) -> int:
    """With `text`: print a JSON array of its amounts.  Without: read `stdin` line by
    line and print one JSON object {"text", "amounts"} per line.  Returns 0."""
    if text is not None:
        stdout.write(json.dumps(_amounts(text, lang), ensure_ascii=False) + "\n")
        return 0
    for line in stdin:
        line = line.rstrip("\r\n")
        stdout.write(json.dumps({"text": line, "amounts": _amounts(line, lang)},
                                ensure_ascii=False) + "\n")
        stdout.flush()
    return 0
