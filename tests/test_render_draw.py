"""draw, save_graph and to_mermaid: tests read the DOT source; a few render real files."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

import autograd
from autograd import Value, backward_steps, draw, save_graph
from autograd.examples import textbook_network
from autograd.render.style import DEAD, SATURATED_FILL
from autograd.teach.names import fmt
from tests.fake_nn import FakeMLP, mlp_loss
from tests.filesystem import refuse_new_files_in
from tests.test_teach_trace import TEXTBOOK

PNG, PDF = b"\x89PNG\r\n\x1a\n", b"%PDF"


def traced_textbook():
    loss, named = textbook_network()
    return loss, named, backward_steps(loss)


def node_line(source: str, name: str) -> str:
    return next(line for line in source.splitlines() if re.match(rf"\s*{name} \[", line))


def test_records_show_label_data_and_the_engines_gradient():
    loss, named, _ = traced_textbook()
    source = draw(loss).source
    for name, node in named.items():
        assert f"{name} | data {fmt(node.data, 4)} | grad {fmt(node.grad, 4)}" in source
    for name, figure in TEXTBOOK.items():
        assert f"{name} | data" in source and f"grad {figure:g}" in source
    interior = [n for n in autograd.nodes(loss) if n.parents]
    assert len(re.findall(r"^\s*n\d+op \[label", source, re.M)) == len(interior)  # one op node each
    assert source.count("->") == len(autograd.edges(loss)) + len(interior)


def test_rankdir_lr_uses_braces_and_tb_does_not():
    loss, _, _ = traced_textbook()
    assert 'label="{w5 | data 0.6' in draw(loss).source
    tb = draw(loss, rankdir="TB", show_grad=False).source
    assert 'label="w5 | data 0.6"' in tb and "rankdir=TB" in tb and "grad" not in tb


def test_same_graph_twice_gives_identical_svg():
    first, second = traced_textbook()[0], traced_textbook()[0]
    svg = [draw(root).pipe(format="svg") for root in (first, second)]
    assert svg[0] == svg[1] and b"<svg" in svg[0]


def test_highlight_values_labels_and_a_step():
    loss, named, steps = traced_textbook()
    source = draw(loss, highlight=[named["w5"], "h1"]).source
    assert "#ffe066" in node_line(source, "n0") and "#ffe066" in node_line(source, "n8")
    step = next(s for s in steps if s.parent is named["w1"])
    source = draw(loss, highlight=step).source
    edge = next(line for line in source.splitlines() if f"id=e{step.child_index}_{step.index}" in line)
    assert "#d62728" in edge and f"{fmt(step.upstream, 4)} x {fmt(step.local, 4)}" in edge
    with pytest.raises(ValueError, match="highlight label 'nope'"):
        draw(loss, highlight="nope")
    with pytest.raises(ValueError, match="not in the graph"):
        draw(loss, highlight=Value(1.0))
    with pytest.raises(TypeError, match="highlight takes"):
        draw(loss, highlight=[3])


def test_flow_overlay_widths_dead_relu_and_saturated_tanh():
    w_big, w_small = Value(3.0, "big"), Value(0.1, "small")
    dead = (Value(-1.0, "z") * 1.0).relu()
    sat = Value(8.0, "t").tanh()
    root = w_big * 2.0 + w_small * 2.0 + dead + sat
    backward_steps(root)
    source = draw(root, flow=True).source
    width = {m[0]: float(m[1]) for m in re.findall(r"(n\d+) -> n\d+op \[.*?penwidth=\"?([\d.]+)", source)}
    names = autograd.teach.names.NodeNames(root)
    assert width[f"n{names.index[w_big]}"] == width[f"n{names.index[w_small]}"]  # both contribute 2.0
    assert DEAD in source and "relu\\noff" in source
    assert SATURATED_FILL in source and "tanh\\nsat." in source
    assert "gradient contribution" in source


def test_flow_width_grows_with_the_contribution():
    a, b = Value(1.0, "a"), Value(1.0, "b")
    root = a * 10.0 + b * 0.1
    backward_steps(root)
    source = draw(root, flow=True).source
    widths = [float(w) for w in re.findall(r"n\d+ -> n\d+op \[[^\]]*penwidth=\"?([\d.]+)", source)]
    assert max(widths) > min(widths)


def test_show_index_and_escaping_and_ascii():
    x = Value(1.0, 'a{b}|<c>"\\')
    y = Value(2.0, "ŷ") * Value(3.0, "权重")
    z = x + y
    backward_steps(z)
    source = draw(z, show_index=True).source
    assert r"a\{b\}\|\<c\>\"\\" in source
    assert "{[0] a" in source and "{[1] y | data 2" in source
    assert "U+6743U+91CD" in source and source.isascii()
    assert b"a{b}|&lt;c&gt;" in draw(z).pipe(format="svg")


def test_cluster_by_layer_and_neuron():
    model = FakeMLP(2, [3, 2, 1], seed=3)
    loss = mlp_loss(model)
    backward_steps(loss)
    source = draw(loss, cluster=model).source
    assert "subgraph cluster_L0 {" in source and "subgraph cluster_L0N2 {" in source
    assert "subgraph cluster_L2N0 {" in source and 'label="layer 1"' in source
    block = source.split("subgraph cluster_L1N1 {")[1].split("\t\t}")[0]
    ws, b = model.layers[1][0][1]  # layer 1, neuron 1
    rows = "|".join(f"{{{p.label} | {fmt(p.data, 4)} | {fmt(p.grad, 4)}}}" for p in [*ws, b])
    assert f'label="{{param | data | grad}}|{rows}"' in block  # the neuron's parameters, one table
    assert block.count("| data") == 1 + 2  # that table, the dot node and the relu node
    (table_id,) = re.findall(r"(n\d+) \[label=\"\{param", block)
    assert source.count(f"{table_id} -> ") == 1  # one arrow from the table into the neuron's dot


def test_collapse_draws_one_box_per_neuron():
    model = FakeMLP(2, [3, 2, 1], seed=3)
    loss = mlp_loss(model)
    backward_steps(loss)
    source = draw(loss, cluster=model, collapse=True).source
    assert source.count('label="{neuron ') == 3 + 2 + 1
    assert "dot" not in re.sub(r"neuron \d+ \w+", "", source.split("subgraph")[1])
    assert "tailport=e" in source and "headport=w" in source and "splines=line" in source
    with pytest.raises(ValueError, match="collapse=True needs cluster"):
        draw(loss, collapse=True)
    with pytest.raises(TypeError, match="neuron_parameters"):
        draw(loss, cluster=object())


def test_large_graph_is_summarised_quickly_with_a_note():
    x = Value(1.0, "x")
    v = x
    for _ in range(50_000):  # 100,001 nodes: a multiply and a constant per link
        v = v * 1.0
    graph = draw(v, max_nodes=300)
    assert len(graph.source) < 100_000
    assert "... 99701 more nodes" in graph.source and "Showing the 300 nodes nearest" in graph.source
    assert graph.source.count("| data") <= 300


def test_bad_arguments():
    x = Value(1.0)
    with pytest.raises(TypeError, match="draw: expected a Value"):
        draw([x])
    with pytest.raises(ValueError, match="rankdir must be one of"):
        draw(x, rankdir="up")
    with pytest.raises(ValueError, match="format must be one of"):
        draw(x, format="gif")
    with pytest.raises(ValueError, match="max_nodes"):
        draw(x, max_nodes=0)


# Files --------------------------------------------------------------------------------------


def test_textbook_png_svg_pdf_and_source_files(tmp_path):
    loss, _, _ = traced_textbook()
    graph = draw(loss)
    assert save_graph(graph, tmp_path / "g.png").read_bytes().startswith(PNG)
    svg = save_graph(loss, tmp_path / "g.svg").read_text()
    for figure in TEXTBOOK.values():
        assert f"grad {figure:g}".replace("-", "&#45;") in svg  # what the PNG shows, from the same layout
    assert save_graph(graph, tmp_path / "g.dot").read_text() == graph.source
    assert save_graph(graph, tmp_path / "g.pdf").read_bytes().startswith(PDF)
    assert Path(graph.render(tmp_path / "r", format="png")).read_bytes().startswith(PNG)
    assert Path(graph.render(tmp_path / "r", format="pdf")).read_bytes().startswith(PDF)
    assert graph.pipe(format="svg", encoding="utf-8").startswith("<?xml")
    assert "image/svg+xml" in graph._repr_mimebundle_()
    with pytest.raises(ValueError, match="cannot tell the format"):
        save_graph(graph, tmp_path / "g.gif")


def test_save_is_atomic_and_keeps_the_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "g.svg"
    target.write_text("saved before")
    monkeypatch.setattr(autograd.render.backends, "ensure_dot", _raise(RuntimeError("renderer broke")))
    with pytest.raises(RuntimeError, match="renderer broke"):
        save_graph(Value(1.0), target)
    assert target.read_text() == "saved before" and os.listdir(tmp_path) == ["g.svg"]


def test_read_only_folder_gives_a_clear_error(tmp_path, monkeypatch):
    refuse_new_files_in(monkeypatch, tmp_path, errno.EACCES)
    with pytest.raises(PermissionError, match="save_graph: cannot write in .*read-only"):
        save_graph(Value(1.0), tmp_path / "g.dot")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes to read-only folders")
def test_really_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    with pytest.raises(PermissionError, match="read-only"):
        save_graph(Value(1.0), folder / "g.dot")


def _raise(error):
    def fail(*args, **kwargs):
        raise error

    return fail


# Mermaid ------------------------------------------------------------------------------------


def test_graph_repr_is_stable_text():
    first, second = draw(Value(2.0, "a") * 3), draw(Value(2.0, "a") * 3)
    assert repr(first) == repr(second) and " at 0x" not in repr(first)


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


def test_svg_escapes_labels():
    svg = autograd.draw(_hostile_graph()).pipe(format="svg")
    _assert_escaped(svg.decode("utf-8"))
    assert ElementTree.fromstring(svg).tag.endswith("svg")  # a label that broke out would make it invalid XML
