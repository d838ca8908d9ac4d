"""Events -> GeoDataFrame, GeoJSON, GeoPackage and CSV files (the only geopandas user).

Column types, chosen for the tools analysts open these files with:

* In the GeoDataFrame, ``date``, ``date_start``, ``date_end`` and ``report_date`` are
  ``datetime64`` (``NaT`` when unknown), so notebooks can filter, resample and plot by date.
* In the GeoPackage they are OGR ``Date`` fields (not DateTime, not text): QGIS shows plain dates
  and its temporal controller accepts them directly ("single field with date/time").
* In GeoJSON and CSV they are ISO ``YYYY-MM-DD`` strings, which GDAL/QGIS read as ``Date`` and
  kepler.gl auto-detects as time fields. A CSV gets a ``.csvt`` sidecar (GDAL's column-type
  file, honoured by QGIS) so dates are Dates, numbers numbers and ``admin1`` "08" stays text.
* ``char_start``, ``char_end`` and ``geo_precision`` are 32-bit integers (OGR ``Integer``);
  ``quotes`` is a list in the GeoDataFrame and JSON text in GeoPackage/CSV cells.

GeoJSON goes through :mod:`frontline.geojson` rather than GDAL so its bytes are deterministic;
CSV is written with the :mod:`csv` module for the same reason. GeoPackage bytes are not
reproducible (SQLite pages, timestamps) but their contents are.

Every write is atomic: the file is built in a temporary directory next to the target and moved
into place with :func:`os.replace`, so a failed write leaves the previous file (or nothing).
"""

from __future__ import annotations

import csv
import errno
import io
import json
import math
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyogrio import read_dataframe
from pyogrio.errors import DataLayerError, DataSourceError
from pyogrio.raw import write as ogr_write

from frontline.atomic import atomic_path
from frontline.errors import ConfigurationError, InputError
from frontline.geojson import (
    PROPERTIES,
    UNCERTAINTY_PROPERTIES,
    event_to_feature,
    events_to_geojson,
    events_to_jsonl,
    feature_to_event,
    read_geojson,
    read_jsonl,
    sort_events,
    uncertainty_features,
)
from frontline.ingest import replace_surrogates
from frontline.records import Event

__all__ = [
    "ACLED_COLUMNS",
    "ACLED_TYPES",
    "FORMATS",
    "SCHEMAS",
    "SUFFIXES",
    "acled_row",
    "daily_summary",
    "events_to_csv",
    "export_kind",
    "gdf_to_events",
    "read_events",
    "read_export",
    "to_geodataframe",
    "write_events",
]

SUFFIXES: tuple[str, ...] = (".geojson", ".json", ".gpkg", ".csv", ".jsonl", ".geojsonl")
EVENTS_LAYER = "events"
UNCERTAINTY_LAYER = "uncertainty"
CRS = "EPSG:4326"
# Spreadsheet formula triggers (OWASP "CSV injection"); tab and CR are included because Excel
# strips them before looking for the trigger.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_SUMMARY_KEYS = ["date", "axis", "event_type", "claimant"]
# Free space below which a failed GeoPackage write is reported as a full disk.
_LOW_DISK_BYTES = 1_000_000


# --- GeoDataFrame ----------------------------------------------------------------------------


def _column(values: list[Any], kind: str) -> pd.Series:
    """One GeoDataFrame column of a property kind from :data:`frontline.geojson.PROPERTIES`."""
    if kind == "date?":
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object), format="%Y-%m-%d"))
    if kind == "datetime?":
        series = pd.Series(values, dtype=object)
        return pd.Series(pd.to_datetime(series, format="%Y-%m-%dT%H:%M:%SZ", utc=True))
    if kind == "int":
        return pd.Series(values, dtype="int32")
    if kind in ("float", "float?", "coord?"):
        return pd.Series([np.nan if v is None else v for v in values], dtype="float64")
    if kind == "strlist":
        return pd.Series(values, dtype=object)
    return pd.Series(values, dtype="str")


