"""Queries of the consent service, one module per area. Repositories never commit."""
