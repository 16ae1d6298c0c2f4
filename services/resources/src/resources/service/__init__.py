"""Use cases of the resources service, one module per area: change state, stage events, commit once."""
