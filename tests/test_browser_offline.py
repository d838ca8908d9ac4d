"""Maps with no network at all, in headless Chromium: the default ``lib/`` folder, and the plain
message a page shows when its scripts cannot load (``lib/`` missing, a ``--cdn`` page offline).

Every request but ``file:`` is aborted, as on a machine without internet (map tiles included).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import ARTIFACTS, CHROMIUM, launched_chromium, sample_events

from frontline.render import write_maps

sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


def _no_network(route: Any) -> None:
    if route.request.url.startswith(("file:", "data:", "about:")):
        route.continue_()
    else:
        route.abort("internetdisconnected")


@pytest.fixture
def open_offline(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    context.route("**/*", _no_network)

    def load(path: Path) -> Any:
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.goto(path.as_uri(), wait_until="load")
        return page

    yield load
    context.close()


def _message(page: Any) -> str:
    box = page.locator("#fl-load-failed")
    box.wait_for(state="visible", timeout=5000)
    return str(box.inner_text())


def test_default_maps_render_with_no_network(open_offline: Any, tmp_path: Path) -> None:
    write_maps(sample_events(), tmp_path / "maps")
    page = open_offline(tmp_path / "maps" / "2022-11-12.html")
    page.wait_for_selector("path.fl-event")
    assert page.locator("path.fl-event").count() == 3
    assert page.locator(".leaflet-control-layers").count() == 1
    assert page.locator("#fl-load-failed").count() == 0
    assert page.errors == []
    timeline = open_offline(tmp_path / "maps" / "timeline.html")
    timeline.wait_for_selector(".leaflet-timeline-control")
    assert timeline.errors == []


def test_a_page_without_its_lib_folder_says_so(open_offline: Any, tmp_path: Path) -> None:
    write_maps(sample_events(), tmp_path / "maps")
    shutil.rmtree(tmp_path / "maps" / "lib")
    page = open_offline(tmp_path / "maps" / "2022-11-12.html")
    text = _message(page)
    assert text.startswith("This map cannot be shown: its scripts (Leaflet and its plugins)")
    assert "lib folder next to this page" in text and "lib/leaflet/dist/leaflet.js" in text
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "offline-missing-lib.png"))


def test_a_cdn_page_offline_says_so(open_offline: Any, tmp_path: Path) -> None:
    write_maps(sample_events(), tmp_path, assets="cdn")
    page = open_offline(tmp_path / "timeline.html")
    text = _message(page)
    assert "written with --cdn" in text and "without --cdn" in text
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in text
