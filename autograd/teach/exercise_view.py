"""How an exercise shows itself: text, Markdown, the graph as SVG, and in Jupyter a widget.

The widget is made of ipywidgets' own controls (7.7, as on Colab, and 8), so it needs no front-end
extension in JupyterLab 4, Notebook 7, VS Code or Colab. Its state lives in `ExerciseModel`, which
needs no widget library and is what the tests drive. Where widgets cannot run (GitHub, nbviewer, a
static export) the same output carries the question as HTML, Markdown and SVG.

Formulas are written as the classroom's views write them: Unicode text in a terminal, $LaTeX$ in
Markdown, MathML in HTML. The picture is drawn by the public `autograd.draw` (the renderer sits
above the teaching layer), which names every node as the blanks do.
"""

from __future__ import annotations

import base64
import html
import sys

from . import mathml
from .hints import Line
from .hints import text as say
from .report import markdown as md
from .report import to_html
from .text import latex, visible


def text(ex) -> str:
    """The question as plain text, for a terminal."""
    q, w = ex.question(), ex.words
    lines = [visible(q["title"])] if q["title"] else []  # a title is user text: on one line
    lines += [q["intro"], "", w["given"], *[f"  {line}" for line in q["given"]], "", q["seed"], w["figures"], ""]
    lines += [w["asked"], *[f"  {blank} = ?" for blank in q["blanks"]]]
    return "\n".join(lines)


def markdown(ex, picture: str | None = None) -> str:
    """The question as Markdown, formulas as $LaTeX$; `picture` (an image address) goes above the blanks."""
    q, w, lang = ex.question(), ex.words, ex.lang
    out = [f"### {md([q['title']])}", ""] if q["title"] else []  # user text: escaped as words are
    out += [q["intro"].markdown(), "", f"**{w['given']}**", "", *[f"- {formula(line, lang)}" for line in q["given"]]]
    if picture:
        out += ["", f"![{w['picture']}]({picture})"]
    out += ["", q["seed"].markdown(), "", w["figures"], "", f"**{w['asked']}**", ""]
    out += [f"- {blank_markdown(ex, blank)} = ?" for blank in q["blanks"]]
    return "\n".join(out) + "\n"


def formula(line, lang: str = "en") -> str:
    """A formula line (a `Math`) as $LaTeX$."""
    return md([line], lang)


def blank_markdown(ex, name: str) -> str:
    """A blank's name in Markdown: $\\frac{\\partial L}{\\partial w_{1}}$."""
    return f"${latex(ex.blank(name).tree, ex.lang)}$"


def blank_html(ex, name: str) -> str:
    """A blank's name in HTML: one <math> element (its text, for screen readers and copying, in `title`)."""
    return f'<span title="{html.escape(name)}">{mathml.math(ex.blank(name).tree, ex.lang)}</span>'


def svg(ex) -> str:
    """The graph as SVG: every value shown, every gradient hidden, every node by the name the blanks use."""
    cached = getattr(ex, "_svg", None)
    if cached is None:
        import autograd  # the public name: rendering lives above the teaching layer

        cached = ex._svg = autograd.draw(ex.root, show_grad=False).pipe(format="svg").decode("utf-8")
    return cached


