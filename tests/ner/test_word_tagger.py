"""Arabic NER on given words (pipeline.ner.word_tagger), and `pledges eval-ner` with a tagger."""
import json
import sys
import types

import pytest

from pipeline.cli import main
from pipeline.document import Entity
from pipeline.errors import ConfigError
from pipeline.ner.conll import read_conll, score, spans
from pipeline.ner.word_tagger import (MergedWordTagger, ModelWordTagger, PatternWordTagger, entity_tags,
                                      join_words, merge_spans, tagger_name, word_tagger_for,
                                      word_tagger_from_config)


def valid_bio(tags):
    """Every I-X follows a B-X or an I-X."""
    prev = "O"
    for t in tags:
        if t.startswith("I-") and prev[2:] != t[2:]:
            return False
        prev = t
    return all(t == "O" or t[:2] in ("B-", "I-") and t[2:] in ("PERS", "LOC", "ORG", "MISC") for t in tags)


def test_join_words_offsets():
    text, offs = join_words(["ab", "\u200f", "cde"])
    assert text == "ab \u200f cde" and offs == [(0, 2), (3, 4), (5, 8)]
    assert [text[a:b] for a, b in offs] == ["ab", "\u200f", "cde"]


def test_entity_tags_cover_the_overlapped_words():
    _, offs = join_words(["w0", "للصليب", "الأحمر", "w3", "w4"])  # 0-2, 3-9, 10-16, 17-19, 20-22
    ents = [Entity(4, 16, "لصليب الأحمر", "ORG", "patterns"),  # starts inside word 1: the whole word
            Entity(17, 19, "w3", "NORP", "x"),  # an unmapped label: MISC
            Entity(18, 22, "3 w4", "PERSON", "x")]  # shares w3 with the earlier entity: keeps w4 only
    assert entity_tags(offs, ents) == ["O", "B-ORG", "I-ORG", "B-MISC", "B-PERS"]
    assert entity_tags(offs, [Entity(0, 2, "w0", "GPE", "x")])[0] == "B-LOC"


def test_pattern_tagger_on_arabic_words():
    words = ["تبرعت", "حكومة", "اليابان", "بمبلغ", "مليون", "دولار", "لمصر"]
    tags = PatternWordTagger().tag(words)
    assert len(tags) == len(words) and valid_bio(tags)
    assert tags[-1] == "B-LOC"  # "لمصر": the place after a glued proclitic, the word tagged whole
    assert tags[1:3] == ["B-ORG", "I-ORG"]  # "حكومة اليابان"
    words = ["أعلن", "الشيخ", "تميم", "بن", "حمد", "\u200f", "زيارة", "بيروت"]
    tags = PatternWordTagger().tag(words)
    assert len(tags) == len(words) and valid_bio(tags)
    assert tags[2:6] == ["B-PERS", "I-PERS", "I-PERS", "O"] and tags[-1] == "B-LOC"
    assert PatternWordTagger().tag([]) == [] and PatternWordTagger().tag(["\u200f"]) == ["O"]


def test_merge_spans_first_wins():
    first = {(0, 2, "PERS"), (5, 6, "LOC")}
    second = {(1, 3, "ORG"),  # overlaps (0, 2): dropped
              (2, 4, "ORG"),  # touches (0, 2) only at its end: added
              (4, 6, "LOC"),  # overlaps (5, 6): dropped
              (7, 8, "MISC")}
    assert merge_spans(first, second) == first | {(2, 4, "ORG"), (7, 8, "MISC")}
    assert merge_spans(set(), second) == second and merge_spans(first, set()) == first


class Fixed:
    def __init__(self, tags):
        self.tags, self.seen = tags, []

    def tag(self, words):
        self.seen.append(words)
        return list(self.tags)


