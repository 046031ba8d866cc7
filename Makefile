# SWV-portaal. The README's two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= cms.settings.dev

.PHONY: run test e2e lb-test system install install-dev lint format migrate demo worker scheduler bench bench-http loadtest loadtest-short clean assets

# uv installs the same pinned set (requirements.lock) as pip, in about 15 s instead of
# 70 s (two pip runs, each resolving and building the project); pinned itself here.
UV_VERSION ?= 0.13.10
UV := $(BIN)/uv pip install --quiet --python $(BIN)/python -c requirements.lock

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) niet gevonden"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	@test -x $(BIN)/uv || $(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(UV) .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(UV) ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make system: Debian packages the site needs (Chromium, WeasyPrint's Pango and fonts);
## does nothing when they are there
system:
	bash .ci/setup-system

migrate: install system
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py demo

## make run: virtualenv, install, SQLite database, demo data, a task worker, the scheduler and the site on :8000
## The worker writes to this terminal: the e-mails it sends appear here in full (console backend).
## DEBUG is off, so unknown URLs get the Dutch 404 page; `make run DJANGO_DEBUG=1` for Django's debug pages.
export DJANGO_DEBUG ?= 0
run: demo
	@echo "SWV-portaal draait op http://127.0.0.1:$(PORT) (stoppen met Ctrl+C)"
	@echo "Verstuurde e-mails verschijnen hieronder in dit venster (de taakverwerker drukt ze af)."
	@PYTHONUNBUFFERED=1 $(BIN)/python manage.py db_worker --queue-name "*" & \
	  WORKER=$$!; \
	  $(BIN)/python manage.py scheduler >/dev/null 2>&1 & \
	  SCHEDULER=$$!; trap "kill $$WORKER $$SCHEDULER 2>/dev/null" EXIT INT TERM; \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## make test: the whole suite (PostgreSQL when DATABASE_URL is set, SQLite otherwise)
## (--maxschedchunk 2: a worker holds at most two tests ahead, so the slow tests that start
## each group spread over both workers instead of piling up in the first one's batch)
test: install-dev system
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python -m pytest -n 2 --maxschedchunk 2 $(PYTEST_ARGS)

## make e2e: the browser tests only (Debian's chromium via Playwright): the loket journey,
## the wizard by keyboard, axe-core on every page visited
e2e: install-dev system
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python -m pytest -n 2 --maxschedchunk 2 -m e2e $(PYTEST_ARGS)

## make lb-test: two gunicorn servers with the production settings behind haproxy (round
## robin, loopback), sharing the database, Redis and S3, with two schedulers (tests/lb)
lb-test: install-dev system
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python -m pytest -m lb tests/lb $(PYTEST_ARGS)

## make assets: NL Design System CSS and axe-core from npm (assets/package-lock.json) into
## static/vendor/ and tests/e2e/vendor/; the copies are committed, so run/test need no npm
assets:
	bash assets/vendor.sh

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

worker: install
	$(BIN)/python manage.py db_worker --queue-name "*"

scheduler: install
	$(BIN)/python manage.py scheduler

bench: install-dev
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python -m bench $(BENCH_ARGS)

## make bench-http: bare Django, stock Wagtail and this project side by side (wrk, PostgreSQL)
bench-http: install-dev
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python -m bench http $(BENCH_ARGS)

## make loadtest: locust, 50 users for 60 s, against gunicorn with production settings (PostgreSQL)
loadtest: install-dev system
	$(BIN)/python -m bench loadtest --users 50 --duration 60 $(LOADTEST_ARGS)

## make loadtest-short: the same, 5 users for 15 s (CI); exits non-zero on any failed request
loadtest-short: install-dev
	$(BIN)/python -m bench loadtest --users 5 --spawn-rate 5 --duration 15 $(LOADTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 media private static_collected
