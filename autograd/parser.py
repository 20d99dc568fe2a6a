"""A safe parser for expressions like ``tanh(x*w + b)``: Python's `ast` against a whitelist, never `eval`.

Allowed: numbers, variable names, ``+ - * / **``, unary ``-``/``+``, parentheses, and calls of the op
table's functions: exp(x), atan2(y, x), max(x, y), and those with constant parameters, given as numbers
(or a quoted word) after the arguments or by name: leaky_relu(x, 0.2), clamp(x, lo=0), gelu(x, approximate='tanh').
Anything else is an `ExpressionError` naming the problem and its column. Evaluation walks the tree with
an explicit stack: no recursion limit.
"""

from __future__ import annotations

import ast
import io
import keyword
import math
import operator
import re
import tokenize
import warnings
from collections.abc import Mapping
from typing import NamedTuple

from . import messages
from .errors import as_float
from .functions import call_op, defaults
from .ops import OPS
from .value import Value, apply

say = messages.parser_text  # the message in the default language (autograd.set_language)

MAX_LENGTH = 10_000  # characters; far beyond any expression written by hand
MAX_NODES = 20_000  # syntax-tree nodes after parsing


ALIASES = {"swish": "silu"}  # other names of an op, as autograd.swish is autograd.silu


class _Functions(Mapping):
    """The callable names: every op of the table with fixed arguments whose method is a plain name, read
    live, so an op defined later with `autograd.primitive` can be called in expressions too."""

    def _table(self) -> dict:
        table = {op.method: op for op in OPS.values() if op.arity and op.method.isidentifier()
                 and not op.method.startswith("_")}  # fmt: skip
        return {**table, **{alias: OPS[name] for alias, name in ALIASES.items() if name in OPS}}

    def __getitem__(self, name: str):
        return self._table()[name]

    def __iter__(self):
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


FUNCTIONS = _Functions()
_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
              ast.Pow: operator.pow}  # fmt: skip
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_FORBIDDEN = {
    "Lambda": "a lambda", "ListComp": "a list comprehension", "SetComp": "a set comprehension",
    "DictComp": "a dict comprehension", "GeneratorExp": "a generator expression", "IfExp": "an if/else expression",
    "Compare": "a comparison", "BoolOp": "and/or", "Subscript": "indexing", "JoinedStr": "an f-string",
    "List": "a list", "Tuple": "a tuple", "Dict": "a dict", "Set": "a set", "Starred": "*unpacking",
    "NamedExpr": "an assignment (:=)", "Await": "await", "Yield": "yield", "YieldFrom": "yield", "Slice": "a slice",
}  # fmt: skip


class ExpressionError(ValueError):
    """A malformed or forbidden expression. `.column` is 1-based (0 when it has no place); `.reason` is
    the message without the column."""

    def __init__(self, message: str, column: int = 0):
        super().__init__(say("column", column=column, message=message) if column else message)
        self.column, self.reason = column, message


def parse(text: str) -> ast.Expression:
    """The checked syntax tree of `text`, or ExpressionError."""
    if not isinstance(text, str):
        raise ExpressionError(say("not_text", kind=type(text).__name__))
    if len(text) > MAX_LENGTH:
        raise ExpressionError(say("too_long", n=len(text), limit=MAX_LENGTH))
    if not text.strip():
        raise ExpressionError(say("empty"))
    try:
        with warnings.catch_warnings():  # "invalid decimal literal" and the like: the error below says it
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(text.strip(), mode="eval")  # eval mode refuses leading spaces; _column counts them
    except UnicodeEncodeError as error:  # a lone surrogate such as "\ud800", which no file or terminal holds
        at = len(text) - len(text.lstrip()) + error.start
        raise ExpressionError(say("bad_character", char=text[at]), at + 1) from None
    except SyntaxError as error:
        # offset 0 means the text ended before the expression did ("x +"): point just past the end.
        column = _column(text, error.lineno or 1, error.offset - 1) if error.offset else len(text.rstrip()) + 1
        raise syntax_slip(text) or ExpressionError(say("syntax", detail=error.msg), column) from None
    except RecursionError:  # Python builds the tree recursively: a long flat chain x + x + ... is "deep" to it
        tree = _parse_flat(text.strip())
        if tree is None:
            raise ExpressionError(say("too_deep")) from None
    except MemoryError:
        raise ExpressionError(say("too_deep")) from None
    _check(tree, text)
    return tree


