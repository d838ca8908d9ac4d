"""Events <-> RFC 7946 GeoJSON, without geopandas.

The GeoJSON written here is the project's interchange format (``frontline extract -o x.geojson``),
read by QGIS, kepler.gl and the scorer, so it is produced by hand rather than through GDAL:
that is the only way to promise the same bytes for the same events.

Format
------
* A ``FeatureCollection`` of ``Point`` features, coordinates ``[lon, lat]`` (WGS84, no ``crs``
  member: RFC 7946 §4), rounded to 7 decimals (about 1 cm).
* One feature per line and sorted keys, so exports diff well in version control.
* ``properties`` hold every SPEC §5 field (see :data:`PROPERTIES`), plus ``anchor_lon``,
  ``anchor_lat``, ``source`` and the rest of the event's offset (``distance_min_km``,
  ``distance_max_km``, ``distance_qualifier``, ``sector_half_angle_deg``: the range and the
  compass sector the phrase allows) so that :func:`feature_to_event` loses nothing. Files
  written before those existed still load: the range is re-derived from ``distance_km`` by
  :func:`frontline.spatial.distance_range` (as a bare number) and the sector from
  ``bearing_deg``. Derived fields:
  ``geo_precision`` (ACLED-style 1|2|3) and ``date_start``/``date_end`` (the ``date_range`` if
  any, else ``date``) for the QGIS temporal controller and kepler.gl's time filter;
  ``datetime`` (``date`` + ``T00:00:00Z``, the ISO 8601 timestamp kepler.gl animates) with
  ``time_precision`` (``day``, or ``range`` when the report gave a span of days).
* ``admin1`` is the oblast's English name (``Luhansk Oblast``), as the spec has it;
  ``admin1_iso`` its ISO 3166-2 code (``UA-09``), the code of the project's boundary file
  (``boundaries/oblasts.geojson``, property ``iso3166-2``), so events join to it;
  ``admin1_geonames`` the GeoNames admin1 code the gazetteer uses ("14" for Luhansk) and
  ``country`` the ISO 3166-1 code (``UA``). Files written before these columns existed held the
  GeoNames code or the ISO code in ``admin1``; they still load.
* ``alternatives`` and ``cues`` are ``"; "``-joined strings so GIS tools see a plain text field;
  ``quotes`` (free text that may itself contain ``"; "``) stays a JSON array of strings, which
  GDAL/QGIS read as a ``StringList``.
* Dates are ISO ``YYYY-MM-DD`` strings (GDAL reads them as ``Date`` fields) or ``null``.

Numbers go through one formatter: coordinates are rounded to 7 decimals, other floats to 6,
``-0.0`` becomes ``0.0`` and non-finite values are rejected (JSON has no NaN).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal, cast

from frontline.errors import InputError
from frontline.ingest import replace_surrogates
from frontline.records import (
    CLAIMANTS,
    DISTANCE_QUALIFIERS,
    EVENT_TYPES,
    OUTCOMES,
    PRECISIONS,
    Actor,
    Distance,
    Event,
    LonLat,
    Offset,
    Precision,
)
from frontline.spatial import circle_ring, compass_half_angle, distance_range, place_offset

__all__ = [
    "ADMIN1_ISO",
    "COORD_DECIMALS",
    "PROPERTIES",
    "UNCERTAINTY_PROPERTIES",
    "FeatureLines",
    "admin1_iso",
    "admin1_name",
    "event_to_feature",
    "events_to_geojson",
    "events_to_jsonl",
    "feature_to_event",
    "read_geojson",
    "read_jsonl",
    "sort_events",
    "uncertainty_features",
    "uncertainty_geojson",
    "uncertainty_region",
]

COORD_DECIMALS = 7
FLOAT_DECIMALS = 6
LIST_SEPARATOR = "; "
_ACTORS: tuple[str, ...] = ("RU", "UA", "unknown")

PropertyKind = Literal[
    "str", "str?", "int", "float", "float?", "coord?", "date?", "datetime?", "list", "strlist"
]

# The feature properties in SPEC §5 order with their value kind. Column order of tabular
# exports (GeoPackage, CSV, GeoDataFrame) follows this table; the GeoJSON sorts keys.
#   str/str? text (? = may be null), int, float/float? (6 decimals), coord? (7 decimals),
#   date? ISO date or null, datetime? ISO UTC timestamp ("2022-11-12T00:00:00Z") or null,
#   list = "; "-joined string, strlist = JSON array of strings.
PROPERTIES: dict[str, PropertyKind] = {
    "id": "str",
    "doc": "str",
    "date": "date?",
    "date_start": "date?",
    "date_end": "date?",
    "report_date": "date?",
    "place": "str",
    "place_name": "str",
    "gazetteer_id": "str",
    "admin1": "str",
    "admin1_iso": "str",
    "admin1_geonames": "str",
    "country": "str",
    "precision": "str",
    "geo_precision": "int",
    "uncertainty_km": "float",
    "anchor": "str?",
    "anchor_lon": "coord?",
    "anchor_lat": "coord?",
    "distance_km": "float?",
    "distance_min_km": "float?",
    "distance_max_km": "float?",
    "distance_qualifier": "str?",
    "bearing_deg": "float?",
    "sector_half_angle_deg": "float?",
    "axis": "str",
    "actor": "str",
    "event_type": "str",
    "outcome": "str",
    "claimant": "str",
    "confidence": "float",
    "alternatives": "list",
    "cues": "list",
    "quote": "str",
    "char_start": "int",
    "char_end": "int",
    "quotes": "strlist",
    "source": "str",
    "datetime": "datetime?",
    "time_precision": "str?",
}

# GeoNames admin1 code of a Ukrainian oblast -> (ISO 3166-2 code, English name). The ISO codes
# are those of the project's boundary file (``iso3166-2``); a test holds the two together.
ADMIN1_ISO: dict[str, tuple[str, str]] = {
    "01": ("UA-71", "Cherkasy Oblast"),
    "02": ("UA-74", "Chernihiv Oblast"),
    "03": ("UA-77", "Chernivtsi Oblast"),
    "04": ("UA-12", "Dnipropetrovsk Oblast"),
    "05": ("UA-14", "Donetsk Oblast"),
    "06": ("UA-26", "Ivano-Frankivsk Oblast"),
    "07": ("UA-63", "Kharkiv Oblast"),
    "08": ("UA-65", "Kherson Oblast"),
    "09": ("UA-68", "Khmelnytskyi Oblast"),
    "10": ("UA-35", "Kirovohrad Oblast"),
    "11": ("UA-43", "Crimea"),
    "12": ("UA-30", "Kyiv City"),
    "13": ("UA-32", "Kyiv Oblast"),
    "14": ("UA-09", "Luhansk Oblast"),
    "15": ("UA-46", "Lviv Oblast"),
    "16": ("UA-48", "Mykolaiv Oblast"),
    "17": ("UA-51", "Odesa Oblast"),
    "18": ("UA-53", "Poltava Oblast"),
    "19": ("UA-56", "Rivne Oblast"),
    "20": ("UA-40", "Sevastopol"),
    "21": ("UA-59", "Sumy Oblast"),
    "22": ("UA-61", "Ternopil Oblast"),
    "23": ("UA-05", "Vinnytsia Oblast"),
    "24": ("UA-07", "Volyn Oblast"),
    "25": ("UA-21", "Zakarpattia Oblast"),
    "26": ("UA-23", "Zaporizhia Oblast"),
    "27": ("UA-18", "Zhytomyr Oblast"),
}
# ISO code or English name -> GeoNames code, to read back what admin1 columns may hold.
_ADMIN1_CODES: dict[str, str] = {
    **{iso: code for code, (iso, _) in ADMIN1_ISO.items()},
    **{name: code for code, (_, name) in ADMIN1_ISO.items()},
}


def admin1_iso(code: str) -> str:
    """The ISO 3166-2 code of a GeoNames admin1 code of Ukraine ("14" -> "UA-09"), else ""."""
    return ADMIN1_ISO.get(code, ("", ""))[0]


def admin1_name(code: str) -> str:
    """The English name of a GeoNames admin1 code ("14" -> "Luhansk Oblast"), else ""."""
    return ADMIN1_ISO.get(code, ("", ""))[1]


def _time_columns(e: Event) -> dict[str, str | None]:
    if e.date is None:
        return {"datetime": None, "time_precision": None}
    return {
        "datetime": f"{e.date}T00:00:00Z",
        "time_precision": "range" if e.date_range is not None else "day",
    }


# Properties of the uncertainty polygons (second layer), same kinds as above.
UNCERTAINTY_PROPERTIES: dict[str, PropertyKind] = {
    "id": "str",
    "doc": "str",
    "date": "date?",
    "place": "str",
    "anchor": "str?",
    "distance_km": "float?",
    "distance_min_km": "float?",
    "distance_max_km": "float?",
    "distance_qualifier": "str?",
    "bearing_deg": "float?",
    "sector_half_angle_deg": "float?",
    "uncertainty_km": "float",
    "shape": "str",
}


def _num(value: float, decimals: int, what: str) -> float:
    """Round ``value`` for output; reject NaN/inf, which JSON cannot carry."""
    x = float(value)
    if not math.isfinite(x):
        raise InputError(f"{what} must be a finite number; got {value!r}")
    return round(x, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0 so equal values print equally


def _opt_num(value: float | None, decimals: int, what: str) -> float | None:
    return None if value is None else _num(value, decimals, what)


def sort_events(events: Iterable[Event]) -> list[Event]:
    """Return events in export order: (date or "", doc, char_start, id).

    Parameters
    ----------
    events : iterable of Event

    Returns
    -------
    list of Event
        A new list; undated events sort first, since ``""`` precedes every ISO date.
    """
    return sorted(events, key=_sort_key)


def _sort_key(e: Event) -> tuple[str, str, int, str]:
    return (e.date or "", e.doc, e.char_start, e.id)


def event_to_feature(e: Event) -> dict[str, Any]:
    """Convert one event into a GeoJSON Feature dict (RFC 7946, ``[lon, lat]``).

    Parameters
    ----------
    e : Event

    Returns
    -------
    dict
        ``{"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {...}}`` with every key of :data:`PROPERTIES`.

    Raises
    ------
    InputError
        If a coordinate or other float of the event is NaN or infinite.
    """
    what = f"event {e.id!r}"
    lon = _num(e.lon, COORD_DECIMALS, f"{what}: lon")
    lat = _num(e.lat, COORD_DECIMALS, f"{what}: lat")
    start, end = e.date_range if e.date_range is not None else (e.date, e.date)
    props: dict[str, Any] = {
        "id": e.id,
        "doc": e.doc,
        "date": e.date,
        "date_start": start,
        "date_end": end,
        "report_date": e.report_date,
        "place": e.place,
        "place_name": e.place_name,
        "gazetteer_id": e.gazetteer_id,
        "admin1": admin1_name(e.admin1),
        "admin1_iso": admin1_iso(e.admin1),
        "admin1_geonames": e.admin1,
        "country": "UA" if e.admin1 in ADMIN1_ISO else "",
        "precision": e.precision,
        "geo_precision": e.geo_precision,
        "uncertainty_km": _num(e.uncertainty_km, FLOAT_DECIMALS, f"{what}: uncertainty_km"),
        "anchor": e.anchor,
        "anchor_lon": _opt_num(e.anchor_lon, COORD_DECIMALS, f"{what}: anchor_lon"),
        "anchor_lat": _opt_num(e.anchor_lat, COORD_DECIMALS, f"{what}: anchor_lat"),
        **_offset_properties(e.offset, what),
        "axis": e.axis,
        "actor": e.actor,
        "event_type": e.event_type,
        "outcome": e.outcome,
        "claimant": e.claimant,
        "confidence": _num(e.confidence, FLOAT_DECIMALS, f"{what}: confidence"),
        "alternatives": LIST_SEPARATOR.join(e.alternatives),
        "cues": LIST_SEPARATOR.join(e.cues),
        "quote": e.quote,
        "char_start": int(e.char_start),
        "char_end": int(e.char_end),
        "quotes": list(e.quotes),
        "source": e.source,
        **_time_columns(e),
    }
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": props,
    }


def _offset_properties(offset: Offset | None, what: str) -> dict[str, Any]:
    """The offset's columns: stated distance, its range and qualifier, bearing and sector."""
    d = offset.distance if offset is not None else None
    values: dict[str, float | None] = {
        "distance_km": d.stated_km if d is not None else None,
        "distance_min_km": d.min_km if d is not None else None,
        "distance_max_km": d.max_km if d is not None else None,
        "bearing_deg": offset.bearing_deg if offset is not None else None,
        "sector_half_angle_deg": offset.half_angle_deg if offset is not None else None,
    }
    props: dict[str, Any] = {
        k: _opt_num(v, FLOAT_DECIMALS, f"{what}: {k}") for k, v in values.items()
    }
    props["distance_qualifier"] = d.qualifier if d is not None else None
    return props


def _dump(obj: Any) -> str:
    # ensure_ascii=False keeps Cyrillic readable; RFC 7946 mandates UTF-8 anyway.
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, allow_nan=False)


