"""Folium-free helpers of the map renderer: styling tables, escaping, CSS/JS snippets, assets.

Everything here is plain Python (no folium, no branca) so it can be imported by tests and
benchmarks without building a map: the CDN asset table (offline inlining and the browser tests'
request routing use the same one), the escaping applied to report text on its way into HTML and
JavaScript, the marker styling rules, the legend, the layer-switch CSS/JS and the oblast boundary
simplification.
"""

from __future__ import annotations

import base64
import html
import importlib.resources
import json
import mimetypes
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from frontline.errors import ConfigurationError
from frontline.records import Event
from frontline.spatial import offset_wording

# --------------------------------------------------------------------------------------------
# Styling rules (documented in the legend, so a reader of the map knows what a symbol means)

ACTOR_COLOURS: dict[str, str] = {"RU": "#d7301f", "UA": "#2166ac", "unknown": "#6b6b6b"}
ACTOR_LABELS: dict[str, str] = {
    "RU": "Russian forces",
    "UA": "Ukrainian forces",
    "unknown": "Unknown",
}

# Independently verifiable evidence (geolocated footage, satellite imagery) is drawn filled;
# ISW's own assessments half-filled (its routine "Russian forces attacked near ..." lists are
# not evidence anyone can check); statements by a party to the war (either side,
# symmetrically), the media, or nobody in particular hollow.
CONFIRMED_CLAIMANTS: frozenset[str] = frozenset({"geolocated_footage", "satellite_imagery"})
ASSESSED_CLAIMANTS: frozenset[str] = frozenset({"isw"})
FILL_OPACITY: dict[str, float] = {"confirmed": 0.85, "assessed": 0.4, "claimed": 0.08}

# Human labels of the vocabularies' codes (records.CLAIMANTS, EVENT_TYPES, ...): what the
# interface shows instead of ``ru_mod`` or ``defensive_works``.
CLAIMANT_LABELS: dict[str, str] = {
    "ru_mod": "Russian MoD",
    "ru_official": "Russian officials",
    "ru_source": "Russian sources",
    "ua_general_staff": "Ukrainian General Staff",
    "ua_official": "Ukrainian officials",
    "ua_source": "Ukrainian sources",
    "geolocated_footage": "geolocated footage",
    "satellite_imagery": "satellite imagery",
    "isw": "ISW assessment",
    "media": "media",
    "unknown": "unknown source",
}

EVENT_RADIUS_PX = 7
# Place names are drawn next to the markers from this zoom on (about 30 km across a screen).
LABEL_MIN_ZOOM = 10
# A place found by the search is shown at least at this zoom (clusters have opened by then).
SEARCH_ZOOM = 12
# A day with more anchor lines than this starts with them switched off (one click shows them).
ANCHOR_LINES_MAX = 30
# The timeline's day window: (days, label); 0 days is every day up to the one shown.
TIMELINE_WINDOWS: tuple[tuple[int, str], ...] = (
    (1, "this day"),
    (7, "last 7 days"),
    (30, "last 30 days"),
    (0, "all so far"),
)
NEW_RING_RADIUS_PX = 12
# Day maps switch to marker clustering above this many events: below it every marker stays in
# the DOM (countable in tests, no click-to-expand for the reader).
CLUSTER_MIN_EVENTS = 80
CLUSTER_OFF_AT_ZOOM = 12
BOUNDARY_TOLERANCE_DEG = 0.01  # ~1 km: invisible at oblast scale, shrinks the GeoJSON ~10x
UKRAINE_CENTRE = (48.5, 34.5)  # (lat, lon) for an empty map


def evidence(event: Event) -> str:
    """``"confirmed"`` (geolocated footage, satellite imagery), ``"assessed"`` (ISW's own
    assessment) or ``"claimed"`` (a party's or the media's statement, or outcome "claimed")."""
    if event.outcome == "claimed":
        return "claimed"
    if event.claimant in CONFIRMED_CLAIMANTS:
        return "confirmed"
    return "assessed" if event.claimant in ASSESSED_CLAIMANTS else "claimed"


def is_confirmed(event: Event) -> bool:
    """Return True if the event is drawn filled (independently confirmed)."""
    return evidence(event) == "confirmed"


def words(code: str) -> str:
    """A code as words: ``defensive_works`` -> ``defensive works``."""
    return code.replace("_", " ")


@lru_cache(maxsize=1)
def _axis_names() -> dict[str, str]:
    from frontline.axes import load_axes

    try:
        return {a.id: a.name for a in load_axes().axes}
    except (OSError, ValueError):  # a broken axes file must not stop a map
        return {}


def label(dimension: str, value: str) -> str:
    """The human label of a filter/popup value (``claimant``, ``ru_mod`` -> ``Russian MoD``)."""
    if dimension == "claimant":
        return CLAIMANT_LABELS.get(value, words(value))
    if dimension == "actor":
        return ACTOR_LABELS.get(value, value)
    if dimension == "axis":
        return _axis_names().get(value, value) if value else "no axis"
    return words(value)


def oblast_label(admin1: str) -> str:
    """An oblast for people: the GeoNames code "14" -> "Luhansk Oblast" (a name stays)."""
    from frontline.geojson import admin1_name

    return admin1_name(admin1) or admin1


def slug(value: str) -> str:
    """Return a CSS-class-safe token for a data value (``"Kupiansk axis"`` -> ``kupiansk-axis``)."""
    token = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return token or "none"


