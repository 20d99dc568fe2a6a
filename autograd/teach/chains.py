"""The textbook's chain per neuron: ∂L/∂w1 = ∂L/∂a_h1 · ∂a_h1/∂z_h1 · ∂z_h1/∂w1, with the numbers.

A neuron is an activation node over a `dot` node (or a `dot` alone: a linear neuron, whose chain has
two factors). Each of its parameters that only this neuron uses gets one line; the product of the
factors is exactly the gradient backward left in it.
"""

from __future__ import annotations

from ..ops import lookup
from ..value import Value
from .names import NodeNames
from .notation import D, Eq, Num, product
from .report import say


def users(names: NodeNames) -> dict:
    """Each node -> the nodes that use it (once per edge), in reading order."""
    found = {}
    for node in names.order:
        for parent in node.parents:
            found.setdefault(parent, []).append(node)
    return found


def neurons(names: NodeNames, used: dict | None = None) -> list:
    """(output, weighted sum) of each neuron in the graph, in reading order."""
    found, users_of = [], used if used is not None else users(names)
    for node in names.order:
        if node.op != "dot":
            continue
        after = users_of.get(node, [])
        if len(after) == 1 and len(after[0].parents) == 1 and "activation" in lookup(after[0].op)[0].tags:
            found.append((after[0], node))
        else:
            found.append((node, node))
    return found


def chain_line(names: NodeNames, out: Value, z: Value, parameter: Value):
    """∂L/∂p = ∂L/∂out · ∂out/∂z · ∂z/∂p = numbers = the gradient, as one formula."""
    root, i = names.root, z.parents.index(parameter)
    factors = [D(names.sym(root), names.sym(out))]
    values = [Num(out.grad)]
    if out is not z:
        factors.append(D(names.sym(out), names.sym(z)))
        values.append(Num(out.local_grads[0]))
    factors.append(D(names.sym(z), names.sym(parameter)))
    values.append(Num(z.local_grads[i]))
    return Eq((D(names.sym(root), names.sym(parameter)), product(*factors), product(*values), Num(parameter.grad)))


def chain_block(words: dict, names: NodeNames) -> list:
    """The block of chains, one line per parameter of each neuron ([] when the graph has no neuron)."""
    lines, used = [], users(names)
    for out, z in neurons(names, used):
        for parameter in z.parents:
            own = not parameter.parents and used.get(parameter) == [z]  # one edge, from this neuron only
            if own and names.role(parameter) == "parameter":
                lines.append((0, say("{chain}", lang=words["lang"], chain=chain_line(names, out, z, parameter))))
    return [([words["chains"]], lines)] if lines else []
