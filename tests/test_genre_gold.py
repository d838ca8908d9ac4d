"""A gold set of the project's own: short reports written for these tests, one or two per genre
the development gold covers (a General Staff update, a regional administration's report on its
communities, Russian MoD claims in Russian spellings and relayed by a wire, ISW axis and topline
text with background that is no event, a key-events digest), labelled by the annotation
conventions of the development gold. It runs without ``../shared`` (the embedded gazetteer
suffices) and guards the genre-wide defaults: the genre detected, its claimant, actor and dates.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.evaluate import load_gold, score
from frontline.gazetteer import load_gazetteer
from frontline.pipeline import run

FIXTURES = Path(__file__).parent / "fixtures" / "genres"


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    paths = sorted(FIXTURES.glob("*.txt"))
    found = run(paths, load_gazetteer())
    assert not found.errors
    return score(load_gold(FIXTURES / "gold.jsonl"), found.events)


def test_the_fixtures_cover_each_genre() -> None:
    from frontline.genre import detect_genre
    from frontline.ingest import ingest

    found = {detect_genre(ingest(p).text).name for p in FIXTURES.glob("*.txt")}
    assert found == {"general_staff", "regional_admin", "ru_mod", "isw", "news_digest"}


def test_every_event_found_and_none_invented(report) -> None:  # type: ignore[no-untyped-def]
    assert report.recall >= 0.95, report
    assert report.precision >= 0.95, report
    assert report.acc_1km >= 0.95, report


def test_no_background_place_becomes_an_event(report) -> None:  # type: ignore[no-untyped-def]
    assert report.n_negatives >= 8
    assert report.violations == (), report.violations


def test_attributes(report) -> None:  # type: ignore[no-untyped-def]
    acc = {name: report.attribute(name) for name in ("actor", "event_type", "claimant", "date")}
    assert acc["actor"] >= 0.95 and acc["event_type"] >= 0.95 and acc["claimant"] >= 0.95, acc
    assert acc["date"] >= 0.9, acc
