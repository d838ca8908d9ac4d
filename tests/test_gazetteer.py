"""Gazetteer: full build from ../shared/gazetteer, tiny builds made in code, fallback, download.

The full-build tests read the real GeoNames UA dump and OSM settlements CSV (see
gazetteer/README.md) and build the artifact once per session into a temporary cache dir.
The tiny fixtures are generated below in GeoNames dump format; their rows are invented.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import http.server
import json
import lzma
import pickle
import threading
import zipfile
from array import array
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontline import gazetteer_build
from frontline.errors import ConfigurationError, GazetteerError
from frontline.gazetteer import (
    EMBEDDED_WARNING,
    EmbeddedGazetteerWarning,
    Gazetteer,
    build_gazetteer,
    clear_gazetteer_cache,
    download_geonames,
    embedded_data_path,
    find_sources,
    load_gazetteer,
)
from frontline.gazetteer_build import (
    ALIAS_COLUMNS,
    EMBEDDED_COMMAND,
    EMBEDDED_DATA,
    EMBEDDED_META,
    OVERLAY_COLUMNS,
    embed_geonames,
    embedded_row,
    read_header,
    sha256_file,
)

# --- full build -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def full(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    sources = find_sources()
    if not sources.geonames or not sources.osm:
        pytest.skip("../shared/gazetteer (GeoNames UA.zip + OSM CSV) not found")
    clear_gazetteer_cache()
    gaz = load_gazetteer(sources.root, tmp_path_factory.mktemp("cache"))
    assert gaz.source_kind == "full"
    return gaz


# The villages and towns of the ISW seed reports, with their oblast.
SEED_PLACES = [
    ("Volodymyrivka", "14"),
    ("Kuzemivka", "14"),
    ("Pishchane", "07"),
    ("Svatove", "14"),
    ("Ploshchanka", "14"),
    ("Makiivka", "14"),
    ("Makiivka", "05"),
    ("Chervonopopivka", "14"),
    ("Masyutivka", "07"),
    ("Orlianka", "07"),
    ("Miasozharivka", "14"),
    ("Novoselivske", "14"),
    ("Bilohorivka", "14"),
    ("Verkhnokamianske", "05"),
    ("Soledar", "05"),
    ("Mayorsk", "05"),
    ("Maiorsk", "05"),
    ("Pervomaiske", "05"),
    ("Nevelske", "05"),
    ("Krasnohorivka", "05"),
    ("Marinka", "05"),
    ("Mar'yinka", "05"),
    ("Мар’їнка", "05"),
    ("Opytne", "05"),
    ("Pavlivka", "05"),
    ("Stepne", "05"),
    ("Vuhledar", "05"),
    ("Kreminna", "14"),
    ("Bakhmut", "05"),
    ("Avdiivka", "05"),
    ("Hulyaipole", "26"),
    ("Huliaipole", "26"),
    ("Kakhovka", "08"),
    ("Nova Kakhovka", "08"),
    ("Henichesk", "08"),
    ("Melitopol", "26"),
    ("Horlivka", "05"),
    ("Nikopol", "04"),
    ("Kherson City", "08"),
    ("Zaporizhzhia City", "26"),
    ("Kadiivka", "14"),
    ("Zaitseve", "14"),
    ("Siversk", "05"),
    # Russian-based spellings
    ("Kremennaya", "14"),
    ("Svatovo", "14"),
    ("Artemovsk", "05"),
    ("Ugledar", "05"),
    ("Avdeevka", "05"),
    ("Gulyaipole", "26"),
    ("Stakhanov", "14"),
    ("Dzerzhynsk", "05"),
    # Russian-scheme spellings of Russian Cyrillic alternate names, and swapped endings
    ("Kleshcheyevka", "05"),
    ("Krasnogorovka", "05"),
    ("Chasovyi Yar", "05"),
    ("Staromayorsk", "05"),
    ("Rusynyi Yar", "05"),
]


@pytest.mark.parametrize(("name", "admin1"), SEED_PLACES)
def test_seed_place_resolves_in_its_oblast(full: Gazetteer, name: str, admin1: str) -> None:
    candidates = full.lookup(name)
    assert candidates, name
    assert admin1 in {p.admin1 for p in candidates}
    assert all(p.kind in ("settlement", "feature") for p in candidates)


@pytest.mark.parametrize(
    ("name", "place_id"),
    [
        ("Kremennaya", "geonames:704138"),
        ("Artemovsk", "geonames:713174"),
        ("Ugledar", "geonames:690823"),
        ("Avdeevka", "geonames:713122"),
        ("Gulyaipole", "geonames:707898"),
        ("Kherson City", "geonames:706448"),
        ("Zaporizhzhia City", "geonames:687700"),
        ("Mayorsk", "geonames:13068140"),
    ],
)
def test_best_candidate_is_the_big_one(full: Gazetteer, name: str, place_id: str) -> None:
    assert full.lookup(name)[0].id == place_id


def test_renamed_pervomaiske_is_avdiivske_west_of_avdiivka(full: Gazetteer) -> None:
    place, km = full.lookup_near("Pervomaiske", 48.10, 37.60)[0]
    assert place.id == "geonames:697562"  # GeoNames "Avdiyivske"
    assert place.admin1 == "05"
    assert km < 2


@pytest.mark.parametrize(
    ("name", "kind", "admin1"),
    [
        ("Arabat Spit", "feature", "11"),
        ("Kinburn Spit", "feature", "16"),
        ("Antonivskyi Bridge", "feature", "08"),
        ("Antonovsky Bridge", "feature", "08"),
        ("Kakhovka HPP", "feature", "08"),
        ("Kakhovka dam", "feature", "08"),
        ("Zaporizhzhia NPP", "feature", "26"),
        ("ZNPP", "feature", "26"),
        ("Kerch Strait Bridge", "feature", "11"),
        ("Crimean Bridge", "feature", "11"),
    ],
)
def test_overlay_features(full: Gazetteer, name: str, kind: str, admin1: str) -> None:
    (place,) = [p for p in full.lookup(name) if p.kind == kind]
    assert place.admin1 == admin1
    assert place.id.startswith("overlay:")


@pytest.mark.parametrize(
    ("name", "place_id"),
    [("Verkhnokamianske", "osm:relation/3586194"), ("Orlianka", "osm:relation/3558283")],
)
def test_osm_fills_geonames_gaps(full: Gazetteer, name: str, place_id: str) -> None:
    # The OSM village is found by its name, as its own place or merged into the GeoNames
    # entry of the same village (Orlianka is GeoNames' Orlianske, 100 m away, whose
    # alternate name "Orlyanka" is the Russian-scheme spelling of OSM's "Орлянка").
    assert any(place_id == p.id or place_id in p.ids for p in full.lookup(name))


@pytest.mark.parametrize(
    ("geonames_id", "osm_id"),
    [
        ("geonames:703484", "osm:node/337556257"),  # Kuzemivka
        ("geonames:692118", "osm:relation/3629334"),  # Svatove
        ("geonames:713174", "osm:node/256613679"),  # Bakhmut
    ],
)
def test_place_in_both_sources_is_one_place(full: Gazetteer, geonames_id: str, osm_id: str) -> None:
    place = full.get(geonames_id)
    assert place is not None and place.id == geonames_id
    assert osm_id in place.ids and geonames_id in place.ids
    assert full.get(osm_id) == place
    # The merged place appears once among the candidates of its name.
    assert [p.id for p in full.lookup(place.name)].count(geonames_id) == 1


def test_lookup_order_is_population_then_id(full: Gazetteer) -> None:
    cands = full.lookup("Pavlivka")
    assert len(cands) > 40
    keys = [(-p.population, p.id) for p in cands]
    assert keys == sorted(keys)
    assert full.lookup("Pavlivka") == cands


@pytest.mark.parametrize("text", ["Luhansk Oblast", "Kharkiv", "Kakhovka Raion", "", "  "])
def test_lookup_never_returns_regions(full: Gazetteer, text: str) -> None:
    assert all(p.kind != "region" for p in full.lookup(text))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Luhansk Oblast", "14"),
        ("Luhanska", "14"),
        ("LNR", "14"),
        ("Luhansk People's Republic", "14"),
        ("Zaporizhzhya Oblast", "26"),  # GeoNames' own spelling
        ("Donetska Oblast", "05"),
        ("Kharkovskaya", "07"),
        ("Odessa", "17"),
        ("Svatove", None),
    ],
)
def test_gazetteer_oblast_code(full: Gazetteer, text: str, code: str | None) -> None:
    assert full.oblast_code(text) == code


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("05", "Donetsk Oblast"),
        ("14", "Luhansk Oblast"),
        ("07", "Kharkiv Oblast"),
        ("08", "Kherson Oblast"),
        ("26", "Zaporizhia Oblast"),
        ("04", "Dnipropetrovsk Oblast"),
        ("16", "Mykolaiv Oblast"),
        ("17", "Odesa Oblast"),
        ("21", "Sumy Oblast"),
        ("02", "Chernihiv Oblast"),
        ("13", "Kyiv Oblast"),
        ("12", "Kyiv City"),
        ("11", "Crimea"),
        ("20", "Sevastopol"),
        ("99", ""),
    ],
)
def test_admin1_name(full: Gazetteer, code: str, name: str) -> None:
    assert full.admin1_name(code) == name


@pytest.mark.parametrize(
    ("text", "feature_code", "admin1"),
    [
        ("Kakhovka Raion", "ADM2", "08"),
        ("Bakhmut Raion", "ADM2", "05"),
        ("Svatove Raion", "ADM2", "14"),
        ("Kakhovka district", "ADM2", "08"),
        ("Luhansk Oblast", "ADM1", "14"),
        ("Zaporizhia Oblast", "ADM1", "26"),
    ],
)
def test_region(full: Gazetteer, text: str, feature_code: str, admin1: str) -> None:
    place = full.region(text)
    assert place is not None
    assert (place.kind, place.feature_code, place.admin1) == ("region", feature_code, admin1)


def test_region_unknown(full: Gazetteer) -> None:
    assert full.region("Atlantis Raion") is None


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("kuzemivka", True),
        ("kherson city", True),
        ("mayorsk", True),
        ("Kuzemivka", True),  # not a key yet: folded first
        ("xyzzy", False),
        ("russian forces", False),
    ],
)
def test_has_key(full: Gazetteer, key: str, expected: bool) -> None:
    assert full.has_key(key) is expected


def test_max_name_tokens(full: Gazetteer) -> None:
    assert 2 <= full.max_name_tokens <= 6


def test_near(full: Gazetteer) -> None:
    hits = full.near(49.52055, 37.98224, 5)
    assert hits[0][0].name == "Kuzemivka" and hits[0][1] < 0.01
    assert all(km <= 5 for _p, km in hits)
    assert [km for _p, km in hits] == sorted(km for _p, km in hits)
    assert full.near(0.0, 0.0, 10) == []


def test_lookup_near_distance_is_geodesic(full: Gazetteer) -> None:
    (bakhmut, km), *_ = full.lookup_near("Bakhmut", 48.59419, 38.99886)
    # One degree of longitude at 48.6 N on WGS84 is 73.8 km.
    assert bakhmut.id == "geonames:713174"
    assert km == pytest.approx(73.8, abs=0.2)
    assert full.lookup_near("Bakhmut", 48.59, 37.99, radius_km=5)[0][0].id == bakhmut.id


@pytest.mark.parametrize(
    ("surface", "expected"), [("Kuzemivca", "Kuzemivka"), ("Verkhnokamyanske", "Verkhnokamianske")]
)
def test_fuzzy(full: Gazetteer, surface: str, expected: str) -> None:
    assert full.lookup(surface) == () or surface == "Verkhnokamyanske"
    names = [p.name for p, _score in full.fuzzy(surface, score_cutoff=85)]
    assert expected in names


def test_fuzzy_cutoff(full: Gazetteer) -> None:
    assert full.fuzzy("Qwertyuiop") == []


def test_info(full: Gazetteer) -> None:
    info = full.info()
    assert info["source_kind"] == "full"
    assert "GeoNames (CC BY 4.0)" in info["attribution"]
    assert "© OpenStreetMap contributors (ODbL)" in info["attribution"]
    assert info["counts"]["places"] > 30000
    assert info["counts"]["osm_merged_into_geonames"] > 10000
    assert {s["kind"] for s in info["sources"]} == {"geonames", "osm"}
    assert info["built"]
    assert info["boundaries"] is None or info["boundaries"].endswith("oblasts.geojson")


def test_warm_load_reuses_artifact(full: Gazetteer) -> None:
    assert full.path is not None
    before = full.path.stat().st_mtime_ns
    clear_gazetteer_cache()
    sources = find_sources()
    again = load_gazetteer(sources.root, full.path.parent)
    assert again is not full and again.path == full.path
    assert full.path.stat().st_mtime_ns == before  # loaded, not rebuilt
    assert load_gazetteer(sources.root, full.path.parent) is again  # in-process cache


# --- tiny sources generated in code ---------------------------------------------------------

OSM_HEADER = ["name_uk", "name_en", "place", "oblast", "lat", "lon", "osm_id", "osm_type"]


def geonames_row(
    gid: int,
    name: str,
    lat: float,
    lon: float,
    *,
    alts: str = "",
    fclass: str = "P",
    fcode: str = "PPL",
    admin1: str = "14",
    population: int = 0,
) -> str:
    cols = [str(gid), name, name, alts, str(lat), str(lon), fclass, fcode, "UA", "", admin1]
    cols += ["", "", "", str(population), "", "100", "Europe/Kyiv", "2024-01-01"]
    assert len(cols) == 19
    return "\t".join(cols)


TINY_GEONAMES = [
    geonames_row(1, "Kuzemivka", 49.52, 37.98, alts="Kuzemovka,Куземівка"),
    geonames_row(
        2, "Svatove", 49.41, 38.155, alts="Svatovo,Сватове", fcode="PPLA2", population=16000
    ),
    geonames_row(3, "Ghostville", 49.0, 38.0, fcode="PPLQ"),  # abandoned: skipped
    geonames_row(4, "Svatove", 49.412, 38.16, fcode="PPLX"),  # repeats its town: dropped
    geonames_row(5, "Maiorsk", 48.403, 38.009, fcode="PPLX", admin1="05"),  # unique: kept
    geonames_row(6, "Luhanska Oblast", 48.7, 39.0, fclass="A", fcode="ADM1"),
    geonames_row(7, "Svatove Raion", 49.4, 38.2, fclass="A", fcode="ADM2", alts="Svativskyi Raion"),
]
TINY_OSM = [
    ["Куземівка", "Kuzemivka", "village", "Луганська", "49.521", "37.981", "11", "node"],
    ["Сватове", "Svatove", "town", "Луганська", "49.409", "38.150", "22", "relation"],
    ["Орлянка", "Orlianka", "village", "Харківська", "49.686", "37.928", "33", "relation"],
    ["Орлянка", "Orlianka", "village", "Харківська", "49.687", "37.929", "34", "node"],
    ["Масютівка", "", "village", "Харківська", "49.81", "37.68", "44", "relation"],
    # Same name, 60 km away: a different village, not merged.
    ["Куземівка", "Kuzemivka", "village", "Луганська", "50.0", "38.5", "55", "node"],
]


def write_tiny_sources(root: Path, geonames: list[str], osm: list[list[str]]) -> Path:
    (root / "geonames").mkdir(parents=True)
    (root / "osm").mkdir()
    with zipfile.ZipFile(root / "geonames" / "UA.zip", "w") as zf:
        zf.writestr("UA.txt", "\n".join(geonames) + "\n")
        zf.writestr("readme.txt", "tiny test dump\n")
    with (root / "osm" / "settlements.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(OSM_HEADER)
        writer.writerows(osm)
    return root


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    return write_tiny_sources(tmp_path / "src", TINY_GEONAMES, TINY_OSM)


@pytest.fixture
def tiny(tiny_dir: Path, tmp_path: Path) -> Gazetteer:
    clear_gazetteer_cache()
    return load_gazetteer(tiny_dir, tmp_path / "cache")


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("Kuzemivka", [("geonames:1", "osm:node/11"), ("osm:node/55",)]),
        ("Svatove", [("geonames:2", "osm:relation/22")]),
        ("Svatovo", [("geonames:2", "osm:relation/22")]),
        ("Orlianka", [("osm:relation/33", "osm:node/34")]),
        ("Масютівка", [("osm:relation/44",)]),
        ("Masiutivka", [("osm:relation/44",)]),
        ("Mayorsk", [("geonames:5",)]),
        ("Ghostville", []),
    ],
)
def test_tiny_merge(tiny: Gazetteer, name: str, ids: list[tuple[str, ...]]) -> None:
    assert sorted(p.ids for p in tiny.lookup(name)) == sorted(ids)


def test_tiny_merged_place_keeps_geonames_coordinate_and_osm_admin1(tiny: Gazetteer) -> None:
    (place,) = [p for p in tiny.lookup("Kuzemivka") if p.id == "geonames:1"]
    assert (place.lat, place.lon, place.admin1) == (49.52, 37.98, "14")
    osm_only = tiny.get("osm:relation/44")
    assert osm_only is not None
    assert (osm_only.name, osm_only.admin1, osm_only.feature_code) == (
        "Masiutivka",
        "07",
        "osm:village",
    )


def test_tiny_counts(tiny: Gazetteer) -> None:
    counts = tiny.info()["counts"]
    assert counts["pplx_dropped"] == 1
    assert counts["osm_merged_into_geonames"] == 2
    assert counts["osm_merged_into_osm"] == 1
    assert counts["osm_added"] == 3
    assert counts["regions"] == 2


def test_tiny_rebuilds_when_a_source_changes(tiny_dir: Path, tmp_path: Path) -> None:
    clear_gazetteer_cache()
    first = load_gazetteer(tiny_dir, tmp_path / "cache")
    assert first.lookup("Novyi Khutir") == ()
    with (tiny_dir / "osm" / "settlements.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(
            ["Новий Хутір", "Novyi Khutir", "hamlet", "Луганська", "49.1", "38.1", "66", "node"]
        )
    clear_gazetteer_cache()
    second = load_gazetteer(tiny_dir, tmp_path / "cache")
    assert [p.id for p in second.lookup("Novyi Khutir")] == ["osm:node/66"]
    assert second.path == first.path


def test_artifact_header(tiny: Gazetteer) -> None:
    assert tiny.path is not None
    header = read_header(tiny.path)
    assert header is not None
    assert header["builder_version"] and header["built"]
    assert {s["kind"] for s in header["sources"]} == {"geonames", "osm"}
    assert all({"path", "size", "mtime_ns"} <= s.keys() for s in header["sources"])


# --- a damaged or planted cache: a warning and a rebuild, never a traceback or code run ------


class _Planted:
    """Unpickling this touches ``marker``: proof that a loader ran code from the cache."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (Path.touch, (self.marker,))


