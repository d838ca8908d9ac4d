"""The maps in a real browser: headless Chromium (Debian's) driven by Playwright.

No internet here: every request is routed (see ``browser_support.route_offline``) — CDN assets
come from the copies frontline ships (``frontline/data/web``), everything else (map tiles) gets
an empty 200. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    ARTIFACTS,
    CHROMIUM,
    launched_chromium,
    make_event,
    route_offline,
    sample_events,
)

from frontline.render import render_day, render_timeline, write_maps

sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin"),
]

BOUNDARIES = Path(__file__).resolve().parents[2] / "shared/gazetteer/boundaries/oblasts.geojson"
EVIL = (
    '<script>window.__pwned=1</script> and <img src=x onerror="window.__pwned=1"> '
    "then ${window.__pwned=1} and `x` and \\x3cimg src=x onerror=window.__pwned=1\\x3e"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    errors: list[str] = []

    def load(path: Path, route: Any = route_offline) -> Any:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.route("**/*", route)
        page.goto(path.as_uri())
        page.wait_for_selector(".leaflet-container")
        page.wait_for_function("document.querySelectorAll('.leaflet-control-layers').length > 0")
        page.errors = errors
        return page

    yield load
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture(scope="module")
def maps_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("maps")
    write_maps(sample_events(), out, boundaries=BOUNDARIES if BOUNDARIES.exists() else None)
    return out


def visible(page: Any, selector: str) -> int:
    return int(page.locator(f"{selector}:visible").count())


def _entry(page: Any, text: str) -> Any:
    """The layer panel's checkbox labelled ``text``, with the panel open and its group unfolded."""
    page.locator(".leaflet-control-layers:has(.leaflet-control-layers-group)").hover()
    label = page.locator(".leaflet-control-layers-group > label", has_text=text)
    group = label.locator("xpath=..")
    if "fl-folded" in (group.get_attribute("class") or ""):
        group.locator(".leaflet-control-layers-group-label").click()
    return label.locator("input")


def _panel_texts(page: Any) -> list[str]:
    """The layer panel's text with each of its folding groups unfolded in turn."""
    panel = page.locator(".leaflet-control-layers:has(.leaflet-control-layers-group)")
    panel.hover()
    heads = panel.locator(".leaflet-control-layers-group-label[role=button]")
    texts = []
    for i in range(heads.count()):
        heads.nth(i).click()
        texts.append(panel.inner_text())
    return texts


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def test_day_map_draws_one_marker_per_event(open_page: Any, maps_dir: Path) -> None:
    page = open_page(maps_dir / "2022-11-12.html")
    assert page.locator(".leaflet-container").count() == 1
    assert page.locator("path.fl-event").count() == 3
    assert page.locator("path.fl-event.fl-actor-RU").count() == 2
    assert page.locator("path.fl-event.fl-actor-UA").count() == 1
    assert page.locator("path.fl-event.fl-confirmed").count() == 1  # geolocated footage
    assert page.locator(".fl-legend").is_visible()
    assert page.locator(".leaflet-control-scale").count() == 1
    if BOUNDARIES.exists():
        assert page.locator("path.fl-boundary").count() > 5
    screenshot(page, "day-map.png")


def test_toggling_a_layer_hides_its_markers(open_page: Any, maps_dir: Path) -> None:
    page = open_page(maps_dir / "2022-11-12.html")
    assert visible(page, "path.fl-event") == 3
    lyman = _entry(page, "lyman (1)")
    lyman.uncheck()
    assert visible(page, "path.fl-event") == 2
    assert visible(page, "path.fl-f-axis-lyman") == 0
    # filters intersect: switching off RU hides the remaining RU marker, UA stays
    russians = _entry(page, "Russian forces (2)")
    russians.uncheck()
    assert visible(page, "path.fl-event") == 1
    assert visible(page, "path.fl-actor-UA") == 1
    screenshot(page, "day-map-filtered.png")
    _entry(page, "lyman (1)").check()
    _entry(page, "Russian forces (2)").check()
    assert visible(page, "path.fl-event") == 3
    # a real layer: the events layer itself
    _entry(page, "Events (3)").uncheck()
    assert page.locator("path.fl-event").count() == 0


