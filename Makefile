# The two commands a newcomer needs: `make demo` and `make test`. Each creates .venv and
# installs what it needs on first use (the Graphviz `dot` program comes from pip).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test bench bench-instructions lint format clean notebook docs docs-serve playground

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit("chainrule needs Python >= 3.10; this is " + sys.version.split()[0]) if sys.version_info < (3, 10) else None'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.demo-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[plot,pdf]'
	@touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# PyTorch only for the parity tests: pinned (an unpinned torch pulls GBs of CUDA), and optional.
	@$(BIN)/python -m pip install --quiet "torch==2.13.0+cpu" 2>/dev/null \
		|| echo "note: torch 2.13.0+cpu is not available here; the PyTorch parity tests will be skipped"
	@touch $@

$(VENV)/.notebook-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[jupyter]'
	@touch $@

demo: $(VENV)/.demo-installed
	$(BIN)/chainrule demo

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest

# JupyterLab 4 on the notebooks, with this venv's Python as the kernel (JUPYTER_ARGS=--no-browser on a server;
# as root, in a container, JupyterLab also needs --allow-root).
notebook: $(VENV)/.notebook-installed
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(JUPYTER_ARGS)

# The benchmark runs from its own venv with every peer in it (micrograd, torch, micrograd-rust built
# from its sdist; the first time takes a few minutes, later runs only check it). NO_RUST=1 skips
# micrograd-rust; BENCH_ARGS=--quick for a short run.
BENCH_VENV ?= bench/.venv
NO_RUST ?= 0
BENCH_ARGS ?=

bench:
	VENV=$(BENCH_VENV) PYTHON=$(PYTHON) NO_RUST=$(NO_RUST) bash bench/setup_anchors.sh
	$(BENCH_VENV)/bin/python -m bench --json bench/results.json $(BENCH_ARGS)

# The moons steps counted in instructions (valgrind), which a noisy machine does not move; see bench/instructions.py.
bench-instructions:
	VENV=$(BENCH_VENV) PYTHON=$(PYTHON) NO_RUST=$(NO_RUST) bash bench/setup_anchors.sh
	$(BENCH_VENV)/bin/python -m bench.instructions $(BENCH_ARGS)

# The documentation site, strict (a broken link, a missing reference or a failing docstring example
# fails it), with the playground in site/assets/playground/. Downloads are cached in ~/.cache/chainrule-web.
$(VENV)/.docs-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[docs]'
	@touch $@

docs: $(VENV)/.docs-installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict -f mkdocs.zh.yml

docs-serve: $(VENV)/.docs-installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 -f $(if $(filter zh,$(DOCS_LANG)),mkdocs.zh.yml,mkdocs.yml)

# The playground alone, as `chainrule playground --out DIR` builds it.
playground: $(VENV)/.demo-installed
	$(BIN)/chainrule playground --out build/playground

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.test-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) $(BENCH_VENV) build *.egg-info chainrule-demo chainrule-train .pytest_cache .ruff_cache .hypothesis site docs/*/notebooks
