"""Alembic environment of the plans service's database."""

from plans.models import metadata
from tukiverkko_common.migrations import run_env

run_env(metadata)
