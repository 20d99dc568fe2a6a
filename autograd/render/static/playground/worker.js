// chainrule playground, the worker: Pyodide runs chainrule here, off the page's thread.
// Protocol: the page posts a JSON string {"id", "mode", "action", ...}; the worker answers with the
// JSON string that autograd.web.handle returns. Once Python is up it posts {"id": "ready", ...} and,
// if loading fails, {"id": "ready", "ok": false, "error": "..."}. Everything is fetched from this folder.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const here = new URL("./", import.meta.url);

async function start() {
  const pyodide = await loadPyodide({ indexURL: new URL("pyodide/", here).href });
  const manifest = await (await fetch(new URL("wheels/manifest.json", here))).json();
  for (const name of manifest.wheels) {
    // unpackArchive installs a wheel without resolving its dependencies: chainrule's graphviz-pure
    // is a native program and must not load here; the pure-Python graphviz package is a wheel of its own.
    const response = await fetch(new URL("wheels/" + name, here));
    if (!response.ok) { throw new Error("cannot load wheels/" + name + " (" + response.status + ")"); }
    pyodide.unpackArchive(await response.arrayBuffer(), "wheel");
  }
  return pyodide.pyimport("autograd.web").handle;
}

const ready = start();
ready.then(
  (handle) => {
    const hello = JSON.parse(handle(JSON.stringify({ id: "ready", mode: "engine", action: "hello" })));
    self.postMessage(JSON.stringify(hello));
  },
  (error) => {
    self.postMessage(JSON.stringify({ id: "ready", ok: false, error: String(error && error.message || error) }));
  }
);

self.onmessage = async (event) => {
  const handle = await ready;
  self.postMessage(handle(event.data));
};
