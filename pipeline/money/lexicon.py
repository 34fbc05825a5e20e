"""All lookup tables of the money finder, loaded once.

`Lexicon(resources_dir)` reads every TSV under ``pipeline/resources/money`` and
babel's CLDR currency data, and builds the compiled regular expressions the
finder uses.  Everything is keyed on the normalised form of a word (see
`normalize.py`; Latin words are also lower-cased).

CLDR gives: currency names with country adjectives in English and Arabic
("Kuwaiti dinars", "دينار كويتي", "جنيهات مصرية"), currency symbols ("$", "HK$",
"ر.س"), the current currency of each territory, and the territories' names.
The TSV files keep what CLDR does not have: bare nouns and their defaults,
inflected plurals, abbreviations ("Dh", "SR"), number words, in-kind units,
qualifiers, connectors, period words and country indicators.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.numbers import get_currency_name, get_territory_currencies

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
        self._compile()

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
        for surface, target, pos, _case in read_tsv(d / "symbols.tsv"):
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

    # -- regexes -----------------------------------------------------------------
    def _compile(self) -> None:
        I = re.IGNORECASE
        digits = (r"\([^\S\n]*[0-9]+(?:[.,][0-9]+)?[^\S\n]*\)"
                  r"|[0-9]{1,3}(?:,[0-9]{2,3})+(?:\.[0-9]+)?"
                  r"|[0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3})+(?![0-9])"  # "1 000 000" (SI grouping)
                  r"|[0-9]{1,3}(?:\.[0-9]{3}){2,}"
                  r"|[0-9]+(?:\.[0-9]+)?")
        scales = trie_regex(w for w, (_, k) in self.numbers.items() if k.startswith("scale"))
        # European decimal comma, only before a scale word: "1,5 million euros"
        digits = rf"[0-9]{{1,3}},[0-9]{{1,2}}(?={SP}*(?:{scales})(?!\w))|" + digits
        digits = f"(?:{digits})(?![0-9]|[.,][0-9])"
        words = trie_regex(self.numbers)
        prefixes = [s for s, (_, pos) in self.symbols.items() if pos in ("prefix", "both")]
        suffixes = [s for s, (_, pos) in self.symbols.items() if pos in ("suffix", "both")]
        self.digits_re = re.compile(digits)
        self.anchor_re = re.compile(
            rf"(?P<pre>(?<![A-Za-z])(?-i:{trie_regex(prefixes)})){SP}*(?=[0-9]|(?:{words})(?!\w))"  # "$ five million"
            rf"|(?<![A-Za-z0-9.,/:])(?<![^\W\d_]-)(?P<dig>{digits})"
            rf"|(?<![\w])(?:{CLITIC})(?P<w>{words})(?!\w)", I)
        self.cont_re = re.compile(
            rf"(?:{SP}*(?P<hy>[-‐]){SP}*|{SP}+(?P<and>and|&){SP}+|{SP}*(?P<wa>و){SP}*|{SP}*)"
            rf"(?:(?P<dig>{digits})|(?P<w>{words})(?!\w))", I)
        # "مليون ونصف المليون": the fraction's own (definite) scale word is redundant
        self.frac_def_re = re.compile(rf"{SP}+ال(?:{scales})(?!\w)")
        self.att_re = re.compile(rf"(?P<att>{trie_regex(self.att_scales)})(?!\w)", I)
        nouns_en = [f for f in self.noun_forms if not _AR_RE.search(f)]
        nouns_ar = [f for f in self.noun_forms if _AR_RE.search(f)]
        adjs_en = [a for (_, a) in self.full if a and not _AR_RE.search(a)]
        adjs_ar = [a for (_, a) in self.full if a and _AR_RE.search(a)]
        self.suffix_re = re.compile(
            rf"{SP}*(?:"
            rf"(?:(?P<ea>{trie_regex(adjs_en)}){SP}+)?(?P<en>{trie_regex(nouns_en)})(?!\w)"
            rf"|(?:من{SP}+)?(?:ال)?(?P<an>{trie_regex(nouns_ar)})(?!\w)"
            rf"(?:{SP}+(?:ال)?(?P<aa>{trie_regex(adjs_ar)})(?!\w))?"
            rf"|(?-i:(?P<sym>{trie_regex(suffixes)}))(?![A-Za-z]))", I)
        self.pence_re = re.compile(r"p(?![\w'])")
        self.pound_weight_re = re.compile(rf"{SP}+of\b", I)
        u = self.units
        self.unit_en_re = re.compile(
            rf"{SP}+(?P<u>(?:(?:{trie_regex(u['mod']['en'])}){SP}+){{0,2}}"
            rf"(?:(?P<n>{trie_regex(u['noun']['en'])})"
            rf"|(?P<no>{trie_regex(u['noun_of']['en'])}))"
            rf"(?:{SP}+of{SP}+(?P<of>{trie_regex(u['of']['en'])}))?)(?![\w-])", I)
        self.unit_ar_re = re.compile(
            rf"{SP}+(?:من{SP}+(?:ال)?)?(?P<u>(?:(?P<n>{trie_regex(u['noun']['ar'])})"
            rf"|(?P<no>{trie_regex(u['noun_of']['ar'])}))(?!\w)"
            rf"(?P<c>(?:{SP}+(?:{trie_regex(u['compl']['ar'])})(?!\w)){{0,3}}))")
        q = self.qualifiers
        before = [p for (p, w) in q if w == "before"]
        gap = [p for (p, w) in q if w == "before_gap"]
        self.qual_not_re = re.compile(
            rf"(?<!\w)(?:{trie_regex([p for (p, w) in q if w == 'not'])}){SP}*$", I)
        after = [p for (p, w) in q if w == "after"]
        self.qual_before_re = re.compile(
            rf"(?<!\w)(?:{CLITIC})(?P<q>{trie_regex(before)}){SP}*$", I)
        self.qual_gap_re = re.compile(
            rf"(?<!\w)(?:{CLITIC})(?P<q>{trie_regex(gap)})(?:{SP}+[^\s\d]+){{0,2}}{SP}*$", I)
        self.qual_after_re = re.compile(rf"{SP}*,?{SP}*(?P<q>{trie_regex(after)})(?!\w)", I)
        c = self.connectors
        self.equiv_re = re.compile(
            rf"{SP}*(?:(?P<par>[(\[]){SP}*(?:(?:{trie_regex(c['equiv'])}){SP}+)?"
            rf"|[,،]?{SP}*(?<!\w)(?:{trie_regex(c['equiv'])}){SP}+)", I)
        self.close_re = re.compile(rf"{SP}*[)\]]")
        self.range_re = re.compile(
            rf"{SP}*(?:[-–—]|(?<!\w)(?:{trie_regex(c['range'] - {'-', '–', '—'})})(?!\w)"
            rf"|(?P<and>(?<!\w)and(?!\w)|و)){SP}*$", I)
        self.year_re = re.compile(rf"(?<!\w)(?:{trie_regex(c['year'])}){SP}+$", I)
        self.year_num_re = re.compile(r"(?:1[89]|20)[0-9]{2}")
        self.between_re = re.compile(rf"(?<!\w)(?:{trie_regex(c['between'])}){SP}*$", I)
        fixed = [p for p in self.periods if not p.endswith("*")]
        open_ = [p[:-1].strip() for p in self.periods if p.endswith("*")]
        self.per_re = re.compile(
            rf"{SP}*,?{SP}*(?:(?P<f>{trie_regex(fixed)})(?!\w)"
            rf"|(?P<o>{trie_regex(open_)}){SP}+(?P<w>[^\W\d_]+))", I)
        self.country_re = re.compile(
            rf"(?<!\w)(?:{CLITIC})(?P<c>{trie_regex(self.country_words)})(?!\w)")


@lru_cache(maxsize=4)
def get_lexicon(resources_dir: str | None = None) -> Lexicon:
    return Lexicon(Path(resources_dir) if resources_dir else RESOURCES)
