"""Formula trees as MathML Core, which every current browser draws with no script, font or network.

`html(tree)` gives a fragment for a web page: words as text and each formula as a <math> element,
split where a line may wrap (MathML itself does not break lines). A derivative is written on one
line, ∂L/∂w₅, as in running text, so a panel of formulas stays compact and large enough to project.
"""

from __future__ import annotations

import re
import unicodedata
from html import escape

from .notation import ATOM, Bin, Call, Cmp, Cond, D, Dots, Eq, Expr, Neg, Num, Raw, Seq, Sym, Words, words_parts
from .phrases import formula_words
from .text import GREEK, needs_parens, split_name, unicode_rule, visible

_GREEK_LETTERS = dict(zip(GREEK, "αβγδεζηθικλμνξπρστφχψω"))


def write(tree, lang: str = "en") -> str:
    """The MathML of `tree` (the inside of a <math> element)."""
    return _MathML(lang).go(tree)


def math(tree, lang: str = "en") -> str:
    """`tree` as one <math> element."""
    return f"<math>{write(tree, lang)}</math>"


def html(tree, lang: str = "en", breaks: bool = False) -> str:
    """`tree` for a web page: its words as text and its formulas as <math> elements, so lines can wrap.
    With `breaks`, the parts of a step ("...; ∂f/∂x so far: ...") start lines of their own."""
    if isinstance(tree, str):
        return escape(tree)
    if isinstance(tree, Seq):
        return "".join(html(part, lang, breaks) for part in tree.parts)
    if isinstance(tree, Words):
        if breaks and tree.key == "sep":
            return "<br>"
        return "".join(html(part, lang) for part in words_parts(formula_words(lang)[tree.key], tree.fields))
    if isinstance(tree, Eq):
        first, *rest = tree.parts
        out = [math(first, lang)]
        for part in rest:
            inner = write(part, lang)
            if isinstance(part, Cond):
                inner = f"<mrow><mo>(</mo>{inner}<mo>)</mo></mrow>"
            out.append(f" <math><mo>=</mo>{inner}</math>")
        return "".join(out)
    return math(tree, lang)


