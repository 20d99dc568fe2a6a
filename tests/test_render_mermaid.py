"""autograd/render/mermaid.py: the graph as a Mermaid flowchart, labels escaped, big graphs summarised."""

from __future__ import annotations

import pytest

import autograd
from autograd import Value, backward_steps, to_mermaid
from autograd.examples import textbook_network
from autograd.teach.names import fmt


def traced_textbook():
    loss, named = textbook_network()
    return loss, named, backward_steps(loss)


def test_mermaid_flowchart_of_the_textbook():
    loss, named, _ = traced_textbook()
    text = to_mermaid(loss)
    assert text.startswith("flowchart LR\n")
    names = autograd.teach.names.NodeNames(loss)
    for name, node in named.items():
        if node.requires_grad:
            assert f'n{names.index[node]}("{name}<br/>data {fmt(node.data, 4)}<br/>grad {fmt(node.grad, 4)}")' in text
    assert 'n16("y = 2.5"):::constant' in text  # the target: a constant, no gradient
    assert ":::input" in text and ":::parameter" in text
    assert text.count("-->") == len(autograd.edges(loss)) + sum(1 for n in names.order if n.parents)
    assert '(("a - b"))' in text and "n15 -- a --> n17op" in text and "n16 -- b --> n17op" in text
    assert text._repr_markdown_().startswith("```mermaid\n") and to_mermaid(loss, rankdir="TB").startswith(
        "flowchart TD"
    )


def test_mermaid_escapes_labels_and_summarises():
    x = Value(1.0, 'say "hi" <b>#1</b> & more')
    y = x * 2.0
    text = to_mermaid(y)
    assert "#quot;hi#quot; #lt;b#gt;#35;1#lt;/b#gt; #amp; more" in text
    assert '"hi"' not in text and "<b>" not in text
    v = Value(1.0)
    for _ in range(100):
        v = v + 1.0
    assert "more nodes (max_nodes=20)" in to_mermaid(v, max_nodes=20)
    with pytest.raises(TypeError, match="to_mermaid"):
        to_mermaid(1.0)
