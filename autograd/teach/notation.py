"""Formulas as small trees, written four ways: Unicode text (`∂L/∂w5 = ∂L/∂ŷ · ∂ŷ/∂w5`), ASCII for
terminals that need it (`dL/dw5 = dL/dy_hat * dy_hat/dw5`), LaTeX for Markdown and Jupyter
(`\\frac{\\partial L}{\\partial w_{5}}`) and MathML for web pages (drawn by the browser, offline).

An op's `form` and local derivatives are parsed with Python's `ast` (never run) into the same
trees, so a rule reads in the student's names in every notation: `∂(x·w)/∂w = x`.
"""

from __future__ import annotations

import ast
import math
import string
from dataclasses import dataclass

NOTATIONS = ("unicode", "ascii", "latex", "mathml")
EQ, COND, CMP, ADD, MUL, NEG, POW, ATOM = range(8)  # how tightly each kind of term binds


class Expr:
    """A formula, or a part of one."""

    prec = ATOM


@dataclass(frozen=True)
class Sym(Expr):
    """A name: a node's label (`w5`, `z_h1`, `y_hat`) or an auto-name (`n1`)."""

    name: str


@dataclass(frozen=True)
class Num(Expr):
    """A number, written with up to `digits` significant digits."""

    value: float
    digits: int = 6

    @property
    def prec(self) -> int:
        return NEG if self.text().startswith("-") else ATOM

    def text(self) -> str:
        return fmt(self.value, self.digits)


@dataclass(frozen=True)
class D(Expr):
    """`∂top/∂bottom`: a derivative of a node (or of an expression, when it must read as local)."""

    top: Expr
    bottom: Expr


@dataclass(frozen=True)
class Bin(Expr):
    """`left op right` for op in + - * / ^."""

    op: str
    left: Expr
    right: Expr

    @property
    def prec(self) -> int:
        return {"+": ADD, "-": ADD, "*": MUL, "/": MUL, "^": POW}[self.op]


@dataclass(frozen=True)
class Neg(Expr):
    arg: Expr
    prec = NEG


@dataclass(frozen=True)
class Call(Expr):
    fn: str
    args: tuple


@dataclass(frozen=True)
class Cond(Expr):
    """`then if test else orelse` (relu's local derivative)."""

    then: Expr
    test: Expr
    orelse: Expr
    prec = COND


@dataclass(frozen=True)
class Cmp(Expr):
    op: str
    left: Expr
    right: Expr
    prec = CMP


@dataclass(frozen=True)
class Dots(Expr):
    """The elided middle of a long sum."""


@dataclass(frozen=True)
class Raw(Expr):
    """Text shown as it is (a rule written by hand that is not a formula the parser knows)."""

    text: str
    prec = EQ


@dataclass(frozen=True)
class Eq(Expr):
    """`a = b = c`."""

    parts: tuple
    prec = EQ


@dataclass(frozen=True)
class Words(Expr):
    """Words inside a formula ("so far", "final"), looked up in `lang`'s phrases when written."""

    key: str
    fields: tuple = ()  # (name, Expr or str) pairs
    prec = EQ


@dataclass(frozen=True)
class Seq(Expr):
    """Parts written one after another: formulas and the words between them."""

    parts: tuple
    prec = EQ


def fmt(x: float, digits: int = 6) -> str:
    """`x` with up to `digits` significant digits: 1.0 -> '1', -1.3399999999999999 -> '-1.34'."""
    if math.isnan(x) or math.isinf(x):
        return str(x)
    text = f"{x:.{digits}g}"
    return "0" if text == "-0" else text


def total(terms: list) -> Expr:
    """`t1 + t2 + ... + tn` (the middle elided past eight terms)."""
    if len(terms) > 8:
        terms = [*terms[:3], Dots(), *terms[-2:]]
    tree = terms[0]
    for term in terms[1:]:
        tree = Bin("+", tree, term)
    return tree


def product(*factors: Expr) -> Expr:
    tree = factors[0]
    for factor in factors[1:]:
        tree = Bin("*", tree, factor)
    return tree


def joined(formulas: list, sep: str = ", ") -> Seq:
    """Formulas one after another with `sep` (words) between them: `x = 2, y = 3`."""
    parts = []
    for formula in formulas:
        parts += [sep, formula]
    return Seq(tuple(parts[1:]))


# Op templates -> trees -----------------------------------------------------------------------


