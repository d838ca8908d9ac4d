"""The notebook-facing API: paths or texts in, GeoDataFrames and maps out."""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .records import Event

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

    from .extractor import Extractor


_DOC_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


# Longest path and file-name component (bytes) a POSIX file system accepts: a longer string,
# or one with a line break or NUL, cannot name a file, so it is text without asking the disk.
_PATH_MAX = 4095
_NAME_MAX = 255


def _is_path(x: str | Path) -> bool:
    """A Path, an existing file, or a one-line string that names a report file (so that a
    missing "report.txt" is an error, not a report whose text is "report.txt")."""
    if isinstance(x, Path):
        return True
    if "\n" in x or "\r" in x or "\x00" in x or len(x) > _PATH_MAX:
        return False
    try:
        raw = x.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate the OS cannot take: text
        return False
    if len(raw) > _PATH_MAX or any(len(part) > _NAME_MAX for part in raw.split(b"/")):
        return False
    try:
        exists = Path(x).exists()
    except (OSError, ValueError):
        exists = False
    return exists or x.strip().lower().endswith(_DOC_SUFFIXES)


def _inputs(paths_or_texts: object) -> list[str | Path]:
    """The inputs as a list of str/Path, or an InputError saying what to pass instead."""
    if isinstance(paths_or_texts, (str, Path)):
        items: list[object] = [paths_or_texts]
    elif isinstance(paths_or_texts, (bytes, bytearray)) or not isinstance(
        paths_or_texts, Iterable
    ):
        items = [paths_or_texts]
    else:
        items = list(paths_or_texts)
    for item in items:
        if isinstance(item, (bytes, bytearray)):
            raise InputError(
                f"got bytes ({_short(item)}); decode them first (data.decode('utf-8')) or "
                "pass the path of the file"
            )
        if not isinstance(item, (str, Path)):
            raise InputError(
                f"expected report text or a file path (str or Path), or a list of them; got "
                f"{type(item).__name__} {_short(item)}"
            )
    return [i for i in items if isinstance(i, (str, Path))]


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def extract_events(
    paths_or_texts: str | Path | Iterable[str | Path],
    *,
    date: str | None = None,
    year: int | None = None,
    gazetteer_dir: str | Path | None = None,
    online: bool = False,
) -> list[Event]:
    """Events of files and/or in-memory texts (a string that is not an existing path is text).

    ``online=True`` looks up names the gazetteer lacks on Nominatim (see
    :mod:`frontline.online`: rate-limited, cached, bounded to the theatre); off by default.

    Raises
    ------
    InputError
        For an input that is neither text nor a path (None, a number, bytes), empty text, or
        when every file is unreadable.
    ConfigurationError
        For a ``date`` that is not ``YYYY-MM-DD`` or a ``year`` that is not an int in
        1900..2100.
    """
    from .axes import load_axes
    from .extractor import shared_extractor
    from .gazetteer import load_gazetteer
    from .ingest import check_date, check_year
    from .pipeline import run, run_texts

    items = _inputs(paths_or_texts)
    date, year = check_date(date), check_year(year)
    if any(isinstance(t, str) and not t.strip() for t in items):
        raise InputError("an input text is empty; pass report text or a file path")
    gaz = load_gazetteer(gazetteer_dir)
    ex: Extractor
    if online:
        from .online import online_extractor

        ex = online_extractor(gaz, load_axes())
    else:
        # This process's Extractor: its memos stay warm from one call to the next.
        ex = shared_extractor(gaz, load_axes())
    kinds = [_is_path(t) for t in items]
    paths = [p for p, is_path in zip(items, kinds, strict=True) if is_path]
    texts = [str(t) for t, is_path in zip(items, kinds, strict=True) if not is_path]
    events: list[Event] = []
    if paths:
        coll = run(paths, gaz, date=date, year=year, extractor=ex)
        if coll.errors and not coll.reports:
            raise InputError("; ".join(coll.errors))
        _tell(coll.warnings, coll.errors)
        events.extend(coll.events)
    if texts:
        coll = run_texts(texts, gaz, date=date, year=year, extractor=ex)
        _tell(coll.warnings, coll.errors)
        events.extend(coll.events)
    return events


