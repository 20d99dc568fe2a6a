"""What installing chainrule gives and asks for: `python -m chainrule`, typed packages, project URLs,
extras that a hosted notebook's own packages satisfy, one repository name everywhere, and the install
recipe that the README and every notebook share."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import setuptools

from autograd import _coexist

ROOT = Path(__file__).resolve().parent.parent
tomllib = pytest.importorskip("tomllib")
requirements = pytest.importorskip("packaging.requirements")

# What Colab ships (a `pip list` there): no extra may need other versions of these.
COLAB = {"ipywidgets": "7.7.1", "ipykernel": "6.17.1", "matplotlib": "3.10.0", "tqdm": "4.67.1",
         "notebook": "6.5.7", "torch": "2.6.0", "graphviz": "0.20.3"}  # fmt: skip


def _builder():
    spec = importlib.util.spec_from_file_location("chainrule_notebook_build", ROOT / "notebooks" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _builder()
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
README = (ROOT / "README.md").read_text(encoding="utf-8")


def extra(name: str) -> list:
    """The requirements of an extra, its chainrule[...] references expanded."""
    found = []
    for line in PYPROJECT["project"]["optional-dependencies"][name]:
        req = requirements.Requirement(line)
        found += [r for e in sorted(req.extras) for r in extra(e)] if req.name == "chainrule" else [req]
    return found


def cli(*argv) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *argv], capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize(
    "argv", [["--help"], ["trace", "x*y + y", "--at", "x=2", "y=3"], ["trace", "x*", "--at", "x=2"], ["--version"]]
)
def test_python_m_chainrule_is_python_m_autograd(argv):
    ours, theirs = cli("chainrule", *argv), cli("autograd", *argv)
    assert (ours.returncode, ours.stdout, ours.stderr) == (theirs.returncode, theirs.stdout, theirs.stderr)
    assert ours.stdout or ours.stderr


def test_the_packages_ship_py_typed_and_the_chainrule_package():
    config = PYPROJECT["tool"]["setuptools"]
    found = setuptools.find_packages(str(ROOT), include=config["packages"]["find"]["include"])
    assert {
        "autograd",
        "autograd.teach",
        "autograd.render",
        "autograd.compile",
        "autograd.cli",
        "nn",
        "chainrule",
    } <= set(found)
    for package in ("autograd", "nn"):
        assert "py.typed" in config["package-data"][package] and (ROOT / package / "py.typed").is_file()
    assert (ROOT / "chainrule" / "__main__.py").is_file()


def test_project_urls_name_the_repository_of_the_colab_badges():
    urls = PYPROJECT["project"]["urls"]
    assert {"Homepage", "Source", "Issues"} <= set(urls)
    assert urls["Source"] == _coexist.SOURCE == f"https://github.com/{build.REPOSITORY}"
    everywhere = [*urls.values(), README, build.INSTALL, (ROOT / "notebooks" / "build.py").read_text()]
    named = {m for text in everywhere for m in re.findall(r"github\.com/([\w.-]+/[\w.-]+?)(?:/|\.git|\b)", text)}
    assert named == {build.REPOSITORY}


@pytest.mark.parametrize("name", ["plot", "notebook", "torch", "pdf"])
def test_no_extra_but_jupyter_asks_colab_for_another_version(name):
    for req in extra(name):
        if req.name in COLAB:
            assert req.specifier.contains(COLAB[req.name], prereleases=True), f"{name}: {req} vs Colab's {req.name}"


def test_ipywidgets_7_and_8_and_any_torch_2_are_accepted():
    (widgets,) = [r for r in extra("notebook") if r.name == "ipywidgets"]
    assert all(widgets.specifier.contains(v) for v in ("7.7.1", "7.8.5", "8.1.5"))
    assert not widgets.specifier.contains("9.0")
    (torch,) = extra("torch")
    assert all(torch.specifier.contains(v) for v in ("2.0.1", "2.6.0", "2.13.0")), torch  # not a pin
    jupyter = {r.name for r in extra("jupyter")}
    assert {"jupyterlab", "notebook", "ipykernel"} <= jupyter  # what `make notebook` needs, locally


def test_the_makefile_opens_jupyterlab_and_still_pins_the_cpu_torch():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^notebook: .*\n\t\$\(BIN\)/jupyter lab ", makefile, re.M)
    assert "pip install --quiet -e '.[jupyter]'" in makefile
    assert 'pip install --quiet "torch==2.13.0+cpu"' in makefile


def test_the_readme_gives_the_install_cell_of_the_notebooks():
    assert f"```python\n{build.INSTALL}\n```" in README
    assert f'os.path.expanduser("{_coexist.TARGET}")' in build.INSTALL  # the error message names the same folder
    assert "make notebook" in README and ".venv/bin/chainrule" in README


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_notebook_starts_with_the_colab_badge_and_the_install_cell(path):
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(path, as_version=4)
    badge, install = nb.cells[:2]
    url = f"https://colab.research.google.com/github/{build.REPOSITORY}/blob/main/notebooks/{path.name}"
    assert badge.cell_type == "markdown" and f"[![Open In Colab]({build.COLAB_BADGE})]({url})" == badge.source
    assert install.cell_type == "code" and install.source == build.INSTALL
    assert install.outputs == []  # where chainrule is installed, the cell does nothing and says nothing
