"""`chainrule playground --out DIR`: the playground as a static folder: the page, Pyodide's core,
Viz.js, and the wheels of chainrule and of the pure-Python graphviz package.

The page's files are package data (autograd/render/static/playground/); Pyodide and Viz.js come
from the npm registry at build time (pinned, checked by sha256, cached), never committed.
"""

from __future__ import annotations

import json

from .. import __version__
from .common import RunError, UsageError, output_folder

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
    page = Path(page) if page else Path(__file__).resolve().parent.parent / "render" / "static" / "playground"
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
    for package in (Path(__file__).resolve().parent.parent, Path(nn.__file__).resolve().parent):
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix in (".py", ".js", ".css", ".html"):
                files[f"{package.name}/{path.relative_to(package).as_posix()}"] = path.read_bytes()
    files[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: chainrule\nVersion: {__version__}\n".encode()
    files[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: chainrule playground\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
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


EPILOG = """\
examples:
  chainrule playground --out playground
  python -m http.server -b 127.0.0.1 -d playground 8000      then open http://127.0.0.1:8000/

Needs npm (Node.js) and the npm registry once; downloads are kept in ~/.cache/chainrule-web
($CHAINRULE_WEB_CACHE), so later builds work offline. Open the folder through a web server:
browsers do not run a worker from file://.
"""


def register(commands) -> None:
    """Add the `playground` subcommand."""
    cmd = commands.add_parser(
        "playground",
        help="build the in-browser playground (chainrule in Pyodide) as a static folder",
        description="Write a static folder with the playground page: chainrule itself running in Pyodide in a\n"
        "Web Worker, the graph drawn by Viz.js. Any static web server can serve it.",
        epilog=EPILOG,
    )
    cmd.add_argument(
        "--out", default="chainrule-playground", metavar="DIR", help="the folder (default: ./chainrule-playground)"
    )
    cmd.add_argument("--cache", metavar="DIR", help="where downloads are kept (default ~/.cache/chainrule-web)")
    cmd.set_defaults(run=run)


def run(args) -> int:
    folder = output_folder(args.out)
    try:
        files = build_playground(folder, cache=args.cache)
    except NotADirectoryError as error:
        raise UsageError(str(error)) from None
    except (OSError, RuntimeError) as error:  # no npm, no network, a full disk: the work failed
        raise RunError(str(error)) from None
    total = sum(files.values())
    print(f"playground: {folder} ({len(files)} files, {total / 1e6:.1f} MB)")
    print(f"serve it:   python -m http.server -b 127.0.0.1 -d {folder} 8000   then open http://127.0.0.1:8000/")
    return 0
