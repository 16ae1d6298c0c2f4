"""Test helpers: the real embedded broker, a throwaway PostgreSQL server, shared fixtures."""
