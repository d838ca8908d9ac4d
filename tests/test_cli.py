"""The command line end to end: click's CliRunner in-process, one real subprocess."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from gazetteer_support import needs_full_gazetteer, needs_shared

from frontline.cli import EXIT_PARTIAL, EXIT_USER_ERROR, main
from frontline.gazetteer import load_gazetteer

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [str(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
GOLD = ROOT.parent / "shared" / "eval" / "seeds_gold.jsonl"


@pytest.fixture(scope="module", autouse=True)
def _warm_gazetteer():
    load_gazetteer()  # one load, shared through the in-process cache


def invoke(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["-q", *args], input=input, catch_exceptions=True)


def assert_one_line_error(result: Result, *names: str) -> None:
    """Non-zero exit, 'frontline: error:' lines naming each file, and no traceback."""
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert lines, "no error message"
    assert all(ln.startswith("frontline: error: ") for ln in lines), lines
    assert "Traceback" not in result.output
    for name in names:
        assert any(name in ln for ln in lines), (name, lines)


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "photo.txt",
        "missing": tmp_path / "missing.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    return files


# ---------------------------------------------------------------- extract


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".csv"])
def test_extract_writes_each_format(tmp_path: Path, suffix: str):
    out = tmp_path / f"events{suffix}"
    result = invoke("extract", *SEEDS, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.is_file() and out.stat().st_size > 0
    if suffix == ".geojson":
        data = json.loads(out.read_text())
        assert data["type"] == "FeatureCollection" and len(data["features"]) > 20
        assert "crs" not in data
    if suffix == ".csv":
        assert out.with_suffix(".csvt").is_file()
    assert not list(tmp_path.glob(".frontline-*"))  # no temp leftovers


def test_extract_reads_stdin_and_writes_stdout():
    text = "WAR IN UKRAINE: November 11, 2022\nRussian forces shelled Nikopol and Marhanets."
    result = invoke("extract", "-", input=text)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    props = [f["properties"] for f in data["features"]]
    assert sorted(p["place"] for p in props) == ["Marhanets", "Nikopol"]
    assert {p["doc"] for p in props} == {"<stdin>"}
    assert {p["date"] for p in props} == {"2022-11-11"}


def test_extract_date_and_year_options():
    text = "November 12, 7:30 PM ET\nRussian forces shelled Nikopol."
    by_year = json.loads(invoke("extract", "-", "--year", "2022", input=text).stdout)
    assert by_year["features"][0]["properties"]["date"] == "2022-11-12"
    by_date = json.loads(
        invoke("extract", "-", "--date", "2022-11-13", input="Nikopol was shelled.").stdout
    )
    assert by_date["features"][0]["properties"]["report_date"] == "2022-11-13"


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("value", ["yesterday", "2022-13-45", "12/11/2022", "2022-02-30"])
def test_bad_date_option_is_a_usage_error(value: str):
    result = invoke("extract", "-", "--date", value, input="Nikopol was shelled.")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"'{value}' is not a date; write it as YYYY-MM-DD" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("kind", ["empty", "binary", "missing"])
@pytest.mark.parametrize("suffix", [".geojson", ".csv", ".gpkg"])
def test_bad_input_is_one_line_and_writes_nothing(
    tmp_path: Path, bad_files: dict[str, Path], kind: str, suffix: str
):
    out = tmp_path / f"out{suffix}"
    result = invoke("extract", str(bad_files[kind]), "-o", str(out))
    assert_one_line_error(result, str(bad_files[kind]))
    assert result.exit_code == 2
    assert not out.exists()
    assert not out.with_suffix(".csvt").exists()


def test_bad_stdin_writes_nothing_to_stdout():
    result = invoke("extract", "-", input=b"")
    assert_one_line_error(result, "<stdin>")
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("message", "fix"),
    [
        ("is empty", "pass a file containing report text"),
        ("looks binary", "pass a plain-text, Markdown or HTML report"),
        ("no such file", "check the path"),
    ],
)
def test_error_messages_teach_the_fix(bad_files, message: str, fix: str):
    result = invoke("extract", *map(str, bad_files.values()))
    assert any(message in ln and fix in ln for ln in result.stderr.splitlines())


def test_map_of_only_bad_input_creates_no_folder(tmp_path: Path, bad_files):
    out = tmp_path / "maps"
    result = invoke("map", str(bad_files["empty"]), "-o", str(out))
    assert_one_line_error(result, str(bad_files["empty"]))
    assert not out.exists()


def test_mix_of_good_and_bad_inputs_exits_3(tmp_path: Path, bad_files):
    out = tmp_path / "events.geojson"
    result = invoke("extract", SEEDS[1], *map(str, bad_files.values()), "-o", str(out))
    assert result.exit_code == 3
    assert_one_line_error(result, *map(str, bad_files.values()))
    docs = {f["properties"]["doc"] for f in json.loads(out.read_text())["features"]}
    assert docs == {SEEDS[1]}


def test_directory_input_is_expanded(tmp_path: Path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "2022-11-11.txt").write_text("Russian forces shelled Nikopol.")
    (folder / "ignore.bin").write_bytes(b"\x00")
    result = invoke("extract", str(folder))
    assert result.exit_code == 0, result.stderr
    (feature,) = json.loads(result.stdout)["features"]
    assert feature["properties"]["date"] == "2022-11-11"


@pytest.mark.parametrize(
    ("output", "match"),
    [
        ("events.txt", "use one of: .geojson, .json, .gpkg, .csv"),
        ("no/such/dir/events.geojson", "does not exist; create it first"),
    ],
)
def test_bad_output_paths(tmp_path: Path, output: str, match: str):
    result = invoke("extract", SEEDS[1], "-o", str(tmp_path / output))
    assert_one_line_error(result)
    assert match in result.stderr
    assert not (tmp_path / output).exists()


def test_output_path_that_is_a_directory_fails_cleanly(tmp_path: Path):
    target = tmp_path / "events.geojson"
    target.mkdir()
    result = invoke("extract", SEEDS[1], "-o", str(target))
    assert_one_line_error(result, str(target))
    assert target.is_dir() and not any(target.iterdir())
    assert not list(tmp_path.glob(".frontline-*"))


@pytest.mark.parametrize(
    "failure",
    [OSError(errno.ENOSPC, "No space left on device"), RuntimeError("writer bug")],
)
def test_writer_failure_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: Exception
):
    import frontline.export as export

    def half_write(events, path: Path) -> None:
        path.write_text('{"type": "FeatureCollection", "features": [')
        raise failure

    monkeypatch.setitem(export._WRITERS, ".csv", half_write)
    out = tmp_path / "events.csv"
    out_before = tmp_path / "kept.geojson"
    out_before.write_text("previous")
    result = invoke("extract", SEEDS[1], "-o", str(out))
    assert result.exit_code != 0
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.geojson"]
    if isinstance(failure, OSError):
        assert_one_line_error(result)
        assert "No space left on device" in result.stderr


def test_geojson_write_failure_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """extract writes GeoJSON itself (without .export), piece by piece: a write that fails
    after the first piece leaves nothing."""
    from frontline.geojson import FeatureLines

    whole = FeatureLines.chunks

    def half_write(self: FeatureLines) -> Iterator[str]:
        yield next(whole(self))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FeatureLines, "chunks", half_write)
    result = invoke("extract", SEEDS[1], "-o", str(tmp_path / "events.geojson"))
    assert_one_line_error(result)
    assert "No space left on device" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def no_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the pipeline runs: errors that need no extraction come first."""
    import frontline.pipeline
    import frontline.runners

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the pipeline ran before the output path was checked")

    monkeypatch.setattr(frontline.pipeline, "run", refuse)
    monkeypatch.setattr(frontline.runners, "stream_paths", refuse)  # extract streams


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["-o", "{tmp}/no/such/dir/events.geojson"], "does not exist; create it first"),
        (["-o", "{tmp}/events.txt"], "pass --format geojson|gpkg|csv"),
        (["-o", "{tmp}"], "is a directory"),
        (["-o", "-", "--format", "gpkg"], "cannot be written to stdout"),
        (["-o", "{tmp}/ro/events.gpkg"], "cannot be written (no permission"),
    ],
)
def test_bad_output_is_reported_before_extraction(
    tmp_path: Path,
    no_extraction: None,
    args: list[str],
    match: str,
    monkeypatch: pytest.MonkeyPatch,
):
    readonly = tmp_path / "ro"
    readonly.mkdir()
    readonly.chmod(0o500)
    if os.access(readonly, os.W_OK):
        # Root ignores permission bits (CI runs as root): the folder is made unwritable for
        # the check frontline makes, the os.access it asks.
        real_access = os.access

        def access(path: object, mode: int, *a: object, **k: object) -> bool:
            if Path(str(path)) == readonly and mode & os.W_OK:
                return False
            return real_access(path, mode, *a, **k)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "access", access)
    try:
        result = invoke("extract", SEEDS[1], *(a.format(tmp=tmp_path) for a in args))
    finally:
        readonly.chmod(0o700)
    assert_one_line_error(result)
    assert match in result.stderr


