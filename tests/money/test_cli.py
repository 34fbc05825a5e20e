"""money_command: argument mode and stdin mode."""
from __future__ import annotations

import io
import json

from pipeline.money import money_command


def test_argument_mode_prints_json_array():
    out = io.StringIO()
    rc = money_command("Google announced around $ 800 million in new funds.", "en",
                       io.StringIO(), out)
    assert rc == 0
    data = json.loads(out.getvalue())
    assert len(data) == 1
    a = data[0]
    assert a["text"] == "around $ 800 million"
    assert a["value"] == 800000000 and a["currency"] == "USD"
    assert a["qualifier"] == "about" and a["approximate"] is True
    assert {"start", "end"} <= a.keys()
    assert "kind" not in a  # money is the default; kind/unit only for quantities


def test_argument_mode_arabic_is_not_escaped():
    out = io.StringIO()
    money_command("تبرعت الشركة بنحو 250 مليون دولار", "auto", io.StringIO(), out)
    assert "بنحو 250 مليون دولار" in out.getvalue()  # ensure_ascii=False
    assert json.loads(out.getvalue())[0]["currency"] == "USD"


def test_argument_mode_no_money_is_empty_array():
    out = io.StringIO()
    assert money_command("The video had 2 million views.", "en", io.StringIO(), out) == 0
    assert json.loads(out.getvalue()) == []


def test_stdin_mode_one_json_line_per_input_line():
    lines = [
        "ByteDance donated 200 million yuan (US $ 28.4 million) to the foundation.",
        "No money in this line, only 2020 and Covid-19.",
        "وقدمت الوزارة أكثر من 46,000 ألف وجبة طعام للأسر",
        "",
    ]
    out = io.StringIO()
    rc = money_command(None, "auto", io.StringIO("\n".join(lines) + "\n"), out)
    assert rc == 0
    got = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [g["text"] for g in got] == lines
    first = got[0]["amounts"]
    assert len(first) == 1 and first[0]["currency"] == "CNY"
    assert first[0]["usd_equivalent"]["value"] == 28400000
    assert first[0]["usd_equivalent"]["currency"] == "USD"
    assert got[1]["amounts"] == []
    q = got[2]["amounts"][0]
    assert q["kind"] == "quantity" and q["unit"] == "وجبة طعام" and q["currency"] is None
    assert q["qualifier"] == "over"
    assert got[3]["amounts"] == []


def test_stdin_mode_explicit_lang_and_crlf():
    out = io.StringIO()
    money_command(None, "en", io.StringIO("He gave £50,000.\r\n"), out)
    got = json.loads(out.getvalue())
    assert got["text"] == "He gave £50,000."
    assert got["amounts"][0]["value"] == 50000 and got["amounts"][0]["currency"] == "GBP"


def test_argument_mode_prints_how_an_ambiguous_currency_was_chosen():
    out = io.StringIO()
    money_command("The firm gave ¥5 million to the victims.", "en", io.StringIO(), out)
    (a,) = json.loads(out.getvalue())
    assert a["currency"] == "JPY" and a["currency_basis"] == "default"
    out = io.StringIO()
    money_command("He gave $5.", "en", io.StringIO(), out)
    assert "currency_basis" not in json.loads(out.getvalue())[0]
