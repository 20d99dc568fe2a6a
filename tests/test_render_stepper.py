"""stepper_html: a self-contained page; the browser tests walk it in Debian's chromium via playwright at a
projector's 1280x720 and at 1920x1080, measuring what a class would see (label heights, the current row)."""

from __future__ import annotations

import errno
import json
import re
from pathlib import Path

import pytest

import autograd
from autograd import Value, backward_steps, stepper_html, topological_order
from autograd.examples import textbook_network
from autograd.teach.names import NodeNames, fmt
from tests.filesystem import refuse_new_files_in
from tests.strategies import assert_escaped, hostile_graph
from tests.test_teach_trace import TEXTBOOK

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LABEL_HEIGHTS = "Array.from(document.querySelectorAll('#graph g.node text')).map(t => t.getBoundingClientRect().height)"


def page_data(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="chainrule-data">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


def test_page_is_self_contained():
    loss, _ = textbook_network()
    page = str(stepper_html(loss))
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page and "mathjax" not in page.lower()
    assert page.count("<script") == 2 and "<svg" in page and "<style>" in page


def test_str_is_the_page_and_save_writes_it(tmp_path):
    stepper = stepper_html(Value(2.0, "a") * 3.0, path=tmp_path / "s.html")
    assert str(stepper) == stepper.html and stepper.html.startswith("<!DOCTYPE html>")
    assert (tmp_path / "s.html").read_text(encoding="utf-8") == stepper.html
    assert stepper.save(tmp_path / "t.html").read_text(encoding="utf-8") == str(stepper)
    assert repr(stepper).startswith("<Stepper of 1 backward steps")


def test_embedded_steps_are_the_engines_and_their_formulas_are_mathml():
    loss, named = textbook_network()
    stepper = stepper_html(loss)
    data, steps = page_data(stepper.html), stepper.steps
    assert len(data["steps"]) == len(steps) == len(backward_steps(loss))
    for shown, step in zip(data["steps"], stepper.steps):
        assert float(shown["after_exact"]) == step.parent_grad_after
        assert shown["after"] == fmt(step.parent_grad_after) and shown["formula"] == step.formula
        assert shown["formula_html"].startswith("<math>") and "∂" in shown["formula_html"]
    last = {s["parent"]: float(s["after_exact"]) for s in data["steps"]}
    ids = {node: f"v{i}" for i, node in enumerate(topological_order(loss))}
    for name, figure in TEXTBOOK.items():
        assert last[ids[named[name]]] == named[name].grad == pytest.approx(figure)
    w5 = next(s for s, step in zip(data["steps"], steps) if step.parent is named["w5"])
    assert "<msub><mi>w</mi><mn>5</mn></msub>" in w5["local_html"] and "ŷ" in w5["upstream_html"]
    assert next(s.rule_named for s in steps if s.parent is named["w5"]) == "∂(w5·h1 + w6·h2 + b_o)/∂w5 = h1"


def test_the_table_lists_inputs_and_parameters_first_and_no_constant():
    loss, named = textbook_network()
    page = stepper_html(loss).html
    names = NodeNames(loss)
    rows = re.findall(r'<tr data-node="(v\d+)" class="(\w+)"><td>([^<]*)</td>', page)
    labels = [label for _, _, label in rows]
    assert labels[:11] == ["x1", "x2", "w1", "w2", "b_h1", "w3", "w4", "b_h2", "w5", "w6", "b_o"]
    assert labels[11] == "L" and "y" not in labels and "2.5" not in labels
    assert {role for _, role, label in rows[:2]} == {"input"} and rows[2][1] == "parameter"
    assert len(rows) == sum(1 for n in names.order if n.requires_grad)


def test_labels_are_escaped_and_json_cannot_close_its_script():
    x = Value(1.0, "</script><script>alert(1)</script>")
    y = x * 2.0
    page = stepper_html(y).html
    assert page.count("<script") == 2 and "alert(1)</script>" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page  # the table and the SVG show it as text
    words = page_data(page)["steps"][0]["words_html"]
    assert "<script>" not in words and "&lt;script&gt;alert(1)" in words


def test_a_notebook_gets_the_page_and_a_static_copy_for_viewers_without_scripts():
    loss, _ = textbook_network()
    stepper = stepper_html(loss)
    bundle = stepper._repr_mimebundle_()
    assert set(bundle) == {"text/html", "image/svg+xml", "text/markdown", "text/plain"}
    assert bundle["image/svg+xml"].startswith("<svg") and "grad &#45;2.01" in bundle["image/svg+xml"]
    assert r"$\frac{\partial L}{\partial w_{5}}" in bundle["text/markdown"]
    frame = bundle["text/html"]
    assert frame == stepper._repr_html_()
    assert '<iframe srcdoc="' in frame and "&lt;!DOCTYPE html&gt;" in frame
    static = frame.split('<div class="chainrule-static">')[1]
    assert static.startswith("<svg") and "grad &#45;2.01" in static  # the picture survives a sanitiser
    assert frame.count("<script>") == 1 and ".chainrule-static" in frame  # the script only hides that copy


def test_chinese_page():
    loss, _ = textbook_network()
    page = stepper_html(loss, lang="zh").html
    assert '<html lang="zh-CN">' in page and "下一步" in page and "上一步" in page and "目前为止的梯度" in page
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


def test_the_stepper_page_escapes_labels_everywhere():
    page = autograd.stepper_html(hostile_graph())
    assert_escaped(page.html)
    assert_escaped(page._repr_html_())
    assert "<script>" not in page.markdown and "<img" not in page.markdown


# The real browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser):
    """open_page(path, width, height, scripts=True) -> a page that records errors and any network request."""
    contexts = []

    def opener(path, width=1280, height=720, scripts=True):
        context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=scripts)
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
        page.on(
            "request", lambda r: None if r.url.startswith(("file:", "data:", "about:")) else page.problems.append(r.url)
        )
        page.goto(Path(path).as_uri())
        return page

    yield opener
    for context in contexts:
        context.close()