def to_geodataframe(events: Iterable[Event]) -> gpd.GeoDataFrame:
    """Put events in a GeoDataFrame (EPSG:4326), one row per event, in export order.

    Parameters
    ----------
    events : iterable of Event

    Returns
    -------
    geopandas.GeoDataFrame
        Columns are the GeoJSON properties in SPEC order (:data:`frontline.geojson.PROPERTIES`)
        plus ``geometry`` (Points, lon/lat). Dates are ``datetime64``; see the module notes.

    Raises
    ------
    InputError
        If an event carries a non-finite number or a date that is not ``YYYY-MM-DD``.
    """
    features = [event_to_feature(e) for e in sort_events(events)]
    data: dict[str, pd.Series] = {}
    for name, kind in PROPERTIES.items():
        values = [f["properties"][name] for f in features]
        try:
            data[name] = _column(values, kind)
        except (ValueError, TypeError, OverflowError) as err:
            raise InputError(f"events: column {name!r} cannot be typed as {kind}: {err}") from err
    xy = np.array([f["geometry"]["coordinates"] for f in features], dtype="float64").reshape(-1, 2)
    geometry = gpd.GeoSeries(shapely.points(xy), crs=CRS) if len(xy) else gpd.GeoSeries(crs=CRS)
    return gpd.GeoDataFrame(pd.DataFrame(data), geometry=geometry, crs=CRS)


# --- writing ---------------------------------------------------------------------------------


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Run ``write(tmp)`` on a temporary path beside ``path``, then move it into place."""
    target = path.resolve()
    if not target.parent.is_dir():
        raise ConfigurationError(
            f"output directory {str(target.parent)!r} does not exist; create it first"
        )
    with atomic_path(target) as tmp_path:
        write(tmp_path)


def _write_geojson(events: Sequence[Event], path: Path) -> None:
    path.write_bytes(events_to_geojson(events).encode("utf-8"))


def _write_jsonl(events: Sequence[Event], path: Path) -> None:
    path.write_bytes(events_to_jsonl(events).encode("utf-8"))


def _date_array(values: pd.Series) -> np.ndarray:
    # datetime64[D] is the dtype pyogrio maps to an OGR Date field; pandas cannot hold it.
    return values.to_numpy(dtype="datetime64[ms]").astype("datetime64[D]")


def _field_array(series: pd.Series, kind: str) -> np.ndarray:
    if kind == "date?":
        return _date_array(series)
    if kind == "datetime?":  # an OGR DateTime field (UTC)
        return series.dt.tz_convert(None).to_numpy(dtype="datetime64[ms]")
    if kind == "int":
        return series.to_numpy(dtype="int32")
    if kind in ("float", "float?", "coord?"):
        return series.to_numpy(dtype="float64")  # NaN is written as NULL
    # GDAL takes UTF-8: a lone surrogate (in an Event built by hand) becomes U+FFFD.
    if kind == "strlist":
        return np.array(
            [replace_surrogates(json.dumps(list(v), ensure_ascii=False)) for v in series],
            dtype=object,
        )
    return np.array(
        [None if _isna(v) else replace_surrogates(str(v)) for v in series], dtype=object
    )


def _isna(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _write_gpkg(events: Sequence[Event], path: Path) -> None:
    try:
        _write_gpkg_layers(events, path)
    except (DataSourceError, DataLayerError) as err:
        # GDAL reports a full disk as whatever SQLite statement failed first ("no such table:
        # gpkg_contents"): an OSError here becomes one line naming the target (atomic_path).
        full = shutil.disk_usage(path.parent).free < _LOW_DISK_BYTES
        detail = " ".join(str(err).split())
        detail = detail if len(detail) <= 160 else detail[:157] + "..."
        raise OSError(
            errno.ENOSPC if full else errno.EIO,
            f"GDAL could not write the GeoPackage: {detail}"
            + ("; the disk is full" if full else ""),
        ) from err


def _write_gpkg_layers(events: Sequence[Event], path: Path) -> None:
    gdf = to_geodataframe(events)
    common = {
        "driver": "GPKG",
        "crs": CRS,
        # GeoPackage 1.2 is read by every GDAL >= 2.2 and QGIS 3; newer versions make older
        # GDALs warn about a "partially supported" user_version.
        "dataset_options": {"VERSION": "1.2"},
    }
    ogr_write(
        str(path),
        shapely.to_wkb(gdf.geometry.to_numpy()),
        [_field_array(gdf[name], kind) for name, kind in PROPERTIES.items()],
        list(PROPERTIES),
        layer=EVENTS_LAYER,
        geometry_type="Point",
        **common,
    )
    polygons = uncertainty_features(events)
    if polygons:
        fields = [
            _field_array(_column([p["properties"][name] for p in polygons], kind), kind)
            for name, kind in UNCERTAINTY_PROPERTIES.items()
        ]
        shapes = [shapely.geometry.shape(p["geometry"]) for p in polygons]
        ogr_write(
            str(path),
            shapely.to_wkb(np.array(shapes, dtype=object)),
            fields,
            list(UNCERTAINTY_PROPERTIES),
            layer=UNCERTAINTY_LAYER,
            geometry_type="Polygon",
            **common,
        )


def _neutralise(cell: str) -> str:
    """Defuse a text cell that a spreadsheet would run as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_PREFIXES) else cell


