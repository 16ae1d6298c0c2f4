"""Queries per area; never commit."""
