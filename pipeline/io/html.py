"""Visible text of an HTML page.

lxml parses (it copes with broken markup); the walk is iterative (`iterwalk`),
so deeply nested pages cannot hit Python's recursion limit.  Block elements end
a line so sentences do not run together.

libxml2 itself stops parsing at a fixed nesting depth (2048 elements even with
`huge_tree`) and returns the tree built so far: everything after that point is
silently missing.  Such a page raises `IncompleteHTML` with the reason, rather
than passing on a truncated (often empty) text.
"""
from __future__ import annotations

import re

from lxml import etree, html

_HIDDEN = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg"}
_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "footer", "blockquote", "pre", "hr", "dd", "dt", "figcaption",
}
_SPACES = re.compile(r"[ \t\r\f\v]+")
_DEPTH = re.compile(r"depth in document: (\d+)", re.I)


class IncompleteHTML(ValueError):
    """libxml2 gave up part-way through the page (a fatal error): the text would be incomplete."""


def _fatal_reason(parser) -> str | None:
    fatal = [e for e in parser.error_log if e.level == etree.ErrorLevels.FATAL]
    if not fatal:
        return None
    msg = fatal[0].message.strip()
    if m := _DEPTH.search(msg):
        return (f"HTML nested too deeply: the parser stops at {m.group(1)} levels of elements "
                f"(line {fatal[0].line}), so the text after that point would be missing")
    return f"HTML parsing stopped early at line {fatal[0].line}: {msg}"
_BLANKS = re.compile(r"\n\s*\n+")


def html_to_text(markup: str) -> str:
    parser = html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        return ""
    if reason := _fatal_reason(parser):
        raise IncompleteHTML(reason)
    parts: list[str] = []
    hidden = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _HIDDEN:
                hidden += 1
            elif not hidden and el.text:
                parts.append(el.text)
        else:
            if tag in _HIDDEN:
                hidden -= 1
            elif tag in _BLOCK and not hidden:
                parts.append("\n")
            if not hidden and el.tail:
                parts.append(el.tail)
    lines = (_SPACES.sub(" ", ln).strip() for ln in "".join(parts).split("\n"))
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip() + "\n"
