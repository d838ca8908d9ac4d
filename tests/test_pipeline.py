"""The pipeline end to end over the three seed reports (seeds/*.txt)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from frontline.gazetteer import load_gazetteer
from frontline.names import fold, skeleton
from frontline.pipeline import event_id, run, run_texts
from frontline.records import (
    CLAIMANTS,
    EVENT_TYPES,
    OUTCOMES,
    PRECISIONS,
    Distance,
    LonLat,
    Offset,
)
from frontline.resolve import OBLAST_SCOPES
from frontline.spatial import place_offset

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "seeds").glob("*.txt"))
ISW, LIVEBLOG, NEWSWEEK = SEEDS


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def coll(gaz, monkeypatch_module):
    return run(SEEDS, gaz)


@pytest.fixture(scope="module")
def monkeypatch_module():
    # Seeds are given relative to the repo, as a user would type them there.
    mp = pytest.MonkeyPatch()
    mp.chdir(ROOT)
    yield mp
    mp.undo()


@pytest.fixture(scope="module")
def texts(coll):
    return {r.doc: r.text for r in coll.reports}


def test_three_seeds_are_present():
    assert [Path(s).name[:3] for s in SEEDS] == ["000", "001", "002"]


@pytest.mark.parametrize(
    ("doc", "report_date", "warning"),
    [
        (ISW, "2022-11-12", "report year 2022 inferred from the other inputs; pass --year"),
        (LIVEBLOG, "2022-11-11", None),
        (NEWSWEEK, None, "no report date found; its events get date null. Pass --date"),
    ],
)
def test_report_dates_and_warnings(coll, doc: str, report_date, warning):
    (rep,) = [r for r in coll.reports if r.doc == doc]
    assert rep.report_date == report_date
    doc_warnings = [w for w in coll.warnings if w.startswith(doc)]
    if warning is None:
        assert doc_warnings == []
    else:
        assert len(doc_warnings) == 1 and warning in doc_warnings[0]


def test_no_errors_and_events_from_every_seed(coll):
    assert coll.errors == ()
    assert {e.doc for e in coll.events} == set(SEEDS)


def test_undated_report_gives_undated_events(coll):
    assert {e.date for e in coll.events if e.doc == NEWSWEEK} == {None}
    assert {e.report_date for e in coll.events if e.doc == NEWSWEEK} == {None}


def test_year_less_isw_report_alone_is_ambiguous(gaz, monkeypatch_module):
    alone = run([ISW], gaz)
    assert alone.reports[0].report_date is None
    assert any("has no year" in w and "--year" in w for w in alone.warnings)
    with_year = run([ISW], gaz, year=2022)
    assert with_year.reports[0].report_date == "2022-11-12"
    assert not any("has no year" in w for w in with_year.warnings)


def test_event_ids_are_stable_and_unique(gaz, coll, monkeypatch_module):
    again = run(SEEDS, gaz)
    assert [e.id for e in again.events] == [e.id for e in coll.events]
    assert len({e.id for e in coll.events}) == len(coll.events)
    assert all(re.fullmatch(r"[0-9a-f]{16}", e.id) for e in coll.events)


def test_event_id_depends_on_doc_span_and_place():
    base = event_id("a.txt", 1, 5, "geonames:1")
    assert base == event_id("a.txt", 1, 5, "geonames:1")
    for other in (
        event_id("b.txt", 1, 5, "geonames:1"),
        event_id("a.txt", 2, 5, "geonames:1"),
        event_id("a.txt", 1, 6, "geonames:1"),
        event_id("a.txt", 1, 5, "geonames:2"),
        event_id("a.txt", 1, 5, "geonames:1", "another text"),
    ):
        assert other != base


@pytest.mark.parametrize(
    "spelling", ["a.txt", "./a.txt", "seeds/a.txt", "/home/x/seeds/a.txt", "C:\\data\\a.txt"]
)
def test_event_id_ignores_how_the_path_was_typed(spelling):
    assert event_id(spelling, 1, 5, "geonames:1", "text") == event_id(
        "a.txt", 1, 5, "geonames:1", "text"
    )


def test_event_ids_agree_for_relative_and_absolute_paths(gaz, coll):
    absolute = run([str(ROOT / ISW)], gaz)
    relative_ids = [e.id for e in coll.events if e.doc == ISW]
    assert relative_ids and [e.id for e in absolute.events] == relative_ids


def test_every_event_has_an_axis(coll):
    assert [e for e in coll.events if not e.axis] == []


def test_quotes_are_exact_substrings_of_the_report(coll, texts):
    for e in coll.events:
        assert e.quote and e.quote in texts[e.doc], e
        for q in e.quotes:
            assert q in texts[e.doc]


def test_char_span_locates_the_place_inside_the_quote(coll, texts):
    for e in coll.events:
        text = texts[e.doc]
        span = text[e.char_start : e.char_end]
        if e.precision == "offset":
            # The offset's place is the phrase ("approximately 70km southeast of Kherson City");
            # its span is the anchor name inside that phrase.
            assert span in e.place, e
        elif span != e.place:
            # "near the latter": the phrase that names the place again, said in the cues.
            assert f"place: {span!r} = {e.place}" in e.cues, e
        start = text.find(e.quote, max(0, e.char_start - len(e.quote)))
        assert start <= e.char_start and e.char_end <= start + len(e.quote), e


def test_fields_use_the_closed_vocabularies(coll):
    for e in coll.events:
        assert e.event_type in EVENT_TYPES
        assert e.outcome in OUTCOMES
        assert e.claimant in CLAIMANTS
        assert e.precision in PRECISIONS
        assert e.actor in ("RU", "UA", "unknown")
        assert 0.0 <= e.confidence <= 1.0
        assert 22.0 <= e.lon <= 41.0 and 44.0 <= e.lat <= 53.0


@pytest.mark.parametrize(
    ("doc", "place", "expected"),
    [
        (
            ISW,
            "Volodymyrivka",
            {
                "admin1": "14",
                "anchor": "Svatove",
                "offset": Offset(Distance(15.0, 0.0, 15.0, "within"), 315.0, 22.5),
            },
        ),
        (ISW, "Kuzemivka", {"admin1": "14", "anchor": "Svatove", "claimant": "ru_mod"}),
        (
            ISW,
            "Pishchane",
            {
                "admin1": "07",
                "anchor": "Svatove",
                "offset": Offset(Distance(24.0, 24 * 0.8, 24 * 1.2, "exact"), 315.0, 22.5),
            },
        ),
    ],
)
def test_seed_events(coll, doc: str, place: str, expected: dict):
    matches = [e for e in coll.events if e.doc == doc and e.place == place]
    assert matches, f"no event for {place}"
    got = {k: getattr(matches[0], k) for k in expected}
    assert got == expected


def test_offset_event_70km_southeast_of_kherson(coll):
    (off,) = [e for e in coll.events if e.precision == "offset" and e.doc == ISW]
    assert off.anchor in ("Kherson", "Kherson City")  # canonical or as written
    assert off.offset == Offset(Distance(70.0, 56.0, 84.0, "approx"), 135.0, 22.5)
    placed = place_offset(LonLat(off.anchor_lon, off.anchor_lat), off.offset)
    assert off.position == placed.point
    assert off.uncertainty_km == placed.uncertainty_km
    assert off.lat < off.anchor_lat and off.lon > off.anchor_lon  # southeast of the anchor


@pytest.mark.parametrize(
    "not_event", ["Belgorod", "Kursk", "Simferopol", "Artamonov", "Dnipro River", "Odesa"]
)
def test_seed_not_events(coll, not_event: str):
    assert not [e for e in coll.events if e.place == not_event]


def test_run_texts_names_docs_and_keeps_bad_input_out(gaz):
    coll = run_texts(["WAR IN UKRAINE: November 11, 2022\nRussian forces shelled Nikopol."], gaz)
    assert [e.doc for e in coll.events] == ["<text 0>"]
    assert coll.events[0].date == "2022-11-11"


def test_bad_inputs_are_errors_and_good_ones_still_run(gaz, tmp_path, monkeypatch_module):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "data.bin.txt"
    binary.write_bytes(b"\x00\x01\x02")
    coll = run([str(empty), LIVEBLOG, str(binary), str(tmp_path / "missing.txt")], gaz)
    assert [r.doc for r in coll.reports] == [LIVEBLOG]
    assert coll.events
    assert len(coll.errors) == 3
    for err, name in zip(coll.errors, ("empty.txt", "data.bin.txt", "missing.txt"), strict=True):
        assert name in err and "\n" not in err


# Plausible disambiguation: the place the text puts near its anchor, or none at all.
@pytest.mark.parametrize(
    ("text", "place", "expected"),
    [
        # The only Yaremche of the gazetteer is in the Carpathians, 1000 km from Borova.
        ("Russian forces attacked southeast of Borova near Yaremche.", "Yaremche", None),
        # Reports misstate distances: Masyutivka is 55 km from Svatove, still plausible.
        (
            "Russian forces attacked within 30km northwest of Svatove near Masyutivka.",
            "Masyutivka",
            (49.81, 37.69),
        ),
        # A named oblast that no candidate lies in.
        ("Russian forces shelled Yaremche, Sumy Oblast.", "Yaremche", None),
    ],
)
def test_implausible_candidates_are_not_events(gaz, text: str, place: str, expected) -> None:
    coll = run_texts([f"WAR IN UKRAINE: February 26, 2026\n{text}"], gaz)
    found = [(round(e.lat, 2), round(e.lon, 2)) for e in coll.events if e.place == place]
    if expected is None:
        assert found == []
    else:
        assert found and all(abs(a - b) < 0.05 for a, b in zip(found[0], expected, strict=True))


@pytest.mark.parametrize("row", OBLAST_SCOPES, ids=lambda r: r.scope)
def test_an_oblast_named_near_a_place_guides_the_choice(gaz, row) -> None:
    # Mistky: a village of Chernihiv Oblast and another of Luhansk Oblast.
    text, place, admin1 = row.example
    coll = run_texts([f"WAR IN UKRAINE: May 17, 2024\n{text}"], gaz)
    assert [e.admin1 for e in coll.events if e.place == place] == [admin1]


@pytest.mark.parametrize(
    "body",
    [
        "the Kharkiv Regional Military Administration",
        "the Kharkiv regional administration",
        "the Kharkiv RMA",
        "the Kharkiv OVA",
        "Kharkiv Governor Ivan Petrenko, who",
    ],
)
def test_the_oblast_s_administration_names_its_oblast(gaz, body) -> None:
    # "The head of the Kharkiv RMA said that Kozatske came under fire": the administration's
    # oblast is the one its report is about, as "the Kharkiv region" is (Kozatske and
    # Pishchane: villages of Kharkiv Oblast and of others).
    text = f"The head of {body} said that Kozatske and Pishchane came under fire."
    coll = run_texts([f"WAR IN UKRAINE: May 17, 2024\n{text}"], gaz)
    assert {e.place: e.admin1 for e in coll.events} == {"Kozatske": "07", "Pishchane": "07"}


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Kharkov", "Kharkiv"),
        ("Nikolayev", "Mykolaiv"),
        ("Kiev", "Kyiv"),
        ("Chernigov", "Chernihiv"),
    ],
)
def test_an_oblast_capital_spelt_the_russian_way_is_the_city(gaz, written, name) -> None:
    # Not the oblast (a renamed city's oblast keeps the old name, "Dnipropetrovsk"), and not
    # a village whose own name is that spelling (a Nikolayev of Kharkiv Oblast).
    text = f"The ministry said that missiles struck {written} overnight."
    coll = run_texts([f"WAR IN UKRAINE: May 17, 2024\n{text}"], gaz)
    city = max(gaz.lookup(name), key=lambda p: p.population)
    assert [e.gazetteer_id for e in coll.events] == [city.id]


def test_a_direction_is_the_town_on_its_axis(gaz) -> None:
    # Novopavlivka, Heorhiivka and Novomykhailivka are also villages of Luhansk Oblast; the
    # Novopavlivka direction is the axis of that name (Dnipropetrovsk Oblast's town), and its
    # villages lie west of Donetsk City.
    text = (
        "In the Novopavlivka direction, Ukrainian defenders repelled 11 attacks near "
        "Heorhiivka, Pobieda and Novomykhailivka."
    )
    coll = run_texts([f"WAR IN UKRAINE: May 10, 2024\n{text}"], gaz)
    assert {e.place: e.admin1 for e in coll.events} == {
        "Heorhiivka": "05",
        "Pobieda": "05",
        "Novomykhailivka": "05",
    }
    assert all(e.lon < 37.6 for e in coll.events)


def test_a_direction_outweighs_the_size_of_a_far_namesake(gaz) -> None:
    # Lozova: a city of 60,000 some 110 km from Kupiansk, and a village 27 km from it. The
    # direction's villages are the front's.
    text = "In the Kupiansk direction, the enemy attacked twice near Zapadne and Lozova."
    coll = run_texts([f"WAR IN UKRAINE: May 10, 2024\n{text}"], gaz)
    (lozova,) = [e for e in coll.events if e.place == "Lozova"]
    assert lozova.lat is not None and lozova.lat > 49.3


@pytest.mark.parametrize(
    ("sentence", "place", "kind"),
    [
        # Ukraine's own authorities moving people out: other, by Ukraine ...
        ("Authorities ordered the evacuation of families with children from Myrnohrad.",
         "Myrnohrad", ("other", "UA")),
        # ... the occupier's named: a measure of the occupation.
        ("Occupation authorities announced the evacuation of residents from Oleshky.",
         "Oleshky", ("occupation_measure", "RU")),
    ],
)  # fmt: skip
def test_an_evacuation_is_the_occupiers_only_when_named(gaz, sentence, place, kind) -> None:
    digest = (
        "Russia-Ukraine war: List of key events, day 921\n\n"
        "Here is the situation on Monday, September 2, 2024.\n"
    )
    coll = run_texts([digest + sentence], gaz)
    assert [(e.event_type, e.actor) for e in coll.events if e.place == place] == [kind]


def test_a_report_naming_many_oblasts_has_no_focus(gaz) -> None:
    # Three oblasts named in the report: none of them pulls a bare name in another paragraph.
    base = "The governor said that Mistky came under fire."
    named = (
        "Shelling hit the Luhansk, Sumy and Kharkiv regions.\n\n" + base
    )
    plain = run_texts([f"WAR IN UKRAINE: May 17, 2024\n{base}"], gaz)
    many = run_texts([f"WAR IN UKRAINE: May 17, 2024\n{named}"], gaz)
    assert [e.admin1 for e in many.events if e.place == "Mistky"] == [
        e.admin1 for e in plain.events if e.place == "Mistky"
    ]


def test_an_alternate_name_can_win_on_context(gaz) -> None:
    # "Pervomaiske" near Avdiivka is GeoNames' Avdiyivske (alternate name Pervomaiske); the
    # villages whose current name is Pervomaiske lie elsewhere.
    coll = run_texts(
        [
            "WAR IN UKRAINE: April 20, 2023\nRussian forces attacked near Avdiivka, Sieverne, "
            "Pervomaiske, and Nevelske."
        ],
        gaz,
    )
    (ev,) = [e for e in coll.events if e.place == "Pervomaiske"]
    assert abs(ev.lat - 48.08) < 0.1 and abs(ev.lon - 37.63) < 0.15, (ev.lat, ev.lon)


@pytest.mark.parametrize(
    ("adjective", "centre"),
    [("Krasnopilska", "Krasnopillia"), ("Dubovykivska", "Dubovyky"), ("Khotinska", "Khotin")],
)
def test_a_hromada_adjective_names_its_centre(gaz, adjective: str, centre: str) -> None:
    coll = run_texts(
        [f"WAR IN UKRAINE: May 17, 2024\nRussian drones struck the {adjective} community."],
        gaz,
    )
    # The full gazetteer spells OSM's "Krasnopillia", the embedded one GeoNames' "Krasnopillya".
    assert [(e.place, skeleton(fold(e.place_name))) for e in coll.events] == [
        (adjective, skeleton(fold(centre)))
    ]


def test_the_nearer_coordinated_statement_names_the_event_type(gaz) -> None:
    coll = run_texts(
        [
            "WAR IN UKRAINE: May 17, 2024\nRussian forces established defensive lines near "
            "Svatove, and Ukrainian forces conducted ground attacks near Kreminna."
        ],
        gaz,
    )
    types = {e.place: e.event_type for e in coll.events}
    assert types == {"Svatove": "defensive_works", "Kreminna": "ground_assault"}


def test_a_dated_list_heading_dates_the_items_under_it(gaz) -> None:
    coll = run_texts(
        [
            "WAR IN UKRAINE: May 17, 2024\nRussian forces attacked near Kreminna.\n\n"
            "Key events of the fighting on May 15:\n\n"
            "Russian forces attacked near Siversk.\n\n"
            "Russian forces struck Kramatorsk on May 14.\n\n"
            "Summary\n\nRussian forces attacked near Toretsk."
        ],
        gaz,
    )
    dates = {e.place: e.date for e in coll.events}
    assert dates == {
        "Kreminna": "2024-05-17",  # before the list
        "Siversk": "2024-05-15",  # under it
        "Kramatorsk": "2024-05-14",  # an explicit date wins
        "Toretsk": "2024-05-17",  # a new section ends the list
    }


def test_a_direction_named_in_the_sentence_guides_the_choice(gaz) -> None:
    # Vodiane: a village northeast of Vuhledar (Kurakhove direction) and another between
    # Avdiivka and Donetsk City, among others.
    coll = run_texts(
        [
            "WAR IN UKRAINE: May 17, 2024\nRussian forces attacked near Avdiivka, Sieverne and "
            "Netailove. Fighting went on near Krasnohorivka and Vodiane in the Kurakhove "
            "direction."
        ],
        gaz,
    )
    (ev,) = [e for e in coll.events if e.place == "Vodiane"]
    assert abs(ev.lat - 47.83) < 0.05 and abs(ev.lon - 37.31) < 0.05, (ev.lat, ev.lon)


@pytest.mark.parametrize(
    ("lead", "admin1"),
    [
        ("", "21"),  # Vilshana: the largest namesake wins with nothing else to go on
        ("Fighting continued in the Kupiansk direction.", "07"),  # the one near Kupiansk
        # A front-wide summary names many directions: none of them is the report's focus.
        ("Fighting continued in the Kupiansk, Lyman and Bakhmut directions.", "21"),
    ],
)
def test_the_direction_a_report_names_guides_a_later_paragraph(gaz, lead, admin1) -> None:
    text = f"{lead}\n\nThe enemy attacked near Vilshana."
    coll = run_texts([f"WAR IN UKRAINE: May 17, 2024\n{text}"], gaz)
    assert [e.admin1 for e in coll.events if e.place == "Vilshana"] == [admin1]


def test_a_russian_form_is_as_much_the_name_as_a_namesake_spelt_so(gaz) -> None:
    # "Kislovka": a Sumy village spelt so in GeoNames, and the Russian form of Kyslivka
    # (Kharkiv Oblast): both are the name as written, neither a mere spelling variant.
    from frontline.explain import explain_report
    from frontline.ingest import ingest_text

    report = ingest_text("The enemy attacked near Kislovka.", "k.txt", date="2024-05-17")
    (d,) = explain_report(report, gaz).decisions
    assert d.resolved is not None
    res = d.resolved.resolution
    reasons = {c.place.name: c.reasons for c in res.alternatives}
    assert "name (Russian form)" in reasons.get("Kyslivka", ()), reasons
    assert abs(res.confidence - 0.5) < 0.2, res.confidence  # a tie for the context to break


def test_two_namesakes_each_placed_by_its_own_anchor_stay_apart(gaz) -> None:
    # Krasnohorivka the town west of Donetsk City, and the village north of Avdiivka
    # (GeoNames Yasnohorivka, alternate name Krasnohorivka): each anchor decides its own.
    coll = run_texts(
        [
            "WAR IN UKRAINE: May 17, 2024\nRussian troops attacked Krasnohorivka (8km north "
            "of Avdiivka) and Krasnohorivka (west of Donetsk City)."
        ],
        gaz,
    )
    found = sorted((round(e.lat, 1), round(e.lon, 1)) for e in coll.events)
    assert found == [(48.0, 37.5), (48.2, 37.7)], found


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        # Footage of ground gained: the report dates the line it assesses.
        ("Geolocated footage published on May 15 shows that Russian forces advanced near "
         "Terny.", "2024-05-17"),
        # Footage of a strike: the strike is as old as the footage.
        ("Geolocated footage published on May 15 shows Russian drones striking Terny.",
         "2024-05-15"),
        # A claim published on D is dated D.
        ("Russian milbloggers claimed on May 15 that Russian forces advanced near Terny.",
         "2024-05-15"),
    ],
)  # fmt: skip
def test_footage_of_an_advance_is_dated_by_the_report(gaz, sentence: str, date: str) -> None:
    coll = run_texts([f"WAR IN UKRAINE: May 17, 2024\n{sentence}"], gaz)
    assert [e.date for e in coll.events] == [date]


def test_a_direction_named_by_its_adjective_is_its_town(gaz) -> None:
    # "the Pokrovske direction" is Pokrovsk's (Donetsk Oblast), not one of the villages called
    # Pokrovske; its places are sought near Pokrovsk.
    from frontline.explain import explain_report
    from frontline.ingest import ingest_text

    text = "In the Pokrovske direction, the enemy attacked near Novooleksandrivka."
    report = ingest_text(text, "d.txt", date="2024-05-17")
    by = {d.mention.surface: d for d in explain_report(report, gaz).decisions}
    town = by["Pokrovske"].resolved
    assert by["Pokrovske"].reason == "sector label" and town is not None
    assert town.resolution.place is not None and town.resolution.place.name == "Pokrovsk"
    village = by["Novooleksandrivka"].resolved
    assert village is not None and village.resolution.place is not None
    assert village.resolution.place.admin1 == "05"


@pytest.mark.parametrize(
    ("sentence", "dates"),
    [
        # Imagery over a window: the window's end.
        ("Satellite imagery shows that Russian forces built trenches around Terny between "
         "April 20 and May 12.", ["2024-05-12"]),
        # A recap with an explicit date a fortnight back is an event of that day ...
        ("Russian forces struck Terny on May 2.", ["2024-05-02"]),
        # ... a month back, background history.
        ("Russian forces struck Terny on April 10.", []),
        # A period's start dates nothing: the state it began holds on the report's day.
        ("Russian forces have held positions near Terny since May 5.", ["2024-05-17"]),
    ],
)  # fmt: skip
def test_explicit_dates_date_events_up_to_three_weeks_back(gaz, sentence, dates) -> None:
    coll = run_texts([f"WAR IN UKRAINE: May 17, 2024\n{sentence}"], gaz)
    assert [e.date for e in coll.events] == dates


def test_both_sides_attacking_is_no_one_sides_event(gaz) -> None:
    coll = run_texts(
        [
            "WAR IN UKRAINE: May 17, 2024\nRussian forces established defensive lines near "
            "Svatove, and Russian and Ukrainian forces conducted ground attacks near Kreminna."
        ],
        gaz,
    )
    assert {e.place: e.actor for e in coll.events} == {"Svatove": "RU", "Kreminna": "unknown"}


def test_a_phrase_that_names_a_place_again_is_an_event_there(gaz) -> None:
    coll = run_texts(
        [
            "WAR IN UKRAINE: May 17, 2024\nRussian forces attacked near Krasnohorivka and "
            "Vodiane in the Kurakhove direction. Near the latter, jets supported the assault "
            "with guided bombs."
        ],
        gaz,
    )
    vodiane = [e for e in coll.events if e.place == "Vodiane"]
    assert {e.event_type for e in vodiane} == {"ground_assault", "strike"}
    assert len({(e.lat, e.lon) for e in vodiane}) == 1
    (strike,) = [e for e in vodiane if e.event_type == "strike"]
    assert strike.anchor is None and "place: 'Near the latter' = Vodiane" in strike.cues


def test_no_phrase_names_a_place_the_text_did_not_locate(gaz) -> None:
    coll = run_texts(
        [
            "WAR IN UKRAINE: May 17, 2024\nRussian forces attacked near Bakhmut.\n\n"
            "Saboteurs arrived in Mozyr, Belarus. They planted bombs in the city."
        ],
        gaz,
    )
    assert [e.place for e in coll.events] == ["Bakhmut"]


def test_a_paragraph_that_opens_with_a_date_dates_its_later_sentences(gaz) -> None:
    coll = run_texts(
        [
            "Russia attacks Sumy Oblast\n\nRussian forces launched 20 attacks on Sumy Oblast on "
            "Feb. 22, the regional administration reported on Feb. 23.\n\n"
            "Over the past 24 hours, Russian forces shelled Khotin.\n\n"
            "On Feb. 20, Russian forces struck Bilopillia. A civilian was injured in "
            "Krasnopillia.\n\nA man was injured in Myropillia."
        ],
        gaz,
        date="2024-02-23",
    )
    dates = {e.place: e.date for e in coll.events}
    assert dates == {
        "Khotin": "2024-02-22",  # "over the past 24 hours" of a morning report
        "Bilopillia": "2024-02-20",
        "Krasnopillia": "2024-02-20",  # the paragraph's opening date
        "Myropillia": "2024-02-22",  # the lead's date ("launched 20 attacks on Feb. 22")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A misspelling in a place's slot, next to the places it lies among.
        ("Russian forces attacked northwest of Bakhmut near Zalizianske.", {"Zalizianske"}),
        # The same kind of misspelling with nothing around it to confirm the match.
        ("Russian forces shelled the area west of Hulyiapole.", set()),
        # A country is no misspelt village.
        ("Russian forces withdrew towards Ukraine's border near Kupiansk.", {"Kupiansk"}),
    ],
)
def test_a_misspelt_name_is_kept_only_near_the_places_around_it(gaz, text, expected) -> None:
    coll = run_texts([f"WAR IN UKRAINE: March 10, 2023\n{text}"], gaz)
    assert {e.place for e in coll.events} - {"Bakhmut"} == expected
