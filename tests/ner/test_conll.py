"""CoNLL files and the entity-level score (pipeline.ner.conll), and `pledges eval-ner --pred`."""
import itertools
import json

import pytest

from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.ner.conll import read_conll, rounded, score, spans, spans_to_tags

# Four sentences.  Gold entities (start, end, type), end exclusive:
#   s1: PERS(0,2) LOC(3,4)      s2: ORG(1,3) LOC(4,5)
#   s3: LOC(1,2) [an I- without B-] PERS(3,4)      s4: ORG(0,3) [at the sentence end]
GOLD = """\
Ali B-PERS
Hassan I-PERS
visited O
Cairo B-LOC
. O

the O
United B-ORG
Nations I-ORG
and O
Paris B-LOC

x O
Dubai I-LOC
y O
Omar B-PERS

Bank B-ORG
of I-ORG
Beirut I-ORG
"""
# Predictions:
#   s1: PERS(0,2) LOC(3,4)            both exact: PERS tp, LOC tp
#   s2: ORG(1,2) [boundary error]     ORG fp + ORG fn (the gold 1..3)
#       ORG(4,5) [type error]         ORG fp + LOC fn, at the sentence end
#   s3: LOC(1,2) from B-LOC           tp: the gold I-LOC starts an entity (conlleval)
#       MISC(2,3)                     MISC fp; PERS(3,4) missed: PERS fn
#   s4: ORG(1,3) [an I- without B-]   ORG fp + ORG fn (the gold 0..3)
PRED = """\
Ali B-PERS
Hassan I-PERS
visited O
Cairo B-LOC
. O

the O
United B-ORG
Nations O
and O
Paris B-ORG

x O
Dubai B-LOC
y B-MISC
Omar O

Bank O
of I-ORG
Beirut I-ORG
"""
# Hand-computed:
#   PERS tp1 fp0 fn1: p 1, r 1/2, f1 2/3          LOC tp2 fp0 fn1: p 1, r 2/3, f1 0.8
#   ORG  tp0 fp3 fn2: p 0, r 0, f1 0              MISC tp0 fp1 fn0: p 0, r 0 (no gold), f1 0
#   micro tp3 fp4 fn4: p 3/7, r 3/7, f1 3/7
EXPECTED = {
    "PERS": (1.0, 1 / 2, 2 / 3, 1, 0, 1),
    "LOC": (1.0, 2 / 3, 0.8, 2, 0, 1),
    "ORG": (0.0, 0.0, 0.0, 0, 3, 2),
    "MISC": (0.0, 0.0, 0.0, 0, 1, 0),
    "micro": (3 / 7, 3 / 7, 3 / 7, 3, 4, 4),
}


def tags(sentences):
    return [[t for _, t in s] for s in sentences]


@pytest.fixture
def files(tmp_path):
    gold, pred = tmp_path / "gold.conll", tmp_path / "pred.conll"
    gold.write_text(GOLD, encoding="utf-8")
    pred.write_text(PRED, encoding="utf-8")
    return gold, pred


def test_spans_follow_the_conlleval_rule():
    assert spans(["B-PERS", "I-PERS", "O", "B-LOC"]) == {(0, 2, "PERS"), (3, 4, "LOC")}
    assert spans(["I-LOC", "I-LOC"]) == {(0, 2, "LOC")}  # I- without B- starts an entity
    assert spans(["B-PERS", "I-LOC"]) == {(0, 1, "PERS"), (1, 2, "LOC")}  # I- of another type: a new one
    assert spans(["B-ORG", "B-ORG", "I-ORG"]) == {(0, 1, "ORG"), (1, 3, "ORG")}
    assert spans(["O", "I-MISC"]) == {(1, 2, "MISC")}  # at the sentence end
    assert spans([]) == set()


def _conlleval_chunks(seq):
    """conlleval.pl's startOfChunk/endOfChunk (the BIO subset), written out as in the Perl."""
    out, start = set(), None
    prev_tag, prev_type = "O", ""
    for i, t in enumerate(list(seq) + ["O"]):
        tag, _, typ = t.partition("-")
        end = ((prev_tag in "BI" and tag in "BO") or (prev_tag != "O" and prev_type != typ))
        begin = tag == "B" or (prev_tag == "O" and tag == "I") or (tag != "O" and prev_type != typ)
        if end and start is not None:
            out.add((start, i, prev_type))
            start = None
        if begin:
            start = i
        prev_tag, prev_type = tag, typ
    return out


def test_spans_agree_with_conlleval_on_every_short_sequence():
    alphabet = ["O", "B-A", "I-A", "B-B", "I-B"]
    for n in range(5):
        for seq in itertools.product(alphabet, repeat=n):
            assert spans(seq) == _conlleval_chunks(seq), seq


def test_spans_to_tags_inverts_spans():
    ents = {(0, 2, "PERS"), (2, 3, "PERS"), (4, 5, "LOC")}
    assert spans_to_tags(ents, 5) == ["B-PERS", "I-PERS", "B-PERS", "O", "B-LOC"]
    assert spans(spans_to_tags(ents, 5)) == ents
    with pytest.raises(ValueError):
        spans_to_tags({(0, 2, "A"), (1, 3, "B")}, 3)


