"""nn.save / nn.load: the JSON format, exact round trips, atomic writes (even under SIGKILL) and clear refusals."""

from __future__ import annotations

import json
import math
import os
import pickle
import select
import signal
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nn
from autograd import OPS
from nn.activations import ACTIVATIONS
from nn.io import MAX_BYTES, to_document
from tests import fuzzcount
from tests.filesystem import LINKED, SPECIAL, fingerprint, make_special, within

ROOT = Path(__file__).resolve().parents[1]


def test_round_trip_is_bit_for_bit(tmp_path):
    model = nn.MLP(3, [5, 4, 2], activation="tanh", output_activation="sigmoid", seed=0)
    path = tmp_path / "model.json"
    nn.save(model, path)
    loaded = nn.load(path)
    assert loaded.state_dict() == model.state_dict()
    assert repr(loaded) == repr(model)
    x = [0.3, -1.2, 2.5]
    assert [v.data for v in loaded(x)] == [v.data for v in model(x)]
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_the_file_is_the_documented_json(tmp_path):
    path = tmp_path / "textbook.json"
    nn.save(nn.MLP.from_weights([[[0.1, 0.4], [0.2, 0.5]], [[0.6, 0.3]]], [[0.1, 0.2], [0.3]]), str(path))
    assert json.loads(path.read_text()) == {
        "format": "chainrule.mlp",
        "version": 1,
        "nin": 2,
        "layers": [
            {"activation": "relu", "weights": [[0.1, 0.4], [0.2, 0.5]], "biases": [0.1, 0.2]},
            {"activation": "linear", "weights": [[0.6, 0.3]], "biases": [0.3]},
        ],
    }
    assert nn.load(path)([2.0, 3.0]).data == pytest.approx(1.83, abs=1e-12)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_overwriting_keeps_the_file_mode(tmp_path):
    path = tmp_path / "model.json"
    nn.save(nn.MLP(2, [1], seed=0), path)
    os.chmod(path, 0o640)
    nn.save(nn.MLP(2, [1], seed=1), path)
    assert os.stat(path).st_mode & 0o777 == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "model.json"
    old = nn.MLP(2, [3, 1], seed=0)
    nn.save(old, path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        nn.save(nn.MLP(2, [3, 1], seed=1), path)
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["model.json"]


# The child saves a new model over the file and blocks at `point`; the test kills it there with SIGKILL.
CHILD = r"""
import os, sys, time
import nn

point, path = sys.argv[1], sys.argv[2]

def block(*args, **kwargs):
    print("READY", flush=True)
    time.sleep(60)

class HalfWriter:
    # the temp file receives half the text, then the process hangs mid-write
    def __init__(self, f):
        self.f = f
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.f.close()
    def write(self, text):
        self.f.write(text[: len(text) // 2])
        self.f.flush()
        block()
    def flush(self):
        self.f.flush()
    def fileno(self):
        return self.f.fileno()

if point == "write":
    real_fdopen = os.fdopen
    os.fdopen = lambda fd, *a, **k: HalfWriter(real_fdopen(fd, *a, **k))
else:
    setattr(os, point, block)
nn.save(nn.MLP(2, [16, 16, 1], seed=99), path)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("point", ["write", "fsync", "replace"])
def test_killing_the_writer_mid_save_never_breaks_the_file(tmp_path, point):
    path = tmp_path / "model.json"
    old = nn.MLP(2, [4, 1], seed=0)
    nn.save(old, path)
    before = path.read_bytes()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    child = subprocess.Popen([sys.executable, "-c", CHILD, point, str(path)], stdout=subprocess.PIPE, env=env)
    try:
        ready, _, _ = select.select([child.stdout], [], [], 60)
        assert ready and child.stdout.readline().strip() == b"READY", "the child never reached the blocking point"
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
    assert path.read_bytes() == before
    assert nn.load(path).state_dict() == old.state_dict()
    leftovers = [p for p in tmp_path.iterdir() if p != path]
    assert len(leftovers) == 1 and leftovers[0].name.startswith(".model.json.")  # only the killed writer's temp
    if point == "write":
        with pytest.raises(ValueError, match="not a JSON model file"):
            nn.load(leftovers[0])  # it really was cut off mid-write


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "bad.json"
    path.write_text(text)
    return path


def document(**changes) -> dict:
    doc = {"format": "chainrule.mlp", "version": 1, "nin": 2,
           "layers": [{"activation": "relu", "weights": [[0.1, 0.4], [0.2, 0.5]], "biases": [0.1, 0.2]},
                      {"activation": "linear", "weights": [[0.6, 0.3]], "biases": [0.3]}]}  # fmt: skip
    doc.update(changes)
    return doc


def layers(**changes) -> list:
    doc = document()
    doc["layers"][1].update(changes)
    return doc["layers"]


@pytest.mark.parametrize(("text", "match"), [
    ('{"format": "chainrule.mlp", ', "is not a JSON model file"),
    ("\xff\xfe", "is not a JSON model file"),
    ("[1, 2]", "expected a JSON object"),
    (json.dumps(document(format="keras")), "not a chainrule model .format is 'keras'"),
    (json.dumps(document(version=2)), "format version 2 is newer than this chainrule reads"),
    (json.dumps(document(version="1")), "format version '1' is not 1"),
    (json.dumps(document(nin=0)), "nin must be a positive integer, got 0"),
    (json.dumps(document(nin=3)), r"layer 0: weights\[0\] must hold 3 numbers"),
    (json.dumps(document(layers=[])), "layers must be a non-empty list"),
    (json.dumps(document(layers=layers(activation="swishy"))), "layer 1: unknown activation 'swishy'"),
    (json.dumps(document(layers=layers(activation=["relu"]))), r"layer 1: unknown activation \['relu'\]"),
    (json.dumps(document(layers=[[1.0]])), "layer 0 must be an object, got list"),
    (json.dumps(document(layers=layers(weights=[[0.6]]))), r"layer 1: weights\[0\] must hold 2 numbers"),
    (json.dumps(document(layers=layers(biases=[0.3, 0.1]))), "layer 1: weights and biases must be non-empty lists"),
    (json.dumps(document(layers=layers(weights=[[0.6, "x"]]))), r"layer 1: weights\[0\]\[1\] is 'x', not a finite"),
    (json.dumps(document(layers=layers(weights=[[0.6, True]]))), r"weights\[0\]\[1\] is True, not a finite number"),
    (json.dumps(document(layers=layers(biases=[None]))), r"layer 1: biases\[0\] is None"),
    (json.dumps(document()).replace("0.3]}", "NaN]}"), "NaN is not a finite number"),
    (json.dumps(document()).replace("0.3]}", "1e999]}"), r"biases\[0\] is inf, not a finite number"),
])  # fmt: skip
def test_load_refuses_malformed_files_naming_the_file_and_the_problem(tmp_path, text, match):
    path = write(tmp_path, text)
    with pytest.raises(ValueError, match=match) as info:
        nn.load(path)
    assert str(path) in str(info.value)


def test_load_refuses_mixed_hidden_activations(tmp_path):
    doc = document()
    doc["layers"].insert(1, {"activation": "tanh", "weights": [[1.0, 1.0], [1.0, 1.0]], "biases": [0.0, 0.0]})
    with pytest.raises(ValueError, match="hidden layers use different activations"):
        nn.load(write(tmp_path, json.dumps(doc)))


def test_save_and_load_refuse_what_they_cannot_represent(tmp_path):
    with pytest.raises(TypeError, match="save: expected an nn.MLP, got Neuron"):
        nn.save(nn.Neuron(2, rng=0), tmp_path / "n.json")
    model = nn.MLP(2, [1], seed=0)
    model.layers[0].neurons[0].b.data = float("inf")
    with pytest.raises(ValueError, match="save: parameter layers.0.neurons.0.b is inf"):
        nn.save(model, tmp_path / "m.json")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(FileNotFoundError):
        nn.load(tmp_path / "missing.json")


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


# Special files: only a regular file is read, and only up to a size checked before the first byte.
# A FIFO would block for a writer, /dev/zero and /dev/urandom never end, a folder has no bytes.


@pytest.mark.parametrize("kind", [*SPECIAL, *LINKED])
def test_load_reads_only_regular_files_and_never_waits_or_reads_without_end(tmp_path, kind):
    path = make_special(kind, tmp_path / "model.json")
    before = fingerprint(tmp_path)
    tracemalloc.start()
    try:
        with within(10), pytest.raises((ValueError, OSError)) as info:
            nn.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    message = str(info.value)
    assert message.startswith(f"load: {path}") or message.startswith(f"load: cannot read {path}"), message
    assert "\n" not in message and "Errno" not in message
    if kind != "link loop":
        assert type(info.value) is ValueError and kind.split("link to a ")[-1] in message, message
    assert peak < 2**20  # nothing was read
    assert fingerprint(tmp_path) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes and /dev/zero")
def test_the_attacks_from_the_report_end_at_once_in_a_child_with_a_memory_limit(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    child = (
        "import resource, sys, nn\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))  # reading /dev/zero would hit this\n"
        "try:\n    nn.load(sys.argv[1])\nexcept ValueError as error:\n    print(error)\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    for target in ("/dev/zero", "/dev/urandom", str(tmp_path / "fifo"), str(tmp_path)):
        done = subprocess.run([sys.executable, "-c", child, target], capture_output=True, text=True, env=env,
                              timeout=60, check=False)  # fmt: skip
        assert done.returncode == 0 and done.stderr == "", done.stderr
        assert done.stdout.startswith(f"load: {target} is ") and done.stdout.count("\n") == 1, done.stdout


def test_a_file_larger_than_the_cap_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: no disk is used, and reading it would give 256 MiB of zeros
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match=rf"is {MAX_BYTES + 1:,} bytes, more than a model file may be") as info:
            nn.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2**20 and "max_bytes" in str(info.value)


def test_a_file_that_grows_after_its_size_was_checked_is_still_capped(tmp_path, monkeypatch):
    path = tmp_path / "model.json"
    nn.save(nn.MLP(2, [3, 1], seed=0), path)
    real_fstat = os.fstat

    def shrunk(fd):  # as if the file grew between fstat and read
        status = real_fstat(fd)
        return os.stat_result((*status[:6], 10, *status[7:]))

    monkeypatch.setattr(os, "fstat", shrunk)
    with pytest.raises(ValueError, match="grew past 100 bytes as it was read"):
        nn.load(path, max_bytes=100)


def test_load_reads_a_file_exactly_when_it_fits_max_bytes(file):
    model = nn.MLP(2, [3, 1], seed=0)
    nn.save(model, file)
    text = file.read_bytes()

    @SETTINGS
    @given(st.integers(0, 5000), st.integers(1, 10_000))
    def fuzz(padding, max_bytes):
        fuzzcount.count("nn.load: file size against max_bytes")
        file.write_bytes(text + b" " * padding)  # trailing whitespace: the same JSON document
        size = len(text) + padding
        if size <= max_bytes:
            assert nn.load(file, max_bytes=max_bytes).state_dict() == model.state_dict()
        else:
            with pytest.raises(ValueError, match=f"is {size:,} bytes, more than a model file may be .{max_bytes:,}"):
                nn.load(file, max_bytes=max_bytes)

    fuzzcount.run("nn.load: file size against max_bytes", fuzz, at_least=150)


@pytest.mark.parametrize("bad", [0, -1, 1.5, "10", None, True])
def test_max_bytes_must_be_a_positive_int(file, bad):
    with pytest.raises(ValueError, match="load: max_bytes must be a positive int"):
        nn.load(file, max_bytes=bad)


def test_a_missing_or_unreadable_path_names_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"^load: cannot read .*missing.json: No such file") as info:
        nn.load(tmp_path / "missing.json")
    assert "Errno" not in str(info.value)
    (tmp_path / "plain").write_text("x")
    with pytest.raises(NotADirectoryError, match="load: cannot read .*plain/model.json: Not a directory"):
        nn.load(tmp_path / "plain" / "model.json")
