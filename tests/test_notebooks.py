"""The teaching notebooks, in English (notebooks/) and Chinese (notebooks/zh/), both built from one source
in notebooks/src/: each runs top to bottom in a fresh kernel and shows its pictures; the committed copies
match their sources. The two languages of a notebook run at the same time, in two kernels.

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
TRANSLATED = NAMES  # every Markdown cell has its Chinese twin
LANGS = ("en", "zh")
NEEDS = {"07_graduating_to_pytorch": "torch"}
PICTURE_TYPES = {"image/svg+xml", "image/png"}
TIMEOUT = 120  # seconds per cell


def _cjk_font():
    import matplotlib

    matplotlib.use("Agg")
    import nn

    return nn.plot.chinese_font()


CJK_FONT = _cjk_font()


def _builder():
    spec = importlib.util.spec_from_file_location("chainrule_notebook_build", NOTEBOOKS / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _builder()


def committed(name: str, lang: str = "en"):
    return nbformat.read(NOTEBOOKS / build.FOLDERS[lang] / f"{name}.ipynb", as_version=4)


def source(name: str) -> str:
    return (NOTEBOOKS / "src" / f"{name}.py").read_text(encoding="utf-8")


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


def run(notebooks: list, tmp_path: Path) -> list:
    """Execute the notebooks at once, each in a fresh kernel working in its own folder under tmp_path;
    a failing cell raises CellExecutionError."""
    folders = []
    for i, nb in enumerate(notebooks):
        for cell in code_cells(nb):
            cell.outputs, cell.execution_count = [], None  # only fresh outputs count
        folders.append(tmp_path / str(i))
        folders[-1].mkdir()
    before = sorted(NOTEBOOKS.rglob("*"))
    build.execute_together(list(zip(notebooks, folders)), timeout=TIMEOUT)
    assert sorted(NOTEBOOKS.rglob("*")) == before, "the notebook wrote files next to the notebooks"
    return notebooks


def requirements(name: str) -> None:
    if name in NEEDS:
        pytest.importorskip(NEEDS[name])


def test_the_notebooks_and_their_sources_are_there():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == NAMES
    assert sorted(p.stem for p in (NOTEBOOKS / "src").glob("*.py")) == NAMES


def test_every_source_has_its_chinese_notebook():
    sources = sorted(p.stem for p in (NOTEBOOKS / "src").glob("[0-9][0-9]_*.py"))
    assert sorted(p.stem for p in (NOTEBOOKS / "zh").glob("*.ipynb")) == sources


@pytest.mark.parametrize("name", TRANSLATED)
def test_every_markdown_cell_is_also_written_in_chinese(name):
    assert build.untranslated(source(name), name[:2]) == []
    english, chinese = committed(name), committed(name, "zh")
    assert [c.id for c in english.cells] == [c.id for c in chinese.cells]  # cell for cell, the same ids
    for en, zh in zip(english.cells, chinese.cells):
        if en.cell_type == "markdown" and en.id != f"{name[:2]}-colab":
            assert zh.source != en.source and re.search(r"[\u4e00-\u9fff]", zh.source), en.source[:60]


def test_the_chinese_preamble_points_at_notebooks_zh():
    nb = committed(NAMES[0], "zh")
    badge = nb.cells[0].source
    assert f"/blob/main/notebooks/zh/{NAMES[0]}.ipynb)" in badge and "在 Colab 中打开" in badge
    assert nb.cells[1].source == build.INSTALL_ZH and "请先运行这个单元格" in nb.cells[1].source


def test_a_code_twin_may_change_only_its_words():
    words = '# %%\nprint("hello")  # greet\n# %% lang=zh\nprint("你好")  # 问好\n'
    assert [c.source for c in build.parse(words, "99", "zh")] == ['print("你好")  # 问好']
    with pytest.raises(ValueError, match="differs in its code"):
        build.parse("# %%\nx = 1\n# %% lang=zh\nx = 2\n", "99", "zh")
    with pytest.raises(ValueError, match="must follow the markdown cell it translates"):
        build.parse("# %%\nx = 1\n# %% [markdown] lang=zh\n# 你好\n", "99", "zh")


def test_a_new_source_gets_a_chinese_notebook_with_its_english_cells_kept():
    text = '# %% [markdown]\n# # 99 · New\n# %%\nLANG = "en"\n'
    text += "# %% [markdown]\n# more\n# %% [markdown] lang=zh\n# 更多\n"
    assert build.untranslated(text, "99") == ["# 99 · New"]
    cells = build.parse(text, "99", "zh")
    assert [c.source for c in cells] == ["# 99 · New", 'LANG = "en"', "更多"]  # build() then sets LANG = "zh"


def test_committed_notebooks_match_their_sources():
    assert build.check(build.sources([])) == [], "rebuild with: python notebooks/build.py"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_was_run_fresh_and_shows_its_pictures(name, lang):
    nb = committed(name, lang)
    counts = [cell.execution_count for cell in code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), "run it top to bottom in one fresh kernel"
    assert not [o for c in code_cells(nb) for o in c.outputs if o.output_type == "error"]
    assert any("picture" in cell.metadata.get("tags", []) for cell in nb.cells)
    assert cells_without_picture(nb) == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_notebook_follows_the_house_style(name, lang):
    nb = committed(name, lang)
    cells = build.lesson(nb)  # after the Colab badge and the install cell that build.py puts first
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith(f"# {name[:2]} · ")
    first = next(cell for cell in cells if cell.cell_type == "code").source
    assert "random.seed(" in first and re.search(f'^LANG = "{lang}"', first, re.M)
    assert re.search(r"^set_language\(LANG\)", first, re.M), "errors, warnings and plots follow LANG too"
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
def test_notebook_runs_top_to_bottom_in_both_languages(name, tmp_path):
    requirements(name)
    english, chinese = run([committed(name), committed(name, "zh")], tmp_path)  # two kernels at once
    for nb in (english, chinese):
        assert cells_without_picture(nb) == []
        assert "Traceback" not in output_text(nb)
        if CJK_FONT:  # matplotlib draws the Chinese titles with it, glyph by glyph after DejaVu
            assert "missing from font" not in output_text(nb)
    if name in EXPLAINING:
        text = output_text(chinese)
        assert "链式法则" in text  # explain's introduction in Chinese
        assert "by the chain rule" not in text  # and no explanation left in English


def test_chinese_lines_join_without_a_space_where_markdown_would_put_one():
    lines = ["从 L 出发，", "逐边地走。", "    ∂L/∂w = 1", "* 第一项，", "  接着写。", "and English", "stays"]
    joined = ["从 L 出发，逐边地走。", "    ∂L/∂w = 1", "* 第一项，接着写。", "and English", "stays"]
    assert build._joined(lines) == joined
