"""Alembic environment of the gateway's database."""

from gateway.models import metadata
from tukiverkko_common.migrations import run_env

run_env(metadata)