def test_merged_tagger_merges_word_by_word():
    a = Fixed(["B-PERS", "I-PERS", "O", "O", "O"])
    b = Fixed(["O", "B-ORG", "I-ORG", "B-LOC", "I-LOC"])  # ORG overlaps a's PERS, LOC does not
    words = list("abcde")
    assert MergedWordTagger([a, b]).tag(words) == ["B-PERS", "I-PERS", "O", "B-LOC", "I-LOC"]
    assert MergedWordTagger([b, a]).tag(words) == ["O", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]
    assert a.seen == [words, words] and b.seen == [words, words]


def test_merged_tagger_hands_all_sentences_at_once_to_a_member_that_reads_neighbours():
    class Many(Fixed):
        def tag_many(self, sentences):
            self.seen.append(sentences)
            return [list(self.tags) for _ in sentences]

    a, b = Many(["B-PERS", "I-PERS", "O", "O", "O"]), Fixed(["O", "O", "O", "B-LOC", "O"])
    sents = [list("abcde"), list("fghij")]
    assert MergedWordTagger([a, b]).tag_many(sents) == [["B-PERS", "I-PERS", "O", "B-LOC", "O"]] * 2
    assert a.seen == [sents] and b.seen == sents  # one call with both sentences; the other one by one


def test_model_backend_runs_text_and_tokens_through_predict():
    calls = []

    class FakeNER:
        def predict(self, text, tokens, combine=None):
            calls.append((text, [t.text for t in tokens], combine))
            i = text.index("بيروت")
            return [Entity(i, i + 5, "بيروت", "GPE", "model")]

    tags = ModelWordTagger(FakeNER()).tag(["زار", "بيروت", "أمس"])
    assert tags == ["O", "B-LOC", "O"]
    assert calls == [("زار بيروت أمس", ["زار", "بيروت", "أمس"], "model")]


@pytest.fixture
def fake_bert(monkeypatch):
    """A stand-in for pipeline.ner.ar_bert (the real one loads a transformer)."""
    loaded = []

    class BertWordTagger:
        @classmethod
        def load(cls, path):
            loaded.append(path)
            return cls()

        def tag(self, words):
            return ["B-PERS"] + ["I-PERS"] * (len(words) - 1) if len(words) < 3 else ["O"] * len(words)

    mod = types.ModuleType("pipeline.ner.ar_bert")
    mod.BertWordTagger = BertWordTagger
    monkeypatch.setitem(sys.modules, "pipeline.ner.ar_bert", mod)
    return loaded


def test_backends(fake_bert, tmp_path):
    assert isinstance(word_tagger_for("patterns"), PatternWordTagger)
    bert = word_tagger_for("bert", {"ar_bert": str(tmp_path)})
    assert type(bert).__name__ == "BertWordTagger" and fake_bert == [str(tmp_path)]
    combo = word_tagger_for("bert+patterns")
    assert isinstance(combo, MergedWordTagger) and fake_bert[-1].endswith("ner-ar")
    assert [type(t).__name__ for t in combo.taggers] == ["BertWordTagger", "PatternWordTagger"]
    assert tagger_name(combo) == "BertWordTagger+patterns"
    # bert's PERS over both words wins over the patterns' LOC on the second
    assert combo.tag(["زار", "مصر"]) == ["B-PERS", "I-PERS"]
    assert word_tagger_for("patterns+bert").tag(["زار", "مصر"]) == ["O", "B-LOC"]
    for bad in ("svm", "patterns+", "patterns+patterns", "", 3):
        with pytest.raises(ConfigError, match=r"\[ner.ar_backend\]"):
            word_tagger_for(bad)


def test_bert_backend_without_a_model_names_the_missing_file(tmp_path):
    from pipeline.errors import ModelError

    with pytest.raises(ModelError, match="config.json"):
        word_tagger_for("bert", {"ar_bert": str(tmp_path)})


