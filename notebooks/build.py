"""Build the teaching notebooks from their readable sources in notebooks/src/, and run them fresh.

A source is a plain-text "percent" script: `# %% [markdown]` starts a Markdown cell (its lines
begin with `# `), `# %%` starts a code cell, and `# %% tags=["picture"]` a code cell that must
show a picture (tests/test_notebooks.py checks it).

One source makes two notebooks: the English one in notebooks/ and the Chinese one in notebooks/zh/.
A cell headed `# %% [markdown] lang=zh` is the Chinese of the Markdown cell just before it; the
English notebook leaves it out, the Chinese one has it in the English cell's place. Code is shared:
a code cell may have a `# %% lang=zh` twin for its words (the strings and comments: plot titles,
printed labels), and the build refuses a twin whose code differs in anything else. In the Chinese
notebook `LANG = "en"` in the first code cell reads `LANG = "zh"`, so `explain(..., lang=LANG)`,
`set_language(LANG)` and everything after them speak Chinese. A Markdown cell without a Chinese
twin stays English in the Chinese notebook (`untranslated` lists them; the tests require none in
the committed notebooks, and a new notebook's source gets its Chinese notebook with no other change).
Edit the source, then rebuild:

    python notebooks/build.py              # every notebook in both languages: build, execute, write .ipynb
    python notebooks/build.py 01 04        # only these
    python notebooks/build.py --lang zh 01 # only the Chinese of 01
    python notebooks/build.py --check      # the .ipynb cells match their sources (no kernel needed)

Both languages of a notebook execute at the same time, each in its own kernel (the machine's two
cores then both work).

Every notebook starts with two cells made here, not in its source: an "Open in Colab" badge and
the install cell (INSTALL), which puts chainrule into a folder of its own, first on sys.path, so
an environment's own `autograd` (Colab preinstalls HIPS autograd) stays untouched; where
chainrule is already importable it does nothing. The README gives the same cell.

The kernel is this Python (sys.executable), with the repository first on PYTHONPATH.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import sys
import tempfile
import time
import tokenize
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SOURCES = HERE / "src"
HEADER = re.compile(r"^# %%(?P<markdown> \[markdown\])?(?: lang=(?P<lang>\w+))?(?: tags=(?P<tags>\[.*\]))?\s*$")
LANGS = ("en", "zh")  # the source's own language first; every other one is a translation of it
FOLDERS = {"en": "", "zh": "zh/"}  # where each language's notebooks live, under notebooks/
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANG_LINE = re.compile(r'^LANG = "en"', re.M)

REPOSITORY = "chainrule/chainrule"  # owner/name on GitHub: the Colab badges, the install cell, the README
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
PREAMBLE = ("colab", "install")  # the ids (after "NN-") of the cells every notebook starts with
INSTALL = f"""\
# Run this cell first. On Colab (or any Jupyter without chainrule) it installs chainrule into a
# folder of its own and puts that folder first on sys.path, so the environment's own `autograd`
# (Colab preinstalls the unrelated HIPS autograd) stays untouched. Where chainrule is already
# installed (a local venv, `make notebook`), it does nothing.
import importlib.util
import os
import subprocess
import sys

SOURCE = "chainrule @ git+https://github.com/{REPOSITORY}"
CHAINRULE = os.environ.get("CHAINRULE_SOURCE", SOURCE)  # or a wheel, a checkout
TARGET = os.path.expanduser("~/.chainrule-lib")
if importlib.util.find_spec("chainrule") is None:
    if not os.path.isdir(os.path.join(TARGET, "chainrule")):
        pip = [sys.executable, "-m", "pip", "install", "-q", "--target", TARGET, CHAINRULE]
        subprocess.run(pip, check=True)
    sys.path.insert(0, TARGET)
    os.environ["PATH"] = os.path.join(TARGET, "bin") + os.pathsep + os.environ["PATH"]  # for `dot`"""
# The same cell with its comments in Chinese (the code is the same, line for line: build.py checks it).
INSTALL_ZH = INSTALL.replace(
    """# Run this cell first. On Colab (or any Jupyter without chainrule) it installs chainrule into a
# folder of its own and puts that folder first on sys.path, so the environment's own `autograd`
# (Colab preinstalls the unrelated HIPS autograd) stays untouched. Where chainrule is already
# installed (a local venv, `make notebook`), it does nothing.""",
    """# 请先运行这个单元格。在 Colab（或任何还没有 chainrule 的 Jupyter）里，它把 chainrule 安装到
# 一个单独的文件夹，并把这个文件夹放在 sys.path 的最前面，这样环境自带的 `autograd`
# （Colab 预装了与本项目无关的 HIPS autograd）不会被改动。如果 chainrule 已经装好了
# （本地的虚拟环境、`make notebook`），它什么也不做。""",
).replace("# or a wheel, a checkout", "# 也可以是一个 wheel 文件或本地检出的目录")
INSTALLS = {"en": INSTALL, "zh": INSTALL_ZH}
BADGES = {"en": "Open In Colab", "zh": "在 Colab 中打开"}