def test_extract_schema_acled(tmp_path: Path):
    out = tmp_path / "acled.csv"
    result = invoke("extract", SEEDS[1], "-o", str(out), "--schema", "acled")
    assert result.exit_code == 0, result.stderr
    assert out.read_text().startswith("event_id_cnty,event_date,year,time_precision,")


def test_extract_schema_acled_needs_a_csv_file(no_extraction: None):
    result = invoke("extract", SEEDS[1], "--schema", "acled")
    assert_one_line_error(result)
    assert "--schema acled writes a CSV file" in result.stderr


@pytest.mark.parametrize("fmt", [[], ["--format", "geojson"], ["--format", "csv"]])
def test_append_to_stdout_writes_the_plain_output(fmt: list[str]):
    """There is nothing to append to on stdout: --append writes what it writes without."""
    plain = invoke("extract", SEEDS[1], *fmt)
    appended = invoke("extract", SEEDS[1], *fmt, "--append")
    assert plain.exit_code == appended.exit_code == 0
    assert appended.stdout == plain.stdout and plain.stdout.startswith(
        "lon," if "csv" in fmt else '{"features": ['
    )


def test_extract_format_csv_to_stdout():
    result = invoke("extract", SEEDS[1], "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("lon,lat,id,doc,")


def test_extract_format_with_an_odd_suffix(tmp_path: Path):
    out = tmp_path / "events.out"
    result = invoke("extract", SEEDS[1], "-o", str(out), "--format", "geojson")
    assert result.exit_code == 0, result.stderr
    assert json.loads(out.read_text())["type"] == "FeatureCollection"


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson"])
def test_extract_append_merges_runs(tmp_path: Path, suffix: str):
    from frontline.export import read_events

    out = tmp_path / f"events{suffix}"
    assert invoke("extract", SEEDS[0], "--year", "2022", "-o", str(out)).exit_code == 0
    first = set(read_events(out)["id"])
    result = invoke("extract", SEEDS[1], "-o", str(out), "--append")
    assert result.exit_code == 0, result.stderr
    merged = set(read_events(out)["id"])
    assert first < merged
    # the same report under another spelling of its path adds nothing: ids are stable
    relative = os.path.relpath(SEEDS[1])
    assert invoke("extract", relative, "-o", str(out), "--append").exit_code == 0
    assert set(read_events(out)["id"]) == merged


# ---------------------------------------------------------------- map


def test_map_writes_one_page_per_date_and_an_index(tmp_path: Path):
    out = tmp_path / "maps"
    result = invoke("map", *SEEDS, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        [  # lib: Leaflet, its plugins and frontline's map tools, loaded by the pages
            "2022-11-11.html", "2022-11-12.html", "undated.html", "index.html", "timeline.html",
            "lib",
        ]
    )
    index = (out / "index.html").read_text()
    for name in ("2022-11-11.html", "2022-11-12.html", "undated.html", "timeline.html"):
        assert name in index
    assert "Kuzemivka" in (out / "2022-11-12.html").read_text()


def _timeline_ids(folder: Path) -> list[str]:
    import re

    return re.findall(r'"fl_id": ?"([0-9a-f]{16})"', (folder / "timeline.html").read_text())


@pytest.mark.parametrize("suffix", [".geojson", ".csv", ".gpkg", ".jsonl"])
def test_map_of_an_export_maps_exactly_its_events(tmp_path: Path, suffix: str):
    from frontline.export import gdf_to_events, read_events, write_events

    full = tmp_path / f"all{suffix}"
    assert invoke("extract", *SEEDS, "--year", "2022", "-o", str(full)).exit_code == 0
    gdf = read_events(full)
    kept = gdf[gdf["date"].notna()].iloc[::3]  # a filtered export, as from pandas or QGIS
    assert 1 < len(kept) < len(gdf)
    filtered = write_events(gdf_to_events(kept), tmp_path / f"filtered{suffix}")
    out = tmp_path / "maps"
    result = invoke("map", str(filtered), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert sorted(_timeline_ids(out)) == sorted(kept["id"])
    pages = {p.name for p in out.iterdir()} - {"index.html", "timeline.html", "lib"}
    assert pages == {f"{d:%Y-%m-%d}.html" for d in kept["date"]}


def test_map_detects_an_export_by_content_not_suffix(tmp_path: Path):
    export = tmp_path / "events.txt"  # an export under a report's suffix
    assert invoke("extract", SEEDS[1], "-o", str(export), "--format", "geojson").exit_code == 0
    ids = [f["properties"]["id"] for f in json.loads(export.read_text())["features"]]
    out = tmp_path / "maps"
    result = invoke("map", str(export), "-o", str(out), "--date", "2022-11-12")
    assert result.exit_code == 0, result.stderr
    dated = [f["properties"]["id"] for f in json.loads(export.read_text())["features"]
             if f["properties"]["date"]]  # fmt: skip
    assert sorted(_timeline_ids(out)) == sorted(dated) and ids


def test_api_map_of_an_export(tmp_path: Path):
    import frontline

    export = tmp_path / "events.geojson"
    assert invoke("extract", SEEDS[0], "--year", "2022", "-o", str(export)).exit_code == 0
    written = frontline.map(str(export), tmp_path / "maps")
    assert (tmp_path / "maps" / "index.html") in written
    n = len(json.loads(export.read_text())["features"])
    assert len(_timeline_ids(tmp_path / "maps")) == n


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "{seed}", "-q", "--cache-dir", "{cache}"],
        ["extract", "{seed}", "-v", "--gazetteer-dir", "{gaz}"],
        ["gazetteer", "info", "-q"],
    ],
)
def test_global_options_after_the_subcommand(tmp_path: Path, args: list[str]):
    from frontline.gazetteer import load_gazetteer  # noqa: F401  (warm cache)

    cache = os.environ.get("FRONTLINE_CACHE_DIR", str(tmp_path))
    shared = ROOT.parent / "shared" / "gazetteer"
    gaz = str(shared if shared.is_dir() else tmp_path)  # an empty folder: the embedded one
    filled = [a.format(seed=SEEDS[1], cache=cache, gaz=gaz) for a in args]
    result = CliRunner().invoke(main, filled, catch_exceptions=True)
    assert result.exit_code == 0, result.output
    if "-q" in args and args[0] == "extract":
        assert "events ->" not in result.stderr


