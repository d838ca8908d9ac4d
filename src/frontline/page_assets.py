"""The Leaflet and plugin files the maps load, shipped with the package, and how a page gets them.

The files are package data (``frontline/data/web/<npm package>/<path in that package>``), copied
unmodified from the npm packages that ``package-lock.json`` pins, with their licence files;
``web/SOURCES.json`` records each package's version, licence, lockfile integrity and the sha256 of
every shipped file (tests/test_page_assets.py checks the files against both). No Node or npm is
needed where frontline is installed.

A page gets them one of three ways (:data:`ASSET_MODES`):

``"lib"``
    ``frontline map``'s default: the files are written once into the output folder's ``lib/``
    and the pages reference them relatively. Works offline; copy the folder as a whole.
``"cdn"``
    The CDN URLs folium and its plugins reference: single-file pages that need internet.
``"inline"``
    Every file pasted into every page (``--offline``): single files that work offline, each
    about 300 kB larger.

Every page also carries a small script that says, in plain words on the page, when the map's
scripts failed to load (a missing ``lib/`` folder, no internet for a CDN page).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from frontline.atomic import write_bytes
from frontline.errors import ConfigurationError
from frontline.render_assets import CDN_ASSETS

__all__ = [
    "ASSET_MODES",
    "LIB_DIR",
    "check_mode",
    "finish_page",
    "link_assets",
    "manifest",
    "shipped_files",
    "shipped_path",
    "write_lib",
]

ASSET_MODES: tuple[str, ...] = ("lib", "cdn", "inline")
LIB_DIR = "lib"
MANIFEST = "SOURCES.json"
_LICENCE = re.compile(r"(?i)^(licen[cs]e|mit-licen[cs]e)(\.(txt|md))?$")
_CSS_URL = re.compile(r"url\((['\"]?)(?!data:|https?:|#)([^)'\"]+)\1\)")


def web_dir() -> Path:
    """The folder of the shipped web assets inside the installed package."""
    from frontline.data import path

    return path("web")


@lru_cache(maxsize=1)
def manifest() -> dict[str, Any]:
    """``web/SOURCES.json``: per npm package its version, licence, integrity and files."""
    try:
        data: dict[str, Any] = json.loads((web_dir() / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigurationError(
            f"frontline's map assets are missing or unreadable ({web_dir() / MANIFEST}: {exc}); "
            "reinstall frontline (pip install --force-reinstall frontline)"
        ) from exc
    return data


def shipped_files() -> Iterator[str]:
    """Every shipped file as ``<package>/<path>`` (scripts, styles, images, licences)."""
    for package, entry in sorted(manifest()["packages"].items()):
        for rel in sorted(entry["files"]):
            yield f"{package}/{rel}"


def shipped_path(url: str) -> Path | None:
    """The shipped file of a CDN URL of :data:`~frontline.render_assets.CDN_ASSETS`, or None
    if this install lacks it."""
    package, rel = CDN_ASSETS[url]
    candidate = web_dir() / package / rel
    return candidate if candidate.is_file() else None


def write_lib(out_dir: Path, boundaries: Path | None = None) -> Path:
    """Write the shipped files, and frontline's own map tools (and the oblast ``boundaries``
    when given) under ``frontline/``, into ``out_dir/lib/`` (a file already there with the
    same bytes is left alone, so a second run writes nothing); return the ``lib`` folder."""
    from frontline.render_assets import (
        BOUNDARIES_LIB,
        MAPTOOLS_FILES,
        MAPTOOLS_LIB,
        boundaries_script,
        maptools_text,
    )

    lib = Path(out_dir) / LIB_DIR
    source = web_dir()
    files = [(rel, (source / rel).read_bytes()) for rel in shipped_files()]
    # frontline's own map tools (search, measure, labels, timeline window) beside them.
    files += [(f"{MAPTOOLS_LIB}/{n}", maptools_text(n).encode("utf-8")) for n in MAPTOOLS_FILES]
    if boundaries is not None:  # the oblast boundaries every page draws
        files.append((BOUNDARIES_LIB, boundaries_script(boundaries).encode("utf-8")))
    for rel, data in files:
        target = lib / rel
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(target, data)
    return lib


_SCRIPT_TAG = re.compile(r'(<script src=")([^"]+)("></script>)')
_LINK_TAG = re.compile(r'(<link rel="stylesheet" href=")([^"]+)("\s*/?>)')


def link_assets(document: str, lib: str = LIB_DIR) -> str:
    """Point every CDN ``<script src>``/stylesheet ``<link>`` of ``document`` at its copy under
    the relative folder ``lib`` (what :func:`write_lib` writes).

    Raises
    ------
    ConfigurationError
        If the page references a URL frontline ships no copy of.
    """

    def local(match: re.Match[str]) -> str:
        url = match.group(2)
        if url not in CDN_ASSETS:
            raise ConfigurationError(
                f"map page references {url!r}, which frontline ships no copy of; add it to "
                "frontline.render_assets.CDN_ASSETS and package.json, then run "
                "`python -m frontline.page_assets node_modules`"
            )
        package, rel = CDN_ASSETS[url]
        return f"{match.group(1)}{lib}/{package}/{rel}{match.group(3)}"

    return _LINK_TAG.sub(local, _SCRIPT_TAG.sub(local, document))


# --------------------------------------------------------------------------------------------
# Saying so when the scripts do not load

_WHY = {
    "lib": (
        "It loads them from the lib folder next to this page: keep that folder with the pages "
        "when you copy or move them, or write the maps again with frontline map."
    ),
    "cdn": (
        "This page was written with --cdn and loads them from the internet: connect, or write "
        "the maps again without --cdn (frontline map then puts them in a lib folder next to "
        "the pages, and they work offline)."
    ),
    "inline": "They are inside this page: is JavaScript turned off or blocked?",
}

# Placed first in <head>, before the asset tags: it sees their load errors (error events do not
# bubble, a capturing listener on window still gets them) and shows a box once the page has
# loaded without Leaflet, or still lacks it after 20 s (a CDN that does not answer). Terse: it
# is repeated in every page (a year of maps is 365 copies).
_CHECK_JS = """<script>/* frontline: say so if the map's scripts do not load */
(function(){var f=[];addEventListener("error",function(e){var t=e.target;
if(t&&/^(SCRIPT|LINK)$/.test(t.tagName))f.push(t.getAttribute("src")||t.getAttribute("href"))},!0);
function c(d){var b=document.getElementById("fl-load-failed");
if(window.L&&!f.length){if(b)b.remove();return}if(!d&&window.L)return;
if(!b){b=document.createElement("div");b.id="fl-load-failed";b.setAttribute("role","alert");
b.style.cssText="position:fixed;top:20%;left:25%;right:25%;z-index:9999;padding:12px 16px;"+
"background:#fff8e1;border:2px solid #c62828;border-radius:6px;font:15px/1.45 sans-serif";
(document.body||document.documentElement).appendChild(b)}
b.textContent="This map cannot be shown: its scripts (Leaflet and its plugins) "+
(d?"did not load. ":"have not loaded after 20 seconds. ")+__WHY__+(f.length?" Not loaded: "+
f.slice(0,3).join(", ")+(f.length>3?" and "+(f.length-3)+" more.":"."):"")}
addEventListener("load",function(){c(1)});setTimeout(c,20000)})();
</script>"""

_NOSCRIPT = (
    '<noscript><p id="fl-noscript">This map needs JavaScript, which is turned off in this '
    "browser.</p></noscript>"
)


def load_check(mode: str) -> str:
    """The ``<script>`` that shows a plain message when the page's scripts fail to load."""
    return _CHECK_JS.replace("__WHY__", json.dumps(_WHY[check_mode(mode)]))


