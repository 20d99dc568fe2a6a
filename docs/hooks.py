"""MkDocs hooks for chainrule's site: the notebooks, the docstring examples and the playground.

- The notebooks live in notebooks/*.ipynb (Chinese ones in notebooks/zh/); each build copies them
  into docs/<lang>/notebooks/ (ignored by git) and lists them in the nav, so a new one needs no edit here.
- Every docstring example of the `autograd` and `nn` packages, and every `>>>` example in these
  pages, runs with doctest before the build; one failure fails the build.
- The playground (autograd.web.build_playground) is built into site/assets/playground/.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs_examples import run_doctests  # noqa: E402  (docs/docs_examples.py, beside this file)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
LANGS = {"en": NOTEBOOKS, "zh": NOTEBOOKS / "zh"}  # language folder of docs/ -> where its notebooks are
PLAYGROUND = "assets/playground"


def notebooks(lang: str = "en") -> list[Path]:
    """The notebooks of one language, in their order (their names start with a number)."""
    folder = LANGS[lang]
    return sorted(folder.glob("[0-9]*.ipynb")) if folder.is_dir() else []


@event_priority(100)  # before the i18n and jupyter plugins read the nav and the files
def on_config(config):
    """Copy the notebooks into docs/<lang>/notebooks/ (ignored by git) and list them in the nav."""
    docs = Path(config["docs_dir"])
    for lang in LANGS:
        folder = docs / lang / "notebooks"
        wanted = {path.name: path for path in notebooks(lang)}
        for stale in folder.glob("*.ipynb") if folder.is_dir() else []:
            if stale.name not in wanted:
                stale.unlink()
        for name, path in wanted.items():
            folder.mkdir(parents=True, exist_ok=True)
            if not (folder / name).is_file() or (folder / name).read_bytes() != path.read_bytes():
                shutil.copyfile(path, folder / name)
    for section in config["nav"]:
        if isinstance(section, dict) and "Notebooks" in section:
            section["Notebooks"] = [f"notebooks/{path.name}" for path in notebooks("en")]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # the checkout's autograd and nn, also without an editable install
    return config


def on_pre_build(config):
    failures = run_doctests(Path(config["docs_dir"]))
    if failures:
        raise PluginError("doctest failed:\n" + "\n".join(failures))


def on_post_build(config):
    # The i18n plugin builds each language into its own folder; the playground goes to the site's root.
    site = Path(config["site_dir"])
    root = site.parent if site.name in LANGS and site.name != "en" else site
    from autograd.web import build_playground

    try:
        build_playground(root / PLAYGROUND)
    except (OSError, RuntimeError) as error:
        raise PluginError(f"the playground could not be built: {error}") from None
