"""GeoJSON export/import: RFC 7946 shape, determinism, round trips, uncertainty polygons."""

from __future__ import annotations

import json
import math
import random
import re
from dataclasses import replace
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from factories import APPROX_70KM_SE, KHERSON_LAT, KHERSON_LON, make_event, make_offset_event
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import Point, shape

from frontline.errors import InputError
from frontline.geojson import (
    PROPERTIES,
    FeatureLines,
    event_to_feature,
    events_to_geojson,
    feature_to_event,
    read_geojson,
    sort_events,
    uncertainty_features,
    uncertainty_geojson,
)
from frontline.records import (
    CLAIMANTS,
    DISTANCE_QUALIFIERS,
    EVENT_TYPES,
    OUTCOMES,
    PRECISIONS,
    Distance,
    Event,
    Offset,
)

GEOD = Geod(ellps="WGS84")

# Every field SPEC §5 promises, plus the derived ones the brief asks for.
SPEC_FIELDS = {
    "id", "doc", "date", "report_date", "place", "place_name", "gazetteer_id", "admin1",
    "precision", "geo_precision", "uncertainty_km", "anchor", "distance_km", "bearing_deg",
    "axis", "actor", "event_type", "outcome", "claimant", "confidence", "alternatives", "quote",
    "char_start", "char_end", "date_start", "date_end", "cues", "quotes",
}  # fmt: skip


def offset_event(**overrides: Any) -> Event:
    """ "approximately 70km southeast of Kherson City", placed as the pipeline places it."""
    return make_offset_event(**overrides)


def collection(events: list[Event]) -> dict[str, Any]:
    return json.loads(events_to_geojson(events))


# --- RFC 7946 shape --------------------------------------------------------------------------


def test_point_coordinates_are_lon_then_lat() -> None:
    feature = collection([make_event()])["features"][0]
    assert feature["geometry"]["type"] == "Point"
    lon, lat = feature["geometry"]["coordinates"]
    assert lon == pytest.approx(32.61, abs=0.01)
    assert lat == pytest.approx(46.64, abs=0.01)


def test_no_crs_member_anywhere() -> None:
    text = events_to_geojson([make_event(), offset_event()])
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc
    assert all("crs" not in f for f in doc["features"])
    assert '"crs"' not in text


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [
        (32.123456789123, 46.98765432198, [32.1234568, 46.9876543]),
        (32.61439, 46.64013, [32.61439, 46.64013]),
        (-0.00000001, 46.0, [0.0, 46.0]),  # -0.0 normalised
        (30.0, 50.0, [30.0, 50.0]),
    ],
)
def test_coordinates_rounded_to_seven_decimals(
    lon: float, lat: float, expected: list[float]
) -> None:
    text = events_to_geojson([make_event(lon=lon, lat=lat)])
    assert json.loads(text)["features"][0]["geometry"]["coordinates"] == expected
    coords_text = re.search(r'"coordinates": \[([^\]]*)\]', text)
    assert coords_text is not None
    for number in coords_text.group(1).split(","):
        decimals = number.strip().partition(".")[2]
        assert len(decimals) <= 7, number


def test_properties_cover_the_spec() -> None:
    props = collection([make_event()])["features"][0]["properties"]
    assert set(props) >= SPEC_FIELDS
    assert set(props) == set(PROPERTIES)


@pytest.mark.parametrize(
    ("precision", "code"), [("settlement", 1), ("feature", 1), ("offset", 2), ("region", 3)]
)
def test_geo_precision_code(precision: str, code: int) -> None:
    assert event_to_feature(make_event(precision=precision))["properties"]["geo_precision"] == code


