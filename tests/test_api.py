"""The notebook-facing Python API: ``frontline.extract``, ``map``, ``read_events``, ``summary``.

Inputs are the seed reports in seeds/ (see seeds/README.md for their origin) and short texts
written here. Expected coordinates are GeoNames/OSM positions of the settlements, to 0.02°.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest
from factories import make_event
from gazetteer_support import needs_full_gazetteer
from geopandas.testing import assert_geodataframe_equal

import frontline
from frontline.errors import InputError
from frontline.export import gdf_to_events, to_geodataframe, write_events

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
ISW_SEED = REPO / "seeds" / "000_ae24c8dc4293616e.txt"  # ISW, November 12, 2022 (no year)
README = REPO / "README.md"

# SPEC §5 properties, as GeoDataFrame columns (date_range is split into date_start/date_end).
SPEC_COLUMNS = [
    "id", "doc", "date", "date_start", "date_end", "report_date", "place", "place_name",
    "gazetteer_id", "admin1", "precision", "geo_precision", "uncertainty_km", "anchor",
    "distance_km", "bearing_deg", "axis", "actor", "event_type", "outcome", "claimant",
    "confidence", "alternatives", "quote", "char_start", "char_end", "geometry",
]  # fmt: skip

SVATOVE_TEXT = (
    "Russian forces conducted unsuccessful ground attacks within 15km northwest of Svatove "
    "near Volodymyrivka and Kuzemivka, Luhansk Oblast."
)


@pytest.fixture(scope="module")
def seeds() -> gpd.GeoDataFrame:
    return frontline.extract(SEEDS)


# --- extract ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inputs", "kwargs"),
    [
        pytest.param([str(p) for p in SEEDS], {}, id="list of str paths"),
        pytest.param(SEEDS, {}, id="list of Path"),
        pytest.param(str(ISW_SEED), {"year": 2022}, id="one str path"),
        pytest.param(ISW_SEED, {"year": 2022}, id="one Path"),
        pytest.param(SVATOVE_TEXT, {"date": "2022-11-12"}, id="text"),
        pytest.param([SVATOVE_TEXT, ISW_SEED], {"year": 2022}, id="text and path"),
        pytest.param(tuple(SEEDS), {}, id="tuple of Path"),
    ],
)
def test_extract_returns_events_geodataframe(inputs: Any, kwargs: dict[str, Any]) -> None:
    gdf = frontline.extract(inputs, **kwargs)
    assert isinstance(gdf, gpd.GeoDataFrame)
    assert gdf.crs is not None and gdf.crs.to_epsg() == 4326
    assert [c for c in SPEC_COLUMNS if c not in gdf.columns] == []
    assert len(gdf) > 0
    assert (gdf.geom_type == "Point").all()
    assert gdf["id"].is_unique
    assert pd.api.types.is_datetime64_any_dtype(gdf["date"])


def test_extract_is_callable_again_after_the_pipeline_was_imported() -> None:
    # `frontline.extract` (the function) must not be shadowed by the submodule
    # `frontline.extract` once the pipeline has imported it.
    import frontline.pipeline

    first = frontline.extract(SVATOVE_TEXT, date="2022-11-12")
    assert callable(frontline.extract)
    second = frontline.extract(SVATOVE_TEXT, date="2022-11-12")
    assert_geodataframe_equal(first, second)


def test_extract_of_nothing_is_an_empty_frame_with_the_columns() -> None:
    gdf = frontline.extract([])
    assert len(gdf) == 0
    assert gdf.crs is not None and gdf.crs.to_epsg() == 4326
    assert [c for c in SPEC_COLUMNS if c not in gdf.columns] == []


@pytest.mark.parametrize(
    ("place_name", "lon", "lat"),
    [
        ("Svatove", 38.16, 49.41),
        ("Kuzemivka", 37.98, 49.52),
        ("Kherson", 32.61, 46.64),
        ("Bakhmut", 38.00, 48.59),
        pytest.param("Verkhnokamianske", 38.20, 48.86, marks=needs_full_gazetteer),  # OSM only
        pytest.param("Huliaipole", 36.26, 47.67, marks=needs_full_gazetteer),  # OSM's name
    ],
)
def test_geometry_x_is_lon_and_y_is_lat(
    seeds: gpd.GeoDataFrame, place_name: str, lon: float, lat: float
) -> None:
    rows = seeds[seeds["place_name"] == place_name]
    assert len(rows) > 0, f"no {place_name} event in the seeds"
    assert rows.geometry.x.to_numpy() == pytest.approx(lon, abs=0.02)
    assert rows.geometry.y.to_numpy() == pytest.approx(lat, abs=0.02)


def test_every_seed_event_is_in_the_region_lon_lat_order(seeds: gpd.GeoDataFrame) -> None:
    # Ukraine and western Russia: lon 22..41, lat 44..53; swapped axes would land elsewhere.
    assert seeds.geometry.x.between(22, 41).all()
    assert seeds.geometry.y.between(44, 53).all()


@pytest.mark.parametrize(
    ("text", "kwargs", "place_name", "lon", "lat", "date"),
    [
        (SVATOVE_TEXT, {"date": "2022-11-12"}, "Volodymyrivka", 37.97, 49.59, "2022-11-12"),
        (SVATOVE_TEXT, {"date": "2022-11-12"}, "Kuzemivka", 37.98, 49.52, "2022-11-12"),
        (SVATOVE_TEXT, {}, "Kuzemivka", 37.98, 49.52, None),
    ],
)
def test_extract_text(
    text: str, kwargs: dict[str, Any], place_name: str, lon: float, lat: float, date: str | None
) -> None:
    gdf = frontline.extract(text, **kwargs)
    row = gdf[gdf["place_name"] == place_name].iloc[0]
    assert (row.geometry.x, row.geometry.y) == pytest.approx((lon, lat), abs=0.02)
    assert row["doc"] == "<text 0>"
    assert pd.isna(row["date"]) if date is None else row["date"] == pd.Timestamp(date)


def test_doc_is_the_path_as_given() -> None:
    given = str(ISW_SEED.relative_to(REPO)) if Path.cwd() == REPO else str(ISW_SEED)
    gdf = frontline.extract([given], year=2022)
    assert set(gdf["doc"]) == {given}


def test_year_dates_a_report_whose_date_has_no_year() -> None:
    gdf = frontline.extract(ISW_SEED, year=2022)
    assert set(gdf["report_date"].dropna()) == {pd.Timestamp("2022-11-12")}


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\xff\xfe binary", "binary"),
    ],
)
def test_extract_bad_file_raises_input_error_naming_it(
    tmp_path: Path, content: bytes, match: str
) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=match) as info:
        frontline.extract(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    "missing",
    [Path("seeds/no-such-report.txt"), "seeds/no-such-report.txt", ["seeds/no-such-report.html"]],
    ids=["Path", "str with a report suffix", "list"],
)
def test_extract_missing_path_raises(missing: Any) -> None:
    # A string that looks like a file name is not silently read as (empty) report text.
    with pytest.raises(InputError, match="no such file"):
        frontline.extract(missing)


# --- read_events -----------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".csv"])
def test_read_events_round_trips_write_events(
    seeds: gpd.GeoDataFrame, tmp_path: Path, suffix: str
) -> None:
    events = gdf_to_events(seeds)
    path = write_events(events, tmp_path / f"events{suffix}")
    back = frontline.read_events(path)
    assert isinstance(back, gpd.GeoDataFrame)
    assert back.crs is not None and back.crs.to_epsg() == 4326
    # Files keep <= 7 decimals, hence the tolerance on geometry and floats.
    assert_geodataframe_equal(back, to_geodataframe(events), check_less_precise=True)
    assert list(back["id"]) == list(seeds["id"])


def test_read_events_rejects_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "events.kml"
    path.write_text("<kml/>", encoding="utf-8")
    with pytest.raises(ValueError, match=r"\.geojson"):
        frontline.read_events(path)


# --- summary ---------------------------------------------------------------------------------

SUMMARY_ROWS: list[tuple[str | None, str, str, str]] = [
    ("2022-11-12", "svatove-kreminna", "ground_assault", "ru_mod"),
    ("2022-11-12", "svatove-kreminna", "ground_assault", "ru_mod"),
    ("2022-11-12", "svatove-kreminna", "ground_assault", "ua_general_staff"),
    ("2022-11-12", "bakhmut", "shelling", "isw"),
    ("2022-11-11", "bakhmut", "shelling", "isw"),
    (None, "bakhmut", "shelling", "isw"),
]


@pytest.fixture
def summary_frame() -> gpd.GeoDataFrame:
    return to_geodataframe(
        make_event(date=d, report_date=d, axis=a, event_type=t, claimant=c, char_start=10 * i)
        for i, (d, a, t, c) in enumerate(SUMMARY_ROWS)
    )


@pytest.mark.parametrize(
    ("date", "axis", "event_type", "claimant", "count"),
    [
        ("2022-11-12", "svatove-kreminna", "ground_assault", "ru_mod", 2),
        ("2022-11-12", "svatove-kreminna", "ground_assault", "ua_general_staff", 1),
        ("2022-11-12", "bakhmut", "shelling", "isw", 1),
        ("2022-11-11", "bakhmut", "shelling", "isw", 1),
        (None, "bakhmut", "shelling", "isw", 1),
    ],
)
def test_summary_counts(
    summary_frame: gpd.GeoDataFrame,
    date: str | None,
    axis: str,
    event_type: str,
    claimant: str,
    count: int,
) -> None:
    table = frontline.summary(summary_frame)
    assert list(table.columns) == ["date", "axis", "event_type", "claimant", "events"]
    when = table["date"].isna() if date is None else table["date"] == pd.Timestamp(date)
    match = table[
        when
        & (table["axis"] == axis)
        & (table["event_type"] == event_type)
        & (table["claimant"] == claimant)
    ]
    assert list(match["events"]) == [count]


def test_summary_is_sorted_by_date_with_undated_last(summary_frame: gpd.GeoDataFrame) -> None:
    table = frontline.summary(summary_frame)
    assert len(table) == 5
    assert table["events"].sum() == len(SUMMARY_ROWS)
    assert table["date"].iloc[0] == pd.Timestamp("2022-11-11")
    assert pd.isna(table["date"].iloc[-1])
    assert not isinstance(table, gpd.GeoDataFrame)


def test_summary_of_extracted_events_counts_every_event(seeds: gpd.GeoDataFrame) -> None:
    assert frontline.summary(seeds)["events"].sum() == len(seeds)


def test_summary_names_missing_columns() -> None:
    with pytest.raises(InputError, match=r"missing \['axis'"):
        frontline.summary(pd.DataFrame({"date": [], "event_type": [], "claimant": []}))


# --- map -------------------------------------------------------------------------------------


@pytest.mark.parametrize("as_events", [False, True], ids=["GeoDataFrame", "list of Event"])
def test_map_writes_day_pages_timeline_and_index(
    seeds: gpd.GeoDataFrame, tmp_path: Path, as_events: bool
) -> None:
    data = gdf_to_events(seeds) if as_events else seeds
    pages = frontline.map(data, tmp_path / "maps")
    names = [p.name for p in pages]
    assert names[-2:] == ["timeline.html", "index.html"]
    assert all(p.is_file() and p.parent == tmp_path / "maps" for p in pages)
    days = sorted(f"{d:%Y-%m-%d}.html" for d in seeds["date"].dropna().unique())
    expected = days + (["undated.html"] if seeds["date"].isna().any() else [])
    assert names[:-2] == expected
    index = (tmp_path / "maps" / "index.html").read_text(encoding="utf-8")
    for name in names[:-1]:
        assert f'href="{name}"' in index


def test_map_creates_out_dir_and_accepts_str(seeds: gpd.GeoDataFrame, tmp_path: Path) -> None:
    out = tmp_path / "a" / "b"
    pages = frontline.map(seeds.head(3), str(out))
    assert (out / "index.html") in pages


@pytest.mark.parametrize(
    ("quote", "literal"),
    [
        ("Shelling near Kherson {{ 7*7 }} today.", "7*7"),
        ("Shelling near Kherson {% if x %} today.", "if x"),
        ("Shelling near Kherson {# note today.", "note today"),
        ("Kherson {{ cycler.__init__.__globals__.os.getcwd() }}", "getcwd"),
    ],
)
def test_map_does_not_evaluate_template_syntax_in_report_text(
    tmp_path: Path, quote: str, literal: str
) -> None:
    # branca re-compiles every rendered script chunk as a Jinja template, so report text that
    # reaches a popup/tooltip/timeline unescaped is evaluated (server-side template injection).
    # No source link (doc "<text 0>"), so the working directory can only appear if evaluated.
    event = make_event(quote=quote, place="Kherson {{ 7*7 }}", doc="<text 0>")
    pages = frontline.map([event], tmp_path)
    html = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert literal in html
    assert str(Path.cwd()) not in html


