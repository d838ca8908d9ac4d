"""The pipeline: documents -> Reports -> Mentions -> Resolutions -> Events.

Pure core (no geopandas, no folium). This module assembles the Events of one report
(:func:`decide`, :func:`build_events`, :func:`event_id`); :func:`run` and :func:`run_texts`
are the entry points over many, run by :mod:`frontline.runners` (the ingest loop, worker
processes, Dask). Bad inputs are reported and skipped; the good ones are still processed.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .axes import AxisConfig, load_axes
from .errors import ConfigurationError
from .ingest import DEFAULT_MAX_BYTES, find_report_date, ingest_text
from .mentions import NameIndex
from .records import Event, EventCollection, Mention, Report
from .resolve import Resolved
from .runners import (  # the ingest loop and batch years, importable from here as before
    apply_batch_year,
    infer_batch_years,
    ingest_all,
    majority_year,
    resolve_jobs,
    run_paths,
    year_votes,
)
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
    by_mention = {(r.mention.start, r.mention.end, r.mention.context): r for r in resolved}
    out: list[Decision] = []
    for m in mentions if mentions is not None else [r.mention for r in resolved]:
        r = by_mention.get((m.start, m.end, m.context))
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
        start, end = report.spans(m.start, m.end)  # in the file, not the cleaned text
        rel = m.relation
        cues = sem.cues
        if rel is not None and rel.kind == "anaphora":
            # "near the latter": the place named before; the span is the phrase.
            cues = (*cues, f"place: {rel.text!r} = {m.surface}")
            rel = None
        anchor_place = res.anchor_place if rel is not None or m.role == "offset" else None
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
            char_start=start,
            char_end=end,
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
            cues=cues,
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
    axes = axes if axes is not None else extractor.axes if extractor else load_axes()
    ex = _extractor_for(gaz, axes, extractor)
    return run_paths(
        paths, ex, jobs=jobs, date=date, year=year, max_bytes=max_bytes, progress=progress
    )


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
    "ingest_all",
    "majority_year",
    "process_report",
    "resolve_jobs",
    "run",
    "run_texts",
    "year_votes",
]
