// chainrule stepper: walks backward one edge per step over the data embedded in the page.
// State after `pos` steps is recomputed from the start, so Previous is exact and cheap for small graphs.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chainrule-data").textContent);
  var words = data.words;
  var pos = 0;
  var timer = null;
  var byId = function (id) { return document.getElementById(id); };

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

  function drawGraph(grads, step) {
    data.nodes.forEach(function (node) {
      var g = byId(node.id);
      if (!g) { return; }
      var texts = g.querySelectorAll("text");
      var known = grads.hasOwnProperty(node.id);
      texts[texts.length - 1].textContent = "grad " + (known ? grads[node.id][1] : "?");
      setClass(g, "pending", !known);
      setClass(g, "child", !!step && step.child === node.id);
      setClass(g, "parent", !!step && step.parent === node.id);
      setClass(g, "fresh", !!step && step.parent === node.id);
      setClass(byId(node.op), "child", !!step && step.child === node.id);
    });
    data.steps.forEach(function (s, i) {
      setClass(byId(s.edge), "done", i < pos - 1);
      setClass(byId(s.edge), "current", i === pos - 1);
      setClass(byId(s.out), "done", i < pos - 1 && s.out !== (step && step.out));
      setClass(byId(s.out), "current", !!step && s.out === step.out);
    });
  }

  function drawTable(grads, step) {
    data.nodes.forEach(function (node) {
      var row = document.querySelector('#grads tr[data-node="' + node.id + '"]');
      var cell = row.querySelector("td.grad");
      var known = grads.hasOwnProperty(node.id);
      cell.textContent = known ? grads[node.id][0] : "?";
      cell.setAttribute("data-grad", known ? grads[node.id][2] : "");
      setClass(row, "pending", !known);
      setClass(row, "child", !!step && step.child === node.id);
      setClass(row, "parent", !!step && step.parent === node.id);
    });
  }

  function drawPanel(step) {
    byId("counter").textContent = words.counter.replace("{n}", pos).replace("{total}", data.steps.length);
    byId("step-node").innerHTML = step ? step.node_html : "";
    byId("formula").textContent = step ? step.formula : data.seed_formula;
    byId("words").innerHTML = step ? step.words_html : words.ready_html;
    byId("rule").textContent = step ? step.rule : "";
    byId("prev").disabled = pos === 0;
    byId("next").disabled = pos === data.steps.length;
    document.body.setAttribute("data-step", String(pos));
  }

  function render() {
    var step = pos > 0 ? data.steps[pos - 1] : null;
    var grads = gradients(pos);
    drawGraph(grads, step);
    drawTable(grads, step);
    drawPanel(step);
  }

  function go(n) {
    pos = Math.max(0, Math.min(data.steps.length, n));
    render();
    if (pos === data.steps.length) { pause(); }
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

  byId("next").addEventListener("click", function () { pause(); go(pos + 1); });
  byId("prev").addEventListener("click", function () { pause(); go(pos - 1); });
  byId("play").addEventListener("click", function () { if (timer === null) { play(); } else { pause(); } });
  document.addEventListener("keydown", function (event) {
    var keys = {
      ArrowRight: function () { pause(); go(pos + 1); },
      ArrowLeft: function () { pause(); go(pos - 1); },
      Home: function () { pause(); go(0); },
      End: function () { pause(); go(data.steps.length); },
      " ": function () { byId("play").click(); }
    };
    var onButton = event.target && event.target.tagName === "BUTTON";
    if (event.key === " " && onButton) { return; }  // the browser clicks the focused button itself
    if (keys[event.key] && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      keys[event.key]();
    }
  });
  window.chainruleStepper = { go: go, position: function () { return pos; }, total: data.steps.length };
  render();
})();
