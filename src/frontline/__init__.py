"""frontline: war reports -> dated, geocoded events -> GeoJSON and Leaflet maps.

Python API for notebooks (geopandas/folium are imported only when these are called)::

    import frontline
    gdf = frontline.extract(["seeds/000_ae24c8dc4293616e.txt"])
    frontline.map(gdf, "maps/")
"""

from __future__ import annotations

from .api import extract, map, read_events, summary, write_events

__version__ = "0.1.0"
__all__ = ["__version__", "extract", "map", "read_events", "summary", "write_events"]