# A flat chain of thousands of terms (x1 + x2 + ... or a * b * ...) is valid Python, but ast.parse
# turns the parsed chain into objects by recursion and gives up near 3,000 links. Such a chain is
# cut at its top-level operators, each part parsed alone, and the parts joined into the very tree
# ast.parse gives (left-nested, same positions), with no recursion. Truly nested text still fails.
_CHAINS = ({"+": ast.Add, "-": ast.Sub}, {"*": ast.Mult, "/": ast.Div})  # lowest precedence first
_SKIP = {tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.ENDMARKER, tokenize.INDENT, tokenize.DEDENT}


def _parse_flat(body: str):
    """The ast.Expression of `body` (stripped) when it is such a chain of parts that parse alone; else None."""
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(body).readline) if t.type not in _SKIP]
    except (tokenize.TokenError, SyntaxError):
        return None
    if any(t.type == tokenize.NAME and keyword.iskeyword(t.string) for t in tokens):
        return None  # if/else, lambda, and/or: not a plain chain
    lines = body.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    try:
        tree = _chain(tokens, _Text(body, lines, starts), 0)
    except RecursionError:  # brackets in brackets, as deep as Python's parser allows (200)
        return None
    return None if tree is None else ast.Expression(body=tree)


class _Text(NamedTuple):
    body: str
    lines: list
    starts: list  # where each line starts in body

    def index(self, row: int, col: int) -> int:
        return self.starts[row - 1] + col

    def position(self, row: int, col: int) -> tuple:
        """(lineno, col_offset) as ast counts them: columns in UTF-8 bytes."""
        return row, len(self.lines[row - 1][:col].encode("utf-8", "surrogatepass"))


def _chain(tokens: list, text: _Text, level: int):
    """The tree of `tokens`, cut at the top-level operators of `_CHAINS[level]`, the parts joined left to right;
    past the last level, a chain in brackets."""
    if level == len(_CHAINS):
        return _wrapped(tokens, text)
    parts, ops, depth, start = [], [], 0, 0
    for i, token in enumerate(tokens):
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
        elif depth == 0 and token.string in _CHAINS[level] and i > start and _ends_operand(tokens[i - 1]):
            parts.append(tokens[start:i])
            ops.append(_CHAINS[level][token.string])
            start = i + 1
    parts.append(tokens[start:])
    if len(parts) == 1:  # no chain of these operators: perhaps one of the next, or one in brackets
        return _chain(tokens, text, level + 1)
    trees = [_part(part, text, level) for part in parts]
    if None in trees:
        return None
    tree = trees[0]
    for op, part, right in zip(ops, parts[1:], trees[1:]):  # a chain node spans its first part to its last
        tree = ast.BinOp(left=tree, op=op(), right=right, **_span([parts[0][0], part[-1]], text))
    return tree


def _wrapped(tokens: list, text: _Text):
    """The tree of `(chain)`, `-(chain)` or `f(chain)`, a call of one argument such as tanh(x1 + ... + x3000);
    else None."""
    signs = 0
    while signs < len(tokens) and tokens[signs].type == tokenize.OP and tokens[signs].string in ("-", "+"):
        signs += 1
    if signs:
        tree = _wrapped(tokens[signs:], text)
        for i in range(signs - 1, -1, -1) if tree is not None else ():  # the innermost sign first
            sign = ast.USub() if tokens[i].string == "-" else ast.UAdd()
            tree = ast.UnaryOp(op=sign, operand=tree, **_span(tokens[i:], text))
        return tree
    name = tokens[:1] if tokens and tokens[0].type == tokenize.NAME else []
    inner = tokens[len(name) :]
    if len(inner) < 3 or inner[0].string != "(" or inner[-1].string != ")" or _closing(inner) != len(inner) - 1:
        return None
    tree = _chain(inner[1:-1], text, 0)
    if tree is None or not name:
        return tree
    func = ast.Name(id=name[0].string, ctx=ast.Load(), **_span(name, text))
    return ast.Call(func=func, args=[tree], keywords=[], **_span(tokens, text))


