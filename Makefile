# Two commands for users: `make run` and `make test`. Everything else is for developers.
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test test-fast data bench lint format clean

$(PY):
	python3 scripts/bootstrap_venv.py $(VENV)

$(VENV)/.installed: $(PY) requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## Start the app on http://localhost:$(PORT)
run: $(VENV)/.installed
	$(PY) -m streamlit run app.py --server.port $(PORT)

## Run the whole suite: unit, AppTest and browser tests
test: $(VENV)/.dev-installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

## Unit and AppTest tests only (no browser)
test-fast: $(VENV)/.dev-installed
	$(PY) -m pytest -m "not e2e"

## Rebuild the scripted reference CSVs from data/raw
data: $(VENV)/.installed
	$(PY) scripts/build_reference.py

## Format the code (make test checks it is formatted)
format: $(VENV)/.dev-installed
	$(PY) -m ruff format .

## Benchmarks (results go in docs/performance.md)
bench: $(VENV)/.dev-installed
	$(PY) bench/bench_startup.py
	$(PY) bench/bench_map.py
	$(PY) bench/bench_capacity.py
	$(PY) bench/bench_demand.py
	$(PY) bench/bench_uploads.py
	$(PY) bench/bench_exports.py
	$(PY) bench/bench_page_ready.py

lint: $(VENV)/.dev-installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache
