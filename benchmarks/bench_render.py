"""Map rendering benchmark: HTML size and render time, and load time in headless Chromium.

Run from the repo root (the browser part needs Chromium; Leaflet comes from the package)::

    .venv/bin/python benchmarks/bench_render.py            # 1 day of 120 + 365 days x 40 events
    .venv/bin/python benchmarks/bench_render.py --days 60 --per-day 25 --no-browser

Events are synthetic (seeded, so runs compare): random points in the 2022 frontline box with
random axes, types, claimants, a share of offset events. Prints one line per measurement.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from frontline.records import CLAIMANTS, EVENT_TYPES, OUTCOMES, Distance, Event, Offset
from frontline.render import render_day, render_timeline, write_maps
from frontline.render_assets import CDN_ASSETS, asset_path

OFFSET_20KM_E = Offset(Distance(20.0, 16.0, 24.0, "exact"), 90.0, 22.5)  # "20km east of"

AXES = ("kupiansk-svatove", "lyman", "bakhmut", "avdiivka-donetsk", "zaporizhzhia", "kherson")
REPO = Path(__file__).resolve().parents[1]
BOUNDARIES = REPO.parent / "shared" / "gazetteer" / "boundaries" / "oblasts.geojson"


def synthetic_events(days: int, per_day: int, seed: int = 7) -> list[Event]:
    """``days`` x ``per_day`` plausible events, deterministic for a seed."""
    rng = random.Random(seed)
    start = date(2022, 2, 24)
    events = []
    for d in range(days):
        day = (start + timedelta(days=d)).isoformat()
        for i in range(per_day):
            lon, lat = rng.uniform(32.5, 39.5), rng.uniform(46.5, 50.3)
            offset = rng.random() < 0.1
            quote = (
                f"Synthetic report sentence {i} about fighting near village {rng.randint(1, 999)}."
            )
            events.append(
                Event(
                    id=f"{d:04d}-{i:04d}",
                    doc=f"corpus/{day}.txt",
                    date=day,
                    report_date=day,
                    place=f"Village{i}",
                    place_name=f"Village{rng.randint(1, 400)}",
                    gazetteer_id=f"geonames:{rng.randint(1, 10**6)}",
                    admin1="Donetsk Oblast",
                    lon=round(lon, 5),
                    lat=round(lat, 5),
                    precision="offset" if offset else "settlement",
                    uncertainty_km=12.0 if offset else 0.0,
                    axis=rng.choice(AXES),
                    actor=rng.choice(("RU", "UA", "unknown")),
                    event_type=rng.choice(EVENT_TYPES),
                    outcome=rng.choice(OUTCOMES),
                    claimant=rng.choice(CLAIMANTS),
                    confidence=round(rng.random(), 2),
                    quote=quote,
                    char_start=i * 100,
                    char_end=i * 100 + len(quote),
                    anchor="Bakhmut" if offset else None,
                    anchor_lon=38.0022 if offset else None,
                    anchor_lat=48.5953 if offset else None,
                    offset=OFFSET_20KM_E if offset else None,
                )
            )
    return events


def timed(label: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    result = fn(*args, **kwargs)
    elapsed = time.perf_counter() - t0
    size = f"  {len(result) / 1e6:7.2f} MB" if isinstance(result, str) else ""
    print(f"{label:<48} {elapsed:7.2f} s{size}")
    return result


def browser_load_seconds(path: Path) -> float:
    """Seconds from navigation until the first event marker is drawn (Chromium, assets local)."""
    from playwright.sync_api import sync_playwright

    def route(r):  # type: ignore[no-untyped-def]
        url = r.request.url
        if url.startswith("file:"):
            r.continue_()
            return
        local = asset_path(url) if url in CDN_ASSETS else None
        if local is not None:
            r.fulfill(status=200, path=str(local))
        else:
            r.fulfill(status=200, body=b"", content_type="image/png")

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.route("**/*", route)
        t0 = time.perf_counter()
        page.goto(path.as_uri(), timeout=120_000)
        page.wait_for_selector("path.fl-event", timeout=120_000)
        elapsed = time.perf_counter() - t0
        browser.close()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=40)
    parser.add_argument("--one-day", type=int, default=120, help="events on the single-day map")
    parser.add_argument("--write-days", type=int, default=14, help="days for write_maps timing")
    parser.add_argument("--no-browser", action="store_true")
    opts = parser.parse_args(argv)
    boundaries = BOUNDARIES if BOUNDARIES.exists() else None

    one_day = synthetic_events(1, opts.one_day)
    timed(f"render_day ({len(one_day)} events)", render_day, one_day, title="b", date="2022-02-24")
    timed(
        f"render_day ({len(one_day)} events, boundaries)",
        render_day,
        one_day,
        title="b",
        date="2022-02-24",
        boundaries=boundaries,
    )
    if asset_path(next(iter(CDN_ASSETS))) is not None:
        timed(
            "render_day offline (inlined assets)",
            render_day,
            one_day,
            title="b",
            date="x",
            offline=True,
        )
    many = synthetic_events(opts.days, opts.per_day)
    timeline = timed(f"render_timeline ({len(many)} events)", render_timeline, many, title="b")
    with tempfile.TemporaryDirectory() as tmp:
        subset = synthetic_events(opts.write_days, opts.per_day)
        paths = timed(
            f"write_maps ({opts.write_days} days x {opts.per_day})", write_maps, subset, Path(tmp)
        )
        total = sum(p.stat().st_size for p in paths)
        print(f"{'  pages written / total size':<48} {len(paths):7d}    {total / 1e6:7.2f} MB")
        if not opts.no_browser and Path("/usr/bin/chromium").exists():
            path = Path(tmp) / "big-timeline.html"
            path.write_text(timeline, encoding="utf-8")
            seconds = browser_load_seconds(path)
            print(
                f"{f'chromium: timeline ({len(many)} events) to 1st marker':<48} {seconds:7.2f} s"
            )
            seconds = browser_load_seconds(paths[0])
            print(
                f"{f'chromium: day map ({opts.per_day} events) to 1st marker':<48} {seconds:7.2f} s"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