def check_mode(mode: str) -> str:
    """``mode`` if it is one of :data:`ASSET_MODES`, else a ValueError listing them."""
    if mode not in ASSET_MODES:
        raise ValueError(f"assets must be one of {', '.join(ASSET_MODES)}; got {mode!r}")
    return mode


def finish_page(document: str, mode: str, boundaries: Path | None = None) -> str:
    """A rendered folium page as written: its assets linked to ``lib/`` (``"lib"``), left on
    the CDNs (``"cdn"``) or inlined (``"inline"``), with the load-failure message added."""
    from frontline.render_assets import boundaries_tags, inline_assets, maptools_tags

    mode = check_mode(mode)
    if mode == "lib":
        document = link_assets(document)
    elif mode == "inline":
        document = inline_assets(document)
    document = maptools_tags(document, mode)
    document = boundaries_tags(document, mode, boundaries)
    document = document.replace("<head>", "<head>\n" + load_check(mode), 1)
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + _NOSCRIPT, document, count=1)


# --------------------------------------------------------------------------------------------
# Refreshing the shipped copies (a developer's step, after changing package.json)


def _referenced(package_dir: Path, rel: str) -> set[str]:
    """``rel`` and the files its CSS ``url(...)``s name, relative to the package folder."""
    found = {rel}
    if rel.endswith(".css"):
        text = (package_dir / rel).read_text(encoding="utf-8")
        for match in _CSS_URL.finditer(text):
            target = (package_dir / rel).parent / match.group(2)
            if not target.is_file():
                continue
            # An image folder goes whole: Leaflet's JS also loads the icons its CSS does not name.
            folder = target.parent.resolve()
            siblings = folder.iterdir() if folder != (package_dir / rel).parent.resolve() else ()
            for path in (target.resolve(), *siblings):
                found.add(path.relative_to(package_dir.resolve()).as_posix())
    return found


