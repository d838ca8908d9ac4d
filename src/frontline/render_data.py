"""The data a map page carries: its events as JSON, drawn in the browser by ``mapevents.js``.

A day page holds one JSON block (:func:`page_json`, safe inside ``<script>``) with its view,
layer names, filter values, style table and one record per event; the shared script
``frontline/data/mapevents.js`` (written once into a maps folder's ``lib/``) turns the records
into markers, popups, tooltips, offset areas, anchor lines and "new" rings. No folium here:
rendering a page is building this dict and one ``json.dumps``, not a template per marker.

:func:`latlon` is the single place where a ``LonLat`` becomes Leaflet's ``[lat, lon]``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from frontline.geojson import uncertainty_region
from frontline.records import Event, LonLat
from frontline.render_assets import (
    ANCHOR_LINES_MAX,
    CLUSTER_MIN_EVENTS,
    CLUSTER_OFF_AT_ZOOM,
    FILTER_DIMENSIONS,
    LABEL_MIN_ZOOM,
    NEW_RING_RADIUS_PX,
    SEARCH_ZOOM,
    UKRAINE_CENTRE,
    Filters,
    StyleTable,
    hide_class,
    label,
    marker_class,
    marker_style,
    place_entries,
    popup_data,
)

__all__ = [
    "LINE_STYLE",
    "POPUP_MAX_WIDTH_PX",
    "REGION_STYLE",
    "day_data",
    "filter_groups",
    "latlon",
    "page_json",
    "stack_keys",
    "timeline_data",
    "view",
]

POPUP_MAX_WIDTH_PX = 440
# Offset areas and anchor lines: the marker's colour, dashed, never in the way of a click.
REGION_STYLE = {"weight": 1.5, "opacity": 0.7, "fill": True, "fillOpacity": 0.06,
                 "dashArray": "6 4", "interactive": False}  # fmt: skip
LINE_STYLE = {"weight": 1.5, "opacity": 0.8, "dashArray": "4 6", "interactive": False}
_RING_STYLE = {"radius": NEW_RING_RADIUS_PX, "color": "#f0a000", "weight": 2, "fill": False,
               "interactive": False}  # fmt: skip
_CLUSTER_OPTIONS = {"disableClusteringAtZoom": CLUSTER_OFF_AT_ZOOM, "maxClusterRadius": 35,
                    "spiderfyOnMaxZoom": True}  # fmt: skip
_FIT_PADDING_PX = 40
_FIT_MAX_ZOOM = 10


def latlon(p: LonLat) -> list[float]:
    """Return ``[lat, lon]`` — Leaflet's (and folium's) axis order — for a ``LonLat``.

    The one place in frontline where the axis order flips; everything else is lon, lat.
    """
    return [float(p.lat), float(p.lon)]


def page_json(value: Any) -> str:
    """``value`` as JSON that is inert inside an HTML ``<script>`` block.

    ``<``, ``>`` and ``&`` become ``\\u`` escapes (so no ``</script>``, ``<!--`` or entity can
    end or change the block), and U+2028/U+2029 too (line breaks to older JavaScript parsers).
    Those characters only occur inside JSON strings, where the escapes mean the same text.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def stack_keys(events: Sequence[Event], *, by_date: bool = False) -> list[int]:
    """Per event, the number of its stack: the events drawn at the same point (to 6 decimals,
    and on the same date with ``by_date``) share one, numbered in order of first appearance."""
    keys: dict[tuple[str | None, float, float], int] = {}
    return [
        keys.setdefault((e.date if by_date else None, round(e.lon, 6), round(e.lat, 6)), len(keys))
        for e in events
    ]


def view(events: Sequence[Event]) -> dict[str, Any]:
    """A page's initial view: ``bounds`` (south-west, north-east as lat, lon) with ``padding``
    and ``maxZoom`` to fit its events, or Ukraine's ``centre`` and ``zoom`` for none."""
    if not events:
        return {"centre": list(UKRAINE_CENTRE), "zoom": 6}
    lats = [e.lat for e in events]
    lons = [e.lon for e in events]
    return {
        "bounds": [latlon(LonLat(min(lons), min(lats))), latlon(LonLat(max(lons), max(lats)))],
        "padding": [_FIT_PADDING_PX, _FIT_PADDING_PX],
        "maxZoom": _FIT_MAX_ZOOM,
    }


