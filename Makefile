# Two commands: `make run` and `make test` (README). Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
DEMO_DB := data/demo.db

.PHONY: run test lint bench browser-deps pg-deps clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	@mkdir -p data
	@test -f $(DEMO_DB) || $(BIN)/python -m gkreg --db $(DEMO_DB) demo
	@# The notification sender runs beside the app and stops with it (Ctrl-C, or the app ending).
	GKREG_DB=$(DEMO_DB) GKREG_DEMO=1 $(BIN)/python -m gkreg --db $(DEMO_DB) notify & notify=$$!; \
	trap 'kill $$notify 2>/dev/null; wait $$notify 2>/dev/null' EXIT INT TERM; \
	GKREG_DB=$(DEMO_DB) GKREG_DEMO=1 $(BIN)/python -m gkreg --db $(DEMO_DB) serve --port $(PORT)

# Debian's Chromium and CJK fonts for the browser tests (Playwright never downloads a browser here), and
# nginx for the reverse-proxy test of `serve --workers` (run from a temporary config, never as a service).
browser-deps:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/sbin/nginx ] && fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk nginx >/dev/null; \
	elif command -v sudo >/dev/null; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk nginx >/dev/null; \
	else echo "need Debian packages chromium, fonts-noto-cjk and nginx for the tests"; fi

# Debian's PostgreSQL server binaries: the tests start a throwaway cluster of their own (no service runs).
pg-deps:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	elif command -v sudo >/dev/null; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else echo "need Debian package postgresql for the PostgreSQL tests"; fi

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Two pytest workers (pytest-xdist): browser tests spend much of their time waiting on a server or a page,
# so two of them share the two cores well. worksteal keeps each module's tests (and its server) together
# until one worker runs dry. TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= 2
test: $(VENV)/.installed-dev browser-deps pg-deps lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/signups.py
	$(BIN)/python bench/web.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
