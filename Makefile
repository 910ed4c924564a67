# The two commands of the README:
#   make demo   set up, build the graph from the bundled pages on the embedded store,
#               and answer the canned questions
#   make test   set up (Python, Chromium, the Neo4j test server) and run every test
# `make setup` installs only what running kg needs (requirements.lock); test, lint and
# bench add the test tools, ruff, en_core_web_sm and Ray (requirements-dev.lock).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: setup setup-dev demo test lint bench clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $(DEV_STAMP)

setup: $(STAMP)

setup-dev: $(DEV_STAMP)

demo: setup
	$(BIN)/kg build data/hf-papers
	$(BIN)/kg stats
	$(BIN)/kg ask methods-compressing BERT
	$(BIN)/kg ask papers-evaluated-on GLUE
	$(BIN)/kg ask derived-from LLaMA
	$(BIN)/kg ask top-entities Model --limit 10
	$(BIN)/kg ask tasks-for BERT
	$(BIN)/kg ask leaderboard GLUE
	$(BIN)/kg ask "which models are built on LLaMA?"

test: setup-dev lint
	bash tests/setup-test-deps.sh
	$(BIN)/python -m pytest -p no:cacheprovider

# ruff's lint rules, the type checker (mypy, strict on kg/; [tool.mypy] in pyproject),
# and ruff's formatting check
lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/ruff format --check .

bench: setup-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .kg tests/neo4j-launcher/target
