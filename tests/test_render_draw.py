"""draw and save_graph: tests read the DOT source, and the rendered SVG as geometry (where nodes sit, how
large the text is, whether an edge runs over a label); a few render real files."""

from __future__ import annotations

import errno
import os
import re
import struct
from pathlib import Path
from xml.etree import ElementTree

import pytest

import autograd
from autograd import Value, backward_steps, draw, save_graph
from autograd.examples import textbook_network
from autograd.render.style import DEAD, SATURATED_FILL
from autograd.teach.names import NodeNames, fmt, nearest
from tests import svg_geometry as geometry
from tests.fake_nn import FakeMLP, mlp_loss
from tests.filesystem import refuse_new_files_in
from tests.strategies import assert_escaped, hostile_graph
from tests.test_teach_trace import TEXTBOOK

PNG, PDF = b"\x89PNG\r\n\x1a\n", b"%PDF"


def traced_textbook():
    loss, named = textbook_network()
    return loss, named, backward_steps(loss)


def node_line(source: str, name: str) -> str:
    return next(line for line in source.splitlines() if re.match(rf"\s*{name} \[", line))


def test_each_value_shows_its_name_data_and_the_engines_gradient():
    loss, named, _ = traced_textbook()
    source = draw(loss).source
    for name, node in named.items():
        if node.requires_grad:
            assert re.search(rf"<B>{name}</B></TD><VR/><TD[^>]*>data {fmt(node.data, 4)}</TD><VR/>"
                             rf"<TD[^>]*>grad {fmt(node.grad, 4)}</TD>", source), name  # fmt: skip
    for figure in TEXTBOOK.values():
        assert f"grad {figure:g}</TD>" in source
    interior = [n for n in autograd.nodes(loss) if n.parents]
    assert len(re.findall(r"^\s*n\d+op \[", source, re.M)) == len(interior)  # one op node each
    edges = len(re.findall(r"^\s*n\d+(?::\w+)* -> n\d+op", source, re.M)) + len(re.findall(r"op -> n\d+ ", source))
    assert edges == len(autograd.edges(loss)) + len(interior)


def test_inputs_parameters_and_constants_have_their_own_styles_and_a_legend():
    loss, named, _ = traced_textbook()
    source = draw(loss).source
    assert 'class="value input"' in node_line(source, "n4")  # x1
    parameter = node_line(source, "n0")  # w5
    assert 'class="value parameter"' in parameter and 'STYLE="rounded"' in parameter and 'BORDER="2"' in parameter
    constant = node_line(source, "n16")  # y, the target
    assert 'class="value constant"' in constant and 'STYLE="dashed"' in constant
    assert "y = 2.5" in constant and "grad" not in constant  # a constant has no gradient field
    legend = source.split('label=<<TABLE BORDER="0"')[1]
    for words in ("input", "parameter", "constant (no gradient)"):
        assert f">{words}</TD>" in legend
    assert (
        "legend" not in draw(loss, legend=False).source
        and "constant (no gradient)" not in draw(loss, legend=False).source
    )


def test_the_edge_into_a_constant_is_drawn_as_carrying_nothing():
    loss, named, _ = traced_textbook()
    source = draw(loss, flow=True).source
    (edge,) = [line for line in source.splitlines() if line.strip().startswith("n16 ->")]
    assert "dashed" in edge and "penwidth" not in edge


def test_leaves_read_top_to_bottom_in_reading_order():
    loss, named, _ = traced_textbook()
    graph = draw(loss)
    names = NodeNames(loss)
    ids = {label: f"v{names.index[named[label]]}" for label in named}
    root = geometry.parse(graph.pipe(format="svg"))
    first = ["x1", "x2", "w1", "w2", "b_h1", "w3", "w4", "b_h2"]
    ys = [geometry.centre_y(root, ids[label]) for label in first]
    assert ys == sorted(ys)  # x1 on top, w3 no longer last, x1/x2 never swapped
    ys = [geometry.centre_y(root, ids[label]) for label in ("w5", "w6", "b_o")]
    assert ys == sorted(ys)
    # the order is held by invisible edges in one rank, not left to chance
    assert "rank=same" in graph.source and "n4 -> n5 [style=invis]" in graph.source