def test_quiet_after_the_subcommand_silences_the_summary(tmp_path: Path):
    out = tmp_path / "e.geojson"
    loud = CliRunner().invoke(main, ["extract", SEEDS[1], "-o", str(out)])
    quiet = CliRunner().invoke(main, ["extract", SEEDS[1], "-o", str(out), "-q"])
    assert "events ->" in loud.stderr and "events ->" not in quiet.stderr
    verbose = CliRunner().invoke(main, ["extract", SEEDS[1], "-o", str(out), "-v"])
    assert "frontline: INFO: wrote" in verbose.stderr


def test_no_progress_frames_when_stderr_is_not_a_terminal(tmp_path: Path):
    """A log file gets no tqdm carriage-return frames (a real subprocess: stderr is a file)."""
    log = tmp_path / "log.txt"
    with log.open("wb") as fh:
        subprocess.run(
            [sys.executable, "-m", "frontline", "extract", *SEEDS, "--year", "2022",
             "-o", str(tmp_path / "e.geojson")],
            stderr=fh, check=False, timeout=300,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )  # fmt: skip
    text = log.read_bytes()
    assert b"events ->" in text and b"\r" not in text


def test_directories_expand_recursively(tmp_path: Path):
    nested = tmp_path / "reports" / "2022" / "11"
    nested.mkdir(parents=True)
    (nested / "2022-11-11.txt").write_text("Russian forces shelled Nikopol.")
    (tmp_path / "reports" / ".hidden").mkdir()
    (tmp_path / "reports" / ".hidden" / "2022-11-12.txt").write_text("Russians shelled Kherson.")
    result = invoke("extract", str(tmp_path / "reports"))
    assert result.exit_code == 0, result.stderr
    (feature,) = json.loads(result.stdout)["features"]
    assert feature["properties"]["date"] == "2022-11-11"


