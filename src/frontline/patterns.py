"""What a regular expression's matches must contain, read off the parsed pattern, and
:class:`Caseless`, the case-insensitive patterns of the rule tables that use it.

Rule patterns are searched at every position of a text; most texts hold none of the words
a pattern needs, and a plain substring test says so far faster than the search.
"""

from __future__ import annotations

import re
import re._constants as _const
import re._parser as _parser
from typing import Any


def required_texts(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    r"""Texts one of which every text with a match of ``pattern`` (compiled with ``flags``)
    contains; None when unknown.

    Read off the parsed pattern: a run of literal characters every match consumes, spelt
    out when a few characters or words may fill a place in it ("[Mm]ayor" needs "Mayor" or
    "mayor", "(?:has|had) been" needs "has been" or "had been", or just " been"), or an
    alternation or repeat whose every branch needs some. Of the several a pattern offers,
    the one with the longest shortest text, then the fewest texts, since a gate tests for
    each text and a short one is in most texts. Texts that contain another are left out
    ("withdrawn" is in a text only if "withdr" is). Case-sensitive: None under IGNORECASE.
    """
    try:
        parsed = _parser.parse(pattern, flags)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.LOCALE):
        return None  # literal tests would be case-sensitive, matches not
    found = _needs(list(parsed))
    if found is None:
        return None
    return tuple(a for a in found if not any(b != a and b in a for b in found))


# The most spellings of a literal run that are tested for, and the most texts of a gate
# (each is one substring test: beyond that many, the search itself is as fast).
_MAX_SPELLINGS = 8
_MOST_TEXTS = 24
_REPEATS = (_const.MAX_REPEAT, _const.MIN_REPEAT, _const.POSSESSIVE_REPEAT)

Item = tuple[Any, Any]


def _needs(items: list[Item], few: bool = False) -> tuple[str, ...] | None:
    """:func:`required_texts` of a sequence of parsed items, before the minimising; with
    ``few``, the fewest texts first (for an alternation whose branches' best are too many)."""
    found: list[tuple[str, ...]] = []
    runs: list[tuple[str, ...]] = [("",)]  # the literal runs still growing, as spellings
    for op, av in _inlined(items):
        if _zero_width((op, av)):
            continue  # "\b", lookarounds: they consume nothing, the run goes on
        fills = _fills(op, av)
        if fills is None:  # the runs end here; the item may need texts of its own
            found.extend(runs)
            runs = [("",)]
            if (inner := _inner_needs(op, av)) is not None:
                found.append(inner)
        elif len(fills) == 1:
            runs = [tuple(a + fills[0] for a in run) for run in runs]
        else:  # a choice: the runs so far count as they are, spelt out past it, or anew
            found.extend(runs)
            runs = [
                grown
                for run in runs
                if len(grown := tuple(dict.fromkeys(a + f for a in run for f in fills)))
                <= _MAX_SPELLINGS
            ] + [("",)]
    found.extend(runs)
    return max(
        (texts for texts in found if "" not in texts and len(texts) <= _MOST_TEXTS),
        key=lambda texts: (
            (-len(texts), 0) if few else (min(min(len(t.strip()) for t in texts), 5), -len(texts))
        ),
        default=None,
    )


def _inlined(items: list[Item]) -> list[Item]:
    """``items`` with the groups that change no flag replaced by their items (a group
    consumes what its items consume, in order)."""
    out: list[Item] = []
    for op, av in items:
        if op is _const.SUBPATTERN and not av[1] and not av[2]:
            out.extend(_inlined(list(av[3])))
        else:
            out.append((op, av))
    return out