def test_same_graph_twice_gives_identical_svg():
    first, second = traced_textbook()[0], traced_textbook()[0]
    svg = [draw(root).pipe(format="svg") for root in (first, second)]
    assert svg[0] == svg[1] and b"<svg" in svg[0]


def test_no_edge_runs_across_a_label():
    loss, _, steps = traced_textbook()
    for options in ({}, {"flow": True}, {"wrap": True}, {"rankdir": "TB"}, {"highlight": steps[3]}):
        assert geometry.edges_over_labels(draw(loss, **options).pipe(format="svg")) == [], options


def test_operand_order_is_shown_by_ports_not_edge_labels():
    a, b = Value(5.0, "a"), Value(2.0, "b")
    root = b - a
    source = draw(root).source
    assert "n0 -> n2op:a:w" in source and "n1 -> n2op:b:w" in source  # b (node 0) is the a of "a - b"
    assert '<TD PORT="a">a</TD>' in source and "label=a" not in source


def test_highlight_values_labels_and_a_step():
    loss, named, steps = traced_textbook()
    source = draw(loss, highlight=[named["w5"], "h1"]).source
    assert "#ffe066" in node_line(source, "n0") and "#ffe066" in node_line(source, "n8")
    step = next(s for s in steps if s.parent is named["w1"])
    source = draw(loss, highlight=step).source
    edge = next(line for line in source.splitlines() if f"id=e{step.child_index}_{step.index}" in line)
    assert "#d62728" in edge and f"{fmt(step.upstream, 4)} * {fmt(step.local, 4)}" in edge
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
    width = {m[0]: float(m[1]) for m in re.findall(r"(n\d+) -> n\d+op(?::\w+)* \[.*?penwidth=\"?([\d.]+)", source)}
    names = NodeNames(root)
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


def test_show_index_and_escaping_and_ascii(monkeypatch):
    import autograd.render.draw as module

    monkeypatch.setattr(module, "cjk_fonts", lambda: False)
    x = Value(1.0, 'a{b}|<c>"&')
    y = Value(2.0, "ŷ") * Value(3.0, "权重")
    z = x + y
    backward_steps(z)
    source = draw(z, show_index=True, format="png").source  # a PNG without CJK fonts: ASCII
    assert "a{b}|&lt;c&gt;&quot;&amp;" in source
    assert "<B>[0] a{b}" in source and "<B>[1] y</B>" in source
    assert "U+6743U+91CD" in source and source.isascii()
    svg = draw(z, show_index=True).source  # SVG: the labels as written (the browser has the fonts)
    assert "<B>[1] ŷ</B>" in svg and "权重" in svg and "a{b}|&lt;c&gt;&quot;&amp;" in svg
    assert b"a{b}|&lt;c&gt;&quot;&amp;" in draw(z).pipe(format="svg")


def test_cluster_by_layer_and_neuron_in_index_order():
    model = FakeMLP(2, [3, 2, 1], seed=3)
    loss = mlp_loss(model)
    backward_steps(loss)
    graph = draw(loss, cluster=model)
    source = graph.source
    assert "subgraph cluster_L0 {" in source and "subgraph cluster_L0N2 {" in source
    assert "subgraph cluster_L2N0 {" in source and 'label="layer 1"' in source
    block = source.split("subgraph cluster_L1N1 {")[1].split("\t\t}")[0]
    ws, b = model.layers[1][0][1]  # layer 1, neuron 1
    for p in [*ws, b]:
        assert f"<TD>{p.label}</TD><TD>{fmt(p.data, 4)}</TD><TD>{fmt(p.grad, 4)}</TD>" in block
    assert block.count("data ") == 2  # the dot node and the relu node; the parameters are one table
    (table_id,) = re.findall(r"(n\d+) \[label=<<TABLE[^\n]*<B>param</B>", block)
    assert source.count(f"{table_id} -> ") == 1  # one arrow from the table into the neuron's dot
    root = geometry.parse(graph.pipe(format="svg"))
    tops = {g.findtext(geometry.SVG + "title"): geometry.box(g)[1] for g in geometry.groups(root, "cluster")}
    assert tops["cluster_L0N0"] < tops["cluster_L0N1"] < tops["cluster_L0N2"]
    assert geometry.edges_over_labels(graph.pipe(format="svg")) == []


