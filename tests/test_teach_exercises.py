"""Exercises: right answers pass, each classic mistake gets its own diagnosis, random numbers get none,
and the blanks, hints, score and autograder hook say what they should.

The simulated students (tests/students.py) make each mistake by breaking one edge of the graph and
running the engine's own backward, so the diagnosis is checked against the engine, not against itself.
"""

from __future__ import annotations

import math
import random
import warnings

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import autograd
from autograd import Value, exercise
from autograd.exercises import HIDES, MISTAKES, generate, preset
from autograd.teach.answers import read
from tests import students
from tests.strategies import ChainruleOps, build, recipes

LEVEL_HIDES = [(level, hide) for level in range(1, 6) for hide in HIDES if (level, hide) != (1, "upstream")]
exercises = st.builds(
    lambda pair, seed: generate(pair[0], seed, hide=pair[1]),
    st.sampled_from(LEVEL_HIDES),
    st.integers(0, 10**6),
)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def engine_gradient(ex, blank) -> float:
    """The blank's right answer from a plain backward() of the graph."""
    autograd.zero_grad(ex.root)
    ex.root.backward()
    value = students.answer(ex, blank)
    autograd.zero_grad(ex.root)
    return value


# Right answers ---------------------------------------------------------------------------------


@PROPERTY
@given(exercises, st.sampled_from(["float", "six", "three", "unicode"]))
def test_right_answers_always_pass(ex, spelling):
    def spelled(value):
        text = {"float": value, "six": f"{value:.6g}", "three": f"{value:#.3g}", "unicode": f"{value:.6g}"}[spelling]
        return text.replace("-", "\u2212") if spelling == "unicode" else text

    verdicts = ex.check({name: spelled(value) for name, value in ex.answers().items()})
    assert all(v.correct and v.mistake is None for v in verdicts.values()), verdicts
    assert ex.score() == (len(ex.blanks), len(ex.blanks))
    ex.assert_correct(ex.answers())


@PROPERTY
@given(exercises)
def test_every_answer_is_the_engines_gradient(ex):
    for name, value in ex.answers().items():
        assert value == pytest.approx(engine_gradient(ex, ex.blank(name)), rel=1e-12, abs=1e-15)


@settings(max_examples=40, deadline=None)
@given(recipes(max_steps=8), st.sampled_from(HIDES))
def test_an_exercise_on_any_graph_accepts_its_answers(recipe, hide):
    leaves, steps = recipe
    values = [Value(x, f"x{i}") for i, x in enumerate(leaves)]
    _, root = build(values, steps, ChainruleOps)
    assume(isinstance(root, Value) and root.parents and any(v.requires_grad for v in root.parents))
    try:
        ex = exercise(root, hide=hide)
    except ValueError as error:
        assume("nothing to ask" not in str(error))
        raise
    assert all(v.correct for v in ex.check(ex.answers()).values())
    for name in ex.blanks[:6]:
        assert ex.answers()[name] == pytest.approx(engine_gradient(ex, ex.blank(name)), rel=1e-9, abs=1e-12)


# Simulated students -----------------------------------------------------------------------------


def simulated(ex):
    """(blank name, mistake, its answer as typed, the diagnosis the issue's rule gives) for every blank."""
    for name in ex.blanks:
        blank = ex.blank(name)
        found = students.mistakes(ex, blank)
        for mistake in found:
            typed = students.typed(mistake.value)
            yield name, mistake, typed, students.expected(found, *read(typed))


@PROPERTY
@given(exercises)
def test_an_answer_made_with_a_mistake_gets_that_diagnosis(ex):
    for name, mistake, typed, expected in simulated(ex):
        verdict = ex.verdict(name, typed)
        if expected is None:  # typed to 6 figures, the mistake's number counts as the right one
            assert verdict.correct, (name, mistake)
            continue
        assert not verdict.correct and verdict.mistake == expected, (name, mistake, typed, verdict)
        if (mistake.depth, students.RANK.index(mistake.kind)) <= (0, 0) or expected == mistake.kind:
            assert verdict.mistake == mistake.kind


def test_each_kind_of_mistake_is_diagnosed_as_itself_many_times():
    counts = dict.fromkeys(MISTAKES, 0)
    for level, hide in LEVEL_HIDES:
        for seed in range(12):
            ex = generate(level, seed, hide=hide)
            for name, mistake, typed, expected in simulated(ex):
                if expected == mistake.kind and ex.verdict(name, typed).mistake == mistake.kind:
                    counts[mistake.kind] += 1
            for name, value in ex.answers().items():
                if abs(value) > 0.05 and not math.isclose(float(f"{value:.1g}"), value, rel_tol=0.02):
                    counts["rounding"] += ex.verdict(name, f"{value:.1g}").mistake == "rounding"
    assert min(counts.values()) >= 20, counts


