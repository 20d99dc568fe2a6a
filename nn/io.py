"""`save` and `load` an MLP as JSON (never pickle). The file format, version 1:

    {"format": "chainrule.mlp", "version": 1, "nin": 2,
     "layers": [{"activation": "relu", "weights": [[w, ...], ...], "biases": [b, ...]}, ...]}

`weights[j]` lists the incoming weights of neuron j (rows are output neurons, as in
torch.nn.Linear.weight), `biases[j]` its bias; activation is an nn activation (relu, gelu, linear...), the
same for every hidden layer. Numbers are finite JSON numbers, written with repr() so they read
back bit for bit. `save` writes through autograd.files.write_atomic (a temporary file, fsynced,
renamed over the target), so a crash mid-write leaves the old file whole. `load` reads only a
regular file of at most MAX_BYTES, and refuses anything else with a ValueError naming the file
and the problem.
"""

from __future__ import annotations

import json
import math
import os

from autograd.errors import shown
from autograd.files import read_file, write_atomic

from ._checks import is_real, short
from .activations import ACTIVATIONS
from .layers import MLP
from .messages import text

FORMAT = "chainrule.mlp"
VERSION = 1
# The largest file `load` reads: about ten million weights, far beyond what a scalar engine trains.
MAX_BYTES = 256 * 2**20


def to_document(model: MLP) -> dict:
    """The model as the JSON document above (plain dicts, lists and floats)."""
    if not isinstance(model, MLP):
        raise TypeError(text("expected_mlp", who="save", got=short(model)))
    for name, p in model.named_parameters():
        if not math.isfinite(p.data):
            raise ValueError(text("save_not_finite", name=name, value=p.data))
    layers = [{"activation": layer.activation,
               "weights": [[w.data for w in n.w] for n in layer.neurons],
               "biases": [n.b.data for n in layer.neurons]} for layer in model.layers]  # fmt: skip
    return {"format": FORMAT, "version": VERSION, "nin": model.nin, "layers": layers}


def save(model: MLP, path: str | os.PathLike) -> None:
    """Write `model` to `path` as JSON, atomically: the file is either the old one or the new one, whole."""
    written = json.dumps(to_document(model), indent=1, allow_nan=False) + "\n"
    write_atomic(path, written, "save", example="model.json")


def load(path: str | os.PathLike, *, max_bytes: int = MAX_BYTES) -> MLP:
    """Read an MLP written by `save`; a malformed or mismatched file raises ValueError naming it and the problem.

    Only a regular file of at most `max_bytes` is read (checked before reading): a folder, a device,
    a named pipe or a socket is refused at once, never read until memory runs out or waited on forever.
    """
    if type(max_bytes) is not int or max_bytes < 1:
        raise ValueError(text("load_max_bytes", got=shown(max_bytes)))
    path = os.fspath(path)
    raw = read_file(path, "load", text("model_file"), max_bytes)
    return from_document(_parse(raw, path), path)


def _parse(raw: bytes, path: str):
    """The JSON document in `raw` (a UTF-8 byte order mark is allowed), or ValueError naming the file."""
    if not raw.strip():
        raise ValueError(text("load_empty", path=path))
    if raw[:1] == b"\x80" and raw[-1:] == b".":
        # Unpickling can run any code the file's author chose, so chainrule never does it.
        raise ValueError(text("load_pickle", path=path))
    try:
        return json.loads(raw.decode("utf-8-sig"), parse_constant=_refuse_constant)
    except _NonFiniteError as error:
        raise ValueError(text("load_constant", path=path, name=error.name)) from None
    except (UnicodeDecodeError, ValueError) as error:  # JSONDecodeError, or an integer of thousands of digits
        raise ValueError(text("load_not_json", path=path, error=_first_line(error))) from None
    except RecursionError:
        raise ValueError(text("load_nested", path=path)) from None


def _first_line(error: Exception) -> str:
    line = str(error).splitlines()[0] if str(error) else type(error).__name__
    return line if len(line) <= 200 else line[:200] + "..."


class _NonFiniteError(ValueError):
    """NaN or Infinity in the JSON text (Python's json reads them unless told not to); `load` says so."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


def _refuse_constant(name: str):
    raise _NonFiniteError(name)


def from_document(document, where: str = "<document>") -> MLP:
    """The MLP a document describes, after checking every field (see the module docstring)."""

    def problem(message: str) -> ValueError:
        return ValueError(text("load_problem", where=where, problem=message))

    nin, layers = _read_header(document, problem)
    weights, biases, activations = _read_layers(layers, nin, problem)
    hidden = set(activations[:-1])
    if len(hidden) > 1:
        raise problem(text("load_hidden", got=sorted(hidden)))
    return MLP.from_weights(weights, biases, activations[0], activations[-1])


def _read_header(document, problem) -> tuple[int, list]:
    if not isinstance(document, dict):
        raise problem(text("load_object", format=FORMAT, got=type(document).__name__))
    if document.get("format") != FORMAT:
        raise problem(text("load_format", got=shown(document.get("format")), format=FORMAT))
    version = document.get("version")
    if type(version) is not int or version != VERSION:
        newer = type(version) is int and version > VERSION
        raise problem(text("load_version_newer" if newer else "load_version", got=shown(version), version=VERSION))
    nin = document.get("nin")
    if type(nin) is not int or nin < 1:
        raise problem(text("load_nin", got=shown(nin)))
    layers = document.get("layers")
    if not isinstance(layers, list) or not layers:
        raise problem(text("load_layers"))
    return nin, layers


def _read_layers(layers: list, nin: int, problem) -> tuple[list, list, list]:
    weights, biases, activations, size = [], [], [], nin
    for i, layer in enumerate(layers):
        rows, bs, activation = _read_layer(i, layer, size, problem)
        weights.append(rows)
        biases.append(bs)
        activations.append(activation)
        size = len(rows)  # the next layer reads this layer's outputs
    return weights, biases, activations


def _read_layer(i: int, layer, size: int, problem) -> tuple[list, list, str]:
    if not isinstance(layer, dict):
        raise problem(text("load_layer", i=i, got=type(layer).__name__))
    activation = layer.get("activation")
    if not isinstance(activation, str) or activation not in ACTIVATIONS:
        raise problem(text("load_activation", i=i, got=shown(activation), valid=", ".join(ACTIVATIONS)))
    rows, biases = layer.get("weights"), layer.get("biases")
    if not isinstance(rows, list) or not isinstance(biases, list) or not rows or len(rows) != len(biases):
        raise problem(text("load_rows", i=i))
    for j, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != size:
            got = len(row) if isinstance(row, list) else type(row).__name__
            raise problem(text("load_row", i=i, j=j, size=shown(size), got=got))
        _numbers(row, problem, text("layer_where", i=i), f"weights[{j}]")
    _numbers(biases, problem, text("layer_where", i=i), "biases")
    return rows, biases, activation


def _numbers(values: list, problem, where: str, what: str) -> None:
    for k, v in enumerate(values):
        if not _finite_number(v):
            raise problem(text("load_number", where=where, what=what, k=k, got=shown(v)))


def _finite_number(v) -> bool:
    try:
        return is_real(v) and math.isfinite(v)
    except OverflowError:  # an integer of hundreds of digits: no float holds it
        return False
