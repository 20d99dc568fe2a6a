// chainrule playground, the page: the expression box, the graph (Graphviz in WebAssembly) and the
// steps of backward. Every number comes from chainrule running in worker.js; this file only shows
// them. Steps are replayed from the data of one backward pass, so Next and Previous need no Python.
import { instance as vizInstance } from "./viz/viz.js";

const WORDS = {
  en: {
    title: "chainrule playground", subtitle: "the real engine, in your browser",
    expression: "Expression", values: "Values", run: "Trace backward", examples: "Examples…",
    prev: "Previous", next: "Next", play: "Play", pause: "Pause",
    keys: "Keys: left and right arrows step, space plays or pauses, Home and End jump.",
    table: "Gradients so far (exact)", node: "node", data: "data", grad: "grad",
    counter: "Step {n} of {total}", ready: "Press Next (or the right arrow) to start backward from {seed}.",
    loading: "Loading Python and chainrule in your browser…",
    engine: "chainrule {chainrule} on Python {python}, running in this tab (Pyodide); loaded in {s} s.",
    working: "Working…", no_variables: "no variables: the expression is a constant",
    timeout: "The engine took longer than {s} s on this input, so it was stopped and restarted.",
    restarting: "Restarting the engine…",
    file: "Open this page through a web server (python -m http.server -d FOLDER): browsers do not run " +
      "its WebAssembly worker from a file.",
    failed: "The engine could not start: {error}",
    result: "Result",
    exercise: "Your turn", hide_grads: "final gradients", hide_locals: "local derivatives",
    hide_upstream: "upstream gradients", hide_steps: "every step",
  },
  zh: {
    title: "chainrule 演练场", subtitle: "真正的引擎，就在浏览器里",
    expression: "表达式", values: "变量取值", run: "执行反向传播", examples: "示例…",
    prev: "上一步", next: "下一步", play: "播放", pause: "暂停",
    keys: "按键：左右方向键单步，空格键播放或暂停，Home 和 End 跳到首尾。",
    table: "目前已知的梯度（精确值）", node: "节点", data: "值", grad: "梯度",
    counter: "第 {n} 步，共 {total} 步", ready: "按“下一步”（或右方向键），从 {seed} 开始反向传播。",
    loading: "正在浏览器中加载 Python 和 chainrule……",
    engine: "chainrule {chainrule}，Python {python}，在本页中运行（Pyodide）；加载用时 {s} 秒。",
    working: "计算中……", no_variables: "没有变量：这个表达式是常数",
    timeout: "引擎处理这个输入超过了 {s} 秒，已被停止并重新启动。",
    restarting: "正在重新启动引擎……",
    file: "请通过网页服务器打开本页（python -m http.server -d 文件夹）：浏览器不会从本地文件运行它的 WebAssembly 工作线程。",
    failed: "引擎无法启动：{error}",
    result: "结果",
    exercise: "轮到你了", hide_grads: "最终梯度", hide_locals: "局部导数",
    hide_upstream: "上游梯度", hide_steps: "每一步",
  },
};

// The README's examples first, then three that show a sigmoid neuron, a shared node and a ReLU loss.
const EXAMPLES = [
  ["tanh(x*w + b)", { x: "2", w: "-3", b: "6.8813735870195432" }],
  ["log(1 + exp(-y*s))", { y: "1", s: "0.5" }],
  ["x**2 / (1 + x)", { x: "2" }],
  ["-log(p)", { p: "0.25" }],
  ["x*y + y", { x: "2", y: "3" }],
  ["x*x + x", { x: "3" }],
  ["0.5*(0.5 - sigmoid(w1*x1 + w2*x2 + b))**2", { w1: "0.1", x1: "1", w2: "0.2", x2: "2", b: "0.1" }],
  ["(a + a) + (a + a)", { a: "1.5" }],
  ["(relu(w1*x1 + w2*x2 + b) - 2.5)**2", { w1: "0.1", x1: "2", w2: "0.4", x2: "3", b: "0.1" }],
];

const params = new URLSearchParams(location.search);
const LIMIT_MS = Number(params.get("limit")) > 0 ? Number(params.get("limit")) : 5000;
const INTERVAL_MS = 1200;
const byId = (id) => document.getElementById(id);
const say = (template, parts) => template.replace(/\{(\w+)\}/g, (_, key) => String(parts[key]));

const state = {
  lang: params.get("lang") === "zh" ? "zh" : "en",
  session: null, pos: 0, timer: null, hello: null, loadMs: null, stepMs: [], lastError: null,
  fieldsFor: null, answered: 0,  // the expression the fields were made for; replies to "run" so far
  mode: "trace", exercise: null, verdicts: {}, levels: {},  // exercise mode: the question, marks, hints shown
};