def data_uri(picture: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(picture.encode("utf-8")).decode("ascii")


def static(ex) -> dict:
    """The mime bundle that needs no widget: plain text, Markdown and HTML with the picture, the SVG alone."""
    data = {"text/plain": text(ex)}
    try:
        picture = svg(ex)
    except (RuntimeError, OSError):  # no `dot` program: the question still reads without its picture
        data["text/markdown"] = markdown(ex)
        return data
    uri = data_uri(picture)
    data["text/markdown"] = markdown(ex)  # the picture is in the SVG and the HTML: once more would double the notebook
    data["image/svg+xml"] = picture
    data["text/html"] = html_question(ex, uri)
    return data


def html_question(ex, uri: str) -> str:
    """The question as HTML: `html_head`, then the blanks."""
    blanks = "".join(f"<li>{blank_html(ex, blank)} = ?</li>" for blank in ex.blanks)
    return f'<div class="chainrule-exercise">{html_head(ex, uri)}<ul>{blanks}</ul></div>'


def html_given(ex) -> str:
    """The forward pass as a list of formulas (MathML)."""
    return "".join(f"<li>{to_html([line], ex.lang)}</li>" for line in ex.question()["given"])


def html_head(ex, uri: str) -> str:
    """Title, intro, picture, the forward pass and the seed: what the widget shows above its fields."""
    q, w, e = ex.question(), ex.words, html.escape
    parts = [f"<h4>{e(q['title'])}</h4>" if q["title"] else "", f"<p>{q['intro'].html()}</p>"]
    parts.append(f'<img src="{uri}" alt="{e(w["picture"])}" style="max-width:100%">')
    parts.append(f"<details><summary>{e(w['given'])}</summary><ul>{html_given(ex)}</ul></details>")
    parts.append(f"<p>{q['seed'].html()} {e(w['figures'])}</p>")
    return "".join(parts)


def in_kernel() -> bool:
    """True inside a Jupyter kernel, where a widget can be shown."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def bundle(ex) -> dict:
    """What Jupyter shows for an exercise: the widget where widgets run, the static question everywhere else."""
    data = static(ex)
    if in_kernel():
        try:
            view = widget(ex)
        except ImportError:
            return data
        data["application/vnd.jupyter.widget-view+json"] = view.view()
    return data


class ExerciseModel:
    """The widget's state, without a widget library: typed answers in; verdicts, hints and the score out."""

    def __init__(self, ex):
        self.ex = ex
        self.texts = dict.fromkeys(ex.blanks, "")
        self.levels = dict.fromkeys(ex.blanks, 0)  # hints shown so far, per blank
        self.verdicts: dict = {}

    def type(self, blank: str, typed: str) -> None:
        self.texts[blank] = typed

    def check(self) -> dict:
        """Mark every answered blank; unanswered ones get no verdict (and no point)."""
        self.verdicts = {b: self.ex.verdict(b, t) for b, t in self.texts.items() if t.strip()}
        for blank in self.verdicts:
            self.levels[blank] = 0  # a new answer: its hints start again, aimed at its mistake
        return self.verdicts

    def hint(self, blank: str) -> str:
        """The next hint of a blank (a nudge, the rule, the worked step), after its verdict's diagnosis."""
        self.levels[blank] = min(3, self.levels[blank] + 1)
        return self.hints(blank)[self.levels[blank] - 1]

    def hints(self, blank: str) -> tuple:
        verdict = self.verdicts.get(blank)
        return verdict.hints if verdict is not None else self.ex.hints(blank)

    def feedback(self, blank: str) -> str:
        """The HTML under a blank's field: its verdict, then the hints asked for."""
        verdict, parts = self.verdicts.get(blank), []
        if verdict is not None:
            colour = "#1a7f37" if verdict.correct else "#b42318"
            parts.append(f'<span style="color:{colour}">{as_html(verdict.message)}</span>')
        parts += [f"<div>{as_html(h)}</div>" for h in self.hints(blank)[: self.levels[blank]]]
        return f'<div style="line-height:1.45">{"".join(parts)}</div>' if parts else ""

    def score(self) -> str:
        points, total = self.ex.score()
        return say(self.ex.words["score"], points=str(points), total=str(total))


def as_html(line) -> str:
    """A message or hint in HTML: a Line's formulas as MathML, other text escaped."""
    return line.html() if isinstance(line, Line) else html.escape(str(line))


class ExerciseWidget:
    """The exercise as ipywidgets: the graph, per blank a field, a Hint button and its feedback; Check and the score."""

    def __init__(self, ex):
        import ipywidgets as widgets

        self.model, w = ExerciseModel(ex), ex.words
        self.fields, self.hint_buttons, self.feedback = {}, {}, {}
        rows = []
        for blank in ex.blanks:  # few widgets per row: a saved notebook keeps every widget's state
            field = widgets.Text(value="", placeholder=w["placeholder"], description=f"{blank} =",
                                 style={"description_width": "11em"}, layout=widgets.Layout(width="22em"))  # fmt: skip
            field.observe(lambda change, b=blank: self.model.type(b, change["new"]), names="value")
            button = widgets.Button(description=w["hint_button"], layout=widgets.Layout(width="auto", flex="0 0 auto"))
            button.on_click(lambda _, b=blank: self._hint(b))
            self.fields[blank], self.hint_buttons[blank] = field, button
            self.feedback[blank] = widgets.HTML(value="", layout=widgets.Layout(flex="1 1 auto", margin="0 0 0 1em"))
            rows.append(widgets.HBox([field, button, self.feedback[blank]]))
        self.check_button = widgets.Button(description=w["check_button"], button_style="primary")
        self.check_button.on_click(lambda _: self._check())
        self.score = widgets.HTML(value=self.model.score())
        head = widgets.HTML(value=f'<div class="chainrule-exercise">{html_head(ex, data_uri(svg(ex)))}</div>')
        self.box = widgets.VBox([head, *rows, widgets.HBox([self.check_button, self.score])])

    def _check(self) -> None:
        self.model.check()
        for blank, feedback in self.feedback.items():
            feedback.value = self.model.feedback(blank)
        self.score.value = self.model.score()

    def _hint(self, blank: str) -> None:
        self.model.hint(blank)
        self.feedback[blank].value = self.model.feedback(blank)

    def view(self) -> dict:
        """The widget-view reference Jupyter front ends (ipywidgets 7 and 8 alike) display."""
        return {"version_major": 2, "version_minor": 0, "model_id": self.box.model_id}

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {**static(self.model.ex), "application/vnd.jupyter.widget-view+json": self.view()}


def widget(ex) -> ExerciseWidget:
    """The exercise's widget (one per exercise; showing it twice shows the same one)."""
    made = getattr(ex, "_widget", None)
    if made is None:
        try:
            import ipywidgets  # noqa: F401
        except ImportError:
            raise ImportError("the exercise widget needs ipywidgets: pip install 'chainrule[notebook]'") from None
        made = ex._widget = ExerciseWidget(ex)
    return made
