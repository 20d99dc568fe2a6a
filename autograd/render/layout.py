"""How `draw` lays out one picture: value and op nodes inside their clusters, then the edges.

Leaves are placed in reading order (inputs first, then each neuron's parameters as the forward pass
uses them), held in that order by invisible edges, so the picture reads top to bottom as the textbook
does and the same graph always gives the same picture. Collapsed, each layer is one table with a row
per neuron in index order (edges meet the rows at their sides, so none crosses a label or the
layer's title); between two layers with more than `bundle` edges one arrow carries the count.
A clustered neuron's parameters are one table, and nodes beyond `max_nodes` one summary box.
"""

from __future__ import annotations

from bisect import insort
from itertools import compress

import graphviz

from ..teach.names import NodeNames, fmt
from ..value import Value
from . import style
from .clusters import cluster_names, neuron_groups, neuron_outputs
from .wrap import fold, wrap_rows


class Builder:
    """Emits nodes (inside their clusters) and edges for one drawing.

    The nodes drawn are those of `names` (a summary names only the part it draws); `more` labels the box
    that stands for the rest, if any.
    """

    def __init__(self, names: NodeNames, model, collapse: bool, options: dict, more: str = ""):
        self.names, self.options, self.collapse, self.more_label = names, options, collapse, more
        self.groups = neuron_groups(model, names.order) if model is not None else {}
        self.outputs = neuron_outputs(self.groups, names.order)
        self.tables = {} if collapse else _parameter_tables(self.groups, names.reading_order())
        self.clusters, self.edges, self.more, self.columns = {}, [], False, {}
        self.level = levels(names.order, names.parents)
        self.bundled = {}  # (tail layer, head layer) -> edge count, for collapsed layers drawn as one arrow
        self.rows = {}  # collapsed: layer -> [(neuron, its output node)]
        self.largest = _largest(names.order, self._drawn) if options["flow"] else 0.0

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
        columns = self._leaf_columns() if not self.groups or self.collapse else []
        self.widths = _equal_widths(self.names, columns, self.options)
        for node in self.names.reading_order():
            if self.shown(node) is node:
                self._node(node)
        if self.collapse:
            self._layer_tables()
            self._bundle_dense_layers()
        for node in self.names.order:
            if node.parents:
                self._edges_into(node)
        if self.more:
            graph.node("more", label=self.more_label, shape="box", style="dashed,filled", fillcolor="#f7f7f7")
        rows = wrap_rows(self.options["wrap"], self.columns)
        if rows > 1:
            if self.groups:
                raise ValueError("draw: wrap folds graphs drawn without cluster=; draw a model with collapse=True")
            self.clusters[()], self.edges = fold(self.clusters.get((), []), self.edges, self.columns, rows)
        self._emit_clusters(graph)
        _keep_in_order(graph, [[self.id(node) for node in column] for column in columns])
        for tail, head, attrs in self.edges:
            graph.edge(tail, head, **attrs)

    def _place(self, node: Value, name: str, attrs: dict, column: int) -> None:
        key = None if self.collapse else self.groups.get(node)
        path = () if key is None else tuple(cluster_names(key))
        self.clusters.setdefault(path, []).append((name, attrs))
        self.columns[name] = column

    def _column(self, node: Value) -> float:
        """The rank a node sits in, roughly: an op column before each value column; a leaf half a column
        before the op of its first user (so a fold keeps it with that op)."""
        if node.parents:
            return 2 * self.level[node]
        users = [self.level[user] for user in self._users.get(node, [])]
        return 2 * min(users) - 1.5 if users else 0

    def _marked(self, nodes: list) -> bool:
        o = self.options
        marked = o["nodes"] | ({o["step"].child, o["step"].parent} if o["step"] is not None else set())
        return any(node in marked for node in nodes)

    def _node(self, node: Value) -> None:
        o, names = self.options, self.names
        members = self.tables.get(self.groups.get(node), [None]) if not node.parents else [None]
        if members[0] is node:  # a neuron's parameters, one row each
            label = style.table_label(names, members, o["show_grad"], o["show_index"], self._marked(members))
        elif self.collapse and node in self.groups:
            self.rows.setdefault(self.groups[node][0], []).append((self.groups[node][1], node))
            return  # a row of its layer's table
        else:
            label = style.value_label(names, node, o["show_grad"], o["show_index"], self._marked([node]),
                                      self.widths.get(node))  # fmt: skip
        role = style.role(names, node)
        attrs = {"label": label, "shape": "plain", "id": f"v{names.index[node]}", "class": f"value {role}"}
        self._place(node, self.id(node), attrs, self._column(node))
        if node.parents and not (self.collapse and node in self.groups):
            self._op_node(node)

    def _op_node(self, node: Value) -> None:
        op = style.op_attrs(node, self.options["flow"], self.options["lr"])
        attrs = dict(op, id=f"o{self.names.index[node]}", **{"class": "op"})
        self._place(node, self.id(node) + "op", attrs, self._column(node) - 1)

    def _layer_tables(self) -> None:
        for layer in sorted(self.rows, key=lambda k: -1 if k is None else k):
            rows = sorted(self.rows[layer], key=lambda row: -1 if row[0] is None else row[0])
            label = _layer_label(layer, rows, self.options, self._marked)
            name = _layer_id(layer)
            self.clusters.setdefault((), []).append((name, {"label": label, "shape": "plain", "id": name,
                                                            "class": "layer"}))  # fmt: skip
            self.columns[name] = 2 * max(self.level[node] for _, node in rows)

    def end(self, node: Value, side: str) -> str:
        """Where an edge meets `node`: its own id, or the side of its row in a collapsed layer's table."""
        key = self.groups.get(node) if self.collapse else None
        if key is None:  # straight lines from the side of a box, not its centre, so none cuts through its neighbour
            return f"{self.id(node)}:{self.options['ports'][0]}" if self.collapse and side == "tail" else self.id(node)
        port = f"{'w' if side == 'head' else 'e'}{'' if key[1] is None else key[1]}"
        return f"{_layer_id(key[0])}:{port}:{self.options['ports'][1 if side == 'head' else 0]}"

    def _edges_into(self, child: Value) -> None:
        box = self.collapse and child in self.groups
        head = self.end(self.shown(child), "head") if box else self.id(child) + "op"
        ports = style.ordered(child) is not None and not box
        seen = set()
        for i in self._drawn(child):
            parent = child.parents[i]
            if box and self.groups.get(parent) == self.groups[child]:
                continue  # inside the collapsed neuron
            if box and self._bundled(parent, child):
                continue  # drawn as one arrow between the two layers
            tail = self.end(self.shown(parent), "tail") if parent in self.names else "more"
            if tail in seen and (box or tail == "more" or self.shown(parent) is not parent):
                continue  # one arrow per source into a box or from a table, one from the summary box
            seen.add(tail)
            self.more = self.more or tail == "more"
            into = f"{head}:{'ab'[i]}:{self.options['ports'][1]}" if ports and i < 2 else head
            self.edges.append((tail, into, self._edge_attrs(child, i, tail)))
        if not box:
            self.edges.append((head, self.id(child), {"id": f"e{self.names.index[child]}"}))

    def _edge_attrs(self, child: Value, i: int, tail: str) -> dict:
        attrs = {"id": f"e{self.names.index[child]}_{i}"}
        if tail == "more":
            return dict(attrs, style="dashed", color="#999999")
        if not child.parents[i].requires_grad:
            attrs.update(style="dashed", color="#999999")  # into a constant nothing flows back
        elif self.options["flow"]:
            attrs.update(style.flow_attrs(abs(style.contribution(child, i)), self.largest))
        step = self.options["step"]
        if step is not None and step.child is child and step.index == i:
            attrs.update(color=style.ACCENT, penwidth="3", label=f"{fmt(step.upstream, 4)} * {fmt(step.local, 4)}")
        return attrs

    def _emit_clusters(self, graph: graphviz.Digraph) -> None:
        for name, attrs in self.clusters.get((), []):
            graph.node(name, **attrs)
        layers = {}
        # Graphviz stacks sibling clusters bottom up in LR: neurons are written last first, so neuron 0 is on top.
        for path in sorted(self.clusters, key=_cluster_order, reverse=self.options["lr"]):
            if path:
                layers.setdefault(path[0], []).append(path)
        for (name, label), paths in layers.items():
            graph.subgraph(_cluster(name, label, paths, self.clusters))
        for (tail, head), count in self.bundled.items():
            self.edges.append(self._bundle_edge(tail, head, count))

    def _leaf_columns(self) -> list:
        """The leaves drawn beside the same op column, grouped, in the order they should read top to bottom."""
        level, columns = self.level, {}
        for node in self.names.leaves(constants=True):
            users = [level[c] for c in self._users.get(node, [])]
            if users and self.shown(node) is node:
                columns.setdefault(min(users), []).append(node)
        return [nodes for _, nodes in sorted(columns.items()) if len(nodes) > 1]

    def _drawn(self, child: Value):
        """The indices of child's edges to draw: all, or with parents hidden, those from the parents drawn and the
        first from a hidden one (the summary box stands for every hidden parent: one arrow from it)."""
        parents = child.parents
        if len(self.names.parents(child)) == len(parents):
            return range(len(parents))
        inside = list(map(self.names.index.__contains__, parents))  # at C speed: a sum may have millions of terms
        drawn = list(compress(range(len(parents)), inside))
        insort(drawn, inside.index(False))
        return drawn

    @property
    def _users(self) -> dict:
        if not hasattr(self, "_users_cache"):
            self._users_cache = {}
            for node in self.names.order:
                for parent in self.names.parents(node):
                    self._users_cache.setdefault(parent, []).append(node)
        return self._users_cache

    def _bundled(self, parent: Value, child: Value) -> bool:
        tail, head = self.groups.get(self.shown(parent)), self.groups.get(child)
        return tail is not None and head is not None and (tail[0], head[0]) in self.bundled

    def _bundle_dense_layers(self) -> None:
        """Layer pairs joined by more than `bundle` neuron-to-neuron edges are drawn as one counted arrow."""
        counts = {}
        for child in self.names.order:
            key = self.groups.get(child)
            if key is None or key[0] is None or not child.parents:
                continue
            sources = {self.groups.get(self.shown(parent)) for parent in self.names.parents(child)} - {None, key}
            for source in sources:
                if source[0] is not None and source[0] != key[0]:
                    counts[(source[0], key[0])] = counts.get((source[0], key[0]), 0) + 1
        self.bundled = {pair: n for pair, n in counts.items() if n > self.options["bundle"]}

    def _bundle_edge(self, tail_layer, head_layer, count: int) -> tuple:
        """One arrow from layer table to layer table, labelled with how many edges it stands for."""
        tails = sum(1 for k in self.outputs if k[0] == tail_layer)
        heads = sum(1 for k in self.outputs if k[0] == head_layer)
        label = f"{tails} x {heads} = {count} edges"
        attrs = {"label": label, "penwidth": "4", "color": "#5b7fa6", "fontsize": "14",
                 "id": f"bundle{tail_layer}_{head_layer}"}  # fmt: skip
        return _layer_id(tail_layer), _layer_id(head_layer), attrs


