"""`draw(root)`: the computation graph as a `graphviz.Digraph`, and `save_graph` to write it to a file.

Value nodes are records `label | data | grad`, with a small op node between a node and its parents.
Node ids are topological indices, so drawing the same graph twice gives byte-identical output.
"""

from __future__ import annotations

from pathlib import Path

import graphviz

from . import render_style as style
from .files import write_atomic
from .naming import NodeNames, fmt, nearest
from .render_io import pipe_bytes, svg_to_pdf, system_dot
from .render_model import cluster_names, neuron_groups, neuron_outputs
from .trace import Step
from .value import Value, _short

RANKDIRS = ("LR", "TB", "RL", "BT")
FORMATS = ("svg", "png", "pdf")
_PORTS = {"LR": ("e", "w"), "RL": ("w", "e"), "TB": ("s", "n"), "BT": ("n", "s")}  # (tail, head) sides
_ORDERED = {"-": ("a - b", "a", "b"), "/": ("a / b", "a", "b"), "**": ("a ^ b", "a", "b")}


class Graph(graphviz.Digraph):
    """A `graphviz.Digraph` that finds `dot` (or graphviz-pure) itself and writes PDF without a system Graphviz."""

    def pipe(self, format=None, *args, **kwargs):
        """The rendered bytes (str with encoding=); PDF goes through SVG when there is no system `dot`."""
        format = format or self.format
        if args or set(kwargs) - {"encoding"}:
            pipe_bytes(self, "svg")  # finds the program; the options go to graphviz as given
            return super().pipe(format, *args, **kwargs)
        data = pipe_bytes(self, format)
        return data.decode(kwargs["encoding"]) if kwargs.get("encoding") else data

    def render(self, filename=None, directory=None, view=False, cleanup=False, format=None, **kwargs):
        """Write the source and the picture (`<filename>.<format>`); returns the picture's path."""
        format = format or self.format
        if format != "pdf" or system_dot() is not None or kwargs.get("outfile"):
            pipe_bytes(self, "svg" if format == "pdf" else format)
            options = {"directory": directory, "view": view, "cleanup": cleanup, "format": format}
            return super().render(filename, **options, **kwargs)
        source = Path(self.save(filename, directory=directory))
        out = write_atomic(f"{source}.pdf", svg_to_pdf(pipe_bytes(self, "svg")), "render")
        if cleanup:
            source.unlink()
        return str(out)


def draw(
    root: Value,
    format: str = "svg",
    rankdir: str = "LR",
    show_grad: bool = True,
    highlight=None,
    max_nodes: int = 500,
    *,
    flow: bool = False,
    show_index: bool = False,
    cluster=None,
    collapse: bool = False,
    title: str | None = None,
) -> Graph:
    """The graph behind `root` as a Digraph; see the module docstring and README for the options."""
    _check(root, format, rankdir, max_nodes, cluster, collapse)
    names = NodeNames(root)
    graph = Graph(name="chainrule", format=format)
    graph.attr(rankdir=rankdir, fontname="Helvetica", nodesep="0.25", ranksep="0.4", bgcolor="white")
    graph.attr("node", fontname="Helvetica", fontsize="11", height="0.3", margin="0.06,0.03")
    graph.attr("edge", arrowsize="0.6", color="#555555", fontname="Helvetica", fontsize="9", fontcolor="#666666")
    if collapse:  # straight lines between neuron boxes: the classic picture of a fully connected net
        graph.attr(splines="line", ranksep="1.2")
    builder = _Builder(names, nearest(root, max_nodes), cluster, collapse, _options(locals(), names))
    builder.build(graph)
    note = _note(names, builder, max_nodes, flow, title)
    if note:
        graph.attr(label=note, labelloc="t", fontsize="13")
    return graph


def save_graph(graph_or_root, path, **draw_options) -> Path:
    """Write a drawing to `path`; the extension picks the format (.svg .png .pdf, or .dot/.gv for the source)."""
    if type(graph_or_root) is Value:
        graph_or_root = draw(graph_or_root, **draw_options)
    elif not isinstance(graph_or_root, (graphviz.Digraph, graphviz.Graph)):
        raise TypeError(f"save_graph: expected a Value or a graphviz graph, got {_short(graph_or_root)}")
    suffix = Path(path).suffix.lower().lstrip(".") if isinstance(path, (str, Path)) else ""
    if suffix not in (*FORMATS, "dot", "gv"):
        raise ValueError(f"save_graph: cannot tell the format of {path!r}; end it with .svg, .png, .pdf, .dot or .gv")
    return write_atomic(path, pipe_bytes(graph_or_root, suffix, "save_graph"), "save_graph")


