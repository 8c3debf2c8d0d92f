# PhoneStore: `make run` starts the store with demo data; `make test` runs every test.
# Everything installs itself into the repo (.tools/, backend/.venv) from the committed lock files.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
UV := $(CURDIR)/.tools/bin/uv
PY := $(CURDIR)/backend/.venv/bin/python
API_PORT ?= 8000
WEB_PORT ?= 3000
export API_PORT WEB_PORT

.PHONY: help install run test lint prod bench faults fleet fleet-test
help:
	@echo "make run   - install, migrate, load the demo catalog, then serve the storefront on http://127.0.0.1:$(WEB_PORT)"
	@echo "             and the API on http://127.0.0.1:$(API_PORT), with the periodic tasks (run_periodic; a Celery worker and beat instead when REDIS_URL is set)"
	@echo "make test  - install what the tests need, run the backend's gates (make lint), then every test"
	@echo "             (backend, storefront lint/types, end-to-end)"
	@echo "make lint  - the backend's gates: ruff check, ruff format --check, mypy, lint-imports, manage.py check"
	@echo "make prod  - the production configuration here: PostgreSQL, Redis, gunicorn, Celery, next start (docs/operations.md)"
	@echo "make bench - build the 100,000-variant catalog once, load-test the API as in production (docs/performance.md)"
	@echo "make faults - break Redis, PostgreSQL, a worker, the search index, the carrier under traffic on a stack of its own;"
	@echo "             FAULTS=redis,carrier runs some of them (docs/operations.md, \"Fault suite\"; minutes, not in make test)"
	@echo "make fleet - the production configuration as a fleet: HAProxy, 2 API and 2 storefront replicas, 2 workers,"
	@echo "             beat, Redis, an S3 server (docs/operations.md, \"The fleet\"); Ctrl-C stops it"
	@echo "make fleet-test - start the fleet, prove it (files, revalidation, limits, a race, a replica and a worker"
	@echo "             killed), stop it; FLEET_TESTS=race,kill runs some (minutes, a step of make bench, not of make test)"

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

backend/.venv/.synced: backend/uv.lock backend/pyproject.toml | $(UV)
	cd backend && UV_PROJECT_ENVIRONMENT=.venv $(UV) sync --frozen --quiet
	touch $@

install: backend/.venv/.synced

# The demo runs with DEBUG on (dev gateway, media served by Django) unless the environment says otherwise.
run: install
	scripts/run

# End-to-end runs get their own ports, database and search index, so a running `make run` is untouched.
E2E_API_PORT ?= 8300
E2E_WEB_PORT ?= 3300
E2E_DIR := $(CURDIR)/backend/var/e2e

test: lint
	cd backend && $(PY) -m pytest -q -p no:cacheprovider
	frontend/scripts/api-types.sh --check
	frontend/scripts/install.sh
	cd frontend && npm run lint && npm run typecheck
	rm -rf $(E2E_DIR) && mkdir -p $(E2E_DIR)
	API_PORT=$(E2E_API_PORT) WEB_PORT=$(E2E_WEB_PORT) \
		DATABASE_URL=$${DATABASE_URL:-sqlite:///$(E2E_DIR)/e2e.sqlite3} SEARCH_INDEX_DIR=$(E2E_DIR)/search \
		CELERY_TASK_ALWAYS_EAGER=1 frontend/scripts/e2e-stack.sh

# The backend's gates, also the first step of `make test`: ruff (lint, then formatting), mypy, the app dependency
# contracts (import-linter, [tool.importlinter] in backend/pyproject.toml), Django's checks.
# The settings refuse to load without a SECRET_KEY when DEBUG is off; a placeholder serves when none is set.
lint: install
	cd backend && $(PY) -m ruff check .
	cd backend && $(PY) -m ruff format --check .
	cd backend && SECRET_KEY=$${SECRET_KEY:-lint-only-placeholder} $(PY) -m mypy .
	cd backend && $(CURDIR)/backend/.venv/bin/lint-imports --no-cache
	cd backend && SECRET_KEY=$${SECRET_KEY:-lint-only-placeholder} $(PY) manage.py check

# The production configuration on this machine (scripts/prod): DEBUG off, release step, gunicorn, worker, beat, next start.
prod: install
	scripts/prod

# Benchmarks (bench/run): 100,000 variants on PostgreSQL, the API under gunicorn + Redis, wrk and Lighthouse.
bench: install
	bench/run

# The fault suite (faults/run): its own PostgreSQL cluster (5499) and Redis (6399), the API on 8710.
FAULTS ?=
faults: install
	FAULTS=$(FAULTS) faults/run

# The fleet (fleet/run): HAProxy on 8800 (API) and 3800 (storefront) over 2 + 2 replicas (docs/operations.md).
fleet: install
	fleet/run

FLEET_TESTS ?=
fleet-test: install
	FLEET_TESTS=$(FLEET_TESTS) fleet/run test
