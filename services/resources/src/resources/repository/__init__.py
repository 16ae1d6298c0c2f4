"""Queries of the resources service, one module per area; they never commit."""
