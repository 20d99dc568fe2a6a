"""autograd/teach/report.py: explanations escape labels for HTML and Markdown, and print in two notations."""

from __future__ import annotations

import pytest

import autograd
from autograd.teach.notation import Eq, Num, Sym
from autograd.teach.report import Math, Report, say
from tests.strategies import assert_escaped, hostile_graph


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_explanations_escape_labels_in_html_and_markdown(lang):
    report = autograd.explain(hostile_graph(), lang=lang)
    assert_escaped(report.to_html())
    markdown = report.to_markdown()  # names sit in $...$ math with < and > as \lt and \gt: no tag can form
    assert "<script>" not in markdown and "<img" not in markdown and "\\lt" in markdown


def test_say_makes_trees_formulas_and_keeps_text_as_words():
    segments = say("{a} and {n} more", a=Eq((Sym("w5"), Num(0.5))), n="3")
    assert segments == ["w5 = 0.5", " and ", "3", " more"]
    assert isinstance(segments[0], Math) and not isinstance(segments[2], Math)


def test_a_report_prints_as_text_markdown_and_html():
    report = Report(["Title ", Math(Eq((Sym("w5"), Num(0.5))))], [(["Head"], [(0, ["a ", Math(Sym("x1"))])])])
    assert str(report).splitlines()[:2] == ["Title w5 = 0.5", "=" * len("Title w5 = 0.5")]
    assert report.to_markdown().startswith("### Title $w_{5} = 0.5$")
    assert "<li>a <math><msub><mi>x</mi><mn>1</mn></msub></math></li>" in report.to_html()
    with pytest.raises(ValueError, match="to_text: notation must be 'unicode' or 'ascii'"):
        report.to_text("latex")
