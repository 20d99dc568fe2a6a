"""`Neuron`, `Layer` and `MLP`: activation(w . x + b), stacked. A neuron's weighted sum is one
n-ary `dot` node (small graphs, readable pictures); `fused=False` spells it out in binary nodes."""

from __future__ import annotations

import random

from autograd import Value, dot, linear

from . import init as initializers
from ._checks import is_real, positive_int, real, sequence, short, unordered
from .activations import ACTIVATIONS, activation_name
from .messages import text
from .module import Module


class Neuron(Module):
    """One neuron: activation(w1*x1 + ... + wn*xn + b). Weights drawn by `init`, bias 0.

    `rng` (a random.Random or an int seed) draws the weights; without one they come from Python's
    global `random`, as in micrograd, so `random.seed(1337)` first makes them reproducible.
    `nonlin=False` is micrograd's spelling of a linear neuron (`nonlin=True` keeps `activation`).
    """

    def __init__(self, nin: int, activation: str | None = "relu", init="uniform",
                 rng: random.Random | int | None = None, fused: bool = True, fan_out: int = 1, *,
                 nonlin: bool | None = None):  # fmt: skip
        nin = positive_int(nin, "Neuron", "nin")
        activation = _nonlin(activation, nonlin, "Neuron")
        draw, rng = initializers.get(init, "Neuron"), _rng(rng, "Neuron")
        fan_out = positive_int(fan_out, "Neuron", "fan_out")  # the layer's width, for Xavier
        what = text("an_initial_weight")  # once per neuron, not per weight
        weights = [real(draw(nin, fan_out, rng), "Neuron", what) for _ in range(nin)]
        self._setup(weights, 0.0, activation, fused)

    @classmethod
    def from_weights(cls, w, b, activation: str | None = "relu", fused: bool = True) -> Neuron:
        """A neuron with the given weights and bias, e.g. the textbook's w = [0.1, 0.2], b = 0.1."""
        who = "Neuron.from_weights"
        weights = [real(v, who, f"w[{i}]") for i, v in enumerate(sequence(w, who, "w"))]
        if not weights:
            raise ValueError(text("empty_w", who=who))
        neuron = cls.__new__(cls)
        neuron._setup(weights, real(b, who, "b"), activation, fused)
        return neuron

    def _setup(self, weights: list, bias: float, activation, fused: bool) -> None:
        self.activation = activation_name(activation, type(self).__name__)
        self.w = tuple(Value(v, f"w{i}") for i, v in enumerate(weights, start=1))
        self.b = Value(bias, "b")
        self.nin = len(self.w)
        self.fused = bool(fused)
        self._act = ACTIVATIONS[self.activation]
        self._name_nodes("", "")

    def _named_members(self):
        # w.1 is the weight labelled w1: the index matches the label a picture shows.
        for i, w in enumerate(self.w, start=1):
            yield f"w.{i}", w
        yield "b", self.b

    def __call__(self, x) -> Value:
        return self._forward(_inputs(x, self.nin, "Neuron"))

    def neuron_parameters(self):
        """((layer, neuron), weights, bias) per neuron, for pictures and per-layer statistics: here one,
        ((None, None), w, b)."""
        yield (None, None), self.w, self.b

    def _name_nodes(self, tag: str, output: str) -> None:
        """The labels this neuron's nodes get, by role as the textbook names them: z_h1 for the weighted sum,
        a_h1 for its activation (a lone neuron: z and a); `output` names the model's output instead (y_hat)."""
        z, a = (f"z_{tag}", f"a_{tag}") if tag else ("z", "a")
        self._labels = (output or z, output or z) if self._act is None else (z, output or a)

    def _forward(self, xs: tuple) -> Value:
        # w . x + b as one dot node: parents ws, then xs, then b (the input size is checked already)
        z = dot(self.w, xs, self.b) if self.fused else _expanded(self.w, xs, self.b)
        act = self._act
        out = z if act is None else act(z)
        z.label, out.label = self._labels  # named by role (two stores: measured, see bench W1)
        return out

    def __repr__(self) -> str:
        return f"Neuron({self.nin}, activation={self.activation!r}{_fused_repr(self.fused)})"


def _expanded(ws: tuple, xs: tuple, b: Value) -> Value:
    """w1*x1 + w2*x2 + ... + b from binary nodes, summed left to right as `dot` does (same floats)."""
    z = ws[0] * xs[0]
    for w, x in zip(ws[1:], xs[1:]):
        z = z + w * x
    return z + b