def test_from_config(root):
    cfg = root / "configs" / "default.toml"
    assert isinstance(word_tagger_from_config(cfg, ["ner.ar_backend=patterns"]), PatternWordTagger)
    default = word_tagger_from_config(cfg, [])  # patterns first, the ANERcorp tagger fills the gaps
    assert isinstance(default, MergedWordTagger) and default.name == "patterns+bert"
    with pytest.raises(ConfigError, match="ner.ar_backend"):
        word_tagger_from_config(cfg, ["ner.ar_backend=svm"])


ARABIC_GOLD = """\
تبرعت O
حكومة B-ORG
اليابان I-ORG
لمصر B-LOC

زار O
بيروت B-LOC
"""


def test_cli_with_the_configured_tagger(tmp_path, root, capsys):
    gold = tmp_path / "ar.conll"
    gold.write_text(ARABIC_GOLD, encoding="utf-8")
    cfg = str(root / "configs" / "default.toml")
    pat = ["--set", "ner.ar_backend=patterns"]
    assert main(["eval-ner", str(gold), "--config", cfg, "--json"] + pat) == 0
    out = json.loads(capsys.readouterr().out)
    expected = score([[t for _, t in s] for s in read_conll(gold)],
                     [PatternWordTagger().tag([w for w, _ in s]) for s in read_conll(gold)])
    assert out["micro"] == {k: round(v, 4) if isinstance(v, float) else v for k, v in expected["micro"].items()}
    assert out["LOC"]["support"] == 2 and out["ORG"]["support"] == 1 and out["LOC"]["tp"] == 2
    assert main(["eval-ner", str(gold), "--config", cfg] + pat) == 0
    first, _, rest = capsys.readouterr().out.partition("\n")
    assert first == f"{gold}: 2 sentences, 6 tokens; predictions: patterns ({cfg})"
    assert rest.splitlines()[-1].split()[:4] == ["micro"] + [f"{out['micro'][k]:.4f}" for k in ("p", "r", "f1")]
    assert main(["eval-ner", str(gold), "--config", cfg, "--set", "ner.ar_backend=svm"]) == 2
    assert "[ner.ar_backend] unknown backend 'svm'" in capsys.readouterr().err


def test_patterns_on_anercorp_sample(shared):
    gold = read_conll(shared / "ner-ar" / "anercorp.test.conll")[:50]
    tagger = PatternWordTagger()
    pred = [tagger.tag([w for w, _ in s]) for s in gold]
    assert all(len(p) == len(s) and valid_bio(p) for p, s in zip(pred, gold))
    result = score([[t for _, t in s] for s in gold], pred)
    assert {"micro", "PERS", "LOC", "ORG", "MISC"} <= set(result)
    for t in ("PERS", "LOC", "ORG", "MISC"):
        gold_n = sum(1 for s in gold for e in spans([x for _, x in s]) if e[2] == t)
        pred_n = sum(1 for p in pred for e in spans(p) if e[2] == t)
        assert result[t]["support"] == gold_n and result[t]["tp"] + result[t]["fp"] == pred_n
    micro = result["micro"]
    assert micro["tp"] == sum(result[t]["tp"] for t in result if t != "micro")
    assert all(0.0 <= micro[k] <= 1.0 for k in ("p", "r", "f1"))
    # the place names are the patterns' strong side: most of the sample's LOC are found
    assert result["LOC"]["support"] >= 20 and result["LOC"]["r"] > 0.5 and micro["tp"] > 0


def test_cli_progress_only_on_a_terminal(tmp_path, root, capsys, monkeypatch):
    gold = tmp_path / "many.conll"
    gold.write_text("زار O\nمصر B-LOC\n\n" * 201, encoding="utf-8")
    cfg = str(root / "configs" / "default.toml")
    pat = ["--set", "ner.ar_backend=patterns"]
    assert main(["eval-ner", str(gold), "--config", cfg, "--json"] + pat) == 0
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["eval-ner", str(gold), "--config", cfg, "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == "eval-ner: tagging 201 sentences\n"
    assert json.loads(out)["LOC"]["tp"] == 201