def test_clicking_a_marker_opens_its_popup(open_page: Any, maps_dir: Path) -> None:
    page = open_page(maps_dir / "2022-11-12.html")
    page.locator("path.fl-f-axis-bakhmut").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Russian forces attacked near Bakhmut." in popup.inner_text()
    assert "Russian MoD" in popup.inner_text() and "ru_mod" not in popup.inner_text()
    link = popup.locator("a")
    assert link.get_attribute("href").endswith("seeds/000_ae24c8dc4293616e.txt")


# Sentences of our own (not report text) with markup in them, and the place each is put at.
MARKUP_QUOTES = [
    ("Bakhmut", "Shelling near Bakhmut </script><script>window.__pwned=1</script> was reported."),
    ("Avdiivka", "A <!-- note --> <b onmouseover=window.__pwned=1>bold</b> claim near Avdiivka."),
    ("Kuzemivka", "Fighting\u2028near Kuzemivka\u2029& <img src=x onerror=window.__pwned=1>."),
]


def test_a_day_page_draws_its_data_and_shows_markup_as_text(
    open_page: Any, tmp_path: Path
) -> None:
    events = [
        make_event(place, char_start=i * 10, quote=quote, axis=f"axis-{i}")
        for i, (place, quote) in enumerate(MARKUP_QUOTES)
    ]
    events.append(make_event("Svatove", char_start=99, axis="axis-9"))
    path = tmp_path / "markup.html"
    path.write_text(render_day(events, title="markup", date="2022-11-12"))
    page = open_page(path)
    assert page.locator("path.fl-event").count() == len(events)  # one marker per event
    for i, event in enumerate(events[: len(MARKUP_QUOTES)]):
        _fresh(page)
        page.locator(f"path.fl-f-axis-axis-{i}").click()
        popup = page.locator(".leaflet-popup-content").last
        popup.wait_for()
        assert popup.locator(f'[data-fl-id="{event.id}"]').count() == 1
        # The sentence as text, character for character; none of its markup became elements.
        assert popup.locator("blockquote").first.text_content() == event.quote
        assert popup.locator("script, b, img").count() == 0
        assert page.evaluate("window.__pwned") is None
    assert page.locator("script:not([src])").evaluate_all(
        "s => s.filter(e => e.textContent.includes('window.__pwned=1') && e.type !== "
        "'application/json').length"
    ) == 0


def test_offset_event_has_uncertainty_circle_and_anchor_line(
    open_page: Any, maps_dir: Path
) -> None:
    page = open_page(maps_dir / "2022-11-13.html")
    assert page.locator("path.fl-event").count() == 2
    assert page.locator("path.fl-uncertainty").count() == 1
    assert page.locator("path.fl-anchor-line").count() == 1
    assert page.locator("path.fl-new").count() == 2  # nothing of the 13th was there on the 12th


def test_timeline_slider_changes_the_markers(open_page: Any, maps_dir: Path) -> None:
    page = open_page(maps_dir / "timeline.html")
    page.wait_for_selector("path.fl-event")
    first_day = page.locator("path.fl-event")
    assert first_day.count() == 3
    assert page.locator("output.time-text").inner_text().strip() == "2022-11-12"
    screenshot(page, "timeline-day1.png")
    page.locator(".leaflet-timeline-control button.next").click()
    page.wait_for_function(
        "document.querySelector('output.time-text').textContent.trim() === '2022-11-13'"
    )
    assert page.locator("path.fl-event").count() == 2
    assert page.locator("path.fl-event.fl-f-axis-southern").count() == 1
    assert page.locator("path.fl-uncertainty").count() == 1
    # layers still toggle on the timeline
    _entry(page, "southern (1)").uncheck()
    assert visible(page, "path.fl-event") == 1
    # popups work on timeline markers
    page.locator("path.fl-f-axis-avdiivka-donetsk").click()
    assert "Avdiivka" in page.locator(".leaflet-popup-content").inner_text()
    screenshot(page, "timeline-day2.png")