def _equal_widths(names: NodeNames, columns: list, options: dict) -> dict:
    """Cell widths (points) that make the boxes of a column of leaves equally wide, so a straight edge
    leaving one box never runs across the box above or below it."""
    widths = {}
    for column in columns:
        cells = {node: style.value_cells(names, node, options["show_grad"], options["show_index"]) for node in column}
        variables = [node for node in column if node.requires_grad]
        widest = [max((style.text_width(cells[n][i], bold=i == 0) for n in variables if i < len(cells[n])), default=0)
                  for i in range(3)]  # fmt: skip
        for node in variables:
            widths[node] = [round(w * 1.06 + 10) for w in widest[: len(cells[node])]]  # + padding and borders
    return widths


def levels(order: list, parents=lambda node: node.parents) -> dict:
    """Each node's depth: 0 for a leaf, 1 + its deepest parent's otherwise (the column its op sits before).
    `parents(node)` are the ones drawn (a summary leaves some out)."""
    level = {}
    for node in order:
        level[node] = 1 + max((level[p] for p in parents(node)), default=-1) if node.parents else 0
    return level


def _largest(order: list, drawn) -> float:
    """The largest |gradient contribution| along an edge drawn (into a node of `order`), for the flow overlay."""
    return max((abs(style.contribution(c, i)) for c in order for i in drawn(c)), default=0.0)


