"""Parallel extraction benchmark (SPEC §8): MB/s of ``run(..., jobs=N)`` for N = 1, 2.

A script, not a test. From the repository root::

    .venv/bin/python benchmarks/bench_parallel.py                 # jobs 1 and 2, 3 runs each
    .venv/bin/python benchmarks/bench_parallel.py --jobs 1 2 4    # other worker counts
    .venv/bin/python benchmarks/bench_parallel.py --repeat 4      # also the corpus x4

Each figure is ``frontline.pipeline.run`` end to end as ``frontline extract --jobs N`` calls
it: ingest in this process, then extraction in N worker processes (forked with the gazetteer
already loaded where that is safe, else spawned: their start-up is included), events back in
input order. Every run holds a new Extractor (its memos
empty), so jobs=1 is as cold as the fresh workers. MB/s is on the bytes of the
input files; the median of ``--runs`` runs is shown. ``--repeat K`` also runs the corpus
listed K times (so the fixed start-up cost is amortised, as on a big corpus); the events of
every N are checked to be identical to N=1.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from frontline.gazetteer import load_gazetteer
from frontline.pipeline import run

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "isw_2022_toplines"


def bench(label: str, paths: list[Path], jobs_list: list[int], runs: int, gaz: object) -> None:
    mb = sum(p.stat().st_size for p in paths) / 1e6
    print(f"{label}: {len(paths)} reports, {mb:.2f} MB, median of {runs} runs")
    reference = None
    base = None
    for jobs in jobs_list:
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            coll = run(paths, gaz, year=2022, jobs=jobs)  # type: ignore[arg-type]
            times.append(time.perf_counter() - t0)
        ids = [e.id for e in coll.events]
        if reference is None:
            reference = ids
        same = "same events" if ids == reference else "EVENTS DIFFER FROM jobs=1"
        seconds = statistics.median(times)
        base = base or seconds
        print(
            f"  jobs={jobs:<3} {seconds:7.2f} s   {mb / seconds:6.2f} MB/s   "
            f"x{base / seconds:4.2f}   {len(ids)} events, {same}",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="dir of .txt reports")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="worker counts")
    parser.add_argument("--runs", type=int, default=3, help="runs per worker count")
    parser.add_argument("--repeat", type=int, default=4, help="also the corpus x K (0: skip)")
    opts = parser.parse_args()

    corpus = sorted(opts.corpus.glob("*.txt"))
    if not corpus:
        print(f"no .txt reports in {opts.corpus}; pass --corpus DIR", file=sys.stderr)
        return 2
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    gaz = load_gazetteer()
    bench("ISW 2022 corpus", corpus, opts.jobs, opts.runs, gaz)
    if opts.repeat > 1:
        bench(f"ISW 2022 corpus x{opts.repeat}", corpus * opts.repeat, opts.jobs, opts.runs, gaz)
    return 0


if __name__ == "__main__":
    sys.exit(main())
