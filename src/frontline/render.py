"""Render events as layered Leaflet maps (folium): one page per date, a timeline, an index.

This is the only module that imports folium/branca; the folium-free parts (styling, escaping,
assets, legend) live in :mod:`frontline.render_assets`. :func:`latlon` is the single place where
a ``LonLat`` becomes folium's ``[lat, lon]``; timeline features stay GeoJSON (lon, lat).

Layers: every event shape carries CSS classes for its axis, event type, claimant and actor; the
grouped layer control's entries for those are switch layers that hide the classes, so the
filters intersect. Real layers: events (clustered when dense), offsets (the region an offset
phrase allows, :func:`frontline.geojson.uncertainty_region` as in the exports, and anchor lines),
"new" rings, oblast boundaries.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import threading
from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, MacroElement
from folium.plugins import (
    Fullscreen,
    GroupedLayerControl,
    MarkerCluster,
    Timeline,
    TimelineSlider,
)
from folium.template import Template
from folium.utilities import JsCode

from frontline.atomic import write_text
from frontline.geojson import uncertainty_region
from frontline.page_assets import check_mode, finish_page, write_lib
from frontline.records import Event, LonLat
from frontline.render_assets import (
    ANCHOR_LINES_MAX,
    CLUSTER_MIN_EVENTS,
    CLUSTER_OFF_AT_ZOOM,
    FILTER_DIMENSIONS,
    MAP_CSS,
    NEW_RING_RADIUS_PX,
    TIMELINE_DAY_STEP_JS,
    TIMELINE_EACH_JS,
    TIMELINE_POINT_JS,
    TIMELINE_STYLE_JS,
    UKRAINE_CENTRE,
    Filters,
    StyleTable,
    boundaries_head,
    escape_text,
    event_class,
    hide_class,
    index_html,
    label,
    legend_html,
    load_boundaries,
    maptools_call,
    maptools_head,
    marker_style,
    place_entries,
    popup_html,
    stack_popup_html,
    title_html,
    tooltip_text,
)

__all__ = [
    "latlon",
    "render_day",
    "render_index",
    "render_timeline",
    "sequential_ids",
    "write_maps",
]

UNDATED = "undated"
_DAY_MS = 86_400_000
_KEPT_JS = ("leaflet", "jquery")  # folium's Popup template needs jQuery; bootstrap etc. unused
_KEPT_CSS = ("leaflet_css",)


def latlon(p: LonLat) -> list[float]:
    """Return ``[lat, lon]`` — folium's axis order — for a ``LonLat``.

    The one place in frontline where the axis order flips; everything else is lon, lat.
    """
    return [float(p.lat), float(p.lon)]


# --------------------------------------------------------------------------------------------
# Deterministic element ids

_ID_LOCK = threading.RLock()


@contextlib.contextmanager
def sequential_ids() -> Iterator[None]:
    """Make branca/folium element ids sequential (``…_00000001``) instead of random.

    branca draws every element id from ``os.urandom``; inside this context the ids count up
    from 1, so the same events render to byte-identical HTML. Build *and* render the map inside
    it. Process-wide while active, hence the lock.
    """
    counter = itertools.count(1)
    with _ID_LOCK:
        saved = Element.__dict__["_generate_id"]
        Element._generate_id = classmethod(lambda cls: f"{next(counter):08x}")  # type: ignore[method-assign,assignment]
        try:
            yield
        finally:
            Element._generate_id = saved  # type: ignore[method-assign]


# --------------------------------------------------------------------------------------------
# Small folium elements of our own


class _Raw(MacroElement):
    """Header CSS and/or a script block, rendered in the order it is added to the map."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}{{ this.header_html }}{% endmacro %}
        {% macro script(this, kwargs) %}{{ this.script_js }}{% endmacro %}
        """
    )

    def __init__(self, header_html: str = "", script_js: str = "") -> None:
        super().__init__()
        self._name = "FrontlineRaw"
        self.header_html = header_html
        self.script_js = script_js


class _Switches(MacroElement):
    """Sync the map container's ``fl-hide-*`` classes with the switch layers' on/off state.

    CSS hides every shape of a switched-off value; the event markers are also taken out of
    (and put back into) the events layer, so that marker clusters count only what is shown.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var events = {{ this.events.get_name() if this.events else "null" }};
            var switches = [
            {%- for layer, cls, token in this.switches %}
                [{{ layer.get_name() }}, {{ cls|tojson }}, {{ token|tojson }}],
            {%- endfor %}
            ];
            var all = events ? events.getLayers() : [];
            function shown(marker, hidden) {
                var cls = " " + (marker.options.className || "") + " ";
                for (var i = 0; i < hidden.length; i++) {
                    if (cls.indexOf(" " + hidden[i] + " ") >= 0) { return false; }
                }
                return true;
            }
            function sync() {
                var box = map.getContainer();
                var hidden = [];
                switches.forEach(function (s) {
                    if (map.hasLayer(s[0])) { L.DomUtil.removeClass(box, s[1]); }
                    else { L.DomUtil.addClass(box, s[1]); hidden.push(s[2]); }
                });
                if (!events) { return; }
                var keep = all.filter(function (m) { return shown(m, hidden); });
                if (keep.length === events.getLayers().length) { return; }
                map.closePopup();
                events.clearLayers();
                if (events.addLayers) { events.addLayers(keep); }
                else { keep.forEach(function (m) { events.addLayer(m); }); }
            }
            map.on("overlayadd overlayremove", function (e) {
                if (e.layer !== events) { sync(); }
            });
            sync();
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        switches: list[tuple[folium.FeatureGroup, str, str]],
        events: folium.FeatureGroup | MarkerCluster | None = None,
    ) -> None:
        super().__init__()
        self._name = "FrontlineSwitches"
        self.switches = switches
        self.events = events


