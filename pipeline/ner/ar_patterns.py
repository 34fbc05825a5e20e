"""Rule-based Arabic entity recogniser over the project's tokens.

`find_entities(text, tokens)` returns `Entity(..., source="patterns")` for:

* ORG - an organisation head (مؤسسة, شركة, صندوق, وزارة ...; definite or not)
  followed by its genitive chain: definite words ("وزارة الصحة"), "ل" + a
  definite word ("مؤسسة الخير للتنمية"), up to three name words after an
  indefinite head ("مؤسسة بيل وميليندا غيتس"), name connectors ("بن", "آل"),
  coordinated words ("الخيرية والإنسانية", "التربية والتعليم"), a glued
  "ل" + noun + definite word ("لرعاية الأيتام"), a place ("حكومة كوريا
  الجنوبية"), an embedded title ("مركز الملك سلمان"), or a quoted name ("منصة
  «تيك توك»"); a fixed name (الصليب الأحمر, اليونيسف) with its adjectives;
  a short name standing in guillemets/quotes («تيك توك» -> the inner words).
  A definite head with one non-nationality adjective is a description, not a
  name ("المكتب الإعلامي"; but "الحكومة المصرية").
* PERSON - a title (الشيخ, الكابتن, رجل الأعمال ...), an optional nationality
  adjective ("الرئيس الأمريكي"), then the name words with bin/آل/عبد chains;
  the title stays out of the span ("الشيخ تميم بن حمد" -> "تميم بن حمد").
* GPE - CLDR Arabic territory names and the project's city list.

Tokens come from `pipeline.lang.ar.tokenize`, so split proclitics are never in
a span; a proclitic the tokenizer left glued to a known head, title or place
("لمؤسسة", "بمصر") is cut off by character offset.  Overlaps: the longest
candidate wins, then ORG > PERSON > GPE.
"""
from __future__ import annotations

import re

from ..document import Entity, Token
from .ar_lexicon import QUOTES_OPEN, ArabicLexicon, key, surface_offset

_WORD = re.compile(r"^[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06fa-\u06ffA-Za-z\u064b-\u0652\u0670\u0640.'-]+$")
_HAS_LETTER = re.compile(r"[\u0621-\u064aA-Za-z]")
_DIGITS = re.compile(r"^[0-9\u0660-\u0669]+$")
_PRONOUN_SUFFIX = ("ها", "هم", "هما", "كم")
_GLUED = ("بأ", "بإ", "بت", "بم", "لأ", "لإ", "لت", "وت", "فت")  # proclitic + verb/masdar
_GENERIC = {"طبي", "طبيه", "تجاري", "خاص", "عام", "حكومي", "جديد", "كبير", "ميداني", "خيري"}
_NOT_ADJ = {"تنميه", "رعايه", "تربيه", "حمايه", "تغذيه", "توعيه", "تقنيه", "هديه", "عنايه", "وقايه"}
_PRIORITY = {"ORG": 0, "PERSON": 1, "GPE": 2}
MAX_CHAIN = 12


def is_word(t: Token) -> bool:
    return bool(_WORD.match(t.text)) and bool(_HAS_LETTER.search(t.text)) and not t.is_clitic


def _adjective(k: str) -> bool:
    """Looks like a definite adjective: nisba, feminine, or the af'al pattern (الأحمر)."""
    return (k.endswith(("ي", "يه")) or (len(k) == 6 and k.startswith("الا"))
            or (k.startswith("الم") and k.endswith(("ه", "ين", "ون"))))


def is_def(k: str) -> bool:
    return k.startswith("ال") and len(k) > 3