def template(fill, slots: dict, constants: dict | None = None) -> Expr:
    """The tree of an op's template text. `fill(names)` formats it (op.reads or op.local_text); `slots`
    maps each template name to the tree it stands for; `constants` (the op's parameters, the k of x^k)
    go in as numbers, so `k·x^(k - 1)` at k = 2 reads `2·x`. Text the parser cannot read stays Raw."""
    constants = constants or {}
    keys = {name: f"_s{i}" for i, name in enumerate(slots)}
    literal = {name: f"({_number_text(value)})" for name, value in constants.items()}
    try:
        source = fill({**_names_for(keys), **literal}).replace("^", "**").strip()
        return _convert(ast.parse(source, mode="eval").body, {keys[name]: value for name, value in slots.items()})
    except (SyntaxError, ValueError, KeyError, TypeError):
        texts = {name: write(value) for name, value in slots.items()}
        return Raw(fill({**_names_for(texts), **{name: _number_text(value, 6) for name, value in constants.items()}}))


def _number_text(value, digits: int = 17) -> str:
    return fmt(float(value), digits) if isinstance(value, (int, float)) else repr(value)


def _names_for(texts: dict) -> dict:
    """The names dict an op template expects; n-ary ops take their operands as one list, "args"."""
    names = {name: text for name, text in texts.items() if not name.startswith("arg ")}
    args = [text for name, text in texts.items() if name.startswith("arg ")]
    return {**names, "args": args} if args else names


_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "^"}
_COMPARE = {ast.Gt: ">", ast.Lt: "<", ast.GtE: ">=", ast.LtE: "<=", ast.Eq: "==", ast.NotEq: "!="}
_ARITHMETIC = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}


def _convert(node: ast.AST, slots: dict) -> Expr:
    """An ast node as a tree. Arithmetic on the template's own numbers is done (2 - 1 is 1), and x^1 is x;
    what the slots stand for (the operands, even numbers) is never folded."""
    if isinstance(node, ast.Name):
        return slots[node.id] if node.id in slots else Sym(node.id)
    if isinstance(node, ast.Constant):
        if node.value is Ellipsis:
            return Dots()
        if isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return Num(float(node.value))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        op, left, right = _BINARY[type(node.op)], _convert(node.left, slots), _convert(node.right, slots)
        if op in _ARITHMETIC and _literal(node.left) and _literal(node.right):
            return Num(_ARITHMETIC[op](left.value, right.value))
        if op == "^" and _literal(node.right) and isinstance(right, Num) and right.value == 1.0:
            return left
        return Bin(op, left, right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _convert(node.operand, slots)
        if isinstance(node.op, ast.UAdd):
            return inner
        return Num(-inner.value) if _literal(node.operand) and isinstance(inner, Num) else Neg(inner)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        return Call(node.func.id, tuple(_convert(arg, slots) for arg in node.args))
    if isinstance(node, ast.IfExp):
        return Cond(_convert(node.body, slots), _convert(node.test, slots), _convert(node.orelse, slots))
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARE:
        return Cmp(_COMPARE[type(node.ops[0])], _convert(node.left, slots), _convert(node.comparators[0], slots))
    raise ValueError(f"not a formula the notation knows: {ast.dump(node)[:60]}")


def _literal(node: ast.AST) -> bool:
    """A number written in the template itself (or an op's parameter): no name anywhere inside."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    if isinstance(node, ast.UnaryOp):
        return isinstance(node.op, (ast.USub, ast.UAdd)) and _literal(node.operand)
    if isinstance(node, ast.BinOp):
        return type(node.op) in (ast.Add, ast.Sub, ast.Mult) and _literal(node.left) and _literal(node.right)
    return False


# Writing -------------------------------------------------------------------------------------


def write(tree: Expr, notation: str = "unicode", lang: str = "en") -> str:
    """`tree` as text in `notation` (for "mathml", the inside of a <math> element)."""
    from . import mathml, text  # the writers; they import this module's trees

    if notation in ("unicode", "ascii"):
        return text.write(tree, notation == "ascii", lang)
    if notation == "latex":
        return text.latex(tree, lang)
    if notation == "mathml":
        return mathml.write(tree, lang)
    raise ValueError(f"unknown notation {notation!r}; choose one of {', '.join(NOTATIONS)}")


def check(notation: str, who: str) -> str:
    """`notation`, or a ValueError naming `who` and the notations there are."""
    if notation not in NOTATIONS:
        raise ValueError(f"{who}: unknown notation {notation!r}; choose one of {', '.join(NOTATIONS)}")
    return notation


def words_parts(template_text: str, fields: tuple) -> list:
    """A phrase template split into literal text (str) and its fields' values (Expr or str)."""
    values, parts = dict(fields), []
    for literal, field, _, _ in string.Formatter().parse(template_text):
        if literal:
            parts.append(literal)
        if field is not None:
            parts.append(values[field])
    return parts
