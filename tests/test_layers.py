"""The house rules, read from the source with `ast`: which module may import which, where graphviz and
nn may be imported, the size of the one-sitting core, and that no code runs user text.

Floors, lowest first: the core (ops, mode, errors, mistakes, graph, watch, files, scalar, language, pool,
messages) <- value <- the functions around it (functions, more_ops, functional, gradcheck, parser,
examples) <- teach/ <- render/ <- cli/; compile/ sits on the engine only; nn imports public autograd (plus errors,
mistakes, mode and language) and compile.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AUTOGRAD = ROOT / "autograd"

CORE = {"ops", "mode", "errors", "mistakes", "graph", "watch", "files", "_coexist", "scalar", "language", "messages",
        "pool"}  # fmt: skip
ENGINE = CORE | {
    "value",
    "functions",
    "primitives",
    "more_ops",
    "functional",
    "gradcheck",
    "parser",
    "examples",
    "__init__",
}
# What each part may import from autograd (by top-level module or subpackage name).
MAY_IMPORT = {
    **dict.fromkeys(CORE, CORE),
    "value": CORE,
    **{name: CORE | {"value", "functions"} for name in ("functions", "functional", "gradcheck", "parser")},
    **dict.fromkeys(("primitives", "more_ops"), CORE | {"value", "functions", "primitives"}),
    "examples": CORE | {"value", "functions"},
    "teach": ENGINE | {"teach"},
    "render": ENGINE | {"teach", "render"},
    "compile": CORE | {"value", "functions", "compile"},
    "cli": ENGINE | {"teach", "render", "compile", "cli"},
    "__init__": ENGINE | {"teach", "render", "compile", "cli", "exercises"},  # re-exports only
    "exercises": ENGINE | {"teach"},  # re-exports teach's exercises as autograd.exercises (the contract's name)
    "web": ENGINE | {"teach", "render"},  # the playground: the page's requests answered by the engine
}
CORE_BUDGET = 500  # lines of code in ops.py + value.py + graph.py, blank lines, comments and docstrings not counted


def _imports(path: Path) -> list[str]:
    """The absolute module names `path` imports (relative imports resolved), top-level and inside functions."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found += [base] + [f"{base}.{alias.name}" for alias in node.names]
    return found


def _part(path: Path) -> str:
    """The part of autograd a file belongs to: its module name, or its subpackage."""
    rel = path.relative_to(AUTOGRAD)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _autograd_parts(names: list[str]) -> set[str]:
    return {name.split(".")[1] for name in names if name.startswith("autograd.") and name.count(".") >= 1}


def test_imports_point_one_way():
    wrong = []
    for path in sorted(AUTOGRAD.rglob("*.py")):
        part = _part(path)
        if part == "__main__":
            continue
        allowed = MAY_IMPORT.get(part)
        assert allowed is not None, f"{path}: a new part of autograd; place it on a floor in MAY_IMPORT"
        wrong += [f"{path.relative_to(ROOT)} imports autograd.{used}" for used in _autograd_parts(_imports(path))
                  if used not in allowed and used != part and (ROOT / "autograd" / f"{used}.py").exists()
                  or used not in allowed and used != part and (AUTOGRAD / used).is_dir()]  # fmt: skip
    assert not wrong, "\n".join(wrong)


def test_only_render_imports_graphviz_and_only_cli_imports_nn():
    for path in sorted(AUTOGRAD.rglob("*.py")):
        names = _imports(path)
        if any(name == "graphviz" or name.startswith("graphviz.") for name in names):
            assert _part(path) == "render", f"{path} imports graphviz"
        if any(name == "nn" or name.startswith("nn.") for name in names):
            assert _part(path) == "cli", f"{path} imports nn"


def test_nn_imports_only_public_autograd_plus_errors_mistakes_files_mode_and_compile():
    import autograd

    for path in sorted((ROOT / "nn").rglob("*.py")):
        for name in _imports(path):
            if not name.startswith("autograd"):
                continue
            parts = name.split(".")
            public = len(parts) == 2 and parts[1] in autograd.__all__
            allowed = ("errors", "mistakes", "files", "compile", "_coexist", "mode", "language")
            assert name == "autograd" or public or parts[1] in allowed, f"{path.relative_to(ROOT)} imports {name}"


