"""Typed records passed between pipeline stages.

Every stage boundary crosses one of these frozen dataclasses, never a loose dict:

    ingest   -> Report (with Sections and Sentences)
    extract  -> Mention (surface name, role, SpatialRelation)
    gazetteer-> Place
    resolve  -> Resolution (chosen Place or projected point, confidence, alternatives)
    semantics-> Event

An offset phrase ("within 15km northwest of Svatove") is one :class:`Offset` value from the
relation to the exported event; :func:`frontline.spatial.place_offset` is the one function that
turns it into a point, a region polygon, an uncertainty and its wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .spans import SpanMap

Precision = Literal["settlement", "offset", "feature", "region"]
Actor = Literal["RU", "UA", "unknown"]
Role = Literal["target", "anchor", "region", "qualifier", "offset"]

EVENT_TYPES: tuple[str, ...] = (
    "ground_assault",
    "advance",
    "withdrawal",
    "shelling",
    "strike",
    "defensive_works",
    "mobilization",
    "occupation_measure",
    "civilian_harm",
    "internal_conflict",
    "partisan",
    "other",
)
OUTCOMES: tuple[str, ...] = ("repelled", "ongoing", "success", "claimed", "unknown")
CLAIMANTS: tuple[str, ...] = (
    "ru_mod",
    "ru_official",
    "ru_source",
    "ua_general_staff",
    "ua_official",
    "ua_source",
    "geolocated_footage",
    "satellite_imagery",
    "isw",
    "media",
    "unknown",
)
# Statements of a party to the war (either side treated alike), media and unknown sources:
# claims, as opposed to geolocated footage, satellite imagery and ISW's own assessment.
CLAIM_CLAIMANTS: frozenset[str] = frozenset(
    {"ru_mod", "ru_official", "ru_source", "ua_general_staff", "ua_official", "ua_source",
     "media", "unknown"}
)
PRECISIONS: tuple[str, ...] = ("settlement", "offset", "feature", "region")
# How a distance was stated: "within 15km", "approximately 70km", "over 30km", "15km",
# "10-15km". The range each allows is decided by frontline.spatial.distance_range.
DISTANCE_QUALIFIERS: tuple[str, ...] = ("within", "approx", "beyond", "exact", "range")
# ACLED-style geo_precision: 1 = the settlement itself, 2 = near / offset, 3 = region.
GEO_PRECISION_CODE: dict[str, int] = {"settlement": 1, "feature": 1, "offset": 2, "region": 3}


@dataclass(frozen=True, slots=True)
class LonLat:
    """A WGS84 position. Named fields so the axis order cannot be misread."""

    lon: float
    lat: float


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a report with its character span in ``Report.text``."""

    start: int
    end: int
    text: str
    section: int  # index into Report.sections
    paragraph: int


