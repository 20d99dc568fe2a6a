"""`chainrule train`: train an MLP on a toy 2-D dataset, with a progress bar, metrics, plots and the
model saved as JSON."""

from __future__ import annotations

import argparse
import sys

from .common import (
    RunError,
    UsageError,
    finite_float,
    heading,
    memory_bytes,
    output_folder,
    positive_float,
    positive_int,
    print_files,
    replaceable,
)
from .fit import fit_or_fail, write_plots
from .words import WORDS

DATASETS = ("moons", "circles", "xor", "spirals", "blobs")
MULTICLASS = ("spirals", "blobs")  # the ones with --classes
OPTIMIZERS = ("sgd", "momentum", "adam", "rmsprop", "adamw")
DEFAULT_LR = {"sgd": 0.1, "momentum": 0.05, "adam": 0.05, "adamw": 0.05, "rmsprop": 0.01}
LOSSES = ("auto", "hinge", "bce", "cross_entropy")

EPILOG = """\
examples:
  chainrule train                                  moons, MLP(2, [16, 16, 1]), Adam: a few seconds
  chainrule train --dataset spirals --hidden 32,32 --epochs 200 --val 0.2
  chainrule train --dataset xor --hidden 4 --activation tanh --optimizer sgd --lr 0.2
  chainrule train --dataset circles --hidden none        a linear model cannot do it: see the plot

The loss follows from the dataset. Two classes (moons, circles, xor): one output trained with the
hinge loss, class 1 where the output is > 0 (--loss bce: one sigmoid output, binary cross-entropy,
class 1 where it is > 0.5). k classes (spirals, blobs; --classes, default 3): k outputs trained with
cross_entropy (softmax), the class is the largest output. --loss cross_entropy also works for two.

Default learning rates: adam and adamw 0.05, momentum 0.05 (SGD with momentum 0.9), rmsprop 0.01,
sgd 0.1. Files written to --out: DATASET_loss_curve.png, DATASET_decision_boundary.png (need
matplotlib: pip install 'chainrule[plot]') and DATASET_model.json (read it back with nn.load).
"""


def register(commands) -> None:
    """Add the `train` subcommand."""
    cmd = commands.add_parser(
        "train",
        help="train an MLP on a toy 2-D dataset, with plots",
        description="Train an MLP on a toy 2-D dataset with a progress bar; print the final metrics, "
        "plot the loss\ncurve and the decision boundary, and save the model as JSON.",
        epilog=EPILOG,
    )
    add = cmd.add_argument
    add("--dataset", choices=DATASETS, default="moons", help="the data (default: moons)")
    add("--samples", type=positive_int, default=100, metavar="N", help="how many points (default: 100)")
    add("--noise", type=non_negative, metavar="X", help="noise of the data (default: the dataset's own; "
        "for blobs, their standard deviation)")  # fmt: skip
    add("--classes", type=positive_int, metavar="K", help="classes of spirals and blobs (default: 3)")
    add("--hidden", type=hidden_sizes, default=[16, 16], metavar="SIZES",
        help="hidden layer sizes, comma separated; 'none' for a linear model (default: 16,16)")  # fmt: skip
    add("--activation", choices=("relu", "tanh", "sigmoid", "linear"), default="relu", help="(default: relu)")
    add("--loss", choices=LOSSES, default="auto", help="(default: auto, see below)")
    add("--optimizer", choices=OPTIMIZERS, default="adam", help="(default: adam)")
    add("--lr", type=positive_float, metavar="LR", help="learning rate (default: see below)")
    add("--epochs", type=positive_int, default=100, metavar="N", help="passes over the data (default: 100)")
    add("--batch-size", type=positive_int, default=32, metavar="N", help="samples per step (default: 32)")
    add("--val", type=fraction, metavar="F", help="hold out this fraction (e.g. 0.2) to measure validation accuracy")
    add("--seed", type=int, default=0, help="seeds the data, the weights and the batches (default: 0)")
    add("--out", default="chainrule-train", metavar="DIR", help="folder for the files (default: ./chainrule-train)")
    cmd.set_defaults(run=run)


def hidden_sizes(text: str) -> list[int]:
    """argparse type: '16,16' -> [16, 16]; 'none' -> [] (no hidden layer)."""
    if text.strip().lower() in ("none", ""):
        return []
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of layer sizes such as 16,16") from None
    if any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError(f"{text!r}: every layer needs at least 1 neuron")
    return sizes


def non_negative(text: str) -> float:
    value = finite_float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {text}")
    return value


