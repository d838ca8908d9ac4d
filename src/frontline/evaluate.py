"""Score predicted events against gold annotations (``../shared/eval/FORMAT.md``).

Pure: takes :class:`~frontline.records.Event` records (from the pipeline or
:func:`frontline.geojson.read_geojson`), no geopandas. Every figure is the one
``../shared/eval/reference_score.py`` computes (FORMAT.md: "frontline eval must compute the
same"); the test suite checks this on the seeds and development gold. Its rules:

* **Scored predictions** have precision ``settlement``, ``offset`` or ``feature``; ``region``
  ones are counted but neither rewarded nor penalised.
* **Doc matching**: a prediction belongs to a gold doc when its ``doc`` path ends with the gold
  doc, compared by path components (``seeds/000_x.txt`` ends with ``000_x.txt``, not with
  ``0_x.txt``). Predictions of docs without gold are left out of every measure, only counted.
* **Distances** are great-circle (haversine, mean Earth radius 6371.0088 km).
* **Offsets** are projected from the first gold ``event`` (in gold order) named like their
  anchor. A gold event without coordinates and an offset without such an anchor are left out
  of every measure (listed as unplaced).
* **Recall**: located gold items, tightest tolerance first (gold order among equals), each take
  the unused scored prediction of their doc within ``tolerance_km`` (inclusive) that agrees on
  most of actor/event_type/claimant/date, then the nearest.
* **Precision**: a scored prediction within ``max(tolerance_km, 3)`` of *some* located gold
  item of its doc is correct; one that is not, and whose ``place`` or ``place_name`` equals a
  ``neutral`` place of the doc, is left out; the rest are wrong.
* **acc@1km, acc@5km, median error**: for each located gold item the distance to the nearest
  scored prediction of the doc with the same name (``place`` or ``place_name``; an offset uses
  its anchor's name). Items without one count as misses in acc@k (denominator: all located
  items); the median is the upper median of the found distances.
* **Names** are compared after :func:`normalize_name`.
* **not-an-event violations**: gold ``not_an_event`` items of a doc whose place is the name of
  some scored prediction of that doc; one violation per gold item.
* **Attribute accuracy** (actor, event_type, claimant, date) over matched pairs whose gold value
  is not null, exact equality.
* **Several gold files** scored together are one set: their items are concatenated.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date as _date
from pathlib import Path
from typing import Any, Literal, cast

from frontline.errors import GoldFormatError, InputError
from frontline.geojson import sort_events
from frontline.records import CLAIMANTS, EVENT_TYPES, Event, LonLat

__all__ = [
    "ATTRIBUTES",
    "SCORED_PRECISIONS",
    "AttributeScore",
    "DocScore",
    "EvalReport",
    "Finding",
    "GoldFile",
    "GoldItem",
    "MultiReport",
    "distance_km",
    "format_report",
    "format_table",
    "gold_files",
    "load_gold",
    "normalize_name",
    "report_json",
    "same_doc",
    "score",
    "score_files",
]

GoldKind = Literal["event", "offset", "not_an_event", "neutral"]
GOLD_KINDS: tuple[str, ...] = ("event", "offset", "not_an_event", "neutral")
SCORED_PRECISIONS: frozenset[str] = frozenset({"settlement", "offset", "feature"})
ATTRIBUTES: tuple[str, ...] = ("actor", "event_type", "claimant", "date")
_ACTORS: tuple[str, ...] = ("RU", "UA", "unknown")


# --- gold ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldItem:
    """One validated line of a gold file. Fields not used by its ``kind`` are None."""

    kind: GoldKind
    doc: str
    quote: str
    line: int = 0  # 1-based line in the gold file, for messages
    place: str | None = None  # event, not_an_event, neutral
    date: str | None = None  # event, offset
    lat: float | None = None  # event (neutral: optional)
    lon: float | None = None
    admin1: str | None = None
    gazetteer_id: str | None = None
    tolerance_km: float | None = None  # event, offset
    actor: str | None = None
    event_type: str | None = None
    claimant: str | None = None
    anchor: str | None = None  # offset
    distance_km: float | None = None
    bearing_deg: float | None = None

    @property
    def label(self) -> str:
        """A short human name: the place, or "70km @135° of Kherson" for an offset."""
        if self.kind == "offset":
            return f"{self.distance_km:g}km @{self.bearing_deg:g}° of {self.anchor}"
        return self.place or ""


# Field checks: (predicate, what was expected). Each predicate gets the raw JSON value.
_Check = tuple[Callable[[Any], bool], str]


def _is_num(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _is_iso_date(v: Any) -> bool:
    if not isinstance(v, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return False
    try:
        _date.fromisoformat(v)
    except ValueError:
        return False
    return True


_TEXT: _Check = (lambda v: isinstance(v, str) and v.strip() != "", "a non-empty string")
_CHECKS: dict[str, _Check] = {
    "doc": _TEXT,
    "place": _TEXT,
    "quote": _TEXT,
    "anchor": _TEXT,
    "date": (lambda v: v is None or _is_iso_date(v), "a YYYY-MM-DD date or null"),
    "lat": (lambda v: v is None or (_is_num(v) and -90 <= v <= 90), "a latitude in -90..90"),
    "lon": (lambda v: v is None or (_is_num(v) and -180 <= v <= 180), "a longitude in -180..180"),
    "admin1": (
        lambda v: v is None or isinstance(v, str),
        'a GeoNames admin1 code string such as "14" or null',
    ),
    "gazetteer_id": (
        lambda v: v is None or (isinstance(v, str) and re.fullmatch(r"[a-z]+:\S+", v) is not None),
        '"geonames:ID", "osm:TYPE/ID" or null (a feature in neither gazetteer)',
    ),
    "tolerance_km": (lambda v: _is_num(v) and v > 0, "a positive number of km"),
    "distance_km": (lambda v: _is_num(v) and v >= 0, "a non-negative number of km"),
    "bearing_deg": (lambda v: _is_num(v) and 0 <= v <= 360, "a compass bearing in 0..360"),
    "actor": (lambda v: v in _ACTORS, f"one of {', '.join(_ACTORS)}"),
    "event_type": (lambda v: v in EVENT_TYPES, f"one of {', '.join(EVENT_TYPES)}"),
    "claimant": (lambda v: v in CLAIMANTS, f"one of {', '.join(CLAIMANTS)}"),
}
_ATTRS = ("date", "tolerance_km", "actor", "event_type", "claimant")
_REQUIRED: dict[str, tuple[str, ...]] = {
    "event": ("doc", "place", "lat", "lon", "admin1", "gazetteer_id", *_ATTRS, "quote"),
    "offset": ("doc", "anchor", "distance_km", "bearing_deg", *_ATTRS, "quote"),
    "not_an_event": ("doc", "place", "quote"),
    "neutral": ("doc", "place", "quote"),
}
_OPTIONAL: dict[str, tuple[str, ...]] = {"neutral": ("lat", "lon")}


def _parse_gold_line(raw: str, where: str, line: int) -> GoldItem:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as err:
        raise GoldFormatError(
            f"{where}: expected one JSON object per line; got invalid JSON ({err.msg}): "
            f"{raw[:60]!r}"
        ) from err
    except RecursionError as err:
        raise GoldFormatError(
            f"{where}: expected one JSON object per line; got arrays or objects nested too "
            f"deeply: {raw[:60]!r}"
        ) from err
    if not isinstance(obj, dict):
        raise GoldFormatError(f"{where}: expected a JSON object; got {type(obj).__name__}")
    kind = obj.get("kind")
    if kind not in GOLD_KINDS:
        raise GoldFormatError(
            f"{where}: expected 'kind' one of {', '.join(GOLD_KINDS)}; got {kind!r}"
        )
    values: dict[str, Any] = {}
    for name in _REQUIRED[kind]:
        if name not in obj:
            raise GoldFormatError(f"{where}: kind {kind!r} needs field {name!r}; it is missing")
        values[name] = obj[name]
    for name in _OPTIONAL.get(kind, ()):
        if obj.get(name) is not None:
            values[name] = obj[name]
    for name, value in values.items():
        check, expected = _CHECKS[name]
        if not check(value):
            raise GoldFormatError(f"{where}: field {name!r} must be {expected}; got {value!r}")
    if (values.get("lat") is None) != (values.get("lon") is None):
        raise GoldFormatError(f"{where}: a place needs both lat and lon, or neither (null)")
    for name in ("lat", "lon", "tolerance_km", "distance_km", "bearing_deg"):
        if values.get(name) is not None:
            values[name] = float(values[name])
    return GoldItem(kind=cast(GoldKind, kind), line=line, **values)


def load_gold(path: str | Path) -> list[GoldItem]:
    """Read and validate a gold JSONL file.

    Parameters
    ----------
    path : str or Path
        One JSON object per line (blank lines are skipped), as described in FORMAT.md.

    Returns
    -------
    list of GoldItem
        In file order. Unknown extra fields are ignored.

    Raises
    ------
    InputError
        If the file cannot be read.
    GoldFormatError
        On the first bad line: the message names the file, the line number, what was expected
        and what arrived; or when the file holds no items.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InputError(f"{p}: cannot read the gold file ({err.strerror or err})") from err
    except UnicodeDecodeError as err:
        raise GoldFormatError(f"{p}: expected UTF-8 JSONL; {err}") from err
    items = [
        _parse_gold_line(raw, f"{p}:{n}", n)
        for n, raw in enumerate(text.splitlines(), start=1)
        if raw.strip()
    ]
    if not items:
        raise GoldFormatError(f"{p}: expected JSONL gold items (FORMAT.md); the file is empty")
    return items


