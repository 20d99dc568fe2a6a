"""The examples that must pass for the site to build: every docstring example of the `autograd` and
`nn` packages (found by walking them, wherever the code lives) and every `>>>` example in the pages.
Used by docs/hooks.py before each build and by tests/test_docs_examples.py."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

PACKAGES = ("autograd", "nn")
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
FENCE = re.compile(r"^ *```.*$", re.MULTILINE)


def run_doctests(docs: Path, packages=PACKAGES) -> list[str]:
    """Run the examples; return one report per failing docstring or page (empty when all pass)."""
    failures = []
    finder = doctest.DocTestFinder()
    for name in module_names(packages):
        for test in finder.find(importlib.import_module(name), name):
            failures += _run(test)
    parser = doctest.DocTestParser()
    for page in sorted(Path(docs).rglob("*.md")):
        text = FENCE.sub("", page.read_text("utf-8"))  # a closing ``` would read as expected output
        if ">>> " in text:
            failures += _run(parser.get_doctest(text, {}, page.relative_to(docs).as_posix(), str(page), 0))
    return failures


def _run(test: doctest.DocTest) -> list[str]:
    report = []
    result = doctest.DocTestRunner(optionflags=FLAGS).run(test, out=report.append)
    return (
        [f"{test.name}: {result.failed} of {result.attempted} examples failed\n{''.join(report)}"]
        if result.failed
        else []
    )


def module_names(packages=PACKAGES) -> list[str]:
    """Every module of the packages (never a __main__, which would run a command)."""
    names = []
    for package in packages:
        module = importlib.import_module(package)
        names.append(package)
        names += [info.name for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}.")
                  if not info.name.endswith("__main__")]  # fmt: skip
    return names
