# Estante: the two commands of the README, and a few helpers.
#   make run   - install, migrate, load the demo store and serve http://127.0.0.1:8000
#   make test  - install what the tests need and run the whole suite
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format worker beat install install-test browser migrate seed messages bench mutation clean backup restore

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check ".[test]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo ""
	@echo "Libros Pepito está en http://$(HOST):$(PORT)/  (Ctrl+C para detener)"
	@# Beside daphne, the beat schedule in-process (no Celery beat without Redis; with
	@# REDIS_URL `make worker` runs it instead). Ctrl+C or the end of either stops both.
	@if [ -n "$$REDIS_URL" ]; then \
		exec $(VENV)/bin/daphne -b $(HOST) -p $(PORT) config.asgi:application; \
	fi; \
	$(PY) manage.py run_schedule --verbosity 0 & schedule=$$!; \
	trap 'kill $$schedule 2>/dev/null; wait $$schedule 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(VENV)/bin/daphne -b $(HOST) -p $(PORT) config.asgi:application

# Browser tests drive Debian's Chromium; install it when we can (root on Debian).
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "WARNING: /usr/bin/chromium is missing; the browser tests will fail. Install Debian's chromium."; \
	fi

# Two pytest-xdist workers (each with its own test database, live server and Chromium; every
# test gets its own Redis key prefixes, see tests/conftest.py); whole files go to one worker so
# a module's browser and a session's localstripe start once. PYTEST_WORKERS=0: one process.
PYTEST_WORKERS ?= 2
test: install-test browser
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs REDIS_URL (without it Celery runs tasks in-process and no worker is needed).
worker: install
	$(VENV)/bin/celery -A config worker --beat --loglevel INFO --concurrency 2

messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

bench: install-test
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

# MUTATION TESTING (README "Mutation testing"; slow, not in CI). PostgreSQL (DATABASE_URL) only.
#   make mutation                         -> every rule module of [tool.mutmut] only_mutate
#   make mutation MODULE=orders/status.py -> one module, against the tests of its app
MODULE ?=
mutation: install-test
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "make mutation necesita DATABASE_URL de PostgreSQL (postgres://…)." >&2; exit 2;; esac
	$(PY) tools/mutation.py $(MODULE)

# BACKUP AND RESTORE (PostgreSQL; see README, "Operations"). A nightly cron line runs
# `make backup`; dumps older than BACKUP_KEEP_DAYS are deleted by the same run.
#   make backup                                   -> backups/estante-<UTC time>.dump (+ media)
#   make restore BACKUP=backups/estante-….dump RESTORE_DATABASE_URL=postgres://…/estante_copy
BACKUP_DIR ?= backups
BACKUP_KEEP_DAYS ?= 14
backup:
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "make backup necesita DATABASE_URL de PostgreSQL (postgres://…)." >&2; exit 2;; esac
	@mkdir -p "$(BACKUP_DIR)"
	@stamp=$$(date -u +%Y%m%dT%H%M%SZ); dump="$(BACKUP_DIR)/estante-$$stamp.dump"; \
	pg_dump --format=custom --no-owner --no-privileges --file="$$dump.part" "$$DATABASE_URL" && \
	pg_restore --list "$$dump.part" >/dev/null && mv "$$dump.part" "$$dump" || \
	  { rm -f "$$dump.part"; echo "El respaldo falló; no se guardó nada." >&2; exit 1; }; \
	media="$${MEDIA_ROOT:-media}"; \
	if [ -d "$$media" ]; then tar -czf "$(BACKUP_DIR)/media-$$stamp.tar.gz" -C "$$media" .; fi; \
	echo "Respaldo: $$dump ($$(du -h "$$dump" | cut -f1))"
	@find "$(BACKUP_DIR)" -maxdepth 1 \( -name 'estante-*.dump' -o -name 'media-*.tar.gz' \) \
	  -mtime +$(BACKUP_KEEP_DAYS) -print -delete

# Into an existing database (create it first; to restore over the live one, stop web and
# worker and pass RESTORE_DATABASE_URL=$$DATABASE_URL). One transaction: all or nothing.
restore:
	@test -f "$(BACKUP)" || { echo "Uso: make restore BACKUP=backups/estante-….dump RESTORE_DATABASE_URL=postgres://…" >&2; exit 2; }
	@case "$$RESTORE_DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "Falta RESTORE_DATABASE_URL (postgres://…): la base donde restaurar." >&2; exit 2;; esac
	pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --single-transaction \
	  --dbname="$$RESTORE_DATABASE_URL" "$(BACKUP)"
	@echo "Restaurado $(BACKUP) en $${RESTORE_DATABASE_URL##*/}."

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache build *.egg-info