// ---- The engine: one worker, one request at a time, each with a time limit. ----

class Engine {
  constructor(limitMs) {
    this.limitMs = limitMs;
    this.restarts = 0;  // workers stopped for running out of time
    this.up = false;  // whether the current worker has loaded Python
    this.nextId = 1;
    this.queue = Promise.resolve();
    this.start();
  }

  start() {
    this.worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
    this.pending = null;
    this.up = false;
    this.ready = new Promise((resolve, reject) => {
      this.worker.onmessage = (event) => {
        const reply = JSON.parse(event.data);
        if (reply.id === "ready") {
          if (reply.ok) { this.up = true; resolve(reply.result); } else { reject(new Error(reply.error)); }
        } else if (this.pending && this.pending.id === reply.id) {
          this.pending.resolve(reply);
        }
      };
      this.worker.onerror = (event) => { reject(new Error(event.message || "the worker failed to start")); };
    });
  }

  // Requests run one after another; each gets LIMIT_MS once the worker is free to run it. A reply that
  // comes later than that (a timer can fire late on a busy or hidden page) counts as out of time too.
  request(mode, action, payload) {
    const run = () => this.ready.then(() => new Promise((resolve) => {
      const id = this.nextId++;
      const started = performance.now();
      const expire = () => {
        this.pending = null;
        this.worker.terminate();
        this.restarts++;
        this.start();
        resolve({ id, ok: false, timeout: true });
      };
      const timer = setTimeout(expire, this.limitMs);
      this.pending = {
        id,
        resolve: (reply) => {
          clearTimeout(timer);
          if (performance.now() - started > this.limitMs) { expire(); return; }
          this.pending = null;
          resolve(reply);
        },
      };
      this.worker.postMessage(JSON.stringify({ id, mode, action, ...payload }));
    }));
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

// ---- Words of the page in the chosen language. ----

function words() { return WORDS[state.lang]; }

function applyLanguage() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = words()[el.dataset.i18n]; });
  document.querySelectorAll("#lang button").forEach((b) => b.setAttribute("aria-pressed", b.dataset.lang === state.lang));
  byId("examples").options[0].textContent = words().examples;
  byId("play").textContent = state.timer === null ? words().play : words().pause;
  showStatus();
}

function showStatus(text) {
  if (text !== undefined) { byId("status").textContent = text; return; }
  const hello = state.hello;
  byId("status").textContent = hello
    ? say(words().engine, { chainrule: hello.chainrule, python: hello.python, s: (state.loadMs / 1000).toFixed(1) })
    : words().loading;
}

function segments(el, parts) {
  // [[text, is_formula], ...] from autograd.web: formulas in <code>, all of it as text (never HTML).
  el.replaceChildren(...parts.map(([text, formula]) => {
    if (!formula) { return document.createTextNode(text); }
    const code = document.createElement("code");
    code.textContent = text;
    return code;
  }));
}

// ---- The value fields, one per variable, kept across edits of the expression. ----

function valuesNow() {
  const values = {};
  byId("values").querySelectorAll("input").forEach((input) => { values[input.name] = input.value.trim(); });
  return values;
}

function showFields(names, given) {
  const old = valuesNow();
  const box = byId("values");
  box.replaceChildren();
  if (names.length === 0) {
    const none = document.createElement("span");
    none.className = "none";
    none.textContent = words().no_variables;
    box.append(none);
  }
  names.forEach((name) => {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.name = name;
    input.value = given[name] ?? old[name] ?? "1";
    input.inputMode = "decimal";
    input.setAttribute("aria-label", name);
    label.append(name + " = ", input);
    box.append(label);
  });
}

// ---- Asking the engine. ----

let engine = null;
let latest = 0;

async function variablesThenRun(given) {
  const token = ++latest;
  const expression = byId("expression").value;
  const reply = await engine.request("trace", "variables", { expression });
  if (token !== latest) { return; }
  state.fieldsFor = expression;
  if (!reply.ok) { showError(reply, expression); state.answered++; return; }
  showFields(reply.result.variables, given || {});
  await run(token);
}

async function run(token = ++latest) {
  if (state.mode === "exercise") { return startExercise(token); }
  const expression = byId("expression").value;
  document.body.dataset.state = "working";
  const reply = await engine.request("trace", "run", { expression, values: valuesNow(), lang: state.lang });
  if (token !== latest) { return; }
  if (!reply.ok) { showError(reply, expression); state.answered++; return; }
  showError(null);
  const keep = state.session && state.session.expression === expression ? state.pos : 0;
  await showSession(reply.result, Math.min(keep, reply.result.steps.length));
  rememberInUrl(expression);
  state.answered++;
}