def test_a_directory_without_reports_is_one_clear_line(tmp_path: Path):
    empty = tmp_path / "downloads"
    empty.mkdir()
    (empty / "photo.png").write_bytes(b"\x89PNG")
    result = invoke("extract", str(empty))
    assert_one_line_error(result, str(empty))
    assert "no report files" in result.stderr and len(result.stderr.splitlines()) == 1
    both = invoke("extract", str(empty), SEEDS[1])  # the good input is still processed
    assert both.exit_code == 3 and json.loads(both.stdout)["features"]


def test_map_output_that_is_a_file_is_refused_before_extraction(tmp_path: Path, no_extraction):
    target = tmp_path / "maps"
    target.write_text("not a folder")
    result = invoke("map", SEEDS[1], "-o", str(target))
    assert_one_line_error(result)
    assert "is a file; pass a folder" in result.stderr


# ---------------------------------------------------------------- eval


@needs_shared("eval/seeds_gold.jsonl")
@needs_full_gazetteer
def test_eval_scores_the_seeds():
    result = invoke("eval", str(GOLD), *SEEDS)
    assert result.exit_code == 0, result.stderr
    last = result.stdout.strip().splitlines()[-3:]
    assert last[0].startswith("recall") and "precision" in last[0]
    assert "acc@1km" in last[1] and "acc@5km" in last[1] and "median_error_km" in last[1]
    for attr in ("actor", "event_type", "claimant", "date"):
        assert attr in last[2]
    words = last[0].split()
    recall, precision = float(words[1]), float(words[words.index("precision") + 1])
    assert recall >= 0.95
    assert precision >= 0.90


SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "eval" / "reference_score.py"
DEV_GOLD = [SHARED / "eval" / "dev" / f"{name}.jsonl" for name in ("regional_admin", "news_digest")]
DEV_TEXTS = [SHARED / "corpus" / "dev" / name for name in ("regional_admin", "news_digest")]


def _reference(pred: Path, *gold: Path) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, str(REFERENCE), str(pred), *map(str, gold), "--json"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    figures = json.loads(proc.stdout)
    for listing in ("misses", "violations"):
        figures.pop(listing)
    return figures


@pytest.mark.skipif(
    not REFERENCE.exists(),
    reason="../shared (reference_score.py, dev gold and texts) is not next to the repo; CI has it",
)
def test_eval_agrees_with_the_reference_scorer(tmp_path: Path):
    gold = [GOLD, *DEV_GOLD]
    paths = [*SEEDS, *map(str, DEV_TEXTS)]
    result = invoke("eval", "--json", *map(str, gold), *paths)
    assert result.exit_code == 0, result.stderr
    ours = json.loads(result.stdout)
    pred = tmp_path / "pred.geojson"
    assert invoke("extract", *paths, "-o", str(pred)).exit_code == 0
    assert list(ours["files"]) == [str(g) for g in gold]
    for g in gold:
        assert ours["files"][str(g)] == _reference(pred, g), g.name
    assert ours["total"] == _reference(pred, *gold)
    assert ours["total"]["gold_events"] > 100  # the dev files really were scored


