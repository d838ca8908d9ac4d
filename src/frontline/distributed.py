"""Extraction over a Dask cluster, for corpora larger than one machine.

Kept for import compatibility: the Dask runner lives in :mod:`frontline.runners`, beside the
worker-process pool, and shares its ingest loop. Needs ``pip install 'frontline[dask]'``; on
one machine ``frontline extract --jobs N`` (or ``pipeline.run(..., jobs=N)``) is simpler.
"""

from __future__ import annotations

from .runners import extract_bag, extract_dask

__all__ = ["extract_bag", "extract_dask"]
