"""API gateway: the only door into the platform."""
