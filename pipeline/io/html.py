"""Visible text of an HTML page.

lxml parses (it copes with broken markup); the walk is iterative (`iterwalk`),
so deeply nested pages cannot hit Python's recursion limit.  Block elements end
a line so sentences do not run together.
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
_BLANKS = re.compile(r"\n\s*\n+")


def html_to_text(markup: str) -> str:
    parser = html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        return ""
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
