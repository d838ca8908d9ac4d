"""Command line: thin wrappers that parse arguments and call the library.

The only module that imports click. Every FrontlineError becomes one line on stderr and a
non-zero exit; no tracebacks for user errors.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import FrontlineError

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger("frontline")

EXIT_USER_ERROR = 2
EXIT_PARTIAL = 3  # some inputs were bad; the good ones were processed


def _friendly(fn: F) -> F:
    """Turn FrontlineErrors (and unreadable files) into one line and exit status 2."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except FrontlineError as exc:
            click.echo(f"frontline: error: {_one_line(str(exc))}", err=True)
            sys.exit(EXIT_USER_ERROR)
        except OSError as exc:
            # An output path that cannot be written (an existing directory, a full disk, no
            # permission): one line naming the path, not a traceback.
            where = _one_line(str(exc.filename2 or exc.filename or ""))
            reason = exc.strerror or str(exc)
            click.echo(
                f"frontline: error: {where}: {reason}; choose a writable output path"
                if where
                else f"frontline: error: {reason}; choose a writable output path",
                err=True,
            )
            sys.exit(EXIT_USER_ERROR)

    return wrapper  # type: ignore[return-value]


def _one_line(message: str) -> str:
    """``message`` on one line: a line break inside it (from a file name) is shown as ``\\n``,
    so that each error stays one line of stderr."""
    if message.isprintable():
        return message
    message = message.replace("\r", "\\r").replace("\n", "\\n")
    return message.encode("utf-8", "backslashreplace").decode("utf-8")  # lone surrogates


def _one_line_warning(message: Warning | str, *_args: Any, **_kwargs: Any) -> str:
    """Warnings reach the user as their message: no file, line number or source line."""
    return str(message)


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.WARNING
    if verbose == 1:
        level = logging.INFO
    elif verbose >= 2:
        level = logging.DEBUG
    if quiet:
        level = logging.ERROR
    logging.basicConfig(level=level, format="frontline: %(levelname)s: %(message)s", force=True)
    logging.captureWarnings(True)
    warnings.formatwarning = _one_line_warning
    warnings.simplefilter("default" if not quiet else "ignore")
    logging.getLogger("py.warnings").handlers = []


REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


def _expand(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """Directories expand to the report files in them and their subfolders (hidden ones
    skipped), in name order. Returns ``(paths, directories without any report file)``."""
    out: list[str] = []
    empty: list[str] = []
    for p in paths:
        pp = Path(p)
        if p != "-" and pp.is_dir():
            files = sorted(
                f
                for f in pp.rglob("*")
                if f.suffix.lower() in REPORT_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(pp).parts)
                and f.is_file()
            )
            out.extend(str(f) for f in files)
            if not files:
                empty.append(p)
        else:
            out.append(p)
    return out, empty


def _progress(ctx: click.Context) -> bool:
    """Progress bars only on a terminal: a log file gets no carriage-return frames."""
    return not ctx.obj.get("quiet") and sys.stderr.isatty()


def _expanded(paths: Sequence[str]) -> tuple[list[str], tuple[str, ...]]:
    """:func:`_expand`, with the errors of directories without reports; none found at all is
    one error line each and exit status 2."""
    files, empty = _expand(paths)
    empty_errors = tuple(
        f"{_one_line(d)}: no report files ({', '.join(REPORT_SUFFIXES)}) in this directory or "
        "its subfolders; pass a folder of reports or the report files"
        for d in empty
    )
    if not files:
        for e in empty_errors:
            click.echo(f"frontline: error: {e}", err=True)
        sys.exit(EXIT_USER_ERROR)
    return files, empty_errors


