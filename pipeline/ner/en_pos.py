"""Coarse part-of-speech tags (Token.pos) of spaCy's English model, without
its attribute ruler component.

In en_core_web_sm the tagger predicts fine tags (`tag_`); the `attribute_ruler`
component then sets `pos_` (and morphology, lemma exceptions, ...) from 179
token patterns run through a spaCy Matcher, a sizeable share of the model's
time on short sentences.  The relation rules read `pos_` only, and nothing
after the ruler in the pipeline reads what it sets, so the English NER stage
leaves it out and computes `pos_` with the ruler's own patterns here:

- every pattern is matched against the tokens as the tagger and parser left
  them (the ruler matches once, then sets attributes);
- a token gets the POS of the last pattern (in the ruler's order) that matches
  with that token at the pattern's `index`; later patterns win, as in
  AttributeRuler.set_annotations, which applies matches sorted by pattern;
- a token no POS pattern matches keeps the POS it had (none, after a tagger).

Only patterns made of TAG / LOWER / DEP / IS_SPACE tests (a value, or IN /
NOT_IN a list) are understood; `PosRules.from_ruler` returns None for a ruler
with anything else in a POS pattern, and the caller keeps the real component.
"""
from __future__ import annotations

from typing import Any, Callable

_FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")  # the order of a token's features below
Features = tuple  # (tag_, lower_, dep_, is_space) of one token
Test = Callable[[Features], bool]


def _test(key: str, value: Any) -> Test | None:
    if key not in _FIELDS:
        return None
    k = _FIELDS.index(key)
    if isinstance(value, dict):
        if len(value) != 1:
            return None
        (op, values), = value.items()
        if op not in ("IN", "NOT_IN") or not isinstance(values, (list, tuple)):
            return None
        allowed = frozenset(values)
        return (lambda f: f[k] in allowed) if op == "IN" else (lambda f: f[k] not in allowed)
    if key == "IS_SPACE" and not isinstance(value, bool):
        return None
    if key != "IS_SPACE" and not isinstance(value, str):
        return None
    return lambda f: f[k] == value


def _token_test(spec: dict) -> Test | None:
    tests = [_test(key, value) for key, value in spec.items()]
    if not tests or any(t is None for t in tests):
        return None
    return lambda f: all(t(f) for t in tests)


class PosRules:
    """The POS-setting patterns of one AttributeRuler, in its order."""

    def __init__(self, single: list[tuple[int, Test, str]], multi: list[tuple[int, int, list[Test], str]],
                 words: set[str]):
        self.single = single  # (order, test, pos): one-token patterns
        self.multi = multi  # (order, index, tests, pos): longer patterns
        # A word no LOWER test names passes and fails the same tests as any
        # other such word (==, IN, NOT_IN): one key for all of them keeps the
        # memo as small as the patterns.
        self.words = words
        self._memo: dict[Features, tuple[int, str] | None] = {}

    @classmethod
    def from_ruler(cls, ruler) -> "PosRules | None":
        single, multi, words = [], [], set()
        for order, p in enumerate(ruler.patterns):
            pos = p["attrs"].get("POS")
            if pos is None:
                continue
            if not isinstance(pos, str):
                return None
            for pattern in p["patterns"]:
                if not pattern:
                    return None
                tests = [_token_test(spec) for spec in pattern]
                if any(t is None for t in tests):
                    return None
                for spec in pattern:
                    lower = spec.get("LOWER")
                    if isinstance(lower, str):
                        words.add(lower)
                    elif isinstance(lower, dict):
                        words.update(*lower.values())
                index = p["index"] if p["index"] >= 0 else len(pattern) + p["index"]
                if not 0 <= index < len(pattern):
                    return None
                if len(pattern) == 1:
                    single.append((order, tests[0], pos))
                else:
                    multi.append((order, index, tests, pos))
        return cls(single, multi, words)

    def _single(self, f: Features) -> tuple[int, str] | None:
        """(order, pos) of the last one-token pattern matching features `f`."""
        if f not in self._memo:
            hit = None
            for order, test, pos in self.single:
                if test(f):
                    hit = (order, pos)
            self._memo[f] = hit
        return self._memo[f]

    def tags(self, feats: list[Features], before: list[str]) -> list[str]:
        """The POS of each token, from its features; `before` is the POS each had."""
        best = [self._single(f) for f in feats]
        for order, index, tests, pos in self.multi:
            n = len(tests)
            for s in range(len(feats) - n + 1):
                if all(t(feats[s + m]) for m, t in enumerate(tests)):
                    hit = best[s + index]
                    if hit is None or order >= hit[0]:
                        best[s + index] = (order, pos)
        return [b[1] if b is not None else p for b, p in zip(best, before)]

    def features(self, tag: str, lower: str, dep: str, is_space: bool) -> Features:
        return tag, lower if lower in self.words else None, dep, is_space

    def __call__(self, sp_doc) -> list[str]:
        """The POS of each token of a spaCy Doc the tagger and parser have seen."""
        return self.tags([self.features(t.tag_, t.lower_, t.dep_, t.is_space) for t in sp_doc],
                         [t.pos_ for t in sp_doc])
