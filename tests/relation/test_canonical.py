import pytest

from pipeline.relation.canonical import Canonicaliser, default, pledge_group, skeleton


@pytest.mark.parametrize("name,canonical", [
    ("TikTok", "TikTok"), ("«تيك توك»", "TikTok"), ("منصة «تيك توك»", "TikTok"), ("Bytedance", "ByteDance"),
    ("الاتحاد الأوروبي", "European Union"), ("شركة جوجل", "Google"), ("Unknown Giver Ltd", "Unknown Giver Ltd"),
])
def test_alias_table(name, canonical):
    assert default().canonical(name) == canonical


def test_transliteration_skeleton_finds_latin_only_entries():
    c = Canonicaliser("Huawei\tHuawei\nSamsung\tSamsung\n")
    assert c.canonical("سامسونج") == "Samsung"
    assert skeleton("سامسونج") == skeleton("Samsung")


def test_pledge_group_is_shared_across_documents_and_spellings():
    c = default()
    a = pledge_group(c.canonical("تيك توك"), "money", "USD", 25e6)
    b = pledge_group(c.canonical("TikTok"), "money", "USD", 25000000.0)
    assert a == b and a != pledge_group("TikTok", "money", "USD", 26e6)