def _run(
    ctx: click.Context,
    paths: Sequence[str],
    date: str | None,
    year: int | None,
    jobs: int | None = None,
    max_bytes: int | None = None,
) -> Any:
    from dataclasses import replace

    from .gazetteer import load_gazetteer
    from .ingest import DEFAULT_MAX_BYTES
    from .pipeline import run
    from .runners import auto_jobs

    files, empty_errors = _expanded(paths)
    gaz = load_gazetteer(ctx.obj.get("gazetteer_dir"), ctx.obj.get("cache_dir"))
    extractor, jobs = _extractor_for_run(ctx, gaz, jobs)
    _freeze_if_own_process(ctx)
    coll = run(
        files,
        gaz,
        date=date,
        year=year,
        progress=_progress(ctx),
        jobs=auto_jobs(files) if jobs is None else jobs,
        max_bytes=DEFAULT_MAX_BYTES if max_bytes is None else max_bytes,
        extractor=extractor,
    )
    if empty_errors:
        coll = replace(coll, errors=(*coll.errors, *empty_errors))
    for w in coll.warnings:
        log.warning(_one_line(w))
    for e in coll.errors:
        click.echo(f"frontline: error: {_one_line(e)}", err=True)
    return coll


@dataclass(frozen=True)
class _RunSummary:
    """What ``extract`` keeps of a streamed run: how many reports were read, the errors."""

    reports: int
    errors: tuple[str, ...]


def _stream(
    ctx: click.Context,
    paths: Sequence[str],
    date: str | None,
    year: int | None,
    jobs: int | None,
    max_bytes: int | None,
    sink: Callable[[int, list[Any]], None],
) -> _RunSummary:
    """:func:`_run` for ``extract``: each report's events go to ``sink(index, events)`` as
    soon as they are extracted (in the order reports finish; ``index`` is the report's input
    position) and the report is dropped, so memory does not grow with the corpus. Warnings
    and errors are printed as :func:`_run` prints them."""
    from .axes import load_axes
    from .extractor import Extractor
    from .gazetteer import load_gazetteer
    from .ingest import DEFAULT_MAX_BYTES
    from .runners import auto_jobs, stream_paths

    files, empty_errors = _expanded(paths)
    gaz = load_gazetteer(ctx.obj.get("gazetteer_dir"), ctx.obj.get("cache_dir"))
    extractor, jobs = _extractor_for_run(ctx, gaz, jobs)
    _freeze_if_own_process(ctx)
    errors: list[str] = []
    warnings: dict[int, tuple[str, ...]] = {}
    failed: dict[int, str] = {}
    for r in stream_paths(
        files,
        extractor if extractor is not None else Extractor(gaz, load_axes()),
        errors,
        jobs=auto_jobs(files) if jobs is None else jobs,
        date=date,
        year=year,
        max_bytes=DEFAULT_MAX_BYTES if max_bytes is None else max_bytes,
        progress=_progress(ctx),
    ):
        sink(r.index, r.events)
        warnings[r.index] = r.report.warnings
        if r.error is not None:
            failed[r.index] = f"{r.report.doc}: {r.error}"
    errors.extend(failed[i] for i in sorted(failed))
    errors.extend(empty_errors)
    for i in sorted(warnings):
        for w in warnings[i]:
            log.warning(_one_line(w))
    for e in errors:
        click.echo(f"frontline: error: {_one_line(e)}", err=True)
    return _RunSummary(len(warnings), tuple(errors))


def _extractor_for_run(ctx: click.Context, gaz: Any, jobs: int | None) -> tuple[Any, int | None]:
    """The run's extractor when the command needs a special one (``--online``: the online
    fallback, in one process), else None; and the jobs to use."""
    if not ctx.obj.get("online"):
        return None, jobs
    from .axes import load_axes
    from .online import online_extractor

    if jobs not in (None, 1):
        log.info("--online runs in one process (Nominatim takes one request a second)")
    return online_extractor(gaz, load_axes(), ctx.obj.get("cache_dir")), 1


def _freeze_if_own_process(ctx: click.Context) -> None:
    """In the command's own process (:func:`entry`), once the modules and the gazetteer are
    loaded: hand what exists to ``gc.freeze()``. It lives until the process exits, and the
    cyclic collector's full passes would otherwise walk it again and again while reports
    stream by (a tenth of a streamed extract's CPU). Never in a process frontline does not
    own (tests, notebooks), where those objects may still have to be collected."""
    if ctx.obj.get("own_process"):
        import gc

        gc.freeze()


def _stop_if_nothing_read(coll: Any) -> None:
    """Every input was bad: exit before writing anything (no empty output files)."""
    if coll.errors and not coll.reports:
        sys.exit(EXIT_USER_ERROR)


def _exit_for(coll: Any) -> None:
    if coll.errors:
        sys.exit(EXIT_PARTIAL if coll.reports else EXIT_USER_ERROR)


