"""API models: XCreate / XUpdate (extra="forbid", with examples) and XRead, one module per area."""
