"""Marked text: valid nesting whatever the overlaps, every piece escaped, one <mark> per amount."""
import html
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.report.highlight import Span, render

VOID = {"br", "img", "input", "meta", "link"}


class Tree(HTMLParser):
    """Checks tag balance; collects the text and each <mark>'s text and records."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.text, self.marks, self.errors = [], [], [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "mark":
            self.marks.append([dict(attrs)["data-rids"].split(), ""])
        if tag not in ("mark", "span"):
            self.errors.append(f"unexpected <{tag}>")

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unbalanced </{tag}>")

    def handle_data(self, data):
        self.text.append(data)
        if "mark" in self.stack:
            self.marks[-1][1] += data


def parse(markup):
    t = Tree()
    t.feed(markup)
    t.close()
    assert not t.errors and not t.stack, (t.errors, t.stack)
    return t


TEXT = "Acme Corp gave $5 million to the Red Cross for flood relief. Then more."


def test_overlapping_roles_nest_validly_and_keep_the_text():
    spans = [Span(0, 60, "evidence", "r1"), Span(0, 9, "donor", "r1"), Span(15, 25, "amount", "r1", "USD 5 million"),
             Span(29, 42, "recipient", "r1"), Span(33, 59, "purpose", "r1"), Span(0, 9, "donor", "r2"),
             Span(15, 25, "amount", "r2")]
    out = render(TEXT, spans)
    tree = parse(out)
    assert "".join(tree.text) == TEXT
    assert tree.marks == [[["r1", "r2"], "$5 million"]]  # one mark for the shared amount
    assert 'id="r1"' in out and 'id="r2"' in out
    assert 'data-don="r1 r2"' in out and 'data-lbl="USD 5 million"' in out


def test_every_piece_is_escaped():
    text = 'x <script>window.__pwned=1</script> "$5m" <img src=x onerror="a()"> & y'
    start = text.index("$5m")
    out = render(text, [Span(start, start + 3, "amount", 'r"1'), Span(0, len(text), "evidence", "<r2>")])
    assert "<script" not in out and "<img" not in out and 'id="r&quot;1"' in out and "&lt;r2&gt;" in out
    assert html.unescape("".join(parse(out).text)) == text


def test_partly_overlapping_amounts_become_one_mark():
    out = render("pledged 5 million dollars", [Span(8, 17, "amount", "a"), Span(10, 25, "amount", "b")])
    assert parse(out).marks == [[["a", "b"], "5 million dollars"]]


def test_window_keeps_whole_amounts_only():
    spans = [Span(15, 25, "amount", "in"), Span(0, 9, "donor", "d"), Span(50, 70, "amount", "cut")]
    tree = parse(render(TEXT, spans, 5, 60))
    assert "".join(tree.text) == TEXT[5:60]
    assert [m[0] for m in tree.marks] == [["in"]]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab <>&\"'\nم", min_size=1, max_size=40).flatmap(lambda t: st.tuples(
    st.just(t),
    st.lists(st.tuples(st.integers(0, len(t)), st.integers(0, len(t)),
                       st.sampled_from(["amount", "evidence", "donor", "recipient", "purpose"]),
                       st.sampled_from(["r1", "r2", "r3"])), max_size=8))))
def test_any_spans_give_valid_markup_and_each_amount_once(case):
    text, raw = case
    # a record has one amount: give each amount span a record of its own
    spans = [Span(min(a, b), max(a, b), role, f"a{i}" if role == "amount" else rid)
             for i, (a, b, role, rid) in enumerate(raw)]
    tree = parse(render(text, spans))
    assert "".join(tree.text) == text
    marked = [rid for rids, _ in tree.marks for rid in rids]
    assert sorted(marked) == sorted(sp.rid for sp in spans if sp.role == "amount" and sp.start < sp.end)