def _option_error(ctx: click.Context, message: str) -> None:
    """A bad option value: one ``frontline: error:`` line (not click's usage block), exit 2."""
    click.echo(f"frontline: error: {_one_line(message)}", err=True)
    ctx.exit(EXIT_USER_ERROR)


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Reject a --date that is not a real YYYY-MM-DD day (it would end up in every event)."""
    from .errors import ConfigurationError
    from .ingest import YEAR_RANGE, check_date

    try:
        return check_date(value)
    except ConfigurationError:
        lo, hi = YEAR_RANGE
        _option_error(
            ctx, f"--date {value!r} is not a date; write it as YYYY-MM-DD (a day in {lo}..{hi})"
        )
        return None


def _check_year(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """Reject a --year that is not a number in the years a report date can have."""
    from .ingest import YEAR_RANGE

    if value is None:
        return None
    lo, hi = YEAR_RANGE
    digits = value.strip()
    year = int(digits) if digits.isascii() and digits.isdigit() else None
    if year is None or not lo <= year <= hi:
        _option_error(
            ctx, f"--year {value!r} is not a year in {lo}..{hi}; pass e.g. --year 2022"
        )
    return year


_date_opt = click.option(
    "--date",
    "date",
    default=None,
    metavar="YYYY-MM-DD",
    callback=_check_date,
    help="Report date for inputs that do not state one.",
)
_year_opt = click.option(
    "--year",
    metavar="YEAR",
    default=None,
    callback=_check_year,
    help="Year for report dates written without one (1900..2100).",
)
_paths_arg = click.argument("paths", nargs=-1, required=True)
_jobs_opt = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=None,
    help="Worker processes for extraction (0 = one per CPU; default: 1 for inputs under 8 MB, "
    "else one per idle CPU). Output is identical for any N.",
)


_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9, "gb": 10**9}


class _ByteSize(click.ParamType):
    """A byte count: 20000000, 20MB, 500kB, 1GB (decimal units); 0 means no limit."""

    name = "SIZE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        import re

        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", str(value))
        unit = m.group(2).lower() if m else ""
        if m is None or unit not in _UNITS:
            self.fail(f"{value!r} is not a size; write e.g. 20MB, 500kB or 0 for no limit")
        return int(float(m.group(1)) * _UNITS[unit])


_max_bytes_opt = click.option(
    "--max-bytes",
    type=_ByteSize(),
    default=None,
    show_default="20MB",
    help="Refuse input files larger than this (a report is a few kB); 0 = no limit.",
)


def _remember_online(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.ensure_object(dict)["online"] = value
    return value


_online_opt = click.option(
    "--online",
    is_flag=True,
    expose_value=False,
    callback=_remember_online,
    help="Look up names the gazetteer lacks on OpenStreetMap's Nominatim (1 request/s, "
    "cached; $FRONTLINE_NOMINATIM_URL for another server). Off by default.",
)


def _run_options(fn: F) -> F:
    """The options every command that runs the pipeline takes (--date --year --jobs
    --max-bytes), in one place."""
    for opt in (_max_bytes_opt, _jobs_opt, _year_opt, _date_opt):
        fn = opt(fn)
    return fn


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="frontline")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors; no progress bars.")
@click.option(
    "--gazetteer-dir",
    type=click.Path(file_okay=False),
    default=None,
    envvar="FRONTLINE_GAZETTEER_DIR",
    help="Folder with geonames/*.zip, osm/*.csv, boundaries/ (default ../shared/gazetteer).",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    default=None,
    envvar="FRONTLINE_CACHE_DIR",
    help="Where the built gazetteer is cached (default: the user cache dir).",
)
@click.pass_context
def main(
    ctx: click.Context, verbose: int, quiet: bool, gazetteer_dir: str | None, cache_dir: str | None
) -> None:
    """frontline: war reports -> dated, geocoded events -> GeoJSON and Leaflet maps."""
    _setup_logging(verbose, quiet)
    ctx.obj = {
        "own_process": bool(ctx.obj and ctx.obj.get("own_process")),  # set by entry()
        "gazetteer_dir": gazetteer_dir,
        "cache_dir": cache_dir,
        "quiet": quiet,
        "verbose": verbose,
    }


def _write_stdout(chunks: Iterable[str]) -> None:
    """Write the text ``chunks`` to stdout and flush; a full disk or a closed pipe is an
    OutputError (so a truncated output never exits 0)."""
    from .errors import OutputError

    try:
        for text in chunks:
            click.echo(text, nl=False)
        sys.stdout.flush()
    except BrokenPipeError as exc:
        _silence_stdout()
        raise OutputError(
            "<stdout>: the reader closed the pipe before every event was written; "
            "write to a file with -o instead"
        ) from exc
    except OSError as exc:
        _silence_stdout()
        raise OutputError(
            f"<stdout>: cannot be written ({exc.strerror or exc}); the output is incomplete. "
            "Free disk space or write to a file with -o"
        ) from exc


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's final flush of the unwritten rest
    does not print a second error (or a traceback) on exit."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file descriptor (e.g. in tests)
        pass


def _refuse_output_among_inputs(output: str, paths: Sequence[str]) -> None:
    """An output path that is one of the inputs would overwrite a report: refuse it before any
    work (the same file under another name, through a link, counts too)."""
    import os

    from .errors import ConfigurationError

    if output == "-":
        return
    out = Path(output)
    for p in paths:
        if p == "-":
            continue
        try:
            same = os.path.samefile(p, out)
        except (OSError, ValueError):  # either does not exist (yet): compare the names
            same = Path(p).resolve() == out.resolve()
        if same:
            raise ConfigurationError(
                f"-o {output!r} is also an input; write the output to another path "
                "(e.g. events.geojson)"
            )


def _write_geojson(lines: Any, path: Path, *, as_lines: bool = False) -> Path:
    """GeoJSON (or, ``as_lines``, JSON Lines) output without .export, which imports geopandas
    and pyogrio (for .gpkg): the same bytes as ``export.write_events``, written atomically,
    for a lighter ``extract``. ``lines`` is a :class:`frontline.geojson.FeatureLines`."""
    from .errors import ConfigurationError

    if not path.resolve().parent.is_dir():
        raise ConfigurationError(
            f"output directory {str(path.resolve().parent)!r} does not exist; create it first"
        )
    lines.write(path, as_lines=as_lines)
    return path


_FORMATS = ("geojson", "gpkg", "csv", "jsonl")  # export.FORMATS, without importing geopandas


def _output_format(output: str, fmt: str | None) -> str:
    """The format ``extract`` writes: --format, else the suffix (stdout: GeoJSON)."""
    from .errors import ConfigurationError

    if fmt is not None:
        if output == "-" and fmt == "gpkg":
            raise ConfigurationError(
                "--format gpkg cannot be written to stdout (a GeoPackage is a database file); "
                "pass -o events.gpkg"
            )
        return fmt
    if output == "-":
        return "geojson"
    suffix = Path(output).suffix.lower()
    known = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".csv": "csv",
             ".jsonl": "jsonl", ".geojsonl": "jsonl"}  # fmt: skip
    if suffix not in known:
        raise ConfigurationError(
            f"cannot tell the output format of {output!r} from its suffix {suffix!r}; use one "
            f"of: {', '.join(known)} (or pass --format {'|'.join(_FORMATS)})"
        )
    return known[suffix]


def _check_writable(output: str, *, folder: bool = False) -> None:
    """Refuse an output path that cannot be written, before any extraction."""
    import os

    from .errors import ConfigurationError

    if output == "-":
        return
    out = Path(output)
    if not folder and out.is_dir():
        raise ConfigurationError(f"-o {output!r} is a directory; pass a file name inside it")
    if folder and out.exists() and not out.is_dir():
        raise ConfigurationError(f"-o {output!r} is a file; pass a folder for the maps")
    target = out if folder and out.is_dir() else out.resolve().parent
    if not target.is_dir():
        raise ConfigurationError(
            f"output directory {str(target)!r} does not exist; create it first"
        )
    if not os.access(target, os.W_OK | os.X_OK) or (
        out.exists() and not folder and not os.access(out, os.W_OK)
    ):
        raise ConfigurationError(
            f"-o {output!r} cannot be written (no permission in {str(target)!r}); "
            "choose a writable output path"
        )


@main.command()
@_paths_arg
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="Output file: .geojson, .gpkg or .csv; '-' writes GeoJSON to stdout.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS),
    default=None,
    help="Output format regardless of the suffix (also for '-': geojson or csv).",
)
@click.option(
    "--append",
    is_flag=True,
    help="Add to an existing output file instead of replacing it (events already in it, by "
    "id, are not added twice).",
)
@click.option(
    "--schema",
    type=click.Choice(("frontline", "acled")),
    default="frontline",
    show_default=True,
    help="Column names: frontline's, or ACLED's (a .csv for joint analysis with ACLED data).",
)
@_run_options
@_online_opt
@click.pass_context
@_friendly
def extract(
    ctx: click.Context,
    paths: tuple[str, ...],
    output: str,
    fmt: str | None,
    append: bool,
    schema: str,
    date: str | None,
    year: int | None,
    jobs: int | None,
    max_bytes: int,
) -> None:
    """Extract events from report files (or '-' for stdin) into GeoJSON/GeoPackage/CSV."""
    _refuse_output_among_inputs(output, paths)
    _check_writable(output)
    kind = _output_format(output, fmt)
    if schema == "acled" and (output == "-" or kind != "csv" or append):
        from .errors import ConfigurationError

        raise ConfigurationError(
            "--schema acled writes a CSV file, without --append; pass -o events.csv"
        )
    if kind in ("geojson", "jsonl") and (not append or output == "-"):  # stdout: no append
        # The GeoJSON is kept as one serialised line per event while the reports stream by
        # (its sort order needs every event); the other writers take Event objects.
        from .geojson import FeatureLines

        lines = FeatureLines()
        run = _stream(ctx, paths, date, year, jobs, max_bytes, lines.add)
        _stop_if_nothing_read(run)
        count = len(lines)
        if output == "-":
            _write_stdout(lines.chunks() if kind == "geojson" else lines.lines())
        else:
            path = _write_geojson(lines, Path(output), as_lines=kind == "jsonl")
    else:
        per_report: dict[int, list[Any]] = {}
        run = _stream(ctx, paths, date, year, jobs, max_bytes, per_report.__setitem__)
        _stop_if_nothing_read(run)
        events = [e for i in sorted(per_report) for e in per_report[i]]  # input order
        count = len(events)
        if output == "-":  # a CSV (a GeoJSON to stdout takes the branch above)
            from .export import events_to_csv

            _write_stdout([events_to_csv(events)])
        else:
            from .export import write_events

            path = write_events(events, Path(output), format=kind, append=append, schema=schema)
    if output != "-":
        log.info("wrote %d events to %s", count, path)
        if not ctx.obj.get("quiet"):
            click.echo(f"{count} events -> {path}", err=True)
    _exit_for(run)


@main.command(name="map")
@_paths_arg
@click.option("-o", "--output", default="maps", show_default=True, help="Output folder.")
@click.option(
    "--offline",
    is_flag=True,
    help="Single-file pages with Leaflet's JS/CSS inside (each ~300 kB larger; no lib/).",
)
@click.option(
    "--cdn",
    is_flag=True,
    help="Single-file pages that load Leaflet from CDNs (need internet; no lib/).",
)
@_run_options
@_online_opt
@click.pass_context
@_friendly
def map_cmd(
    ctx: click.Context,
    paths: tuple[str, ...],
    output: str,
    offline: bool,
    cdn: bool,
    date: str | None,
    year: int | None,
    jobs: int | None,
    max_bytes: int,
) -> None:
    """Render one HTML map per date, a timeline map and an index.html.

    By default Leaflet and its plugins are written once into OUTPUT/lib/ and the pages load
    them from there: the maps work offline (map tiles aside) as long as lib/ stays with them.
    """
    from .gazetteer import boundaries_path
    from .render import write_maps

    if offline and cdn:
        raise click.UsageError("--offline and --cdn exclude each other; pick one")
    _refuse_output_among_inputs(output, paths)
    _check_writable(output, folder=True)
    # frontline's own exports (by content) are mapped as they are; the rest are reports.
    exports = [p for p in paths if p != "-" and Path(p).is_file() and _is_export(p)]
    reports = [p for p in paths if p not in exports]
    events: list[Any] = []
    if exports:
        from .export import read_export

        for p in exports:
            events.extend(read_export(p))
    coll = None
    if reports:
        coll = _run(ctx, reports, date, year, jobs, max_bytes)
        _stop_if_nothing_read(coll)
        events.extend(coll.events)
    written = write_maps(
        events,
        Path(output),
        boundaries=boundaries_path(ctx.obj.get("gazetteer_dir")),
        assets="inline" if offline else "cdn" if cdn else "lib",
        progress=_progress(ctx),
    )
    if not ctx.obj.get("quiet"):
        click.echo(f"{len(events)} events -> {len(written)} files in {output}", err=True)
    if coll is not None:
        _exit_for(coll)


def _is_export(path: str) -> bool:
    """A frontline export given to ``map``: sniffed by content (export.export_kind) without
    importing geopandas for plain report files."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return False
    if not head.startswith((b"{", b"SQLite format 3", b"lon,lat,")):
        return False
    from .export import export_kind

    return export_kind(path) is not None