# --------------------------------------------------------------------------------------------
# Map scaffolding shared by day and timeline maps


def _base_map(events: Sequence[Event], title: str, subtitle: str) -> folium.Map:
    # With events, no initial view: fit_bounds then sets it without a zoom animation (which
    # would show scaled-up markers for a moment and race the browser tests).
    m = folium.Map(
        location=None if events else list(UKRAINE_CENTRE),
        zoom_start=6,
        control_scale=True,
        tiles="OpenStreetMap",
    )
    # Only the assets our maps use: fewer requests, smaller offline pages.
    m.default_js = [(n, u) for n, u in folium.Map.default_js if n in _KEPT_JS]
    m.default_css = [(n, u) for n, u in folium.Map.default_css if n in _KEPT_CSS]
    root = m.get_root()
    root.header.add_child(Element(f"<title>{escape_text(title)}</title>"), name="fl_title")  # type: ignore[attr-defined]
    root.header.add_child(Element(f"<style>{MAP_CSS}</style>"), name="fl_css")  # type: ignore[attr-defined]
    root.header.add_child(Element(maptools_head()), name="fl_tools")  # type: ignore[attr-defined]
    root.html.add_child(Element(title_html(title, subtitle)), name="fl_title_box")  # type: ignore[attr-defined]
    if events:
        lats = [e.lat for e in events]
        lons = [e.lon for e in events]
        south_west = latlon(LonLat(min(lons), min(lats)))
        north_east = latlon(LonLat(max(lons), max(lats)))
        m.fit_bounds([south_west, north_east], padding=(40, 40), max_zoom=10)
    Fullscreen(position="topleft").add_to(m)
    return m


_BOUNDARY_STYLE = (
    '{color: "#555555", weight: 1.2, opacity: 0.8, fill: false, className: "fl-boundary"}'
)


def _boundaries_layer(m: folium.Map, boundaries: Path) -> folium.FeatureGroup:
    load_boundaries(boundaries)  # a missing or unreadable file is an error before any page
    group = folium.FeatureGroup(name="Oblast boundaries", show=True)
    group.add_to(m)
    m.get_root().header.add_child(  # type: ignore[attr-defined]
        Element(boundaries_head()), name="fl_boundaries"
    )
    # The data comes from the page's boundaries script (lib/ or inline: once per maps folder);
    # the lines never steal clicks from the event markers drawn above.
    _Raw(
        script_js=f"if (window.frontlineBoundaries) {{ L.geoJson(window.frontlineBoundaries, "
        f"{{interactive: false, style: function () {{ return {_BOUNDARY_STYLE}; }}}})"
        f".addTo({group.get_name()}); }}"
    ).add_to(m)
    return group


