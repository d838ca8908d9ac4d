"""Errors that teach the fix.

One base class; subclasses also inherit from the builtin a caller would naturally catch.
Messages say what was expected, what arrived (``!r``) and how to fix it. The CLI prints
``str(error)`` on one line and exits non-zero.
"""

from __future__ import annotations

from collections.abc import Iterable


class FrontlineError(Exception):
    """Base class of every error frontline raises on purpose."""


class InputError(FrontlineError, ValueError):
    """An input document cannot be read (empty, binary, undecodable, missing)."""


class OutputError(FrontlineError, OSError):
    """An output cannot be written (full disk, no permission, closed pipe); nothing partial is
    left in its place."""


class GazetteerError(FrontlineError, RuntimeError):
    """The gazetteer cannot be built or loaded."""


class ConfigurationError(FrontlineError, ValueError):
    """An option or configuration value is invalid."""


class GoldFormatError(FrontlineError, ValueError):
    """A gold annotation file does not follow eval/FORMAT.md."""


def check_choice(name: str, value: str, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices``; raise ConfigurationError listing them."""
    allowed = tuple(choices)
    if value not in allowed:
        raise ConfigurationError(
            f"{name}={value!r} is not valid; choose one of: {', '.join(map(repr, allowed))}"
        )
    return value
