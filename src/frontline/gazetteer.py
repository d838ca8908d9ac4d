"""The gazetteer: find, build, cache and query the place names reports use.

Sources are discovered in this order: the ``gazetteer_dir`` argument, the environment variable
``FRONTLINE_GAZETTEER_DIR``, ``../shared/gazetteer`` next to the repository root, then
``../shared/gazetteer`` relative to the working directory. A source directory holds
``geonames/*.zip``, ``osm/*.csv`` and optionally ``boundaries/oblasts.geojson``.

The build (:func:`build_gazetteer`, code in :mod:`frontline.gazetteer_build`) writes one
artifact to the user cache dir (``FRONTLINE_CACHE_DIR`` overrides it). :func:`load_gazetteer`
loads it when it is current, rebuilds it when a source changed, and falls back to the embedded
gazetteer (the GeoNames Ukraine populated places shipped as package data; no OpenStreetMap
villages) with one notice when no source exists.

Example
-------
>>> gaz = load_gazetteer()                                  # doctest: +SKIP
>>> [p.admin1 for p in gaz.lookup("Kuzemivka")]             # doctest: +SKIP
['14']
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
import time
import urllib.error
import urllib.request
import warnings
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import platformdirs

from frontline import gazetteer_build as _build
from frontline.atomic import atomic_path
from frontline.data import path as data_path
from frontline.errors import ConfigurationError, GazetteerError
from frontline.names import (
    ADMIN1_NAMES,
    ending_variants,
    fold,
    oblast_code,
    oblast_keys,
    skeleton,
    strip_city,
    strip_possessive,
    ukrainian_adjectives,
    ukrainian_forms,
)
from frontline.records import Place

__all__ = [
    "ATTRIBUTION",
    "EMBEDDED_WARNING",
    "EmbeddedGazetteerWarning",
    "Gazetteer",
    "Sources",
    "boundaries_path",
    "build_gazetteer",
    "clear_gazetteer_cache",
    "download_geonames",
    "find_sources",
    "load_gazetteer",
    "loaded_label",
    "resolve_cache_dir",
]

log = logging.getLogger(__name__)

ENV_GAZETTEER_DIR = "FRONTLINE_GAZETTEER_DIR"
ENV_CACHE_DIR = "FRONTLINE_CACHE_DIR"
ARTIFACT_NAME = "gazetteer.bin"
EMBEDDED_ARTIFACT_NAME = "gazetteer-embedded.bin"
REPO_ROOT = Path(__file__).resolve().parents[2]
GEONAMES_BASE_URL = "https://download.geonames.org/export/dump/"
ATTRIBUTION: dict[str, str] = {
    "geonames": "GeoNames (CC BY 4.0)",
    "osm": "© OpenStreetMap contributors (ODbL)",
    "embedded": "GeoNames (CC BY 4.0)",
}
EMBEDDED_WARNING = (
    "using the embedded gazetteer (GeoNames Ukraine populated places); villages only "
    "OpenStreetMap has are missing: for the full one pass --gazetteer-dir or set "
    f"{ENV_GAZETTEER_DIR} to a folder with geonames/UA.zip and osm/*.csv, or run "
    "`frontline gazetteer build --geonames UA.zip --osm settlements.csv`"
)


class EmbeddedGazetteerWarning(UserWarning):
    """Issued once per process when the embedded gazetteer is used (no sources found)."""


_KEY_RE = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


# --- where things are ----------------------------------------------------------------------
class Sources:
    """Source files found in a gazetteer directory."""

    __slots__ = ("boundaries", "geonames", "osm", "root")

    def __init__(
        self,
        root: Path | None,
        geonames: Sequence[Path] = (),
        osm: Sequence[Path] = (),
        boundaries: Path | None = None,
    ) -> None:
        self.root = root
        self.geonames = tuple(geonames)
        self.osm = tuple(osm)
        self.boundaries = boundaries

    def __bool__(self) -> bool:
        return bool(self.geonames or self.osm)

    def __repr__(self) -> str:
        return (
            f"Sources(root={self.root!r}, geonames={self.geonames!r}, osm={self.osm!r}, "
            f"boundaries={self.boundaries!r})"
        )


def _candidate_dirs(gazetteer_dir: str | os.PathLike[str] | None) -> tuple[list[Path], bool]:
    """Directories to search, and whether the user named one explicitly."""
    explicit = gazetteer_dir if gazetteer_dir is not None else os.environ.get(ENV_GAZETTEER_DIR)
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_dir():
            raise ConfigurationError(
                f"gazetteer directory {str(path)!r} does not exist; expected a directory with "
                f"geonames/*.zip and osm/*.csv (set {ENV_GAZETTEER_DIR} or pass --gazetteer-dir)"
            )
        return [path], True
    return [
        REPO_ROOT.parent / "shared" / "gazetteer",
        Path.cwd().parent / "shared" / "gazetteer",
    ], False


def find_sources(gazetteer_dir: str | os.PathLike[str] | None = None) -> Sources:
    """Discover the gazetteer source files.

    Parameters
    ----------
    gazetteer_dir : path, optional
        Directory to use; default ``$FRONTLINE_GAZETTEER_DIR``, then ``../shared/gazetteer``
        next to the repository, then ``../shared/gazetteer`` from the working directory.

    Returns
    -------
    Sources
        Empty (falsy) when no GeoNames dump or OSM CSV was found.

    Raises
    ------
    ConfigurationError
        If an explicitly named directory does not exist.
    """
    dirs, _explicit = _candidate_dirs(gazetteer_dir)
    for root in dirs:
        geonames = sorted((root / "geonames").glob("*.zip")) if root.is_dir() else []
        osm = sorted((root / "osm").glob("*.csv")) if root.is_dir() else []
        boundaries = root / "boundaries" / "oblasts.geojson"
        if geonames or osm or boundaries.is_file():
            return Sources(root, geonames, osm, boundaries if boundaries.is_file() else None)
    return Sources(dirs[0] if _explicit else None)


def boundaries_path(gazetteer_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """Path of ``boundaries/oblasts.geojson`` in the discovered gazetteer dir, or None."""
    return find_sources(gazetteer_dir).boundaries


def resolve_cache_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The cache directory: ``path``, else ``$FRONTLINE_CACHE_DIR``, else the user cache dir."""
    chosen = path if path is not None else os.environ.get(ENV_CACHE_DIR)
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_cache_dir("frontline"))


