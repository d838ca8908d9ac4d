"""Build the gazetteer artifact from GeoNames dumps, an OSM settlements CSV and the overlay.

The build reads every source once, merges duplicates, indexes every spelling under its
:func:`frontline.names.fold` key and writes ONE file: a magic line, a JSON header line
(builder version, sources with sizes and mtimes, counts, build date, the payload's layout and
checksum) and a columnar payload of plain arrays and strings (:func:`write_artifact`).
:mod:`frontline.gazetteer` loads it and creates :class:`~frontline.records.Place` objects lazily.

Policies (documented in gazetteer/README.md)
--------------------------------------------
* GeoNames class P rows are settlements, except PPLQ (abandoned) and PPLH (historical), which
  reports do not mean when they name a living front-line village. PPLX (section of a populated
  place) is kept unless a settlement of the same name lies within 10 km, because ISW names some
  of them as places (Maiorsk, geonames 13068140) while most merely duplicate their town.
* ADM1 and current ADM2 rows are regions (oblasts, raions); ADM2H/ADM1H are history.
* An OSM settlement is merged into an existing place that shares a name key and lies within
  5 km (a primary-name match beats an alternate-name match, then the nearest wins). The merged
  place keeps the GeoNames id, coordinate and population; the OSM id is added to ``ids``. Its
  display name becomes OSM's name:en when that is only a different spelling of the GeoNames
  name (national romanisation: "Kostiantynivka" for "Kostyantynivka").
  OSM rows that match nothing become places of their own (``osm:relation/…``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import lzma
import math
import sys
import unicodedata
import zipfile
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from frontline.atomic import atomic_path
from frontline.errors import GazetteerError
from frontline.names import ADMIN1_NAMES, fold, romanize_uk, skeleton, variants

log = logging.getLogger(__name__)

# Bump when the artifact layout or the build policy changes: old artifacts are then rebuilt.
BUILDER_VERSION = "3"  # 2: Russian-scheme keys of Russian Cyrillic names; 3: no pickle
MAGIC = b"FRONTLINE-GAZETTEER 2\n"

MERGE_RADIUS_KM = 5.0
PPLX_RADIUS_KM = 10.0
MAX_ALT_TOKENS = 4  # longer "alternate names" are descriptions, not names

SKIPPED_PPL_CODES = frozenset({"PPLQ", "PPLH"})
REGION_CODES = frozenset({"ADM1", "ADM2"})

# OSM's "oblast" column is the Ukrainian adjective; map it to GeoNames admin1 codes.
OSM_OBLAST_CODES: dict[str, str] = {
    "Черкаська": "01", "Чернігівська": "02", "Чернівецька": "03", "Дніпропетровська": "04",
    "Донецька": "05", "Івано-Франківська": "06", "Харківська": "07", "Херсонська": "08",
    "Хмельницька": "09", "Кіровоградська": "10", "Київська": "13", "Луганська": "14",
    "Львівська": "15", "Миколаївська": "16", "Одеська": "17", "Полтавська": "18",
    "Рівненська": "19", "Сумська": "21", "Тернопільська": "22", "Вінницька": "23",
    "Волинська": "24", "Закарпатська": "25", "Запорізька": "26", "Житомирська": "27",
}  # fmt: skip
# Relations and nodes first: the first element seen of a settlement gives the primary id.
_OSM_TYPE_ORDER = {"relation": 0, "node": 1, "way": 2}
OVERLAY_ACTIONS = ("feature", "rename", "correct")
OVERLAY_COLUMNS = ("action", "target", "name", "lat", "lon", "admin1", "feature_code",
                   "date", "source", "note")  # fmt: skip
ALIAS_COLUMNS = ("name", "alias", "admin1", "source")


@dataclass(slots=True)
class _Rec:
    """A place while the build runs (mutable; frozen into columns at the end)."""

    id: str
    name: str
    lat: float
    lon: float
    admin1: str
    kind: str
    feature_code: str
    population: int
    country: str
    ids: list[str] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    primary_keys: set[str] = field(default_factory=set)
    osm_named: bool = False  # display name already taken from OSM name:en


@dataclass(slots=True)
class BuildStats:
    """Counts reported in the artifact header."""

    geonames_places: int = 0
    pplx_dropped: int = 0
    osm_rows: int = 0
    osm_merged_into_geonames: int = 0
    osm_merged_into_osm: int = 0
    osm_added: int = 0
    features: int = 0
    renames: int = 0
    corrections: int = 0
    aliases: int = 0


def fingerprint(path: Path) -> dict[str, Any]:
    """Return what identifies a source file version: absolute path, size, mtime."""
    st = path.stat()
    return {"path": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a sphere (km).

    Hand-written on purpose: the build compares tens of thousands of pairs against a 5-10 km
    threshold, where the sphere is exact enough and a pyproj call per pair would dominate.
    Query-time distances use pyproj's geodesic instead.
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _usable_alt_name(alt: str) -> bool:
    """Keep alternate names written as names in Latin or Cyrillic script.

    GeoNames alternate names include other scripts, lowercase romanisations of them
    ("ke lie mian na ya"), codes and descriptions; none of those helps to read reports and
    some collide with ordinary words.
    """
    if not alt or any(ch.isdigit() for ch in alt) or len(alt.split()) > MAX_ALT_TOKENS:
        return False
    letters = [ch for ch in alt if ch.isalpha()]
    if not letters or not letters[0].isupper():
        return False
    for ch in letters:
        script = unicodedata.name(ch, "").split(" ", 1)[0]
        if script not in ("LATIN", "CYRILLIC"):
            return False
    return True


def _name_keys(names: Iterable[str]) -> set[str]:
    keys: set[str] = set()
    for name in names:
        keys |= variants(name)
    return keys


# --- GeoNames ------------------------------------------------------------------------------
def _iter_geonames_rows(path: Path) -> Iterator[list[str]]:
    """Yield the tab-separated rows of a GeoNames country dump (.zip or .txt)."""
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as zf:
                members = [
                    n for n in zf.namelist()
                    if n.lower().endswith(".txt") and not n.lower().startswith("readme")
                ]  # fmt: skip
                if not members:
                    raise GazetteerError(
                        f"{str(path)!r} holds no GeoNames .txt dump; expected e.g. UA.txt "
                        "inside UA.zip from download.geonames.org/export/dump"
                    )
                for member in members:
                    with zf.open(member) as raw:
                        for line in io.TextIOWrapper(raw, encoding="utf-8"):
                            yield line.rstrip("\n").split("\t")
        elif path.suffix.lower() == ".xz":  # the embedded extract (see embed_geonames)
            with lzma.open(path, "rt", encoding="utf-8") as fh:
                for line in fh:
                    yield line.rstrip("\n").split("\t")
        else:
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    yield line.rstrip("\n").split("\t")
    except (OSError, zipfile.BadZipFile, lzma.LZMAError, UnicodeDecodeError) as exc:
        raise GazetteerError(
            f"cannot read GeoNames dump {str(path)!r}: {exc}; download it again with "
            "`frontline gazetteer download`"
        ) from exc


def read_geonames(
    paths: Sequence[Path],
) -> tuple[list[_Rec], list[_Rec], dict[str, str], int]:
    """Read populated places and admin regions from GeoNames dumps.

    Returns
    -------
    places, regions, admin1_names, pplx_dropped
        Settlement records, region records (ADM1/ADM2), ``"CC.code" -> GeoNames admin1 name``,
        and how many duplicate PPLX sections were dropped.
    """
    places: list[_Rec] = []
    regions: list[_Rec] = []
    admin1_names: dict[str, str] = {}
    for path in paths:
        for row in _iter_geonames_rows(path):
            if len(row) < 19:
                continue  # blank trailing line or a truncated row
            fclass, fcode = row[6], row[7]
            if fclass == "P" and fcode not in SKIPPED_PPL_CODES:
                kind = "settlement"
            elif fclass == "A" and fcode in REGION_CODES:
                kind = "region"
            else:
                continue
            try:
                lat, lon = float(row[4]), float(row[5])
                population = int(row[14] or 0)
            except ValueError:
                continue
            name, asciiname, country, admin1 = row[1], row[2], row[8], row[10]
            alts = [a for a in row[3].split(",") if _usable_alt_name(a)]
            rec = _Rec(
                id=f"geonames:{row[0]}",
                name=name,
                lat=lat,
                lon=lon,
                admin1=sys.intern(admin1),
                kind=kind,
                feature_code=sys.intern(fcode),
                population=population,
                country=sys.intern(country),
            )
            rec.ids.append(rec.id)
            rec.primary_keys = _name_keys((name, asciiname))
            rec.keys = rec.primary_keys | _name_keys(alts)
            if kind == "region":
                if fcode == "ADM1":
                    admin1_names[f"{country}.{admin1}"] = name
                    if country == "UA" and admin1 in ADMIN1_NAMES:
                        rec.name = ADMIN1_NAMES[admin1]  # the spelling reports use
                regions.append(rec)
            else:
                places.append(rec)
    kept = _drop_duplicate_sections(places)
    return kept, regions, admin1_names, len(places) - len(kept)


def _drop_duplicate_sections(places: list[_Rec]) -> list[_Rec]:
    """Drop PPLX rows that repeat the name of a settlement within 10 km (see module doc)."""
    by_key: dict[str, list[_Rec]] = defaultdict(list)
    for rec in places:
        if rec.feature_code != "PPLX":
            for key in rec.primary_keys:
                by_key[key].append(rec)
    kept: list[_Rec] = []
    for rec in places:
        if rec.feature_code == "PPLX" and any(
            distance_km(rec.lat, rec.lon, other.lat, other.lon) <= PPLX_RADIUS_KM
            for key in rec.primary_keys
            for other in by_key.get(key, ())
        ):
            continue
        kept.append(rec)
    return kept


# --- OpenStreetMap ---------------------------------------------------------------------------
def read_osm_rows(path: Path) -> list[dict[str, str]]:
    """Read the OSM settlements CSV (UTF-8, optional BOM).

    Raises
    ------
    GazetteerError
        One line naming the file and the line, for an unreadable or undecodable file, a CSV
        syntax error, or a row with more or fewer fields than the header.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GazetteerError(f"cannot read OSM settlements CSV {str(path)!r}: {exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise GazetteerError(
            f"OSM settlements CSV {str(path)!r}, line {line}: not UTF-8 ({exc.reason}); "
            "save it as UTF-8"
        ) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows: list[dict[str, str]] = []
    try:
        for row in reader:
            extra = row.pop(None, None) or ()  # DictReader's restkey: the fields past the header
            missing = sum(v is None for v in row.values())
            if extra or missing:
                raise GazetteerError(
                    f"OSM settlements CSV {str(path)!r}, line {reader.line_num}: expected "
                    f"{len(row)} fields as in the header; got {len(row) + len(extra) - missing}"
                )
            rows.append(row)
    except csv.Error as exc:
        raise GazetteerError(
            f"OSM settlements CSV {str(path)!r}, line {reader.line_num}: {exc}"
        ) from exc
    needed = {"name_uk", "name_en", "place", "oblast", "lat", "lon", "osm_id", "osm_type"}
    if rows and not needed <= rows[0].keys():
        raise GazetteerError(
            f"OSM CSV {str(path)!r} has columns {sorted(rows[0])!r}; expected {sorted(needed)!r}"
        )
    return rows