def _span(tokens: list, text: _Text) -> dict:
    """The positions, as ast gives them, of the node written by `tokens`."""
    (lineno, col_offset), (end_lineno, end_col_offset) = text.position(*tokens[0].start), text.position(*tokens[-1].end)
    return {"lineno": lineno, "col_offset": col_offset, "end_lineno": end_lineno, "end_col_offset": end_col_offset}


def _closing(tokens: list) -> int:
    """The index of the bracket that closes tokens[0]."""
    depth = 0
    for i, token in enumerate(tokens):
        depth += token.string in "([{" and token.type == tokenize.OP
        depth -= token.string in ")]}" and token.type == tokenize.OP
        if depth == 0:
            return i
    return -1


def _ends_operand(token) -> bool:
    """True if `token` can end an operand, so that a + or - after it is binary, not a sign."""
    return token.type in (tokenize.NAME, tokenize.NUMBER) or token.string in ")]}"


def _part(tokens: list, text: _Text, level: int):
    """The tree of one part of a chain, with its positions in the whole text; None if it does not parse."""
    if not tokens:
        return None
    first, last = text.index(*tokens[0].start), text.index(*tokens[-1].end)
    try:
        tree = ast.parse(text.body[first:last], mode="eval").body
    except RecursionError:  # itself a long chain of the next operators (a * b * ... inside a sum), or in brackets
        return _chain(tokens, text, level + 1)
    except (SyntaxError, MemoryError):
        return None
    row, shift = text.position(*tokens[0].start)
    for node in ast.walk(tree):  # the part alone starts at line 1, column 0: move it to where it is
        if hasattr(node, "lineno"):
            node.col_offset += shift if node.lineno == 1 else 0
            node.end_col_offset += shift if node.end_lineno == 1 else 0
            node.lineno, node.end_lineno = node.lineno + row - 1, node.end_lineno + row - 1
    return tree


def _column(text: str, lineno: int, offset: int, in_bytes: bool = False) -> int:
    """The 1-based column in `text` of (line, offset) in its stripped form: one number, also for an
    expression over several lines (ended by \\n, \\r\\n or \\r, as Python reads them). Syntax-tree nodes
    count in UTF-8 bytes, so `é + x.a` still points at x."""
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    starts = [0, *(m.end() for m in _NEWLINE.finditer(body))]
    start = starts[min(max(lineno, 1), len(starts)) - 1]
    line = _NEWLINE.split(body[start:], maxsplit=1)[0]
    if in_bytes:
        offset = len(line.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "ignore"))
    return min(lead + start + offset + 1, len(text) + 1)


_NEWLINE = re.compile(r"\r\n|\r|\n")


def _node_column(text: str, node: ast.AST) -> int:
    return _column(text, node.lineno, node.col_offset, in_bytes=True) if hasattr(node, "lineno") else 0


def variables(text: str) -> list[str]:
    """The variable names an expression uses, in order of first appearance."""
    names = [node for node in _walk(parse(text).body) if isinstance(node, ast.Name)]
    names.sort(key=lambda node: (node.lineno, node.col_offset))
    return list(dict.fromkeys(node.id for node in names))


def evaluate(text: str, values: dict) -> tuple[Value, dict[str, Value]]:
    """Build the expression's graph: `(root, {name: leaf Value})`. Variables become labelled leaves."""
    tree = parse(text)
    missing = [name for name in variables(text) if name not in values]
    if missing:
        raise missing_slip(missing, values) or ExpressionError(
            say("missing", names=", ".join(missing), first=missing[0])
        )
    leaves = {name: Value(_finite(values[name], name), name) for name in variables(text)}
    root = _build(tree.body, leaves, text)
    if not isinstance(root, Value):  # a constant expression: a constant node, so it can be shown
        root = Value(root, requires_grad=False)
    return root, leaves


ROOT_NAMES = ("f", "out", "result", "root")  # an expression's output is called by the first one it does not use