def _csv_cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind in ("int", "float", "float?", "coord?"):
        return repr(value)  # numbers keep their sign: only text is neutralised
    if kind == "strlist":
        return _neutralise(replace_surrogates(json.dumps(value, ensure_ascii=False)))
    return _neutralise(replace_surrogates(str(value)))


# GDAL/QGIS column types for the .csvt sidecar (without it every CSV column reads as text;
# with type guessing admin1 "08" would become the integer 8).
_CSVT_TYPES: dict[str, str] = {
    "str": "String",
    "str?": "String",
    "list": "String",
    "strlist": "String",
    "date?": "Date",
    "datetime?": "DateTime",
    "int": "Integer",
    "float": "Real",
    "float?": "Real",
    "coord?": "Real",
}


def _write_csv(events: Sequence[Event], path: Path) -> None:
    types = ["Real", "Real", *(_CSVT_TYPES[kind] for kind in PROPERTIES.values())]
    path.with_suffix(".csvt").write_text(",".join(f'"{t}"' for t in types) + "\n", encoding="ascii")
    # newline="" lets the csv module own line endings (quoted newlines inside cells stay intact).
    with path.open("w", encoding="utf-8", newline="") as fh:
        _csv_rows(events, fh)


def _csv_rows(events: Iterable[Event], fh: Any) -> None:
    out = csv.writer(fh, lineterminator="\r\n")  # RFC 4180; also makes csv quote a lone CR
    out.writerow(["lon", "lat", *PROPERTIES])
    for e in sort_events(events):
        f = event_to_feature(e)
        lon, lat = f["geometry"]["coordinates"]
        props = f["properties"]
        out.writerow(
            [repr(lon), repr(lat)]
            + [_csv_cell(props[name], kind) for name, kind in PROPERTIES.items()]
        )


def events_to_csv(events: Iterable[Event]) -> str:
    """The CSV that :func:`write_events` writes to a ``.csv`` file, as text (for stdout)."""
    buffer = io.StringIO(newline="")
    _csv_rows(events, buffer)
    return buffer.getvalue()


