"""Why each place mention of a report is (not) an event, and where it was placed.

``frontline explain FILE`` prints one line per place mention: the name as written, where it
is (sentence, character span), its role, the decision and its reason, the chosen gazetteer
candidate and up to three runner-ups with their scores and the reasons for them. The
decision is :func:`frontline.pipeline.decide`, the very rule :func:`build_events` applies,
so ``explain`` and ``extract`` cannot disagree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .axes import AxisConfig, load_axes
from .extractor import Extractor
from .mentions import NameIndex
from .pipeline import Decision, decide
from .records import Candidate, Report, Resolution

__all__ = ["Explanation", "explain_report", "format_explanation"]


@dataclass(frozen=True, slots=True)
class Explanation:
    """Every place mention of one report with its decision, in text order."""

    report: Report
    decisions: tuple[Decision, ...]

    def counts(self) -> Counter[str]:
        """How many mentions got each reason ("event", "unresolved", "title", ...)."""
        return Counter(d.reason for d in self.decisions)


def explain_report(report: Report, gaz: NameIndex, axes: AxisConfig | None = None) -> Explanation:
    """Run mention finding and resolution on ``report`` and decide every mention.

    Parameters
    ----------
    report : Report
        From :func:`frontline.ingest.ingest`.
    gaz : NameIndex
        The gazetteer (:func:`frontline.gazetteer.load_gazetteer`).
    axes : AxisConfig, optional
        Axis definitions, as :func:`frontline.pipeline.run` takes them (default: the same
        :func:`frontline.axes.load_axes`).

    Returns
    -------
    Explanation
    """
    ex = Extractor(gaz, axes if axes is not None else load_axes())
    mentions = ex.mentions(report)
    resolved = ex.resolve(report, mentions)
    return Explanation(report, tuple(decide(report, resolved, mentions)))


def _decision_text(d: Decision) -> str:
    if d.is_event and d.semantics is not None:
        s = d.semantics
        return f"EVENT {s.event_type} actor={s.actor} claimant={s.claimant} date={s.date or 'null'}"
    return f"not an event: {d.reason}"


def _candidate_text(c: Candidate, with_reasons: bool) -> str:
    text = f"{c.place.name} ({c.place.id}, admin1 {c.place.admin1 or '?'}) {c.score:.2f}"
    if with_reasons and c.reasons:
        text += f" [{'; '.join(c.reasons)}]"
    return text


def _chosen_text(res: Resolution) -> str:
    p = res.place
    if p is None:
        return f"-> {res.precision} at {res.position.lat:.4f},{res.position.lon:.4f}"
    return (
        f"-> {p.name} ({p.id}, admin1 {p.admin1 or '?'}) {p.lat:.4f},{p.lon:.4f} "
        f"conf {res.confidence:.2f}"
    )


def format_explanation(explanation: Explanation, show_all: bool = False) -> str:
    """One line per mention, then a count of the reasons.

    Each line: ``s<sentence>:<start>-<end>`` (sentence number from 1, character span in the
    ingested text), the surface, ``role=``, the decision (``EVENT type actor claimant date``
    or ``not an event: <reason>``), the chosen candidate (``-> name (id, admin1) lat,lon conf``
    or ``-> no candidate``) and ``| runner-ups:`` with their scores and reasons.

    Parameters
    ----------
    explanation : Explanation
    show_all : bool
        Also print, under each mention, how it was found and the cues behind its decision.

    Returns
    -------
    str
        No trailing newline.
    """
    lines: list[str] = []
    for d in explanation.decisions:
        m = d.mention
        where = f"s{m.sentence + 1}:{m.start}-{m.end}"
        res = d.resolved.resolution if d.resolved is not None else None
        chosen = _chosen_text(res) if res is not None else "-> no candidate"
        line = f"{where:<16} {m.surface!r:<24} role={m.role:<9} {_decision_text(d)}  {chosen}"
        if res is not None and res.alternatives:
            alts = "; ".join(_candidate_text(c, True) for c in res.alternatives[:3])
            line += f" | runner-ups: {alts}"
        lines.append(line)
        if show_all:
            if m.context:
                lines.append(f"    found: {m.context}")
            if m.relation is not None and m.relation.text:
                lines.append(f"    relation: {m.relation.kind} {m.relation.text!r}")
            if d.semantics is not None and d.semantics.cues:
                lines.append(f"    cues: {'; '.join(d.semantics.cues)}")
    counts = explanation.counts()
    summary = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))
    lines.append(
        f"{len(explanation.decisions)} mentions in {explanation.report.doc}"
        + (f": {summary}" if summary else "")
    )
    return "\n".join(lines)