def test_collapse_draws_each_layer_as_a_table_of_neurons_in_index_order():
    model = FakeMLP(2, [3, 2, 1], seed=3)
    loss = mlp_loss(model)
    backward_steps(loss)
    graph = draw(loss, cluster=model, collapse=True)
    source = graph.source
    assert source.count("<B>neuron ") == 3 + 2 + 1
    layer0 = node_line(source, "layer0")
    assert layer0.index("neuron 0 relu") < layer0.index("neuron 1 relu") < layer0.index("neuron 2 relu")
    assert "<B>layer 0</B>" in layer0 and "splines=line" in source
    assert "dot" not in re.sub(r"neuron \d+ \w+", "", source.split("layer0 [")[1].split("\n")[0])
    assert "label=dot" not in source and re.search(r"-> layer0:w0:w", source)  # no neuron's inside is drawn
    assert geometry.edges_over_labels(graph.pipe(format="svg")) == []
    with pytest.raises(ValueError, match="collapse=True needs cluster"):
        draw(loss, collapse=True)
    with pytest.raises(TypeError, match="neuron_parameters"):
        draw(loss, cluster=object())


def test_a_dense_layer_pair_is_one_arrow_with_the_count():
    import nn

    model = nn.MLP(2, [16, 16, 1], seed=0)
    loss = (model([0.5, -0.3]) - 1.0) ** 2
    backward_steps(loss)
    graph = draw(loss, cluster=model, collapse=True)
    source = graph.source
    assert 'label="16 x 16 = 256 edges"' in source and "layer0 -> layer1" in source
    assert len(re.findall(r"layer0:e\d+:e -> layer1", source)) == 0  # not 256 crossing lines
    assert len(re.findall(r"-> layer0:w\d+:w", source)) == 2 * 16  # two inputs to 16 neurons, drawn one by one
    assert len(re.findall(r"layer1:e\d+:e -> layer2", source)) == 16
    assert geometry.edges_over_labels(graph.pipe(format="svg")) == []
    assert 'label="16 x 16' not in draw(loss, cluster=model, collapse=True, bundle=1000).source


def test_wrap_folds_a_wide_graph_for_a_slide():
    loss, _, _ = traced_textbook()
    flat = geometry.parse(draw(loss).pipe(format="svg"))
    graph = draw(loss, wrap=True)
    folded = geometry.parse(graph.pipe(format="svg"))
    assert geometry.size_pt(flat)[0] / geometry.size_pt(flat)[1] > 3  # 4:1 unfolded
    width, height = geometry.size_pt(folded)
    assert 1.2 < width / height < 2.2  # near a 16:9 slide
    ghosts = re.findall(r"id=(v\d+_again1)", graph.source)
    assert len(ghosts) == 2 and 'STYLE="dotted"' in graph.source  # h1 and h2 start the second row
    assert "repeated from the row above" in graph.source
    # fitted to a 1920-pixel-wide slide, node text is at least 18 px high
    node_text = [
        float(t.get("font-size")) for g in geometry.groups(folded, "node") for t in g.iter(geometry.SVG + "text")
    ]
    assert min(node_text) * 1920 / width >= 18
    model = FakeMLP(2, [2, 1])
    with pytest.raises(ValueError, match="wrap folds graphs drawn without cluster"):
        draw(mlp_loss(model), wrap=True, cluster=model)
    with pytest.raises(ValueError, match="wrap must be True, False or a number of rows"):
        draw(loss, wrap=0)


def test_size_and_dpi_set_the_pictures_pixels(tmp_path):
    loss, _, _ = traced_textbook()
    path = save_graph(loss, tmp_path / "slide.png", size="1920x1080", wrap=True)
    width, height = _png_size(path)
    assert (width == 1920 and height <= 1080) or (height == 1080 and width <= 1920)
    small = save_graph(draw(loss), tmp_path / "small.png", size=(5, 3))
    assert _png_size(small)[0] == 480  # 5 inches at 96 dpi
    sharp = save_graph(draw(loss), tmp_path / "sharp.png", size=(5, 3), dpi=192)
    assert _png_size(sharp)[0] == 960
    for bad in ("wide", (0, 3), (1, 2, 3), "1920by1080"):
        with pytest.raises(ValueError, match="size must be"):
            draw(loss, size=bad)
    with pytest.raises(ValueError, match="dpi must be"):
        draw(loss, dpi=5)