# --- ACLED-style CSV (``schema="acled"``) ------------------------------------------------------
#
# For joint analysis with ACLED data: ACLED's column names and vocabularies, one row per event.
# Crosswalk of frontline's event_type to ACLED (event_type, sub_event_type); frontline types with
# no ACLED counterpart are "Strategic developments / Other". advance is an "Armed clash": ACLED
# keeps "... regains/overtakes territory" for changes of control it has checked itself.
ACLED_TYPES: dict[str, tuple[str, str]] = {
    "ground_assault": ("Battles", "Armed clash"),
    "advance": ("Battles", "Armed clash"),
    "withdrawal": ("Strategic developments", "Non-violent transfer of territory"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "strike": ("Explosions/Remote violence", "Air/drone strike"),
    "defensive_works": ("Strategic developments", "Other"),
    "mobilization": ("Strategic developments", "Other"),
    "occupation_measure": ("Strategic developments", "Other"),
    "civilian_harm": ("Violence against civilians", "Attack"),
    "internal_conflict": ("Strategic developments", "Other"),
    "partisan": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "other": ("Strategic developments", "Other"),
}
ACLED_ACTORS: dict[str, str] = {
    "RU": "Military Forces of Russia (2000-)",
    "UA": "Military Forces of Ukraine (2019-)",
    "unknown": "",
}
# (column, GDAL type for the .csvt sidecar)
ACLED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id_cnty", "String"),
    ("event_date", "Date"),
    ("year", "Integer"),
    ("time_precision", "Integer"),
    ("disorder_type", "String"),
    ("event_type", "String"),
    ("sub_event_type", "String"),
    ("actor1", "String"),
    ("iso", "Integer"),
    ("country", "String"),
    ("admin1", "String"),
    ("location", "String"),
    ("latitude", "Real"),
    ("longitude", "Real"),
    ("geo_precision", "Integer"),
    ("source", "String"),
    ("notes", "String"),
    ("frontline_id", "String"),
    ("frontline_event_type", "String"),
    ("claimant", "String"),
)


def _acled_time_precision(e: Event) -> int | None:
    """ACLED's 1 (the day), 2 (within a week), 3 (within a month); None when undated."""
    if e.date is None:
        return None
    if e.date_range is None:
        return 1
    days = (pd.Timestamp(e.date_range[1]) - pd.Timestamp(e.date_range[0])).days
    return 2 if days <= 7 else 3


def acled_row(e: Event) -> dict[str, Any]:
    """One event in :data:`ACLED_COLUMNS` (values: str, int, float or None)."""
    from frontline.geojson import admin1_name

    event_type, sub_event_type = ACLED_TYPES.get(e.event_type, ACLED_TYPES["other"])
    disorder = (
        "Strategic developments" if event_type == "Strategic developments"
        else "Political violence"
    )  # fmt: skip
    return {
        "event_id_cnty": f"UKR-{e.id}",
        "event_date": e.date,
        "year": int(e.date[:4]) if e.date else None,
        "time_precision": _acled_time_precision(e),
        "disorder_type": disorder,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": ACLED_ACTORS.get(e.actor, ""),
        "iso": 804,
        "country": "Ukraine",
        "admin1": admin1_name(e.admin1).removesuffix(" Oblast"),
        "location": e.place_name,
        "latitude": round(e.lat, 7),
        "longitude": round(e.lon, 7),
        "geo_precision": e.geo_precision,
        "source": "; ".join(x for x in (e.source, e.claimant) if x),
        "notes": e.quote,
        "frontline_id": e.id,
        "frontline_event_type": e.event_type,
        "claimant": e.claimant,
    }


def _write_acled_csv(events: Sequence[Event], path: Path) -> None:
    path.with_suffix(".csvt").write_text(
        ",".join(f'"{t}"' for _, t in ACLED_COLUMNS) + "\n", encoding="ascii"
    )
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow([name for name, _ in ACLED_COLUMNS])
        for e in sort_events(events):
            row = acled_row(e)
            out.writerow(
                [
                    "" if row[name] is None
                    else repr(row[name]) if kind == "Real"
                    else _neutralise(replace_surrogates(str(row[name])))
                    for name, kind in ACLED_COLUMNS
                ]
            )  # fmt: skip


SCHEMAS: tuple[str, ...] = ("frontline", "acled")


_WRITERS: dict[str, Callable[[Sequence[Event], Path], None]] = {
    ".geojson": _write_geojson,
    ".json": _write_geojson,
    ".gpkg": _write_gpkg,
    ".csv": _write_csv,
    ".jsonl": _write_jsonl,
    ".geojsonl": _write_jsonl,
}


FORMATS: tuple[str, ...] = ("geojson", "gpkg", "csv", "jsonl")


