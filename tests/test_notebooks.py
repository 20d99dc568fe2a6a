"""The teaching notebooks: each runs top to bottom in a fresh kernel, shows its pictures, and the
explaining ones also run in Chinese. The committed copies match their sources in notebooks/src/.

Kernels are this Python (the project's venv) with the repository on PYTHONPATH, and work in a
temporary folder, so a notebook that writes files cannot litter the repository.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")
nbformat = pytest.importorskip("nbformat")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NAMES = [
    "01_chain_rule_node_by_node",
    "02_one_neuron_and_losses",
    "03_graphs_and_topological_order",
    "04_train_an_mlp",
    "05_optimizers_and_initialisation",
    "06_overfitting_and_regularisation",
    "07_graduating_to_pytorch",
    "08_your_turn_backward_by_hand",
]
EXPLAINING = [*NAMES[:3], NAMES[7]]  # the notebooks that call explain(..., lang=LANG) or make exercises in LANG
NEEDS = {"07_graduating_to_pytorch": "torch"}
PICTURE_TYPES = {"image/svg+xml", "image/png"}
TIMEOUT = 120  # seconds per cell


def _builder():
    spec = importlib.util.spec_from_file_location("chainrule_notebook_build", NOTEBOOKS / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _builder()


def committed(name: str):
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def code_cells(nb) -> list:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def cells_without_picture(nb) -> list[int]:
    """Indices of the cells tagged "picture" that display neither SVG nor PNG."""
    missing = []
    for i, cell in enumerate(nb.cells):
        if "picture" in cell.metadata.get("tags", []):
            shown = {kind for output in cell.get("outputs", []) for kind in output.get("data", {})}
            if not shown & PICTURE_TYPES:
                missing.append(i)
    return missing


def output_text(nb) -> str:
    """Every text the notebook printed or displayed (streams, plain text, Markdown, HTML)."""
    parts = []
    for cell in code_cells(nb):
        for output in cell.outputs:
            parts.append(output.get("text", ""))
            data = output.get("data", {})
            parts += [data.get(kind, "") for kind in ("text/plain", "text/markdown", "text/html")]
    return "\n".join(parts)


def run(nb, tmp_path: Path):
    """Execute nb in a fresh kernel working in tmp_path; a failing cell raises CellExecutionError."""
    for cell in code_cells(nb):
        cell.outputs, cell.execution_count = [], None  # only fresh outputs count
    before = sorted(NOTEBOOKS.rglob("*"))
    build.execute(nb, cwd=tmp_path, timeout=TIMEOUT)
    assert sorted(NOTEBOOKS.rglob("*")) == before, "the notebook wrote files next to the notebooks"
    return nb


def requirements(name: str) -> None:
    if name in NEEDS:
        pytest.importorskip(NEEDS[name])


def test_the_notebooks_and_their_sources_are_there():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == NAMES
    assert sorted(p.stem for p in (NOTEBOOKS / "src").glob("*.py")) == NAMES


def test_committed_notebooks_match_their_sources():
    assert build.check(build.sources([])) == [], "rebuild with: python notebooks/build.py"


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_was_run_fresh_and_shows_its_pictures(name):
    nb = committed(name)
    counts = [cell.execution_count for cell in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), "run it top to bottom in one fresh kernel"
    assert not [o for c in code_cells(nb) for o in c.outputs if o.output_type == "error"]
    assert any("picture" in cell.metadata.get("tags", []) for cell in nb.cells)
    assert cells_without_picture(nb) == []


@pytest.mark.parametrize("name", NAMES)
def test_notebook_follows_the_house_style(name):
    nb = committed(name)
    cells = build.lesson(nb)  # after the Colab badge and the install cell that build.py puts first
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith(f"# {name[:2]} · ")
    first = next(cell for cell in cells if cell.cell_type == "code").source
    assert "random.seed(" in first and re.search(r'^LANG = "en"', first, re.M)
    headings = [c for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("## ")]
    assert len(headings) >= 3  # an idea per section, each introduced in Markdown
    code = "\n".join(cell.source for cell in code_cells(nb))
    assert not re.search(r"^class ", code, re.M), "notebooks use the package, they do not define engine classes"
    assert set(re.findall(r"from autograd\.(\w+)", code)) <= {"examples"}, "import the public names only"
    calls = re.findall(r"\b(?:explain|why|stepper_html|exercise|generate|preset)\([^\n]*", code)
    assert all("lang=LANG" in call for call in calls), "every explaining call follows the first cell's LANG"
    assert calls or name not in EXPLAINING


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(name, tmp_path):
    requirements(name)
    nb = run(committed(name), tmp_path)
    assert cells_without_picture(nb) == []
    assert "Traceback" not in output_text(nb)


@pytest.mark.slow
@pytest.mark.parametrize("name", EXPLAINING)
def test_explaining_notebook_runs_in_chinese(name, tmp_path):
    nb = run(build.set_lang(committed(name), "zh"), tmp_path)
    text = output_text(nb)
    assert "链式法则" in text  # explain's introduction in Chinese
    assert "by the chain rule" not in text  # and no explanation left in English
    assert cells_without_picture(nb) == []
