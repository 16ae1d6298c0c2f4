"""Alembic environment of the consent service."""

from consent.models import metadata
from tukiverkko_common.migrations import run_env

run_env(metadata)