def _keep_in_order(graph: graphviz.Digraph, columns: list) -> None:
    """Each group of nodes in one rank, held in the given order (top to bottom in LR, left to right in TB)
    by invisible flat edges: Graphviz keeps a flat edge's tail before its head."""
    for ids in columns:
        group = graphviz.Digraph()
        group.attr(rank="same")
        for tail, head in zip(ids, ids[1:]):
            group.edge(tail, head, style="invis")
        graph.subgraph(group)


def _cluster_order(path: tuple) -> tuple:
    """Clusters by layer then neuron number, as numbers (neuron 10 after neuron 9)."""
    return tuple(_number_key(name) for name, _ in path)


def _number_key(name: str) -> tuple:
    parts, number = [], ""
    for ch in name:
        if ch.isdigit():
            number += ch
            continue
        if number:
            parts.append(int(number))
            number = ""
        parts.append(ch)
    if number:
        parts.append(int(number))
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in parts)


def _cluster(name: str, label: str, paths: list, nodes: dict) -> graphviz.Digraph:
    """One layer (or lone neuron) cluster, with its neuron clusters nested inside (in index order)."""
    outer = graphviz.Digraph(name=name)
    # Titles at the bottom: layers stack top to bottom in LR, so edges come in from above, not across them.
    outer.attr(label=label, style="rounded,filled", fillcolor="#f6f8fb", color="#9aaabb", fontname="Helvetica",
               fontsize="14", labelloc="b", margin="14")  # fmt: skip
    for path in paths:
        target = outer
        if len(path) > 1:
            target = graphviz.Digraph(name=path[1][0])
            target.attr(label=path[1][1], style="rounded,filled", fillcolor="#ffffff", color="#c5ced8", labelloc="b")
        for node_name, attrs in nodes[path]:
            target.node(node_name, **attrs)
        if target is not outer:
            outer.subgraph(target)
    return outer