def _garbage_payload(data: bytes, header_end: int) -> bytes:
    """The same header, the payload replaced by as many bytes of noise."""
    noise = hashlib.sha256(b"noise").digest() * (len(data) // 32 + 1)
    return data[:header_end] + noise[: len(data) - header_end]


def _wrong_structure(data: bytes, header_end: int) -> bytes:
    """A payload whose sections do not fit together, with a header checksum that matches:
    every place number of the name index points past the last place."""
    header = json.loads(data[data.index(b"\n") + 1 : header_end])
    layout = header["layout"]
    payload = bytearray(data[header_end:])
    start, size = layout["sections"]["index.postings"]
    payload[start : start + size] = array("i", [10**6] * (size // 4)).tobytes()
    layout["sha256"] = gazetteer_build._digest(layout, payload)
    head = json.dumps(header, sort_keys=True).encode() + b"\n"
    return data[: data.index(b"\n") + 1] + head + bytes(payload)


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (_garbage_payload, "SHA-256 differs"),
        (lambda data, end: data[: len(data) - 100], "payload bytes where the header says"),
        (lambda data, end: data[:end] + data[end:] + b"more", "payload bytes where the header"),
        (_wrong_structure, "index: a number outside"),
        (lambda data, end: data[: data.index(b"\n") + 1] + b'{"builder_version": "3"}\n', "header"),
        (lambda data, end: data[: data.index(b"\n") + 1] + b"[1, 2]\n" + data[end:], "header"),
    ],
    ids=[
        "garbage-payload",
        "truncated",
        "trailing-bytes",
        "wrong-structure",
        "no-layout",
        "header-not-an-object",
    ],
)
def test_a_corrupt_cache_is_rebuilt_with_a_warning(
    tiny_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, damage, reason: str
) -> None:
    cache = tmp_path / "cache"
    clear_gazetteer_cache()
    artifact = load_gazetteer(tiny_dir, cache).path
    assert artifact is not None
    data = artifact.read_bytes()
    header_end = data.index(b"\n", data.index(b"\n") + 1) + 1
    artifact.write_bytes(damage(data, header_end))
    with pytest.raises(GazetteerError, match="rebuild it with `frontline gazetteer build`"):
        Gazetteer.from_artifact(artifact)
    clear_gazetteer_cache()
    with caplog.at_level("WARNING", logger="frontline"):
        gaz = load_gazetteer(tiny_dir, cache)
    assert [p.id for p in gaz.lookup("Svatovo")] == ["geonames:2"]
    assert Gazetteer.from_artifact(artifact).lookup("Svatovo") == gaz.lookup("Svatovo")
    messages = " ".join(r.getMessage() for r in caplog.records)
    if reason != "header":  # a header that is not a current artifact's is simply rebuilt
        assert "is unusable" in messages and reason in messages
    assert "building the gazetteer" in messages


def test_a_pickle_planted_in_the_cache_is_never_run(tiny_dir: Path, tmp_path: Path) -> None:
    """The artifact format has no pickle: a planted one is data the loader refuses."""
    cache = tmp_path / "cache"
    clear_gazetteer_cache()
    artifact = load_gazetteer(tiny_dir, cache).path
    assert artifact is not None
    marker = tmp_path / "ran"
    data = artifact.read_bytes()
    header_end = data.index(b"\n", data.index(b"\n") + 1) + 1
    for head in (data[:header_end], b"FRONTLINE-GAZETTEER 1\n" + data[data.index(b"\n") + 1 :
                                                                      header_end]):  # fmt: skip
        artifact.write_bytes(head + pickle.dumps(_Planted(marker)))
        clear_gazetteer_cache()
        assert [p.id for p in load_gazetteer(tiny_dir, cache).lookup("Svatovo")] == ["geonames:2"]
        assert not marker.exists()
    assert pickle.loads(pickle.dumps(_Planted(marker))) is None and marker.exists()  # the probe


def test_the_embedded_cache_is_rebuilt_when_corrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    empty = tmp_path / "nothing"
    empty.mkdir()
    monkeypatch.setenv("FRONTLINE_GAZETTEER_DIR", str(empty))
    clear_gazetteer_cache()
    with pytest.warns(EmbeddedGazetteerWarning):
        first = load_gazetteer(None, tmp_path / "cache")
    assert first.path is not None
    data = first.path.read_bytes()
    first.path.write_bytes(_garbage_payload(data, data.index(b"\n", data.index(b"\n") + 1) + 1))
    clear_gazetteer_cache()
    with pytest.warns(EmbeddedGazetteerWarning), caplog.at_level("WARNING", logger="frontline"):
        again = load_gazetteer(None, tmp_path / "cache")
    assert "is unusable" in caplog.text
    assert again.lookup("Svatove") and Gazetteer.from_artifact(again.path).lookup("Svatove")


@pytest.mark.parametrize(
    ("overlay_rows", "match"),
    [
        (["explode,x,X,1,2,05,DAM,2024-01-01,test,"], "action='explode' is not valid"),
        (["feature,x,X,,,05,DAM,2024-01-01,test,"], "numeric lat/lon"),
        (["feature,x,X,1,2,05,DAM,2024-01-01,,"], "needs a source"),
        (["correct,geonames:1,,49.6,,,,,GeoNames forum,"], "need a date"),
        (["rename,geonames:999,Oldname,,,,,2016-05-12,Rada,"], "not in the gazetteer"),
    ],
)
def test_overlay_errors(
    tiny_dir: Path, tmp_path: Path, overlay_rows: list[str], match: str
) -> None:
    overlay = tmp_path / "overlay.csv"
    header = "action,target,name,lat,lon,admin1,feature_code,date,source,note"
    overlay.write_text("\n".join([header, *overlay_rows]) + "\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=match):
        build_gazetteer([tiny_dir / "geonames" / "UA.zip"], overlay=overlay, out=tmp_path / "g.bin")


def test_overlay_rename_and_correction(tiny_dir: Path, tmp_path: Path) -> None:
    overlay = tmp_path / "overlay.csv"
    overlay.write_text(
        "action,target,name,lat,lon,admin1,feature_code,date,source,note\n"
        "rename,geonames:1,Kuzemovka Persha,,,,,2016-05-12,test,old name\n"
        "correct,geonames:2,,49.5,,,,2024-01-01,test,moved\n",
        encoding="utf-8",
    )
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("name,alias,admin1,source\nSvatove,Svatovo-Town,14,test\n", "utf-8")
    out = build_gazetteer(
        [tiny_dir / "geonames" / "UA.zip"], overlay=overlay, aliases=aliases, out=tmp_path / "g"
    )
    gaz = Gazetteer.from_artifact(out)
    assert [p.id for p in gaz.lookup("Kuzemovka Persha")] == ["geonames:1"]
    assert gaz.lookup("Kuzemovka Persha")[0].name == "Kuzemivka"  # current name stays
    assert gaz.get("geonames:2").lat == 49.5  # type: ignore[union-attr]
    assert [p.id for p in gaz.lookup("Svatovo Town")] == ["geonames:2"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({}, "no gazetteer source given"),
        ({"geonames": ["/nonexistent/UA.zip"]}, "does not exist"),
    ],
)
def test_build_errors(tmp_path: Path, kwargs: dict, match: str) -> None:
    with pytest.raises(GazetteerError, match=match):
        build_gazetteer(out=tmp_path / "g.bin", **kwargs)


def test_bad_zip_is_a_gazetteer_error(tmp_path: Path) -> None:
    bad = tmp_path / "UA.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(GazetteerError, match="cannot read GeoNames dump"):
        build_gazetteer([bad], out=tmp_path / "g.bin")


def test_missing_explicit_dir_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="does not exist"):
        find_sources(tmp_path / "nope")