def _title_from_uk(name_uk: str) -> str:
    """An English display name for an OSM place without name:en (KMU romanisation)."""
    return "-".join(
        " ".join(w[:1].upper() + w[1:] for w in part.split(" "))
        for part in romanize_uk(name_uk).replace("’", "").replace("'", "").split("-")
    )


def merge_osm(recs: list[_Rec], rows: list[dict[str, str]], stats: BuildStats) -> None:
    """Merge OSM settlements into ``recs`` in place (policy in the module docstring)."""
    index: dict[str, list[_Rec]] = defaultdict(list)
    for rec in recs:
        for key in rec.keys:
            index[key].append(rec)
    rows = sorted(rows, key=lambda r: (_OSM_TYPE_ORDER.get(r["osm_type"], 9), r["osm_id"]))
    for row in rows:
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            continue
        stats.osm_rows += 1
        name_en = (row.get("name_en") or "").strip()
        name_uk = (row.get("name_uk") or "").strip()
        names = [n for n in (name_en, name_uk) if n]
        if not names:
            continue
        keys = _name_keys(names)
        osm_id = f"osm:{row['osm_type']}/{row['osm_id']}"
        admin1 = OSM_OBLAST_CODES.get(row["oblast"].strip(), "")
        best: tuple[int, float, _Rec] | None = None
        for key in keys:
            for rec in index.get(key, ()):
                dist = distance_km(lat, lon, rec.lat, rec.lon)
                if dist > MERGE_RADIUS_KM:
                    continue
                rank = (0 if keys & rec.primary_keys else 1, dist)
                if best is None or rank < best[:2]:
                    best = (rank[0], dist, rec)
        if best is not None:
            rec = best[2]
            if osm_id not in rec.ids:
                rec.ids.append(osm_id)
            if rec.id.startswith("geonames:"):
                stats.osm_merged_into_geonames += 1
            else:
                stats.osm_merged_into_osm += 1
            new_keys = keys - rec.keys
            rec.keys |= new_keys
            for key in new_keys:
                index[key].append(rec)
            if not rec.admin1:
                rec.admin1 = admin1
            # Display name: OSM's name:en follows the national romanisation ("Kostiantynivka"
            # for GeoNames' "Kostyantynivka"); take it only when it is a spelling of the same
            # name, never a different (e.g. former) name.
            if (
                name_en
                and not rec.osm_named
                and skeleton(fold(name_en)) == skeleton(fold(rec.name))
            ):
                rec.name = name_en
                rec.osm_named = True
            continue
        rec = _Rec(
            id=osm_id,
            name=name_en or _title_from_uk(name_uk),
            lat=lat,
            lon=lon,
            admin1=sys.intern(admin1),
            kind="settlement",
            feature_code=sys.intern(f"osm:{row['place']}"),
            population=0,
            country="UA",
            ids=[osm_id],
            keys=keys,
            primary_keys=set(keys),
        )
        recs.append(rec)
        stats.osm_added += 1
        for key in keys:
            index[key].append(rec)


