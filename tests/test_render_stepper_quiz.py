"""stepper_html(quiz=True): the student types each step before Next reveals it. The questions are the
exercise's (hide="steps"); the page marks answers offline, and in the real browser its verdicts, messages
and hints are the exercise engine's own, answer for answer."""

from __future__ import annotations

import html
import json
import re

import pytest

from autograd import Value, exercise, stepper_html
from autograd.examples import sigmoid_neuron, textbook_network
from autograd.exercises import MISTAKES, generate
from autograd.teach.exercise_view import as_html
from tests import students
from tests.test_render_stepper import browser, open_page, page_data  # noqa: F401  (the browser fixtures)


def reuse():
    x, y = Value(2.0, "x"), Value(3.0, "y")
    f = x * y + x
    f.label = "f"
    return f


def test_each_question_waits_at_the_step_that_completes_it():
    root = reuse()
    stepper = stepper_html(root, quiz=True)
    quiz, steps = page_data(stepper.html)["quiz"], stepper.steps
    ex = exercise(root, hide="steps")
    assert [q["name"] for q in quiz["questions"]] == ex.blanks
    asked = {int(k): [quiz["questions"][i]["name"] for i in v] for k, v in quiz["at"].items()}
    n1 = ex.names.name(root.parents[0])
    # step 0 is root -> n1 (∂f/∂n1 is final there), step 1 root -> x, step 2 n1 -> x (x's last path), 3 n1 -> y
    assert [(s.child_name, s.parent_name) for s in steps] == [("f", n1), ("f", "x"), (n1, "x"), (n1, "y")]
    assert asked == {0: [f"∂f/∂{n1}"], 1: [f"∂({n1} + x)/∂x"], 2: [f"∂f/∂{n1} · ∂{n1}/∂x", "∂f/∂x"], 3: ["∂f/∂y"]}
    values = {q["name"]: q["value"] for q in quiz["questions"]}
    assert values == ex.answers() and values["∂f/∂x"] == 4.0 and values["∂f/∂y"] == 2.0


def test_the_quiz_page_is_the_stepper_with_a_question_box_and_a_fallback_that_asks():
    loss, _ = textbook_network()
    plain, quiz = stepper_html(loss), stepper_html(loss, quiz=True, lang="zh")
    assert 'id="quiz"' not in plain.html and '"quiz"' not in plain.html
    assert 'id="quiz-answer"' in quiz.html and "检查" in quiz.html and "显示这一步" in quiz.html
    assert [s.formula for s in quiz.steps] != [] and len(quiz.steps) == len(plain.steps)
    assert not re.search(r">grad [-\d]", quiz.svg) and "-1.608" not in quiz.svg  # the static copy shows no answer
    assert "= ?" in quiz.markdown and "-1.608" not in quiz.markdown
    assert not re.search(r"https?://", re.sub(r'xmlns(:\w+)?="[^"]+"|<!DOCTYPE[^>]*>', "", quiz.html))
    with pytest.raises(ValueError, match="quiz must be True or False"):
        stepper_html(loss, quiz="yes")
    x = Value(0.5, "x")
    chain = x
    for _ in range(51):
        chain = chain * x  # 52 edges into x: more steps than anyone does by hand
    with pytest.raises(ValueError, match=r"quiz=True asks every step by hand, and this graph has \d+ backward steps"):
        stepper_html(chain, quiz=True)
    assert len(stepper_html(chain).steps) > 50  # without the quiz, the same graph steps as before


# The real browser ---------------------------------------------------------------------------