def _collection(features: Sequence[Mapping[str, Any]]) -> str:
    """Serialise features as a FeatureCollection, one feature per line, keys sorted."""
    return "".join(_framed([_dump(f) for f in features]))


def _framed(lines: Sequence[str]) -> Iterator[str]:
    """The FeatureCollection text around features already serialised one per line."""
    if not lines:
        yield '{"features": [], "type": "FeatureCollection"}\n'
        return
    yield '{"features": [\n'
    for k, line in enumerate(lines):
        yield line if k == 0 else ",\n" + line
    yield '\n], "type": "FeatureCollection"}\n'


class FeatureLines:
    """Events added as they are extracted, written as :func:`events_to_geojson` writes them.

    The document is in :func:`sort_events` order, which only the last event can settle, so
    something must be kept until then: each event's sort key and its feature, serialised
    (one line of JSON), not the event, let alone the report it came from. That is about
    1.7 kB an event; the reports themselves go as soon as their events are added.
    """

    __slots__ = ("_rows",)

    def __init__(self) -> None:
        self._rows: list[tuple[tuple[str, str, int, str], int, int, str]] = []

    def add(self, rank: int, events: Iterable[Event]) -> None:
        """Serialise ``events`` now, in any order. Events with equal sort keys are written
        by ``rank`` (a report's input position), then in the order they came in."""
        for e in events:
            # A lone surrogate (in an Event built by hand) cannot be encoded as UTF-8: U+FFFD.
            line = replace_surrogates(_dump(event_to_feature(e)))
            self._rows.append((_sort_key(e), rank, len(self._rows), line))

    def __len__(self) -> int:
        return len(self._rows)

    def chunks(self) -> Iterator[str]:
        """The document text in pieces (sorted once, when first asked)."""
        self._rows.sort()
        return _framed([line for *_key, line in self._rows])

    def lines(self) -> Iterator[str]:
        """The features as JSON Lines (one feature and a newline each), in document order."""
        self._rows.sort()
        return (line + "\n" for *_key, line in self._rows)

    def write(self, path: str | Path, *, as_lines: bool = False) -> Path:
        """Write the document (``as_lines``: the JSON Lines) to ``path`` atomically (UTF-8),
        piece by piece."""
        from frontline.atomic import atomic_path

        with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
            for chunk in self.lines() if as_lines else self.chunks():
                fh.write(chunk)
        return Path(path)


