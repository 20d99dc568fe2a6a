"""stepper_html: a self-contained page; the browser test walks it in Debian's chromium via playwright."""

from __future__ import annotations

import errno
import json
import re
from pathlib import Path

import pytest

import autograd
from autograd import Value, backward_steps, stepper_html, topological_order
from autograd.examples import textbook_network
from autograd.teach.names import fmt
from tests.filesystem import refuse_new_files_in
from tests.test_teach_trace import TEXTBOOK

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def page_data(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="chainrule-data">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


def test_page_is_self_contained():
    loss, _ = textbook_network()
    page = stepper_html(loss).html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert page.count("<script") == 2 and "<svg" in page and "<style>" in page


def test_embedded_steps_are_the_engines():
    loss, named = textbook_network()
    stepper = stepper_html(loss)
    data, steps = page_data(stepper.html), stepper.steps
    assert len(data["steps"]) == len(steps) == len(backward_steps(loss))
    for shown, step in zip(data["steps"], stepper.steps):
        assert float(shown["after_exact"]) == step.parent_grad_after
        assert shown["after"] == fmt(step.parent_grad_after) and shown["formula"] == step.formula
    last = {s["parent"]: float(s["after_exact"]) for s in data["steps"]}
    ids = {node: f"v{i}" for i, node in enumerate(topological_order(loss))}
    for name, figure in TEXTBOOK.items():
        assert last[ids[named[name]]] == named[name].grad == pytest.approx(figure)


def test_labels_are_escaped_and_json_cannot_close_its_script():
    x = Value(1.0, "</script><script>alert(1)</script>")
    y = x * 2.0
    page = stepper_html(y).html
    assert page.count("<script") == 2 and "alert(1)</script>" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page  # the table and the SVG show it as text
    words = page_data(page)["steps"][0]["words_html"]
    assert "<script>" not in words and "&lt;script&gt;alert(1)" in words


def test_jupyter_display_and_save(tmp_path):
    stepper = stepper_html(Value(2.0, "a") * 3.0, path=tmp_path / "s.html")
    assert (tmp_path / "s.html").read_text(encoding="utf-8") == stepper.html
    frame = stepper._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and "&lt;!DOCTYPE html&gt;" in frame and "<svg" not in frame
    assert stepper.save(tmp_path / "t.html").read_text(encoding="utf-8") == stepper.html


def test_chinese_page():
    loss, _ = textbook_network()
    page = stepper_html(loss, lang="zh").html
    assert '<html lang="zh-CN">' in page and "下一步" in page and "上一步" in page
    assert "链式法则" in page_data(page)["steps"][0]["words_html"]


def test_bad_arguments(tmp_path, monkeypatch):
    with pytest.raises(TypeError, match="stepper_html: expected a Value"):
        stepper_html(1.0)
    with pytest.raises(ValueError, match="stepper_html: unknown lang"):
        stepper_html(Value(1.0), lang="xx")
    with pytest.raises(ValueError, match="more than max_nodes=5"):
        stepper_html(textbook_network()[0], max_nodes=5)
    with pytest.raises(ValueError, match="interval_ms"):
        stepper_html(Value(1.0), interval_ms=0)
    refuse_new_files_in(monkeypatch, tmp_path, errno.EACCES)
    with pytest.raises(PermissionError, match="Stepper.save: cannot write"):
        stepper_html(Value(1.0)).save(tmp_path / "s.html")


# The real browser ---------------------------------------------------------------------------


@pytest.fixture
def browser_page():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 900})
        page.problems = []
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: None if r.url.startswith(("file:", "data:")) else page.problems.append(r.url))
        yield page
        browser.close()


def shown_grad(page, node_id: str) -> tuple:
    """The gradient the table shows for a node: its text and its exact value (data-grad)."""
    cell = page.locator(f'#grads tr[data-node="{node_id}"] td.grad')
    return cell.inner_text(), cell.get_attribute("data-grad")


@pytest.mark.browser
def test_browser_walks_every_step(browser_page, tmp_path):
    page = browser_page
    loss, named = textbook_network()
    stepper = stepper_html(loss, path=tmp_path / "stepper.html", interval_ms=100)
    data = page_data(stepper.html)
    page.goto((tmp_path / "stepper.html").as_uri())
    assert page.get_attribute("body", "data-step") == "0"
    assert shown_grad(page, data["root"])[0] == "1"
    for number, (step, shown) in enumerate(zip(stepper.steps, data["steps"]), start=1):
        page.click("#next")
        assert page.get_attribute("body", "data-step") == str(number)
        text, exact = shown_grad(page, shown["parent"])
        assert text == fmt(step.parent_grad_after) and float(exact) == step.parent_grad_after
        assert page.locator(f"#{shown['parent']} text").last.text_content() == f"grad {fmt(step.parent_grad_after, 4)}"
        assert "current" in page.get_attribute(f"#{shown['edge']}", "class")
        assert page.inner_text("#formula") == step.formula
    assert page.is_disabled("#next")
    ids = {node: f"v{i}" for i, node in enumerate(topological_order(loss))}
    for name, node in named.items():
        assert float(shown_grad(page, ids[node])[1]) == node.grad
        if name in TEXTBOOK:
            assert float(shown_grad(page, ids[node])[0]) == pytest.approx(TEXTBOOK[name], rel=1e-6)
    page.screenshot(path=str(tmp_path / "stepper.png"), full_page=True)
    assert (tmp_path / "stepper.png").read_bytes().startswith(b"\x89PNG")
    assert page.problems == []


@pytest.mark.browser
def test_browser_previous_keys_and_play(browser_page, tmp_path):
    page = browser_page
    loss, _ = textbook_network()
    stepper = stepper_html(loss, lang="zh", path=tmp_path / "s.html", interval_ms=100)
    total, last = len(stepper.steps), page_data(stepper.html)["steps"][-1]
    page.goto((tmp_path / "s.html").as_uri())
    page.keyboard.press("End")
    assert page.get_attribute("body", "data-step") == str(total)
    assert page.inner_text("#counter") == f"第 {total} 步（共 {total} 步）"
    page.click("#prev")
    assert page.get_attribute("body", "data-step") == str(total - 1)
    assert shown_grad(page, last["parent"])[0] == "?"  # b_h1 gets its only gradient in the last step
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowRight")
    assert page.get_attribute("body", "data-step") == str(total - 2)
    page.keyboard.press("Home")
    assert page.get_attribute("body", "data-step") == "0" and page.is_disabled("#prev")
    page.click("#play")
    assert page.inner_text("#play") == "暂停"
    page.wait_for_function(f"document.body.dataset.step === '{total}'", timeout=20_000)
    assert page.inner_text("#play") == "播放"  # stops by itself at the end
    assert page.problems == []


SCRIPT = "</code><script>alert('x')</script>&amp;"


def _hostile_graph():
    x = Value(2.0, SCRIPT)
    w = Value(-0.5, '<img src=x onerror="alert(1)">')
    out = (x * w).tanh()
    out.label = SCRIPT
    return out


def _assert_escaped(page: str) -> None:
    assert "<script>alert(" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(" in page or "&amp;lt;script&amp;gt;alert(" in page or "\\u003cscript" in page


def test_the_stepper_page_escapes_labels_everywhere():
    page = autograd.stepper_html(_hostile_graph())
    _assert_escaped(page.html)
    _assert_escaped(page._repr_html_())