@pytest.mark.parametrize(
    ("date_", "date_range", "start", "end"),
    [
        ("2022-11-12", None, "2022-11-12", "2022-11-12"),
        ("2026-02-26", ("2026-02-25", "2026-02-26"), "2026-02-25", "2026-02-26"),
        (None, None, None, None),
    ],
)
def test_date_start_end(
    date_: str | None, date_range: tuple[str, str] | None, start: str | None, end: str | None
) -> None:
    props = event_to_feature(make_event(date=date_, date_range=date_range))["properties"]
    assert (props["date"], props["date_start"], props["date_end"]) == (date_, start, end)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("alternatives", ("Pavlivka (geonames:1) 0.4", "Pavlivka (osm:node/2) 0.2"),
         "Pavlivka (geonames:1) 0.4; Pavlivka (osm:node/2) 0.2"),
        ("alternatives", (), ""),
        ("cues", ("repelled", "Russian MoD"), "repelled; Russian MoD"),
        ("quotes", ("one; two", "three"), ["one; two", "three"]),
    ],
)  # fmt: skip
def test_list_fields(field: str, value: tuple[str, ...], expected: object) -> None:
    assert event_to_feature(make_event(**{field: value}))["properties"][field] == expected


@pytest.mark.parametrize("field", ["lon", "lat", "confidence"])
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_rejected(field: str, bad: float) -> None:
    with pytest.raises(InputError, match=f"{field} must be a finite number"):
        events_to_geojson([make_event(**{field: bad})])


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_non_finite_offset_rejected(bad: float) -> None:
    event = make_event(offset=Offset(Distance(bad, 0.0, bad, "within"), 90.0, 22.5))
    with pytest.raises(InputError, match="distance_km must be a finite number"):
        events_to_geojson([event])


def test_offset_columns() -> None:
    props = event_to_feature(offset_event())["properties"]
    assert {k: props[k] for k in props if k.startswith(("distance", "bearing", "sector"))} == {
        "distance_km": 70.0,
        "distance_min_km": 56.0,
        "distance_max_km": 84.0,
        "distance_qualifier": "approx",
        "bearing_deg": 135.0,
        "sector_half_angle_deg": 22.5,
    }
    empty = event_to_feature(make_event())["properties"]
    assert all(empty[k] is None for k in props if k.startswith(("distance", "bearing", "sector")))


def test_files_without_the_offset_range_still_load() -> None:
    """GeoJSON written before the range columns: the bare-number rule, sector by bearing."""
    feature = event_to_feature(offset_event())
    range_keys = ("distance_min_km", "distance_max_km", "distance_qualifier")
    for key in (*range_keys, "sector_half_angle_deg"):
        del feature["properties"][key]
    back = feature_to_event(feature)
    assert back.offset == Offset(Distance(70.0, 56.0, 84.0, "exact"), 135.0, 22.5)
    feature["properties"]["bearing_deg"] = 337.5
    assert feature_to_event(feature).offset == Offset(
        Distance(70.0, 56.0, 84.0, "exact"), 337.5, 11.25
    )


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("distance_qualifier", "roughly", "one of within"),
        ("distance_min_km", 90.0, "0 <= min <= max"),
        ("distance_max_km", "far", "a number or null"),
    ],
)
def test_bad_offset_columns_rejected(key: str, value: object, message: str) -> None:
    feature = event_to_feature(offset_event())
    feature["properties"][key] = value
    with pytest.raises(InputError, match=message):
        feature_to_event(feature)


# --- determinism -----------------------------------------------------------------------------


def sample_events() -> list[Event]:
    return [
        make_event(place="Svatove", char_start=300, lon=38.16204, lat=49.4093),
        make_event(place="Kherson", char_start=100),
        make_event(place="Zaitseve", date=None, doc="seeds/002_af756bb7ed55ff37.txt"),
        make_event(place="Makiivka", date="2022-11-11", lon=37.92576, lat=48.04782),
        offset_event(),
        make_event(place="Kreminna", doc="seeds/001_8d0eb4519cdee4b6.txt", char_start=5),
    ]


def test_same_input_same_bytes_in_any_order() -> None:
    events = sample_events()
    expected = events_to_geojson(events)
    for seed in range(5):
        shuffled = events[:]
        random.Random(seed).shuffle(shuffled)
        assert events_to_geojson(shuffled) == expected
    assert expected.endswith("}\n")


