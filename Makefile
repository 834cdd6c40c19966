# Translocal: `make run` serves the demo network, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/translocal
export TRANSLOCAL_VAR_DIR ?= $(CURDIR)/var
# The open data sets next to the clone (TRANSLOCAL_SHARED_DATA names another place, as in the tests).
SHARED_DATA ?= $(or $(TRANSLOCAL_SHARED_DATA),../shared/data)
PARTICIPEDIA_DATA ?= $(SHARED_DATA)/participedia
SDG_DATA ?= $(SHARED_DATA)/sdg/en

.PHONY: import-participedia import-sdg run setup install node db demo static messages messages-update test test-sqlite test-postgres lint browser-deps bench clean

# Interface translations: the catalogues (.po) are the source, kept in git; the compiled .mo
# files are build products (git-ignored), made by `make install`, so `make run` and `make test`
# on a fresh clone serve every shipped language. docs/translating.md says how to add one.
LOCALE_DIR := src/translocal/locale
PO_FILES := $(wildcard $(LOCALE_DIR)/*/LC_MESSAGES/django.po)
# Corrections to Django's own catalogues (see the file): compiled, never regenerated.
OVERRIDE_PO_FILES := $(wildcard src/translocal/locale_overrides/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo) $(OVERRIDE_PO_FILES:.po=.mo)

$(BIN)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,redis,intelligence,budgeting]'
	touch $@

install: $(BIN)/.installed messages

%/LC_MESSAGES/django.mo: %/LC_MESSAGES/django.po
	@scripts/ensure-gettext.sh
	msgfmt --check -o $@ $<

messages: $(MO_FILES)

# After marking new strings: add them to every shipped catalogue (then translate them).
messages-update: $(BIN)/.installed
	@scripts/ensure-gettext.sh
	cd src/translocal && ../../$(BIN)/django-admin makemessages --no-obsolete --no-wrap --add-location file $(foreach po,$(PO_FILES),--locale $(word 4,$(subst /, ,$(po))))

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node: node_modules/.installed

db: install
	$(BIN)/translocal migrate --noinput -v0

demo: db
	$(BIN)/translocal load_demo

# The data imports the README shows, with the command `make install` put in .venv/bin.
import-participedia: db
	$(BIN)/translocal import participedia $(PARTICIPEDIA_DATA)

import-sdg: db
	$(BIN)/translocal import sdg $(SDG_DATA)

static: install
	$(BIN)/translocal collectstatic --noinput -v0

setup: demo static

run: setup
	@HOST=$(HOST) PORT=$(PORT) BIN=$(BIN) scripts/serve.sh

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/translocal makemigrations --check --dry-run -v0
	@scripts/ensure-gettext.sh
	$(BIN)/python scripts/check-translations

browser-deps: node
	scripts/ensure-chromium.sh

test: install node browser-deps lint test-sqlite test-postgres

test-sqlite: install
	@echo "== test suite on SQLite (embedded mode)"
	env -u DATABASE_URL TESTING=1 $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install
	@echo "== test suite on PostgreSQL (scale mode)"
	@if scripts/ensure-postgres.sh; then \
		DATABASE_URL=$(PG_TEST_URL) TESTING=1 $(BIN)/pytest $(PYTEST_ARGS); \
	else \
		echo "PostgreSQL is not reachable on 127.0.0.1:5432: PostgreSQL run SKIPPED (mandatory when CI=true)."; \
	fi

bench: install
	$(BIN)/python bench/generate.py --help >/dev/null && echo "see bench/README.md"

clean:
	rm -rf $(VENV) node_modules var