def test_report_text_cannot_run_script(open_page: Any, tmp_path: Path) -> None:
    evil = [
        make_event(
            "Bakhmut",
            quote=EVIL,
            place_name='<img src=x onerror="window.__pwned=1">',
            axis="<b onmouseover=window.__pwned=1>x</b>",
            doc='"><img src=x onerror=window.__pwned=1>.txt',
        ),
        make_event("Kuzemivka", char_start=900),
    ]
    day = tmp_path / "evil.html"
    day.write_text(render_day(evil, title="<script>window.__pwned=1</script>", date="2022-11-12"))
    timeline = tmp_path / "evil-timeline.html"
    timeline.write_text(render_timeline(evil, title="<img src=x onerror=window.__pwned=1>"))
    for path in (day, timeline):
        page = open_page(path)
        page.wait_for_selector("path.fl-event")
        marker = page.locator("path.fl-f-axis-b-onmouseover-window-pwned-1-x-b")
        marker.hover()
        marker.click()
        content = page.locator(".leaflet-popup-content")
        content.wait_for()
        text = content.inner_text()
        assert "<script>window.__pwned=1</script>" in text
        assert '<img src=x onerror="window.__pwned=1">' in text
        assert "${window.__pwned=1}" in text
        assert "\\x3cimg" in text
        _panel_texts(page)  # every group of the layer panel unfolded once
        # the search list and the place labels show names as text too
        page.locator("input.fl-search-input").fill("onerror")
        assert "<img src=x" in page.locator(".fl-search-results").inner_text()
        page.evaluate(f"{_map_name(page)}.setView([48.5953, 38.0022], 12, {{animate: false}})")
        page.locator(".fl-place-label", has_text="<img src=x").first.wait_for()
        assert page.locator(".fl-search-results img, .fl-place-label img").count() == 0
        page.wait_for_timeout(200)
        assert page.evaluate("window.__pwned") is None
        assert page.locator(".leaflet-popup-content img").count() == 0
    screenshot(page, "xss-timeline.png")