def test_env_var_selects_the_source_dir(
    tiny_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTLINE_GAZETTEER_DIR", str(tiny_dir))
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path / "envcache"))
    clear_gazetteer_cache()
    gaz = load_gazetteer()
    assert gaz.path == tmp_path / "envcache" / "gazetteer.bin"
    assert [p.id for p in gaz.lookup("Maiorsk")] == ["geonames:5"]
    clear_gazetteer_cache()


# --- embedded fallback ----------------------------------------------------------------------

OSM_ONLY = {"Orlianka", "Verkhnokamianske"}  # villages GeoNames lacks (OSM data is not shipped)
SHARED_UA_ZIP = Path(__file__).resolve().parents[2] / "shared/gazetteer/geonames/UA.zip"


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    empty = tmp_path_factory.mktemp("empty")
    clear_gazetteer_cache()
    with pytest.warns(EmbeddedGazetteerWarning, match="embedded gazetteer") as caught:
        gaz = load_gazetteer(empty, tmp_path_factory.mktemp("cache"))
        assert load_gazetteer(empty, gaz.path.parent if gaz.path else None) is gaz
    assert len(caught) == 1  # one notice, also when asked twice
    clear_gazetteer_cache()
    return gaz


def test_embedded_fallback(embedded: Gazetteer) -> None:
    assert embedded.source_kind == "embedded"
    assert "frontline gazetteer build" in EMBEDDED_WARNING
    info = embedded.info()
    assert info["attribution"] == ["GeoNames (CC BY 4.0)"]
    assert info["gazetteer"] == embedded.label
    assert "GeoNames Ukraine populated places from UA.zip" in embedded.label
    assert "GeoNames (CC BY 4.0)" in embedded.label
    (source,) = info["sources"]
    assert source["embedded"] and source["source_sha256"] == embedded_meta()["source_sha256"]
    assert 30000 < len(embedded) < 40000


