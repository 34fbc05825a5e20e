"""Per-call context of the finder: which ISO code an ambiguous currency stands for.

A currency target from the tables is an ISO code, or a bare-noun key ("pound",
"جنيه", "ريال", "دينار", "ليرة", "dirham" for "Dh", "¥"; see bare_nouns.tsv).  A
bare key in "country" mode is resolved, in order, by

1. a full name of the same noun earlier in the text ("دينار كويتي" ... "10 ملايين
   دينار" -> KWD): basis "mention";
2. a cue word anywhere in the text (cues.tsv: "yuan" or "RMB" make a bare "¥" CNY,
   "yen" keeps it JPY): basis "cue";
3. the document country (the `country` argument, else `guess_country` on the
   text), when that country's currency uses this noun: basis "country:XX";
4. the default in bare_nouns.tsv: basis "default".

A symbol of local_symbols.tsv (the letters "N", "R") is read as the document
country's currency when a row names that country ("R1.5 billion" in a South
African article: ZAR, basis "country:ZA"), else when a cue word names it
("naira", "rand": basis "cue"), else as the row "*" says (no currency for the
letters).

A country adjective right after the noun ("ليرة سورية", "ريال عماني", "Kuwaiti
dinar") is a full name, not a bare noun, and needs no basis.  The basis is kept on
the amount (`Amount.currency_basis`) so that a reader sees how the code was chosen.
"""
from __future__ import annotations

from .country import guess_country
from .lexicon import Lexicon, key
from .normalize import Normalized


class Context:
    """The text, explicit currency mentions, cue words and the lazily guessed country."""

    def __init__(self, lex: Lexicon, norm: Normalized, lang: str, country: str | None):
        self.lex, self.norm, self.t, self.lang = lex, norm, norm.text, lang
        self._country, self._guessed = country, country is not None
        self.explicit: dict[str, str] = {}
        self._cues: dict[str, str] | None = None

    def country(self) -> str | None:
        if not self._guessed:
            self._guessed = True
            self._country = guess_country(self.norm.orig, self.lang, self.lex)
        return self._country

    def cue(self, target: str) -> str | None:
        """The code the first cue word for `target` in the text names, or None."""
        if self._cues is None:
            self._cues = {}
            for m in self.lex.cue_re.finditer(self.t):
                for tgt, code in self.lex.cues.get(key(m.group("w")), ()):
                    self._cues.setdefault(tgt, code)
        return self._cues.get(target)

    def resolve(self, target: str) -> tuple[str | None, str | None]:
        """(ISO code, basis) of a table target (see the module doc); basis None when the
        target is a code or a noun that always means one currency; code None for a
        local symbol that is no currency here ("N95" outside a Nigerian article)."""
        lex = self.lex
        if target in lex.local_symbols:
            return self._local(target)
        if target not in lex.bare:
            return target, None
        default, mode = lex.bare[target]
        if mode == "fixed":
            return default, None
        if target in self.explicit:
            return self.explicit[target], "mention"
        code = self.cue(target)
        if code is not None:
            return code, "cue"
        cc = self.country()
        cur = lex.terr_currency.get(cc) if cc else None
        if cur and cur in lex.noun_codes.get(target, ()):
            return cur, f"country:{cc}"
        return default, "default"

    def _local(self, target: str) -> tuple[str | None, str | None]:
        rows = self.lex.local_symbols[target]
        cc = self.country()
        code = rows.get(cc) if cc else None
        if code:
            return code, f"country:{cc}"
        default = rows.get("*")
        if default is None:
            code = self.cue(target)
            return (code, "cue") if code else (None, None)
        return default, None

    def noun_code(self, base: str, adj: str) -> tuple[str | None, str | None]:
        """(code, basis) of a currency noun with its country adjective ("" for none);
        code None when the noun needs an adjective ("real", "mark")."""
        lex = self.lex
        if adj and (base, adj) in lex.full:
            code = lex.full[(base, adj)]
            self.explicit[base] = code
            return code, None
        if base in lex.bare:
            return self.resolve(base)
        return lex.full.get((base, "")), None
