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

.PHONY: all html pdf epub test lint serve bench clean distclean venv venv-test node

all: html

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(BIN)/.installed-test: $(BIN)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch $@

venv: $(BIN)/.installed
venv-test: $(BIN)/.installed-test
node: node_modules/.installed

html: venv
	$(SPHINX) $(STRICT) -j $(JOBS) -b html $(SPHINXOPTS) $(SRC) $(OUT)/html

pdf: venv
	$(BIN)/python -m transmit_kb.print_edition build --source $(SRC) --out $(OUT)

epub: venv
	$(SPHINX) $(STRICT) -t epub -b epub $(SPHINXOPTS) $(SRC) $(OUT)/epub

test: venv-test node
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: venv-test
	$(BIN)/ruff check _ext tests
	$(BIN)/ruff format --check _ext tests
	$(BIN)/mypy

serve: venv
	$(BIN)/python -m transmit_kb.cli serve

bench: venv
	$(BIN)/python -m transmit_kb.bench $(BENCH_ARGS)

clean:
	rm -rf $(OUT) $(SRC)/autoren $(SRC)/praxisbeispiele/laender $(SRC)/praxisbeispiele/kommunen $(SRC)/praxisbeispiele/themen

distclean: clean
	rm -rf $(VENV) node_modules
