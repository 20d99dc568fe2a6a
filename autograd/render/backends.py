"""Finding a `dot` program and turning DOT source into SVG, PNG or PDF bytes.

A system Graphviz is used when there is one; otherwise graphviz-pure (a static build installed
from pip) renders SVG and PNG, and PDF goes SVG -> PDF through svglib + reportlab.
"""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

INSTALL_DOT = (
    "rendering needs the Graphviz `dot` program: pip install graphviz-pure (a static build, what "
    "chainrule installs by default) or install Graphviz (apt install graphviz, brew install graphviz)"
)
INSTALL_PDF = (
    "PDF needs either a system Graphviz (apt install graphviz, brew install graphviz) or the pip "
    "route SVG -> PDF: pip install 'chainrule[pdf]' (svglib and reportlab)"
)


class GraphvizNotFoundError(RuntimeError):
    """No program that can render DOT is installed."""


def system_dot() -> str | None:
    """The path of a real Graphviz `dot`, if one is on PATH."""
    return shutil.which("dot")


def dot_program() -> str | None:
    """`dot` if installed, else graphviz-pure (on PATH, or next to this Python), else None."""
    found = system_dot() or shutil.which("graphviz-pure")
    if found:
        return found
    beside = Path(sys.executable).parent / "graphviz-pure"
    return str(beside) if beside.is_file() else None


def ensure_dot(who: str = "draw") -> str:
    """Point the graphviz package at the program found by `dot_program`, or raise GraphvizNotFoundError."""
    import graphviz.backend.dot_command as dot_command

    program = dot_program()
    if program is None:
        raise GraphvizNotFoundError(f"{who}: {INSTALL_DOT}")
    dot_command.DOT_BINARY = Path(program)
    return program


def pipe_bytes(graph, format: str, who: str = "draw") -> bytes:
    """The rendered bytes of a graphviz graph in `format` (svg, png, pdf, or dot for the source)."""
    import graphviz

    if format in ("dot", "gv"):
        return graph.source.encode("utf-8")
    if format == "pdf" and system_dot() is None:
        return svg_to_pdf(pipe_bytes(graph, "svg", who), who)
    ensure_dot(who)
    # graphviz-pure warns once per byte of every non-ASCII character it cannot measure (the heading's
    # Chinese, which draw sized itself): quiet then, or a notebook would fill with those lines.
    return graphviz.Digraph.pipe(graph, format=format, quiet=not graph.source.isascii())


def svg_to_pdf(svg: bytes, who: str = "draw") -> bytes:
    """SVG -> PDF with svglib and reportlab, or a RuntimeError saying how to get a PDF route."""
    try:
        from reportlab.graphics import renderPDF
        from svglib.svglib import svg2rlg
    except ImportError:
        raise RuntimeError(f"{who}: {INSTALL_PDF}") from None
    drawing = svg2rlg(io.BytesIO(svg))
    if drawing is None:
        raise RuntimeError(f"{who}: svglib could not read the SVG that Graphviz made")
    return renderPDF.drawToString(drawing)
