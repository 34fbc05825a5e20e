"""Per-call context of the finder: which ISO code an ambiguous currency stands for.

A currency target from the tables is an ISO code, or a bare-noun key ("pound",
"جنيه", "ريال", "دينار", "dirham" for "Dh", "¥"; see bare_nouns.tsv).  A bare key
in "country" mode is resolved, in order, by a full name of the same noun earlier in
the text ("دينار كويتي" ... "10 ملايين دينار" -> KWD); the document country (the
`country` argument, else `guess_country` on the text), when that country's currency
uses this noun; the default in bare_nouns.tsv.
"""
from __future__ import annotations

from .country import guess_country
from .lexicon import Lexicon
from .normalize import Normalized


class Context:
    """The text, explicit currency mentions and the lazily guessed country."""

    def __init__(self, lex: Lexicon, norm: Normalized, lang: str, country: str | None):
        self.lex, self.norm, self.t, self.lang = lex, norm, norm.text, lang
        self._country, self._guessed = country, country is not None
        self.explicit: dict[str, str] = {}

    def country(self) -> str | None:
        if not self._guessed:
            self._guessed = True
            self._country = guess_country(self.norm.orig, self.lang, self.lex)
        return self._country

    def resolve(self, target: str) -> str:
        """The ISO code of a table target (see the module doc)."""
        lex = self.lex
        if target not in lex.bare:
            return target
        default, mode = lex.bare[target]
        if mode == "fixed":
            return default
        if target in self.explicit:
            return self.explicit[target]
        cc = self.country()
        cur = lex.terr_currency.get(cc) if cc else None
        if cur and cur in lex.noun_codes.get(target, ()):
            return cur
        return default

    def noun_code(self, base: str, adj: str) -> str | None:
        """The code of a currency noun with its country adjective ("" for none); None
        when the noun needs an adjective ("real", "mark")."""
        lex = self.lex
        if adj and (base, adj) in lex.full:
            code = lex.full[(base, adj)]
            self.explicit[base] = code
            return code
        if base in lex.bare:
            return self.resolve(base)
        return lex.full.get((base, ""))
