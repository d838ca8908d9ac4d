"""Execute the notebooks in notebooks/ the way a user would, and check what they show.

The kernel is the ``python3`` kernel of the interpreter running pytest (jupyter_client swaps
``python`` for ``sys.executable``), i.e. the project venv; the working directory is notebooks/,
where Jupyter starts kernels. Cells carry tags (``seeds``, ``plot``, ...) so these checks find
their outputs without depending on cell positions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

import frontline

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
EXPLORATION = NOTEBOOKS / "exploration.ipynb"
CORPUS = NOTEBOOKS.parents[1] / "shared" / "corpus" / "isw_2022_toplines"
CELL_TIMEOUT_S = 120


def _execute(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    # The kernel inherits os.environ; the fixture points TMPDIR at pytest's tmp dir so the
    # notebook's tempfile.mkdtemp() map folders are cleaned up with it.
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT_S,
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as err:  # the message holds the cell source and traceback
        pytest.fail(f"{path.name}: a cell raised\n{err}")
    return nb


@pytest.fixture(scope="module")
def exploration(tmp_path_factory: pytest.TempPathFactory) -> Iterator[nbformat.NotebookNode]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TMPDIR", str(tmp_path_factory.mktemp("notebook-tmp")))
        # The kernel (cwd notebooks/) must import the frontline under test, also when pytest
        # found it through a relative PYTHONPATH=src; another checkout's code would rebuild
        # the shared gazetteer cache under the other tests' feet.
        mp.setenv("PYTHONPATH", str(Path(frontline.__file__).resolve().parents[1]))
        yield _execute(EXPLORATION)


def _tagged(nb: nbformat.NotebookNode, tag: str) -> nbformat.NotebookNode:
    cells = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"expected one cell tagged {tag!r}; found {len(cells)}"
    return cells[0]


def _text(cell: nbformat.NotebookNode) -> str:
    """Everything a cell printed or displayed as plain text."""
    parts = []
    for out in cell.outputs:
        if out.output_type == "stream":
            parts.append(out.text)
        elif "data" in out:
            parts.append(out.data.get("text/plain", ""))
    return "\n".join(parts)


def _mimetypes(cell: nbformat.NotebookNode) -> set[str]:
    return {m for out in cell.outputs for m in out.get("data", {})}


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_committed_notebooks_have_no_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.outputs]
    assert not dirty, f"{path.name}: clear the outputs of cells {dirty} before committing"


def test_no_cell_errors_or_tracebacks(exploration: nbformat.NotebookNode) -> None:
    errors = [
        out for c in exploration.cells if c.cell_type == "code" for out in c.outputs
        if out.output_type == "error"
    ]  # fmt: skip
    assert not errors
    for cell in exploration.cells:
        if cell.cell_type == "code":
            assert "Traceback" not in _text(cell), cell.source


def test_seeds_table(exploration: nbformat.NotebookNode) -> None:
    cell = _tagged(exploration, "seeds")
    found = re.search(r"(\d+) events from (\d+) seed reports; CRS EPSG:4326", _text(cell))
    assert found, _text(cell)
    assert int(found[1]) > 0 and int(found[2]) == 3
    assert "text/html" in _mimetypes(cell)  # the GeoDataFrame rendered as a table
    assert "POINT (" in _text(cell)


def test_corpus_loaded_or_skipped_with_note(exploration: nbformat.NotebookNode) -> None:
    text = _text(_tagged(exploration, "corpus"))
    if CORPUS.is_dir():
        found = re.search(r"(\d+) events from (\d+) reports", text)
        assert found, text
        assert int(found[1]) > 1000 and int(found[2]) == len(list(CORPUS.glob("*.txt")))
    else:
        assert "not found; skipping" in text


def test_plot_produced(exploration: nbformat.NotebookNode) -> None:
    assert "image/png" in _mimetypes(_tagged(exploration, "plot"))


def test_explore_map_rendered(exploration: nbformat.NotebookNode) -> None:
    cell = _tagged(exploration, "explore")
    assert "text/html" in _mimetypes(cell)
    html = "".join(out.data.get("text/html", "") for out in cell.outputs if "data" in out)
    assert "folium" in html or "leaflet" in html.lower()


def test_frontline_map_written(exploration: nbformat.NotebookNode) -> None:
    cell = _tagged(exploration, "frontline-map")
    text = _text(cell)
    found = re.search(r"(\d+) pages written to (\S+)", text)
    assert found, text
    assert int(found[1]) >= 3  # at least one day, the timeline and the index
    assert "index.html" in text
    assert "text/html" in _mimetypes(cell)  # the embedded IFrame
