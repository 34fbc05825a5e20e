"""normalize.translate substitutes only the characters the table maps: the same
text as str.translate with the table."""
import random

from pipeline.money.normalize import TABLE, translate


def test_same_as_str_translate():
    mapped = [chr(cp) for cp in TABLE]
    assert translate("".join(mapped)) == "".join(mapped).translate(TABLE)
    for ch in mapped:
        assert translate(f"a{ch}b") == f"a{ch}b".translate(TABLE)
    rnd = random.Random(5)
    pool = mapped + list("abc $5,.-()[]^\\\n") + [chr(cp) for cp in range(0x600, 0x700)] + ["’", "“", "\u00a0", "€"]
    for _ in range(2000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 30)))
        assert translate(text) == text.translate(TABLE)
