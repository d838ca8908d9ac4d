"""Spatial language and geodesy: "within 15km northwest of Svatove", "70km southeast of X".

This module owns the domain grammar for distances and compass bearings (hand-written: no
library parses war-report spatial English) and the geodesic maths (pyproj.Geod, WGS84).

An offset phrase becomes one :class:`~frontline.records.Offset` (distance range, qualifier,
bearing and compass sector: :func:`parse_distance`, :func:`parse_bearing`, then
:func:`make_offset`), carried unchanged through the SpatialRelation to the Event;
:func:`place_offset` is the one function that turns it into the event's point, its region
polygon, its uncertainty radius and its wording, for the resolver, the exports and the maps.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from pyproj import Geod

from .records import Distance, LonLat, Offset

__all__ = [
    "BEARINGS",
    "BEARING_RE",
    "DISTANCE_RE",
    "GEOD",
    "HALF_ANGLE_DEG",
    "Distance",
    "Offset",
    "OffsetPlacement",
    "angle_diff",
    "bearing_deg",
    "circle_ring",
    "compass_half_angle",
    "constraint_score",
    "distance_km",
    "distance_range",
    "haversine_km",
    "make_offset",
    "offset_wording",
    "parse_bearing",
    "parse_distance",
    "place_offset",
    "project",
    "sector_polygon",
]

GEOD = Geod(ellps="WGS84")

# 16-point compass rose, compass degrees (N=0, E=90).
_POINTS = [
    "north",
    "north-northeast",
    "northeast",
    "east-northeast",
    "east",
    "east-southeast",
    "southeast",
    "south-southeast",
    "south",
    "south-southwest",
    "southwest",
    "west-southwest",
    "west",
    "west-northwest",
    "northwest",
    "north-northwest",
]
_ABBR = [
    "N",
    "NNE",
    "NE",
    "ENE",
    "E",
    "ESE",
    "SE",
    "SSE",
    "S",
    "SSW",
    "SW",
    "WSW",
    "W",
    "WNW",
    "NW",
    "NNW",
]
BEARINGS: dict[str, float] = {}
for _i, (_word, _abbr) in enumerate(zip(_POINTS, _ABBR, strict=True)):
    BEARINGS[_word] = _i * 22.5
    BEARINGS[_word.replace("-", "")] = _i * 22.5
    BEARINGS[_abbr.lower()] = _i * 22.5

# "north-east", "north east", "northeast", "northeastern", "NE".
_WORD_BEARING = (
    r"(?:north|south)(?:[- ]?(?:north|south))?(?:[- ]?(?:east|west))?(?:ern)?"
    r"|(?:east|west)(?:[- ]?(?:north|south)(?:[- ]?(?:east|west))?)?(?:ern)?"
)
BEARING_RE = re.compile(
    rf"(?P<bearing>\b(?:{_WORD_BEARING})\b|\b(?:NNE|ENE|ESE|SSE|SSW|WSW|WNW|NNW|NE|SE|SW|NW|N|E|S|W)\b)",
    re.IGNORECASE,
)
_QUALIFIERS = {
    "within": "within",
    "up to": "within",
    "less than": "within",
    "under": "within",
    "no more than": "within",
    "approximately": "approx",
    "approx.": "approx",
    "approx": "approx",
    "about": "approx",
    "around": "approx",
    "roughly": "approx",
    "some": "approx",
    "nearly": "approx",
    "almost": "approx",
    "an estimated": "approx",
    "over": "beyond",
    "more than": "beyond",
    "at least": "beyond",
}
_QUAL_RE = "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))
# Distances news text spells out ("five kilometres south of X"); a spelt number is written
# with a spelt unit.
NUMBER_WORDS: dict[str, float] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip
_NUMBER = r"\d{1,4}(?:[.,]\d+)?"
_WORD_NUMBER = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_LONG_UNIT = r"kilometers|kilometres|kilometer|kilometre|miles|mile"
DISTANCE_RE = re.compile(
    rf"(?:(?P<qual>{_QUAL_RE})\s+)?"
    rf"(?:(?P<d1>{_NUMBER})(?:\s*(?:-|–|to)\s*(?P<d2>{_NUMBER}))?"
    rf"\s*-?\s*(?P<unit>km|kms|{_LONG_UNIT}|mi)"
    rf"|(?P<w1>\b(?:{_WORD_NUMBER}))(?:\s*(?:-|–|to)\s*(?P<w2>{_WORD_NUMBER}))?"
    rf"\s*-?\s*(?P<wunit>{_LONG_UNIT}))\b",
    re.IGNORECASE,
)
MILE_KM = 1.609344


def parse_bearing(word: str) -> float | None:
    """Compass degrees for "northwest", "north-northeast", "NNE", "southeastern"; else None."""
    w = word.strip().lower()
    if w.endswith("ern") and len(w) > 5:
        w = w[:-3]
    w = w.replace(" ", "-")
    if w in BEARINGS:
        return BEARINGS[w]
    return BEARINGS.get(w.replace("-", ""))


def _num(s: str) -> float:
    """A distance's number, in digits ("7", "2,5") or spelt out ("seven")."""
    word = NUMBER_WORDS.get(s.lower())
    return word if word is not None else float(s.replace(",", "."))


