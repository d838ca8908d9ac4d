"""Event factories shared by the test modules (built in code, no file fixtures)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any

from frontline.records import Event

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


def with_(event: Event, **changes: Any) -> Event:
    """Shorthand for :func:`dataclasses.replace`."""
    return replace(event, **changes)
