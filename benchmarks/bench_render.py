"""Map rendering benchmark: `frontline map` against `frontline extract` as whole commands, HTML
size and render time, and load time in headless Chromium.

Run from the repo root (the browser part needs Chromium; Leaflet comes from the package)::

    .venv/bin/python benchmarks/bench_render.py            # commands, then synthetic events
    .venv/bin/python benchmarks/bench_render.py --days 60 --per-day 25 --no-browser
    .venv/bin/python benchmarks/bench_render.py --only-command --other-src /tmp/old/src \
        --other-cache /tmp/old-cache

The command part runs ``python -m frontline -q extract CORPUS -o x.geojson`` and ``python -m
frontline -q map CORPUS -o maps/`` (default corpus: the 295 ISW 2022 reports in ../shared),
alternating, ``--runs`` times each in fresh processes after one warm-up of each, and prints
their median wall times, the median of the per-round ratios map / extract, and the sizes of the
pages written. ``--other-src`` adds another checkout's ``frontline map`` to every round (before
and after in one run). The synthetic part: events are seeded (so runs compare), random points in
the 2022 frontline box with random axes, types, claimants, a share of offset events. Prints one
line per measurement.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
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
CORPUS = REPO.parent / "shared" / "corpus" / "isw_2022_toplines"


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


def _pages(folder: Path) -> str:
    """Sizes of a maps folder: day pages (median, largest), timeline, index, lib/, all."""
    days = sorted(p.stat().st_size for p in folder.glob("*.html")
                  if p.name not in ("timeline.html", "index.html"))  # fmt: skip
    lib = sum(p.stat().st_size for p in (folder / "lib").rglob("*") if p.is_file())
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return (
        f"{len(days)} day pages, median {statistics.median(days) / 1e3:.1f} kB, largest "
        f"{days[-1] / 1e3:.1f} kB; timeline {(folder / 'timeline.html').stat().st_size / 1e6:.2f} "
        f"MB; index {(folder / 'index.html').stat().st_size / 1e3:.1f} kB; lib/ {lib / 1e6:.2f} "
        f"MB; folder {total / 1e6:.2f} MB"
    )


def commands(
    corpus: Path, runs: int, other_src: Path | None, other_cache: Path | None = None
) -> None:
    """`frontline map` and `frontline extract` of ``corpus``, whole commands, interleaved."""
    from bench_command import timed  # the same process timing (wall, CPU, peak RSS)

    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    env.setdefault("FRONTLINE_GAZETTEER_DIR", str(REPO.parent / "shared" / "gazetteer"))
    frontline = [sys.executable, "-m", "frontline", "-q"]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        jobs = {
            "frontline extract": (
                [*frontline, "extract", str(corpus), "-o", str(tmp / "x.geojson")], env),
            "frontline map": ([*frontline, "map", str(corpus), "-o", str(tmp / "maps")], env),
        }  # fmt: skip
        if other_src is not None:
            jobs[f"frontline map ({other_src})"] = (
                [*frontline, "map", str(corpus), "-o", str(tmp / "other-maps")],
                {**env, "PYTHONPATH": str(other_src.resolve())},
            )
            if other_cache is not None:  # its gazetteer cache must not replace ours each round
                jobs[f"frontline map ({other_src})"][1]["FRONTLINE_CACHE_DIR"] = str(other_cache)
        for cmd, cmd_env in jobs.values():  # warm-up: page cache, gazetteer artifact
            timed(cmd, cmd_env)
        rounds = [{name: timed(*job) for name, job in jobs.items()} for _ in range(runs)]
        n = len([p for p in corpus.rglob("*") if p.suffix in (".txt", ".md", ".html")])
        print(f"{corpus}: {n} reports; median of {runs} interleaved rounds, fresh processes")
        print("| command | wall s | CPU s | peak MB | wall / extract |")
        print("|---|---|---|---|---|")
        for name in jobs:
            med = {k: statistics.median(r[name][k] for r in rounds) for k in rounds[0][name]}
            ratio = statistics.median(
                r[name]["wall s"] / r["frontline extract"]["wall s"] for r in rounds
            )
            print(f"| {name} | {med['wall s']:.2f} | {med['cpu s']:.2f} | "
                  f"{med['peak MB']:.0f} | {ratio:.2f} |")  # fmt: skip
        print(f"\nfrontline map: {_pages(tmp / 'maps')}")
        if other_src is not None:
            print(f"{other_src}: {_pages(tmp / 'other-maps')}")
        print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=40)
    parser.add_argument("--one-day", type=int, default=120, help="events on the single-day map")
    parser.add_argument("--write-days", type=int, default=14, help="days for write_maps timing")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="reports for the commands")
    parser.add_argument("--runs", type=int, default=5, help="interleaved command rounds")
    parser.add_argument("--no-command", action="store_true", help="skip the command part")
    parser.add_argument("--only-command", action="store_true", help="only the command part")
    parser.add_argument(
        "--other-src", type=Path, help="also run `frontline map` from this src/ folder"
    )
    parser.add_argument(
        "--other-cache",
        type=Path,
        help="FRONTLINE_CACHE_DIR for --other-src (else each checkout rebuilds the shared cache)",
    )
    opts = parser.parse_args(argv)
    if not opts.no_command:
        if opts.corpus.is_dir():
            commands(opts.corpus, opts.runs, opts.other_src, opts.other_cache)
        else:
            print(f"{opts.corpus} not found: no command timings\n")
    if opts.only_command:
        return 0
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
