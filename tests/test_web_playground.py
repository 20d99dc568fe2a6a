"""The playground in a real browser: chainrule in Pyodide in a Web Worker, served from 127.0.0.1.

The page is built once per session (downloads cached in ~/.cache/chainrule-web, or
$CHAINRULE_WEB_CACHE) and loaded once per module. Speed is measured by `python web/measure.py`,
not asserted here. Screenshots go to $CHAINRULE_SCREENSHOTS (default: the session's temp folder).
"""

from __future__ import annotations

import functools
import http.server
import math
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from autograd import backward_steps, topological_order
from autograd.parser import evaluate
from tests.test_web_glue import CASES

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip
# tanh, sin and cos come from the browser's C library (musl), which can differ from glibc's in the last bit.
LIBM = re.compile(r"\b(tanh|sin|cos)\(")
READY = "['ready', 'error', 'failed'].includes(document.body.dataset.state)"
VALUES_SHOWN = """(v) => {
  const s = window.chainrulePlayground.state, now = document.body.dataset.state;
  const same = s.session && Object.entries(v).every(([k, x]) => s.session.values[k] === x);
  return now === 'error' || (now === 'ready' && same);
}"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The playground, built once per session: (folder, {file: bytes})."""
    from autograd.cli.playground import build_playground

    folder = tmp_path_factory.mktemp("playground")
    return folder, build_playground(folder)


@pytest.fixture(scope="session")
def site(built):
    """The built playground, served by a static server on 127.0.0.1: its base URL."""
    playwright = pytest.importorskip("playwright.sync_api")
    assert playwright
    if not Path(CHROMIUM).exists():
        pytest.skip("no chromium here")
    folder = built[0]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def requests():
    """Every URL any page of this module asked for (the workers' requests included)."""
    return []


