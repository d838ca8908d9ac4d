"""The pipeline: documents -> Reports -> Mentions -> Resolutions -> Events.

Pure core (no geopandas, no folium). Bad inputs are reported and skipped; the good ones are
still processed.
"""

from __future__ import annotations

import hashlib
import logging
import math
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .axes import AxisConfig, load_axes
from .errors import ConfigurationError, FrontlineError, GazetteerError, InputError
from .ingest import (
    DEFAULT_MAX_BYTES,
    find_report_date,
    header_month_day,
    ingest,
    ingest_text,
    parse_date,
)
from .mentions import NameIndex
from .records import Event, EventCollection, Mention, Report
from .resolve import Resolved
from .semantics import Semantics, describe, document_context

if TYPE_CHECKING:  # pragma: no cover  (extractor imports this module: imported where used)
    from .extractor import Extractor

log = logging.getLogger(__name__)


def event_id(doc: str, start: int, end: int, place_id: str, text: str = "") -> str:
    """Stable id: the same document, span and place always give the same id.

    The document counts by its file name (without the folders: ``seeds/a.txt``,
    ``./seeds/a.txt`` and ``/home/me/seeds/a.txt`` are one document) and its text, so ids
    agree across path spellings, working directories and machines and runs can be merged.
    """
    name = doc.replace("\\", "/").rsplit("/", 1)[-1]
    h = hashlib.sha1(
        f"{name}\x1f{_text_digest(text)}\x1f{start}\x1f{end}\x1f{place_id}".encode()
    ).hexdigest()
    return h[:16]


