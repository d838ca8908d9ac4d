"""Profile extraction over the ISW 2022 corpus and print the hot spots.

From the repository root::

    .venv/bin/python benchmarks/profile_extract.py                 # cProfile, top 25 cumulative
    .venv/bin/python benchmarks/profile_extract.py --sort tottime  # by own time instead
    .venv/bin/python benchmarks/profile_extract.py --pyinstrument  # sampled call tree
    .venv/bin/python benchmarks/profile_extract.py --html out.html --pyinstrument

The gazetteer is loaded before profiling starts, so the profile covers ingest + extraction +
resolution + semantics of every report (the work ``frontline extract`` repeats per file).
cProfile inflates many-small-call code; pyinstrument (sampling) gives truer proportions.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

from frontline.gazetteer import load_gazetteer
from frontline.pipeline import run

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "isw_2022_toplines"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="dir of ISW 2022 .txt files")
    parser.add_argument("--top", type=int, default=25, help="functions to list")
    parser.add_argument("--sort", default="cumulative", choices=("cumulative", "tottime"))
    parser.add_argument("--pyinstrument", action="store_true", help="sample with pyinstrument")
    parser.add_argument("--html", type=Path, help="with --pyinstrument: also write an HTML report")
    opts = parser.parse_args()

    paths = sorted(opts.corpus.glob("*.txt"))
    if not paths:
        print(f"no .txt reports in {opts.corpus}; pass --corpus DIR", file=sys.stderr)
        return 2
    gaz = load_gazetteer()
    mb = sum(p.stat().st_size for p in paths) / 1e6

    if opts.pyinstrument:
        try:
            from pyinstrument import Profiler
        except ImportError:
            print("pyinstrument is not installed: .venv/bin/pip install pyinstrument",
                  file=sys.stderr)  # fmt: skip
            return 2
        profiler = Profiler(interval=0.001)
        t0 = time.perf_counter()
        with profiler:
            coll = run(paths, gaz, year=2022)
        wall = time.perf_counter() - t0
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        if opts.html:
            opts.html.write_text(profiler.output_html(), encoding="utf-8")
            print(f"HTML report: {opts.html}")
    else:
        profile = cProfile.Profile()
        t0 = time.perf_counter()
        profile.enable()
        coll = run(paths, gaz, year=2022)
        profile.disable()
        wall = time.perf_counter() - t0
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        # % of the profiled call to run() (the largest cumulative time), not of total_tt,
        # which cProfile computes slightly differently and would put run() above 100%.
        total = max(v[3] for v in stats.stats.values())  # type: ignore[attr-defined]
        stats.sort_stats(opts.sort).print_stats(opts.top)
        print(out.getvalue())
        print(f"top {opts.top} by {opts.sort} time, % of {total:.2f} s profiled:")
        rows = sorted(
            stats.stats.items(),  # type: ignore[attr-defined]
            key=lambda kv: kv[1][3] if opts.sort == "cumulative" else kv[1][2],
            reverse=True,
        )[: opts.top]
        for (file, line, func), (_cc, ncalls, tottime, cumtime, _callers) in rows:
            where = f"{Path(file).name}:{line}" if line else file
            print(
                f"  {cumtime / total:6.1%} cum  {tottime / total:6.1%} own  {ncalls:>9}  "
                f"{func}  ({where})"
            )
    print(
        f"\n{len(paths)} reports, {mb:.2f} MB, {len(coll.events)} events, "
        f"{wall:.2f} s under the profiler"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
