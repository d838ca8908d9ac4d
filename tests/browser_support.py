"""Shared helpers for the render tests: tiny Event fixtures and Playwright request routing.

Not a conftest (the lead owns tests/conftest.py); import explicitly.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import mimetypes
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from frontline.records import Distance, Event, LonLat, Offset
from frontline.render_assets import CDN_ASSETS, asset_path
from frontline.spatial import place_offset

# "approximately 70km southeast of Kherson": the offset and its anchor.
KHERSON_ANCHOR = LonLat(32.6169, 46.6354)
APPROX_70KM_SE = Offset(Distance(70.0, 56.0, 84.0, "approx"), 135.0, 22.5)


def offset_fields() -> dict[str, Any]:
    """Event fields of an offset event, its point placed by place_offset as the pipeline does."""
    placed = place_offset(KHERSON_ANCHOR, APPROX_70KM_SE)
    return {
        "precision": "offset",
        "uncertainty_km": placed.uncertainty_km,
        "lon": placed.point.lon,
        "lat": placed.point.lat,
        "anchor": "Kherson",
        "anchor_lon": KHERSON_ANCHOR.lon,
        "anchor_lat": KHERSON_ANCHOR.lat,
        "offset": APPROX_70KM_SE,
    }


REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Places on the Kupiansk/Lyman/Donetsk axes with their real (rounded) coordinates.
PLACES: dict[str, tuple[float, float]] = {  # name -> (lon, lat)
    "Kuzemivka": (38.0589, 49.3589),
    "Bilohorivka": (38.2286, 48.9339),
    "Bakhmut": (38.0022, 48.5953),
    "Avdiivka": (37.7506, 48.1394),
    "Svatove": (38.1567, 49.4102),
    "Kherson": (32.6169, 46.6354),
}


@contextlib.contextmanager
def launched_chromium() -> Iterator[Any]:
    """Debian's Chromium (:data:`CHROMIUM`) under Playwright, closed on leaving."""
    from playwright import sync_api  # a dev dependency: imported by the browser tests only

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def make_event(place: str = "Kuzemivka", **overrides: Any) -> Event:
    """An Event with sane defaults; ``overrides`` replace any field."""
    lon, lat = PLACES.get(place, (37.0, 48.0))
    quote = overrides.pop("quote", f"Russian forces attacked near {place}.")
    doc = overrides.pop("doc", "seeds/000_ae24c8dc4293616e.txt")
    start = overrides.pop("char_start", 100)
    base = Event(
        id=hashlib.sha1(f"{doc}:{start}:{place}:{sorted(overrides.items())}".encode()).hexdigest()[
            :16
        ],
        doc=doc,
        date="2022-11-12",
        report_date="2022-11-12",
        place=place,
        place_name=place,
        gazetteer_id="geonames:1",
        admin1="Luhansk Oblast",
        lon=lon,
        lat=lat,
        precision="settlement",
        uncertainty_km=0.0,
        axis="kupiansk-svatove",
        actor="RU",
        event_type="ground_assault",
        outcome="repelled",
        claimant="ua_general_staff",
        confidence=0.9,
        quote=quote,
        char_start=start,
        char_end=start + len(quote),
    )
    return dataclasses.replace(base, **overrides)


def sample_events() -> list[Event]:
    """Six events over two days, two axes, both actors, claimed and confirmed, one offset."""
    return [
        make_event("Kuzemivka", actor="RU", claimant="ua_general_staff"),
        make_event(
            "Bilohorivka",
            axis="lyman",
            actor="RU",
            claimant="geolocated_footage",
            event_type="advance",
            outcome="success",
            char_start=200,
        ),
        make_event(
            "Bakhmut",
            axis="bakhmut",
            actor="UA",
            claimant="ru_mod",
            event_type="shelling",
            outcome="claimed",
            char_start=300,
        ),
        make_event(
            "Avdiivka",
            axis="avdiivka-donetsk",
            date="2022-11-13",
            report_date="2022-11-13",
            char_start=400,
        ),
        make_event(
            "Kherson",
            place_name="Kherson (offset)",
            axis="southern",
            actor="UA",
            **offset_fields(),
            event_type="strike",
            claimant="isw",
            outcome="success",
            date="2022-11-13",
            report_date="2022-11-13",
            char_start=500,
        ),
        make_event(
            "Svatove",
            date=None,
            report_date=None,
            actor="unknown",
            claimant="unknown",
            outcome="unknown",
            event_type="other",
            char_start=600,
        ),
    ]


def _content_type(url: str) -> str:
    if url.split("?")[0].endswith(".css"):
        return "text/css"
    if url.split("?")[0].endswith(".js"):
        return "application/javascript"
    if any(url.split("?")[0].endswith(ext) for ext in (".png", ".jpg", ".svg")):
        return mimetypes.guess_type(url.split("?")[0])[0] or "image/png"
    return "text/plain"


def route_offline(route: Any) -> None:
    """Playwright route handler: CDN assets from the package's copies; anything else an empty 200.

    Empty bodies by type: ``.js`` -> application/javascript, ``.css`` -> text/css, images
    (map tiles) -> their image type (an empty image just fails to decode: a grey tile),
    anything else -> text/plain. ``file:`` and ``data:`` URLs pass through untouched.
    """
    url = route.request.url
    if url.startswith(("file:", "data:", "about:")):
        route.continue_()
        return
    if url in CDN_ASSETS:
        path = asset_path(url)
        if path is not None:
            route.fulfill(status=200, path=str(path), content_type=_content_type(url))
            return
    route.fulfill(status=200, body=b"", content_type=_content_type(url))


_DATA_BLOCK = re.compile(r'<script type="application/json" id="fl-page-data">(.*?)</script>', re.S)


def page_data(html: str) -> Any:
    """The JSON data block of a rendered map page (what mapevents.js draws), parsed."""
    (block,) = _DATA_BLOCK.findall(html)
    return json.loads(block)


def outside_data(html: str) -> str:
    """A rendered page without its JSON data block (report text must not be anywhere else)."""
    return _DATA_BLOCK.sub("", html)