def _png_size(path: Path) -> tuple:
    data = Path(path).read_bytes()
    assert data.startswith(PNG)
    return struct.unpack(">II", data[16:24])


def test_large_graph_is_summarised_quickly_with_a_note():
    x = Value(1.0, "x")
    v = x
    for _ in range(50_000):  # 100,001 nodes: a multiply and a constant per link
        v = v * 1.0
    graph = draw(v, max_nodes=300)
    assert len(graph.source) < 200_000
    assert "... 99701 more nodes" in graph.source and "Showing the 300 nodes nearest" in graph.source
    assert graph.source.count("data ") <= 300


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


def test_graph_repr_is_stable_text():
    first, second = draw(Value(2.0, "a") * 3), draw(Value(2.0, "a") * 3)
    assert repr(first) == repr(second) and " at 0x" not in repr(first)


def test_svg_escapes_labels():
    svg = autograd.draw(hostile_graph()).pipe(format="svg")
    assert_escaped(svg.decode("utf-8"))
    assert ElementTree.fromstring(svg).tag.endswith("svg")  # a label that broke out would make it invalid XML


def test_collapsed_layers_top_to_bottom_are_columns_of_neurons():
    import nn

    model = nn.MLP(2, [4, 4, 1], activation="sigmoid", seed=0)
    loss = (model([0.3, 0.2]) - 1.0) ** 2
    backward_steps(loss)
    graph = draw(loss, cluster=model, collapse=True, rankdir="TB", flow=True)
    layer0 = node_line(graph.source, "layer0")
    assert layer0.count("<TR>") == 3 and 'ROWSPAN="3"><B>layer 0</B>' in layer0  # name, data, grad rows
    assert geometry.edges_over_labels(graph.pipe(format="svg")) == []


# The picture's language: the heading (title, notes, legend) in Chinese ------------------------


@pytest.fixture
def fresh_note(monkeypatch):
    """The PNG-without-CJK warning as in a new process (it is said once per process)."""
    import autograd.render.draw as module

    monkeypatch.setattr(module, "_WARNED", [])
    return module


def test_a_chinese_svg_heading_has_its_words_and_width_hints():
    L, _ = textbook_network()
    L.backward()
    source = draw(L, flow=True, title="教材中的网络", lang="zh").source
    for words in ("教材中的网络", "输入", "参数", "常数（没有梯度）", "边的粗细和颜色"):
        assert words in source
    assert "Edge width" not in source and "U+" not in source
    assert re.search(r'WIDTH="(\d+)">输入<', source) and int(re.search(r'WIDTH="(\d+)">输入<', source)[1]) >= 28
    english = draw(L, flow=True, title="the network").source  # the default stays English, exactly as before
    assert ">input<" in english and "Edge width and colour: |gradient contribution|" in english
    assert "WIDTH" not in re.search(r"label=<<TABLE BORDER=\"0\" CELLSPACING=\"6\">.*", english)[0].split("</TR>")[0]


def test_set_language_makes_pictures_chinese_too():
    L, _ = textbook_network()
    try:
        autograd.set_language("zh")
        assert "参数" in draw(L).source
    finally:
        autograd.set_language(None)
    assert ">parameter<" in draw(L).source


def test_a_png_without_cjk_fonts_falls_back_to_english_with_one_note(monkeypatch, fresh_note):
    monkeypatch.setattr(fresh_note, "cjk_fonts", lambda: False)
    L, _ = textbook_network()
    with pytest.warns(UserWarning, match=r"^draw: a PNG here cannot show Chinese .* an SVG shows them in Chinese$"):
        graph = draw(L, format="png", title="网络", lang="zh")
    assert ">parameter<" in graph.source and "参数" not in graph.source
    assert "U+7F51U+7EDC" in graph.source  # the title, in ASCII
    svg = draw(L, lang="zh")  # an SVG drawn in Chinese, saved as PNG later: the PNG is its ASCII twin
    png = fresh_note.for_format(svg, "png")
    assert png is not svg and png.source.isascii() and ">parameter<" in png.source
    assert fresh_note.for_format(svg, "svg") is svg


