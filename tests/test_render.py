"""Map HTML without a browser: axis order, escaping, determinism, offline assets, files."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    APPROX_70KM_SE,
    KHERSON_ANCHOR,
    make_event,
    offset_fields,
    outside_data,
    page_data,
    sample_events,
)

from frontline.errors import ConfigurationError
from frontline.records import LonLat
from frontline.render import (
    latlon,
    render_day,
    render_index,
    render_timeline,
    sequential_ids,
    write_maps,
)
from frontline.render_assets import (
    CDN_ASSETS,
    CLAIMANT_LABELS,
    CLUSTER_MIN_EVENTS,
    FILL_OPACITY,
    Filters,
    asset_path,
    class_tokens,
    doc_href,
    escape_text,
    event_class,
    evidence,
    is_confirmed,
    label,
    load_boundaries,
    marker_style,
    popup_html,
)
from frontline.spatial import place_offset

SRC = Path(__file__).resolve().parents[1] / "src" / "frontline"
BOUNDARIES = Path(__file__).resolve().parents[2] / "shared/gazetteer/boundaries/oblasts.geojson"


# ---------------------------------------------------------------------------- axis order


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [
        (38.0589, 49.3589, [49.3589, 38.0589]),  # Kuzemivka
        (32.6169, 46.6354, [46.6354, 32.6169]),  # Kherson
        (-0.5, 51.25, [51.25, -0.5]),
        (0, 0, [0.0, 0.0]),
    ],
)
def test_latlon_flips_lonlat_to_folium_order(lon: float, lat: float, expected: list[float]) -> None:
    assert latlon(LonLat(lon, lat)) == expected
    assert all(isinstance(v, float) for v in latlon(LonLat(lon, lat)))


def test_markers_are_placed_lat_first() -> None:
    html = render_day([make_event("Kuzemivka")], title="t", date="2022-11-12")
    (record,) = page_data(html)["events"]
    assert record["ll"] == [49.3589, 38.0589]
    assert "[38.0589,49.3589]" not in html


def test_timeline_geojson_stays_lon_lat() -> None:
    html = render_timeline([make_event("Kuzemivka")], title="t")
    assert '"coordinates": [38.0589, 49.3589]' in html


def test_only_render_modules_import_folium() -> None:
    for path in SRC.glob("*.py"):
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
        if path.name != "render.py":
            assert not imported & {"folium", "branca"}, path.name


# ---------------------------------------------------------------------------- determinism


def test_same_events_render_byte_identical_html() -> None:
    events = sample_events()
    day = [e for e in events if e.date == "2022-11-12"]
    first = render_day(day, title="t", date="2022-11-12", previous=events[3:5])
    second = render_day(list(reversed(day)), title="t", date="2022-11-12", previous=events[3:5])
    assert first == second
    assert render_timeline(events, title="t") == render_timeline(events, title="t")


def test_element_ids_are_sequential_and_the_seam_is_restored() -> None:
    html = render_day(sample_events()[:2], title="t", date="2022-11-12")
    assert "map_00000001" in html
    assert not re.search(r"_[0-9a-f]{32}\b", html)
    from branca.element import Element

    assert len(Element()._id) == 32  # random again outside the seam
    with sequential_ids():
        assert Element()._id == "00000001"


# ---------------------------------------------------------------------------- escaping

EVIL = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1"> ${x} `y` \\x3c'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>", "&lt;b&gt;"),
        ("\"a\" & 'b'", "&quot;a&quot; &amp; &#x27;b&#x27;"),
        ("${alert(1)}", "&#36;&#123;alert(1)&#125;"),
        ("{{ 7*7 }}", "&#123;&#123; 7*7 &#125;&#125;"),
        ("`tick`", "&#96;tick&#96;"),
        ("\\x3cimg", "&#92;x3cimg"),
        ("Mar'yinka", "Mar&#x27;yinka"),
    ],
)
def test_escape_text_for_html_inside_js_template(text: str, expected: str) -> None:
    assert escape_text(text) == expected


def test_report_text_reaches_html_escaped() -> None:
    event = make_event(
        "Bakhmut", quote=EVIL, place_name="<i>Bakhmut</i>", axis="<b>ax</b>", doc="<x>.txt"
    )
    for html in (
        render_day([event], title="<script>t</script>", date="2022-11-12"),
        render_timeline([event], title="<script>t</script>"),
    ):
        assert "<script>window.__pwned" not in html
        assert "<img src=x" not in html
        assert "<script>t</script>" not in html
        assert "<i>Bakhmut" not in html
        assert "<b>ax" not in html
        # Report text is only in the page's JSON block, as JSON \\u escapes of <, > and &,
        # which the page script puts into the popups as text.
        assert "${x}" not in outside_data(html) and "__pwned" not in outside_data(html)
        assert "\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e" in html
        (record,) = page_data(html)["events"]
        assert record["q"] == [EVIL]
        assert "<title>&lt;script&gt;t&lt;/script&gt;</title>" in html


@pytest.mark.parametrize("text", ["</script><script>x()</script>", "<!-- a", "a\u2028b\u2029c & d"])
def test_the_data_block_cannot_end_or_change_its_script(text: str) -> None:
    from frontline.render_data import page_json

    block = page_json({"q": [text]})
    assert not set("<>&\u2028\u2029") & set(block)
    html = render_day([make_event("Bakhmut", quote=text)], title="t", date="2022-11-12")
    assert page_data(html)["events"][0]["q"] == [text]


def test_popup_lists_the_attributes_and_links_the_source(tmp_path: Path) -> None:
    event = make_event("Kherson", **{**_offset(), "doc": str(tmp_path / "in" / "r 1.txt")})
    html = popup_html(event, link_base=tmp_path / "maps")
    for text in (
        "approximately 70 km southeast of Kherson (56–84 km, 112.5–157.5°)",
        f"offset ±{event.uncertainty_km:g} km",
        "ISW assessment (ISW-assessed)",
        "strike",
        "0.90",
    ):
        assert text in html
    assert 'href="../in/r%201.txt"' in html


@pytest.mark.parametrize(
    ("doc", "base", "expected"),
    [
        ("<stdin>", None, None),
        ("", None, None),
        ("/data/isw 1.txt", None, "file:///data/isw%201.txt"),
        ("/data/isw.txt", Path("/data/maps"), "../isw.txt"),
        ("/data/javascript:alert(1)", Path("/data"), "javascript%3Aalert%281%29"),
    ],
)
def test_doc_href(doc: str, base: Path | None, expected: str | None) -> None:
    assert doc_href(doc, base) == expected


def test_index_escapes_and_counts() -> None:
    html = render_index([("<b>2022-11-12</b>", "2022-11-12.html", 3), ("timeline", "t.html", 5)])
    assert "&lt;b&gt;2022-11-12&lt;/b&gt;" in html
    assert '<a href="2022-11-12.html">' in html
    assert '<td class="n">5</td>' in html


# (axis, date, event type, how many): two axes over three days, one day empty
ACTIVITY = [
    ("bakhmut", "2022-11-12", "shelling", 3),
    ("bakhmut", "2022-11-12", "advance", 1),
    ("bakhmut", "2022-11-14", "advance", 2),
    ("lyman", "2022-11-14", "ground_assault", 1),
]


def test_index_charts_have_one_bar_per_axis_day_and_type() -> None:
    from frontline.render_assets import CHART_HEIGHT_PX, CHART_WIDTH_PX

    events = [
        make_event("Bakhmut", axis=axis, date=day, report_date=day, event_type=etype,
                   char_start=100 * i + j)
        for i, (axis, day, etype, n) in enumerate(ACTIVITY) for j in range(n)
    ]  # fmt: skip
    pages = [("2022-11-12", "2022-11-12.html", 4), ("2022-11-14", "2022-11-14.html", 3)]
    html = render_index(pages, events)
    bars = re.findall(
        r'<div class="fl-axis-row" data-axis="([^"]+)"|<g data-day="([^"]+)">|'
        r'<rect class="fl-bar" x="([\d.]+)" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" '
        r'fill="#\w+" data-type="(\w+)" data-n="(\d+)">',
        html,
    )
    found, axis, day = [], "", ""
    for row_axis, g_day, x, _y, height, etype, n in bars:
        axis, day = row_axis or axis, g_day or day
        if etype:
            found.append((axis, day, etype, int(n), float(x), float(height)))
    assert sorted(f[:4] for f in found) == sorted(ACTIVITY)
    unit = CHART_HEIGHT_PX / 4  # the tallest day: 4 events (bakhmut, the 12th)
    for *_, n, _x, height in found:
        assert height == pytest.approx(n * unit, abs=0.01)
    column = CHART_WIDTH_PX / 3  # three days on the shared axis, the 13th empty
    xs = {(a, d): x for a, d, _, _, x, _ in found}
    assert xs[("bakhmut", "2022-11-12")] == 0
    assert xs[("lyman", "2022-11-14")] == pytest.approx(2 * column, abs=0.01)
    assert '<a href="2022-11-14.html"><g data-day="2022-11-14">' in html
    assert f">{label('axis', 'bakhmut')} <span" in html  # the axis by its name
    assert html.index('data-axis="bakhmut"') < html.index('data-axis="lyman"')  # busiest first
    assert re.search(r"<td>Bakhmut</td><td>[^<]*</td><td class=\"n\">7</td>", html)


def test_index_escapes_report_text_in_charts_and_places() -> None:
    evil = make_event("Bakhmut", place_name="<img src=x onerror=alert(1)>", axis="<b>x</b>")
    html = render_index([("2022-11-12", "2022-11-12.html", 1)], [evil])
    assert "<img" not in html and "<b>x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


# ---------------------------------------------------------------------------- styling & layers


@pytest.mark.parametrize(
    ("claimant", "outcome", "state"),
    [
        ("geolocated_footage", "success", "confirmed"),
        ("satellite_imagery", "ongoing", "confirmed"),
        ("geolocated_footage", "claimed", "claimed"),
        ("isw", "success", "assessed"),  # e.g. ISW's "Russian forces attacked near ..." lists
        ("isw", "repelled", "assessed"),
        ("isw", "claimed", "claimed"),
        ("ua_general_staff", "repelled", "claimed"),
        ("ru_mod", "success", "claimed"),
        ("media", "unknown", "claimed"),
        ("unknown", "unknown", "claimed"),
    ],
)
def test_confirmed_assessed_or_claimed(claimant: str, outcome: str, state: str) -> None:
    event = make_event(claimant=claimant, outcome=outcome)
    assert evidence(event) == state
    assert is_confirmed(event) is (state == "confirmed")
    assert f" fl-{state} " in event_class(event, Filters.of([event]))
    assert marker_style(event)["fillOpacity"] == FILL_OPACITY[state]


@pytest.mark.parametrize(
    ("dimension", "code", "text"),
    [
        ("claimant", "ru_mod", "Russian MoD"),
        ("claimant", "ua_general_staff", "Ukrainian General Staff"),
        ("claimant", "geolocated_footage", "geolocated footage"),
        ("event_type", "defensive_works", "defensive works"),
        ("event_type", "occupation_measure", "occupation measure"),
        ("actor", "RU", "Russian forces"),
        ("axis", "northern-kharkiv", "Northern Kharkiv and Sumy border"),
        ("axis", "made-up-axis", "made-up-axis"),
    ],
)
def test_human_labels(dimension: str, code: str, text: str) -> None:
    assert label(dimension, code) == text


def test_every_claimant_has_a_label() -> None:
    from frontline.records import CLAIMANTS

    assert set(CLAIMANT_LABELS) == set(CLAIMANTS)


@pytest.mark.parametrize(("admin1", "text"), [("14", "Luhansk Oblast"), ("Luhansk Oblast",
                         "Luhansk Oblast"), ("", "")])  # fmt: skip
def test_popup_names_the_oblast(admin1: str, text: str) -> None:
    html = popup_html(make_event(admin1=admin1, claimant="ru_mod", event_type="defensive_works"))
    assert f"<th>Oblast</th><td>{text}</td>" in html
    assert "ru_mod" not in html and "defensive_works" not in html


def test_marker_classes_carry_actor_state_and_filters() -> None:
    html = render_day(sample_events()[:3], title="t", date="2022-11-12")
    classes = [f"{r['c']} {r['f']}" for r in page_data(html)["events"]]
    assert len(classes) == 3 and all(c.startswith("fl-event ") for c in classes)
    assert "fl-event fl-actor-RU fl-confirmed fl-prec-settlement fl-f-axis-lyman" in classes[1]
    assert ".fl-hide-axis-lyman .fl-f-axis-lyman { display: none; }" in html
    assert "leaflet.groupedlayercontrol.min.js" in html
    groups = {title: entries for title, entries in page_data(html)["filters"]}
    assert list(groups) == ["Axis", "Event type", "Claimant", "Actor"]
    assert ["lyman (1)", "fl-hide-axis-lyman", "fl-f-axis-lyman"] in groups["Axis"]


def test_class_tokens_stay_unique_when_values_slug_alike() -> None:
    tokens = class_tokens("axis", ["Kupiansk axis", "kupiansk-axis", ""])
    assert len(set(tokens.values())) == 3
    assert all(re.fullmatch(r"fl-f-axis-[a-z0-9-]+", t) for t in tokens.values())


def _offset() -> dict[str, object]:
    return {**offset_fields(), "event_type": "strike", "claimant": "isw", "outcome": "success"}


def test_offset_event_draws_its_region_and_anchor_line() -> None:
    event = make_event("Kherson", **_offset())
    html = render_day([event], title="t", date="2022-11-12")
    placed = place_offset(KHERSON_ANCHOR, APPROX_70KM_SE)
    data = page_data(html)
    (record,) = data["events"]
    # The sector the exports hold (lat, lon for Leaflet), not a circle around the point.
    assert record["region"] == [[q.lat, q.lon] for q in placed.region]
    assert data["styles"][record["rs"]]["dashArray"] == "6 4"
    assert record["anchor"] == [KHERSON_ANCHOR.lat, KHERSON_ANCHOR.lon]  # lat first
    assert record["ll"] == [event.lat, event.lon]
    assert data["layers"]["lines"] == "Anchor lines (1)" and data["layers"]["linesShown"]
    assert ["Offset", "approximately 70 km southeast of Kherson (56–84 km, 112.5–157.5°)"] in (
        record["rows"]
    )


def test_new_layer_rings_only_unseen_place_and_type() -> None:
    today = [make_event("Bakhmut"), make_event("Kuzemivka", char_start=5)]
    yesterday = [dataclasses.replace(today[0], date="2022-11-11", report_date="2022-11-11")]
    data = page_data(render_day(today, title="t", date="2022-11-12", previous=yesterday))
    new = {r["id"] for r in data["events"] if r.get("new")}
    assert new == {today[1].id}  # Kuzemivka, not yesterday's Bakhmut
    assert data["layers"]["new"] == "New since previous report (1)"
    assert not _new(render_day(today, title="t", date="2022-11-12"))


def _new(html: str) -> list[str]:
    """The ids of the events a page rings as new."""
    return [r["id"] for r in page_data(html)["events"] if r.get("new")]


@pytest.mark.parametrize(
    ("previous_report", "why"),
    [
        ({"report_date": "2022-11-10", "date": "2022-11-10"}, "two days before: a gap"),
        ({"report_date": "2022-11-11", "source": "liveblog"}, "another source's report"),
        ({"report_date": "2022-11-12"}, "the same report, an earlier event date"),
        ({"report_date": None}, "an undated report"),
    ],
)
def test_nothing_is_new_without_the_same_sources_report_of_the_day_before(
    previous_report: dict[str, Any], why: str
) -> None:
    today = [make_event("Bakhmut", source="isw"), make_event("Kuzemivka", source="isw")]
    other = dataclasses.replace(
        make_event("Avdiivka", source="isw", date="2022-11-11"), **previous_report
    )
    html = render_day(today, title="t", date="2022-11-12", previous=[other, *today])
    assert not _new(html), why
    assert page_data(html)["layers"]["new"] is None


def test_write_maps_rings_against_the_previous_days_report_only(tmp_path: Path) -> None:
    events = [
        make_event("Bakhmut", source="isw", date="2022-11-10", report_date="2022-11-10"),
        make_event("Avdiivka", source="isw", char_start=7, date="2022-11-11",
                   report_date="2022-11-11"),
        make_event("Bakhmut", source="isw", char_start=9, date="2022-11-13",
                   report_date="2022-11-13"),
    ]  # fmt: skip
    write_maps(events, tmp_path)
    assert not _new((tmp_path / "2022-11-10.html").read_text())  # first report
    assert len(_new((tmp_path / "2022-11-11.html").read_text())) == 1
    assert not _new((tmp_path / "2022-11-13.html").read_text())  # no report on the 12th


def test_rerunning_into_a_folder_removes_its_stale_pages(tmp_path: Path) -> None:
    events = sample_events()
    write_maps(events, tmp_path)
    assert (tmp_path / "2022-11-13.html").exists()
    (tmp_path / "notes.html").write_text("mine")
    (tmp_path / "2022-01-01.html").write_text("<title>someone else's page</title>")
    write_maps([e for e in events if e.date != "2022-11-13"], tmp_path)
    assert not (tmp_path / "2022-11-13.html").exists()
    assert (tmp_path / "2022-11-12.html").exists() and (tmp_path / "undated.html").exists()
    assert (tmp_path / "notes.html").read_text() == "mine"
    assert (tmp_path / "2022-01-01.html").exists()  # not a frontline page: left alone
    assert "2022-11-13" not in (tmp_path / "index.html").read_text()


def test_stacked_events_share_one_list_popup() -> None:
    stacked = [
        make_event("Bakhmut", char_start=1, claimant="ru_mod"),
        make_event("Bakhmut", char_start=2, event_type="shelling"),
        make_event("Kuzemivka", char_start=3),
    ]
    records = page_data(render_day(stacked, title="t", date="2022-11-12"))["events"]
    # the page script gives each Bakhmut marker the list of both (same stack key)
    assert [r["k"] for r in records] == [0, 0, 1]
    assert records[0]["f"] != records[1]["f"]  # each entry hides with its own filters


def test_dense_days_are_clustered() -> None:
    many = [
        make_event("Bakhmut", char_start=i, lon=38 + i / 1000, lat=48.6)
        for i in range(CLUSTER_MIN_EVENTS)
    ]
    dense = render_day(many, title="t", date="2022-11-12", assets="lib")
    sparse = render_day(many[:3], title="t", date="2022-11-12", assets="lib")
    assert page_data(dense)["layers"]["cluster"]["disableClusteringAtZoom"] == 12
    assert page_data(sparse)["layers"]["cluster"] is None
    assert "leaflet.markercluster.js" in dense and "leaflet.markercluster.js" not in sparse


def test_empty_day_still_renders_a_map_of_ukraine() -> None:
    html = render_day([], title="nothing", date="2022-11-12")
    assert page_data(html)["view"] == {"centre": [48.5, 34.5], "zoom": 6}
    assert page_data(html)["events"] == []
    assert "no dated events" in render_timeline([], title="t")


# ---------------------------------------------------------------------------- boundaries


@pytest.mark.skipif(not BOUNDARIES.exists(), reason="needs ../shared/gazetteer/boundaries")
def test_boundaries_are_simplified_and_named() -> None:
    data = load_boundaries(BOUNDARIES)
    names = {f["properties"]["name"] for f in data["features"]}
    assert "Kharkiv Oblast" in names
    html = render_day([make_event()], title="t", date="2022-11-12", boundaries=BOUNDARIES)
    assert len(html) < 200_000  # the source file is 821 KB
    assert "Oblast boundaries" in html


@pytest.mark.skipif(not BOUNDARIES.exists(), reason="needs ../shared/gazetteer/boundaries")
def test_boundaries_are_prepared_once_per_run(tmp_path: Path) -> None:
    from frontline.render_assets import _boundaries_script, _simplified_boundaries

    _simplified_boundaries.cache_clear()
    _boundaries_script.cache_clear()
    paths = write_maps(sample_events(), tmp_path, boundaries=BOUNDARIES, assets="cdn")
    # every page carries them (single-file pages), simplified and encoded once
    assert all("var frontlineBoundaries = " in p.read_text() for p in paths[:-1])
    assert _simplified_boundaries.cache_info().misses == 1
    assert _boundaries_script.cache_info().misses == 1


def test_missing_boundaries_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="not found"):
        render_day([], title="t", date=None, boundaries=tmp_path / "nope.geojson")


# ---------------------------------------------------------------------------- offline assets


def _cdn_urls(html: str) -> set[str]:
    return set(re.findall(r'<script src="([^"]+)"', html)) | set(
        re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    )


def test_every_asset_a_map_loads_has_a_local_copy_entry() -> None:
    many = [make_event(char_start=i, lon=38 + i / 100) for i in range(CLUSTER_MIN_EVENTS)]
    urls = _cdn_urls(render_day(many, title="t", date="2022-11-12")) | _cdn_urls(
        render_timeline(many, title="t")
    )
    assert urls, "expected CDN links in the online map"
    assert urls <= set(CDN_ASSETS), urls - set(CDN_ASSETS)


def test_offline_map_inlines_every_asset() -> None:
    html = render_timeline(sample_events(), title="t", offline=True)
    assert _cdn_urls(html) == set()
    assert "/* leaflet.js */" in html and "/* leaflet.timeline.js */" in html
    assert "url(data:image/png;base64," in html  # leaflet.css's layer icon, inlined


def test_every_asset_is_shipped_with_the_package() -> None:
    assert all(asset_path(url) is not None for url in CDN_ASSETS), CDN_ASSETS


def test_offline_with_an_incomplete_install_names_the_file_and_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import frontline.page_assets as page_assets

    monkeypatch.setattr(page_assets, "web_dir", lambda: tmp_path)
    with pytest.raises(ConfigurationError, match="reinstall frontline") as info:
        render_day([make_event()], title="t", date="2022-11-12", offline=True)
    assert "leaflet/dist/leaflet.js" in str(info.value)


# ---------------------------------------------------------------------------- files


def test_write_maps_writes_days_timeline_and_index(tmp_path: Path) -> None:
    paths = write_maps(sample_events(), tmp_path / "maps")
    names = [p.name for p in paths]
    assert names == [
        "2022-11-12.html",
        "2022-11-13.html",
        "undated.html",
        "timeline.html",
        "index.html",
    ]
    index = (tmp_path / "maps" / "index.html").read_text(encoding="utf-8")
    for name, count in (("2022-11-12.html", 3), ("2022-11-13.html", 2), ("undated.html", 1)):
        assert re.search(rf'href="{name}">[^<]+</a></td><td class="n">{count}</td>', index)
    assert '<a href="timeline.html">' in index
    assert not list((tmp_path / "maps").glob(".*"))  # no temp files left
    second = tmp_path / "again"
    write_maps(sample_events(), second)
    for path in paths:
        assert (second / path.name).read_bytes() == path.read_bytes()


def test_write_maps_names_the_gazetteer_in_a_footer(tmp_path: Path) -> None:
    label = "embedded gazetteer — GeoNames <UA> populated places, GeoNames (CC BY 4.0)"
    paths = write_maps(sample_events(), tmp_path / "maps", gazetteer=label)
    for path in paths:
        html = path.read_text(encoding="utf-8")
        footer = re.findall(r'<div class="fl-footer"[^>]*>([^<]*)</div>\s*</body>', html)
        assert footer == [label.replace("<", "&lt;").replace(">", "&gt;")], path.name
    write_maps(sample_events(), tmp_path / "bare", gazetteer="")
    assert "fl-footer" not in (tmp_path / "bare" / "timeline.html").read_text(encoding="utf-8")


def test_failed_write_leaves_previous_files_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "maps"
    write_maps(sample_events(), out)
    before = (out / "timeline.html").read_bytes()

    def boom(*args: object, **kwargs: object) -> str:
        raise RuntimeError("disk on fire")

    import frontline.render as render

    monkeypatch.setattr(render, "render_timeline", boom)
    with pytest.raises(RuntimeError):
        write_maps(sample_events(), out)
    assert (out / "timeline.html").read_bytes() == before
    assert not list(out.glob(".*.tmp"))


@pytest.mark.parametrize(
    "name",
    ["</script><script>alert(1)</script>", "{{ 7 * 7 }}", "{% if 1 %}x{% endif %}", "a\u2028b & c"],
)
def test_place_names_reach_the_page_script_inert(name: str) -> None:
    import json

    from frontline.render_assets import place_entries, script_json

    text = script_json(place_entries([make_event("Bakhmut", place_name=name)]))
    assert not set("<>&{}\u2028") & set(text)
    assert json.loads(text)[0][0] == name
    html = render_day([make_event("Bakhmut", place_name=name)], title="t", date="2022-11-12")
    assert page_data(html)["places"][0][0] == name  # as built: no template pass changed it
    timeline = render_timeline([make_event("Bakhmut", place_name=name)], title="t")
    assert script_json(place_entries([make_event("Bakhmut", place_name=name)], with_days=True)) in (
        timeline
    )


def test_a_maps_folder_is_written_as_one_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frontline import atomic

    calls: list[str] = []
    real_fsync, real_replace = atomic.os.fsync, atomic.os.replace
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: calls.append("fsync") or real_fsync(fd))
    monkeypatch.setattr(
        atomic.os, "replace", lambda a, b: calls.append("replace") or real_replace(a, b)
    )
    paths = write_maps(sample_events(), tmp_path, assets="cdn")
    n = len(paths)
    # every page synced, then every page moved into place, then the folder synced once
    assert calls == ["fsync"] * n + ["replace"] * n + ["fsync"]
    assert not list(tmp_path.glob(".frontline-*"))


@pytest.mark.parametrize("name", ["", ".", "..", "sub/page.html", "/tmp/page.html"])
def test_a_batch_takes_file_names_only(tmp_path: Path, name: str) -> None:
    from frontline.atomic import atomic_files

    with (
        pytest.raises(ValueError, match="file name without a folder"),
        atomic_files(tmp_path) as batch,
    ):
        batch.write_text("kept.html", "x")
        batch.write_text(name, "x")
    assert list(tmp_path.iterdir()) == []  # nothing moved, no temporary directory left
