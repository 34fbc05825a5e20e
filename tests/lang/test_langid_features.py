"""langid.py's feature counts with numpy: the same integers as its own loop."""
import random
from types import SimpleNamespace

import numpy as np
import pytest

from pipeline.lang.langid_features import FeatureCounter, forgets_after

from ..conftest import ROOT


@pytest.fixture(scope="module")
def identifier():
    from langid.langid import LanguageIdentifier, model

    return LanguageIdentifier.from_modelstring(model, norm_probs=True)


def _texts():
    rnd = random.Random(7)
    texts = ["", "a", "ab", "abc", "abcd", "abcde", "é", "€5m", "مرحبا بكم", "The fund — “€20m” — rose."]
    texts += [p.read_text(encoding="utf-8")[:4000] for p in sorted((ROOT / "seeds" / "docs").glob("*.txt"))]
    for _ in range(300):
        pool = [rnd.randint(1, 127), rnd.randint(0x80, 0x7FF), rnd.randint(0x600, 0x6FF), rnd.randint(0x800, 0xD7FF)]
        texts.append("".join(chr(rnd.choice(pool)) for _ in range(rnd.randint(0, 40))))
    return texts


def test_same_counts_as_langid(identifier):
    counter = FeatureCounter(identifier)
    assert counter.window == 4  # the bundled model's longest byte n-gram
    for text in _texts():
        expected = identifier.instance2fv(text)
        got = counter(text)
        assert got.dtype == expected.dtype and np.array_equal(got, expected), repr(text)


def _automaton(table):
    """Byte automaton over states 0..n-1 from {(state, byte): next}; other bytes go to 0."""
    n = 1 + max(max(s, t) for (s, _), t in table.items())
    nextmove = np.zeros(n * 256, dtype=np.int64)
    for (s, b), t in table.items():
        nextmove[(s << 8) + b] = t
    return nextmove


def test_forgetting_is_checked_on_the_automaton():
    # "ab" -> state 2 from anywhere ("a" -> 1 from any state): forgets after 2 bytes
    table = {(s, ord("a")): 1 for s in range(3)} | {(1, ord("b")): 2}
    assert forgets_after(_automaton(table)) == 2
    # a parity counter of "x" bytes never forgets
    assert forgets_after(_automaton({(0, ord("x")): 1, (1, ord("x")): 0, (1, ord("y")): 1})) is None


def test_an_automaton_that_does_not_forget_keeps_langids_loop():
    nextmove = _automaton({(0, ord("x")): 1, (1, ord("x")): 0, (1, ord("y")): 1})
    ident = SimpleNamespace(tk_nextmove=list(nextmove), tk_output={1: [0]}, nb_numfeats=1,
                            instance2fv=lambda text: np.array([text.count("x")], dtype=np.uint32))
    counter = FeatureCounter(ident)
    assert counter.window is None and counter("xxyx").tolist() == [3]
