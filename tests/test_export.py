"""Tabular/GIS exports: GeoDataFrame, GeoJSON/GeoPackage/CSV files, atomic writes, GDAL checks."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from factories import KHERSON_LAT, KHERSON_LON, make_event, make_offset_event
from geopandas.testing import assert_geodataframe_equal
from pyproj import Geod

import frontline.export as export
from frontline.errors import ConfigurationError, InputError
from frontline.export import (
    daily_summary,
    gdf_to_events,
    read_events,
    to_geodataframe,
    write_events,
)
from frontline.geojson import PROPERTIES, events_to_geojson, feature_to_event
from frontline.records import Distance, Event, Offset

GEOD = Geod(ellps="WGS84")


def offset_event(**overrides: Any) -> Event:
    """ "approximately 70km southeast of Kherson City", placed as the pipeline places it."""
    return make_offset_event(**overrides)


def sample_events() -> list[Event]:
    return [
        make_event(),
        make_event(place="Svatove", char_start=300, lon=38.16204, lat=49.4093, axis="luhansk",
                   actor="UA", event_type="ground_assault", claimant="ru_mod",
                   quotes=("a; b", "c"), alternatives=("Svatove (osm:node/1) 0.2",)),
        make_event(place="Zaitseve", date=None, doc="seeds/002_af756bb7ed55ff37.txt",
                   date_range=None, cues=("shelled",)),
        make_event(place="Makiivka", date="2022-11-10",
                   date_range=("2022-11-09", "2022-11-10"), lon=37.92576, lat=48.04782),
        offset_event(),
    ]  # fmt: skip


# --- GeoDataFrame ----------------------------------------------------------------------------


def test_to_geodataframe_columns_and_types() -> None:
    gdf = to_geodataframe(sample_events())
    assert gdf.crs is not None and gdf.crs.to_epsg() == 4326
    assert list(gdf.columns) == [*PROPERTIES, "geometry"]
    assert len(gdf) == 5
    assert str(gdf["date"].dtype).startswith("datetime64")
    assert gdf["date"].isna().sum() == 1
    assert gdf["char_start"].dtype == "int32"
    assert gdf["confidence"].dtype == "float64"
    kherson = gdf[gdf["place"] == "Kherson"].iloc[0]
    assert (kherson.geometry.x, kherson.geometry.y) == (KHERSON_LON, KHERSON_LAT)
    assert kherson["date"] == pd.Timestamp("2022-11-12")


def test_to_geodataframe_empty() -> None:
    gdf = to_geodataframe([])
    assert len(gdf) == 0
    assert list(gdf.columns) == [*PROPERTIES, "geometry"]


def test_to_geodataframe_bad_date() -> None:
    with pytest.raises(InputError, match="column 'date' cannot be typed"):
        to_geodataframe([make_event(date="12 November")])


def as_written(events: list[Event]) -> list[Event]:
    """Events as any export stores them (sorted, numbers rounded)."""
    return [feature_to_event(json.loads(line.rstrip(","))) for line in
            events_to_geojson(events).splitlines()[1:-1]]  # fmt: skip


def test_gdf_to_events_round_trip() -> None:
    events = sample_events()
    assert gdf_to_events(to_geodataframe(events)) == as_written(events)


def test_gdf_to_events_reprojects_and_ignores_extra_columns() -> None:
    gdf = to_geodataframe(sample_events()).to_crs(3857)
    gdf["note"] = "added in QGIS"
    back = gdf_to_events(gdf)
    for got, want in zip(back, as_written(sample_events()), strict=True):
        assert (got.lon, got.lat) == pytest.approx((want.lon, want.lat), abs=1e-7)
        assert got.id == want.id


@pytest.mark.parametrize(
    ("frame", "match"),
    [
        (pd.DataFrame({"id": ["a"]}), "expected a GeoDataFrame of events; got DataFrame"),
        (to_geodataframe([make_event()]).assign(precision="village"), "row 0: .*'precision'"),
    ],
)
def test_gdf_to_events_rejects(frame: pd.DataFrame, match: str) -> None:
    with pytest.raises(InputError, match=match):
        gdf_to_events(frame)


def test_daily_summary_counts() -> None:
    events = [
        make_event(char_start=1),
        make_event(char_start=2),
        make_event(char_start=3, claimant="ru_mod"),
        make_event(char_start=4, date="2022-11-11"),
        make_event(char_start=5, date=None),
    ]
    summary = daily_summary(to_geodataframe(events))
    assert list(summary.columns) == ["date", "axis", "event_type", "claimant", "events"]
    rows = [
        (None if pd.isna(d) else d.date().isoformat(), c, n)
        for d, c, n in summary[["date", "claimant", "events"]].itertuples(index=False)
    ]
    assert rows == [
        ("2022-11-11", "isw", 1),
        ("2022-11-12", "isw", 2),
        ("2022-11-12", "ru_mod", 1),
        (None, "isw", 1),
    ]
    assert summary["events"].sum() == len(events)


def test_daily_summary_needs_columns() -> None:
    with pytest.raises(InputError, match=r"missing \['axis'"):
        daily_summary(pd.DataFrame({"date": [], "event_type": [], "claimant": []}))


# --- files -----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".geojson", ".json", ".gpkg", ".csv", ".GPKG"])
def test_write_read_round_trip(tmp_path: Path, suffix: str) -> None:
    events = sample_events()
    path = write_events(events, tmp_path / f"events{suffix}")
    assert path.exists()
    assert_geodataframe_equal(read_events(path), to_geodataframe(events))


@pytest.mark.parametrize("suffix", [".geojson", ".csv"])
def test_text_outputs_byte_deterministic(tmp_path: Path, suffix: str) -> None:
    events = sample_events()
    a = write_events(events, tmp_path / f"a{suffix}").read_bytes()
    b = write_events(events[::-1], tmp_path / f"b{suffix}").read_bytes()
    assert a == b


def test_geojson_file_is_geojson_module_output(tmp_path: Path) -> None:
    path = write_events(sample_events(), tmp_path / "events.geojson")
    assert path.read_bytes() == events_to_geojson(sample_events()).encode("utf-8")


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(
    ("place", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+380", "'+380"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Kherson", "Kherson"),
        ("a=b", "a=b"),  # only a leading trigger matters
    ],
)
def test_csv_injection_neutralised(tmp_path: Path, place: str, cell: str) -> None:
    path = write_events([make_event(place=place, quote=place)], tmp_path / "e.csv")
    row = read_csv_rows(path)[0]
    assert row["place"] == cell
    assert row["quote"] == cell
    # and reading back restores what the report said
    assert read_events(path)["place"].iloc[0] == place


def test_csv_negative_numbers_stay_numbers(tmp_path: Path) -> None:
    # Western-hemisphere coordinates and a negative bearing are numbers, not formulas.
    offset = Offset(Distance(10.0, 8.0, 12.0, "exact"), -45.0, 22.5)
    event = make_event(lon=-73.9857, lat=-40.5, offset=offset)
    row = read_csv_rows(write_events([event], tmp_path / "e.csv"))[0]
    assert (row["lon"], row["lat"], row["bearing_deg"]) == ("-73.9857", "-40.5", "-45.0")


def test_csv_has_lon_lat_first_and_csvt_sidecar(tmp_path: Path) -> None:
    path = write_events(sample_events(), tmp_path / "e.csv")
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:2] == ["lon", "lat"]
    types = (tmp_path / "e.csvt").read_text().strip().split(",")
    assert len(types) == len(header)
    assert dict(zip(header, types, strict=True))["admin1"] == '"String"'


@pytest.mark.parametrize("name", ["events.shp", "events.kml", "events", "events.geojson.bak"])
def test_bad_suffix(tmp_path: Path, name: str) -> None:
    with pytest.raises(ConfigurationError, match=r"use one of: \.geojson, \.json, \.gpkg, \.csv"):
        write_events(sample_events(), tmp_path / name)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ConfigurationError, match="from its suffix"):
        read_events(tmp_path / name)


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="does not exist; create it first"):
        write_events(sample_events(), tmp_path / "nope" / "e.geojson")


def test_read_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_events(tmp_path / "absent.gpkg")


def _half_then_fail(events: object, path: Path) -> None:
    path.write_text("half a file")
    path.with_suffix(".csvt").write_text("sidecar")
    raise RuntimeError("disk full")


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".csv"])
def test_atomic_write_leaves_nothing_on_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    monkeypatch.setitem(export._WRITERS, suffix, _half_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        write_events(sample_events(), tmp_path / f"e{suffix}")
    assert list(tmp_path.iterdir()) == []  # no target, no sidecar, no temp directory


def test_atomic_write_keeps_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_events(sample_events(), tmp_path / "e.geojson")
    before = path.read_bytes()
    monkeypatch.setattr(export, "events_to_geojson", lambda _: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        write_events([make_event()], path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["e.geojson"]


def test_gdal_failure_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The real GeoPackage writer fails half-way (after the events layer is on disk).
    real = export.ogr_write
    calls: list[str] = []

    def flaky(path: str, *args: Any, **kwargs: Any) -> None:
        calls.append(kwargs["layer"])
        if kwargs["layer"] == export.UNCERTAINTY_LAYER:
            raise OSError("GDAL gave up")
        real(path, *args, **kwargs)

    monkeypatch.setattr(export, "ogr_write", flaky)
    with pytest.raises(OSError, match="GDAL gave up"):
        write_events(sample_events(), tmp_path / "e.gpkg")
    assert calls == ["events", "uncertainty"]
    assert list(tmp_path.iterdir()) == []


def test_gpkg_without_offsets_has_one_layer(tmp_path: Path) -> None:
    import pyogrio

    path = write_events([make_event()], tmp_path / "e.gpkg")
    assert [name for name, _ in pyogrio.list_layers(path)] == ["events"]


def test_read_csv_reports_line(tmp_path: Path) -> None:
    path = write_events([make_event()], tmp_path / "e.csv")
    text = path.read_text(encoding="utf-8").replace(",settlement,", ",village,")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"e\.csv: line 2: .*precision"):
        read_events(path)


# --- GDAL validation -------------------------------------------------------------------------


def ogrinfo(path: Path, *open_options: str) -> dict[str, dict[str, Any]]:
    """Layers of ``ogrinfo -ro -so -al``: {layer: {"count", "geometry", "fields": {name: type}}}."""
    exe = shutil.which("ogrinfo")
    if exe is None:
        pytest.skip("GDAL's ogrinfo is not installed")
    args = [exe, "-ro", "-so", "-al"]
    for option in open_options:
        args += ["-oo", option]
    out = subprocess.run(
        [*args, str(path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    layers: dict[str, dict[str, Any]] = {}
    layer: dict[str, Any] = {}
    for line in out.splitlines():
        if m := re.match(r"Layer name: (.+)", line):
            layer = layers.setdefault(m[1], {"count": None, "geometry": None, "fields": {}})
        elif m := re.match(r"Geometry: (.+)", line):
            layer["geometry"] = m[1]
        elif m := re.match(r"Feature Count: (\d+)", line):
            layer["count"] = int(m[1])
        elif m := re.match(r"(\w+): (\w+)(?:\((\w+)\))? \(", line):  # "quotes: String(JSON) ("
            layer["fields"][m[1]] = m[2]
    return layers


EXPECTED_TYPES = {
    "confidence": "Real",
    "uncertainty_km": "Real",
    "char_start": "Integer",
    "char_end": "Integer",
    "geo_precision": "Integer",
    "date": "Date",
    "report_date": "Date",
    "admin1": "String",
    "place": "String",
}


@pytest.mark.gis
def test_ogrinfo_geojson(tmp_path: Path) -> None:
    path = write_events(sample_events(), tmp_path / "events.geojson")
    (layer,) = ogrinfo(path).values()
    assert layer["count"] == 5
    assert layer["geometry"] == "Point"
    assert {k: layer["fields"].get(k) for k in EXPECTED_TYPES} == EXPECTED_TYPES
    # An array of strings: StringList, or JSON text when GDAL sees empty arrays first.
    assert layer["fields"]["quotes"] in ("StringList", "String")
    assert "lon" not in layer["fields"]


@pytest.mark.gis
def test_ogrinfo_json_lines(tmp_path: Path) -> None:
    """JSON Lines (newline-delimited GeoJSON): GDAL's GeoJSONSeq driver reads every feature,
    with the same field types as the GeoJSON's."""
    path = write_events(sample_events(), tmp_path / "events.geojsonl")
    (layer,) = ogrinfo(Path(f"GeoJSONSeq:{path}")).values()
    assert layer["count"] == 5
    assert layer["geometry"] == "Point"
    assert {k: layer["fields"].get(k) for k in EXPECTED_TYPES} == EXPECTED_TYPES
    assert {k: layer["fields"].get(k) for k in NEW_TYPES} == NEW_TYPES


