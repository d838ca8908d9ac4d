"""Runtime data shipped inside the package, located with :mod:`importlib.resources`.

``axes.toml`` (operational axes), ``overlay.csv`` and ``aliases.csv`` (curated gazetteer
entries; provenance in the repository's ``gazetteer/README.md``) and the embedded GeoNames
gazetteer live here, so a wheel installed anywhere finds them without a checkout; so do the
Leaflet files the maps load (``web/``, see :mod:`frontline.page_assets`).
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from importlib.resources import as_file, files
from pathlib import Path

__all__ = ["path"]

_STACK = ExitStack()  # files materialised from a zipped install, removed at exit
atexit.register(_STACK.close)


def path(name: str) -> Path:
    """Filesystem path of the package data file ``name`` (e.g. ``"axes.toml"``).

    The file may not exist (a broken install); callers report that with their own message.
    From a zipped install the file is extracted to a temporary file first.
    """
    resource = files(__name__).joinpath(name)
    if isinstance(resource, Path):
        return resource
    return Path(_STACK.enter_context(as_file(resource)))