@pytest.mark.skipif(not DEV_GOLD[0].exists(), reason="../shared/eval/dev is not next to the repo")
def test_eval_table_per_gold_file_and_total(tmp_path: Path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    for g in DEV_GOLD:  # a directory of gold files, as `eval ../shared/eval/dev/` is used
        (gold_dir / g.name).write_bytes(g.read_bytes())
    result = invoke("eval", str(GOLD), str(gold_dir), *SEEDS, *map(str, DEV_TEXTS))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["gold", "file", "gold", "pred"]
    assert [ln.split()[0] for ln in lines[1:]] == [
        str(GOLD), str(gold_dir / "news_digest.jsonl"), str(gold_dir / "regional_admin.jsonl"),
        "TOTAL",
    ]  # fmt: skip
    verbose = invoke("eval", "-V", str(GOLD), str(gold_dir), *SEEDS, *map(str, DEV_TEXTS))
    assert f"== {gold_dir / 'news_digest.jsonl'}" in verbose.stdout
    assert "misses (" in verbose.stdout and "false positives (" in verbose.stdout


def test_eval_bad_gold_line_names_file_and_line(tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"kind": "not_an_event", "doc": "a.txt", "place": "Odesa", "quote": "q"}\n{oops\n'
    )
    result = invoke("eval", str(bad), *SEEDS)
    assert_one_line_error(result, f"{bad}:2")
    assert "expected one JSON object per line" in result.stderr


@pytest.mark.parametrize(
    ("args", "match"),
    [(["nothere.jsonl"], "no such gold file"), ([], "eval needs a gold .jsonl file")],
)
def test_eval_missing_gold(args: list[str], match: str):
    result = invoke("eval", *args, *SEEDS)
    assert_one_line_error(result)
    assert match in result.stderr


# ---------------------------------------------------------------- gazetteer


def test_gazetteer_lookup_near_sorts_by_distance():
    result = invoke("gazetteer", "lookup", "Volodymyrivka", "--near", "49.41,38.16")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) > 5
    assert "Luhansk" in lines[0]
    kms = [float(ln.split()[-2]) for ln in lines]
    assert kms == sorted(kms) and kms[0] < 40


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (["--near", "north"], "expected LAT,LON"),
        (["--oblast", "Narnia"], "is not an oblast name"),
    ],
)
def test_gazetteer_lookup_bad_options(args: list[str], match: str):
    result = invoke("gazetteer", "lookup", "Volodymyrivka", *args)
    assert_one_line_error(result)
    assert match in result.stderr


def test_gazetteer_lookup_unknown_name_exits_1():
    result = invoke("gazetteer", "lookup", "Xyzzyvka")
    assert result.exit_code == 1
    assert "no candidates" in result.stderr


@needs_full_gazetteer
def test_gazetteer_info_is_json_with_attribution():
    result = invoke("gazetteer", "info")
    assert result.exit_code == 0, result.stderr
    info = json.loads(result.stdout)
    text = " ".join(info["attribution"])
    assert "GeoNames" in text and "OpenStreetMap" in text


# ---------------------------------------------------------------- help


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


@pytest.mark.parametrize(
    ("path", "command"),
    [((), main), *_commands(main)],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else None,
)
def test_every_command_has_help(path: tuple[str, ...], command: click.Command):
    assert command.help and command.help.strip()
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert command.help.strip().splitlines()[0][:30] in result.output


def test_python_dash_m_frontline_help():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-m", "frontline", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    for cmd in ("extract", "map", "eval", "gazetteer"):
        assert cmd in proc.stdout


# --- the command's own process: a fast exit with main's status ------------------------------


