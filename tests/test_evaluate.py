"""The scorer: gold validation and every rule of ../shared/eval/FORMAT.md."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from factories import KHERSON_LAT, KHERSON_LON, make_event

from frontline.errors import GoldFormatError, InputError
from frontline.evaluate import (
    EvalReport,
    GoldItem,
    format_report,
    load_gold,
    normalize_name,
    score,
)
from frontline.records import Event

DOC = "000_x.txt"
SEEDS_GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "seeds_gold.jsonl"


def moved(lon: float, lat: float, bearing: float, km: float) -> tuple[float, float]:
    """The point ``km`` along ``bearing`` on the scorer's sphere (haversine distances)."""
    d, b = km / 6371.0088, math.radians(bearing)
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    return math.degrees(l2), math.degrees(p2)


def gold_event(place: str = "Kherson", lon: float = KHERSON_LON, lat: float = KHERSON_LAT,
               **kw: Any) -> GoldItem:  # fmt: skip
    fields: dict[str, Any] = {
        "kind": "event", "doc": DOC, "date": "2022-11-12", "place": place, "lat": lat,
        "lon": lon, "admin1": "08", "gazetteer_id": "geonames:706448", "tolerance_km": 3.0,
        "actor": "RU", "event_type": "withdrawal", "claimant": "isw",
        "quote": f"fighting near {place}",
    }  # fmt: skip
    fields.update(kw)
    return GoldItem(**fields)


def gold_offset(**kw: Any) -> GoldItem:
    fields: dict[str, Any] = {
        "kind": "offset", "doc": DOC, "date": "2022-11-12", "anchor": "Kherson",
        "distance_km": 70.0, "bearing_deg": 135.0, "tolerance_km": 15.0, "actor": "RU",
        "event_type": "defensive_works", "claimant": "satellite_imagery",
        "quote": "a new base approximately 70km southeast of Kherson City",
    }  # fmt: skip
    fields.update(kw)
    return GoldItem(**fields)


def gold_place(kind: str, place: str, doc: str = DOC) -> GoldItem:
    return GoldItem(kind=kind, doc=doc, place=place, quote=f"... {place} ...")  # type: ignore[arg-type]


def pred(place: str = "Kherson", lon: float = KHERSON_LON, lat: float = KHERSON_LAT,
         **kw: Any) -> Event:  # fmt: skip
    kw.setdefault("doc", f"seeds/{DOC}")
    kw.setdefault("quote", f"fighting near {place}")
    kw.setdefault("char_start", int(abs(lon * 1e6 + lat * 1e3)) % 100_000)
    return make_event(place=place, place_name=kw.pop("place_name", place), lon=lon, lat=lat, **kw)


# --- gold loading ----------------------------------------------------------------------------


@pytest.mark.skipif(not SEEDS_GOLD.exists(), reason="../shared/eval not present")
def test_load_seeds_gold() -> None:
    gold = load_gold(SEEDS_GOLD)
    kinds = [g.kind for g in gold]
    assert (kinds.count("event"), kinds.count("offset"), kinds.count("not_an_event")) == (44, 1, 4)
    kherson = gold[0]
    assert (kherson.place, kherson.lon, kherson.lat, kherson.line) == (
        "Kherson", 32.61439, 46.64013, 1
    )  # fmt: skip
    assert gold[-1].kind == "not_an_event"


GOOD = json.dumps(
    {"kind": "not_an_event", "doc": DOC, "place": "Odesa", "quote": "Odesa Oblast Administration"}
)
EVENT = {
    "kind": "event", "doc": DOC, "date": "2022-11-12", "place": "Kherson", "lat": 46.64,
    "lon": 32.61, "admin1": "08", "gazetteer_id": "geonames:706448", "tolerance_km": 3.0,
    "actor": "RU", "event_type": "withdrawal", "claimant": "isw", "quote": "surrendering Kherson",
}  # fmt: skip


def _event_line(**changes: Any) -> str:
    obj = {**EVENT, **changes}
    return json.dumps({k: v for k, v in obj.items() if v is not ...})


