"""guess_country: the country an article is about or published in.

Used only to resolve ambiguous currency nouns ("pounds", "جنيه", "ريال", "دينار",
"dirham", "Dh").

Rule: every mention of a country indicator scores points for its country: 2 for
a name, place or outlet, 1 for a demonym ("Saudi", "اليمنية": these often describe
people or things, not where the story happens).  Indicators are babel/CLDR territory names in English and Arabic, the country
adjectives of CLDR currency names ("الكويتي", "Saudi"), and `countries.tsv`
(short names, demonyms, capitals and big cities, news agencies and outlets:
"UAE", "Dubai", "BBC" -> GB, "KUNA"/"كونا" -> KW, "بترا" -> JO, "واس" -> SA).
Mentions in the first 300 characters (headline, dateline, outlet line) count
double.  The country with the highest score wins; a tie goes to the one
mentioned first.  No indicator at all gives None.  Latin words match
case-sensitively ("US" but not "us"); Arabic words may carry a proclitic
("والكويت", "بمصر", "للكويت").  `lang` is accepted for the API's sake: both
scripts are always searched, since English articles name Arabic places and the
other way round.
"""
from __future__ import annotations

from .lexicon import Lexicon, get_lexicon
from .normalize import normalize_text

HEAD_CHARS = 300
HEAD_WEIGHT = 2


def guess_country(text: str, lang: str, lexicon: Lexicon | None = None) -> str | None:
    """ISO 3166 alpha-2 code of the article's country, or None (see module doc)."""
    if not isinstance(text, str) or not text:
        return None
    lex = lexicon or get_lexicon()
    t = normalize_text(text)
    scores: dict[str, int] = {}
    first: dict[str, int] = {}
    for m in lex.country_re.finditer(t):
        hit = lex.country_words.get(" ".join(m.group("c").split()))
        if hit is None:
            continue
        code, weight = hit
        scores[code] = scores.get(code, 0) + weight * (HEAD_WEIGHT if m.start() < HEAD_CHARS else 1)
        first.setdefault(code, m.start())
    if not scores:
        return None
    return max(scores, key=lambda c: (scores[c], -first[c]))
