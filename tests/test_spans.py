"""Exported character spans index the document as the user has it, not ingest's cleaned text.

Documents here are short sentences written for these tests; the end-to-end checks run the seeds
and the 2026 ISW report in ../shared.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from gazetteer_support import needs_shared
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.gazetteer import load_gazetteer
from frontline.ingest import ingest, ingest_text
from frontline.pipeline import run
from frontline.spans import span_map

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted(ROOT.glob("seeds/*.txt"))
REPORT_2026 = ROOT.parent / "shared" / "corpus" / "isw_full" / "2026-02-26.txt"

# (file name, document as the user has it, a place named in it once)
DOCUMENTS = [
    (
        "footnotes.txt",
        "WAR IN UKRAINE: November 11, 2022\r\n\r\nRussian forces shelled Kupiansk.[1] "
        "Ukrainian troops advanced near Svatove.[2][3]\r\nSee https://example.org/a/b/c for "
        "maps. Fighting continued near Bakhmut.\r\n",
        "Bakhmut",
    ),
    (
        "links.md",
        "# Frontline update, November 12, 2022\n\n- [Another story](https://example.org/x)\n\n"
        "**Russian forces** attacked near [Avdiivka](https://example.org/wiki/Avdiivka).\n\n"
        "> Ukrainian forces repelled an assault near *Vuhledar*.\n",
        "Vuhledar",
    ),
    (
        "page.html",
        "<!DOCTYPE html><html><head><title>Kreminna news</title>"
        '<meta name="description" content="Fighting near Kreminna">'
        "<script>var place = 'Kreminna';</script><style>p { color: red }</style></head>"
        "<body><!-- Kreminna in a comment --><h1>Update, November 13, 2022</h1>"
        '<p>Russian forces&nbsp;attacked <a href="/wiki/Kreminna">near Kreminna</a> '
        "&amp; Bilohorivka.</p><p>Ukrainian forces struck Nova Kakhovka.</p></body></html>",
        "Kreminna",
    ),
]


@pytest.mark.parametrize(("name", "document", "place"), DOCUMENTS)
def test_a_span_of_the_cleaned_text_is_the_same_words_in_the_file(
    tmp_path: Path, name: str, document: str, place: str
) -> None:
    path = tmp_path / name
    path.write_bytes(document.encode("utf-8"))
    original = path.read_bytes().decode("utf-8")
    report = ingest(path)
    assert report.text != original  # the cleaning changed offsets
    start = report.text.index(place)
    s, e = report.spans(start, start + len(place))
    assert original[s:e] == place
    # the visible occurrence, not one in the <head>, a comment, a script or a link target:
    if name.endswith(".html"):
        before = original[:s]
        assert before.count("<") == before.count(">")  # outside any tag
        assert s > original.index("<body>") and "<!--" not in original[s - 40 : s]
    if name.endswith(".md"):
        assert original[s - 1] == "*"


def test_a_span_across_words_covers_them_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "two.html"
    path.write_text("<p>Strikes hit Nova&nbsp;<b>Kakhovka</b> and Kherson.</p>", encoding="utf-8")
    report = ingest(path)
    start = report.text.index("Nova Kakhovka")
    s, e = report.spans(start, start + len("Nova Kakhovka"))
    assert html.unescape(re.sub(r"<[^>]+>", "", path.read_text()[s:e])) == "Nova\xa0Kakhovka"


def test_text_given_as_a_string_maps_into_that_string() -> None:
    text = "\nShelling hit Orikhiv.[4] Russian forces attacked near Huliaipole.\n"
    report = ingest_text(text, "<string>")
    start = report.text.index("Huliaipole")
    s, e = report.spans(start, start + len("Huliaipole"))
    assert text[s:e] == "Huliaipole"


def test_clean_text_maps_to_itself() -> None:
    text = "Russian forces attacked near Marinka."
    assert span_map(text, text)(29, 35) == (29, 35)


WORDS = st.sampled_from(["near", "Bakhmut", "forces", "attacked", "the", "Siversk", "and"])
NOISE = st.sampled_from(["[1]", "[12]", " https://example.org/a/b", "\r", "\u00a0"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(WORDS, st.one_of(st.just(""), NOISE)), min_size=1, max_size=40))
def test_every_word_of_a_cleaned_text_maps_to_itself_in_the_original(
    pieces: list[tuple[str, str]],
) -> None:
    from frontline.ingest import clean_text

    original = " ".join(word + noise for word, noise in pieces)
    clean = clean_text(original)
    spans = span_map(clean, original)
    for m in re.finditer(r"\w+", clean):
        s, e = spans(m.start(), m.end())
        assert original[s:e] == m.group()


def _span_checks(events: list, originals: dict[str, str]) -> int:
    checked = 0
    for ev in events:
        text = originals[ev.doc][ev.char_start : ev.char_end]
        if ev.precision == "offset":  # the span is the anchor's name inside the phrase
            assert text and text in ev.place, ev
        else:
            assert text == ev.place, ev
        checked += 1
    return checked


@pytest.fixture(scope="module")
def gaz():  # type: ignore[no-untyped-def]
    return load_gazetteer()


def test_seed_spans_index_the_files(gaz) -> None:  # type: ignore[no-untyped-def]
    result = run([str(p) for p in SEEDS], gaz)
    originals = {str(p): p.read_text(encoding="utf-8") for p in SEEDS}
    assert _span_checks(result.events, originals) == len(result.events) > 40


@needs_shared("corpus/isw_full/2026-02-26.txt")
def test_the_2026_report_spans_index_the_file(gaz) -> None:  # type: ignore[no-untyped-def]
    result = run([str(REPORT_2026)], gaz)
    original = REPORT_2026.read_text(encoding="utf-8")
    report = result.reports[0]
    assert report.text != original  # footnote markers and links were cleaned away
    assert _span_checks(result.events, {str(REPORT_2026): original}) == len(result.events) > 100