# --- names, docs, distances ------------------------------------------------------------------

_EARTH_RADIUS_KM = 6371.0088


def normalize_name(name: str | None) -> str:
    """Key for comparing place names: "Kherson City" -> "kherson", "Mar'yinka" -> "maryinka".

    Exactly the reference scorer's rule (FORMAT.md: "lower-case, ASCII-folded, alphanumerics
    only, a trailing 'city' dropped"), and deliberately independent of :mod:`frontline.names`
    (the pipeline's matcher): the scorer must not share the system's own spelling rules.

    Parameters
    ----------
    name : str or None

    Returns
    -------
    str
        ASCII-folded (letters without an ASCII form, e.g. Cyrillic, are dropped), lower-case,
        alphanumerics only, a trailing "city" dropped when more than two letters remain;
        ``""`` for None.
    """
    if not name:
        return ""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    key = "".join(c for c in folded if c.isalnum())
    return key[:-4] if key.endswith("city") and len(key) > 6 else key


def _parts(doc: str) -> list[str]:
    return doc.replace("\\", "/").split("/")


def same_doc(pred_doc: str, gold_doc: str) -> bool:
    """A prediction's doc (any path to the input) ends with the gold doc's path components."""
    a, b = _parts(pred_doc), gold_doc.split("/")
    return a[-len(b) :] == b


