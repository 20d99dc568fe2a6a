"""How `draw` lays out one picture: value and op nodes inside their clusters, then the edges.

Collapsed neurons become one box, a clustered neuron's parameters one table, and nodes beyond
`max_nodes` one summary box; `shown(node)` says which drawn node stands for each value.
"""

from __future__ import annotations

import graphviz

from ..teach.names import NodeNames, fmt
from ..value import Value
from . import style
from .clusters import cluster_names, neuron_groups, neuron_outputs


class Builder:
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

    def build(self, graph: graphviz.Digraph) -> None:
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
            self._op_node(node)

    def _op_node(self, node: Value) -> None:
        op = style.op_attrs(node, self.options["flow"])
        order = style.ordered(node)
        if order is not None:
            op["label"] = order[0]
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
        order = style.ordered(child)
        if order is not None:
            attrs["label"] = order[1 + i]
        if self.options["flow"]:
            attrs.update(style.flow_attrs(abs(style.contribution(child, i)), self.largest))
        step = self.options["step"]
        if step is not None and step.child is child and step.index == i:
            attrs.update(color=style.ACCENT, penwidth="3", label=f"{fmt(step.upstream, 4)} x {fmt(step.local, 4)}")
        return attrs

    def _emit_clusters(self, graph: graphviz.Digraph) -> None:
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
