"""Search over the resource file (full text, filters, matching)."""
