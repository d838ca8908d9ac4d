"""Reference throughput: flashgeotext (Aho-Corasick keyword matching) vs frontline's mentions.

A script, not a test. flashgeotext is NOT a project dependency; install it into the venv::

    .venv/bin/pip install flashgeotext
    .venv/bin/python benchmarks/bench_flashgeotext.py

Over the 295 ISW 2022 reports (``../shared/corpus/isw_2022_toplines``, read in place) it
times, single process, on the same file bytes:

* flashgeotext with its bundled demo lookup (GeoNames cities and countries, shipped in the
  wheel, no download): lookup build time, extraction MB/s, place mentions found;
* flashgeotext with a lookup built from frontline's own gazetteer names (every place's
  primary name, case-sensitive, as flashgeotext's demo data): the same figures, on the
  vocabulary frontline resolves against;
* frontline: ingest + ``extract_mentions`` (the name finder alone, lookup memo cold) and the
  whole ``process_report`` (mentions, resolution, semantics), mentions and events found.

flashgeotext only finds names (no disambiguation, no coordinates, no event semantics), so
its MB/s is a ceiling for the "find names" stage, not a competitor to the whole pipeline.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from frontline.axes import load_axes
from frontline.extractor import Extractor
from frontline.gazetteer import load_gazetteer
from frontline.runners import ingest_all

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "isw_2022_toplines"


def row(label: str, value: str) -> None:
    print(f"  {label:<44} {value}", flush=True)


def bench_flashgeotext(label: str, geotext: object, texts: list[str], mb: float) -> None:
    t0 = time.perf_counter()
    found = [geotext.extract(input_text=t, span_info=True) for t in texts]  # type: ignore[attr-defined]
    seconds = time.perf_counter() - t0
    mentions = sum(m["count"] for f in found for kind in f.values() for m in kind.values())
    distinct = {name for f in found for kind in f.values() for name in kind}
    row(f"{label}: extract", f"{seconds:7.2f} s   {mb / seconds:7.2f} MB/s")
    row(f"{label}: place mentions", f"{mentions:7d}   ({len(distinct)} distinct names)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="dir of .txt reports")
    opts = parser.parse_args()
    try:
        from flashgeotext.geotext import GeoText, GeoTextConfiguration
        from flashgeotext.lookup import LookupData
    except ImportError:
        print("flashgeotext is not installed: .venv/bin/pip install flashgeotext", file=sys.stderr)
        return 2
    paths = sorted(opts.corpus.glob("*.txt"))
    if not paths:
        print(f"no .txt reports in {opts.corpus}; pass --corpus DIR", file=sys.stderr)
        return 2
    raw = [p.read_text(encoding="utf-8") for p in paths]
    mb = sum(p.stat().st_size for p in paths) / 1e6
    print(f"{len(paths)} reports, {mb:.2f} MB, single process")

    print("flashgeotext, bundled demo lookup (GeoNames cities + countries)")
    t0 = time.perf_counter()
    demo = GeoText()
    row("build lookup", f"{time.perf_counter() - t0:7.2f} s")
    bench_flashgeotext("demo", demo, raw, mb)

    gaz = load_gazetteer()
    # Primary names of every place in frontline's gazetteer (the columnar artifact keeps them
    # in ``_names``; there is no public iterator, and this script is not part of the package).
    names = sorted(set(gaz._names))
    print(f"flashgeotext, frontline gazetteer names ({len(names)} primary names)")
    t0 = time.perf_counter()
    ours = GeoText(GeoTextConfiguration(use_demo_data=False))
    ours.add(LookupData(name="frontline", data={n: [n] for n in names}))
    row("build lookup", f"{time.perf_counter() - t0:7.2f} s")
    bench_flashgeotext("frontline names", ours, raw, mb)

    print("frontline")
    axes = load_axes()
    t0 = time.perf_counter()
    reports, _ = ingest_all(paths, year=2022)
    ingest_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    ex = Extractor(gaz, axes)  # one for both passes: the second finds its memos warm
    mentions = [m for r in reports for m in ex.mentions(r)]
    mention_s = time.perf_counter() - t0
    row("ingest", f"{ingest_s:7.2f} s   {mb / ingest_s:7.2f} MB/s")
    row(
        "extract_mentions (name finder, memo cold)",
        f"{mention_s:7.2f} s   {mb / mention_s:7.2f} MB/s",
    )
    row(
        "place mentions",
        f"{len(mentions):7d}   ({len({m.surface for m in mentions})} distinct surfaces, "
        f"{sum(m.role in ('target', 'offset') for m in mentions)} target/offset)",
    )
    t0 = time.perf_counter()
    events = [e for r in reports for e in ex.extract(r)]
    process_s = time.perf_counter() - t0
    row("process_report (memo warm)", f"{process_s:7.2f} s   {mb / process_s:7.2f} MB/s")
    row(
        "ingest + process_report",
        f"{ingest_s + process_s:7.2f} s   {mb / (ingest_s + process_s):7.2f} MB/s",
    )
    row("events", f"{len(events):7d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
