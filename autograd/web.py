"""The playground: chainrule in a browser tab, run by Pyodide in a Web Worker.

`handle(request)` is the worker's whole interface: one JSON request in, one JSON reply out, computed
by the engine itself (`python -m autograd.web --out DIR` builds the static page around it). A request
names a mode and an action (`{"mode": "trace", "action": "run", ...}`); a new view is one more entry
in MODES. This module uses public names only, plus `autograd.parser` for the expressions.
"""

from __future__ import annotations

import json
import math
from itertools import groupby

from autograd import __version__, draw, explain, topological_order
from autograd.parser import ExpressionError, evaluate, parse_assignments, variables

PROTOCOL = 1  # bumped when a request or reply changes shape
MAX_NODES = 500  # as stepper_html: a graph to step through by hand, not a whole network
ROOT_NAMES = ("f", "out", "result", "root")  # as the CLI: the first name the expression does not use
LANGS = ("en", "zh")


class RequestError(ValueError):
    """A request the page should not have sent (unknown mode, missing field): a bug, not bad input."""


def handle(request: str) -> str:
    """Answer one JSON request: `{"id", "ok": true, "result"}` or `{"id", "ok": false, "error", "column"}`."""
    message, problem = _parse(request)
    reply = {"id": message.get("id"), "protocol": PROTOCOL}
    try:
        if problem:
            raise RequestError(problem)
        mode = MODES.get(message.get("mode"))
        if mode is None:
            raise RequestError(f"unknown mode {message.get('mode')!r}; the modes are {', '.join(sorted(MODES))}")
        action = mode.get(message.get("action"))
        if action is None:
            raise RequestError(f"unknown action {message.get('action')!r} for mode {message['mode']!r}")
        reply.update(ok=True, result=action(message))
    except ExpressionError as error:
        reply.update(ok=False, error=str(error), column=error.column)
    except (ValueError, ArithmeticError, TypeError) as error:  # a math error the parser did not place
        reply.update(ok=False, error=str(error), column=0)
    return json.dumps(reply, ensure_ascii=False)


def _parse(request: str) -> tuple[dict, str]:
    """The request as a dict, and what is wrong with it ('' when nothing is)."""
    try:
        message = json.loads(request)
    except ValueError as error:
        return {}, f"the request is not JSON: {error}"
    if not isinstance(message, dict):
        return {}, f"the request must be a JSON object, got {type(message).__name__}"
    return message, ""


def hello(message: dict) -> dict:
    """What the worker runs: the versions the page shows in its status line."""
    import sys

    return {"chainrule": __version__, "python": sys.version.split()[0], "modes": sorted(MODES)}


def trace_variables(message: dict) -> dict:
    """The variables of an expression, in order of first use, so the page can offer a field for each."""
    expression = _text(message, "expression")
    try:
        return {"variables": variables(expression)}
    except ExpressionError as error:
        raise _in_expression(expression, error) from None


def trace_run(message: dict) -> dict:
    """Build the expression at the given values, run one backward pass, and return every step."""
    expression, lang = _text(message, "expression"), message.get("lang", "en")
    if lang not in LANGS:
        raise RequestError(f"unknown language {lang!r}; the languages are {', '.join(LANGS)}")
    root, leaves = _build(expression, message.get("values", {}))
    explanation = explain(root, lang=lang)  # one fresh backward pass, observed edge by edge
    return session(root, leaves, explanation, expression)