@pytest.mark.parametrize(
    ("line", "match"),
    [
        ("{not json", "expected one JSON object per line; got invalid JSON"),
        ("[1, 2]", "expected a JSON object; got list"),
        ('{"kind": "rumour", "doc": "a.txt"}',
         "expected 'kind' one of event, offset, .*got 'rumour'"),
        (_event_line(lat=...), "kind 'event' needs field 'lat'; it is missing"),
        (_event_line(lat=146.6), r"field 'lat' must be a latitude in -90..90; got 146.6"),
        (_event_line(lon="32.6"), "field 'lon' must be a longitude .*; got '32.6'"),
        (_event_line(date="12/11/2022"), "field 'date' must be a YYYY-MM-DD date or null"),
        (_event_line(date="2022-02-30"), "field 'date' must be a YYYY-MM-DD date"),
        (_event_line(actor="Russia"), "field 'actor' must be one of RU, UA, unknown; got 'Russia'"),
        (_event_line(event_type="battle"), "field 'event_type' must be one of ground_assault"),
        (_event_line(claimant="twitter"), "field 'claimant' must be one of ru_mod"),
        (_event_line(tolerance_km=0), "field 'tolerance_km' must be a positive number"),
        (_event_line(tolerance_km=True), "field 'tolerance_km' must be a positive number"),
        (_event_line(gazetteer_id="706448"), "field 'gazetteer_id' must be \"geonames:ID\""),
        (_event_line(quote=""), "field 'quote' must be a non-empty string"),
        ('{"kind": "offset", "doc": "a.txt", "anchor": "Kherson"}',
         "kind 'offset' needs field 'distance_km'"),
        (json.dumps({"kind": "neutral", "doc": "a.txt", "place": "Svatove", "quote": "q",
                     "lat": 49.4}), "a place needs both lat and lon, or neither"),
        ('{"kind": "not_an_event", "doc": "a.txt", "quote": "q"}',
         "kind 'not_an_event' needs field 'place'"),
    ],
)  # fmt: skip
def test_bad_gold_line(tmp_path: Path, line: str, match: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(f"{GOOD}\n\n{line}\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=rf"gold\.jsonl:3: {match}"):
        load_gold(path)


def test_gold_good_lines(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    neutral = {"kind": "neutral", "doc": DOC, "place": "Svatove", "quote": "the Svatove direction"}
    path.write_text(
        "\n".join([GOOD, _event_line(date=None, extra="ignored"), json.dumps(neutral)]) + "\n",
        encoding="utf-8",
    )
    gold = load_gold(path)
    assert [(g.kind, g.line) for g in gold] == [("not_an_event", 1), ("event", 2), ("neutral", 3)]
    assert gold[1].date is None
    assert gold[2].lat is None


def test_gold_empty_and_missing(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match="the file is empty"):
        load_gold(path)
    with pytest.raises(InputError, match="cannot read the gold file"):
        load_gold(tmp_path / "absent.jsonl")


# --- names and docs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Kherson City", "kherson"),
        ("KHERSON city", "kherson"),
        ("Kherson", "kherson"),
        ("Mar'yinka", "maryinka"),
        ("Mar’yinka", "maryinka"),
        ("Hulyaipole", "hulyaipole"),
        ("Huliaipole-City", "huliaipole"),
        ("Kryvyi Rih", "kryvyirih"),
        ("Zaporižžja", "zaporizzja"),
        ("City", "city"),  # a lone word is a name, not a suffix
        ("Херсон", ""),  # ASCII-folded as the reference scorer folds: non-Latin letters drop
        ("", ""),
        (None, ""),
        ("--", ""),
    ],
)
def test_normalize_name(name: str | None, key: str) -> None:
    assert normalize_name(name) == key


@pytest.mark.parametrize(
    ("pred_doc", "gold_doc", "belongs"),
    [
        ("seeds/000_x.txt", "000_x.txt", True),
        ("/abs/path/seeds/000_x.txt", "seeds/000_x.txt", True),
        ("000_x.txt", "000_x.txt", True),
        ("C:\\reports\\seeds\\000_x.txt", "000_x.txt", True),
        ("seeds/1000_x.txt", "000_x.txt", False),  # components, not characters
        ("other/000_x.txt", "seeds/000_x.txt", False),
        ("000_x.txt", "seeds/000_x.txt", False),
    ],
)
def test_doc_suffix_matching(pred_doc: str, gold_doc: str, belongs: bool) -> None:
    report = score([gold_event(doc=gold_doc)], [pred(doc=pred_doc)])
    assert report.matched == int(belongs)
    assert report.n_other_docs == int(not belongs)


def test_prediction_belongs_to_every_gold_doc_it_ends_with() -> None:
    gold = [gold_event(doc="000_x.txt"), gold_event(doc="b/000_x.txt", place="Svatove")]
    report = score(gold, [pred(doc="/a/b/000_x.txt")])
    assert [(d.doc, d.predicted) for d in report.per_doc] == [("000_x.txt", 1), ("b/000_x.txt", 1)]


# --- recall / precision ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("km", "matched"),
    [(0.0, True), (2.99, True), (3.01, False), (10.0, False)],
)
def test_tolerance_boundary(km: float, matched: bool) -> None:
    report = score([gold_event()], [pred("Kherson", *moved(KHERSON_LON, KHERSON_LAT, 60, km))])
    assert report.matched == int(matched)
    assert report.correct == int(matched)
    assert (report.recall, report.precision) == (float(matched), float(matched))


