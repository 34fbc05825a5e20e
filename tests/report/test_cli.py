"""`pledges report`: arguments, default output, errors."""
from pipeline.cli import main

from .conftest import hostile_set


def test_report_command_writes_the_page(tmp_path, capsys):
    records = hostile_set(tmp_path)
    assert main(["report", str(records)]) == 0
    out = tmp_path / "hostile.html"  # RECORDS minus .jsonl, plus .html
    assert out.is_file() and "7 records in 5 articles, 2 not highlighted" in capsys.readouterr().err
    assert main(["report", str(records), "-o", str(tmp_path / "x" / "r.html"), "--title", "Dump <1>",
                 "--max-articles", "0"]) == 0
    page = (tmp_path / "x" / "r.html").read_text(encoding="utf-8")
    assert "<title>Dump &lt;1&gt;</title>" in page and "the first 0 are shown whole" in page


def test_report_errors_are_one_line(tmp_path, capsys):
    assert main(["report", str(tmp_path / "missing.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err
    records = hostile_set(tmp_path)
    assert main(["report", str(records), "--docs", str(tmp_path / "nowhere")]) == 2
    assert main(["report", str(records), "--max-mb", "-1"]) == 2