@main.command(name="eval")
@click.argument("args", nargs=-1, required=True, metavar="GOLD... PATHS...")
@click.option(
    "--verbose-report", "-V", is_flag=True, help="List misses and false positives per gold file."
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@_run_options
@click.pass_context
@_friendly
def eval_cmd(
    ctx: click.Context,
    args: tuple[str, ...],
    verbose_report: bool,
    as_json: bool,
    date: str | None,
    year: int | None,
    jobs: int | None,
    max_bytes: int,
) -> None:
    """Score extraction of PATHS against GOLD (JSONL, ../shared/eval/FORMAT.md).

    GOLD are .jsonl files or directories of them; the other arguments are the reports
    (files or directories), extracted once. With one gold file the full report is printed;
    with several, one row per gold file and a TOTAL row (all gold scored as one set).
    """
    from .errors import ConfigurationError
    from .evaluate import (
        format_report,
        format_table,
        gold_files,
        report_json,
        score_files,
    )

    def is_gold(a: str) -> bool:
        p = Path(a)
        return a.endswith(".jsonl") or (p.is_dir() and any(p.glob("*.jsonl")))

    gold = [a for a in args if is_gold(a)]
    paths = [a for a in args if not is_gold(a)]
    if not gold or not paths:
        missing = "a gold .jsonl file (or a directory of them)" if not gold else "report paths"
        raise ConfigurationError(
            f"eval needs {missing}; e.g. frontline eval ../shared/eval/dev/ ../shared/corpus/dev/*/"
        )
    files = gold_files(gold)
    ctx.obj["quiet"] = True
    coll = _run(ctx, paths, date, year, jobs, max_bytes)
    _stop_if_nothing_read(coll)
    report = score_files(files, coll.events)
    if as_json:
        click.echo(report_json(report))
    elif len(files) == 1:
        click.echo(format_report(report.total, verbose=verbose_report))
    else:
        click.echo(format_table(report, verbose=verbose_report))


@main.command()
@click.argument("file")
@click.option(
    "--all", "show_all", is_flag=True, help="Also show how each name was found and the cues."
)
@_date_opt
@_year_opt
@click.pass_context
@_friendly
def explain(
    ctx: click.Context, file: str, show_all: bool, date: str | None, year: int | None
) -> None:
    """Show every place mention of FILE: its role, event decision and reason, the chosen
    place and the runner-ups."""
    from .explain import explain_report, format_explanation
    from .gazetteer import load_gazetteer
    from .ingest import ingest

    report = ingest(file, date=date, year=year)
    for w in report.warnings:
        log.warning(w)
    gaz = load_gazetteer(ctx.obj.get("gazetteer_dir"), ctx.obj.get("cache_dir"))
    click.echo(format_explanation(explain_report(report, gaz), show_all=show_all))


@main.group()
def gazetteer() -> None:
    """Build, inspect and query the gazetteer."""


@gazetteer.command()
@click.option(
    "--geonames",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True),
    help="GeoNames country dump (UA.zip, RU.zip); repeatable.",
)
@click.option(
    "--osm",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True),
    help="OSM settlements CSV; repeatable.",
)
@click.pass_context
@_friendly
def build(ctx: click.Context, geonames: tuple[str, ...], osm: tuple[str, ...]) -> None:
    """Build the cached gazetteer (default: the sources in the gazetteer dir)."""
    from .gazetteer import build_gazetteer, clear_gazetteer_cache, find_sources, resolve_cache_dir

    if not geonames and not osm:
        src = find_sources(ctx.obj.get("gazetteer_dir"))
        if not src:
            from .errors import GazetteerError

            raise GazetteerError(
                "no gazetteer sources found; pass --geonames UA.zip [--osm settlements.csv] "
                "or set FRONTLINE_GAZETTEER_DIR (or run `frontline gazetteer download`)"
            )
        geonames, osm = tuple(map(str, src.geonames)), tuple(map(str, src.osm))
    out = resolve_cache_dir(ctx.obj.get("cache_dir"))
    path = build_gazetteer(
        [Path(g) for g in geonames], [Path(o) for o in osm], out=out / "gazetteer.bin"
    )
    clear_gazetteer_cache()
    click.echo(f"gazetteer built: {path}")


