"""autograd/teach/report.py: explanations escape labels for HTML and Markdown."""

from __future__ import annotations

import re

import pytest

import autograd
from autograd import Value

SCRIPT = "</code><script>alert('x')</script>&amp;"


def _hostile_graph():
    x = Value(2.0, SCRIPT)
    w = Value(-0.5, '<img src=x onerror="alert(1)">')
    out = (x * w).tanh()
    out.label = SCRIPT
    return out


def _assert_escaped(page: str) -> None:
    assert "<script>alert(" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(" in page or "&amp;lt;script&amp;gt;alert(" in page or "\\u003cscript" in page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_explanations_escape_labels_in_html_and_markdown(lang):
    report = autograd.explain(_hostile_graph(), lang=lang)
    _assert_escaped(report._repr_html_())
    # In Markdown a label is shown inside a code span, whose content is literal text: nowhere else.
    outside_code = re.sub(r"(`+)(?:(?!\1).)+?\1", "", report.to_markdown())
    assert "<script>" not in outside_code and "<img" not in outside_code
