# Two commands for a newcomer:  make demo   and   make test
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT ?= demo_project

.PHONY: install demo test bench clean

$(BIN)/workbench: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# CPU build of torch first; a plain `torch` would pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	@echo "Building deduce's Dutch lookup tables once (first install only, about 1-2 minutes)..."
	$(BIN)/python -c "import logging; logging.disable(logging.INFO); import deduce; deduce.Deduce()"
	touch $(BIN)/workbench

install: $(BIN)/workbench

demo: install
	HF_HUB_OFFLINE=1 $(BIN)/workbench demo $(OUT)

test: install
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

bench: install
	HF_HUB_OFFLINE=1 $(BIN)/python bench/bench_suggest.py

clean:
	rm -rf $(VENV) $(OUT)