def class_tokens(dimension: str, values: Iterable[str]) -> dict[str, str]:
    """Map each distinct value of a dimension to a unique class token (``fl-f-axis-kupiansk``)."""
    tokens: dict[str, str] = {}
    used: set[str] = set()
    for value in sorted(set(values)):
        token = f"fl-f-{dimension}-{slug(value)}"
        n = 2
        while token in used:  # two values that slug alike must still filter independently
            token = f"fl-f-{dimension}-{slug(value)}-{n}"
            n += 1
        used.add(token)
        tokens[value] = token
    return tokens


# Filter dimensions offered in the layer control: (attribute of Event, class prefix, group title).
FILTER_DIMENSIONS: tuple[tuple[str, str, str], ...] = (
    ("axis", "axis", "Axis"),
    ("event_type", "type", "Event type"),
    ("claimant", "claimant", "Claimant"),
    ("actor", "actor", "Actor"),
)


@dataclass(frozen=True, slots=True)
class Filters:
    """Class tokens of every filterable value in one map, per dimension."""

    tokens: dict[str, dict[str, str]]  # dimension attribute -> value -> class token

    @classmethod
    def of(cls, events: Sequence[Event]) -> Filters:
        return cls(
            {
                attr: class_tokens(prefix, (str(getattr(e, attr)) for e in events))
                for attr, prefix, _ in FILTER_DIMENSIONS
            }
        )

    def classes(self, event: Event) -> str:
        """The filter classes an event's every drawn shape carries."""
        return " ".join(
            self.tokens[attr][str(getattr(event, attr))] for attr, _, _ in FILTER_DIMENSIONS
        )

    def css(self) -> str:
        """CSS hiding shapes whose value is switched off (the map container gets ``fl-hide-*``)."""
        rules = [
            f".{hide_class(token)} .{token} {{ display: none; }}"
            for per_value in self.tokens.values()
            for token in per_value.values()
        ]
        return "\n".join(rules)


def hide_class(token: str) -> str:
    """Container class hiding the shapes that carry filter ``token`` (``fl-f-x``: ``fl-hide-x``)."""
    return "fl-hide-" + token.removeprefix("fl-f-")


def marker_class(event: Event) -> str:
    """What an event marker is, as classes (for styling and tests): actor, evidence, precision."""
    actor = event.actor if event.actor in ACTOR_COLOURS else "unknown"
    return f"fl-event fl-actor-{actor} fl-{evidence(event)} fl-prec-{event.precision}"


def event_class(event: Event, filters: Filters) -> str:
    """Class attribute of an event marker: :func:`marker_class` plus its filters."""
    return f"{marker_class(event)} {filters.classes(event)}"


def marker_style(event: Event) -> dict[str, Any]:
    """Leaflet path options (camelCase) of an event's circle marker."""
    colour = ACTOR_COLOURS.get(event.actor, ACTOR_COLOURS["unknown"])
    style: dict[str, Any] = {
        "radius": EVENT_RADIUS_PX,
        "color": colour,
        "weight": 2.5,
        "opacity": 0.95,
        "fill": True,
        "fillColor": colour,
        # hollow markers keep a faint fill so they stay clickable across their whole disc
        "fillOpacity": FILL_OPACITY[evidence(event)],
    }
    if event.precision == "region":
        style["dashArray"] = "2 3"
    elif event.precision == "offset":
        style["dashArray"] = "5 3"
    return style


# --------------------------------------------------------------------------------------------
# Escaping: report text is untrusted. Popups and tooltips are built in the browser from the
# page's JSON data as text nodes (render_data.page_json, mapevents.js); what still goes through
# folium (the timeline's layer names) or straight into HTML (titles, legend, popup_html) is
# escaped here, for HTML and for the JavaScript template literals folium pastes strings into.


def escape_text(text: object) -> str:
    """Escape text for HTML *and* for a JS template literal (backslash, ``$``, backtick).

    ``html.escape`` alone is not enough inside folium's ``$(`...`)`` popups: ``${...}`` would be
    evaluated and ``\\x3c`` would turn back into ``<`` before the HTML is parsed. Braces are
    escaped because branca re-renders output through Jinja (template injection).
    """
    escaped = html.escape(str(text), quote=True)
    escaped = escaped.replace("\\", "&#92;").replace("$", "&#36;").replace("`", "&#96;")
    # Braces too: branca renders folium's output through Jinja a second time, so a report
    # containing "{{ ... }}" or "{% ... %}" would otherwise be evaluated as a template.
    return escaped.replace("{", "&#123;").replace("}", "&#125;")


def doc_href(doc: str, link_base: Path | None = None) -> str | None:
    """Link from a map page to the source document ``doc`` (a path as given), or None.

    Relative to ``link_base`` (the map's folder) when given, so a maps folder moved together
    with its inputs keeps working; otherwise a ``file:`` URI of the resolved path.
    """
    if not doc or doc.startswith("<"):  # "<stdin>" and friends have nothing to link to
        return None
    path = Path(doc)
    if link_base is not None:
        rel = os.path.relpath(path.resolve(), link_base.resolve())
        return quote(rel.replace(os.sep, "/"))  # quoting ':' also rules out "javascript:"
    return path.resolve().as_uri()


@dataclass(frozen=True, slots=True)
class PopupRow:
    """One row of an event's popup, as plain (unescaped) text: ``key`` and ``text``, an optional
    ``small`` note after it and an optional ``href`` that ``text`` links to."""

    key: str
    text: str
    small: str | None = None
    href: str | None = None