@pytest.mark.parametrize(("name", "admin1"), [sp for sp in SEED_PLACES if sp[0] not in OSM_ONLY])
def test_embedded_finds_the_seed_places(embedded: Gazetteer, name: str, admin1: str) -> None:
    assert admin1 in {p.admin1 for p in embedded.lookup(name)}, name


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("Kuzemivka", True),  # a village: in the GeoNames dump
        ("Verkhnokamianske", False),  # OSM only
        ("Kherson City", True),
        ("Arabat Spit", True),  # overlay features are added to the embedded one too
        ("Ghostville", False),
    ],
)
def test_embedded_contents(embedded: Gazetteer, name: str, found: bool) -> None:
    assert bool(embedded.lookup(name)) is found


def test_embedded_regions(embedded: Gazetteer) -> None:
    place = embedded.region("Luhansk Oblast")
    assert place is not None and place.admin1 == "14" and place.kind == "region"
    raion = embedded.region("Svatove Raion")
    assert raion is not None and raion.feature_code == "ADM2" and raion.admin1 == "14"


def embedded_meta() -> dict:
    return json.loads(embedded_data_path().with_name(EMBEDDED_META).read_text("utf-8"))


def test_embedded_extract_matches_its_record() -> None:
    """The shipped extract is what its metadata says: row count, row checksum, size."""
    path = embedded_data_path()
    meta = embedded_meta()
    assert path.stat().st_size <= 3_000_000
    text = lzma.decompress(path.read_bytes())
    assert hashlib.sha256(text).hexdigest() == meta["rows_sha256"]
    rows = [line.split("\t") for line in text.decode("utf-8").splitlines()]
    assert len(rows) == meta["rows"] == sum(meta["rows_by_feature_code"].values())
    assert all(embedded_row(r) and r[8] == "UA" for r in rows)
    assert meta["rows_by_feature_code"]["P.PPL"] > 30000
    assert meta["source"] == "UA.zip" and len(meta["source_sha256"]) == 64


