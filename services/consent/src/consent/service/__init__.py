"""Use cases of the consent service, one module per area: change state, stage events, commit once."""