class _MathML:
    def __init__(self, lang: str):
        self.lang = lang

    def go(self, t) -> str:
        if isinstance(t, str):
            return _mo(t) if t.strip() in ("=", "+", ";", ",") else f"<mtext>{_space(escape(t))}</mtext>"
        return getattr(self, "d_" if isinstance(t, D) else type(t).__name__.lower())(t)

    def paren(self, inner: str) -> str:
        return f"<mrow><mo>(</mo>{inner}<mo>)</mo></mrow>"

    def operand(self, t: Expr) -> str:
        return (
            self.go(t)
            if isinstance(t, (Sym, Call)) or (isinstance(t, Num) and t.prec == ATOM)
            else self.paren(self.go(t))
        )

    def sym(self, t: Sym) -> str:
        return name(t.name)

    def num(self, t: Num) -> str:
        text = t.text()
        negative = text.startswith("-")
        mantissa, _, exponent = text.lstrip("-").partition("e")
        body = f"<mn>{escape(mantissa)}</mn>"
        if mantissa == "inf":
            body = "<mi>∞</mi>"
        elif exponent:
            body += f"<mo>×</mo><msup><mn>10</mn><mn>{int(exponent)}</mn></msup>"
        return f"<mrow><mo>−</mo>{body}</mrow>" if negative else body

    def d_(self, t: D) -> str:
        top, bottom = self.operand(t.top), self.operand(t.bottom)
        return (f'<mrow><mo lspace="0" rspace="0">∂</mo>{top}<mo lspace="0" rspace="0">/</mo>'
                f'<mo lspace="0" rspace="0">∂</mo>{bottom}</mrow>')  # fmt: skip

    def bin(self, t: Bin) -> str:
        if t.op == "/":
            return f"<mfrac>{_row(self.go(t.left))}{_row(self.go(t.right))}</mfrac>"
        left = self.side(t.left, t.op, "left")
        if t.op == "^":
            return f"<msup>{_row(left)}{_row(self.go(t.right))}</msup>"
        right = self.side(t.right, t.op, "right")
        return f"<mrow>{left}<mo>{ {'*': '⋅', '-': '−'}.get(t.op, t.op) }</mo>{right}</mrow>"

    def side(self, child: Expr, op: str, side: str) -> str:
        text = self.go(child)
        return self.paren(text) if needs_parens(child, op, side) else text

    def neg(self, t: Neg) -> str:
        inner = self.go(t.arg)
        if t.arg.prec < ATOM and not isinstance(t.arg, Call):
            inner = self.paren(inner)
        return f"<mrow><mo>−</mo>{inner}</mrow>"

    def call(self, t: Call) -> str:
        args = "<mo>,</mo>".join(self.go(arg) for arg in t.args)
        if t.fn == "sqrt":
            return f"<msqrt>{args}</msqrt>"
        if t.fn == "abs":
            return f'<mrow><mo fence="true">|</mo>{args}<mo fence="true">|</mo></mrow>'
        return f"<mrow><mi>{escape(t.fn)}</mi><mo>&#x2061;</mo>{self.paren(args)}</mrow>"

    def cond(self, t: Cond) -> str:
        return f"<mrow>{self.go(t.then)}<mtext>&#xA0;if&#xA0;</mtext>{self.go(t.test)}" \
               f"<mtext>&#xA0;else&#xA0;</mtext>{self.go(t.orelse)}</mrow>"  # fmt: skip

    def cmp(self, t: Cmp) -> str:
        op = {">=": "≥", "<=": "≤", "!=": "≠"}.get(t.op, t.op)
        return f"<mrow>{self.go(t.left)}<mo>{escape(op)}</mo>{self.go(t.right)}</mrow>"

    def dots(self, t: Dots) -> str:
        return "<mo>…</mo>"

    def raw(self, t: Raw) -> str:
        return f"<mtext>{escape(visible(unicode_rule(t.text)))}</mtext>"

    def eq(self, t: Eq) -> str:
        parts = [self.paren(self.go(p)) if isinstance(p, Cond) and i else self.go(p) for i, p in enumerate(t.parts)]
        return "<mrow>" + "<mo>=</mo>".join(parts) + "</mrow>"

    def words(self, t: Words) -> str:
        return "".join(self.go(part) for part in words_parts(formula_words(self.lang)[t.key], t.fields))

    def seq(self, t: Seq) -> str:
        return "<mrow>" + "".join(self.go(part) for part in t.parts) + "</mrow>"


def name(text: str) -> str:
    """A node's name in MathML: w5 -> w with 5 below, y_hat -> y with a hat, loss -> loss upright."""
    hat = text.endswith("_hat") and len(text) > 4
    base, index = split_name(text[:-4] if hat else text)
    if hat:
        out = f"<mi>{escape(unicodedata.normalize('NFC', base + chr(0x302)))}</mi>"  # ŷ: one letter
    else:
        out = f"<mi>{escape(_GREEK_LETTERS.get(base, base))}</mi>"
    if hat and len(base) > 1:
        out = f'<mover accent="true"><mi>{escape(base)}</mi><mo>^</mo></mover>'
    if index:
        sub = f"<mn>{index}</mn>" if index.isdigit() else f"<mi>{escape(index.replace('_', ','))}</mi>"
        out = f"<msub>{out}{sub}</msub>"
    return out


def _row(inner: str) -> str:
    return inner if inner.startswith("<mrow>") else f"<mrow>{inner}</mrow>"


def _mo(text: str) -> str:
    return f"<mo>{escape(text.strip())}</mo>"


def _space(text: str) -> str:
    """Leading and trailing spaces kept (an <mtext> trims ordinary ones)."""
    return re.sub(r"^ | $", "&#xA0;", text)