def shown_grad(page, node_id: str) -> tuple:
    """The gradient the table shows for a node: its text and its exact value (data-grad)."""
    cell = page.locator(f'#grads tr[data-node="{node_id}"] td.grad')
    return cell.inner_text(), cell.get_attribute("data-grad")


def row_visible(page, node_id: str) -> bool:
    """Whether the table row lies wholly inside the table's scrolled box (and that box inside the window)."""
    return page.evaluate(
        """id => {
            const row = document.querySelector(`#grads tr[data-node="${id}"]`).getBoundingClientRect();
            const box = document.getElementById("table").getBoundingClientRect();
            const head = document.querySelector("#grads th").getBoundingClientRect();
            return row.top >= head.bottom - 0.5 && row.bottom <= box.bottom + 0.5 && box.bottom <= innerHeight + 0.5
                   && row.height > 0;  // below the sticky header, above the box's bottom, on screen
        }""",
        node_id,
    )


@pytest.mark.browser
def test_browser_walks_every_step_with_the_current_row_in_view(open_page, tmp_path):
    loss, named = textbook_network()
    stepper = stepper_html(loss, path=tmp_path / "stepper.html", interval_ms=100)
    data = page_data(stepper.html)
    page = open_page(tmp_path / "stepper.html", 1280, 720)
    assert page.get_attribute("body", "data-step") == "0"
    assert shown_grad(page, data["root"])[0] == "1" and row_visible(page, data["root"])
    for number, (step, shown) in enumerate(zip(stepper.steps, data["steps"]), start=1):
        page.click("#next")
        assert page.get_attribute("body", "data-step") == str(number)
        text, exact = shown_grad(page, shown["parent"])
        assert text == fmt(step.parent_grad_after) and float(exact) == step.parent_grad_after
        assert row_visible(page, shown["parent"]), f"step {number}: the row of {step.parent_name} is out of view"
        node = page.locator(f"#{shown['parent']} text").last.text_content()
        assert node == f"grad {fmt(step.parent_grad_after, 4)}"
        assert "current" in page.get_attribute(f"#{shown['edge']}", "class")
        assert page.get_attribute("#formula", "data-text") == step.formula
        assert page.locator("#formula math").count() >= 1
    assert page.is_disabled("#next")
    ids = {node: f"v{i}" for i, node in enumerate(topological_order(loss))}
    for name, node in named.items():
        if node.requires_grad:
            assert float(shown_grad(page, ids[node])[1]) == node.grad
        if name in TEXTBOOK:
            assert float(shown_grad(page, ids[node])[0]) == pytest.approx(TEXTBOOK[name], rel=1e-6)
    assert page.locator("#grads tr", has_text="2.5").count() == 0  # the constant y has no row
    # the copies that start the folded picture's second row show the same gradients as their originals
    copies = page.evaluate(
        """() => Array.from(document.querySelectorAll('#graph g[id*="_again"]')).map(g => [g.id,
             Array.from(g.querySelectorAll("text")).pop().textContent])"""
    )
    assert len(copies) == 2
    for copy_id, text in copies:
        assert page.locator(f"#{copy_id.split('_again')[0]} text").last.text_content() == text != "grad ?"
    page.screenshot(path=str(tmp_path / "stepper.png"))
    assert (tmp_path / "stepper.png").read_bytes().startswith(b"\x89PNG")
    assert page.problems == []


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_every_label_of_the_textbook_graph_is_legible_on_a_projector(open_page, tmp_path, width, height):
    loss, _ = textbook_network()
    stepper_html(loss, path=tmp_path / "s.html")
    page = open_page(tmp_path / "s.html", width, height)
    heights = page.evaluate(LABEL_HEIGHTS)
    assert len(heights) > 40 and min(heights) >= 12, min(heights)
    # ... and the whole graph is on screen at once, not only legible after panning
    inside = page.evaluate(
        """() => { const g = document.querySelector("#graph svg").getBoundingClientRect();
                   const v = document.getElementById("graph").getBoundingClientRect();
                   return g.right <= v.right + 1 && g.bottom <= v.bottom + 1 && g.left >= v.left - 1; }"""
    )
    assert inside
    panel = page.evaluate("getComputedStyle(document.body).fontSize")
    assert float(panel.rstrip("px")) >= 16
    page.screenshot(path=str(tmp_path / f"stepper_{width}.png"))
    assert page.problems == []