def events_to_geojson(events: Iterable[Event]) -> str:
    """Serialise events as a deterministic RFC 7946 FeatureCollection.

    Parameters
    ----------
    events : iterable of Event
        In any order; features are written in :func:`sort_events` order.

    Returns
    -------
    str
        The document text (encode as UTF-8). Same events, same string.
    """
    lines = FeatureLines()
    lines.add(0, events)
    return "".join(lines.chunks())


def events_to_jsonl(events: Iterable[Event]) -> str:
    """Serialise events as JSON Lines: the features of :func:`events_to_geojson`, one per line
    (newline-delimited GeoJSON, which GDAL reads as GeoJSONSeq), in the same order."""
    lines = FeatureLines()
    lines.add(0, events)
    return "".join(lines.lines())


# --- reading ---------------------------------------------------------------------------------


def _bad(what: str, expected: str, got: object) -> InputError:
    return InputError(f"{what}: expected {expected}, got {got!r}")


def _get_str(props: Mapping[str, Any], key: str, default: str = "") -> str:
    value = props.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise _bad(f"property {key!r}", "a string", value)
    return replace_surrogates(value)


def _get_opt_str(props: Mapping[str, Any], key: str) -> str | None:
    value = props.get(key)
    if value is not None and not isinstance(value, str):
        raise _bad(f"property {key!r}", "a string or null", value)
    return None if value is None else replace_surrogates(value)