@gazetteer.command()
@click.option(
    "--geonames",
    "source",
    required=True,
    type=click.Path(dir_okay=False, exists=True),
    help="The GeoNames Ukraine dump UA.zip (or UA.txt).",
)
@click.option(
    "-o",
    "--output",
    default=None,
    help="The .tsv.xz to write (default: the package's frontline/data/geonames-UA-populated"
    ".tsv.xz; its .json record is written next to it).",
)
@_friendly
def embed(source: str, output: str | None) -> None:
    """Rebuild the embedded gazetteer (package data) from the GeoNames Ukraine dump."""
    from .errors import ConfigurationError
    from .gazetteer import embedded_data_path
    from .gazetteer_build import embed_geonames

    out = Path(output) if output else embedded_data_path()
    if out.suffix != ".xz":
        raise ConfigurationError(f"-o {str(out)!r}: the extract is xz-compressed; name a .tsv.xz")
    meta = embed_geonames(Path(source), out)
    click.echo(
        f"{out}: {meta['rows']} of {meta['source_rows']} rows of {meta['source']} "
        f"(sha256 {meta['source_sha256'][:12]}), {out.stat().st_size / 1e6:.2f} MB"
    )


@gazetteer.command()
@click.pass_context
@_friendly
def info(ctx: click.Context) -> None:
    """Sources, counts, build date and attribution of the gazetteer in use."""
    import json

    from .gazetteer import load_gazetteer

    gaz = load_gazetteer(ctx.obj.get("gazetteer_dir"), ctx.obj.get("cache_dir"))
    click.echo(json.dumps(gaz.info(), indent=2, sort_keys=True, default=str))


