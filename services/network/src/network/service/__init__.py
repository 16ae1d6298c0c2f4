"""Use cases per area: change state, stage events, commit once."""
