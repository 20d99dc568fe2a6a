"""A small document of headed blocks that prints as text, Markdown (lecture notes) or HTML (Jupyter).

Lines are lists of segments: plain words (`str`) and formulas (`Math`), so Markdown can put the
formulas in code spans and HTML in `<code>`, while the terminal shows them as they are.
"""

from __future__ import annotations

import html
import re
import string


class Math(str):
    """A formula segment: `dL/dw1 = -1.608`."""


def say(template: str, **parts) -> list:
    """`template` with its {fields} filled in as formula segments."""
    segments = []
    for literal, field, _, _ in string.Formatter().parse(template):
        if literal:
            segments.append(literal)
        if field is not None:
            segments.append(Math(parts[field]))
    return segments


class Report:
    """A title and blocks; each block is a heading and (indent, segments) lines."""

    def __init__(self, title: list, blocks: list):
        self.title = title
        self.blocks = blocks  # [(heading segments, [(indent, segments), ...]), ...]

    def __str__(self) -> str:
        out = [_plain(self.title), "=" * len(_plain(self.title))]
        for heading, lines in self.blocks:
            out += ["", _plain(heading)] if heading else [""]
            out += ["  " * (1 + indent) + _plain(line) for indent, line in lines]
        return "\n".join(out)

    def to_markdown(self) -> str:
        """The document as Markdown, for lecture notes."""
        out = [f"### {_md(self.title)}"]
        for heading, lines in self.blocks:
            out += ["", f"**{_md(heading)}**", ""] if heading else [""]
            out += [f"{'  ' * indent}- {_md(line)}" for indent, line in lines]
        return "\n".join(out) + "\n"

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        parts = [f'<div class="chainrule-report"><h3>{_html(self.title)}</h3>']
        for heading, lines in self.blocks:
            parts.append((f"<p><b>{_html(heading)}</b></p>" if heading else "") + _html_list(lines))
        return "".join(parts) + "</div>"


def _plain(segments: list) -> str:
    return "".join(segments)


def _md(segments: list) -> str:
    return "".join(_code(s) if isinstance(s, Math) else re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", s) for s in segments)


def _code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _html(segments: list) -> str:
    return "".join(f"<code>{html.escape(s)}</code>" if isinstance(s, Math) else html.escape(s) for s in segments)


def _html_list(lines: list) -> str:
    """Nested <ul> lists from indented lines."""
    out, depth = [], -1
    for indent, line in lines:
        out.append("<ul>" * (indent - depth) + "</ul>" * (depth - indent) + f"<li>{_html(line)}</li>")
        depth = indent
    return "".join(out) + "</ul>" * (depth + 1)
