"""Formula trees as text: Unicode (∂, ·, ², ŷ) or ASCII (d, *, ^) for terminals, and LaTeX for Markdown.

Names keep the student's spelling; only `_hat` becomes a hat (`y_hat` is ŷ, $\\hat{y}$), and LaTeX
puts an index under the line as the textbook does (`w5` is $w_{5}$, `z_h1` is $z_{h1}$).
"""

from __future__ import annotations

import re
import unicodedata

from .notation import (
    ADD,
    ATOM,
    MUL,
    POW,
    Bin,
    Call,
    Cmp,
    Cond,
    D,
    Dots,
    Eq,
    Expr,
    Neg,
    Num,
    Raw,
    Seq,
    Sym,
    Words,
    words_parts,
)
from .phrases import formula_words

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_PREC = {"+": ADD, "-": ADD, "*": MUL, "/": MUL, "^": POW}


# What would break a line of text or disguise it: control characters (NUL, ESC, CR, LF, ...), line and
# paragraph separators, the bidirectional controls that reorder what follows them, and lone surrogates
# (which no file or terminal can encode). A name shows each as its Python escape: a\nb, L\x1b, \u202e.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def visible(text: str) -> str:
    """`text` on one line, as it reads: every character that would break the line, hide or reorder text
    written as its escape (`a\\nb`, `\\x00`, `\\u202e`). Every format writes names through this first."""
    return _INVISIBLE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def pretty(name: str) -> str:
    """A name in Unicode text: as typed, except that a `_hat` suffix puts a hat on it (y_hat -> ŷ)."""
    if name.endswith("_hat") and len(name) > 4:
        return unicodedata.normalize("NFC", name[:-4] + "\u0302")
    return name


def needs_parens(child: Expr, op: str, side: str) -> bool:
    """Whether `child`, as the `side` operand of `op`, is written in parentheses (the same in every notation)."""
    if isinstance(child, Num) and child.text().startswith("-"):
        return True  # 1 · (-1.34), 0.5 - (-3)
    if op == "^":
        return child.prec <= POW if side == "left" else child.prec < ATOM
    if isinstance(child, Neg) and side == "right":
        return True
    return child.prec < _PREC[op] or (child.prec == _PREC[op] and side == "right" and op in "-/")


def tight(left: Expr, right: Expr) -> bool:
    """A product of names is written close (x·w, 2·x); one of numbers or derivatives spaced (1 · 3)."""
    sides = (left, right)
    return not any(isinstance(s, (D, Eq, Seq)) for s in sides) and any(isinstance(s, (Sym, Call)) for s in sides)


def write(tree: Expr, ascii: bool = False, lang: str = "en") -> str:
    """`tree` in Unicode text, or in ASCII."""
    return _Text(ascii, lang).go(tree)


def _dispatch_name(t) -> str:
    return "d_" if isinstance(t, D) else type(t).__name__.lower()


class _Text:
    def __init__(self, ascii: bool, lang: str):
        self.ascii, self.lang = ascii, lang
        self.partial, self.times = ("d", "*") if ascii else ("∂", "·")

    def go(self, t) -> str:
        return t if isinstance(t, str) else getattr(self, _dispatch_name(t))(t)

    def operand(self, t: Expr) -> str:
        """A term under ∂: bare when it is one name, number or call (∂w5, ∂tanh(n2)), else in parentheses."""
        text = self.go(t)
        bare = (Sym, Dots) if self.ascii else (Sym, Dots, Call)  # "dtanh(n)" would read as one name
        return text if isinstance(t, bare) or (isinstance(t, Num) and t.prec == ATOM) else f"({text})"

    def sym(self, t: Sym) -> str:
        return t.name if self.ascii else pretty(t.name)

    def num(self, t: Num) -> str:
        return t.text()

    def d_(self, t: D) -> str:
        return f"{self.partial}{self.operand(t.top)}/{self.partial}{self.operand(t.bottom)}"

    def bin(self, t: Bin) -> str:
        left, right = self.side(t.left, t.op, "left"), self.side(t.right, t.op, "right")
        if t.op == "^":
            if not self.ascii and isinstance(t.right, Num) and re.fullmatch(r"\d{1,3}", t.right.text()):
                return left + t.right.text().translate(_SUPERSCRIPT)
            return f"{left}^{right}"
        if t.op == "*":
            return f"{left}{self.times}{right}" if tight(t.left, t.right) else f"{left} {self.times} {right}"
        return f"{left} {t.op} {right}"

    def side(self, child: Expr, op: str, side: str) -> str:
        text = self.go(child)
        return f"({text})" if needs_parens(child, op, side) else text

    def neg(self, t: Neg) -> str:
        inner = self.go(t.arg)
        return f"-({inner})" if t.arg.prec < ATOM and not isinstance(t.arg, Call) else f"-{inner}"

    def call(self, t: Call) -> str:
        return f"{t.fn}({', '.join(self.go(arg) for arg in t.args)})"

    def cond(self, t: Cond) -> str:
        return f"{self.go(t.then)} if {self.go(t.test)} else {self.go(t.orelse)}"

    def cmp(self, t: Cmp) -> str:
        return f"{self.go(t.left)} {t.op} {self.go(t.right)}"

    def dots(self, t: Dots) -> str:
        return "..."

    def raw(self, t: Raw) -> str:
        return visible(t.text if self.ascii else unicode_rule(t.text))

    def eq(self, t: Eq) -> str:
        return " = ".join(f"({self.go(p)})" if isinstance(p, Cond) and i else self.go(p) for i, p in enumerate(t.parts))

    def words(self, t: Words) -> str:
        return "".join(self.go(part) for part in words_parts(formula_words(self.lang)[t.key], t.fields))

    def seq(self, t: Seq) -> str:
        return "".join(self.go(part) for part in t.parts)