@pytest.mark.skipif(not SHARED_UA_ZIP.is_file(), reason="needs ../shared/gazetteer/geonames/UA.zip")
def test_embedded_extract_is_rebuilt_identically_from_the_dump(tmp_path: Path) -> None:
    meta = embedded_meta()
    assert sha256_file(SHARED_UA_ZIP) == meta["source_sha256"], (
        f"../shared's UA.zip is not the dump the extract was made from; run `{EMBEDDED_COMMAND}`"
    )
    out = tmp_path / EMBEDDED_DATA
    assert embed_geonames(SHARED_UA_ZIP, out) == meta
    assert out.read_bytes() == embedded_data_path().read_bytes()


def test_embed_keeps_class_p_and_regions_verbatim(tmp_path: Path) -> None:
    stream = geonames_row(8, "Donets River", 49.0, 38.0, fclass="H", fcode="STM")
    old_oblast = geonames_row(9, "Voroshylovhrad Oblast", 48.7, 39.0, fclass="A", fcode="ADM1H")
    src = tmp_path / "UA.txt"
    src.write_text("\n".join([*TINY_GEONAMES, stream, old_oblast]) + "\n", encoding="utf-8")
    meta = embed_geonames(src, tmp_path / "out" / EMBEDDED_DATA)
    assert (meta["source_rows"], meta["rows"]) == (9, 7)
    kept = lzma.decompress((tmp_path / "out" / EMBEDDED_DATA).read_bytes()).decode()
    assert kept == "\n".join(TINY_GEONAMES) + "\n"
    assert json.loads((tmp_path / "out" / EMBEDDED_META).read_text("utf-8")) == meta
    # The extract builds like a dump: PPLQ skipped, the duplicate PPLX section dropped.
    overlay, aliases = tmp_path / "overlay.csv", tmp_path / "aliases.csv"
    overlay.write_text(",".join(OVERLAY_COLUMNS) + "\n", encoding="utf-8")
    aliases.write_text(",".join(ALIAS_COLUMNS) + "\n", encoding="utf-8")
    extract = tmp_path / "out" / EMBEDDED_DATA
    gaz = Gazetteer.from_artifact(
        build_gazetteer([extract], overlay=overlay, aliases=aliases, out=tmp_path / "g.bin")
    )
    assert [p.id for p in gaz.lookup("Svatove")] == ["geonames:2"]
    assert gaz.lookup("Ghostville") == ()


