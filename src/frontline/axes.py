"""Operational axes as data (``frontline/data/axes.toml``): heading keywords and anchor places."""

from __future__ import annotations

import functools
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .data import path as data_path
from .errors import ConfigurationError
from .records import LonLat

AXES_PATH = data_path("axes.toml")  # package data (importlib.resources)


@dataclass(frozen=True, slots=True)
class Axis:
    id: str
    name: str
    headings: tuple[str, ...]
    anchors: tuple[tuple[LonLat, str], ...]
    period: tuple[str, str] | None = None
    # Distances already computed, by (lon, lat): the same places recur in every report.
    _memo: dict[tuple[float, float], float] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    # Per anchor: latitude in radians, its cosine, longitude in degrees (haversine terms).
    _terms: tuple[tuple[float, float, float], ...] = field(
        default=(), init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        terms = tuple(
            (math.radians(a.lat), math.cos(math.radians(a.lat)), a.lon) for a, _ in self.anchors
        )
        object.__setattr__(self, "_terms", terms)

    def active(self, date: str | None) -> bool:
        if self.period is None or date is None:
            return True
        return self.period[0] <= date <= self.period[1]

    def distance_km(self, p: LonLat) -> float:
        """Great-circle km from ``p`` to the nearest anchor (inf when there are none)."""
        key = (p.lon, p.lat)
        d = self._memo.get(key)
        if d is None:
            if len(self._memo) > _MEMO_MAX:
                self._memo.clear()  # bounded on corpora of many thousand reports
            # Haversine km to each anchor (plain math beats numpy for a handful of pairs), with
            # the point's and the anchors' terms computed once.
            p1 = math.radians(p.lat)
            c1 = math.cos(p1)
            d = float("inf")
            for p2, c2, lon2 in self._terms:
                a = (
                    math.sin((p2 - p1) / 2) ** 2
                    + c1 * c2 * math.sin(math.radians(lon2 - p.lon) / 2) ** 2
                )
                km = 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))
                if km < d:
                    d = km
            self._memo[key] = d
        return d


_MEMO_MAX = 100_000


@dataclass(frozen=True, slots=True)
class AxisConfig:
    axes: tuple[Axis, ...]
    max_km: float
    fallback: str
    # Memos of this config alone (dropped with it; clear() empties them; a pickled copy
    # starts without them). assign() results by (point, id of the heading's axes, id of the
    # date's active axes): both tuples are canonical objects held in _tuples, so their ids
    # are stable keys for as long as these memos live.
    _memo: dict[tuple[float, float, int, int], str] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    # for_heading() by (heading, date), and the heading's axes before periods apply: section
    # headings repeat in every report.
    _headings: dict[tuple[str, str | None], tuple[Axis, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _phrases: dict[str, tuple[Axis, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _active: dict[str | None, tuple[Axis, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _tuples: dict[tuple[int, ...], tuple[Axis, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __reduce__(self) -> tuple[type[AxisConfig], tuple[tuple[Axis, ...], float, str]]:
        """Pickle (to worker processes) without the memos: their id() keys name objects of
        this process."""
        return (AxisConfig, (self.axes, self.max_km, self.fallback))

    def clear(self) -> None:
        """Empty every memo of this config and of its axes."""
        self._memo.clear()
        self._headings.clear()
        self._phrases.clear()
        self._active.clear()
        self._tuples.clear()
        for a in self.axes:
            a._memo.clear()

    def for_heading(self, heading: str, date: str | None = None) -> tuple[Axis, ...]:
        """Axes whose heading phrases occur in a section heading (lower-cased match)."""
        key = (heading, date)
        hit = self._headings.get(key)
        if hit is None:
            named = self._phrases.get(heading)
            if named is None:  # the heading's phrases, matched once whatever the date
                h = heading.lower()
                named = tuple(a for a in self.axes if any(k in h for k in a.headings))
                if len(self._phrases) > _MEMO_MAX:
                    self._phrases.clear()
                self._phrases[heading] = named
            found = tuple(a for a in named if a.active(date))
            if len(self._headings) > _MEMO_MAX:
                self._headings.clear()  # one entry per (heading, date): grows with the corpus
            hit = self._headings[key] = self._canonical(found)
        return hit

    def _canonical(self, found: tuple[Axis, ...]) -> tuple[Axis, ...]:
        """One tuple object per set of axes, whatever the date that selected it: assign()
        memoises by the tuples' ids, and every report has a new date."""
        return self._tuples.setdefault(tuple(id(a) for a in found), found)

    def located(self, date: str | None) -> tuple[Axis, ...]:
        """Axes with anchor places that are active on ``date``."""
        hit = self._active.get(date)
        if hit is None:
            found = tuple(a for a in self.axes if a.anchors and a.active(date))
            hit = self._active[date] = self._canonical(found)
        return hit

    def assign(self, p: LonLat, heading: str = "", date: str | None = None) -> str:
        """The axis id of an event at ``p`` in a section with ``heading``.

        Section heading first (nearest among the axes it names), else the nearest axis
        within ``max_km``, else the fallback ("rear").
        """
        named = self.for_heading(heading, date)
        active = self.located(date)
        key = (p.lon, p.lat, id(named), id(active))
        hit = self._memo.get(key)
        if hit is None:
            if len(self._memo) > _MEMO_MAX:
                self._memo.clear()
            hit = self._memo[key] = self._assign(p, named, active)
        return hit

    def _assign(self, p: LonLat, named: tuple[Axis, ...], active: tuple[Axis, ...]) -> str:
        located = [a for a in named if a.anchors]
        if located:
            nearest = min(located, key=lambda a: a.distance_km(p))
            # A heading names the section's main direction; an event far from it (a
            # summary's "Pokrovsk" paragraph under a "Huliaipole direction" heading) is
            # placed by distance instead.
            if nearest.distance_km(p) <= self.max_km:
                return nearest.id
        elif named:
            return named[0].id
        best = min(active, key=lambda a: a.distance_km(p), default=None)
        if best is not None and best.distance_km(p) <= self.max_km:  # cached: cheap
            return best.id
        return self.fallback


@functools.cache
def load_axes(path: Path = AXES_PATH) -> AxisConfig:
    """Read the axes file; ConfigurationError naming the file if it is malformed."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        axes = tuple(
            Axis(
                id=str(a["id"]),
                name=str(a["name"]),
                headings=tuple(str(h).lower() for h in a.get("headings", [])),
                anchors=tuple(
                    (LonLat(float(lon), float(lat)), str(n)) for lat, lon, n in a.get("anchors", [])
                ),
                period=(str(a["period"][0]), str(a["period"][1])) if "period" in a else None,
            )
            for a in data["axis"]
        )
        return AxisConfig(axes, float(data.get("max_km", 70.0)), str(data.get("fallback", "rear")))
    except FileNotFoundError:
        raise ConfigurationError(
            f"{path}: axes file not found; reinstall frontline (axes.toml is package data) "
            "or pass an existing file"
        ) from None
    except (KeyError, ValueError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(f"{path}: malformed axes file ({exc}); fix the entry") from None
