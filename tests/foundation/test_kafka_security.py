"""Kafka TLS and SASL: every client gets the same security arguments, and unsafe settings are refused."""

import asyncio
import ssl
from typing import Any

import pytest
from pydantic import ValidationError

from tukiverkko_common import kafka
from tukiverkko_common.settings import ServiceSettings
from tukiverkko_common.testing.certificates import TestCA

TOKEN = "a-production-internal-token-for-tests"


class Recorded:
    """Stands in for an aiokafka client class: remembers the arguments it was built with."""

    built: list[dict[str, Any]]

    def __init__(self, *topics: str, **kwargs: Any) -> None:
        type(self).built.append(kwargs)

    async def start(self) -> None:
        pass

    async def list_topics(self) -> list[str]:
        return ["t", "t.dlq"]

    async def close(self) -> None:
        pass


def _clients(monkeypatch: pytest.MonkeyPatch, settings: ServiceSettings) -> list[dict[str, Any]]:
    """Build a producer, a consumer and ensure_topics' admin client; return their arguments."""
    Recorded.built = []
    for name in ("AIOKafkaProducer", "AIOKafkaConsumer", "AIOKafkaAdminClient"):
        monkeypatch.setattr(kafka, name, Recorded)
    kafka.make_producer(settings)
    kafka.make_consumer(settings, "t", group_id="g")
    asyncio.run(kafka.ensure_topics(settings, ["t"]))
    assert len(Recorded.built) == 3
    return Recorded.built


def _settings(**values: Any) -> ServiceSettings:
    values.setdefault("environment", "production")
    return ServiceSettings(kafka_bootstrap_servers="kafka:9093", internal_token=TOKEN, **values)


def test_plaintext_by_default_with_no_tls_or_credentials(monkeypatch):
    for args in _clients(monkeypatch, _settings()):
        assert args["security_protocol"] == "PLAINTEXT"
        assert "ssl_context" not in args and "sasl_plain_password" not in args


def test_sasl_ssl_reaches_every_client_with_a_verifying_context(monkeypatch, tmp_path):
    authority = TestCA(tmp_path, "tukiverkko-test-ca")
    ca = authority.files.cert
    client = authority.issue("tukiverkko-test-client", "client")
    cert, key = client.cert, client.key
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "plans")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", "synthetic-password")
    monkeypatch.setenv("KAFKA_SSL_CAFILE", str(ca))
    monkeypatch.setenv("KAFKA_SSL_CERTFILE", str(cert))
    monkeypatch.setenv("KAFKA_SSL_KEYFILE", str(key))
    settings = _settings()
    assert "synthetic-password" not in repr(settings), "the password stays out of logs"
    for args in _clients(monkeypatch, settings):
        assert args["security_protocol"] == "SASL_SSL"
        assert args["sasl_mechanism"] == "SCRAM-SHA-512"
        assert (args["sasl_plain_username"], args["sasl_plain_password"]) == (
            "plans",
            "synthetic-password",
        )
        context: ssl.SSLContext = args["ssl_context"]
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
        issuers = [dict(c["subject"][0])["commonName"] for c in context.get_ca_certs()]
        assert issuers == ["tukiverkko-test-ca"], "the brokers are verified against our CA"


def test_ssl_without_sasl_sends_no_credentials(monkeypatch):
    for args in _clients(monkeypatch, _settings(kafka_security_protocol="SSL")):
        assert args["security_protocol"] == "SSL" and isinstance(
            args["ssl_context"], ssl.SSLContext
        )
        assert "sasl_mechanism" not in args


@pytest.mark.parametrize(
    ("values", "field"),
    [
        (
            {"kafka_security_protocol": "SASL_SSL", "kafka_sasl_password": "p"},
            "kafka_sasl_username",
        ),
        (
            {"kafka_security_protocol": "SASL_SSL", "kafka_sasl_username": "u"},
            "kafka_sasl_password",
        ),
        ({"kafka_ssl_cafile": "/etc/kafka/ca.crt"}, "kafka_ssl_cafile"),
        ({"kafka_security_protocol": "SSL", "kafka_ssl_certfile": "/c.crt"}, "kafka_ssl_keyfile"),
        (
            {
                "kafka_security_protocol": "SASL_PLAINTEXT",
                "kafka_sasl_username": "u",
                "kafka_sasl_password": "p",
            },
            "kafka_security_protocol",
        ),
        ({"kafka_security_protocol": "TLS"}, "kafka_security_protocol"),
    ],
)
def test_unsafe_or_incomplete_kafka_security_is_refused_naming_the_field(values, field):
    with pytest.raises(ValidationError, match=field):
        _settings(**values)


def test_sasl_over_plaintext_only_when_asked_for_by_name_or_in_development():
    sasl = {
        "kafka_security_protocol": "SASL_PLAINTEXT",
        "kafka_sasl_username": "u",
        "kafka_sasl_password": "p",
    }
    assert _settings(**sasl, kafka_allow_plaintext_sasl=True).kafka_allow_plaintext_sasl
    assert _settings(**sasl, environment="development").environment == "development"
