"""Fuzzing nn.load: generated model files, broken in every way a file can be broken.

Each case ends in the model the file describes, or in a one-line ValueError that names the file
and the problem: never another exception, never a hang, never a model that differs from its file.
"""

from __future__ import annotations

import json
import math
import pickle

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nn
from autograd import OPS
from nn.activations import ACTIVATIONS
from nn.io import to_document
from tests import fuzzcount

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
finite = st.floats(allow_nan=False, allow_infinity=False)
moderate = st.floats(-1e3, 1e3) | st.integers(-5, 5)
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**300, max_value=10**400), finite,
    st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 5e-324]), st.text(max_size=8),
    st.sampled_from(["relu", "tanh", "sigmoid", "linear", "chainrule.mlp", "1", ""]),
)  # fmt: skip
json_values = st.recursive(
    json_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)  # fmt: skip


@st.composite
def valid_documents(draw) -> dict:
    """A well-formed model file: nin inputs, 1-3 layers of 1-4 neurons, finite weights."""
    nin = draw(st.integers(1, 4))
    sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    hidden, last = draw(st.sampled_from(list(ACTIVATIONS))), draw(st.sampled_from(list(ACTIVATIONS)))
    layers, width = [], nin
    for i, size in enumerate(sizes):
        rows = [draw(st.lists(moderate, min_size=width, max_size=width)) for _ in range(size)]
        biases = draw(st.lists(moderate, min_size=size, max_size=size))
        layers.append({"activation": last if i == len(sizes) - 1 else hidden, "weights": rows, "biases": biases})
        width = size
    return {"format": "chainrule.mlp", "version": 1, "nin": nin, "layers": layers}


def _paths(value, here=()) -> list:
    """Every place in a JSON document: tuples of keys and indices."""
    found = [here]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*here, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*here, i))
    return found


def _mutate(draw, document):
    """One structural change somewhere: drop it, replace it, nest it, or grow/shrink the list it is in."""
    paths = _paths(document)[1:]
    if not paths:
        return draw(json_values)
    path = draw(st.sampled_from(paths))
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    key = path[-1]
    kind = draw(st.sampled_from(["drop", "replace", "nest", "duplicate"]))
    if kind == "drop":
        del parent[key]
    elif kind == "replace":
        parent[key] = draw(json_values)
    elif kind == "nest":
        parent[key] = [parent[key]]
    elif isinstance(parent, list):
        parent.insert(key, json.loads(json.dumps(parent[key])))
    else:
        parent[key] = [parent[key], parent[key]]
    return document


@st.composite
def broken_documents(draw) -> dict:
    document = draw(valid_documents())
    for _ in range(draw(st.integers(0, 3))):
        document = _mutate(draw, document)
    return document


def _expected(document) -> dict:
    """What a loaded model must hold: the document's fields, extra keys ignored, numbers as floats."""
    layers = [{"activation": layer["activation"], "weights": layer["weights"], "biases": layer["biases"]}
              for layer in document["layers"]]  # fmt: skip
    return {"format": "chainrule.mlp", "version": 1, "nin": document["nin"], "layers": layers}


def load_or_refuse(path, document=None) -> str:
    """Load `path`: the model must match `document`, or the refusal must be a one-line ValueError naming the file."""
    try:
        model = nn.load(path)
    except ValueError as error:
        text = str(error)
        assert text.startswith(f"load: {path}") and "\n" not in text, text
        return "refused"
    assert document is not None, "only documents can load"
    assert to_document(model) == _expected(document)
    try:
        model([0.5] * model.nin)  # a usable model; huge weights may overflow, as the engine documents
    except (ArithmeticError, ValueError) as error:
        assert str(error).split(":")[0] in {op.name for op in OPS.values()} | {"division by zero"}, str(error)
    return "loaded"


@pytest.fixture
def file(tmp_path):
    return tmp_path / "model.json"