@pytest.mark.gis
def test_ogrinfo_gpkg_both_layers(tmp_path: Path) -> None:
    path = write_events(sample_events(), tmp_path / "events.gpkg")
    layers = ogrinfo(path)
    assert set(layers) == {"events", "uncertainty"}
    events, polygons = layers["events"], layers["uncertainty"]
    assert (events["count"], events["geometry"]) == (5, "Point")
    assert {k: events["fields"].get(k) for k in EXPECTED_TYPES} == EXPECTED_TYPES
    assert (polygons["count"], polygons["geometry"]) == (1, "Polygon")
    assert polygons["fields"]["uncertainty_km"] == "Real"
    assert polygons["fields"]["date"] == "Date"


@pytest.mark.gis
def test_ogrinfo_csv(tmp_path: Path) -> None:
    path = write_events(sample_events(), tmp_path / "events.csv")
    (layer,) = ogrinfo(path, "X_POSSIBLE_NAMES=lon", "Y_POSSIBLE_NAMES=lat").values()
    assert layer["count"] == 5
    assert layer["geometry"] == "Point"  # GDAL built points from lon/lat
    assert {k: layer["fields"].get(k) for k in EXPECTED_TYPES} == EXPECTED_TYPES
    assert (layer["fields"]["lon"], layer["fields"]["lat"]) == ("Real", "Real")