def _add_controls(
    m: folium.Map,
    layers: list[folium.FeatureGroup | folium.plugins.Timeline],
    filters: Filters,
    events: Sequence[Event],
    events_layer: folium.FeatureGroup | MarkerCluster | None = None,
) -> None:
    """Grouped layer control (real layers + per-dimension switches), filter CSS and sync JS."""
    groups: dict[str, list[Any]] = {"Layers": layers}
    switches: list[tuple[folium.FeatureGroup, str, str]] = []
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for event in events:
        for attr, _, _ in FILTER_DIMENSIONS:
            counts[attr][str(getattr(event, attr))] += 1
    for attr, _, group_title in FILTER_DIMENSIONS:
        entries = []
        for value, token in filters.tokens[attr].items():
            # Empty layer: only its checkbox state matters (read by _Switches).
            switch = folium.FeatureGroup(
                name=f"{escape_text(label(attr, value))} ({counts[attr][value]})",
                show=True,
                control=False,
            )
            switch.add_to(m)
            entries.append(switch)
            switches.append((switch, hide_class(token), token))
        if entries:
            groups[group_title] = entries
    GroupedLayerControl(groups, exclusive_groups=False, collapsed=True).add_to(m)
    _Raw(header_html=f"<style>{filters.css()}</style>").add_to(m)
    _Switches(switches, events_layer).add_to(m)


# --------------------------------------------------------------------------------------------
# Day map


ReportIndex = dict[tuple[str, str], set[tuple[str, str]]]


def report_index(events: Sequence[Event]) -> ReportIndex:
    """(source, report date) -> the (place_name, event_type) pairs that report states."""
    index: ReportIndex = defaultdict(set)
    for e in events:
        if e.report_date:
            index[(e.source, e.report_date)].add((e.place_name, e.event_type))
    return index


def _day_before(day: str) -> str:
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


def _is_new(event: Event, index: ReportIndex) -> bool:
    """New: the same source's report of the day before exists and did not state this place
    and event type. Without that report (the first of a run, a gap, another source) nothing
    can be called new."""
    if not event.report_date:
        return False
    previous = index.get((event.source, _day_before(event.report_date)))
    return previous is not None and (event.place_name, event.event_type) not in previous


def _offset_shapes(
    event: Event, cls: str, group: folium.FeatureGroup, lines: folium.FeatureGroup
) -> None:
    colour = marker_style(event)["color"]
    region = uncertainty_region(event)
    if region is not None:
        folium.Polygon(
            locations=[latlon(q) for q in region[1]],
            color=colour,
            weight=1.5,
            opacity=0.7,
            fill=True,
            fill_opacity=0.06,
            dash_array="6 4",
            interactive=False,
            class_name=f"fl-uncertainty {cls}",
        ).add_to(group)
    if event.anchor_lat is not None and event.anchor_lon is not None:
        folium.PolyLine(
            [latlon(LonLat(event.anchor_lon, event.anchor_lat)), latlon(event.position)],
            color=colour,
            weight=1.5,
            opacity=0.8,
            dash_array="4 6",
            interactive=False,
            class_name=f"fl-anchor-line {cls}",
        ).add_to(lines)


def _sort_key(event: Event) -> tuple[str, str, int, str]:
    return (event.date or "", event.doc, event.char_start, event.id)


