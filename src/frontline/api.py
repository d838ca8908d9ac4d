"""The notebook-facing API: paths or texts in, GeoDataFrames and maps out."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .records import Event

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd


_DOC_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


def _is_path(x: str | Path) -> bool:
    """A Path, an existing file, or a one-line string that names a report file (so that a
    missing "report.txt" is an error, not a report whose text is "report.txt")."""
    if isinstance(x, Path):
        return True
    if "\n" in x or len(x) >= 4096:
        return False
    return Path(x).exists() or x.strip().lower().endswith(_DOC_SUFFIXES)


def extract_events(
    paths_or_texts: str | Path | Iterable[str | Path],
    *,
    date: str | None = None,
    year: int | None = None,
    gazetteer_dir: str | Path | None = None,
) -> list[Event]:
    """Events of files and/or in-memory texts (a string that is not an existing path is text)."""
    from .axes import load_axes
    from .extractor import shared_extractor
    from .gazetteer import load_gazetteer
    from .pipeline import run, run_texts

    items: Sequence[str | Path] = (
        [paths_or_texts] if isinstance(paths_or_texts, (str, Path)) else list(paths_or_texts)
    )
    if any(isinstance(t, str) and not t.strip() for t in items):
        raise InputError("an input text is empty; pass report text or a file path")
    gaz = load_gazetteer(gazetteer_dir)
    # This process's Extractor: its memos stay warm from one call to the next.
    ex = shared_extractor(gaz, load_axes())
    paths = [p for p in items if _is_path(p)]
    texts = [str(t) for t in items if not _is_path(t)]
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
) -> gpd.GeoDataFrame:
    """Extract events into a GeoDataFrame (EPSG:4326, one row per event)."""
    from .export import to_geodataframe

    return to_geodataframe(
        extract_events(paths_or_texts, date=date, year=year, gazetteer_dir=gazetteer_dir)
    )


def _events_of(data: Any) -> list[Event]:
    if isinstance(data, (list, tuple)) and all(isinstance(e, Event) for e in data):
        return list(data)
    from .export import gdf_to_events

    return gdf_to_events(data)


def map(
    data: Any, out_dir: str | Path = "maps", *, offline: bool = False
) -> list[Path]:
    """Write per-date maps, a timeline and an index for a GeoDataFrame or list of Events."""
    from .gazetteer import boundaries_path
    from .render import write_maps

    return write_maps(
        _events_of(data), Path(out_dir), boundaries=boundaries_path(), offline=offline
    )


def write_events(data: Any, path: str | Path) -> Path:
    """Save a GeoDataFrame (from :func:`extract`) or a list of Events as .geojson/.gpkg/.csv."""
    from .export import write_events as _write

    return _write(_events_of(data), Path(path))


def read_events(path: str | Path) -> gpd.GeoDataFrame:
    """Read a frontline export (GeoJSON, GeoPackage or CSV) back into a GeoDataFrame."""
    from .export import read_events as _read

    return _read(path)


def summary(gdf: pd.DataFrame) -> pd.DataFrame:
    """Events per day x axis x event type x claimant."""
    from .export import daily_summary

    return daily_summary(gdf)