@gazetteer.command()
@click.argument("name")
@click.option("--near", default=None, metavar="LAT,LON", help="Sort candidates by distance.")
@click.option("--oblast", default=None, help="Keep candidates in this oblast.")
@click.option("--limit", default=20, show_default=True)
@click.pass_context
@_friendly
def lookup(ctx: click.Context, name: str, near: str | None, oblast: str | None, limit: int) -> None:
    """List gazetteer candidates for NAME (with distances when --near is given)."""
    from .errors import ConfigurationError
    from .gazetteer import load_gazetteer

    gaz = load_gazetteer(ctx.obj.get("gazetteer_dir"), ctx.obj.get("cache_dir"))
    places = list(gaz.lookup(name))
    if oblast:
        code = gaz.oblast_code(oblast)
        if code is None:
            raise ConfigurationError(f"--oblast {oblast!r} is not an oblast name; e.g. 'Luhansk'")
        places = [p for p in places if p.admin1 == code]
    dists: list[float | None] = [None] * len(places)
    if near:
        try:
            lat, lon = (float(x) for x in near.split(","))
        except ValueError:
            raise ConfigurationError(
                f"--near {near!r}: expected LAT,LON e.g. 49.41,38.16"
            ) from None
        dd = gaz.distances_km(lat, lon, places)
        order = sorted(range(len(places)), key=lambda i: dd[i])
        places = [places[i] for i in order]
        dists = [dd[i] for i in order]
    if not places:
        click.echo(f"no candidates for {name!r}", err=True)
        sys.exit(1)
    for p, d in list(zip(places, dists, strict=True))[:limit]:
        extra = f"  {d:8.1f} km" if d is not None else ""
        click.echo(
            f"{p.id:24s} {p.name:24s} {gaz.admin1_name(p.admin1):24s} "
            f"{p.lat:9.5f} {p.lon:9.5f} pop={p.population}{extra}"
        )