@pytest.mark.gis
def test_ogrinfo_csv_point_is_lon_lat(tmp_path: Path) -> None:
    exe = shutil.which("ogrinfo")
    if exe is None:
        pytest.skip("GDAL's ogrinfo is not installed")
    path = write_events([make_event()], tmp_path / "events.csv")
    args = [exe, "-ro", "-al", "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat"]
    out = subprocess.run(
        [*args, str(path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert f"POINT ({KHERSON_LON} {KHERSON_LAT})" in out


# --- columns for joins and merges (issue 16) -------------------------------------------------

BOUNDARIES = Path("/work/shared/gazetteer/boundaries/oblasts.geojson")


@pytest.mark.parametrize(
    ("geonames", "iso", "name"),
    [
        ("14", "UA-09", "Luhansk Oblast"),
        ("05", "UA-14", "Donetsk Oblast"),
        ("08", "UA-65", "Kherson Oblast"),
        ("11", "UA-43", "Crimea"),
        ("", "", ""),
        ("00", "", ""),
    ],
)
def test_admin1_is_the_oblast_name_with_its_iso_and_geonames_codes(
    geonames: str, iso: str, name: str
) -> None:
    props = export.event_to_feature(make_event(admin1=geonames))["properties"]
    assert (props["admin1"], props["admin1_iso"], props["admin1_geonames"]) == (
        name,
        iso,
        geonames,
    )
    assert props["country"] == ("UA" if iso else "")


def test_admin1_iso_codes_are_those_of_the_boundary_file() -> None:
    if not BOUNDARIES.is_file():
        pytest.skip("the shared boundary file is not here")
    from frontline.geojson import ADMIN1_ISO

    spelled = {"Kiev Oblast": "Kyiv Oblast", "Odessa Oblast": "Odesa Oblast",
               "Autonomous Republic of Crimea": "Crimea"}  # fmt: skip
    boundary = {
        f["properties"]["iso3166-2"]: spelled.get(n := f["properties"]["name:en"], n)
        for f in json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"]
    }
    ours = dict(ADMIN1_ISO.values())
    assert boundary and all(ours[iso] == name for iso, name in boundary.items())


def test_time_columns_for_kepler() -> None:
    day, ranged, undated = (
        export.event_to_feature(e)["properties"]
        for e in (
            make_event(),
            make_event(date="2022-11-10", date_range=("2022-11-09", "2022-11-10")),
            make_event(date=None),
        )
    )
    assert (day["datetime"], day["time_precision"]) == ("2022-11-12T00:00:00Z", "day")
    assert (ranged["datetime"], ranged["time_precision"]) == ("2022-11-10T00:00:00Z", "range")
    assert (undated["datetime"], undated["time_precision"]) == (None, None)


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".csv", ".jsonl"])
def test_new_columns_round_trip(tmp_path: Path, suffix: str) -> None:
    events = sample_events()
    path = write_events(events, tmp_path / f"events{suffix}")
    gdf = read_events(path)
    assert set(gdf["admin1"]) == {"Kherson Oblast"}
    assert set(gdf["admin1_iso"]) == {"UA-65"}
    assert set(gdf["admin1_geonames"]) == {"08"}
    assert sorted(gdf_to_events(gdf), key=lambda e: e.id) == sorted(events, key=lambda e: e.id)
    assert isinstance(gdf["datetime"].dtype, pd.DatetimeTZDtype)
    assert str(gdf["datetime"].dt.tz) == "UTC"


@pytest.mark.parametrize("suffix", [".geojson", ".csv"])
@pytest.mark.parametrize("old", ["14", "UA-09", "Luhansk Oblast"])
def test_old_or_edited_exports_with_only_admin1_still_load(
    tmp_path: Path, suffix: str, old: str
) -> None:
    """Older files held the GeoNames code, then the ISO code, in admin1; an edited file may
    keep only the name."""
    path = write_events([make_event(admin1="14")], tmp_path / f"events{suffix}")
    text = path.read_text(encoding="utf-8")
    for column in ("admin1_geonames", "admin1_iso", "country", "datetime", "time_precision"):
        if suffix == ".geojson":
            text = re.sub(rf'"{column}":[^,}}]*,?', "", text)
    if suffix == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
        for row in rows:
            row.pop("admin1_geonames")
            row["admin1"] = old
            for column in ("admin1_iso", "country", "datetime", "time_precision"):
                row.pop(column)
        lines = [",".join(rows[0])] + [
            ",".join(f'"{v}"' for v in row.values()) for row in rows
        ]
        text = "\n".join(lines) + "\n"
        path.with_suffix(".csvt").unlink()
    else:
        text = text.replace('"admin1":"Luhansk Oblast"', f'"admin1":"{old}"')
    path.write_text(text, encoding="utf-8")
    (event,) = gdf_to_events(read_events(path))
    assert event.admin1 == "14"


def test_an_edited_file_with_only_the_iso_code_loads() -> None:
    feature = export.event_to_feature(make_event(admin1="14"))
    del feature["properties"]["admin1_geonames"]
    assert feature_to_event(feature).admin1 == "14"


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".csv"])
def test_append_adds_new_events_once(tmp_path: Path, suffix: str) -> None:
    first, second = sample_events()[:2], sample_events()[1:]
    path = tmp_path / f"events{suffix}"
    write_events(first, path)
    write_events(second, path, append=True)
    write_events(second, path, append=True)  # a re-run adds nothing
    assert sorted(read_events(path)["id"]) == sorted(e.id for e in sample_events())


