"""A small document of headed blocks that prints as text, Markdown (lecture notes) or HTML.

Lines are lists of segments: plain words (`str`) and formulas (`Math`, a formula tree that reads as
its Unicode text). Text uses ∂ and · (or ASCII with notation="ascii"); Markdown puts each formula in
$...$, which Jupyter, GitHub and nbviewer render as real math; HTML writes it as MathML. In Jupyter
a report shows as that Markdown (with the text as the plain fallback), so it reads the same in a
trusted notebook, an untrusted one and on GitHub.
"""

from __future__ import annotations

import html
import re
import string

from . import mathml
from .notation import Expr, Raw, check, write
from .text import latex, visible


class Math(str):
    """A formula segment: its Unicode text, and `.tree` for the other notations."""

    def __new__(cls, tree, lang: str = "en"):
        if not isinstance(tree, Expr):
            tree = Raw(str(tree))
        segment = super().__new__(cls, write(tree, "unicode", lang))  # its words ("so far") in `lang`
        segment.tree = tree
        return segment


def say(template: str, *, lang: str = "en", **parts) -> list:
    """`template` with its {fields} filled in: formula trees become formula segments, text stays words."""
    segments = []
    for literal, field, _, _ in string.Formatter().parse(template):
        if literal:
            segments.append(literal)
        if field is not None:
            part = parts[field]
            segments.append(Math(part, lang) if isinstance(part, Expr) else str(part))
    return segments


class Report:
    """A title and blocks; each block is a heading and (indent, segments) lines."""

    def __init__(self, title: list, blocks: list, lang: str = "en", notation: str = "unicode"):
        self.title = title
        self.blocks = blocks  # [(heading segments, [(indent, segments), ...]), ...]
        self.lang, self.notation = lang, check(notation, "report")

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self, notation: str | None = None) -> str:
        """The document as terminal text: ∂ and · (notation="unicode"), or d and * (notation="ascii")."""
        notation = check(notation or self.notation, "to_text")
        if notation not in ("unicode", "ascii"):
            raise ValueError(f"to_text: notation must be 'unicode' or 'ascii', got {notation!r}")
        plain = lambda segments: "".join(  # noqa: E731
            write(s.tree, notation, self.lang) if isinstance(s, Math) else s for s in segments
        )
        title = plain(self.title)
        out = [title, "=" * len(title)]
        for heading, lines in self.blocks:
            out += ["", plain(heading)] if heading else [""]
            out += ["  " * (1 + indent) + plain(line) for indent, line in lines]
        return "\n".join(out)

    def to_markdown(self) -> str:
        """The document as Markdown, formulas as $LaTeX$: lecture notes, Jupyter, GitHub."""
        out = [f"### {self._md(self.title)}"]
        for heading, lines in self.blocks:
            out += ["", f"**{self._md(heading)}**", ""] if heading else [""]
            out += [f"{'  ' * indent}- {self._md(line)}" for indent, line in lines]
        return "\n".join(out) + "\n"

    def to_html(self) -> str:
        """The document as an HTML fragment, formulas as MathML (drawn by the browser, offline)."""
        parts = [f'<div class="chainrule-report"><h3>{self._html(self.title)}</h3>']
        for heading, lines in self.blocks:
            parts.append((f"<p><b>{self._html(heading)}</b></p>" if heading else "") + self._html_list(lines))
        return "".join(parts) + "</div>"

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/markdown": self.to_markdown(), "text/plain": self.to_text()}

    def _md(self, segments: list) -> str:
        return markdown(segments, self.lang)

    def _html(self, segments: list) -> str:
        return to_html(segments, self.lang)

    def _html_list(self, lines: list) -> str:
        """Nested <ul> lists from indented lines."""
        out, depth = [], -1
        for indent, line in lines:
            out.append("<ul>" * (indent - depth) + "</ul>" * (depth - indent) + f"<li>{self._html(line)}</li>")
            depth = indent
        return "".join(out) + "</ul>" * (depth + 1)


def markdown(segments: list, lang: str = "en") -> str:
    """Segments as Markdown: words escaped, each formula in $LaTeX$."""
    return "".join(f"${latex(s.tree, lang)}$" if isinstance(s, Math) else _md_prose(s) for s in segments)


def to_html(segments: list, lang: str = "en") -> str:
    """Segments as HTML: words escaped, formulas as MathML."""
    return "".join(mathml.html(s.tree, lang) if isinstance(s, Math) else html.escape(s) for s in segments)


def _md_prose(text: str) -> str:
    """Words in Markdown, on one line: what Markdown would read as markup (and $, which would start math)
    escaped. Formulas go in $...$ as LaTeX (`text.latex`), which escapes a name for both."""
    return re.sub(r"([\\`*_\[\]<>#|$~&!])", r"\\\1", visible(text))


def code(text: str) -> str:
    """`text` as a Markdown code span, on one line: fenced by more backticks than any run inside it."""
    text = visible(text)
    fence = "`" * (1 + max(map(len, re.findall("`+", text)), default=0))
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def plain(segments: list) -> str:
    """Segments as Unicode text."""
    return "".join(segments)