def _python(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` with this checkout's frontline importable."""
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True, text=True, timeout=timeout, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["--version"], 0),
        (["extract", SEEDS[1], "-o", "{tmp}/x.geojson"], 0),
        (["extract", SEEDS[1], "-o", "{tmp}/x.csv"], 0),
        (["extract", SEEDS[1], "{tmp}/missing.txt", "-o", "{tmp}/x.geojson"], EXIT_PARTIAL),
        (["extract", "{tmp}/missing.txt", "-o", "{tmp}/x.geojson"], EXIT_USER_ERROR),
        (["extract", SEEDS[1], "--jobs", "-1"], EXIT_USER_ERROR),
        (["extract", SEEDS[1], "-o", "{tmp}/no/such/dir/x.geojson"], EXIT_USER_ERROR),
        (["gazetteer", "lookup", "Nowheresville Zzyx"], 1),
        (["no-such-command"], EXIT_USER_ERROR),
    ],
)
def test_the_command_exits_with_mains_status_and_output(
    tmp_path: Path, args: list[str], status: int
):
    """`python -m frontline` ends in os._exit (no interpreter teardown): the same status,
    messages and files as main() invoked in process."""
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    out = next((Path(a) for a in args if a.startswith(str(tmp_path / "x."))), None)
    proc = _python("-m", "frontline", *args)
    written = out.read_bytes() if out is not None and out.exists() else None
    in_process = CliRunner().invoke(main, args, prog_name="python -m frontline")
    assert proc.returncode == in_process.exit_code == status, proc.stderr
    assert proc.stdout == in_process.stdout
    # Without ../shared the embedded gazetteer's notice is printed once per process: this
    # test process may have printed it before.
    assert _without_notice(proc.stderr) == _without_notice(in_process.stderr)
    assert written == (out.read_bytes() if out is not None and out.exists() else None)
    assert "Traceback" not in proc.stderr


def _without_notice(stderr: str) -> str:
    return "".join(
        line for line in stderr.splitlines(keepends=True) if "the embedded gazetteer" not in line
    )


def test_the_fast_exit_skips_teardown_but_not_atexit_or_flushing():
    """Objects are not finalised (that is the teardown saved); atexit handlers run and
    buffered output is flushed; sys.exit's rules give the status."""
    script = (
        "import atexit, sys\n"
        "class Noisy:\n"
        "    def __del__(self): print('finalised', file=sys.stderr)\n"
        "kept = Noisy()\n"
        "atexit.register(lambda: print('atexit ran', file=sys.stderr))\n"
        "sys.stdout.write('buffered, no newline')\n"
        "sys.argv = ['frontline', '--version']\n"
        "from frontline.cli import entry\n"
        "entry()\n"
    )
    proc = _python("-c", script, timeout=60)
    assert proc.returncode == 0
    assert proc.stdout.startswith("buffered, no newline") and "version" in proc.stdout
    assert "atexit ran" in proc.stderr and "finalised" not in proc.stderr


def test_only_the_commands_own_process_freezes_the_heap(tmp_path: Path):
    """The command (entry) hands its loaded modules and gazetteer to gc.freeze(); main()
    invoked in a process frontline does not own (this one) leaves the collector alone."""
    import gc

    before = gc.get_freeze_count()
    result = invoke("extract", SEEDS[1], "-o", str(tmp_path / "in_process.geojson"))
    assert result.exit_code == 0 and gc.get_freeze_count() == before
    script = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count(), file=sys.stderr))\n"
        f"sys.argv = ['frontline', '-q', 'extract', {SEEDS[1]!r}, '-o', "
        f"{str(tmp_path / 'own.geojson')!r}]\n"
        "from frontline.cli import entry\n"
        "entry()\n"
    )
    proc = _python("-c", script)
    assert proc.returncode == 0, proc.stderr
    frozen = int(proc.stderr.split("frozen ")[1].split()[0])
    assert frozen > 10_000
    assert (tmp_path / "own.geojson").read_bytes() == (tmp_path / "in_process.geojson").read_bytes()


def test_a_profiled_command_exits_normally(tmp_path: Path):
    """python -m cProfile -m frontline: the profiler writes its file at the normal exit."""
    stats = tmp_path / "profile.out"
    proc = _python("-m", "cProfile", "-o", str(stats), "-m", "frontline", "--version", timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert stats.stat().st_size > 0


@pytest.mark.parametrize(
    ("code", "status", "printed"), [(None, 0, ""), (3, 3, ""), ("bad thing", 1, "bad thing\n")]
)
def test_exit_status_follows_sys_exit(
    code: object, status: int, printed: str, capsys: pytest.CaptureFixture[str]
):
    from frontline.cli import _exit_status

    assert _exit_status(code) == status
    assert capsys.readouterr().err == printed


def test_exit_status_120_when_stdout_cannot_be_flushed(monkeypatch: pytest.MonkeyPatch):
    from frontline.cli import _exit_status

    def broken() -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys.stdout, "flush", broken)
    assert _exit_status(0) == 120


def test_extract_writes_json_lines(tmp_path: Path):
    """-o x.jsonl (or --format jsonl, also to stdout): the GeoJSON's features, one per line."""
    assert invoke("extract", SEEDS[1], "-o", str(tmp_path / "x.geojson")).exit_code == 0
    assert invoke("extract", SEEDS[1], "-o", str(tmp_path / "x.jsonl")).exit_code == 0
    features = json.loads((tmp_path / "x.geojson").read_text(encoding="utf-8"))["features"]
    text = (tmp_path / "x.jsonl").read_text(encoding="utf-8")
    assert [json.loads(line) for line in text.splitlines()] == features
    result = invoke("extract", SEEDS[1], "-o", "-", "--format", "jsonl")
    assert result.exit_code == 0 and result.stdout == text
