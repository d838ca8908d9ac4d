"""Whole-command benchmark: `frontline extract` as a user runs it, against a naive matcher.

A script, not a test. From the repository root::

    .venv/bin/python benchmarks/bench_command.py                  # 7 interleaved rounds (~1 min)
    .venv/bin/python benchmarks/bench_command.py --runs 11 --jobs 1 2
    .venv/bin/python benchmarks/bench_command.py --scale 16 --runs 1   # memory at 16x the corpus

Each round runs, one after the other, the naive matcher (``benchmarks/naive_matcher.py``:
regex over capitalised words, most populous GeoNames place, GeoJSON out) and ``python -m
frontline -q extract CORPUS -o x.geojson`` (once per ``--jobs`` value), each in a fresh
process. Per process: wall time, CPU (user + sys, the process and its workers) and peak RSS
(``os.wait4``). Printed: the median of each figure, and each command's wall and CPU as the
median of its per-round ratios to the naive matcher of the same round, so that a figure holds
on a busy machine where absolute times drift. ``--other-src`` adds another checkout's
``frontline extract`` to every round (a before/after table from one run). Then the phase
figures of one extract, measured inside a fresh process (imports, gazetteer load, pipeline,
GeoJSON features, writing, and the interpreter exit the command skips) as medians over
``--phase-runs`` processes, each also as a ratio to the naive matcher's median wall. ``--scale
K`` runs on the corpus copied K times under other names into a temporary folder (the events
differ only by document name), to show how memory grows with the input.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "isw_2022_toplines"
NAIVE = Path(__file__).resolve().parent / "naive_matcher.py"

# Runs in a fresh interpreter: the phases of `frontline extract CORPUS -o OUT` (as cli._stream
# runs them), each timed; then how long the normal interpreter exit takes, which the command
# itself skips (os._exit), measured from a child that exits normally.
_PHASES = r"""
import json, os, sys, time
t0 = time.perf_counter()
from frontline.axes import load_axes
from frontline.cli import _expand
from frontline.extractor import Extractor
from frontline.gazetteer import load_gazetteer
from frontline.geojson import FeatureLines
from frontline.runners import stream_paths
t1 = time.perf_counter()
files, _ = _expand([sys.argv[1]])
gaz = load_gazetteer()
t2 = time.perf_counter()
ex = Extractor(gaz, load_axes())
lines = FeatureLines()
features = 0.0
for r in stream_paths(files, ex, []):
    a = time.perf_counter()
    lines.add(r.index, r.events)
    features += time.perf_counter() - a
t3 = time.perf_counter()
lines.write(sys.argv[2])
t4 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "gazetteer load": t2 - t1,
                  "pipeline (ingest, extract, resolve, semantics)": t3 - t2 - features,
                  "GeoJSON features": features, "GeoJSON writing": t4 - t3}))