def fraction(text: str) -> float:
    value = finite_float(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (a fraction such as 0.2), got {text}")
    return value


def run(args: argparse.Namespace) -> int:
    import nn

    k = check_dataset(args)
    loss, outputs, output_activation = choose_loss(args.loss, k, args.dataset)
    check_sizes(args, outputs)  # before anything is allocated: a size that cannot fit is one line, not a MemoryError
    try:
        X, y = dataset(args)  # noqa: N806 (X: a matrix of points, as in scikit-learn)
        train, validation = _split(X, y, args.val, args.seed)
        model = nn.MLP(2, [*args.hidden, outputs], args.activation, output_activation, seed=args.seed)
    except MemoryError:
        raise RunError(f"out of memory making the data and the model; {SMALLER}") from None
    folder = output_folder(args.out)  # after every other check: bad options leave nothing behind
    names = [folder / f"{args.dataset}_{name}" for name in ("loss_curve.png", "decision_boundary.png", "model.json")]
    for path in names:
        replaceable(path, "--out")  # a device or a pipe there is refused now, not after the training
    lr = args.lr if args.lr is not None else DEFAULT_LR[args.optimizer]
    print(heading(f"Training {_describe(model)} on {len(train[0])} {args.dataset} points"))
    print(f"  {loss} loss, {args.optimizer} (lr {lr:g}), batches of {args.batch_size}, {args.epochs} epochs")
    before = starting_loss(model, *train, loss)
    try:
        history, seconds = fit_or_fail(model, *train, loss, optimizer(args.optimizer, model, lr), lr=lr,
                                       epochs=args.epochs, batch_size=args.batch_size, seed=args.seed,
                                       validation_data=validation)  # fmt: skip
    except MemoryError:
        raise RunError(f"out of memory while training; {SMALLER}") from None
    print(f"  after {history.epochs} epochs ({seconds:.1f} s): {_metrics(model, history, train, validation)}")
    files = write_plots(model, history, X, y, folder, args.dataset, f"{args.dataset}: {_describe(model)}, "
                        f"{loss}, {args.optimizer}")  # fmt: skip
    nn.save(model, names[2])
    files.append((names[2], WORDS["en"]["model"]))
    print_files("Files written", files)
    warning = loss_warning(before, history.loss[-1], lr, DEFAULT_LR[args.optimizer])
    if warning:
        print(f"chainrule: warning: {warning}", file=sys.stderr)
    return 0


SMALLER = "give smaller sizes (--hidden, --samples, --batch-size, --classes)"

# What the engine holds, in bytes, as tracemalloc measures it (tests/test_cli_train.py checks it), each
# kept a little under the least it measured, so the estimate errs low and refuses only what cannot fit:
# a point of data, a parameter, and for each sample of a batch, each edge and each neuron of its graph.
BYTES_PER_POINT, BYTES_PER_PARAMETER, BYTES_PER_EDGE, BYTES_PER_NEURON = 130, 160, 32, 250
# Weight visits (epochs * samples * weights) refused as a run that would not end: at ten million a
# second, far beyond this engine's pace, 3e13 take about five weeks.
MAX_WORK = 3e13
PACE = 1e7


def estimate(args: argparse.Namespace, outputs: int) -> tuple[int, int]:
    """(bytes the data, the model and one batch's graph need at least; weight visits of the whole run)."""
    widths = [2, *args.hidden, outputs]
    weights = sum((a + 1) * b for a, b in zip(widths, widths[1:]))  # each neuron: its inputs' weights and a bias
    neurons = sum(widths[1:])
    batch = min(args.batch_size, args.samples)
    graph = batch * (weights * BYTES_PER_EDGE + neurons * BYTES_PER_NEURON)
    need = args.samples * BYTES_PER_POINT + weights * BYTES_PER_PARAMETER + graph
    return need, args.epochs * args.samples * weights


def check_sizes(args: argparse.Namespace, outputs: int) -> None:
    """A UsageError, before anything is allocated, for sizes whose memory this machine does not have
    or whose run would not end in weeks."""
    need, work = estimate(args, outputs)
    have = memory_bytes()
    if need > have:
        raise UsageError(f"{_sizes(args)} need at least {_bytes(need)} of memory, more than this machine has "
                         f"({_bytes(have)}); {SMALLER}")  # fmt: skip
    if work > MAX_WORK:
        days = work / PACE / 86400
        duration = f"{days / 365:,.0f} years" if days > 730 else f"{days:,.0f} days"
        raise UsageError(f"--epochs {args.epochs} over {args.samples} samples of a model of "
                         f"{work // (args.epochs * args.samples):,} weights is {work:.2g} weight updates: "
                         f"{duration} even at {PACE:.0e} a second; give fewer epochs, samples or hidden "
                         "units")  # fmt: skip


def _sizes(args: argparse.Namespace) -> str:
    hidden = ",".join(map(str, args.hidden)) or "none"
    classes = f", --classes {args.classes}" if args.classes is not None else ""
    return f"--hidden {hidden}, --samples {args.samples}, --batch-size {args.batch_size}{classes}"


def _bytes(n: int) -> str:
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if n >= size:
            return f"{n / size:,.1f} {unit}"
    return f"{n:,} bytes"


def starting_loss(model, X, y, loss: str) -> float:  # noqa: N803
    """The loss of the untrained model on the training points: what training should bring down."""
    from autograd import no_grad
    from nn import objectives

    objective = objectives.get(loss, model, "chainrule train")
    points, targets = objectives.dataset(model, X, y, objective, "chainrule train")
    with no_grad():
        return objective.loss([model(p) for p in points], targets).data


def loss_warning(before: float, after: float, lr: float, default_lr: float) -> str:
    """A warning when training ended with a higher loss than it started with, the sign of a learning rate
    too large (at --lr 1e6 Adam's steps throw the weights about, and the loss explodes); '' otherwise."""
    if not after > before:  # also true for nan, which fit has already stopped on
        return ""
    how = "exploded" if after > 10 * max(before, 1e-12) else "went up"
    smaller = min(lr / 100, default_lr)
    return (f"the loss {how} during training, from {before:.4g} before the first step to {after:.4g} at the end; "
            f"the learning rate {lr:g} is too large for this model: try --lr {smaller:g}")  # fmt: skip


def _metrics(model, history, train: tuple, validation: tuple | None) -> str:
    """The last epoch's loss and the final model's accuracy on the training (and validation) points."""
    import nn

    text = f"loss {history.loss[-1]:.4g}, train accuracy {nn.accuracy(model, *train):.1%}"
    if validation is not None:
        text += f", validation accuracy {nn.accuracy(model, *validation):.1%} ({len(validation[0])} held out)"
    return text


def check_dataset(args: argparse.Namespace) -> int:
    """The number of classes asked for; options that do not fit the dataset are a UsageError."""
    if args.classes is not None and args.dataset not in MULTICLASS:
        raise UsageError(f"--classes is for {' and '.join(MULTICLASS)}; {args.dataset} has two classes")
    if args.classes is not None and args.classes < 2:
        raise UsageError(f"--classes must be >= 2, got {args.classes}")
    k = (args.classes or 3) if args.dataset in MULTICLASS else 2
    least = 2 * k  # two points of each class, at least
    if args.samples < least:
        raise UsageError(f"--samples {args.samples} is too few for {args.dataset}; give at least {least}")
    return k


def dataset(args: argparse.Namespace) -> tuple[list, list]:
    """The points and labels asked for (checked first by `check_dataset`)."""
    from nn import data

    classes = check_dataset(args)
    noise = {} if args.noise is None else {"std" if args.dataset == "blobs" else "noise": args.noise}
    makers = {
        "moons": lambda: data.make_moons(args.samples, seed=args.seed, **noise),
        "circles": lambda: data.make_circles(args.samples, seed=args.seed, **noise),
        "xor": lambda: data.make_xor(args.samples, seed=args.seed, **noise),
        "spirals": lambda: data.make_spirals(args.samples, classes=classes, seed=args.seed, **noise),
        "blobs": lambda: data.make_blobs(args.samples, centers=classes, seed=args.seed, **noise),
    }
    return makers[args.dataset]()


def choose_loss(name: str, k: int, dataset: str) -> tuple[str, int, str]:
    """(loss, number of outputs, output activation) for `k` classes; see the help text."""
    if name == "auto":
        name = "hinge" if k == 2 else "cross_entropy"
    if name in ("hinge", "bce") and k != 2:
        raise UsageError(f"--loss {name} is for two classes; {dataset} has {k}: use cross_entropy")
    if name == "bce":
        return name, 1, "sigmoid"
    return name, (1 if name == "hinge" else k), "linear"


def optimizer(name: str, model, lr: float):
    """The optimizer called `name` over the model's parameters."""
    import nn

    params = model.parameters()
    if name == "momentum":
        return nn.SGD(params, lr=lr, momentum=0.9)
    return {"sgd": nn.SGD, "adam": nn.Adam, "rmsprop": nn.RMSprop, "adamw": nn.AdamW}[name](params, lr=lr)


def _split(X, y, val: float | None, seed: int) -> tuple[tuple, tuple | None]:  # noqa: N803
    """((X_train, y_train), (X_val, y_val) or None)."""
    from nn.data import train_test_split

    if val is None:
        return (X, y), None
    try:
        X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=val, seed=seed)  # noqa: N806
    except ValueError as error:
        raise UsageError(f"--val {val}: {error}") from None
    return (X_train, y_train), (X_val, y_val)


def _describe(model) -> str:
    inside = f", {model.activation}" if len(model.nouts) > 1 else ""  # no hidden layer: no activation to name
    return f"MLP(2, {model.nouts}{inside})"
