"""The documentation site: every example in the pages and docstrings passes, and the site builds
strictly (a broken link, a missing reference or a failing example fails it) in both languages."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
sys.path.insert(0, str(DOCS))
from docs_examples import module_names, run_doctests  # noqa: E402  (docs/docs_examples.py)

HAS_MKDOCS = importlib.util.find_spec("mkdocs") is not None
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_example_in_the_pages_and_docstrings_passes(lang):
    assert run_doctests(DOCS / lang) == []


def test_the_pages_have_examples_in_both_languages():
    for lang in ("en", "zh"):
        pages = [p for p in (DOCS / lang).rglob("*.md") if ">>> " in p.read_text("utf-8")]
        assert len(pages) >= 6, lang  # home, playground and the guides run their code


def test_the_doctest_walk_finds_every_module_but_main():
    names = module_names()
    assert {"autograd", "autograd.parser", "autograd.web", "nn", "nn.losses"} <= set(names)
    assert not any(name.endswith("__main__") for name in names)


def test_a_failing_example_is_reported_with_its_page(tmp_path):
    (tmp_path / "page.md").write_text("```pycon\n>>> 1 + 1\n3\n```\n\n```pycon\n>>> 2 * 2\n4\n```\n", "utf-8")
    failures = run_doctests(tmp_path, packages=())
    assert len(failures) == 1 and failures[0].startswith("page.md: 1 of 2 examples failed")


def test_a_failing_docstring_example_is_reported(tmp_path, monkeypatch):
    package = tmp_path / "brokenpkg"
    package.mkdir()
    (package / "__init__.py").write_text('"""A package."""\n', "utf-8")
    (package / "maths.py").write_text(
        textwrap.dedent('''
            def double(x):
                """Twice x.

                >>> double(2)
                5
                """
                return 2 * x
        '''),
        "utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    failures = run_doctests(tmp_path, packages=("brokenpkg",))
    assert len(failures) == 1 and failures[0].startswith("brokenpkg.maths.double: 1 of 1 examples failed")


def build(config: Path, site: Path) -> subprocess.CompletedProcess:
    # Not -q: a quiet build hides the warnings that --strict counts, and passes.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=ENV, timeout=600)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not HAS_MKDOCS:
        pytest.skip("mkdocs is not installed (pip install 'chainrule[docs]')")
    site = tmp_path_factory.mktemp("site")
    for config, folder in (("mkdocs.yml", site), ("mkdocs.zh.yml", site / "zh")):
        done = build(ROOT / config, folder)
        assert done.returncode == 0, done.stderr[-3000:]
    return site


@pytest.mark.slow
def test_the_site_builds_strictly_in_both_languages(site):
    for page in ("index.html", "playground/index.html", "guide/teach-the-chain-rule/index.html", "api/nn/index.html"):
        assert (site / page).is_file() and (site / "zh" / page).is_file(), page
    home = (site / "zh" / "index.html").read_text("utf-8")
    assert 'lang="zh"' in home and "链式法则" in home
    assert (site / "assets" / "playground" / "index.html").is_file()
    assert (site / "assets" / "playground" / "wheels" / "manifest.json").is_file()


@pytest.mark.slow
def test_the_api_reference_comes_from_the_docstrings_by_public_names(site):
    page = (site / "api" / "autograd" / "index.html").read_text("utf-8")
    for name in ("autograd.Value", "autograd.draw", "autograd.stepper_html", "autograd.explain"):
        assert f'id="{name}"' in page, name
    assert "A scalar that remembers how it was made" in page  # Value's docstring
    assert 'id="nn.fit"' in (site / "api" / "nn" / "index.html").read_text("utf-8")


@pytest.mark.slow
def test_the_notebooks_are_pages_with_their_saved_outputs(site):
    names = sorted(path.stem for path in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
    assert names
    for name in names:
        page = (site / "notebooks" / name / "index.html").read_text("utf-8")
        assert page.lstrip().startswith("<!doctype html>"), name  # rendered, not the raw JSON
        assert "<img" in page or "<svg" in page, name  # the pictures were saved, not recomputed
    page = (site / "notebooks" / "01_chain_rule_node_by_node" / "index.html").read_text("utf-8")
    assert "gradcheck: True" in page  # an output cell, as committed


@pytest.mark.slow
def test_no_page_loads_anything_from_another_host(site):
    remote = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//""", re.IGNORECASE)
    offenders = [str(path.relative_to(site)) for path in site.rglob("*.html") if remote.search(path.read_text("utf-8"))]
    assert offenders == []


@pytest.mark.slow
def test_a_broken_link_fails_the_strict_build(tmp_path):
    if not HAS_MKDOCS:
        pytest.skip("mkdocs is not installed (pip install 'chainrule[docs]')")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nSee [the guide](guide/missing.md).\n", "utf-8")
    config = tmp_path / "mkdocs.yml"
    lines = [f"INHERIT: {ROOT / 'mkdocs.yml'}", f"docs_dir: {docs}", f"hooks: [{DOCS / 'hooks.py'}]", "watch: []",
             "nav:", "  - Home: index.md"]  # fmt: skip
    config.write_text("\n".join(lines) + "\n", "utf-8")
    done = build(config, tmp_path / "site")
    assert done.returncode != 0
    assert "guide/missing.md" in done.stderr
