"""autograd/teach/notation.py, text.py, mathml.py: formulas as trees, written in Unicode, ASCII, LaTeX and MathML."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from markdown_it import MarkdownIt

from autograd import OPS
from autograd.teach import mathml
from autograd.teach.notation import D, Eq, Num, Raw, Seq, Sym, Words, product, template, total, write
from autograd.teach.text import latex_name, pretty, split_name

# The seed chapter's chain for w5: ∂L/∂w5 = ∂L/∂ŷ · ∂ŷ/∂w5 = (-1.34) · 1.5 = -2.01
CHAIN = Eq((D(Sym("L"), Sym("w5")), product(D(Sym("L"), Sym("y_hat")), D(Sym("y_hat"), Sym("w5"))),
            product(Num(-1.34), Num(1.5)), Num(-2.01)))  # fmt: skip


def test_the_textbook_chain_in_every_notation():
    assert write(CHAIN) == "∂L/∂w5 = ∂L/∂ŷ · ∂ŷ/∂w5 = (-1.34) · 1.5 = -2.01"
    assert write(CHAIN, "ascii") == "dL/dw5 = dL/dy_hat * dy_hat/dw5 = (-1.34) * 1.5 = -2.01"
    assert write(CHAIN, "latex") == (
        r"\frac{\partial L}{\partial w_{5}} = \frac{\partial L}{\partial \hat{y}} \cdot "
        r"\frac{\partial \hat{y}}{\partial w_{5}} = \left(-1.34\right) \cdot 1.5 = -2.01"
    )
    math = ElementTree.fromstring(f"<math>{write(CHAIN, 'mathml')}</math>")  # well-formed MathML
    assert "∂" in "".join(math.itertext()) and math.find(".//msub") is not None


def test_unknown_notation_is_named():
    with pytest.raises(ValueError, match="unknown notation 'tex'.*unicode, ascii, latex, mathml"):
        write(CHAIN, "tex")


@pytest.mark.parametrize(
    ("name", "base", "index", "tex"),
    [
        ("w5", "w", "5", "w_{5}"),
        ("z_o1", "z", "o1", "z_{o1}"),
        ("b_h1", "b", "h1", "b_{h1}"),
        ("x12", "x", "12", "x_{12}"),
        ("loss", "loss", "", r"\mathrm{loss}"),
        ("alpha", "alpha", "", r"\alpha"),
    ],
)
def test_names_are_set_as_the_textbook_sets_them(name, base, index, tex):
    assert split_name(name) == (base, index)
    assert latex_name(name) == tex


def test_a_hat_name_reads_as_a_hat():
    assert pretty("y_hat") == "ŷ" and pretty("y") == "y" and pretty("_hat") == "_hat"
    assert latex_name("y_hat") == r"\hat{y}"
    assert "ŷ" in mathml.name("y_hat")


@pytest.mark.parametrize("name", ["y1_hat", "loss1", "alpha2_hat", "loss_h1_hat", "z_h1"])
def test_an_index_never_follows_a_brace_so_markdown_without_math_sets_no_emphasis(name):
    # `\\hat{y}_{1} ... \\hat{y}_{2}`: a Markdown renderer that knows no math reads the two `}_{` as <em>
    tex = latex_name(name)
    assert "}_" not in tex and "_{" in tex
    rendered = MarkdownIt("commonmark").render(f"${tex}$ and ${tex}$")
    assert "<em>" not in rendered


def test_rules_read_in_the_students_names():
    mul = OPS["mul"]
    slots = {"x": Sym("x"), "y": Sym("w")}
    form = template(mul.reads, slots)
    local = template(lambda names: mul.local_text(1, names), slots)
    assert write(Eq((D(form, Sym("w")), local))) == "∂(x·w)/∂w = x"  # not d/dx (x * y) = y
    assert write(Eq((D(form, Sym("w")), local)), "ascii") == "d(x*w)/dw = x"


def test_an_ops_own_numbers_are_folded_but_the_operands_never_are():
    power = OPS["pow_const"]
    local = template(lambda names: power.local_text(0, names), {"x": Sym("n1")}, {"k": 2.0})
    assert write(local) == "2·n1"  # k·x^(k - 1) at k = 2, not 2·n1^(2 - 1)
    add = OPS["add"]
    assert write(template(add.reads, {"x": Num(9.0), "y": Num(3.0)})) == "9 + 3"  # a worked sum stays a sum


def test_negative_numbers_and_powers_get_parentheses():
    tanh = OPS["tanh"]
    local = template(lambda names: tanh.local_text(0, names), {"x": Num(0.5), "out": Num(-0.7)})
    assert write(local) == "1 - (-0.7)²"
    assert write(local, "latex") == r"1 - {\left(-0.7\right)}^{2}"
    assert write(total([Num(1.0), Num(-3.0)])) == "1 + (-3)"


def test_relu_reads_as_a_condition_in_parentheses_inside_an_equation():
    relu = OPS["relu"]
    cond = template(lambda names: relu.local_text(0, names), {"x": Sym("z_h1"), "out": Sym("h1")})
    assert write(cond) == "1 if z_h1 > 0 else 0"
    assert write(Eq((D(Sym("h1"), Sym("z_h1")), cond, Num(1.0)))) == "∂h1/∂z_h1 = (1 if z_h1 > 0 else 0) = 1"
    assert write(cond, "latex") == r"1 \text{ if } z_{h1} \gt 0 \text{ else } 0"


def test_a_template_the_parser_cannot_read_stays_text():
    raw = template(lambda names: f"{names['x']} |> {names['y']}", {"x": Sym("a"), "y": Sym("b")})
    assert raw == Raw("a |> b")


def test_a_long_sum_is_elided_in_the_middle():
    assert write(total([Num(float(i)) for i in range(12)])) == "0 + 1 + 2 + ... + 10 + 11"


def test_words_inside_a_formula_follow_the_language():
    tree = Seq((Eq((Num(1.0), Num(1.0))), Words("paths", (("n", "3"),))))
    assert write(tree) == "1 = 1, over 3 paths"
    assert write(tree, lang="zh") == "1 = 1，是 3 条路径之和"
    assert write(tree, "latex") == r"1 = 1\text{, over }\text{3}\text{ paths}"


def test_latex_and_mathml_escape_hostile_names():
    hostile = Sym("</code><script>alert('x')</script>$&")
    tex = write(D(Sym("L"), hostile), "latex")
    assert "<" not in tex and ">" not in tex and "$" not in tex.replace(r"\$", "")
    page = mathml.html(Eq((D(Sym("L"), hostile), Num(1.0))))
    assert "<script>" not in page and "&lt;script&gt;" in page
    ElementTree.fromstring(f"<p>{page}</p>")  # still well-formed


def test_mathml_for_a_page_splits_at_equals_signs_so_lines_can_wrap():
    page = mathml.html(CHAIN)
    assert page.count("<math>") == 4 and page.startswith("<math>")
    words = mathml.html(Seq((Eq((Num(1.0), Num(2.0))), Words("only"))))
    assert words.endswith(" (final: its only path)")
