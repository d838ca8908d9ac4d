"""Offset phrases end to end: text -> pipeline -> Event.offset -> GeoJSON, GeoPackage, map.

The range an offset phrase allows is decided once (spatial.distance_range) and placed once
(spatial.place_offset); these tests check that what comes out of every export is that range.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser_support import page_data
from hypothesis import given, settings
from hypothesis import strategies as st
from pyogrio import read_dataframe
from pyproj import Geod
from shapely.geometry import Point, shape

from frontline.export import write_events
from frontline.gazetteer import load_gazetteer
from frontline.geojson import events_to_geojson, uncertainty_geojson
from frontline.pipeline import run_texts
from frontline.records import Event
from frontline.render import render_day
from frontline.spatial import NUMBER_WORDS

GEOD = Geod(ellps="WGS84")
HEADER = "WAR IN UKRAINE: November 11, 2022\n"
# 16-point compass words in compass order (index * 22.5 degrees); even indices are 8-point.
COMPASS = [
    "north", "north-northeast", "northeast", "east-northeast",
    "east", "east-southeast", "southeast", "south-southeast",
    "south", "south-southwest", "southwest", "west-southwest",
    "west", "west-northwest", "northwest", "north-northwest",
]  # fmt: skip
ANCHORS = ["Svatove", "Bakhmut", "Kreminna", "Kupiansk", "Orikhiv"]


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def _offset_event(gaz, sentence: str) -> Event:
    coll = run_texts([HEADER + sentence], gaz)
    offsets = [e for e in coll.events if e.precision == "offset"]
    assert len(offsets) == 1, (sentence, coll.events)
    return offsets[0]


def _from_anchor(event: Event, coords: list[list[float]]) -> tuple[list[float], list[float]]:
    """Geodesic distances (km) and compass bearings from the event's anchor to ``coords``."""
    assert event.anchor_lon is not None and event.anchor_lat is not None
    n = len(coords)
    az, _, metres = GEOD.inv(
        [event.anchor_lon] * n,
        [event.anchor_lat] * n,
        [c[0] for c in coords],
        [c[1] for c in coords],
    )
    return [m / 1000.0 for m in metres], [a % 360.0 for a in az]


def _turn(a: float, b: float) -> float:
    d = abs(a - b) % 360.0
    return 360.0 - d if d > 180.0 else d


@st.composite
def phrases(draw: st.DrawFn) -> tuple[str, float, float, float, float]:
    """An offset phrase and what it allows: (phrase, min_km, max_km, bearing, half-angle)."""
    n = draw(st.integers(1, 80))
    unit = draw(st.sampled_from(["km", " km", " kilometers", "-kilometer"]))
    kind = draw(st.sampled_from(["within", "approximately", "up to", "range"]))

    # News text spells small numbers out, with a spelt unit ("five kilometers", "two to
    # three kilometers"): all of a phrase's numbers or none.
    words_of = {v: w for w, v in NUMBER_WORDS.items()}
    m = n + draw(st.integers(1, 30))
    spell = unit == " kilometers" and {n, m} <= words_of.keys() and draw(st.booleans())

    def number(k: int) -> str:
        return words_of[k] if spell else str(k)

    if kind == "range":
        dash = draw(st.sampled_from(["-", " - ", "–", " to "]))
        words, lo, hi = f"{number(n)}{dash}{number(m)}{unit}", float(n), float(m)
    elif kind == "approximately":
        # Reports round distances: "approximately 70km" allows 56-84 km.
        words, lo, hi = f"approximately {number(n)}{unit}", n * 0.8, n * 1.2
    else:
        words, lo, hi = f"{kind} {number(n)}{unit}", 0.0, float(n)
    points = draw(st.sampled_from([8, 16]))
    index = draw(st.integers(0, 15)) if points == 16 else 2 * draw(st.integers(0, 7))
    half = 22.5 if index % 2 == 0 else 11.25  # 16-point-only words name half the sector
    to_the = draw(st.sampled_from(["", "to the "]))  # "7 km to the southwest of X"
    return f"{words} {to_the}{COMPASS[index]}", lo, hi, index * 22.5, half