@gazetteer.command()
@click.option("--country", "countries", multiple=True, default=("UA",), show_default=True)
@click.option(
    "--dest",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder to save the dumps (default: <cache dir>/geonames).",
)
@click.option("--base-url", default="https://download.geonames.org/export/dump/", show_default=True)
@click.pass_context
@_friendly
def download(
    ctx: click.Context, countries: tuple[str, ...], dest: str | None, base_url: str
) -> None:
    """Download GeoNames country dumps (needs internet), then run `gazetteer build`."""
    from .gazetteer import download_geonames, resolve_cache_dir

    target = Path(dest) if dest else resolve_cache_dir(ctx.obj.get("cache_dir")) / "geonames"
    paths = download_geonames(countries, target, base_url=base_url)
    for p in paths:
        click.echo(str(p))


def entry() -> None:
    """The ``frontline`` command (and ``python -m frontline``): :func:`main`, then a fast exit.

    Once a command has finished (its outputs written and closed, its messages printed), the
    process leaves through ``os._exit`` after flushing stdout and stderr and running the
    ``atexit`` handlers: the interpreter would otherwise free the gazetteer, the memos and
    every module one object at a time, a heap the operating system takes back at once. The
    exit status is the one ``main`` gives (``sys.exit``'s rules: None is 0, a message is
    printed and is 1; 120 when stdout cannot be flushed). An uncaught exception is left to
    Python's usual traceback and teardown, and so is the exit of a profiled or traced run
    (``python -m cProfile -m frontline``, coverage), whose tool writes its results then.
    Only the command's own process exits this way: the library and ``main`` (what tests
    invoke) never call it.
    """
    try:
        main(obj={"own_process": True})
        status: Any = 0  # unreachable: standalone click always ends in SystemExit
    except SystemExit as exc:
        if sys.getprofile() is not None or sys.gettrace() is not None:
            raise
        status = exc.code
    os._exit(_exit_status(status))