def unicode_rule(text: str) -> str:
    """A rule written by hand in ASCII, in Unicode: `d/dx ln(x) = 1 / x` -> `∂/∂x ln(x) = 1 / x`."""
    text = re.sub(r"\bd/d(\w+)", r"∂/∂\1", text)
    text = re.sub(r"\^(\d{1,3})\b", lambda m: m.group(1).translate(_SUPERSCRIPT), text)
    return text.replace(" * ", " · ")


# LaTeX ---------------------------------------------------------------------------------------

GREEK = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
         "nu", "xi", "pi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega")  # fmt: skip
_FUNCTIONS = {"sin", "cos", "tan", "sinh", "cosh", "tanh", "exp", "log", "ln", "arcsin", "arccos", "arctan"}
_ARC = {"asin": "arcsin", "acos": "arccos", "atan": "arctan"}
# Characters that LaTeX, or the Markdown and HTML around $...$, would read as structure, as math commands:
# TeX's specials; < > & (HTML); ` * [ ] | (code spans, emphasis, links, tables, where a renderer reads
# Markdown inside the dollars); @ (Jupyter's @@0@@ placeholders for the formulas it has taken out).
_LATEX_ESCAPES = {"\\": r"\backslash ", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#", "%": r"\%",
                  "_": r"\_", "^": r"\hat{}", "~": r"\sim ", "<": r"\lt ", ">": r"\gt ", "'": r"\prime ",
                  "`": r"\grave{}", "*": r"\ast ", "[": r"\lbrack ", "]": r"\rbrack ", "|": r"\vert ",
                  "@": "{@}"}  # fmt: skip
_LATEX_SPECIAL = re.compile("([" + re.escape("".join(_LATEX_ESCAPES)) + "])")
_PLAIN_NAME = re.compile(r"\w+")  # letters, digits and _: a name the textbook would set (w5, z_h1, y_hat)


def split_name(name: str) -> tuple[str, str]:
    """A name's base and index, as the textbook sets them: w5 -> (w, 5), z_h1 -> (z, h1), loss -> (loss, '')."""
    match = re.fullmatch(r"([^\W\d_]+?)(\d+)", name) or re.fullmatch(r"([^\W\d_]+)_([^\W_]+(?:_[^\W_]+)*)", name)
    return (match.group(1), match.group(2)) if match else (name, "")


def latex_name(name: str) -> str:
    """`w5` -> `w_{5}`, `z_h1` -> `z_{h1}`, `y_hat` -> `\\hat{y}`, `alpha` -> `\\alpha`, `loss` -> `\\mathrm{loss}`;
    any other label as text, exactly as typed: `my-label` -> `\\text{my-label}`."""
    if not _PLAIN_NAME.fullmatch(name):
        return "{" + text_latex(name) + "}"  # one atom, as a name is, under ∂ or a power
    hat = name.endswith("_hat") and len(name) > 4
    base, index = split_name(name[:-4] if hat else name)
    # An index follows a letter, never a closing brace: `}_{` opens emphasis in a Markdown renderer that
    # knows no math (`\\hat{y}_{1} ... \\hat{y}_{2}` would set the text between in italics).
    sub = f"_{{{escape_latex(index.replace('_', ','))}}}" if index else ""
    if base in GREEK or len(base) == 1:
        letter = "\\" + base if base in GREEK else escape_latex(base)
        return (f"\\hat {letter}{sub}" if sub else f"\\hat{{{letter}}}") if hat else letter + sub
    out = f"\\mathrm{{{escape_latex(base)}{sub}}}"  # loss1 -> \\mathrm{loss_{1}}
    return f"\\hat{{{out}}}" if hat else out