def test_append_to_a_missing_file_writes_it(tmp_path: Path) -> None:
    path = write_events(sample_events(), tmp_path / "new.gpkg", append=True)
    assert len(read_events(path)) == 5


def test_append_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    write_events(sample_events()[:2], a)
    write_events(sample_events()[2:], a, append=True)
    write_events(sample_events(), b)
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize(
    ("fmt", "reads_as"), [("geojson", '"type": "FeatureCollection"'), ("csv", "lon,lat,id")]
)
def test_format_overrides_the_suffix(tmp_path: Path, fmt: str, reads_as: str) -> None:
    path = write_events(sample_events(), tmp_path / "events.out", format=fmt)
    assert reads_as in path.read_text(encoding="utf-8")


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"unknown output format .kml.*geojson, gpkg"):
        write_events(sample_events(), tmp_path / "events.kml", format="kml")


NEW_TYPES = {
    "admin1": "String",
    "admin1_geonames": "String",
    "admin1_iso": "String",
    "country": "String",
    "datetime": "DateTime",
    "time_precision": "String",
}


@pytest.mark.gis
@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".csv"])
def test_ogrinfo_new_columns(tmp_path: Path, suffix: str) -> None:
    path = write_events(sample_events(), tmp_path / f"events{suffix}")
    opts = ("X_POSSIBLE_NAMES=lon", "Y_POSSIBLE_NAMES=lat") if suffix == ".csv" else ()
    layer = ogrinfo(path, *opts)["events"]
    assert {k: layer["fields"].get(k) for k in NEW_TYPES} == NEW_TYPES