def session(root, leaves: dict, explanation, expression: str = "") -> dict:
    """The page's data for one backward pass: nodes (topological order), steps (backward order), words."""
    order = topological_order(root)
    index = {node: i for i, node in enumerate(order)}
    names = {i: node.label or (f"n{i}" if node.parents else _number(node.data)) for i, node in enumerate(order)}
    for step in explanation.steps:
        names[step.child_index], names[step.parent_index] = step.child_name, step.parent_name
    head, *node_blocks, result = explanation.blocks
    words = _edge_words(explanation.steps, node_blocks)
    return {
        "expression": expression,
        "values": {name: repr(leaf.data) for name, leaf in leaves.items()},
        "output": {"name": names[index[root]], "data": repr(root.data)},
        "gradients": {name: repr(leaf.grad) for name, leaf in leaves.items()},
        "dot": draw(root).source,
        "nodes": [_node(node, i, names[i]) for i, node in enumerate(order)],
        "root": f"v{index[root]}",
        "seed": repr(1.0),
        "steps": [dict(_step(step), **words[i]) for i, step in enumerate(explanation.steps)],
        "title": _segments(explanation.title),
        "intro": [_segments(line) for _, line in head[1]],
        "result": {"heading": _segments(result[0]), "lines": [_segments(line) for _, line in result[1]]},
        "lang": explanation.lang,
    }


def _build(expression: str, values: dict) -> tuple:
    """The expression's graph at the values the page's fields hold (text, as typed); errors as the CLI's."""
    if not isinstance(values, dict):
        raise RequestError("values must be an object {name: number}")
    numbers = parse_assignments([f"{name}={text}" for name, text in values.items()])
    try:
        root, leaves = evaluate(expression, numbers)
    except ExpressionError as error:
        raise _in_expression(expression, error) from None
    count = len(topological_order(root))
    if count > MAX_NODES:
        raise ValueError(f"the graph has {count} nodes; the playground steps through graphs of up to {MAX_NODES}")
    if not root.label:
        root.label = next(name for name in ROOT_NAMES if name not in leaves)
    return root, leaves


def _in_expression(expression: str, error: ExpressionError) -> ExpressionError:
    """The CLI's wording: `in the expression 'x +', column 4: syntax error: invalid syntax`."""
    shown = repr(expression if len(expression) <= 40 else expression[:37] + "...")
    where = f", column {error.column}" if error.column else ""
    placed = ExpressionError(f"in the expression {shown}{where}: {error.reason}")
    placed.column = error.column  # the page points at it under the box
    return placed


def _text(message: dict, key: str) -> str:
    value = message.get(key)
    if not isinstance(value, str):
        raise RequestError(f"{key} must be text, got {type(value).__name__}")
    return value


def _node(node, i: int, name: str) -> dict:
    return {"id": f"v{i}", "op_id": f"o{i}" if node.parents else None, "name": name, "op": node.op,
            "data": repr(node.data), "grad": repr(node.grad), "short": _short(node.grad)}  # fmt: skip


def _step(step) -> dict:
    child = step.child_index
    return {
        "child": f"v{child}",
        "parent": f"v{step.parent_index}",
        "edge": f"e{child}_{step.index}",
        "out": f"e{child}",
        "upstream": repr(step.upstream),
        "local": repr(step.local),
        "contribution": repr(step.contribution),
        "before": repr(step.parent_grad_before),
        "after": repr(step.parent_grad_after),
        "after_short": _short(step.parent_grad_after),
        "accumulates": step.accumulates,
        "formula": step.formula,
        "rule": step.rule,
    }


def _edge_words(steps: list, node_blocks: list) -> list:
    """For each step: its node's heading, the node's first two lines (upstream, rule) and the edge's line.

    `explain` writes one block per node, in backward order: the upstream gradient, the rule, then one
    line per edge; the steps come in the same order, so they pair up one to one.
    """
    words = []
    groups = (list(group) for _, group in groupby(steps, key=lambda step: step.child))
    for (heading, lines), group in zip(node_blocks, groups):
        node = {"node": _segments(heading), "upstream_line": _segments(lines[0][1])}
        node["rule_line"] = _segments(lines[1][1])
        words += [dict(node, words=_segments(line)) for (_, line), _ in zip(lines[2:], group)]
    if len(words) != len(steps):
        raise AssertionError(f"explain wrote {len(words)} edge lines for {len(steps)} steps")
    return words


def _segments(segments) -> list:
    """A line of `explain` as [[text, is_formula], ...], so the page can set formulas in code without HTML."""
    if isinstance(segments, str):
        return [[segments, False]]
    return [[str(part), type(part) is not str] for part in segments]