def parse(text: str, prefix: str, lang: str = "en") -> list:
    """The cells of a percent script in `lang`, with stable ids `prefix-NN` (so rebuilding gives small
    diffs, and a cell has the same id in both languages)."""
    chosen = _chosen(text, prefix, lang)
    return [_cell(kind, tags, lines, f"{prefix}-{i:02d}") for i, (kind, tags, lines) in enumerate(chosen)]


def untranslated(text: str, prefix: str, lang: str = "zh") -> list:
    """The first line of each Markdown cell of the source that has no `lang` twin (so stays English there)."""
    if lang == LANGS[0]:
        return []
    return [_first_line(cell["lines"]) for cell in _cells(text, prefix) if cell["kind"] == "markdown" and lang not in cell["twins"]]


def _chosen(text: str, prefix: str, lang: str) -> list:
    """(kind, tags, lines) of each cell in `lang`: its twin in that language where it has one."""
    if lang not in LANGS:
        raise ValueError(f"{prefix}: unknown lang {lang!r}; choose one of {', '.join(LANGS)}")
    return [(cell["kind"], cell["tags"], cell["twins"].get(lang, cell["lines"])) for cell in _cells(text, prefix)]


def _cells(text: str, prefix: str) -> list:
    """The source's cells, each {"kind", "tags", "lines", "twins": {lang: lines}}."""
    cells, lines = [], None
    for number, line in enumerate(text.splitlines(), 1):
        match = HEADER.match(line)
        if not match:
            if lines is not None:
                lines.append(line)
            elif line.strip():
                raise ValueError(f"{prefix}: text before the first '# %%' cell header: {line!r}")
            continue
        kind, lang = "markdown" if match["markdown"] else "code", match["lang"] or LANGS[0]
        tags = json.loads(match["tags"]) if match["tags"] else []
        lines = []
        if lang == LANGS[0]:
            cells.append({"kind": kind, "tags": tags, "lines": lines, "twins": {}, "line": number})
            continue
        where = f"{prefix}: line {number}"
        if lang not in LANGS:
            raise ValueError(f"{where}: unknown lang={lang}; the languages are {', '.join(LANGS[1:])}")
        if not cells or cells[-1]["kind"] != kind or lang in cells[-1]["twins"]:
            raise ValueError(f"{where}: a lang={lang} cell must follow the {kind} cell it translates (one each)")
        if tags and tags != cells[-1]["tags"]:
            raise ValueError(f"{where}: a translation has its original's tags; leave tags= off")
        cells[-1]["twins"][lang] = lines
    for cell in cells:
        if cell["kind"] == "code":
            for lang, lines in cell["twins"].items():
                _same_code(cell["lines"], lines, f"{prefix}: the lang={lang} twin of the code cell at line {cell['line']}")
    return cells


_WORDS = {tokenize.COMMENT, tokenize.STRING, tokenize.NL, tokenize.NEWLINE, getattr(tokenize, "FSTRING_MIDDLE", -1)}


def _same_code(original: list, twin: list, who: str) -> None:
    """Refuse a translated code cell that differs from its original in more than strings and comments."""

    def code(lines):
        source = "\n".join(line for line in lines if not line.startswith(("%", "!")))  # IPython magics
        tokens = tokenize.generate_tokens(io.StringIO(source + "\n").readline)
        return [(t.type, t.string) for t in tokens if t.type not in _WORDS]

    if code(original) != code(twin):
        raise ValueError(f"{who} differs in its code, not only in its strings and comments; code is shared")
    if [line for line in original if line.startswith(("%", "!"))] != [line for line in twin if line.startswith(("%", "!"))]:
        raise ValueError(f"{who} differs in its magics; code is shared")


def _first_line(lines: list) -> str:
    return next((line[2:] for line in lines if line.strip("# ")), "")


