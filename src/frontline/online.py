"""Opt-in online geocoding (``--online``): place names the gazetteer lacks, looked up with
OpenStreetMap's Nominatim through geopy.

Off by default: without it frontline never touches the network and its output does not change.
With it, each report is first scanned for capitalised names in place phrases ("near X",
"captured X") that the gazetteer does not know; each is asked of Nominatim once (geopy's
``RateLimiter``: one request a second, as Nominatim's usage policy asks), restricted to the
theatre (Ukraine and the border regions, :data:`THEATRE_VIEWBOX`) and to settlements. The
answers are kept in a JSON file in the cache directory (:data:`CACHE_FILE`), so a name is
asked once per machine, not once per run.

An answer becomes a gazetteer candidate only when it passes the same kind of checks as one:
inside the theatre, a settlement, in an allowed country, spelled like the name in the text.
Then it goes through the resolver like any candidate, so the plausibility checks of
:meth:`frontline.resolve.Resolver._implausible` (the oblast the text names, the distance from
the anchor) apply to it, and a mention that fails them is reported as unresolved by
:func:`frontline.pipeline.decide`. Events located this way say so: their ``gazetteer_id`` is
``nominatim:<osm type>/<osm id>``, their ``cues`` end with :data:`ONLINE_CUE`, and their
confidence is at most :data:`ONLINE_CONFIDENCE`.

Data from Nominatim is OpenStreetMap data, © OpenStreetMap contributors, ODbL; it stays in the
user's cache and is never shipped.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .atomic import write_text
from .axes import AxisConfig
from .errors import ConfigurationError
from .extractor import Extractor
from .mentions import STOP_NAMES, STOP_SURFACES, CachedIndex, NameIndex
from .names import fold, skeleton
from .records import Event, Mention, Place, Report
from .resolve import Resolver

__all__ = [
    "CACHE_FILE",
    "ONLINE_CONFIDENCE",
    "ONLINE_CUE",
    "THEATRE_VIEWBOX",
    "OnlineExtractor",
    "OnlineGeocoder",
    "OnlineIndex",
    "online_extractor",
]

log = logging.getLogger(__name__)

DEFAULT_URL = "https://nominatim.openstreetmap.org"
ENV_URL = "FRONTLINE_NOMINATIM_URL"  # another Nominatim (a local one, or a test stub)
USER_AGENT = "frontline (war report geocoder; opt-in --online fallback)"
# (south, west), (north, east): Ukraine with Crimea and the Russian and Belarusian border
# regions (Bryansk, Kursk, Belgorod, Voronezh, Rostov; Gomel), where the reports place events.
THEATRE_VIEWBOX: tuple[tuple[float, float], tuple[float, float]] = ((44.0, 22.0), (53.5, 41.0))
COUNTRY_CODES: tuple[str, ...] = ("ua", "ru", "by")
# Nominatim's kinds of populated place (OSM place=*): what a gazetteer settlement is.
SETTLEMENT_TYPES = frozenset(
    {"city", "town", "village", "hamlet", "suburb", "quarter", "neighbourhood",
     "isolated_dwelling", "locality", "farm", "allotments"}
)  # fmt: skip
MIN_DELAY_S = 1.0  # Nominatim's usage policy: at most one request per second
ONLINE_CUE = "geocoded online (Nominatim, © OpenStreetMap contributors)"
# A name found online has no gazetteer context (population, alternate names, curation): its
# events never claim more confidence than this.
ONLINE_CONFIDENCE = 0.5
ID_PREFIX = "nominatim:"
CACHE_FILE = "nominatim.json"

# A capitalised name of one or two words after a word that introduces a place.
_PLACE_PHRASE = re.compile(
    r"\b(?:near|in|at|outside|towards?|into|from|of|around|captured|liberated|seized|entered|"
    r"shelled|struck|attacked|advanced\s+to|reached)\s+"
    r"(?P<name>[A-Z][a-z'’ʼ]+(?:[- ][A-Z][a-z'’ʼ]+)?)"
    r"(?!\s+(?:Oblast|Raion|Region|Krai|Republic|River|Reservoir|Sea|Oblasts|Forces|Army)\b)"
)
_MIN_NAME_LEN = 4


def _bbox_contains(lat: float, lon: float) -> bool:
    (south, west), (north, east) = THEATRE_VIEWBOX
    return south <= lat <= north and west <= lon <= east


class OnlineGeocoder:
    """Nominatim through geopy, rate-limited, bounded to the theatre, cached on disk.

    Parameters
    ----------
    cache_dir
        Folder of the JSON cache (:data:`CACHE_FILE`); created when the first answer is saved.
    url
        The Nominatim to ask: ``scheme://host[:port]`` (default ``$FRONTLINE_NOMINATIM_URL``,
        else OpenStreetMap's public one).
    min_delay_s
        Seconds between two requests (geopy's ``RateLimiter``).
    timeout
        Seconds to wait for one answer.
    """

    def __init__(
        self,
        cache_dir: str | os.PathLike[str],
        *,
        url: str | None = None,
        min_delay_s: float = MIN_DELAY_S,
        timeout: float = 10.0,
    ) -> None:
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim

        url = url or os.environ.get(ENV_URL) or DEFAULT_URL
        match = re.fullmatch(r"(https?)://([^/\s]+)/?", url)
        if match is None:
            raise ConfigurationError(
                f"Nominatim URL {url!r} is not scheme://host[:port]; pass e.g. "
                f"{DEFAULT_URL} (or set {ENV_URL})"
            )
        self.url = url.rstrip("/")
        self.cache_path = Path(cache_dir) / CACHE_FILE
        self._nominatim = Nominatim(
            user_agent=USER_AGENT, scheme=match.group(1), domain=match.group(2), timeout=timeout
        )
        # Failures are not swallowed: an unanswered question must not be cached as "no place".
        self._geocode = RateLimiter(
            self._nominatim.geocode,
            min_delay_seconds=min_delay_s,
            max_retries=1,
            error_wait_seconds=min(2.0, max(min_delay_s, 0.0)),
            swallow_exceptions=False,
        )
        self._cache: dict[str, list[dict[str, Any]]] = self._load_cache()
        self.requests = 0  # asked of the server in this process (not from the cache)
        self.failure = ""  # why the server could not be used; then it is not asked again

    def _load_cache(self) -> dict[str, list[dict[str, Any]]]:
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning(
                "ignoring the unreadable online geocoding cache %s (%s)", self.cache_path, exc
            )
            return {}
        entries = data.get("answers", {}) if isinstance(data, dict) else {}
        return entries if isinstance(entries, dict) else {}

    def _save_cache(self) -> None:
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "note": "Nominatim answers (OpenStreetMap data, © OpenStreetMap contributors, "
            "ODbL), kept by frontline --online; delete the file to ask again.",
            "answers": self._cache,
        }
        write_text(
            self.cache_path, json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=1)
        )

    def _key(self, name: str) -> str:
        return f"{self.url} {name}"

    def search(self, name: str) -> list[dict[str, Any]]:
        """Nominatim's settlements called ``name`` in the theatre (the cache's answer when it
        has one); [] when there is none or the server cannot be reached."""
        key = self._key(name)
        if key in self._cache:
            return self._cache[key]
        if self.failure:
            return []
        from geopy.exc import GeopyError

        try:
            found = self._geocode(
                name,
                exactly_one=False,
                limit=5,
                addressdetails=True,
                language="en",
                country_codes=list(COUNTRY_CODES),
                viewbox=list(THEATRE_VIEWBOX),
                bounded=True,
                featuretype="settlement",
            )
        except GeopyError as exc:
            self.failure = f"{type(exc).__name__}: {exc}"
            log.warning(
                "online geocoding stopped: %s did not answer (%s); the rest of the run uses "
                "the gazetteer alone",
                self.url,
                self.failure,
            )
            return []
        self.requests += 1
        self._cache[key] = [_kept(loc.raw) for loc in found or ()]
        self._save_cache()
        return self._cache[key]


def _kept(raw: dict[str, Any]) -> dict[str, Any]:
    """The fields of a Nominatim result that frontline uses (what the cache stores)."""
    address = raw.get("address") or {}
    return {
        "osm_type": str(raw.get("osm_type", "")),
        "osm_id": str(raw.get("osm_id", "")),
        "lat": str(raw.get("lat", "")),
        "lon": str(raw.get("lon", "")),
        "name": str(raw.get("name") or str(raw.get("display_name", "")).split(",")[0]),
        "class": str(raw.get("class", raw.get("category", ""))),
        "type": str(raw.get("type", "")),
        "state": str(address.get("state", "")),
        "country_code": str(address.get("country_code", "")),
    }


def why_not(name: str, result: dict[str, Any]) -> str:
    """Why a Nominatim result is no candidate for ``name`` ("" when it is one): the checks a
    gazetteer entry passes by construction (a settlement, in the theatre, its name)."""
    try:
        lat, lon = float(result["lat"]), float(result["lon"])
    except (KeyError, ValueError):
        return "no coordinates"
    if not _bbox_contains(lat, lon):
        return f"outside the theatre ({lat:.2f}, {lon:.2f})"
    if result.get("class") != "place" or result.get("type") not in SETTLEMENT_TYPES:
        return f"not a settlement ({result.get('class')}={result.get('type')})"
    if result.get("country_code", "").lower() not in COUNTRY_CODES:
        return f"in another country ({result.get('country_code')})"
    # The same name, or another romanisation of it (Zorevytsia, Zorevytsya): the skeleton key
    # the gazetteer's own look-up falls back on. "Hrebenka" is another village than
    # "Hrebenivka", however alike they look.
    asked, found = fold(name), fold(str(result.get("name", "")))
    if asked != found and skeleton(asked) != skeleton(found):
        return f"named {result.get('name')!r}, not {name!r}"
    return ""


class OnlineIndex:
    """A :class:`~frontline.mentions.NameIndex`: the gazetteer, plus the places found online
    for names it lacks (:meth:`learn` finds and asks them)."""

    def __init__(self, gaz: NameIndex, geocoder: OnlineGeocoder) -> None:
        self.gaz = gaz
        self.geocoder = geocoder
        self.found: dict[str, tuple[Place, ...]] = {}  # folded name -> places
        self.names: set[str] = set()  # canonical names of the places found online
        self._firsts: set[str] = set()  # first words of the names found online
        self._tried: set[str] = set()

    @property
    def max_name_tokens(self) -> int:
        return max(2, self.gaz.max_name_tokens)

    def lookup(self, surface: str) -> tuple[Place, ...]:
        return self.gaz.lookup(surface) or self.found.get(fold(surface), ())

    def could_start(self, word: str) -> bool:
        test = getattr(self.gaz, "could_start", None)
        return (test is None or test(word)) or word in self._firsts

    def oblast_code(self, text: str) -> str | None:
        return self.gaz.oblast_code(text)

    def region(self, text: str) -> Place | None:
        return self.gaz.region(text)

    def candidates(self, text: str) -> list[str]:
        """Names in place phrases of ``text`` that the gazetteer does not know, in order."""
        out: list[str] = []
        for match in _PLACE_PHRASE.finditer(text):
            name = match.group("name")
            words = re.split(r"[- ]", name)
            if (
                len(name) < _MIN_NAME_LEN
                or name.lower() in STOP_SURFACES
                or any(w.lower() in STOP_NAMES for w in words)
                or self.gaz.lookup(name)
                or self.gaz.lookup(words[0])  # a known place and the next word
                or self.gaz.oblast_code(name) is not None
                or name in out
            ):
                continue
            out.append(name)
        return out

    def learn(self, report: Report) -> list[str]:
        """Ask Nominatim the unknown names of ``report``; return those that found a place."""
        learned = []
        for name in self.candidates(report.text):
            key = fold(name)
            if key in self._tried:
                continue
            self._tried.add(key)
            places = tuple(
                self._place(r) for r in self.geocoder.search(name) if not why_not(name, r)
            )
            if places:
                self.found[key] = places
                self.names.update(p.name for p in places)
                self._firsts.add(re.split(r"[- ]", name)[0])
                learned.append(name)
        return learned

    def _place(self, result: dict[str, Any]) -> Place:
        state = result.get("state", "")
        country = result.get("country_code", "").upper() or "UA"
        admin1 = (self.gaz.oblast_code(state) or "") if state and country == "UA" else ""
        place_id = f"{ID_PREFIX}{result['osm_type']}/{result['osm_id']}"
        return Place(
            id=place_id,
            name=result["name"],
            lat=round(float(result["lat"]), 7),
            lon=round(float(result["lon"]), 7),
            admin1=admin1,
            kind="settlement",
            feature_code=f"nominatim:{result.get('type', '')}",
            ids=(place_id,),
            country=country,
        )


class OnlineExtractor(Extractor):
    """An :class:`~frontline.extractor.Extractor` whose gazetteer is completed online: each
    report's unknown names are asked first (:meth:`OnlineIndex.learn`), then extraction runs
    as usual; events placed by an online answer are marked (:func:`mark_online`)."""

    def __init__(
        self, gazetteer: NameIndex, axes: AxisConfig | None, geocoder: OnlineGeocoder
    ) -> None:
        super().__init__(gazetteer, axes)
        self.online = OnlineIndex(gazetteer, geocoder)
        self.index = CachedIndex(self.online)
        self.resolver = Resolver(self.index, axes)

    def _learn(self, report: Report) -> None:
        if self.online.learn(report):
            self.index.clear()  # its memo may hold "no such name" for a name just found

    def mentions(self, report: Report) -> list[Mention]:
        self._learn(report)
        return super().mentions(report)

    def extract(self, report: Report) -> list[Event]:
        self._learn(report)
        return mark_online(super().extract(report), self.online.names)


def mark_online(events: Iterable[Event], online_names: set[str]) -> list[Event]:
    """Events located by an online answer (their place, or an offset's anchor) with
    :data:`ONLINE_CUE` and a confidence of at most :data:`ONLINE_CONFIDENCE`."""
    out = []
    for e in events:
        online = e.gazetteer_id.startswith(ID_PREFIX) or (
            e.precision == "offset" and not e.gazetteer_id and e.anchor in online_names
        )
        if online:
            e = dataclasses.replace(
                e, cues=(*e.cues, ONLINE_CUE), confidence=min(e.confidence, ONLINE_CONFIDENCE)
            )
        out.append(e)
    return out


def online_extractor(
    gazetteer: NameIndex,
    axes: AxisConfig | None,
    cache_dir: str | os.PathLike[str] | None = None,
    *,
    url: str | None = None,
    min_delay_s: float = MIN_DELAY_S,
) -> OnlineExtractor:
    """An :class:`OnlineExtractor` with its cache in ``cache_dir`` (default: frontline's cache
    dir, :func:`frontline.gazetteer.resolve_cache_dir`)."""
    from .gazetteer import resolve_cache_dir

    geocoder = OnlineGeocoder(resolve_cache_dir(cache_dir), url=url, min_delay_s=min_delay_s)
    return OnlineExtractor(gazetteer, axes, geocoder)


def online_places(events: Sequence[Event]) -> int:
    """How many of ``events`` were located online."""
    return sum(ONLINE_CUE in e.cues for e in events)