def _suffix(path: Path, fmt: str | None = None) -> str:
    """The writer/reader key of ``path``: from ``fmt`` when given, else from the suffix."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise ConfigurationError(
                f"unknown output format {fmt!r}; use one of: {', '.join(FORMATS)}"
            )
        return "." + fmt
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ConfigurationError(
            f"cannot tell the output format of {str(path)!r} from its suffix {path.suffix!r}; "
            f"use one of: {', '.join(SUFFIXES)} (or pass --format {'|'.join(FORMATS)})"
        )
    return suffix


def write_events(
    events: Iterable[Event],
    path: str | Path,
    *,
    format: str | None = None,
    append: bool = False,
    schema: str = "frontline",
) -> Path:
    """Write events to ``path``, choosing the format from its suffix (or ``format``).

    Parameters
    ----------
    events : iterable of Event
    path : str or Path
        ``.geojson``/``.json`` (RFC 7946, byte-deterministic), ``.gpkg`` (layer ``events`` and,
        when offset events exist, layer ``uncertainty`` with their sector/circle polygons) or
        ``.csv`` (``lon``, ``lat`` + properties; formula-like text cells get a leading ``'``;
        a ``.csvt`` sidecar beside it declares the column types to GDAL/QGIS).
    format : {"geojson", "gpkg", "csv"}, optional
        The format regardless of the suffix (for a path such as ``events.out``).
    append : bool
        Keep the events already in ``path`` (any file frontline wrote, old exports included)
        and add those whose ``id`` is not among them: merging runs, and re-running the same
        input, never duplicates an event. The file is rewritten in export order, atomically.
    schema : {"frontline", "acled"}
        ``"acled"`` writes a CSV with ACLED's column names and vocabularies
        (:data:`ACLED_COLUMNS`; event types through the :data:`ACLED_TYPES` crosswalk) for joint
        analysis with ACLED data; it is an export only (:func:`read_events` does not read it).

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    ConfigurationError
        If the suffix is not one of :data:`SUFFIXES` (and no ``format``), ``format`` is not one
        of :data:`FORMATS`, or the directory does not exist.
    InputError
        If an event cannot be represented (non-finite number, malformed date), or ``append``
        finds a file that is not a frontline export.
    """
    p = Path(path)
    suffix = _suffix(p, format)
    if schema not in SCHEMAS:
        raise ConfigurationError(f"unknown schema {schema!r}; use one of: {', '.join(SCHEMAS)}")
    writer = _WRITERS[suffix]
    if schema == "acled":
        if suffix != ".csv" or append:
            raise ConfigurationError(
                "the ACLED schema is written as CSV only, without --append; pass -o events.csv"
            )
        writer = _write_acled_csv
    evs = list(events)
    if append and p.is_file():
        kept = _READERS[suffix](p)
        ids = {e.id for e in kept}
        evs = kept + [e for e in evs if e.id not in ids]
    _atomic(p, lambda tmp: writer(evs, tmp))
    return p


# --- reading ---------------------------------------------------------------------------------


def _csv_value(cell: str, kind: str) -> Any:
    if kind in ("int", "float", "float?", "coord?"):
        return None if cell == "" else (int(cell) if kind == "int" else float(cell))
    if cell.startswith("'") and cell[1:].startswith(_FORMULA_PREFIXES):
        cell = cell[1:]  # undo _neutralise
    if kind == "strlist":
        return json.loads(cell) if cell else []
    if kind in ("str?", "date?", "datetime?"):
        return cell or None
    return cell


def _feature(lon: float, lat: float, props: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": dict(props),
    }


# frontline writes a sentence into one cell ("quote") and into "quotes": a long sentence is
# over the csv module's default field limit (131,072 characters). Reading is bounded by the
# file itself, so the limit is lifted to what the C long of the csv module holds.
_CSV_FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)


def _read_csv(path: Path) -> list[Event]:
    events: list[Event] = []
    line = 1
    previous = csv.field_size_limit(_CSV_FIELD_LIMIT)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                try:
                    lon, lat = float(row["lon"]), float(row["lat"])
                    props = {
                        k: _csv_value(row.get(k) or "", kind) for k, kind in PROPERTIES.items()
                    }
                    events.append(feature_to_event(_feature(lon, lat, props)))
                except (KeyError, ValueError, TypeError, RecursionError) as err:
                    # InputError is a ValueError too
                    detail = " ".join(str(err).split())[:200]
                    raise InputError(f"{path}: line {line}: {detail}") from err
    except UnicodeDecodeError as err:
        raise InputError(
            f"{path}: not UTF-8 near byte {err.start} (frontline writes UTF-8 CSV); convert it "
            "with iconv -f latin1 -t utf-8, or export it again"
        ) from None
    except csv.Error as err:
        raise InputError(f"{path}: line {line + 1}: not a valid CSV row ({err})") from None
    finally:
        csv.field_size_limit(previous)
    return events


def _cell_value(value: Any, kind: str) -> Any:
    """A GeoDataFrame cell (pandas/numpy types, NaN/NaT for missing) as a GeoJSON value."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return [] if kind == "strlist" else None
    if kind == "date?":
        return pd.Timestamp(value).date().isoformat()
    if kind == "datetime?":
        stamp = pd.Timestamp(value)
        stamp = stamp.tz_convert(None) if stamp.tzinfo is not None else stamp
        return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    if kind == "int":
        return int(value)
    if kind in ("float", "float?", "coord?"):
        return float(value)
    if kind == "strlist":  # JSON text in a GeoPackage, a list in memory
        return json.loads(value) if isinstance(value, str) else list(value)
    return str(value)