def answer(page, typed: str) -> None:
    page.fill("#quiz-answer", typed)
    page.click("#quiz-check")


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_browser_a_wrong_answer_is_diagnosed_a_right_one_advances_and_the_score_adds_up(open_page, tmp_path, lang):  # noqa: F811
    root = reuse()
    ex = exercise(root, hide="steps", lang=lang)
    stepper_html(root, quiz=True, lang=lang, path=tmp_path / "quiz.html")
    page = open_page(tmp_path / "quiz.html", 1280, 720)
    step = lambda: page.get_attribute("body", "data-step")  # noqa: E731
    assert step() == "0" and page.is_disabled("#next") and page.is_visible("#quiz-answer")
    page.keyboard.press("ArrowRight")
    assert step() == "0"  # Next waits for the answer
    answer(page, "1")  # ∂f/∂n1 = 1: right, and the step shows
    assert step() == "1" and page.locator("#quiz-feedback .right").count() == 1
    answer(page, "1")  # the root's own edge to x: 1
    assert step() == "2"
    product, total = ex.blanks[2], ex.blanks[3]
    assert page.get_attribute("#quiz-name span", "title") == product
    answer(page, "1")  # the upstream alone: the local derivative y = 3 is missing
    missing = ex.verdict(product, "1")
    assert missing.mistake == "missing_local" and step() == "2"
    assert page.inner_html("#quiz-feedback .wrong") == as_html(missing.message)
    assert page.inner_html("#quiz-feedback .hint") == as_html(missing.hints[0])
    assert ("local derivative" if lang == "en" else "局部导数") in page.inner_text("#quiz-feedback")
    answer(page, "3")
    assert step() == "2" and page.get_attribute("#quiz-name span", "title") == total  # the same step asks the sum
    answer(page, "3")  # one path only
    assert ex.verdict(total, "3").mistake == "missing_path"
    assert page.inner_html("#quiz-feedback .wrong") == as_html(ex.verdict(total, "3").message)
    page.click("#quiz-hint")
    assert page.locator("#quiz-feedback .hint").count() == 2
    page.click("#quiz-show")  # revealed: no point
    assert step() == "3"
    answer(page, "\u22122")  # Unicode minus: the sign is wrong
    assert page.locator("#quiz-feedback .wrong").count() == 1 and step() == "3"
    answer(page, "4/2")
    assert step() == "4" and page.is_disabled("#next") and page.is_hidden("#quiz-answer")
    assert "finished" in page.get_attribute("#quiz", "class")
    expected = ex.words["score"].format(points=4, total=5)
    assert page.inner_text("#quiz-score") == expected
    assert page.evaluate("window.chainruleQuiz.state().map(s => s.tries)") == [1, 1, 2, 1, 2]
    page.keyboard.press("Home")
    assert step() == "0" and page.inner_text("#quiz-score") == expected  # going back keeps the score
    page.keyboard.press("End")
    assert step() == "4"
    assert page.problems == []  # no error, and no request left the page


def typed_answers(ex, name: str) -> list:
    """What students type: right (in several forms), each mistake, roundings, random, not numbers, nothing."""
    blank = ex.blank(name)
    value = blank.value
    out = [students.typed(value), f"{value:.3g}", f"{value:.2g}", f"{value:.1g}", students.typed(-value)]
    out += [students.typed(m.value) for m in students.mistakes(ex, blank)]
    out += [f" {value!r} ", f"{value:.4e}", students.typed(value).replace("-", "\u2212"), f"2*({value}/2)"]
    out += ["7.77", "-0.123", "0", "-3/2", "(-1)**2", "1e-3", "abc", "1,5", "1e999", "it's", "", "  "]
    return out


@pytest.mark.browser
def test_browser_the_page_marks_every_answer_as_the_exercise_engine_does(open_page, tmp_path):  # noqa: F811
    roots = [("en", textbook_network()[0]), ("zh", sigmoid_neuron()[0]), ("en", reuse())]
    roots += [("en", generate(level, 3).root) for level in (1, 3, 4)] + [("zh", generate(5, 1).root)]
    seen = set()
    for k, (lang, root) in enumerate(roots):
        ex = exercise(root, hide="steps", lang=lang)
        stepper_html(root, quiz=True, lang=lang, path=tmp_path / f"quiz{k}.html")
        page = open_page(tmp_path / f"quiz{k}.html")
        asks = [(i, typed) for i, name in enumerate(ex.blanks) for typed in typed_answers(ex, name)]
        got = page.evaluate(
            "asks => asks.map(([i, t]) => { const v = window.chainruleQuiz.verdict(i, t);"
            " return [v.correct, v.mistake, v.message, v.hints]; })",
            asks,
        )
        for (i, typed), (correct, mistake, message, hints) in zip(asks, got):
            verdict = ex.verdict(ex.blanks[i], typed)
            where = f"{ex.blanks[i]} = {typed!r}"
            assert (correct, mistake) == (verdict.correct, verdict.mistake), where
            assert message == as_html(verdict.message), where
            assert hints == [as_html(h) for h in verdict.hints], where
            seen.add(verdict.mistake if verdict.value is not None or not typed.strip() else "not a number")
        assert page.problems == []
    assert set(MISTAKES) | {None, "not a number"} <= seen  # every diagnosis, right and wrong answers, non-numbers


def test_the_quiz_data_is_plain_json_with_the_answer_left_open():
    stepper = stepper_html(reuse(), quiz=True)
    quiz = page_data(stepper.html)["quiz"]
    assert json.loads(json.dumps(quiz)) == quiz
    right = quiz["strings"][quiz["questions"][0]["right"]]
    assert "\u2063ANSWER\u2063" in right and html.unescape(re.sub("<[^>]+>", "", right)).endswith(": right.")