def escape_latex(text: str) -> str:
    """Text safe inside LaTeX math (and in Markdown around it): no command, brace or HTML tag can form."""
    return "".join(_LATEX_ESCAPES.get(ch, ch) for ch in text)


def latex(tree: Expr, lang: str = "en") -> str:
    """`tree` in LaTeX (the inside of $...$)."""
    return _Latex(lang).go(tree)


class _Latex:
    def __init__(self, lang: str):
        self.lang = lang

    def go(self, t) -> str:
        if isinstance(t, str):
            return text_latex(t)
        return getattr(self, _dispatch_name(t))(t)

    def operand(self, t: Expr) -> str:
        text = self.go(t)
        return text if isinstance(t, Sym) else f"\\left({text}\\right)"

    def sym(self, t: Sym) -> str:
        return latex_name(t.name)

    def num(self, t: Num) -> str:
        text = t.text()
        if text in ("inf", "-inf"):
            return text.replace("inf", "\\infty")
        if text == "nan":
            return "\\mathrm{nan}"
        mantissa, _, exponent = text.partition("e")
        return f"{mantissa} \\times 10^{{{int(exponent)}}}" if exponent else text

    def d_(self, t: D) -> str:
        return f"\\frac{{\\partial {self.operand(t.top)}}}{{\\partial {self.operand(t.bottom)}}}"

    def bin(self, t: Bin) -> str:
        if t.op == "/":
            return f"\\frac{{{self.go(t.left)}}}{{{self.go(t.right)}}}"
        left = self.side(t.left, t.op, "left")
        if t.op == "^":
            return f"{{{left}}}^{{{self.go(t.right)}}}"
        right = self.side(t.right, t.op, "right")
        return f"{left} \\cdot {right}" if t.op == "*" else f"{left} {t.op} {right}"

    def side(self, child: Expr, op: str, side: str) -> str:
        text = self.go(child)
        return f"\\left({text}\\right)" if needs_parens(child, op, side) else text

    def neg(self, t: Neg) -> str:
        inner = self.go(t.arg)
        return f"-\\left({inner}\\right)" if t.arg.prec < ATOM and not isinstance(t.arg, Call) else f"-{inner}"

    def call(self, t: Call) -> str:
        args = ", ".join(self.go(arg) for arg in t.args)
        name = _ARC.get(t.fn, t.fn)
        if name == "sqrt":
            return f"\\sqrt{{{args}}}"
        if name == "abs":
            return f"\\left|{args}\\right|"
        head = f"\\{name}" if name in _FUNCTIONS else f"\\operatorname{{{escape_latex(name)}}}"
        return f"{head}\\left({args}\\right)"

    def cond(self, t: Cond) -> str:
        return f"{self.go(t.then)} \\text{{ if }} {self.go(t.test)} \\text{{ else }} {self.go(t.orelse)}"

    def cmp(self, t: Cmp) -> str:
        op = {">=": "\\geq", "<=": "\\leq", "!=": "\\neq", "<": "\\lt", ">": "\\gt"}.get(t.op, t.op)
        return f"{self.go(t.left)} {op} {self.go(t.right)}"

    def dots(self, t: Dots) -> str:
        return "\\dots"

    def raw(self, t: Raw) -> str:
        return text_latex(unicode_rule(t.text))

    def eq(self, t: Eq) -> str:
        parts = [self.go(p) for p in t.parts]
        return " = ".join(
            f"\\left({p}\\right)" if isinstance(t.parts[i], Cond) and i else p for i, p in enumerate(parts)
        )

    def words(self, t: Words) -> str:
        return "".join(self.go(part) for part in words_parts(formula_words(self.lang)[t.key], t.fields))

    def seq(self, t: Seq) -> str:
        return "".join(self.go(part) for part in t.parts)


def text_latex(text: str) -> str:
    """Words inside LaTeX math: `\\text{...}` runs, with every special character set in math outside them."""
    out = []
    for piece in _LATEX_SPECIAL.split(visible(text)):
        if piece in _LATEX_ESCAPES:
            out.append(_LATEX_ESCAPES[piece])
        elif piece:
            out.append("\\text{" + piece + "}")
    return "".join(out)