@pytest.mark.parametrize(
    ("precision", "scored"),
    [("settlement", True), ("feature", True), ("offset", True), ("region", False)],
)
def test_region_not_scored(precision: str, scored: bool) -> None:
    far = moved(KHERSON_LON, KHERSON_LAT, 0, 100)
    report = score([gold_event()], [pred("Kherson"), pred("Oblast", *far, precision=precision)])
    assert report.n_region == int(not scored)
    assert report.counted == 1 + int(scored)  # the far one is a false positive only if scored
    assert report.matched == 1


def test_region_prediction_cannot_match() -> None:
    report = score([gold_event()], [pred(precision="region")])
    assert (report.matched, report.counted, report.n_scored) == (0, 0, 0)
    assert report.precision is None


def test_neutral_places_left_out_of_precision() -> None:
    svatove = (38.16204, 49.4093)
    gold = [gold_event(), gold_place("neutral", "Svatove")]
    preds = [
        pred("Kherson"),
        pred("Svatove", *svatove),  # a sector label, not a gold event: not counted
        pred("the front", *svatove, place_name="Svatove"),  # canonical name also counts
        pred("Kreminna", 38.21, 49.05),  # a real false positive
    ]
    report = score(gold, preds)
    assert report.n_neutral == 2
    assert (report.correct, report.counted) == (1, 2)
    assert [f.place for f in report.false_positives] == ["Kreminna"]


def test_precision_counts_unmatched_but_near_predictions() -> None:
    # Two predictions at one gold place: one matches, the other is still "near some gold".
    report = score([gold_event()], [pred(char_start=1), pred(char_start=2)])
    assert (report.matched, report.correct, report.counted) == (1, 2, 2)


def test_one_to_one_matching() -> None:
    a = gold_event("Volodymyrivka", 37.97562, 49.59022)
    b = gold_event("Kuzemivka", *moved(37.97562, 49.59022, 90, 2.0))
    between = pred("Volodymyrivka", *moved(37.97562, 49.59022, 90, 1.0))
    report = score([a, b], [between])
    assert (report.matched, report.n_gold) == (1, 2)
    assert report.correct == 1


def test_matching_is_greedy_tightest_tolerance_first() -> None:
    # As the reference scorer: g2 (5 km) is matched after g1 (3 km) although it comes first,
    # and g1 takes its nearest prediction p1 even though p1 is g2's only one in range.
    g1 = gold_event("A", 37.0, 49.0)
    g2 = gold_event("B", *moved(37.0, 49.0, 90, 4.0), tolerance_km=5.0)
    p1 = pred("A", *moved(37.0, 49.0, 90, 1.5), char_start=1)
    p2 = pred("A", *moved(37.0, 49.0, 270, 2.0), char_start=2)
    assert score([g2, g1], [p1, p2]).matched == 1


def test_attribute_agreement_preferred_over_distance() -> None:
    gold = gold_event(actor="UA")
    near_wrong = pred(actor="RU", char_start=1)
    far_right = pred("Kherson", *moved(KHERSON_LON, KHERSON_LAT, 0, 2.0), actor="UA", char_start=2)
    report = score([gold], [near_wrong, far_right])
    assert report.attribute("actor") == 1.0


# --- offsets ---------------------------------------------------------------------------------

OFFSET_POINT = moved(KHERSON_LON, KHERSON_LAT, 135, 70)


def test_offset_projected_from_gold_event_anchor() -> None:
    gold = [gold_event(), gold_offset()]
    report = score(gold, [pred(), pred("base", *OFFSET_POINT, precision="offset")])
    assert (report.matched, report.n_gold, report.n_gold_offsets) == (2, 2, 1)
    assert report.unresolved_anchors == ()


def test_offset_outside_tolerance() -> None:
    wrong = moved(KHERSON_LON, KHERSON_LAT, 45, 70)  # northeast instead of southeast
    report = score([gold_event(), gold_offset()], [pred("base", *wrong, precision="offset")])
    assert report.matched == 0
    assert [f.place for f in report.misses] == ["Kherson", "70km @135° of Kherson"]