def _parameter_tables(groups: dict, order: list) -> dict:
    """Each neuron's (layer, neuron) -> its parameter leaves in reading order, drawn as one table."""
    tables = {}
    for node in order:
        if not node.parents and node in groups:
            tables.setdefault(groups[node], []).append(node)
    return tables


def _layer_id(layer) -> str:
    return "neurons" if layer is None else f"layer{layer}"


def _layer_label(layer, rows: list, options: dict, marked) -> str:
    """A collapsed layer: a title, then `neuron 3 relu | data | grad` per neuron in index order: one row
    per neuron in LR (edges meet a row's sides), one column per neuron in TB (edges meet its top and bottom)."""
    title = "neurons" if layer is None else f"layer {layer}"
    fields = 3 if options["show_grad"] else 2
    neurons = []
    for j, node in rows:
        name = " ".join(f"neuron {'' if j is None else j} {node.op if node.op != 'dot' else 'linear'}".split())
        state = style.op_state(node) if options["flow"] else ""
        shade = {"dead": style.DEAD, "saturated": style.SATURATED_FILL}.get(state, "#ece3f7")
        fill = style.HIGHLIGHT if marked([node]) else shade
        port = "" if j is None else j
        cells = [f'<TD PORT="w{port}" BGCOLOR="{fill}"><B>{style.cell(name)}</B></TD>',
                 f'<TD BGCOLOR="{fill}">{style.cell(f"data {fmt(node.data, 4)}")}</TD>',
                 f'<TD BGCOLOR="{fill}">{style.cell(f"grad {fmt(node.grad, 4)}")}</TD>'][:fields]  # fmt: skip
        cells[-1] = cells[-1].replace("<TD ", f'<TD PORT="e{port}" ', 1)
        neurons.append(cells)
    if options["lr"]:
        out = [f'<TR><TD COLSPAN="{fields}"><B>{title}</B></TD></TR>'] + [
            "<TR>" + "".join(c) + "</TR>" for c in neurons
        ]
    else:
        out = [
            f'<TR><TD ROWSPAN="{fields}"><B>{title}</B></TD>{neurons[0][0]}'
            + "".join(c[0] for c in neurons[1:])
            + "</TR>"
        ]
        out += ["<TR>" + "".join(c[k] for c in neurons) + "</TR>" for k in range(1, fields)]
    attrs = 'BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" BGCOLOR="#f6f8fb" COLOR="#9aaabb"'
    return f"<<TABLE {attrs}>" + "".join(out) + "</TABLE>>"
