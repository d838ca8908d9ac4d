"""The Leaflet and plugin files shipped with the package, and the three ways a page loads them.

The shipped files must be the npm packages package-lock.json pins, unmodified: each is checked
against the sha256 in ``web/SOURCES.json`` (always) and against the package tarball whose sha512
is the lockfile's integrity (from npm's cache, which ``npm ci`` fills), or, where the cache lacks
it, against the ``node_modules`` copy that ``npm ci`` installed from a verified tarball.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from browser_support import sample_events

from frontline.errors import ConfigurationError
from frontline.page_assets import (
    ASSET_MODES,
    LIB_DIR,
    finish_page,
    link_assets,
    load_check,
    manifest,
    shipped_files,
    web_dir,
    write_lib,
)
from frontline.render import render_day, write_maps
from frontline.render_assets import CDN_ASSETS

ROOT = Path(__file__).resolve().parents[1]
LOCK = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
NODE_MODULES = ROOT / "node_modules"


def _npm_cache() -> Path:
    return Path(os.environ.get("NPM_CONFIG_CACHE") or Path.home() / ".npm") / "_cacache"


def _tarball(integrity: str) -> bytes | None:
    """The package tarball with this lockfile integrity from npm's content-addressed cache."""
    algo, digest = integrity.split("-", 1)
    hexdigest = base64.b64decode(digest).hex()
    path = _npm_cache() / "content-v2" / algo / hexdigest[:2] / hexdigest[2:4] / hexdigest[4:]
    return path.read_bytes() if path.is_file() else None


def mismatches(web: Path) -> list[str]:
    """Shipped files under ``web`` whose bytes differ from their SOURCES.json sha256."""
    recorded = json.loads((web / "SOURCES.json").read_text(encoding="utf-8"))["packages"]
    bad = []
    for package, entry in recorded.items():
        for rel, sha in entry["files"].items():
            path = web / package / rel
            if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != sha:
                bad.append(f"{package}/{rel}")
    listed = {f"{p}/{r}" for p, e in recorded.items() for r in e["files"]}
    present = {p.relative_to(web).as_posix() for p in web.rglob("*") if p.is_file()}
    present.discard("SOURCES.json")
    return sorted(bad + [f"{extra} (not in SOURCES.json)" for extra in present - listed])


def test_shipped_files_match_their_recorded_hashes() -> None:
    assert mismatches(web_dir()) == []


def test_an_altered_file_is_caught(tmp_path: Path) -> None:
    copy = tmp_path / "web"
    shutil.copytree(web_dir(), copy)
    leaflet = copy / "leaflet" / "dist" / "leaflet.js"
    leaflet.write_bytes(leaflet.read_bytes().replace(b"1.9.3", b"1.9.4", 1))
    (copy / "moment" / "extra.js").write_text("x", encoding="utf-8")
    assert mismatches(copy) == ["leaflet/dist/leaflet.js", "moment/extra.js (not in SOURCES.json)"]


def test_every_package_is_pinned_by_the_lockfile_and_keeps_its_licence() -> None:
    packages = manifest()["packages"]
    for package, entry in packages.items():
        lock = LOCK[f"node_modules/{package}"]
        assert (entry["version"], entry["integrity"]) == (lock["version"], lock["integrity"])
        assert any(re.match(r"(?i)(mit-)?licen[cs]e", rel) for rel in entry["files"]), package
    # The CDN URL names the same version as the shipped copy it is replaced by.
    for url, (package, rel) in CDN_ASSETS.items():
        assert packages[package]["version"] in url, url
        assert rel in packages[package]["files"], url
    # leaflet.timeline's dist file bundles diesal: its licence ships too.
    assert packages["diesal"]["role"] == "bundled into leaflet.timeline"


def test_shipped_files_are_the_locked_npm_packages() -> None:
    """Byte for byte the files of the tarballs whose sha512 package-lock.json records."""
    checked = 0
    for package, entry in manifest()["packages"].items():
        integrity = LOCK[f"node_modules/{package}"]["integrity"]
        tarball = _tarball(integrity)
        if tarball is not None:
            algo, digest = integrity.split("-", 1)
            assert base64.b64encode(hashlib.new(algo, tarball).digest()).decode() == digest
            with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
                members = {m.name.split("/", 1)[1]: m for m in tar.getmembers() if m.isfile()}
                for rel in entry["files"]:
                    fh = tar.extractfile(members[rel])
                    assert fh is not None
                    assert fh.read() == (web_dir() / package / rel).read_bytes(), (package, rel)
                    checked += 1
            continue
        installed = NODE_MODULES / ".package-lock.json"
        if not installed.is_file():
            pytest.skip(f"{package}'s tarball is not in npm's cache and there is no `npm ci` tree")
        installed_lock = json.loads(installed.read_text(encoding="utf-8"))["packages"]
        assert installed_lock[f"node_modules/{package}"]["integrity"] == integrity
        for rel in entry["files"]:
            shipped = (web_dir() / package / rel).read_bytes()
            assert shipped == (NODE_MODULES / package / rel).read_bytes(), (package, rel)
            checked += 1
    assert checked == sum(len(e["files"]) for e in manifest()["packages"].values())