def _short(x: float) -> str:
    """The gradient as the graph's boxes show it: 4 significant digits."""
    text = f"{x:.4g}" if math.isfinite(x) else str(x)
    return "0" if text == "-0" else text


def _number(x: float) -> str:
    text = f"{x:.6g}" if math.isfinite(x) else str(x)
    return "0" if text == "-0" else text


MODES = {
    "engine": {"hello": hello},
    "trace": {"variables": trace_variables, "run": trace_run},
}


# ---- Building the page: `build_playground(out_dir)`, `python -m autograd.web --out DIR`. ----

# Pinned with their sha256, so a build is the same files everywhere. Only the core of Pyodide is copied:
# its optional packages (numpy, micropip ...) are not needed, since chainrule needs only the standard library.
NPM_PACKAGES = {
    "pyodide": ("314.0.8", "9a52704e0ae5b07aaacb8e4fed9f1658e8024694a078695ea45ac79dee4cefcb",
                ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")),
    "@viz-js/viz": ("3.31.0", "7dc0189874849cca2fed7cbe88bf334cd0e6e012db16657794a812ad6f2b8c70", ("dist/viz.js",)),
}  # fmt: skip
FOLDERS = {"pyodide": "pyodide", "@viz-js/viz": "viz"}
PAGE_FILES = ("index.html", "playground.js", "playground.css", "worker.js")
NOTICE = """\
This folder is the chainrule playground: chainrule {version} (MIT) running in Pyodide.
Serve it with any static web server, e.g. from this folder:  python -m http.server -b 127.0.0.1 8000
pyodide/  Pyodide {pyodide} (MPL-2.0), the core files of the npm package "pyodide"
viz/      Viz.js {viz} (MIT; Graphviz, EPL-1.0), dist/viz.js of the npm package "@viz-js/viz"
wheels/   chainrule {version}, and graphviz {graphviz} (MIT) from PyPI, the pure-Python package that writes DOT
"""


def build_playground(out_dir, cache=None, page=None) -> dict:
    """Assemble the static playground in `out_dir`: the page, Pyodide's core, Viz.js and two wheels.

    Downloads (npm pack, pip download) are kept in `cache` (default $CHAINRULE_WEB_CACHE or
    ~/.cache/chainrule-web), so a second build needs no network. Returns {relative path: bytes}.
    """
    import shutil
    from pathlib import Path

    out, cache = Path(out_dir), Path(cache or _default_cache())
    page = Path(page) if page else Path(__file__).resolve().parent.parent / "web" / "playground"
    missing = [name for name in PAGE_FILES if not (page / name).is_file()]
    if missing:
        raise FileNotFoundError(f"build_playground: the page's files are not in {page} (missing {', '.join(missing)})")
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"build_playground: {out} exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    for name in PAGE_FILES:
        shutil.copyfile(page / name, out / name)
    for package, (version, sha256, files) in NPM_PACKAGES.items():
        _unpack(_npm_tarball(package, version, sha256, cache / "npm"), files, out / FOLDERS[package])
    wheels = [_chainrule_wheel(out / "wheels"), _graphviz_wheel(cache / "wheels", out / "wheels")]
    (out / "wheels" / "manifest.json").write_text(json.dumps({"wheels": wheels}) + "\n", "utf-8")
    versions = {package: spec[0] for package, spec in NPM_PACKAGES.items()}
    notice = NOTICE.format(version=__version__, pyodide=versions["pyodide"], viz=versions["@viz-js/viz"],
                           graphviz=wheels[1].split("-")[1])  # fmt: skip
    (out / "THIRD-PARTY.txt").write_text(notice, "utf-8")
    return {str(p.relative_to(out)): p.stat().st_size for p in sorted(out.rglob("*")) if p.is_file()}


def _default_cache():
    import os
    from pathlib import Path

    return os.environ.get("CHAINRULE_WEB_CACHE") or Path.home() / ".cache" / "chainrule-web"


def _npm_tarball(package: str, version: str, sha256: str, folder):
    """The package's tarball from the npm registry (`npm pack`), cached and checked against its sha256."""
    import hashlib
    import shutil
    import subprocess

    tarball = folder / f"{package.lstrip('@').replace('/', '-')}-{version}.tgz"
    if not tarball.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError(f"build_playground needs npm (Node.js) once, to fetch {package}@{version}")
        folder.mkdir(parents=True, exist_ok=True)
        command = [npm, "pack", f"{package}@{version}", "--pack-destination", str(folder), "--silent"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0 or not tarball.is_file():
            lines = (done.stderr or done.stdout).strip().splitlines()
            raise RuntimeError(f"npm pack {package}@{version} failed: {lines[-1] if lines else done.returncode}")
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != sha256:
        tarball.unlink()
        raise RuntimeError(f"{tarball.name} has sha256 {digest}, expected {sha256}; removed it, build again")
    return tarball


def _unpack(tarball, files: tuple, folder) -> None:
    """Copy `files` (paths inside the package) flat into `folder`: nothing else of the package."""
    import tarfile

    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball) as archive:
        for name in files:
            data = archive.extractfile(f"package/{name}").read()
            (folder / name.rsplit("/", 1)[-1]).write_bytes(data)


def _chainrule_wheel(folder) -> str:
    """chainrule's own wheel, written from the installed `autograd` and `nn` packages (pure Python)."""
    import base64
    import hashlib
    import zipfile
    from pathlib import Path

    import nn

    folder.mkdir(parents=True, exist_ok=True)
    info = f"chainrule-{__version__}.dist-info"
    files = {}
    for package in (Path(__file__).resolve().parent, Path(nn.__file__).resolve().parent):
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix in (".py", ".js", ".css"):
                files[f"{package.name}/{path.relative_to(package).as_posix()}"] = path.read_bytes()
    files[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: chainrule\nVersion: {__version__}\n".encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: autograd.web\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    digest = lambda data: base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()  # noqa: E731
    record = [f"{name},sha256={digest(data)},{len(data)}" for name, data in files.items()] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    name = f"chainrule-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(folder / name, "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, data in files.items():  # a fixed date: the same sources give the same wheel
            wheel.writestr(zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return name


def _graphviz_wheel(cache, folder) -> str:
    """The pure-Python `graphviz` wheel from PyPI, the version installed here (`pip download`, cached)."""
    import shutil
    import subprocess
    import sys
    from importlib.metadata import version

    wanted = version("graphviz")
    name = f"graphviz-{wanted}-py3-none-any.whl"
    if not (cache / name).is_file():
        command = [sys.executable, "-m", "pip", "download", f"graphviz=={wanted}", "--no-deps",
                   "--only-binary=:all:", "--dest", str(cache), "--quiet"]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0 or not (cache / name).is_file():
            lines = done.stderr.strip().splitlines()
            raise RuntimeError(f"pip download graphviz=={wanted} failed: {lines[-1] if lines else done.returncode}")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cache / name, folder / name)
    return name


def main(argv=None) -> int:
    """`python -m autograd.web --out DIR`: build the playground and say what it holds."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m autograd.web", description=main.__doc__)
    parser.add_argument("--out", required=True, metavar="DIR", help="the folder to write the playground into")
    parser.add_argument("--cache", metavar="DIR", help="where downloads are kept (default ~/.cache/chainrule-web)")
    args = parser.parse_args(argv)
    try:
        files = build_playground(args.out, cache=args.cache)
    except NotADirectoryError as error:  # --out names a file: bad input, as the CLI's exit code 2
        print(f"chainrule playground: error: {error}", file=sys.stderr)
        return 2
    except (OSError, RuntimeError) as error:  # no npm, no network, a full disk: the work failed
        print(f"chainrule playground: error: {error}", file=sys.stderr)
        return 1
    total = sum(files.values())
    print(f"playground: {args.out} ({len(files)} files, {total / 1e6:.1f} MB)")
    print(f"serve it:   python -m http.server -b 127.0.0.1 -d {args.out} 8000   then open http://127.0.0.1:8000/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
