# Two commands for a newcomer:  make demo   and   make test
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT ?= demo_project

.PHONY: install postgresql demo test bench clean

$(BIN)/workbench: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# CPU build of torch first; a plain `torch` would pull a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	@echo "Building deduce's Dutch lookup tables once (first install only, about 1-2 minutes)..."
	$(BIN)/python -c "import logging; logging.disable(logging.INFO); import deduce; deduce.Deduce()"
	touch $(BIN)/workbench

install: postgresql $(BIN)/workbench

# The tests run the store, review, reconcile and concurrency tests on a throwaway PostgreSQL
# server too (tests/pg_cluster.py). Without initdb, install Debian's `postgresql` (as root, or
# with sudo); if that is impossible the PostgreSQL tests are skipped, with a line saying so.
postgresql:
	@if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
	  echo "No PostgreSQL (initdb) and no apt-get: the PostgreSQL tests will be skipped."; \
	else \
	  echo "Installing PostgreSQL from Debian packages (for the tests)..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO="sudo -n"; fi; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q \
	    && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql \
	    || echo "Could not install PostgreSQL: the PostgreSQL tests will be skipped."; \
	fi

demo: install
	HF_HUB_OFFLINE=1 $(BIN)/workbench demo $(OUT)

test: install
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

bench: install
	HF_HUB_OFFLINE=1 $(BIN)/python bench/bench_suggest.py

clean:
	rm -rf $(VENV) $(OUT)