def test_a_students_chinese_label_stays_chinese_in_svg(monkeypatch, fresh_note):
    monkeypatch.setattr(fresh_note, "cjk_fonts", lambda: False)
    w = Value(2.0, "权重")
    loss = w * w
    loss.label = "损失"
    loss.backward()
    svg = draw(loss)
    assert "权重" in svg.source and "损失" in svg.source and "U+" not in svg.source
    assert re.search(r'WIDTH="\d+"><B>损失</B>', svg.source)  # sized for two full-width characters
    with pytest.warns(UserWarning, match="cannot show Chinese"):
        png = fresh_note.for_format(svg, "png")
    assert "U+6743U+91CD" in png.source and png.source.isascii()
    assert draw(loss, format="png").source.isascii()


def test_a_png_with_cjk_fonts_keeps_the_chinese(monkeypatch, fresh_note):
    monkeypatch.setattr(fresh_note, "cjk_fonts", lambda: True)
    L, _ = textbook_network()
    graph = draw(L, format="png", lang="zh")
    assert "参数" in graph.source and fresh_note.for_format(graph, "png") is graph


def test_wide_characters_are_measured_as_a_full_em():
    from autograd.render.style import text_width

    assert text_width("参数") == pytest.approx(2 * 14.0)
    assert text_width("a") < text_width("参") == text_width("Ｗ")  # fullwidth forms too
    assert text_width("é") == pytest.approx(0.6 * 14.0)


# Summaries of large graphs -------------------------------------------------------------------


def _chain(links: int) -> Value:
    x = Value(1.0, "x")
    v = x
    for _ in range(links):  # four nodes per link: a multiply, an add and their constants
        v = v * 1.0001 + 0.1
    v.label = "y"
    return v


def _wide(terms: int) -> Value:
    return autograd.sum([Value(0.5, "a") * Value(2.0, "b") for _ in range(terms)])


MODEL = FakeMLP(3, [4, 4, 1])


def _batch(samples: int) -> Value:
    return autograd.sum([mlp_loss(MODEL, (0.1 * i, -0.2, 0.3), 1.0) for i in range(samples)])


SUMMARISED = {  # every way to draw a summary: (the graph, how it is drawn), each graph far beyond the cap
    "dot source": (lambda: _chain(2000), lambda root: draw(root, max_nodes=60).source),
    "highlight, flow": (lambda: _chain(2000), lambda root: draw(root, max_nodes=60, highlight=["y", root], flow=True)),
    "index, TB, wrap, zh": (
        lambda: _chain(2000),
        lambda root: draw(root, max_nodes=60, show_index=True, rankdir="TB", wrap=True, lang="zh").source,
    ),
    "wide sum, flow": (lambda: _wide(3000), lambda root: draw(root, max_nodes=60, flow=True).source),
    "cluster": (lambda: _batch(300), lambda root: draw(root, max_nodes=60, cluster=MODEL).source),
    "collapse": (lambda: _batch(300), lambda root: draw(root, max_nodes=60, cluster=MODEL, collapse=True).source),
    "mermaid": (lambda: _chain(2000), lambda root: autograd.to_mermaid(root, max_nodes=60)),
    "mermaid, wide sum": (lambda: _wide(3000), lambda root: autograd.to_mermaid(root, max_nodes=60)),
}


@pytest.mark.parametrize("how", sorted(SUMMARISED))
def test_a_summary_reads_only_the_nodes_it_draws_and_changes_nothing(how, monkeypatch):
    import autograd.graph
    from autograd.render import draw as draw_module
    from autograd.render import mermaid as mermaid_module
    from autograd.teach import names as names_module

    make, drawn = SUMMARISED[how]
    root = make()
    root.backward()
    nodes = autograd.topological_order(root)
    assert len(nodes) > 5000
    before = [(n.data, n.grad, n.label) for n in nodes]
    touched, named, parents = set(), [], Value.parents

    def walk(*args):
        raise AssertionError("a summary walked the whole graph")

    class Names(NodeNames):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            named.append(len(self.order))

    monkeypatch.setattr(names_module, "COUNTED", 1000)  # the hidden nodes are counted to 1000, then "more than"
    monkeypatch.setattr(autograd.graph, "_walk", walk)
    monkeypatch.setattr(draw_module, "NodeNames", Names)
    monkeypatch.setattr(mermaid_module, "NodeNames", Names)
    monkeypatch.setattr(Value, "parents", property(lambda v: touched.add(v) or parents.fget(v)))
    out = drawn(root)
    monkeypatch.undo()
    out = str(getattr(out, "source", out))
    assert named and max(named) <= 60  # the picture's names are built over the kept nodes only
    assert len(touched) <= 60 + 1000 + 1  # the kept ones, and those the bounded count met
    assert "more than 1000 more" in out or "超过 1000" in out
    assert [(n.data, n.grad, n.label) for n in nodes] == before  # no gradient, value or label changed