def name_root(root: Value, leaves: dict) -> Value:
    """Label an unlabelled root by the first of ROOT_NAMES the expression does not use (as `f` in ∂f/∂x)."""
    if not root.label:
        root.label = next(name for name in ROOT_NAMES if name not in leaves)
    return root


def parse_assignments(items: list[str]) -> dict[str, float]:
    """``["x=2", "w=-3"]`` -> ``{"x": 2.0, "w": -3.0}``, or ExpressionError naming the bad item."""
    values = {}
    for item in items:
        name, sep, number = item.partition("=")
        name = name.strip()
        if not sep or not _NAME.match(name):
            raise assignment_slip(item, items) or ExpressionError(say("name_number", item=item))
        if name in FUNCTIONS:
            raise ExpressionError(say("function_as_variable", name=name))
        if name in values:
            raise ExpressionError(say("twice", name=name))
        try:
            values[name] = _finite(float(number), name)
        except ValueError:
            raise assignment_slip(item, items) or ExpressionError(
                say("not_finite", name=name, number=number.strip())
            ) from None
    return values


def _check(tree: ast.Expression, text: str) -> None:
    for count, node in enumerate(_walk(tree.body), start=1):
        if count > MAX_NODES:
            raise ExpressionError(say("too_many_parts", limit=MAX_NODES))
        problem = node_slip(node) or _problem(node)
        if problem:
            raise ExpressionError(problem, offending_column(text, node))


def _problem(node: ast.AST) -> str | None:
    """Why `node` is not allowed, or None when it is."""
    if isinstance(node, ast.Constant):
        ok = isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
        return None if ok else say("constant", value=node.value)
    if isinstance(node, ast.BinOp):
        return None if type(node.op) in _OPERATORS else say("operator", symbol=_symbol(node.op))
    if isinstance(node, ast.UnaryOp):
        return None if isinstance(node.op, (ast.USub, ast.UAdd)) else say("unary")
    if isinstance(node, ast.Name):
        if node.id in FUNCTIONS:
            return say("call_the_function", name=node.id)
        return say("underscore") if node.id.startswith("_") else None
    if isinstance(node, ast.Call):
        return _call_problem(node)
    if isinstance(node, ast.Attribute):
        return say("attribute", attr=node.attr)
    kind = type(node).__name__
    return say("forbidden", what=messages.forbidden(kind, _FORBIDDEN.get(kind, kind)), functions=_function_list())


def _call_problem(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Lambda):
        return say("lambda")
    if not isinstance(node.func, ast.Name):
        return say("call")
    name = node.func.id
    if name not in FUNCTIONS:
        return say("unknown_function", name=name, functions=_function_list())
    op = FUNCTIONS[name]
    starred = any(isinstance(arg, ast.Starred) for arg in node.args) or any(k.arg is None for k in node.keywords)
    if op.arity == 1 and not op.params:
        return say("one_argument", name=name) if node.keywords or len(node.args) != 1 or starred else None
    if starred or not op.arity <= len(node.args) <= op.arity + len(op.params):
        return say("takes", name=name, takes=_takes(name, op))
    return _parameter_problem(name, op, node)


def _parameter_problem(name: str, op, node: ast.Call) -> str | None:
    """What is wrong with the parameters of a call (given after the arguments, or by name), if anything."""
    given = [*zip(op.params, node.args[op.arity :]), *((k.arg, k.value) for k in node.keywords)]
    keys = [key for key, _ in given]
    for key in keys:
        if key not in op.params:
            return say("no_parameter", name=name, key=key, takes=_takes(name, op))
        if keys.count(key) > 1:
            return say("parameter_twice", name=name, key=key)
    for key, value in given:
        if _literal(value, _is_text(op, key)) is None:
            kind = say("quoted_word") if _is_text(op, key) else say("finite_number")
            return say("parameter_kind", name=name, key=key, kind=kind)
    return None


def _takes(name: str, op) -> str:
    takes = say("arguments", n=op.arity, s="s" if op.arity > 1 else "", names=", ".join(op.args))
    if not op.params:
        return takes
    sample = next((c for c in op.constants if isinstance(c, (tuple, str, int, float))), None)
    values = dict(zip(op.params, sample if isinstance(sample, tuple) else (sample,))) if sample is not None else {}
    example = ", ".join([*op.args, *(f"{k}={v!r}" for k, v in {**defaults(op), **values}.items())])
    plural = "s" if len(op.params) > 1 else ""
    return say("and_parameters", takes=takes, s=plural, names=", ".join(op.params), example=f"{name}({example})")