def test_offset_anchor_is_a_gold_event_of_any_doc() -> None:
    gold = [gold_event(doc="other.txt"), gold_offset()]
    report = score(gold, [pred("base", *OFFSET_POINT, precision="offset")])
    assert (report.matched, report.n_gold_offsets) == (1, 1)


def test_offset_without_gold_anchor_is_not_scored() -> None:
    report = score([gold_offset()], [pred("", *OFFSET_POINT, precision="offset")])
    assert (report.matched, report.n_gold, report.n_unlocated) == (0, 0, 1)
    assert report.recall is None
    assert [f.detail for f in report.unresolved_anchors] == ["anchor not found"]
    assert report.misses == ()


def test_gold_event_without_coordinates_is_not_scored() -> None:
    report = score([gold_event(lat=None, lon=None), gold_event("Svatove", 38.16204, 49.4093)], [])
    assert (report.n_gold, report.n_unlocated) == (1, 1)
    assert [f.detail for f in report.unresolved_anchors] == ["no coordinates"]


# --- location error by name ------------------------------------------------------------------


def test_name_errors_and_acc_at_k() -> None:
    gold = [
        gold_event("Kherson"),
        gold_event("Svatove", 38.16204, 49.4093),
        gold_event("Kreminna", 38.21, 49.05),
        gold_event("Siversk", 38.09, 48.87),
    ]
    preds = [
        pred("Kherson City", *moved(KHERSON_LON, KHERSON_LAT, 0, 0.5)),  # "city" dropped
        pred("Svatovo", *moved(38.16204, 49.4093, 0, 4.0), place_name="Svatove"),  # canonical
        pred("Kreminna", *moved(38.21, 49.05, 0, 30.0)),  # wrong same-named place
        pred("Siverske", 38.09, 48.87),  # right spot, different name: no name error
    ]
    report = score(gold, preds)
    assert report.name_found == 3
    assert sorted(round(e, 3) for e in report.errors_km) == [0.5, 4.0, 30.0]
    assert report.median_error_km == pytest.approx(4.0, abs=1e-3)
    assert report.acc_1km == 1 / 4  # the name miss counts against acc@k
    assert report.acc_5km == 2 / 4
    assert [f.place for f in report.name_misses] == ["Siversk"]


def test_nearest_same_name_prediction_is_used() -> None:
    report = score(
        [gold_event("Makiivka", 37.92576, 48.04782)],
        [
            pred("Makiivka", 37.98112, 49.21967),
            pred("Makiivka", *moved(37.92576, 48.04782, 0, 0.2)),
        ],
    )
    assert report.errors_km == pytest.approx((0.2,), abs=1e-3)


# --- not-an-event, attributes ----------------------------------------------------------------


def test_not_an_event_violations() -> None:
    gold = [gold_event(), gold_place("not_an_event", "Odesa"), gold_place("not_an_event", "Kursk")]
    preds = [
        pred(),
        pred("Odesa Oblast", 30.72, 46.48, place_name="Odesa"),  # canonical name violates
        pred("Kursk", 36.19, 51.73, precision="region"),  # region-level: not scored
        pred("Kursk", 36.19, 51.73, doc="seeds/other.txt"),  # another doc
    ]
    report = score(gold, preds)
    assert [f.place for f in report.violations] == ["Odesa"]
    assert report.per_doc[0].violations == 1


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, {"actor": 1.0, "event_type": 1.0, "claimant": 1.0, "date": 1.0}),
        ({"actor": "UA"}, {"actor": 0.0, "event_type": 1.0, "claimant": 1.0, "date": 1.0}),
        ({"event_type": "shelling", "claimant": "ru_mod"},
         {"actor": 1.0, "event_type": 0.0, "claimant": 0.0, "date": 1.0}),
        ({"date": "2022-11-11"}, {"actor": 1.0, "event_type": 1.0, "claimant": 1.0, "date": 0.0}),
        ({"date": None}, {"actor": 1.0, "event_type": 1.0, "claimant": 1.0, "date": 0.0}),
    ],
)  # fmt: skip
def test_attribute_accuracy(changes: dict[str, Any], expected: dict[str, float]) -> None:
    report = score([gold_event()], [pred(**changes)])
    assert {name: report.attribute(name) for name in expected} == expected


def test_undated_gold_is_left_out_of_date_accuracy() -> None:
    report = score([gold_event(date=None)], [pred(date=None)])
    assert report.attribute("date") is None
    assert report.attribute("actor") == 1.0


