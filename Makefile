# csowatch: `make run` (the main job) and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test demo bench lint format clean services system-deps

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The main job: migrate the SQLite store, then crawl the configured outlets.
run: $(STAMP)
	$(VENV)/bin/csowatch db upgrade
	$(VENV)/bin/csowatch crawl

# The whole flow offline, against the bundled sample site served on 127.0.0.1.
demo: $(STAMP)
	$(PY) -m demo.run

system-deps:
	@bash .ci/system-deps

services:
	@bash .ci/services

test: $(STAMP) system-deps services
	$(PY) -m pytest -p no:cacheprovider

bench: $(STAMP)
	$(PY) -m bench

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