def _is_text(op, key: str) -> bool:
    return isinstance(defaults(op).get(key), str)


def _literal(node: ast.AST, text: bool):
    """The value of a parameter written as a literal: a signed number, or (`text`) a quoted word; else None."""
    if text:
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
    sign = 1.0
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -sign if isinstance(node.op, ast.USub) else sign
        node = node.operand
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        value = sign * float(node.value)
        return value if math.isfinite(value) else None
    return None


def _parameters(node: ast.Call, op) -> dict:
    """The parameters of a checked call, by name."""
    given = [*zip(op.params, node.args[op.arity :]), *((k.arg, k.value) for k in node.keywords)]
    return {key: _literal(value, _is_text(op, key)) for key, value in given}


def _walk(root: ast.AST):
    """Every node below `root`, without recursion (ast.walk is iterative too, but visits the Load contexts)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.expr_context, ast.operator, ast.unaryop)):
            continue
        yield node
        # A call's function name and parameters are checked by _call_problem; only its arguments are expressions.
        stack.extend(_call_arguments(node) if isinstance(node, ast.Call) else ast.iter_child_nodes(node))


def _call_arguments(node: ast.Call) -> list:
    """The arguments of a call that are expressions (the op's inputs), not its constant parameters."""
    op = FUNCTIONS.get(node.func.id) if isinstance(node.func, ast.Name) else None
    return list(node.args) if op is None else list(node.args[: op.arity])


def _build(root: ast.AST, leaves: dict[str, Value], text: str):
    """Post-order evaluation with an explicit stack. Constants stay numbers, so ``x**2`` is x ** k.
    A math error (overflow, log of 0) is reported at the column of the operation that raised it."""
    done: dict[int, object] = {}
    stack = [(root, False)]
    while stack:
        node, ready = stack.pop()
        children = _operands(node)
        if not ready and children:
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(children))
            continue
        try:
            done[id(node)] = _apply(node, [done.pop(id(child)) for child in children], leaves)
        except (ArithmeticError, ValueError) as error:
            raise ExpressionError(str(error), offending_column(text, node)) from None
    return done[id(root)]


def _operands(node: ast.AST) -> list:
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.Call):
        return _call_arguments(node)
    return []


def _apply(node: ast.AST, args: list, leaves: dict[str, Value]):
    if isinstance(node, ast.Constant):
        return _finite(node.value, "number")
    if isinstance(node, ast.Name):
        return leaves[node.id]
    if isinstance(node, ast.UnaryOp):
        return -args[0] if isinstance(node.op, ast.USub) else args[0]
    if isinstance(node, ast.Call):
        op = FUNCTIONS[node.func.id]
        if not any(isinstance(arg, Value) for arg in args):
            args = [_as_value(args[0]), *args[1:]]
        return call_op(op, tuple(args), _parameters(node, op)) if op.params or op.arity > 1 else apply(op, *args)
    left, right = args
    if not isinstance(right, Value):
        left = _as_value(left)
    return _OPERATORS[type(node.op)](left, right)


def _finite(x, what: str) -> float:
    number = as_float(x, what)
    if not math.isfinite(number):
        raise ValueError(say("number_not_finite", what=what, x=x))
    return number


def _as_value(x):
    # Two numbers meet: make the left one a constant leaf so the engine (and its errors) do the math.
    return x if isinstance(x, Value) else Value(x, requires_grad=False)


def _symbol(op: ast.operator) -> str:
    symbols = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^"}
    return symbols.get(type(op), type(op).__name__)


def _function_list() -> str:
    return ", ".join(sorted(FUNCTIONS))


# Students' slips ------------------------------------------------------------------------------
# The ways students write maths that Python reads otherwise, each answered with the fix. These
# checks run only on text that is already refused, so they change messages, never what is accepted.