class Layer(Module):
    """`nout` neurons reading the same inputs. Calling it always returns a list, even of one Value.
    `rng` and `nonlin` as for Neuron."""

    def __init__(self, nin: int, nout: int, activation: str | None = "relu", init="uniform",
                 rng: random.Random | int | None = None, fused: bool = True, *,
                 nonlin: bool | None = None):  # fmt: skip
        nin, nout = positive_int(nin, "Layer", "nin"), positive_int(nout, "Layer", "nout")
        activation = _nonlin(activation, nonlin, "Layer")
        activation, init = activation_name(activation, "Layer"), initializers.get(init, "Layer")
        rng = _rng(rng, "Layer")
        self._setup([Neuron(nin, activation, init, rng, fused, fan_out=nout) for _ in range(nout)], activation)

    @classmethod
    def from_weights(cls, weights, biases, activation: str | None = "relu", fused: bool = True) -> Layer:
        """A layer with explicit weights: `weights[j]` are the incoming weights of neuron j, `biases[j]` its bias."""
        return _layer_from_weights(cls, weights, biases, activation, fused, "Layer.from_weights", "")

    def _setup(self, neurons: list, activation: str) -> None:
        self.neurons = neurons
        self.nin, self.nout = neurons[0].nin, len(neurons)
        self.activation = activation
        for j, neuron in enumerate(neurons, start=1):
            neuron._name_nodes(str(j), "")  # a lone layer: z_1, a_1, z_2, ...

    def __call__(self, x) -> list[Value]:
        return list(self._forward(_inputs(x, self.nin, "Layer")))

    def neuron_parameters(self):
        """((None, j), weights, bias) for neuron j (see Neuron.neuron_parameters)."""
        for j, neuron in enumerate(self.neurons):
            yield (None, j), neuron.w, neuron.b

    def _forward(self, xs: tuple) -> tuple:
        neurons = self.neurons
        if not all(n.fused for n in neurons):
            return tuple([n._forward(xs) for n in neurons])
        # Every neuron's w . x + b at once: the same dot nodes, with the inputs read once; then the activations.
        out = []
        for neuron, z in zip(neurons, linear(xs, [n.w for n in neurons], [n.b for n in neurons])):
            act = neuron._act
            a = z if act is None else act(z)
            z.label, a.label = neuron._labels
            out.append(a)
        return tuple(out)

    def __repr__(self) -> str:
        return f"Layer({self.nin}, {self.nout}, activation={self.activation!r}{_fused_repr(self.neurons[0].fused)})"


class MLP(Module):
    """A multi-layer perceptron: layers of sizes `nouts`, `activation` inside, `output_activation` last.
    `seed` makes the weights reproducible; without it they come from Python's global `random`, as in micrograd."""

    def __init__(self, nin: int, nouts, activation: str | None = "relu", output_activation: str | None = "linear",
                 seed: int | None = None, init="uniform", fused: bool = True):  # fmt: skip
        nin = positive_int(nin, "MLP", "nin")
        nouts = [positive_int(n, "MLP", f"nouts[{i}]") for i, n in enumerate(sequence(nouts, "MLP", "nouts"))]
        if not nouts:
            raise ValueError(text("empty_nouts"))
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise TypeError(text("seed", who="MLP", got=short(seed)))
        activation, output_activation = activation_name(activation, "MLP"), activation_name(output_activation, "MLP")
        init, rng, sizes = initializers.get(init, "MLP"), _rng(seed, "MLP"), [nin, *nouts]
        last = len(nouts) - 1
        layers = [Layer(sizes[i], sizes[i + 1], output_activation if i == last else activation, init, rng, fused)
                  for i in range(len(nouts))]  # fmt: skip
        self._setup(layers, activation, output_activation)

    @classmethod
    def from_weights(cls, weights, biases, activation: str | None = "relu",
                     output_activation: str | None = "linear", fused: bool = True) -> MLP:  # fmt: skip
        """An MLP with explicit weights: `weights[l][j]` are the incoming weights of neuron j of layer l
        (rows are output neurons, as in torch.nn.Linear.weight) and `biases[l][j]` its bias."""
        who = "MLP.from_weights"
        weights, biases = sequence(weights, who, "weights"), sequence(biases, who, "biases")
        if not weights or len(weights) != len(biases):
            raise ValueError(text("layer_counts", who=who, weights=len(weights), biases=len(biases)))
        activation, output_activation = activation_name(activation, who), activation_name(output_activation, who)
        layers = []
        for i, (rows, bs) in enumerate(zip(weights, biases)):
            act = output_activation if i == len(weights) - 1 else activation
            layers.append(_layer_from_weights(Layer, rows, bs, act, fused, who, text("layer_where", i=i)))
            if i and layers[i].nin != layers[i - 1].nout:
                got, want = layers[i].nin, layers[i - 1].nout
                raise ValueError(text("layer_sizes", who=who, i=i, got=got, before=i - 1, want=want))
        model = cls.__new__(cls)
        model._setup(layers, activation, output_activation)
        return model

    def _setup(self, layers: list, activation: str, output_activation: str) -> None:
        self.layers = layers
        _name_by_role(layers)
        self.nin, self.nouts = layers[0].nin, [layer.nout for layer in layers]
        self.activation, self.output_activation = activation, output_activation
        self._unwrap = self.nouts[-1] == 1  # micrograd's convention: one output comes back as a Value

    def neuron_parameters(self):
        """((l, j), weights, bias) for neuron j of layer l (see Neuron.neuron_parameters)."""
        for l, layer in enumerate(self.layers):  # noqa: E741 (l as in the layer index of the contract)
            for j, neuron in enumerate(layer.neurons):
                yield (l, j), neuron.w, neuron.b

    def __call__(self, x) -> Value | list[Value]:
        xs = _inputs(x, self.nin, "MLP")
        for layer in self.layers:
            xs = layer._forward(xs)
        return xs[0] if self._unwrap else list(xs)

    def __repr__(self) -> str:
        fused = _fused_repr(self.layers[0].neurons[0].fused)
        acts = f"activation={self.activation!r}, output_activation={self.output_activation!r}"
        return f"MLP({self.nin}, {self.nouts}, {acts}{fused})"


