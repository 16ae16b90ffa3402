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
	$(BIN)/python -m benchmarks.phone
	$(BIN)/python -m benchmarks.load
	$(BIN)/python -m benchmarks.history
	$(BIN)/python -m benchmarks.collection
	$(BIN)/python -m benchmarks.eventsub
	$(BIN)/python -m benchmarks.digest
	$(BIN)/python -m benchmarks.share

$(VENV)/.runtime-installed: requirements.txt
	@echo "First run: creating $(VENV) and installing the app's Python packages (about a minute and a half)…"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --progress-bar on -r requirements.txt
	@touch $@
	@echo "Installed. Starting the app: open http://127.0.0.1:$${PORT:-8050} once it says it is serving."

$(VENV)/.test-installed: requirements.txt requirements-test.txt
	@echo "Creating $(VENV) and installing the app's and the tests' Python packages (about two minutes)…"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --progress-bar on -r requirements-test.txt
	@touch $(VENV)/.runtime-installed $@
	@echo "Installed."
