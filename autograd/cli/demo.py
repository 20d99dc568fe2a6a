"""`chainrule demo`: what chainrule is for, in one run with no arguments and nothing to download.

The textbook 2-2-1 network forward and backward, explained edge by edge; its graph as SVG and PNG;
the HTML stepper; an MLP trained on moons with a progress bar; the plots and the model; the file list.
"""

from __future__ import annotations

import argparse
import subprocess
import warnings

from ..examples import TEXTBOOK_X, TEXTBOOK_Y, textbook_network
from ..language import LANGS, get_language
from ..teach.explain import explain
from ..teach.names import NodeNames, fmt
from ..teach.notation import Eq, Num, write
from ..teach.trace import definition_tree
from ..value import Value
from .common import heading, note, output_folder, positive_int, print_files
from .fit import fit_or_fail, write_plots
from .words import WORDS

MOONS = {"n": 100, "noise": 0.1}
TRAINING = {"lr": 0.02, "batch": 10}  # 20 epochs reach about 0.99 accuracy in well under a second

EPILOG = """\
examples:
  chainrule demo                       writes to ./chainrule-demo/
  chainrule demo --out /tmp/demo --lang zh
  chainrule demo --epochs 50 --seed 1

Files: textbook_graph.svg and .png (the graph with its gradients), textbook_backward.html
(open it in a browser: it steps through backward), moons_decision_boundary.png,
moons_loss_curve.png and moons_model.json (the trained MLP; nn.load reads it back).
"""


def register(commands) -> None:
    """Add the `demo` subcommand."""
    cmd = commands.add_parser(
        "demo",
        help="the tour: a textbook network explained, drawn and trained",
        description="Walk the textbook 2-2-1 ReLU network forward and backward with every step explained,\n"
        "draw its graph, write a page that steps through backward, train an MLP on moons with a\n"
        "progress bar, plot it, and list every file written. Takes a few seconds.",
        epilog=EPILOG,
    )
    cmd.add_argument("--out", default="chainrule-demo", metavar="DIR", help="folder for the files "
                     "(default: ./chainrule-demo)")  # fmt: skip
    cmd.add_argument(
        "--lang",
        choices=LANGS,
        default=get_language(),
        help="language of the explanation and the errors (default: en, or zh where LANG is Chinese)",
    )
    cmd.add_argument("--epochs", type=positive_int, default=20, metavar="N", help="training epochs (default: 20)")
    cmd.add_argument("--seed", type=int, default=0, help="seeds the moons, the weights and the batches (default: 0)")
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    words = WORDS[args.lang]
    folder = output_folder(args.out)
    print(heading(words["demo_title"]))
    print(words["demo_out"].format(folder=folder.resolve()))
    loss = textbook(words, args.lang)
    _section(words["pictures"])
    files = pictures(loss, folder, words, args.lang)
    files += train_moons(args, folder, words)
    print_files(words["files"], files)
    page = [path for path, what in files if what == words["stepper"]]
    if page:
        print()
        print(words["open_html"].format(path=page[0]))
    return 0


def textbook(words: dict, lang: str) -> Value:
    """Sections 1 and 2: the textbook network forward, then backward explained; returns its loss."""
    loss, named = textbook_network()
    _section(words["forward"].format(x1=fmt(TEXTBOOK_X[0]), x2=fmt(TEXTBOOK_X[1]), y=fmt(TEXTBOOK_Y)))
    for line in forward_lines(loss, named):
        print(f"  {line}")
    explanation = explain(loss, lang=lang, chains=True)  # runs backward: the pictures drawn next show every gradient
    title, _underline, body = str(explanation).split("\n", 2)  # its title becomes our numbered heading
    _section(f"2. {title}")
    print(body)
    return loss


def _section(title: str) -> None:
    print()
    print(heading(title))


def forward_lines(loss: Value, named: dict, notation: str = "unicode") -> list[str]:
    """The forward pass, as the chapter writes it: each weighted sum and activation with names, then numbers."""
    names = NodeNames(loss)
    lines = []
    for z, h in ((named["z_h1"], named["h1"]), (named["z_h2"], named["h2"])):
        lines.append(_equation(names, z, notation))
        lines.append(_equation(names, h, notation))
    lines.append(_equation(names, named["y_hat"], notation))
    lines.append(_equation(names, loss, notation))
    return lines


def _equation(names: NodeNames, node: Value, notation: str) -> str:
    """`z_h1 = w1·x1 + w2·x2 + b_h1 = 0.1 · 2 + 0.4 · 3 + 0.1 = 1.5`."""
    parts = (definition_tree(names, node, inline=True), definition_tree(names, node, True, inline=True))
    tree = Eq((names.sym(node), *parts, Num(node.data)))
    return write(tree, notation)


def pictures(loss: Value, folder, words: dict, lang: str) -> list:
    """The graph as SVG and PNG and the stepper page; skipped with a note if Graphviz cannot be run."""
    try:
        from ..render.draw import draw, save_graph
        from ..render.stepper import stepper_html

        graph = draw(loss, flow=True, wrap=True)  # after explain's backward, so every box shows its gradient;
        # folded in two rows, so on a 1920-wide slide its text is over 18 px high
        with warnings.catch_warnings(record=True) as said:  # a PNG without CJK fonts: a note, not a traceback line
            warnings.simplefilter("always")
            files = [
                (save_graph(graph, folder / "textbook_graph.svg"), words["graph_svg"]),
                (save_graph(graph, folder / "textbook_graph.png"), words["graph_png"]),
                (stepper_html(loss, lang=lang).save(folder / "textbook_backward.html"), words["stepper"]),
            ]
        for warning in said:
            note(str(warning.message))
    except (RuntimeError, ImportError, subprocess.CalledProcessError) as error:
        note(words["no_graphviz"].format(error=" ".join(str(error).split())))
        return []
    print(f"  {words['pictures_done']}")
    return files


def train_moons(args: argparse.Namespace, folder, words: dict) -> list:
    """Train MLP(2, [16, 16, 1]) on moons (hinge loss, Adam), print the result, write plots and model."""
    import nn

    X, y = nn.data.make_moons(MOONS["n"], noise=MOONS["noise"], seed=args.seed)  # noqa: N806
    model = nn.MLP(2, [16, 16, 1], seed=args.seed)
    lr, batch = TRAINING["lr"], TRAINING["batch"]
    _section(words["training"].format(n=len(X), lr=lr, batch=batch, epochs=args.epochs))
    history, seconds = fit_or_fail(model, X, y, "hinge", nn.Adam(model.parameters(), lr=lr), lr=lr,
                                   epochs=args.epochs, batch_size=batch, seed=args.seed)  # fmt: skip
    accuracy = nn.accuracy(model, X, y)
    print("  " + words["trained"].format(epochs=history.epochs, loss=f"{history.loss[-1]:.4g}",
                                         accuracy=f"{accuracy:.1%}", seconds=seconds))  # fmt: skip
    title = f"moons: MLP(2, [16, 16, 1]), hinge loss, Adam, accuracy {accuracy:.2f}"
    files = write_plots(model, history, X, y, folder, "moons", title, words)
    path = folder / "moons_model.json"
    nn.save(model, path)
    return [*files, (path, words["model"])]