def test_generated_documents_load_or_are_refused_clearly(file):
    outcomes = []

    @SETTINGS
    @given(broken_documents())
    def fuzz(document):
        fuzzcount.count("nn.load: generated and mutated documents")
        file.write_text(json.dumps(document, allow_nan=True), encoding="utf-8")  # NaN, Infinity as bare tokens
        outcomes.append(load_or_refuse(file, document))

    fuzzcount.run("nn.load: generated and mutated documents", fuzz, at_least=150)
    assert {"loaded", "refused"} <= set(outcomes)  # both kinds of case really happened


def test_generated_bytes_load_or_are_refused_clearly(file):
    @SETTINGS
    @given(valid_documents(), st.data())
    def fuzz(document, data):
        fuzzcount.count("nn.load: truncated, spliced and garbage bytes")
        good = json.dumps(document).encode("utf-8")
        kind = data.draw(st.sampled_from(["truncate", "flip", "garbage", "splice", "prefix"]))
        if kind == "truncate":
            raw = good[: data.draw(st.integers(0, len(good) - 1))]
        elif kind == "flip":
            at = data.draw(st.integers(0, len(good) - 1))
            raw = good[:at] + bytes([data.draw(st.integers(0, 255))]) + good[at + 1 :]
        elif kind == "garbage":
            raw = data.draw(st.binary(max_size=200))
        elif kind == "splice":
            raw = good + data.draw(st.binary(min_size=1, max_size=20))
        else:
            raw = data.draw(st.sampled_from([b"\xef\xbb\xbf", b" \n\t", b"\x00", b"//", b"\xff\xfe"])) + good
        file.write_bytes(raw)
        try:
            parsed = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            parsed = None
        load_or_refuse(file, parsed)  # a flipped digit can make another valid model: it must load as written

    fuzzcount.run("nn.load: truncated, spliced and garbage bytes", fuzz, at_least=150)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty", b"", "is empty"),
    ("blank", b" \n\t\n", "is empty"),
    ("pickle", pickle.dumps({"layers.0.neurons.0.w.1": 0.5}), "looks like a pickle file"),
    ("pickle-protocol-0", pickle.dumps([0.5], protocol=0), "is not a JSON model file"),
    ("deep-array", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("deep-object", b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "nested too deeply"),
    ("int-of-5000-digits", b'{"format": "chainrule.mlp", "nin": ' + b"9" * 5000 + b"}", "is not a JSON model file"),
    ("int-of-400-digits", json.dumps({"format": "chainrule.mlp", "version": 1, "nin": 1, "layers": [
        {"activation": "linear", "weights": [[10**400]], "biases": [0.0]}]}).encode(), r"weights\[0\]\[0\] is 1000"),
    ("bare-NaN", b'{"format": "chainrule.mlp", "version": 1, "nin": NaN}', "NaN is not a finite number"),
    ("Infinity-as-text", json.dumps({"format": "chainrule.mlp", "version": 1, "nin": 1, "layers": [
        {"activation": "linear", "weights": [["Infinity"]], "biases": [0.0]}]}).encode(), "'Infinity', not a finite"),
    ("utf-16", json.dumps({"format": "chainrule.mlp"}).encode("utf-16"), "is not a JSON model file"),
    ("long-string", json.dumps({"format": "x" * 100_000}).encode(), r"format is 'xxxx.*\.\.\..*xxx', expected"),
])  # fmt: skip
def test_hostile_files_are_refused_in_one_line_naming_the_file(file, name, content, message):
    file.write_bytes(content)
    with pytest.raises(ValueError, match=message) as info:
        nn.load(file)
    assert str(info.value).startswith(f"load: {file}") and "\n" not in str(info.value)
    assert len(str(info.value)) < 400  # a message, not the file echoed back


def test_a_folder_instead_of_a_file(tmp_path):
    with pytest.raises(ValueError, match="is a folder, not a model file") as info:
        nn.load(tmp_path)
    assert str(tmp_path) in str(info.value)


def test_a_byte_order_mark_from_a_windows_editor_is_fine(file):
    model = nn.MLP(2, [3, 1], seed=0)
    nn.save(model, file)
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes())
    assert nn.load(file).state_dict() == model.state_dict()
