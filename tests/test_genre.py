"""Genres and the document-level defaults they imply, as tables.

The genre rows and the relative-day rules carry their own examples (``frontline.genre.GENRES``,
``frontline.semantics.RELATIVE_DAYS``); these tests read them, so a new row brings its tests.
The end-to-end rows below are short sentences written for these tests.
"""

from __future__ import annotations

import pytest

from frontline.genre import GENRE_NAMES, GENRES, detect_genre, genre
from frontline.ingest import ingest_text
from frontline.semantics import (
    RELATIVE_DAYS,
    describe,
    document_context,
    is_reporting_date,
    relative_date,
)


@pytest.mark.parametrize(
    ("name", "example"), [(g.name, ex) for g in GENRES for ex in g.examples]
)
def test_genre_examples_are_detected(name: str, example: str) -> None:
    assert detect_genre(example).name == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Russia's defence ministry said its forces took a village. Ukraine's General Staff "
            "said the attacks were repelled.",
            "ru_mod",
        ),
        (
            "The General Staff of the Armed Forces of Ukraine reported 90 clashes. The Russian "
            "MoD claimed gains near Kupiansk.",
            "general_staff",
        ),
        (
            "Russia-Ukraine war: list of key events, day 900\nRussia's defence ministry said "
            "its troops took a village.",
            "news_digest",
        ),
        (
            "Russian shelling killed two in Kherson Oblast, the governor said. Russia says it "
            "struck military targets.",
            "regional_admin",
        ),
    ],
)
def test_the_earliest_marker_decides(text: str, name: str) -> None:
    """A report that quotes another genre's source later keeps the genre of its opening."""
    assert detect_genre(text).name == name


def test_every_genre_but_the_fallback_has_examples() -> None:
    assert all(g.examples for g in GENRES[:-1])
    assert GENRES[-1].name == "article" and genre("no-such-genre").name == "article"
    assert len(set(GENRE_NAMES)) == len(GENRE_NAMES)


@pytest.mark.parametrize(
    ("rule", "example"), [(r, ex) for r in RELATIVE_DAYS for ex in r.examples]
)
def test_relative_day_examples(rule, example: str) -> None:
    found = relative_date(example, "2024-05-17")
    assert found is not None and found[1].startswith(rule.label)
    assert found[0] == {0: "2024-05-17", -1: "2024-05-16", -2: "2024-05-15"}[rule.days]


@pytest.mark.parametrize(
    ("text", "date", "statements"),
    [
        ("On Saturday, the enemy attacked 40 times.", "2024-03-16", True),  # report: Sunday
        ("On Sunday the enemy attacked.", "2024-03-17", True),
        ("The governor said on Thursday that a village was shelled.", "2024-03-14", True),
        ("The governor said on Thursday that a village was shelled.", None, False),
        ("Nothing relative here.", None, True),
        ("Drones hit the port in the early hours of Saturday.", "2024-03-16", True),
        ("Drones hit the port on the night of Saturday to Sunday.", "2024-03-16", True),
        # The event's weekday beats the statement's.
        ("The ministry claimed on Saturday that it took the town on Thursday.", "2024-03-14",
         True),
        ("The ministry claimed on Saturday that it took the town on Thursday.", "2024-03-14",
         False),
        # A relative day of the event counts back from the statement's weekday.
        ("Russians attacked 12 settlements over the past 24 hours, the governor said on "
         "Saturday.", "2024-03-15", True),
    ],
)
def test_relative_date_weekdays(text: str, date: str | None, statements: bool) -> None:
    found = relative_date(text, "2024-03-17", statements=statements)
    assert (found[0] if found else None) == date


@pytest.mark.parametrize(
    ("text", "date", "reporting"),
    [
        ("The governor said on the morning of June 12 that X was shelled.", "June 12", True),
        ("The General Staff reported early on May 26 that attacks went on.", "May 26", True),
        ("The mayor said on Thursday that two were injured.", "Thursday", True),
        ("Russian forces attacked X on the morning of June 12.", "June 12", False),
    ],
)
def test_a_date_of_the_statement(text: str, date: str, reporting: bool) -> None:
    assert is_reporting_date(text, text.index(date)) == reporting


