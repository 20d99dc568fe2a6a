"""The worksheet and its answer key as PDF: reportlab lays out the pages, svglib turns each graph's
SVG into a reportlab drawing (the SVG -> PDF route of `render.backends.svg_to_pdf`, here with text
and page breaks around it).

Fonts are the ones reportlab ships, so the PDF is the same everywhere: Bitstream Vera for English
(it has ∂ and ·), the built-in STSong-Light CID font for Chinese. `invariant` drops the date and
the random document id, so the same sheet gives the same bytes.
"""

from __future__ import annotations

import io
import os
from html import escape

try:
    import reportlab
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from svglib.svglib import svg2rlg
except ImportError:  # the pdf extra is not installed: `documents` says how to get it
    reportlab = None

from ..render.backends import INSTALL_PDF
from .common import RunError
from .worksheet import number

PAGE_MARGIN = 50  # points


def fonts(lang: str) -> tuple[str, str]:
    """(text font, bold font), registered with reportlab for `lang`."""
    known = pdfmetrics.getRegisteredFontNames()
    if lang == "zh":
        if "STSong-Light" not in known:
            pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        return "STSong-Light", "STSong-Light"
    for name, file in (("ChainruleVera", "Vera.ttf"), ("ChainruleVera-Bold", "VeraBd.ttf")):
        if name not in known:
            pdfmetrics.registerFont(TTFont(name, os.path.join(os.path.dirname(reportlab.__file__), "fonts", file)))
    return "ChainruleVera", "ChainruleVera-Bold"


class Styles:
    """The paragraph styles of one language."""

    def __init__(self, lang: str):
        font, bold = fonts(lang)
        self.title = ParagraphStyle("title", fontName=bold, fontSize=17, leading=22, spaceAfter=8)
        self.heading = ParagraphStyle("heading", fontName=bold, fontSize=13, leading=17, spaceBefore=10, spaceAfter=4)
        self.body = ParagraphStyle("body", fontName=font, fontSize=10, leading=14, spaceAfter=4)
        self.small = ParagraphStyle("small", fontName=font, fontSize=8.5, leading=11, textColor=colors.HexColor("#444"))
        self.cell = ParagraphStyle("cell", fontName=font, fontSize=9.5, leading=12)


def picture(svg: str, width: float):
    """The graph's SVG as a reportlab drawing that fits `width` (and at most 300 pt high)."""
    drawing = svg2rlg(io.BytesIO(svg.encode("utf-8")))
    if drawing is None:
        raise RunError("worksheet: svglib could not read the SVG that Graphviz made")
    scale = min(1.0, width / drawing.width, 300.0 / drawing.height)
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    return drawing


def table(s: Styles, rows: list, widths: list) -> Table:
    cells = [[Paragraph(escape(str(c)), s.cell) for c in row] for row in rows]
    made = Table(cells, colWidths=widths, hAlign="LEFT")
    grid = colors.HexColor("#999999")
    made.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, grid), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("BOTTOMPADDING", (0, 1), (-1, -1), 9)]))  # fmt: skip
    return made


def document(title: str, story: list) -> bytes:
    buffer, margin = io.BytesIO(), PAGE_MARGIN
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, author="chainrule", invariant=1, leftMargin=margin,
                            rightMargin=margin, topMargin=margin, bottomMargin=margin)  # fmt: skip
    doc.build(story)
    return buffer.getvalue()


def documents(sheet) -> tuple[bytes, bytes]:
    """(the worksheet, the answer key) as PDF bytes."""
    if reportlab is None:
        raise RunError(f"worksheet: {INSTALL_PDF}")
    w, s = sheet.words, Styles(sheet.exercises[0].lang)
    width = A4[0] - 2 * PAGE_MARGIN
    story = [Paragraph(escape(sheet.title), s.title), Paragraph(escape(w["name"]), s.body)]
    story.append(Paragraph(escape(sheet.made), s.small))
    key = [Paragraph(escape(sheet.key_title), s.title), Paragraph(escape(sheet.made), s.small)]
    for k, ex in enumerate(sheet.exercises, start=1):
        q, heading = ex.question(), Paragraph(escape(w["exercise"].format(k=k)), s.heading)
        top = [heading, Paragraph(escape(q["intro"]), s.body), picture(ex.svg(), width)]
        rest = [Paragraph(f"<b>{escape(ex.words['given'])}</b>", s.body)]
        rest += [Paragraph(escape(line), s.body) for line in q["given"]]
        rest += [Paragraph(escape(f"{q['seed']} {ex.words['figures']}"), s.body), Spacer(1, 4)]
        rest.append(
            table(s, [[w["blank"], w["yours"]], *[[f"{b} =", ""] for b in ex.blanks]], [0.4 * width, 0.6 * width])
        )
        story += [KeepTogether([*top, *rest]), Spacer(1, 14)]  # an exercise never splits across two pages
        rows = [[b, number(v), ex.solution(b)] for b, v in ex.answers().items()]
        key += [
            heading,
            table(s, [[w["blank"], w["answer"], w["worked"]], *rows], [0.2 * width, 0.14 * width, 0.66 * width]),
        ]
    return document(sheet.title, story), document(sheet.key_title, key)
