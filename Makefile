# The two commands of a fresh machine (Python 3.11 and the package registries):
#   make run   - set up and serve the API on http://127.0.0.1:8000
#   make test  - set up, lint (make lint) and run the test suite (starts PostgreSQL and Redis)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test venv venv-dev lint format migrate services chromium bench schema clean

$(VENV)/.base-installed: requirements/base.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/base.txt
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.base-installed requirements/dev.txt
	$(PY) -m pip install --quiet -r requirements/dev.txt
	@touch $@

venv: $(VENV)/.base-installed
venv-dev: $(VENV)/.dev-installed

run: venv
	HOST=$(HOST) PORT=$(PORT) PY=$(PY) scripts/run.sh

test: lint services chromium
	CI=$${CI:-} $(VENV)/bin/pytest -n $${PYTEST_WORKERS:-2} -q

services:
	scripts/ensure-services.sh

chromium:  # Debian's chromium for the GraphiQL browser test (skips only if it cannot install)
	scripts/ensure-chromium.sh

# ruff (style), import-linter (the layers and no import circles: pyproject.toml's contracts)
# mypy (types of the domain packages) and the 400-line module limit. `make test` runs it first, so CI does too.
lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) scripts/check_module_size.py

format: venv-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrate: venv
	$(PY) manage.py migrate --noinput

schema: venv
	$(PY) manage.py export_graphql

bench: venv-dev services
	$(PY) bench/tmdb_loaders_bench.py
	$(PY) bench/api_bench.py
	$(PY) bench/server_choice.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