def filter_groups(events: Sequence[Event], filters: Filters) -> list[list[Any]]:
    """``[[group title, [[entry name, hide class, token], ...]], ...]`` for the layer panel."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for event in events:
        for attr, _, _ in FILTER_DIMENSIONS:
            counts[attr][str(getattr(event, attr))] += 1
    groups = []
    for attr, _, title in FILTER_DIMENSIONS:
        entries = [
            [f"{label(attr, value)} ({counts[attr][value]})", hide_class(token), token]
            for value, token in filters.tokens[attr].items()
        ]
        if entries:
            groups.append([title, entries])
    return groups


def day_data(
    events: Sequence[Event],
    filters: Filters,
    *,
    new: set[str],
    boundaries: bool,
    link_base: Path | None,
) -> dict[str, Any]:
    """Everything a day page's script draws, as one JSON-able dict.

    ``events`` sorted as they are drawn; ``new`` the ids of events ringed as new. Per event
    record: :func:`frontline.render_assets.popup_data` plus ``ll`` (lat, lon), ``s`` its marker
    style (index into ``styles``), ``c`` its marker classes, and when it has them ``region``
    (the offset area, lat/lon pairs) with ``rs``, ``anchor`` (lat, lon) with ``ls``, and
    ``new``.
    """
    styles = StyleTable()
    hrefs: dict[str, str | None] = {}
    records = []
    anchored = 0
    for event, stack in zip(events, stack_keys(events), strict=True):
        record = popup_data(event, filters, stack, hrefs, link_base)
        style = marker_style(event)
        record["ll"] = latlon(event.position)
        record["s"] = styles.index(style)
        record["c"] = marker_class(event)
        if event.precision == "offset" or event.anchor_lat is not None:
            colour = style["color"]
            region = uncertainty_region(event)
            if region is not None:
                record["region"] = [latlon(q) for q in region[1]]
                record["rs"] = styles.index({**REGION_STYLE, "color": colour})
            if event.anchor_lat is not None and event.anchor_lon is not None:
                anchored += 1
                record["anchor"] = latlon(LonLat(event.anchor_lon, event.anchor_lat))
                record["ls"] = styles.index({**LINE_STYLE, "color": colour})
        if event.id in new:
            record["new"] = 1
        records.append(record)
    layers: dict[str, Any] = {
        "boundaries": "Oblast boundaries" if boundaries else None,
        "offsets": "Offsets: uncertainty areas",
        "lines": f"Anchor lines ({anchored})",
        # Anchor lines clutter a dense day: there they start switched off (one click shows them).
        "linesShown": anchored <= ANCHOR_LINES_MAX,
        "events": f"Events ({len(events)})",
        "cluster": _CLUSTER_OPTIONS if len(events) >= CLUSTER_MIN_EVENTS else None,
        "new": f"New since previous report ({len(new)})" if new else None,
    }
    return {
        "view": view(events),
        "layers": layers,
        "filters": filter_groups(events, filters),
        "styles": styles.styles,
        "ring": styles.index(_RING_STYLE),
        "popupMaxWidth": POPUP_MAX_WIDTH_PX,
        "events": records,
        "places": place_entries(events),
        "labelZoom": LABEL_MIN_ZOOM,
        "searchZoom": SEARCH_ZOOM,
    }


def timeline_data(
    events: Sequence[Event], filters: Filters, link_base: Path | None
) -> dict[str, Any]:
    """The popup and tooltip records of a timeline page (its features carry ``fl_e``, the
    index of their event's record): :func:`frontline.render_assets.popup_data` per event."""
    hrefs: dict[str, str | None] = {}
    return {
        "popupMaxWidth": POPUP_MAX_WIDTH_PX,
        "events": [
            popup_data(event, filters, stack, hrefs, link_base)
            for event, stack in zip(events, stack_keys(events, by_date=True), strict=True)
        ],
    }
