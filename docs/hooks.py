"""MkDocs hooks for chainrule's site: the notebooks, the docstring examples and the playground.

- The notebooks live in notebooks/*.ipynb (Chinese ones in notebooks/zh/, when there are any); each
  build copies its language's into docs/<lang>/notebooks/ (ignored by git) and lists them in the nav,
  so a new notebook needs no edit of mkdocs.yml. A language without notebooks shows the English ones.
- Every docstring example of the `autograd` and `nn` packages, and every `>>>` example in these
  pages, runs with doctest before the build; one failure fails the build.
- The playground (autograd.cli.playground.build_playground) is built into site/assets/playground/.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs_examples import run_doctests  # noqa: E402  (docs/docs_examples.py, beside this file)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = {"en": ROOT / "notebooks", "zh": ROOT / "notebooks" / "zh"}
SECTIONS = ("Notebooks", "笔记本")  # the nav section the notebooks go into, in each language
PLAYGROUND = "assets/playground"


def language(config) -> str:
    return "zh" if str(config["theme"]["language"]).startswith("zh") else "en"


def notebooks(lang: str) -> list[Path]:
    """The notebooks of one language in their order (names start with a number); the English ones
    stand in for a language that has none yet."""
    folder = NOTEBOOKS[lang]
    found = sorted(folder.glob("[0-9]*.ipynb")) if folder.is_dir() else []
    return found or (notebooks("en") if lang != "en" else [])


@event_priority(100)  # before the jupyter plugin reads the files
def on_config(config):
    """Copy the notebooks into <docs_dir>/notebooks/ (ignored by git) and list them in the nav."""
    folder = Path(config["docs_dir"]) / "notebooks"
    wanted = {path.name: path for path in notebooks(language(config))}
    for stale in folder.glob("*.ipynb") if folder.is_dir() else []:
        if stale.name not in wanted:
            stale.unlink()
    for name, path in wanted.items():
        folder.mkdir(parents=True, exist_ok=True)
        page = _without_widget_state(path)
        if not (folder / name).is_file() or (folder / name).read_text("utf-8") != page:
            (folder / name).write_text(page, "utf-8")
    for section in config["nav"]:
        for key in SECTIONS:
            if isinstance(section, dict) and key in section:
                section[key] = [f"notebooks/{name}" for name in wanted]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # the checkout's autograd and nn, also without an editable install
    return config


# The badge's image, whatever its words ("Open In Colab", "在 Colab 中打开"): the link stays, as text.
_BADGE = re.compile(r"\[!\[([^\]]*)\]\(https://colab\.research\.google\.com/assets/colab-badge\.svg\)\]\(")


def _without_widget_state(path: Path) -> str:
    """The notebook without what a page would load from another host: its saved widget state (with
    it, nbconvert's page loads the widget manager from a CDN; without it, a progress bar shows as the
    text it also saved) and the Colab badge's image (the link stays, as text)."""
    notebook = json.loads(path.read_text("utf-8"))
    notebook.get("metadata", {}).pop("widgets", None)
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = _BADGE.sub(lambda badge: f"[{badge[1]}](", source)
    return json.dumps(notebook, ensure_ascii=False, indent=1) + "\n"


def on_pre_build(config):
    failures = run_doctests(Path(config["docs_dir"]))
    if failures:
        raise PluginError("doctest failed:\n" + "\n".join(failures))


def on_post_build(config):
    # The Chinese site is site/zh/ inside the English one; the playground goes to the whole site's root.
    site = Path(config["site_dir"])
    root = site.parent if language(config) != "en" else site
    from autograd.cli.playground import build_playground

    try:
        build_playground(root / PLAYGROUND)
    except (OSError, RuntimeError) as error:
        raise PluginError(f"the playground could not be built: {error}") from None
