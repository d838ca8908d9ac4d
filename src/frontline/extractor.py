"""The extraction core as one object: a gazetteer, the axes, and every memo kept between reports.

Report prose repeats itself: the same capitalised words, names under the same section
headings, the same places report after report. The look-ups and scores that depend only on
those are memoised, and an :class:`Extractor` owns all of them:

* the name finder's gazetteer look-ups (:class:`frontline.mentions.CachedIndex`),
* the resolver's fixed candidate scores and coordinates (:class:`frontline.resolve.Resolver`),
* the axes' heading, date and distance memos (on its :class:`frontline.axes.AxisConfig`).

Hold one Extractor for as long as the gazetteer and axes stay the same and reuse it for every
report (``pipeline.run`` holds one per run and per worker process, the API and the Dask
partitions one per process through :func:`shared_extractor`). Its memos go with it: drop it
(or call :meth:`Extractor.clear`) and they are freed, the gazetteer too when nothing else
holds it. Nothing here is keyed by ``id()``, so two extractors never see each other's answers.
"""

from __future__ import annotations

from collections.abc import Sequence

from .axes import AxisConfig
from .mentions import CachedIndex, NameIndex, extract_mentions
from .pipeline import build_events
from .records import Event, Mention, Report
from .resolve import Resolved, Resolver

__all__ = ["Extractor", "forget_shared_extractor", "shared_extractor"]


class Extractor:
    """Events of reports for one gazetteer and one axis config, memoised across reports.

    Parameters
    ----------
    gazetteer : NameIndex
        The gazetteer (:func:`frontline.gazetteer.load_gazetteer`).
    axes : AxisConfig, optional
        Axis definitions (:func:`frontline.axes.load_axes`); without them events get no axis.
    """

    def __init__(self, gazetteer: NameIndex, axes: AxisConfig | None = None) -> None:
        self.gazetteer = gazetteer
        self.axes = axes
        self.index = CachedIndex(gazetteer)
        self.resolver = Resolver(self.index, axes)

    def __repr__(self) -> str:
        return f"Extractor({self.gazetteer!r}, axes={'yes' if self.axes else 'none'})"

    def mentions(self, report: Report) -> list[Mention]:
        """Every place mention of ``report`` (:func:`frontline.mentions.extract_mentions`)."""
        return extract_mentions(report, self.index)

    def resolve(self, report: Report, mentions: Sequence[Mention]) -> list[Resolved]:
        """A gazetteer place (or offset point) for each of ``mentions`` that names one."""
        return self.resolver.resolve(report, mentions)

    def extract(self, report: Report) -> list[Event]:
        """The events of one ingested report: mentions, resolution, semantics."""
        mentions = extract_mentions(report, self.index)
        resolved = self.resolver.resolve(report, mentions)
        return build_events(report, resolved, self.axes)

    def clear(self) -> None:
        """Forget every memo: the gazetteer look-ups, the resolver's scores and the axes'.

        The axes' memos live on the :class:`AxisConfig`, so they are cleared for every
        holder of that config (the results do not change, only the speed).
        """
        self.index.clear()
        self.resolver.clear()
        if self.axes is not None:
            self.axes.clear()


# The one Extractor this process keeps for callers that hold none themselves (the notebook
# API, Dask partitions): replaced when asked for another gazetteer or axes (compared by
# identity on live objects, so a new object can never get an old one's memos), dropped by
# forget_shared_extractor() and hence by gazetteer.clear_gazetteer_cache().
_SHARED: list[Extractor] = []


def shared_extractor(gazetteer: NameIndex, axes: AxisConfig | None) -> Extractor:
    """This process's Extractor for ``gazetteer`` and ``axes``, warm across calls.

    At most one is kept: asking for another gazetteer or axis config replaces it.
    """
    if _SHARED and _SHARED[0].gazetteer is gazetteer and _SHARED[0].axes is axes:
        return _SHARED[0]
    ex = Extractor(gazetteer, axes)
    _SHARED[:] = [ex]
    return ex


def forget_shared_extractor() -> None:
    """Drop the Extractor :func:`shared_extractor` keeps (and the gazetteer it holds)."""
    _SHARED.clear()