@dataclass(frozen=True, slots=True)
class Section:
    """A headed part of a report (ISW: "Russian Main Effort—Eastern Ukraine")."""

    heading: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Report:
    """One input document after ingest: clean text plus its structure."""

    doc: str  # the input path as given (or "<stdin>")
    text: str
    report_date: str | None  # YYYY-MM-DD
    source: str  # "isw", "liveblog", "article", "general_staff", "unknown"
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    year: int | None = None  # year used for dates written without one
    warnings: tuple[str, ...] = ()
    # Offsets in ``text`` -> offsets in the document as the user has it (what exports give).
    spans: SpanMap = field(default_factory=SpanMap)


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry: a settlement, a named feature, or an admin region."""

    id: str  # primary id: "geonames:703484" or "osm:relation/3558283" or "overlay:arabat-spit"
    name: str  # canonical English name
    lat: float
    lon: float
    admin1: str  # GeoNames admin1 code ("14" = Luhansk Oblast); "" when unknown
    kind: Literal["settlement", "feature", "region"]
    feature_code: str = ""  # GeoNames feature code (PPL, PPLA2, ADM1, ...) or overlay kind
    population: int = 0
    ids: tuple[str, ...] = ()  # every source id merged into this place
    country: str = "UA"

    @property
    def position(self) -> LonLat:
        return LonLat(self.lon, self.lat)


@dataclass(frozen=True, slots=True)
class Distance:
    """A stated distance: the number as written, the range it allows (km) and how it was put.

    "within 15km" -> (15, 0, 15, "within"); "approximately 70km" -> (70, 56, 84, "approx");
    "10-15km" -> (12.5, 10, 15, "range"). Built by :func:`frontline.spatial.distance_range`.
    """

    stated_km: float
    min_km: float
    max_km: float
    qualifier: str  # one of DISTANCE_QUALIFIERS


@dataclass(frozen=True, slots=True)
class Offset:
    """Where a phrase puts a place relative to its anchor: a distance range and a compass sector.

    ``bearing_deg`` is compass (N=0, E=90) from the anchor to the place and ``half_angle_deg``
    the half-width of the sector its compass word names (decided once, by
    :func:`frontline.spatial.compass_half_angle`). Either part may be missing: "west of X" has
    no distance, "20km from X" no bearing (then ``half_angle_deg`` is None too).
    """

    distance: Distance | None
    bearing_deg: float | None = None
    half_angle_deg: float | None = None


@dataclass(frozen=True, slots=True)
class SpatialRelation:
    """What the text says about where something is relative to an anchor.

    ``offset`` is the distance range (qualifier included) and compass sector the phrase
    parser read from ``text`` (:func:`frontline.spatial.make_offset`), the very value the
    Event carries; None when the phrase states neither ("outskirts of", "between").
    """

    kind: str  # near|offset|direction|outskirts|between|in_region|vicinity|towards|along
    anchor: str | None = None
    anchor_start: int | None = None
    anchor_end: int | None = None
    offset: Offset | None = None  # distance range + bearing sector, as parsed
    qualifier_admin1: str | None = None  # admin1 code named by "X, Luhansk Oblast"
    text: str = ""  # the phrase that stated it

    @property
    def bearing_deg(self) -> float | None:
        """Compass bearing (N=0, E=90) from the anchor to the place: ``offset``'s."""
        return self.offset.bearing_deg if self.offset is not None else None


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name found in a sentence."""

    doc: str
    start: int  # char span in Report.text
    end: int
    surface: str  # the name as written ("Kherson City", "Hulyaipole")
    key: str  # the gazetteer lookup key
    role: Role
    sentence: int  # index into Report.sentences
    relation: SpatialRelation | None = None
    not_event_reason: str | None = None  # "title", "rhetoric", "history", "modal", ...
    context: str = ""  # short description of how it was found


@dataclass(frozen=True, slots=True)
class Candidate:
    place: Place
    score: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where a mention (or an offset phrase) is on the ground."""

    position: LonLat
    precision: Precision
    uncertainty_km: float
    place: Place | None
    confidence: float
    alternatives: tuple[Candidate, ...] = ()
    anchor_place: Place | None = None
    # Why no candidate is plausible ("555 km from its anchor Borova"): the mention is then
    # reported as unresolved instead of becoming an event far from where the text puts it.
    unresolved: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """One located, dated event: a GeoJSON Feature in the export."""

    id: str
    doc: str
    date: str | None
    report_date: str | None
    place: str  # as written
    place_name: str  # gazetteer canonical
    gazetteer_id: str
    admin1: str
    lon: float
    lat: float
    precision: Precision
    uncertainty_km: float
    axis: str
    actor: Actor
    event_type: str
    outcome: str
    claimant: str
    confidence: float
    quote: str
    char_start: int
    char_end: int
    anchor: str | None = None
    anchor_lon: float | None = None
    anchor_lat: float | None = None
    offset: Offset | None = None  # what the phrase stated about the place and its anchor
    date_range: tuple[str, str] | None = None
    alternatives: tuple[str, ...] = ()  # "name (gazetteer_id) score" of runner-ups
    cues: tuple[str, ...] = ()  # words that decided actor/type/claimant
    quotes: tuple[str, ...] = ()  # further quotes when the same event is stated twice
    source: str = ""

    @property
    def position(self) -> LonLat:
        return LonLat(self.lon, self.lat)

    @property
    def geo_precision(self) -> int:
        return GEO_PRECISION_CODE[self.precision]


@dataclass(frozen=True, slots=True)
class EventCollection:
    """The events of one run plus what the user should know about it."""

    events: tuple[Event, ...]
    reports: tuple[Report, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)
    errors: tuple[str, ...] = field(default_factory=tuple)
