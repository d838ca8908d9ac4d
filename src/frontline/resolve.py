"""Resolve: choose a gazetteer candidate for every mention, or project an offset.

Same-named places are ranked by (strongest first) the oblast qualifier, agreement with the
stated anchor/bearing/distance, closeness to the other places of the sentence, paragraph and
section, the section's operational axis, the theatre of war, and finally population.
Every resolution keeps a confidence and the runner-up candidates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .axes import AxisConfig
from rapidfuzz import fuzz

from .extract import primary_match
from .names import fold, strip_city
from .records import Candidate, LonLat, Mention, Place, Report, Resolution
from .spatial import (
    Distance,
    constraint_score,
    distance_km,
    offset_centre_km,
    offset_uncertainty_km,
    project,
)

# Oblasts where the fighting of 2022-2026 took place (GeoNames admin1 codes): Donetsk,
# Luhansk, Kharkiv, Kherson, Zaporizhzhia, Dnipropetrovsk, Mykolaiv, Crimea, Sumy,
# Chernihiv, Kyiv Oblast.
THEATRE_ADMIN1 = frozenset({"05", "14", "07", "08", "26", "04", "16", "11", "21", "02", "13"})
_FEATURE_BONUS = {"PPLC": 2.0, "PPLA": 1.6, "PPLA2": 1.0, "PPLA3": 0.4}
VICINITY_KM = 10.0  # "west of Hulyaipole": the event is near, not in, the named place


class PlaceIndex:
    """What resolution needs from the gazetteer (structural type)."""

    def lookup(self, surface: str) -> tuple[Place, ...]:  # pragma: no cover - protocol
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Resolved:
    mention: Mention
    resolution: Resolution


def spelling_variant(surface: str, name: str) -> bool:
    """Is ``surface`` another romanisation of ``name`` rather than a different name?"""
    a, b = fold(surface), fold(name)
    a = strip_city(a) or a
    return fuzz.ratio(a, b) >= 60.0


def _prior(p: Place) -> float:
    s = 0.35 * math.log10(p.population + 10)
    s += _FEATURE_BONUS.get(p.feature_code, 0.0)
    if p.admin1 in THEATRE_ADMIN1:
        s += 1.0
    if p.kind == "feature":
        s += 0.5
    return s


def _softmax_confidence(scores: Sequence[float]) -> float:
    if len(scores) == 1:
        return 0.95
    top = max(scores)
    z = sum(math.exp(s - top) for s in scores)
    return round(min(0.99, 1.0 / z), 3)


class Resolver:
    """Disambiguates the mentions of one report."""

    def __init__(self, gaz: PlaceIndex, axes: AxisConfig | None = None) -> None:
        self.gaz = gaz
        self.axes = axes

    def resolve(self, report: Report, mentions: Sequence[Mention]) -> list[Resolved]:
        cands: dict[int, tuple[Place, ...]] = {}
        for i, m in enumerate(mentions):
            if m.role in ("target", "anchor", "offset"):
                found = self.gaz.lookup(m.surface)
                if found:
                    cands[i] = found
        by_start = {m.start: i for i, m in enumerate(mentions)}
        choice: dict[int, Place] = {}
        # Pass 0: population/qualifier prior only; later passes add spatial context.
        for i, places in cands.items():
            choice[i] = max(places, key=lambda p: self._qual(mentions[i], p) + _prior(p))
        scores: dict[int, list[tuple[float, Place, tuple[str, ...]]]] = {}
        for _ in range(3):
            changed = False
            for i, places in cands.items():
                ranked = sorted(
                    (self._score(report, mentions, i, p, choice, by_start) for p in places),
                    key=lambda t: (-t[0], t[1].id),
                )
                scores[i] = ranked
                if ranked[0][1] is not choice[i]:
                    choice[i] = ranked[0][1]
                    changed = True
            if not changed:
                break
        out: list[Resolved] = []
        for i, m in enumerate(mentions):
            if i not in cands:
                continue
            ranked = scores.get(i) or [(0.0, choice[i], ())]
            best_score, best, _reasons = ranked[0]
            conf = _softmax_confidence([s for s, _, _ in ranked])
            alts = tuple(Candidate(p, round(s, 3), r) for s, p, r in ranked[1:4])
            if m.role == "offset":
                res = self._offset(m, best, conf, alts)
            else:
                unc = (
                    VICINITY_KM
                    if (m.relation and m.relation.kind == "vicinity")
                    else (2.0 if best.kind == "settlement" else 3.0)
                )
                anchor_place = None
                if m.relation is not None and m.relation.anchor_start is not None:
                    j = by_start.get(m.relation.anchor_start)
                    anchor_place = choice.get(j) if j is not None else None
                res = Resolution(
                    position=best.position,
                    precision="feature" if best.kind == "feature" else "settlement",
                    uncertainty_km=unc,
                    place=best,
                    confidence=conf,
                    alternatives=alts,
                    anchor_place=anchor_place,
                )
            out.append(Resolved(m, res))
        return out

    @staticmethod
    def _qual(m: Mention, p: Place) -> float:
        q = m.relation.qualifier_admin1 if m.relation is not None else None
        if not q:
            return 0.0
        return 6.0 if p.admin1 == q else -6.0

    def _score(
        self,
        report: Report,
        mentions: Sequence[Mention],
        i: int,
        p: Place,
        choice: dict[int, Place],
        by_start: dict[int, int],
    ) -> tuple[float, Place, tuple[str, ...]]:
        m = mentions[i]
        reasons: list[str] = []
        if primary_match(m.surface, (p,)):
            # The text spells this place's own name, not one of its alternate/old names.
            s = _prior(p) + 3.0
            reasons.append("name")
        elif spelling_variant(m.surface, p.name):
            # Another transliteration of the same name ("Zaporozhye" for Zaporizhzhia).
            s = _prior(p) + 2.0
            reasons.append("name variant")
        else:
            # Size is evidence only for a place's current name: Donetsk's historical name
            # "Oleksandrivka" must not outweigh the villages called so today.
            s = 0.3 * _prior(p)
        q = self._qual(m, p)
        if q:
            s += q
            reasons.append("oblast qualifier" if q > 0 else "wrong oblast")
        rel = m.relation
        if rel is not None and rel.anchor_start is not None and m.role != "offset":
            j = by_start.get(rel.anchor_start)
            if j is not None and j in choice:
                dist = (
                    Distance(rel.stated_distance_km or 0.0, *rel.distance_km, "within")
                    if rel.distance_km is not None
                    else None
                )
                c = constraint_score(choice[j].position, p.position, rel.bearing_deg, dist)
                s += 5.0 * c - 2.5
                reasons.append(f"anchor fit {c:.2f}")
        # Coherence with the other places of the sentence / paragraph / section.
        sent = report.sentences[m.sentence]
        best_ctx = 0.0
        same_name = 0.0
        for j, other in choice.items():
            om = mentions[j]
            if j == i:
                continue
            osent = report.sentences[om.sentence]
            if om.sentence == m.sentence:
                w = 1.0
            elif osent.paragraph == sent.paragraph:
                w = 0.6
            elif osent.section == sent.section:
                w = 0.3
            else:
                w = 0.1
            if om.surface == m.surface:
                # One sense per discourse: the same name nearby in the text is the same place
                # (a later bare "Pervomaiske" is the one an earlier anchor pinned down). Only
                # mentions pinned by an anchor or an oblast qualifier vote, so that repeated
                # bare mentions cannot reinforce a guess.
                rel = om.relation
                pinned = rel is not None and (
                    rel.anchor_start is not None or rel.qualifier_admin1 is not None
                )
                if pinned and other is p:
                    same_name = max(same_name, w)
                continue
            d = distance_km(p.position, other.position)
            best_ctx = max(best_ctx, w * math.exp(-d / 40.0))
        if same_name:
            s += 4.0 * same_name
            reasons.append(f"same name nearby {same_name:.1f}")
        if best_ctx:
            s += 3.0 * best_ctx
            reasons.append(f"context {best_ctx:.2f}")
        if self.axes is not None:
            heading = report.sections[sent.section].heading if report.sections else ""
            named = [a for a in self.axes.for_heading(heading) if a.anchors]
            if named:
                d_axis = min(a.distance_km(p.position) for a in named)
                s += 1.5 * math.exp(-d_axis / 60.0)
        return s, p, tuple(reasons)

    def _offset(
        self, m: Mention, anchor: Place, conf: float, alts: tuple[Candidate, ...]
    ) -> Resolution:
        rel = m.relation
        assert rel is not None and rel.distance_km is not None  # offset mentions carry both
        dist = Distance(rel.stated_distance_km or 0.0, rel.distance_km[0], rel.distance_km[1], "")
        if rel.bearing_deg is None:
            pos = anchor.position
            unc = dist.max_km
        else:
            pos = project(anchor.position, rel.bearing_deg, offset_centre_km(dist))
            unc = offset_uncertainty_km(dist, rel.bearing_deg)
        return Resolution(
            position=LonLat(round(pos.lon, 7), round(pos.lat, 7)),
            precision="offset",
            uncertainty_km=unc,
            place=anchor,
            confidence=round(conf * 0.8, 3),
            alternatives=alts,
            anchor_place=anchor,
        )