def _cell(kind: str, tags: list, lines: list, cell_id: str):
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    if kind == "markdown":
        if any(line and not line.startswith("#") for line in lines):
            raise ValueError(f"{cell_id}: a Markdown line must start with '# '")
        cell = nbformat.v4.new_markdown_cell("\n".join(_joined([line[2:] for line in lines])))
    else:
        cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.id = cell_id
    if tags:
        cell.metadata["tags"] = tags
    return cell


def _joined(lines: list) -> list:
    """A paragraph's lines joined where the break falls between two Chinese characters: Markdown renders
    a line break as a space, which Chinese text does not have. Code blocks, items and headings stay."""
    out = []
    for line in lines:
        if out and _continues(out[-1], line):
            out[-1] += line.lstrip()
        else:
            out.append(line)
    return out


def _continues(previous: str, line: str) -> bool:
    stripped = line.lstrip()
    if not previous.strip() or not stripped or previous.startswith("    ") or line.startswith("    "):
        return False
    if stripped[0] in "#|>" or re.match(r"([*+-]|\d+\.)\s", stripped):
        return False  # a heading, table, quote or a new item
    return _wide(previous.rstrip()[-1]) and _wide(stripped[0])


def _wide(ch: str) -> bool:
    import unicodedata

    return unicodedata.east_asian_width(ch) in ("W", "F")


def colab_url(path: str) -> str:
    """The address that opens notebooks/<path> of the repository's main branch in Colab."""
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/main/notebooks/{path}"


def preamble(path: str, prefix: str, lang: str = "en") -> list:
    """The badge cell and the install cell that start the notebook notebooks/<path>."""
    badge = nbformat.v4.new_markdown_cell(f"[![{BADGES[lang]}]({COLAB_BADGE})]({colab_url(path)})")
    install = nbformat.v4.new_code_cell(INSTALLS[lang])
    for cell, name in zip((badge, install), PREAMBLE):
        cell.id = f"{prefix}-{name}"
    return [badge, install]


def lesson(nb) -> list:
    """The notebook's cells after the preamble: those written in its source."""
    ids = [cell.get("id", "") for cell in nb.cells[: len(PREAMBLE)]]
    made_here = len(ids) == len(PREAMBLE) and all(i.endswith(f"-{name}") for i, name in zip(ids, PREAMBLE))
    return nb.cells[len(PREAMBLE) :] if made_here else list(nb.cells)


def relative(source: Path, lang: str = "en") -> str:
    """Where the notebook of `source` in `lang` lives, relative to notebooks/: "zh/01_....ipynb"."""
    return f"{FOLDERS[lang]}{source.stem}.ipynb"


def target(source: Path, lang: str = "en") -> Path:
    return HERE / relative(source, lang)


def build(source: Path, lang: str = "en"):
    """The notebook of one source file in `lang`, without outputs: the preamble, then the source's cells."""
    nb = nbformat.v4.new_notebook()
    prefix = source.stem[:2]
    cells = parse(source.read_text(encoding="utf-8"), prefix, lang)
    nb.cells = preamble(relative(source, lang), prefix, lang) + cells
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    return nb if lang == LANGS[0] else set_lang(nb, lang)


