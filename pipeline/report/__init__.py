"""`pledges report`: the records of a run as one self-contained HTML page.

    from pipeline.report import build_report
    build_report("out/pledges.jsonl", "out/pledges.html")

The page holds a summary by giver (totals per currency, stated USD, a bar
chart), a sortable and filterable table of the records, and each article with
its records' amounts, givers, recipients, purposes and evidence marked.
"""
from __future__ import annotations

from pathlib import Path

from ..io.readers import ReaderSettings
from .articles import Limits
from .data import load
from .page import render_page

__all__ = ["Limits", "build_report", "default_out"]


def default_out(records: str | Path) -> Path:
    """out/pledges.jsonl -> out/pledges.html"""
    p = Path(records)
    name = p.name[:-len(".jsonl")] if p.name.endswith(".jsonl") else p.name
    return p.with_name(name + ".html")


def build_report(records: str | Path, out: str | Path | None = None, docs: str | Path | None = None,
                 settings: ReaderSettings | None = None, limits: Limits | None = None,
                 title: str | None = None) -> dict[str, int]:
    """Write the report of `records` to `out`; return counts (records, articles, unmarked, bytes)."""
    out = Path(out) if out is not None else default_out(records)
    report = load(records, docs, settings)
    html = render_page(report, title or f"Pledges — {Path(records).name}", limits)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(html, encoding="utf-8", newline="\n")
    tmp.replace(out)
    return {"records": len(report.records), "articles": len(report.articles),
            "unmarked": len(report.unmarked), "bytes": len(html.encode("utf-8"))}