def _build_day(
    events: Sequence[Event],
    *,
    title: str,
    date: str | None,
    boundaries: Path | None,
    previous: Sequence[Event] | ReportIndex,
    link_base: Path | None,
) -> folium.Map:
    events = sorted(events, key=_sort_key)
    filters = Filters.of(events)
    index = report_index(previous) if not isinstance(previous, dict) else previous
    new = [e for e in events if _is_new(e, index)]
    subtitle = f"{date or 'undated events'} · {len(events)} events"
    m = _base_map(events, title, subtitle)
    layers: list[Any] = []
    if boundaries is not None:
        layers.append(_boundaries_layer(m, boundaries))

    offsets = folium.FeatureGroup(name="Offsets: uncertainty areas", show=True)
    # Anchor lines clutter a dense day: there they start switched off (one click to show).
    anchored = sum(1 for e in events if e.anchor_lat is not None and e.anchor_lon is not None)
    lines = folium.FeatureGroup(
        name=f"Anchor lines ({anchored})", show=anchored <= ANCHOR_LINES_MAX
    )
    for event in events:
        if event.precision == "offset" or event.anchor_lat is not None:
            _offset_shapes(event, filters.classes(event), offsets, lines)
    offsets.add_to(m)
    lines.add_to(m)
    layers.extend((offsets, lines))

    events_layer: folium.FeatureGroup | MarkerCluster
    if len(events) >= CLUSTER_MIN_EVENTS:
        events_layer = MarkerCluster(
            name=f"Events ({len(events)})",
            options={
                "disableClusteringAtZoom": CLUSTER_OFF_AT_ZOOM,
                "maxClusterRadius": 35,
                "spiderfyOnMaxZoom": True,
            },
        )
    else:
        events_layer = folium.FeatureGroup(name=f"Events ({len(events)})", show=True)
    stacks: dict[tuple[float, float], list[Event]] = defaultdict(list)
    for event in events:
        stacks[(round(event.lon, 6), round(event.lat, 6))].append(event)
    for event in events:
        stack = stacks[(round(event.lon, 6), round(event.lat, 6))]
        content = (
            popup_html(event, link_base)
            if len(stack) == 1
            else stack_popup_html(stack, filters, link_base)
        )
        folium.CircleMarker(
            location=latlon(event.position),
            popup=folium.Popup(content, max_width=440),
            tooltip=folium.Tooltip(tooltip_text(event)),
            class_name=event_class(event, filters),
            **marker_style(event),
        ).add_to(events_layer)
    events_layer.add_to(m)
    layers.append(events_layer)

    if new:
        new_layer = folium.FeatureGroup(name=f"New since previous report ({len(new)})", show=True)
        for event in new:
            folium.CircleMarker(
                location=latlon(event.position),
                radius=NEW_RING_RADIUS_PX,
                color="#f0a000",
                weight=2,
                fill=False,
                interactive=False,
                class_name=f"fl-new {filters.classes(event)}",
            ).add_to(new_layer)
        new_layer.add_to(m)
        layers.append(new_layer)

    m.get_root().html.add_child(  # type: ignore[attr-defined]
        Element(legend_html(events, new_count=len(new) if new else None, timeline=False)),
        name="fl_legend",
    )
    _add_controls(m, layers, filters, events, events_layer)
    tools = maptools_call(m.get_name(), place_entries(events), events=events_layer.get_name())
    _Raw(script_js=tools).add_to(m)
    return m


def _finish(m: folium.Map, offline: bool, assets: str, boundaries: Path | None) -> str:
    document: str = m.get_root().render()
    return finish_page(document, "inline" if offline else assets, boundaries=boundaries)


