"""Spatial language and geodesy: "within 15km northwest of Svatove", "70km southeast of X".

This module owns the domain grammar for distances and compass bearings (hand-written: no
library parses war-report spatial English) and the geodesic maths (pyproj.Geod, WGS84).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from pyproj import Geod

from .records import LonLat

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
DISTANCE_RE = re.compile(
    rf"(?:(?P<qual>{_QUAL_RE})\s+)?(?P<d1>\d{{1,4}}(?:[.,]\d+)?)"
    r"(?:\s*(?:-|–|to)\s*(?P<d2>\d{1,4}(?:[.,]\d+)?))?"
    r"\s*-?\s*(?P<unit>km|kms|kilometers|kilometres|kilometer|kilometre|miles|mile|mi)\b",
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


@dataclass(frozen=True, slots=True)
class Distance:
    """A stated distance: the number(s) as written and the range it allows, in km."""

    stated_km: float
    min_km: float
    max_km: float
    qualifier: str  # within | approx | beyond | exact


def _num(s: str) -> float:
    return float(s.replace(",", "."))


def parse_distance(m: re.Match[str]) -> Distance:
    """Turn a :data:`DISTANCE_RE` match into a :class:`Distance` range."""
    unit = MILE_KM if m["unit"].lower().startswith("mi") else 1.0
    d1 = _num(m["d1"]) * unit
    d2 = _num(m["d2"]) * unit if m["d2"] else None
    qual = _QUALIFIERS.get((m["qual"] or "").lower(), "exact")
    if d2 is not None:
        lo, hi = sorted((d1, d2))
        return Distance((lo + hi) / 2, lo, hi, "range")
    if qual == "within":
        return Distance(d1, 0.0, d1, qual)
    if qual == "beyond":
        return Distance(d1, d1, d1 * 1.5, qual)
    # Reports round distances; "approximately 70km" and a bare "15km" both allow ~20%.
    return Distance(d1, d1 * 0.8, d1 * 1.2, qual)


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


def offset_uncertainty_km(dist: Distance, bearing: float | None) -> float:
    """Radius around the projected point covering the stated range and the compass sector.

    A 16-point bearing names a sector of +/-11.25 degrees; a distance range spans
    ``max - min``. The radius covers both half-widths.
    """
    if bearing is None:
        # "20km from X" with no direction: the point is the anchor, anywhere on the ring.
        return round(max(1.0, dist.max_km), 3)
    radial = (dist.max_km - dist.min_km) / 2.0
    centre = (dist.max_km + dist.min_km) / 2.0
    lateral = centre * math.sin(math.radians(11.25))
    return round(max(1.0, math.hypot(radial, lateral)), 3)


def offset_centre_km(dist: Distance) -> float:
    """Where along the bearing to put an offset event: the middle of the allowed range."""
    return (dist.min_km + dist.max_km) / 2.0


def sector_polygon(
    anchor: LonLat,
    bearing: float,
    min_km: float,
    max_km: float,
    half_angle: float = 11.25,
    steps: int = 8,
) -> list[LonLat]:
    """A closed ring (counter-clockwise) of the annular sector an offset phrase allows."""
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
