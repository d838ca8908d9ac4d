"""Render events as layered Leaflet maps (folium): one page per date, a timeline, an index.

This is the only module that imports folium/branca; the folium-free parts (styling, escaping,
assets, legend) live in :mod:`frontline.render_assets`, a page's event data in
:mod:`frontline.render_data`. :func:`latlon` (from there) is the single place where a ``LonLat``
becomes ``[lat, lon]``; timeline features stay GeoJSON (lon, lat).

Day pages are data: folium renders the page skeleton (the map, its tiles, scale and full-screen
controls, the plugins' script and style links) once per process, and each page fills in its
title, legend, filter CSS and one JSON block of its events, which the shared script
``mapevents.js`` draws in the browser (markers, popups, tooltips, offset areas, anchor lines,
"new" rings, the layer panel). The timeline is one folium page whose GeoJSON features carry
styles and an index into the same kind of event records for their popups and tooltips.

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
from functools import cache
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import (
    Fullscreen,
    GroupedLayerControl,
    MarkerCluster,
    Timeline,
    TimelineSlider,
)
from folium.template import Template
from folium.utilities import JsCode

from frontline.atomic import atomic_files
from frontline.geojson import uncertainty_region
from frontline.page_assets import check_mode, finish_page, write_lib
from frontline.records import Event
from frontline.render_assets import (
    CLUSTER_MIN_EVENTS,
    MAP_CSS,
    TIMELINE_DAY_STEP_JS,
    TIMELINE_EACH_JS,
    TIMELINE_POINT_JS,
    TIMELINE_STYLE_JS,
    Filters,
    StyleTable,
    boundaries_head,
    check_boundaries,
    escape_text,
    event_class,
    index_html,
    legend_html,
    maptools_call,
    maptools_head,
    marker_style,
    place_entries,
    title_html,
)
from frontline.render_data import (
    LINE_STYLE,
    REGION_STYLE,
    day_data,
    filter_groups,
    latlon,
    page_json,
    timeline_data,
    view,
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
_KEPT_JS = ("leaflet",)  # folium's bootstrap, jQuery etc. are unused (popups are built in JS)
_KEPT_CSS = ("leaflet_css",)
# Where a page's own parts go into its rendered skeleton.
_PAGE_HEAD = "<!-- frontline: page head -->"
_PAGE_BODY = "<!-- frontline: page body -->"
DATA_ID = "fl-page-data"  # the id of a page's JSON block (mapevents.js reads it)


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


class _Text(Element):
    """Fixed HTML (a mark, a tag) as a child of the page's header or body: a value, not a
    template, so it is not compiled (nor evaluated) by Jinja."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class _PluginAssets(JSCSSMixin, MacroElement):
    """The script and style links of folium plugins whose layers the page script creates."""

    _template = Template("")

    def __init__(self, *plugins: type[JSCSSMixin]) -> None:
        super().__init__()
        self._name = "FrontlinePluginAssets"
        self.default_js = [js for p in plugins for js in p.default_js]
        self.default_css = [css for p in plugins for css in p.default_css]


class _Switches(MacroElement):
    """The timeline's filter switches (``frontlineSwitches`` of mapevents.js): the map
    container's ``fl-hide-*`` classes follow the switch layers' on/off state."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        frontlineSwitches({{ this._parent.get_name() }}, null, [
        {%- for layer, cls, token in this.switches %}
            [{{ layer.get_name() }}, {{ cls|tojson }}, {{ token|tojson }}],
        {%- endfor %}
        ]);
        {% endmacro %}
        """
    )

    def __init__(self, switches: list[tuple[folium.FeatureGroup, str, str]]) -> None:
        super().__init__()
        self._name = "FrontlineSwitches"
        self.switches = switches


# --------------------------------------------------------------------------------------------
# Page scaffolding shared by day and timeline maps


def _skeleton_map(location: list[float] | None = None, zoom: int = 6) -> folium.Map:
    """The folium map both page kinds start from, with the marks :func:`_fill_page` fills."""
    m = folium.Map(location=location, zoom_start=zoom, control_scale=True, tiles="OpenStreetMap")
    # Only the assets our maps use: fewer requests, smaller offline pages.
    m.default_js = [(n, u) for n, u in folium.Map.default_js if n in _KEPT_JS]
    m.default_css = [(n, u) for n, u in folium.Map.default_css if n in _KEPT_CSS]
    root = m.get_root()
    root.header.add_child(_Text(_PAGE_HEAD), name="fl_page_head")  # type: ignore[attr-defined]
    root.header.add_child(_Text(f"<style>{MAP_CSS}</style>"), name="fl_css")  # type: ignore[attr-defined]
    root.html.add_child(_Text(_PAGE_BODY), name="fl_page_body")  # type: ignore[attr-defined]
    Fullscreen(position="topleft").add_to(m)
    return m