# --- curated overlay and aliases -------------------------------------------------------------
def _read_curated_csv(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    """Rows of a curated CSV; blank rows and rows whose first cell starts with # are skipped."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = list(reader.fieldnames or ())
            rows = [{k: (v or "").strip() for k, v in r.items() if k} for r in reader]
    except (OSError, csv.Error) as exc:
        raise GazetteerError(f"cannot read curated file {str(path)!r}: {exc}") from exc
    missing = [c for c in columns if c not in header]
    if missing:
        raise GazetteerError(
            f"{str(path)!r} lacks columns {missing!r}; expected header {','.join(columns)}"
        )
    return [r for r in rows if any(r.values()) and not r[columns[0]].startswith("#")]


def apply_overlay(recs: list[_Rec], path: Path, stats: BuildStats, *, strict_targets: bool) -> None:
    """Apply overlay.csv: add features, keep old names of renamed places, correct entries.

    ``strict_targets`` makes a rename/correction whose target is absent an error (full build);
    the embedded gazetteer lacks the OSM places some rows target and skips those.
    """
    by_id = {pid: rec for rec in recs for pid in rec.ids}
    for row in _read_curated_csv(path, OVERLAY_COLUMNS):
        action, target = row["action"], row["target"]
        where = f"{path.name} ({action} {target!r})"
        if action not in OVERLAY_ACTIONS:
            raise GazetteerError(
                f"{where}: action={action!r} is not valid; choose one of {OVERLAY_ACTIONS!r}"
            )
        if not row.get("source"):
            raise GazetteerError(f"{where}: every overlay row needs a source")
        if action == "feature":
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except ValueError as exc:
                raise GazetteerError(f"{where}: feature needs numeric lat/lon") from exc
            fid = target if ":" in target else f"overlay:{target}"
            rec = _Rec(
                id=fid, name=row["name"], lat=lat, lon=lon, admin1=row["admin1"],
                kind="feature", feature_code=row["feature_code"] or "feature", population=0,
                country="UA", ids=[fid],
            )  # fmt: skip
            rec.primary_keys = rec.keys = _name_keys([row["name"]])
            recs.append(rec)
            by_id[fid] = rec
            stats.features += 1
            continue
        if not row.get("date"):
            raise GazetteerError(f"{where}: {action} rows need a date (YYYY-MM-DD)")
        target_rec = by_id.get(target)
        if target_rec is None:
            if strict_targets:
                raise GazetteerError(
                    f"{where}: target {target!r} is not in the gazetteer; fix the id"
                )
            continue
        if action == "rename":
            # ``name`` is the former name; it stays searchable, the current name stays canonical.
            target_rec.keys |= variants(row["name"])
            stats.renames += 1
        else:
            for col in ("lat", "lon"):
                if row[col]:
                    setattr(target_rec, col, float(row[col]))
            if row["admin1"]:
                target_rec.admin1 = row["admin1"]
            if row["name"]:
                target_rec.name = row["name"]
                target_rec.keys |= variants(row["name"])
            stats.corrections += 1


def apply_aliases(recs: list[_Rec], path: Path, stats: BuildStats) -> None:
    """Index each curated alias under every place named ``name`` (optionally in ``admin1``)."""
    by_key: dict[str, list[_Rec]] = defaultdict(list)
    for rec in recs:
        if rec.kind != "region":
            for key in rec.keys:
                by_key[key].append(rec)
    for row in _read_curated_csv(path, ALIAS_COLUMNS):
        if not row.get("source"):
            raise GazetteerError(f"{path.name}: alias {row['alias']!r} needs a source")
        for rec in by_key.get(fold(row["name"]), ()):
            if row["admin1"] and rec.admin1 != row["admin1"]:
                continue
            rec.keys |= variants(row["alias"])
            stats.aliases += 1


# --- embedded default ------------------------------------------------------------------------
# The gazetteer that ships inside the package: the rows of the GeoNames Ukraine dump that the
# build reads (feature class P, and the ADM1/ADM2 regions), verbatim and in dump order,
# xz-compressed, with a JSON record of the dump they came from. The build policies above apply
# to it unchanged; only the OpenStreetMap villages are missing (ODbL data is not shipped).
EMBEDDED_DATA = "geonames-UA-populated.tsv.xz"
EMBEDDED_META = "geonames-UA-populated.json"
EMBEDDED_COMMAND = (
    f"frontline gazetteer embed --geonames UA.zip -o src/frontline/data/{EMBEDDED_DATA}"
)


def embedded_row(row: Sequence[str]) -> bool:
    """Is this GeoNames dump row kept in the embedded extract? Class P and ADM1/ADM2."""
    return len(row) >= 19 and (row[6] == "P" or (row[6] == "A" and row[7] in REGION_CODES))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def embed_geonames(source: Path, out: Path) -> dict[str, Any]:
    """Write the embedded extract of a GeoNames Ukraine dump and its metadata.

    Parameters
    ----------
    source : Path
        ``UA.zip`` (or the extracted ``UA.txt``) from download.geonames.org/export/dump.
    out : Path
        The ``.tsv.xz`` to write; the metadata goes next to it as ``EMBEDDED_META``.

    Returns
    -------
    dict
        The metadata: source name, size and sha256, rows read and kept (per feature code),
        sha256 of the kept rows, the newest modification date, license.

    Raises
    ------
    GazetteerError
        If the source is unreadable, holds no rows of class P, or is not the Ukraine dump.
    """
    if not source.is_file():
        raise GazetteerError(f"GeoNames dump {str(source)!r} does not exist; pass UA.zip")
    kept: list[str] = []
    by_code: dict[str, int] = defaultdict(int)
    countries: set[str] = set()
    total = 0
    newest = ""
    for row in _iter_geonames_rows(source):
        if row == [""]:
            continue  # blank line
        total += 1
        if not embedded_row(row):
            continue
        kept.append("\t".join(row))
        by_code[f"{row[6]}.{row[7]}"] += 1
        countries.add(row[8])
        newest = max(newest, row[18])
    if not by_code.get("P.PPL"):
        raise GazetteerError(
            f"{str(source)!r} holds no populated places (class P rows); pass the GeoNames "
            "country dump UA.zip"
        )
    if countries != {"UA"}:
        raise GazetteerError(
            f"{str(source)!r} has rows of {sorted(countries)!r}; the embedded gazetteer is "
            "made from the Ukraine dump UA.zip only"
        )
    text = ("\n".join(kept) + "\n").encode("utf-8")
    meta: dict[str, Any] = {
        "source": source.name,
        "source_size": source.stat().st_size,
        "source_sha256": sha256_file(source),
        "source_rows": total,
        "rows": len(kept),
        "rows_by_feature_code": dict(sorted(by_code.items())),
        "rows_sha256": hashlib.sha256(text).hexdigest(),
        "modified_until": newest,
        "selection": "feature class P, and class A codes ADM1 and ADM2; rows verbatim",
        "license": "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)",
        "attribution": "GeoNames (https://www.geonames.org)",
        "command": EMBEDDED_COMMAND,
    }
    with atomic_path(out) as tmp:
        # xz without a timestamp: the same dump gives the same bytes.
        tmp.write_bytes(lzma.compress(text, preset=9 | lzma.PRESET_EXTREME))
    with atomic_path(out.with_name(EMBEDDED_META)) as tmp:
        tmp.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return meta


def read_embedded_meta(path: Path) -> dict[str, Any]:
    """The metadata written next to the embedded extract ``path``."""
    meta_path = path.with_name(EMBEDDED_META)
    try:
        meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GazetteerError(
            f"cannot read {str(meta_path)!r} ({exc}); reinstall frontline or rebuild it with "
            f"`{EMBEDDED_COMMAND}`"
        ) from exc
    return meta


# --- columns, index, artifact ----------------------------------------------------------------
_REGION_SUFFIXES = (" raion", " rayon", " rajon", " district", " region", " oblast", " raion s")


def region_stem(key: str) -> str:
    """``"kakhovka raion"`` -> ``"kakhovka"``: raions are looked up by their stem."""
    for suffix in _REGION_SUFFIXES:
        if key.endswith(suffix):
            return key[: -len(suffix)].strip()
    return key


def _postings(index: dict[str, list[int]], order: dict[int, int]) -> dict[str, tuple[int, ...]]:
    return {k: tuple(sorted(set(v), key=order.__getitem__)) for k, v in index.items()}


def to_payload(places: list[_Rec], regions: list[_Rec], admin1_names: dict[str, str]) -> dict:
    """Freeze records into the columnar payload that the artifact stores."""
    recs = places + regions
    # Deterministic candidate order: population desc, then id.
    order = {i: rank for rank, i in enumerate(
        sorted(range(len(recs)), key=lambda i: (-recs[i].population, recs[i].id)))}  # fmt: skip
    index: dict[str, list[int]] = defaultdict(list)
    skel: dict[str, list[int]] = defaultdict(list)
    region_index: dict[str, list[int]] = defaultdict(list)
    region_skel: dict[str, list[int]] = defaultdict(list)
    admin1_places: dict[str, int] = {}
    for i, rec in enumerate(recs):
        if rec.kind == "region":
            for key in rec.keys:
                stem = region_stem(key)
                region_index[stem].append(i)
                region_skel[skeleton(stem)].append(i)
            if rec.feature_code == "ADM1":
                admin1_places[f"{rec.country}.{rec.admin1}"] = i
            continue
        for key in rec.keys:
            index[key].append(i)
            skel[skeleton(key)].append(i)
    return {
        "ids": [r.id for r in recs],
        "names": [r.name for r in recs],
        "lat": array("d", (r.lat for r in recs)),
        "lon": array("d", (r.lon for r in recs)),
        "admin1": [r.admin1 for r in recs],
        "kind": [sys.intern(r.kind) for r in recs],
        "feature_code": [r.feature_code for r in recs],
        "population": array("q", (r.population for r in recs)),
        "country": [r.country for r in recs],
        "extra_ids": {i: tuple(r.ids) for i, r in enumerate(recs) if len(r.ids) > 1},
        "index": _postings(index, order),
        "skeleton": _postings(skel, order),
        "region_index": _postings(region_index, order),
        "region_skeleton": _postings(region_skel, order),
        "admin1_places": admin1_places,
        "admin1_names": admin1_names,
        "max_name_tokens": max((k.count(" ") + 1 for k in index), default=1),
    }


# The artifact is data only: a magic line, a JSON header line, then the payload as raw
# little sections (UTF-8 strings joined by NUL, machine-order int/float arrays, one JSON
# section for the small tables). Nothing in it can execute code when read (no pickle), so
# a cache directory other users can write can at worst hold wrong data, and the header's
# layout and SHA-256 let :func:`read_artifact` refuse that: a corrupt or foreign file is a
# GazetteerError, which the loader answers with a warning and a rebuild. Loading is a few
# bulk decodes (``bytes.split``, ``array.frombytes``) instead of unpickling ~400,000 small
# objects, and the name indexes stay packed (:class:`PostingIndex`) until a name is looked up.
_STRING_COLUMNS = ("ids", "names")
_CATEGORY_COLUMNS = ("admin1", "kind", "feature_code", "country")
_ARRAY_COLUMNS = {"lat": "d", "lon": "d", "population": "q"}
_INDEXES = ("index", "skeleton", "region_index", "region_skeleton")
_SEP = "\x00"
_ALIGN = 8


class PostingIndex(Mapping[str, tuple[int, ...]]):
    """A read-only ``{name key: place numbers}`` kept packed as the artifact stores it.

    ``keys`` in artifact order, ``offsets`` (one more than keys) into ``postings``; a key's
    tuple of place numbers is made when it is asked for. Membership is one dict look-up.
    """

    __slots__ = ("_keys", "_offsets", "_postings", "_slot")

    def __init__(self, keys: list[str], offsets: array[int], postings: array[int]) -> None:
        self._keys = keys
        self._offsets = offsets
        self._postings = postings
        self._slot = dict(zip(keys, range(len(keys)), strict=True))

    def __getitem__(self, key: str) -> tuple[int, ...]:
        i = self._slot[key]
        return tuple(self._postings[self._offsets[i] : self._offsets[i + 1]])

    def get(self, key: str, default: Any = None) -> Any:
        i = self._slot.get(key)
        if i is None:
            return default
        return tuple(self._postings[self._offsets[i] : self._offsets[i + 1]])

    def __contains__(self, key: object) -> bool:
        return key in self._slot

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class CodedColumn(Sequence[str]):
    """A column of a few distinct strings (oblast codes, kinds): small codes into a table."""

    __slots__ = ("_codes", "_table")

    def __init__(self, table: list[str], codes: array[int]) -> None:
        self._table = table
        self._codes = codes

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self._table[c] for c in self._codes[i]]
        return self._table[self._codes[i]]

    def __len__(self) -> int:
        return len(self._codes)


class ExtraIds(Mapping[int, tuple[str, ...]]):
    """``{place number: all its ids}`` for the merged places, packed: ``places`` ascending,
    their ids ``values[offsets[j]:offsets[j + 1]]``; found by bisection."""

    __slots__ = ("_offsets", "_places", "_values")

    def __init__(self, places: array[int], offsets: array[int], values: list[str]) -> None:
        self._places = places
        self._offsets = offsets
        self._values = values

    def _slot(self, place: object) -> int | None:
        if not isinstance(place, int):
            return None
        j = bisect_left(self._places, place)
        return j if j < len(self._places) and self._places[j] == place else None

    def __getitem__(self, place: int) -> tuple[str, ...]:
        j = self._slot(place)
        if j is None:
            raise KeyError(place)
        return tuple(self._values[self._offsets[j] : self._offsets[j + 1]])

    def get(self, place: int, default: Any = None) -> Any:
        j = self._slot(place)
        if j is None:
            return default
        return tuple(self._values[self._offsets[j] : self._offsets[j + 1]])

    def __contains__(self, place: object) -> bool:
        return self._slot(place) is not None

    def __iter__(self) -> Iterator[int]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)


def _encode_strings(values: Sequence[str], what: str) -> bytes:
    if any(_SEP in v for v in values):
        raise GazetteerError(f"a gazetteer {what} value contains a NUL character; fix the source")
    return _SEP.join(values).encode("utf-8")


def _decode_strings(data: bytes | memoryview, count: int, what: str) -> list[str]:
    values = bytes(data).decode("utf-8").split(_SEP) if count else []
    if len(values) != count:
        raise ValueError(f"{what}: {len(values)} strings where the layout says {count}")
    return values


def _int_array(values: Iterable[int]) -> array[int]:
    return array("i", values)  # int32: place numbers and offsets stay far below 2**31


def _sections(payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The payload as named byte sections, and the JSON section's small tables."""
    out: dict[str, bytes] = {}
    small: dict[str, Any] = {
        "admin1_places": payload["admin1_places"],
        "admin1_names": payload["admin1_names"],
        "max_name_tokens": payload["max_name_tokens"],
        "places": len(payload["ids"]),
        "tables": {},
        "keys": {},
    }
    for name in _STRING_COLUMNS:
        out[name] = _encode_strings(payload[name], name)
    for name in _CATEGORY_COLUMNS:
        table = sorted(set(payload[name]))
        code = {v: i for i, v in enumerate(table)}
        small["tables"][name] = table
        out[name] = _int_array(code[v] for v in payload[name]).tobytes()
    for name, typecode in _ARRAY_COLUMNS.items():
        out[name] = array(typecode, payload[name]).tobytes()
    extra = payload["extra_ids"]
    small["keys"]["extra_ids"] = len(extra)
    out["extra_ids.places"] = _int_array(extra).tobytes()
    out["extra_ids.offsets"] = _int_array(_offsets(len(v) for v in extra.values())).tobytes()
    out["extra_ids.values"] = _encode_strings([i for v in extra.values() for i in v], "id")
    for name in _INDEXES:
        index = payload[name]
        small["keys"][name] = len(index)
        out[f"{name}.keys"] = _encode_strings(list(index), "name key")
        out[f"{name}.offsets"] = _int_array(_offsets(len(v) for v in index.values())).tobytes()
        out[f"{name}.postings"] = _int_array(i for v in index.values() for i in v).tobytes()
    return small, out


def _offsets(lengths: Iterable[int]) -> list[int]:
    offsets = [0]
    for n in lengths:
        offsets.append(offsets[-1] + n)
    return offsets


def write_artifact(out: Path, header: dict[str, Any], payload: dict[str, Any]) -> Path:
    """Write magic + JSON header line + payload sections atomically (temp file, rename).

    The header gains ``layout``: each section's byte offset and size in the payload, the
    byte order, the payload size and its SHA-256 (over the layout and the payload).
    """
    small, sections = _sections(payload)
    sections = {"tables": json.dumps(small, sort_keys=True).encode("utf-8"), **sections}
    blob = bytearray()
    where: dict[str, list[int]] = {}
    for name, data in sections.items():
        blob.extend(b"\x00" * (-len(blob) % _ALIGN))
        where[name] = [len(blob), len(data)]
        blob.extend(data)
    layout: dict[str, Any] = {"byteorder": sys.byteorder, "sections": where, "size": len(blob)}
    layout["sha256"] = _digest(layout, blob)
    with atomic_path(out) as tmp, tmp.open("wb") as fh:
        fh.write(MAGIC)
        fh.write(json.dumps({**header, "layout": layout}, sort_keys=True).encode("utf-8") + b"\n")
        fh.write(blob)
    return out


def _digest(layout: dict[str, Any], blob: bytes | bytearray | memoryview) -> str:
    h = hashlib.sha256(json.dumps({k: layout[k] for k in ("byteorder", "sections", "size")},
                                  sort_keys=True).encode("utf-8"))  # fmt: skip
    h.update(blob)
    return h.hexdigest()


def read_header(path: Path) -> dict[str, Any] | None:
    """The JSON header of an artifact, or None if the file is not one."""
    try:
        with path.open("rb") as fh:
            if fh.readline() != MAGIC:
                return None
            header = json.loads(fh.readline())
    except (OSError, ValueError):
        return None
    return header if isinstance(header, dict) else None


def read_artifact(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and payload of an artifact written by :func:`write_artifact`, validated.

    Raises
    ------
    GazetteerError
        When the file cannot be read, is not an artifact, or is corrupt: truncated, a
        payload whose SHA-256 differs from the header's, or sections that do not fit
        together (counts, offsets, place numbers out of range).
    """
    try:
        with path.open("rb") as fh:
            if fh.readline() != MAGIC:
                raise ArtifactError(path, "not a frontline gazetteer artifact")
            header = json.loads(fh.readline())
            data = fh.read()
    except OSError as exc:
        raise ArtifactError(path, f"cannot be read: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise ArtifactError(path, f"its header is not JSON: {exc}") from None
    try:
        return header, _decode_payload(header, memoryview(data))
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        reason = f"no {exc}" if isinstance(exc, KeyError) else str(exc)
        raise ArtifactError(path, f"corrupt: {reason}") from None


class ArtifactError(GazetteerError):
    """A gazetteer artifact that cannot be used (unreadable, foreign, corrupt)."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"gazetteer artifact {str(path)!r}: {reason}; rebuild it with "
            "`frontline gazetteer build`"
        )


def _decode_payload(header: Any, data: memoryview) -> dict[str, Any]:
    """The payload dict of :func:`to_payload`'s keys from the raw sections (checked)."""
    layout = header["layout"] if isinstance(header, dict) else None
    if not isinstance(layout, dict) or not isinstance(layout.get("sections"), dict):
        raise ValueError("no section layout in the header")
    if layout.get("byteorder") != sys.byteorder:
        raise ValueError(f"written on a {layout.get('byteorder')}-endian machine")
    if layout.get("size") != len(data):
        raise ValueError(f"{len(data)} payload bytes where the header says {layout.get('size')}")
    if layout.get("sha256") != _digest(layout, data):
        raise ValueError("the payload's SHA-256 differs from the header's")
    where = layout["sections"]

    def section(name: str) -> memoryview:
        start, size = where[name]
        if not (isinstance(start, int) and isinstance(size, int)) or start < 0 or size < 0:
            raise ValueError(f"section {name!r} has no valid extent")
        if start + size > len(data):
            raise ValueError(f"section {name!r} runs past the end of the payload")
        return data[start : start + size]

    def ints(name: str, typecode: str = "i") -> array[Any]:
        out = array(typecode)
        out.frombytes(section(name))
        return out

    small = json.loads(bytes(section("tables")))
    n = small["places"]
    if not isinstance(n, int) or n < 0:
        raise ValueError("no place count")
    payload: dict[str, Any] = {
        "admin1_places": dict(small["admin1_places"]),
        "admin1_names": dict(small["admin1_names"]),
        "max_name_tokens": int(small["max_name_tokens"]),
    }
    for name in _STRING_COLUMNS:
        payload[name] = _decode_strings(section(name), n, name)
    for name in _CATEGORY_COLUMNS:
        table = [sys.intern(str(v)) for v in small["tables"][name]]
        codes = ints(name)
        _check_range(codes, len(table), name)
        if len(codes) != n:
            raise ValueError(f"{name}: {len(codes)} values for {n} places")
        payload[name] = CodedColumn(table, codes)
    for name, typecode in _ARRAY_COLUMNS.items():
        payload[name] = values = ints(name, typecode)
        if len(values) != n:
            raise ValueError(f"{name}: {len(values)} values for {n} places")
    _check_range(array("q", small["admin1_places"].values()), n, "admin1_places")
    keys = small["keys"]
    places, offsets = ints("extra_ids.places"), ints("extra_ids.offsets")
    ids = _decode_strings(section("extra_ids.values"), offsets[-1] if offsets else 0, "ids")
    _check_offsets(offsets, keys["extra_ids"], len(ids), "extra_ids")
    _check_range(places, n, "extra_ids")
    if len(places) != keys["extra_ids"] or not _ascending(places, strictly=True):
        raise ValueError("extra_ids: places not in ascending order")
    payload["extra_ids"] = ExtraIds(places, offsets, ids)
    for name in _INDEXES:
        count = keys[name]
        names = _decode_strings(section(f"{name}.keys"), count, f"{name} keys")
        offsets, postings = ints(f"{name}.offsets"), ints(f"{name}.postings")
        _check_offsets(offsets, count, len(postings), name)
        _check_range(postings, n, name)
        payload[name] = PostingIndex(names, offsets, postings)
        if len(payload[name]) != count:
            raise ValueError(f"{name}: a key is stored twice")
    return payload


# The checks run at C speed without numpy (which `frontline gazetteer lookup` does not need):
# min/max over an array, and sorted() of an already sorted list, which timsort does in one pass.


def _check_range(values: array[Any], bound: int, what: str) -> None:
    if values and (min(values) < 0 or max(values) >= bound):
        raise ValueError(f"{what}: a number outside 0..{bound - 1}")


def _ascending(values: array[Any], *, strictly: bool = False) -> bool:
    items = values.tolist()
    return items == sorted(set(items) if strictly else items)


def _check_offsets(offsets: array[Any], count: int, total: int, what: str) -> None:
    if len(offsets) != count + 1 or offsets[0] != 0 or offsets[-1] != total:
        raise ValueError(f"{what}: offsets do not match {count} keys and {total} values")
    if not _ascending(offsets):
        raise ValueError(f"{what}: offsets go backwards")


def build(
    geonames: Sequence[Path],
    osm: Sequence[Path],
    overlay: Path | None,
    aliases: Path | None,
    out: Path,
    *,
    embedded: bool = False,
) -> Path:
    """Read the sources, merge, index, and write the artifact to ``out``.

    ``embedded=True``: ``geonames`` is the package's extract (:func:`embed_geonames`); the
    header records the dump it was made from, and overlay rows whose target is absent (OSM
    places) are skipped instead of being errors.
    """
    stats = BuildStats()
    sources: list[dict[str, Any]] = []
    places, regions, admin1_names, stats.pplx_dropped = read_geonames(geonames)
    for p in geonames:
        if embedded:  # the package's extract: record the dump it was made from
            meta = read_embedded_meta(p)
            dump = {k: meta.get(k) for k in ("source", "source_sha256", "modified_until")}
            sources.append({"kind": "geonames", "embedded": True, **dump, **fingerprint(p)})
        else:
            sources.append({"kind": "geonames", **fingerprint(p)})
    stats.geonames_places = len(places)
    for path in osm:
        merge_osm(places, read_osm_rows(path), stats)
        sources.append({"kind": "osm", **fingerprint(path)})
    curated: list[dict[str, Any]] = []
    if overlay is not None:
        apply_overlay(places, overlay, stats, strict_targets=not embedded)
        curated.append({"kind": "overlay", **fingerprint(overlay)})
    if aliases is not None:
        apply_aliases(places, aliases, stats)
        curated.append({"kind": "aliases", **fingerprint(aliases)})
    payload = to_payload(places, regions, admin1_names)
    counts = {
        "places": len(places),
        "settlements": sum(r.kind == "settlement" for r in places),
        "features": stats.features,
        "regions": len(regions),
        "names": len(payload["index"]),
        "merged_places": sum(len(r.ids) > 1 for r in places),
        **{k: getattr(stats, k) for k in stats.__slots__ if k != "features"},
    }
    header = {
        "builder_version": BUILDER_VERSION,
        "source_kind": "embedded" if embedded else "full",
        "built": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "sources": sources,
        "curated": curated,
        "counts": counts,
    }
    return write_artifact(out, header, payload)