@pytest.mark.parametrize(
    ("rows", "match"),
    [
        ([geonames_row(8, "Donets River", 49.0, 38.0, fclass="H", fcode="STM")], "no populated"),
        ([geonames_row(1, "Belgorod", 50.6, 36.6).replace("\tUA\t", "\tRU\t")], "Ukraine dump"),
    ],
)
def test_embed_errors(tmp_path: Path, rows: list[str], match: str) -> None:
    src = tmp_path / "XX.txt"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=match):
        embed_geonames(src, tmp_path / EMBEDDED_DATA)
    assert not (tmp_path / EMBEDDED_DATA).exists()


# --- download -------------------------------------------------------------------------------


@pytest.fixture
def dump_server(tmp_path: Path) -> Iterator[str]:
    """A 127.0.0.1 HTTP server serving a tiny generated UA.zip and a fake non-zip XX.zip."""
    root = tmp_path / "www"
    root.mkdir()
    with zipfile.ZipFile(root / "UA.zip", "w") as zf:
        zf.writestr("UA.txt", "\n".join(TINY_GEONAMES) + "\n")
    (root / "XX.zip").write_text("<html>not found</html>")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_download_then_build(dump_server: str, tmp_path: Path) -> None:
    dest = tmp_path / "dl"
    (path,) = download_geonames(["ua"], dest, base_url=dump_server)
    assert path == dest / "UA.zip" and zipfile.is_zipfile(path)
    assert sorted(p.name for p in dest.iterdir()) == ["UA.zip"]  # no temp files left
    gaz = Gazetteer.from_artifact(build_gazetteer([path], out=tmp_path / "g.bin"))
    assert [p.id for p in gaz.lookup("Kuzemivka")] == ["geonames:1"]


