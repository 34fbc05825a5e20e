"""WordFreq: the committed Arabic word-count table, its rules on hand-made
tables with known counts, the build command and the load errors."""
import gzip
import json

import pytest

from pipeline.errors import ModelError
from pipeline.lang import ar_freq
from pipeline.lang.ar_freq import TABLE, WordFreq, norm_key


def table(tmp_path, counts, name="t.tsv.gz"):
    path = tmp_path / name
    ar_freq.write_table(counts, path, 1, ["test table"])
    return WordFreq.load(path)


# ---------------------------------------------------------------- the real table

@pytest.fixture(scope="module")
def freq():
    return WordFreq.default()


def test_default_is_loaded_once(freq):
    assert WordFreq.default() is freq and freq.path == str(TABLE)
    assert len(freq.counts) > 100_000
    assert freq.count("في") > freq.count("لبنان") > 0
    assert freq.count("لُبْنَانـ") == freq.count("لبنان")  # diacritics and tatweel ignored


def test_table_header_names_its_source_and_cut():
    with gzip.open(TABLE, "rt", encoding="utf-8") as fh:
        head = [next(fh) for _ in range(3)]
    assert "ar_saudinewsnet" in head[0] and ">= 2 times" in head[1]
    assert head[2].split("\t")[0] == "في"


LAM_STEM = [  # stem after the first lam of "للX" -> its reading
    ("لبنان", "لبنان"), ("ليبيا", "ليبيا"), ("لندن", "لندن"), ("لجنة", "لجنة"), ("لاجئين", "لاجئين"),
    ("لقاء", "لقاء"), ("لاعب", "لاعب"), ("لغة", "لغة"), ("لحظة", "لحظة"), ("ليلة", "ليلة"),
    ("لويس", "لويس"), ("ليفربول", "ليفربول"), ("لتر", "لتر"), ("لون", "لون"),
    ("لحكومة", "الحكومة"), ("لأمم", "الأمم"), ("لسعودية", "السعودية"), ("ليابان", "اليابان"),
    ("لمملكة", "المملكة"), ("ليمن", "اليمن"), ("لتحقيق", "التحقيق"), ("لكرة", "الكرة"),
    ("لكل", "الكل"), ("لمدة", "المدة"), ("لغاية", "الغاية"), ("لذين", "الذين"),
    ("لقطوزبر", "القطوزبر"),  # unknown: article
]


@pytest.mark.parametrize("stem,want", LAM_STEM, ids=[s for s, _ in LAM_STEM])
def test_lam_stem_on_the_table(freq, stem, want):
    assert freq.lam_stem(stem) == want


def test_lam_stem_keeps_the_surface(freq):
    assert freq.lam_stem("لُبْنَان") == "لُبْنَان"
    assert freq.lam_stem("لحُكومة") == "الحُكومة"


STRIP = [
    ("وإسرائيل", 1), ("واسرائيل", 1), ("بلبنان", 1), ("ولبنان", 1), ("ومصر", 1), ("لمصر", 1),
    ("وبمصر", 2), ("بوزير", 1), ("لمنظمة", 1), ("بالحكومة", 1), ("والحكومة", 1), ("وبالحكومة", 2),
    ("للبنان", 1), ("للحكومة", 1), ("وللحكومة", 2), ("للاجئين", 1),
    ("وَإسرائيل", 2), ("ولـإسرائيل", 3),  # diacritic / tatweel after the proclitic go with it
    ("لبنان", 0), ("وليد", 0), ("فرنسا", 0), ("بيروت", 0), ("وزير", 0), ("فهد", 0), ("فيصل", 0),
    ("بدر", 0), ("وائل", 0), ("وفاء", 0), ("ليلى", 0), ("وطن", 0), ("بلدي", 0),
    ("للغاية", 0),  # "للغاية" (very) is far more common than "الغاية"
    ("كالحكومة", 0),  # ك is never stripped
]