def _own_scripts(m: folium.Map) -> None:
    """frontline's scripts (map tools, page script, boundaries) after Leaflet and the plugins'
    links: a page whose scripts fail to load names Leaflet first."""
    _Raw(header_html=maptools_head() + boundaries_head()).add_to(m)


def _fill_page(skeleton: str, *, title: str, head: str = "", body: str) -> str:
    """A rendered skeleton with its page marks replaced: the title (escaped) and ``head``
    into ``<head>``, ``body`` before the map."""
    head = f"<title>{escape_text(title)}</title>{head}"
    return skeleton.replace(_PAGE_HEAD, head, 1).replace(_PAGE_BODY, body, 1)


def _data_block(data: dict[str, Any]) -> str:
    return f'<script type="application/json" id="{DATA_ID}">{page_json(data)}</script>'


@cache
def _day_skeleton(clustered: bool) -> str:
    """The rendered folium page every day map fills in (once per process and kind): the page
    script draws its layers from its data block."""
    with sequential_ids():
        m = _skeleton_map(None)  # the page script sets the view (fit to its events)
        plugins: list[type[JSCSSMixin]] = [GroupedLayerControl]
        if clustered:
            plugins.append(MarkerCluster)
        _PluginAssets(*plugins).add_to(m)
        _own_scripts(m)
        _Raw(
            script_js=f"frontlineDayMap({m.get_name()}, JSON.parse("
            f'document.getElementById("{DATA_ID}").textContent));'
        ).add_to(m)
        return str(m.get_root().render())


def _timeline_base(events: Sequence[Event]) -> folium.Map:
    # With events, no initial view: fit_bounds then sets it without a zoom animation (which
    # would show scaled-up markers for a moment and race the browser tests).
    fit = view(events)
    if "bounds" not in fit:
        return _skeleton_map(fit["centre"], fit["zoom"])
    m = _skeleton_map(None)
    m.fit_bounds(fit["bounds"], padding=tuple(fit["padding"]), max_zoom=fit["maxZoom"])
    return m


def _boundaries_layer(m: folium.Map) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Oblast boundaries", show=True)
    group.add_to(m)
    # The data comes from the page's boundaries script (lib/ or inline: once per maps folder);
    # the lines never steal clicks from the event markers drawn above.
    _Raw(script_js=f"frontlineBoundaryLayer({group.get_name()});").add_to(m)
    return group


def _add_controls(
    m: folium.Map,
    layers: list[folium.FeatureGroup | folium.plugins.Timeline],
    filters: Filters,
    events: Sequence[Event],
) -> str:
    """The timeline's grouped layer control (real layers + per-dimension switches, as
    :func:`frontline.render_data.filter_groups` names them) and the switches' sync script;
    returns the filter CSS for the page's head."""
    groups: dict[str, list[Any]] = {"Layers": layers}
    switches: list[tuple[folium.FeatureGroup, str, str]] = []
    for title, entries in filter_groups(events, filters):
        groups[title] = []
        for name, hide, token in entries:
            # Empty layer: only its checkbox state matters (read by the switches script).
            switch = folium.FeatureGroup(name=escape_text(name), show=True, control=False)
            switch.add_to(m)
            groups[title].append(switch)
            switches.append((switch, hide, token))
    GroupedLayerControl(groups, exclusive_groups=False, collapsed=True).add_to(m)
    _Switches(switches).add_to(m)
    return f"<style>{filters.css()}</style>"


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


def _sort_key(event: Event) -> tuple[str, str, int, str]:
    return (event.date or "", event.doc, event.char_start, event.id)


def _day_page(
    events: Sequence[Event],
    *,
    title: str,
    date: str | None,
    boundaries: Path | None,
    previous: Sequence[Event] | ReportIndex,
    link_base: Path | None,
) -> str:
    """A day page before its assets are linked (see :func:`finish_page`)."""
    events = sorted(events, key=_sort_key)
    filters = Filters.of(events)
    index = report_index(previous) if not isinstance(previous, dict) else previous
    new = [e for e in events if _is_new(e, index)]
    data = day_data(
        events,
        filters,
        new={e.id for e in new},
        boundaries=boundaries is not None,
        link_base=link_base,
    )
    subtitle = f"{date or 'undated events'} · {len(events)} events"
    legend = legend_html(events, new_count=len(new) if new else None, timeline=False)
    return _fill_page(
        _day_skeleton(len(events) >= CLUSTER_MIN_EVENTS),
        title=title,
        head=f"<style>{filters.css()}</style>",
        body=title_html(title, subtitle) + legend + _data_block(data),
    )


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
    if boundaries is not None:
        check_boundaries(boundaries)  # a missing or unreadable file is an error before any page
    document = _day_page(
        events,
        title=title,
        date=date,
        boundaries=boundaries,
        previous=previous,
        link_base=link_base,
    )
    return finish_page(document, "inline" if offline else assets, boundaries=boundaries)