def _get_float(props: Mapping[str, Any], key: str, default: float | None) -> float | None:
    value = props.get(key, default)
    if value is None:
        return default
    # bool is an int subclass; a True here is a data error, not 1.0.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(f"property {key!r}", "a number or null", value)
    try:
        number = float(value)
    except OverflowError:  # an int beyond any float
        number = math.inf
    if not math.isfinite(number):
        raise _bad(f"property {key!r}", "a finite number or null", _short(value))
    return number


# Character offsets are stored as 32-bit integers (OGR Integer, the GeoDataFrame's int32).
_INT_MAX = 2**31 - 1


def _get_int(props: Mapping[str, Any], key: str) -> int:
    value = props.get(key, 0)
    if value is None:
        return 0
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or (isinstance(value, float) and not value.is_integer())  # also NaN and infinity
        or not 0 <= value <= _INT_MAX
    ):
        raise _bad(f"property {key!r}", f"an integer in 0..{_INT_MAX}", _short(value))
    return int(value)


def _get_choice(props: Mapping[str, Any], key: str, choices: tuple[str, ...], default: str) -> str:
    value = _get_str(props, key, default)
    if value not in choices:
        raise _bad(f"property {key!r}", f"one of {', '.join(choices)}", value)
    return value


def _split(value: str) -> tuple[str, ...]:
    return tuple(value.split(LIST_SEPARATOR)) if value else ()