def popup_rows(
    event: Event, link_base: Path | None = None, hrefs: dict[str, str | None] | None = None
) -> list[PopupRow]:
    """The rows of an event's popup (what :func:`popup_html` and the page script show).

    ``hrefs`` memoises :func:`doc_href` per document over one page (resolving a path costs
    system calls, and a report has many events).
    """
    date = event.date or "undated"
    if event.date_range:
        date += f" ({event.date_range[0]} – {event.date_range[1]})"
    precision: str = event.precision
    if event.uncertainty_km:
        precision += f" ±{event.uncertainty_km:g} km"
    rows = [
        PopupRow("Place", f"{event.place} → {event.place_name}", small=event.gazetteer_id),
        PopupRow("Oblast", oblast_label(event.admin1)),
        PopupRow("Date", date),
        PopupRow("Actor", label("actor", event.actor)),
        PopupRow("Event", f"{words(event.event_type)} / {words(event.outcome)}"),
        PopupRow(
            "Claimant",
            f"{label('claimant', event.claimant)} ({EVIDENCE_WORDS[evidence(event)]})",
        ),
        PopupRow("Precision", precision),
        PopupRow("Confidence", f"{event.confidence:.2f}"),
        PopupRow("Axis", label("axis", event.axis)),
    ]
    if event.anchor:
        # The same words as place_offset(...).wording, which needs the anchor's position too.
        wording = offset_wording(event.offset, event.anchor) if event.offset else event.anchor
        rows.append(PopupRow("Offset", wording))
    if hrefs is None:
        href = doc_href(event.doc, link_base)
    elif event.doc in hrefs:
        href = hrefs[event.doc]
    else:
        href = hrefs[event.doc] = doc_href(event.doc, link_base)
    rows.append(
        PopupRow("Source", event.doc, small=f"chars {event.char_start}–{event.char_end}", href=href)
    )
    return rows


def popup_html(event: Event, link_base: Path | None = None) -> str:
    """The (fully escaped) HTML of an event's popup: the same rows as the page script draws
    from :func:`popup_data` (for notebooks and tests; the map pages build it in the browser)."""
    e = escape_text
    cells = []
    for row in popup_rows(event, link_base):
        text = e(row.text)
        if row.href is not None:
            text = f'<a href="{e(row.href)}" target="_blank" rel="noopener">{text}</a>'
        if row.small is not None:
            text += f" <small>{e(row.small)}</small>"
        cells.append(f"<tr><th>{e(row.key)}</th><td>{text}</td></tr>")
    quotes = "".join(f"<blockquote>{e(q)}</blockquote>" for q in (event.quote, *event.quotes))
    return (
        f'<div class="fl-popup" data-fl-id="{e(event.id)}">{quotes}'
        f"<table>{''.join(cells)}</table></div>"
    )


def popup_data(
    event: Event,
    filters: Filters,
    stack: int,
    hrefs: dict[str, str | None] | None = None,
    link_base: Path | None = None,
) -> dict[str, Any]:
    """What the page script (``mapevents.js``) needs to draw an event's popup and tooltip.

    Keys: ``id``; ``f`` its filter classes; ``k`` its stack (events drawn at the same point
    share one, and their popup lists them all); ``tip`` the tooltip; ``q`` the quotes; ``rows``
    ``[key, text, small, href]`` (``small``/``href`` left off when absent). All plain text: the
    script puts it into the page as text nodes, never as HTML.
    """
    rows = []
    for row in popup_rows(event, link_base, hrefs):
        cell: list[str | None] = [row.key, row.text]
        if row.small is not None or row.href is not None:
            cell.append(row.small)
        if row.href is not None:
            cell.append(row.href)
        rows.append(cell)
    return {
        "id": event.id,
        "f": filters.classes(event),
        "k": stack,
        "tip": tooltip_label(event),
        "q": [event.quote, *event.quotes],
        "rows": rows,
    }


EVIDENCE_WORDS: dict[str, str] = {
    "confirmed": "confirmed",
    "assessed": "ISW-assessed",
    "claimed": "claimed",
}


def tooltip_label(event: Event) -> str:
    """Short hover text (plain, unescaped): place, date, what happened."""
    return (
        f"{event.place_name} · {event.date or 'undated'} · "
        f"{label('actor', event.actor)}: {words(event.event_type)}"
    )



# --------------------------------------------------------------------------------------------
# Page furniture


MAP_CSS = """
.fl-popup { max-width: 420px; font: 12px/1.35 system-ui, sans-serif; }
.fl-popup blockquote { margin: 0 0 6px; padding: 4px 8px; border-left: 3px solid #999;
  background: #f6f6f6; white-space: normal; }
.fl-popup table { border-collapse: collapse; }
.fl-popup th { text-align: left; padding: 1px 8px 1px 0; color: #555; font-weight: 600; }
.fl-popup td { padding: 1px 0; }
.fl-stack { max-height: 360px; overflow-y: auto; }
.fl-stack-head { font: 600 12px system-ui, sans-serif; margin-bottom: 4px; }
.fl-stack-item + .fl-stack-item { border-top: 1px solid #ccc; padding-top: 6px; margin-top: 6px; }
.fl-box { position: absolute; z-index: 1000; background: rgba(255,255,255,0.93);
  border-radius: 6px; box-shadow: 0 1px 5px rgba(0,0,0,0.35);
  font: 12px/1.4 system-ui, sans-serif; padding: 6px 10px; }
.fl-title { top: 10px; left: 60px; max-width: 45%; }
.fl-title h1 { font-size: 15px; margin: 0; }
.fl-legend { bottom: 60px; left: 10px; max-width: 300px; font-size: 11px; }
.fl-legend.fl-above-slider { bottom: 165px; }
.fl-legend summary { font-size: 13px; font-weight: 600; cursor: pointer; }
.fl-legend .sw { display: inline-block; width: 11px; height: 11px; border-radius: 50%;
  border: 2.5px solid; vertical-align: middle; margin-right: 6px; box-sizing: border-box; }
.fl-legend .ln { display: inline-block; width: 22px; border-top: 2px dashed #444;
  vertical-align: middle; margin-right: 6px; }
.fl-legend p { margin: 4px 0 0; color: #444; }
.leaflet-timeline-control .time-text { font-weight: 600; }
"""


