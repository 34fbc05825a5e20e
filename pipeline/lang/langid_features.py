"""langid.py's feature vector, counted with numpy instead of a Python loop.

langid.py maps a text to byte n-gram counts with a finite automaton over its
UTF-8 bytes (`tk_nextmove`): it counts how often each state is entered, then
adds each state's count to the features it stands for (`tk_output`).  Its
`instance2fv` walks the automaton one byte at a time in Python, most of the
language-id stage's time.

The automaton forgets: after any K bytes it is in the same state whatever state
it started from (K = 4 for the bundled model, its longest n-gram), so the state
entered at byte p depends on bytes p-K+1..p only.  All those states are then
found at once by K array look-ups over the shifted byte array, and counted with
bincount; the first K-1 bytes are walked one by one.  K is not assumed: it is
checked on the automaton itself when the counter is built (every pair of
states, every byte string of length K, see `forgets_after`), and a model whose
automaton does not forget within `max_window` bytes keeps langid's own loop.
The counts are the same integers langid gets, so is everything computed from them.
"""
from __future__ import annotations

import array

import numpy as np

_BYTES = np.arange(256, dtype=np.int64)


def forgets_after(nextmove: np.ndarray, max_window: int = 8, max_pairs: int = 5_000_000) -> int | None:
    """The least K <= max_window such that any K bytes lead every state to the
    same state as from state 0, or None.  Follows the pairs (state reached from
    s, state reached from 0) over all strings at once, up to `max_pairs` of them."""
    n = len(nextmove) // 256
    pairs = np.arange(n, dtype=np.int64) * n  # (s, 0) for every state s
    for k in range(1, max_window + 1):
        p, q = pairs // n, pairs % n
        p = nextmove[((p << 8)[:, None] + _BYTES).ravel()].astype(np.int64)
        q = nextmove[((q << 8)[:, None] + _BYTES).ravel()].astype(np.int64)
        pairs = np.unique(p * n + q)
        if len(pairs) > max_pairs:
            return None
        if np.all(pairs // n == pairs % n):
            return k
    return None


def _table(nextmove) -> np.ndarray:
    """The transition table as an array, sharing the memory of langid's array.array."""
    if isinstance(nextmove, array.array):
        return np.frombuffer(nextmove, dtype=np.dtype(nextmove.typecode))
    return np.asarray(nextmove, dtype=np.int64)


class FeatureCounter:
    """`counter(text)` == `identifier.instance2fv(text)` (uint32 feature counts)."""

    def __init__(self, identifier, max_window: int = 8):
        self._identifier = identifier
        self.nextmove = _table(identifier.tk_nextmove)
        self.n_states = len(self.nextmove) // 256
        self.n_features = int(identifier.nb_numfeats)
        self.window = forgets_after(self.nextmove, max_window)
        states, features = [], []
        for state, indices in identifier.tk_output.items():
            for index in indices:
                states.append(state)
                features.append(index)
        self._out_states = np.asarray(states, dtype=np.int64)
        self._out_features = np.asarray(features, dtype=np.int64)

    def states(self, data: bytes) -> np.ndarray:
        """The state entered after each byte of `data` (from state 0)."""
        b = np.frombuffer(data, dtype=np.uint8).astype(np.int64)
        k, n = self.window, len(b)
        head = []
        state = 0
        for byte in data[:k - 1]:
            state = int(self.nextmove[(state << 8) + byte])
            head.append(state)
        if n < k:
            return np.asarray(head, dtype=np.int64)
        tail = np.zeros(n - k + 1, dtype=np.int64)
        for j in range(k):  # tail[i]: the state after bytes i..i+k-1, i.e. at byte i+k-1
            tail = self.nextmove[(tail << 8) + b[j:n - k + 1 + j]].astype(np.int64)
        return np.concatenate([np.asarray(head, dtype=np.int64), tail])

    def __call__(self, text: str) -> np.ndarray:
        if self.window is None:
            return self._identifier.instance2fv(text)
        counts = np.bincount(self.states(text.encode("utf8")), minlength=self.n_states)
        fv = np.bincount(self._out_features, weights=counts[self._out_states], minlength=self.n_features)
        return fv.astype(np.uint32)