def _exit_status(status: Any) -> int:
    """``sys.exit(status)``'s process status, with what the interpreter does on its way out."""
    import atexit

    if status is None:
        status = 0
    elif not isinstance(status, int):
        print(status, file=sys.stderr)  # as the interpreter prints sys.exit("message")
        status = 1
    atexit._run_exitfuncs()  # logging.shutdown, multiprocessing, libraries' handlers
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            if stream is sys.stdout:
                status = 120  # Python's status when flushing stdout fails at exit
    return status


if __name__ == "__main__":  # pragma: no cover
    entry()


# --- the group's options after a subcommand too ("frontline extract x.txt -q") ---------------


def _set_global(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Store a global option given after the subcommand where the group's would be."""
    if value is None or value is False or value == 0:
        return value
    obj = ctx.obj if ctx.obj is not None else ctx.ensure_object(dict)
    obj[str(param.name)] = value
    if param.name in ("verbose", "quiet"):
        _setup_logging(int(obj.get("verbose") or 0), bool(obj.get("quiet")))
    return value


def _global_options() -> list[click.Parameter]:
    common: dict[str, Any] = {"expose_value": False, "callback": _set_global}
    return [
        click.Option(["-v", "--verbose"], count=True, help="More log output.", **common),
        click.Option(["-q", "--quiet"], is_flag=True, help="Only errors.", **common),
        click.Option(
            ["--gazetteer-dir"],
            type=click.Path(file_okay=False),
            help="As before the command.",
            **common,
        ),
        click.Option(
            ["--cache-dir"], type=click.Path(file_okay=False), help="As before the command.",
            **common,
        ),
    ]


def _accept_global_options(group: click.Group) -> None:
    for command in group.commands.values():
        taken = {opt for p in command.params for opt in getattr(p, "opts", ())}
        command.params.extend(p for p in _global_options() if not taken & set(p.opts))
        if isinstance(command, click.Group):
            _accept_global_options(command)


_accept_global_options(main)
