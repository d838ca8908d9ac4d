"""Docs that tests keep honest: the README's commands run as written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block_after(marker: str) -> str:
    m = re.search(rf"<!-- {marker} -->\s*```sh\n(.+?)\n```", README, re.DOTALL)
    assert m, f"README.md has no ```sh block after <!-- {marker} -->"
    return m.group(1).strip()


def test_readme_has_exactly_two_quick_start_commands() -> None:
    main, test = _block_after("main-command"), _block_after("test-command")
    assert "frontline map seeds/*.txt -o maps/" in main
    assert "pytest" in test
    assert len(main.splitlines()) == 1 and len(test.splitlines()) == 1
    # The main command installs the package without extras; the test command adds what the
    # tests need (issue 15: a user mapping three files does not need ~100 dev packages).
    assert "pip install -e . " in main and "[" not in main
    assert "pip install" in test and "'.[dev]'" in test


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in ci and 'eval "$test_cmd"' in ci


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="needs the project's virtualenv")
def test_readme_main_command_maps_the_seeds() -> None:
    """Run the README's install-and-map command from the repository root."""
    cmd = _block_after("main-command")
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    proc = subprocess.run(
        ["bash", "-c", cmd], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    maps = ROOT / "maps"
    for name in ("2022-11-12.html", "2022-11-11.html", "undated.html", "timeline.html"):
        assert (maps / name).stat().st_size > 10_000, name
    index = (maps / "index.html").read_text(encoding="utf-8")
    assert "2022-11-12.html" in index and "2022-11-11.html" in index


def test_readme_python_api_snippet_runs(tmp_path: Path) -> None:
    m = re.search(r"## Python API\s*```python\n(.+?)\n```", README, re.DOTALL)
    assert m, "README.md has no python block under '## Python API'"
    code = m.group(1).replace('"seeds/', f'"{ROOT}/seeds/')
    os.chdir(tmp_path)
    try:
        exec(compile(code, "README.md", "exec"), {})
    finally:
        os.chdir(ROOT)
    assert (tmp_path / "maps-api" / "index.html").exists()