@settings(max_examples=120, deadline=None)
@given(phrases(), st.sampled_from(ANCHORS))
def test_generated_phrases_place_a_point_inside_a_region_spanning_their_range(
    gaz, phrase: tuple[str, float, float, float, float], anchor: str
) -> None:
    words, lo, hi, bearing, half = phrase
    event = _offset_event(gaz, f"Russian forces attacked {words} of {anchor} on November 10.")
    off = event.offset
    assert off is not None and off.distance is not None
    assert (off.distance.min_km, off.distance.max_km) == pytest.approx((lo, hi))
    assert (off.bearing_deg, off.half_angle_deg) == (bearing, half)

    # What the GeoJSON export says: the point and its properties ...
    (feature,) = json.loads(events_to_geojson([event]))["features"]
    props = feature["properties"]
    assert (props["distance_min_km"], props["distance_max_km"]) == pytest.approx((lo, hi))
    assert (props["bearing_deg"], props["sector_half_angle_deg"]) == (bearing, half)
    point = feature["geometry"]["coordinates"]
    # ... and the region polygon.
    (region,) = json.loads(uncertainty_geojson([event]))["features"]
    assert region["properties"]["shape"] == "sector"
    polygon = shape(region["geometry"])
    assert polygon.is_valid
    assert polygon.contains(Point(point))

    ring = region["geometry"]["coordinates"][0]
    km, az = _from_anchor(event, ring)
    assert min(km) == pytest.approx(lo, abs=1e-3)  # 0 for "within": the apex is the anchor
    assert max(km) == pytest.approx(hi, abs=1e-3)
    turns = [_turn(a, bearing) for a, d in zip(az, km, strict=True) if d > 0.01]
    assert max(turns) == pytest.approx(half, abs=1e-3)
    (point_km,), (point_az,) = _from_anchor(event, [point])
    assert lo <= point_km <= hi
    assert _turn(point_az, bearing) < 0.01  # on the bearing (1 cm rounding at 0.5 km)
    # The uncertainty radius covers the region.
    n = len(ring)
    _, _, reach = GEOD.inv(
        [point[0]] * n, [point[1]] * n, [c[0] for c in ring], [c[1] for c in ring]
    )
    assert max(reach) / 1000.0 <= event.uncertainty_km


SVATOVE_15KM_NW = "Russian forces attacked within 15km northwest of Svatove on November 10."


def _check_svatove(event_coords: list[float], ring: list[list[float]], event: Event) -> None:
    """The point and the sector lie within 0-15 km northwest (+/-22.5 degrees) of Svatove."""
    (point_km,), _ = _from_anchor(event, [event_coords])
    assert 0.0 < point_km <= 15.0
    km, az = _from_anchor(event, ring)
    assert min(km) == pytest.approx(0.0, abs=1e-3)
    assert max(km) == pytest.approx(15.0, abs=1e-3)
    assert all(d <= 15.0 + 1e-3 for d in km)
    assert all(_turn(a, 315.0) <= 22.5 + 1e-3 for a, d in zip(az, km, strict=True) if d > 0.01)
    assert shape({"type": "Polygon", "coordinates": [ring]}).contains(Point(event_coords))


def test_within_15km_northwest_of_svatove_in_geojson(gaz, tmp_path: Path) -> None:
    event = _offset_event(gaz, SVATOVE_15KM_NW)
    assert event.anchor == "Svatove"
    path = write_events([event], tmp_path / "e.geojson")
    (feature,) = json.loads(path.read_text(encoding="utf-8"))["features"]
    props = feature["properties"]
    assert (props["distance_km"], props["distance_min_km"], props["distance_max_km"]) == (
        15.0,
        0.0,
        15.0,
    )
    assert (props["distance_qualifier"], props["bearing_deg"]) == ("within", 315.0)
    (region,) = json.loads(uncertainty_geojson([event]))["features"]
    _check_svatove(feature["geometry"]["coordinates"], region["geometry"]["coordinates"][0], event)


def test_within_15km_northwest_of_svatove_in_geopackage(gaz, tmp_path: Path) -> None:
    event = _offset_event(gaz, SVATOVE_15KM_NW)
    path = write_events([event], tmp_path / "e.gpkg")
    points = read_dataframe(path, layer="events")
    polygons = read_dataframe(path, layer="uncertainty")
    assert len(points) == len(polygons) == 1
    assert (points["distance_min_km"][0], points["distance_max_km"][0]) == (0.0, 15.0)
    assert polygons["shape"][0] == "sector"
    point = points.geometry[0]
    ring = [list(c) for c in polygons.geometry[0].exterior.coords]
    _check_svatove([point.x, point.y], ring, event)


def test_within_15km_northwest_of_svatove_on_the_map(gaz) -> None:
    event = _offset_event(gaz, SVATOVE_15KM_NW)
    html = render_day([event], title="t", date=event.date)
    # The page's data holds the region as [[lat, lon], ...] (Leaflet's order) and the marker at
    # [lat, lon]; its script draws them (L.polygon, L.circleMarker).
    (record,) = page_data(html)["events"]
    assert record.get("region"), "no region polygon on the map"
    ring = [[lon, lat] for lat, lon in record["region"]]
    _check_svatove([event.lon, event.lat], ring, event)
    assert record["ll"] == [event.lat, event.lon]
    assert ["Offset", "within 15 km northwest of Svatove (0–15 km, 292.5–337.5°)"] in record["rows"]