function showError(reply, expression) {
  const box = byId("error");
  document.body.dataset.state = reply ? "error" : "ready";
  state.lastError = reply ? (reply.timeout ? "timeout" : reply.error) : null;
  if (!reply) { box.hidden = true; return; }
  box.hidden = false;
  if (reply.timeout) {
    byId("error-text").textContent = say(words().timeout, { s: (LIMIT_MS / 1000).toLocaleString() });
    byId("caret").textContent = "";
    showStatus(words().restarting);
    engine.ready.then(() => showStatus(), (error) => showStatus(say(words().failed, { error: error.message })));
    return;
  }
  byId("error-text").textContent = reply.error;
  // The column points into the expression as typed, as the CLI's message counts it.
  byId("caret").textContent = reply.column ? expression + "\n" + " ".repeat(reply.column - 1) + "^" : "";
}

function rememberInUrl(expression) {
  const url = new URL(location.href);
  url.searchParams.set("expr", expression);
  url.searchParams.set("at", Object.entries(valuesNow()).map(([k, v]) => k + "=" + v).join(","));
  url.searchParams.set("lang", state.lang);
  history.replaceState(null, "", url);
}


// ---- Exercise mode: the student does the backward pass, autograd.exercise marks it. ----

async function startExercise(token = ++latest) {
  const expression = byId("expression").value;
  document.body.dataset.state = "working";
  const reply = await engine.request("exercise", "new",
    { expression, values: valuesNow(), lang: state.lang, hide: byId("hide").value });
  if (token !== latest) { return; }
  if (!reply.ok) { showError(reply, expression); state.answered++; return; }
  showError(null);
  pause();
  const typed = typedAnswers();
  const same = state.exercise && state.exercise.expression === expression && state.exercise.hide === reply.result.hide;
  state.mode = "exercise";
  document.body.dataset.mode = "exercise";
  state.exercise = reply.result;
  state.verdicts = {};
  state.levels = {};
  const svg = viz.renderSVGElement(reply.result.dot);
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  byId("graph").replaceChildren(svg);
  byId("quiz").hidden = false;
  showQuestion(same ? typed : {});
  rememberInUrl(expression);
  document.body.dataset.state = "ready";
  state.answered++;
  if (same && Object.values(typed).some((t) => t.trim())) { await checkExercise(); }  // a new language: marked again
}

function typedAnswers() {
  const answers = {};
  byId("quiz-blanks").querySelectorAll("input").forEach((input) => { answers[input.name] = input.value; });
  return answers;
}

function showQuestion(typed) {
  const ex = state.exercise;
  segments(byId("quiz-intro"), ex.intro);
  byId("quiz-given").replaceChildren(...ex.given.map((line) => {
    const li = document.createElement("li");
    segments(li, line);
    return li;
  }));
  segments(byId("quiz-seed"), [...ex.seed, [" " + ex.figures, false]]);
  byId("quiz-blanks").replaceChildren(...ex.blanks.map((blank, i) => {
    const row = document.createElement("div");
    row.className = "blank";
    row.dataset.blank = blank.name;
    const ask = document.createElement("label");
    ask.className = "ask";
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = blank.name + " =";
    const input = document.createElement("input");
    input.name = blank.name;
    input.inputMode = "decimal";
    input.autocomplete = "off";
    input.placeholder = ex.words.placeholder;
    input.value = typed[blank.name] || "";
    input.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); checkExercise(); } });
    const hint = document.createElement("button");
    hint.type = "button";
    hint.className = "hint-button";
    hint.textContent = ex.words.hint_button;
    hint.addEventListener("click", () => { state.levels[blank.name] = Math.min(3, (state.levels[blank.name] || 0) + 1); showFeedback(); });
    ask.append(name, input, hint);
    const feedback = document.createElement("div");
    feedback.className = "feedback";
    row.append(ask, feedback);
    return row;
  }));
  byId("quiz-check").textContent = ex.words.check_button;
  byId("quiz-score").textContent = ex.score.text;
  showFeedback();
}

