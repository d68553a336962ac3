# The front door. `make demo` installs and runs every workbook in inputs/ (a fresh clone holds the
# example); `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: install demo test test-integration lint docs bench bench-quick bench-latency bench-review serve prefect-yaml deploy alerts templates example clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/promopacket run

# pytest exits 5 when a selection collects nothing: that is not a failure of the suite.
test: install
	$(PY) -m pytest; rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$rc

lint: install
	$(VENV)/bin/ruff check promopacket tests bench scripts
	$(VENV)/bin/ruff format --check promopacket tests bench scripts

# The documentation site (docs/, mkdocs.yml) into site/: --strict fails on a broken link or a
# page left out of the nav. Offline: no remote fonts or analytics (see mkdocs.yml).
DOCS_DEPS := $(PY) -c "import mkdocs, material" 2>/dev/null || $(PY) -m pip install --quiet -e ".[docs]"
docs: install
	$(DOCS_DEPS)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

# Benchmarks (not tests; nothing here asserts a timing): bench/report.md and bench/results.json.
# bench-quick: 10 and 100 people, the cold start and `watch` latency (≈ 4 min); bench: 10, 100 and 1,000 people,
# plus the 1,000 on a 2-worker Dask LocalCluster against a real Prefect server (long).
BENCH_DEPS := $(PY) -c "import psutil" 2>/dev/null || $(PY) -m pip install --quiet -e ".[bench]"
bench: install
	$(BENCH_DEPS)
	$(PY) bench/bench_cohort.py --sizes 10 100 1000 --dask 1000 --processes 1000 --review 1000

# The review stage alone (calibration, changes, HTML review) for 1,000 people, added to the
# figures already in bench/results.json (a few minutes).
bench-review: install
	$(BENCH_DEPS)
	$(PY) bench/bench_cohort.py --only-review --review 1000

bench-quick: install
	$(BENCH_DEPS)
	$(PY) bench/bench_cohort.py --sizes 10 100 --quick

# Issue 27's latency rows alone (rerun with nothing changed, one person changed, `watch`) into
# bench/latency.json, bench/report.md untouched: one change measured before and after in minutes.
bench-latency: install
	$(BENCH_DEPS)
	$(PY) bench/bench_latency.py --people 1000 --watch 100

# Cohort runs on a cron against a real server (prefect server start; PREFECT_API_URL set):
# the cohort-weekly deployment of prefect.yaml, on its own schedule unless CRON is given.
CRON ?=
serve: install
	$(VENV)/bin/promopacket serve $(if $(CRON),--cron "$(CRON)")

# prefect.yaml is written from the one declaration of the deployments (flows/deployments.py).
prefect-yaml: install
	$(PY) -m promopacket.flows.deployments prefect.yaml

# prefect.yaml's deployments on a real server, for a process worker (the pool is named there).
POOL := promopacket
deploy: install
	@test -n "$$PREFECT_API_URL" || (echo "Set PREFECT_API_URL (e.g. http://127.0.0.1:4200/api) to a running 'prefect server start'."; exit 2)
	@$(VENV)/bin/prefect work-pool inspect $(POOL) >/dev/null 2>&1 \
	  || $(VENV)/bin/prefect work-pool create $(POOL) --type process
	$(VENV)/bin/prefect --no-prompt deploy --all
	@echo "Deployed. Start a worker (it runs scheduled and triggered runs until stopped):"
	@echo "  $(VENV)/bin/prefect worker start --pool $(POOL)"
	@echo "Run one now: $(VENV)/bin/prefect deployment run build-cohort/cohort-weekly"

# An automation on the real server: a webhook POST when a run ends Failed or with problems.
alerts: install
	@test -n "$(WEBHOOK)" || (echo 'usage: make alerts WEBHOOK=https://…  (PREFECT_API_URL set)'; exit 2)
	$(PY) -m promopacket.flows.alerts "$(WEBHOOK)"

templates: install
	$(PY) scripts/make_templates.py

example: install
	$(PY) scripts/make_example.py

clean:
	rm -rf outputs/*/ .pytest_cache
