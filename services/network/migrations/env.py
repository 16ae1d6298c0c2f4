"""Alembic environment of the network service."""

from network.models import metadata
from tukiverkko_common.migrations import run_env

run_env(metadata)