@pytest.mark.parametrize("word,n", STRIP, ids=[w for w, _ in STRIP])
def test_strip_proclitic_on_the_table(freq, word, n):
    assert freq.strip_proclitic(word) == n


# ---------------------------------------------------------------- the rules, on known counts

def test_norm_key_removes_diacritics_and_tatweel_only():
    assert norm_key("لُبْنَانـ") == "لبنان"
    assert norm_key("إلقاء") != norm_key("القاء")  # alef variants stay apart
    assert norm_key("على") != norm_key("علي") and norm_key("لجنة") != norm_key("لجنه")


def test_lam_rule_a_lam_only_forms_against_the_article(tmp_path):
    # (a): c(اللS) + c(بلS) + 1 >= 2 * (c(الS) + 1)
    f = table(tmp_path, {"لجنة": 10, "اللجنة": 30, "بلجنة": 11, "الجنة": 20})
    assert f.lam_stem("لجنة") == "لجنة"  # 42 >= 42
    f = table(tmp_path, {"لجنة": 10, "اللجنة": 30, "بلجنة": 10, "الجنة": 20})
    assert f.lam_stem("لجنة") == "الجنة"  # 41 < 42, and (b) 11 < 4 * 21


def test_lam_rule_b_bare_word_against_its_rivals(tmp_path):
    # (b): c(S) + 1 >= 4 * (c(X) + c(الS) + 1)
    assert table(tmp_path, {"لويس": 39, "ويس": 9}).lam_stem("لويس") == "لويس"  # 40 >= 40
    assert table(tmp_path, {"لويس": 38, "ويس": 9}).lam_stem("لويس") == "الويس"  # 39 < 40
    # "لتحقيق" (ل + تحقيق) as common as "التحقيق": the bare count is not enough
    f = table(tmp_path, {"لتحقيق": 1200, "تحقيق": 2500, "التحقيق": 1000})
    assert f.lam_stem("لتحقيق") == "التحقيق"


def test_lam_ties_and_unknowns_read_the_article(tmp_path):
    f = table(tmp_path, {"في": 5})
    assert f.lam_stem("لبنان") == "البنان"
    f = table(tmp_path, {"بلبنان": 1, "البنان": 0})  # (a) 2 >= 2 is a win, so a tie needs ...
    assert f.lam_stem("لبنان") == "لبنان"
    f = table(tmp_path, {"بلبنان": 2, "البنان": 1})  # ... 3 < 4
    assert f.lam_stem("لبنان") == "البنان"


def test_strip_ratio_and_minimum(tmp_path):
    # c(rest) >= 20 and c(rest) >= 3 * (c(word) + word-only forms + 1)
    assert table(tmp_path, {"إسرائيل": 60, "وإسرائيل": 19}).strip_proclitic("وإسرائيل") == 1
    assert table(tmp_path, {"إسرائيل": 60, "وإسرائيل": 20}).strip_proclitic("وإسرائيل") == 0
    assert table(tmp_path, {"إسرائيل": 19}).strip_proclitic("وإسرائيل") == 0  # under the minimum
    assert table(tmp_path, {"إسرائيل": 20}).strip_proclitic("وإسرائيل") == 1


def test_strip_counts_the_forms_only_a_word_takes(tmp_path):
    f = table(tmp_path, {"يد": 100, "وليد": 10})
    assert f.strip_proclitic("وليد") == 2  # و + ل + يد
    f = table(tmp_path, {"يد": 100, "وليد": 10, "الوليد": 15, "بوليد": 3, "ووليد": 5})
    assert f.strip_proclitic("وليد") == 0  # 100 < 3 * (10 + 15 + 3 + 5 + 1)
    f = table(tmp_path, {"يد": 100, "وليد": 10, "الوليد": 15, "بوليد": 3, "ووليد": 4})
    assert f.strip_proclitic("وليد") == 2  # 100 >= 3 * 33
    # "وبلبنان" is و + بلبنان: a conjunction before the preposition is no sign of a word
    f = table(tmp_path, {"لبنان": 100, "بلبنان": 30, "وبلبنان": 20})
    assert f.strip_proclitic("بلبنان") == 1