@pytest.mark.parametrize(
    ("country", "error", "match"),
    [
        ("ZZ", GazetteerError, "cannot download"),  # 404
        ("XX", GazetteerError, "did not return a zip"),
        ("Ukraine", ConfigurationError, "alpha-2"),
    ],
)
def test_download_errors(
    dump_server: str, tmp_path: Path, country: str, error: type[Exception], match: str
) -> None:
    dest = tmp_path / "dl"
    with pytest.raises(error, match=match):
        download_geonames([country], dest, base_url=dump_server)
    assert not dest.exists() or list(dest.iterdir()) == []


def test_cli_gazetteer_embed(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from frontline.cli import main

    src = tmp_path / "UA.txt"
    src.write_text("\n".join(TINY_GEONAMES) + "\n", encoding="utf-8")
    out = tmp_path / "data" / EMBEDDED_DATA
    args = ["gazetteer", "embed", "--geonames", str(src)]
    result = CliRunner().invoke(main, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{out}: 7 of 7 rows of UA.txt" in result.output
    assert json.loads(out.with_name(EMBEDDED_META).read_text("utf-8"))["rows"] == 7
    bad = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "x.tsv")])
    assert bad.exit_code == 2 and "name a .tsv.xz" in bad.output
    assert bad.output.count("\n") == 1


