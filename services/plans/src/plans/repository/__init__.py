"""Queries of the plans service, one module per area. Repositories never commit."""