def test_strip_takes_the_prefix_with_the_most_common_rest(tmp_path):
    f = table(tmp_path, {"لبنان": 100, "بنان": 40})
    assert f.strip_proclitic("ولبنان") == 1  # not "ول" + "بنان"
    assert f.strip_proclitic("لبنان") == 0


def test_strip_ll_follows_lam_stem(tmp_path):
    f = table(tmp_path, {"لاجئين": 5, "اللاجئين": 40, "للاجئين": 10})
    assert f.lam_stem("لاجئين") == "لاجئين"
    assert f.strip_proclitic("للاجئين") == 1  # rest: 5 + 40 >= 3 * 11
    assert f.strip_proclitic("وللاجئين") == 2
    f = table(tmp_path, {"الحكومة": 100, "للحكومة": 40})
    assert f.strip_proclitic("للحكومة") == 0  # 100 < 3 * 41
    f = table(tmp_path, {"الحكومة": 130, "للحكومة": 40})
    assert f.strip_proclitic("للحكومة") == 1


# ---------------------------------------------------------------- build and errors

def test_build_is_deterministic(tmp_path, capsys):
    corpus = tmp_path / "c.jsonl.gz"
    docs = [{"id": "1", "text": "قال لبنان إن لبنان يدعم اللجنة. 2015 Beirut"},
            {"id": "2", "text": "دعما للبنان ولِلّجنة"},
            {"id": "3", "text": "قال لبنان إن لبنان يدعم اللجنة. 2015 Beirut"}]  # a duplicate
    with gzip.open(corpus, "wt", encoding="utf-8") as fh:
        fh.write("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs))
    outs = [tmp_path / "a.tsv.gz", tmp_path / "b.tsv.gz"]
    for out in outs:
        assert ar_freq.main(["build", "--corpus", str(corpus), "--min-count", "1", "--out", str(out)]) == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()
    assert "read 2 articles (1 duplicates skipped)" in capsys.readouterr().out
    f = WordFreq.load(outs[0])
    assert f.counts == {"لبنان": 2, "قال": 1, "إن": 1, "يدعم": 1, "اللجنة": 1, "دعما": 1, "للبنان": 1, "وللجنة": 1}
    rows = gzip.decompress(outs[0].read_bytes()).decode().splitlines()
    assert rows[2] == "لبنان\t2" and rows[3:] == sorted(rows[3:])  # by count, then code point
    ar_freq.main(["build", "--corpus", str(corpus), "--min-count", "2", "--out", str(outs[1])])
    assert WordFreq.load(outs[1]).counts == {"لبنان": 2}


def test_missing_table(tmp_path):
    with pytest.raises(ModelError, match="nope.tsv.gz: the Arabic word-frequency table is missing"):
        WordFreq.load(tmp_path / "nope.tsv.gz")


def test_corrupt_tables(tmp_path):
    bad = tmp_path / "bad.tsv.gz"
    bad.write_bytes(b"not gzip at all")
    with pytest.raises(ModelError, match="bad.tsv.gz: cannot read"):
        WordFreq.load(bad)
    bad.write_bytes(gzip.compress("لبنان\t5\n".encode())[:-6])  # truncated
    with pytest.raises(ModelError, match="bad.tsv.gz: cannot read"):
        WordFreq.load(bad)
    bad.write_bytes(gzip.compress("# header\nلبنان\t5\nبيروت 7\n".encode()))
    with pytest.raises(ModelError, match=r"bad.tsv.gz: line 3 is not `word<TAB>count`"):
        WordFreq.load(bad)
    bad.write_bytes(gzip.compress("لبنان\tخمسة\n".encode()))
    with pytest.raises(ModelError, match="line 1"):
        WordFreq.load(bad)
    bad.write_bytes(gzip.compress(b"# only a header\n"))
    with pytest.raises(ModelError, match="empty"):
        WordFreq.load(bad)