# --- ACLED-style export -----------------------------------------------------------------------


def test_acled_crosswalk_covers_every_event_type() -> None:
    from frontline.records import EVENT_TYPES

    assert set(export.ACLED_TYPES) == set(EVENT_TYPES)


@pytest.mark.parametrize(
    ("overrides", "column", "value"),
    [
        ({}, "event_date", "2022-11-12"),
        ({}, "year", 2022),
        ({}, "time_precision", 1),
        ({"date": "2022-11-10", "date_range": ("2022-11-09", "2022-11-10")}, "time_precision", 2),
        ({"date": "2022-11-30", "date_range": ("2022-11-01", "2022-11-30")}, "time_precision", 3),
        ({"date": None}, "time_precision", None),
        ({"event_type": "shelling"}, "event_type", "Explosions/Remote violence"),
        ({"event_type": "shelling"}, "sub_event_type", "Shelling/artillery/missile attack"),
        ({"event_type": "ground_assault"}, "disorder_type", "Political violence"),
        ({"event_type": "defensive_works"}, "disorder_type", "Strategic developments"),
        ({"actor": "UA"}, "actor1", "Military Forces of Ukraine (2019-)"),
        ({"admin1": "14"}, "admin1", "Luhansk"),
        ({}, "country", "Ukraine"),
        ({}, "geo_precision", 1),
    ],
)
def test_acled_row(overrides: dict[str, Any], column: str, value: Any) -> None:
    assert export.acled_row(make_event(**overrides))[column] == value