def render_day(
    events: Sequence[Event],
    *,
    title: str,
    date: str | None,
    boundaries: Path | None = None,
    offline: bool = False,
    previous: Sequence[Event] | ReportIndex = (),
    link_base: Path | None = None,
    assets: str = "cdn",
) -> str:
    """Render one date's events as a standalone HTML map.

    Parameters
    ----------
    events
        The events to draw (normally all of one date).
    title
        Page and map title (escaped).
    date
        The date shown under the title; None for undated events.
    boundaries
        Optional oblast boundaries GeoJSON, simplified before embedding.
    offline
        Inline the Leaflet and plugin JS/CSS shipped with frontline so the page opens without
        internet (map tiles still need it); the same as ``assets="inline"``.
    previous
        Events of earlier reports (e.g. all events of the run). An event is ringed as "new"
        when the report of the same source dated the day before its report is among them and
        did not state its place_name and event_type; with no such report nothing is "new".
    link_base
        Folder the page will be written to; source links are made relative to it
        (default: absolute ``file:`` links).
    assets
        ``"cdn"`` (scripts from the CDNs), ``"lib"`` (from a ``lib/`` folder next to the page,
        see :func:`frontline.page_assets.write_lib`) or ``"inline"``; see
        :mod:`frontline.page_assets`.

    Returns
    -------
    str
        The HTML document; byte-identical for identical input.

    Raises
    ------
    ConfigurationError
        If ``offline`` and an asset is missing, or ``boundaries`` is unreadable.
    """
    with sequential_ids():
        m = _build_day(
            events,
            title=title,
            date=date,
            boundaries=boundaries,
            previous=previous,
            link_base=link_base,
        )
        return _finish(m, offline, assets, boundaries)


# --------------------------------------------------------------------------------------------
# Timeline map


def _day_start_ms(day: str) -> int:
    return int(
        datetime.combine(date.fromisoformat(day), datetime.min.time(), UTC).timestamp() * 1000
    )


def _timeline_features(
    events: Sequence[Event], filters: Filters, link_base: Path | None, styles: StyleTable
) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = []
    stacks: dict[tuple[str | None, float, float], list[Event]] = defaultdict(list)
    for event in events:
        stacks[(event.date, round(event.lon, 6), round(event.lat, 6))].append(event)
    for event in events:
        assert event.date is not None  # callers pass dated events only
        stack = stacks[(event.date, round(event.lon, 6), round(event.lat, 6))]
        start = _day_start_ms(event.date)
        interval = {"start": start, "end": start + _DAY_MS - 1}
        point = {"type": "Point", "coordinates": [event.lon, event.lat]}  # GeoJSON: lon, lat
        cls = filters.classes(event)
        colour = marker_style(event)["color"]
        region = uncertainty_region(event)
        if region is not None:
            features.append(
                {
                    "type": "Feature",
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [[[q.lon, q.lat] for q in region[1]]],  # lon, lat
                    },
                    "properties": {
                        **interval,
                        "fl_kind": "uncertainty",
                        "fl_s": styles.index(
                            {
                                "color": colour,
                                "weight": 1.5,
                                "opacity": 0.7,
                                "fillOpacity": 0.06,
                                "dashArray": "6 4",
                                "interactive": False,
                                "className": f"fl-uncertainty {cls}",
                            }
                        ),
                    },
                }
            )
        if event.anchor_lat is not None and event.anchor_lon is not None:
            features.append(
                {
                    "type": "Feature",
                    "geometry": {
                        "type": "LineString",
                        "coordinates": [
                            [event.anchor_lon, event.anchor_lat],
                            [event.lon, event.lat],
                        ],
                    },
                    "properties": {
                        **interval,
                        "fl_kind": "anchor",
                        "fl_s": styles.index(
                            {
                                "color": colour,
                                "weight": 1.5,
                                "opacity": 0.8,
                                "dashArray": "4 6",
                                "interactive": False,
                                "className": f"fl-anchor-line {cls}",
                            }
                        ),
                    },
                }
            )
        features.append(
            {
                "type": "Feature",
                "geometry": point,
                "properties": {
                    **interval,
                    "fl_kind": "event",
                    "fl_id": event.id,
                    "fl_s": styles.index(
                        {**marker_style(event), "className": event_class(event, filters)}
                    ),
                    "fl_popup": popup_html(event, link_base)
                    if len(stack) == 1
                    else stack_popup_html(stack, filters, link_base),
                    "fl_tooltip": tooltip_text(event),
                },
            }
        )
    return features