function showFeedback() {
  for (const blank of state.exercise.blanks) {
    const row = document.querySelector(`#quiz-blanks .blank[data-blank="${CSS.escape(blank.name)}"]`);
    const box = row.querySelector(".feedback");
    const verdict = state.verdicts[blank.name];
    const parts = [];
    if (verdict) {
      const line = document.createElement("div");
      line.className = "verdict " + (verdict.correct ? "right" : "wrong");
      segments(line, verdict.message);
      parts.push(line);
    }
    const hints = verdict ? verdict.hints : blank.hints;
    for (const hint of hints.slice(0, state.levels[blank.name] || 0)) {
      const line = document.createElement("div");
      line.className = "hint";
      segments(line, hint);
      parts.push(line);
    }
    box.replaceChildren(...parts);
  }
}

async function checkExercise() {
  const ex = state.exercise;
  if (!ex) { return; }
  const token = ++latest;
  const reply = await engine.request("exercise", "check",
    { expression: ex.expression, values: valuesNow(), lang: ex.lang, hide: ex.hide, answers: typedAnswers() });
  if (token !== latest) { return; }
  if (!reply.ok) { showError(reply, ex.expression); return; }
  showError(null);
  state.verdicts = reply.result.verdicts;
  for (const [name, verdict] of Object.entries(state.verdicts)) {
    // a wrong answer shows its diagnosis and first hint; a right one, no hints
    state.levels[name] = verdict.correct ? 0 : Math.max(1, state.levels[name] || 0);
  }
  byId("quiz-score").textContent = reply.result.score.text;
  showFeedback();
  state.answered++;
}

function traceMode() {
  state.mode = "trace";
  document.body.dataset.mode = "trace";
  byId("quiz").hidden = true;
}

// ---- One backward pass on screen. ----

let viz = null;

async function showSession(session, pos) {
  pause();
  state.session = session;
  const svg = viz.renderSVGElement(session.dot);
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  byId("graph").replaceChildren(svg);
  const box = svg.viewBox.baseVal;
  document.body.classList.toggle("wide", box && box.width > 1.6 * box.height);
  fillTable(session);
  state.pos = pos;
  render();
  document.body.dataset.state = "ready";
}

function fillTable(session) {
  const rows = session.nodes.slice().reverse().map((node) => {
    const row = document.createElement("tr");
    row.dataset.node = node.id;
    for (const [cls, text] of [["name", node.name], ["data", node.data], ["grad", "?"]]) {
      const cell = document.createElement("td");
      cell.className = cls;
      cell.textContent = text;
      row.append(cell);
    }
    return row;
  });
  document.querySelector("#grads tbody").replaceChildren(...rows);
}

function gradients(upto) {
  // After `upto` steps: node id -> [exact, short] gradient known so far.
  const s = state.session;
  const grads = { [s.root]: [s.seed, "1"] };
  for (let i = 0; i < upto; i++) { grads[s.steps[i].parent] = [s.steps[i].after, s.steps[i].after_short]; }
  return grads;
}

function toggle(el, name, on) { if (el) { el.classList.toggle(name, on); } }

function render() {
  const s = state.session;
  const step = state.pos > 0 ? s.steps[state.pos - 1] : null;
  const grads = gradients(state.pos);
  for (const node of s.nodes) {
    const g = byId(node.id);
    const known = Object.hasOwn(grads, node.id);
    if (g) {
      const texts = g.querySelectorAll("text");
      const last = texts[texts.length - 1];
      if (last && last.textContent.startsWith("grad ")) { last.textContent = "grad " + (known ? grads[node.id][1] : "?"); }
      toggle(g, "pending", !known);
      toggle(g, "child", !!step && step.child === node.id);
      toggle(g, "parent", !!step && step.parent === node.id);
    }
    toggle(node.op_id && byId(node.op_id), "child", !!step && step.child === node.id);
    const row = document.querySelector(`#grads tr[data-node="${node.id}"]`);
    row.querySelector("td.grad").textContent = known ? grads[node.id][0] : "?";
    toggle(row, "pending", !known);
    toggle(row, "child", !!step && step.child === node.id);
    toggle(row, "parent", !!step && step.parent === node.id);
  }
  s.steps.forEach((t, i) => {
    toggle(byId(t.edge), "done", i < state.pos - 1);
    toggle(byId(t.edge), "current", i === state.pos - 1);
    toggle(byId(t.out), "current", !!step && t.out === step.out);
  });
  byId("counter").textContent = say(words().counter, { n: state.pos, total: s.steps.length });
  if (step) {
    segments(byId("step-node"), step.node);
    byId("formula").textContent = step.formula;
    segments(byId("words"), step.words);
    byId("rule").textContent = step.rule;
  } else {
    byId("step-node").textContent = "";
    const seed = s.output.name;
    byId("formula").textContent = `d${seed}/d${seed} = 1`;
    if (s.steps.length === 0) { segments(byId("words"), s.result.lines.flat()); } else {
      byId("words").textContent = say(words().ready, { seed: `d${seed}/d${seed} = 1` });
    }
    byId("rule").textContent = "";
  }
  byId("prev").disabled = state.pos === 0;
  byId("next").disabled = state.pos === s.steps.length;
  document.body.dataset.step = String(state.pos);
}