@pytest.mark.browser
def test_browser_zoom_grows_the_graph_and_the_view_zooms_and_pans(open_page, tmp_path):
    loss, _ = textbook_network()
    stepper_html(loss, path=tmp_path / "s.html")
    page = open_page(tmp_path / "s.html", 1280, 720)
    before = min(page.evaluate(LABEL_HEIGHTS))
    # Ctrl + at 125% on a 1280x720 window: the page is 1024x576 CSS px at 1.25 device pixels each
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setDeviceMetricsOverride", {"width": 1024, "height": 576, "deviceScaleFactor": 1.25,
                                                    "mobile": False})  # fmt: skip
    page.wait_for_function("window.devicePixelRatio === 1.25")
    page.wait_for_timeout(100)
    after = min(page.evaluate(LABEL_HEIGHTS)) * 1.25  # in device pixels, what the room sees
    assert after >= 1.2 * before, (before, after)
    cdp.send("Emulation.clearDeviceMetricsOverride")
    page.wait_for_function("window.devicePixelRatio === 1")
    scale = float(page.get_attribute("body", "data-scale"))
    page.keyboard.press("+")
    assert float(page.get_attribute("body", "data-scale")) == pytest.approx(scale * 1.25, rel=1e-3)
    page.keyboard.press("-")
    page.keyboard.press("-")
    assert float(page.get_attribute("body", "data-scale")) < scale
    page.keyboard.press("+")
    page.keyboard.press("+")
    page.keyboard.press("+")
    box = page.locator("#graph").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    zoomed = float(page.get_attribute("body", "data-scale"))
    page.mouse.wheel(0, -200)
    page.wait_for_function(f"parseFloat(document.body.dataset.scale) > {zoomed}")
    left = page.evaluate("document.getElementById('graph').scrollLeft")
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - 150, box["y"] + box["height"] / 2, steps=5)
    page.mouse.up()
    assert page.evaluate("document.getElementById('graph').scrollLeft") > left + 100  # dragged to the right part
    page.keyboard.press("0")
    assert float(page.get_attribute("body", "data-scale")) < zoomed
    assert page.problems == []


