"""What a regular expression's matches must begin with, read off the parsed pattern, and
:class:`Caseless`, the case-insensitive patterns of the rule tables that use it.

Rule patterns are searched at every position of a text; most texts hold none of the words
a pattern starts with, and a plain substring test says so far faster than the search.
"""

from __future__ import annotations

import re
import re._constants as _const
import re._parser as _parser
from typing import Any


def literal_starts(pattern: str) -> tuple[str, ...] | None:
    r"""Literal texts such that every match of ``pattern`` begins with one of them (after
    zero-width assertions such as ``\b``); None when some match may begin otherwise.

    Read off the parsed pattern: a run of literal characters, or a group or alternation
    whose every branch begins with one. Case-sensitive: for patterns compiled without flags.
    """
    try:
        parsed = _parser.parse(pattern)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.LOCALE):
        return None  # an inline (?i): literal tests would be case-sensitive, matches not
    return _starts(list(parsed))


def required_texts(pattern: str) -> tuple[str, ...] | None:
    """Texts one of which every text with a match of ``pattern`` contains (None: unknown).

    The literal starts, without those that contain another: "withdrawn" is in a text only
    if "withdr" is, so testing the shortest forms is enough.
    """
    found = literal_starts(pattern)
    if found is None:
        return None
    return tuple(a for a in found if not any(b != a and b in a for b in found))


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


def _starts(items: list[tuple[Any, Any]]) -> tuple[str, ...] | None:
    i = 0
    while i < len(items) and _zero_width(items[i]):
        i += 1  # \b, ^, lookarounds, groups of those: they consume nothing
    if i == len(items):
        return None
    op, av = items[i]
    if op is _const.LITERAL:
        chars = []
        while i < len(items) and items[i][0] is _const.LITERAL:
            chars.append(chr(items[i][1]))
            i += 1
        return ("".join(chars),)
    if op is _const.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _starts(list(sub))
    if op is _const.BRANCH:
        out: list[str] = []
        for branch in av[1]:
            found = _starts(list(branch))
            if found is None:
                return None
            out.extend(found)
        return tuple(dict.fromkeys(out))
    return None


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
        needs = required_texts(self.fast.pattern)
        self.needs = needs if needs is not None and len(needs) <= 24 else None

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