def sync(node_modules: Path, lockfile: Path, dest: Path | None = None) -> dict[str, Any]:
    """Copy, unmodified, the files :data:`CDN_ASSETS` names (plus the images their CSS uses
    and each package's licence, and the licences of the packages bundled into them) from an
    ``npm ci`` tree into ``dest`` (default: this package's ``data/web``) and write
    ``SOURCES.json``. Returns the manifest."""
    dest = dest or web_dir()
    locked = json.loads(lockfile.read_text(encoding="utf-8"))["packages"]
    wanted: dict[str, set[str]] = {}
    for package, rel in CDN_ASSETS.values():
        wanted.setdefault(package, set()).update(_referenced(node_modules / package, rel))
    # Dependencies of a shipped package are bundled into its dist file: ship their licences.
    bundled_in: dict[str, str] = {}
    for package in sorted(wanted):
        for dep in locked[f"node_modules/{package}"].get("dependencies", {}):
            if dep not in wanted:
                bundled_in[dep] = package
    for dep in bundled_in:
        wanted[dep] = set()
    packages: dict[str, Any] = {}
    if dest.exists():
        shutil.rmtree(dest)
    for package, rels in sorted(wanted.items()):
        root = node_modules / package
        licences = {p.name for p in root.iterdir() if p.is_file() and _LICENCE.match(p.name)}
        if not licences:
            raise ConfigurationError(f"{root} has no licence file; cannot ship it")
        lock = locked[f"node_modules/{package}"]
        meta = json.loads((root / "package.json").read_text(encoding="utf-8"))
        if meta["version"] != lock["version"]:
            raise ConfigurationError(
                f"{root} is {package} {meta['version']}, the lockfile pins {lock['version']}; "
                "run `npm ci` first"
            )
        shipped: dict[str, str] = {}
        for rel in sorted(rels | licences):
            data = (root / rel).read_bytes()
            (dest / package / rel).parent.mkdir(parents=True, exist_ok=True)
            (dest / package / rel).write_bytes(data)
            shipped[rel] = hashlib.sha256(data).hexdigest()
        packages[package] = {
            "version": lock["version"],
            "license": lock.get("license", meta.get("license", "")),
            "integrity": lock["integrity"],
            "source": f"npm registry, {package}@{lock['version']} (package-lock.json)",
            "role": "map asset" if rels else f"bundled into {bundled_in[package]}",
            "files": shipped,
        }
    result = {
        "note": (
            "Unmodified files of the npm packages package-lock.json pins, shipped so that maps "
            "work offline. Written by `python -m frontline.page_assets node_modules`; each "
            "package keeps its licence file."
        ),
        "packages": packages,
    }
    (dest / MANIFEST).write_text(
        json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    manifest.cache_clear()
    return result


def _main(argv: list[str]) -> int:
    """``python -m frontline.page_assets NODE_MODULES [LOCKFILE]``: refresh the shipped files."""
    if not argv or argv[0] in ("-h", "--help"):
        print(_main.__doc__)
        return 0 if argv else 2
    node_modules = Path(argv[0])
    lockfile = Path(argv[1]) if len(argv) > 1 else node_modules.parent / "package-lock.json"
    result = sync(node_modules, lockfile)
    count = sum(len(p["files"]) for p in result["packages"].values())
    print(f"{count} files of {len(result['packages'])} packages -> {web_dir()}")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