def test_the_engine_imports_nothing_outside_the_standard_library():
    import sys

    for path in sorted(AUTOGRAD.glob("*.py")):
        if _part(path) not in ENGINE - {"__init__"}:
            continue
        for name in _imports(path):
            top = name.split(".")[0]
            assert top in ("autograd", "__future__") or top in sys.stdlib_module_names, f"{path.name} imports {name}"


def _lines_of_code(path: Path) -> int:
    source = path.read_text(encoding="utf-8")
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                docstrings.update(range(first.lineno, first.end_lineno + 1))
    code = set()
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in skip:
            code.update(line for line in range(token.start[0], token.end[0] + 1) if line not in docstrings)
    return len(code)


def test_the_core_can_be_read_in_one_sitting():
    sizes = {name: _lines_of_code(AUTOGRAD / f"{name}.py") for name in ("ops", "value", "graph")}
    assert sum(sizes.values()) <= CORE_BUDGET, sizes


def test_the_line_counter_skips_docstrings_comments_and_blank_lines(tmp_path):
    path = tmp_path / "m.py"
    source = ['"""Doc', 'string."""', "", "# comment", "x = 1  # trailing", "", "", "def f():", '    """Doc."""']
    path.write_text("\n".join([*source, "    return (1,", "            2)", ""]))
    assert _lines_of_code(path) == 4  # x = 1, def f, and the two lines of the return


def test_every_subpackage_says_what_it_may_import():
    for package in ("teach", "render", "compile", "cli"):
        doc = ast.get_docstring(ast.parse((AUTOGRAD / package / "__init__.py").read_text(encoding="utf-8"))) or ""
        assert "import" in doc.lower(), f"autograd/{package}/__init__.py: say what the package may import"


def test_every_op_is_one_table_entry_with_a_value_method_and_a_function():
    import autograd
    from autograd import OPS, Value

    for op in OPS.values():
        if op.arity:
            assert callable(getattr(Value, op.method, None)), f"Value has no method {op.method} for {op.name}"
        if op.method.isidentifier() and not op.method.startswith("__"):
            assert callable(getattr(autograd, op.method, None)), f"autograd.{op.method} is missing"


PACKAGES = ("autograd", "nn")


DANGEROUS_CALLS = {"eval", "exec", "compile", "__import__", "system", "popen", "loads", "load"}


DANGEROUS_MODULES = {"pickle", "marshal", "shelve", "dill", "cloudpickle"}


# (file, call) -> why it is safe. Anything else found by the scan fails the test.
ALLOWED = {
    ("autograd/compile/compiled.py", "exec"): "runs the source codegen.py writes from op templates, names, numbers",
    ("autograd/compile/compiled.py", "compile"): "builtins.compile of that same generated source",
    ("nn/io.py", "loads"): "json.loads, with non-finite constants refused",
    ("autograd/web.py", "loads"): "json.loads of the playground page's request; the expression goes to the parser",
}


def _python_files():
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def _dangerous_uses(tree: ast.AST) -> list:
    """(name, line) of each call or import the allow-list must know about."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name in DANGEROUS_CALLS:
                owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
                if name in ("load", "loads") and owner not in ("pickle", "marshal", "json", "yaml", "shelve", ""):
                    continue  # importlib.resources and the like: reading text, not running it
                if name == "compile" and owner == "re":
                    continue  # a regular expression
                found.append((name, node.lineno))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [(m, node.lineno) for m in modules if m.split(".")[0] in DANGEROUS_MODULES]
    return found


def test_the_scan_finds_what_it_looks_for():
    tree = ast.parse("import pickle\nx = eval(s)\nos.system(c)\nbuiltins.exec(c)\nfrom marshal import loads\n")
    assert {name for name, _ in _dangerous_uses(tree)} == {"pickle", "eval", "system", "exec", "marshal"}


def test_no_code_runs_user_text_and_nothing_unpickles():
    files = list(_python_files())
    assert len(files) > 30  # the scan really read the library
    seen = set()
    for path in files:
        where = path.relative_to(ROOT).as_posix()
        for name, line in _dangerous_uses(ast.parse(path.read_text(encoding="utf-8"))):
            assert (where, name) in ALLOWED, f"{where}:{line} uses {name}: allow it with a reason, or remove it"
            seen.add((where, name))
    assert seen == set(ALLOWED), f"stale allow-list entries: {set(ALLOWED) - seen}"
