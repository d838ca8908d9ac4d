"""Running the pipeline over many documents: in this process, in worker processes, or on Dask.

Every runner shares one ingest loop, :func:`read_reports` (read each path, collect a one-line
error for a bad input and go on), and one batch-year rule (:func:`infer_batch_years`: a
year-less header takes the most common year of the run's dated inputs). They differ only in
where :class:`frontline.extractor.Extractor` runs:

* :func:`stream_paths` with ``jobs=1``: here, each report as soon as it is read (only the
  year-less wait for the batch year), results handed on one at a time;
* :func:`stream_paths` with ``jobs>1``: in worker processes (forked with the gazetteer
  already loaded where that is safe, else spawned), pipelined with the reading;
* :func:`run_paths`: either, its results collected in input order into an EventCollection;
* :func:`extract_bag` / :func:`extract_dask`: per partition of a Dask bag (optional extra).

The events are the same, in input order, whichever runs them. ``frontline.pipeline.run`` is
the entry point most callers want (``frontline extract`` streams, to keep its memory flat);
``frontline.distributed`` re-exports the Dask functions.
"""

from __future__ import annotations

import logging
import math
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .axes import AxisConfig
from .errors import (
    ConfigurationError,
    FrontlineError,
    GazetteerError,
    InputError,
    check_choice,
)
from .ingest import DEFAULT_MAX_BYTES, header_month_day, ingest, parse_date
from .mentions import NameIndex
from .records import Event, EventCollection, Report

if TYPE_CHECKING:  # pragma: no cover  (extractor -> pipeline -> this module: imported where used)
    from concurrent.futures import Future, ProcessPoolExecutor

    import dask.bag as db
    from dask.distributed import Client

    from .extractor import Extractor

log = logging.getLogger(__name__)

__all__ = [
    "Extracted",
    "apply_batch_year",
    "auto_jobs",
    "extract_bag",
    "extract_dask",
    "infer_batch_years",
    "ingest_all",
    "majority_year",
    "read_reports",
    "resolve_jobs",
    "run_paths",
    "stream_paths",
    "year_votes",
]

# ---------------------------------------------------------------- the ingest loop


