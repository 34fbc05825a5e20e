"""The finder's regular expressions, built from the Lexicon's tables.

`compile_patterns(lex)` sets the compiled patterns as attributes of `lex` (called
once by `Lexicon.__post_init__`).  Currency symbols marked "cs" in symbols.tsv match
case-sensitively, "ci" in any case; an English country adjective may be glued to
its noun ("42 kuwaitidinar", "42 Saudiriyal").
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .lexicon import _AR_RE, CLITIC, SP, trie_regex

if TYPE_CHECKING:
    from .lexicon import Lexicon

_PUNCT = r"""[.,;:!?)\]}"'“”«»‘’،؛]"""


def _symbols(lex: "Lexicon", positions: tuple[str, ...]) -> str:
    """One alternation of the symbols usable at `positions`: case-sensitive ones in a
    (?-i:) group, the others in the pattern's own (ignore-case) mode."""
    cs = [s for s, (_, pos) in lex.symbols.items() if pos in positions]
    ci = [s for s, (_, pos) in lex.symbols_ci.items() if pos in positions]
    return f"(?-i:{trie_regex(cs)})|{trie_regex(ci)}"


def compile_patterns(lex: "Lexicon") -> None:
    I = re.IGNORECASE
    # "(274)", "(1,457,200)": a number in parentheses (Arabic press, before its scale/currency)
    digits = (r"\([^\S\n]*(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:[.,][0-9]+)?)[^\S\n]*\)"
              r"|[0-9]{1,3}(?:,[0-9]{2,3})+(?:\.[0-9]+)?"
              r"|[0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3})+(?![0-9])"  # "1 000 000" (SI grouping)
              r"|[0-9]{1,3}(?:\.[0-9]{3}){2,}"
              r"|[0-9]+(?:\.[0-9]+)?")
    scales = trie_regex(w for w, (_, k) in lex.numbers.items() if k.startswith("scale"))
    # European decimal comma, only before a scale word: "1,5 million euros"
    digits = rf"[0-9]{{1,3}},[0-9]{{1,2}}(?={SP}*(?:{scales})(?!\w))|" + digits
    digits = f"(?:{digits})(?![0-9]|[.,][0-9])"
    words = trie_regex(lex.numbers)
    prefixes = _symbols(lex, ("prefix", "both"))
    suffixes = _symbols(lex, ("suffix", "both"))
    glued = trie_regex(s for s, (_, pos) in lex.symbols.items() if pos == "glued")
    lex.digits_re = re.compile(digits)
    # "المليار ونصف المليار": a definite scale word starts a phrase only before "و" + a fraction
    sg_ar = [w for w, (_, k) in lex.numbers.items() if k == "scale_sg" and _AR_RE.search(w)]
    fracs_ar = [w for w, (_, k) in lex.numbers.items() if k == "frac" and _AR_RE.search(w)]
    def_frac = rf"(?:{trie_regex(sg_ar)}){SP}*و{SP}*(?:{trie_regex(fracs_ar)})(?!\w)"
    lex.anchor_re = re.compile(
        rf"(?P<pre>(?<![A-Za-z])(?:{prefixes})"
        rf"|(?<![\w./-])(?-i:{glued})(?=[0-9])){SP}*(?=[0-9]|(?:{words})(?!\w))"  # "$ five million", "N21"
        rf"|(?<![A-Za-z0-9.,/:])(?<![^\W\d_]-)(?P<dig>{digits})"
        rf"|(?<![\w])(?:{CLITIC})(?:ال(?={def_frac}))?(?P<w>{words})(?!\w)", I)
    lex.cont_re = re.compile(
        rf"(?:{SP}*(?P<hy>[-‐]){SP}*|{SP}+(?P<and>and|&){SP}+|{SP}*(?P<wa>و){SP}*|{SP}*)"
        rf"(?:(?P<dig>{digits})|(?P<w>{words})(?!\w))", I)
    # "مليون ونصف المليون", "سبعة ملايين ونصف مليون": the fraction's own scale word is
    # redundant (numbers.py checks that an indefinite one repeats the scale before it)
    lex.frac_def_re = re.compile(rf"{SP}+(?P<al>ال)?(?P<s>{scales})(?!\w)")
    lex.att_re = re.compile(rf"(?P<att>{trie_regex(lex.att_scales)})(?!\w)", I)
    nouns_en = [f for f in lex.noun_forms if not _AR_RE.search(f)]
    nouns_ar = [f for f in lex.noun_forms if _AR_RE.search(f)]
    adjs_en = [a for (_, a) in lex.full if a and not _AR_RE.search(a)]
    adjs_ar = [a for (_, a) in lex.full if a and _AR_RE.search(a)]
    lex.suffix_re = re.compile(
        rf"{SP}*(?:"
        rf"(?:(?P<ea>{trie_regex(adjs_en)}){SP}*)?(?P<en>{trie_regex(nouns_en)})(?!\w)"
        rf"|(?:من{SP}+)?(?:ال)?(?P<an>{trie_regex(nouns_ar)})(?!\w)"
        rf"(?:{SP}+(?:ال)?(?P<aa>{trie_regex(adjs_ar)})(?!\w))?"
        rf"|(?P<sym>{suffixes})(?![A-Za-z]))", I)
    lex.pence_re = re.compile(r"p(?![\w'])")
    # sub-units after an amount ("$7 and 15c", "8 ringgit 60 sen", "15 دولار و25 سنت")
    sub = [f for (f, _) in lex.subunits if len(f) > 1 or not f.isalpha()]
    one = [f for (f, _) in lex.subunits if len(f) == 1 and f.isalpha()]
    lex.subunit_re = re.compile(
        rf"{SP}*(?P<s>(?-i:{trie_regex(one)})(?![\w'])|(?:{trie_regex(sub)})(?!\w))", I)
    # the end of a clause: where a bare number after an amount is its implied sub-unit
    lex.clause_end_re = re.compile(rf"{SP}*(?:$|\n|{_PUNCT})")
    lex.article_next_re = re.compile(
        rf"{SP}*(?:$|\n|{_PUNCT})|{SP}+(?:{trie_regex(lex.connectors['article'])})(?!\w)", I)
    lex.hyphen_re = re.compile(rf"[-‐](?P<en>{trie_regex(nouns_en)})(?!\w)", I)  # "a one-euro fee"
    lex.next_digit_re = re.compile(rf"{SP}*[0-9]")
    lex.percent_re = re.compile(rf"{SP}*(?:[%٪]|per{SP}*cent(?!\w)|percent(?!\w))", I)
    lex.cue_re = re.compile(rf"(?<![^\W\d_])(?P<w>{trie_regex(lex.cues)})(?![^\W\d_])", I)
    lex.pound_weight_re = re.compile(rf"{SP}+of\b", I)
    u = lex.units
    lex.unit_en_re = re.compile(
        # one capitalised name may lead the unit ("5.5 million Moderna vaccine doses", "2 Sea King helicopters"
        # would need two: left out); the finder rejects a unit whose own noun is capitalised ("One Billion Meals")
        rf"{SP}+(?P<u>(?:(?-i:[A-Z][A-Za-z0-9]+){SP}+)?(?:(?:{trie_regex(u['mod']['en'])}){SP}+){{0,2}}"
        rf"(?:(?P<n>{trie_regex(u['noun']['en'])})"
        rf"|(?P<no>{trie_regex(u['noun_of']['en'])}))"
        rf"(?:{SP}+of{SP}+(?P<of>{trie_regex(u['of']['en'])}))?)(?![\w-])", I)
    lex.unit_ar_re = re.compile(
        rf"{SP}+(?:من{SP}+(?:ال)?)?(?P<u>(?:(?P<n>{trie_regex(u['noun']['ar'])})"
        rf"|(?P<no>{trie_regex(u['noun_of']['ar'])}))(?!\w)"
        rf"(?P<c>(?:{SP}+(?:{trie_regex(u['compl']['ar'])})(?!\w)){{0,3}}))")
    q = lex.qualifiers
    before = [p for (p, w) in q if w == "before"]
    gap = [p for (p, w) in q if w == "before_gap"]
    lex.qual_not_re = re.compile(
        rf"(?<!\w)(?:{trie_regex([p for (p, w) in q if w == 'not'])}){SP}*$", I)
    after = [p for (p, w) in q if w == "after"]
    lex.qual_before_re = re.compile(
        rf"(?<!\w)(?:{CLITIC})(?P<q>{trie_regex(before)}){SP}*$", I)
    lex.qual_gap_re = re.compile(
        rf"(?<!\w)(?:{CLITIC})(?P<q>{trie_regex(gap)})(?:{SP}+[^\s\d]+){{0,2}}{SP}*$", I)
    lex.qual_after_re = re.compile(rf"{SP}*,?{SP}*(?P<q>{trie_regex(after)})(?!\w)", I)
    c = lex.connectors
    lex.equiv_re = re.compile(
        rf"{SP}*(?:(?P<par>[(\[]){SP}*(?:(?:{trie_regex(c['equiv'])}){SP}+)?"
        rf"|[,،]?{SP}*(?<!\w)(?:{trie_regex(c['equiv'])}){SP}+)", I)
    lex.close_re = re.compile(rf"{SP}*[)\]]")
    lex.equiv_sep_re = re.compile(rf"{SP}*[;,،/]{SP}*")  # between two equivalents in one bracket
    # after a scale-only number that may take the currency of the amount before it (merge.py)
    inherit = c["inherit"]
    words = trie_regex(w for w in inherit if not w.endswith("*"))
    stems = trie_regex(w[:-1].strip() for w in inherit if w.endswith("*"))
    lex.inherit_next_re = re.compile(
        rf"{SP}*(?:$|\n|{_PUNCT})|{SP}+(?:(?:{words})(?!\w)|(?:{stems})\w)", I)
    lex.sentence_end_re = re.compile(r"[.!?؟](?!\S)|\n+")
    lex.range_re = re.compile(
        rf"{SP}*(?:[-–—]|(?<!\w)(?:{trie_regex(c['range'] - {'-', '–', '—'})})(?!\w)"
        rf"|(?P<and>(?<!\w)and(?!\w)|و)){SP}*$", I)
    lex.year_re = re.compile(rf"(?<!\w)(?:{trie_regex(c['year'])}){SP}+$", I)
    lex.year_num_re = re.compile(r"(?:1[89]|20)[0-9]{2}")
    lex.between_re = re.compile(rf"(?<!\w)(?:{trie_regex(c['between'])}){SP}*$", I)
    fixed = [p for p in lex.periods if not p.endswith("*")]
    open_ = [p[:-1].strip() for p in lex.periods if p.endswith("*")]
    lex.per_re = re.compile(
        rf"{SP}*,?{SP}*(?:(?P<f>{trie_regex(fixed)})(?!\w)"
        rf"|(?P<o>{trie_regex(open_)}){SP}+(?P<w>[^\W\d_]+))", I)
    lex.country_re = re.compile(
        rf"(?<!\w)(?:{CLITIC})(?P<c>{trie_regex(lex.country_words)})(?!\w)")