class _Sent:
    def __init__(self, text: str, tokens: list[Token], lex: ArabicLexicon) -> None:
        self.text, self.toks, self.lex = text, tokens, lex
        self.keys = [key(t.form) for t in tokens]
        # "للبنان" is split "ل" + "لبنان" with the form "البنان": keep the written
        # stem as a second reading for place/head look-ups
        self.alt = [key(t.text) if t.norm else None for t in tokens]
        self.n = len(tokens)

    def word(self, j: int) -> bool:
        if j >= self.n or not is_word(self.toks[j]):
            return False
        k = self.keys[j]
        if self.lex.is_stop(k) or (k[:1] in "وبلف" and self.lex.is_stop(k[1:])):
            return False  # "بمليون", "ولكن"
        return not (len(k) >= 4 and self.toks[j].form.startswith(_GLUED))  # "بتقديم", "لإنشاء", "بأجر"

    def name_word(self, j: int) -> bool:
        k = self.keys[j] if j < self.n else ""
        return (self.word(j) and len(k) >= 2 and not k.endswith(_PRONOUN_SUFFIX)
                and not self.toks[j].text.endswith("ته")
                and k not in self.lex.titles and k not in self.lex.heads and self.lex.strip(k)[0] == 0)

    def phrase(self, phrases, i: int, first: str) -> int:
        n = phrases.match(self.keys, i, first)
        if not n and self.alt[i]:
            keys = self.keys[:i] + [self.alt[i]] + self.keys[i + 1:]
            n = phrases.match(keys, i)
        return n

    def quote_end(self, j: int, max_inner: int = 6) -> int:
        """Index after the closing quote if a short quoted name opens at j, else 0."""
        close = QUOTES_OPEN.get(self.toks[j].text) if j < self.n else None
        if close is None:
            return 0
        for m in range(j + 1, min(self.n, j + max_inner + 2)):
            if self.toks[m].text == close or (close == "”" and self.toks[m].text == "“"):
                inner = range(j + 1, m)
                if inner and all(_HAS_LETTER.search(self.toks[x].text) and not self.keys[x].startswith("#")
                                 for x in inner):
                    return m + 1
                return 0
        return 0

    # ------------------------------------------------------------------ ORG
    def chain(self, j: int, indefinite: bool, adj_only: bool = False) -> int:
        """End of the genitive chain that starts right after a head at j.  States:
        head (just after the head), title (after an embedded title: "مركز الملك"),
        name (after a name word), def (after a definite word)."""
        start, last, names, defs, after_lam = j, "head", 0, 0, False
        while j < self.n and j - start < MAX_CHAIN:
            t, k = self.toks[j], self.keys[j]
            if last == "head":
                q = self.quote_end(j)
                if q:
                    return q
                if indefinite and _DIGITS.match(t.text):
                    return j + 1  # "مستشفى 57357"
            nxt = j + 1
            if t.is_clitic and k in ("ل", "لـ") and last != "head" and self.word(nxt) and is_def(self.keys[nxt]):
                j, last, defs, after_lam = j + 2, "def", defs + 1, True
                continue
            if t.is_clitic and k == "و" and last == "def" and self.word(nxt) and is_def(self.keys[nxt]) \
                    and not self._starts_entity(nxt) and (defs <= 2 or self.keys[nxt].endswith(("يه", "ي"))):
                j += 2
                continue
            if k in self.lex.connectors and not adj_only and last != "head" and self.name_word(nxt):
                j, last = j + 2, "name"
                continue
            if last in ("def", "name") and not adj_only and self._glued_lam(j):
                j, last, after_lam = j + 2, "def", True  # "لرعاية الأيتام", "لإعادة الإعمار"
                continue
            if not self.word(j):
                break
            if last == "head" and indefinite and not adj_only:
                m = self.phrase(self.lex.gpe, j, k)
                if m:  # "حكومة كوريا الجنوبية", "بلدية حلب"
                    j, last, adj_only = j + m, "def", True
                    continue
            if last == "head" and not adj_only:
                m = self.phrase(self.lex.fixed_orgs, j, k)
                if m:  # "منظمة أطباء بلا حدود"
                    j, last, adj_only = j + m, "def", True
                    continue
                if k in self.lex.titles:  # "مركز الملك سلمان"
                    j, last = j + 1, "title"
                    continue
            if k in self.lex.titles:
                break
            if is_def(k):
                if (adj_only and not k.endswith(("ي", "يه"))) or (after_lam and not _adjective(k)):
                    break
                if last == "def" and not k.endswith(("يه", "ي")) and self.phrase(self.lex.gpe, j, k):
                    break  # "الحكومة اليابانية الأردن"
                j, last, defs = j + 1, "def", defs + 1
                continue
            # an indefinite word: a name after an indefinite head, a title or a name
            if adj_only or not self.name_word(j) or last == "def" or (last == "head" and not indefinite):
                break
            if last == "head" and ((k.endswith("يه") and k not in _NOT_ADJ) or k in _GENERIC):
                break  # indefinite adjective: "شركة عقارية"
            if names >= 3:
                break
            j, last, names = j + 1, "name", names + 1
        return j

    def _glued_lam(self, j: int) -> bool:
        """A preposition lam glued to an indefinite noun, then a definite word."""
        t, k = self.toks[j], self.keys[j]
        if t.is_clitic or not k.startswith("ل") or len(k) < 4 or j + 1 >= self.n:
            return False
        if self.lex.is_stop(k) or self.lex.is_stop(k[1:]) or self.lex.strip(k)[0] or not is_word(t):
            return False
        if k.startswith("لت"):
            return False  # "لترميم المباني": a purpose, not part of the name
        return is_def(self.keys[j + 1]) and self.word(j + 1)

    def _starts_entity(self, j: int) -> bool:
        k = self.keys[j]
        return bool(k in self.lex.heads or self.phrase(self.lex.fixed_orgs, j, k) or self.phrase(self.lex.gpe, j, k))

    def orgs(self, i: int, first: str) -> int:
        n = self.phrase(self.lex.heads, i, first)
        if n:
            end = self.chain(i + n, indefinite=not first.startswith("ال"))
            described = end == i + n + 1 and first.startswith("ال") and self.keys[i + n] not in self.lex.nationality
            if end > i + n and not described:  # "المكتب الإعلامي": a description, not a name ...
                return end
        n = self.phrase(self.lex.fixed_orgs, i, first)  # ... unless a fixed name ("الاتحاد الأوروبي")
        if n:
            return self.chain(i + n, indefinite=False, adj_only=True)
        return 0

    # --------------------------------------------------------------- PERSON
    def person(self, i: int, first: str) -> tuple[int, int]:
        n = self.phrase(self.lex.titles, i, first)
        if not n:
            return 0, 0
        j = i + n
        k = self.keys[j] if j < self.n else ""
        # a nationality adjective: "الرئيس الأمريكي", "سيدة الأعمال الإماراتية"
        if is_def(k) and k.endswith(("ي", "يه")) and self.word(j) and self.name_word(j + 1):
            j += 1
        s, names, after_pair = j, 0, False
        while j < self.n and names < 6:
            k = self.keys[j]
            if k in self.lex.connectors and self.name_word(j + 1) and (names or k in ("عبد", "ابو")):
                j, names = j + 2, names + 2
                if k == "ال":  # "آل ثاني" closes the name
                    break
                after_pair = k != "عبد"
                continue
            if not self.name_word(j) or (names and self.toks[j].text.endswith(("ا", "اً", "ًا"))):
                break
            if is_def(k):
                nxt = self.keys[j + 1] if j + 1 < self.n else ""
                if names == 0 and nxt not in ("بن", "ابن"):
                    break
                j, names = j + 1, names + 1
                if nxt not in self.lex.connectors:
                    break
                continue
            if after_pair:
                break  # after "بن طلال" only another connector or a surname
            if names and k[:1] in "بلوف" and j + 1 < self.n and is_def(self.keys[j + 1]):
                break  # "بعلاج العمالة"
            j, names = j + 1, names + 1
        return (s, j) if j > s else (0, 0)