def test_acled_csv(tmp_path: Path) -> None:
    path = write_events(sample_events(), tmp_path / "acled.csv", schema="acled")
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    assert list(rows[0]) == [name for name, _ in export.ACLED_COLUMNS]
    assert len(rows) == 5 and all(r["event_id_cnty"].startswith("UKR-") for r in rows)
    again = write_events(list(reversed(sample_events())), tmp_path / "again.csv", schema="acled")
    assert path.read_bytes() == again.read_bytes()


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("a.geojson", {"schema": "acled"}), ("a.csv", {"schema": "kml"}),
     ("a.csv", {"schema": "acled", "append": True})],
)  # fmt: skip
def test_acled_schema_misuse_is_refused(tmp_path: Path, name: str, kwargs: Any) -> None:
    with pytest.raises(ConfigurationError, match="schema"):
        write_events(sample_events(), tmp_path / name, **kwargs)


@pytest.mark.gis
def test_ogrinfo_acled_csv(tmp_path: Path) -> None:
    path = write_events(sample_events(), tmp_path / "acled.csv", schema="acled")
    layer = ogrinfo(path, "X_POSSIBLE_NAMES=longitude", "Y_POSSIBLE_NAMES=latitude")["acled"]
    assert layer["geometry"] == "Point" and layer["count"] == 5
    assert {k: layer["fields"][k] for k in ("event_date", "year", "latitude", "notes")} == {
        "event_date": "Date",
        "year": "Integer",
        "latitude": "Real",
        "notes": "String",
    }


def test_json_lines_are_the_geojson_features_one_per_line(tmp_path: Path) -> None:
    events = sample_events()
    whole = json.loads(write_events(events, tmp_path / "e.geojson").read_text(encoding="utf-8"))
    text = write_events(events, tmp_path / "e.jsonl").read_text(encoding="utf-8")
    assert [json.loads(line) for line in text.splitlines()] == whole["features"]
    assert export.export_kind(tmp_path / "e.jsonl") == ".jsonl"
    assert export.export_kind(tmp_path / "e.geojson") == ".geojson"


def test_a_malformed_json_line_is_one_error_naming_the_line(tmp_path: Path) -> None:
    good = write_events(sample_events(), tmp_path / "e.jsonl").read_text(encoding="utf-8")
    lines = good.splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([lines[0], '{"type": "Feature", "properties": []}', *lines[1:]]))
    with pytest.raises(InputError, match=r"bad\.jsonl: line 2: "):
        read_events(bad)
