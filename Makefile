# The two commands a newcomer needs: `make run` and `make test`. Both set up what they need first.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: run test bench

run: $(VENV)/.runtime-installed
	$(BIN)/python app.py

test: $(VENV)/.test-installed
	bash scripts/system-deps.sh
	$(BIN)/ruff format --check . && $(BIN)/ruff check . && $(BIN)/lint-imports
	$(BIN)/coverage run -m pytest && $(BIN)/coverage report

bench: $(VENV)/.test-installed
	$(BIN)/python -m benchmarks
	$(BIN)/python -m benchmarks.browser
	$(BIN)/python -m benchmarks.load
	$(BIN)/python -m benchmarks.history
	$(BIN)/python -m benchmarks.collection

$(VENV)/.runtime-installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements.txt requirements-test.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-test.txt
	touch $(VENV)/.runtime-installed $@