def gdf_to_events(gdf: pd.DataFrame) -> list[Event]:
    """Turn a GeoDataFrame of events (as made by :func:`to_geodataframe`) back into Events.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Point geometries; reprojected to EPSG:4326 when it has another CRS. Columns named as in
        :data:`frontline.geojson.PROPERTIES`; ``id``, ``doc`` and ``precision`` are required,
        missing others take neutral defaults, extra columns are ignored.

    Returns
    -------
    list of Event
        In row order.

    Raises
    ------
    InputError
        If a row has no Point geometry or a value of the wrong type; the message names the row.
    """
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise InputError(f"expected a GeoDataFrame of events; got {type(gdf).__name__}")
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(CRS)
    columns = [c for c in PROPERTIES if c in gdf.columns]
    events: list[Event] = []
    for i, (point, rec) in enumerate(
        zip(gdf.geometry, gdf[columns].to_dict("records"), strict=True)
    ):
        if point is None or point.geom_type != "Point" or point.is_empty:
            raise InputError(f"row {i}: expected a Point geometry; got {point!r}")
        props = {k: _cell_value(rec[k], PROPERTIES[k]) for k in columns}
        try:
            events.append(feature_to_event(_feature(point.x, point.y, props)))
        except InputError as err:
            raise InputError(f"row {i}: {err}") from err
    return events


def _read_gpkg(path: Path) -> list[Event]:
    try:
        gdf = read_dataframe(path, layer=EVENTS_LAYER)
    except Exception as err:  # pyogrio raises several DataSource/Field error types
        raise InputError(f"{path}: cannot read layer {EVENTS_LAYER!r} ({err})") from err
    try:
        return gdf_to_events(gdf)
    except InputError as err:
        raise InputError(f"{path}: {err}") from err


_READERS: dict[str, Callable[[Path], list[Event]]] = {
    ".geojson": read_geojson,
    ".json": read_geojson,
    ".gpkg": _read_gpkg,
    ".csv": _read_csv,
    ".jsonl": read_jsonl,
    ".geojsonl": read_jsonl,
}


_SNIFF_BYTES = 65536
# The end of the first line of a JSON Lines export as frontline writes it (sorted keys):
# one Feature, not a FeatureCollection.
_FEATURE_END = re.compile(rb'"type":\s*"Feature"\s*\}\s*$')