def distance_range(stated_km: float, qualifier: str, upper_km: float | None = None) -> Distance:
    """The range of distances (km) a stated distance allows: the one rule, used by the parser
    and by readers of exports that only kept the stated number.

    "within/up to 15km" -> 0..15; "over 30km" -> 30..45; "10-15km" (``upper_km`` given) -> 10..15;
    "approximately 70km" and a bare "70km" -> 56..84 (reports round distances: ~20%).
    """
    if upper_km is not None:
        lo, hi = sorted((stated_km, upper_km))
        return Distance((lo + hi) / 2, lo, hi, "range")
    if qualifier == "within":
        return Distance(stated_km, 0.0, stated_km, qualifier)
    if qualifier == "beyond":
        return Distance(stated_km, stated_km, stated_km * 1.5, qualifier)
    return Distance(stated_km, stated_km * 0.8, stated_km * 1.2, qualifier)


def parse_distance(m: re.Match[str]) -> Distance:
    """Turn a :data:`DISTANCE_RE` match into a :class:`Distance` range."""
    spelt = m["d1"] is None
    unit = MILE_KM if m["wunit" if spelt else "unit"].lower().startswith("mi") else 1.0
    first, second = (m["w1"], m["w2"]) if spelt else (m["d1"], m["d2"])
    d1 = _num(first) * unit
    d2 = _num(second) * unit if second else None
    return distance_range(d1, _QUALIFIERS.get((m["qual"] or "").lower(), "exact"), d2)


# Half-width of the sector an 8-point compass word names: "northwest" only tells that the
# bearing is nearer NW than N or W, i.e. within the 45 degrees between the neighbouring words,
# +/-22.5. Reports use 8-point words almost always; a 16-point word ("north-northwest") splits
# that sector in two, so its half-angle is HALF_ANGLE_DEG / 2 (see compass_half_angle).
HALF_ANGLE_DEG = 22.5


def compass_half_angle(bearing: float) -> float:
    """Half-width (degrees) of the compass sector that ``bearing`` was stated with.

    The parsed words land on multiples of 22.5: the 8-point words on multiples of 45 (sector
    +/-22.5), the 16-point-only words in between (+/-11.25). A bearing off that grid (from an
    edited export) has an unknown precision and gets the wider, 8-point sector.
    """
    b = bearing % 360.0
    if b % (2 * HALF_ANGLE_DEG) == 0.0 or b % HALF_ANGLE_DEG != 0.0:
        return HALF_ANGLE_DEG
    return HALF_ANGLE_DEG / 2


def make_offset(distance: Distance | None, bearing: float | None) -> Offset | None:
    """The :class:`Offset` of a distance and/or a bearing (None when neither was stated)."""
    if distance is None and bearing is None:
        return None
    half = compass_half_angle(bearing) if bearing is not None else None
    return Offset(distance, bearing, half)


