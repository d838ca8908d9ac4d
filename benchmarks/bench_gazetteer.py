"""Gazetteer benchmark: build time, artifact size, warm load time, lookup speed, peak RSS.

A script, not a test:

    .venv/bin/python benchmarks/bench_gazetteer.py [--gazetteer-dir ../shared/gazetteer]

It builds into a temporary cache dir (your own cache is left alone), then loads the artifact in
fresh interpreters so "warm load" means: file in the OS page cache, new Python process.
The embedded gazetteer (package data, used when no sources are found) is measured the same way;
without sources only it is.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from frontline import gazetteer_build
from frontline.gazetteer import (
    Gazetteer,
    _curated_files,
    build_gazetteer,
    embedded_data_path,
    find_sources,
)

# Runs in a fresh interpreter: import + load + a few lookups, reports its own peak RSS.
_CHILD = """
import json, sys, time
t0 = time.perf_counter()
from frontline.gazetteer import Gazetteer
t1 = time.perf_counter()
gaz = Gazetteer.from_artifact(sys.argv[1])
t2 = time.perf_counter()
gaz.lookup("Kuzemivka")
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the (large) parent across exec.
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "rss_mb": int(hwm.split()[1]) / 1024}))
"""

NAMES = ["Kuzemivka", "Svatove", "Bakhmut", "Mayorsk", "Kherson City", "Pavlivka", "Nowhere"]


def _child_load(artifact: Path) -> dict[str, float]:
    out: dict[str, float] = json.loads(
        subprocess.run(
            [sys.executable, "-c", _CHILD, str(artifact)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gazetteer-dir", default=None, help="source dir (default: discovered)")
    parser.add_argument("--loads", type=int, default=5, help="fresh-process loads to time")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="frontline-bench-") as tmp:
        extract = embedded_data_path()
        emb = Path(tmp) / "gazetteer-embedded.bin"
        t0 = time.perf_counter()
        gazetteer_build.build((extract,), (), *_curated_files(), emb, embedded=True)
        emb_build_s = time.perf_counter() - t0
        emb_loads = [_child_load(emb) for _ in range(args.loads)]
        print(f"embedded extract   {extract.stat().st_size / 1e6:.2f} MB ({extract.name})")
        print(f"embedded build     {emb_build_s:.2f} s (first use, once per cache dir)")
        print(f"embedded artifact  {emb.stat().st_size / 1e6:.2f} MB")
        print(f"embedded warm load {statistics.median(c['load_s'] for c in emb_loads):.3f} s "
              f"(median of {len(emb_loads)} fresh processes); peak RSS "
              f"{max(c['rss_mb'] for c in emb_loads):.0f} MB")  # fmt: skip

    sources = find_sources(args.gazetteer_dir)
    if not sources:
        sys.exit("no gazetteer sources found; pass --gazetteer-dir (see gazetteer/README.md)")
    with tempfile.TemporaryDirectory(prefix="frontline-bench-") as tmp:
        out = Path(tmp) / "gazetteer.bin"
        t0 = time.perf_counter()
        build_gazetteer(sources.geonames, sources.osm, out=out)
        build_s = time.perf_counter() - t0
        build_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        children = [_child_load(out) for _ in range(args.loads)]
        gaz = Gazetteer.from_artifact(out)
        n = 20000
        t0 = time.perf_counter()
        for i in range(n):
            gaz.lookup(NAMES[i % len(NAMES)])
        lookup_us = (time.perf_counter() - t0) / n * 1e6
        t0 = time.perf_counter()
        for i in range(n):
            gaz.has_key("kuzemivka" if i % 2 else "russian forces")
        has_key_us = (time.perf_counter() - t0) / n * 1e6
        t0 = time.perf_counter()
        gaz.fuzzy("Kuzemivca")
        fuzzy_first_ms = (time.perf_counter() - t0) * 1e3
        t0 = time.perf_counter()
        gaz.fuzzy("Verkhnokamyanske")
        fuzzy_ms = (time.perf_counter() - t0) * 1e3
        t0 = time.perf_counter()
        gaz.near(48.59, 38.0, 20)
        near_first_ms = (time.perf_counter() - t0) * 1e3
        counts = gaz.info()["counts"]

        print(f"sources            {sources.root}")
        print(f"build time         {build_s:.2f} s")
        print(f"artifact size      {out.stat().st_size / 1e6:.2f} MB")
        print(f"warm load          {statistics.median(c['load_s'] for c in children):.3f} s "
              f"(median of {len(children)} fresh processes; import "
              f"{statistics.median(c['import_s'] for c in children):.3f} s)")  # fmt: skip
        print(f"peak RSS (load)    {max(c['rss_mb'] for c in children):.0f} MB")
        print(f"peak RSS (build)   {build_rss:.0f} MB")
        print(f"lookup             {lookup_us:.1f} µs/call;  has_key {has_key_us:.2f} µs/call")
        print(f"fuzzy              {fuzzy_first_ms:.0f} ms first call, {fuzzy_ms:.0f} ms after")
        print(f"near (first call)  {near_first_ms:.0f} ms")
        print("counts             " + json.dumps(counts, sort_keys=True))


if __name__ == "__main__":
    main()
