# Two commands do all the set-up: `make run` and `make test`. Each installs what is missing.
SHELL := /bin/bash
UV = $(shell ./scripts/bootstrap.sh)

.PHONY: run test sync bench schemas lint admin

sync:
	@$(UV) sync --frozen --all-packages

run: sync
	@$(UV) run --frozen python -m tukiverkko_common.launcher $(ARGS)

# The operator's command line (organisations, API clients, keys, parked outbox rows), e.g.
# make admin ARGS="org list"   or   make admin ARGS="outbox parked --service plans"
admin: sync
	@$(UV) run --frozen tukiverkko-admin $(ARGS)

test: sync
	@$(UV) run --frozen pytest $(PYTEST_ARGS)

bench: sync
	@for b in bench/*.py; do echo "== $$b"; $(UV) run --frozen python $$b || exit 1; done

schemas: sync
	@$(UV) run --frozen python -m tukiverkko_common.schema_export docs/events

LINT_PATHS = libs services gateway tests bench scripts conftest.py

lint: sync
	@$(UV) run --frozen ruff check $(LINT_PATHS)
	@$(UV) run --frozen ruff format --check $(LINT_PATHS)