@PROPERTY
@given(exercises, st.integers(0, 10**6))
def test_rounding_too_much_is_rounding(ex, pick):
    name = ex.blanks[pick % len(ex.blanks)]
    value = ex.answers()[name]
    rounded = f"{value:.2g}"
    found = students.mistakes(ex, ex.blank(name))
    assume(abs(value) > 1e-6)  # a gradient of ~1e-17 (a saturated tanh) is 0 within ATOL: any tiny answer is right
    assume(abs(float(rounded) - value) > 2e-3 * abs(value) and students.expected(found, *read(rounded)) is None)
    assert ex.verdict(name, rounded).mistake == "rounding"


@PROPERTY
@given(exercises, st.integers(0, 10**6), st.floats(-3.0, 3.0), st.sampled_from([-1.0, 1.0]))
def test_a_random_wrong_number_gets_no_diagnosis(ex, pick, exponent, sign):
    name = ex.blanks[pick % len(ex.blanks)]
    blank, number = ex.blank(name), sign * 10.0**exponent
    near = [blank.value, *(m.value for m in students.mistakes(ex, blank))]
    assume(all(abs(number - c) > 0.05 * abs(c) + 1e-6 for c in near))
    typed = students.typed(number)
    assume(typed not in {f"{blank.value:.1g}", f"{blank.value:.2g}"})  # -1 for -1.3 is a rounding, not random
    verdict = ex.verdict(name, typed)
    assert not verdict.correct and verdict.mistake is None


def test_random_numbers_are_rarely_diagnosed_at_all():
    rng, diagnosed, asked = random.Random(7), 0, 0
    for level, hide in LEVEL_HIDES:
        for seed in range(10):
            ex = generate(level, seed, hide=hide)
            for name in ex.blanks:
                for _ in range(4):
                    number = rng.choice((-1, 1)) * 10 ** rng.uniform(-3, 3)
                    diagnosed += ex.verdict(name, students.typed(number)).mistake is not None
                    asked += 1
    assert asked > 2000 and diagnosed / asked < 0.01, (diagnosed, asked)


# The priority between mistakes that give the same number ----------------------------------------


def test_the_nearest_mistake_wins_over_one_further_up():
    ex = preset("textbook_network")  # -0.804 is both dL/dh1... and dL/dw1 with the 2 of the square forgotten
    verdict = ex.verdict("dL/dw1", "-0.804")
    assert verdict.mistake == "missing_local" and verdict.at is None
    verdict = ex.verdict("dL/dw5", "-1.005")  # only the square's 2 forgotten, three steps up
    assert verdict.mistake == "wrong_rule" and verdict.at == "L"


def test_at_the_same_step_the_specific_mistake_wins_over_the_sign():
    ex = exercise("x - y", at={"x": 2, "y": 3})
    assert ex.verdict("df/dx", -1).mistake == "swapped_operands"  # d(x - y)/dx taken as d(y - x)/dx
    assert ex.verdict("df/dy", 1).mistake == "missing_local"  # the -1 left out (also a swap, also the sign)


def test_a_sign_error_is_named_at_the_blank_not_at_a_minus_further_up():
    x, w = Value(0.5, "x"), Value(-2.0, "w")
    f = -(x * w).tanh()
    f.label = "f"
    ex = exercise(f)
    verdict = ex.verdict("df/dw", -ex.answers()["∂f/∂w"])
    assert verdict.mistake == "sign" and verdict.at is None


def test_relu_below_zero_passing_the_gradient_is_a_wrong_rule_not_a_missing_local():
    z = Value(-1.0, "z")
    f = (2.0 * z).relu() * 3.0
    f.label = "f"
    ex = exercise(f)
    assert ex.answers() == {"∂f/∂z": 0.0}
    verdict = ex.verdict("df/dz", 6)
    assert verdict.mistake == "wrong_rule" and "relu" in verdict.hints[0]


def test_rounding_is_only_the_last_resort():
    ex = preset("textbook_network")
    assert ex.verdict("dL/dw1", "-1.61").correct  # three figures
    assert ex.verdict("dL/dw1", "-1.6").mistake == "rounding"
    assert ex.verdict("dL/dw1", "1.6").mistake is None  # rounded and the sign wrong: no single mistake
    assert ex.verdict("dL/dw1", "-1.6079").correct


def test_a_forgotten_path_is_missing_path():
    ex = exercise("x*y + x", at={"x": 2, "y": 3})
    assert ex.answers()["∂f/∂x"] == 4.0
    assert ex.verdict("df/dx", 3).mistake == "missing_path"
    assert ex.verdict("df/dx", 1).mistake == "missing_path"
    assert "2 times" in ex.verdict("df/dx", 3).hints[0]


