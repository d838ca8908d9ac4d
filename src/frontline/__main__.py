"""``python -m frontline``."""

from .cli import entry

entry()