def title_html(title: str, subtitle: str) -> str:
    """Escaped title box shown over the map."""
    return (
        f'<div class="fl-box fl-title"><h1>{escape_text(title)}</h1>'
        f"<div>{escape_text(subtitle)}</div></div>"
    )


def legend_html(events: Sequence[Event], *, new_count: int | None, timeline: bool) -> str:
    """Escaped legend: actor colours, filled vs hollow, offsets, new-today rings, counts."""
    counts = {a: 0 for a in ACTOR_COLOURS}
    for event in events:
        counts[event.actor if event.actor in counts else "unknown"] += 1
    rows = []
    for actor, colour in ACTOR_COLOURS.items():
        rows.append(
            f'<div><span class="sw" style="border-color:{colour};background:{colour}"></span>'
            f"{escape_text(ACTOR_LABELS[actor])} ({counts[actor]})</div>"
        )
    rows.append(
        '<div><span class="sw" style="border-color:#444;background:#444"></span>'
        "filled: confirmed (geolocated footage, satellite imagery)</div>"
    )
    rows.append(
        '<div><span class="sw" style="border-color:#444;background:rgba(68,68,68,.4)"></span>'
        "half-filled: ISW assessment (e.g. its “attacked near …” lists)</div>"
    )
    rows.append(
        '<div><span class="sw" style="border-color:#444;background:transparent"></span>'
        "hollow: claimed (Russian MoD/officials/sources, Ukrainian General Staff/officials/"
        "sources, media, unknown; or outcome “claimed”)</div>"
    )
    rows.append(
        '<div><span class="ln"></span>offset event: dashed outline, the area its phrase allows '
        "(distance range and compass sector), line from the stated anchor</div>"
    )
    if new_count is not None:
        rows.append(
            '<div><span class="sw" style="border-color:#f0a000;background:transparent"></span>'
            "new: place and event type not in the same source's report of the day before "
            f"({new_count})</div>"
        )
    note = (
        "Slider: one day per click; “show” picks this day, the last 7 or 30 days, or all days "
        "so far (earlier days paler). Undated events are not on the timeline."
        if timeline
        else "Use the layer panel (top right) to filter by axis, event type, claimant, actor."
    )
    note += " Search, measure (km) and place labels: top left and when zoomed in."
    where = "fl-box fl-legend fl-above-slider" if timeline else "fl-box fl-legend"
    return (
        f'<details class="{where}" open><summary>Legend</summary>'
        + "".join(rows)
        + f"<p>{escape_text(note)}</p>"
        + "<p>Places: GeoNames (CC BY 4.0), © OpenStreetMap contributors.</p></details>"
    )


# Timeline features are data (GeoJSON) styled by properties computed in Python. Styles repeat,
# so features carry an index ``fl_s`` into one shared table (``__STYLES__``) instead of a copy:
# a third less HTML for a year of events.
TIMELINE_POINT_JS = """
(function (S) {
    return function (feature, latlng) {
        // Points are events; offset regions are Polygons and anchor lines LineStrings, which
        // Leaflet draws itself with TIMELINE_STYLE_JS.
        return L.circleMarker(latlng, S[feature.properties.fl_s]);
    };
})(__STYLES__)
"""
TIMELINE_STYLE_JS = """
(function (S) {
    return function (feature) { return S[feature.properties.fl_s]; };
})(__STYLES__)
"""


# --------------------------------------------------------------------------------------------
# Map tools (search, measure, place labels, compact layer panel, timeline window) and the
# script drawing a page's events from its data: hand-written scripts and a style sheet shipped in
# frontline/data, written once into a maps folder's lib/ or inlined into single-file pages.


@cache
def _package_text(name: str) -> str:
    return importlib.resources.files("frontline.data").joinpath(name).read_text(encoding="utf-8")


# frontline's own page files, written beside the third-party ones into a maps folder's lib/
# (frontline.page_assets.write_lib) and linked from there, or inlined into single-file pages.
MAPTOOLS_FILES = ("maptools.js", "maptools.css", "mapevents.js")
MAPTOOLS_LIB = "frontline"  # lib/frontline/maptools.js
_MAPTOOLS_MARK = "<!-- frontline: map tools -->"


def maptools_head() -> str:
    """Where the map tools go in the page's ``<head>``: a mark that
    :func:`maptools_tags` replaces once the page's asset mode is known."""
    return _MAPTOOLS_MARK


def maptools_text(name: str) -> str:
    """The shipped text of one of :data:`MAPTOOLS_FILES`."""
    return _package_text(name)


def maptools_tags(document: str, mode: str, lib: str = "lib") -> str:
    """``document`` with its map-tools mark replaced: links to ``lib/frontline/`` for pages
    that share a maps folder's ``lib`` (``"lib"``), else the ``<style>`` and ``<script>``
    inlined (single-file pages: ``"cdn"``, ``"inline"``)."""
    return document.replace(_MAPTOOLS_MARK, _maptools_tags(mode, lib), 1)