def test_a_russian_form_also_finds_the_ukrainian_one(full: Gazetteer) -> None:
    """ "Novoselovskoye": the Crimean village of that name and the Novoselivske villages that
    GeoNames lists only in their Ukrainian form are all candidates, largest first."""
    places = full.lookup("Novoselovskoye")
    names = {p.name for p in places}
    assert {"Novoselovskoye", "Novoselivske"} <= names
    assert [p.population for p in places] == sorted((p.population for p in places), reverse=True)


def test_a_russian_adjective_is_read_in_ukrainian_first(full: Gazetteer) -> None:
    """ "Novaya Poltavka" is Nova Poltavka, not the Novopoltavka that lists the Russian form
    among its alternate names."""
    assert {p.name for p in full.lookup("Novaya Poltavka")} == {"Nova Poltavka"}


@pytest.mark.parametrize(
    ("written", "also"),
    [
        # Another romanisation of the same name (one skeleton): Мир written Mir and Myr.
        ("Novyi Mir", "Novyi Myr"),
        # The Ukrainian o -> i of a final closed syllable: Sokol is Sokil.
        ("Sokol", "Sokil"),
        # The Russian a of a Ukrainian o in a given name: Novoaleksandrivka.
        ("Novoaleksandrivka", "Novooleksandrivka"),
        # Russian neuter endings: -ovo/-ino are the Ukrainian -ove/-yne (Kalinovo, Pushkino),
        # -eyevka the -iivka (Dyleyevka).
        ("Novokalinovo", "Novokalynove"),
        ("Pushkino", "Pushkyne"),
        ("Dyleyevka", "Dyliivka"),
    ],
)
def test_an_exact_hit_keeps_the_other_spellings_of_the_name(
    full: Gazetteer, written: str, also: str
) -> None:
    """A name some places list as an alternate spelling still finds the places that spell it
    the Ukrainian way: the exact hit alone would keep only the far namesakes."""
    places = full.lookup(written)
    spelt = {p.id for p in full.lookup(also) if p.name == also}
    assert spelt and spelt <= {p.id for p in places}
    assert [p.population for p in places] == sorted((p.population for p in places), reverse=True)


def test_a_loose_match_keeps_the_ending_variants(full: Gazetteer) -> None:
    """ "Zelenyi" (the genitive "Зеленого" translated back) finds the Zeleny spellings by its
    loose key and also the villages called Zelene: the resolver chooses among all."""
    names = {p.name for p in full.lookup("Zelenyi")}
    assert {"Zelene"} <= names and any(n.startswith("Zelen") and n != "Zelene" for n in names)


def test_a_compound_written_in_two_words_is_found(full: Gazetteer) -> None:
    """ "Ivano-Pillya": the village GeoNames writes as one word, Ivanopillia."""
    assert "Ivanopillia" in {p.name for p in full.lookup("Ivano-Pillya")}
