"""autograd/_coexist.py: chainrule's `autograd` refuses, in one clear ImportError, to run from a folder
that HIPS autograd's files share, and stays silent in the checkout, an editable or a normal install.
(tests/test_colab.py does the same with real pip installs.)"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import autograd
from autograd import _coexist

ROOT = Path(__file__).resolve().parent.parent


def layout(tmp_path: Path, hips: list[str] = (), beside: list[str] = ()) -> Path:
    """site/autograd/ with chainrule's __init__.py, plus the given HIPS files in it and folders beside it."""
    package = tmp_path / "site" / "autograd"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("# chainrule's\n")
    (package / "value.py").write_text("")
    for name in hips:
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("# HIPS autograd's\n")
    for name in beside:
        (package.parent / name).mkdir()
    return package


def test_the_checkout_and_this_install_are_not_mistaken_for_a_shared_folder():
    _coexist.check(str(ROOT / "autograd"))  # the repository checkout
    _coexist.check(os.path.dirname(autograd.__file__))  # whatever this venv imports (an editable install)
    assert _coexist.hips_files(str(ROOT / "autograd")) == []
    assert _coexist.hips_metadata(str(ROOT)) is None


@pytest.mark.parametrize("name", _coexist.HIPS_FILES)
def test_each_hips_file_beside_ours_is_found(tmp_path, name):
    package = layout(tmp_path, hips=[name])
    with pytest.raises(ImportError) as caught:
        _coexist.check(str(package))
    shown = name.removesuffix("/__init__.py") + "/" if name.endswith("__init__.py") else name
    assert f"holds HIPS's {shown} beside chainrule's files" in str(caught.value)
    assert str(package) in str(caught.value)


def test_hips_metadata_beside_the_folder_is_found_and_names_the_version(tmp_path):
    package = layout(tmp_path, beside=["autograd-1.9.1.dist-info", "chainrule-0.1.0.dist-info"])
    with pytest.raises(ImportError) as caught:
        _coexist.check(str(package))
    text = str(caught.value)
    assert "'autograd==1.9.1'" in text and "its metadata autograd-1.9.1.dist-info" in text
    assert f"{sys.executable} -m pip uninstall -y chainrule && " in text
    assert f"{sys.executable} -m pip install --force-reinstall --no-deps autograd==1.9.1" in text
    assert f"install --target {_coexist.TARGET} 'chainrule @ git+https://github.com/" in text
    assert f"sys.path.insert(0, os.path.expanduser({_coexist.TARGET!r}))" in text


@pytest.mark.parametrize("name", ["autograd-1.3-py3.8.egg-info", "Autograd-1.7.0.dist-info"])
def test_old_and_oddly_cased_hips_metadata_is_found(tmp_path, name):
    package = layout(tmp_path, beside=[name])
    assert _coexist.hips_metadata(str(package.parent)) == name
    with pytest.raises(ImportError, match="shares its folder with HIPS autograd"):
        _coexist.check(str(package))


@pytest.mark.parametrize(
    "name", ["autograd_gamma-0.5.0.dist-info", "autograd-minimize-0.2.dist-info", "chainrule-0.1.0.dist-info"]
)
def test_other_packages_metadata_is_not_hips(tmp_path, name):
    package = layout(tmp_path, beside=[name, "graphviz-0.21.dist-info"])
    _coexist.check(str(package))  # no error


def test_a_shared_folder_fails_on_import_with_one_message(tmp_path):
    # A copy of this package in a folder that also holds HIPS's tracer.py and metadata, imported fresh.
    site = tmp_path / "site"
    package = site / "autograd"
    shutil.copytree(ROOT / "autograd", package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / "tracer.py").write_text("# HIPS autograd's\n")
    (site / "autograd-1.9.1.dist-info").mkdir()
    env = dict(os.environ, PYTHONPATH=str(site))
    done = subprocess.run(
        [sys.executable, "-c", "import autograd"], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if re.match(r"\w+(Error|Exception):", line)]
    assert len(errors) == 1 and errors[0].startswith("ImportError: chainrule's `autograd` shares its folder")
    assert "Repair HIPS autograd:" in done.stderr and "Then install chainrule into a folder of its own" in done.stderr