@cache
def _maptools_tags(mode: str, lib: str) -> str:
    scripts = [n for n in MAPTOOLS_FILES if n.endswith(".js")]
    if mode == "lib":
        base = f"{lib}/{MAPTOOLS_LIB}"
        return f'<link rel="stylesheet" href="{base}/maptools.css"/>\n' + "\n".join(
            f'<script src="{base}/{name}"></script>' for name in scripts
        )
    css = maptools_text("maptools.css").replace("</style", "<\\/style")
    js = "\n".join(maptools_text(n).replace("</script", "<\\/script") for n in scripts)
    return f"<style>{css}</style>\n<script>{js}</script>"


def script_json(value: Any) -> str:
    """``value`` (lists, strings, numbers; no dicts) as JSON safe inside a ``<script>`` block and
    through branca's Jinja pass: ``<``, ``>``, ``&`` and braces become ``\\u`` escapes (they can
    only occur inside strings, as there are no objects)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&{}":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def place_entries(events: Sequence[Event], *, with_days: bool = False) -> list[list[Any]]:
    """The page's places for search and labels: ``[name, lat, lon]`` once per name and point,
    sorted; ``with_days`` adds the noon (UTC, ms) of each date the place has events."""
    days: dict[tuple[str, float, float], set[int]] = {}
    for e in events:
        spot = days.setdefault((e.place_name, float(e.lat), float(e.lon)), set())
        if with_days and e.date:
            spot.add(_noon_ms(e.date))
    return [
        [name, lat, lon, sorted(days[(name, lat, lon)])] if with_days else [name, lat, lon]
        for name, lat, lon in sorted(days)
    ]


def _noon_ms(day: str) -> int:
    from datetime import UTC, date, datetime, time

    noon = datetime.combine(date.fromisoformat(day), time(12), UTC)
    return int(noon.timestamp() * 1000)


def maptools_call(
    map_name: str,
    places: list[list[Any]],
    *,
    events: str | None = None,
    timeline: str | None = None,
    slider: str | None = None,
) -> str:
    """The script that sets the tools up on one map (JS variable names from folium)."""
    windows = script_json([list(w) for w in TIMELINE_WINDOWS]) if timeline else "[]"
    return (
        f"frontlineTools({map_name}, {{events: {events or 'null'}, "
        f"timeline: {timeline or 'null'}, slider: {slider or 'null'}, "
        f"places: {script_json(places)}, labelZoom: {LABEL_MIN_ZOOM}, "
        f"searchZoom: {SEARCH_ZOOM}, windows: {windows}}});"
    )


class StyleTable:
    """Interned Leaflet style dicts; ``index(style)`` gives a stable position in the table."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self.styles: list[dict[str, Any]] = []

    def index(self, style: Mapping[str, Any]) -> int:
        key = json.dumps(style, sort_keys=True)
        if key not in self._index:
            self._index[key] = len(self.styles)
            self.styles.append(dict(style))
        return self._index[key]

    def js(self, template: str) -> str:
        """``template`` with the table as a script-safe JS array literal."""
        table = json.dumps(self.styles, sort_keys=True).replace("<", "\\u003c")
        return template.replace("__STYLES__", table)


TIMELINE_DAY_STEP_JS = """
(function (slider) {
    var DAY = 86400000;
    function step(days) {
        slider.pause();
        var t = Math.min(slider.end, Math.max(slider.start, slider.time + days * DAY));
        slider.setTime(t);
    }
    slider.next = function () { step(1); };
    slider.prev = function () { step(-1); };
})(__SLIDER__);
"""

TIMELINE_EACH_JS = """
function (feature, layer) {
    // A marker's popup and tooltip come from its record in the page's data (mapevents.js).
    var i = feature.properties.fl_e;
    if (i !== undefined) { frontlineBindEvent(layer, i); }
}
"""


# --------------------------------------------------------------------------------------------
# Boundaries


