# The two commands a newcomer needs: `make demo` and `make test`. Each creates .venv and
# installs what it needs on first use (the Graphviz `dot` program comes from pip).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test bench lint format clean

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

demo: $(VENV)/.demo-installed
	$(BIN)/chainrule demo

test: $(VENV)/.test-installed
	$(BIN)/python -m pytest

# The benchmark runs from its own venv with every peer in it (micrograd, torch, micrograd-rust built
# from its sdist; the first time takes a few minutes, later runs only check it). NO_RUST=1 skips
# micrograd-rust; BENCH_ARGS=--quick for a short run.
BENCH_VENV ?= bench/.venv
NO_RUST ?= 0
BENCH_ARGS ?=

bench:
	VENV=$(BENCH_VENV) PYTHON=$(PYTHON) NO_RUST=$(NO_RUST) bash bench/setup_anchors.sh
	$(BENCH_VENV)/bin/python -m bench --json bench/results.json $(BENCH_ARGS)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.test-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) build *.egg-info chainrule-demo chainrule-train .pytest_cache .ruff_cache .hypothesis
