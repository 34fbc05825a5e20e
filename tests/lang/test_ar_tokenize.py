"""The "للX" class of `ar.split_clitics`, checked against the committed word-count table."""
import pytest

from pipeline.lang import ar

# word -> (clitic, stem surface, norm): norm None is the lam-initial reading ("لبنان"),
# "ا" + stem the article reading ("لحكومة" -> "الحكومة").
LL_CASES = [
    # lam-initial names: ل + لبنان
    ("للبنان", "ل", "لبنان", None),
    ("لليبيا", "ل", "ليبيا", None),
    ("للندن", "ل", "لندن", None),
    ("لليفربول", "ل", "ليفربول", None),
    ("للويس", "ل", "لويس", None),
    ("لليلى", "ل", "ليلى", None),
    ("ولليبيا", "ول", "ليبيا", None),
    # lam-initial nouns: ل + (ال)لجنة, written "للجنة" either way
    ("للجنة", "ل", "لجنة", None),
    ("للجان", "ل", "لجان", None),
    ("للاجئين", "ل", "لاجئين", None),
    ("للقاء", "ل", "لقاء", None),  # not "القاء" (an unhamzated إلقاء)
    ("للاعبين", "ل", "لاعبين", None),
    ("للغة", "ل", "لغة", None),
    ("للحظة", "ل", "لحظة", None),
    ("لليلة", "ل", "ليلة", None),
    ("للقب", "ل", "لقب", None),
    ("للحوم", "ل", "لحوم", None),
    ("فللجنة", "فل", "لجنة", None),
    # article: ل + الحكومة
    ("للحكومة", "ل", "لحكومة", "الحكومة"),
    ("للأمم", "ل", "لأمم", "الأمم"),
    ("للسعودية", "ل", "لسعودية", "السعودية"),
    ("لليابان", "ل", "ليابان", "اليابان"),
    ("لليمن", "ل", "ليمن", "اليمن"),
    ("لليونان", "ل", "ليونان", "اليونان"),
    ("للمملكة", "ل", "لمملكة", "المملكة"),
    ("للصليب", "ل", "لصليب", "الصليب"),
    ("للوزير", "ل", "لوزير", "الوزير"),
    ("للذين", "ل", "لذين", "الذين"),
    ("فللحكومة", "فل", "لحكومة", "الحكومة"),
    ("وللمملكة", "ول", "لمملكة", "المملكة"),
    # article although "لX" alone is common (ل + X): the lam-only forms decide
    ("للتحقيق", "ل", "لتحقيق", "التحقيق"),
    ("للكرة", "ل", "لكرة", "الكرة"),
    ("للكل", "ل", "لكل", "الكل"),
    ("للصالح", "ل", "لصالح", "الصالح"),
    ("للمدة", "ل", "لمدة", "المدة"),
    ("للحج", "ل", "لحج", "الحج"),  # Hajj, not the Yemeni province Lahij
    # unknown to the corpus: the article, the common case
    ("للقطوزبر", "ل", "لقطوزبر", "القطوزبر"),
]


@pytest.mark.parametrize("word,clitic,stem,norm", LL_CASES, ids=[c[0] for c in LL_CASES])
def test_ll_class(word, clitic, stem, norm):
    text = f"دعما {word} اليوم"
    toks = ar.tokenize(text)
    i = next(i for i, t in enumerate(toks) if t.start == 5)
    a, b = toks[i], toks[i + 1]
    assert (a.text, a.is_clitic) == (clitic, True)
    assert (b.text, b.norm, b.is_clitic) == (stem, norm, False)
    assert text[a.start:a.end] + text[b.start:b.end] == word and a.end == b.start


def test_ll_both_readings_present():
    lam = sum(n is None for *_, n in LL_CASES)
    assert lam >= 10 and len(LL_CASES) - lam >= 10


def test_short_ll_word_stays_whole():
    assert [t.text for t in ar.tokenize("الحمد لله")] == ["الحمد", "لله"]
