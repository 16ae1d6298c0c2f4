"""Secrets with development defaults are refused outside development."""

import pytest
from pydantic import ValidationError

from gateway.auth.keys import generate_pem
from gateway.config import GatewaySettings

REAL = {
    "internal_token": "x" * 40,
    "signing_key": generate_pem(),
    "pseudonym_key": "p" * 40,
    "webhook_secret_key": "w" * 40,
}


@pytest.mark.parametrize("secret", sorted(REAL))
def test_production_refuses_each_development_default(secret: str):
    values = {k: v for k, v in REAL.items() if k != secret}
    with pytest.raises(ValidationError, match=f"{secret} uses its development default"):
        GatewaySettings(environment="production", **values)


def test_production_starts_with_real_secrets_and_development_with_none():
    assert (
        GatewaySettings(environment="production", **REAL).signing_key.get_secret_value()
        == REAL["signing_key"]
    )
    assert GatewaySettings(environment="development").unsafe_defaults()["signing_key"] is True