def test_a_summary_says_how_many_nodes_it_hides_exactly_below_its_count_and_more_than_above():
    small, large = _chain(2500), _chain(50_100)  # 10,001 and 200,401 nodes; the count stops at 200,000 hidden
    note = "Showing the 300 nodes nearest to the root; {} more are summarised in one box (max_nodes=300)"
    assert "... 9701 more nodes" in draw(small, max_nodes=300).source
    assert note.format("9701") in draw(small, max_nodes=300).source
    graph = draw(large, max_nodes=300)
    assert "... more than 200000 more nodes" in graph.source and note.format("more than 200000") in graph.source
    chinese = draw(large, max_nodes=300, lang="zh").source
    assert "其余超过 200000 个归入一个方框" in chinese and "还有超过 200000 个节点" in chinese
    assert "... 9701 more nodes (max_nodes=300)" in autograd.to_mermaid(small, max_nodes=300)
    assert "... more than 200000 more nodes (max_nodes=300)" in autograd.to_mermaid(large, max_nodes=300)


def test_a_summary_highlights_only_what_it_draws():
    root = _chain(100)
    names = NodeNames(root, within=nearest(root, 20))
    source = draw(root, max_nodes=20, highlight="y").source
    assert "#ffe066" in node_line(source, f"n{names.index[root]}")  # the root, the last of the kept nodes
    with pytest.raises(ValueError, match=r"label 'x' matches no node among the 20 nodes drawn \(max_nodes=20\)"):
        draw(root, max_nodes=20, highlight="x")  # x is in the graph, but hidden in the summary box
    with pytest.raises(ValueError, match=r"is not among the 20 nodes drawn"):
        draw(root, max_nodes=20, highlight=Value(1.0))


def test_a_summary_keeps_an_activation_in_its_neuron_when_the_dot_before_it_is_hidden():
    model = FakeMLP(3, [4, 4, 1])
    loss = mlp_loss(model, (0.5, -0.2, 0.3))
    whole = draw(loss, cluster=model).source
    source = draw(loss, cluster=model, max_nodes=25).source  # layer 0's relus are kept, their dots hidden
    assert "39 more nodes" in source
    for cluster in ("cluster_L0N0", "cluster_L0N3", "cluster_L1N0", "cluster_L2N0"):
        assert f"subgraph {cluster} {{" in source and f"subgraph {cluster} {{" in whole


def test_long_labels_that_differ_at_the_end_are_drawn_apart():
    # Cut to 40 characters, "...#1" and "...#2" (or loss_a, loss_b) would both lose their ends and read alike.
    x = Value(2.0, "x")
    stem = "the_loss_of_the_model_on_the_training_set"
    a, b = (x * 2.0).tanh(), x * 3.0
    a.label, b.label = stem + "_a", stem + "_b"
    c, d = Value(1.0, stem), Value(2.0, stem)
    source = draw(a + b + c * d, legend=False).source
    shown = re.findall(r"<B>([^<]*)</B>", source)
    ours = [name for name in shown if name.startswith("the_loss")]
    assert len(ours) == 4 and len(set(ours)) == 4
    assert all(len(name) <= 40 and "..." in name for name in ours)
    assert {name[-2:] for name in ours} == {"_a", "_b", "#1", "#2"}


@pytest.mark.parametrize("argument", ["filename", "directory", "outfile"])
def test_render_names_a_path_that_is_not_a_path(argument):
    picture = draw(Value(1.0, "x") * 2.0)
    with pytest.raises(TypeError, match=f"^render: {argument} must be a str or Path, got 123 \\(int\\)$"):
        picture.render(**{argument: 123})
