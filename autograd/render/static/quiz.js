// chainrule stepper, quiz mode: before Next reveals a step, the student types it.
// The questions, the slips each wrong answer is matched against, and every message and hint come from
// the exercise engine (autograd.teach.step_quiz), written in Python; this script only reads the typed
// number as autograd.teach.answers.read does and picks the slip as autograd.teach.diagnose does.
// It runs before stepper.js and gives it window.chainruleQuiz: limit() (how far Next may go) and render().
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chainrule-data").textContent);
  var quiz = data.quiz;
  var S = quiz.strings, Q = quiz.questions, C = quiz.constants, W = quiz.words;
  var ANSWER = "\u2063ANSWER\u2063", TYPED = "\u2063TYPED\u2063", FIXED = "\u2063FIXED\u2063";
  var state = Q.map(function () { return { done: false, right: false, tries: 0, level: 0, verdict: null }; });
  var last = null;  // the latest verdict, shown until the next answer
  var byId = function (id) { return document.getElementById(id); };

  // Reading an answer (answers.read) ---------------------------------------------------------
  var MINUS = /[\u2212\u2012\u2013\u2014\ufe63\uff0d]/g;
  var LITERAL = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

  function NotNumber(kind, fixed) { this.kind = kind; this.fixed = fixed; }

  function clean(typed) {
    return typed.normalize("NFKC").replace(MINUS, "-").split(/\s+/).join("").replace(/×/g, "*").replace(/·/g, "*");
  }

  function arithmetic(text) {
    // + - * / ** and parentheses over numbers, with Python's precedence (-2**2 is -4); nothing else
    var at = 0;
    function peek() { return text[at]; }
    function number() {
      var m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(at));
      if (!m) { throw new NotNumber("plain"); }
      at += m[0].length;
      return Number(m[0]);
    }
    function atom() {
      if (peek() === "(") {
        at += 1;
        var inner = sum();
        if (peek() !== ")") { throw new NotNumber("plain"); }
        at += 1;
        return inner;
      }
      return number();
    }
    function power() {
      var base = atom();
      if (text.substr(at, 2) === "**") { at += 2; return Math.pow(base, unary()); }
      return base;
    }
    function unary() {
      if (peek() === "-") { at += 1; return -unary(); }
      if (peek() === "+") { at += 1; return unary(); }
      return power();
    }
    function product() {
      var value = unary();
      while ((peek() === "*" && text[at + 1] !== "*") || peek() === "/") {
        var op = text[at];
        at += 1;
        var right = unary();
        if (op === "/" && right === 0) { throw new NotNumber("plain"); }
        value = op === "*" ? value * right : value / right;
      }
      return value;
    }
    function sum() {
      var value = product();
      while (peek() === "+" || peek() === "-") {
        var op = text[at];
        at += 1;
        var right = product();
        value = op === "+" ? value + right : value - right;
      }
      return value;
    }
    var value = sum();
    if (at !== text.length) { throw new NotNumber("plain"); }
    return value;
  }

  function resolution(text) {
    var m = LITERAL.exec(text);
    if (!m || !(m[1] || m[2])) { return 0; }
    if (!/[eE.]/.test(text) && text.replace(/^[+-]+/, "").length > 15) { return 0; }
    return Number("1e" + ((m[3] ? parseInt(m[3], 10) : 0) - (m[2] || "").length));
  }

  function read(typed) {
    var text = clean(typed), value;
    if (/^[+-]?\d+,\d+$/.test(text)) { throw new NotNumber("comma", text.replace(",", ".")); }
    var m = LITERAL.exec(text);
    if (m) {
      if (!(m[1] || m[2])) { throw new NotNumber("plain"); }
      value = Number(text);
    } else {
      value = arithmetic(text);
    }
    if (!isFinite(value)) { throw new NotNumber(isNaN(value) ? "plain" : "infinite"); }
    return [value, resolution(text)];
  }

  // When two numbers count as equal, and which slip fits (answers.close / rounded, diagnose.diagnose) ---
  function close(value, step, target) {
    var gap = Math.abs(value - target);
    if (gap <= C.RTOL * Math.abs(target) + C.ATOL) { return true; }
    return step > 0 && step <= Math.abs(target) * C.FIGURE_STEP && gap <= step / 2 * (1 + 1e-9);
  }

  function sign(x) { return (x < 0 || Object.is(x, -0)) ? -1 : 1; }

  function rounded(q, value, step) {
    var target = q.value;
    if (value === 0 || close(value, step, target) || sign(value) !== sign(target)) { return false; }
    if (Math.abs(value - target) <= C.CLOSE * Math.abs(target)) { return true; }
    if (!(step > 0 && step <= Math.abs(target))) { return false; }
    var ways = q.roundings[String(Math.round(Math.log10(step)))] || [];
    return ways.indexOf(value) >= 0;
  }

  function diagnose(q, value, step) {
    var best = null;
    q.slips.forEach(function (s) {
      if (close(value, step, s.value) && (best === null || s.depth < best.depth ||
          (s.depth === best.depth && s.rank < best.rank))) { best = s; }
    });
    if (best) { return best; }
    return rounded(q, value, step) ? { kind: "rounding", message: q.rounding.message, hints: q.rounding.hints } : null;
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
      .replace(/'/g, "&#x27;");
  }

  function pyRepr(text) {
    // Python's repr of a str, as the engine's message quotes what was typed
    var quote = text.indexOf("'") >= 0 && text.indexOf('"') < 0 ? '"' : "'";
    var body = text.replace(/\\/g, "\\\\");
    if (quote === "'") { body = body.replace(/'/g, "\\'"); }
    return quote + body + quote;
  }

  function fill(index, shown) { return S[index].split(ANSWER).join(escapeHtml(shown)); }

  // verdict(question index, typed text) -> {correct, mistake, message (HTML), hints: [HTML x3]}
  function verdict(k, typed) {
    var q = Q[k];
    var general = function (shown) { return q.hints.map(function (h) { return fill(h, shown); }); };
    if (typed === null || typed === undefined || !String(typed).trim()) {
      return { correct: false, mistake: null, message: S[q.missing], hints: general(""), value: null };
    }
    var shown = String(typed).trim(), got;
    try {
      got = read(String(typed));
    } catch (error) {
      if (!(error instanceof NotNumber)) { throw error; }
      var problem = S[q.not_number[error.kind]].split(TYPED).join(escapeHtml(pyRepr(shown)));
      problem = problem.split(FIXED).join(escapeHtml(error.fixed || ""));
      return { correct: false, mistake: null, message: problem, hints: general(""), value: null };
    }
    var value = got[0], step = got[1];
    if (close(value, step, q.value)) {
      return { correct: true, mistake: null, message: fill(q.right, shown), hints: general(shown), value: value };
    }
    var slip = diagnose(q, value, step);
    if (!slip) {
      return { correct: false, mistake: null, message: fill(q.wrong, shown), hints: general(shown), value: value };
    }
    return {
      correct: false, mistake: slip.kind, message: fill(slip.message, shown),
      hints: slip.hints.map(function (h) { return fill(h, shown); }), value: value
    };
  }

  // The page ----------------------------------------------------------------------------------
  function pending(stepIndex) {
    return (quiz.at[String(stepIndex)] || []).filter(function (k) { return !state[k].done; });
  }

  function limit() {
    // the furthest position Next may reach: up to (not including) the first step with an open question
    for (var i = 0; i < data.steps.length; i++) { if (pending(i).length) { return i; } }
    return data.steps.length;
  }

  function score() {
    var points = state.filter(function (s) { return s.right; }).length;
    return W.score.replace("{points}", points).replace("{total}", Q.length);
  }

  var stepper = null;  // set by stepper.js: {go, position}

  function current() {
    var pos = stepper ? stepper.position() : 0;
    if (pos !== limit() || pos >= data.steps.length) { return null; }
    return pending(pos)[0];
  }

  function render() {
    var k = current();
    var box = byId("quiz");
    byId("quiz-score").textContent = score();
    byId("quiz-ask").hidden = k === null || k === undefined;
    var open = k !== null && k !== undefined;
    var feedback = "";
    if (last) {
      feedback = '<div class="' + (last.verdict.correct ? "right" : "wrong") + '">' + last.verdict.message + "</div>";
    }
    if (open && state[k].level) {
      var own = last && last.k === k && !last.verdict.correct;  // hints aimed at the mistake just made
      var hints = own ? last.verdict.hints : Q[k].hints.map(function (h) { return S[h].split(ANSWER).join(""); });
      feedback += hints.slice(0, state[k].level).map(function (h) { return '<div class="hint">' + h + "</div>"; }).join("");
    }
    byId("quiz-feedback").innerHTML = feedback;
    box.setAttribute("data-question", k === null || k === undefined ? "" : String(k));
    if (k === null || k === undefined) {
      box.classList.toggle("finished", limit() >= data.steps.length);
      return;
    }
    box.classList.remove("finished");
    if (byId("quiz-name").getAttribute("data-k") !== String(k)) {
      byId("quiz-name").innerHTML = Q[k].name_html;
      byId("quiz-name").setAttribute("data-k", String(k));
      byId("quiz-answer").value = "";
    }
  }

  function check() {
    var k = current();
    if (k === null || k === undefined) { return; }
    var typed = byId("quiz-answer").value;
    var v = verdict(k, typed);
    var s = state[k];
    s.tries += 1;
    last = { k: k, verdict: v };
    if (v.correct) {
      s.done = s.right = true;
      s.level = 0;
      advance();
    } else {
      s.level = Math.max(s.level, 1);  // a wrong answer shows its diagnosis and the first hint
      render();
      byId("quiz-answer").select();
    }
  }

  function hint() {
    var k = current();
    if (k === null || k === undefined) { return; }
    state[k].level = Math.min(3, state[k].level + 1);
    if (last && last.k !== k) { last = null; }
    render();
  }

  function reveal() {
    var k = current();
    if (k === null || k === undefined) { return; }
    state[k].done = true;
    last = null;
    advance();
  }

  function advance() {
    // the step's questions answered: Next's step is shown (the stepper re-renders the quiz)
    var pos = stepper.position();
    if (pending(pos).length) { render(); } else { stepper.go(pos + 1); }
    var input = byId("quiz-answer");
    if (!byId("quiz-ask").hidden) { input.focus(); }
  }

  window.chainruleQuiz = {
    limit: limit, render: render, verdict: verdict, score: score,
    attach: function (api) { stepper = api; },
    state: function () { return state.map(function (s) { return { done: s.done, right: s.right, tries: s.tries }; }); }
  };

  byId("quiz-check").addEventListener("click", check);
  byId("quiz-hint").addEventListener("click", hint);
  byId("quiz-show").addEventListener("click", reveal);
  byId("quiz-answer").addEventListener("keydown", function (event) {
    event.stopPropagation();  // typing is not a stepper key (arrows, +, -, F)
    if (event.key === "Enter") { event.preventDefault(); check(); }
  });
})();