_IMPLICIT = re.compile(r"(?<![\w.])(\d+(?:\.\d*)?)([A-Za-z_]\w*)")  # 2x, 3.5w
_FUNCTION_NAMES = {"ln": "log", "sigma": "sigmoid", "σ": "sigmoid", "logistic": "sigmoid", "th": "tanh",
                   "max0": "relu", "arcsin": "asin", "arccos": "acos", "arctan": "atan"}  # fmt: skip


def syntax_slip(text: str) -> ExpressionError | None:
    """A syntax error that is a known slip: `2x` (write 2*x), `|x|` (write abs(x)), `x²` (write x**2)."""
    implicit = _IMPLICIT.search(text)
    if implicit and not implicit.group(2).lower().startswith(("e", "j")):  # 1e5 is a number, 2j complex
        number, name = implicit.groups()
        return ExpressionError(say("implicit_product", number=number, name=name), implicit.start() + 1)
    bar = text.find("|")
    if bar >= 0:
        return ExpressionError(say("bars"), bar + 1)
    square = re.search(r"[²³¹⁰⁴-⁹]", text)
    if square:
        power = "0123456789"["⁰¹²³⁴⁵⁶⁷⁸⁹".index(square.group())]
        return ExpressionError(say("superscript", power=power, char=square.group()), square.start() + 1)
    return None


def node_slip(node: ast.AST) -> str | None:
    """A refused node that is a known slip: `x ^ 2` (the power is **), `ln(x)` (log), `math.exp(x)`, `2(x+1)`."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitXor):
        return say("xor")
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id not in FUNCTIONS:
            known = _FUNCTION_NAMES.get(func.id) or _FUNCTION_NAMES.get(func.id.lower())
            if known is None and func.id.lower() in FUNCTIONS:
                known = func.id.lower()  # ReLU, Tanh, Exp
            if known in FUNCTIONS:
                return say("written_as", name=func.id, known=known)
        if isinstance(func, ast.Attribute) and func.attr in FUNCTIONS:
            return say("module_prefix", attr=func.attr)
        if isinstance(func, ast.Constant) and isinstance(func.value, (int, float)):
            return say("times_parenthesis", number=func.value)
    return None


def offending_column(text: str, node: ast.AST) -> int:
    """The column of the token at fault: the operator of a binary operation (the / of y / x), the name of
    a call, the start of anything else."""
    if isinstance(node, ast.BinOp) and getattr(node.left, "end_lineno", None) == getattr(node.right, "lineno", 0):
        start = _node_column(text, node.left)
        between = text[start - 1 :]  # from the left operand on
        left_length = _column(text, node.left.end_lineno, node.left.end_col_offset, in_bytes=True) - start
        rest = between[left_length:]
        skipped = len(rest) - len(rest.lstrip(" )\t"))
        return min(start + left_length + skipped, len(text))
    return _node_column(text, node)


def missing_slip(missing: list, values: dict) -> ExpressionError | None:
    """A value given under another capitalisation: `W=2` for the expression's `w` (names are case-sensitive)."""
    for name in missing:
        close = [given for given in values if given.lower() == name.lower() and given != name]
        if close:
            return ExpressionError(say("case", name=name, given=close[0], value=values[close[0]]))
    return None


def assignment_slip(item: str, items: list) -> ExpressionError | None:
    """--at items written as one (`x=1,y=2`), with spaces around = (`x = 1`), or with a colon (`x:1`)."""
    if "," in item and re.search(r",\s*[A-Za-z_]\w*\s*=", item):
        parts = " ".join(part.strip() for part in item.split(","))
        return ExpressionError(say("one_per_item", parts=parts))
    if re.fullmatch(r"\s*[A-Za-z_]\w*\s*=\s*\d+,\d+\s*", item):
        return ExpressionError(say("decimal_point", fixed=item.replace(",", ".").replace(" ", "")))
    if ":" in item and "=" not in item:
        return ExpressionError(say("equals", fixed=item.replace(":", "=", 1).replace(" ", "")))
    if _NAME.match(item.strip()) and "=" in items and items.index("=") == items.index(item) + 1:
        return ExpressionError(say("spaces"))
    if item.strip() == "=":
        return ExpressionError(say("spaces"))
    return None