def find_entities(text: str, tokens: list[Token]) -> list[Entity]:
    """ORG / PERSON / GPE entities found by rule (see module doc)."""
    lex = ArabicLexicon.get()
    s = _Sent(text, tokens, lex)
    cands: list[tuple[int, int, str, int]] = []  # (first token, end token, label, char offset)
    for i in range(s.n):
        if not is_word(tokens[i]):
            q = s.quote_end(i, max_inner=4)
            a = i + 1
            while q and a < q - 1 and tokens[a].is_clitic:  # «للءء»: the split proclitic stays out
                a += 1
            if q and q - a > 1:
                cands.append((a, q - 1, "ORG", 0))
            continue
        off, first = lex.strip(s.keys[i])
        end = s.orgs(i, first)
        if end:
            cands.append((i, end, "ORG", off))
        ps, pe = s.person(i, first)
        if pe:
            cands.append((ps, pe, "PERSON", off if ps == i else 0))
        n = s.phrase(lex.gpe, i, first)
        if n:
            cands.append((i, i + n, "GPE", off))
    cands.sort(key=lambda c: (-(c[1] - c[0]), _PRIORITY[c[2]], c[0]))
    taken: list[tuple[int, int]] = []
    out: list[Entity] = []
    for a, b, label, off in cands:
        if any(a < y and x < b for x, y in taken):
            continue
        taken.append((a, b))
        start = tokens[a].start + surface_offset(tokens[a].text, off)
        end = tokens[b - 1].end
        out.append(Entity(start, end, text[start:end], label, "patterns"))
    out.sort(key=lambda e: e.start)
    return out
