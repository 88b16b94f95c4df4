# TFZ Portal. `make run` serves the portal with demo data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := tfz_portal

.PHONY: run test test-postgres install system-deps lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

system-deps:
	scripts/system-deps.sh

# The portal domain follows the port, so http://polk.localhost:$(PORT)/ works.
run: export TFZ_SERVER_NAME ?= localhost:$(PORT)
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask demo seed
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: system-deps install
	$(BIN)/pytest

test-postgres: system-deps install
	scripts/with-postgres.sh $(BIN)/pytest

bench: install
	$(BIN)/python bench/certificates.py

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