def _tell(warns: Sequence[str], errors: Sequence[str]) -> None:
    """Notebook users see what the CLI would log: undated reports, skipped bad files."""
    for msg in (*warns, *(f"skipped: {e}" for e in errors)):
        warnings.warn(msg, UserWarning, stacklevel=4)


def extract(
    paths_or_texts: str | Path | Iterable[str | Path],
    *,
    date: str | None = None,
    year: int | None = None,
    gazetteer_dir: str | Path | None = None,
    online: bool = False,
) -> gpd.GeoDataFrame:
    """Extract events into a GeoDataFrame (EPSG:4326, one row per event); ``online`` as for
    :func:`extract_events`."""
    from .export import to_geodataframe

    return to_geodataframe(
        extract_events(
            paths_or_texts, date=date, year=year, gazetteer_dir=gazetteer_dir, online=online
        )
    )


def _events_of(data: Any) -> list[Event]:
    """Events of a GeoDataFrame or list of Events, text fields UTF-8-encodable."""
    if isinstance(data, (list, tuple)) and all(isinstance(e, Event) for e in data):
        return [_encodable(e) for e in data]
    from .export import gdf_to_events

    return gdf_to_events(data)  # through feature_to_event, which replaces lone surrogates


def _encodable(event: Event) -> Event:
    """``event`` with each lone surrogate in its text replaced by U+FFFD (maps, files and
    stdout are UTF-8); the same event when there is none, which is the rule."""
    from .ingest import replace_surrogates

    changes: dict[str, Any] = {}
    for field in dataclasses.fields(event):
        value = getattr(event, field.name)
        if isinstance(value, str):
            clean: Any = replace_surrogates(value)
        elif isinstance(value, tuple) and value and all(isinstance(v, str) for v in value):
            clean = tuple(replace_surrogates(v) for v in value)
        else:
            continue
        if clean != value:
            changes[field.name] = clean
    return dataclasses.replace(event, **changes) if changes else event


def map(
    data: Any, out_dir: str | Path = "maps", *, offline: bool = False, assets: str = "lib"
) -> list[Path]:
    """Write per-date maps, a timeline and an index for a GeoDataFrame or list of Events, or
    for the path of a frontline export (GeoJSON/GeoPackage/CSV, e.g. filtered in QGIS).

    ``assets``: ``"lib"`` (Leaflet written once into ``out_dir/lib/``, offline), ``"cdn"``
    (single files loading it from CDNs) or ``"inline"`` (= ``offline=True``)."""
    from .gazetteer import boundaries_path
    from .render import write_maps

    if isinstance(data, (str, Path)):
        from .export import read_export

        events = [_encodable(e) for e in read_export(data)]
    else:
        events = _events_of(data)
    return write_maps(
        events, Path(out_dir), boundaries=boundaries_path(), offline=offline, assets=assets
    )


def write_events(
    data: Any, path: str | Path, *, format: str | None = None, append: bool = False
) -> Path:
    """Save a GeoDataFrame (from :func:`extract`) or a list of Events as .geojson/.gpkg/.csv.

    ``format`` ("geojson" | "gpkg" | "csv") overrides the suffix; ``append=True`` keeps the
    events already in ``path`` and adds the new ones (by id, never twice).
    """
    from .export import write_events as _write

    return _write(_events_of(data), Path(path), format=format, append=append)


def read_events(path: str | Path) -> gpd.GeoDataFrame:
    """Read a frontline export (GeoJSON, GeoPackage or CSV) back into a GeoDataFrame."""
    from .export import read_events as _read

    return _read(path)


def summary(gdf: pd.DataFrame) -> pd.DataFrame:
    """Events per day x axis x event type x claimant."""
    from .export import daily_summary

    return daily_summary(gdf)