def test_the_wrong_rules_of_the_issue():
    x = Value(0.5, "x")
    cases = {
        "tanh": (x.tanh(), math.tanh(0.5)),  # tanh' = tanh
        "sigmoid": (x.sigmoid(), 1 / (1 + math.exp(-0.5))),  # σ' = σ
        "pow": (x**3, 0.5**2),  # d/dx x^3 without the 3
    }
    for name, (f, wrong) in cases.items():
        f.label = "f"
        verdict = exercise(f).verdict("df/dx", f"{wrong:.6g}")
        assert verdict.mistake == "wrong_rule", name


def test_swapped_operands_of_times_and_divide():
    ex = exercise("x * y", at={"x": 2, "y": 5})
    assert ex.verdict("df/dx", 2).mistake == "swapped_operands"
    ex = exercise("x / y", at={"x": 2, "y": 5})
    assert ex.verdict("df/dx", -5 / 4).mistake == "swapped_operands"  # d(y/x)/dx
    assert ex.verdict("df/dy", 1 / 2).mistake == "swapped_operands"  # d(y/x)/dy


# Answers as students type them -------------------------------------------------------------------


def test_numbers_are_read_as_typed():
    ex = exercise("x * y", at={"x": -1.5, "y": 0.001})
    assert ex.check({"df/dx": "1e-3", "df/dy": "−1.5"})["∂f/∂y"].correct
    for typed in ("-3/2", " - 1.5 ", "－１．５", "-1.50", "2*(-0.75)", "-1.5e0"):
        assert ex.verdict("df/dy", typed).correct, typed
    assert ex.verdict("df/dx", 0.001).correct


def test_bad_answers_get_a_message_naming_the_blank():
    ex = exercise("x * y", at={"x": 2, "y": 3})
    verdicts = ex.check({"df/dx": "abc", "df/dy": True})
    assert "∂f/∂x" in verdicts["∂f/∂x"].message and "'abc' is not a number" in verdicts["∂f/∂x"].message
    assert "not a number" in verdicts["∂f/∂y"].message
    assert verdicts["∂f/∂y"].value is None and not verdicts["∂f/∂y"]
    assert ex.check({"df/dx": 3})["∂f/∂y"].message == "∂f/∂y: no answer."
    assert "decimal point" in ex.verdict("df/dx", "3,0").message
    with pytest.raises(ValueError, match=r"no blank named 'df/dz'.*∂f/∂x, ∂f/∂y"):
        ex.check({"df/dz": 1})
    with pytest.raises(ValueError, match="answered twice"):
        ex.check({"df/dx": 3, "∂f/∂x": 3})
    with pytest.raises(TypeError, match="expected a dict"):
        ex.check([3, 2])


def test_blanks_are_found_by_their_name_in_ascii_and_by_the_node():
    x, y = Value(2.0, "x"), Value(3.0, "y")
    f = x * y
    ex = exercise(f)
    root = ex.names.name(f)  # unlabelled: the auto-name the stepper and explain give it (n1)
    assert sorted(ex.blanks) == [f"∂{root}/∂x", f"∂{root}/∂y"]
    assert ex.check({x: 3, f"d {root} / d y": 2})[f"∂{root}/∂x"].correct
    ex = preset("textbook_network", hide="upstream")
    assert ex.blank("dL/dy_hat") is ex.blank("∂L/∂ŷ") and ex.blank("dL / dy_hat").kind == "grad"


# What an exercise shows and keeps ---------------------------------------------------------------


def test_the_chapters_examples_give_the_chapters_numbers():
    ex = preset("textbook_network")
    expected = {"w1": -1.608, "w2": -2.412, "w3": -0.804, "w4": -1.206, "w5": -2.01, "w6": -2.814}
    expected.update({"b_h1": -0.804, "b_h2": -0.402, "b_o": -1.34})
    assert ex.answers() == pytest.approx({f"∂L/∂{k}": v for k, v in expected.items()}, abs=1e-12)
    assert preset("sigmoid_neuron").answers() == pytest.approx(
        {"∂L/∂w1": 0.033324, "∂L/∂w2": 0.066648, "∂L/∂b": 0.033324}, abs=1e-6
    )


def test_an_exercise_leaves_the_gradients_as_they_were_and_no_warning_behind():
    loss, named = autograd.examples.textbook_network()
    exercise(loss)
    assert all(node.grad == 0.0 for node in autograd.topological_order(loss))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss.backward()  # the student's own first backward: not "called again"
    before = named["w1"].grad
    exercise(loss)
    assert named["w1"].grad == before == pytest.approx(-1.608)


