# Quick start: `make demo` (install + crawl the bundled demo site into ./archive-data)
# and `make test` (install + run the whole suite). Both are idempotent.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_ARCHIVE ?= archive-data

.PHONY: demo test replay bench format install clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newsarchiver needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/newsarchiver demo --archive $(DEMO_ARCHIVE)

test: $(STAMP)
	sh scripts/services.sh
	sh scripts/pywb-env.sh
	sh scripts/browser-env.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q

replay: $(STAMP)
	sh scripts/pywb-env.sh
	$(BIN)/newsarchiver replay --archive $(DEMO_ARCHIVE)

bench: $(STAMP)
	$(BIN)/python -m bench

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .venv-pywb .browser-env $(DEMO_ARCHIVE) .pytest_cache .ruff_cache
