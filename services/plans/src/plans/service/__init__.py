"""Use cases of the plans service, one module per area: change state, stage events, commit once."""