def _fills(op: Any, av: Any) -> tuple[str, ...] | None:
    """The texts one item consumes, when it is one of a few literals: a character, a class
    of a few characters, an optional character or an alternation of short words."""
    if op is _const.LITERAL:
        return (chr(av),)
    if op is _const.IN:
        if len(av) <= 4 and all(o is _const.LITERAL for o, _ in av):
            return tuple(dict.fromkeys(chr(c) for _, c in av))
        return None
    if op is _const.BRANCH:
        words = []
        for branch in av[1]:
            chars = [x for x in branch if not _zero_width(x)]
            if not all(o is _const.LITERAL for o, _ in chars):
                return None
            words.append("".join(chr(c) for _, c in chars))
        return tuple(dict.fromkeys(words)) if len(words) <= _MAX_SPELLINGS else None
    if op in _REPEATS and av[1] == 1 and len(av[2]) == 1:  # "s?"
        one = _fills(*av[2][0])
        return None if one is None else tuple(dict.fromkeys(("", *one) if av[0] == 0 else one))
    return None


def _inner_needs(op: Any, av: Any) -> tuple[str, ...] | None:
    """The texts a non-literal item needs: every branch of an alternation some, the body of
    a repeat that must run once, an atomic group or a group with flags (but not IGNORECASE)."""
    if op is _const.BRANCH:
        for few in (False, True):
            out: list[str] = []
            for branch in av[1]:
                texts = _needs(list(branch), few)
                if texts is None:
                    return None
                out.extend(texts)
            union = tuple(dict.fromkeys(out))
            if len(union) <= _MOST_TEXTS:
                return union
        return None
    if op in _REPEATS and av[0] >= 1:
        return _needs(list(av[2]))
    if op is _const.ATOMIC_GROUP:
        return _needs(list(av))
    if op is _const.SUBPATTERN and not (av[1] | av[2]) & (re.IGNORECASE | re.LOCALE):
        return _needs(list(av[3]))
    return None


_ZERO_WIDTH = (_const.AT, _const.ASSERT, _const.ASSERT_NOT)


def _zero_width(item: tuple[Any, Any]) -> bool:
    """Does this parsed item consume nothing: an assertion, or a group or alternation of
    assertions only ("(?:(?<=was )|(?<=is ))")?"""
    op, av = item
    if op in _ZERO_WIDTH:
        return True
    if op is _const.SUBPATTERN:
        return all(_zero_width(x) for x in av[3])
    if op is _const.BRANCH:
        return all(all(_zero_width(x) for x in branch) for branch in av[1])
    return False


# Characters that re's IGNORECASE relates to ASCII letters beyond plain lower-casing (long s,
# Kelvin sign, dotless i, dotted capital I, which also lower-cases to two characters).
_CASE_TRAPS = re.compile("[\u017f\u212a\u0131\u0130]")


def lowered(text: str) -> str | None:
    """``text`` lower-cased, when :class:`Caseless` patterns may search that instead of the
    text itself (no case trap in it); else None."""
    if text.isascii():  # O(1): str knows whether it is ASCII
        return text.lower()
    return None if _CASE_TRAPS.search(text) else text.lower()


# Escapes ("\S", "\b") and group syntax ("(?P<side>") keep their case in a lower-cased pattern.
_SYNTAX = re.compile(r"(\\.|\(\?P<\w+>|\(\?P=\w+\))|[^\\(]+|\(")


class Caseless:
    """A case-insensitive pattern of ASCII words, searched in lower-cased text when exact.

    Case-sensitive matching of the lower-cased pattern in lower-cased text finds the same
    matches as ``re.IGNORECASE`` in the original, at half the cost; the match is then
    re-taken at the same position in the original so groups keep their case.
    """

    __slots__ = ("exact", "fast", "needs")

    def __init__(self, pattern: str) -> None:
        self.exact = re.compile(pattern, re.IGNORECASE)
        self.fast = re.compile(_SYNTAX.sub(lambda m: m[1] or m[0].lower(), pattern))
        # Texts one of which every matching text contains (None: no short list): when the
        # lower-cased text contains none of them, a few substring tests answer.
        self.needs = required_texts(self.fast.pattern)

    def search(self, text: str, low: str | None = None) -> re.Match[str] | None:
        """Search ``text``; ``low`` is ``lowered(text)`` when the caller has it."""
        if low is None:
            low = lowered(text)
            if low is None:
                return self.exact.search(text)
        if self.needs is not None:
            for lit in self.needs:
                if lit in low:
                    break
            else:
                return None
        m = self.fast.search(low)
        return self.exact.match(text, m.start()) if m else None
