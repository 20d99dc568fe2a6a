"""`draw(root)`: the computation graph as a `graphviz.Digraph`, and `save_graph` to write it to a file.

Value nodes are records `label | data | grad`, with a small op node between a node and its parents.
Node ids are topological indices, so drawing the same graph twice gives byte-identical output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import warnings
from pathlib import Path

import graphviz

from .. import messages
from ..errors import short
from ..files import check_replaceable, write_atomic
from ..language import resolve
from ..teach.names import NodeNames, summary
from ..teach.text import visible
from ..teach.trace import Step
from ..value import Value
from . import style
from .backends import pipe_bytes, system_dot
from .clusters import owners
from .layout import Builder

RANKDIRS = ("LR", "TB", "RL", "BT")
FORMATS = ("svg", "png", "pdf")
_PORTS = {"LR": ("e", "w"), "RL": ("w", "e"), "TB": ("s", "n"), "BT": ("n", "s")}  # (tail, head) sides


class Graph(graphviz.Digraph):
    """A `graphviz.Digraph` that finds `dot` (or graphviz-pure) itself and writes PDF without a system Graphviz."""

    def __repr__(self) -> str:
        # Stable text (no memory address), so a notebook's saved outputs do not change on every run.
        return f"<autograd.render.Graph: {len(self.body)} DOT statements>"

    def pipe(self, format=None, *args, **kwargs):
        """The rendered bytes (str with encoding=); PDF goes through SVG when there is no system `dot`."""
        format = format or self.format
        if args or set(kwargs) - {"encoding"}:
            pipe_bytes(self, "svg")  # finds the program; the options go to graphviz as given
            return super().pipe(format, *args, **kwargs)
        data = pipe_bytes(for_format(self, format), format)
        return data.decode(kwargs["encoding"]) if kwargs.get("encoding") else data

    def render(self, filename=None, directory=None, view=False, cleanup=False, format=None, renderer=None,
               formatter=None, neato_no_op=None, quiet=False, quiet_view=False, *, outfile=None, engine=None,
               raise_if_result_exists=False, overwrite_source=False) -> str:  # fmt: skip
        """Write the source and the picture (`<filename>.<format>`, or `outfile`); returns the picture's path.

        As graphviz's `render`, but both files are written atomically and never over a device, a pipe or
        a socket (graphviz's own writer would block on a FIFO and replace a device with a file).
        """
        for name, path in (("filename", filename), ("directory", directory), ("outfile", outfile)):
            if path is not None and not isinstance(path, (str, os.PathLike)):
                raise TypeError(f"render: {name} must be a str or Path, got {short(path)}")
        if outfile is not None:
            format = format or Path(outfile).suffix.lstrip(".").lower() or self.format
        format = format or self.format
        source = Path(directory or self.directory or "", filename or self.filename)
        if outfile is not None and filename is None:
            source = Path(outfile).with_suffix(".gv")
        out = Path(outfile) if outfile is not None else Path(f"{source}.{format}")
        if out == source and not overwrite_source:
            raise ValueError(f"render: the picture {str(out)!r} would overwrite its own source; pass another outfile")
        if raise_if_result_exists and out.exists():
            raise graphviz.FileExistsError(f"render: {str(out)!r} exists already (raise_if_result_exists=True)")
        graph = self if engine is None else self._with_engine(engine)
        if renderer or formatter or neato_no_op:
            data = graph.pipe(format, renderer=renderer, formatter=formatter, neato_no_op=neato_no_op, quiet=quiet)
        else:
            data = pipe_bytes(for_format(graph, format), format, "render")  # Chinese PNG: its ASCII twin
        check_replaceable(out, "render", "graph.svg")  # before either file is written
        self.save(source)
        write_atomic(out, data, "render")
        if cleanup:
            source.unlink()
        if view or quiet_view:
            graphviz.view(out, quiet=quiet_view)
        return str(out)

    def save(self, filename=None, directory=None, *, skip_existing=False) -> str:
        """Write the DOT source (`<name>.gv`) atomically, never over a device, a pipe or a socket."""
        path = Path(directory or self.directory or "", filename or self.filename)
        if not (skip_existing and path.is_file()):
            write_atomic(path, self.source, "save", "graph.gv")
        return str(path)

    def _with_engine(self, engine: str) -> Graph:
        graph = self.copy()
        graph.engine = engine
        return graph


def draw(
    root: Value,
    format: str = "svg",
    rankdir: str = "LR",
    show_grad: bool = True,
    highlight=None,
    max_nodes: int = 500,
    *,
    flow: bool = False,
    show_index: bool = False,
    cluster=None,
    collapse: bool = False,
    title: str | None = None,
    legend: bool = True,
    size=None,
    dpi: float | None = None,
    wrap: bool | int = False,
    bundle: int = 48,
    params=None,
    lang: str | None = None,
) -> Graph:
    """The graph behind `root` as a Digraph; see the module docstring and README for the options.

    `size` fits the picture to (width, height) in inches, or to "1920x1080" pixels (at `dpi`, default
    96); `dpi` sets the PNG's resolution. `wrap` (True, or a number of rows) folds a wide graph into
    rows, each repeating the nodes it continues from, so it fills a 16:9 slide with larger text.
    `bundle`: between two collapsed layers with more edges than this, one arrow with the count.
    `params` says which leaves are parameters (default: the model's, or the leaves named like one).
    `lang` is the language of the heading (title, notes, legend; default: autograd.set_language or LANG):
    Chinese in SVG, and in PNG or PDF where a system Graphviz and a CJK font can draw it (else English
    and ASCII, with a one-line warning).
    """
    args = dict(locals())
    _check(root, format, rankdir, max_nodes, cluster, collapse)
    lang, unicode = _language(resolve(lang, "draw"), format)
    if params is None and cluster is not None:
        params = list(owners(cluster))
    kept, *hidden = summary(root, max_nodes)  # a graph larger than max_nodes: only the part drawn is read
    names = NodeNames(root, params, "draw", within=kept)
    graph = _picture(args, names, hidden, lang, unicode)
    if unicode and not graph.source.isascii() and not cjk_fonts():
        # What a PNG or PDF of this picture shows where Chinese cannot be drawn: English words, ASCII labels.
        graph.ascii_graph = _picture(args, names, hidden, "en", False)
    return graph


def _picture(args: dict, names: NodeNames, hidden: list, lang: str, unicode: bool) -> Graph:
    """The Digraph of draw's arguments `args` with the heading in `lang`; non-ASCII text kept if `unicode`.
    `hidden`: [how many nodes the summary box stands for, whether that is a lower bound ("more than")]."""
    graph = Graph(name="chainrule", format=args["format"])
    graph.attr(rankdir=args["rankdir"], fontname="Helvetica", nodesep="0.18", ranksep="0.3", bgcolor="white")
    graph.attr("node", fontname="Helvetica", fontsize="14", height="0.3", margin="0.06,0.03")
    graph.attr("edge", arrowsize="0.7", color="#555555", fontname="Helvetica", fontsize="12", fontcolor="#444444")
    if args["collapse"]:  # straight lines between neuron boxes: the classic picture of a fully connected net
        graph.attr(splines="line", ranksep="1.2")
    _picture_size(graph, args["size"], args["dpi"])
    options = _options(args, names, hidden[0])
    more = style.WORDS[lang]["more_than" if hidden[1] else "more"].format(hidden=hidden[0])
    builder = Builder(names, args["cluster"], args["collapse"], options, more)
    token = style.UNICODE.set(unicode)  # the nodes' labels as written (SVG) or in ASCII
    try:
        builder.build(graph)
    finally:
        style.UNICODE.reset(token)
    note = _note(len(names.order), hidden, args["max_nodes"], args["flow"], args["title"], lang)
    roles = _roles_shown(names, builder) if args["legend"] else []
    if note or roles:
        graph.attr(label=style.legend(roles, note, lang, unicode), labelloc="t", fontsize="14")
    return graph


def for_format(graph, format: str):
    """`graph` itself, or for a PNG/PDF that cannot draw its Chinese its ASCII twin (made by draw)."""
    fallback = getattr(graph, "ascii_graph", None)
    if fallback is None or format not in ("png", "pdf") or cjk_fonts():
        return graph
    _warn(format)
    return fallback


def _language(lang: str, format: str) -> tuple:
    """(the heading's language, whether it may be non-ASCII) for a picture in `format`."""
    if format == "svg":
        return lang, True
    if lang == "en" or cjk_fonts():
        return lang, lang != "en"
    _warn(format)
    return "en", False


def _warn(format: str) -> None:
    """The one-line note (once per process) that a PNG or PDF shows its words in English."""
    if not _WARNED:
        _WARNED.append(format)
        warnings.warn(messages.text("png_no_cjk", format=format.upper()), stacklevel=4)


_WARNED: list = []  # the warning above, once per process
_CJK: list = []


def cjk_fonts() -> bool:
    """Whether `dot` here can draw Chinese into PNG/PDF: a system Graphviz (it renders through fontconfig)
    with at least one font for Chinese installed. The bundled graphviz-pure has no CJK glyphs."""
    if not _CJK:
        found = False
        if system_dot() is not None and shutil.which("fc-list"):
            try:
                run = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=20)
                found = bool(run.stdout.strip())
            except (OSError, subprocess.SubprocessError):
                found = False
        _CJK.append(found)
    return _CJK[0]


def save_graph(graph_or_root, path, *, size=None, dpi: float | None = None, **draw_options) -> Path:
    """Write a drawing to `path`; the extension picks the format (.svg .png .pdf, or .dot/.gv for the source).

    `size` and `dpi` work as in `draw`, also for a graph drawn before."""
    suffix = Path(path).suffix.lower().lstrip(".") if isinstance(path, (str, Path)) else ""
    if isinstance(graph_or_root, Value):
        if suffix in FORMATS:  # drawn for its format: a PNG's words must be ones its renderer can draw
            draw_options.setdefault("format", suffix)
        graph_or_root = draw(graph_or_root, size=size, dpi=dpi, **draw_options)
    elif not isinstance(graph_or_root, (graphviz.Digraph, graphviz.Graph)):
        raise TypeError(f"save_graph: expected a Value or a graphviz graph, got {short(graph_or_root)}")
    else:
        drawn = for_format(graph_or_root, suffix)  # a Chinese heading in a PNG that cannot show it: English
        if size is not None or dpi is not None:
            drawn = drawn.copy() if drawn is graph_or_root else drawn
            _picture_size(drawn, size, dpi)
        graph_or_root = drawn
    if suffix not in (*FORMATS, "dot", "gv"):
        raise ValueError(f"save_graph: cannot tell the format of {path!r}; end it with .svg, .png, .pdf, .dot or .gv")
    return write_atomic(path, pipe_bytes(graph_or_root, suffix, "save_graph"), "save_graph")


def _picture_size(graph, size, dpi) -> None:
    """Graphviz's size (scaled to fit, up or down: the "!") and dpi, from inches or "WxH" pixels."""
    if dpi is not None:
        if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or not 10 <= dpi <= 1200:
            raise ValueError(f"draw: dpi must be a number from 10 to 1200, got {dpi!r}")
        graph.attr(dpi=f"{dpi:g}")
    if size is None:
        return
    if isinstance(size, str):
        width, sep, height = size.lower().partition("x")
        try:
            inches = float(width) / (dpi or 96), float(height) / (dpi or 96)
        except ValueError:
            raise ValueError(
                f"draw: size must be (width, height) in inches or 'WIDTHxHEIGHT' pixels, got {size!r}"
            ) from None
        if not sep:
            raise ValueError(f"draw: size must be (width, height) in inches or 'WIDTHxHEIGHT' pixels, got {size!r}")
    else:
        try:
            inches = tuple(float(v) for v in size)
        except (TypeError, ValueError):
            raise ValueError(
                f"draw: size must be (width, height) in inches or 'WIDTHxHEIGHT' pixels, got {size!r}"
            ) from None
    if len(inches) != 2 or not all(0 < v < 1000 for v in inches):
        raise ValueError(f"draw: size must be two positive numbers (inches), got {size!r}")
    graph.attr(size=f"{inches[0]:.4g},{inches[1]:.4g}!")


def _roles_shown(names: NodeNames, builder) -> list:
    """The leaf roles the picture shows (input, parameter, constant), for its legend."""
    shown = {names.role(node) for node in names.order if not node.parents}
    if builder.collapse:
        shown = {names.role(n) for n in names.order if not n.parents and n not in builder.groups}
    folded = any(attrs.get("class") == "ghost" for attrs in dict(builder.clusters.get((), [])).values())
    return [role for role in ("input", "parameter", "constant") if role in shown] + (["again"] if folded else [])


def _check(root, format, rankdir, max_nodes, cluster, collapse) -> None:
    if not isinstance(root, Value):
        raise TypeError(f"draw: expected a Value (the root, e.g. the loss), got {short(root)}")
    if format not in FORMATS:
        raise ValueError(f"draw: format must be one of {', '.join(FORMATS)}, got {format!r}")
    if rankdir not in RANKDIRS:
        raise ValueError(f"draw: rankdir must be one of {', '.join(RANKDIRS)}, got {rankdir!r}")
    if type(max_nodes) is not int or max_nodes < 1:
        raise ValueError(f"draw: max_nodes must be an int >= 1, got {max_nodes!r}")
    if collapse and cluster is None:
        raise ValueError("draw: collapse=True needs cluster=model (the model whose neurons to collapse)")


def _options(args: dict, names: NodeNames, hidden: int) -> dict:
    """The drawing options, with `highlight` turned into a set of nodes and at most one Step."""
    nodes, step = set(), None
    items = args["highlight"]
    if items is None:
        items = []
    elif isinstance(items, (Value, Step, str)):
        items = [items]
    for item in items:
        if isinstance(item, Step):
            step = item
        else:
            nodes |= _highlighted(item, names, args["max_nodes"] if hidden else None)
    keys = ("show_grad", "show_index", "flow", "bundle", "wrap")
    ports = _PORTS[args["rankdir"]]
    return dict({k: args[k] for k in keys}, lr=args["rankdir"] in ("LR", "RL"), ports=ports, nodes=nodes, step=step)


def _highlighted(item, names: NodeNames, summarised: int | None) -> set:
    """The nodes `item` marks; with a summary (`summarised` is max_nodes), those among the nodes drawn."""
    drawn = f"among the {len(names.order)} nodes drawn (max_nodes={summarised})" if summarised else ""
    if isinstance(item, Value):
        if item not in names:
            raise ValueError(f"draw: highlight {item!r} is not {drawn or 'in the graph being drawn'}")
        return {item}
    if isinstance(item, str):
        found = {node for node in names.order if node.label == item}
        if not found:
            raise ValueError(f"draw: highlight label {item!r} matches no node {drawn or 'in the graph'}")
        return found
    raise TypeError(f"draw: highlight takes Values, labels (str) or a Step, got {short(item)}")


def _note(kept: int, hidden: list, max_nodes: int, flow: bool, title: str | None, lang: str = "en") -> list:
    said = style.WORDS[lang]
    lines = [visible(title)] if title else []  # on one line, as every format writes it
    if hidden[0]:
        words = said["nearest_over" if hidden[1] else "nearest"]
        lines.append(words.format(kept=kept, hidden=hidden[0], max_nodes=max_nodes))
    if flow:
        lines.append(said["flow"])
    return lines