@pytest.mark.parametrize("surrogate", [False, True])
def test_feature_lines_written_as_they_come_are_the_same_bytes(
    tmp_path: Path, surrogate: bool
) -> None:
    """Events added report by report, in any order, write what events_to_geojson returns;
    a tie on the sort key is broken by the report's input position (its rank)."""
    events = sample_events()
    if surrogate:  # a lone surrogate is replaced by U+FFFD in both
        events[1] = replace(events[1], quote="bad \udc80 quote")
    twin = replace(events[0], place="Svatove twin")  # same (date, doc, char_start, id)
    expected = events_to_geojson([*events, twin])
    lines = FeatureLines()
    lines.add(6, [twin])
    for rank in (3, 5, 1, 0, 2, 4):
        lines.add(rank, [events[rank]])
    out = lines.write(tmp_path / "x.geojson")
    assert len(lines) == 7
    assert out.read_bytes() == expected.encode("utf-8")
    assert expected.index("Svatove twin") > expected.index('"Svatove"')
    empty = FeatureLines()
    assert "".join(empty.chunks()) == events_to_geojson([])


def test_feature_order_is_date_doc_char_start_id() -> None:
    features = collection(sample_events())["features"]
    keys = [
        (p["date"] or "", p["doc"], p["char_start"], p["id"])
        for p in (f["properties"] for f in features)
    ]
    assert keys == sorted(keys)
    assert features[0]["properties"]["place"] == "Zaitseve"  # undated first
    assert [e.id for e in sort_events(sample_events())] == [f["properties"]["id"] for f in features]


def test_keys_sorted_and_one_feature_per_line() -> None:
    text = events_to_geojson(sample_events())
    lines = text.splitlines()
    assert len(lines) == len(sample_events()) + 2
    for line in lines[1:-1]:
        feature = json.loads(line.rstrip(","))
        assert list(feature) == sorted(feature)
        assert list(feature["properties"]) == sorted(feature["properties"])


def test_empty_collection() -> None:
    assert json.loads(events_to_geojson([])) == {"type": "FeatureCollection", "features": []}


# --- round trips -----------------------------------------------------------------------------


def test_round_trip_every_field(tmp_path: Path) -> None:
    event = offset_event(
        date="2026-02-26",
        date_range=("2026-02-25", "2026-02-26"),
        alternatives=("A (geonames:1) 0.5", "B (osm:way/2) 0.1"),
        cues=("shelled",),
        quotes=("first; sentence", "second"),
        source="isw",
        place="Кherson",  # mixed scripts survive
        admin1="08",
    )
    path = tmp_path / "events.geojson"
    path.write_text(events_to_geojson([event, make_event()]), encoding="utf-8")
    back = read_geojson(path)
    assert back[1] == replace(event, lon=round(event.lon, 7), lat=round(event.lat, 7))
    assert back[0] == make_event()


def _rounded(e: Event) -> Event:
    """What the writer's number formatting makes of an event's floats."""

    def r(x: float, n: int) -> float:
        return round(x, n) + 0.0

    def ropt(x: float | None, n: int) -> float | None:
        return None if x is None else r(x, n)

    return replace(
        e,
        lon=r(e.lon, 7),
        lat=r(e.lat, 7),
        anchor_lon=ropt(e.anchor_lon, 7),
        anchor_lat=ropt(e.anchor_lat, 7),
        uncertainty_km=r(e.uncertainty_km, 6),
        confidence=r(e.confidence, 6),
        offset=_rounded_offset(e.offset),
    )


def _rounded_offset(o: Offset | None) -> Offset | None:
    if o is None:
        return None

    def r(x: float | None) -> float | None:
        return None if x is None else round(x, 6) + 0.0

    d = o.distance
    if d is not None:
        d = Distance(r(d.stated_km), r(d.min_km), r(d.max_km), d.qualifier)  # type: ignore[arg-type]
    return Offset(d, r(o.bearing_deg), r(o.half_angle_deg))


# codec="utf-8" leaves out lone surrogates, which no UTF-8 file can hold.
_TEXT = st.text(st.characters(codec="utf-8"), max_size=20)
# "; " joins list fields, so their items may not contain ";" (and are never empty).
_ITEM = st.text(st.characters(codec="utf-8", exclude_characters=";"), min_size=1, max_size=12)
_DATE = st.dates(date(2014, 1, 1), date(2030, 12, 31)).map(date.isoformat)


