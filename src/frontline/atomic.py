"""Atomic file writes: a reader (or a crash) never sees a half-written output.

Every writer in frontline (exports, maps, the gazetteer artifact, downloads) goes through
:func:`atomic_path`: write into a private temporary directory beside the target, flush the
finished file(s) to disk (fsync), then move them into place with ``os.replace`` and sync the
directory, so that after a crash or power loss the target is the old file or the new one, never
an empty or half-written one. Files get the usual umask permissions.

Temporary directories are named ``.frontline-<pid>-<random>``. A run killed with SIGKILL
cannot remove its own; the next write into the same directory removes those whose process is
gone (and any older than a day), so they do not pile up.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError

TEMP_PREFIX = ".frontline-"
# A temporary directory this old is stale whatever its name says (its pid may have been reused).
_STALE_SECONDS = 24 * 3600
# Directories of an older naming scheme (no pid) count as stale after an hour: no write takes
# that long.
_STALE_UNNAMED_SECONDS = 3600


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path``.

    A directory rather than a single temp file because some writers (GDAL for GeoPackage,
    CSV with its .csvt) create companion files: they are moved beside the target first, the
    main file last, and on failure the directory and everything in it are removed.

    Raises
    ------
    OutputError
        For any OSError while writing, syncing or moving (full disk, no permission), naming
        ``path``; the previous file, if any, is left as it was.
    """
    target = Path(path).resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(target.parent)
        with tempfile.TemporaryDirectory(
            dir=target.parent, prefix=f"{TEMP_PREFIX}{os.getpid()}-"
        ) as tmp:
            tmp_path = Path(tmp) / target.name
            yield tmp_path
            extras = sorted(p for p in Path(tmp).iterdir() if p != tmp_path)
            for finished in (*extras, tmp_path):
                _fsync_file(finished)
            for extra in extras:
                os.replace(extra, target.parent / extra.name)
            os.replace(tmp_path, target)
            _fsync_dir(target.parent)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(_message(target, exc)) from exc


class FileBatch:
    """Files staged in one private temporary directory, moved into a folder together (see
    :func:`atomic_files`)."""

    def __init__(self, folder: Path, staging: Path) -> None:
        self.folder = folder
        self._staging = staging
        self.names: dict[str, None] = {}  # in writing order, each once

    def write_text(self, name: str, text: str) -> Path:
        """Stage UTF-8 text (LF newlines) as ``name``, a file name without a folder; returns
        the path it will have in the folder."""
        if not name or Path(name).name != name or name in (".", ".."):
            raise ValueError(f"expected a file name without a folder, got {name!r}")
        (self._staging / name).write_text(text, encoding="utf-8", newline="\n")
        self.names[name] = None
        return self.folder / name


@contextmanager
def atomic_files(folder: str | os.PathLike[str]) -> Iterator[FileBatch]:
    """Yield a :class:`FileBatch` whose files replace those of the same names in ``folder``.

    For many files at once (a maps folder): they are staged in one temporary directory beside
    them; when the block ends without error each is synced and moved into place (each move
    atomic: a reader sees the old file or the new one) and the folder is synced once, instead
    of a directory, a move and a folder sync per file. On error none is moved.

    Raises
    ------
    OutputError
        For any OSError while writing, syncing or moving, naming ``folder``.
    """
    target = Path(folder).resolve()
    try:
        target.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(target)
        with tempfile.TemporaryDirectory(dir=target, prefix=f"{TEMP_PREFIX}{os.getpid()}-") as tmp:
            batch = FileBatch(Path(folder), Path(tmp))
            yield batch
            for name in batch.names:
                _fsync_file(Path(tmp) / name)
            for name in batch.names:
                os.replace(Path(tmp) / name, target / name)
            _fsync_dir(target)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(_message(target, exc)) from exc


def _message(target: Path, exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{target}: cannot be written ({reason}); free disk space or choose another path"
    return f"{target}: cannot be written ({reason}); choose a writable output path"


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    """Make the rename durable; some platforms cannot open a directory, which is fine."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the ``.frontline-*`` temporary directories in ``folder`` left by killed runs.

    Stale: its process (the pid in its name) no longer exists, or it is older than a day (an
    hour for a name without a pid). A live run's directory is left alone. Returns what was
    removed.
    """
    removed: list[Path] = []
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(TEMP_PREFIX)]
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        pid_text = entry.name[len(TEMP_PREFIX) :].split("-", 1)[0]
        if pid_text.isdigit():
            stale = age > _STALE_SECONDS or not _alive(int(pid_text))
        else:
            stale = age > _STALE_UNNAMED_SECONDS
        if stale:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process, or not a pid: leave it
    return True


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