function go(n) {
  if (!state.session) { return; }
  const started = performance.now();
  state.pos = Math.max(0, Math.min(state.session.steps.length, n));
  render();
  state.stepMs.push(performance.now() - started);
  if (state.pos === state.session.steps.length) { pause(); }
}

function play() {
  if (!state.session) { return; }
  if (state.pos === state.session.steps.length) { go(0); }
  byId("play").textContent = words().pause;
  state.timer = setInterval(() => go(state.pos + 1), INTERVAL_MS);
}

function pause() {
  if (state.timer !== null) { clearInterval(state.timer); state.timer = null; }
  byId("play").textContent = words().play;
}

// ---- Wiring. ----

function wire() {
  const select = byId("examples");
  select.append(new Option(words().examples, ""));
  EXAMPLES.forEach(([text], i) => select.append(new Option(text, String(i))));
  select.addEventListener("change", () => {
    if (select.value === "") { return; }
    const [text, values] = EXAMPLES[Number(select.value)];
    byId("expression").value = text;
    select.value = "";
    showFields([], {});
    variablesThenRun(values);
  });
  let typing = null;
  byId("expression").addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => variablesThenRun(), 400);
  });
  byId("input").addEventListener("submit", (event) => {
    event.preventDefault(); clearTimeout(typing); traceMode(); variablesThenRun();
  });
  byId("exercise").addEventListener("click", () => { clearTimeout(typing); startExercise(); });
  byId("hide").addEventListener("change", () => { if (state.mode === "exercise") { startExercise(); } });
  byId("quiz-check").addEventListener("click", () => checkExercise());
  byId("values").addEventListener("change", () => run());
  byId("next").addEventListener("click", () => { pause(); go(state.pos + 1); });
  byId("prev").addEventListener("click", () => { pause(); go(state.pos - 1); });
  byId("play").addEventListener("click", () => { if (state.timer === null) { play(); } else { pause(); } });
  document.querySelectorAll("#lang button").forEach((b) => b.addEventListener("click", () => {
    if (state.lang === b.dataset.lang) { return; }
    state.lang = b.dataset.lang;
    applyLanguage();
    if (state.session || state.exercise) { run(); }
  }));
  document.addEventListener("keydown", (event) => {
    const typingHere = ["INPUT", "SELECT", "TEXTAREA"].includes(event.target.tagName);
    if (typingHere || event.altKey || event.ctrlKey || event.metaKey || !state.session || state.mode !== "trace") { return; }
    const keys = {
      ArrowRight: () => { pause(); go(state.pos + 1); },
      ArrowLeft: () => { pause(); go(state.pos - 1); },
      Home: () => { pause(); go(0); },
      End: () => { pause(); go(state.session.steps.length); },
      " ": () => byId("play").click(),
    };
    if (event.key === " " && event.target.tagName === "BUTTON") { return; }
    if (keys[event.key]) { event.preventDefault(); keys[event.key](); }
  });
}

function initialInput() {
  // ?expr=x*y%2By&at=x=2,y=3&lang=zh opens straight on an expression (the page writes these itself).
  const given = {};
  (params.get("at") || "").split(",").filter(Boolean).forEach((item) => {
    const [name, ...rest] = item.split("=");
    given[name.trim()] = rest.join("=");
  });
  if (params.get("expr") !== null) { byId("expression").value = params.get("expr"); return given; }
  return EXAMPLES[0][1];
}

async function main() {
  const started = performance.now();
  wire();
  applyLanguage();
  if (location.protocol === "file:") {
    showStatus(words().file);
    document.body.dataset.state = "failed";
    return;
  }
  engine = new Engine(LIMIT_MS);
  try {
    [viz, state.hello] = await Promise.all([vizInstance(), engine.ready]);
  } catch (error) {
    showStatus(say(words().failed, { error: error.message }));
    document.body.dataset.state = "failed";
    return;
  }
  await variablesThenRun(initialInput());
  state.loadMs = performance.now() - started;
  showStatus();
}

window.chainrulePlayground = {
  state, go, words: WORDS, examples: EXAMPLES, limitMs: LIMIT_MS,
  engine: () => engine, startExercise, checkExercise,
  position: () => state.pos,
  total: () => (state.session ? state.session.steps.length : 0),
};
main();
