// chainrule stepper: walks backward one edge per step over the data embedded in the page.
// State after `pos` steps is recomputed from the start, so Previous is exact and cheap for small graphs.
// The graph view: opens at a legible size (labels LEGIBLE px, never above LARGEST px), zooms with the
// wheel and + / -, pans by dragging, keeps the current step in view, and keeps its size in CSS px when
// the browser zooms (so Ctrl + enlarges it). F presents full screen with larger text.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chainrule-data").textContent);
  var words = data.words;
  var quiz = data.quiz ? window.chainruleQuiz : null;  // quiz mode: Next waits for the student's answer
  var pos = 0;
  var timer = null;
  var byId = function (id) { return document.getElementById(id); };
  var LEGIBLE = 12, LARGEST = 26, PRESENT_LEGIBLE = 16, STEP = 1.25;  // label font sizes, CSS px

  function gradients(upto) {
    // grads[node id] = [text, short text, exact value] of the gradient known after `upto` steps
    var grads = {};
    grads[data.root] = [data.seed[0], data.seed[1], data.seed[2]];
    for (var i = 0; i < upto; i++) {
      var s = data.steps[i];
      grads[s.parent] = [s.after, s.after_short, s.after_exact];
    }
    return grads;
  }

  function setClass(el, name, on) { if (el) { el.classList.toggle(name, on); } }

  function copies(id) {
    // a node and the copies that start later rows of a folded picture (ids v8_again1, ...)
    var found = [byId(id)];
    document.querySelectorAll('#graph g[id^="' + id + '_again"]').forEach(function (g) { found.push(g); });
    return found.filter(Boolean);
  }

  function drawGraph(grads, step) {
    data.nodes.forEach(function (node) {
      var known = grads.hasOwnProperty(node.id);
      copies(node.id).forEach(function (g) {
        var texts = g.querySelectorAll("text");
        texts[texts.length - 1].textContent = "grad " + (known ? grads[node.id][1] : "?");
        setClass(g, "pending", !known);
        setClass(g, "child", !!step && step.child === node.id);
        setClass(g, "parent", !!step && step.parent === node.id);
        setClass(g, "fresh", !!step && step.parent === node.id);
      });
      setClass(byId(node.op), "child", !!step && step.child === node.id);
    });
    var asked = quiz && quiz.limit() === pos ? pos : -1;  // the edge whose step the student is working out
    data.steps.forEach(function (s, i) {
      setClass(byId(s.edge), "asked", i === asked);
      setClass(byId(s.edge), "done", i < pos - 1);
      setClass(byId(s.edge), "current", i === pos - 1);
      setClass(byId(s.out), "done", i < pos - 1 && s.out !== (step && step.out));
      setClass(byId(s.out), "current", !!step && s.out === step.out);
    });
  }

  function drawTable(grads, step) {
    var current = null;
    data.nodes.forEach(function (node) {
      var row = document.querySelector('#grads tr[data-node="' + node.id + '"]');
      if (!row) { return; }
      var cell = row.querySelector("td.grad");
      var known = grads.hasOwnProperty(node.id);
      cell.textContent = known ? grads[node.id][0] : "?";
      cell.setAttribute("data-grad", known ? grads[node.id][2] : "");
      setClass(row, "pending", !known);
      setClass(row, "child", !!step && step.child === node.id);
      setClass(row, "parent", !!step && step.parent === node.id);
      if (step ? step.parent === node.id : node.id === data.root) { current = row; }
    });
    document.querySelectorAll("#grads tr.current").forEach(function (r) { r.classList.remove("current"); });
    if (current) { current.classList.add("current"); }
    return current;
  }

  function showRow(row) {
    // scroll the table (only the table, not the page) so the row is fully visible
    var box = byId("table");
    var r = row.getBoundingClientRect(), b = box.getBoundingClientRect();
    var head = box.querySelector("th") ? box.querySelector("th").getBoundingClientRect().height : 0;
    if (r.top < b.top + head) {
      box.scrollTop -= b.top + head - r.top + 4;  // above the view (or under the sticky header)
    } else if (r.bottom > b.top + box.clientHeight) {
      box.scrollTop += r.bottom - (b.top + box.clientHeight) + 4;
    }
  }

  function drawPanel(step) {
    byId("counter").textContent = words.counter.replace("{n}", pos).replace("{total}", data.steps.length);
    byId("step-node").innerHTML = step ? step.node_html : "";
    byId("upstream").innerHTML = step ? step.upstream_html : data.seed_html;
    byId("local").innerHTML = step ? step.local_html : "";
    byId("local").hidden = byId("local-label").hidden = !step;
    byId("formula").innerHTML = step ? step.formula_html : data.seed_html;
    byId("formula").setAttribute("data-text", step ? step.formula : data.seed_formula);
    byId("ready").innerHTML = step ? "" : words.ready_html;
    byId("ready").hidden = !!step;
    byId("words").innerHTML = step ? step.words_html : "";
    byId("rule-named").innerHTML = step ? step.rule_named_html : "";
    byId("rule-generic").innerHTML = step ? step.rule_generic_html : "";
    byId("rule").hidden = !step;
    byId("prev").disabled = pos === 0;
    byId("next").disabled = pos >= (quiz ? quiz.limit() : data.steps.length);
    document.body.setAttribute("data-step", String(pos));
  }

  function render() {
    var step = pos > 0 ? data.steps[pos - 1] : null;
    var grads = gradients(pos);
    drawGraph(grads, step);
    var row = drawTable(grads, step);
    drawPanel(step);  // the panel settles its height first, then the table scrolls within what is left
    if (row) { showRow(row); }
    follow(step);
    if (quiz) { quiz.render(); }
  }

  function go(n) {
    var last = quiz ? quiz.limit() : data.steps.length;
    pos = Math.max(0, Math.min(last, n));
    render();
    if (pos === last) { pause(); }
  }

  function play() {
    if (pos === data.steps.length) { go(0); }
    byId("play").textContent = words.pause;
    timer = window.setInterval(function () { go(pos + 1); }, data.interval);
  }

  function pause() {
    if (timer !== null) { window.clearInterval(timer); timer = null; }
    byId("play").textContent = words.play;
  }

  // The graph view --------------------------------------------------------------------------
  var view = byId("graph");
  var svg = view.querySelector("svg");
  var natural = { w: 1, h: 1, font: 18.67 };
  var scale = 1, ratio = window.devicePixelRatio || 1;

  function measure() {
    var box = svg.viewBox && svg.viewBox.baseVal;
    natural.w = box && box.width ? box.width * 4 / 3 : svg.getBBox().width;
    natural.h = box && box.height ? box.height * 4 / 3 : svg.getBBox().height;
    var sizes = [];
    svg.querySelectorAll("g.node.value text").forEach(function (t) {
      var size = parseFloat(t.getAttribute("font-size"));
      if (size) { sizes.push(size); }
    });
    sizes.sort(function (a, b) { return a - b; });
    natural.font = (sizes.length ? sizes[0] : 14) * 4 / 3;  // the smallest value label, in px at scale 1
  }

  function fitScale() {
    var w = view.clientWidth - 16, h = view.clientHeight - 16;
    return Math.max(0.05, Math.min(w / natural.w, h / natural.h));
  }

  function baseScale() {
    // the whole graph when its smallest label is legible that way; else legible, and the view pans
    var legible = (document.body.classList.contains("present") ? PRESENT_LEGIBLE : LEGIBLE) / natural.font;
    var largest = LARGEST / natural.font;
    return Math.min(Math.max(fitScale(), legible), Math.max(largest, legible));
  }

  function setScale(next, cx, cy) {
    // zoom about the point (cx, cy) of the view (its centre by default)
    cx = cx === undefined ? view.clientWidth / 2 : cx;
    cy = cy === undefined ? view.clientHeight / 2 : cy;
    var x = (view.scrollLeft + cx) / scale, y = (view.scrollTop + cy) / scale;
    scale = Math.max(0.05, Math.min(next, 8));
    svg.style.width = natural.w * scale + "px";
    svg.style.height = natural.h * scale + "px";
    view.scrollLeft = x * scale - cx;
    view.scrollTop = y * scale - cy;
    document.body.setAttribute("data-scale", scale.toFixed(3));
  }

  function follow(step) {
    // keep the current edge and its two nodes in view
    if (!step) { return; }
    var parts = [byId(step.edge), byId(step.child), byId(step.parent)].filter(Boolean);
    if (!parts.length) { return; }
    var frame = view.getBoundingClientRect();
    var left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
    parts.forEach(function (el) {
      var r = el.getBoundingClientRect();
      left = Math.min(left, r.left); top = Math.min(top, r.top);
      right = Math.max(right, r.right); bottom = Math.max(bottom, r.bottom);
    });
    var margin = 24;
    if (left < frame.left + margin || right > frame.right - margin) {
      view.scrollLeft += (left + right) / 2 - (frame.left + frame.right) / 2;
    }
    if (top < frame.top + margin || bottom > frame.bottom - margin) {
      view.scrollTop += (top + bottom) / 2 - (frame.top + frame.bottom) / 2;
    }
  }

  function zoomBy(factor) { setScale(scale * factor); }
  function fit() { setScale(Math.min(fitScale(), LARGEST / natural.font)); view.scrollLeft = 0; view.scrollTop = 0; }

  view.addEventListener("wheel", function (event) {
    if (event.ctrlKey || event.metaKey) { return; }  // the browser's own zoom
    event.preventDefault();
    var r = view.getBoundingClientRect();
    setScale(scale * Math.pow(STEP, -event.deltaY / 100), event.clientX - r.left, event.clientY - r.top);
  }, { passive: false });

  var drag = null;
  view.addEventListener("pointerdown", function (event) {
    drag = { x: event.clientX, y: event.clientY, left: view.scrollLeft, top: view.scrollTop, id: event.pointerId };
    view.classList.add("dragging");
  });
  view.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    if (drag.id !== undefined && view.setPointerCapture && !drag.captured) {
      try { view.setPointerCapture(drag.id); drag.captured = true; } catch (e) { drag.captured = true; }
    }
    view.scrollLeft = drag.left - (event.clientX - drag.x);
    view.scrollTop = drag.top - (event.clientY - drag.y);
  });
  ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
    view.addEventListener(name, function () { drag = null; view.classList.remove("dragging"); });
  });

  window.addEventListener("resize", function () {
    var now = window.devicePixelRatio || 1;
    if (Math.abs(now - ratio) > 0.001) {
      ratio = now;  // the browser zoomed: keep the graph's size in CSS px, so it grows with the page
      setScale(scale);
    } else {
      setScale(baseScale());
    }
    follow(pos > 0 ? data.steps[pos - 1] : null);
  });

  function present() {
    var on = !document.body.classList.contains("present");
    document.body.classList.toggle("present", on);
    var root = document.documentElement;
    try {
      if (on && root.requestFullscreen && !document.fullscreenElement) {
        var asked = root.requestFullscreen();
        if (asked && asked.catch) { asked.catch(function () {}); }
      } else if (!on && document.fullscreenElement && document.exitFullscreen) {
        document.exitFullscreen();
      }
    } catch (e) { /* full screen refused (an iframe without permission): the larger text still applies */ }
    setScale(baseScale());
    follow(pos > 0 ? data.steps[pos - 1] : null);
  }

  document.addEventListener("fullscreenchange", function () {
    if (!document.fullscreenElement && document.body.classList.contains("present")) {
      document.body.classList.remove("present");
      setScale(baseScale());
    }
  });

  byId("next").addEventListener("click", function () { pause(); go(pos + 1); });
  byId("prev").addEventListener("click", function () { pause(); go(pos - 1); });
  byId("play").addEventListener("click", function () { if (timer === null) { play(); } else { pause(); } });
  byId("zoom-in").addEventListener("click", function () { zoomBy(STEP); });
  byId("zoom-out").addEventListener("click", function () { zoomBy(1 / STEP); });
  byId("zoom-fit").addEventListener("click", fit);
  byId("present").addEventListener("click", present);
  document.addEventListener("keydown", function (event) {
    var keys = {
      ArrowRight: function () { pause(); go(pos + 1); },
      ArrowLeft: function () { pause(); go(pos - 1); },
      Home: function () { pause(); go(0); },
      End: function () { pause(); go(data.steps.length); },
      " ": function () { byId("play").click(); },
      "+": function () { zoomBy(STEP); },
      "=": function () { zoomBy(STEP); },
      "-": function () { zoomBy(1 / STEP); },
      "0": fit,
      f: present,
      F: present
    };
    var onButton = event.target && event.target.tagName === "BUTTON";
    if (event.key === " " && onButton) { return; }  // the browser clicks the focused button itself
    if (keys[event.key] && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      keys[event.key]();
    }
  });
  if (quiz) { quiz.attach({ go: go, position: function () { return pos; } }); }
  window.chainruleStepper = {
    go: go, position: function () { return pos; }, total: data.steps.length,
    scale: function () { return scale; }, zoom: setScale, fit: fit
  };
  measure();
  setScale(baseScale());
  view.scrollLeft = 0;
  view.scrollTop = 0;
  render();
})();