def test_offline_map_needs_no_network(open_page: Any, tmp_path: Path) -> None:
    requested: list[str] = []

    def no_network(route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
            return
        requested.append(url)
        route.fulfill(status=200, body=b"", content_type="image/png")  # tiles only, hopefully

    path = tmp_path / "offline.html"
    path.write_text(
        render_day(sample_events()[:3], title="offline", date="2022-11-12", offline=True)
    )
    page = open_page(path, route=no_network)
    assert page.locator("path.fl-event").count() == 3
    assert all("tile.openstreetmap.org" in url for url in requested), requested


# --- issue 16: filters and clusters, stacked points, the "new" ring, labels -------------------


def _shown_count(page: Any) -> int:
    """Events the reader sees: the numbers on cluster bubbles plus the single markers."""
    return int(
        page.evaluate(
            """() => {
                let n = 0;
                document.querySelectorAll('.marker-cluster span').forEach(s => {
                    n += parseInt(s.textContent, 10);
                });
                document.querySelectorAll('path.fl-event').forEach(p => {
                    if (getComputedStyle(p).display !== 'none') { n += 1; }
                });
                return n;
            }"""
        )
    )


def test_filters_change_the_cluster_counts(open_page: Any, tmp_path: Path) -> None:
    ru = [
        make_event("Bakhmut", char_start=i, lon=38 + i % 10 / 200, lat=48.6 + i // 10 / 200)
        for i in range(50)
    ]
    ua = [
        make_event("Bakhmut", char_start=100 + i, actor="UA", claimant="ru_mod",
                   lon=38.01 + (i % 8) / 200, lat=48.61 + (i // 8) / 200)
        for i in range(40)
    ]  # fmt: skip
    path = tmp_path / "dense.html"
    path.write_text(render_day([*ru, *ua], title="dense", date="2022-11-12"))
    page = open_page(path)
    page.wait_for_selector(".marker-cluster")
    assert _shown_count(page) == 90
    russians = _entry(page, "Russian forces (50)")
    russians.uncheck()
    page.wait_for_function("document.querySelectorAll('.marker-cluster span').length > 0")
    page.wait_for_timeout(400)  # the cluster layer animates its re-clustering
    assert _shown_count(page) == 40
    screenshot(page, "dense-filtered.png")
    _entry(page, "Russian forces (50)").check()
    page.wait_for_timeout(400)
    assert _shown_count(page) == 90
    _entry(page, "Russian MoD (40)").uncheck()
    page.wait_for_timeout(400)
    assert _shown_count(page) == 50


def _fresh(page: Any) -> None:
    page.reload()
    page.wait_for_function("document.querySelectorAll('.leaflet-control-layers').length > 0")


def _ids_reached_by_clicking_every_marker(page: Any) -> set[str]:
    """Click each event marker in turn, from the initial view (a popup pans the map), and
    collect the event ids its popup lists."""
    reached: set[str] = set()
    for i in range(page.locator("path.fl-event").count()):
        _fresh(page)
        page.wait_for_selector("path.fl-event")
        box = page.locator("path.fl-event").nth(i).bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        popup = page.locator(".leaflet-popup-content").last
        popup.wait_for()
        ids = popup.locator("[data-fl-id]")
        reached |= {ids.nth(j).get_attribute("data-fl-id") for j in range(ids.count())}
    return reached


def test_every_stacked_event_popup_is_reachable(open_page: Any, tmp_path: Path) -> None:
    events = [
        make_event("Bakhmut", char_start=1),
        make_event("Bakhmut", char_start=2, event_type="shelling", claimant="ru_mod"),
        make_event("Bakhmut", char_start=3, actor="UA", event_type="advance"),
        make_event("Kuzemivka", char_start=4),
        make_event("Kuzemivka", char_start=5, claimant="isw"),
        make_event("Avdiivka", char_start=6),
    ]
    path = tmp_path / "stacked.html"
    path.write_text(render_day(events, title="stacked", date="2022-11-12"))
    page = open_page(path)
    assert _ids_reached_by_clicking_every_marker(page) == {e.id for e in events}
    # a switched-off value disappears from the list popup too
    _fresh(page)
    _entry(page, "Ukrainian forces (1)").uncheck()
    page.mouse.move(5, 400)
    (ua,) = [e for e in events if e.actor == "UA"]
    box = page.locator("path.fl-event.fl-actor-RU.fl-f-type-shelling").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("document.querySelectorAll('.leaflet-popup-content').length === 1")
    assert page.locator("[data-fl-id]:visible").count() == 2
    assert page.locator(f'[data-fl-id="{ua.id}"]:visible').count() == 0


def test_the_new_ring_does_not_swallow_clicks(open_page: Any, maps_dir: Path) -> None:
    page = open_page(maps_dir / "2022-11-13.html")
    assert page.locator("path.fl-new").count() == 2
    box = page.locator("path.fl-f-axis-avdiivka-donetsk.fl-event").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Avdiivka" in popup.inner_text()


RAW_CODE = re.compile(
    r"\b(?:ru_mod|ru_official|ru_source|ua_general_staff|ua_official|ua_source|"
    r"geolocated_footage|satellite_imagery|defensive_works|occupation_measure|civilian_harm|"
    r"internal_conflict|ground_assault)\b|Oblast \d"
)


def test_no_raw_code_in_the_rendered_text(open_page: Any, tmp_path: Path) -> None:
    events = [
        make_event("Bakhmut", char_start=1, admin1="14", claimant="ua_general_staff",
                   event_type="defensive_works", quote="Trenches went up near Bakhmut."),
        make_event("Kuzemivka", char_start=2, admin1="05", claimant="ru_mod",
                   event_type="ground_assault", quote="An assault on Kuzemivka failed."),
        make_event("Avdiivka", char_start=3, admin1="05", claimant="geolocated_footage",
                   event_type="occupation_measure", quote="Footage from Avdiivka shows it."),
    ]  # fmt: skip
    path = tmp_path / "labels.html"
    path.write_text(render_day(events, title="labels", date="2022-11-12"))
    page = open_page(path)
    texts = [page.locator("body").inner_text(), *_panel_texts(page)]
    page.mouse.move(5, 400)
    markers = page.locator("path.fl-event")
    for i in range(markers.count()):
        _fresh(page)
        markers.nth(i).hover()
        texts.append(page.locator(".leaflet-tooltip").last.inner_text())
        markers.nth(i).click()
        texts.append(page.locator(".leaflet-popup-content").last.inner_text())
    text = "\n".join(texts)
    assert not RAW_CODE.findall(text), RAW_CODE.findall(text)
    for human in ("Luhansk Oblast", "Russian MoD", "Ukrainian General Staff", "defensive works"):
        assert human in text


def test_anchor_lines_start_off_on_dense_days(open_page: Any, tmp_path: Path) -> None:
    from browser_support import offset_fields

    from frontline.render_assets import ANCHOR_LINES_MAX

    def day(n: int) -> list[Any]:
        return [
            make_event("Kherson", char_start=i, **{**offset_fields(), "lat": 46.2 + i / 500})
            for i in range(n)
        ]

    sparse, dense = tmp_path / "sparse.html", tmp_path / "dense.html"
    sparse.write_text(render_day(day(ANCHOR_LINES_MAX), title="sparse", date="2022-11-12"))
    dense.write_text(render_day(day(ANCHOR_LINES_MAX + 1), title="dense", date="2022-11-12"))
    assert open_page(sparse).locator("path.fl-anchor-line").count() == ANCHOR_LINES_MAX
    page = open_page(dense)
    assert page.locator("path.fl-anchor-line").count() == 0
    assert page.locator("path.fl-uncertainty").count() == ANCHOR_LINES_MAX + 1
    _entry(page, "Anchor lines").check()
    assert page.locator("path.fl-anchor-line").count() == ANCHOR_LINES_MAX + 1


def test_the_timeline_steps_one_day_per_click(open_page: Any, tmp_path: Path) -> None:
    from datetime import date, timedelta

    start = date(2022, 2, 24)
    days = [(start + timedelta(days=d)).isoformat() for d in (*range(4), *range(5, 300, 3))]
    events = [
        make_event("Bakhmut", char_start=i, date=day, report_date=day)
        for i, day in enumerate(days)
    ]
    path = tmp_path / "long-timeline.html"
    path.write_text(render_timeline(events, title="long"))
    page = open_page(path)
    shown = [page.locator("output.time-text").inner_text().strip()]
    for _ in range(6):
        page.locator(".leaflet-timeline-control button.next").click()
        page.wait_for_timeout(50)
        shown.append(page.locator("output.time-text").inner_text().strip())
    expected = [(start + timedelta(days=d)).isoformat() for d in range(7)]
    assert shown == expected  # consecutive days, and the empty 2022-02-28 too
    page.locator(".leaflet-timeline-control button.prev").click()
    assert page.locator("output.time-text").inner_text().strip() == expected[-2]


def test_stacked_events_on_the_timeline_are_reachable(open_page: Any, tmp_path: Path) -> None:
    events = [
        make_event("Bakhmut", char_start=1),
        make_event("Bakhmut", char_start=2, event_type="shelling"),
        make_event("Kuzemivka", char_start=3),
    ]
    path = tmp_path / "stacked-timeline.html"
    path.write_text(render_timeline(events, title="stacked"))
    page = open_page(path)
    page.wait_for_selector("path.fl-event")
    assert _ids_reached_by_clicking_every_marker(page) == {e.id for e in events}


# --- issue 16: timeline window, search, measure, place labels, layer panel --------------------


def _map_name(page: Any) -> str:
    """The page's Leaflet map variable (folium names it ``map_<id>``)."""
    return str(
        page.evaluate(
            "Object.keys(window).find(k => /^map_/.test(k) && window[k] instanceof L.Map)"
        )
    )


def _time_text(page: Any) -> str:
    return str(page.locator("output.time-text").inner_text().strip())


def test_the_timeline_window_shows_earlier_days_too(open_page: Any, tmp_path: Path) -> None:
    # 2 events on the 1st, 1 on the 3rd, 1 on the 9th, 1 on the 20th of March
    days = ["2022-03-01", "2022-03-01", "2022-03-03", "2022-03-09", "2022-03-20"]
    events = [
        make_event("Bakhmut", char_start=i, date=day, report_date=day, lat=48.5 + i / 50)
        for i, day in enumerate(days)
    ]
    path = tmp_path / "window.html"
    path.write_text(render_timeline(events, title="window"))
    page = open_page(path)
    window = page.locator("select.fl-window-select")
    assert window.input_value() == "1"  # this day
    for _ in range(8):  # one click per day: the 1st -> the 9th
        page.locator(".leaflet-timeline-control button.next").click()
    assert _time_text(page) == "2022-03-09"
    assert page.locator("path.fl-event").count() == 1
    window.select_option(label="last 7 days")  # the 3rd..9th
    assert page.locator("path.fl-event").count() == 2
    assert page.locator("path.fl-event.fl-earlier").count() == 1  # the 3rd's, drawn paler
    window.select_option(label="all so far")
    assert page.locator("path.fl-event").count() == 4
    page.locator(".leaflet-timeline-control button.prev").click()  # the 8th: all so far = 3
    assert _time_text(page) == "2022-03-08"
    assert page.locator("path.fl-event").count() == 3
    window.select_option(label="this day")  # nothing on the 8th
    assert page.locator("path.fl-event").count() == 0
    window.select_option(label="last 30 days")
    assert page.locator("path.fl-event").count() == 3
    screenshot(page, "timeline-window.png")


SEARCHABLE = [
    ("Kuzemivka", "Kuzemivka"),
    ("Bilohorivka", "bilohorivka"),  # case
    ("Novoselivs'ke", "NOVOSELIVSKE"),  # apostrophe
    ("Zaliznychne", "zalíznychne"),  # accent typed by the reader
]


def test_search_finds_a_village(open_page: Any, tmp_path: Path) -> None:
    spots = {"Novoselivs'ke": (38.12, 49.47), "Zaliznychne": (35.95, 47.64)}
    events = [
        make_event(name, char_start=i * 10, **(
            {"lon": spots[name][0], "lat": spots[name][1]} if name in spots else {}))
        for i, (name, _) in enumerate(SEARCHABLE)
    ]  # fmt: skip
    path = tmp_path / "search.html"
    path.write_text(render_day(events, title="search", date="2022-11-12"))
    page = open_page(path)
    box = page.locator("input.fl-search-input")
    for name, typed in SEARCHABLE:
        box.fill(typed)
        hits = page.locator(".fl-search-results li")
        assert hits.first.inner_text() == name
        hits.first.click()
        popup = page.locator(".leaflet-popup-content").last  # the one before fades out
        popup.wait_for()
        assert f"near {name}." in popup.inner_text()
        centre = page.evaluate(f"{_map_name(page)}.getCenter()")
        lon, lat = next((e.lon, e.lat) for e in events if e.place_name == name)
        assert abs(centre["lat"] - lat) < 0.05 and abs(centre["lng"] - lon) < 0.05
        assert page.evaluate(f"{_map_name(page)}.getZoom()") >= 12
    box.fill("Nowhere")
    assert page.locator(".fl-search-results li").count() == 0
    assert "no place" in page.locator(".fl-search-note").inner_text()
    screenshot(page, "search.png")


def test_search_on_the_timeline_goes_to_the_day(open_page: Any, tmp_path: Path) -> None:
    events = [
        make_event("Kuzemivka", date="2022-11-12", report_date="2022-11-12"),
        make_event("Bakhmut", date="2022-11-15", report_date="2022-11-15", char_start=5),
    ]
    path = tmp_path / "search-timeline.html"
    path.write_text(render_timeline(events, title="search"))
    page = open_page(path)
    assert _time_text(page) == "2022-11-12"
    page.locator("input.fl-search-input").fill("bakh")
    page.locator(".fl-search-results li").first.click()
    assert _time_text(page) == "2022-11-15"
    assert "near Bakhmut." in page.locator(".leaflet-popup-content").last.inner_text()


def test_measuring_two_points_gives_their_distance(open_page: Any, maps_dir: Path) -> None:
    from pyproj import Geod

    a, b = (38.0, 48.60), (38.3, 48.75)  # lon, lat; about 28 km apart
    expected = Geod(ellps="WGS84").inv(a[0], a[1], b[0], b[1])[2] / 1000
    page = open_page(maps_dir / "2022-11-12.html")
    name = _map_name(page)
    page.evaluate(f"{name}.setView([48.675, 38.15], 11, {{animate: false}})")
    page.locator("a.fl-measure-toggle").click()
    origin = page.locator(".leaflet-container").bounding_box()
    for lon, lat in (a, b):
        point = page.evaluate(f"{name}.latLngToContainerPoint([{lat}, {lon}])")
        page.mouse.click(origin["x"] + point["x"], origin["y"] + point["y"])
    out = page.locator(".fl-measure-out")
    shown = float(out.inner_text().removesuffix(" km"))
    assert shown == pytest.approx(expected, rel=0.01)
    assert page.locator("path.fl-measure-line").count() == 1
    screenshot(page, "measure.png")
    page.locator("a.fl-measure-toggle").click()  # off: the line goes
    assert page.locator("path.fl-measure-line").count() == 0


def test_place_labels_appear_only_when_zoomed_in(open_page: Any, maps_dir: Path) -> None:
    from frontline.render_assets import LABEL_MIN_ZOOM

    page = open_page(maps_dir / "2022-11-12.html")
    name = _map_name(page)
    assert page.evaluate(f"{name}.getZoom()") < LABEL_MIN_ZOOM
    assert page.locator(".fl-place-label").count() == 0
    page.evaluate(f"{name}.setView([48.5953, 38.0022], {LABEL_MIN_ZOOM}, {{animate: false}})")
    label = page.locator(".fl-place-label", has_text="Bakhmut")
    label.wait_for()
    assert page.locator(".fl-place-label", has_text="Kuzemivka").count() == 0  # out of view
    screenshot(page, "labels.png")
    page.evaluate(f"{name}.setZoom({LABEL_MIN_ZOOM - 1}, {{animate: false}})")
    page.wait_for_function("document.querySelectorAll('.fl-place-label').length === 0")


def _boxes_overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_the_layer_panel_is_compact(browser: Any, tmp_path: Path) -> None:
    from frontline.records import CLAIMANTS, EVENT_TYPES

    axes = ["kupiansk-svatove", "lyman", "bakhmut", "avdiivka-donetsk", "zaporizhzhia",
            "kherson", "kharkiv", "kyiv", "sumy", "chernihiv", "mariupol", "donetsk-west",
            "siversk", "southern"]  # fmt: skip
    events = [
        make_event("Bakhmut", char_start=i, axis=axes[i % len(axes)],
                   event_type=EVENT_TYPES[i % len(EVENT_TYPES)],
                   claimant=CLAIMANTS[i % len(CLAIMANTS)], actor=("RU", "UA", "unknown")[i % 3],
                   lat=48.3 + i / 100)
        for i in range(60)
    ]  # fmt: skip
    for render, name in ((render_day, "day"), (render_timeline, "timeline")):
        path = tmp_path / f"panel-{name}.html"
        kwargs = {"date": "2022-11-12"} if render is render_day else {}
        boundaries = BOUNDARIES if BOUNDARIES.exists() else None  # one panel entry more
        path.write_text(render(events, title="panel", boundaries=boundaries, **kwargs))
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.route("**/*", route_offline)
        page.goto(path.as_uri())
        page.wait_for_selector(".leaflet-control-layers-group", state="attached")
        panel = page.locator(".leaflet-control-layers:has(.leaflet-control-layers-group)")
        panel.hover()
        heads = panel.locator(".leaflet-control-layers-group-label[role=button]")
        assert heads.count() == 4  # axis, event type, claimant, actor fold; "Layers" does not
        assert panel.locator("input:visible").count() <= 6  # folded: only the real layers
        legend = page.locator(".fl-legend").bounding_box()
        for i in range(heads.count()):
            heads.nth(i).click()
            group = heads.nth(i).locator("xpath=..")
            assert group.locator("input:visible").count() == group.locator("input").count()
            form = panel.locator("form")
            assert form.evaluate("f => f.scrollHeight <= f.clientHeight + 1")  # no scrolling
            assert panel.bounding_box()["y"] + panel.bounding_box()["height"] <= 800
            assert not _boxes_overlap(panel.bounding_box(), legend)
            # one group open at a time
            opened = panel.locator(".leaflet-control-layers-group:not(.fl-folded)")
            assert opened.count() == 2  # "Layers" and this one
        screenshot(page, f"panel-{name}.png")
        context.close()


# --- issue 16: the index page --------------------------------------------------------------


def test_the_index_charts_count_each_axis_day_and_type(browser: Any, maps_dir: Path) -> None:
    events = sample_events()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route("**/*", route_offline)
    page.goto((maps_dir / "index.html").as_uri())
    rows = page.locator(".fl-axis-row")
    expected: dict[tuple[str, str, str], int] = {}
    for e in events:
        if e.date:
            k = (e.axis, e.date, e.event_type)
            expected[k] = expected.get(k, 0) + 1
    assert rows.count() == len({axis for axis, _, _ in expected})
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll('.fl-axis-row rect.fl-bar')).map(r => [
            r.closest('.fl-axis-row').dataset.axis, r.closest('g').dataset.day, r.dataset.type,
            parseInt(r.dataset.n, 10), r.getBoundingClientRect().height])"""
    )
    assert {(a, d, t): n for a, d, t, n, _ in drawn} == expected
    heights = {n: round(h, 1) for *_, n, h in drawn}
    assert heights[1] > 5  # drawn, and one event is the tallest bar here: the full height
    # the charts share one day axis: the 13th's bars sit right of the 12th's
    x = page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('g[data-day]'))
            .map(g => [g.dataset.day, g.getBoundingClientRect().x]))"""
    )
    assert x["2022-11-13"] > x["2022-11-12"]
    places = page.locator("tr.fl-place")
    assert places.count() == len({(e.place_name, e.admin1) for e in events})
    assert "Kuzemivka" in page.locator(".fl-places").inner_text()
    page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)
    # a day's bars link to its map
    page.locator('g[data-day="2022-11-13"]').first.click()
    page.wait_for_url("**/2022-11-13.html")
    page.close()