def set_lang(nb, lang: str):
    """The notebook with `LANG = "en"` in its first code cell (after the preamble) replaced by `LANG = "<lang>"`."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))  # a deep copy
    first = next(cell for cell in lesson(nb) if cell.cell_type == "code")
    if not LANG_LINE.search(first.source):
        raise ValueError('the first code cell has no line starting with LANG = "en"')
    first.source = LANG_LINE.sub(f'LANG = "{lang}"', first.source, count=1)
    return nb


def execute(nb, cwd, timeout: int = 120, python: str | None = None, env: dict | None = None) -> float:
    """Run every cell in a fresh kernel working in `cwd`; returns the seconds it took.

    The kernel is `python` (default: this Python, with the repository first on PYTHONPATH) in the
    environment `env` (default: this process's). Raises nbclient's CellExecutionError (with the
    traceback) if a cell fails.
    """
    return execute_together([(nb, cwd)], timeout, python, env)[0]


def execute_together(jobs: list, timeout: int = 120, python: str | None = None, env: dict | None = None) -> list:
    """`execute` for each (nb, cwd) of `jobs`, all at once, each in its own kernel; their seconds, in order.
    The first failing cell raises once every notebook has finished."""
    return asyncio.run(_together(jobs, timeout, python or sys.executable, env or _environment()))


def _environment() -> dict:
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))


async def _together(jobs: list, timeout: int, python: str, env: dict) -> list:
    results = await asyncio.gather(*(_run(nb, cwd, timeout, python, env) for nb, cwd in jobs), return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


async def _run(nb, cwd, timeout: int, python: str, env: dict) -> float:
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory(prefix="chainrule-kernel-") as specs:
        resources = {"metadata": {"path": str(cwd)}}
        client = NotebookClient(nb, km=_kernel(specs, python), timeout=timeout, record_timing=False, resources=resources)
        start = time.perf_counter()
        await client.async_execute(cleanup_kc=True, env=env)
        return time.perf_counter() - start


def _kernel(specs: str, python: str):
    """A kernel manager for `python`: a private kernelspec, whatever "python3" means elsewhere."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    spec = Path(specs, "chainrule")
    spec.mkdir()
    argv = [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "chainrule", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    manager = AsyncKernelManager(kernel_name="chainrule", kernel_spec_manager=KernelSpecManager(kernel_dirs=[specs]))
    if os.name == "posix":  # Unix sockets in this private folder: no TCP port that two starting kernels can race for
        manager.transport, manager.ip = "ipc", str(Path(specs, "ipc"))
    return manager


def finish_progress_bars(nb) -> int:
    """Give each progress-bar widget output the text of its finished bar ("fit: 100%|##########| 100/100 ...")
    as its text/plain: a viewer without the widget (GitHub, nbviewer, the docs) shows that text, which tqdm
    wrote when the bar was still at 0/100. Returns how many were finished."""
    from html import unescape

    states = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    finished = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            box = states.get(view["model_id"], {}).get("state", {}) if view else {}
            parts = [
                states.get(child.removeprefix("IPY_MODEL_"), {}).get("state", {}) for child in box.get("children", [])
            ]
            if len(parts) != 3 or "max" not in parts[1]:
                continue
            left, bar, right = parts
            share = bar.get("value", 0) / bar["max"] if bar["max"] else 1.0
            filled = round(10 * min(max(share, 0.0), 1.0))
            text = f"{unescape(left.get('value', ''))}|{'█' * filled}{' ' * (10 - filled)}|{unescape(right.get('value', ''))}"
            output["data"]["text/plain"] = text
            finished += 1
    return finished


def sources(selected: list) -> list:
    found = sorted(SOURCES.glob("[0-9][0-9]_*.py"))
    chosen = [s for s in found if not selected or any(s.name.startswith(key) for key in selected)]
    if selected and not chosen:
        raise SystemExit(f"no source in {SOURCES} starts with {selected}")
    return chosen


def check(paths: list, langs: tuple = LANGS) -> list:
    """Notebooks ("01_x.ipynb", "zh/01_x.ipynb") whose cells (kind, source, tags) differ from their sources."""
    stale = []
    for source in paths:
        for lang in langs:
            path = target(source, lang)
            if not path.exists() or _shape(build(source, lang)) != _shape(nbformat.read(path, as_version=4)):
                stale.append(relative(source, lang))
    return stale


def _shape(nb) -> list:
    return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]


def main(argv: list) -> int:
    langs = LANGS
    if "--lang" in argv:
        at = argv.index("--lang")
        langs, argv = tuple(argv[at + 1 : at + 2]), argv[:at] + argv[at + 2 :]
        if len(langs) != 1 or langs[0] not in LANGS:
            raise SystemExit(f"--lang takes one of {', '.join(LANGS)}")
    if "--check" in argv:
        stale = check(sources([a for a in argv if a != "--check"]), langs)
        for name in stale:
            print(f"{name} does not match its source; run: python notebooks/build.py {Path(name).name[:2]}")
        return 1 if stale else 0
    for source in sources(argv):
        for lang in langs:
            for line in untranslated(source.read_text(encoding="utf-8"), source.stem[:2], lang):
                print(f"note: {relative(source, lang)}: a Markdown cell stays English (no lang={lang} twin): {line}")
        notebooks = [build(source, lang) for lang in langs]
        with tempfile.TemporaryDirectory(prefix="chainrule-nb-") as cwd:
            folders = [Path(cwd, lang) for lang in langs]
            for folder in folders:
                folder.mkdir()
            seconds = execute_together(list(zip(notebooks, folders)))
        for lang, nb, took in zip(langs, notebooks, seconds):
            nb.metadata["kernelspec"] = dict(KERNELSPEC)  # the kernel that readers have, not our private one
            finish_progress_bars(nb)
            path = target(source, lang)
            path.parent.mkdir(exist_ok=True)
            nbformat.write(nb, path)
            print(f"{relative(source, lang)}: {took:.1f} s, {path.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
