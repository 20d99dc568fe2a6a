"""nn.save / nn.load: the JSON format, exact round trips, atomic writes (even under SIGKILL) and clear refusals."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import nn

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
    (json.dumps(document(layers=layers(activation="gelu"))), "layer 1: unknown activation 'gelu'"),
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