def read_reports(
    paths: Iterable[str | Path],
    errors: list[str],
    *,
    date: str | None = None,
    year: int | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[Report]:
    """Ingest ``paths`` in order, yielding each report as soon as it is read.

    A bad input (empty, binary, too large...) is not yielded: its one-line message is appended
    to ``errors`` and ``on_error`` (if given) is called with the exception; it may re-raise
    to stop the run. Batch years are not inferred here: the caller decides when every input
    is known (:func:`infer_batch_years`, or :func:`apply_batch_year` after a reduction).
    """
    for p in paths:
        try:
            rep = ingest(p, date=date, year=year, max_bytes=max_bytes)
        except InputError as exc:
            errors.append(str(exc))
            if on_error is not None:
                on_error(exc)
            continue
        yield rep


def ingest_all(
    paths: Iterable[str | Path],
    *,
    date: str | None = None,
    year: int | None = None,
    on_error: Callable[[str], None] | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    on_read: Callable[[int, Report], None] | None = None,
) -> tuple[list[Report], list[str]]:
    """Ingest every path (:func:`read_reports`), then infer the batch year.

    ``on_error`` gets the one-line message of each bad input. ``on_read(i, report)`` is called
    for each report whose date is final as soon as it is read (it states one, so the batch
    year cannot change it), and after the loop for the others, dated by then if they can be:
    a worker pool starts on the first while the rest are still being read.
    """
    errors: list[str] = []
    reports: list[Report] = []
    undated: list[int] = []
    for rep in read_reports(
        paths,
        errors,
        date=date,
        year=year,
        max_bytes=max_bytes,
        on_error=(lambda exc: on_error(str(exc))) if on_error is not None else None,
    ):
        i = len(reports)
        reports.append(rep)
        if rep.report_date is None:
            undated.append(i)
        elif on_read is not None:
            on_read(i, rep)
    reports = infer_batch_years(reports)
    if on_read is not None:
        for i in undated:
            on_read(i, reports[i])
    return reports, errors


def year_votes(reports: Iterable[Report]) -> Counter[int]:
    """How many dated reports state each year (in first-seen order, which breaks ties)."""
    return Counter(r.year for r in reports if r.report_date and r.year)


def majority_year(votes: Counter[int]) -> int | None:
    """The most common year of :func:`year_votes` (the first seen on a tie), or None."""
    return votes.most_common(1)[0][0] if votes else None


def infer_batch_years(reports: list[Report]) -> list[Report]:
    """Give year-less report dates the year of the other dated inputs of the run.

    A batch of reports is almost always from one period; when every dated input agrees on
    one most-common year, a header like "November 12, 7:30 PM ET" takes it (with a warning).
    """
    return apply_batch_year(reports, majority_year(year_votes(reports)))


def apply_batch_year(reports: list[Report], year: int | None) -> list[Report]:
    """Date the year-less headers of ``reports`` in ``year`` (the batch's majority year).

    Split from :func:`infer_batch_years` so that a distributed run can count the votes over
    every partition first and then apply the one year partition by partition.
    """
    if year is None:
        return reports
    out = []
    for r in reports:
        md = header_month_day(r.text) if r.report_date is None else None
        if md is None:
            out.append(r)
            continue
        date = parse_date(md[0], md[1], year)
        warnings = (
            *(w for w in r.warnings if "has no year" not in w),
            f"{r.doc}: report year {year} inferred from the other inputs; pass --year to be sure",
        )
        out.append(replace(r, report_date=date, year=year, warnings=warnings))
    return out


# ---------------------------------------------------------------- one report

_Outcome = tuple[list[Event], str | None]


def _process_one(report: Report, ex: Extractor) -> _Outcome:
    """Events of one report, or no events and the message of the FrontlineError it raised."""
    try:
        return ex.extract(report), None
    except FrontlineError as exc:
        return [], str(exc)


# ---------------------------------------------------------------- this process, or a pool


# Below this much input, workers cannot win back what they cost: each warms its own memos
# (the first reports of a run are the slow ones) and every report and its events cross a pipe.
AUTO_JOBS_MIN_BYTES = 8_000_000


def auto_jobs(paths: Sequence[str | Path]) -> int:
    """The worker count ``frontline extract`` picks when not told: 1 (this process) for an
    input under :data:`AUTO_JOBS_MIN_BYTES`, else one per CPU that is idle now (the CPUs this
    process may use minus the one-minute load average), at least 1."""
    total = 0
    for p in paths:
        try:
            total += os.stat(p).st_size if p != "-" else 0
        except (OSError, ValueError):
            continue  # a bad input: reported when it is read
        if total >= AUTO_JOBS_MIN_BYTES:
            break
    if total < AUTO_JOBS_MIN_BYTES:
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        idle = (cpus or 1) - os.getloadavg()[0]
    except (OSError, AttributeError):  # no load average (Windows)
        idle = cpus or 1
    return max(1, min(cpus or 1, round(idle)))


def resolve_jobs(jobs: int) -> int:
    """``jobs`` worker processes: a positive count, or 0 for one per CPU."""
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 0:
        raise ConfigurationError(
            f"jobs={jobs!r} is not valid; pass a number of processes >= 1, or 0 for one per CPU"
        )
    return jobs or os.cpu_count() or 1


def run_paths(
    paths: Sequence[str | Path],
    ex: Extractor,
    *,
    jobs: int = 1,
    date: str | None = None,
    year: int | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    progress: bool = False,
) -> EventCollection:
    """The events of ``paths`` by ``ex`` (``jobs`` > 1: by workers holding the same
    gazetteer and axes), collected from :func:`stream_paths` back into input order. The
    parameters are :func:`frontline.pipeline.run`'s."""
    errors: list[str] = []
    stream = stream_paths(
        paths, ex, errors, jobs=jobs, date=date, year=year, max_bytes=max_bytes,
        progress=progress,
    )  # fmt: skip
    results = sorted(stream, key=lambda r: r.index)
    events: list[Event] = []
    for r in results:
        if r.error is not None:
            errors.append(f"{r.report.doc}: {r.error}")
        events.extend(r.events)
    warnings = tuple(w for r in results for w in r.report.warnings)
    return EventCollection(tuple(events), tuple(r.report for r in results), warnings, tuple(errors))


@dataclass(frozen=True, slots=True)
class Extracted:
    """One report's outcome in :func:`stream_paths`.

    ``index`` is the report's place among the good inputs (input order); ``report`` is dated
    by the batch year when its header had none; ``error`` is the message of the
    FrontlineError that stopped its extraction (then ``events`` is empty).
    """

    index: int
    report: Report
    events: list[Event]
    error: str | None


def stream_paths(
    paths: Sequence[str | Path],
    ex: Extractor,
    errors: list[str],
    *,
    jobs: int = 1,
    date: str | None = None,
    year: int | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    progress: bool = False,
) -> Iterator[Extracted]:
    """Each report of ``paths`` with its events as soon as they are extracted.

    One report at a time (with ``jobs`` > 1, a few small batches in flight), so that a
    caller who writes each result and drops it needs memory for one report, not the corpus.
    A report that states its date is extracted as soon as it is read; one whose header has
    no year waits until every input is read, since the batch year (:func:`apply_batch_year`)
    can still date it: only those are held. Results therefore come in input order except for
    those (and, with workers, in the order batches finish): sort by ``index`` for input order.
    The one-line message of each bad input is appended to ``errors``, in input order.
    """
    n_jobs = min(resolve_jobs(jobs), len(paths))
    with ExitStack() as stack:
        # The workers first: they may be forked only while this process has no other thread,
        # and a progress bar starts one (tqdm's monitor).
        pool = stack.enter_context(_worker_pool(ex, n_jobs)) if n_jobs > 1 else None
        bar = None
        if progress and len(paths) > 1:
            from tqdm import tqdm

            bar = stack.enter_context(tqdm(total=len(paths), desc="extracting", unit="doc"))
        ready = _dated_first(
            paths, errors, date=date, year=year, max_bytes=max_bytes, on_error=_ticker(bar)
        )
        if pool is None:
            for i, rep in ready:
                found, error = _process_one(rep, ex)
                if bar is not None:
                    bar.update()
                yield Extracted(i, rep, found, error)
        else:
            yield from _pooled(ready, pool, n_jobs, len(paths), bar)


def _dated_first(
    paths: Iterable[str | Path],
    errors: list[str],
    *,
    date: str | None,
    year: int | None,
    max_bytes: int | None,
    on_error: Callable[[str], None] | None,
) -> Iterator[tuple[int, Report]]:
    """``(input position, report)`` of each good input: the dated ones as they are read, then
    those without a year, dated by the batch year (:func:`infer_batch_years`'s rule)."""
    votes: Counter[int] = Counter()  # year_votes() of the reports read so far
    held: list[tuple[int, Report]] = []
    handler = (lambda exc: on_error(str(exc))) if on_error is not None else None
    reports = read_reports(
        paths, errors, date=date, year=year, max_bytes=max_bytes, on_error=handler
    )
    for i, rep in enumerate(reports):
        if rep.report_date and rep.year:
            votes[rep.year] += 1
        if rep.report_date is None:
            held.append((i, rep))
        else:
            yield i, rep
    dated = apply_batch_year([rep for _, rep in held], majority_year(votes))
    for (i, _), rep in zip(held, dated, strict=True):
        yield i, rep


def _ticker(bar: Any) -> Callable[[str], None] | None:
    """An ``on_error`` that counts a bad input as done on the progress bar."""
    return None if bar is None else lambda _msg: bar.update()


def _pooled(
    ready: Iterator[tuple[int, Report]],
    pool: ProcessPoolExecutor,
    jobs: int,
    n_paths: int,
    bar: Any,
) -> Iterator[Extracted]:
    """:func:`_process_one` per report in the ``jobs`` workers of ``pool``, in batches, as
    they are read.

    At most two batches per worker are in flight: reading waits for results, so memory stays
    that of a few batches however long the input. Results come as their batches finish.
    """
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    chunk = max(1, min(16, math.ceil(n_paths / (jobs * 4))))
    tasks: dict[Future[list[_Outcome]], list[tuple[int, Report]]] = {}

    def finished(block: bool) -> Iterator[Extracted]:
        done = wait(tasks, return_when=FIRST_COMPLETED)[0] if block else [
            t for t in tasks if t.done()
        ]  # fmt: skip
        for task in done:
            batch = tasks.pop(task)
            try:
                outcomes = task.result()
            except BrokenProcessPool as exc:
                raise FrontlineError(
                    f"a worker process failed ({exc}); if it ran out of memory, rerun with "
                    "fewer --jobs (or --jobs 1); its error, if any, is printed above"
                ) from None
            if bar is not None:
                bar.update(len(batch))
            for (i, rep), (found, error) in zip(batch, outcomes, strict=True):
                yield Extracted(i, rep, found, error)

    batch: list[tuple[int, Report]] = []
    for item in ready:
        batch.append(item)
        if len(batch) < chunk:
            continue
        tasks[pool.submit(_process_in_worker, [rep for _, rep in batch])] = batch
        batch = []
        yield from finished(block=len(tasks) >= 2 * jobs)
    if batch:
        tasks[pool.submit(_process_in_worker, [rep for _, rep in batch])] = batch
    while tasks:
        yield from finished(block=True)


def start_method() -> str:
    """How :func:`stream_paths` starts its worker processes here and now: "fork" where the
    platform has it and this process runs no other thread, else "spawn"."""
    import multiprocessing
    import threading

    forkable = "fork" in multiprocessing.get_all_start_methods()
    return "fork" if forkable and threading.active_count() == 1 else "spawn"


@contextmanager
def _worker_pool(ex: Extractor, jobs: int) -> Iterator[ProcessPoolExecutor]:
    """``jobs`` started worker processes extracting as ``ex`` does.

    Forked when :func:`start_method` allows: the workers start at once with the gazetteer,
    the axes, ``ex`` itself and every imported module already in memory (shared
    copy-on-write), instead of each importing frontline and reading the artifact again. A
    process with other threads (a notebook kernel, a dask client) could hold a lock that a
    forked child would wait on forever, and Windows has no fork: there each worker is a fresh
    interpreter ("spawn") that loads the artifact itself (~0.4 s), and a script calling
    ``run(jobs=2)`` needs the ``if __name__ == "__main__":`` guard.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = start_method()
    handle = ("extractor", ex) if method == "fork" else _gazetteer_handle(ex.gazetteer)
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context(method),
        initializer=_init_worker,
        initargs=(handle, ex.axes),
    )
    try:
        pool.submit(int)  # launches the workers
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _gazetteer_handle(gaz: NameIndex) -> tuple[str, Any]:
    """What a spawned worker needs to get the same gazetteer: the artifact it was loaded from
    (read in the worker in < 0.1 s, nothing to pickle here), or else the object pickled."""
    from .gazetteer import Gazetteer

    if isinstance(gaz, Gazetteer) and gaz.path is not None:
        return "artifact", (gaz.path, gaz.header, gaz.boundaries)
    return "object", gaz


_WORKER: dict[str, Extractor] = {}


def _init_worker(handle: tuple[str, Any], axes: AxisConfig | None) -> None:
    """Worker initializer: one Extractor serves every report of this worker. Forked, it is
    the parent's (inherited, not pickled); spawned, a new one on the gazetteer loaded once."""
    from .extractor import Extractor

    kind, value = handle
    if kind == "extractor":
        _WORKER["extractor"] = value
        return
    if kind == "artifact":
        from .gazetteer import Gazetteer

        path, header, boundaries = value
        gaz = Gazetteer.from_artifact(path)
        if gaz.header != header:
            raise GazetteerError(
                f"the gazetteer artifact {str(path)!r} changed while workers started; "
                "rerun when `frontline gazetteer build` has finished"
            )
        gaz.boundaries = boundaries
        value = gaz
    _WORKER["extractor"] = Extractor(value, axes)


def _process_in_worker(reports: list[Report]) -> list[_Outcome]:
    ex = _WORKER["extractor"]
    return [_process_one(r, ex) for r in reports]


# ---------------------------------------------------------------- Dask

ON_ERROR = ("skip", "raise")
_INSTALL = "dask is not installed; install the optional extra: pip install 'frontline[dask]'"


def _dask_bag() -> Any:
    try:
        import dask.bag
    except ImportError:
        raise ConfigurationError(_INSTALL) from None
    return dask.bag


def extract_bag(
    paths: Iterable[str | os.PathLike[str]],
    *,
    gazetteer_dir: str | os.PathLike[str] | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    npartitions: int | None = None,
    date: str | None = None,
    year: int | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    on_error: str = "skip",
) -> db.Bag:
    """A lazy :class:`dask.bag.Bag` of the :class:`~frontline.records.Event` of ``paths``.

    For corpora larger than one machine; needs ``pip install 'frontline[dask]'`` (dask is
    only imported here). The graph: a bag of paths -> per partition, :func:`read_reports`
    -> the :func:`year_votes` of every partition summed -> per partition,
    :func:`apply_batch_year` and one Extractor per worker process. Every worker must be
    able to read the paths (a shared or network file system) and find the gazetteer.

    Parameters
    ----------
    paths : iterable of path
        Report files, readable from every worker.
    gazetteer_dir, cache_dir : path, optional
        As in :func:`frontline.gazetteer.load_gazetteer`, called once per partition (and
        memoised per worker process).
    npartitions : int, optional
        Number of partitions (default: dask's choice, at most 100).
    date, year, max_bytes : optional
        As in :func:`frontline.pipeline.run`.
    on_error : {"skip", "raise"}
        A bad input (empty, binary, too large...) is logged on its worker and skipped, or
        fails the computation with its :class:`~frontline.errors.InputError`.

    Returns
    -------
    dask.bag.Bag
        Events in input order; ``.compute()`` (or :func:`extract_dask`) runs it.
    """
    check_choice("on_error", on_error, ON_ERROR)
    bag = _dask_bag()
    names = [str(p) for p in paths]
    if not names:
        raise InputError("no input paths; pass report files")
    if npartitions is not None and npartitions < 1:
        raise ConfigurationError(f"npartitions={npartitions!r} is not valid; pass a number >= 1")
    docs = bag.from_sequence(names, npartitions=min(npartitions or 100, len(names)))
    reports = docs.map_partitions(
        _ingest_partition, date=date, year=year, max_bytes=max_bytes, on_error=on_error
    )
    # Counter per partition, summed in partition order: the same votes, first-seen order
    # included (it breaks ties), as one Counter over the whole run.
    votes = reports.reduction(year_votes, _sum_votes)
    return reports.map_partitions(
        _process_partition, votes, gazetteer_dir=gazetteer_dir, cache_dir=cache_dir
    )


def extract_dask(
    paths: Iterable[str | os.PathLike[str]],
    client: Client | None = None,
    **kwargs: Any,
) -> list[Event]:
    """Run :func:`extract_bag` and return its events (in input order) as a list.

    ``client`` is a :class:`dask.distributed.Client`; without one, dask's current scheduler
    is used (the active client if there is one, else local processes). Other arguments go to
    :func:`extract_bag`.
    """
    events = extract_bag(paths, **kwargs)
    if client is not None:
        return list(client.compute(events).result())
    return list(events.compute())


def _sum_votes(parts: Iterable[Counter[int]]) -> Counter[int]:
    total: Counter[int] = Counter()
    for part in parts:
        total.update(part)
    return total


def _skip_or_raise(on_error: str) -> Callable[[InputError], None]:
    def handle(exc: InputError) -> None:
        if on_error == "raise":
            raise exc
        log.warning("skipped: %s", exc)

    return handle


def _ingest_partition(
    paths: Sequence[str],
    *,
    date: str | None,
    year: int | None,
    max_bytes: int | None,
    on_error: str,
) -> list[Report]:
    errors: list[str] = []  # logged (or raised) by the handler on the worker
    return list(
        read_reports(
            paths,
            errors,
            date=date,
            year=year,
            max_bytes=max_bytes,
            on_error=_skip_or_raise(on_error),
        )
    )


def _process_partition(
    reports: Sequence[Report],
    votes: Counter[int],
    *,
    gazetteer_dir: str | os.PathLike[str] | None,
    cache_dir: str | os.PathLike[str] | None,
) -> list[Event]:
    from .axes import load_axes
    from .extractor import shared_extractor
    from .gazetteer import load_gazetteer

    if not reports:
        return []
    # One Extractor per worker process (the gazetteer and axes are memoised per process),
    # so partition after partition reuses its memos.
    ex = shared_extractor(load_gazetteer(gazetteer_dir, cache_dir), load_axes())
    events: list[Event] = []
    for rep in apply_batch_year(list(reports), majority_year(votes)):
        found, error = _process_one(rep, ex)
        if error is not None:
            log.warning("skipped: %s: %s", rep.doc, error)
        events.extend(found)
    return events
