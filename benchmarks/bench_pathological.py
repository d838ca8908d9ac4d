"""Time and memory on the pathological corpus of issue 19 (tests/pathological_support.py).

A script, not a test. From the repository root::

    .venv/bin/python benchmarks/bench_pathological.py                 # 100 kB per family
    .venv/bin/python benchmarks/bench_pathological.py --size 1000000  # 1 MB per family
    .venv/bin/python benchmarks/bench_pathological.py --timeout 30    # give up sooner

Each family runs in a fresh interpreter (gazetteer loaded before the clock starts) with a
timeout, so that a family that still backtracks is reported as such instead of hanging
the run: ingest and extraction of a ``--size`` file, CPU seconds (``process_time``, the
least of ``--repeats``), printed as seconds per 100 kB, then the worst family. Last, the
peak RSS of one process that extracts a ``--memory-size`` report of place lists (issue 19:
under 500 MB for 1 MB).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from pathological_support import FAMILIES  # noqa: E402

_CHILD = """
import json, resource, sys, tempfile
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from pathological_support import FAMILIES, cpu_seconds, write
from frontline.axes import load_axes
from frontline.extractor import Extractor
from frontline.gazetteer import load_gazetteer
name, size, repeats = FAMILIES[int(sys.argv[2])], int(sys.argv[3]), int(sys.argv[4])
ex = Extractor(load_gazetteer(), load_axes())
with tempfile.TemporaryDirectory() as tmp:
    path = write(name, size, Path(tmp))
    seconds = cpu_seconds(path, ex, repeats)
    chars = len(path.read_text(encoding="utf-8"))
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "chars": chars, "rss_mb": rss}))
"""


def run_child(index: int, size: int, repeats: int, timeout: float) -> dict[str, float] | None:
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(REPO / "tests"), str(index), str(size),
             str(repeats)],
            capture_output=True, text=True, timeout=timeout, check=True,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"{FAMILIES[index]}: {exc.stderr.strip().splitlines()[-1]}") from exc
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=100_000, help="characters per family")
    ap.add_argument("--repeats", type=int, default=2, help="runs per family (least counts)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per family")
    ap.add_argument("--memory-size", type=int, default=1_000_000,
                    help="characters of the place-list report for peak RSS (0: skip)")  # fmt: skip
    args = ap.parse_args()
    print(f"pathological corpus, {args.size:,} characters per family (CPU s, least of "
          f"{args.repeats}; timeout {args.timeout:.0f} s)")  # fmt: skip
    print(f"  {'family':40} {'s':>8} {'s / 100 kB':>11}")
    worst = ("", 0.0)
    for index, name in enumerate(FAMILIES):
        r = run_child(index, args.size, args.repeats, args.timeout)
        if r is None:
            print(f"  {name:40} {'>' + format(args.timeout, '.0f'):>8} {'-':>11}", flush=True)
            worst = (name, float("inf"))
            continue
        per = r["seconds"] / r["chars"] * 100_000
        print(f"  {name:40} {r['seconds']:8.2f} {per:11.2f}", flush=True)
        if per > worst[1]:
            worst = (name, per)
    print(f"  worst: {worst[0]} ({worst[1]:.2f} s per 100 kB)")
    if args.memory_size:
        index = FAMILIES.index("place lists")
        r = run_child(index, args.memory_size, 1, args.timeout * 10)
        shown = "timed out" if r is None else f"{r['rss_mb']:.0f} MB peak RSS, {r['seconds']:.1f} s"
        print(f"memory: one {args.memory_size:,}-character report of place lists: {shown}")


if __name__ == "__main__":
    main()
