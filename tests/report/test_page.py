"""The page itself: self-contained, strict CSP, small for a big dump."""
import json
import re

from pipeline.report import build_report
from pipeline.report.page import asset, csp

from .conftest import hostile_set, record, write_jsonl


def test_page_is_self_contained_and_allows_only_its_own_script(tmp_path):
    out = tmp_path / "r.html"
    build_report(hostile_set(tmp_path), out)
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched from anywhere
    policy = csp(asset("report.css"), asset("report.js"))
    assert f'content="{policy}"' in page and "default-src 'none'" in policy
    assert page.count("<script") == 1 and page.count("<style") == 1
    assert f"<script>{asset('report.js')}</script>" in page and f"<style>{asset('report.css')}</style>" in page


def test_same_records_give_the_same_bytes(tmp_path):
    records = hostile_set(tmp_path)
    build_report(records, tmp_path / "a.html")
    build_report(records, tmp_path / "b.html")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_10k_arabic_articles_with_long_sentences_stay_under_20_mb(tmp_path):
    """The worst shape for size: one record per article, two bytes a letter, a 'sentence' of 10k letters."""
    words = "والمجتمعات المحلية المتضررة من الأزمة "
    lines, recs = [], []
    dump = tmp_path / "dump.jsonl"
    for i in range(10_000):
        amount = f"{i + 1} مليون دولار"
        text = words * 60 + f"وتبرعت مؤسسة الخير رقم {i} بمبلغ {amount} للهلال الأحمر للإغاثة " + words * 200
        lines.append(json.dumps({"id": f"d{i}", "text": text}, ensure_ascii=False))
        rec = record(f"d{i}", f"{dump}:{i + 1}", "ar", text, amount, (i + 1) * 1e6,
                     donor=f"مؤسسة الخير رقم {i}", recipient="للهلال الأحمر", purpose="للإغاثة " + words * 8)
        recs.append(dict(rec, evidence={"start": 0, "end": len(text)}))
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts = build_report(write_jsonl(tmp_path / "r.jsonl", recs), tmp_path / "r.html")
    assert counts["unmarked"] == 0 and counts["bytes"] < 20_000_000, counts
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.count('<mark class="amt" data-rids=') == 10_000  # (the legend's has none)
    assert "to keep the page small" in page