# --------------------------------------------------------------------------------------------
# Timeline map


def _day_start_ms(day: str) -> int:
    return int(
        datetime.combine(date.fromisoformat(day), datetime.min.time(), UTC).timestamp() * 1000
    )


def _timeline_features(
    events: Sequence[Event], filters: Filters, styles: StyleTable
) -> list[dict[str, Any]]:
    """GeoJSON features (lon, lat) per event: its offset area, anchor line and marker, each
    with its day's interval and style; a marker's ``fl_e`` is its record in the page data."""
    features: list[dict[str, Any]] = []
    for i, event in enumerate(events):
        assert event.date is not None  # callers pass dated events only
        start = _day_start_ms(event.date)
        interval = {"start": start, "end": start + _DAY_MS - 1}
        cls = filters.classes(event)
        colour = marker_style(event)["color"]
        region = uncertainty_region(event)
        if region is not None:
            ring = [[q.lon, q.lat] for q in region[1]]  # lon, lat
            style = {**REGION_STYLE, "color": colour, "className": f"fl-uncertainty {cls}"}
            features.append(_feature("Polygon", [ring], interval, "uncertainty", styles, style))
        if event.anchor_lat is not None and event.anchor_lon is not None:
            line = [[event.anchor_lon, event.anchor_lat], [event.lon, event.lat]]
            style = {**LINE_STYLE, "color": colour, "className": f"fl-anchor-line {cls}"}
            features.append(_feature("LineString", line, interval, "anchor", styles, style))
        style = {**marker_style(event), "className": event_class(event, filters)}
        point = _feature("Point", [event.lon, event.lat], interval, "event", styles, style)
        point["properties"].update(fl_id=event.id, fl_e=i)
        features.append(point)
    return features


def _feature(
    kind: str,
    coordinates: Any,
    interval: dict[str, int],
    fl_kind: str,
    styles: StyleTable,
    style: dict[str, Any],
) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": kind, "coordinates": coordinates},
        "properties": {**interval, "fl_kind": fl_kind, "fl_s": styles.index(style)},
    }


def _timeline_page(
    events: Sequence[Event], *, title: str, boundaries: Path | None, link_base: Path | None
) -> str:
    """The timeline page before its assets are linked (see :func:`finish_page`)."""
    dated = sorted((e for e in events if e.date), key=_sort_key)
    filters = Filters.of(dated)
    days = sorted({e.date for e in dated if e.date})
    span = f"{days[0]} – {days[-1]}" if days else "no dated events"
    undated = len(events) - len(dated)
    subtitle = f"{span} · {len(dated)} events" + (
        f" ({undated} undated not shown)" if undated else ""
    )
    m = _timeline_base(dated)
    layers: list[Any] = []
    if boundaries is not None:
        layers.append(_boundaries_layer(m))
    styles = StyleTable()
    features = _timeline_features(dated, filters, styles)
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
    filter_css = _add_controls(m, layers, filters, dated)
    tools = maptools_call(
        m.get_name(),
        place_entries(dated, with_days=True),
        timeline=timeline.get_name(),
        slider=slider.get_name() if days else None,
    )
    _Raw(script_js=tools).add_to(m)
    _own_scripts(m)
    legend = legend_html(dated, new_count=None, timeline=True)
    return _fill_page(
        m.get_root().render(),
        title=title,
        head=filter_css,
        body=title_html(title, subtitle)
        + legend
        + _data_block(timeline_data(dated, filters, link_base)),
    )


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
    if boundaries is not None:
        check_boundaries(boundaries)
    with sequential_ids():
        document = _timeline_page(events, title=title, boundaries=boundaries, link_base=link_base)
    return finish_page(document, "inline" if offline else assets, boundaries=boundaries)


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
    # Never a half-written map (frontline.atomic); the pages of a run are moved into place
    # together at its end, with one folder sync, and none if rendering fails.
    with atomic_files(out_dir) as batch:
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
            written.append(batch.write_text(name, _with_footer(document, gazetteer)))
            pages.append((day or "undated", name, len(by_date[day])))
        timeline = render_timeline(
            events,
            title="frontline — timeline",
            boundaries=boundaries,
            link_base=out_dir,
            assets=assets,
        )
        written.append(batch.write_text("timeline.html", _with_footer(timeline, gazetteer)))
        dated_count = sum(1 for e in events if e.date)
        index_page = render_index(
            [("timeline (all dates)", "timeline.html", dated_count), *pages], events
        )
        written.append(batch.write_text("index.html", _with_footer(index_page, gazetteer)))
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