def _check(root, format, rankdir, max_nodes, cluster, collapse) -> None:
    if type(root) is not Value:
        raise TypeError(f"draw: expected a Value (the root, e.g. the loss), got {_short(root)}")
    if format not in FORMATS:
        raise ValueError(f"draw: format must be one of {', '.join(FORMATS)}, got {format!r}")
    if rankdir not in RANKDIRS:
        raise ValueError(f"draw: rankdir must be one of {', '.join(RANKDIRS)}, got {rankdir!r}")
    if type(max_nodes) is not int or max_nodes < 1:
        raise ValueError(f"draw: max_nodes must be an int >= 1, got {max_nodes!r}")
    if collapse and cluster is None:
        raise ValueError("draw: collapse=True needs cluster=model (the model whose neurons to collapse)")


def _options(args: dict, names: NodeNames) -> dict:
    """The drawing options, with `highlight` turned into a set of nodes and at most one Step."""
    nodes, step = set(), None
    items = args["highlight"]
    if items is None:
        items = []
    elif isinstance(items, (Value, Step, str)):
        items = [items]
    for item in items:
        if isinstance(item, Step):
            step = item
        else:
            nodes |= _highlighted(item, names)
    keys = ("show_grad", "show_index", "flow")
    ports = _PORTS[args["rankdir"]]
    return dict({k: args[k] for k in keys}, lr=args["rankdir"] in ("LR", "RL"), ports=ports, nodes=nodes, step=step)


def _highlighted(item, names: NodeNames) -> set:
    if type(item) is Value:
        if item not in names:
            raise ValueError(f"draw: highlight {item!r} is not in the graph being drawn")
        return {item}
    if isinstance(item, str):
        found = {node for node in names.order if node.label == item}
        if not found:
            raise ValueError(f"draw: highlight label {item!r} matches no node in the graph")
        return found
    raise TypeError(f"draw: highlight takes Values, labels (str) or a Step, got {_short(item)}")


def _note(names: NodeNames, builder, max_nodes: int, flow: bool, title: str | None) -> str:
    lines = [style.ascii_text(title, 120)] if title else []
    hidden = len(names.order) - len(builder.kept)
    if hidden:
        lines.append(
            f"Showing the {len(builder.kept)} nodes nearest to the root; {hidden} more are summarised "
            f"in one box (max_nodes={max_nodes})"
        )
    if flow:
        lines.append("Edge width and colour: |gradient contribution|; grey op = dead ReLU, red op = saturated")
    return "\\n".join(lines)


