"""Alembic environment of the resources service."""

from resources.models import metadata
from tukiverkko_common.migrations import run_env

run_env(metadata)
