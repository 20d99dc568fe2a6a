"""autograd.web, the playground's Python side, run here by CPython: the replies carry the engine's own
numbers (repr, to the last digit), the CLI's error messages, and one step per edge of backward."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import autograd.web as web
from autograd import backward_steps, topological_order
from autograd.parser import evaluate

# The README's expressions, then three of ours: a sigmoid neuron's loss, a shared node, a ReLU loss.
CASES = [
    ("tanh(x*w + b)", {"x": "2", "w": "-3", "b": "6.8813735870195432"}),
    ("log(1 + exp(-y*s))", {"y": "1", "s": "0.5"}),
    ("x**2 / (1 + x)", {"x": "2"}),
    ("-log(p)", {"p": "0.25"}),
    ("x*y + y", {"x": "2", "y": "3"}),
    ("x*x + x", {"x": "3"}),
    ("0.5*(0.5 - sigmoid(w1*x1 + w2*x2 + b))**2", {"w1": "0.1", "x1": "1", "w2": "0.2", "x2": "2", "b": "0.1"}),
    ("(a + a) + (a + a)", {"a": "1.5"}),
    ("(relu(w1*x1 + w2*x2 + b) - 2.5)**2", {"w1": "0.1", "x1": "2", "w2": "0.4", "x2": "3", "b": "0.1"}),
]


def ask(**request) -> dict:
    return json.loads(web.handle(json.dumps({"id": 7, **request})))


def run(expression: str, values: dict, lang: str = "en") -> dict:
    reply = ask(mode="trace", action="run", expression=expression, values=values, lang=lang)
    assert reply["ok"], reply
    assert reply["id"] == 7 and reply["protocol"] == web.PROTOCOL
    return reply["result"]


def engine(expression: str, values: dict):
    """The same expression on the engine directly, the root named as the CLI names it: (root, leaves, steps)."""
    root, leaves = evaluate(expression, {name: float(text) for name, text in values.items()})
    root.label = root.label or next(name for name in ("f", "out", "result", "root") if name not in leaves)
    return root, leaves, backward_steps(root)


@pytest.mark.parametrize(("expression", "values"), CASES)
def test_every_number_is_the_engines_to_the_last_digit(expression, values):
    result = run(expression, values)
    root, leaves, steps = engine(expression, values)
    assert result["gradients"] == {name: repr(leaf.grad) for name, leaf in leaves.items()}
    assert result["output"]["data"] == repr(root.data)
    order = topological_order(root)
    assert [node["data"] for node in result["nodes"]] == [repr(node.data) for node in order]
    assert [node["grad"] for node in result["nodes"]] == [repr(node.grad) for node in order]
    assert len(result["steps"]) == len(steps)
    for got, step in zip(result["steps"], steps):
        assert (got["formula"], got["rule"]) == (step.formula, step.rule)
        assert (got["upstream"], got["local"], got["after"]) == tuple(
            repr(x) for x in (step.upstream, step.local, step.parent_grad_after)
        )
        assert got["child"] == f"v{step.child_index}" and got["parent"] == f"v{step.parent_index}"


def test_each_step_names_ids_that_are_in_the_graph():
    result = run("x*y + y", {"x": "2", "y": "3"})
    for step in result["steps"]:
        for key in ("child", "parent", "edge", "out"):
            assert f"id={step[key]} " in result["dot"] or f"id={step[key]}]" in result["dot"], (key, step[key])


def test_words_pair_each_step_with_its_own_edge_line():
    result = run("x*x + x", {"x": "3"})
    texts = ["".join(text for text, _ in step["words"]) for step in result["steps"]]
    assert all(text.startswith("to ") for text in texts)
    # x is reached three times; the later edges say that they add to what x already has.
    to_x = [text for text in texts if text.startswith("to x")]
    assert len(to_x) == 3 and "already got" in to_x[-1]
    assert all(any(formula for _, formula in step["words"]) for step in result["steps"])
    assert result["steps"][0]["upstream_line"][0][0].startswith("Backward starts here")


def test_chinese_words_come_from_the_engine():
    en, zh = run("x*y + y", {"x": "2", "y": "3"}), run("x*y + y", {"x": "2", "y": "3"}, lang="zh")
    assert [s["formula"] for s in en["steps"]] == [s["formula"] for s in zh["steps"]]
    words = "".join(text for step in zh["steps"] for text, _ in step["words"])
    assert "链式法则" in words and "局部导数" in words
    assert zh["lang"] == "zh"


# The CLI prints `chainrule: error: <message>`; the page shows <message>. Value fields have no --at.
BAD = [
    ("x +", {"x": "1"}, ["--at", "x=1"]),
    ("log(x)", {"x": "0"}, ["--at", "x=0"]),
    ("x*y", {"x": "1"}, ["--at", "x=1"]),
    ("__import__('os')", {}, []),
    ("x // 2", {"x": "1"}, ["--at", "x=1"]),
    ("x", {"x": "abc"}, ["--at", "x=abc"]),
    ("1/x", {"x": "0"}, ["--at", "x=0"]),
]


@pytest.mark.parametrize(("expression", "values", "at"), BAD)
def test_bad_input_gets_the_clis_one_line_message(expression, values, at):
    reply = ask(mode="trace", action="run", expression=expression, values=values)
    cli = subprocess.run([sys.executable, "-m", "autograd", "trace", expression, *at], capture_output=True, text=True)
    assert cli.returncode == 2
    message = cli.stderr.strip().removeprefix("chainrule: error: ").removeprefix("--at: ")
    assert reply["ok"] is False and reply["error"] == message
    assert "\n" not in reply["error"]
    if "column" in message:
        assert f"column {reply['column']}:" in message


def test_variables_come_in_order_of_first_use():
    assert ask(mode="trace", action="variables", expression="tanh(x*w + b) + w")["result"] == {
        "variables": ["x", "w", "b"]
    }
    assert ask(mode="trace", action="variables", expression="x +")["error"].startswith("in the expression 'x +'")


def test_a_graph_too_big_to_step_through_is_refused_in_one_line():
    expression = " + ".join(["x*x"] * 300)
    reply = ask(mode="trace", action="run", expression=expression, values={"x": "1"})
    nodes = len(topological_order(engine(expression, {"x": "1"})[0]))
    assert nodes > web.MAX_NODES
    assert reply["ok"] is False and reply["error"] == (
        f"the graph has {nodes} nodes; the playground steps through graphs of up to {web.MAX_NODES}"
    )


def test_unknown_modes_actions_and_languages_are_named():
    assert "the modes are engine, exercise, trace" in ask(mode="quiz", action="run")["error"]
    assert "unknown action 'jump'" in ask(mode="trace", action="jump")["error"]
    reply = ask(mode="trace", action="run", expression="x", values={"x": "1"}, lang="fr")
    assert "unknown language 'fr'" in reply["error"]


def test_a_new_mode_is_one_entry_in_the_table(monkeypatch):
    monkeypatch.setitem(web.MODES, "echo", {"back": lambda message: {"said": message["text"]}})
    assert ask(mode="echo", action="back", text="hi")["result"] == {"said": "hi"}
    assert "echo" in ask(mode="engine", action="hello")["result"]["modes"]


def test_a_constant_expression_still_shows_its_one_node():
    result = run("2*3", {})
    assert result["nodes"] and result["output"]["data"] == "6.0"
    assert result["steps"] == []  # 2 and 3 are constants: no backward step leads to them (issue 13)
    assert run("x", {"x": "4"})["steps"] == []


@pytest.mark.parametrize(("request_text", "error"), [
    ("{not json", "the request is not JSON"), ("[1, 2]", "the request must be a JSON object, got list"),
])  # fmt: skip
def test_a_malformed_request_gets_a_reply_not_a_crash(request_text, error):
    reply = json.loads(web.handle(request_text))
    assert reply["ok"] is False and reply["id"] is None and reply["error"].startswith(error)


# Exercise mode ("Your turn") --------------------------------------------------------------------


def flat(segments: list) -> str:
    return "".join(text for text, _ in segments)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_exercise_is_autograd_exercise_on_the_same_expression(lang):
    from autograd import exercise

    reply = ask(mode="exercise", action="new", expression="x*y + x", values={"x": "2", "y": "3"}, lang=lang)
    assert reply["ok"], reply
    result, same = reply["result"], exercise("x*y + x", at={"x": 2, "y": 3}, lang=lang)
    assert [b["name"] for b in result["blanks"]] == same.blanks == ["∂f/∂x", "∂f/∂y"]
    assert [[flat(h) for h in b["hints"]] for b in result["blanks"]] == [list(same.hints(n)) for n in same.blanks]
    assert flat(result["intro"]) == same.question()["intro"] and "grad" not in result["dot"].replace("no gradient", "")
    assert [flat(line) for line in result["given"]] == [str(line) for line in same.question()["given"]]
    assert result["score"]["text"] == same.words["score"].format(points=0, total=2)


def test_checking_gives_each_typed_answer_the_engines_verdict_and_the_score():
    request = {"mode": "exercise", "expression": "x*y + x", "values": {"x": "2", "y": "3"}, "hide": "grads"}
    reply = ask(action="check", answers={"df/dx": "3", "∂f/∂y": "2", "∂f/∂x ": ""}, **request)
    assert reply["ok"], reply
    verdicts = reply["result"]["verdicts"]
    assert set(verdicts) == {"∂f/∂x", "∂f/∂y"} and verdicts["∂f/∂y"]["correct"]
    wrong = verdicts["∂f/∂x"]
    assert wrong["mistake"] == "missing_path" and flat(wrong["message"]) == "∂f/∂x = 3: not right (a path is missing)."
    assert flat(wrong["hints"][0]) == "x is used 2 times, so ∂f/∂x adds up 2 paths; one is missing."
    assert reply["result"]["score"] == {"points": 1, "total": 2, "text": "Score: 1 of 2"}
    steps = ask(action="new", **{**request, "hide": "steps"})["result"]
    assert [b["name"] for b in steps["blanks"]] == ["∂f/∂n1", "∂(n1 + x)/∂x", "∂f/∂n1 · ∂n1/∂x", "∂f/∂x", "∂f/∂y"]


@pytest.mark.parametrize(
    ("request_", "error"),
    [
        ({"action": "new", "hide": "all"}, "unknown hide 'all'; choose one of grads, locals, upstream, steps"),
        ({"action": "check", "answers": ["3"]}, "answers must be an object {blank: text}"),
        ({"action": "check", "answers": {"df/dz": "1"}}, "no blank named 'df/dz'"),
        ({"action": "new", "expression": "x*"}, "in the expression 'x*', column 3"),
    ],
)
def test_bad_exercise_requests_get_one_line(request_, error):
    reply = ask(mode="exercise", **{"expression": "x*y + x", "values": {"x": "2", "y": "3"}, **request_})
    assert not reply["ok"] and error in reply["error"] and "\n" not in reply["error"]