# ---------------------------------------------------------------------------- pages


def _asset_refs(html: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', html) + re.findall(
        r'<link rel="stylesheet" href="([^"]+)"', html
    )


def test_default_maps_load_their_assets_from_lib(tmp_path: Path) -> None:
    paths = write_maps(sample_events(), tmp_path / "maps")
    lib = tmp_path / "maps" / LIB_DIR
    own = [f"frontline/{name}" for name in ("maptools.js", "maptools.css", "mapevents.js")]
    assert sorted(p.relative_to(lib).as_posix() for p in lib.rglob("*") if p.is_file()) == sorted(
        [*shipped_files(), *own]
    )
    for path in paths[:-1]:  # the index has no map
        refs = _asset_refs(path.read_text(encoding="utf-8"))
        assert refs and all(r.startswith("lib/") for r in refs), (path.name, refs)
        assert all((path.parent / r).is_file() for r in refs), refs
    assert (lib / "leaflet" / "LICENSE").is_file()
    # Written once: a second run leaves the files (and their times) alone.
    stamps = {p: p.stat().st_mtime_ns for p in lib.rglob("*") if p.is_file()}
    write_maps(sample_events(), tmp_path / "maps")
    assert stamps == {p: p.stat().st_mtime_ns for p in lib.rglob("*") if p.is_file()}


def test_write_lib_repairs_an_altered_copy(tmp_path: Path) -> None:
    lib = write_lib(tmp_path)
    target = lib / "leaflet" / "dist" / "leaflet.js"
    target.write_text("broken", encoding="utf-8")
    write_lib(tmp_path)
    assert target.read_bytes() == (web_dir() / "leaflet" / "dist" / "leaflet.js").read_bytes()


@pytest.mark.parametrize(
    ("mode", "ref_prefix", "inlined"),
    [
        ("cdn", "https://", False),
        ("inline", None, True),
    ],
)
def test_single_file_modes_write_no_lib(
    tmp_path: Path, mode: str, ref_prefix: str | None, inlined: bool
) -> None:
    write_maps(sample_events(), tmp_path, assets=mode)
    assert not (tmp_path / LIB_DIR).exists()
    html = (tmp_path / "timeline.html").read_text(encoding="utf-8")
    refs = _asset_refs(html)
    assert all(r.startswith(ref_prefix) for r in refs) and bool(refs) == (ref_prefix is not None)
    assert ("/* leaflet.js */" in html) is inlined


@pytest.mark.parametrize("mode", ASSET_MODES)
def test_every_page_says_when_its_scripts_do_not_load(mode: str) -> None:
    html = render_day(sample_events()[:2], title="t", date="2022-11-12", assets=mode)
    head = html.split("<head>", 1)[1]
    # The check comes before the first asset tag, so it sees that tag's load error.
    assert head.index("fl-load-failed") < head.index("leaflet.js")
    assert load_check(mode) in html and '<noscript><p id="fl-noscript"' in html
    words = {"lib": "lib folder", "cdn": "written with --cdn", "inline": "JavaScript turned off"}
    assert words[mode] in html


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: finish_page("<html><head></head><body></body></html>", "local"), "one of lib"),
        (lambda: link_assets('<script src="https://example.org/x.js"></script>'), "ships no copy"),
        (lambda: write_maps(sample_events(), Path("never-written"), assets="cdns"), "one of lib"),
    ],
)
def test_bad_modes_and_unknown_assets_are_refused(call: object, match: str) -> None:
    with pytest.raises((ValueError, ConfigurationError), match=match):
        call()  # type: ignore[operator]
    assert not Path("never-written").exists()


def test_cli_refuses_offline_with_cdn(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-m", "frontline", "map", str(ROOT / "seeds"), "-o", str(tmp_path / "m"),
         "--offline", "--cdn"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2 and "exclude each other" in proc.stderr
    assert not (tmp_path / "m").exists()