sys.stdout.flush()
os.write(2, repr(time.perf_counter()).encode())  # the parent times the exit from here
"""


def timed(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Wall, CPU and peak RSS of one process (with its children) run to its end."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 3):
            err.seek(0)
            sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.read()[-500:]!r}")
    return {
        "wall s": wall,
        "cpu s": usage.ru_utime + usage.ru_stime,
        "peak MB": usage.ru_maxrss / 1024,
    }


def phases(corpus: Path, out: Path, env: dict[str, str]) -> dict[str, float]:
    proc = subprocess.Popen(
        [sys.executable, "-c", _PHASES, str(corpus), str(out)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = proc.communicate()
    ended = time.perf_counter()
    if proc.returncode != 0:
        sys.exit(f"phase run failed: {stderr.decode()[-500:]}")
    figures: dict[str, float] = json.loads(stdout)
    # perf_counter is CLOCK_MONOTONIC on Linux: the child's clock reading is comparable here.
    figures["interpreter exit (skipped by the command)"] = ended - float(stderr.decode())
    return figures


def scaled_corpus(corpus: Path, k: int, into: Path) -> Path:
    """``corpus`` copied ``k`` times under other names into ``into``."""
    for i in range(k):
        for f in sorted(corpus.glob("*.txt")):
            shutil.copyfile(f, into / f"c{i:02d}_{f.name}")
    return into


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--runs", type=int, default=7, help="interleaved rounds")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1], help="--jobs values")
    parser.add_argument("--phase-runs", type=int, default=3)
    parser.add_argument("--scale", type=int, default=1, help="copy the corpus K times")
    parser.add_argument(
        "--other-src",
        type=Path,
        help="also run `frontline extract --jobs 1` from this src/ folder of another checkout "
        "(before/after in one run; give it its own --other-cache)",
    )
    parser.add_argument("--other-cache", type=Path, help="FRONTLINE_CACHE_DIR for --other-src")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    env.setdefault("FRONTLINE_GAZETTEER_DIR", str(SHARED / "gazetteer"))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = args.corpus
        if args.scale > 1:
            (tmp / "corpus").mkdir()
            corpus = scaled_corpus(args.corpus, args.scale, tmp / "corpus")
        mb = sum(f.stat().st_size for f in corpus.glob("*.txt")) / 1e6
        commands = {"naive matcher": [sys.executable, str(NAIVE), str(corpus), "-o",
                                      str(tmp / "naive.geojson")]}  # fmt: skip
        for jobs in args.jobs:
            commands[f"frontline extract --jobs {jobs}"] = [
                sys.executable, "-m", "frontline", "-q", "extract", str(corpus),
                "-o", str(tmp / f"x{jobs}.geojson"), "--jobs", str(jobs),
            ]  # fmt: skip
        envs = {name: env for name in commands}
        if args.other_src is not None:
            name = f"frontline extract --jobs 1 ({args.other_src})"
            commands[name] = [
                sys.executable, "-m", "frontline", "-q", "extract", str(corpus),
                "-o", str(tmp / "other.geojson"), "--jobs", "1",
            ]  # fmt: skip
            envs[name] = {**env, "PYTHONPATH": str(args.other_src.resolve())}
            if args.other_cache is not None:
                envs[name]["FRONTLINE_CACHE_DIR"] = str(args.other_cache)
        for name, cmd in commands.items():  # warm-up: page cache, gazetteer artifact
            timed(cmd, envs[name])
        rounds: list[dict[str, dict[str, float]]] = []
        for _ in range(args.runs):
            rounds.append({name: timed(cmd, envs[name]) for name, cmd in commands.items()})
        print(f"{corpus}: {len(list(corpus.glob('*.txt')))} reports, {mb:.2f} MB; "
              f"median of {args.runs} interleaved rounds, fresh processes")  # fmt: skip
        print("| command | wall s | CPU s | peak MB | MB/s (wall) | wall / naive | CPU / naive |")
        print("|---|---|---|---|---|---|---|")
        for name in commands:
            med = {k: statistics.median(r[name][k] for r in rounds) for k in rounds[0][name]}
            ratio = {
                k: statistics.median(r[name][k] / r["naive matcher"][k] for r in rounds)
                for k in ("wall s", "cpu s")
            }
            print(f"| {name} | {med['wall s']:.2f} | {med['cpu s']:.2f} | "
                  f"{med['peak MB']:.0f} | {mb / med['wall s']:.2f} | "
                  f"{ratio['wall s']:.2f} | {ratio['cpu s']:.2f} |")  # fmt: skip
        if args.other_src is not None and 1 in args.jobs:
            ours, theirs = "frontline extract --jobs 1", list(commands)[-1]
            pair = {
                k: statistics.median(r[ours][k] / r[theirs][k] for r in rounds)
                for k in ("wall s", "cpu s", "peak MB")
            }
            print(
                f"\nthis checkout / {args.other_src}, median of per-round ratios: wall "
                f"{pair['wall s']:.2f}, CPU {pair['cpu s']:.2f}, peak {pair['peak MB']:.2f}"
            )
        naive_wall = statistics.median(r["naive matcher"]["wall s"] for r in rounds)
        if args.phase_runs:
            runs = [phases(corpus, tmp / "phases.geojson", env) for _ in range(args.phase_runs)]
            print(f"\nphases of one extract (median of {args.phase_runs} fresh processes):")
            print("| phase | s | / naive matcher wall |")
            print("|---|---|---|")
            for key in runs[0]:
                sec = statistics.median(r[key] for r in runs)
                print(f"| {key} | {sec:.3f} | {sec / naive_wall:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
