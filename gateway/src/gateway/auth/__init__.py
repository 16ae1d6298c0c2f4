"""Who is calling: tokens the gateway issues, tokens of an external OIDC issuer, X-Road callers."""