def _is_feature_line(text: bytes) -> bool:
    """Whether ``text`` (the start of a file) begins with one GeoJSON Feature on its line."""
    first, newline, _rest = text.partition(b"\n")
    if not newline or not first.startswith(b"{"):
        return False
    try:
        obj = json.loads(first)
    except (ValueError, RecursionError):
        return bool(_FEATURE_END.search(first))
    return isinstance(obj, dict) and obj.get("type") == "Feature"


def export_kind(path: str | Path) -> str | None:
    """The format of a frontline export at ``path`` by its content, else None.

    Returns ``".geojson"`` (a JSON object with ``"features"``), ``".jsonl"`` (a first line
    that is one GeoJSON Feature), ``".gpkg"`` (an SQLite file) or ``".csv"`` (a header
    starting ``lon,lat,id,doc``, as :func:`write_events` writes it), whatever the suffix; None
    for anything else (report text) or a path that is not a file.
    """
    p = Path(path)
    try:
        with p.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError:
        return None
    if head.startswith(b"SQLite format 3\x00"):
        return ".gpkg"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if _is_feature_line(text):
        return ".jsonl"
    if text.startswith(b"{") and b'"features"' in text:
        return ".geojson"
    if text.startswith(b"lon,lat,id,doc,"):
        return ".csv"
    return None


def read_export(path: str | Path) -> list[Event]:
    """The events of a frontline export (GeoJSON, GeoPackage or CSV, found by content).

    Raises
    ------
    InputError
        If ``path`` is not a file holding a frontline export, or the export is malformed.
    """
    p = Path(path)
    kind = export_kind(p)
    if kind is None:
        raise InputError(
            f"{str(p)!r} is not a frontline export (GeoJSON, GeoPackage or CSV written by "
            "frontline extract); to map reports, pass the report files"
        )
    return _READERS[kind](p)


def read_events(path: str | Path) -> gpd.GeoDataFrame:
    """Read events written by :func:`write_events` back into a GeoDataFrame.

    Parameters
    ----------
    path : str or Path
        A ``.geojson``/``.json``, ``.gpkg`` (layer ``events``) or ``.csv`` file (a file with
        another suffix is read when its content is a frontline export: :func:`export_kind`).

    Returns
    -------
    geopandas.GeoDataFrame
        The same columns and dtypes as :func:`to_geodataframe` (rows pass through
        :class:`~frontline.records.Event`, so every format is validated the same way).

    Raises
    ------
    ConfigurationError
        For an unknown suffix.
    InputError
        If the file is missing or malformed; the message names the file and the row.
    """
    p = Path(path)
    if p.suffix.lower() not in SUFFIXES and p.is_file() and export_kind(p) is not None:
        return to_geodataframe(read_export(p))  # an export under another name
    suffix = _suffix(p)
    if not p.is_file():
        raise InputError(f"{str(p)!r} does not exist or is not a file")
    return to_geodataframe(_READERS[suffix](p))


def daily_summary(gdf: pd.DataFrame) -> pd.DataFrame:
    """Count events per date × axis × event_type × claimant.

    Parameters
    ----------
    gdf : pandas.DataFrame or geopandas.GeoDataFrame
        With columns ``date``, ``axis``, ``event_type`` and ``claimant`` (as made by
        :func:`to_geodataframe` or :func:`read_events`).

    Returns
    -------
    pandas.DataFrame
        Columns ``date, axis, event_type, claimant, events``; undated events are kept (``NaT``)
        and sorted last; a plain DataFrame (no geometry).

    Raises
    ------
    InputError
        If a required column is missing.
    """
    missing = [c for c in _SUMMARY_KEYS if c not in gdf.columns]
    if missing:
        raise InputError(
            f"daily_summary needs columns {_SUMMARY_KEYS}; missing {missing}. "
            "Build the frame with frontline.export.to_geodataframe or read_events."
        )
    frame = pd.DataFrame(gdf[_SUMMARY_KEYS])
    counts = frame.groupby(_SUMMARY_KEYS, dropna=False, sort=False).size()
    out = counts.rename("events").reset_index()
    out = out.sort_values(_SUMMARY_KEYS, na_position="last", kind="stable")
    return out.reset_index(drop=True)
