# Quick start: `make demo` (install + crawl the bundled demo site into ./archive-data)
# and `make test` (install + services via apt, which needs root, + the whole suite, about
# 14 minutes on 2 cores, pytest on both). Both are idempotent.
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
	@echo ""
	@echo "Next, try (the command lives in $(BIN)/; or first: . $(BIN)/activate):"
	@echo "  $(BIN)/newsarchiver status --seeds seeds     # the demo crawl's outcome and counts"
	@echo "  $(BIN)/newsarchiver export --out stories.jsonl   # one row per story"
	@echo "  $(BIN)/newsarchiver report --out report.html     # crawl health"
	@echo "  make replay                                      # browse the archive in pywb"

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

# Archives are data: `make clean` keeps $(DEMO_ARCHIVE)/ (delete it yourself if you mean to).
clean:
	rm -rf $(VENV) .venv-pywb .browser-env .pytest_cache .ruff_cache