def _build_timeline(
    events: Sequence[Event], *, title: str, boundaries: Path | None, link_base: Path | None
) -> folium.Map:
    dated = sorted((e for e in events if e.date), key=_sort_key)
    filters = Filters.of(dated)
    days = sorted({e.date for e in dated if e.date})
    span = f"{days[0]} – {days[-1]}" if days else "no dated events"
    undated = len(events) - len(dated)
    subtitle = f"{span} · {len(dated)} events" + (
        f" ({undated} undated not shown)" if undated else ""
    )
    m = _base_map(dated, title, subtitle)
    layers: list[Any] = []
    if boundaries is not None:
        layers.append(_boundaries_layer(m, boundaries))
    styles = StyleTable()
    features = _timeline_features(dated, filters, link_base, styles)
    timeline = Timeline(
        {"type": "FeatureCollection", "features": features},
        point_to_layer=JsCode(styles.js(TIMELINE_POINT_JS)),
        style=JsCode(styles.js(TIMELINE_STYLE_JS)),
        on_each_feature=JsCode(TIMELINE_EACH_JS),
    )
    timeline.layer_name = f"Events by day ({len(dated)})"
    timeline.add_to(m)
    layers.append(timeline)
    if days:
        first = _day_start_ms(days[0]) + _DAY_MS // 2  # noon UTC: the date reads right in any zone
        steps = max((date.fromisoformat(days[-1]) - date.fromisoformat(days[0])).days, 1)
        slider = TimelineSlider(
            auto_play=False,
            date_options="YYYY-MM-DD",
            start=first,
            end=first + steps * _DAY_MS,
            steps=steps,
            show_ticks=True,
            enable_keyboard_controls=True,
            playback_duration=steps * 800,
        ).add_timelines(timeline)
        slider.add_to(m)
        # The plugin's next/prev jump to the next start *or end* of an event interval: two
        # clicks per day, and empty days skipped. Step exactly one day (noon to noon) instead.
        _Raw(script_js=TIMELINE_DAY_STEP_JS.replace("__SLIDER__", slider.get_name())).add_to(m)
    m.get_root().html.add_child(  # type: ignore[attr-defined]
        Element(legend_html(dated, new_count=None, timeline=True)), name="fl_legend"
    )
    _add_controls(m, layers, filters, dated)
    tools = maptools_call(
        m.get_name(),
        place_entries(dated, with_days=True),
        timeline=timeline.get_name(),
        slider=slider.get_name() if days else None,
    )
    _Raw(script_js=tools).add_to(m)
    return m


def render_timeline(
    events: Sequence[Event],
    *,
    title: str,
    boundaries: Path | None = None,
    offline: bool = False,
    link_base: Path | None = None,
    assets: str = "cdn",
) -> str:
    """Render all dated events on one map with a day-by-day time slider.

    Parameters
    ----------
    events
        Events of any dates; undated ones are left out (and counted in the subtitle).
    title, boundaries, offline, link_base, assets
        As for :func:`render_day`.

    Returns
    -------
    str
        The HTML document; byte-identical for identical input.
    """
    with sequential_ids():
        m = _build_timeline(events, title=title, boundaries=boundaries, link_base=link_base)
        return _finish(m, offline, assets, boundaries)


# --------------------------------------------------------------------------------------------
# Index and files


def render_index(pages: Sequence[tuple[str, str, int]], events: Sequence[Event] = ()) -> str:
    """Render the HTML index: per-axis activity charts, the busiest places, the map pages.

    Parameters
    ----------
    pages
        ``(label, relative href, event count)`` per page, in display order; a day page's
        label is its date (the charts and the places table link to it).
    events
        The events of the run; without them the page only lists the maps.
    """
    return index_html(pages, events=events)


def _write_atomic(path: Path, text: str) -> None:
    """Never a half-written map: see :mod:`frontline.atomic`."""
    write_text(path, text)


def _with_footer(document: str, gazetteer: str) -> str:
    """Name the gazetteer (and its sources' attribution) in a footer line of the page."""
    if not gazetteer:
        return document
    footer = (
        '<div class="fl-footer" style="position:fixed;bottom:0;left:50%;'
        "transform:translateX(-50%);z-index:1000;max-width:60%;padding:1px 6px;"
        'font:11px sans-serif;color:#333;background:rgba(255,255,255,.8)">'
        f"{escape_text(gazetteer)}</div>"
    )
    head, sep, tail = document.rpartition("</body>")
    return f"{head}{footer}\n{sep}{tail}" if sep else document + footer


