"""RelationLexicon.cues skips tokens no term or prefix can start with: the same
cues as trying every term length and every prefix at every token."""
import random

import pytest

from pipeline.document import Token
from pipeline.relation.lexicon import Cue, lexicon, norm


def _reference(lex, tokens):
    forms = [norm(t.form, lex.lang) for t in tokens]
    found = []
    for i in range(len(forms)):
        for n in range(min(lex.max_len, len(forms) - i), 0, -1):
            hits = [h for v in lex._variants(forms[i]) for h in lex.exact.get((v,) + tuple(forms[i + 1:i + n]), [])]
            found += [Cue(i, i + n, kind, value, term) for kind, value, term in hits]
            if hits:
                break
        else:
            for v in lex._variants(forms[i]):
                found += [Cue(i, i + 1, kind, value, term) for pre, kind, value, term in lex.prefix if v.startswith(pre)]
                if any(c.start == i for c in found):
                    break
    return found


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_cues_match_the_exhaustive_search(lang):
    lex = lexicon(lang)
    words = [w for key in lex.exact for w in key] + [pre + "ات" for pre, *_ in lex.prefix] + ["the", "of", "في"]
    clitics = ["و", "ف", "ب", "ل", "وب", "ال"]
    rnd = random.Random(11)
    for _ in range(3000):
        seq = [rnd.choice(words) if rnd.random() < 0.8 else rnd.choice(clitics) + rnd.choice(words)
               for _ in range(rnd.randint(0, 12))]
        tokens = [Token(0, 0, w) for w in seq]
        assert lex.cues(tokens) == _reference(lex, tokens), seq
