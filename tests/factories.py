"""Event factories shared by the test modules (built in code, no file fixtures)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from frontline.records import Distance, Event, LonLat, Offset
from frontline.spatial import place_offset

# Kherson (GeoNames 706448): lon 32.61, lat 46.64.
KHERSON_LON = 32.61439
KHERSON_LAT = 46.64013

_DEFAULTS: dict[str, Any] = {
    "doc": "seeds/000_ae24c8dc4293616e.txt",
    "date": "2022-11-12",
    "report_date": "2022-11-12",
    "place": "Kherson",
    "place_name": "Kherson",
    "gazetteer_id": "geonames:706448",
    "admin1": "08",
    "lon": KHERSON_LON,
    "lat": KHERSON_LAT,
    "precision": "settlement",
    "uncertainty_km": 3.0,
    "axis": "southern",
    "actor": "RU",
    "event_type": "withdrawal",
    "outcome": "success",
    "claimant": "isw",
    "confidence": 0.9,
    "quote": "surrendering Kherson City on November 12",
    "char_start": 100,
    "char_end": 140,
}


def make_event(**overrides: Any) -> Event:
    """Return an Event with Kherson defaults; any field can be overridden by keyword.

    The id, unless given, is a hash of (doc, char_start, place) like the pipeline's, so two
    events differing in those fields get different ids.
    """
    fields = {**_DEFAULTS, **overrides}
    if "id" not in fields:
        key = f"{fields['doc']}|{fields['char_start']}|{fields['place']}"
        fields["id"] = hashlib.sha1(key.encode()).hexdigest()[:16]
    return Event(**fields)


# "approximately 70km southeast of Kherson City": the offset the pipeline carries for it.
APPROX_70KM_SE = Offset(Distance(70.0, 56.0, 84.0, "approx"), 135.0, 22.5)


def make_offset_event(offset: Offset = APPROX_70KM_SE, **overrides: Any) -> Event:
    """An offset event placed as the pipeline places it: by :func:`place_offset`.

    Anchor Kherson unless ``anchor_lon``/``anchor_lat`` are given. The point and
    ``uncertainty_km`` come from the placement unless given (a test may override them to build
    an event the pipeline would not make, e.g. one without an anchor position).
    """
    fields: dict[str, Any] = {
        "place": "",
        "place_name": "",
        "gazetteer_id": "",
        "precision": "offset",
        "anchor": "Kherson City",
        "anchor_lon": KHERSON_LON,
        "anchor_lat": KHERSON_LAT,
        "offset": offset,
        "event_type": "defensive_works",
        "claimant": "satellite_imagery",
        "quote": "a new base approximately 70km southeast of Kherson City",
        "char_start": 500,
        "char_end": 555,
        **overrides,
    }
    anchor = LonLat(KHERSON_LON, KHERSON_LAT)
    if fields["anchor_lon"] is not None and fields["anchor_lat"] is not None:
        anchor = LonLat(fields["anchor_lon"], fields["anchor_lat"])
    placed = place_offset(anchor, offset)
    fields.setdefault("lon", placed.point.lon)
    fields.setdefault("lat", placed.point.lat)
    fields.setdefault("uncertainty_km", placed.uncertainty_km)
    return make_event(**fields)


def with_(event: Event, **changes: Any) -> Event:
    """Shorthand for :func:`dataclasses.replace`."""
    return replace(event, **changes)
