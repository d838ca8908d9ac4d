"""Extraction over a Dask cluster, for corpora larger than one machine.

Optional: needs ``pip install 'frontline[dask]'`` (dask.bag + dask.distributed); dask is only
imported inside these functions. On one machine ``frontline extract --jobs N`` (or
``pipeline.run(..., jobs=N)``) is simpler and has less overhead.

The graph: a bag of paths -> per partition, ingest -> the batch year counted over every
partition (as :func:`frontline.pipeline.infer_batch_years` does over a run) -> per partition,
load the gazetteer once and process the reports. The events are the same as ``run``'s, in the
same order. Every worker must be able to read the paths (a shared or network file system) and
find the gazetteer (``gazetteer_dir`` / ``cache_dir``, or FRONTLINE_GAZETTEER_DIR).
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .errors import ConfigurationError, FrontlineError, InputError, check_choice
from .ingest import DEFAULT_MAX_BYTES, ingest
from .pipeline import apply_batch_year, majority_year, year_votes
from .records import Event, Report

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag as db
    from dask.distributed import Client

log = logging.getLogger(__name__)

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


def _ingest_partition(
    paths: Sequence[str],
    *,
    date: str | None,
    year: int | None,
    max_bytes: int | None,
    on_error: str,
) -> list[Report]:
    reports = []
    for p in paths:
        try:
            reports.append(ingest(p, date=date, year=year, max_bytes=max_bytes))
        except InputError as exc:
            if on_error == "raise":
                raise
            log.warning("skipped: %s", exc)
    return reports


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
        try:
            events.extend(ex.extract(rep))
        except FrontlineError as exc:
            log.warning("skipped: %s: %s", rep.doc, exc)
    return events


__all__ = ["extract_bag", "extract_dask"]
