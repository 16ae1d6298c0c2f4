"""Consent service: consent records, decisions, receipts, access and disclosure logs."""
