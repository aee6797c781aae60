# The two set-up commands of the README:
#   make build   installs reportgen in .venv and builds the example notes into build/
#   make test    installs the test tools too and runs the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test system system-test clean

build: $(VENV)/.installed system
	$(BIN)/reportgen build

# On every core; a test module stays on one, so the project it builds is built once.
test: $(VENV)/.installed-test system-test
	$(BIN)/pytest -q -n auto --dist loadscope

system:
	@bash scripts/systemkrav.sh

system-test:
	@bash scripts/systemkrav.sh --test

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q --disable-pip-version-check -e '.[test]'
	touch $@

clean:
	rm -rf build $(VENV)