def _get_strlist(props: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = props.get(key)
    if value is None:
        return ()
    if isinstance(value, str):  # a GIS tool may have flattened the array; accept the join
        return _split(value)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _bad(f"property {key!r}", "a list of strings", _short(value))
    return tuple(replace_surrogates(v) for v in value)


def feature_to_event(feature: Mapping[str, Any]) -> Event:
    """Rebuild an :class:`Event` from a feature written by :func:`event_to_feature`.

    Parameters
    ----------
    feature : mapping
        A GeoJSON Feature with a Point geometry. ``id``, ``doc`` and ``precision`` are required;
        other missing properties take neutral defaults ("" / null / "unknown"), so features
        edited in a GIS still load. ``geo_precision``, ``admin1_iso``, ``country``,
        ``datetime`` and ``time_precision`` are derived and ignored.

    Returns
    -------
    Event
        ``date_range`` is restored from ``date_start``/``date_end`` unless both equal ``date``
        (a one-day range equal to the date carries no information).

    Raises
    ------
    InputError
        If the geometry is not a Point with two finite numbers, or a property has the wrong type
        or an unknown value.
    """
    if not isinstance(feature, Mapping) or feature.get("type") != "Feature":
        raise _bad("feature", 'an object with "type": "Feature"', _short(feature))
    geometry = feature.get("geometry")
    if not isinstance(geometry, Mapping) or geometry.get("type") != "Point":
        raise _bad("geometry", "a Point", _short(geometry))
    coords = geometry.get("coordinates")
    if (
        not isinstance(coords, list)
        or len(coords) < 2
        or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords[:2])
        or not all(math.isfinite(c) for c in coords[:2])
    ):
        raise _bad("Point coordinates", "[lon, lat] as finite numbers", coords)
    props = feature.get("properties")
    if not isinstance(props, Mapping):
        raise _bad("properties", "an object", _short(props))
    for key in ("id", "doc", "precision"):
        if not isinstance(props.get(key), str):
            raise _bad(f"property {key!r}", "a string (required)", _short(props.get(key)))

    date = _get_opt_str(props, "date")
    start, end = _get_opt_str(props, "date_start"), _get_opt_str(props, "date_end")
    date_range: tuple[str, str] | None = None
    if start is not None and end is not None and (start, end) != (date, date):
        date_range = (start, end)
    uncertainty = _get_float(props, "uncertainty_km", 0.0)
    confidence = _get_float(props, "confidence", 0.0)
    return Event(
        id=replace_surrogates(props["id"]),
        doc=replace_surrogates(props["doc"]),
        date=date,
        report_date=_get_opt_str(props, "report_date"),
        place=_get_str(props, "place"),
        place_name=_get_str(props, "place_name"),
        gazetteer_id=_get_str(props, "gazetteer_id"),
        admin1=_get_admin1(props),
        lon=float(coords[0]),
        lat=float(coords[1]),
        precision=cast(Precision, _get_choice(props, "precision", PRECISIONS, "")),
        uncertainty_km=uncertainty if uncertainty is not None else 0.0,
        axis=_get_str(props, "axis"),
        actor=cast(Actor, _get_choice(props, "actor", _ACTORS, "unknown")),
        event_type=_get_choice(props, "event_type", EVENT_TYPES, "other"),
        outcome=_get_choice(props, "outcome", OUTCOMES, "unknown"),
        claimant=_get_choice(props, "claimant", CLAIMANTS, "unknown"),
        confidence=confidence if confidence is not None else 0.0,
        quote=_get_str(props, "quote"),
        char_start=_get_int(props, "char_start"),
        char_end=_get_int(props, "char_end"),
        anchor=_get_opt_str(props, "anchor"),
        anchor_lon=_get_float(props, "anchor_lon", None),
        anchor_lat=_get_float(props, "anchor_lat", None),
        offset=_get_offset(props),
        date_range=date_range,
        alternatives=_split(_get_str(props, "alternatives")),
        cues=_split(_get_str(props, "cues")),
        quotes=_get_strlist(props, "quotes"),
        source=_get_str(props, "source"),
    )