@pytest.mark.browser
def test_presentation_mode_and_tiny_graphs(open_page, tmp_path):
    loss, _ = textbook_network()
    stepper_html(loss, path=tmp_path / "s.html")
    page = open_page(tmp_path / "s.html", 1920, 1080)
    size = float(page.evaluate("getComputedStyle(document.body).fontSize").rstrip("px"))
    page.keyboard.press("f")
    assert "present" in page.get_attribute("body", "class")
    assert float(page.evaluate("getComputedStyle(document.body).fontSize").rstrip("px")) > size
    assert min(page.evaluate(LABEL_HEIGHTS)) >= 16
    page.keyboard.press("f")
    assert "present" not in (page.get_attribute("body", "class") or "")
    x = Value(2.0, "x")
    tiny = x * 3.0
    tiny.label = "f"
    stepper_html(tiny, path=tmp_path / "tiny.html")
    page = open_page(tmp_path / "tiny.html", 1920, 1080)
    heights = page.evaluate(LABEL_HEIGHTS)
    assert min(heights) >= 12 and max(heights) <= 32  # legible, and not blown up to fill the screen
    assert page.problems == []


@pytest.mark.browser
def test_browser_previous_keys_and_play(open_page, tmp_path):
    loss, _ = textbook_network()
    stepper = stepper_html(loss, lang="zh", path=tmp_path / "s.html", interval_ms=100)
    total, last = len(stepper.steps), page_data(stepper.html)["steps"][-1]
    page = open_page(tmp_path / "s.html", 1280, 720)
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


@pytest.mark.browser
def test_the_notebook_output_shows_a_picture_with_or_without_scripts(open_page, tmp_path):
    loss, _ = textbook_network()
    output = stepper_html(loss)._repr_html_()
    (tmp_path / "cell.html").write_text(f"<!DOCTYPE html><html><body>{output}</body></html>", encoding="utf-8")
    bare = open_page(tmp_path / "cell.html", 1280, 900, scripts=False)  # as GitHub or a sanitiser leaves it
    assert bare.locator(".chainrule-static svg").is_visible()
    live = open_page(tmp_path / "cell.html", 1280, 900)  # a trusted notebook: the page, no duplicate
    assert live.locator("iframe").is_visible() and not live.locator(".chainrule-static").is_visible()
    frame = live.frame_locator("iframe")
    frame.locator("#next").click()
    assert frame.locator("body").get_attribute("data-step") == "1"


def test_an_oversized_graph_is_refused_before_it_is_traced_and_keeps_every_gradient(monkeypatch):
    xs = [Value(float(i), f"x{i}") for i in range(3000)]
    root = autograd.sum(x * x for x in xs)  # 9,001 nodes
    root.backward()
    grads = [x.grad for x in xs]
    import autograd.render.stepper as page

    def traced(*args, **kwargs):
        raise AssertionError("the graph was traced before its size was checked")

    monkeypatch.setattr(page, "trace", traced)
    with pytest.raises(ValueError, match=r"^stepper_html: the graph has more than max_nodes=500 nodes"):
        stepper_html(root)
    assert [x.grad for x in xs] == grads and root.grad == 1.0  # a refusal resets nothing


def test_the_size_check_walks_at_most_max_nodes_plus_one_nodes():
    from autograd.teach.names import count

    root = autograd.sum(Value(float(i)) * 2.0 for i in range(5000))  # 15,001 nodes
    assert count(root, 10) == 11 and count(root, 20_000) == len(topological_order(root)) == 15_001
