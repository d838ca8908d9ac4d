"""Extraction quality on the development gold: per-file table and confidence reliability.

A script, not a test. From the repository root::

    .venv/bin/python benchmarks/bench_quality.py                   # ../shared next to the repo
    .venv/bin/python benchmarks/bench_quality.py --shared /path/to/shared --jobs 4

Extracts every development text once (the inputs of::

    frontline eval ../shared/eval/dev/ ../shared/eval/seeds_gold.jsonl \\
        ../shared/corpus/dev/*/*.txt ../shared/corpus/isw_2022_toplines/ \\
        ../shared/corpus/isw_full/ ../shared/corpus/other/ ../shared/seeds/*.txt

in one run, so the batch year inference sees the same inputs), then prints

* the per-gold-file table of :func:`frontline.evaluate.format_table` for the eight
  development gold files, TOTAL being the eight scored as one set (the figures of
  ``reference_score.py``), and the same for the seeds gold and for the project's own genre
  gold (``tests/fixtures/genres``);
* a reliability table: the named predictions (precision settlement or feature) of the
  development gold docs bucketed by confidence, against the share lying within 3 km (or the
  gold tolerance) of a gold event of the same doc, those named like a neutral place of the doc
  left out, as the scorer's precision counts them;
* the headline "events with confidence >= 0.8 within 3 km of gold: X%".

The corpus is read in place and never copied into the repository.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from frontline.evaluate import (
    GoldFile,
    distance_km,
    format_table,
    gold_files,
    normalize_name,
    same_doc,
    score_files,
)
from frontline.gazetteer import load_gazetteer
from frontline.pipeline import run
from frontline.records import Event, LonLat

REPO = Path(__file__).resolve().parents[1]
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
BINS = ((0.0, 0.5), (0.5, 0.8), (0.8, 0.9), (0.9, 1.0))  # the last one includes 1.0
NEAR_KM = 3.0
HEADLINE_CONFIDENCE = 0.8


def inputs(shared: Path) -> list[Path]:
    """The development texts, as the shell would expand the command in the module notes."""
    corpus = shared / "corpus"
    files = sorted(corpus.glob("dev/*/*.txt"))
    for folder in ("isw_2022_toplines", "isw_full", "other"):
        files += sorted(
            f for f in (corpus / folder).iterdir() if f.is_file() and f.suffix.lower() in SUFFIXES
        )
    return files + sorted((shared / "seeds").glob("*.txt"))


def _bin_of(confidence: float) -> int:
    for k, (lo, hi) in enumerate(BINS):
        if lo <= confidence < hi:
            return k
    return len(BINS) - 1


def reliability(files: Sequence[GoldFile], events: Sequence[Event]) -> list[tuple[int, int]]:
    """(predictions, within 3 km of a gold event of their doc) per confidence bin.

    Counted as the scorer counts precision: a prediction is right when it lies within the
    tolerance (at least 3 km) of a gold event of its doc, and one named like a ``neutral``
    place of its doc (a sector label, an ambiguous name) is left out.
    """
    gold = [
        (g.doc, LonLat(g.lon, g.lat), max(NEAR_KM, g.tolerance_km or NEAR_KM))
        for f in files
        for g in f.items
        if g.kind == "event" and g.lon is not None and g.lat is not None
    ]
    neutral = {
        (g.doc, normalize_name(g.place)) for f in files for g in f.items if g.kind == "neutral"
    }
    docs = {doc for doc, _, _ in gold}
    counts = [[0, 0] for _ in BINS]
    for e in events:
        if e.precision not in ("settlement", "feature"):
            continue
        mine = [d for d in docs if same_doc(e.doc, d)]
        if not mine:
            continue
        names = {normalize_name(n) for n in (e.place, e.place_name) if n}
        if any((d, n) in neutral for d in mine for n in names):
            continue
        near = any(
            doc in mine and distance_km(e.position, at) <= tol for doc, at, tol in gold
        )
        row = counts[_bin_of(e.confidence)]
        row[0] += 1
        row[1] += near
    return [(n, ok) for n, ok in counts]


def format_reliability(rows: Sequence[tuple[int, int]]) -> str:
    lines = [f"{'confidence':<12}  {'events':>6}  {'within 3 km':>11}  {'share':>6}"]
    for (lo, hi), (n, ok) in zip(BINS, rows, strict=True):
        label = f"[{lo:.1f}, {hi:.1f}{']' if hi >= 1.0 else ')'}"
        share = f"{ok / n:.1%}" if n else "n/a"
        lines.append(f"{label:<12}  {n:>6}  {ok:>11}  {share:>6}")
    hi_n = sum(n for (lo, _), (n, _) in zip(BINS, rows, strict=True) if lo >= HEADLINE_CONFIDENCE)
    hi_ok = sum(
        ok for (lo, _), (_, ok) in zip(BINS, rows, strict=True) if lo >= HEADLINE_CONFIDENCE
    )
    share = f"{hi_ok / hi_n:.1%}" if hi_n else "n/a"
    lines.append(
        f"events with confidence >= {HEADLINE_CONFIDENCE} within {NEAR_KM:g} km of gold: "
        f"{share} ({hi_ok}/{hi_n})"
    )
    return "\n".join(lines)


# Short reports of each genre written for the tests, with their gold (tests/test_genre_gold.py).
OWN_GOLD = REPO / "tests" / "fixtures" / "genres"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: one per CPU)")
    args = parser.parse_args(argv)
    shared: Path = args.shared
    if not (shared / "eval" / "dev").is_dir():
        print(f"bench_quality: {shared}/eval/dev not found; pass --shared PATH", file=sys.stderr)
        return 2
    dev = gold_files([shared / "eval" / "dev"])
    seeds = gold_files([shared / "eval" / "seeds_gold.jsonl"])
    own = gold_files([OWN_GOLD / "gold.jsonl"])
    paths = [*inputs(shared), *sorted(OWN_GOLD.glob("*.txt"))]
    t0 = time.perf_counter()
    coll = run(paths, load_gazetteer(), jobs=args.jobs)
    took = time.perf_counter() - t0
    for err in coll.errors:
        print(f"bench_quality: {err}", file=sys.stderr)
    print(
        f"# bench_quality {date.today().isoformat()}: {len(paths)} texts, "
        f"{len(coll.events)} events, extracted in {took:.1f} s (jobs={args.jobs})"
    )
    print("\n## development gold (TOTAL: the eight files scored as one set)\n")
    print(format_table(score_files(dev, coll.events)))
    print("\n## seeds gold\n")
    print(format_table(score_files(seeds, coll.events)))
    print("\n## the project's own genre gold (tests/fixtures/genres)\n")
    print(format_table(score_files(own, coll.events)))
    print("\n## reliability: development gold docs, named predictions by confidence\n")
    print(format_reliability(reliability(dev, coll.events)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
