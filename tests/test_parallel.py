"""Robust, safe and fast: --jobs N, the Dask path, and inputs too large to be a report.

Inputs: the three seed reports (seeds/) and the ISW 2022 toplines of 2022-03-01..09
from ../shared/corpus (read in place, never copied).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from gazetteer_support import needs_shared

from frontline.axes import load_axes
from frontline.cli import main
from frontline.errors import ConfigurationError, InputError
from frontline.extractor import Extractor
from frontline.gazetteer import load_gazetteer
from frontline.ingest import DEFAULT_MAX_BYTES, read_document
from frontline.pipeline import run
from frontline.runners import (
    AUTO_JOBS_MIN_BYTES,
    auto_jobs,
    resolve_jobs,
    start_method,
    stream_paths,
)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [str(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
CORPUS = sorted((ROOT.parent / "shared" / "corpus" / "isw_2022_toplines").glob("2022-03-0*.txt"))
INPUTS = SEEDS + [str(p) for p in CORPUS]


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def serial(gaz):
    return run(INPUTS, gaz)


def invoke(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["-q", *args], input=input, catch_exceptions=True)


# ---------------------------------------------------------------- --jobs


@needs_shared("corpus/isw_2022_toplines")
def test_corpus_files_are_there():
    assert len(CORPUS) >= 5, "expected ../shared/corpus/isw_2022_toplines/2022-03-0*.txt"


def test_jobs_2_writes_the_same_geojson_bytes_as_jobs_1(tmp_path: Path):
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}.geojson"
        result = invoke("extract", *INPUTS, "-o", str(out), "--jobs", jobs)
        assert result.exit_code == 0, result.output
        outs[jobs] = out.read_bytes()
    assert outs["1"] == outs["2"]
    assert len(json.loads(outs["2"])["features"]) > 50


def test_jobs_keep_input_order_errors_and_warnings(gaz, serial, tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    parallel = run([*INPUTS[:4], str(empty), *INPUTS[4:]], gaz, jobs=2, progress=True)
    assert [e.id for e in parallel.events] == [e.id for e in serial.events]
    assert parallel.events == serial.events
    assert [r.doc for r in parallel.reports] == [r.doc for r in serial.reports]
    assert parallel.warnings == serial.warnings  # incl. the batch-year inference of seed 000
    assert any("inferred from the other inputs" in w for w in parallel.warnings)
    assert len(parallel.errors) == 1 and "empty.txt" in parallel.errors[0]


def test_workers_fork_unless_another_thread_runs():
    import multiprocessing
    import threading

    if "fork" not in multiprocessing.get_all_start_methods():
        assert start_method() == "spawn"
        return
    assert start_method() == ("fork" if threading.active_count() == 1 else "spawn")
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert start_method() == "spawn"
    finally:
        release.set()
        other.join()


def test_spawned_workers_find_the_same_events(gaz, serial, monkeypatch: pytest.MonkeyPatch):
    """Where fork is not safe (another thread, Windows) workers are spawned and load the
    artifact themselves: the same events."""
    import frontline.runners

    monkeypatch.setattr(frontline.runners, "start_method", lambda: "spawn")
    assert run(INPUTS, gaz, jobs=2).events == serial.events


@pytest.mark.parametrize(
    ("size", "cpus", "load", "expected"),
    [
        (1_800_000, 2, 0.0, 1),  # the 2022 toplines: too small to gain
        (AUTO_JOBS_MIN_BYTES, 2, 0.1, 2),
        (AUTO_JOBS_MIN_BYTES, 8, 5.2, 3),
        (AUTO_JOBS_MIN_BYTES, 2, 4.9, 1),  # every CPU busy: this process alone
    ],
)
def test_auto_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, cpus: int, load: float,
    expected: int,
):  # fmt: skip
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(size)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(cpus)), raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: cpus)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    assert auto_jobs([str(big), str(tmp_path / "missing.txt"), "-"]) == expected


# ---------------------------------------------------------------- streaming


def test_reports_stream_one_at_a_time(gaz, serial, tmp_path: Path):
    """The first report's events come before the last input is read: a file that does not
    exist yet when the first result arrives is read (not refused as missing) afterwards."""
    late = tmp_path / "late.txt"
    errors: list[str] = []
    stream = stream_paths([INPUTS[1], str(late)], Extractor(gaz, load_axes()), errors)
    first = next(stream)
    assert (first.index, first.report.doc, errors) == (0, INPUTS[1], [])
    late.write_text(Path(INPUTS[1]).read_text(encoding="utf-8"), encoding="utf-8")
    (second,) = list(stream)
    assert (second.index, second.report.doc, errors) == (1, str(late), [])
    assert [e.char_start for e in second.events] == [
        e.char_start for e in serial.events if e.doc == INPUTS[1]
    ]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_report_without_a_year_waits_for_the_batch_year(gaz, serial, jobs: int):
    """Seed 000's header has no year (and seed 002 states no date): they are extracted after
    the dated inputs, seed 000 dated by their year; sorted by index, the results are run()'s.
    (With workers, results come as batches finish: only the serial order is fixed.)"""
    errors: list[str] = []
    results = list(stream_paths(INPUTS, Extractor(gaz, load_axes()), errors, jobs=jobs))
    assert INPUTS[0].endswith("000_ae24c8dc4293616e.txt")
    assert INPUTS[2].endswith("002_af756bb7ed55ff37.txt")
    if jobs == 1:
        assert [r.index for r in results] == [1, *range(3, len(INPUTS)), 0, 2]
    assert sorted(r.index for r in results) == list(range(len(INPUTS)))
    assert next(r for r in results if r.index == 0).report.year == 2022
    by_index = sorted(results, key=lambda r: r.index)
    assert [e for r in by_index for e in r.events] == list(serial.events)
    assert errors == []


@pytest.mark.parametrize(("jobs", "expected"), [(1, 1), (3, 3)])
def test_resolve_jobs(jobs: int, expected: int):
    assert resolve_jobs(jobs) == expected


def test_jobs_0_means_one_per_cpu(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("os.cpu_count", lambda: 6)
    assert resolve_jobs(0) == 6


@pytest.mark.parametrize("jobs", [-1, 1.5, "2", True])
def test_bad_jobs_are_rejected(jobs: object):
    with pytest.raises(ConfigurationError, match="jobs="):
        resolve_jobs(jobs)  # type: ignore[arg-type]


def test_cli_rejects_negative_jobs():
    result = invoke("extract", SEEDS[0], "--jobs", "-1")
    assert result.exit_code == 2 and "--jobs" in result.output


# ---------------------------------------------------------------- too large


@pytest.fixture
def huge(tmp_path: Path) -> Path:
    """A 100 MB file that takes no disk space: sparse, so the test writes nothing."""
    path = tmp_path / "dump.txt"
    with path.open("wb") as fh:
        fh.truncate(100_000_000)
    return path


def test_a_100_mb_file_is_refused_before_it_is_read(huge: Path, monkeypatch: pytest.MonkeyPatch):
    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    with pytest.raises(InputError, match=r"dump\.txt: is 100\.0 MB, above the 20\.0 MB limit"):
        read_document(huge)


def test_cli_names_the_big_file_and_the_fix_and_processes_the_rest(huge: Path):
    result = invoke("extract", SEEDS[1], str(huge))
    assert result.exit_code == 3  # partial: the good input was processed
    assert json.loads(result.stdout)["features"]
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith("frontline: error: ") and str(huge) in lines[0]
    assert "split it into one file per report" in lines[0] and "--max-bytes 100MB" in lines[0]


@pytest.mark.parametrize(
    ("max_bytes", "exit_code"),
    [("1000", 2), ("1kB", 2), ("0.001MB", 2), ("2001", 0), ("0", 0)],
)
def test_max_bytes_option(tmp_path: Path, max_bytes: str, exit_code: int):
    report = tmp_path / "2022-11-11.txt"
    report.write_text("Russian forces shelled Nikopol.\n" + "x" * (2000 - 32), encoding="utf-8")
    assert report.stat().st_size == 2000
    result = invoke("extract", str(report), "--max-bytes", max_bytes)
    assert result.exit_code == exit_code, result.output
    if exit_code:
        assert "2000 bytes, above the 1000 bytes limit" in result.stderr


def test_max_bytes_rejects_a_non_size():
    result = invoke("extract", SEEDS[0], "--max-bytes", "lots")
    assert result.exit_code == 2 and "write e.g. 20MB" in result.output


def test_stdin_is_read_at_most_to_the_limit():
    # A small limit instead of piping 100 MB: stdin has no size, so it is read to limit + 1.
    text = "WAR IN UKRAINE: November 11, 2022\nRussian forces shelled Nikopol and Marhanets."
    result = invoke("extract", "-", "--max-bytes", "50", input=text)
    assert result.exit_code == 2
    assert "<stdin>: has more than 50 bytes, above the 50 bytes limit" in result.stderr


@needs_shared("corpus/isw_2022_toplines")
def test_default_limit_is_far_above_a_report():
    assert 100 * max(p.stat().st_size for p in CORPUS) <= DEFAULT_MAX_BYTES


# ---------------------------------------------------------------- dask


def test_dask_local_cluster_finds_the_same_events(serial):
    distributed = pytest.importorskip("dask.distributed")
    from frontline.distributed import extract_dask

    t0 = time.perf_counter()
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        events = extract_dask(INPUTS, client, npartitions=3)
    assert [e.id for e in events] == [e.id for e in serial.events]
    assert events == list(serial.events)
    assert time.perf_counter() - t0 < 30


def test_dask_bag_rejects_bad_choices():
    pytest.importorskip("dask.bag")
    from frontline.distributed import extract_bag

    with pytest.raises(ConfigurationError, match="on_error='ignore'"):
        extract_bag(SEEDS, on_error="ignore")
    with pytest.raises(InputError, match="no input paths"):
        extract_bag([])


def test_missing_dask_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch):
    import sys

    monkeypatch.setitem(sys.modules, "dask.bag", None)
    from frontline.distributed import extract_bag

    with pytest.raises(ConfigurationError, match=r"pip install 'frontline\[dask\]'"):
        extract_bag(SEEDS)


# ---------------------------------------------------------------- README "Large corpora"


def _large_corpora_block(lang: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Large corpora", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(rf"```{lang}\n(.+?)\n```", section, re.DOTALL)
    assert len(blocks) == 1, f"expected one {lang} block under '## Large corpora'"
    return blocks[0]


@needs_shared("corpus/isw_2022_toplines")
def test_readme_large_corpora_command_runs(tmp_path: Path):
    cmd = _large_corpora_block("sh").replace("events.geojson", str(tmp_path / "e.geojson"))
    bin_dir = Path(sys.executable).parent
    proc = subprocess.run(
        ["bash", "-c", cmd.replace("frontline ", "frontline -q ", 1)],
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert len(json.loads((tmp_path / "e.geojson").read_text())["features"]) > 1000


def test_readme_dask_snippet_runs(tmp_path: Path):
    pytest.importorskip("dask.distributed")
    script = tmp_path / "snippet.py"
    script.write_text(_large_corpora_block("python"), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    n_events, n_bag = map(int, proc.stdout.split()[-2:])
    assert n_events > 10 and n_bag > 0