def _curated_files() -> tuple[Path | None, Path | None]:
    """The curated overlay.csv and aliases.csv shipped as package data (frontline/data/)."""
    overlay, aliases = data_path("overlay.csv"), data_path("aliases.csv")
    return (overlay if overlay.is_file() else None, aliases if aliases.is_file() else None)


# --- build -----------------------------------------------------------------------------------
def build_gazetteer(
    geonames: Iterable[str | os.PathLike[str]] = (),
    osm: Iterable[str | os.PathLike[str]] = (),
    overlay: str | os.PathLike[str] | None = None,
    aliases: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] | None = None,
    *,
    cache: str | os.PathLike[str] | None = None,
) -> Path:
    """Build the gazetteer artifact from GeoNames dumps and OSM settlement CSVs.

    Parameters
    ----------
    geonames : paths
        GeoNames country dumps (``UA.zip``, ``RU.zip``, or the extracted ``.txt``).
    osm : paths
        OSM settlements CSVs (columns name_uk,name_en,place,oblast,lat,lon,osm_id,osm_type).
    overlay, aliases : path, optional
        Curated CSVs; default the package's ``frontline/data/overlay.csv`` and ``aliases.csv``.
    out : path, optional
        Artifact path; default ``<cache dir>/gazetteer.bin``.
    cache : path, optional
        Cache directory used when ``out`` is not given.

    Returns
    -------
    Path
        The written artifact.

    Raises
    ------
    GazetteerError
        If no source is given or a source cannot be read.
    """
    geo = [Path(p) for p in geonames]
    osm_paths = [Path(p) for p in osm]
    if not geo and not osm_paths:
        raise GazetteerError(
            "no gazetteer source given; run `frontline gazetteer build --geonames UA.zip "
            "--osm settlements.csv` (get UA.zip with `frontline gazetteer download`)"
        )
    for path in (*geo, *osm_paths):
        if not path.is_file():
            raise GazetteerError(f"gazetteer source {str(path)!r} does not exist")
    default_overlay, default_aliases = _curated_files()
    target = Path(out) if out is not None else resolve_cache_dir(cache) / ARTIFACT_NAME
    started = time.perf_counter()
    result = _build.build(
        geo,
        osm_paths,
        Path(overlay) if overlay is not None else default_overlay,
        Path(aliases) if aliases is not None else default_aliases,
        target,
    )
    log.info("built gazetteer %s in %.1f s", result, time.perf_counter() - started)
    _LOADED.clear()  # an in-process instance may now be stale
    return result


