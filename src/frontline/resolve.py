"""Resolve: choose a gazetteer candidate for every mention, or project an offset.

Same-named places are ranked by (strongest first) the oblast qualifier, agreement with the
stated anchor/bearing/distance, closeness to the other places of the sentence, paragraph and
section, an oblast the sentence, paragraph or report names (:data:`OBLAST_SCOPES`), the
direction the sentence, paragraph or report names (a direction named by its town's adjective,
"the Pokrovske direction", is that town's), the section's operational axis, the theatre of
war, and finally population. Every resolution keeps a confidence and the runner-up candidates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .axes import Axis, AxisConfig
from .mentions import NameIndex, primary_match
from .names import direction_towns, fold, spelling_variant, ukrainian_forms
from .records import Candidate, LonLat, Mention, Place, Report, Resolution
from .spatial import constraint_score, distance_km, haversine_km, place_offset

# Oblasts where the fighting of 2022-2026 took place (GeoNames admin1 codes): Donetsk,
# Luhansk, Kharkiv, Kherson, Zaporizhzhia, Dnipropetrovsk, Mykolaiv, Crimea, Sumy,
# Chernihiv, Kyiv Oblast.
THEATRE_ADMIN1 = frozenset({"05", "14", "07", "08", "26", "04", "16", "11", "21", "02", "13"})
_FEATURE_BONUS = {"PPLC": 2.0, "PPLA": 1.6, "PPLA2": 1.0, "PPLA3": 0.4}
VICINITY_KM = 10.0  # "west of Hulyaipole": the event is near, not in, the named place
# How far from its anchor a place "DIR of X near Y" can plausibly be when no distance is
# stated (ISW's phrases reach 70 km, "northeast of Kharkiv City near Vovchansk"; a wrongly
# chosen anchor must not void its places), and the slack beyond a stated distance.
ANCHOR_REACH_KM = 150.0
SENTENCE_OBLAST_BONUS = 2.0  # an oblast named elsewhere in the sentence (a qualifier: 6)


@dataclass(frozen=True, slots=True)
class OblastScope:
    """One row of :data:`OBLAST_SCOPES`: where an oblast the text names (as a region, "in
    the Kherson region", or a qualifier, "X, Sumy Oblast") still informs the choice among
    same-named villages, how much, and up to how many distinct oblasts named in that scope
    the evidence is kept (a report naming every oblast of the front says nothing)."""

    scope: str  # "s" sentence, "p" paragraph, "d" the whole report
    bonus: float  # for a candidate in any oblast the scope names
    max_oblasts: int
    reason: str
    # (text, place, admin1): a text where the row decides, the place and the oblast it is
    # then placed in (tests/test_pipeline.py runs them)
    example: tuple[str, str, str]


# First matching scope wins: a sentence's own oblast before its paragraph's, before the
# report's. A regional administration reports on its own oblast: "In the Kherson region ...
# According to him, X, Y, Z came under fire" puts X, Y and Z in Kherson Oblast.
OBLAST_SCOPES: tuple[OblastScope, ...] = (
    OblastScope(
        "s", SENTENCE_OBLAST_BONUS, 9, "oblast named in the sentence",
        ("The enemy shelled the Chernihiv and Sumy regions - in particular, Mistky.",
         "Mistky", "02"),
    ),
    OblastScope(
        "p", 1.5, 2, "oblast named in the paragraph",
        ("Russian troops shelled the Luhansk region again. Mistky came under fire.",
         "Mistky", "14"),
    ),
    OblastScope(
        "d", 1.2, 2, "oblast the report names",
        ("Two people were injured in the Luhansk region.\n\nThe governor said that "
         "Mistky came under fire.", "Mistky", "14"),
    ),
)  # fmt: skip
# A direction the sentence names ("In the Krasnohorivka and Vodiane areas of the Kurakhove
# direction"): its places lie within a few tens of km of the town it is named after.
SECTOR_BONUS = 3.0
SECTOR_KM = 25.0
# A direction named after a town that several places share ("the Novopavlivka direction") is
# the town on the operational axis of that name (axes.toml): a Luhansk namesake is no front.
DIRECTION_AXIS_BONUS = 3.0
DIRECTION_AXIS_KM = 30.0
# The directions a report names anywhere are where its front is: a weaker pull on a place
# alone in a paragraph that names none.
REPORT_SECTOR_WEIGHT = 0.5
REPORT_SECTORS_MAX = 2  # a report naming more directions (a front-wide summary) has no focus
# A misspelt name ("Hulyiapole") matched by similarity is kept only this close to its anchor
# or to another place of its sentence.
TYPO_REACH_KM = 40.0
_DASHES = frozenset("-‐‑–—")
DISTANCE_SLACK_KM = 15.0
# Up to this many mentions with candidates in a report, each lists the others that inform it
# (quadratic, faster for a few hundred); beyond, their choices are counted (Resolver.resolve).
LISTED_CONTEXT_MAX = 400
# Bounds of the counted context's memos (resolve._Chosen): the contents seen (bytes) and the
# context terms kept. Each clears when full; its numbers go on, so none names two things.
CONTENT_MEMO_BYTES = 64_000_000
CONTEXT_MEMO_MAX = 200_000


@dataclass(frozen=True, slots=True)
class Resolved:
    mention: Mention
    resolution: Resolution


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


_Group = tuple[object, ...]  # ("s", sentence), ("p", paragraph), ..., ("all",)


@dataclass(slots=True)
class _Own:
    """What a name's own mentions take out of a sentence's context (:meth:`_Chosen._own`):
    their count in the sentence by place number, and for each outer class (rest of the
    paragraph, of the section, of the report) the changed capped counts."""

    in_sentence: dict[int, int]
    fixes: tuple[tuple[tuple[int, int], ...], ...]


@dataclass(slots=True)
class _Sentence:
    """The context classes of the sentence being read (:meth:`_Chosen._raws`): the counts
    of each place in the sentence and in the rest of its paragraph, section and report, as
    arrays and lists, their contents' numbers, and :class:`_Own` by name."""

    index: int
    raws: tuple[np.ndarray, ...]
    ids: tuple[int, ...]
    lists: list[list[int]]
    own: dict[str, _Own]


class _Chosen:
    """The place each mention with candidates currently stands for, counted in its sentence,
    paragraph, section, (paragraph, section) and the whole report: what the context of one
    mention is made of, read in time that depends on the distinct places of the report, not
    on its number of mentions (a report of thousands of list items).

    The context a mention reads is a multiset of (weight, place) pairs in which only the two
    largest affinities of a candidate count (:func:`_context_best`), so a pair counts at most
    twice. Five such multisets make it up: the list items either side (weight 1.0), the rest
    of the sentence (0.8), of the paragraph (0.6), of the section (0.3) and of the report
    (0.1), each without the mention's own name. Each is a vector over the report's places of
    counts capped at 2: its *content*. A dense report repeats the same contents in sentence
    after sentence, so the context term is memoised by content (:meth:`best`), which stays
    true when choices change: a move only updates the counts.
    """

    def __init__(
        self,
        report: Report,
        mentions: Sequence[Mention],
        cands: dict[int, tuple[Place, ...]],
        coords: dict[int, np.ndarray],
        choice: dict[int, int],
    ) -> None:
        self.cands = cands
        self.surface = {j: mentions[j].surface for j in cands}
        self.groups: dict[int, tuple[_Group, ...]] = {}
        self.in_sentence: dict[int, list[int]] = {}
        self.pinned: dict[int, bool] = {}
        self.place: dict[int, str] = {}
        # Every candidate place of the report, numbered: the axis of the count vectors.
        self.pos: dict[str, int] = {}
        rows: list[np.ndarray] = []
        # group -> surface -> place id -> count, for all mentions and for pinned ones only;
        # group -> place id -> count of all surfaces
        self.counts: dict[_Group, dict[str, dict[str, int]]] = {}
        self.pins: dict[_Group, dict[str, dict[str, int]]] = {}
        self.totals: dict[_Group, dict[str, int]] = {}
        of_sentence: dict[int, tuple[_Group, ...]] = {}  # one tuple of groups a sentence
        for j in cands:
            om = mentions[j]
            if (groups := of_sentence.get(om.sentence)) is None:
                sent = report.sentences[om.sentence]
                p, c = sent.paragraph, sent.section
                groups = of_sentence[om.sentence] = (
                    ("s", om.sentence), ("p", p), ("c", c), ("pc", p, c), ("all",)
                )
            self.groups[j] = groups
            self.in_sentence.setdefault(om.sentence, []).append(j)
            rel = om.relation
            # A pinned mention: one an anchor or an oblast qualifier placed ("near the latter"
            # only repeats its antecedent's choice).
            self.pinned[j] = rel is not None and rel.kind != "anaphora" and (
                (rel.anchor_start is not None and rel.anchor_start != om.start)
                or rel.qualifier_admin1 is not None
            )
            for k, place in enumerate(cands[j]):
                if place.id not in self.pos:
                    self.pos[place.id] = len(rows)
                    rows.append(coords[j][k])
            self.place[j] = cands[j][choice[j]].id
        self.xy = np.array(rows).reshape(len(rows), 2)
        # Count vectors of the sections and of the report, built when first read and kept
        # up to date by :meth:`move` (a few at a time: a report may have many sections).
        self._dense: dict[_Group, np.ndarray] = {}
        # The current sentence's five raw count vectors and their contents' numbers.
        self._at: _Sentence | None = None
        self._ids: dict[bytes, int] = {}  # content (capped counts as bytes) -> number
        self._ids_bytes = 0
        self._next_content = 0
        # what a mention's context holds -> (its number, the context term)
        self._best: dict[tuple[object, ...], tuple[int, np.ndarray | None]] = {}
        self._numbered = 0
        # (sentence, surface) -> the pinned votes in the sentence and outside it
        self._votes: dict[tuple[int, str], tuple[dict[str, int], dict[str, float]]] = {}
        for j in cands:
            self._count(j, 1)

    def _count(self, j: int, step: int) -> None:
        pid, u = self.place[j], self.surface[j]
        for store in (self.counts, self.pins) if self.pinned[j] else (self.counts,):
            for g in self.groups[j]:
                by_place = store.setdefault(g, {}).setdefault(u, {})
                by_place[pid] = by_place.get(pid, 0) + step
        for g in self.groups[j]:
            tot = self.totals.setdefault(g, {})
            tot[pid] = tot.get(pid, 0) + step
            if (vec := self._dense.get(g)) is not None:
                vec[self.pos[pid]] += step

    def move(self, j: int, k: int) -> None:
        """Mention ``j`` now stands for its ``k``-th candidate."""
        self._count(j, -1)
        self.place[j] = self.cands[j][k].id
        self._count(j, 1)
        self._at = None
        if self.pinned[j]:
            self._votes.clear()

    def _vector(self, g: _Group) -> np.ndarray:
        """The count of each place in group ``g`` (a new array)."""
        vec = np.zeros(len(self.pos), dtype=np.int64)
        for pid, n in self.totals.get(g, {}).items():
            vec[self.pos[pid]] += n
        return vec

    def _kept(self, g: _Group) -> np.ndarray:
        """:meth:`_vector` of a section or the report, kept up to date across moves."""
        if (vec := self._dense.get(g)) is None:
            if len(self._dense) >= 64:
                self._dense.clear()  # bounded: a report of many sections
            vec = self._dense[g] = self._vector(g)
        return vec

    def _content_id(self, raw: np.ndarray) -> int:
        """The number of the content of ``raw`` (its counts capped at 2)."""
        key = np.minimum(raw, 2).astype(np.int8).tobytes()
        if (hit := self._ids.get(key)) is None:
            if self._ids_bytes > CONTENT_MEMO_BYTES:  # bounded (the numbers go on)
                self._ids.clear()
                self._ids_bytes = 0
            hit = self._ids[key] = self._next_content
            self._next_content += 1
            self._ids_bytes += len(key)
        return hit

    def _raws(self, s: int, p: int, c: int) -> _Sentence:
        """The counts of each place in sentence ``s`` and in the rest of its paragraph, of
        its section and of the report, with their contents' numbers; kept for the sentence
        until a choice changes (mentions are read sentence by sentence)."""
        if self._at is not None and self._at.index == s:
            return self._at
        sent, para, pc = self._vector(("s", s)), self._vector(("p", p)), self._vector(("pc", p, c))
        sect, whole = self._kept(("c", c)), self._kept(("all",))
        raws = (sent, para - sent, sect - pc, whole + pc - para - sect)
        ids = tuple(self._content_id(r) for r in raws)
        self._at = _Sentence(s, raws, ids, [r.tolist() for r in raws], {})
        return self._at

    def _own(self, at: _Sentence, p: int, c: int, surface: str) -> _Own:
        """The counts of ``surface``'s own mentions in each class of sentence ``at`` (by
        place number), and the contents of the three outer classes without them."""
        if (hit := at.own.get(surface)) is not None:
            return hit
        s = at.index
        o_s, o_p, o_c, o_pc, o_all = (
            self.counts.get(g, {}).get(surface, {})
            for g in (("s", s), ("p", p), ("c", c), ("pc", p, c), ("all",))
        )
        in_sentence = {self.pos[pid]: n for pid, n in o_s.items() if n}
        # Only the counts the own mentions change below the cap of 2 change the content.
        l1, l2, l3 = at.lists[1], at.lists[2], at.lists[3]
        f1: list[tuple[int, int]] = []
        f2: list[tuple[int, int]] = []
        f3: list[tuple[int, int]] = []
        for pid, n_all in o_all.items():
            k = self.pos[pid]
            n_s, n_p = o_s.get(pid, 0), o_p.get(pid, 0)
            n_c, n_pc = o_c.get(pid, 0), o_pc.get(pid, 0)
            if (n := n_p - n_s) and l1[k] - n < 2:
                f1.append((k, l1[k] - n))
            if (n := n_c - n_pc) and l2[k] - n < 2:
                f2.append((k, l2[k] - n))
            if (n := n_all + n_pc - n_p - n_c) and l3[k] - n < 2:
                f3.append((k, l3[k] - n))
        fixes = (tuple(f1), tuple(f2), tuple(f3))
        hit = at.own[surface] = _Own(in_sentence, fixes)
        return hit

    def best(
        self,
        me: tuple[int, int, int],
        surface: str,
        adjacent: Sequence[int],
        mine: np.ndarray,
        memo_key: str,
    ) -> tuple[int, np.ndarray | None]:
        """:func:`_context_best` of the candidates at ``mine`` (those of ``memo_key``) for
        a mention of ``surface`` in ``me`` = (sentence, paragraph, section) with the list
        items ``adjacent`` either side, after a number that names what it read: its context is
        every other mention's current place, weighted by where it is, but the mentions of
        ``surface``."""
        s, p, c = me
        at = self._raws(s, p, c)
        own = self._own(at, p, c, surface)
        # The list items either side (1.0) are taken out of the rest of the sentence (0.8).
        near = tuple(self.pos[self.place[j]] for j in adjacent if self.surface[j] != surface)
        less = dict(own.in_sentence)
        for k in near:
            less[k] = less.get(k, 0) + 1
        counts = at.lists[0]
        fix0 = tuple((k, counts[k] - n) for k, n in less.items() if counts[k] - n < 2)
        key = (memo_key, near, *at.ids, fix0, *own.fixes)
        if (hit := self._best.get(key)) is not None:
            return hit
        cols = [np.array(near, dtype=np.int64)]
        weights = [np.full(len(near), 1.0)]
        for w, raw, fix in zip((0.8, 0.6, 0.3, 0.1), at.raws, (fix0, *own.fixes), strict=True):
            times = np.minimum(raw, 2)
            for k, n in fix:
                times[k] = n
            idx = np.repeat(np.arange(len(times)), times)
            cols.append(idx)
            weights.append(np.full(len(idx), w))
        at_cols = np.concatenate(cols)
        result = _context_best(mine, self.xy[at_cols], np.concatenate(weights))
        if len(self._best) > CONTEXT_MEMO_MAX:
            self._best.clear()  # bounded (the numbers go on: a number names one key)
        self._numbered += 1
        hit = self._best[key] = (self._numbered, result)
        return hit

    def pinned_votes(
        self, me: tuple[int, int, int], surface: str, less: tuple[int, ...]
    ) -> dict[str, float]:
        """By place id, the weight of the nearest pinned mention of ``surface`` that stands
        for it: 0.8 in the sentence ``me[0]`` (without the mentions ``less``), 0.6 in the rest
        of the paragraph, 0.3 of the section, 0.1 of the report (the other surfaces' counts:
        :meth:`best`). Kept by (sentence, surface) until a pinned mention moves."""
        s, p, c = me
        store = self.pins
        if surface not in store.get(("all",), {}):
            return {}  # no pinned mention of this name anywhere
        hit = self._votes.get((s, surface))
        if hit is None:
            empty: dict[str, dict[str, int]] = {}
            shapes: tuple[tuple[float, tuple[_Group, ...], tuple[_Group, ...]], ...] = (
                (0.6, (("p", p),), (("s", s),)),
                (0.3, (("c", c),), (("pc", p, c),)),
                (0.1, (("all",), ("pc", p, c)), (("p", p), ("c", c))),
            )
            far: dict[str, float] = {}
            for w, plus, minus in shapes:
                add_u = [a[surface] for g in plus[1:] if surface in (a := store.get(g, empty))]
                sub_u = [b[surface] for g in minus if surface in (b := store.get(g, empty))]
                for pid, n in store.get(plus[0], empty).get(surface, {}).items():
                    for add in add_u:
                        n += add.get(pid, 0)
                    for sub in sub_u:
                        n -= sub.get(pid, 0)
                    if n > 0:
                        far[pid] = max(far.get(pid, 0.0), w)
            hit = self._votes[s, surface] = (dict(store.get(("s", s), empty).get(surface, {})), far)
        in_sentence, far = hit
        out = dict(far)
        counts = dict(in_sentence)
        for j in less:  # the sentence's counts hold the mentions ``less``: take them out
            if self.surface[j] == surface and self.pinned[j] and (pid := self.place[j]) in counts:
                counts[pid] -= 1
        for pid, n in counts.items():
            if n > 0:
                out[pid] = max(out.get(pid, 0.0), 0.8)
        return out

def _context_best(
    mine: np.ndarray, others: np.ndarray, weights: np.ndarray
) -> np.ndarray | None:
    """The context term of candidates at ``mine`` among other mentions' places at
    ``others`` (radians) with ``weights``: per candidate the largest weighted affinity
    (exp(-km / 40)) plus half the second largest; None when there is no other place.

    The two closest neighbours, not only the closest: a village of a list lies among its
    neighbours on both sides, where a same-named town near one of them is farther from the
    rest.
    """
    if not len(weights):
        return None
    d = haversine_km(mine[:, None, 0], mine[:, None, 1], others[None, :, 0], others[None, :, 1])
    aff = weights[None, :] * np.exp(-d / 40.0)
    if aff.shape[1] > 1:
        top2 = np.partition(aff, -2, axis=1)[:, -2:]
        best: np.ndarray = top2[:, 1] + 0.5 * top2[:, 0]
    else:
        best = aff[:, 0]
    best.flags.writeable = False  # memoised and shared (_Chosen.best)
    return best


def _raise(
    static: dict[int, tuple[np.ndarray, list[list[str]]]],
    i: int,
    bonus: list[float],
    reason: str,
    noted: float = 0.0,
) -> None:
    """Add ``bonus`` (one per candidate) to mention ``i``'s static scores, with ``reason``
    among the notes of each candidate whose bonus is above ``noted``."""
    score, why = static[i]
    static[i] = (
        score + np.array(bonus),
        [[*w, reason] if b > noted else w for w, b in zip(why, bonus, strict=True)],
    )


class Resolver:
    """Disambiguates the mentions of one report.

    Scores split into a static part per candidate (name, size, oblast qualifier, section
    axis: computed once) and a dynamic part that depends on the other mentions' current
    choices (anchor fit, nearby places, same name nearby), iterated to a fixed point. The
    context term uses vectorised great-circle distances (numpy): it ranks candidates tens of
    km apart, where the ellipsoid does not matter; geometry that is output uses pyproj.
    """

    def __init__(self, gaz: NameIndex, axes: AxisConfig | None = None) -> None:
        self.gaz = gaz
        self.axes = axes
        # Kept across the reports this resolver is used for (an Extractor holds one), keyed
        # by what fixes them: the fixed candidate scores by (surface, oblast qualifier, the
        # heading's axes as positions in ``axes``), the candidates' coordinates (radians) by
        # surface, the heading's axes positions by heading.
        self._static_memo: dict[
            tuple[str, str | None, tuple[int, ...]], tuple[np.ndarray, list[list[str]]]
        ] = {}
        self._coords_memo: dict[str, np.ndarray] = {}
        self._heading_keys: dict[str, tuple[int, ...]] = {}
        self._towns: dict[str, tuple[Place, ...]] = {}

    def clear(self) -> None:
        """Forget the memoised candidate scores and coordinates."""
        self._static_memo.clear()
        self._coords_memo.clear()
        self._heading_keys.clear()
        self._towns.clear()

    def _direction_town(self, key: str) -> tuple[Place, ...]:
        """The town a direction named by its adjective stands for ("the Pokrovske
        direction": Pokrovsk, not a village called Pokrovske), or () (no such adjective, or
        no such town); memoised by key."""
        hit = self._towns.get(key)
        if hit is None:
            hit = ()
            for town in direction_towns(fold(key)):
                if found := self.gaz.lookup(town):
                    hit = found
                    break
            self._towns[key] = hit
        return hit

    def _axes_key(self, heading: str, heading_axes: tuple[Axis, ...]) -> tuple[int, ...]:
        """The positions in ``axes`` of a heading's axes: the headings of different reports
        that name the same axes ("... Axis", dated titles) share the static memo."""
        hit = self._heading_keys.get(heading)
        if hit is None:
            config = self.axes.axes if self.axes else ()
            hit = tuple(i for i, a in enumerate(config) if any(a is b for b in heading_axes))
            if len(self._heading_keys) > 100_000:
                self._heading_keys.clear()
            self._heading_keys[heading] = hit
        return hit

    def resolve(self, report: Report, mentions: Sequence[Mention]) -> list[Resolved]:
        cands: dict[int, tuple[Place, ...]] = {}
        # The key that fixes each mention's candidates (memos of scores and coordinates).
        keys: dict[int, str] = {}
        for i, m in enumerate(mentions):
            if m.role in ("target", "anchor", "offset"):
                found = self.gaz.lookup(m.key)
                keys[i] = m.key
                if m.not_event_reason == "sector label" and (
                    town := self._direction_town(m.key)
                ):
                    found, keys[i] = town, f"direction:{m.key}"
                if found:
                    cands[i] = found
        by_start = {m.start: i for i, m in enumerate(mentions)}
        static: dict[int, tuple[np.ndarray, list[list[str]]]] = {
            i: self._static(report, mentions[i], places, keys[i]) for i, places in cands.items()
        }
        self._oblast_bonus(report, mentions, cands, static)
        self._direction_axis_bonus(mentions, cands, static)
        self._sector_bonus(report, mentions, cands, static)
        coords = {i: self._coords(keys[i], places) for i, places in cands.items()}
        # Each mention's place among its sentence's candidates (cands is in text order).
        rank: dict[int, int] = {}
        seen_in: dict[int, int] = {}
        for c in cands:
            k = mentions[c].sentence
            rank[c] = seen_in.get(k, 0)
            seen_in[k] = rank[c] + 1
        choice = {i: int(np.argmax(static[i][0])) for i in cands}
        # A few hundred mentions: each lists the others once (the faster way); more, and the
        # lists would grow with the square of the report: count the choices instead.
        listed = len(cands) <= LISTED_CONTEXT_MAX
        if listed:
            context = {
                i: self._context_weights(report, mentions, i, cands, rank)
                for i, places in cands.items()
                if len(places) > 1
            }
            # Row i: the coordinates (radians) of mention i's current choice.
            chosen_xy = np.zeros((len(mentions), 2))
            for i, k in choice.items():
                chosen_xy[i] = coords[i][k]
        else:
            current = _Chosen(report, mentions, cands, coords, choice)
        # Each candidate's score (a lone candidate's is its static one: the dynamic terms
        # would only feed the scores of alternatives, and it has none), and the notes of the
        # dynamic terms of the last pass.
        totals: dict[int, list[float]] = {
            i: static[i][0].tolist() for i, places in cands.items() if len(places) == 1
        }
        dynamic_notes: dict[int, tuple[tuple[str, ...], ...]] = {}
        read: dict[int, tuple[object, ...]] = {}  # counted context: what it last read
        for _ in range(4):
            changed = False
            for i, places in cands.items():
                if len(places) == 1:
                    continue
                if listed:
                    others, ctx_w, same = self._listed(context[i], chosen_xy, cands, choice)
                    best_ctx = _context_best(coords[i], others, ctx_w)
                else:
                    ctx_key, best_ctx, same = self._counted_context(
                        report, mentions, i, rank, current, coords[i], keys[i]
                    )
                    # What the dynamic terms read: unchanged since the last pass, they give
                    # the same scores again.
                    rel = mentions[i].relation
                    at = rel.anchor_start if rel is not None else None
                    j = by_start.get(at) if at is not None else None
                    inputs = (ctx_key, tuple(same.items()), None if j is None else choice.get(j))
                    if read.get(i) == inputs:
                        continue
                    read[i] = inputs
                dyn, dynamic_notes[i] = self._dynamic(
                    mentions, i, places, best_ctx, same, choice, cands, by_start
                )
                total = totals[i] = (static[i][0] + dyn).tolist()
                # Ties break on the place id so results never depend on input order.
                top = max(total)
                if total.count(top) == 1:
                    best = total.index(top)
                else:
                    best = min(
                        (k for k, t in enumerate(total) if t == top), key=lambda k: places[k].id
                    )
                if best != choice[i]:
                    choice[i] = best
                    if listed:
                        chosen_xy[i] = coords[i][best]
                    else:
                        current.move(i, best)
                    changed = True
            if not changed:
                break
        # "near the latter", "in the city": the place its antecedent is (and its notes).
        antecedent: dict[int, int] = {}
        for i in cands:
            rel = mentions[i].relation
            if rel is None or rel.kind != "anaphora":
                continue
            j = by_start.get(rel.anchor_start) if rel.anchor_start is not None else None
            if j is not None and j in choice and cands[j] == cands[i]:
                choice[i], totals[i] = choice[j], totals[j]
                antecedent[i] = j

        def notes(i: int, k: int) -> tuple[str, ...]:
            """The notes of mention ``i``'s ``k``-th candidate (built for the runner-ups
            only)."""
            j = antecedent.get(i, i)
            out = (*static[j][1][k], *(dynamic_notes[j][k] if j in dynamic_notes else ()))
            return (*out, "anaphora") if j != i else out
        chosen = {i: cands[i][k] for i, k in choice.items()}
        out: list[Resolved] = []
        for i, m in enumerate(mentions):
            if i not in cands:
                continue
            places = cands[i]
            total = totals[i]
            order = sorted(range(len(places)), key=lambda k: (-total[k], places[k].id))
            best_place = places[order[0]]
            conf = _softmax_confidence([total[k] for k in order])
            alts = tuple(
                Candidate(places[k], round(total[k], 3), notes(i, k)) for k in order[1:4]
            )
            if m.role == "offset":
                res = self._offset(m, best_place, conf, alts)
            else:
                unc = (
                    VICINITY_KM
                    if (m.relation and m.relation.kind == "vicinity")
                    else (2.0 if best_place.kind == "settlement" else 3.0)
                )
                anchor_place = None
                if m.relation is not None and m.relation.anchor_start is not None:
                    j = by_start.get(m.relation.anchor_start)
                    anchor_place = chosen.get(j) if j is not None else None
                why_not = self._implausible(m, best_place, anchor_place)
                if not why_not and m.context == "typo":
                    why_not = self._far_typo(mentions, i, best_place, anchor_place, chosen)
                res = Resolution(
                    position=best_place.position,
                    precision="feature" if best_place.kind == "feature" else "settlement",
                    uncertainty_km=unc,
                    place=best_place,
                    confidence=conf,
                    alternatives=alts,
                    anchor_place=anchor_place,
                    unresolved=why_not,
                )
            out.append(Resolved(m, res))
        return out

    @staticmethod
    def _oblast_bonus(
        report: Report,
        mentions: Sequence[Mention],
        cands: dict[int, tuple[Place, ...]],
        static: dict[int, tuple[np.ndarray, list[list[str]]]],
    ) -> None:
        """Raise, in ``static``, the candidates in an oblast the text names near the mention
        (:data:`OBLAST_SCOPES`): weaker evidence than a qualifier of the name itself, which
        such mentions already have (they are left alone)."""
        sentences = report.sentences
        named: dict[tuple[str, int], set[str]] = {}
        for m in mentions:
            rel = m.relation
            if m.role in ("region", "qualifier") and rel is not None and rel.qualifier_admin1:
                para = sentences[m.sentence].paragraph
                for key in (("s", m.sentence), ("p", para), ("d", 0)):
                    named.setdefault(key, set()).add(rel.qualifier_admin1)
        if not named:
            return
        for i, places in cands.items():
            m = mentions[i]
            rel = m.relation
            if (rel is not None and rel.qualifier_admin1) or len(places) < 2:
                continue
            para = sentences[m.sentence].paragraph
            where = {"s": m.sentence, "p": para, "d": 0}
            for row in OBLAST_SCOPES:
                regs = named.get((row.scope, where[row.scope]))
                if not regs:
                    continue
                if len(regs) > row.max_oblasts:
                    break  # a nearer scope that names many oblasts: none is the focus
                bonus = [row.bonus if p.admin1 in regs else 0.0 for p in places]
                if any(bonus):
                    _raise(static, i, bonus, row.reason)
                break

    def _direction_axis_bonus(
        self,
        mentions: Sequence[Mention],
        cands: dict[int, tuple[Place, ...]],
        static: dict[int, tuple[np.ndarray, list[list[str]]]],
    ) -> None:
        """Raise, in ``static``, the candidates of a sector label that lie on the operational
        axis its name names (:data:`DIRECTION_AXIS_BONUS`), before the sector's places are
        read against it (:meth:`_sector_bonus`)."""
        if self.axes is None:
            return
        for i, places in cands.items():
            m = mentions[i]
            if m.not_event_reason != "sector label" or len(places) < 2:
                continue
            named = [a for a in self.axes.for_heading(m.surface) if a.anchors]
            if not named:
                continue
            near = [min(a.distance_km(p.position) for a in named) for p in places]
            bonus = [DIRECTION_AXIS_BONUS * math.exp(-d / DIRECTION_AXIS_KM) for d in near]
            _raise(static, i, bonus, "direction's axis", noted=0.5)

    @staticmethod
    def _sector_bonus(
        report: Report,
        mentions: Sequence[Mention],
        cands: dict[int, tuple[Place, ...]],
        static: dict[int, tuple[np.ndarray, list[list[str]]]],
    ) -> None:
        """Raise, in ``static``, the candidates near a direction the same sentence names, or
        else the last sentence of its paragraph that named one ("In the Pokrovske sector, ...
        The situation was the hottest near X"); one town's direction: a pair such as "the
        Donetsk-Luhansk axis" spans too much."""
        text = report.text
        centres: dict[int, list[LonLat]] = {}
        for j in cands:
            m = mentions[j]
            paired = text[m.end : m.end + 1] in _DASHES or text[m.start - 1 : m.start] in _DASHES
            if m.not_event_reason == "sector label" and not paired:
                best = cands[j][int(np.argmax(static[j][0]))]
                centres.setdefault(mentions[j].sentence, []).append(best.position)
        if not centres:
            return
        # The report's directions by the name they are named after: a place of that name
        # is the direction's town itself, which the sector says nothing about.
        everywhere: dict[str, LonLat] = {}
        for j in cands:
            m = mentions[j]
            if m.sentence in centres and m.not_event_reason == "sector label":
                everywhere.setdefault(m.key, cands[j][int(np.argmax(static[j][0]))].position)
        sentences = report.sentences
        places_in: dict[int, int] = {}  # paragraph -> its place mentions, sector labels aside
        for j in cands:
            if mentions[j].not_event_reason != "sector label":
                para = sentences[mentions[j].sentence].paragraph
                places_in[para] = places_in.get(para, 0) + 1
        for i, places in cands.items():
            m = mentions[i]
            if len(places) < 2 or m.not_event_reason == "sector label":
                continue
            k, para = m.sentence, sentences[m.sentence].paragraph
            while k not in centres and k > 0 and sentences[k - 1].paragraph == para:
                k -= 1
            sector = centres.get(k)
            weight, reason = 1.0, "sector named"
            if not sector:
                # The report's direction stands in for the neighbours a lone place lacks; a
                # paragraph with other places has better evidence in them.
                if len(set(everywhere.values())) > REPORT_SECTORS_MAX or places_in[para] > 1:
                    continue
                sector = [c for key, c in everywhere.items() if key != m.key]
                if not sector:
                    continue
                weight, reason = REPORT_SECTOR_WEIGHT, "sector of the report"
            near = [min(distance_km(p.position, c) for c in sector) for p in places]
            bonus = [weight * SECTOR_BONUS * math.exp(-d / SECTOR_KM) for d in near]
            _raise(static, i, bonus, reason, noted=0.5)

    @staticmethod
    def _far_typo(
        mentions: Sequence[Mention],
        i: int,
        place: Place,
        anchor: Place | None,
        chosen: dict[int, Place],
    ) -> str:
        """Why a misspelt name's match is not kept ("" when it is): it must lie within
        :data:`TYPO_REACH_KM` of its anchor or of another place of its sentence."""
        m = mentions[i]
        near = [
            p
            for j, p in chosen.items()
            if j != i and mentions[j].sentence == m.sentence and mentions[j].context != "typo"
        ]
        rel = m.relation
        if anchor is not None and rel is not None and rel.anchor_start != m.start:
            near.append(anchor)  # not "west of Hulyiapole", anchored on itself
        if any(distance_km(place.position, p.position) <= TYPO_REACH_KM for p in near):
            return ""
        return f"the misspelling {m.surface!r} matched {place.name}, far from the places around it"

    @staticmethod
    def _implausible(m: Mention, place: Place, anchor: Place | None) -> str:
        """Why the best candidate contradicts what the text says of the place ("" if it
        does not): farther from its anchor than the phrase allows, or outside the oblast
        named for it."""
        rel = m.relation
        if rel is None:
            return ""
        q = rel.qualifier_admin1
        if q and place.admin1 and place.admin1 != q:
            return f"{place.name} is not in the oblast the text names ({q})"
        if anchor is not None and anchor is not place and rel.kind != "vicinity":
            d = distance_km(anchor.position, place.position)
            # Reports misstate distances ("within 30km" of a village 55 km away): twice the
            # stated distance plus a margin still rules out the 500 km namesake.
            stated = rel.offset.distance if rel.offset is not None else None
            reach = 2 * stated.max_km + DISTANCE_SLACK_KM if stated is not None else ANCHOR_REACH_KM
            if d > reach:
                return f"{place.name} lies {d:.0f} km from its anchor {anchor.name}"
        return ""

    def _coords(self, surface: str, places: tuple[Place, ...]) -> np.ndarray:
        """The candidates' (lat, lon) in radians; memoised by surface (which fixes them)."""
        memo = self._coords_memo
        if (hit := memo.get(surface)) is not None:
            return hit
        xy = np.radians(np.array([[p.lat, p.lon] for p in places]))
        xy.flags.writeable = False  # shared by every report that names the place
        if len(memo) > 100_000:
            memo.clear()  # bounded on very large corpora
        memo[surface] = xy
        return xy

    @staticmethod
    def _qual(m: Mention, p: Place) -> float:
        q = m.relation.qualifier_admin1 if m.relation is not None else None
        if not q:
            return 0.0
        return 6.0 if p.admin1 == q else -6.0

    def _static(
        self, report: Report, m: Mention, places: tuple[Place, ...], memo_key: str
    ) -> tuple[np.ndarray, list[list[str]]]:
        """Name, size, theatre, oblast qualifier and section axis: fixed per candidate."""
        sent = report.sentences[m.sentence]
        heading = report.sections[sent.section].heading if report.sections else ""
        heading_axes = self.axes.for_heading(heading) if self.axes else ()
        # The same name under the same heading recurs in report after report: the result
        # depends only on the surface (hence the candidates), the oblast qualifier and the
        # heading's axes.
        memo = self._static_memo
        qual = m.relation.qualifier_admin1 if m.relation is not None else None
        key = (memo_key, qual, self._axes_key(heading, heading_axes))
        if (hit := memo.get(key)) is not None:
            return hit
        named = [a for a in heading_axes if a.anchors]
        ua_forms = ukrainian_forms(fold(m.key))
        scores = np.zeros(len(places))
        reasons: list[list[str]] = []
        for k, p in enumerate(places):
            why: list[str] = []
            if primary_match(m.key, (p,)):
                # The text spells this place's own name, not one of its alternate/old names.
                s = _prior(p) + 3.0
                why.append("name")
            elif ua_forms and any(primary_match(u, (p,)) for u in ua_forms):
                # The Russian form of this place's own name ("Novoselovskoye" of
                # Novoselivske): as much its name as a namesake spelt that way in Russian.
                s = _prior(p) + 3.0
                why.append("name (Russian form)")
            elif spelling_variant(m.key, p.name):
                # Another transliteration of the same name ("Zaporozhye" for Zaporizhzhia).
                s = _prior(p) + 2.0
                why.append("name variant")
            else:
                # One of the place's alternate or former names ("Pervomaiske" of Avdiyivske,
                # "Pobeda" of Peremoha): as good a name as a spelling variant, but size is
                # evidence only for a place's current name: Donetsk's historical name
                # "Oleksandrivka" must not outweigh the villages called so today.
                s = 0.3 * _prior(p) + 2.0
                why.append("alternate name")
            q = self._qual(m, p)
            if q:
                s += q
                why.append("oblast qualifier" if q > 0 else "wrong oblast")
            if named:
                d_axis = min(a.distance_km(p.position) for a in named)
                s += 1.5 * math.exp(-d_axis / 60.0)
                if d_axis < 60:
                    why.append("section axis")
            scores[k] = s
            reasons.append(why)
        if len(memo) > 100_000:
            memo.clear()  # bounded on very large corpora
        memo[key] = (scores, reasons)
        return scores, reasons

    @staticmethod
    def _context_weights(
        report: Report,
        mentions: Sequence[Mention],
        i: int,
        cands: dict[int, tuple[Place, ...]],
        rank: dict[int, int],
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Other mentions that inform mention ``i``: (indices, weights) for nearby places and
        (indices, weights) for pinned mentions of the same name."""
        m = mentions[i]
        sent = report.sentences[m.sentence]
        ctx_j, ctx_w, same_j, same_w = [], [], [], []
        for j in cands:
            if j == i:
                continue
            om = mentions[j]
            osent = report.sentences[om.sentence]
            if om.sentence == m.sentence:
                # Neighbours in a list (the items either side) weigh most.
                w = 1.0 if abs(rank[j] - rank[i]) <= 1 else 0.8
            elif osent.paragraph == sent.paragraph:
                w = 0.6
            elif osent.section == sent.section:
                w = 0.3
            else:
                w = 0.1
            if om.surface == m.surface:
                # One sense per discourse: a bare repeat of a name is the place an anchor or
                # qualifier pinned down nearby. Only pinned mentions vote, so that repeated
                # bare mentions cannot reinforce a guess.
                rel = om.relation
                if rel is not None and rel.kind != "anaphora" and (
                    (rel.anchor_start is not None and rel.anchor_start != om.start)
                    or rel.qualifier_admin1 is not None
                ):
                    same_j.append(j)
                    same_w.append(w)
                continue
            ctx_j.append(j)
            ctx_w.append(w)
        return np.array(ctx_j, int), np.array(ctx_w), np.array(same_j, int), np.array(same_w)

    @staticmethod
    def _listed(
        weights: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
        chosen_xy: np.ndarray,
        cands: dict[int, tuple[Place, ...]],
        choice: dict[int, int],
    ) -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
        """:meth:`_context_weights`' lists read with the current choices: the places and
        weights of the context, and the pinned votes of the same name."""
        ctx_j, ctx_w, same_j, same_w = weights
        same: dict[str, float] = {}
        for j, w in zip(same_j.tolist(), same_w.tolist(), strict=True):
            pid = cands[j][choice[j]].id
            same[pid] = max(same.get(pid, 0.0), w)
        return chosen_xy[ctx_j], ctx_w, same

    @staticmethod
    def _counted_context(
        report: Report,
        mentions: Sequence[Mention],
        i: int,
        rank: dict[int, int],
        chosen: _Chosen,
        mine: np.ndarray,
        memo_key: str,
    ) -> tuple[int, np.ndarray | None, dict[str, float]]:
        """What the other mentions' current choices say of mention ``i``: the context term
        of its candidates (at ``mine``, radians; :meth:`_Chosen.best`) with the key of its
        memo, and, by place id, the weight of the nearest pinned mention of the same name
        that chose that place.

        The weight of another mention is 1.0 for the list items either side in the sentence,
        0.8 in the sentence, 0.6 in the paragraph, 0.3 in the section and 0.1 elsewhere; a
        mention of the same name counts only as a pinned vote.
        """
        m = mentions[i]
        sent = report.sentences[m.sentence]
        me = (m.sentence, sent.paragraph, sent.section)
        row = chosen.in_sentence[m.sentence]
        adjacent = [
            j for j in row[max(rank[i] - 1, 0) : rank[i] + 2] if j != i
        ]  # the list items either side
        same: dict[str, float] = {}
        for j in adjacent:
            if mentions[j].surface == m.surface and chosen.pinned[j]:
                same[chosen.place[j]] = 1.0
        for pid, w in chosen.pinned_votes(me, m.surface, (i, *adjacent)).items():
            same[pid] = max(same.get(pid, 0.0), w)
        return (*chosen.best(me, m.surface, adjacent, mine, memo_key), same)

    def _dynamic(
        self,
        mentions: Sequence[Mention],
        i: int,
        places: tuple[Place, ...],
        best: np.ndarray | None,
        same: dict[str, float],
        choice: dict[int, int],
        cands: dict[int, tuple[Place, ...]],
        by_start: dict[int, int],
    ) -> tuple[np.ndarray, tuple[tuple[str, ...], ...]]:
        """Anchor fit, nearby places and same-name agreement, given the others' choices:
        ``best`` is the candidates' context term (:func:`_context_best`), ``same`` the
        weight of the nearest pinned mention of the same name that chose each place id.
        """
        m = mentions[i]
        n = len(places)
        score = np.zeros(n)
        why: list[list[str]] = [[] for _ in range(n)]
        rel = m.relation
        if rel is not None and rel.anchor_start is not None and m.role != "offset":
            j = by_start.get(rel.anchor_start)
            # "west of Hulyaipole" with no nearer place is anchored on itself: no evidence.
            if j is not None and j != i and j in choice:
                anchor = cands[j][choice[j]]
                off = rel.offset
                dist = off.distance if off is not None else None
                for k, p in enumerate(places):
                    c = constraint_score(anchor.position, p.position, rel.bearing_deg, dist)
                    score[k] += 5.0 * c - 2.5
                    why[k].append(f"anchor fit {c:.2f}")
        if best is not None:
            score += 3.0 * best
            for k, b in enumerate(best.tolist()):
                if b > 0.05:
                    why[k].append(f"context {b:.2f}")
        # One sense per discourse is for bare repeats: a mention its own anchor places
        # ("Krasnohorivka (9km north of Avdiivka)") is not outvoted by a namesake another
        # anchor placed elsewhere in the text.
        own_anchor = (
            rel is not None
            and rel.kind != "anaphora"
            and rel.anchor_start is not None
            and rel.anchor_start != m.start
        )
        if same and not own_anchor:
            agree = [same.get(p.id, 0.0) for p in places]
            score += 4.0 * np.array(agree)
            for k, a in enumerate(agree):
                if a:
                    why[k].append(f"same name nearby {a:.1f}")
        return score, tuple(tuple(w) if w else () for w in why)

    def _offset(
        self, m: Mention, anchor: Place, conf: float, alts: tuple[Candidate, ...]
    ) -> Resolution:
        rel = m.relation
        # Offset mentions always state a distance; the Event carries rel.offset unchanged.
        assert rel is not None and rel.offset is not None and rel.offset.distance is not None
        placed = place_offset(anchor.position, rel.offset)
        return Resolution(
            position=placed.point,
            precision="offset",
            uncertainty_km=placed.uncertainty_km,
            place=anchor,
            confidence=round(conf * 0.8, 3),
            alternatives=alts,
            anchor_place=anchor,
        )
