"""Skip markers for tests that need data from ../shared (issue 15: in a checkout without it, the
test command passes; CI, which has it, still fails on any skip through FRONTLINE_STRICT)."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.errors import FrontlineError
from frontline.gazetteer import find_sources

SHARED = Path(__file__).resolve().parents[2] / "shared"

try:
    _sources = find_sources()
    FULL_GAZETTEER = bool(_sources.geonames and _sources.osm)
except FrontlineError:  # FRONTLINE_GAZETTEER_DIR names a missing directory
    FULL_GAZETTEER = False

needs_full_gazetteer = pytest.mark.skipif(
    not FULL_GAZETTEER,
    reason="needs the full gazetteer (GeoNames UA.zip + OSM CSV in ../shared/gazetteer or "
    "FRONTLINE_GAZETTEER_DIR): the embedded one lacks OSM-only villages and OSM's names",
)


def needs_shared(relative: str) -> pytest.MarkDecorator:
    """Skip unless ``../shared/<relative>`` exists."""
    return pytest.mark.skipif(
        not (SHARED / relative).exists(), reason=f"needs ../shared/{relative}"
    )
