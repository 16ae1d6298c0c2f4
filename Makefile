# Two commands do all the set-up: `make run` and `make test`. Each installs what is missing.
SHELL := /bin/bash
UV = $(shell ./scripts/bootstrap.sh)

.PHONY: run test sync bench schemas lint admin demo

# Bytecode compiled once at install: with PYTHONDONTWRITEBYTECODE set (as on the CI machine)
# every process would otherwise compile every module it imports, ~3 s per service start.
sync:
	@$(UV) sync --frozen --all-packages --compile-bytecode --quiet
	@$(UV) run --frozen python -m compileall -q libs/*/src services/*/src gateway/src

run: sync
	@$(UV) run --frozen python -m tukiverkko_common.launcher $(ARGS)

# The operator's command line (organisations, API clients, keys, parked outbox rows), e.g.
# make admin ARGS="org list"   or   make admin ARGS="outbox parked --service plans"
admin: sync
	@TUKIVERKKO_ENV="$${TUKIVERKKO_ENV:-development}" $(UV) run --frozen tukiverkko-admin $(ARGS)

test: sync
	@$(UV) run --frozen pytest $(PYTEST_ARGS)

# A synthetic pilot region loaded through the gateway of a running `make run`, e.g.
# make demo   or   make demo ARGS="--size large --seed 7"   (an interrupted run resumes)
demo: sync
	@TUKIVERKKO_ENV="$${TUKIVERKKO_ENV:-development}" $(UV) run --frozen python -m tukiverkko_demo $(ARGS)

# Every benchmark in small mode (a few minutes), then bench/README.md and its plots, e.g.
# make bench   or   make bench ARGS=--full   or   make bench ARGS="--only resources_search"
bench: sync
	@$(UV) run --frozen python bench/run.py $(ARGS)

schemas: sync
	@$(UV) run --frozen python -m tukiverkko_common.schema_export docs/events

LINT_PATHS = libs services gateway tests bench scripts conftest.py
# Every package's src root, so mypy resolves a newly added service without a config edit.
SRC_ROOTS = $(shell ls -d libs/*/src services/*/src gateway/src | paste -sd:)

lint: sync
	@$(UV) run --frozen ruff check $(LINT_PATHS)
	@$(UV) run --frozen ruff format --check $(LINT_PATHS)
	@MYPYPATH=$(SRC_ROOTS) $(UV) run --frozen mypy

# Node tooling for the interface documents (Spectral, pinned in tools/package-lock.json).
.PHONY: tools
tools: tools/node_modules/.bin/spectral
tools/node_modules/.bin/spectral: tools/package.json tools/package-lock.json
	@npm ci --prefix tools --no-audit --no-fund --loglevel=error
	@touch $@
test: tools
