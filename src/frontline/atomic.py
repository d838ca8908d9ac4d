"""Atomic file writes: a reader (or a crash) never sees a half-written output.

Every writer in frontline (exports, maps, the gazetteer artifact, downloads) goes through
:func:`atomic_path`: write into a private temporary directory beside the target, then move the
finished file(s) into place with ``os.replace``. Files get the usual umask permissions.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path``.

    A directory rather than a single temp file because some writers (GDAL for GeoPackage,
    CSV with its .csvt) create companion files: they are moved beside the target first, the
    main file last, and on failure the directory and everything in it are removed.
    """
    target = Path(path).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".frontline-") as tmp:
        tmp_path = Path(tmp) / target.name
        yield tmp_path
        for extra in sorted(Path(tmp).iterdir()):
            if extra != tmp_path:
                os.replace(extra, target.parent / extra.name)
        os.replace(tmp_path, target)


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 text (LF newlines) atomically; returns the target path."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return Path(path)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write bytes atomically; returns the target path."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)