# (report text, place, expected (claimant, actor, event_type, date)); reports dated by --date.
_CASES = [
    (
        "Russia shells 3 communities in Sumy Oblast\n\n"
        "Russian forces shelled the border over the past day, the regional military "
        "administration reported.\n\nThe communities of Krasnopillia and Bilopillia were "
        "targeted.",
        "Krasnopillia",
        ("ua_official", "RU", "shelling", "2024-04-20"),
    ),
    (
        "War update: 60 combat clashes in past day\n\n"
        "That is according to the General Staff of Ukraine's Armed Forces.\n\n"
        "On Saturday, the enemy attacked near Robotyne.",
        "Robotyne",
        ("ua_general_staff", "RU", "ground_assault", "2024-04-20"),
    ),
    (
        "Russia says its forces took a village\n\n"
        "Russia's defence ministry said on Sunday its forces had taken the village of "
        "Vesele.\n\nThe ministry also said Ukrainian counterattacks near Serebrianka "
        "were repelled.",
        "Serebrianka",
        ("ru_mod", "UA", "ground_assault", "2024-04-21"),
    ),
    (
        "Russia says its forces took a village\n\n"
        "Russia's defence ministry said on Sunday its forces had taken the village of "
        "Vesele.",
        "Vesele",
        ("ru_mod", "RU", "advance", "2024-04-21"),
    ),
    (
        "Russia-Ukraine war: List of key events, day 900\n\n"
        "- Russian attacks on Toretsk killed two people, Ukraine's military said.",
        "Toretsk",
        ("ua_official", "RU", "shelling", "2024-04-21"),
    ),
    (
        "Russia says it took a village\n\n"
        "Russia's defence ministry said its forces had captured Zalizne. It said the enemy "
        "attacked the positions of our troops near Synkivka.",
        "Zalizne",
        ("ru_mod", "RU", "advance", "2024-04-21"),
    ),
    (
        "Statement of the press center of the West group\n\n"
        "The enemy conducted three attacks on the positions of our troops near Synkivka.",
        "Synkivka",
        ("ru_mod", "UA", "ground_assault", "2024-04-21"),
    ),
    # Fire on a unit: the unit named (or "the enemy") is the target, the claimant's side acts.
    (
        "Statement of the press center of the East group\n\n"
        "Units of the group inflicted fire damage on manpower and equipment of the 12th "
        "Ukrainian brigade near Terny.",
        "Terny",
        ("ru_mod", "RU", "strike", "2024-04-21"),
    ),
    (
        "Statement of the press center of the East group\n\n"
        "The group inflicted losses on enemy manpower and equipment near Terny.",
        "Terny",
        ("ru_mod", "RU", "strike", "2024-04-21"),
    ),
    (
        "Statement of the press center of the East group\n\n"
        "Drone operators of the group hit manpower and equipment of a brigade of the Armed "
        "Forces of Ukraine near Terny.",
        "Terny",
        ("ru_mod", "RU", "strike", "2024-04-21"),
    ),
    (
        "War update: 60 combat clashes in past day\n\n"
        "That is according to the General Staff of Ukraine's Armed Forces.\n\n"
        "Over the past day, Ukrainian units inflicted heavy losses on Russian manpower near "
        "Terny.",
        "Terny",
        ("ua_general_staff", "UA", "strike", "2024-04-20"),
    ),
]


# A text with no header (the article genre, whose lead and paragraphs carry a speaker's
# claim): footage is evidence of its own sentence only.
_CASES += [
    (
        "Russian forces kept up pressure in the east. Geolocated footage published on April 20 "
        "indicates that Russian forces advanced near Terny. Russian forces also attacked near "
        "Torske and Zarichne.",
        "Torske",
        ("media", "RU", "ground_assault", "2024-04-21"),
    ),
    (
        "Satellite imagery shows new trenches near Terny. Russian forces attacked near Torske.",
        "Torske",
        ("media", "RU", "ground_assault", "2024-04-21"),
    ),
    (
        "Russian forces kept up pressure in the east. Geolocated footage published on April 20 "
        "indicates that Russian forces advanced near Terny.",
        "Terny",
        ("geolocated_footage", "RU", "advance", "2024-04-21"),
    ),
]


@pytest.mark.parametrize(("text", "place", "expected"), _CASES)
def test_describe_uses_genre_defaults(text: str, place: str, expected: tuple) -> None:
    report = ingest_text(text, "case.txt", date="2024-04-21")  # a Sunday
    ctx = document_context(report)
    at = report.text.index(place)
    index = next(i for i, s in enumerate(report.sentences) if s.start <= at < s.end)
    sem = describe(report, ctx, index, at - report.sentences[index].start, "")
    assert (sem.claimant, sem.actor, sem.event_type, sem.date) == expected, sem.cues