def distance_km(a: LonLat, b: LonLat) -> float:
    """Great-circle (haversine, mean Earth radius) distance, as the reference scorer measures."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _destination(anchor: LonLat, km: float, bearing_deg: float) -> LonLat:
    """The point ``km`` from ``anchor`` along ``bearing_deg`` on the same sphere."""
    d = km / _EARTH_RADIUS_KM
    b = math.radians(bearing_deg)
    p1, l1 = math.radians(anchor.lat), math.radians(anchor.lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    return LonLat(math.degrees(l2), math.degrees(p2))


def _names(e: Event) -> set[str]:
    """Normalised names a prediction answers to: as written, and the gazetteer's name."""
    return {normalize_name(n) for n in (e.place, e.place_name) if n}


def _attr(value: object) -> str:
    """An attribute as the reference compares it: ``str(value or "")``."""
    return str(value or "")


# --- report records --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of the debugging lists: what, where, and why."""

    doc: str
    place: str
    quote: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class AttributeScore:
    """Exact-match accuracy of one attribute over matched pairs whose gold value is known."""

    name: str
    correct: int
    total: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass(frozen=True, slots=True)
class DocScore:
    """Counts for one gold doc."""

    doc: str
    gold: int  # located events + offsets
    predicted: int  # scored predictions
    matched: int
    correct: int  # scored predictions near some gold item (precision numerator)
    counted: int  # precision denominator (scored minus neutral misses)
    violations: int


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Everything :func:`score` measured; ratios are None when their denominator is 0."""

    n_gold: int  # located gold events + offsets (recall and acc@k denominator)
    n_gold_events: int
    n_gold_offsets: int
    n_unlocated: int  # gold events without coordinates, offsets without a gold anchor
    n_negatives: int  # gold not_an_event items
    n_predictions: int  # every prediction passed in
    n_scored: int  # scored predictions in gold docs
    n_region: int  # region-level predictions in gold docs (not scored)
    n_other_docs: int  # predictions of docs without gold (ignored)
    n_neutral: int  # scored predictions left out of precision as neutral places
    matched: int
    correct: int
    counted: int
    within_1km: int
    within_5km: int
    name_found: int  # gold items with a same-name prediction
    errors_km: tuple[float, ...]  # their nearest-distance errors
    attributes: tuple[AttributeScore, ...]
    per_doc: tuple[DocScore, ...]
    misses: tuple[Finding, ...]
    false_positives: tuple[Finding, ...]
    name_misses: tuple[Finding, ...]
    violations: tuple[Finding, ...]
    unresolved_anchors: tuple[Finding, ...]

    @property
    def recall(self) -> float | None:
        return self.matched / self.n_gold if self.n_gold else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.counted if self.counted else None

    @property
    def f1(self) -> float | None:
        r, p = self.recall, self.precision
        return 2 * r * p / (r + p) if r is not None and p is not None and r + p > 0 else None

    @property
    def acc_1km(self) -> float | None:
        return self.within_1km / self.n_gold if self.n_gold else None

    @property
    def acc_5km(self) -> float | None:
        return self.within_5km / self.n_gold if self.n_gold else None

    @property
    def median_error_km(self) -> float | None:
        """The upper median of the name errors (the reference's ``errors[len // 2]``)."""
        errors = sorted(self.errors_km)
        return errors[len(errors) // 2] if errors else None

    def attribute(self, name: str) -> float | None:
        """Accuracy of ``name`` (one of :data:`ATTRIBUTES`) over matched pairs."""
        for a in self.attributes:
            if a.name == name:
                return a.accuracy
        raise KeyError(f"unknown attribute {name!r}; choose one of {', '.join(ATTRIBUTES)}")

    def figures(self) -> dict[str, float | int | None]:
        """The headline figures under the reference scorer's keys, rounded as it rounds.

        ``gold_events, predicted, recall, precision, f1, median_err_km, acc_1km, acc_5km,
        not_an_event_violations, negatives, actor_acc, event_type_acc, claimant_acc,
        date_acc``; ratios with an empty denominator are 0 (the reference divides by
        ``max(1, n)``), attribute accuracies None.
        """
        med = self.median_error_km
        return {
            "gold_events": self.n_gold,
            "predicted": self.counted,
            "recall": round(self.recall or 0.0, 3),
            "precision": round(self.precision or 0.0, 3),
            "f1": round(self.f1 or 0.0, 3),
            "median_err_km": None if med is None else round(med, 2),
            "acc_1km": round(self.acc_1km or 0.0, 3),
            "acc_5km": round(self.acc_5km or 0.0, 3),
            "not_an_event_violations": len(self.violations),
            "negatives": self.n_negatives,
            **{
                f"{a.name}_acc": None if a.accuracy is None else round(a.accuracy, 3)
                for a in self.attributes
            },
        }


# --- scoring ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Target:
    item: GoldItem
    position: LonLat
    name: str  # normalised place (event) or anchor (offset) name


def _targets(gold: Sequence[GoldItem]) -> tuple[list[_Target], list[GoldItem]]:
    """Located gold events and offsets (in gold order), and the ones that cannot be placed.

    An offset is projected from the first gold event (of any doc, in gold order) named like
    its anchor; a gold event without coordinates and an offset without such an anchor are
    left out of every measure, as the reference scorer leaves them out.
    """
    events = [g for g in gold if g.kind == "event" and g.lat is not None and g.lon is not None]
    located: list[_Target] = []
    unplaced: list[GoldItem] = []
    for g in gold:
        if g.kind == "event":
            if g.lat is None or g.lon is None:
                unplaced.append(g)
            else:
                located.append(_Target(g, LonLat(g.lon, g.lat), normalize_name(g.place)))
        elif g.kind == "offset":
            key = normalize_name(g.anchor)
            anchor = next((a for a in events if normalize_name(a.place) == key), None)
            if anchor is None:
                unplaced.append(g)
                continue
            at = _destination(
                LonLat(cast(float, anchor.lon), cast(float, anchor.lat)),
                cast(float, g.distance_km),
                cast(float, g.bearing_deg),
            )
            located.append(_Target(g, at, key))
    return located, unplaced


@dataclass
class _DocResult:
    """What one gold doc contributes; summed into an :class:`EvalReport` by :func:`score`."""

    row: DocScore
    n_region: int = 0
    n_neutral: int = 0
    attr_correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    attr_total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    errors_km: list[float] = field(default_factory=list)
    misses: list[Finding] = field(default_factory=list)
    false_positives: list[Finding] = field(default_factory=list)
    name_misses: list[Finding] = field(default_factory=list)
    violations: list[Finding] = field(default_factory=list)


def _agreement(item: GoldItem, e: Event) -> int:
    return sum(_attr(getattr(e, k)) == _attr(getattr(item, k)) for k in ATTRIBUTES)


def _score_doc(
    doc: str, targets: Sequence[_Target], items: Sequence[GoldItem], events: Sequence[Event]
) -> _DocResult:
    """Apply every rule to the located gold items, gold places and predictions of one doc."""
    preds = [e for e in events if e.precision in SCORED_PRECISIONS]
    out = _DocResult(row=DocScore(doc, len(targets), len(preds), 0, 0, 0, 0))
    out.n_region = len(events) - len(preds)
    dist = [[distance_km(t.position, e.position) for e in preds] for t in targets]

    # Recall: greedy, tightest tolerance first (stable in gold order); each gold item takes the
    # unused prediction in range that agrees on most attributes, then the nearest.
    used: set[int] = set()
    matched = 0
    order = sorted(range(len(targets)), key=lambda i: cast(float, targets[i].item.tolerance_km))
    for i in order:
        t, row = targets[i], dist[i]
        same = [row[j] for j, e in enumerate(preds) if t.name in _names(e)]
        if same:
            out.errors_km.append(min(same))
        elif t.item.kind == "event":
            out.name_misses.append(
                Finding(doc, t.item.label, t.item.quote, "no same-name prediction")
            )
        tolerance = cast(float, t.item.tolerance_km)
        ok = [j for j in range(len(preds)) if row[j] <= tolerance and j not in used]
        if not ok:
            out.misses.append(Finding(doc, t.item.label, t.item.quote, "no prediction in range"))
            continue
        best = max(ok, key=lambda j: (_agreement(t.item, preds[j]), -row[j]))
        used.add(best)
        matched += 1
        for k in ATTRIBUTES:
            if getattr(t.item, k) is not None:
                out.attr_total[k] += 1
                out.attr_correct[k] += _attr(getattr(preds[best], k)) == _attr(getattr(t.item, k))

    # Precision: near some gold item (matched or not; 3 km at least); far predictions named
    # like a neutral place of the doc are left out.
    neutral = {normalize_name(g.place) for g in items if g.kind == "neutral"}
    correct = counted = 0
    for j, e in enumerate(preds):
        near = [dist[i][j] for i in range(len(targets))]
        if any(
            d <= max(cast(float, t.item.tolerance_km), 3.0)
            for t, d in zip(targets, near, strict=True)
        ):
            correct += 1
            counted += 1
        elif _names(e) & neutral:
            out.n_neutral += 1
        else:
            counted += 1
            detail = f"nearest gold {min(near):.1f} km" if near else "no gold item placed"
            out.false_positives.append(Finding(doc, e.place or e.place_name, e.quote, detail))

    # Places that must not become events.
    pred_names: set[str] = set().union(*(_names(e) for e in preds))
    out.violations = [
        Finding(doc, g.place or "", g.quote, "predicted as an event")
        for g in items
        if g.kind == "not_an_event" and normalize_name(g.place) in pred_names
    ]
    out.row = replace(
        out.row, matched=matched, correct=correct, counted=counted, violations=len(out.violations)
    )
    return out


def score(gold: Sequence[GoldItem], events: Sequence[Event]) -> EvalReport:
    """Score predictions against gold with the FORMAT.md rules (see the module notes).

    Parameters
    ----------
    gold : sequence of GoldItem
        From :func:`load_gold`; several files' items concatenated are scored as one set.
    events : sequence of Event
        Predictions of any docs; only those of gold docs are scored.

    Returns
    -------
    EvalReport
    """
    docs = sorted({g.doc for g in gold})
    located, unplaced = _targets(gold)
    # In export order, as the reference scorer reads them from a written file: its ties (two
    # predictions equally near and equally agreeing) go to the first.
    events = sort_events(events)
    events_of = {d: [e for e in events if same_doc(e.doc, d)] for d in docs}
    n_other = sum(1 for e in events if not any(same_doc(e.doc, d) for d in docs))
    results = [
        _score_doc(
            d,
            [t for t in located if t.item.doc == d],
            [g for g in gold if g.doc == d],
            events_of[d],
        )
        for d in docs
    ]
    rows = [r.row for r in results]
    errors = [x for r in results for x in r.errors_km]

    def collect(attr: str) -> tuple[Finding, ...]:
        return tuple(f for r in results for f in getattr(r, attr))

    return EvalReport(
        n_gold=len(located),
        n_gold_events=sum(1 for t in located if t.item.kind == "event"),
        n_gold_offsets=sum(1 for t in located if t.item.kind == "offset"),
        n_unlocated=len(unplaced),
        n_negatives=sum(1 for g in gold if g.kind == "not_an_event"),
        n_predictions=len(events),
        n_scored=sum(row.predicted for row in rows),
        n_region=sum(r.n_region for r in results),
        n_other_docs=n_other,
        n_neutral=sum(r.n_neutral for r in results),
        matched=sum(row.matched for row in rows),
        correct=sum(row.correct for row in rows),
        counted=sum(row.counted for row in rows),
        within_1km=sum(1 for x in errors if x <= 1.0),
        within_5km=sum(1 for x in errors if x <= 5.0),
        name_found=len(errors),
        errors_km=tuple(errors),
        attributes=tuple(
            AttributeScore(
                n, sum(r.attr_correct[n] for r in results), sum(r.attr_total[n] for r in results)
            )
            for n in ATTRIBUTES
        ),
        per_doc=tuple(rows),
        misses=collect("misses"),
        false_positives=collect("false_positives"),
        name_misses=collect("name_misses"),
        violations=collect("violations"),
        unresolved_anchors=tuple(
            Finding(
                g.doc,
                g.label,
                g.quote,
                "no coordinates" if g.kind == "event" else "anchor not found",
            )
            for g in unplaced
        ),
    )


# --- several gold files ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldFile:
    """The items of one gold file, named as the user gave it."""

    name: str
    items: tuple[GoldItem, ...]


def gold_files(paths: Iterable[str | Path]) -> list[GoldFile]:
    """Load gold files; a directory stands for the ``*.jsonl`` files directly inside it.

    Raises
    ------
    InputError
        A path does not exist, or a directory holds no ``*.jsonl`` file.
    GoldFormatError
        A bad line (the message names the file and line).
    """
    out: list[GoldFile] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(p.glob("*.jsonl"))
            if not found:
                raise InputError(
                    f"{p}: no *.jsonl gold files in this directory; pass gold files or a "
                    "directory that holds them"
                )
            out += [GoldFile(str(f), tuple(load_gold(f))) for f in found]
        elif not p.exists():
            raise InputError(
                f"{p}: no such gold file; pass a JSONL gold file (FORMAT.md) or a directory of them"
            )
        else:
            out.append(GoldFile(str(p), tuple(load_gold(p))))
    return out


@dataclass(frozen=True, slots=True)
class MultiReport:
    """One :class:`EvalReport` per gold file, and ``total``: all of them scored as one set."""

    files: tuple[tuple[str, EvalReport], ...]
    total: EvalReport


def score_files(files: Sequence[GoldFile], events: Sequence[Event]) -> MultiReport:
    """Score ``events`` against each gold file, and against all of them together."""
    rows = tuple((f.name, score(f.items, events)) for f in files)
    return MultiReport(rows, score([g for f in files for g in f.items], events))


# --- report text -----------------------------------------------------------------------------


def _ratio(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def _findings(title: str, findings: Iterable[Finding]) -> list[str]:
    rows = list(findings)
    lines = [f"{title} ({len(rows)}):"]
    lines += [f"  {f.doc}  {f.place}  [{f.detail}]  {f.quote!r}" for f in rows]
    return lines


def _details(r: EvalReport) -> list[str]:
    return [
        *_findings("misses", r.misses),
        *_findings("false positives", r.false_positives),
        *_findings("gold events without a same-name prediction", r.name_misses),
        *_findings("not-an-event violations", r.violations),
        *_findings("gold items without coordinates or anchor (not scored)", r.unresolved_anchors),
    ]


def format_report(report: EvalReport, verbose: bool = False) -> str:
    """Render a report as text; the last three lines are always the headline.

    Parameters
    ----------
    report : EvalReport
    verbose : bool
        Also list misses, false positives, gold events without a same-name prediction,
        not-an-event violations and unplaced gold items (place, doc, quote).

    Returns
    -------
    str
        No trailing newline. Headline::

            recall 0.93 (40/43)  precision 0.91 (51/56)
            acc@1km 0.80  acc@5km 0.95  median_error_km 0.42  not-an-event violations 0
            actor 0.90  event_type 0.85  claimant 0.88  date 0.97
    """
    r = report
    lines = [
        f"gold: {r.n_gold} ({r.n_gold_events} events, {r.n_gold_offsets} offsets) "
        f"in {len(r.per_doc)} docs; {r.n_unlocated} without coordinates or anchor",
        f"predictions: {r.n_predictions} ({r.n_scored} scored, {r.n_region} region-level, "
        f"{r.n_neutral} neutral places left out of precision, {r.n_other_docs} in docs "
        "without gold)",
        f"same-name predictions for {r.name_found}/{r.n_gold} gold items "
        "(the others count as misses in acc@k)",
        "per doc:",
    ]
    width = max((len(d.doc) for d in r.per_doc), default=0)
    for d in r.per_doc:
        lines.append(
            f"  {d.doc:<{width}}  gold {d.gold:>3}  predicted {d.predicted:>3}  "
            f"matched {d.matched:>3}  precision {d.correct}/{d.counted}  violations {d.violations}"
        )
    if verbose:
        lines += _details(r)
    lines += [
        f"recall {_ratio(r.recall)} ({r.matched}/{r.n_gold})  "
        f"precision {_ratio(r.precision)} ({r.correct}/{r.counted})",
        f"acc@1km {_ratio(r.acc_1km)}  acc@5km {_ratio(r.acc_5km)}  "
        f"median_error_km {_ratio(r.median_error_km)}  "
        f"not-an-event violations {len(r.violations)}",
        "  ".join(f"{a.name} {_ratio(a.accuracy)}" for a in r.attributes),
    ]
    return "\n".join(lines)


_COLUMNS = (
    ("gold", 5), ("pred", 5), ("recall", 6), ("prec", 6), ("acc@1km", 7), ("viol/neg", 8),
    ("actor", 5), ("type", 5), ("claim", 5), ("date", 5),
)  # fmt: skip


def _table_row(name: str, width: int, r: EvalReport) -> str:
    cells = (
        str(r.n_gold), str(r.counted), _ratio3(r.recall), _ratio3(r.precision),
        _ratio3(r.acc_1km), f"{len(r.violations)}/{r.n_negatives}",
        *(_ratio3(a.accuracy) for a in r.attributes),
    )  # fmt: skip
    return f"{name:<{width}}" + "".join(
        f"  {c:>{w}}" for c, (_, w) in zip(cells, _COLUMNS, strict=True)
    )


def _ratio3(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def format_table(report: MultiReport, verbose: bool = False) -> str:
    """One row per gold file and a TOTAL row (all gold files scored as one set).

    Columns: located gold events and offsets, counted predictions, recall, precision,
    acc@1km, not-an-event violations/negatives, and the actor, event_type, claimant and date
    accuracies. With ``verbose`` each gold file's misses, false positives and violations
    follow the table.
    """
    names = [name for name, _ in report.files] + ["TOTAL"]
    width = max(len(n) for n in names)
    lines = [f"{'gold file':<{width}}" + "".join(f"  {h:>{w}}" for h, w in _COLUMNS)]
    lines += [_table_row(name, width, r) for name, r in report.files]
    lines.append(_table_row("TOTAL", width, report.total))
    if verbose:
        for name, r in report.files:
            lines += ["", f"== {name}", *_details(r)]
    return "\n".join(lines)


def report_json(report: MultiReport) -> str:
    """The figures of each gold file and of the total (:meth:`EvalReport.figures`) as JSON."""
    return json.dumps(
        {
            "files": {name: r.figures() for name, r in report.files},
            "total": report.total.figures(),
        },
        indent=1,
    )