def _floats(lo: float, hi: float) -> st.SearchStrategy[float]:
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@st.composite
def offsets(draw: st.DrawFn) -> Offset:
    distance = None
    if draw(st.booleans()):
        lo = draw(_floats(0, 500))
        hi = lo + draw(_floats(0, 100))
        qualifier = draw(st.sampled_from(DISTANCE_QUALIFIERS))
        distance = Distance(draw(_floats(lo, hi)), lo, hi, qualifier)
    bearing = draw(_floats(0, 360)) if distance is None else draw(st.none() | _floats(0, 360))
    half = draw(st.sampled_from([11.25, 22.5])) if bearing is not None else None
    return Offset(distance, bearing, half)


@st.composite
def events(draw: st.DrawFn) -> Event:
    return Event(
        id=draw(_TEXT),
        doc=draw(_TEXT),
        date=draw(st.none() | _DATE),
        report_date=draw(st.none() | _DATE),
        place=draw(_TEXT),
        place_name=draw(_TEXT),
        gazetteer_id=draw(_TEXT),
        admin1=draw(_TEXT),
        lon=draw(_floats(22, 41)),
        lat=draw(_floats(44, 53)),
        precision=draw(st.sampled_from(PRECISIONS)),
        uncertainty_km=draw(_floats(0, 200)),
        axis=draw(_TEXT),
        actor=draw(st.sampled_from(["RU", "UA", "unknown"])),
        event_type=draw(st.sampled_from(EVENT_TYPES)),
        outcome=draw(st.sampled_from(OUTCOMES)),
        claimant=draw(st.sampled_from(CLAIMANTS)),
        confidence=draw(_floats(0, 1)),
        quote=draw(_TEXT),
        char_start=draw(st.integers(0, 10**7)),
        char_end=draw(st.integers(0, 10**7)),
        anchor=draw(st.none() | _TEXT),
        anchor_lon=draw(st.none() | _floats(22, 41)),
        anchor_lat=draw(st.none() | _floats(44, 53)),
        offset=draw(st.none() | offsets()),
        # A range is two distinct days (a one-day range equal to the date is not kept).
        date_range=draw(st.none() | st.tuples(_DATE, _DATE).filter(lambda t: t[0] < t[1])),
        alternatives=tuple(draw(st.lists(_ITEM, max_size=3))),
        cues=tuple(draw(st.lists(_ITEM, max_size=3))),
        quotes=tuple(draw(st.lists(_TEXT, max_size=3))),
        source=draw(_TEXT),
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(events(), max_size=4))
def test_property_round_trip(evs: list[Event]) -> None:
    text = events_to_geojson(evs)
    back = [feature_to_event(f) for f in json.loads(text)["features"]]
    assert back == [_rounded(e) for e in sort_events(evs)]
    for before, after in zip(sort_events(evs), back, strict=True):
        assert abs(after.lon - before.lon) <= 5e-8
        assert abs(after.lat - before.lat) <= 5e-8
    assert events_to_geojson(back) == text  # a second pass changes no byte


# --- bad input -------------------------------------------------------------------------------


def _feature(**changes: Any) -> dict[str, Any]:
    feature = event_to_feature(make_event())
    feature.update(changes)
    return feature


def _with_props(**changes: Any) -> dict[str, Any]:
    feature = event_to_feature(make_event())
    feature["properties"].update(changes)
    return feature


@pytest.mark.parametrize(
    ("feature", "match"),
    [
        (_feature(type="Polygon"), 'expected an object with "type": "Feature"'),
        (_feature(geometry={"type": "LineString", "coordinates": []}), "expected a Point"),
        (_feature(geometry={"type": "Point", "coordinates": [32.6]}), r"\[lon, lat\]"),
        (_feature(geometry={"type": "Point", "coordinates": ["32", "46"]}), r"\[lon, lat\]"),
        (_feature(properties=None), "properties: expected an object"),
        (_with_props(id=None), "'id': expected a string"),
        (_with_props(precision="village"), "'precision': expected one of settlement"),
        (_with_props(actor="NATO"), "'actor': expected one of RU, UA, unknown"),
        (_with_props(confidence="high"), "'confidence': expected a number"),
        (_with_props(char_start=1.5), "'char_start': expected an integer"),
        (_with_props(quotes=[1, 2]), "'quotes': expected a list of strings"),
    ],
)
def test_feature_to_event_rejects(feature: dict[str, Any], match: str) -> None:
    with pytest.raises(InputError, match=match):
        feature_to_event(feature)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("not json", "not a UTF-8 JSON document"),
        ('{"type": "Feature"}', "expected a GeoJSON FeatureCollection, got 'Feature'"),
        ('{"type": "FeatureCollection", "features": {}}', "'features' must be a list"),
        ('{"type": "FeatureCollection", "features": [{"type": "Feature"}]}', "feature 0: "),
    ],
)
def test_read_geojson_rejects(tmp_path: Path, text: str, match: str) -> None:
    path = tmp_path / "bad.geojson"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=f"bad.geojson: {match}"):
        read_geojson(path)


