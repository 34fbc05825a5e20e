"""All lookup tables of the money finder, loaded once.

`Lexicon(resources_dir)` reads every TSV under ``pipeline/resources/money`` and
babel's CLDR currency data, and builds the compiled regular expressions the
finder uses.  Everything is keyed on the normalised form of a word (see
`normalize.py`; Latin words are also lower-cased).

Regular expressions are built from these tables by `patterns.compile_patterns`.

CLDR gives: currency names with country adjectives in English and Arabic
("Kuwaiti dinars", "دينار كويتي", "جنيهات مصرية"), currency symbols ("$", "HK$",
"ر.س"), the current currency of each territory, and the territories' names.
The TSV files keep what CLDR does not have: bare nouns and their defaults,
inflected plurals, abbreviations ("Dh", "SR"), sub-units ("15c", "60 sen"), cue words
("yuan" makes "¥" CNY), number words, in-kind units, qualifiers, connectors, period
words and country indicators.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.numbers import get_currency_name, get_currency_precision, get_territory_currencies

from .normalize import normalize_text

RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "money"
SP = r"[^\S\n]"  # horizontal whitespace
CLITIC = r"(?:و?[بلف]|و)?"  # Arabic proclitics before a number word / qualifier
_AR_RE = re.compile(r"[\u0600-\u06FF]")


def key(s: str) -> str:
    """Look-up key: normalised, lower-cased, single-spaced."""
    return " ".join(normalize_text(s).lower().split())


def read_tsv(path: Path) -> list[list[str]]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                rows.append(line.split("\t"))
    return rows


def trie_regex(words) -> str:
    """A regex matching any of `words`, built as a character trie (fast alternation,
    longest match first).  A space in a word matches any run of horizontal space."""
    trie: dict = {}
    for w in set(words):
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node) -> str:
        end = "" in node
        alts = []
        for ch in sorted(k for k in node if k):
            piece = SP + "+" if ch == " " else re.escape(ch)
            alts.append(piece + build(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return build(trie) or "(?!)"


def ar_adj_variants(adj: str) -> set[str]:
    """Gender/number/case forms of a (normalised) Arabic nisba adjective:
    مصري -> مصريه، مصريا، مصريان، مصريين."""
    out = {adj}
    if " " not in adj and adj.endswith("ي"):
        out |= {adj + "ه", adj + "ا", adj + "ان", adj + "ين", adj + "ون"}
    if adj.endswith("يه") or adj.endswith("يا"):
        out.add(adj[:-1])
    return out


@dataclass
class Lexicon:
    resources_dir: Path = RESOURCES
    numbers: dict = field(default_factory=dict)  # key -> (value, kind)
    att_scales: dict = field(default_factory=dict)  # "bn" -> 1e9
    symbols: dict = field(default_factory=dict)  # surface -> (target, position)
    symbols_ci: dict = field(default_factory=dict)  # lower-cased surface -> (target, position)
    subunits: dict = field(default_factory=dict)  # (form key, parent code or "*") -> factor
    cues: dict = field(default_factory=dict)  # word key -> [(target, code)]
    noun_forms: dict = field(default_factory=dict)  # form -> (base, factor)
    bare: dict = field(default_factory=dict)  # base -> (default, mode)
    full: dict = field(default_factory=dict)  # (noun base, adj key) -> code
    noun_codes: dict = field(default_factory=dict)  # noun base -> {codes}
    terr_currency: dict = field(default_factory=dict)  # "JO" -> "JOD"
    adj_territory: dict = field(default_factory=dict)  # adj key -> "KW"
    units: dict = field(default_factory=dict)  # type -> {lang -> set(words)}
    qualifiers: dict = field(default_factory=dict)  # (phrase key, where) -> qualifier
    connectors: dict = field(default_factory=dict)  # type -> set(phrases)
    periods: dict = field(default_factory=dict)  # phrase key -> per
    country_words: dict = field(default_factory=dict)  # word -> (code, weight)
    local_symbols: dict = field(default_factory=dict)  # symbol -> {country or "*" -> code}

    def __post_init__(self) -> None:
        d = Path(self.resources_dir)
        self._load_numbers(d)
        self._load_currencies(d)
        self._load_units(d)
        for phrase, qual, where in read_tsv(d / "qualifiers.tsv"):
            self.qualifiers[(key(phrase), where)] = qual
        for typ, phrase in read_tsv(d / "connectors.tsv"):
            self.connectors.setdefault(typ, set()).add(key(phrase))
        for phrase, per in read_tsv(d / "periods.tsv"):
            self.periods[key(phrase)] = per
        self._load_countries(d)
        for form, parent, factor in read_tsv(d / "subunits.tsv"):
            self.subunits[(key(form) if len(form) > 1 else form, parent)] = float(factor)
        for sym, cc, code in read_tsv(d / "local_symbols.tsv"):
            self.local_symbols.setdefault(sym, {})[cc] = None if code == "-" else code
        for target, word, code in read_tsv(d / "cues.tsv"):
            self.cues.setdefault(key(word), []).append((target, code))
        from .patterns import compile_patterns

        compile_patterns(self)

    # -- look-ups ----------------------------------------------------------------
    def symbol(self, surface: str) -> tuple[str, str] | None:
        """(target, position) of a symbol as written (any inner spacing)."""
        s = " ".join(normalize_text(surface).split())
        return self.symbols.get(s) or self.symbols_ci.get(s.lower())

    def subunit_factor(self, form: str, parent: str) -> float | None:
        """Value of one `form` ("cents", "sen", "c") in units of `parent`, or None when
        it is not a sub-unit of that currency."""
        k = key(form) if len(form) > 1 else form
        f = self.subunits.get((k, parent))
        if f is None and precision(parent) == 2:
            f = self.subunits.get((k, "*"))
        return f

    # -- loading -----------------------------------------------------------------
    def _load_numbers(self, d: Path) -> None:
        for word, value, kind in read_tsv(d / "numbers.tsv"):
            if kind == "scale_att":
                self.att_scales[key(word)] = float(value)
            else:
                self.numbers[key(word)] = (float(value), kind)

    def _add_full(self, noun: str, adj: str, code: str) -> None:
        base = self.noun_forms.get(noun, (noun, 1.0))[0]
        self.noun_forms.setdefault(noun, (base, 1.0))
        self.full[(base, adj)] = code
        self.noun_codes.setdefault(base, set()).add(code)
        if len(code) == 3 and not code.startswith("X") and adj:
            self.adj_territory.setdefault(adj, code[:2])

    def _load_currencies(self, d: Path) -> None:
        for form, base, factor in read_tsv(d / "noun_forms.tsv"):
            self.noun_forms[key(form)] = (key(base), float(factor))
        for base, default, mode in read_tsv(d / "bare_nouns.tsv"):
            self.bare[key(base)] = (default, mode)
            self.noun_forms.setdefault(key(base), (key(base), 1.0))
            self.noun_codes.setdefault(key(base), set()).add(default)
        en, ar = Locale("en"), Locale("ar")
        active: set[str] = set()
        for terr in en.territories:
            if len(terr) == 2 and terr.isalpha():
                cur = get_territory_currencies(terr)
                if cur:
                    self.terr_currency[terr] = cur[0]
                    active.update(cur)
        for code in sorted(active):
            sg = key(get_currency_name(code, count=1, locale="en"))
            pl = key(get_currency_name(code, count=2, locale="en"))
            if "(" not in sg and sg != key(code):
                *adj_sg, noun_sg = sg.split(" ")
                noun_pl = pl.split(" ")[-1]
                self.noun_forms.setdefault(noun_pl, (noun_sg, 1.0))
                self._add_full(noun_sg, " ".join(adj_sg), code)
            base_ar = None
            for n in (1, 2, 3, 11, 100):
                name = key(get_currency_name(code, count=n, locale="ar"))
                if name == key(code) or not _AR_RE.search(name):
                    continue
                noun, _, adj = name.partition(" ")
                if base_ar is None:
                    base_ar = self.noun_forms.get(noun, (noun, 1.0))[0]
                self.noun_forms.setdefault(noun, (base_ar, 1.0))
                for a in ar_adj_variants(adj) if adj else {""}:
                    self._add_full(noun, a, code)
            for loc in (en, ar):
                sym = loc.currency_symbols.get(code)
                if sym and sym != code:
                    sym = normalize_text(sym).strip(".")
                    if not sym.isalpha():
                        pos = "suffix" if _AR_RE.search(sym) else "both"
                        self.symbols.setdefault(sym, (code, pos))
        for name, code in read_tsv(d / "currency_names_extra.tsv"):
            k = key(name)
            if _AR_RE.search(k):
                noun, _, adj = k.partition(" ")
                for a in ar_adj_variants(adj):
                    self._add_full(noun, a, code)
            else:
                *adj, noun = k.split(" ")
                self._add_full(noun, " ".join(adj), code)
        for surface, target, pos, case in read_tsv(d / "symbols.tsv"):
            if case == "ci":
                self.symbols_ci[normalize_text(surface).lower()] = (target, pos)
            else:
                self.symbols[normalize_text(surface)] = (target, pos)
        self.bare["¥"] = self.bare.get("¥", ("JPY", "country"))
        self.noun_codes.setdefault("¥", set()).update({"JPY", "CNY"})

    def _load_units(self, d: Path) -> None:
        for typ, lang, word in read_tsv(d / "units.tsv"):
            self.units.setdefault(typ, {}).setdefault(lang, set()).add(key(word))

    def _load_countries(self, d: Path) -> None:
        cw = self.country_words  # word -> (code, weight)
        for loc in (Locale("en"), Locale("ar")):
            for terr, name in loc.territories.items():
                # only real countries: pseudo-territories (UN, EU, EZ) have no currency
                if terr in self.terr_currency and terr not in ("EU", "EZ") and "(" not in name:
                    cw.setdefault(normalize_text(name), (terr, 2))
        for adj, terr in self.adj_territory.items():
            if _AR_RE.search(adj):
                for a in ar_adj_variants(adj):
                    cw.setdefault("ال" + a, (terr, 1))
        excluded = set()
        for row in read_tsv(d / "countries.tsv"):
            code, word = row[0], normalize_text(row[1])
            if code == "-":
                excluded.add(word)
            else:
                cw[word] = (code, int(row[2]) if len(row) > 2 else 2)
        for w in excluded:
            cw.pop(w, None)
        for w, c in list(cw.items()):
            if w.startswith("ال") and len(w) > 3:  # "للكويت" = ل + الكويت
                cw.setdefault("لل" + w[2:], c)


@lru_cache(maxsize=None)
def precision(code: str) -> int:
    """Decimal places of a currency's minor unit (CLDR): USD 2, JPY 0, KWD 3."""
    try:
        return get_currency_precision(code)
    except Exception:  # an unknown code
        return 2


@lru_cache(maxsize=4)
def get_lexicon(resources_dir: str | None = None) -> Lexicon:
    return Lexicon(Path(resources_dir) if resources_dir else RESOURCES)