def _name_by_role(layers: list) -> None:
    """Label an MLP's nodes as the textbook does: z_h1, a_h1 in the hidden layer (z_h1_2 for layer 1 neuron 2
    when there are several), z_o1 in the output layer, and the one output itself y_hat (shown as ŷ)."""
    hidden, last = len(layers) - 1, layers[-1]
    for l, layer in enumerate(layers, start=1):  # noqa: E741 (l as in the layer index of the contract)
        for j, neuron in enumerate(layer.neurons, start=1):
            tag = f"o{j}" if layer is last else (f"h{j}" if hidden == 1 else f"h{l}_{j}")
            neuron._name_nodes(tag, "y_hat" if layer is last and last.nout == 1 else "")


def _layer_from_weights(cls, weights, biases, activation, fused, who: str, where: str) -> Layer:
    rows, biases = sequence(weights, who, f"{where}weights"), sequence(biases, who, f"{where}biases")
    if not rows or len(rows) != len(biases):
        raise ValueError(text("rows_biases", who=who, where=where, rows=len(rows), biases=len(biases)))
    rows = [sequence(row, who, f"{where}weights[{j}]") for j, row in enumerate(rows)]
    if any(len(row) != len(rows[0]) for row in rows) or not rows[0]:
        sizes = [len(r) for r in rows]
        raise ValueError(text("ragged_rows", who=who, where=where, sizes=sizes))
    activation = activation_name(activation, who)
    neurons = [Neuron.from_weights(row, b, activation, fused) for row, b in zip(rows, biases)]
    layer = cls.__new__(cls)
    layer._setup(neurons, activation)
    return layer


def _inputs(x, nin: int, who: str) -> tuple:
    """`x` as a tuple of `nin` Values; numbers become leaves labelled x1, x2, ... so pictures show them."""
    if isinstance(x, Value) or is_real(x):
        x = (x,)  # a one-input model also takes a bare number
    elif (why := unordered(x)) is not None:  # a dict would give its keys, a set any order, a generator once
        raise TypeError(text("unordered_input", who=who, nin=nin, got=short(x), why=why, sample=text("sample")))
    if len(x) != nin:
        raise ValueError(text("input_size", who=who, nin=nin, n=len(x)))
    try:
        return tuple([v if isinstance(v, Value) else Value(v, f"x{i}") for i, v in enumerate(x, start=1)])
    except (TypeError, ValueError) as error:
        raise type(error)(text("bad_input", who=who, error=error)) from None


# The generator behind random.random(), random.uniform(), ...: the state random.seed() sets.
GLOBAL_RANDOM = random.random.__self__


def _rng(rng, who: str) -> random.Random:
    if rng is None:
        return GLOBAL_RANDOM  # as micrograd's random.uniform(-1, 1): random.seed(1337) makes a model reproducible
    if isinstance(rng, int) and not isinstance(rng, bool):
        return random.Random(rng)  # a seed: a private generator, the global state untouched
    if isinstance(rng, random.Random):
        return rng
    raise TypeError(text("rng", who=who, got=short(rng)))


def _nonlin(activation, nonlin, who: str):
    """micrograd's `nonlin`: False makes a linear neuron, True keeps `activation` (relu by default)."""
    if nonlin is None:
        return activation
    if not isinstance(nonlin, bool):
        raise TypeError(text("nonlin_type", who=who, got=short(nonlin)))
    name = activation_name(activation, who)
    if not nonlin and name in ("relu", "linear"):  # relu is the default, so nonlin=False alone means linear
        return "linear"
    if nonlin == (name == "linear") or not nonlin:
        raise ValueError(text("nonlin_clash", who=who, nonlin=nonlin, activation=activation))
    return name


def _fused_repr(fused: bool) -> str:
    return "" if fused else ", fused=False"
