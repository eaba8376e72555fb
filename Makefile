# Estante: the two commands of the README, and a few helpers.
#   make run   - install, migrate, load the demo store and serve http://127.0.0.1:8000
#   make test  - install what the tests need and run the whole suite
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test lint format worker beat install install-test browser nginx migrate seed messages bench bench-http wrk mutation clean backup restore

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check ".[test]"
	touch $(VENV)/.installed $(VENV)/.installed-demo $@

# localstripe for make run's card payments (the [demo] extra); the demo runs without it.
$(VENV)/.installed-demo: pyproject.toml | $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check ".[demo]" && touch $@ || \
	  echo "WARNING: localstripe could not be installed; the demo runs without card payment."

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# tools/demo_env.py sets SITE_URL from HOST/PORT (links in e-mails and SMS) and, unless real
# STRIPE_* keys are set (or DEMO_STRIPE=0), starts localstripe on a free port with its webhook
# pointed at this server, so the demo takes Stripe's test card; it stops localstripe at the end.
run: seed $(VENV)/.installed-demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo ""
	@$(PY) tools/demo_env.py --host $(HOST) --port $(PORT) -- $(MAKE) --no-print-directory serve

# The servers alone (make run calls it through tools/demo_env.py).
serve:
	@echo "Libros Pepito está en $${SITE_URL:-http://$(HOST):$(PORT)}/  (Ctrl+C para detener)"
	@# With REDIS_URL, as in production: pages through gunicorn (WSGI, WEB_CONCURRENCY sync
	@# workers) on PORT, the chat's websockets through daphne on WS_PORT (PORT+1); the worker
	@# and the beat run apart (`make worker`). On the embedded default one daphne process
	@# serves both (the in-memory channel layer lives in one process), with the beat schedule
	@# in-process beside it. Ctrl+C or the end of either process stops both.
	@if [ -n "$$REDIS_URL" ]; then \
		ws_port=$${WS_PORT:-$$(( $(PORT) + 1 ))}; \
		echo "Chat (websockets, daphne) en ws://$(HOST):$$ws_port/ws/"; \
		CHAT_WEBSOCKET_PORT=$$ws_port $(VENV)/bin/daphne -b $(HOST) -p $$ws_port config.asgi:application & ws=$$!; \
		trap 'kill $$ws 2>/dev/null; wait $$ws 2>/dev/null' EXIT; \
		trap 'exit 130' INT TERM; \
		CHAT_WEBSOCKET_PORT=$$ws_port $(VENV)/bin/gunicorn config.wsgi:application \
			--bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2} --no-control-socket --access-logfile - ; \
		exit $$?; \
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

# tests/config/test_nginx.py runs Debian's nginx with config/nginx.conf (the micro-cache);
# installed the same way (nginx-light: the proxy and its cache are all it needs).
nginx:
	@if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's nginx for the micro-cache tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; \
	else \
		echo "WARNING: nginx is missing; tests/config/test_nginx.py will skip. Install Debian's nginx."; \
	fi

# Two pytest-xdist workers (each with its own test database, live server and Chromium; every
# test gets its own Redis key prefixes, see tests/conftest.py); whole files go to one worker so
# a module's browser and a session's localstripe start once. PYTEST_WORKERS=0: one process.
PYTEST_WORKERS ?= 2
test: install-test browser nginx
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

# The HTTP benchmark (README, "Benchmarks"): gunicorn against a bare hello view, on PostgreSQL
# (its own database, estante_bench_http, seeded once) and Redis (REDIS_URL). The load comes
# from Debian's wrk, installed here when we can (root on Debian) like Chromium for the tests;
# without it the script falls back to its Python closed-loop generator.
#   make bench-http BENCH_ARGS="--duration 5 --passes off"
wrk:
	@if command -v wrk >/dev/null; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's wrk for the HTTP benchmark..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	else \
		echo "WARNING: wrk is missing; bench/http_load.py uses its Python load generator."; \
	fi

bench-http: install wrk
	$(PY) bench/http_load.py $(BENCH_ARGS)

# MUTATION TESTING (README "Mutation testing"; slow, not in CI). PostgreSQL (DATABASE_URL) only.
#   make mutation                         -> every rule module of [tool.mutmut] only_mutate
#   make mutation MODULE=orders/status.py -> one module, against the tests of its app
#   make mutation MUTATION_ARGS="--jobs 2 --left" -> two mutants at once; only what survived
MODULE ?=
MUTATION_ARGS ?=
mutation: install-test
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "make mutation necesita DATABASE_URL de PostgreSQL (postgres://…)." >&2; exit 2;; esac
	$(PY) tools/mutation.py $(MUTATION_ARGS) $(MODULE)

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