def _get_admin1(props: Mapping[str, Any]) -> str:
    """The GeoNames admin1 code: ``admin1_geonames``, else what an edited or older file's
    ``admin1_iso`` or ``admin1`` holds (a name, an ISO code or the GeoNames code)."""
    if props.get("admin1_geonames"):  # CSV cells read as "" when the column is missing
        return _get_str(props, "admin1_geonames")
    for column in ("admin1_iso", "admin1"):
        value = _get_str(props, column)
        if value:
            return _ADMIN1_CODES.get(value, value)
    return ""


def _get_offset(props: Mapping[str, Any]) -> Offset | None:
    """The event's offset from its columns; older files only have distance_km and bearing_deg."""
    stated = _get_float(props, "distance_km", None)
    bearing = _get_float(props, "bearing_deg", None)
    distance: Distance | None = None
    if stated is not None:
        lo = _get_float(props, "distance_min_km", None)
        hi = _get_float(props, "distance_max_km", None)
        if lo is None or hi is None:
            distance = distance_range(stated, "exact")
        else:
            if not 0.0 <= lo <= hi:
                raise _bad("properties 'distance_min_km'..'distance_max_km'", "0 <= min <= max",
                           (lo, hi))  # fmt: skip
            qualifier = _get_choice(props, "distance_qualifier", DISTANCE_QUALIFIERS, "range")
            distance = Distance(stated, lo, hi, qualifier)
    if distance is None and bearing is None:
        return None
    half = _get_float(props, "sector_half_angle_deg", None) if bearing is not None else None
    if bearing is not None and half is None:
        half = compass_half_angle(bearing)
    return Offset(distance, bearing, half)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _no_constant(path: Path, name: str) -> Any:
    """json's hook for NaN/Infinity, which RFC 8259 (and so GeoJSON) does not allow."""
    raise InputError(
        f"{path}: holds {name}, which is not a JSON number (GeoJSON has no NaN or infinity); "
        "write a finite number or null"
    )


def read_geojson(path: str | Path) -> list[Event]:
    """Read events from a GeoJSON FeatureCollection (the output of :func:`events_to_geojson`).

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    list of Event
        In file order.

    Raises
    ------
    InputError
        If the file cannot be read, is not JSON, is not a FeatureCollection, or a feature is
        malformed; the message names the file and the feature index.
    """
    p = Path(path)
    try:
        doc = json.loads(
            p.read_text(encoding="utf-8-sig"), parse_constant=lambda name: _no_constant(p, name)
        )
    except OSError as err:
        raise InputError(f"{p}: cannot read GeoJSON ({err.strerror or err})") from err
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"{p}: not a UTF-8 JSON document ({err}); expected GeoJSON") from err
    except RecursionError:
        raise InputError(
            f"{p}: JSON arrays or objects nested too deeply; expected a GeoJSON "
            "FeatureCollection as frontline writes it"
        ) from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        got = doc.get("type") if isinstance(doc, dict) else type(doc).__name__
        raise InputError(f"{p}: expected a GeoJSON FeatureCollection, got {got!r}")
    features = doc.get("features")
    if not isinstance(features, list):
        raise InputError(f"{p}: 'features' must be a list, got {_short(features)}")
    events: list[Event] = []
    for i, feature in enumerate(features):
        try:
            events.append(feature_to_event(feature))
        except InputError as err:
            raise InputError(f"{p}: feature {i}: {err}") from err
    return events


