# make run   : set up and start the dashboard on http://127.0.0.1:8050 (the Procfile's process)
# make test  : set up (venv, packages, Debian chromium, podman, nginx) and run the whole test suite
# make bench : print every performance figure
# make train : retrain the model artifact
# make image : build the container image with podman (a local Debian base first, if missing)
# make test-image : build it, run it, and two replicas behind nginx (the tests marked `image`)
# make mutate: mutation testing of the boundary modules against the fast tests (slow: minutes per module)
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: run test test-fast test-image bench train image mutate setup setup-dev browser containers clean plotly-bundle

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
setup-dev: $(VENV)/.dev browser containers

browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-dejavu-core; }

# podman + runc build and run the image, debootstrap makes its base, nginx-light balances the replicas
CONTAINER_TOOLS = podman runc debootstrap nginx
containers:
	@(for t in $(CONTAINER_TOOLS); do PATH="$$PATH:/usr/sbin:/sbin" command -v $$t >/dev/null 2>&1 || exit 1; done) \
	  || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap nginx-light; }

# the page's plotly.js (assets/vendor/): plotly.js's core with the figures' trace types (tools/plotly_bundle/entry.js),
# built with the pinned npm packages of tools/plotly_bundle/package-lock.json; needs node and npm, not part of setup
plotly-bundle:
	cd tools/plotly_bundle && npm ci --no-audit --no-fund && node build.js

run: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(shell sed -n 's/^web: //p' Procfile)

test: setup-dev
	$(BIN)/python -m pytest -n 2

test-fast: setup-dev
	$(BIN)/python -m pytest -m "not browser and not slow and not image"

test-image: setup-dev
	$(BIN)/python -m pytest -m image

image: setup containers
	CONTAINERS_CONF=$(CURDIR)/deploy/containers.conf $(BIN)/python -m deploy.image build

bench: setup-dev
	$(BIN)/python -m bench

train: setup
	$(BIN)/python -m model.train

# One module at a time, so each figure is printed on its own; the modules and tests are in pyproject.toml
# [tool.mutmut]. MUTATE_MODULES=api.auth make mutate runs one. `mutmut browse` or `mutmut show NAME` read survivors.
MUTATE_MODULES ?= api.auth api.body api.callback_bodies api.prop_types api.routes \
	model.batch model.manifest_schema model.loader model.predict model.scenario components.static \
	callbacks.live_route
mutate: setup-dev
	@for m in $(MUTATE_MODULES); do \
		$(BIN)/mutmut run "$$m.*" >/dev/null 2>&1; \
		$(BIN)/mutmut results --all true | awk -F': ' -v m="$$m." 'index($$1, "    " m) == 1 { n++; k += ($$2 == "killed" || $$2 == "timeout") } \
			END { printf "%-22s %4d / %4d killed (%.1f%%)\n", m, k, n, n ? 100 * k / n : 0 }'; \
	done

clean:
	rm -rf $(VENV) .pytest_cache
