"""An article's text as HTML, with the records' spans marked (displaCy style).

Spans overlap freely (a donor inside the evidence sentence, one donor shared by
several records, a purpose covering the recipient), so the text is cut at the
sorted set of every span boundary and each piece is wrapped on its own: one
`<span>` whose classes name the roles covering it.  Nothing nests but the
amount `<mark>`, which always spans whole pieces, so the markup stays valid
whatever the overlaps.  Every piece of text goes through `html.escape`.

Amount spans that overlap (two records sharing one amount) are merged into one
`<mark>` that lists every record it stands for (`data-rids`): each record's
amount is marked exactly once.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

# role -> (CSS class, data attribute listing the records, label shown after the span)
ROLES = {
    "evidence": ("ev", "data-ev", ""),
    "donor": ("don", "data-don", "DONOR"),
    "recipient": ("rcp", "data-rcp", "RECIPIENT"),
    "purpose": ("pur", "data-pur", "PURPOSE"),
}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    role: str  # "amount" or a key of ROLES
    rid: str  # the record's anchor id
    label: str = ""  # amounts: the normalised value shown after the mark


def _merge_amounts(amounts: list[Span]) -> list[tuple[int, int, list[Span]]]:
    """Overlapping amount spans -> disjoint (start, end, spans) clusters, in text order."""
    clusters: list[tuple[int, int, list[Span]]] = []
    for sp in sorted(amounts, key=lambda s: (s.start, s.end)):
        if clusters and sp.start < clusters[-1][1]:
            s, e, members = clusters[-1]
            clusters[-1] = (s, max(e, sp.end), members + [sp])
        else:
            clusters.append((sp.start, sp.end, [sp]))
    return clusters


def _attr(s: str) -> str:
    return escape(s, quote=True)


def _open_mark(members: list[Span]) -> str:
    rids = list(dict.fromkeys(m.rid for m in members))
    anchors = "".join(f'<span class="anchor" id="{_attr(r)}"></span>' for r in rids)
    label = next((m.label for m in members if m.label), "")
    lbl = f' data-lbl="{_attr(label)}"' if label else ""
    return f'<mark class="amt" data-rids="{_attr(" ".join(rids))}"{lbl}>{anchors}'


def _piece(text: str, active: dict[str, list[str]], ending: list[str]) -> str:
    body = escape(text, quote=False)
    if not active:
        return body
    classes, attrs = [], []
    for role, (cls, data, _label) in ROLES.items():
        rids = active.get(role)
        if rids:
            classes.append(cls)
            attrs.append(f'{data}="{_attr(" ".join(dict.fromkeys(rids)))}"')
    labels = [ROLES[r][2] for r in ROLES if r in ending and ROLES[r][2]]
    if labels:
        attrs.append(f'data-lbl="{" · ".join(labels)}"')
    return f'<span class="{" ".join(classes)}" {" ".join(attrs)}>{body}</span>'


def render(text: str, spans: list[Span], lo: int = 0, hi: int | None = None) -> str:
    """HTML for text[lo:hi] with `spans` marked.  Spans are clipped to the window;
    empty ones are dropped.  An amount must lie inside the window to be marked."""
    hi = len(text) if hi is None else min(hi, len(text))
    lo = max(0, min(lo, hi))
    clipped = []
    for sp in spans:
        s, e = max(sp.start, lo), min(sp.end, hi)
        if s < e and (sp.role != "amount" or (s, e) == (sp.start, sp.end)):
            clipped.append(Span(s, e, sp.role, sp.rid, sp.label))
    clusters = _merge_amounts([sp for sp in clipped if sp.role == "amount"])
    roles = [sp for sp in clipped if sp.role != "amount"]
    bounds = {lo, hi}
    for sp in clipped:
        bounds.update((sp.start, sp.end))
    for s, e, _ in clusters:
        bounds.update((s, e))
    starts: dict[int, list[Span]] = {}
    for sp in roles:
        starts.setdefault(sp.start, []).append(sp)
    mark_at = {s: (e, members) for s, e, members in clusters}
    out: list[str] = []
    active: list[Span] = []
    mark_end = None
    points = sorted(bounds)
    for a, b in zip(points, points[1:]):
        active = [sp for sp in active if sp.end > a] + starts.get(a, [])
        if a in mark_at:
            mark_end, members = mark_at[a]
            out.append(_open_mark(members))
        by_role: dict[str, list[str]] = {}
        for sp in active:
            by_role.setdefault(sp.role, []).append(sp.rid)
        ending = {sp.role for sp in active if sp.end == b}
        out.append(_piece(text[a:b], by_role, sorted(ending)))
        if mark_end == b:
            out.append("</mark>")
            mark_end = None
    return "".join(out)
