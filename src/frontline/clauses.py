"""The clauses of a sentence, as offsets: the one clause splitter of the extraction core.

A clause ends just after the break that closes it (";", ". ", ", while"...), so the spans of
:func:`clause_spans` cover the text without gaps. Four readers ask four questions of a
sentence with different breaks, named in :data:`CLAUSE_RULES`; their union changes what is
extracted (the note there has the figures), so each keeps its rule set, in one table.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Literal

__all__ = ["CLAUSE_RULES", "ClauseRules", "clause_at", "clause_spans", "crosses_clause"]

ClauseRules = Literal["cues", "anchors", "statements", "events"]

#: The breaks of each rule set, and who reads it:
#:
#: * ``cues``: how far left of a name a not-event cue reaches ("plans to capture X", "the road
#:   to X", "between X and Y"), read by :func:`frontline.mentions.analyse_sentence`. The
#:   widest set: besides ";", ". " and a contrast, a subordinate "that"/"after"/"when" ends
#:   the reach, so a cue of the main clause does not leak into it. (It is in effect the
#:   union of the three: ", while" cuts where "while" does.)
#: * ``anchors``: how far right an anchor phrase ("15km northwest of X") binds the targets
#:   after it (:func:`frontline.mentions.analyse_sentence`): ";", ". ", "while", "but".
#: * ``statements``: the clause whose verbs, actor and outcome describe the event at a place
#:   (:func:`frontline.semantics.describe`): ";" and a contrast after a comma only.
#:
#: * ``events``: the coordinated statement of a clause that holds a place, whose verb names
#:   the event type when it has one (:func:`frontline.semantics.describe`): the
#:   ``statements`` breaks, ", and" before a new subject or a participle ("Russian forces
#:   dug in near X, and Ukrainian forces attacked near Y"; "..., and placating veterans by
#:   ordering mobilization"), "and that" ("reported battles near X and that units operate
#:   near Y"), "and" before a second verb of attack or capture ("continued to advance and
#:   struck formations near X") and "but" before a negation ("attacked near X on May 1 but
#:   did not advance"). A list ("X, Y, and Z") is not cut.
#:
#: Not unified because the union changes the output. Measured on the development corpus
#: (2683 events): the union for ``anchors`` binds 3 more targets and changes 7 events; for
#: ``statements`` it drops 11 events, adds 28 and changes 201. Which is better is a question
#: for the gold, not for this refactor.
CLAUSE_RULES: dict[str, re.Pattern[str]] = {
    "cues": re.compile(r";|\. |\b(?:while|but|whereas|that|after|when)\b"),
    "anchors": re.compile(r";|\. |\bwhile\b|\bbut\b"),
    "statements": re.compile(r";|,\s+(?:while|but|whereas)\b"),
    "events": re.compile(
        r";|,\s+(?:while|but|whereas)\b|\s+but\b(?=\s+(?:did|do|does|have|has|had|were|was)\s+"
        r"not\b)|,?\s+and\b(?=\s+that\b)|"
        r",\s+and\b(?=\s+(?:(?:Russian|Ukrainian)\s+(?:and\s+\w+\s+)?"
        r"(?:forces|troops|units|sources|officials|milbloggers)\b|(?!(?:during|morning|evening)\b)"
        r"[a-z]\w+ing\b))|"
        r"\s+and\b(?=\s+(?:also\s+)?(?:struck|hit|shelled|destroyed|captured|seized|took|"
        r"repelled|liberated|defeated|inflicted)\s)"
    ),
}


@functools.lru_cache(maxsize=4096)
def clause_spans(text: str, rules: ClauseRules) -> tuple[tuple[int, int], ...]:
    """The ``(start, end)`` of each clause of ``text`` under ``rules``, in order.

    The spans cover ``text`` from 0 to ``len(text)``; each but the last ends just after its
    break, which belongs to the clause it closes.

    >>> clause_spans("Russian forces attacked X; Ukrainian forces held Y", "statements")
    ((0, 26), (26, 51))
    """
    pattern = CLAUSE_RULES[rules]
    cuts = [0, *(m.end() for m in pattern.finditer(text)), len(text)]
    return tuple(itertools.pairwise(cuts))


def clause_at(spans: tuple[tuple[int, int], ...], pos: int) -> tuple[int, int]:
    """The span of ``spans`` (from :func:`clause_spans`) that holds offset ``pos``.

    A break that ends at ``pos`` starts the next clause there; past the end, the last clause.
    """
    found = spans[0]
    for span in spans:  # a sentence has a few clauses: a scan beats a bisection
        if span[0] > pos:
            break
        found = span
    return found


def crosses_clause(spans: tuple[tuple[int, int], ...], start: int, end: int) -> bool:
    """Whether a break of ``spans`` lies wholly inside ``text[start:end]``.

    Exact when no break starts before ``start`` and ends after it, as for ``start`` at the
    end of a name (a word character): a break starts with ";", "." or a word boundary.
    """
    return clause_at(spans, start) != clause_at(spans, end)
