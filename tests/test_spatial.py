"""Spatial grammar (bearings, distances) and geodesy (projection, sectors, constraint scores)."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline import spatial as S
from frontline.records import LonLat, Offset, SpatialRelation
from frontline.spatial import (
    BEARING_RE,
    DISTANCE_RE,
    HALF_ANGLE_DEG,
    Distance,
    angle_diff,
    bearing_deg,
    compass_half_angle,
    constraint_score,
    distance_km,
    distance_range,
    make_offset,
    offset_wording,
    parse_bearing,
    parse_distance,
    place_offset,
    project,
    sector_polygon,
)

SVATOVE = LonLat(38.1626, 49.4094)
KHERSON = LonLat(32.6144, 46.6401)
THEATRE = {"lon": (22.0, 41.0), "lat": (44.0, 53.0)}

# ---------------------------------------------------------------- bearings


@pytest.mark.parametrize(
    ("word", "degrees"),
    [
        ("north", 0.0),
        ("northeast", 45.0),
        ("east", 90.0),
        ("southeast", 135.0),
        ("south", 180.0),
        ("southwest", 225.0),
        ("west", 270.0),
        ("northwest", 315.0),
        ("north-northeast", 22.5),
        ("east-northeast", 67.5),
        ("east-southeast", 112.5),
        ("south-southeast", 157.5),
        ("south-southwest", 202.5),
        ("west-southwest", 247.5),
        ("west-northwest", 292.5),
        ("north-northwest", 337.5),
        ("north-east", 45.0),
        ("north east", 45.0),
        ("South West", 225.0),
        ("northnortheast", 22.5),
        ("NNE", 22.5),
        ("nw", 315.0),
        ("SE", 135.0),
        ("WSW", 247.5),
        ("northwestern", 315.0),
        ("southern", 180.0),
        ("Eastern", 90.0),
        ("  west  ", 270.0),
    ],
)
def test_parse_bearing(word: str, degrees: float):
    assert parse_bearing(word) == degrees


@pytest.mark.parametrize("word", ["", "up", "northward", "nort", "eastwest", "NNX", "centre"])
def test_parse_bearing_rejects_non_bearings(word: str):
    assert parse_bearing(word) is None


@pytest.mark.parametrize(
    ("text", "bearing"),
    [
        ("15km northwest of Svatove", "northwest"),
        ("advanced north-east of Bakhmut", "north-east"),
        ("in southern Kherson Oblast", "southern"),
        ("10 km NNE of Kreminna", "NNE"),
    ],
)
def test_bearing_re_finds_the_word(text: str, bearing: str):
    m = BEARING_RE.search(text)
    assert m is not None and m["bearing"] == bearing
    assert parse_bearing(m["bearing"]) is not None


# ---------------------------------------------------------------- distances


@pytest.mark.parametrize(
    ("text", "stated", "lo", "hi", "qualifier"),
    [
        ("within 15km northwest", 15.0, 0.0, 15.0, "within"),
        ("within 15 km", 15.0, 0.0, 15.0, "within"),
        ("approximately 70 km southeast", 70.0, 56.0, 84.0, "approx"),
        ("approximately 70km", 70.0, 56.0, 84.0, "approx"),
        ("15-20 km", 17.5, 15.0, 20.0, "range"),
        ("15–20km", 17.5, 15.0, 20.0, "range"),
        ("15 to 20 kilometers", 17.5, 15.0, 20.0, "range"),
        ("10 miles", 16.09344, 12.874752, 19.312128, "exact"),
        ("some 5 kilometers", 5.0, 4.0, 6.0, "approx"),
        ("about 3.5 kilometres", 3.5, 2.8, 4.2, "approx"),
        ("a 25-kilometer stretch", 25.0, 20.0, 30.0, "exact"),
        ("up to 30km", 30.0, 0.0, 30.0, "within"),
        ("more than 40 km", 40.0, 40.0, 60.0, "beyond"),
        ("Within 15KM", 15.0, 0.0, 15.0, "within"),
        # Spelt out, as news text writes it (with a spelt unit).
        ("about five kilometres south", 5.0, 4.0, 6.0, "approx"),
        ("Twelve kilometers", 12.0, 9.6, 14.4, "exact"),
        ("two to three miles", 4.023360, 3.218688, 4.828032, "range"),
    ],
)
def test_parse_distance(text: str, stated: float, lo: float, hi: float, qualifier: str):
    m = DISTANCE_RE.search(text)
    assert m is not None, text
    d = parse_distance(m)
    assert d.qualifier == qualifier
    assert (d.stated_km, d.min_km, d.max_km) == pytest.approx((stated, lo, hi))


@pytest.mark.parametrize(
    "text",
    [
        "15 kmh", "November 12", "2022", "T0504 highway", "the 128th brigade", "kilometers",
        "five km", "someone kilometers", "one of the kilometres",
    ],
)
def test_distance_re_ignores_non_distances(text: str):
    assert DISTANCE_RE.search(text) is None


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_any_text_never_crashes_the_grammar(text: str):
    for m in DISTANCE_RE.finditer(text):
        d = parse_distance(m)
        assert 0.0 <= d.min_km <= d.stated_km <= d.max_km or d.qualifier == "beyond"
        assert all(math.isfinite(x) for x in (d.stated_km, d.min_km, d.max_km))
    for m in BEARING_RE.finditer(text):
        b = parse_bearing(m["bearing"])
        assert b is None or 0.0 <= b < 360.0


_PHRASE = st.builds(
    lambda q, n, unit, word: f"{q}{n}{unit} {word} of Svatove",
    st.sampled_from(["", "within ", "approximately ", "some ", "about "]),
    st.integers(min_value=1, max_value=150),
    st.sampled_from(["km", " km", " kilometers", "-kilometre", " miles"]),
    st.sampled_from(["north", "north-northeast", "ESE", "southwestern", "west north west"]),
)


@given(_PHRASE)
@settings(max_examples=100, deadline=None)
def test_generated_phrases_parse(phrase: str):
    dm = DISTANCE_RE.search(phrase)
    bm = BEARING_RE.search(phrase, dm.end() if dm else 0)
    assert dm is not None and bm is not None
    d = parse_distance(dm)
    assert d.max_km > 0
    assert parse_bearing(bm["bearing"]) is not None


# ---------------------------------------------------------------- geodesy

# Anchors inside Ukraine's frontline region, distances a report would state.
_ANCHORS = st.builds(
    LonLat,
    st.floats(min_value=30.0, max_value=39.0, allow_nan=False),
    st.floats(min_value=46.0, max_value=51.0, allow_nan=False),
)
_BEARINGS = st.floats(min_value=0.0, max_value=359.999, allow_nan=False)
_KM = st.floats(min_value=0.5, max_value=150.0, allow_nan=False)


@given(_ANCHORS, _BEARINGS, _KM)
@settings(max_examples=200, deadline=None)
def test_project_then_inverse_returns_bearing_and_distance(a: LonLat, b: float, km: float):
    p = project(a, b, km)
    assert distance_km(a, p) == pytest.approx(km, abs=1e-6)
    assert angle_diff(bearing_deg(a, p), b) < 1e-6


@given(_ANCHORS, _BEARINGS, _KM)
@settings(max_examples=200, deadline=None)
def test_projecting_back_returns_the_anchor(a: LonLat, b: float, km: float):
    p = project(a, b, km)
    back = project(p, bearing_deg(p, a), distance_km(p, a))
    assert back.lon == pytest.approx(a.lon, abs=1e-7)
    assert back.lat == pytest.approx(a.lat, abs=1e-7)


@given(_ANCHORS, _BEARINGS, _KM)
@settings(max_examples=150, deadline=None)
def test_projections_stay_finite_and_in_the_theatre(a: LonLat, b: float, km: float):
    p = project(a, b, km)
    assert math.isfinite(p.lon) and math.isfinite(p.lat)
    assert THEATRE["lon"][0] <= p.lon <= THEATRE["lon"][1]
    assert THEATRE["lat"][0] <= p.lat <= THEATRE["lat"][1]


@pytest.mark.parametrize(
    ("bearing", "dlon_sign", "dlat_sign"),
    [(0, 0, 1), (90, 1, 0), (180, 0, -1), (270, -1, 0), (45, 1, 1), (315, -1, 1)],
)
def test_compass_convention_is_north_zero_east_ninety(bearing, dlon_sign, dlat_sign):
    p = project(SVATOVE, bearing, 20.0)

    def sign(x: float) -> int:
        # Geodesics heading east or west drift a few metres south; 0.01 degree is ~1 km.
        return 0 if abs(x) < 0.01 else (1 if x > 0 else -1)

    assert (sign(p.lon - SVATOVE.lon), sign(p.lat - SVATOVE.lat)) == (dlon_sign, dlat_sign)


def test_known_distance_kherson_to_svatove():
    # About 520 km on the WGS84 ellipsoid; guards against a swapped lon/lat (which gives ~690).
    assert distance_km(KHERSON, SVATOVE) == pytest.approx(521, abs=10)


@pytest.mark.parametrize(
    ("a", "b", "diff"),
    [(0, 0, 0), (350, 10, 20), (10, 350, 20), (0, 180, 180), (90, 271, 179), (720, 0, 0)],
)
def test_angle_diff(a: float, b: float, diff: float):
    assert angle_diff(a, b) == pytest.approx(diff)


# ---------------------------------------------------------------- sectors


def _shoelace(ring: list[LonLat]) -> float:
    return sum(p.lon * q.lat - q.lon * p.lat for p, q in itertools.pairwise(ring)) / 2


@given(
    _ANCHORS,
    _BEARINGS,
    st.floats(min_value=0.0, max_value=100.0, allow_nan=False),
    st.floats(min_value=1.0, max_value=50.0, allow_nan=False),
)
@settings(max_examples=150, deadline=None)
def test_sector_polygon_is_closed_ccw_finite_and_in_theatre(a, bearing, lo, width):
    ring = sector_polygon(a, bearing, lo, lo + width, HALF_ANGLE_DEG)
    assert ring[0] == ring[-1]
    assert len(ring) >= 4
    assert _shoelace(ring) > 0  # counter-clockwise on lon/lat (RFC 7946 exterior ring)
    for p in ring:
        assert math.isfinite(p.lon) and math.isfinite(p.lat)
        assert THEATRE["lon"][0] <= p.lon <= THEATRE["lon"][1]
        assert THEATRE["lat"][0] <= p.lat <= THEATRE["lat"][1]


def test_sector_polygon_covers_the_stated_range():
    ring = sector_polygon(KHERSON, 135.0, 56.0, 84.0, 11.25)
    dists = [distance_km(KHERSON, p) for p in ring]
    assert min(dists) == pytest.approx(56.0, abs=0.01)
    assert max(dists) == pytest.approx(84.0, abs=0.01)
    for p in ring:
        assert angle_diff(bearing_deg(KHERSON, p), 135.0) <= 11.25 + 1e-6


def test_within_sector_starts_at_the_anchor():
    ring = sector_polygon(SVATOVE, 315.0, 0.0, 15.0, HALF_ANGLE_DEG)
    assert SVATOVE in ring


# ---------------------------------------------------------------- constraint scores


_DIST = st.builds(
    lambda lo, w: Distance(lo + w / 2, lo, lo + w, "range"),
    st.floats(min_value=0.0, max_value=100.0, allow_nan=False),
    st.floats(min_value=0.0, max_value=50.0, allow_nan=False),
)


@given(_ANCHORS, _ANCHORS, st.none() | _BEARINGS, st.none() | _DIST)
@settings(max_examples=200, deadline=None)
def test_constraint_score_is_a_probability(anchor, candidate, bearing, dist):
    s = constraint_score(anchor, candidate, bearing, dist)
    assert math.isfinite(s) and 0.0 <= s <= 1.0


@given(_BEARINGS, st.floats(min_value=2.0, max_value=15.0, allow_nan=False))
@settings(max_examples=100, deadline=None)
def test_a_point_matching_the_phrase_scores_one(bearing: float, km: float):
    candidate = project(SVATOVE, bearing, km)
    assert constraint_score(SVATOVE, candidate, bearing, Distance(15, 0, 15, "within")) == 1.0


@pytest.mark.parametrize(
    ("true_bearing", "true_km", "better_bearing", "better_km"),
    [
        (135.0, 10.0, 315.0, 10.0),  # opposite direction scores lower than the stated one
        (315.0, 120.0, 315.0, 12.0),  # far beyond "within 15km" scores lower
    ],
)
def test_inconsistent_candidates_score_lower(true_bearing, true_km, better_bearing, better_km):
    within15 = Distance(15, 0, 15, "within")
    worse = constraint_score(SVATOVE, project(SVATOVE, true_bearing, true_km), 315.0, within15)
    better = constraint_score(SVATOVE, project(SVATOVE, better_bearing, better_km), 315.0, within15)
    assert worse < better


# ---------------------------------------------------------------- offsets


@pytest.mark.parametrize(
    ("bearing", "half"),
    [(0.0, 22.5), (315.0, 22.5), (45.0, 22.5), (337.5, 11.25), (22.5, 11.25), (100.0, 22.5)],
)
def test_compass_half_angle_follows_the_words_precision(bearing: float, half: float):
    assert compass_half_angle(bearing) == half


@pytest.mark.parametrize(
    ("stated", "qualifier", "upper", "expected"),
    [
        (15.0, "within", None, Distance(15.0, 0.0, 15.0, "within")),
        (30.0, "beyond", None, Distance(30.0, 30.0, 45.0, "beyond")),
        (70.0, "approx", None, Distance(70.0, 56.0, 84.0, "approx")),
        (15.0, "exact", 10.0, Distance(12.5, 10.0, 15.0, "range")),
    ],
)
def test_distance_range(stated, qualifier, upper, expected):
    assert distance_range(stated, qualifier, upper) == expected


@pytest.mark.parametrize(
    ("distance", "bearing", "expected"),
    [
        (Distance(15.0, 0.0, 15.0, "within"), 315.0,
         Offset(Distance(15.0, 0.0, 15.0, "within"), 315.0, 22.5)),
        (Distance(15.0, 10.0, 20.0, "range"), None,
         Offset(Distance(15.0, 10.0, 20.0, "range"), None, None)),
        (None, 337.5, Offset(None, 337.5, 11.25)),
        (None, None, None),
    ],
)  # fmt: skip
def test_make_offset_keeps_the_parsed_distance(distance, bearing, expected):
    assert make_offset(distance, bearing) == expected


def test_a_relation_carries_its_offset_and_reads_its_bearing_from_it():
    offset = Offset(Distance(15.0, 0.0, 15.0, "within"), 315.0, 22.5)
    rel = SpatialRelation(kind="offset", anchor="Svatove", offset=offset, text="within 15km")
    assert (rel.offset, rel.bearing_deg) == (offset, 315.0)
    assert SpatialRelation(kind="outskirts").offset is None
    assert SpatialRelation(kind="outskirts").bearing_deg is None


def _inside(ring: tuple[LonLat, ...], p: LonLat) -> bool:
    """Ray casting on lon/lat (the rings are small and far from the antimeridian)."""
    inside = False
    for a, b in itertools.pairwise(ring):
        if (a.lat > p.lat) != (b.lat > p.lat):
            x = a.lon + (p.lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat)
            if p.lon < x:
                inside = not inside
    return inside


@pytest.mark.parametrize(
    ("offset", "point_km"),
    [
        (Offset(Distance(70, 56, 84, "approx"), 135.0, 22.5), 70.0),
        (Offset(Distance(15, 0, 15, "within"), 315.0, 22.5), 7.5),
        (Offset(Distance(12.5, 10, 15, "range"), 337.5, 11.25), 12.5),
        (Offset(Distance(2, 1.6, 2.4, "exact"), 90.0, 22.5), 2.0),
    ],
)
def test_place_offset_point_lies_in_a_region_spanning_the_range(offset: Offset, point_km: float):
    placed = place_offset(SVATOVE, offset)
    d = offset.distance
    assert d is not None and offset.bearing_deg is not None and offset.half_angle_deg is not None
    assert placed.shape == "sector"
    assert distance_km(SVATOVE, placed.point) == pytest.approx(point_km, abs=1e-3)
    assert _inside(placed.region, placed.point)
    dists = [distance_km(SVATOVE, q) for q in placed.region]
    assert min(dists) == pytest.approx(d.min_km, abs=1e-3)
    assert max(dists) == pytest.approx(d.max_km, abs=1e-3)
    turns = [angle_diff(bearing_deg(SVATOVE, q), offset.bearing_deg)
             for q in placed.region if distance_km(SVATOVE, q) > 1e-3]  # fmt: skip
    assert max(turns) == pytest.approx(offset.half_angle_deg, abs=1e-3)  # 1 cm at 1.6 km
    # The uncertainty radius covers the region, and no more than it needs.
    reach = max(distance_km(placed.point, q) for q in placed.region)
    assert reach <= placed.uncertainty_km <= reach + 0.002


def test_place_offset_without_bearing_is_a_circle_around_the_anchor():
    placed = place_offset(KHERSON, Offset(Distance(20, 16, 24, "approx")))
    assert placed.shape == "circle"
    assert placed.point == KHERSON
    assert all(distance_km(KHERSON, q) == pytest.approx(24.0, abs=1e-3) for q in placed.region)
    assert placed.uncertainty_km == pytest.approx(24.0, abs=0.002)


def test_place_offset_needs_a_distance():
    with pytest.raises(ValueError, match="without a distance"):
        place_offset(KHERSON, Offset(None, 90.0, 22.5))


@pytest.mark.parametrize(
    ("offset", "anchor", "words"),
    [
        (
            Offset(Distance(15, 0, 15, "within"), 315.0, 22.5),
            "Svatove",
            "within 15 km northwest of Svatove (0–15 km, 292.5–337.5°)",
        ),
        (
            Offset(Distance(70, 56, 84, "approx"), 135.0, 22.5),
            "Kherson",
            "approximately 70 km southeast of Kherson (56–84 km, 112.5–157.5°)",
        ),
        (
            Offset(Distance(12.5, 10, 15, "range"), 337.5, 11.25),
            "",
            "10–15 km north-northwest (326.25–348.75°)",
        ),
        (Offset(Distance(20, 16, 24, "exact")), "Kherson", "20 km from Kherson (16–24 km)"),
        (Offset(None, 0.0, 22.5), "Bakhmut", "north of Bakhmut (337.5–22.5°)"),
    ],
)
def test_offset_wording(offset: Offset, anchor: str, words: str):
    assert offset_wording(offset, anchor) == words
    if offset.distance is not None:
        assert place_offset(SVATOVE, offset, anchor).wording == words


def test_make_offset():
    assert make_offset(None, None) is None
    assert make_offset(None, 22.5) == Offset(None, 22.5, 11.25)


def test_no_bearing_inside_words():
    assert BEARING_RE.search("Westerners and Eastenders") is None


@pytest.mark.parametrize(("phrase", "qualifier"), sorted(S._QUALIFIERS.items()))
def test_every_distance_qualifier_row(phrase: str, qualifier: str) -> None:
    # The qualifier table is its own example list: each phrase before "15 km" is read as
    # its row says, and the range follows from the one rule (distance_range).
    m = S.DISTANCE_RE.search(f"Russian forces attacked {phrase} 15 km northwest of Svatove")
    assert m is not None and (m["qual"] or "").lower() == phrase
    d = S.parse_distance(m)
    assert d is not None and d.qualifier == qualifier
    assert d == S.distance_range(15.0, qualifier)
