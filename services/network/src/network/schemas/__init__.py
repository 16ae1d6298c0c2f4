"""API models per area: XCreate/XUpdate on fields.Input, XRead."""