@lru_cache(maxsize=64)
def _text_digest(text: str) -> str:
    # Every event of a report hashes the same text: digest it once.
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


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


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether one place mention is an event, and why (what ``frontline explain`` prints).

    ``reason`` is "event", the mention's ``not_event_reason``, its role when that is not an
    event role ("anchor", "region", "qualifier"), "unresolved" (no gazetteer candidate, or
    "unresolved: why" when no candidate is plausible), "history" or "no event stated".
    ``semantics`` is set when the mention was described.
    """

    mention: Mention
    resolved: Resolved | None
    is_event: bool
    reason: str
    semantics: Semantics | None = None
    heading: str = ""


def decide(
    report: Report, resolved: Sequence[Resolved], mentions: Sequence[Mention] | None = None
) -> list[Decision]:
    """The event decision of every resolved mention (and of ``mentions`` without a
    resolution, when given, in mention order): the one rule :func:`build_events` applies."""
    ctx = document_context(report)
    by_mention = {id(r.mention): r for r in resolved}
    out: list[Decision] = []
    for m in mentions if mentions is not None else [r.mention for r in resolved]:
        r = by_mention.get(id(m))
        if m.not_event_reason or m.role not in ("target", "offset"):
            out.append(Decision(m, r, False, m.not_event_reason or m.role))
            continue
        if r is None or r.resolution.place is None:
            out.append(Decision(m, r, False, "unresolved"))
            continue
        if r.resolution.unresolved:
            out.append(Decision(m, r, False, f"unresolved: {r.resolution.unresolved}"))
            continue
        sent = report.sentences[m.sentence]
        heading = report.sections[sent.section].heading if report.sections else ""
        sem = describe(report, ctx, m.sentence, m.start - sent.start, heading)
        reason = "history" if sem.history else "no event stated" if not sem.stated else "event"
        out.append(Decision(m, r, reason == "event", reason, sem, heading))
    return out


def build_events(
    report: Report, resolved: Sequence[Resolved], axes: AxisConfig | None
) -> list[Event]:
    """Turn located mentions into Events (dropping the ones that are not events)."""
    events: list[Event] = []
    seen: dict[tuple[str, ...], int] = {}
    for d in decide(report, resolved):
        if not d.is_event or d.resolved is None or d.semantics is None:
            continue
        m, res, sem, heading = d.mention, d.resolved.resolution, d.semantics, d.heading
        sent, place = report.sentences[m.sentence], res.place
        if place is None:  # decide() makes no event of an unresolved mention
            continue
        axis = axes.assign(res.position, heading, sem.date) if axes else ""
        rel = m.relation
        anchor_place = res.anchor_place
        offset = m.role == "offset"
        ev = Event(
            id=event_id(
                report.doc,
                m.start,
                m.end,
                place.id + ("@offset" if offset else ""),
                report.text,
            ),
            doc=report.doc,
            date=sem.date,
            report_date=report.report_date,
            place=m.surface if not offset else rel.text if rel else m.surface,
            place_name=place.name if not offset else f"{rel.text if rel else ''}".strip(),
            gazetteer_id=place.id if not offset else "",
            admin1=place.admin1,
            lon=round(res.position.lon, 7),
            lat=round(res.position.lat, 7),
            precision=res.precision,
            uncertainty_km=round(res.uncertainty_km, 3),
            axis=axis,
            actor=sem.actor,  # type: ignore[arg-type]
            event_type=sem.event_type,
            outcome=sem.outcome,
            claimant=sem.claimant,
            confidence=res.confidence,
            quote=sent.text,
            char_start=m.start,
            char_end=m.end,
            anchor=(rel.anchor if rel and rel.anchor and rel.kind != "vicinity" else None)
            if not offset
            else place.name,
            anchor_lon=anchor_place.lon
            if anchor_place and (offset or (rel and rel.anchor))
            else None,
            anchor_lat=anchor_place.lat
            if anchor_place and (offset or (rel and rel.anchor))
            else None,
            offset=rel.offset if rel else None,
            date_range=sem.date_range,
            alternatives=tuple(
                f"{c.place.name} ({c.place.id}) {c.score:.2f}" for c in res.alternatives
            ),
            cues=sem.cues,
            source=report.source,
        )
        # The same event stated twice (topline and section): one event, both quotes.
        key = (ev.gazetteer_id or ev.id, ev.event_type, ev.actor, ev.claimant, str(ev.date))
        if key in seen:
            k = seen[key]
            prev = events[k]
            if ev.quote != prev.quote and ev.quote not in prev.quotes:
                events[k] = replace(prev, quotes=(*prev.quotes, ev.quote))
            continue
        seen[key] = len(events)
        events.append(ev)
    return events


def process_report(report: Report, gaz: NameIndex, axes: AxisConfig | None = None) -> list[Event]:
    """Extract, resolve and describe the events of one ingested report.

    A one-off :class:`frontline.extractor.Extractor`: its look-up and scoring memos go with
    it (only the axes keep theirs, on ``axes``). For many reports hold one Extractor and
    call its ``extract``, as :func:`run` does.
    """
    from .extractor import Extractor

    return Extractor(gaz, axes).extract(report)


def ingest_all(
    paths: Iterable[str | Path],
    *,
    date: str | None = None,
    year: int | None = None,
    on_error: Callable[[str], None] | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> tuple[list[Report], list[str]]:
    """Ingest every path; collect one-line errors for the bad ones instead of stopping."""
    reports: list[Report] = []
    errors: list[str] = []
    for p in paths:
        try:
            reports.append(ingest(p, date=date, year=year, max_bytes=max_bytes))
        except InputError as exc:
            errors.append(str(exc))
            if on_error:
                on_error(str(exc))
    return infer_batch_years(reports), errors


def resolve_jobs(jobs: int) -> int:
    """``jobs`` worker processes: a positive count, or 0 for one per CPU."""
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 0:
        raise ConfigurationError(
            f"jobs={jobs!r} is not valid; pass a number of processes >= 1, or 0 for one per CPU"
        )
    return jobs or os.cpu_count() or 1


def run(
    paths: Sequence[str | Path],
    gaz: NameIndex,
    *,
    date: str | None = None,
    year: int | None = None,
    axes: AxisConfig | None = None,
    progress: bool = False,
    jobs: int = 1,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    extractor: Extractor | None = None,
) -> EventCollection:
    """Process documents end to end. Bad inputs become ``errors``; good ones still run.

    Parameters
    ----------
    paths : sequence of str or Path
        Report files (``"-"`` for stdin).
    gaz : NameIndex
        The gazetteer (:func:`frontline.gazetteer.load_gazetteer`).
    date, year : optional
        Report date / year for inputs that do not state one.
    axes : AxisConfig, optional
        Axis definitions (default: :func:`frontline.axes.load_axes`).
    progress : bool
        Show a tqdm progress bar over the reports.
    jobs : int
        Worker processes for extraction; 1 (default) runs in this process, 0 uses one per
        CPU. Ingest (and the batch year inference) stays in this process, and results come
        back in input order, so the events are the same, in the same order, for any ``jobs``.
    max_bytes : int or None
        Refuse input files larger than this (see :func:`frontline.ingest.read_document`).
    extractor : Extractor, optional
        Reuse this Extractor's memos (it must hold ``gaz`` and ``axes``, or ``axes`` is
        None); default: a new one for this run. Worker processes hold one each.
    """
    n_jobs = min(resolve_jobs(jobs), len(paths))
    axes = axes if axes is not None else extractor.axes if extractor else load_axes()
    ex = _extractor_for(gaz, axes, extractor)
    bar = None
    if progress and len(paths) > 1:
        from tqdm import tqdm

        bar = tqdm(total=len(paths), desc="extracting", unit="doc")
    try:
        if n_jobs <= 1:
            reports, errors = ingest_all(paths, date=date, year=year, max_bytes=max_bytes)
            if bar is not None:
                bar.update(len(errors))
            outcomes = []
            for rep in reports:
                outcomes.append(_process_one(rep, ex))
                if bar is not None:
                    bar.update()
        else:
            reports, errors, outcomes = _run_parallel(
                paths, gaz, axes, n_jobs, date=date, year=year, max_bytes=max_bytes, bar=bar
            )
    finally:
        if bar is not None:
            bar.close()
    events: list[Event] = []
    for rep, (found, error) in zip(reports, outcomes, strict=True):
        if error is not None:
            errors.append(f"{rep.doc}: {error}")
        events.extend(found)
    warnings = tuple(w for r in reports for w in r.warnings)
    return EventCollection(tuple(events), tuple(reports), warnings, tuple(errors))


_Outcome = tuple[list[Event], str | None]


def _extractor_for(
    gaz: NameIndex, axes: AxisConfig | None, extractor: Extractor | None
) -> Extractor:
    """``extractor`` when it holds ``gaz`` and ``axes``, a new Extractor when none is given."""
    from .extractor import Extractor

    if extractor is None:
        return Extractor(gaz, axes)
    if extractor.gazetteer is not gaz or extractor.axes is not axes:
        raise ConfigurationError(
            "the extractor passed holds another gazetteer or axis config than the one "
            "passed; pass its own (extractor.gazetteer, extractor.axes) or no extractor"
        )
    return extractor


def _process_one(report: Report, ex: Extractor) -> _Outcome:
    """Events of one report, or no events and the message of the FrontlineError it raised."""
    try:
        return ex.extract(report), None
    except FrontlineError as exc:
        return [], str(exc)


def _run_parallel(
    paths: Sequence[str | Path],
    gaz: NameIndex,
    axes: AxisConfig | None,
    jobs: int,
    *,
    date: str | None,
    year: int | None,
    max_bytes: int | None,
    bar: Any,
) -> tuple[list[Report], list[str], list[_Outcome]]:
    """:func:`ingest_all` then :func:`_process_one` per report, the latter in ``jobs`` workers.

    Pipelined, yet the same result as the serial path: a report is sent to the workers as
    soon as it is ingested, unless it has no report date, since only those can still change
    (:func:`apply_batch_year`); they wait until every input is read and the batch year known.
    Outcomes are put back in input order.
    """
    chunk = max(1, min(16, math.ceil(len(paths) / (jobs * 4))))
    reports: list[Report] = []
    errors: list[str] = []
    undated: list[int] = []
    ready: list[int] = []
    tasks: dict[Future[list[_Outcome]], list[int]] = {}
    # The workers start (import, load the gazetteer: ~0.4 s) while this process ingests.
    with _worker_pool(gaz, axes, jobs) as pool:

        def submit(indices: list[int]) -> None:
            for k in range(0, len(indices), chunk):
                batch = indices[k : k + chunk]
                task = pool.submit(_process_in_worker, [reports[i] for i in batch])
                tasks[task] = batch

        for path in paths:
            try:
                rep = ingest(path, date=date, year=year, max_bytes=max_bytes)
            except InputError as exc:
                errors.append(str(exc))
                if bar is not None:
                    bar.update()
                continue
            (undated if rep.report_date is None else ready).append(len(reports))
            reports.append(rep)
            if len(ready) >= chunk:
                submit(ready)
                ready = []
        batch_year = majority_year(year_votes(reports))
        for i in undated:
            reports[i] = apply_batch_year([reports[i]], batch_year)[0]
        submit(ready + undated)
        outcomes: list[_Outcome] = [([], None)] * len(reports)
        try:
            for task in as_completed(tasks):
                for i, outcome in zip(tasks[task], task.result(), strict=True):
                    outcomes[i] = outcome
                if bar is not None:
                    bar.update(len(tasks[task]))
        except BrokenProcessPool as exc:
            raise FrontlineError(
                f"a worker process failed ({exc}); if it ran out of memory, rerun with fewer "
                "--jobs (or --jobs 1); its error, if any, is printed above"
            ) from None
    return reports, errors, outcomes


@contextmanager
def _worker_pool(
    gaz: NameIndex, axes: AxisConfig | None, jobs: int
) -> Iterator[ProcessPoolExecutor]:
    """``jobs`` started worker processes holding ``gaz`` and ``axes``.

    "spawn", not fork: a forked child of a process with threads (tqdm's monitor, a notebook
    kernel, a dask client) can deadlock, and spawn behaves the same on Linux, macOS and
    Windows. The price is a fresh interpreter per worker (~0.3 s of imports), and that a
    script calling ``run(jobs=2)`` needs the ``if __name__ == "__main__":`` guard.
    """
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(_gazetteer_handle(gaz), axes),
    )
    try:
        pool.submit(int)  # a spawn pool launches all its workers on the first task
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _gazetteer_handle(gaz: NameIndex) -> tuple[str, Any]:
    """What a worker needs to get the same gazetteer: the artifact it was loaded from (read
    in the worker in < 0.1 s, nothing to pickle here), or else the object itself pickled."""
    from .gazetteer import Gazetteer

    if isinstance(gaz, Gazetteer) and gaz.path is not None:
        return "artifact", (gaz.path, gaz.header, gaz.boundaries)
    return "object", gaz


_WORKER: dict[str, Extractor] = {}


def _init_worker(handle: tuple[str, Any], axes: AxisConfig | None) -> None:
    """Worker initializer: load the gazetteer once; one Extractor serves every report."""
    from .extractor import Extractor

    kind, value = handle
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


def run_texts(
    texts: Sequence[str],
    gaz: NameIndex,
    *,
    date: str | None = None,
    year: int | None = None,
    extractor: Extractor | None = None,
) -> EventCollection:
    """Like :func:`run` for in-memory texts (docs are named ``<text 0>``, ``<text 1>``...)."""
    ex = _extractor_for(gaz, extractor.axes if extractor else load_axes(), extractor)
    reports = infer_batch_years(
        [ingest_text(t, f"<text {i}>", date=date, year=year) for i, t in enumerate(texts)]
    )
    events = [e for r in reports for e in ex.extract(r)]
    return EventCollection(
        tuple(events), tuple(reports), tuple(w for r in reports for w in r.warnings)
    )


__all__ = [
    "Decision",
    "apply_batch_year",
    "build_events",
    "decide",
    "event_id",
    "find_report_date",
    "infer_batch_years",
    "majority_year",
    "process_report",
    "run",
    "run_texts",
    "year_votes",
]