def write_maps(
    events: Sequence[Event],
    out_dir: Path,
    *,
    boundaries: Path | None = None,
    offline: bool = False,
    progress: bool = False,
    gazetteer: str | None = None,
    assets: str = "lib",
) -> list[Path]:
    """Write one map per event date, ``timeline.html`` and ``index.html`` into ``out_dir``.

    Parameters
    ----------
    events
        All events of a run.
    out_dir
        Created if missing. Day pages are ``YYYY-MM-DD.html``; events without a date go to
        ``undated.html``.
    boundaries, offline
        As for :func:`render_day` (``offline=True`` is ``assets="inline"``).
    assets
        ``"lib"`` (default): the Leaflet and plugin files are written once into
        ``out_dir/lib/`` and the pages load them from there (offline, copy the folder whole);
        ``"cdn"``: single-file pages loading them from CDNs; ``"inline"``: single-file pages
        with every file inside.
    progress
        Show a tqdm progress bar over the pages.
    gazetteer
        The footer line naming the gazetteer the events were located with; default
        :func:`frontline.gazetteer.loaded_label` (the one loaded in this process, if any).

    Returns
    -------
    list of Path
        Written files: day pages in date order (undated last), then timeline, then index.
    """
    if gazetteer is None:
        from frontline.gazetteer import loaded_label

        gazetteer = loaded_label()
    assets = check_mode("inline" if offline else assets)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if assets == "lib":
        write_lib(out_dir, boundaries=boundaries)
    by_date: dict[str | None, list[Event]] = defaultdict(list)
    for event in events:
        by_date[event.date].append(event)
    dates = sorted(d for d in by_date if d is not None)
    index = report_index(events)
    jobs: list[str | None] = [*dates, *([None] if None in by_date else [])]

    from tqdm import tqdm  # imported here: only the CLI's multi-page runs need it

    written: list[Path] = []
    pages: list[tuple[str, str, int]] = []
    for day in tqdm(jobs, desc="maps", unit="page", disable=not progress):
        name = f"{day or UNDATED}.html"
        document = render_day(
            by_date[day],
            title=f"frontline — {day or 'undated events'}",
            date=day,
            boundaries=boundaries,
            previous=index,
            link_base=out_dir,
            assets=assets,
        )
        path = out_dir / name
        _write_atomic(path, _with_footer(document, gazetteer))
        written.append(path)
        pages.append((day or "undated", name, len(by_date[day])))
    timeline_path = out_dir / "timeline.html"
    _write_atomic(
        timeline_path,
        _with_footer(
            render_timeline(
                events,
                title="frontline — timeline",
                boundaries=boundaries,
                link_base=out_dir,
                assets=assets,
            ),
            gazetteer,
        ),
    )
    written.append(timeline_path)
    dated_count = sum(1 for e in events if e.date)
    index_path = out_dir / "index.html"
    _write_atomic(
        index_path,
        _with_footer(
            render_index(
                [("timeline (all dates)", "timeline.html", dated_count), *pages], events
            ),
            gazetteer,
        ),
    )
    written.append(index_path)
    _remove_stale_pages(out_dir, written)
    return written


_PAGE_NAME = re.compile(r"(\d{4}-\d{2}-\d{2}|undated)\.html")
_PAGE_MARK = "<title>frontline — "


def _remove_stale_pages(out_dir: Path, written: Sequence[Path]) -> None:
    """Delete the day pages an earlier run wrote into ``out_dir`` that this run did not (a day
    whose events are gone): files named like a day page whose title frontline wrote. Nothing
    else in the folder is touched."""
    names = {p.name for p in written}
    for path in sorted(out_dir.glob("*.html")):
        if path.name not in names and _PAGE_NAME.fullmatch(path.name):
            if _written_by_frontline(path):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()


def _written_by_frontline(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            return _PAGE_MARK in fh.read(4096)
    except OSError:
        return False
