# FBSS Desktop: `make run` starts the app, `make test` runs every test. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test bench lint demo review clean

$(STAMP): pyproject.toml
	PYTHON=$(PYTHON) tools/system-deps.sh qt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[postgres,test,dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/fbss-desktop

test: $(STAMP)
	tools/system-deps.sh postgres
	$(PY) -m ruff check fbss_desktop tests benchmarks tools
	$(PY) -m mypy
	QT_QPA_PLATFORM=offscreen tools/with-postgres.sh $(PY) -m pytest

review: $(STAMP)
	tools/system-deps.sh review
	QT_QPA_PLATFORM=offscreen $(PY) tools/review.py review

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/bench.py

lint: $(STAMP)
	$(PY) -m ruff check fbss_desktop tests benchmarks tools
	$(PY) -m ruff format --check fbss_desktop tests benchmarks tools
	$(PY) -m mypy

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
