"""Consent service."""
