"""Ingest: decoding, markup stripping, noise removal, report dates, sections and sentences.

Every input is built in code (tmp_path files), so no fixture file needs a provenance note.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.errors import FrontlineError, InputError
from frontline.ingest import (
    clean_text,
    date_from_filename,
    find_report_date,
    html_to_text,
    ingest,
    ingest_text,
    markdown_to_text,
    read_document,
)

# ---------------------------------------------------------------- report date


@pytest.mark.parametrize(
    ("first_line", "doc", "year", "expected"),
    [
        ("November 12, 7:30 PM ET", "report.txt", 2022, "2022-11-12"),
        ("November 12, 7:30 PM ET", "isw_2022_report.txt", None, "2022-11-12"),
        ("November 12, 7:30 PM ET", "2022-11-12.txt", None, "2022-11-12"),
        ("WAR IN UKRAINE: November 11, 2022", "report.txt", None, "2022-11-11"),
        ("Russian Offensive Campaign Assessment, February 26, 2026", "x.txt", None, "2026-02-26"),
        ("Friday, 27 February 2026, 22:49", "report.txt", None, "2026-02-27"),
        ("Key Takeaways March 2, 2022", "report.txt", None, "2022-03-02"),
        # Day, month and year with dots, as Ukrainian outlets write them.
        ("12.06.2024", "report.txt", None, "2024-06-12"),
        # A longer title that is a dateline: a clock time.
        ("Operational update from the General Staff as of 08:00 on May 10, 2024", "report.txt",
         None, "2024-05-10"),
        ("Kharkiv region, 09.11.2023 08:15", "report.txt", None, "2023-11-09"),
        # A dated header beats the file name.
        ("WAR IN UKRAINE: November 11, 2022", "2022-11-12.txt", None, "2022-11-11"),
    ],
)
def test_report_date_from_header(first_line: str, doc: str, year: int | None, expected: str):
    text = f"{first_line}\nRussian forces attacked near Bakhmut."
    date, found_year, warnings = find_report_date(text, doc, year=year)
    assert (date, found_year, warnings) == (expected, int(expected[:4]), [])


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ("2022-11-12.txt", ("2022-11-12", 2022)),
        ("reports/2022_11_12.md", ("2022-11-12", 2022)),
        ("/a/b/20221112_isw.txt", ("2022-11-12", 2022)),
        ("isw-2023-assessment.html", (None, 2023)),
        ("2022-13-45.txt", (None, 2022)),  # not a real date: only the year is usable
        ("report.txt", (None, None)),
    ],
)
def test_date_from_filename(doc: str, expected: tuple[str | None, int | None]):
    assert date_from_filename(doc) == expected


def test_report_date_from_filename_when_text_has_none():
    assert find_report_date("Russian forces attacked.", "2022-11-12.txt") == (
        "2022-11-12",
        2022,
        [],
    )


def test_explicit_date_beats_everything():
    text = "WAR IN UKRAINE: November 11, 2022\nRussian forces attacked."
    assert find_report_date(text, "2021-01-01.txt", date="2023-05-06")[:2] == ("2023-05-06", 2023)


def test_year_less_header_without_year_warns_how_to_fix():
    date, year, warnings = find_report_date("November 12, 7:30 PM ET\nText.", "report.txt")
    assert (date, year) == (None, None)
    assert len(warnings) == 1
    assert "report.txt" in warnings[0] and "--year" in warnings[0] and "--date" in warnings[0]


def test_caption_date_inside_long_sentence_is_not_the_report_date():
    caption = (
        "Russian military volunteers are pictured during a training session near Rostov, "
        "Russia, on November 11, 2022. Morale among Russian troops is exceedingly low."
    )
    date, _, warnings = find_report_date(f"Headline\n{caption}\nMore text.", "article.txt")
    assert date is None
    assert any("--date" in w for w in warnings)


# ---------------------------------------------------------------- noise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Russian forces attacked Bakhmut.[12] More.", "Russian forces attacked Bakhmut. More."),
        ("Ukrainian forces repelled them.[3, 4]", "Ukrainian forces repelled them."),
        ("Ukrainian forces repelled them.[15-17]", "Ukrainian forces repelled them."),
        (
            "First line.\nhttps://twitter.com/someuser/status/1591234567890123456?s=20\nLast.",
            "First line.\nLast.",
        ),
        ("Windows\r\nline\rends", "Windows\nline\nends"),
        ("\ufeffBOM at start", "BOM at start"),
        ("non\u00a0breaking", "non breaking"),
    ],
)
def test_clean_text_removes_noise(raw: str, expected: str):
    assert clean_text(raw) == expected


def test_inline_urls_are_removed_but_words_stay():
    out = clean_text("See https://t.me/rybar/12345 for details.")
    assert "http" not in out and "t.me" not in out
    assert out.startswith("See") and out.endswith("for details.")


# ---------------------------------------------------------------- sentences and sections

ISW_TEXT = """November 12, 7:30 PM ET
Russian forces continued offensive operations.[1] Ukrainian forces repelled them near Bakhmut.
Key Takeaways
Russian forces withdrew from Kherson City on November 11. Gen. Surovikin ordered it.
Russian Main Effort—Eastern Ukraine (Russian objective: Capture Donetsk and Luhansk oblasts)
Russian forces attacked Bilohorivka! Did they succeed? Geolocated footage shows "gains." Yes.
Ukrainian Counteroffensives
Ukrainian forces advanced near Svatove, Luhansk Oblast."""


@pytest.fixture(scope="module")
def isw_report():
    return ingest_text(ISW_TEXT, "2022-11-12.txt")


def test_sentence_spans_are_exact(isw_report):
    assert isw_report.sentences
    for s in isw_report.sentences:
        assert isw_report.text[s.start : s.end] == s.text
        assert s.text == s.text.strip()


@pytest.mark.parametrize(
    "sentence",
    [
        "Russian forces continued offensive operations.",
        "Ukrainian forces repelled them near Bakhmut.",
        "Russian forces withdrew from Kherson City on November 11.",
        "Gen. Surovikin ordered it.",  # an abbreviation does not end a sentence
        "Russian forces attacked Bilohorivka!",
        "Did they succeed?",
        'Geolocated footage shows "gains."',
        "Ukrainian forces advanced near Svatove, Luhansk Oblast.",
    ],
)
def test_sentences_are_split_where_a_reader_would(isw_report, sentence: str):
    assert sentence in [s.text for s in isw_report.sentences]


@pytest.mark.parametrize(
    ("sentence_start", "heading"),
    [
        ("Russian forces continued", ""),
        ("Russian forces withdrew", "Key Takeaways"),
        ("Russian forces attacked Bilohorivka", "Russian Main Effort—Eastern Ukraine"),
        ("Ukrainian forces advanced", "Ukrainian Counteroffensives"),
    ],
)
def test_sentences_belong_to_their_isw_heading(isw_report, sentence_start: str, heading: str):
    (s,) = [s for s in isw_report.sentences if s.text.startswith(sentence_start)]
    section = isw_report.sections[s.section]
    assert section.heading.startswith(heading) if heading else section.heading == ""
    assert section.start <= s.start < section.end


def test_isw_report_is_recognised(isw_report):
    assert (isw_report.source, isw_report.report_date) == ("isw", "2022-11-12")


@given(st.text(min_size=1, max_size=300))
@settings(max_examples=150, deadline=None)
def test_any_text_ingests_with_exact_spans_or_a_clear_error(text: str):
    try:
        report = ingest_text(text, "fuzz.txt")
    except InputError as exc:
        assert "fuzz.txt" in str(exc)
        return
    for s in report.sentences:
        assert report.text[s.start : s.end] == s.text
        assert 0 <= s.section < len(report.sections)


def test_cyrillic_sentences_are_split():
    report = ingest_text("Російські війська обстріляли Херсон. Українські сили відбили атаку.")
    assert len(report.sentences) == 2


# ---------------------------------------------------------------- markup


def test_html_drops_script_and_style_and_makes_blocks_lines():
    html = (
        "<!DOCTYPE html><html><head><title>Title</title><style>p{color:red}</style></head>"
        "<body><script>var place = 'Bakhmut';</script><h1>Heading</h1>"
        "<p>First <b>bold</b> paragraph.</p><div>Second<br>line</div>"
        "<ul><li>one</li><li>two</li></ul></body></html>"
    )
    assert html_to_text(html).split("\n") == [
        "Heading",
        "First bold paragraph.",
        "Second",
        "line",
        "one",
        "two",
    ]


@pytest.mark.parametrize(
    ("md", "expected"),
    [
        ("Russian forces [attacked](https://x.y/z) Bakhmut.", "Russian forces attacked Bakhmut."),
        ("Fighting near **Bakhmut** and *Soledar*.", "Fighting near Bakhmut and Soledar."),
        ("# Key Takeaways", "Key Takeaways"),
        ("- Russian forces attacked.", "Russian forces attacked."),
        ("> quoted claim", "quoted claim"),
        ("![map](img.png) caption", "map caption"),
    ],
)
def test_markdown_syntax_is_dropped_and_links_keep_their_text(md: str, expected: str):
    assert markdown_to_text(md) == expected


@pytest.mark.parametrize(
    ("name", "data", "expected_text"),
    [
        (
            "page.html",
            b"<html><body><script>alert(1)</script><p>Russian forces attacked Bakhmut.</p>"
            b"</body></html>",
            "Russian forces attacked Bakhmut.",
        ),
        (
            "no_suffix",
            b"<!doctype html><html><body><p>Russian forces attacked.</p></body></html>",
            "Russian forces attacked.",
        ),
        ("note.md", b"Russian forces [attacked](http://a.b/c) **Bakhmut**.", None),
        ("utf8.txt", "Mar’yinka — Мар'їнка".encode(), "Mar’yinka — Мар'їнка"),
        (
            "bom.txt",
            b"\xef\xbb\xbfNovember 12, 7:30 PM ET\nText.",
            "November 12, 7:30 PM ET\nText.",
        ),
        (
            "cp1251.txt",
            "Російські війська обстріляли Херсон та Миколаїв.".encode("cp1251"),
            "Російські війська обстріляли Херсон та Миколаїв.",
        ),
        (
            "cp1251_ru.txt",
            "Российские войска обстреляли Херсон, Николаев и Запорожье.".encode("cp1251"),
            "Российские войска обстреляли Херсон, Николаев и Запорожье.",
        ),
    ],
)
def test_read_document_decodes_and_strips(
    tmp_path: Path, name: str, data: bytes, expected_text: str | None
):
    path = tmp_path / name
    path.write_bytes(data)
    doc, text = read_document(path)
    assert doc == str(path)
    if expected_text is None:
        assert text == "Russian forces attacked Bakhmut."
    else:
        assert text == expected_text
    assert "\ufeff" not in text


def test_stdin_is_read_as_dash(monkeypatch: pytest.MonkeyPatch):
    import io
    import sys

    fake = io.TextIOWrapper(io.BytesIO(b"WAR IN UKRAINE: November 11, 2022\nText."))
    monkeypatch.setattr(sys, "stdin", fake)
    report = ingest("-")
    assert (report.doc, report.report_date) == ("<stdin>", "2022-11-11")


# ---------------------------------------------------------------- bad input


BAD_FILES = [
    ("empty.txt", b"", r"empty\.txt: is empty; pass a file"),
    ("blank.txt", b"  \n\t\r\n ", r"blank\.txt: is empty; pass a file"),
    ("nul.txt", b"Russian forces\x00\x00attacked", r"nul\.txt: looks binary.*pass a plain-text"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"image\.txt: looks binary"),
    ("controls.txt", bytes(range(1, 9)) * 64, r"controls\.txt: looks binary"),
    ("shell.html", b"<html><body><script>x()</script></body></html>", r"shell\.html: .*no text"),
    ("links.txt", b"https://twitter.com/a/status/1591234567890123456?s=20\n", r"links\.txt: .*no"),
    ("notes.txt", b"[12] [13]\n", r"notes\.txt: .*pass a"),
]


@pytest.mark.parametrize(("name", "data", "match"), BAD_FILES)
def test_bad_files_raise_input_error_naming_file_and_fix(
    tmp_path: Path, name: str, data: bytes, match: str
):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=match) as info:
        ingest(path)
    message = str(info.value)
    assert str(path) in message
    assert "\n" not in message
    # InputError is a ValueError (callers may catch the builtin) and a FrontlineError.
    assert isinstance(info.value, ValueError) and isinstance(info.value, FrontlineError)


def test_missing_path_names_it_and_says_check_the_path(tmp_path: Path):
    missing = tmp_path / "nope" / "2022-11-12.txt"
    with pytest.raises(InputError, match=re.escape(f"{missing}: no such file; check the path")):
        ingest(missing)


def test_directory_says_pass_the_files_in_it(tmp_path: Path):
    with pytest.raises(InputError, match=re.escape(f"{tmp_path}: is a directory; pass the files")):
        ingest(tmp_path)


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "[12]"])
def test_ingest_text_rejects_empty_text(text: str):
    with pytest.raises(InputError, match=r"<mine>: contains no report text; pass"):
        ingest_text(text, "<mine>")


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Kharkiv direction", True),
        ("Russian Main Effort – Eastern Ukraine (Russian objective: capture Donetsk Oblast)", True),
        ("Russian objective: Create buffer zones in Sumy Oblast along the border", True),
        ("Special Edition: Army General Aleksandr Vladimirovich Dvornikov", True),
        ("Russian Offensive Campaign Assessment: February 26, 2022", True),
        # A label, then what happened, with no full stop: a statement, not a heading.
        ("Pokrovsk direction – 41 attacks near Myrnohrad, Lysivka, Udachne", False),
        ("Kramatorsk direction: 4 attacks near Chasiv Yar", False),
        ("Krasnopillia community: 3 explosions (mortar shelling)", False),
        # A sentence without its full stop: a past-tense verb of the event vocabulary with a
        # word after it, among lower-case words; a present-tense headline stays a heading.
        ("Russian shelling killed a man in Nikopol", False),
        ("Two drones damaged a school in the Sumy community overnight", False),
        ("Russia attacks 4 communities in Kharkiv Oblast", True),
        ("Russian Forces Attacked Near Bakhmut", True),
    ],
)
def test_headings_and_labelled_statements(line: str, heading: bool) -> None:
    text = f"March 12, 2025\n\nSituation at the front\n\n{line}\n\nThe enemy attacked near Tykhe."
    report = ingest_text(text, "2025-03-12.txt")
    assert (line in {s.text for s in report.sentences}) is not heading
