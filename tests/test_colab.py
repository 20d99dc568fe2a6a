"""chainrule in a Colab-like environment, installed exactly as the README and every notebook's first
cells say, beside a preinstalled HIPS autograd that must stay intact; and the one clear error (and its
repair) when chainrule is pip-installed over HIPS autograd instead.

Slow: each test builds venvs and installs into them (pip's cache makes re-runs quicker). Colab is
modelled by what matters here: HIPS autograd 1.9.1, ipywidgets 7.7.1, matplotlib, tqdm and a kernel,
and no chainrule. chainrule comes from a wheel built from this checkout; CHAINRULE_SOURCE points the
install cell at it instead of the repository URL (the cell documents that variable).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
COLAB = ["autograd==1.9.1", "ipywidgets==7.7.1", "ipykernel", "matplotlib", "tqdm"]
TIMES: dict[str, float] = {}  # seconds per stage, printed at the end (pytest -s) for the report


def _builder():
    spec = importlib.util.spec_from_file_location("chainrule_notebook_build", ROOT / "notebooks" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _builder()


def pip_env(home: Path | None = None) -> dict:
    """This environment for pip and kernels: no PYTHONPATH or venv of ours, pip's usual cache kept."""
    cache = os.environ.get("PIP_CACHE_DIR") or os.path.join(os.environ.get("XDG_CACHE_HOME", "~/.cache"), "pip")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(PIP_CACHE_DIR=os.path.expanduser(cache), PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    if home is not None:
        env["HOME"] = str(home)  # the install cell's ~/.chainrule-lib lands in the test's folder
    return env


def run(*argv, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("env", pip_env())
    done = subprocess.run([str(a) for a in argv], capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{argv} failed:\n{done.stdout}\n{done.stderr}"
    return done


def timed(stage: str, make):
    start = time.perf_counter()
    result = make()
    TIMES[stage] = time.perf_counter() - start
    return result


def venv(folder: Path, packages: list) -> Path:
    """A fresh venv at `folder` with `packages` pip-installed; returns its python."""
    run(sys.executable, "-m", "venv", folder)
    python = folder / "bin" / "python"
    run(python, "-m", "pip", "install", "-q", "--no-compile", *packages)  # compiling .pyc doubles the time
    return python


def site_packages(python: Path) -> Path:
    return Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())


def damaged_files(site: Path, distribution: str) -> list[str]:
    """The files of an installed distribution that are missing or differ from its RECORD's hashes."""
    (info,) = site.glob(f"{distribution}-*.dist-info")
    damaged = []
    for row in csv.reader((info / "RECORD").read_text(encoding="utf-8").splitlines()):
        path, digest = row[0], row[1]
        if not digest or path.startswith(info.name):  # the metadata's own markers (REQUESTED) may come and go
            continue
        algorithm, _, expected = digest.partition("=")
        file = site / path
        data = file.read_bytes() if file.is_file() else None
        actual = data and base64.urlsafe_b64encode(hashlib.new(algorithm, data).digest()).rstrip(b"=").decode()
        if actual != expected:
            damaged.append(path)
    return damaged


HIPS_CHECK = """
from autograd import grad
import autograd.numpy as np
from autograd.differential_operators import grad as hips_grad
assert grad is hips_grad, grad
print(grad(np.tanh)(0.0), np.__name__)
"""


def assert_hips_intact(python: Path) -> None:
    """HIPS autograd imports in a fresh process, is HIPS's, and its files match its RECORD."""
    done = run(python, "-c", HIPS_CHECK, cwd=python.parent)
    assert done.stdout.split() == ["1.0", "autograd.numpy"]
    assert damaged_files(site_packages(python), "autograd") == []


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """chainrule's wheel, built from a copy of this checkout's sources (the checkout stays clean)."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in ("autograd", "nn", "chainrule"):
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    timed("build the wheel", lambda: run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp, source))
    (found,) = tmp.glob("chainrule-*.whl")
    return found


def test_the_wheel_ships_typed_packages_the_chainrule_package_and_the_urls(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        text = archive.read(metadata).decode("utf-8")
    assert {"autograd/py.typed", "nn/py.typed", "autograd/_coexist.py", "chainrule/__main__.py"} <= names
    assert any(name.startswith("autograd/render/static/") for name in names)
    assert f"Project-URL: Source, https://github.com/{build.REPOSITORY}" in text
    assert "Provides-Extra: jupyter" in text


def test_colab_like_environment_follows_the_install_cell_and_keeps_hips_autograd(wheel, tmp_path):
    python = timed("Colab-like venv", lambda: venv(tmp_path / "colab", COLAB))
    site = site_packages(python)
    assert damaged_files(site, "autograd") == []  # HIPS autograd as pip installed it

    home = tmp_path / "home"
    home.mkdir()
    env = dict(pip_env(home), CHAINRULE_SOURCE=str(wheel))
    env.pop("CI", None)  # a progress bar, as a student sees it
    nb = nbformat.read(ROOT / "notebooks" / "01_chain_rule_node_by_node.ipynb", as_version=4)
    assert [c.id for c in nb.cells[:2]] == ["01-colab", "01-install"] and nb.cells[1].source == build.INSTALL
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    checks = """\
import importlib.metadata
import autograd
import nn
assert autograd.__file__.startswith(TARGET) and nn.__file__.startswith(TARGET), (autograd.__file__, nn.__file__)
X, y = nn.data.make_moons(n_samples=20, noise=0.1, random_state=0)
history = nn.fit(nn.MLP(2, [4, 1], seed=0), X, y, loss="hinge", epochs=3)
print("HIPS autograd", importlib.metadata.version("autograd"), "| chainrule", importlib.metadata.version("chainrule"))
"""
    nb.cells.append(nbformat.v4.new_code_cell(checks))
    work = tmp_path / "work"
    work.mkdir()
    timed("notebook 01, install cell included", lambda: build.execute(nb, work, 300, python=str(python), env=env))

    target = home / ".chainrule-lib"
    assert (target / "autograd" / "__init__.py").is_file() and (target / "chainrule").is_dir()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(o.get("text", "") for o in outputs)
    assert "HIPS autograd 1.9.1 | chainrule 0.1.0" in text
    assert "IProgress not found" not in text
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)  # ipywidgets 7.7.1
    assert any("image/svg+xml" in o.get("data", {}) for o in outputs)  # draw(): graphviz-pure from the folder

    # A new kernel (Colab's "Restart runtime"): the cell finds the folder and installs nothing again.
    again = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(build.INSTALL), nbformat.v4.new_code_cell(
        "import autograd\nassert autograd.__file__.startswith(TARGET)\nprint(autograd.Value(2.0) * 3)")])  # fmt: skip
    no_source = dict(env, CHAINRULE_SOURCE=str(tmp_path / "no-such-wheel.whl"))  # pip would fail on it
    timed("a second kernel", lambda: build.execute(again, work, timeout=120, python=str(python), env=no_source))
    assert "Value(data=6" in again.cells[1].outputs[0]["text"]

    # A separate process of that Python still gets HIPS autograd, untouched; chainrule is not in the venv.
    timed("HIPS check", lambda: assert_hips_intact(python))
    find = "import importlib.util as u; print([u.find_spec(m) for m in ('chainrule', 'nn')])"
    missing = run(python, "-c", find, cwd=tmp_path)
    assert missing.stdout.strip() == "[None, None]"
    command = run(python, "-m", "chainrule", "--version", cwd=tmp_path, env=dict(pip_env(), PYTHONPATH=str(target)))
    assert "0.1.0" in command.stdout + command.stderr
    print("\nColab-like test, seconds:", ", ".join(f"{k} {v:.1f}" for k, v in TIMES.items()))


def test_pip_installing_over_hips_autograd_fails_loudly_and_the_message_repairs_it(wheel, tmp_path):
    python = timed("HIPS venv", lambda: venv(tmp_path / "hips", ["autograd==1.9.1"]))
    timed("pip install chainrule over it", lambda: run(python, "-m", "pip", "install", "-q", wheel))
    assert damaged_files(site_packages(python), "autograd") != []  # what the issue describes: HIPS overwritten

    messages = []
    for statement in ("import autograd", "import nn", "from autograd import grad"):
        done = subprocess.run([python, "-c", statement], capture_output=True, text=True, cwd=tmp_path, env=pip_env())
        assert done.returncode == 1, statement
        errors = [line for line in done.stderr.splitlines() if line.startswith(("ImportError", "ModuleNotFound"))]
        assert len(errors) == 1 and errors[0].startswith("ImportError: chainrule's `autograd` shares its folder")
        messages.append(done.stderr[done.stderr.index("ImportError: ") :])
    assert messages[0] == messages[1] == messages[2]
    message = messages[0]
    assert "'autograd==1.9.1'" in message and "tracer.py" in message

    # Follow the message: its repair command, then its install into a folder of its own.
    home = tmp_path / "home"
    home.mkdir()
    lines = message.splitlines()
    repair = next(line for line in lines if line.startswith("Repair HIPS autograd:")).split(":  ", 1)[1]
    timed("the repair command", lambda: run("bash", "-c", repair, env=pip_env(home)))
    assert_hips_intact(python)
    install = next(line for line in lines if " install --target " in line).strip()
    source = install[install.index("'chainrule @") :]
    run("bash", "-c", install.replace(source, str(wheel)), env=pip_env(home))
    first = next(line for line in lines if "sys.path.insert" in line).strip()
    done = run(python, "-c", f"{first}\nimport autograd, nn\nprint(autograd.__file__)", cwd=tmp_path, env=pip_env(home))
    assert done.stdout.startswith(str(home / ".chainrule-lib"))
    assert_hips_intact(python)
    print("\nOver-HIPS test, seconds:", ", ".join(f"{k} {v:.1f}" for k, v in TIMES.items()))