def test_score_by_hand(files):
    gold, pred = (read_conll(f) for f in files)
    result = score(tags(gold), tags(pred))
    assert list(result) == ["micro", "PERS", "LOC", "ORG", "MISC"]
    for name, (p, r, f1, tp, fp, fn) in EXPECTED.items():
        row = result[name]
        assert row["p"] == pytest.approx(p) and row["r"] == pytest.approx(r) and row["f1"] == pytest.approx(f1)
        assert (row["tp"], row["fp"], row["fn"], row["support"]) == (tp, fp, fn, tp + fn), name


def test_score_perfect_other_types_and_empty():
    gold = [["B-PERS", "O", "B-DATE", "I-DATE"]]
    result = score(gold, gold)
    assert result["micro"]["f1"] == 1.0 and result["DATE"]["support"] == 1
    assert result["LOC"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 0, "support": 0}
    # a predicted type absent from gold is reported too
    assert score([["O"]], [["B-EVENT"]])["EVENT"]["fp"] == 1
    empty = score([], [])
    assert set(empty) == {"micro", "PERS", "LOC", "ORG", "MISC"}
    assert all(row["p"] == row["r"] == row["f1"] == 0.0 and row["support"] == 0 for row in empty.values())
    with pytest.raises(ValueError, match="sentence 1"):
        score([["O", "O"]], [["O"]])
    with pytest.raises(ValueError):
        score([["O"]], [])


def test_read_tolerates_bom_crlf_columns_invisible_tokens_and_no_final_blank(tmp_path):
    f = tmp_path / "odd.conll"
    text = ("-DOCSTART- -X- O\r\n\r\nعلي NNP B-PERS\r\n\u200f O\r\n\u200fسابقا O\r\n \r\n\r\n"
            "بيروت\tB-LOC\r\n. O")
    f.write_bytes("\ufeff".encode() + text.encode("utf-8"))
    assert read_conll(f) == [[("علي", "B-PERS"), ("\u200f", "O"), ("\u200fسابقا", "O")],
                             [("بيروت", "B-LOC"), (".", "O")]]
    (tmp_path / "empty.conll").write_text("\n\n", encoding="utf-8")
    assert read_conll(tmp_path / "empty.conll") == []


@pytest.mark.parametrize("line, what", [("Cairo", "one field"), ("Cairo LOC", "'LOC'"),
                                        ("Cairo B-", "'B-'"), ("Cairo B_LOC", "'B_LOC'")])
def test_read_errors_name_file_and_line(tmp_path, line, what):
    f = tmp_path / "bad.conll"
    f.write_text(f"Ali B-PERS\n\nx O\n{line}\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_conll(f)
    assert "bad.conll:4: " in str(e.value) and what in str(e.value)


def test_read_missing_file(tmp_path):
    with pytest.raises(InputError, match="nope.conll: no such file"):
        read_conll(tmp_path / "nope.conll")


def test_rounded():
    assert rounded({"micro": {"p": 2 / 3, "tp": 2}}) == {"micro": {"p": 0.6667, "tp": 2}}


# ------------------------------------------------------------------ the CLI
def test_cli_pred_json(files, capsys):
    gold, pred = files
    assert main(["eval-ner", str(gold), "--pred", str(pred), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["micro", "PERS", "LOC", "ORG", "MISC"]
    for name, (p, r, f1, tp, fp, fn) in EXPECTED.items():
        assert out[name] == {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4),
                             "tp": tp, "fp": fp, "fn": fn, "support": tp + fn}
    assert out["PERS"]["f1"] == 0.6667 and out["micro"]["p"] == 0.4286


def test_cli_pred_table(files, capsys):
    gold, pred = files
    assert main(["eval-ner", str(gold), "--pred", str(pred)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{gold}: 4 sentences, 17 tokens")
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:]}
    assert list(rows) == ["PERS", "LOC", "ORG", "MISC", "micro"]
    assert rows["LOC"][:4] == ["1.0000", "0.6667", "0.8000", "3"]
    assert rows["micro"][:4] == ["0.4286", "0.4286", "0.4286", "7"]


def test_cli_pred_must_match_gold(files, capsys):
    gold, pred = files
    pred.write_text(PRED.replace("and O\n", ""), encoding="utf-8")
    assert main(["eval-ner", str(gold), "--pred", str(pred)]) == 2
    err = capsys.readouterr().err
    assert "sentence 2 has 4 tokens, but 5" in err and str(pred) in err
    pred.write_text(PRED.split("\n\n")[0], encoding="utf-8")
    assert main(["eval-ner", str(gold), "--pred", str(pred)]) == 2
    assert "1 sentences, but" in capsys.readouterr().err


def test_cli_input_errors(tmp_path, files, capsys):
    gold, _ = files
    bad = tmp_path / "bad.conll"
    bad.write_text("Ali B-PERS\nHassan\n", encoding="utf-8")
    assert main(["eval-ner", str(bad), "--pred", str(gold)]) == 2
    assert f"{bad}:2: expected 'token TAG'" in capsys.readouterr().err
    assert main(["eval-ner", str(tmp_path / "missing.conll")]) == 2
    assert "missing.conll: no such file" in capsys.readouterr().err
    (tmp_path / "empty.conll").write_text("", encoding="utf-8")
    assert main(["eval-ner", str(tmp_path / "empty.conll")]) == 2
    assert "no sentences" in capsys.readouterr().err
