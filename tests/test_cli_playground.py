"""autograd/cli/playground.py: `chainrule playground`: the folder, the wheels, one-line errors."""

from __future__ import annotations

import base64
import hashlib
import zipfile

import pytest

import autograd
from autograd.cli import main, playground


def test_chainrules_wheel_holds_both_packages_and_a_true_record(tmp_path):
    name = playground._chainrule_wheel(tmp_path)
    with zipfile.ZipFile(tmp_path / name) as wheel:
        names = set(wheel.namelist())
        record = wheel.read(f"chainrule-{autograd.__version__}.dist-info/RECORD").decode().splitlines()
        for line in record:
            path, digest, size = line.rsplit(",", 2)
            if digest:
                data = wheel.read(path)
                expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                assert (digest, int(size)) == (f"sha256={expected}", len(data)), path
    assert {"autograd/__init__.py", "autograd/web.py", "autograd/parser.py", "nn/__init__.py"} <= names
    assert "autograd/render/static/playground/index.html" in names  # the page ships with the package
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
    assert playground._chainrule_wheel(tmp_path / "again") == name
    assert (tmp_path / name).read_bytes() == (tmp_path / "again" / name).read_bytes()  # reproducible


def test_building_into_a_file_is_refused_in_one_line(tmp_path, capsys):
    target = tmp_path / "taken"
    target.write_text("not a folder", "utf-8")
    assert main(["playground", "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert err == f"chainrule: error: --out {str(target)!r} exists and is not a folder; give a folder name\n"


def test_a_page_folder_without_the_page_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing index.html, playground.js, playground.css, worker.js"):
        playground.build_playground(tmp_path / "out", page=tmp_path)