def test_attributes_over_matched_pairs_only() -> None:
    far = moved(KHERSON_LON, KHERSON_LAT, 0, 50)
    report = score([gold_event(), gold_event("Svatove", 38.16204, 49.4093)],
                   [pred(), pred("Svatove", *far, actor="UA")])  # fmt: skip
    assert [(a.name, a.correct, a.total) for a in report.attributes] == [
        ("actor", 1, 1), ("event_type", 1, 1), ("claimant", 1, 1), ("date", 1, 1),
    ]  # fmt: skip


# --- report text -----------------------------------------------------------------------------

HEADLINE = [
    r"recall (\d\.\d\d|n/a) \(\d+/\d+\)  precision (\d\.\d\d|n/a) \(\d+/\d+\)",
    r"acc@1km (\d\.\d\d|n/a)  acc@5km (\d\.\d\d|n/a)  median_error_km (\d+\.\d\d|n/a)  "
    r"not-an-event violations \d+",
    r"actor (\d\.\d\d|n/a)  event_type (\d\.\d\d|n/a)  "
    r"claimant (\d\.\d\d|n/a)  date (\d\.\d\d|n/a)",
]


def _headline_ok(report: EvalReport, verbose: bool) -> list[str]:
    lines = format_report(report, verbose=verbose).splitlines()
    for line, pattern in zip(lines[-3:], HEADLINE, strict=True):
        assert re.fullmatch(pattern, line), line
    return lines


@pytest.mark.parametrize("verbose", [False, True])
def test_format_report_headline(verbose: bool) -> None:
    gold = [gold_event(), gold_event("Svatove", 38.16204, 49.4093), gold_offset(),
            gold_place("not_an_event", "Odesa")]  # fmt: skip
    preds = [pred(actor="UA"), pred("Odesa", 30.72, 46.48)]
    lines = _headline_ok(score(gold, preds), verbose)
    assert lines[-3] == "recall 0.33 (1/3)  precision 0.50 (1/2)"
    # The offset is named by its anchor (Kherson): its nearest "Kherson" is 70 km away.
    assert lines[-2] == (
        "acc@1km 0.33  acc@5km 0.33  median_error_km 70.00  not-an-event violations 1"
    )
    assert lines[-1] == "actor 0.00  event_type 1.00  claimant 1.00  date 1.00"
    text = "\n".join(lines)
    assert ("false positives (1):" in text) == verbose
    if verbose:
        assert "000_x.txt  Odesa  [nearest gold" in text
        assert "000_x.txt  Svatove  [no prediction in range]  'fighting near Svatove'" in text


def test_format_report_nothing_to_score() -> None:
    lines = _headline_ok(score([gold_place("not_an_event", "Odesa")], []), verbose=True)
    assert lines[-3] == "recall n/a (0/0)  precision n/a (0/0)"
    assert lines[-1] == "actor n/a  event_type n/a  claimant n/a  date n/a"


@pytest.mark.skipif(not SEEDS_GOLD.exists(), reason="../shared/eval not present")
def test_perfect_predictions_on_seed_gold() -> None:
    gold = load_gold(SEEDS_GOLD)
    preds = [
        make_event(
            doc=f"/somewhere/seeds/{g.doc}", place=g.place or "", place_name=g.place or "",
            lon=g.lon, lat=g.lat, date=g.date, actor=g.actor, event_type=g.event_type,
            claimant=g.claimant, quote=g.quote, char_start=g.line,
        )
        for g in gold
        if g.kind == "event"
    ]  # fmt: skip
    kherson = next(g for g in gold if g.place == "Kherson")
    offset = next(g for g in gold if g.kind == "offset")
    lon, lat = moved(kherson.lon or 0, kherson.lat or 0, offset.bearing_deg or 0, 70)
    preds.append(
        make_event(doc=offset.doc, place="", lon=lon, lat=lat, precision="offset", actor="RU",
                   event_type="defensive_works", claimant="satellite_imagery", quote=offset.quote,
                   char_start=9999)
    )  # fmt: skip
    report = score(gold, preds)
    assert (report.recall, report.precision) == (1.0, 1.0)
    assert (report.acc_1km, report.acc_5km, report.median_error_km) == (1.0, 1.0, 0.0)
    assert {a.name: a.accuracy for a in report.attributes} == dict.fromkeys(
        ("actor", "event_type", "claimant", "date"), 1.0
    )
    assert report.violations == ()
    assert format_report(report).splitlines()[-3] == "recall 1.00 (45/45)  precision 1.00 (45/45)"