def project(anchor: LonLat, bearing_deg: float, distance_km: float) -> LonLat:
    """The point ``distance_km`` from ``anchor`` along the geodesic with ``bearing_deg``."""
    lon, lat, _ = GEOD.fwd(anchor.lon, anchor.lat, bearing_deg, distance_km * 1000.0)
    return LonLat(float(lon), float(lat))


def distance_km(a: LonLat, b: LonLat) -> float:
    """Geodesic distance in km on the WGS84 ellipsoid."""
    _, _, d = GEOD.inv(a.lon, a.lat, b.lon, b.lat)
    return float(d) / 1000.0


def haversine_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle distance (km) between points given in radians; numpy-broadcasting.

    For ranking candidates only (fast, vectorised); output geometry uses :data:`GEOD`.
    """
    dlat = lat2 - lat1
    dlon = lon2 - lon1
    a = np.sin(dlat / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin(dlon / 2) ** 2
    # np.maximum/np.minimum clip as np.clip does, without its Python-level wrapper (which
    # costs more than the arithmetic on the resolver's small arrays).
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.minimum(np.maximum(a, 0.0), 1.0)))


def bearing_deg(a: LonLat, b: LonLat) -> float:
    """Initial compass bearing from ``a`` to ``b`` in [0, 360)."""
    az, _, _ = GEOD.inv(a.lon, a.lat, b.lon, b.lat)
    return float(az) % 360.0


def angle_diff(a: float, b: float) -> float:
    """Smallest absolute difference between two compass angles, in [0, 180]."""
    d = abs(a - b) % 360.0
    return 360.0 - d if d > 180.0 else d


def sector_polygon(
    anchor: LonLat,
    bearing: float,
    min_km: float,
    max_km: float,
    half_angle: float,
    steps: int = 12,
) -> list[LonLat]:
    """A closed ring (counter-clockwise) of the annular sector ``bearing +/- half_angle``,
    ``min_km..max_km`` from ``anchor`` (geodesic arcs; apex at the anchor when ``min_km`` is 0).
    """
    outer = [
        project(anchor, (bearing - half_angle + 2 * half_angle * i / steps) % 360, max_km)
        for i in range(steps + 1)
    ]
    inner = (
        [
            project(anchor, (bearing + half_angle - 2 * half_angle * i / steps) % 360, min_km)
            for i in range(steps + 1)
        ]
        if min_km > 0
        else [anchor]
    )
    # Compass angles run clockwise on the map; reverse so the exterior ring is CCW (RFC 7946).
    ring = list(reversed(outer + inner))
    ring.append(ring[0])
    return ring


def circle_ring(centre: LonLat, radius_km: float, steps: int = 64) -> list[LonLat]:
    """A closed counter-clockwise ring of geodesic points ``radius_km`` around ``centre``."""
    azimuths = [360.0 - 360.0 * i / steps for i in range(steps)]  # decreasing compass: CCW
    lons, lats, _ = GEOD.fwd(
        [centre.lon] * steps, [centre.lat] * steps, azimuths, [radius_km * 1000.0] * steps
    )
    ring = [LonLat(float(x), float(y)) for x, y in zip(lons, lats, strict=True)]
    ring.append(ring[0])
    return ring


@dataclass(frozen=True, slots=True)
class OffsetPlacement:
    """Where an :class:`Offset` from an anchor puts an event.

    ``point`` lies inside ``region``; ``region`` is the closed CCW ring of what the phrase
    allows (a ``"sector"``: the distance range within the compass sector, or a ``"circle"`` of
    the largest distance when no bearing was stated); ``uncertainty_km`` is the radius around
    ``point`` that covers ``region``; ``wording`` says it in words for popups.
    """

    point: LonLat
    region: tuple[LonLat, ...]
    shape: str  # "sector" | "circle"
    uncertainty_km: float
    wording: str


@lru_cache(maxsize=4096)
def place_offset(anchor: LonLat, offset: Offset, anchor_name: str = "") -> OffsetPlacement:
    """Turn an offset phrase's value into its point, region, uncertainty and wording.

    With a bearing the point is the middle of the allowed range along the bearing ("within
    15km northwest" -> 7.5 km northwest) and the region the annular sector ``min..max`` km,
    ``bearing +/- half_angle_deg``. Without one ("20km from X") the place may be anywhere
    around the anchor: the point is the anchor and the region the circle of ``max_km``.
    Coordinates are rounded to 7 decimals (about 1 cm), as events are.

    Raises
    ------
    ValueError
        If the offset states no distance (a bare "west of X" places nothing by itself).
    """
    d = offset.distance
    if d is None:
        raise ValueError(f"an offset without a distance cannot be placed: {offset!r}")
    if offset.bearing_deg is None or offset.half_angle_deg is None:
        point = _rounded(anchor)
        ring = circle_ring(point, d.max_km)
        shape = "circle"
    else:
        point = _rounded(project(anchor, offset.bearing_deg, (d.min_km + d.max_km) / 2.0))
        ring = sector_polygon(anchor, offset.bearing_deg, d.min_km, d.max_km, offset.half_angle_deg)
        shape = "sector"
    region = tuple(_rounded(q) for q in ring)
    n = len(region)
    _, _, metres = GEOD.inv(
        [point.lon] * n, [point.lat] * n, [q.lon for q in region], [q.lat for q in region]
    )
    # The farthest point of a polygon from a point is one of its vertices; round up (metres).
    uncertainty = math.ceil(max(float(x) for x in metres)) / 1000.0
    return OffsetPlacement(point, region, shape, uncertainty, offset_wording(offset, anchor_name))


def _rounded(p: LonLat) -> LonLat:
    return LonLat(round(p.lon, 7) + 0.0, round(p.lat, 7) + 0.0)


_QUALIFIER_WORDS = {"within": "within ", "approx": "approximately ", "beyond": "more than "}


def _km(x: float) -> str:
    return f"{round(x, 2):g}"


def offset_wording(offset: Offset, anchor_name: str = "") -> str:
    """The offset in words: "within 15 km northwest of Svatove (0–15 km, 292.5–337.5°)".

    Used by :func:`place_offset` and by popups of events whose anchor has no position.
    """
    parts: list[str] = []
    detail: list[str] = []
    d = offset.distance
    if d is not None:
        if d.qualifier == "range":
            parts.append(f"{_km(d.min_km)}–{_km(d.max_km)} km")
        else:
            parts.append(f"{_QUALIFIER_WORDS.get(d.qualifier, '')}{_km(d.stated_km)} km")
            detail.append(f"{_km(d.min_km)}–{_km(d.max_km)} km")
    b = offset.bearing_deg
    if b is not None:
        parts.append(_COMPASS_WORDS.get(b % 360.0, f"bearing {_km(b)}°"))
        if offset.half_angle_deg is not None:
            lo, hi = (b - offset.half_angle_deg) % 360.0, (b + offset.half_angle_deg) % 360.0
            detail.append(f"{_km(lo)}–{_km(hi)}°")
    if anchor_name:
        parts.append(("of " if b is not None else "from ") + anchor_name)
    text = " ".join(parts)
    return f"{text} ({', '.join(detail)})" if detail else text


_COMPASS_WORDS: dict[float, str] = {i * 22.5: word for i, word in enumerate(_POINTS)}


def constraint_score(
    anchor: LonLat, candidate: LonLat, bearing: float | None, dist: Distance | None
) -> float:
    """How well a candidate fits "<dist> <bearing> of <anchor>": 1 perfect, 0 implausible.

    Soft on purpose: ISW's "within 15km" is sometimes 24 km and 8-point bearings are loose.
    """
    d = distance_km(anchor, candidate)
    score = 1.0
    if dist is not None:
        hi = dist.max_km * 1.5 + 5.0
        lo = max(0.0, dist.min_km * 0.5 - 5.0)
        if d > hi:
            score *= math.exp(-(d - hi) / max(10.0, dist.max_km))
        elif d < lo:
            score *= math.exp(-(lo - d) / 10.0)
    else:
        # "east of X near Y": Y is normally within a few tens of km of X.
        if d > 40.0:
            score *= math.exp(-(d - 40.0) / 25.0)
    if bearing is not None and d > 1.0:
        diff = angle_diff(bearing, bearing_deg(anchor, candidate))
        if diff > 67.5:
            score *= math.exp(-(diff - 67.5) / 30.0)
    return score
