# make run   : set up and start the dashboard on http://127.0.0.1:8050 (the Procfile's process)
# make test  : set up (venv, packages, Debian chromium) and run the whole test suite
# make bench : print every performance figure
# make train : retrain the model artifact
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: run test test-fast bench train setup setup-dev browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

setup: $(VENV)/.runtime
setup-dev: $(VENV)/.dev browser

browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-dejavu-core; }

run: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(shell sed -n 's/^web: //p' Procfile)

test: setup-dev
	$(BIN)/python -m pytest

test-fast: setup-dev
	$(BIN)/python -m pytest -m "not browser and not slow"

bench: setup-dev
	$(BIN)/python -m bench

train: setup
	$(BIN)/python -m model.train

clean:
	rm -rf $(VENV) .pytest_cache