def test_steps_go_in_backward_order_and_paths_add_up_to_the_gradient():
    x, y = Value(2.0, "x"), Value(3.0, "y")
    u = x * y
    f = u + x
    u.label, f.label = "u", "f"
    ex = exercise(f, hide="steps")
    assert ex.blanks == ["∂f/∂u", "∂(u + x)/∂x", "∂f/∂u · ∂u/∂x", "∂f/∂x", "∂f/∂y"]
    answers = ex.answers()
    assert answers["∂(u + x)/∂x"] + answers["∂f/∂u · ∂u/∂x"] == answers["∂f/∂x"] == 4.0
    assert ex.blank("df/du * du/dx") is ex.blank("∂f/∂u · ∂u/∂x")  # typed with * and d


def test_every_hide_asks_what_it_says():
    ex = preset("textbook_network", hide="upstream")
    error = ex.names.name(ex.root.parents[0])  # y_hat - 2.5, unlabelled in the chapter's example
    assert ex.blanks[:2] == [f"∂L/∂{error}", "∂L/∂ŷ"] and ex.answers()["∂L/∂ŷ"] == pytest.approx(-1.34)
    ex = preset("textbook_network", hide="locals")
    z_h1 = ex.names.name(ex.blank("dy_hat/dh1").node.parents[0])
    assert ex.answers()[f"∂{z_h1}/∂w1"] == 2.0 and ex.answers()["∂ŷ/∂h1"] == 0.6
    assert not any("x1" in name.split("/∂")[-1] for name in ex.blanks)  # inputs are data, not asked
    with pytest.raises(ValueError, match="hide must be one of grads, locals, upstream, steps"):
        exercise("x * y", at={"x": 1, "y": 2}, hide="everything")


def test_hints_go_from_a_nudge_to_the_worked_step_in_the_students_names():
    ex = preset("textbook_network")
    nudge, rule, worked = ex.hints("dL/dw1")
    assert "path" in nudge and "/∂w1 = x1" in rule and "relu" in rule
    assert worked.endswith("= -1.608") and "(-1.34) · 1 · 0.6 · 1 · 2" in worked
    assert ex.hint("dL/dw1", 3) == worked
    zh = preset("textbook_network", lang="zh")
    assert "路径" in zh.hint("dL/dw1", 1) and "完整算式" in zh.hint("dL/dw1", 3)
    nudge = zh.verdict("dL/dw1", "-0.804").hints[0]
    assert "局部导数" in nudge and "上游梯度" in nudge
    assert zh.verdict("dL/dw1", "-0.804").message == "∂L/∂w1 = -0.804：不对（漏乘了局部导数）。"


def test_a_slip_further_up_is_named_where_it_happened():
    ex = preset("sigmoid_neuron")
    a = 1 / (1 + math.exp(-0.6))
    verdict = ex.verdict("dL/dw1", (a - 0.5) * a)  # σ' taken as σ
    assert verdict.mistake == "wrong_rule" and verdict.at == "a"
    assert "sigmoid" in verdict.hints[0] and verdict.hints[1].startswith("At a = sigmoid(z): ∂a/∂z = a·(1 - a).")
    assert "0.228784" in verdict.hints[2]


def test_score_and_assert_correct_for_autograders():
    ex = preset("sigmoid_neuron")
    with pytest.raises(AssertionError) as raised:
        ex.assert_correct({"dL/dw1": "0.0333", "dL/dw2": "-0.0666", "dL/db": 0.0333})
    message = str(raised.value)
    assert "Score: 2 of 3" in message and "∂L/∂w2 = -0.0666: not right (sign error)." in message
    assert "The size is right but the sign is not" in message
    assert ex.score() == (2, 3)


def test_an_expression_needs_its_values_and_a_value_needs_none():
    ex = exercise("tanh(x*w + b)", at=["x=2", "w=-3", "b=6.8813735870195432"])
    assert ex.blanks == ["∂f/∂b", "∂f/∂x", "∂f/∂w"] or set(ex.blanks) == {"∂f/∂b", "∂f/∂x", "∂f/∂w"}
    with pytest.raises(ValueError, match="no value given for y"):
        exercise("x * y", at={"x": 1})
    with pytest.raises(ValueError, match="already has its values"):
        exercise(Value(1.0) * 2, at={"x": 1})
    with pytest.raises(ValueError, match="no backward pass"):
        exercise(Value(1.0, "x"))
    with pytest.raises(TypeError, match="expected a Value"):
        exercise(3.0)
    with pytest.raises(ValueError, match="unknown lang 'fr'"):
        exercise("x * 2", at={"x": 1}, lang="fr")


def test_count_picks_blanks_reproducibly():
    ex = exercise(preset("textbook_network").root, hide="steps")
    one = exercise(ex.root, hide="steps", count=4, seed=3)
    assert len(one.blanks) == 4 and one.blanks == exercise(ex.root, hide="steps", count=4, seed=3).blanks
    assert set(one.blanks) <= set(ex.blanks) and one.blanks == [b for b in ex.blanks if b in one.blanks]
