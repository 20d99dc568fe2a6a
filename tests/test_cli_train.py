"""autograd/cli/train.py: `chainrule train`: datasets, losses and outputs picked from the data, metrics, plots."""

from __future__ import annotations

import gc
import re
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nn
from autograd.cli import build_parser, common, main
from autograd.cli import fit as cli_fit
from autograd.cli import train as cli_train
from tests import fuzzcount
from tests.filesystem import within


def run(capsys, *argv):
    """(exit code, stdout, stderr) of `chainrule argv...`."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("chainrule: error: "), err
    assert "Traceback" not in err
    return lines[0]


def cli_train_args():
    from autograd.cli import build_parser

    return build_parser().parse_args(["train"])


def _listed(out: str) -> list:
    """The paths under 'Files written', in the order printed."""
    lines = out.split("Files written", 1)[1].splitlines()[1:]
    return [Path(line.strip().rsplit("  (", 1)[0].strip()) for line in lines if line.startswith("  ")]


def test_missing_matplotlib_skips_the_plots_with_a_note(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(cli_fit, "pyplot", lambda: None)
    assert cli_fit.write_plots(None, None, [], [], tmp_path, "moons", "title") == []
    _, err = capsys.readouterr()
    note = "chainrule: note: skipping the plots: matplotlib is not installed (pip install 'chainrule[plot]')"
    assert err.strip() == note


def test_diverging_training_is_a_failure_with_exit_code_1(capsys, tmp_path):
    argv = ["train", "--optimizer", "sgd", "--lr", "1e6", "--epochs", "5", "--hidden", "4", "--out", tmp_path]
    code, _, err = run(capsys, *argv)
    assert code == 1 and "training diverged with lr 1e+06" in one_error_line(err)
    assert list(tmp_path.iterdir()) == []


def test_train_prints_metrics_and_writes_plots_and_model(capsys, tmp_path):
    argv = ["train", "--hidden", "8", "--epochs", "30", "--samples", "60", "--val", "0.25", "--out", tmp_path]
    code, out, err = run(capsys, *argv)
    assert code == 0 and "Traceback" not in err
    assert "Training MLP(2, [8, 1], relu) on 45 moons points" in out
    assert "hinge loss, adam (lr 0.05), batches of 32, 30 epochs" in out
    metrics = r"train accuracy ([\d.]+)%, validation accuracy ([\d.]+)% \(15 held out\)"
    train_acc, val_acc = re.search(metrics, out).groups()
    assert float(train_acc) >= 80 and float(val_acc) >= 60
    files = _listed(out)
    assert [p.name for p in files] == ["moons_loss_curve.png", "moons_decision_boundary.png", "moons_model.json"]
    assert sorted(files) == sorted(tmp_path.iterdir())
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in files[:2])
    assert nn.load(files[2]).nouts == [8, 1]


@pytest.mark.parametrize(
    ("argv", "nouts", "last"),
    [
        (["--dataset", "spirals", "--classes", "4"], [4, 4], "linear"),
        (["--dataset", "xor", "--loss", "bce"], [4, 1], "sigmoid"),
        (["--dataset", "circles", "--loss", "cross_entropy"], [4, 2], "linear"),
        (["--dataset", "blobs", "--noise", "0.5", "--hidden", "none"], [3], "linear"),
    ],
)
def test_train_picks_outputs_and_loss_from_the_dataset(capsys, tmp_path, monkeypatch, argv, nouts, last):
    monkeypatch.setattr(cli_fit, "pyplot", lambda: None)  # the plots are tested above; keep this fast
    hidden = [] if "--hidden" in argv else ["--hidden", "4"]
    code, out, _ = run(capsys, "train", *argv, *hidden, "--epochs", "2", "--samples", "40", "--out", tmp_path)
    assert code == 0
    dataset = argv[1]
    model = nn.load(tmp_path / f"{dataset}_model.json")
    assert model.nouts == nouts and model.output_activation == last


@pytest.mark.slow
def test_train_defaults_reach_a_good_accuracy_quickly():
    """`chainrule train` alone: moons, MLP(2, [16, 16, 1]), Adam lr 0.05, 100 epochs (checked without plots)."""
    args = cli_train_args()
    X, y = cli_train.dataset(args)
    loss, outputs, act = cli_train.choose_loss(args.loss, max(y) + 1, args.dataset)
    model = nn.MLP(2, [*args.hidden, outputs], args.activation, act, seed=args.seed)
    opt = cli_train.optimizer(args.optimizer, model, cli_train.DEFAULT_LR[args.optimizer])
    history, _ = cli_fit.fit_or_fail(model, X, y, loss, opt, lr=0.05, epochs=args.epochs,
                                       batch_size=args.batch_size, seed=args.seed)  # fmt: skip
    assert (loss, args.epochs) == ("hinge", 100)
    assert nn.accuracy(model, X, y) >= 0.97


# Sizes that cannot fit are refused in one line before anything is allocated: the memory the data, the
# model and one batch's graph need is estimated from the options (a lower bound, checked against
# tracemalloc below), and a run of more weight updates than would end in weeks is refused too.

ABSURD = [
    (["--hidden", "100000000"], "TB of memory, more than this machine has"),
    (["--hidden", "5000,5000,5000"], "of memory, more than this machine has"),
    (["--samples", "1000000000"], "--samples 1000000000, --batch-size 32 need at least 130.0 GB"),
    (["--dataset", "blobs", "--classes", "100000000", "--samples", "1000000000"], "--classes 100000000 need"),
    (["--hidden", "3000,3000", "--batch-size", "100000", "--samples", "100000"], "more than this machine has"),
    (["--epochs", "1000000000000"], "3.4e+16 weight updates: 107 years even at 1e+07 a second"),
    (["--epochs", "100000000", "--hidden", "64,64"], "weight updates"),
]


@pytest.mark.parametrize(("argv", "message"), ABSURD)
def test_sizes_that_cannot_fit_are_refused_in_one_line_before_allocating(capsys, tmp_path, argv, message):
    tracemalloc.start()
    try:
        with within(30):
            code, out, err = run(capsys, "train", *argv, "--out", tmp_path / "out")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == 2 and message in one_error_line(err) and out == ""
    assert peak < 20 * 2**20  # nothing of the size asked for was made
    assert not (tmp_path / "out").exists()


def test_the_limit_is_this_machines_memory(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(cli_train, "memory_bytes", lambda: 10**7)
    code, _, err = run(capsys, "train", "--hidden", "2000", "--out", tmp_path)
    assert code == 2 and "more than this machine has (10.0 MB)" in one_error_line(err)
    assert cli_train.estimate(cli_train_args(), 1)[0] < common.memory_bytes() / 100  # the default run: far below


def test_memory_bytes_reads_the_machine_and_the_containers_limit():
    have = common.memory_bytes()
    assert isinstance(have, int) and 2**27 < have <= 2**50


def test_running_out_of_memory_anyway_is_one_line(capsys, tmp_path, monkeypatch):
    def no_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(nn, "fit", no_memory)
    code, _, err = run(capsys, "train", "--epochs", "1", "--out", tmp_path)
    assert code == 1 and "out of memory while training; give smaller sizes" in one_error_line(err)


def _measured(args) -> int:
    """Bytes tracemalloc sees at the peak of making the data, the model, and one epoch of training."""
    gc.collect()
    tracemalloc.start()
    try:
        X, y = cli_train.dataset(args)  # noqa: N806
        loss, outputs, act = cli_train.choose_loss(args.loss, cli_train.check_dataset(args), args.dataset)
        model = nn.MLP(2, [*args.hidden, outputs], args.activation, act, seed=0)
        nn.fit(model, X, y, loss=loss, optimizer=nn.SGD(model.parameters(), lr=0.01), epochs=1,
               batch_size=args.batch_size, progress=False)  # fmt: skip
        return tracemalloc.get_traced_memory()[1], outputs
    finally:
        tracemalloc.stop()


def test_the_memory_estimate_is_a_lower_bound_and_not_far_below():
    @settings(max_examples=20, deadline=None)
    @given(hidden=st.lists(st.integers(1, 40), max_size=3), samples=st.integers(6, 100),
           batch=st.integers(1, 64), dataset=st.sampled_from(["moons", "blobs", "spirals"]),
           classes=st.integers(2, 5))  # fmt: skip
    def fuzz(hidden, samples, batch, dataset, classes):
        fuzzcount.count("train: memory estimate against tracemalloc")
        argv = ["train", "--hidden", ",".join(map(str, hidden)) or "none", "--samples", str(max(samples, 2 * classes)),
                "--batch-size", str(batch), "--dataset", dataset]  # fmt: skip
        if dataset != "moons":
            argv += ["--classes", str(classes)]
        args = build_parser().parse_args(argv)
        measured, outputs = _measured(args)
        estimated = cli_train.estimate(args, outputs)[0]
        assert estimated <= measured, (argv, estimated, measured)  # never refuses what fits
        # and not far below: fit's own bookkeeping (a few hundred kB) aside, within a small factor
        assert measured < 4 * estimated + 2**19, (argv, estimated, measured)

    fuzzcount.run("train: memory estimate against tracemalloc", fuzz, at_least=20)


def test_a_run_whose_loss_explodes_ends_with_a_warning(capsys, tmp_path):
    code, out, err = run(capsys, "train", "--lr", "1e6", "--epochs", "5", "--out", tmp_path)
    assert code == 0 and "Files written" in out
    warning = err.strip().splitlines()[-1]
    assert warning.startswith("chainrule: warning: the loss exploded during training, from ")
    assert "the learning rate 1e+06 is too large for this model: try --lr 0.05" in warning


def test_a_good_run_ends_without_a_warning(capsys, tmp_path):
    code, _, err = run(capsys, "train", "--epochs", "5", "--out", tmp_path)
    assert code == 0 and "warning" not in err


def test_the_loss_warning_words():
    assert cli_train.loss_warning(1.0, 0.1, 0.05, 0.05) == ""
    assert cli_train.loss_warning(1.0, 2.0, 1.0, 0.05).startswith("the loss went up during training")
    assert "exploded" in cli_train.loss_warning(1.0, 100.0, 10.0, 0.05)