@lru_cache(maxsize=4)
def _simplified_boundaries(path: str, mtime_ns: int) -> str:
    from shapely.geometry import mapping, shape  # shapely only needed when boundaries are drawn

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        raw_features = data["features"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigurationError(
            f"boundaries file {path!r} is not a readable GeoJSON FeatureCollection ({exc}); "
            "pass e.g. ../shared/gazetteer/boundaries/oblasts.geojson or omit --boundaries"
        ) from exc
    features = []
    for feature in raw_features:
        geom = shape(feature["geometry"]).simplify(BOUNDARY_TOLERANCE_DEG, preserve_topology=True)
        props = feature.get("properties") or {}
        name = props.get("name:en") or props.get("name") or ""
        features.append(
            {
                "type": "Feature",
                "properties": {"name": str(name)},
                "geometry": _round_coords(mapping(geom)),
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, sort_keys=True)


def _round_coords(geometry: Mapping[str, Any]) -> dict[str, Any]:
    def walk(value: Any) -> Any:
        if isinstance(value, int | float):
            return round(float(value), 4)
        return [walk(v) for v in value]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


# Oblast boundaries are the same on every page: a maps folder keeps them once in
# lib/frontline/boundaries.js, which sets ``frontlineBoundaries``; single-file pages carry the
# same script inline. The page's boundary layer adds that data when it is drawn.
BOUNDARIES_LIB = "frontline/boundaries.js"
_BOUNDARIES_MARK = "<!-- frontline: oblast boundaries -->"


def boundaries_head() -> str:
    """Where the boundaries' script goes in the page's ``<head>`` (see :func:`boundaries_tags`)."""
    return _BOUNDARIES_MARK


def boundaries_script(path: Path) -> str:
    """The script that sets ``frontlineBoundaries`` to the simplified boundaries of ``path``
    (prepared once per file version, however many pages carry it)."""
    return _boundaries_script(str(path), _mtime(path))


@lru_cache(maxsize=4)
def _boundaries_script(path: str, mtime_ns: int) -> str:
    data = json.loads(_simplified_boundaries(path, mtime_ns))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"var frontlineBoundaries = {text};\n"


def check_boundaries(path: Path) -> None:
    """Raise ConfigurationError unless ``path`` is a readable boundaries GeoJSON (simplified
    once per file version and kept, so checking it for every page costs a ``stat``)."""
    _simplified_boundaries(str(path), _mtime(path))


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError as exc:
        raise ConfigurationError(
            f"boundaries file {str(path)!r} not found; pass an existing GeoJSON such as "
            "../shared/gazetteer/boundaries/oblasts.geojson"
        ) from exc


def boundaries_tags(
    document: str, mode: str, boundaries: Path | None, lib: str = "lib"
) -> str:
    """``document`` with its boundaries mark replaced: a link to ``lib/`` (``"lib"``), else the
    script inlined."""
    if _BOUNDARIES_MARK not in document:
        return document
    if boundaries is None:
        tags = ""
    elif mode == "lib":
        tags = f'<script src="{lib}/{BOUNDARIES_LIB}"></script>'
    else:
        tags = f"<script>{boundaries_script(boundaries)}</script>"
    return document.replace(_BOUNDARIES_MARK, tags, 1)


def load_boundaries(path: Path) -> dict[str, Any]:
    """Oblast boundaries simplified to ~1 km with 4-decimal coordinates (name:en kept as name)."""
    result: dict[str, Any] = json.loads(_simplified_boundaries(str(path), _mtime(path)))
    return result


# --------------------------------------------------------------------------------------------
# CDN assets: the URLs folium and its plugins reference, and where npm puts the same files
# (frontline ships those files: frontline.page_assets).

_JSDELIVR = "https://cdn.jsdelivr.net/npm"
_CDNJS = "https://cdnjs.cloudflare.com/ajax/libs"
CDN_ASSETS: dict[str, tuple[str, str]] = {
    f"{_JSDELIVR}/leaflet@1.9.3/dist/leaflet.js": ("leaflet", "dist/leaflet.js"),
    f"{_JSDELIVR}/leaflet@1.9.3/dist/leaflet.css": ("leaflet", "dist/leaflet.css"),
    "https://code.jquery.com/jquery-3.7.1.min.js": ("jquery", "dist/jquery.min.js"),
    f"{_CDNJS}/leaflet.markercluster/1.1.0/leaflet.markercluster.js": (
        "leaflet.markercluster",
        "dist/leaflet.markercluster.js",
    ),
    f"{_CDNJS}/leaflet.markercluster/1.1.0/MarkerCluster.css": (
        "leaflet.markercluster",
        "dist/MarkerCluster.css",
    ),
    f"{_CDNJS}/leaflet.markercluster/1.1.0/MarkerCluster.Default.css": (
        "leaflet.markercluster",
        "dist/MarkerCluster.Default.css",
    ),
    f"{_CDNJS}/leaflet-groupedlayercontrol/0.6.1/leaflet.groupedlayercontrol.min.js": (
        "leaflet-groupedlayercontrol",
        "dist/leaflet.groupedlayercontrol.min.js",
    ),
    f"{_CDNJS}/leaflet-groupedlayercontrol/0.6.1/leaflet.groupedlayercontrol.min.css": (
        "leaflet-groupedlayercontrol",
        "dist/leaflet.groupedlayercontrol.min.css",
    ),
    # npm's 3.0.0 ships the unminified file only; same code
    f"{_JSDELIVR}/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js": (
        "leaflet.fullscreen",
        "Control.FullScreen.js",
    ),
    f"{_JSDELIVR}/leaflet.fullscreen@3.0.0/Control.FullScreen.css": (
        "leaflet.fullscreen",
        "Control.FullScreen.css",
    ),
    f"{_JSDELIVR}/leaflet.timeline@1.6.0/dist/leaflet.timeline.min.js": (
        "leaflet.timeline",
        "dist/leaflet.timeline.js",
    ),
    f"{_CDNJS}/moment.js/2.18.1/moment.min.js": ("moment", "min/moment.min.js"),
}


def asset_path(url: str) -> Path | None:
    """The copy of a CDN URL of :data:`CDN_ASSETS` shipped as package data (see
    :mod:`frontline.page_assets`), or None if this install lacks it."""
    from frontline.page_assets import shipped_path

    return shipped_path(url)


def _missing_asset_error(url: str) -> ConfigurationError:
    package, rel = CDN_ASSETS[url]
    return ConfigurationError(
        f"offline map needs {package}/{rel}, which this frontline install lacks (its package "
        "data frontline/data/web is incomplete); reinstall frontline, or write the maps with "
        "--cdn to load the scripts from the internet"
    )


_CSS_URL = re.compile(r"url\((['\"]?)(?!data:|https?:|#)([^)'\"]+)\1\)")


def _inline_css(path: Path) -> str:
    """CSS text with relative ``url(...)`` images turned into data URIs (layer icon, etc.)."""

    def data_uri(match: re.Match[str]) -> str:
        target = (path.parent / match.group(2)).resolve()
        if not target.is_file():
            return match.group(0)
        mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        payload = base64.b64encode(target.read_bytes()).decode("ascii")
        return f"url(data:{mime};base64,{payload})"

    return _CSS_URL.sub(data_uri, path.read_text(encoding="utf-8"))


_SCRIPT_TAG = re.compile(r'<script src="([^"]+)"></script>')
_LINK_TAG = re.compile(r'<link rel="stylesheet" href="([^"]+)"\s*/?>')


def inline_assets(document: str) -> str:
    """Replace every CDN ``<script src>``/stylesheet ``<link>`` by the local file's content.

    Raises
    ------
    ConfigurationError
        If an asset is unknown or not installed; the message names the path and the fix.
    """
    return _LINK_TAG.sub(
        lambda m: _inlined_style(str(_resolve(m.group(1)))),
        _SCRIPT_TAG.sub(lambda m: _inlined_script(str(_resolve(m.group(1)))), document),
    )


# Read and encoded once per process however many pages carry them (a shipped file does not
# change while frontline runs); keyed by the resolved path, which is checked for every page.
@cache
def _inlined_script(path: str) -> str:
    body = Path(path).read_text(encoding="utf-8")
    body = body.replace("</script", "<\\/script")  # keep the inline block closed
    return f"<script>/* {Path(path).name} */\n{body}\n</script>"


@cache
def _inlined_style(path: str) -> str:
    body = _inline_css(Path(path)).replace("</style", "<\\/style")
    return f"<style>/* {Path(path).name} */\n{body}\n</style>"


def _resolve(url: str) -> Path:
    if url not in CDN_ASSETS:
        raise ConfigurationError(
            f"offline map references {url!r}, which frontline has no local copy for; "
            "add it to frontline.render_assets.CDN_ASSETS and package.json"
        )
    path = asset_path(url)
    if path is None:
        raise _missing_asset_error(url)
    return path


# --------------------------------------------------------------------------------------------
# Index page (no map, so no folium): what an editor opens first


# One colour per event type, in the vocabulary's order (records.EVENT_TYPES).
_TYPE_PALETTE = (
    "#d62728", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#bcbd22",
    "#17becf", "#e377c2", "#1f77b4", "#7f7f7f", "#393b79", "#c7c7c7",
)  # fmt: skip
CHART_WIDTH_PX = 760
CHART_HEIGHT_PX = 48
BUSIEST_PLACES = 15


def type_colours() -> dict[str, str]:
    """Event type -> bar colour of the index charts (the vocabulary's order, then grey)."""
    from frontline.records import EVENT_TYPES

    return {t: _TYPE_PALETTE[i % len(_TYPE_PALETTE)] for i, t in enumerate(EVENT_TYPES)}


def _day_range(days: Sequence[str]) -> list[str]:
    from datetime import date, timedelta

    first, last = date.fromisoformat(min(days)), date.fromisoformat(max(days))
    return [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


def activity_svgs(events: Sequence[Event], page_of: Mapping[str, str]) -> str:
    """Small multiples, one inline SVG per axis: events per day, stacked by event type.

    Every chart shares the day axis (first to last dated event) and the count scale, so axes
    compare at a glance. A day's bars link to its map (``page_of``: date -> href) and carry
    ``data-day``/``data-type``/``data-n`` and a ``<title>`` with the counts.
    """
    dated = [e for e in events if e.date]
    if not dated:
        return "<p>No dated events.</p>"
    days = _day_range([e.date for e in dated if e.date])
    column = {d: i for i, d in enumerate(days)}
    colours = type_colours()
    counts: dict[str, dict[str, dict[str, int]]] = {}  # axis -> day -> type -> n
    for e in dated:
        per_type = counts.setdefault(e.axis, {}).setdefault(str(e.date), {})
        per_type[e.event_type] = per_type.get(e.event_type, 0) + 1
    tallest = max(sum(t.values()) for per_day in counts.values() for t in per_day.values())
    bar = CHART_WIDTH_PX / len(days)
    unit = CHART_HEIGHT_PX / tallest
    order = {t: i for i, t in enumerate(colours)}
    totals = {
        axis: sum(sum(t.values()) for t in per_day.values()) for axis, per_day in counts.items()
    }
    rows = []
    for axis in sorted(counts, key=lambda a: (a == "", -totals[a], a)):
        bars = []
        for day, per_type in sorted(counts[axis].items()):
            y = float(CHART_HEIGHT_PX)
            rects = []
            for etype, n in sorted(per_type.items(), key=lambda kv: (order.get(kv[0], 99), kv[0])):
                y -= n * unit
                rects.append(
                    f'<rect class="fl-bar" x="{column[day] * bar:.2f}" y="{y:.2f}" '
                    f'width="{max(bar - 0.5, 0.8):.2f}" height="{n * unit:.2f}" '
                    f'fill="{colours.get(etype, "#7f7f7f")}" data-type="{html.escape(etype)}" '
                    f'data-n="{n}"></rect>'
                )
            what = ", ".join(f"{n} {words(t)}" for t, n in sorted(per_type.items()))
            tip = html.escape(f"{day} · {label('axis', axis)}: {what}")
            group = f'<g data-day="{day}"><title>{tip}</title>{"".join(rects)}</g>'
            href = page_of.get(day)
            if href:
                group = f'<a href="{html.escape(href, quote=True)}">{group}</a>'
            bars.append(group)
        name = html.escape(label("axis", axis))
        rows.append(
            f'<div class="fl-axis-row" data-axis="{html.escape(axis, quote=True)}">'
            f'<div class="fl-axis-name">{name} <span class="n">{totals[axis]}</span></div>'
            f'<svg class="fl-chart" width="{CHART_WIDTH_PX}" height="{CHART_HEIGHT_PX}" '
            f'viewBox="0 0 {CHART_WIDTH_PX} {CHART_HEIGHT_PX}" role="img" '
            f'aria-label="{name}: events per day">'
            f'<line x1="0" y1="{CHART_HEIGHT_PX}" x2="{CHART_WIDTH_PX}" '
            f'y2="{CHART_HEIGHT_PX}" stroke="#999"></line>{"".join(bars)}</svg></div>'
        )
    used = {e.event_type for e in dated}
    key = "".join(
        f'<span class="fl-key"><i style="background:{c}"></i>{html.escape(words(t))}</span>'
        for t, c in colours.items()
        if t in used
    )
    scale = (
        f'<div class="fl-scale"><span>{days[0]}</span><span>tallest bar: {tallest} events'
        f"</span><span>{days[-1]}</span></div>"
    )
    return f'<div class="fl-keys">{key}</div>{"".join(rows)}{scale}'


def busiest_places_html(
    events: Sequence[Event], page_of: Mapping[str, str], top: int = BUSIEST_PLACES
) -> str:
    """The places with the most events: name, oblast, events, days, latest day (linked)."""
    by_place: dict[tuple[str, str], list[Event]] = {}
    for e in events:
        by_place.setdefault((e.place_name, e.admin1), []).append(e)
    ranked = sorted(by_place.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]
    rows = []
    for (name, admin1), evs in ranked:
        dates = sorted({e.date for e in evs if e.date})
        last = dates[-1] if dates else ""
        href = page_of.get(last)
        latest = (
            f'<a href="{html.escape(href, quote=True)}">{last}</a>' if href else html.escape(last)
        )
        rows.append(
            f'<tr class="fl-place"><td>{html.escape(name)}</td>'
            f"<td>{html.escape(oblast_label(admin1))}</td>"
            f'<td class="n">{len(evs)}</td><td class="n">{len(dates)}</td><td>{latest}</td></tr>'
        )
    return (
        '<table class="fl-places"><thead><tr><th>Place</th><th>Oblast</th><th>Events</th>'
        f"<th>Days</th><th>Latest</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


_INDEX_CSS = (
    "body{font:14px/1.5 system-ui,sans-serif;margin:2em 2em 4em;max-width:1100px;}"
    "table{border-collapse:collapse;}td,th{padding:2px 12px;border-bottom:1px solid #ddd;}"
    "td.n{text-align:right;}th{text-align:left;}h2{font-size:17px;margin:1.4em 0 .4em;}"
    ".fl-axis-row{display:flex;align-items:flex-end;gap:10px;margin:2px 0;}"
    ".fl-axis-name{width:220px;text-align:right;font-size:12px;}"
    ".fl-axis-name .n{color:#666;}.fl-chart{background:#fafafa;}"
    ".fl-chart a:hover rect{opacity:.7;}"
    ".fl-scale{display:flex;justify-content:space-between;width:760px;margin-left:230px;"
    "font-size:11px;color:#666;}"
    ".fl-keys{margin:0 0 6px 230px;font-size:12px;}"
    ".fl-key{margin-right:10px;white-space:nowrap;}"
    ".fl-key i{display:inline-block;width:10px;height:10px;margin-right:4px;}"
    ".fl-cols{display:flex;gap:40px;flex-wrap:wrap;align-items:flex-start;}"
)


def index_html(
    pages: Sequence[tuple[str, str, int]],
    title: str = "frontline maps",
    events: Sequence[Event] = (),
) -> str:
    """A standalone HTML page: per-axis activity charts and the busiest places of ``events``
    (when given) and every map with its event count. No script, no external resource."""
    rows = "\n".join(
        f'<tr><td><a href="{html.escape(href, quote=True)}">{html.escape(label)}</a></td>'
        f'<td class="n">{int(count)}</td></tr>'
        for label, href, count in pages
    )
    t = html.escape(title)
    maps = (
        f"<table>\n<thead><tr><th>Map</th><th>Events</th></tr></thead>\n<tbody>\n{rows}\n"
        "</tbody>\n</table>"
    )
    body = f"<h1>{t}</h1>\n"
    if events:
        page_of = {lbl: href for lbl, href, _ in pages}
        dated = [e for e in events if e.date]
        days = sorted({e.date for e in dated if e.date})
        docs = len({e.doc for e in events})
        span = f"{days[0]} – {days[-1]}" if days else "no dated events"
        body += (
            f'<p class="fl-summary">{len(events)} events from {docs} reports · {span}'
            + (f" · {len(events) - len(dated)} undated" if len(dated) < len(events) else "")
            + "</p>\n<h2>Activity by axis: events per day, by type</h2>\n"
            + activity_svgs(events, page_of)
            + '\n<div class="fl-cols"><div><h2>Busiest places</h2>\n'
            + busiest_places_html(events, page_of)
            + f"</div><div><h2>Maps</h2>\n{maps}</div></div>\n"
        )
    else:
        body += maps + "\n"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{t}</title>\n<style>{_INDEX_CSS}</style>\n</head>\n<body>\n"
        f"{body}</body>\n</html>\n"
    )
