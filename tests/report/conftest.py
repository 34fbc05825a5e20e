"""Records built by hand (offsets found with str.find) and a headless Chromium."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from pipeline.io.readers import ReaderSettings, read_path
from pipeline.report.browser import chromium, why_unavailable

PWNED = "window.__pwned=1"
EN_HOSTILE = (
    "Breaking <script>window.__pwned=1</script> news.\n"
    'Photo: <img src=x onerror="window.__pwned=1"> caption.\n'
    "The Red Cross received $5 million from Acme Corp. for flood relief on Monday.\n"
    "Later, Acme Corp. pledged £2 million (about $2.5 million) to the <b>Red Crescent</b>.\n")
AR_TEXT = "أعلنت الشركة. وتبرعت شركة «أرامكو» بمبلغ 10 ملايين دولار للهلال الأحمر لدعم المتضررين.\n"


def record(doc_id: str, source: str, lang: str, text: str, amount: str, value: float, currency: str | None = "USD",
           donor: str | None = None, canonical: str | None = None, recipient: str | None = None,
           purpose: str | None = None, unit: str | None = None, usd: float | None = None,
           confidence: float = 0.9, nth: int = 0) -> dict:
    """A schema-shaped record whose spans are found in `text` (the nth occurrence of the amount)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(amount, start + 1)
    end = start + len(amount)
    lo = text.rfind("\n", 0, start) + 1  # the evidence: the line holding the amount
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi

    def span(s):
        if s is None:
            return None
        i = text.find(s)
        return {"start": i, "end": i + len(s)} if i >= 0 else None

    money = None if unit else {"value": value, "currency": currency, "text": amount, "approximate": False,
                               "qualifier": "exact"}
    kind = ({"quantity": value, "unit": unit, "text": amount, "approximate": False, "qualifier": "exact"}
            if unit else None)
    return {"schema_version": "1.0", "record_id": hashlib.sha1(f"{doc_id}/{start}/{donor}".encode()).hexdigest()[:16],
            "doc_id": doc_id, "lang": lang, "source": source, "donor": donor,
            "donor_canonical": canonical or donor, "recipient": recipient, "purpose": purpose,
            "amount": money, "in_kind": kind,
            "usd_equivalent": {"value": usd, "currency": "USD", "text": f"${usd}"} if usd else None,
            "start": start, "end": end, "evidence": {"start": lo, "end": hi},
            "spans": {"donor": span(donor), "recipient": span(recipient), "purpose": span(purpose)},
            "confidence": confidence, "pledge_group": None}


def write_jsonl(path: Path, recs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return path


def text_of(path: Path) -> str:
    """The text `extract` reads from `path` (the reader, not open().read())."""
    return next(iter(read_path(path, ReaderSettings()))).text


def hostile_set(d: Path) -> Path:
    """Articles holding markup and scripts, an Arabic article, a JSONL input, a source that is
    gone and a record whose offsets do not land; returns the records file."""
    en = d / "hostile.txt"
    en.write_text(EN_HOSTILE, encoding="utf-8")
    page = d / "page.html"
    page.write_text("<html><body><p>&lt;script&gt;window.__pwned=1&lt;/script&gt; Gulf Bank gave "
                    "<b>$3 million</b> to &lt;img src=x onerror=alert(1)&gt; UNICEF.</p>"
                    "<script>window.__pwned=1</script></body></html>", encoding="utf-8")
    ar = d / "ar.txt"
    ar.write_text(AR_TEXT, encoding="utf-8")
    dump = d / "dump.jsonl"
    dump.write_text(json.dumps({"id": "j1", "text": "Nothing here."}) + "\n"
                    + json.dumps({"id": "j2", "text": "Beta Ltd donated 400 tents to <Camp & Co>."}) + "\n",
                    encoding="utf-8")
    page_text = text_of(page)
    evil = '"><img src=x onerror="window.__pwned=1">'
    recs = [
        record("hostile", str(en), "en", EN_HOSTILE, "$5 million", 5e6, donor="Acme Corp.", canonical="Acme Corp",
               recipient="The Red Cross", purpose="flood relief"),
        record("hostile", str(en), "en", EN_HOSTILE, "£2 million", 2e6, "GBP", donor="Acme Corp.",
               canonical="Acme Corp", recipient="Red Crescent", usd=2.5e6, nth=0),
        record("page", str(page), "en", page_text, "$3 million", 3e6, donor="Gulf Bank",
               canonical="<script>" + PWNED + "</script>", recipient="UNICEF"),
        record("ar", str(ar), "ar", AR_TEXT, "10 ملايين دولار", 1e7, donor="شركة «أرامكو»", canonical="Aramco",
               recipient="للهلال الأحمر", purpose="لدعم المتضررين"),
        record("j2", f"{dump}:2", "en", "Beta Ltd donated 400 tents to <Camp & Co>.", "400 tents", 400,
               None, donor="Beta Ltd", unit="tents", recipient="<Camp & Co>"),
        record("gone", str(d / "deleted.txt"), "en", "Zeta Fund gave $9 million to WFP.", "$9 million", 9e6,
               donor="Zeta Fund", canonical=evil, recipient="WFP"),
    ]
    moved = dict(recs[0], record_id="00000000000000ff", start=recs[0]["start"] + 3, end=recs[0]["end"] + 3)
    recs.append(moved)  # offsets that do not land on "$5 million"
    return write_jsonl(d / "hostile.jsonl", recs)


@pytest.fixture(scope="session")
def browser():
    reason = why_unavailable()
    if reason:
        if os.environ.get("PLEDGES_REQUIRE_BROWSER"):
            pytest.fail(f"PLEDGES_REQUIRE_BROWSER is set but {reason}")
        pytest.skip(f"browser tests need a headless Chromium: {reason}")
    with chromium() as b:
        yield b


class Opened:
    """A page opened from disk, with the console errors and uncaught exceptions it logged."""

    def __init__(self, browser, html: Path, width: int = 1280):
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.goto(Path(html).resolve().as_uri(), wait_until="load")

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)


@pytest.fixture
def open_page(browser):
    pages = []

    def _open(html, **kw):
        pages.append(Opened(browser, html, **kw))
        return pages[-1]

    yield _open
    for p in pages:
        p.page.close()