def _is_current(header: dict[str, Any] | None, sources: Sources) -> bool:
    """True when the artifact was made by this builder from unchanged, covering sources.

    Every discovered source must be recorded in the artifact (so a new or moved file triggers a
    rebuild), and every recorded file must be unchanged. An artifact built from extra files
    given on the command line (RU.zip) stays current.
    """
    if not header or header.get("builder_version") != _build.BUILDER_VERSION:
        return False
    if header.get("source_kind") != "full":
        return False
    recorded = {s["path"]: s for s in header.get("sources", []) + header.get("curated", [])}
    wanted = [*sources.geonames, *sources.osm, *(p for p in _curated_files() if p)]
    if any(str(p.resolve()) not in recorded for p in wanted):
        return False
    for path_str, rec in recorded.items():
        path = Path(path_str)
        if not path.exists():
            if sources:
                return False  # a recorded source vanished while others exist: rebuild
            continue  # nothing to rebuild from: the artifact is the best data there is
        if _build.fingerprint(path) != {k: rec[k] for k in ("path", "size", "mtime_ns")}:
            return False
    return True


# --- load ------------------------------------------------------------------------------------
_LOADED: dict[tuple[str, str], Gazetteer] = {}


def load_gazetteer(
    gazetteer_dir: str | os.PathLike[str] | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> Gazetteer:
    """Return the gazetteer, building or falling back as needed (cached per process).

    Parameters
    ----------
    gazetteer_dir : path, optional
        Source directory (see :func:`find_sources`).
    cache_dir : path, optional
        Where the artifact lives (see :func:`resolve_cache_dir`).

    Returns
    -------
    Gazetteer
        The full gazetteer when an artifact or sources exist, else the embedded one (with a
        warning naming the command that builds the full one).
    """
    cdir = resolve_cache_dir(cache_dir)
    memo_key = (str(gazetteer_dir or os.environ.get(ENV_GAZETTEER_DIR, "")), str(cdir))
    if memo_key in _LOADED:
        return _LOADED[memo_key]
    sources = find_sources(gazetteer_dir)
    artifact = cdir / ARTIFACT_NAME
    header = _build.read_header(artifact) if artifact.is_file() else None
    gaz = None
    if header is not None and _is_current(header, sources):
        gaz = _load_or_warn(artifact)
    if gaz is None and sources:
        log.warning(
            "building the gazetteer from %s (one-off, takes a few seconds) into %s",
            sources.root, artifact,
        )  # fmt: skip
        build_gazetteer(sources.geonames, sources.osm, out=artifact)
        gaz = Gazetteer.from_artifact(artifact)
    elif gaz is None:
        gaz = _load_embedded(cdir)
    gaz.boundaries = sources.boundaries
    _LOADED[memo_key] = gaz
    return gaz


def loaded_label() -> str:
    """:attr:`Gazetteer.label` of the gazetteer :func:`load_gazetteer` returned last in this
    process, or "" (what maps name in their footer when not told)."""
    return next(reversed(_LOADED.values())).label if _LOADED else ""


def clear_gazetteer_cache() -> None:
    """Forget the gazetteers :func:`load_gazetteer` keeps in this process (tests, rebuilds),
    and the Extractor the API keeps for one (:func:`frontline.extractor.shared_extractor`):
    afterwards nothing in frontline holds them."""
    _LOADED.clear()
    extractor = sys.modules.get("frontline.extractor")  # not imported yet: holds none
    if extractor is not None:
        extractor.forget_shared_extractor()


def embedded_data_path() -> Path:
    """The embedded GeoNames extract shipped in the package (``frontline/data/``)."""
    return data_path(_build.EMBEDDED_DATA)


def _load_embedded(cdir: Path) -> Gazetteer:
    # One notice per process (the caller memoises the gazetteer), as a warning so that Python
    # users can filter it; the CLI prints warnings as one line without a source line.
    warnings.warn(EMBEDDED_WARNING, EmbeddedGazetteerWarning, stacklevel=3)
    source = embedded_data_path()
    if not source.is_file():
        raise GazetteerError(
            f"the embedded gazetteer {str(source)!r} is missing from the installed package; "
            f"reinstall frontline or set {ENV_GAZETTEER_DIR} to a folder with geonames/UA.zip"
        )
    artifact = cdir / EMBEDDED_ARTIFACT_NAME
    header = _build.read_header(artifact) if artifact.is_file() else None
    overlay, aliases = _curated_files()
    stale = header is None or header.get("builder_version") != _build.BUILDER_VERSION
    if not stale and header is not None:
        recorded = {c["path"]: c for c in header.get("sources", []) + header.get("curated", [])}
        for path in (source, overlay, aliases):
            if path is not None:
                rec = recorded.get(str(path.resolve()))
                fp = _build.fingerprint(path)
                if rec is None or (fp["size"], fp["mtime_ns"]) != (rec["size"], rec["mtime_ns"]):
                    stale = True
    if not stale and (gaz := _load_or_warn(artifact)) is not None:
        return gaz
    # A one-off build (about 2 s) from the extract; later runs load the cached artifact.
    try:
        _build.build((source,), (), overlay, aliases, artifact, embedded=True)
    except OSError:
        # A read-only cache dir must not stop the fallback: build into a temp dir.
        artifact = Path(tempfile.mkdtemp(prefix="frontline-")) / EMBEDDED_ARTIFACT_NAME
        _build.build((source,), (), overlay, aliases, artifact, embedded=True)
    return Gazetteer.from_artifact(artifact)


def _load_or_warn(artifact: Path) -> Gazetteer | None:
    """The cached artifact, or None (after a warning) when it is corrupt: the caller rebuilds
    it. A damaged cache is the cache's problem, never the user's run."""
    try:
        return Gazetteer.from_artifact(artifact)
    except _build.ArtifactError as exc:
        log.warning("the cached gazetteer %s is unusable (%s); rebuilding it", artifact, exc.reason)
        return None


# --- the gazetteer -------------------------------------------------------------------------
class Gazetteer:
    """Place names -> :class:`Place` candidates, from a columnar in-memory artifact.

    Places are created lazily: the artifact holds plain columns, so loading stays fast and only
    the places a run actually touches become objects.
    """

    def __init__(self, header: dict[str, Any], payload: dict[str, Any], path: Path | None = None):
        self.header = header
        self.path = path
        self.boundaries: Path | None = None
        # Sequences and mappings as read_artifact packs them (lists, arrays, CodedColumn,
        # ExtraIds, PostingIndex) or as to_payload builds them (lists, dicts).
        self._ids: Sequence[str] = payload["ids"]
        self._names: Sequence[str] = payload["names"]
        self._lat = payload["lat"]
        self._lon = payload["lon"]
        self._admin1: Sequence[str] = payload["admin1"]
        self._kind: Sequence[str] = payload["kind"]
        self._fcode: Sequence[str] = payload["feature_code"]
        self._pop = payload["population"]
        self._country: Sequence[str] = payload["country"]
        self._extra_ids: Mapping[int, tuple[str, ...]] = payload["extra_ids"]
        self._index: Mapping[str, tuple[int, ...]] = payload["index"]
        self._skeleton: Mapping[str, tuple[int, ...]] = payload["skeleton"]
        self._region_index: Mapping[str, tuple[int, ...]] = payload["region_index"]
        self._region_skeleton: Mapping[str, tuple[int, ...]] = payload["region_skeleton"]
        self._admin1_places: dict[str, int] = payload["admin1_places"]
        self._admin1_names: dict[str, str] = payload["admin1_names"]
        self._max_tokens: int = payload["max_name_tokens"]
        self._cache: dict[int, Place] = {}

    @classmethod
    def from_artifact(cls, path: str | os.PathLike[str]) -> Gazetteer:
        """Load an artifact written by :func:`build_gazetteer`."""
        header, payload = _build.read_artifact(Path(path))
        return cls(header, payload, Path(path))

    # -- basic properties
    @property
    def source_kind(self) -> str:
        """``"full"`` (built from GeoNames/OSM dumps) or ``"embedded"`` (package data)."""
        return str(self.header.get("source_kind", "full"))

    @property
    def label(self) -> str:
        """One line naming this gazetteer and its sources with their attribution (map footers).

        File names and dump dates only, no machine paths, so pages stay reproducible.
        """
        parts = []
        for src in self.header.get("sources", []):
            if src.get("embedded"):
                parts.append(
                    f"GeoNames Ukraine populated places from {src.get('source')} (edits to "
                    f"{src.get('modified_until')}), {ATTRIBUTION['geonames']}"
                )
            else:
                name = Path(str(src.get("path", ""))).name
                parts.append(f"{name}, {ATTRIBUTION.get(str(src.get('kind')), '')}")
        if self.header.get("curated"):
            parts.append("frontline curated overlay and aliases")
        return f"{self.source_kind} gazetteer — " + "; ".join(parts)

    @property
    def max_name_tokens(self) -> int:
        """Most space-separated tokens in any indexed name (bounds the extractor's n-grams)."""
        return self._max_tokens

    def __len__(self) -> int:
        return len(self._ids)

    def __repr__(self) -> str:
        return f"<Gazetteer {self.source_kind} places={len(self)} names={len(self._index)}>"

    def _place(self, i: int) -> Place:
        place = self._cache.get(i)
        if place is None:
            pid = self._ids[i]
            place = Place(
                id=pid,
                name=self._names[i],
                lat=self._lat[i],
                lon=self._lon[i],
                admin1=self._admin1[i],
                kind=self._kind[i],  # type: ignore[arg-type]
                feature_code=self._fcode[i],
                population=self._pop[i],
                ids=self._extra_ids.get(i, (pid,)),
                country=self._country[i],
            )
            self._cache[i] = place
        return place

    def _places(self, indices: Iterable[int]) -> tuple[Place, ...]:
        return tuple(self._place(i) for i in indices)

    @cached_property
    def _id_map(self) -> dict[str, int]:
        out = {pid: i for i, pid in enumerate(self._ids)}
        for i, ids in self._extra_ids.items():
            for pid in ids:
                out.setdefault(pid, i)
        return out

    def get(self, place_id: str) -> Place | None:
        """The place with this id (primary or merged, e.g. ``"osm:relation/3558283"``)."""
        i = self._id_map.get(place_id)
        return None if i is None else self._place(i)

    # -- names
    @staticmethod
    def _as_key(text: str) -> str:
        return text if _KEY_RE.fullmatch(text) else fold(text)

    def has_key(self, key: str) -> bool:
        """Would :meth:`lookup` find anything for this key? A dict hit, for the extractor.

        ``key`` is normally a :func:`frontline.names.fold` key; other text is folded first.
        """
        key = self._as_key(key)
        if key in self._index:
            return True
        stripped = strip_city(key)
        if stripped is not None and stripped in self._index:
            return True
        return skeleton(key) in self._skeleton or (
            stripped is not None and skeleton(stripped) in self._skeleton
        )

    @cached_property
    def _multiword_firsts(self) -> tuple[frozenset[str], frozenset[str]]:
        """First words of the multi-word exact keys (places, regions, oblast names) and
        skeleton keys. With the one-word keys themselves, they are what any name this
        gazetteer can find must begin with; collected once, from the few keys with a space."""

        def firsts(*keys: Iterable[str]) -> frozenset[str]:
            return frozenset(k.partition(" ")[0] for ks in keys for k in ks if " " in k)

        return (
            firsts(self._index, self._region_index, oblast_keys()),
            firsts(self._skeleton, self._region_skeleton),
        )

    def could_start(self, word: str) -> bool:
        """Can a name that :meth:`lookup`, :meth:`oblast_code` or :meth:`region` finds
        begin with the word ``word`` (as written)? False rules it out; True may be wrong.

        Folding works character by character and the suffixes those look-ups strip
        ("city", "raion", "oblast") are whole trailing words, so the first word of any key
        they try is the folded first word of the text (or of it without a possessive 's).
        """
        exact, loose = self._multiword_firsts
        for w in {word, strip_possessive(word)}:
            first = fold(w).split(" ", 1)[0]
            if (
                not first
                or first == "the"
                or first in self._index
                or first in self._region_index
                or first in oblast_keys()
                or first in exact
            ):
                return True
            skel = skeleton(first)
            if skel in self._skeleton or skel in self._region_skeleton or skel in loose:
                return True
            # "Chasovyi Yar", "Staromayorsk": a first word whose ending lookup() may swap;
            # "Spirnoe", "Novopokrovskoe": a Russian form lookup() reads as Ukrainian.
            for v in (*ending_variants(first), *ukrainian_forms(first)):
                if v in self._index or skeleton(v) in self._skeleton:
                    return True
            for v in ending_variants(first, starts_name=True):
                if v in exact or skeleton(v) in loose:
                    return True
        return False

    def _key_hits(self, key: str) -> tuple[int, ...]:
        """The places of a folded key, exact or else by its skeleton (() for none)."""
        return self._index.get(key) or self._skeleton.get(skeleton(key)) or ()

    def lookup(self, surface: str) -> tuple[Place, ...]:
        """Settlement and feature candidates for a name as written (never regions).

        Tries the exact key, the key without a trailing "city" ("Kherson City"), then the
        skeleton key (Mayorsk -> Maiorsk). Curated aliases are indexed as exact keys. A
        Russian adjective before a noun ("Novaya Poltavka") is read in Ukrainian first (Nova
        Poltavka) when that names a place.
        Order: population descending, then id.
        """
        key = self._as_key(surface)
        if not key:
            return ()
        hits = self._index.get(key)
        if hits and (ua := ukrainian_adjectives(key)) and (ua_hits := self._index.get(ua)):
            # "Novaya Poltavka": a Russian adjective before a noun is a two-word name, read in
            # Ukrainian (Nova Poltavka) when that names a place; a place that merely lists the
            # Russian form among its alternate names (Novopoltavka) is no reading of it.
            return self._places(ua_hits)
        if hits:
            # A Russian-form name ("Novoselovskoye") also stands for the villages GeoNames
            # lists only in their Ukrainian form (Novoselivske), and a name some places list
            # as an alternate spelling ("Novyi Mir") for those spelt another way (Novyi
            # Myr, one skeleton): all are candidates.
            extra = [
                i
                for k in ukrainian_forms(key)
                for i in self._key_hits(k)
            ]
            extra += self._skeleton.get(skeleton(key)) or ()
            if not extra:
                return self._places(hits)
            merged = self._places(dict.fromkeys([*hits, *extra]))
            return tuple(sorted(merged, key=lambda p: (-p.population, p.id)))
        stripped = strip_city(key)
        if stripped and (hits := self._index.get(stripped)):
            return self._places(hits)
        for k in (key, stripped):
            if k and (hits := self._skeleton.get(skeleton(k))):
                # Only the loose key finds it: an inflected ending ("Zelenyi" of Zelene, the
                # genitive "Зеленого" translated back) reads as well as another romanisation.
                extra = [
                    i
                    for v in ending_variants(k)
                    for i in self._key_hits(v)
                ]
                if not extra:
                    return self._places(hits)
                merged = self._places(dict.fromkeys([*hits, *extra]))
                return tuple(sorted(merged, key=lambda p: (-p.population, p.id)))
        for k in ending_variants(stripped or key):
            if hits := self._key_hits(k):
                return self._places(hits)
        # A Russian form of a name GeoNames lists only in its Ukrainian form ("Stepova
        # Novoselovka", "Spirnoe"): the first Ukrainian form that names a place.
        for k in ukrainian_forms(stripped or key):
            if hits := self._key_hits(k):
                return self._places(hits)
        # A compound written in two words ("Ivano-Pillya" for Ivanopillia).
        joined = (stripped or key).replace(" ", "")
        if joined != (stripped or key) and (hits := self._key_hits(joined)):
            return self._places(hits)
        return ()

    def fuzzy(
        self, surface: str, limit: int = 5, score_cutoff: float = 90
    ) -> list[tuple[Place, float]]:
        """Candidates for a misspelt name by string similarity of keys (rapidfuzz ratio).

        Parameters
        ----------
        surface : str
            The name as written.
        limit : int
            Most keys to return candidates for.
        score_cutoff : float
            Lowest similarity (0-100) accepted.

        Returns
        -------
        list of (Place, score)
            Best score first; a place appears once.
        """
        from rapidfuzz import fuzz, process  # imported here: fuzzy lookups are rare

        key = self._as_key(surface)
        if not key:
            return []
        # Only keys of a length that can reach the cutoff: the ratio of two strings is at most
        # 200 * min(len) / (sum of lengths). In sorted order, as the whole list is, so that
        # ties come out as they would from it.
        n = len(key)
        by_length = self._keys_by_length
        keys = sorted(
            k
            for m, ks in by_length.items()
            if 200.0 * min(n, m) / (n + m) >= score_cutoff - 1e-9
            for k in ks  # each run sorted: the sort merges them
        )
        matches = process.extract(
            key, keys, scorer=fuzz.ratio, limit=limit, score_cutoff=score_cutoff
        )
        out: list[tuple[Place, float]] = []
        seen: set[int] = set()
        for _matched, score, pos in matches:
            for i in self._index[keys[pos]]:
                if i not in seen:
                    seen.add(i)
                    out.append((self._place(i), float(score)))
        return out

    @cached_property
    def _keys_by_length(self) -> dict[int, list[str]]:
        """The index's keys by length, each length's in sorted order (:meth:`fuzzy`)."""
        out: dict[int, list[str]] = {}
        for k in sorted(self._index):
            out.setdefault(len(k), []).append(k)
        return out

    # -- space
    @cached_property
    def _arrays(self) -> tuple[Any, Any, Any]:
        import numpy as np

        lat = np.frombuffer(self._lat, dtype=np.float64)
        lon = np.frombuffer(self._lon, dtype=np.float64)
        not_region = np.array([k != "region" for k in self._kind], dtype=bool)
        return lat, lon, not_region

    @cached_property
    def _geod(self) -> Any:
        from pyproj import Geod

        return Geod(ellps="WGS84")

    def distances_km(self, lat: float, lon: float, places: Sequence[Place]) -> list[float]:
        """Geodesic (WGS84) distances in km from (lat, lon) to each place."""
        if not places:
            return []
        _az1, _az2, dist = self._geod.inv(
            [lon] * len(places), [lat] * len(places),
            [p.lon for p in places], [p.lat for p in places],
        )  # fmt: skip
        return [float(d) / 1000.0 for d in dist]

    def near(self, lat: float, lon: float, radius_km: float) -> list[tuple[Place, float]]:
        """Settlements and features within ``radius_km`` (geodesic), nearest first."""
        import numpy as np

        lats, lons, not_region = self._arrays
        # Cheap box first (1 degree latitude >= 110.5 km), exact geodesic on the survivors.
        dlat = radius_km / 110.0
        dlon = radius_km / max(1e-6, 110.0 * np.cos(np.radians(min(89.0, abs(lat) + dlat))))
        mask = (np.abs(lats - lat) <= dlat) & (np.abs(lons - lon) <= dlon) & not_region
        idx = np.nonzero(mask)[0]
        if idx.size == 0:
            return []
        _a, _b, dist = self._geod.inv(
            np.full(idx.size, lon), np.full(idx.size, lat), lons[idx], lats[idx]
        )
        km = np.asarray(dist) / 1000.0
        rows = sorted(
            ((float(d), self._ids[int(i)], int(i)) for i, d in zip(idx, km, strict=True)
             if d <= radius_km)
        )  # fmt: skip
        return [(self._place(i), d) for d, _pid, i in rows]

    def lookup_near(
        self, name: str, lat: float, lon: float, radius_km: float | None = None
    ) -> list[tuple[Place, float]]:
        """:meth:`lookup` candidates with their geodesic distance (km) to (lat, lon), nearest
        first; only those within ``radius_km`` when given."""
        places = self.lookup(name)
        pairs = sorted(
            zip(places, self.distances_km(lat, lon, places), strict=True),
            key=lambda pd: (pd[1], pd[0].id),
        )
        return [pd for pd in pairs if radius_km is None or pd[1] <= radius_km]

    # -- admin regions
    def oblast_code(self, text: str) -> str | None:
        """GeoNames admin1 code of Ukraine named by ``text`` ("Luhansk Oblast", "LNR" -> "14")."""
        code = oblast_code(text)
        if code is not None:
            return code
        # GeoNames' own ADM1 spellings and alternate names ("Zaporizhzhya Oblast").
        stem = _build.region_stem(self._as_key(text))
        for i in self._region_index.get(stem, ()):
            if self._fcode[i] == "ADM1" and self._country[i] == "UA":
                return self._admin1[i]
        return None

    def admin1_name(self, code: str, country: str = "UA") -> str:
        """English name of an admin1 code as ISW writes it ("14" -> "Luhansk Oblast").

        Codes of other countries (from RU.zip etc.) give the GeoNames name; unknown codes "".
        """
        if country == "UA" and code in ADMIN1_NAMES:
            return ADMIN1_NAMES[code]
        return self._admin1_names.get(f"{country}.{code}", "")

    def region(self, text: str) -> Place | None:
        """The raion or oblast named by ``text`` ("Kakhovka Raion", "Luhansk Oblast")."""
        key = self._as_key(text)
        if not key:
            return None
        stem = _build.region_stem(key)
        is_raion = stem != key and not key.endswith((" oblast", " region"))
        if not is_raion:
            code = self.oblast_code(text)
            if code is not None and (i := self._admin1_places.get(f"UA.{code}")) is not None:
                return self._place(i)
        hits = self._region_index.get(stem) or self._region_skeleton.get(skeleton(stem), ())
        # Raions before oblasts for the same stem; then the index order (population, id).
        ranked = sorted(hits, key=lambda i: self._fcode[i] != "ADM2") if is_raion else hits
        return self._place(ranked[0]) if ranked else None

    # -- provenance
    def info(self) -> dict[str, Any]:
        """What this gazetteer was built from: sources, counts, build date, attribution."""
        kinds = {s.get("kind") for s in self.header.get("sources", [])}
        return {
            "gazetteer": self.label,
            "source_kind": self.source_kind,
            "artifact": str(self.path) if self.path else None,
            "builder_version": self.header.get("builder_version"),
            "built": self.header.get("built"),
            "sources": self.header.get("sources", []),
            "curated": self.header.get("curated", []),
            "counts": dict(self.header.get("counts", {})),
            "boundaries": str(self.boundaries) if self.boundaries else None,
            "attribution": [ATTRIBUTION[k] for k in ("geonames", "osm") if k in kinds]
            or [ATTRIBUTION["embedded"]],
        }


# --- download --------------------------------------------------------------------------------
def download_geonames(
    countries: Sequence[str] = ("UA",),
    dest: str | os.PathLike[str] | None = None,
    base_url: str = GEONAMES_BASE_URL,
    *,
    timeout: float = 60.0,
) -> list[Path]:
    """Download GeoNames country dumps (``<CC>.zip``) atomically.

    Parameters
    ----------
    countries : sequence of str
        ISO country codes ("UA", "RU").
    dest : path, optional
        Target directory; default ``<cache dir>/geonames``.
    base_url : str
        Dump site; tests point it at a local server.
    timeout : float
        Seconds per request.

    Returns
    -------
    list of Path
        The downloaded files.

    Raises
    ------
    GazetteerError
        On a network error or a response that is not a zip file; no partial file is left.
    ConfigurationError
        On a country code that is not two letters.
    """
    target_dir = Path(dest) if dest is not None else resolve_cache_dir() / "geonames"
    target_dir.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    for cc in countries:
        code = cc.strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise ConfigurationError(f"country={cc!r} is not an ISO 3166 alpha-2 code like 'UA'")
        url = base_url.rstrip("/") + f"/{code}.zip"
        target = target_dir / f"{code}.zip"
        try:
            with atomic_path(target) as tmp:
                with tmp.open("wb") as fh, urllib.request.urlopen(url, timeout=timeout) as resp:
                    while chunk := resp.read(1 << 20):
                        fh.write(chunk)
                if not zipfile.is_zipfile(tmp):
                    raise GazetteerError(f"{url} did not return a zip file; check --base-url")
        except (urllib.error.URLError, OSError) as exc:
            raise GazetteerError(
                f"cannot download {url}: {exc}; check the network or fetch {code}.zip by hand "
                f"into {str(target_dir)!r}"
            ) from exc
        log.info("downloaded %s -> %s", url, target)
        out.append(target)
    return out
