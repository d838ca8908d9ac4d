"""Score predicted events against gold annotations (``../shared/eval/FORMAT.md``).

Pure: takes :class:`~frontline.records.Event` records (from the pipeline or
:func:`frontline.geojson.read_geojson`), no geopandas. Geodesy is WGS84 via ``pyproj.Geod``.

Rules (FORMAT.md) and the choices this module makes where it leaves room:

* **Scored predictions** have precision ``settlement``, ``offset`` or ``feature``; ``region``
  ones are counted but neither rewarded nor penalised.
* **Doc matching**: a prediction belongs to a gold doc when its ``doc`` path ends with the gold
  doc, compared by path components (``seeds/000_x.txt`` ends with ``000_x.txt``, not with
  ``0_x.txt``). When several gold docs match, the longest (most specific) wins. Predictions of
  docs without gold are left out of every measure and only counted.
* **Offsets** are projected from their anchor with ``Geod.fwd``. The anchor (a name such as
  "Kherson") is placed by, in order: a gold ``event`` of the same doc with that name; the
  ``anchor_lon``/``anchor_lat`` of a prediction of the same doc with that anchor name; the
  ``anchor_lookup`` callable given to :func:`score`. An offset whose anchor cannot be placed
  stays in the recall denominator as a miss and is listed under "unresolved anchors".
* **Recall**: gold events and offsets matched one-to-one with scored predictions of their doc
  within ``tolerance_km`` (inclusive). The assignment maximises the number of matches (Kuhn's
  augmenting paths); among equally many, each gold item keeps the prediction it prefers: first
  one whose quote overlaps (either contains the other, whitespace-normalised), then the nearest.
* **Precision**: scored predictions within the tolerance of *some* gold event/offset of their doc
  (matched or not), over scored predictions minus those whose ``place`` or ``place_name``
  equals a ``neutral`` place of the doc.
* **acc@1km, acc@5km, median error**: for each gold ``event`` (offsets have no name) the distance
  to the nearest scored prediction of the doc with the same name (``place`` or ``place_name``).
  Gold events without any same-name prediction count as misses in acc@k (denominator: all gold
  events) and are listed separately; the median is over the found distances only.
* **Names** are compared after :func:`normalize_name`: lower-case, diacritics folded,
  alphanumerics only, a trailing word "city" dropped. Non-Latin letters are kept (not dropped):
  otherwise every Cyrillic name would fold to "" and all would compare equal. An empty name
  never matches.
* **not-an-event violations**: gold ``not_an_event`` items of a doc whose place is the name of
  some scored prediction of that doc; one violation per gold item.
* **Attribute accuracy** (actor, event_type, claimant, date) over matched pairs, exact equality
  (an unknown date on both sides counts as equal).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date as _date
from pathlib import Path, PurePosixPath
from statistics import median
from typing import Any, Literal, cast

from pyproj import Geod

from frontline.errors import GoldFormatError, InputError
from frontline.records import CLAIMANTS, EVENT_TYPES, Event, LonLat

__all__ = [
    "ATTRIBUTES",
    "SCORED_PRECISIONS",
    "AttributeScore",
    "DocScore",
    "EvalReport",
    "Finding",
    "GoldItem",
    "format_report",
    "load_gold",
    "normalize_name",
    "score",
]

GoldKind = Literal["event", "offset", "not_an_event", "neutral"]
GOLD_KINDS: tuple[str, ...] = ("event", "offset", "not_an_event", "neutral")
SCORED_PRECISIONS: frozenset[str] = frozenset({"settlement", "offset", "feature"})
ATTRIBUTES: tuple[str, ...] = ("actor", "event_type", "claimant", "date")
_ACTORS: tuple[str, ...] = ("RU", "UA", "unknown")
_GEOD = Geod(ellps="WGS84")

AnchorLookup = Callable[[str], LonLat | None]


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
    "lat": (lambda v: _is_num(v) and -90 <= v <= 90, "a latitude in -90..90"),
    "lon": (lambda v: _is_num(v) and -180 <= v <= 180, "a longitude in -180..180"),
    "admin1": (lambda v: isinstance(v, str), 'a GeoNames admin1 code string such as "14"'),
    "gazetteer_id": (
        lambda v: isinstance(v, str) and re.fullmatch(r"[a-z]+:\S+", v) is not None,
        '"geonames:ID" or "osm:TYPE/ID"',
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
    if kind == "neutral" and ("lat" in values) != ("lon" in values):
        raise GoldFormatError(f"{where}: a neutral place needs both lat and lon or neither")
    for name in ("lat", "lon", "tolerance_km", "distance_km", "bearing_deg"):
        if name in values:
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

_WORD_RE = re.compile(r"[^\W_]+")


def normalize_name(name: str | None) -> str:
    """Key for comparing place names: "Kherson City" -> "kherson", "Mar'yinka" -> "maryinka".

    Deliberately independent of :mod:`frontline.names` (the pipeline's matcher): the scorer
    must follow FORMAT.md, not share the system's own spelling rules and their mistakes.

    Parameters
    ----------
    name : str or None

    Returns
    -------
    str
        Lower-case, diacritics removed, alphanumerics only, a trailing word "city" dropped;
        ``""`` for None or a name without letters.
    """
    if not name:
        return ""
    folded = unicodedata.normalize("NFKD", name.casefold())
    words = _WORD_RE.findall("".join(c for c in folded if not unicodedata.combining(c)))
    if len(words) > 1 and words[-1] == "city":
        words.pop()
    return "".join(words)


def _parts(doc: str) -> tuple[str, ...]:
    return tuple(p for p in PurePosixPath(doc.replace("\\", "/")).parts if p not in ("", "/"))


def _doc_of(pred_doc: str, gold_docs: Mapping[str, tuple[str, ...]]) -> str | None:
    """The most specific gold doc whose path components end ``pred_doc``'s, if any."""
    parts = _parts(pred_doc)
    best: str | None = None
    for doc, suffix in gold_docs.items():
        fits = 0 < len(suffix) <= len(parts) and parts[-len(suffix) :] == suffix
        if fits and (best is None or len(suffix) > len(gold_docs[best])):
            best = doc
    return best


def _distances_km(a: Sequence[LonLat], b: Sequence[LonLat]) -> list[list[float]]:
    """Geodesic distance matrix (len(a) x len(b)) in one vectorised pyproj call."""
    if not a or not b:
        return [[] for _ in a]
    lon1 = [p.lon for p in a for _ in b]
    lat1 = [p.lat for p in a for _ in b]
    lon2 = [q.lon for _ in a for q in b]
    lat2 = [q.lat for _ in a for q in b]
    _, _, metres = _GEOD.inv(lon1, lat1, lon2, lat2)
    flat = [m / 1000.0 for m in metres]
    return [flat[i * len(b) : (i + 1) * len(b)] for i in range(len(a))]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _quote_overlaps(gold_quote: str, e: Event) -> bool:
    g = _squash(gold_quote)
    for q in (e.quote, *e.quotes):
        p = _squash(q)
        if p and g and (g in p or p in g):
            return True
    return False


def _names(e: Event) -> set[str]:
    return {n for n in (normalize_name(e.place), normalize_name(e.place_name)) if n}


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
    """Exact-match accuracy of one attribute over matched pairs."""

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
    gold: int  # events + offsets
    predicted: int  # scored predictions
    matched: int
    correct: int  # scored predictions near some gold item (precision numerator)
    counted: int  # precision denominator (scored minus neutral)
    violations: int


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Everything :func:`score` measured; ratios are None when their denominator is 0."""

    n_gold: int  # gold events + offsets (recall denominator)
    n_gold_events: int
    n_gold_offsets: int
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
    name_found: int  # gold events with a same-name prediction
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
    def acc_1km(self) -> float | None:
        return self.within_1km / self.n_gold_events if self.n_gold_events else None

    @property
    def acc_5km(self) -> float | None:
        return self.within_5km / self.n_gold_events if self.n_gold_events else None

    @property
    def median_error_km(self) -> float | None:
        return median(self.errors_km) if self.errors_km else None

    def attribute(self, name: str) -> float | None:
        """Accuracy of ``name`` (one of :data:`ATTRIBUTES`) over matched pairs."""
        for a in self.attributes:
            if a.name == name:
                return a.accuracy
        raise KeyError(f"unknown attribute {name!r}; choose one of {', '.join(ATTRIBUTES)}")


# --- scoring ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Target:
    item: GoldItem
    position: LonLat | None  # None: an offset whose anchor could not be placed


def _anchor_position(
    item: GoldItem,
    gold_events: Sequence[GoldItem],
    preds: Sequence[Event],
    lookup: AnchorLookup | None,
) -> LonLat | None:
    key = normalize_name(item.anchor)
    for g in gold_events:
        if g.lon is not None and g.lat is not None and normalize_name(g.place) == key:
            return LonLat(g.lon, g.lat)
    for e in preds:
        if (
            e.anchor_lon is not None
            and e.anchor_lat is not None
            and normalize_name(e.anchor) == key
        ):
            return LonLat(e.anchor_lon, e.anchor_lat)
    return lookup(item.anchor or "") if lookup is not None else None


def _targets(
    items: Sequence[GoldItem], preds: Sequence[Event], lookup: AnchorLookup | None
) -> list[_Target]:
    events = [g for g in items if g.kind == "event"]
    out: list[_Target] = []
    for g in items:
        if g.kind == "event":
            out.append(_Target(g, LonLat(cast(float, g.lon), cast(float, g.lat))))
        elif g.kind == "offset":
            anchor = _anchor_position(g, events, preds, lookup)
            if anchor is None:
                out.append(_Target(g, None))
                continue
            lon, lat, _ = _GEOD.fwd(
                anchor.lon, anchor.lat, g.bearing_deg, cast(float, g.distance_km) * 1000.0
            )
            out.append(_Target(g, LonLat(float(lon), float(lat))))
    return out


def _assign(prefs: Sequence[Sequence[int]]) -> dict[int, int]:
    """Maximum one-to-one matching of gold i to predictions ``prefs[i]`` (best first).

    Kuhn's augmenting-path algorithm, hand-written because scipy is not a dependency and the
    problem is tiny (one doc at a time). Each gold item tries its candidates in preference
    order and may push an earlier gold item to that item's next candidate, so the count of
    matches is maximal while preferences decide among equals.

    Returns
    -------
    dict
        prediction index -> gold index.
    """
    owner: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for p in prefs[g]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in range(len(prefs)):
        augment(g, set())
    return owner


def _preferences(item: GoldItem, dist: Sequence[float], preds: Sequence[Event]) -> list[int]:
    """Predictions within the item's tolerance, best first: quote overlap, then distance."""
    tolerance = cast(float, item.tolerance_km)
    in_range = [j for j, d in enumerate(dist) if d <= tolerance]
    return sorted(in_range, key=lambda j: (not _quote_overlaps(item.quote, preds[j]), dist[j], j))


@dataclass
class _DocResult:
    """What one gold doc contributes; summed into an :class:`EvalReport` by :func:`score`."""

    row: DocScore
    n_region: int = 0
    n_neutral: int = 0
    attr_correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    errors_km: list[float] = field(default_factory=list)
    misses: list[Finding] = field(default_factory=list)
    false_positives: list[Finding] = field(default_factory=list)
    name_misses: list[Finding] = field(default_factory=list)
    violations: list[Finding] = field(default_factory=list)
    unresolved: list[Finding] = field(default_factory=list)


def _score_doc(
    doc: str, items: Sequence[GoldItem], events: Sequence[Event], lookup: AnchorLookup | None
) -> _DocResult:
    """Apply every rule to the gold items and predictions of one doc."""
    everything = sorted(events, key=lambda e: (e.char_start, e.id))
    preds = [e for e in everything if e.precision in SCORED_PRECISIONS]
    targets = _targets(items, everything, lookup)
    placed = [t for t in targets if t.position is not None]
    dist = _distances_km([t.position for t in placed if t.position], [e.position for e in preds])
    out = _DocResult(row=DocScore(doc, len(targets), len(preds), 0, 0, 0, 0))
    out.n_region = len(everything) - len(preds)

    # Recall: one-to-one within tolerance; prefer quote overlap, then distance.
    owner = _assign([_preferences(t.item, dist[i], preds) for i, t in enumerate(placed)])
    pred_of = {g: p for p, g in owner.items()}
    for i, t in enumerate(placed):
        if i not in pred_of:
            out.misses.append(Finding(doc, t.item.label, t.item.quote, "no prediction in range"))
            continue
        for name in ATTRIBUTES:
            out.attr_correct[name] += getattr(preds[pred_of[i]], name) == getattr(t.item, name)
    out.unresolved = [
        Finding(doc, t.item.label, t.item.quote, "anchor not found")
        for t in targets
        if t.position is None
    ]
    out.misses += out.unresolved  # still in the recall denominator

    # Precision: near some gold item (matched or not); neutral places are left out.
    neutral = {normalize_name(g.place) for g in items if g.kind == "neutral"} - {""}
    correct = counted = 0
    for j, e in enumerate(preds):
        if _names(e) & neutral:
            out.n_neutral += 1
            continue
        counted += 1
        near = [dist[i][j] for i in range(len(placed))]
        if any(d <= cast(float, placed[i].item.tolerance_km) for i, d in enumerate(near)):
            correct += 1
        else:
            detail = f"nearest gold {min(near):.1f} km" if near else "no gold item placed"
            out.false_positives.append(Finding(doc, e.place or e.place_name, e.quote, detail))

    # Location error by name, for gold events only (offsets have no name).
    for g in items:
        if g.kind != "event":
            continue
        key = normalize_name(g.place)
        same = [e.position for e in preds if key and key in _names(e)]
        if same:
            here = LonLat(cast(float, g.lon), cast(float, g.lat))
            out.errors_km.append(min(_distances_km([here], same)[0]))
        else:
            out.name_misses.append(Finding(doc, g.place or "", g.quote, "no same-name prediction"))

    # Places that must not become events.
    pred_names: set[str] = set().union(*(_names(e) for e in preds))
    out.violations = [
        Finding(doc, g.place or "", g.quote, "predicted as an event")
        for g in items
        if g.kind == "not_an_event" and normalize_name(g.place) in pred_names
    ]
    out.row = replace(
        out.row,
        matched=len(owner),
        correct=correct,
        counted=counted,
        violations=len(out.violations),
    )
    return out


def score(
    gold: Sequence[GoldItem],
    events: Sequence[Event],
    *,
    anchor_lookup: AnchorLookup | None = None,
) -> EvalReport:
    """Score predictions against gold with the FORMAT.md rules (see the module notes).

    Parameters
    ----------
    gold : sequence of GoldItem
        From :func:`load_gold`.
    events : sequence of Event
        Predictions of any docs; only those of gold docs are scored.
    anchor_lookup : callable, optional
        ``name -> LonLat | None``, the last resort for placing an offset's anchor (e.g. a
        gazetteer lookup) after gold events and predicted anchors of the same doc.

    Returns
    -------
    EvalReport
    """
    items_of: dict[str, list[GoldItem]] = {}
    for g in gold:
        items_of.setdefault(g.doc, []).append(g)
    suffixes = {doc: _parts(doc) for doc in items_of}
    events_of: dict[str, list[Event]] = {doc: [] for doc in items_of}
    n_other = 0
    for e in events:
        doc = _doc_of(e.doc, suffixes)
        if doc is None:
            n_other += 1
        else:
            events_of[doc].append(e)

    results = [_score_doc(doc, items_of[doc], events_of[doc], anchor_lookup) for doc in items_of]
    rows = [r.row for r in results]
    errors = [x for r in results for x in r.errors_km]
    matched = sum(row.matched for row in rows)

    def collect(attr: str) -> tuple[Finding, ...]:
        return tuple(f for r in results for f in getattr(r, attr))

    return EvalReport(
        n_gold=sum(1 for g in gold if g.kind in ("event", "offset")),
        n_gold_events=sum(1 for g in gold if g.kind == "event"),
        n_gold_offsets=sum(1 for g in gold if g.kind == "offset"),
        n_predictions=len(events),
        n_scored=sum(row.predicted for row in rows),
        n_region=sum(r.n_region for r in results),
        n_other_docs=n_other,
        n_neutral=sum(r.n_neutral for r in results),
        matched=matched,
        correct=sum(row.correct for row in rows),
        counted=sum(row.counted for row in rows),
        within_1km=sum(1 for x in errors if x <= 1.0),
        within_5km=sum(1 for x in errors if x <= 5.0),
        name_found=len(errors),
        errors_km=tuple(errors),
        attributes=tuple(
            AttributeScore(n, sum(r.attr_correct[n] for r in results), matched) for n in ATTRIBUTES
        ),
        per_doc=tuple(rows),
        misses=collect("misses"),
        false_positives=collect("false_positives"),
        name_misses=collect("name_misses"),
        violations=collect("violations"),
        unresolved_anchors=collect("unresolved"),
    )


# --- report text -----------------------------------------------------------------------------


def _ratio(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def _findings(title: str, findings: Iterable[Finding]) -> list[str]:
    rows = list(findings)
    lines = [f"{title} ({len(rows)}):"]
    lines += [f"  {f.doc}  {f.place}  [{f.detail}]  {f.quote!r}" for f in rows]
    return lines


def format_report(report: EvalReport, verbose: bool = False) -> str:
    """Render a report as text; the last three lines are always the headline.

    Parameters
    ----------
    report : EvalReport
    verbose : bool
        Also list misses, false positives, gold events without a same-name prediction,
        not-an-event violations and unresolved offset anchors (place, doc, quote).

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
        f"in {len(r.per_doc)} docs",
        f"predictions: {r.n_predictions} ({r.n_scored} scored, {r.n_region} region-level, "
        f"{r.n_neutral} neutral places left out of precision, {r.n_other_docs} in docs "
        "without gold)",
        f"same-name predictions for {r.name_found}/{r.n_gold_events} gold events "
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
        lines += _findings("misses", r.misses)
        lines += _findings("false positives", r.false_positives)
        lines += _findings("gold events without a same-name prediction", r.name_misses)
        lines += _findings("not-an-event violations", r.violations)
        lines += _findings("unresolved offset anchors", r.unresolved_anchors)
    lines += [
        f"recall {_ratio(r.recall)} ({r.matched}/{r.n_gold})  "
        f"precision {_ratio(r.precision)} ({r.correct}/{r.counted})",
        f"acc@1km {_ratio(r.acc_1km)}  acc@5km {_ratio(r.acc_5km)}  "
        f"median_error_km {_ratio(r.median_error_km)}  "
        f"not-an-event violations {len(r.violations)}",
        "  ".join(f"{a.name} {_ratio(a.accuracy)}" for a in r.attributes),
    ]
    return "\n".join(lines)
