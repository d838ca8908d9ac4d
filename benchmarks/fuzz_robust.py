"""Run issue 19's fuzz of ingest and the mention stage for as long as asked (default 10 min).

A script, not a test. From the repository root::

    .venv/bin/python benchmarks/fuzz_robust.py               # 10 minutes
    .venv/bin/python benchmarks/fuzz_robust.py --minutes 1

Calls ``tests/test_robust.py::test_fuzz_ingest_and_mentions_neither_crash_nor_hang`` (the
suite runs it for a few dozen examples) in rounds of ``--examples`` fresh random examples,
each with the test's deadline of 1 s, until the time is up. Exits 1 with hypothesis's report
(the shrunk failing input) on the first crash or example over its deadline.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--examples", type=int, default=500, help="examples per round")
    args = ap.parse_args()
    os.environ["FRONTLINE_FUZZ_EXAMPLES"] = str(args.examples)
    sys.path.insert(0, str(REPO / "tests"))
    import test_robust  # after the environment variable it reads

    test_robust.load_gazetteer()
    stop = time.monotonic() + 60 * args.minutes
    rounds = 0
    while time.monotonic() < stop:
        try:
            test_robust.test_fuzz_ingest_and_mentions_neither_crash_nor_hang()
        except Exception as exc:  # whatever hypothesis raised: report it
            print(f"round {rounds + 1}: {type(exc).__name__}: {exc}")
            raise SystemExit(1) from exc
        rounds += 1
        print(f"{rounds * args.examples} examples, no crash, none over its deadline", flush=True)
    print(f"done: {rounds} rounds of {args.examples} examples in {args.minutes:g} min")


if __name__ == "__main__":
    main()
