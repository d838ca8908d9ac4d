"""Regenerate the README's screenshots: the busiest day map and the index page.

Run from the repository root (needs ``npm install`` for the map assets and Debian's Chromium)::

    .venv/bin/python docs/screenshots.py ../shared/corpus/isw_2022_toplines/

Extracts the given reports, writes offline maps into a temporary folder and photographs them
with headless Chromium through Playwright. No network: map tiles are answered with an empty
image (grey), so the pictures show frontline's own layers only. Writes ``docs/day-map.png``
and ``docs/index.png``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from frontline.gazetteer import load_gazetteer
from frontline.pipeline import run
from frontline.render import write_maps

DOCS = Path(__file__).resolve().parent
BOUNDARIES = DOCS.parents[1] / "shared" / "gazetteer" / "boundaries" / "oblasts.geojson"
CHROMIUM = "/usr/bin/chromium"


def _offline(route: Any) -> None:
    if route.request.url.startswith(("file:", "data:", "about:")):
        route.continue_()
    else:  # map tiles: an empty answer, drawn as grey
        route.fulfill(status=200, body=b"", content_type="image/png")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="+", help="report files or folders to map")
    parser.add_argument("--out", type=Path, default=DOCS, help="where the PNGs go")
    args = parser.parse_args(argv)
    paths = [str(p) for r in args.reports for p in _expand(Path(r))]
    result = run(paths, load_gazetteer())
    busiest, _ = Counter(e.date for e in result.events if e.date).most_common(1)[0]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        maps = Path(tmp)
        boundaries = BOUNDARIES if BOUNDARIES.exists() else None
        write_maps(result.events, maps, boundaries=boundaries, offline=True)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1100, "height": 700})
        page.route("**/*", _offline)
        page.goto((maps / f"{busiest}.html").as_uri())
        page.wait_for_selector("path.fl-event")
        # the layer panel open on one of its groups
        page.locator(".leaflet-control-layers:has(.leaflet-control-layers-group)").hover()
        page.locator(".leaflet-control-layers-group-label", has_text="Event type").click()
        page.wait_for_timeout(500)
        page.screenshot(path=str(args.out / "day-map.png"))
        page.set_viewport_size({"width": 1100, "height": 820})
        page.goto((maps / "index.html").as_uri())
        page.screenshot(path=str(args.out / "index.png"))
        browser.close()
    print(f"day {busiest}: {args.out / 'day-map.png'}; {args.out / 'index.png'}")
    return 0


def _expand(path: Path) -> list[Path]:
    return sorted(path.rglob("*.txt")) if path.is_dir() else [path]


if __name__ == "__main__":
    sys.exit(main())
