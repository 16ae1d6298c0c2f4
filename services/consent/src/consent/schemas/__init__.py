"""API models of the consent service, one module per area: input is strict (extra="forbid"), output is what callers read."""
