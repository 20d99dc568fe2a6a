"""The stepper's quiz mode: which step asks what, and everything the page needs to mark an answer offline.

The questions are the blanks of `exercise(root, hide="steps")`: each link's product (upstream gradient ·
local derivative) and each node's gradient once its last path is in. A question is asked before the
stepper step that completes it. The marking is the exercise's own: its slips (kind, value, distance),
its messages and hints are written here by the exercise engine, as HTML with the student's answer left
as `ANSWER`; the page's script only reads the typed number (as `answers.read` does), picks the slip it
fits (as `diagnose` does) and fills the answer in. `tests/test_render_stepper_quiz.py` checks in a real
browser that the page and `Exercise.verdict` agree.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from . import exercise_view
from .answers import ATOL, CLOSE, FIGURES, RTOL, AnswerError, read
from .diagnose import RANK, Slip
from .exercises import Exercise
from .hints import text

ANSWER = "\u2063ANSWER\u2063"  # where the page puts what the student typed (invisible separators around it)
TYPED = "\u2063TYPED\u2063"  # the same, in the message for an answer that is not a number
FIXED = "\u2063FIXED\u2063"  # a decimal comma's number written with a point


class _Strings:
    """HTML strings kept once each; questions refer to them by index (the hints repeat a lot)."""

    def __init__(self):
        self.items: list[str] = []
        self.index: dict[str, int] = {}

    def __call__(self, line) -> int:
        markup = exercise_view.as_html(line)
        if markup not in self.index:
            self.index[markup] = len(self.items)
            self.items.append(markup)
        return self.index[markup]


def quiz_data(root, steps: list, lang: str) -> tuple[dict, Exercise]:
    """({"questions": [...], "strings": [...], "at": {step index: [question indices]}, "words", "constants"},
    the exercise). `steps` are the stepper's traced steps (edges in backward order) of the same graph."""
    ex = Exercise(root, hide="steps", lang=lang)
    strings, questions, at = _Strings(), [], {}
    last_link, last_into = {}, {}
    for k, step in enumerate(steps):
        last_link[(step.child, step.parent)] = k
        last_into[step.parent] = k
    for name in ex.blanks:
        blank = ex.blank(name)
        k = last_into[blank.node] if blank.kind == "grad" else last_link[(blank.child, blank.node)]
        at.setdefault(k, []).append(len(questions))
        questions.append(_question(ex, blank, strings))
    w = ex.words
    words = {key: w[key] for key in ("score", "check_button", "hint_button", "show_button", "placeholder", "your_turn",
                                     "quiz_done")}  # fmt: skip
    data = {"questions": questions, "strings": strings.items, "at": at, "words": words, "constants": CONSTANTS}
    return data, ex


def _problems() -> dict:
    """answers.read's messages for an answer that is not a number, with the typed text left as TYPED
    (and, for a decimal comma, the number with a point as FIXED)."""
    out = {}
    for kind, sample, fixed in (("plain", "abc", None), ("comma", "12,5", "12.5"), ("infinite", "1e999", None)):
        try:
            read(sample)
        except AnswerError as error:
            message = str(error).replace(repr(sample), TYPED)
            out[kind] = message.replace(fixed, FIXED) if fixed else message
    return out


def _question(ex: Exercise, blank, strings: _Strings) -> dict:
    w, lang, hints = ex.words, ex.lang, ex._hints
    general = [strings(h) for h in hints.of(blank)]
    truth = blank.value
    visible = [s for s in ex._slips(blank) if abs(s.value - truth) > RTOL * abs(truth) + 1e-12]
    slips = []
    for slip in visible:
        message = text(w["wrong_kind"], lang, blank=blank.tree, answer=ANSWER, mistake=w["mistake"][slip.kind])
        slips.append(
            {
                "kind": slip.kind,
                "value": slip.value,
                "depth": slip.depth,
                "rank": RANK.index(slip.kind),
                "message": strings(message),
                "hints": [strings(h) for h in hints.of(blank, slip, ANSWER)],
            }
        )
    rounding = Slip("rounding", truth)
    return {
        "name": blank.name,
        "name_html": exercise_view.blank_html(ex, blank.name),
        "value": truth,
        "roundings": _roundings(truth),
        "slips": slips,
        "right": strings(text(w["right"], lang, blank=blank.tree, answer=ANSWER)),
        "wrong": strings(text(w["wrong"], lang, blank=blank.tree, answer=ANSWER)),
        "missing": strings(text(w["missing"], lang, blank=blank.tree)),
        "not_number": {
            kind: strings(text(w["not_number"], lang, blank=blank.tree, problem=problem))
            for kind, problem in _problems().items()
        },
        "hints": general,
        "rounding": {
            "message": strings(
                text(w["wrong_kind"], lang, blank=blank.tree, answer=ANSWER, mistake=w["mistake"]["rounding"])
            ),
            "hints": [strings(h) for h in hints.of(blank, rounding, ANSWER)],
        },
    }


def _roundings(target: float) -> dict:
    """{place exponent: the numbers `target` rounds to there, half up and half to even} for the places where
    `answers.rounds_to` can decide (below them `close` already counts the answer right)."""
    if target == 0.0 or not math.isfinite(target):
        return {}
    top = math.floor(math.log10(abs(target)))
    exact, out = Decimal(repr(target)), {}
    for e in range(top + 1, top - FIGURES - 1, -1):
        place = Decimal(1).scaleb(e)
        out[str(e)] = sorted({float(exact.quantize(place, rounding=way)) for way in (ROUND_HALF_UP, ROUND_HALF_EVEN)})
    return out


# answers.close's tolerances; FIGURE_STEP is computed here so the page uses the very same float
CONSTANTS = {"RTOL": RTOL, "ATOL": ATOL, "CLOSE": CLOSE, "FIGURE_STEP": 10.0 ** (1 - FIGURES)}
