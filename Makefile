# arealweb — `make help` lists the targets.
PYTHON ?= python3
VENV   ?= .venv
HOST   ?= 127.0.0.1
PORT   ?= 5000
BIN     = $(VENV)/bin
ESLINT  = node_modules/.bin/eslint --max-warnings 0 .

.DEFAULT_GOAL := help
.PHONY: help demo test check-reference setup lint format bench bench-conflicts bench-ogc bench-service bench-workshop bench-workshop-reopen bench-backup bench-comments bench-comments-api bench-comments-map bench-startup bench-places bench-print-maps bench-zone-labels bench-documents bench-save-question bench-moderation bench-scenarios messages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(BIN)/arealweb: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

MO = arealweb/translations/en/LC_MESSAGES/messages.mo

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(MO): arealweb/translations/en/LC_MESSAGES/messages.po $(BIN)/arealweb
	$(BIN)/pybabel compile --use-fuzzy -d arealweb/translations
	@touch $@

setup: $(BIN)/arealweb node_modules/.package-lock.json $(MO) ## Install arealweb, its dev tools, Leaflet, axe-core and ESLint (npm), compile translations

demo: setup ## Set up, load the demo into SQLite and serve it on http://$(HOST):$(PORT)
	$(BIN)/arealweb init
	$(BIN)/arealweb load-demo
	$(BIN)/arealweb serve --host $(HOST) --port $(PORT)

test: setup ## Set up and run every test: ruff, ESLint, import contracts, pytest on SQLite and PostGIS
	AREALWEB_VENV=$(VENV) scripts/test.sh

check-reference: setup ## Check the demo against the real data in ../shared/reference (not in the repository)
	$(BIN)/pytest -m reference

lint: setup ## Ruff lint and format check, ESLint on our scripts, import contracts
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(ESLINT) && $(BIN)/lint-imports

format: setup ## Format and auto-fix with ruff
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

bench: setup ## /api/v1/zones first, cold (Features stored, new app) and warm at 1 000, 10 000, 50 000 zones vs the serialisation floor
	$(BIN)/python benchmarks/zones_api.py

bench-conflicts: setup ## Conflict detection on 10 000 zones: the analysis next to a PostGIS self-join
	$(BIN)/python benchmarks/conflicts.py --database-url "$${AREALWEB_BENCH_POSTGIS_URL:-$$(scripts/postgis.sh start)}"

PYGEOAPI_VENV = benchmarks/.venv-pygeoapi

$(PYGEOAPI_VENV)/bin/pygeoapi:
	$(PYTHON) -m venv $(PYGEOAPI_VENV)
	$(PYGEOAPI_VENV)/bin/pip install --quiet pygeoapi==0.21.0 psycopg2-binary GeoAlchemy2 gunicorn

bench-ogc: setup $(PYGEOAPI_VENV)/bin/pygeoapi ## OGC items of 10 000 zones next to /api/v1/zones and pygeoapi (own venv), over HTTP
	$(BIN)/python benchmarks/ogc_items.py --pygeoapi-venv $(PYGEOAPI_VENV)

bench-comments: setup ## Comment posts under `arealweb run` (a thread per request) next to GET /api/v1/goals
	$(BIN)/python benchmarks/comment_post.py

bench-comments-api: setup ## GET /api/v1/comments and /comments/counts of 20 000 comments: built, kept and 304, SQLite and PostGIS
	$(BIN)/python benchmarks/comments_api.py --database-url "$${AREALWEB_BENCH_POSTGIS_URL:-$$(scripts/postgis.sh start)}"

bench-moderation: setup ## The moderation queue (a spot map per card) with 100 and 500 comments, and 200 mails through a local SMTP server
	$(BIN)/python benchmarks/moderation_queue.py

bench-comments-map: setup ## The comments map with 20 000 comments in Chromium against a bare Leaflet page
	$(BIN)/python benchmarks/comments_map.py

bench-places: setup ## Place search and «where a point is» with the gazetteer and 5 000 / 20 000 more names, SQLite and PostGIS
	@export AREALWEB_PG_PORT=54379 AREALWEB_PG_DIR=/tmp/arealweb-bench-places; \
	trap 'scripts/postgis.sh stop >/dev/null' EXIT; \
	url=$${AREALWEB_BENCH_POSTGIS_URL:-$$(scripts/postgis.sh start)}; \
	$(BIN)/python benchmarks/places.py --database-url "$$url"

bench-print-maps: setup ## The printed map (demo and 30 categories) on A4/A3 either way up: layout, PNG and PDF times
	$(BIN)/python benchmarks/print_maps.py

bench-zone-labels: setup ## The web map's zone-name layout in Chromium: demo and 2 000 zones, zoom 13, 14, 16
	$(BIN)/python benchmarks/zone_labels.py

bench-save-question: setup ## The question before a save (protected land, no goal): its cost per save, demo and 10 000 zones (SQLite)
	$(BIN)/python benchmarks/save_question.py

bench-startup: setup ## `arealweb --help` and the first answer of a new process, as ratios to `import flask`
	$(BIN)/python benchmarks/startup.py

bench-service: setup ## arealweb serve at a hearing's peak: comment ingest, and two instances against one (Redis, SQLite and PostGIS)
	$(BIN)/python benchmarks/service_load.py

bench-workshop: setup ## 100 workshop devices and a plenary screen: lost input and post-to-screen delay (SQLite; pushed, also PostGIS)
	$(BIN)/python benchmarks/workshop_load.py
	$(BIN)/python benchmarks/workshop_load.py --stream
	$(BIN)/python benchmarks/workshop_load.py --stream --server 'serve --workers 2 --threads 8'
	@export AREALWEB_PG_PORT=54382 AREALWEB_PG_DIR=/tmp/arealweb-bench-workshop AREALWEB_PG_DURABLE=1; \
	trap 'scripts/postgis.sh stop >/dev/null' EXIT; \
	url=$${AREALWEB_BENCH_POSTGIS_URL:-$$(scripts/postgis.sh start)}; \
	$(BIN)/python benchmarks/workshop_load.py --stream --server 'serve --workers 2 --threads 8' --database-url "$$url"

bench-workshop-reopen: setup ## Closing and reopening a workshop of 3 000 inputs: the confirmation page's count, a closed screen's check for a reopening (SQLite and PostGIS)
	@export AREALWEB_PG_PORT=54381 AREALWEB_PG_DIR=/tmp/arealweb-bench-reopen; \
	trap 'scripts/postgis.sh stop >/dev/null' EXIT; \
	url=$${AREALWEB_BENCH_POSTGIS_URL:-$$(scripts/postgis.sh start)}; \
	$(BIN)/python benchmarks/workshop_reopen.py --database-url "$$url"

bench-backup: setup ## arealweb backup/restore of 10 000 zones on SQLite and PostGIS; a backup while the app writes
	$(BIN)/python benchmarks/backup.py --database-url "$${AREALWEB_BENCH_POSTGIS_URL:-$$(scripts/postgis.sh start)}"

bench-documents: setup ## The golden-thread PDF cold (waiting page, then drawn), warm and from another process; the merknadsbehandling as PDF and .docx
	$(BIN)/python benchmarks/documents.py

bench-scenarios: setup ## The arealregnskap of 10 000 zones: the plan alone and with three scenarios, as a ratio
	$(BIN)/python benchmarks/scenarios.py

messages: setup ## Extract every translatable string and merge it into the catalogues
	$(BIN)/python scripts/update_translations.py

clean: ## Remove the virtualenv and caches (keeps instance/ with your database)
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
