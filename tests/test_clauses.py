"""The one clause splitter (frontline.clauses): spans with offsets, three named rule sets."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontline.clauses import CLAUSE_RULES, clause_at, clause_spans, crosses_clause

S = "Russian forces attacked Bilohorivka; Ukrainian forces held Siversk, while shelling went on"


@pytest.mark.parametrize(
    ("text", "rules", "clauses"),
    [
        (S, "statements", ["Russian forces attacked Bilohorivka;",
                           " Ukrainian forces held Siversk, while",
                           " shelling went on"]),
        (S, "anchors", ["Russian forces attacked Bilohorivka;",
                        " Ukrainian forces held Siversk, while",
                        " shelling went on"]),
        ("attacks near X that reached Y after Z fell", "cues",
         ["attacks near X that", " reached Y after", " Z fell"]),
        ("attacks near X that reached Y after Z fell", "anchors",
         ["attacks near X that reached Y after Z fell"]),
        ("Gen. X said that forces attacked Y while Z held", "statements",
         ["Gen. X said that forces attacked Y while Z held"]),
        ("Gen. X said that forces attacked Y while Z held", "anchors",
         ["Gen. ", "X said that forces attacked Y while", " Z held"]),
        ("Russian forces dug in near X, and Ukrainian forces attacked near Y", "events",
         ["Russian forces dug in near X, and", " Ukrainian forces attacked near Y"]),
        ("attacks near X, and placating Y by mobilizing men", "events",
         ["attacks near X, and", " placating Y by mobilizing men"]),
        ("attacks near X, Y, and Z", "events", ["attacks near X, Y, and Z"]),
        ("sources reported battles near X and that units operate near Y", "events",
         ["sources reported battles near X and", " that units operate near Y"]),
        # A second verb of the same subject, after "and", names the event at its places.
        ("units continued to advance and struck formations near X and Y", "events",
         ["units continued to advance and", " struck formations near X and Y"]),
        ("units shelled and struck X", "events", ["units shelled and", " struck X"]),
        ("units struck X and Y", "events", ["units struck X and Y"]),
        # What did not happen is no event of the places before it.
        ("forces attacked near X and Y on May 1 but did not advance", "events",
         ["forces attacked near X and Y on May 1 but", " did not advance"]),
        ("forces attacked near X but lost", "events", ["forces attacked near X but lost"]),
        ("", "cues", [""]),
    ],
)  # fmt: skip
def test_clause_spans(text: str, rules: str, clauses: list[str]):
    assert [text[a:b] for a, b in clause_spans(text, rules)] == clauses  # type: ignore[arg-type]


@pytest.mark.parametrize("rules", sorted(CLAUSE_RULES))
@given(text=st.lists(st.sampled_from([*"ab ;.,", " while ", " that ", "but"])).map("".join))
def test_spans_cover_the_text_and_clause_at_finds_each_offset(rules: str, text: str):
    spans = clause_spans(text, rules)  # type: ignore[arg-type]
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a <= b and b == c for (a, b), (c, _) in itertools.pairwise(spans))
    for pos in range(len(text)):
        a, b = clause_at(spans, pos)
        assert a <= pos < b
        # The clause starts after the last break that ends at or before pos.
        ends = [m.end() for m in CLAUSE_RULES[rules].finditer(text) if m.end() <= pos]
        assert a == max(ends, default=0)


@pytest.mark.parametrize(
    ("text", "start", "end", "crosses"),
    [
        ("15km north of Kreminna near Zhytlivka", 22, 28, False),
        ("15km north of Kreminna; fighting near Zhytlivka", 22, 38, True),
        ("15km north of Kreminna, but not near Zhytlivka", 22, 37, True),
        ("15km north of Kreminna that reached Zhytlivka", 22, 36, False),
    ],
)
def test_crosses_clause_is_a_break_between_anchor_and_target(
    text: str, start: int, end: int, crosses: bool
):
    assert crosses_clause(clause_spans(text, "anchors"), start, end) is crosses
    # The same answer as searching the gap itself, which is what it replaces.
    assert bool(re.search(CLAUSE_RULES["anchors"], text[start:end])) is crosses
