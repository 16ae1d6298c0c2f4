"""API models of the resources service, one module per area."""