@pytest.fixture(scope="module")
def open_page(browser, site, requests):
    """A page in a fresh context that records its requests, opened at `query` and loaded."""
    contexts = []

    def open_page(query: str = "", width: int = 1280, height: int = 720, wait: str = READY):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.on("request", lambda request: requests.append(request.url))
        contexts.append(context)
        page = context.new_page()
        page.bring_to_front()  # a page behind another has its timers throttled, the time limit's among them
        page.goto(site + query)
        page.wait_for_function(wait, timeout=60_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def page(open_page):
    page = open_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    yield page
    assert errors == []


def trace(page, expression: str, values: dict) -> None:
    """Type the expression, wait for its fields, fill them, submit, and wait for the engine's answer."""
    answered = page.evaluate("window.chainrulePlayground.state.answered")
    page.fill("#expression", expression)
    page.press("#expression", "Enter")
    page.wait_for_function("([e, n]) => window.chainrulePlayground.state.fieldsFor === e &&"
                           " window.chainrulePlayground.state.answered > n", arg=[expression, answered])  # fmt: skip
    if values:
        for name, text in values.items():
            page.fill(f"#values input[name='{name}']", text)
        answered = page.evaluate("window.chainrulePlayground.state.answered")
        page.click("#run")
        page.wait_for_function("(n) => window.chainrulePlayground.state.answered > n", arg=answered)
        # A field's change event also runs the expression: wait for the reply to all the values typed.
        expected = {name: _repr(text) for name, text in values.items()}
        if all(v is not None for v in expected.values()):
            page.wait_for_function(VALUES_SHOWN, arg=expected)


def _repr(text: str):
    try:
        return repr(float(text))
    except ValueError:
        return None


def table(page) -> dict:
    """{node name: (data, grad)} as the table shows them."""
    rows = page.eval_on_selector_all(
        "#grads tbody tr", "rows => rows.map(r => [...r.querySelectorAll('td')].map(c => c.textContent))"
    )
    return {name: (data, grad) for name, data, grad in rows}


def engine_table(expression: str, values: dict) -> dict:
    root, leaves = evaluate(expression, {name: float(text) for name, text in values.items()})
    root.label = root.label or next(name for name in ("f", "out", "result", "root") if name not in leaves)
    root.backward()
    return {node.label: (node.data, node.grad) for node in topological_order(root) if node.label}


def test_the_folder_holds_pyodides_core_and_two_pure_python_wheels(built):
    folder, files = built
    assert sorted(name for name in files if name.startswith("pyodide/")) == [
        "pyodide/pyodide-lock.json", "pyodide/pyodide.asm.mjs", "pyodide/pyodide.asm.wasm", "pyodide/pyodide.mjs",
        "pyodide/python_stdlib.zip",
    ]  # fmt: skip
    wheels = sorted(name for name in files if name.endswith(".whl"))
    assert [re.sub(r"-[^-]+-py3-none-any\.whl$", "", name) for name in wheels] == [
        "wheels/chainrule",
        "wheels/graphviz",
    ]
    assert not any("graphviz_pure" in name or "graphviz-pure" in name for name in files)  # a native program
    assert (folder / "wheels" / "manifest.json").read_text("utf-8").count(".whl") == 2
    assert sum(files.values()) < 20_000_000  # the core only: Pyodide's optional packages stay out


def test_the_page_loads_the_engine_in_the_browser(page):
    status = page.inner_text("#status")
    assert re.match(r"chainrule \S+ on Python 3\.\d+\.\d+, running in this tab \(Pyodide\)", status), status
    assert page.evaluate("window.chainrulePlayground.total()") == 5  # tanh(x*w + b): five edges
    assert page.inner_text("#counter") == "Step 0 of 5"


@pytest.mark.parametrize(("expression", "values"), CASES)
def test_gradients_are_the_engines(page, expression, values):
    trace(page, expression, values)
    page.keyboard.press("End")
    shown = table(page)
    expected = engine_table(expression, values)
    for name, (data, grad) in expected.items():
        got_data, got_grad = (float(x) for x in shown[name])
        if LIBM.search(expression):
            assert abs(got_data - data) <= 4 * math.ulp(data) and abs(got_grad - grad) <= 4 * math.ulp(grad), name
        else:
            assert shown[name] == (repr(data), repr(grad)), name  # to the last digit


def test_next_previous_play_and_keys_walk_backward(page):
    trace(page, "x*x + x", {"x": "3"})
    steps = backward_steps(_root("x*x + x", {"x": 3.0}))
    formulas = [step.formula for step in steps]
    assert page.inner_text("#counter") == f"Step 0 of {len(formulas)}"
    assert page.is_disabled("#prev")
    for n, formula in enumerate(formulas, start=1):
        page.click("#next")
        assert page.inner_text("#formula") == formula
        assert page.inner_text("#counter") == f"Step {n} of {len(formulas)}"
    assert page.is_disabled("#next")
    assert table(page)["x"][1] == "7.0"  # 2x + 1 at x = 3, summed over three edges
    page.click("#prev")
    assert table(page)["x"][1] == repr(steps[-2].parent_grad_after) == "4.0"  # 1 from +, then 3 from the first x of x*x
    assert page.inner_text("#formula") == formulas[-2]
    page.keyboard.press("Home")
    assert page.inner_text("#counter").startswith("Step 0")
    assert table(page)["x"][1] == "?"
    page.keyboard.press("ArrowRight")
    assert page.get_attribute("body", "data-step") == "1"
    page.click("#play")
    page.wait_for_function("document.body.dataset.step === '2'", timeout=5000)
    page.click("#play")  # pause
    assert page.inner_text("#play") == "Play"
    # The graph follows: the current edge is marked, and a node's box shows the gradient so far.
    edge = page.evaluate("window.chainrulePlayground.state.session.steps[1].edge")
    assert "current" in page.get_attribute(f"#graph g#{edge}", "class")


def _root(expression, values):
    root, leaves = evaluate(expression, values)
    root.label = "f"
    return root


def test_switching_language_keeps_the_step_and_speaks_chinese(page):
    trace(page, "x*y + y", {"x": "2", "y": "3"})
    page.click("#next")
    page.click("#next")
    english = page.inner_text("#words")
    page.click("#lang button[data-lang='zh']")
    page.wait_for_function("document.body.dataset.state === 'ready' && document.documentElement.lang === 'zh-CN'")
    page.wait_for_function("document.querySelector('#words').textContent.includes('链式法则')")
    assert page.inner_text("#next") == "下一步" and page.inner_text("#counter") == "第 2 步，共 4 步"
    assert "局部导数" in page.inner_text("#words") and page.inner_text("#words") != english
    assert "lang=zh" in page.url  # a link to this view opens it in Chinese
    page.click("#lang button[data-lang='en']")
    page.wait_for_function("document.querySelector('#words').textContent.startsWith('to ')")
    assert page.inner_text("#words") == english


def _cli_error(expression: str, at: list) -> str:
    done = subprocess.run([sys.executable, "-m", "autograd", "trace", expression, *at], capture_output=True, text=True)
    assert done.returncode == 2
    return done.stderr.strip().removeprefix("chainrule: error: ").removeprefix("--at: ")


def answered(page) -> int:
    return page.evaluate("window.chainrulePlayground.state.answered")


def test_your_turn_marks_answers_as_the_exercise_engine_does(page):
    from autograd import exercise

    trace(page, "x*y + x", {"x": "2", "y": "3"})
    n = answered(page)
    page.click("#exercise")
    page.wait_for_function("(n) => window.chainrulePlayground.state.answered > n", arg=n)
    assert page.get_attribute("body", "data-mode") == "exercise" and page.is_hidden("#step")
    assert not re.search(r"grad -?\d", page.inner_text("#graph"))  # the picture gives no answer away
    same = exercise("x*y + x", at={"x": 2, "y": 3})
    assert page.eval_on_selector_all("#quiz-blanks input", "xs => xs.map(x => x.name)") == same.blanks
    page.fill("#quiz-blanks input[name='∂f/∂x']", "3")  # one path only
    page.fill("#quiz-blanks input[name='∂f/∂y']", "2")
    n = answered(page)
    page.click("#quiz-check")
    page.wait_for_function("(n) => window.chainrulePlayground.state.answered > n", arg=n)
    wrong = same.verdict("df/dx", "3")
    row = ".blank[data-blank='∂f/∂x']"
    assert page.inner_text(f"{row} .verdict.wrong") == wrong.message and wrong.mistake == "missing_path"
    assert page.inner_text(f"{row} .hint") == wrong.hints[0]
    assert page.inner_text(".blank[data-blank='∂f/∂y'] .verdict.right") == same.verdict("df/dy", "2").message
    assert page.inner_text("#quiz-score") == "Score: 1 of 2"
    page.click(f"{row} .hint-button")
    assert page.locator(f"{row} .hint").nth(1).inner_text() == wrong.hints[1]
    page.click("#lang button[data-lang='zh']")  # the same answers, marked again in Chinese
    page.wait_for_function("() => document.querySelector('#quiz-score').textContent === '得分：1 / 2'")
    zh = exercise("x*y + x", at={"x": 2, "y": 3}, lang="zh").verdict("df/dx", "3")
    assert page.inner_text(f"{row} .verdict.wrong") == zh.message
    page.click("#lang button[data-lang='en']")
    page.wait_for_function("() => document.querySelector('#quiz-score').textContent === 'Score: 1 of 2'")
    n = answered(page)
    page.click("#run")  # back to tracing
    page.wait_for_function("(n) => window.chainrulePlayground.state.answered > n", arg=n)
    assert page.get_attribute("body", "data-mode") == "trace" and page.is_hidden("#quiz")
    assert page.inner_text("#counter") == f"Step 0 of {len(backward_steps(_root('x*y + x', {'x': 2.0, 'y': 3.0})))}"


@pytest.mark.parametrize(
    ("expression", "values", "at"),
    [("x +", {"x": "1"}, ["--at", "x=1"]), ("log(x)", {"x": "0"}, ["--at", "x=0"]),
     ("x // 2", {"x": "1"}, ["--at", "x=1"]), ("2*x", {"x": "abc"}, ["--at", "x=abc"])],
)  # fmt: skip
def test_bad_input_shows_the_clis_message_and_its_column(page, expression, values, at):
    trace(page, expression, values)
    assert page.get_attribute("body", "data-state") == "error"
    message = page.inner_text("#error-text")
    assert message == _cli_error(expression, at)
    column = re.search(r"column (\d+)", message)
    if column:  # a caret under the expression points at the column
        expression_line, caret = page.inner_text("#caret").split("\n")
        assert expression_line == expression and caret.index("^") == int(column.group(1)) - 1


def test_a_page_opened_on_a_link_shows_that_expression(open_page):
    page = open_page("?expr=x*y%2By&at=x=2,y=5&lang=zh")
    assert page.input_value("#expression") == "x*y+y"
    page.keyboard.press("End")
    assert table(page)["x"] == ("2.0", "5.0") and page.inner_text("#next") == "下一步"
    page.close()


def test_an_evaluation_over_the_time_limit_restarts_the_worker(open_page):
    # 1 ms: a trace takes longer, so the first one runs out of time.
    page = open_page("?limit=1", wait="['error', 'failed'].includes(document.body.dataset.state)")
    assert page.get_attribute("body", "data-state") == "error", page.inner_text("#status")
    assert (
        page.inner_text("#error-text")
        == "The engine took longer than 0.001 s on this input, so it was stopped and restarted."
    )
    # The new worker loads Python again, and then the status line shows the engine again.
    page.wait_for_function("window.chainrulePlayground.engine().up", timeout=60_000)
    assert page.evaluate("window.chainrulePlayground.engine().restarts") >= 1
    page.wait_for_function("document.querySelector('#status').textContent.startsWith('chainrule ')", timeout=5_000)
    page.close()


def test_screenshots_fit_the_window(open_page, tmp_path_factory):
    folder = Path(os.environ.get("CHAINRULE_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 720), (1920, 1080)):
        query = "?expr=(relu(w1*x1 %2B w2*x2 %2B b) - 2.5)**2&at=w1=0.1,x1=2,w2=0.4,x2=3,b=0.1"
        page = open_page(query, width, height, wait="document.body.dataset.state === 'ready'")
        for _ in range(4):
            page.click("#next")
        for lang in ("en", "zh"):
            if lang == "zh":
                page.click("#lang button[data-lang='zh']")
                page.wait_for_function("document.querySelector('#words').textContent.includes('链式法则')")
            path = folder / f"playground-{lang}-{width}x{height}.png"
            page.screenshot(path=str(path))
            assert path.stat().st_size > 20_000
            # Nothing spills sideways, and the graph, the step and the controls are all on screen.
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            for selector in ("#graph svg", "#formula", "#next", "#grads"):
                box = page.locator(selector).bounding_box()
                assert box and box["width"] > 0 and box["x"] + box["width"] <= width + 1, selector
                assert box["y"] < height, selector
        page.context.close()
    print(f"\nscreenshots: {folder}")


def test_every_request_stayed_on_the_pages_origin(site, requests):
    assert any(url.endswith("pyodide.asm.wasm") for url in requests)  # the listener saw the worker's requests
    assert any(url.endswith(".whl") for url in requests)
    strays = [url for url in requests if not url.startswith(site) and not url.startswith(("data:", "blob:"))]
    assert strays == []