def test_read_geojson_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read GeoJSON"):
        read_geojson(tmp_path / "absent.geojson")


# --- uncertainty polygons --------------------------------------------------------------------


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring)) / 2


@pytest.mark.parametrize(
    ("event", "shape_name"),
    [
        (offset_event(), "sector"),
        # wedge across north (azimuth -22.5..22.5)
        (offset_event(offset=Offset(APPROX_70KM_SE.distance, 0.0, 22.5)), "sector"),
        # "within 5km": apex at the anchor
        (offset_event(offset=Offset(Distance(5.0, 0.0, 5.0, "within"), 135.0, 22.5)), "sector"),
        # "north-northwest": a 16-point sector
        (offset_event(offset=Offset(Distance(5.0, 0.0, 5.0, "within"), 337.5, 11.25)), "sector"),
        # "some 20km from Kherson": no bearing, anywhere within 24 km of the anchor
        (offset_event(offset=Offset(Distance(20.0, 16.0, 24.0, "approx"))), "circle"),
        (offset_event(anchor_lon=None, anchor_lat=None), "circle"),
    ],
)
def test_uncertainty_polygon(event: Event, shape_name: str) -> None:
    (feature,) = uncertainty_features([event])
    assert feature["properties"]["shape"] == shape_name
    assert feature["properties"]["id"] == event.id
    ring = feature["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1]  # closed
    assert _signed_area(ring) > 0  # counter-clockwise exterior (RFC 7946 §3.1.6)
    polygon = shape(feature["geometry"])
    assert polygon.is_valid
    assert polygon.contains(Point(event.lon, event.lat))
    # lon, lat order: every vertex is in Ukraine's longitude band, not its latitude band.
    assert all(22 < lon < 41 and 44 < lat < 53 for lon, lat in ring)


def test_sector_spans_stated_range() -> None:
    event = offset_event()
    (feature,) = uncertainty_features([event])
    ring = feature["geometry"]["coordinates"][0]
    n = len(ring)
    az, _, metres = GEOD.inv(
        [KHERSON_LON] * n, [KHERSON_LAT] * n, [p[0] for p in ring], [p[1] for p in ring]
    )
    km = [m / 1000 for m in metres]
    assert max(km) == pytest.approx(84.0, abs=0.001)
    assert min(km) == pytest.approx(56.0, abs=0.001)
    assert min(a % 360 for a in az) == pytest.approx(135.0 - 22.5, abs=1e-4)
    assert max(a % 360 for a in az) == pytest.approx(135.0 + 22.5, abs=1e-4)
    props = feature["properties"]
    assert (props["distance_min_km"], props["distance_max_km"]) == (56.0, 84.0)
    assert props["sector_half_angle_deg"] == 22.5
    # The polygon is the one the event's own point was placed with.
    assert props["uncertainty_km"] == event.uncertainty_km


@pytest.mark.parametrize(
    "event",
    [make_event(), offset_event(uncertainty_km=0.0), make_event(precision="region")],
)
def test_no_polygon_for_non_offsets(event: Event) -> None:
    assert uncertainty_features([event]) == []


def test_uncertainty_geojson_deterministic() -> None:
    evs = [offset_event(), offset_event(char_start=9, anchor_lon=None), make_event()]
    text = uncertainty_geojson(evs)
    assert text == uncertainty_geojson(evs[::-1])
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc
    assert [f["geometry"]["type"] for f in doc["features"]] == ["Polygon", "Polygon"]