class _Builder:
    """Emits nodes (inside their clusters) and edges for one drawing."""

    def __init__(self, names: NodeNames, kept: set, model, collapse: bool, options: dict):
        self.names, self.kept, self.options, self.collapse = names, kept, options, collapse
        self.groups = neuron_groups(model, names.order) if model is not None else {}
        self.outputs = neuron_outputs(self.groups, names.order)
        self.tables = {} if collapse else _parameter_tables(self.groups, names.order)
        self.clusters, self.edges, self.more = {}, [], False
        self.largest = max((abs(style.contribution(c, i)) for c in kept for i in range(len(c.parents))), default=0.0)

    def id(self, node: Value) -> str:
        return f"n{self.names.index[node]}"

    def shown(self, node: Value) -> Value:
        """The node that stands for `node`: its neuron's box when collapsed, its parameter table when clustered."""
        key = self.groups.get(node)
        if key is None:
            return node
        if self.collapse:
            return self.outputs.get(key, node)
        return self.tables[key][0] if not node.parents and key in self.tables else node

    def build(self, graph: Graph) -> None:
        for node in self.names.order:
            if node in self.kept and self.shown(node) is node:
                self._node(node)
        for node in self.names.order:
            if node in self.kept and node.parents:
                self._edges_into(node)
        if self.more:
            label = f"... {len(self.names.order) - len(self.kept)} more nodes"
            graph.node("more", label=label, shape="box", style="dashed,filled", fillcolor="#f7f7f7")
        self._emit_clusters(graph)
        for tail, head, attrs in self.edges:
            graph.edge(tail, head, **attrs)

    def _place(self, node: Value, name: str, attrs: dict) -> None:
        key = self.groups.get(node)
        path = () if key is None else tuple(cluster_names(key)[: 1 if self.collapse else 2])
        self.clusters.setdefault(path, []).append((name, attrs))

    def _node(self, node: Value) -> None:
        o = self.options
        label = style.value_label(self.names, node, o["show_grad"], o["show_index"], o["lr"])
        attrs = {
            "label": label,
            "shape": "record",
            "style": "filled",
            "fillcolor": style.value_fill(node, self.names.order[-1]),
        }
        members = self.tables.get(self.groups.get(node), [None]) if not node.parents else [None]
        if members[0] is node:  # a neuron's parameters, one row each
            attrs["label"] = style.table_label(self.names, members, o["show_grad"], o["show_index"], o["lr"])
        if self.collapse and node in self.groups:
            state = style.op_state(node) if o["flow"] else ""
            fill = {"dead": style.DEAD, "saturated": style.SATURATED_FILL}.get(state, "#ece3f7")
            attrs.update(_box_label(node, self.groups[node], o), fillcolor=fill)
        marked = o["nodes"] | ({o["step"].child, o["step"].parent} if o["step"] is not None else set())
        if any(member in marked for member in (members if members[0] is node else [node])):
            attrs.update(fillcolor=style.HIGHLIGHT, color=style.ACCENT, penwidth="2.5")
        self._place(node, self.id(node), dict(attrs, id=f"v{self.names.index[node]}"))
        if node.parents and not (self.collapse and node in self.groups):
            op = style.op_attrs(node, o["flow"])
            if node.op in _ORDERED:
                op["label"] = _ORDERED[node.op][0]
            self._place(node, self.id(node) + "op", dict(op, id=f"o{self.names.index[node]}"))

    def _edges_into(self, child: Value) -> None:
        box = self.collapse and child in self.groups
        if box and self.shown(child) not in self.kept:
            return
        head = self.id(self.shown(child)) if box else self.id(child) + "op"
        seen = set()
        for i, parent in enumerate(child.parents):
            if box and self.groups.get(parent) == self.groups[child]:
                continue  # inside the collapsed neuron
            drawn = parent in self.kept and self.shown(parent) in self.kept
            tail = self.id(self.shown(parent)) if drawn else "more"
            if tail in seen and (box or tail == "more" or self.shown(parent) is not parent):
                continue  # one arrow per source into a box or from a table, one from the summary box
            seen.add(tail)
            self.more = self.more or tail == "more"
            self.edges.append((tail, head, self._edge_attrs(child, i, tail)))
        if not box:
            self.edges.append((head, self.id(child), {"id": f"e{self.names.index[child]}"}))

    def _edge_attrs(self, child: Value, i: int, tail: str) -> dict:
        attrs = {"id": f"e{self.names.index[child]}_{i}"}
        if self.collapse:  # side to side, so straight lines do not cut through the records
            attrs.update(tailport=self.options["ports"][0], headport=self.options["ports"][1])
        if tail == "more":
            return dict(attrs, style="dashed", color="#999999")
        if child.op in _ORDERED:
            attrs["label"] = _ORDERED[child.op][1 + i]
        if self.options["flow"]:
            attrs.update(style.flow_attrs(abs(style.contribution(child, i)), self.largest))
        step = self.options["step"]
        if step is not None and step.child is child and step.index == i:
            attrs.update(color=style.ACCENT, penwidth="3", label=f"{fmt(step.upstream, 4)} x {fmt(step.local, 4)}")
        return attrs

    def _emit_clusters(self, graph: Graph) -> None:
        for name, attrs in self.clusters.get((), []):
            graph.node(name, **attrs)
        layers = {}
        for path in sorted(p for p in self.clusters if p):
            layers.setdefault(path[0], []).append(path)
        for (name, label), paths in sorted(layers.items()):
            graph.subgraph(_cluster(name, label, paths, self.clusters))


def _cluster(name: str, label: str, paths: list, nodes: dict) -> graphviz.Digraph:
    """One layer (or lone neuron) cluster, with its neuron clusters nested inside."""
    outer = graphviz.Digraph(name=name)
    outer.attr(label=label, style="rounded,filled", fillcolor="#f6f8fb", color="#9aaabb", fontname="Helvetica")
    for path in paths:
        target = outer
        if len(path) > 1:
            target = graphviz.Digraph(name=path[1][0])
            target.attr(label=path[1][1], style="rounded,filled", fillcolor="#ffffff", color="#c5ced8")
        for node_name, attrs in nodes[path]:
            target.node(node_name, **attrs)
        if target is not outer:
            outer.subgraph(target)
    return outer


def _parameter_tables(groups: dict, order: list) -> dict:
    """Each neuron's (layer, neuron) -> its parameter leaves in graph order, drawn as one table."""
    tables = {}
    for node in order:
        if not node.parents and node in groups:
            tables.setdefault(groups[node], []).append(node)
    return tables


def _box_label(node: Value, key: tuple, options: dict) -> dict:
    """A collapsed neuron: `neuron 3 relu | data | grad` in one record."""
    name = f"neuron {key[1] if key[1] is not None else ''} {node.op if node.op != 'dot' else 'linear'}"
    fields = [name.replace("  ", " "), f"data {fmt(node.data, 4)}"]
    if options["show_grad"]:
        fields.append(f"grad {fmt(node.grad, 4)}")
    text = " | ".join(style.record_escape(style.ascii_text(f)) for f in fields)
    return {"label": "{" + text + "}" if options["lr"] else text}