def read_jsonl(path: str | Path) -> list[Event]:
    """Read events from JSON Lines (the output of :func:`events_to_jsonl`): one GeoJSON
    Feature per line; blank lines are skipped.

    Raises
    ------
    InputError
        If the file cannot be read or a line is not a frontline feature; the message names
        the file and the line.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InputError(f"{p}: cannot read JSON Lines ({err.strerror or err})") from err
    except UnicodeDecodeError as err:
        raise InputError(
            f"{p}: not UTF-8 ({err}); expected JSON Lines of GeoJSON features"
        ) from err
    events: list[Event] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            feature = json.loads(line, parse_constant=lambda name: _no_constant(p, name))
            events.append(feature_to_event(feature))
        except json.JSONDecodeError as err:
            raise InputError(
                f"{p}: line {n}: not JSON ({err}); expected a GeoJSON feature"
            ) from err
        except RecursionError:
            raise InputError(f"{p}: line {n}: JSON nested too deeply") from None
        except InputError as err:
            raise InputError(f"{p}: line {n}: {err}") from err
    return events


# --- uncertainty polygons --------------------------------------------------------------------


def _ccw(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Close ``ring`` and orient it counter-clockwise (RFC 7946 §3.1.6 exterior rings)."""
    if ring[0] != ring[-1]:
        ring = [*ring, ring[0]]
    # Shoelace in degrees: the rings are small and far from the antimeridian (Ukraine), so the
    # planar sign is the true orientation.
    area2 = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring))
    return ring if area2 > 0 else ring[::-1]


def uncertainty_region(e: Event) -> tuple[str, list[LonLat]] | None:
    """Where an offset event may be: ``(shape, closed ring)``, or None for other events.

    With its anchor's position and a stated distance, the region is the one
    :func:`frontline.spatial.place_offset` gives (``"sector"``, or ``"circle"`` when no bearing
    was stated); otherwise (e.g. an edited file without the anchor) a geodesic ``"circle"`` of
    ``uncertainty_km`` around the point. Used by the exports and by the maps.
    """
    if e.precision != "offset" or not (e.uncertainty_km > 0):
        return None
    if (
        e.anchor_lon is not None
        and e.anchor_lat is not None
        and e.offset is not None
        and e.offset.distance is not None
    ):
        placed = place_offset(LonLat(e.anchor_lon, e.anchor_lat), e.offset)
        return placed.shape, list(placed.region)
    return "circle", circle_ring(e.position, e.uncertainty_km)


def uncertainty_features(events: Iterable[Event]) -> list[dict[str, Any]]:
    """Polygon features showing where each offset event may be.

    Parameters
    ----------
    events : iterable of Event
        Only events with precision ``offset`` and ``uncertainty_km > 0`` get a polygon.

    Returns
    -------
    list of dict
        GeoJSON Polygon features in :func:`sort_events` order, the regions of
        :func:`uncertainty_region`: with anchor position, distance and bearing a geodesic
        sector spanning exactly the stated range (``distance_min_km..distance_max_km``) and
        ``bearing_deg ± sector_half_angle_deg``; otherwise a geodesic circle. Rings are closed
        and counter-clockwise, coordinates ``[lon, lat]`` rounded to 7 decimals. Properties:
        :data:`UNCERTAINTY_PROPERTIES` (id, doc, date, place, anchor, the offset columns,
        uncertainty_km, shape "sector" | "circle").
    """
    features: list[dict[str, Any]] = []
    for e in sort_events(events):
        region = uncertainty_region(e)
        if region is None:
            continue
        shape, ring = region
        coords = [
            [_num(x, COORD_DECIMALS, "ring lon"), _num(y, COORD_DECIMALS, "ring lat")]
            for x, y in _ccw([(q.lon, q.lat) for q in ring])
        ]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [coords]},
                "properties": {
                    "id": e.id,
                    "doc": e.doc,
                    "date": e.date,
                    "place": e.place,
                    "anchor": e.anchor,
                    **_offset_properties(e.offset, f"event {e.id!r}"),
                    "uncertainty_km": _num(e.uncertainty_km, FLOAT_DECIMALS, "uncertainty_km"),
                    "shape": shape,
                },
            }
        )
    return features


def uncertainty_geojson(events: Iterable[Event]) -> str:
    """Serialise :func:`uncertainty_features` as a deterministic FeatureCollection.

    Parameters
    ----------
    events : iterable of Event

    Returns
    -------
    str
        An RFC 7946 FeatureCollection of Polygons (empty when no event is an offset).
    """
    return _collection(uncertainty_features(events))
