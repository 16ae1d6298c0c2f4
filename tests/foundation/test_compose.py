"""docker-compose.yml: valid Compose, ordered start-up, and every variable one the settings classes read."""

import importlib
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import AliasChoices

from tukiverkko_common.contracts import TOPICS
from tukiverkko_common.launcher import discover
from tukiverkko_common.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
DEPLOYABLES = discover(ROOT)
# asyncpg reads these as libpq does: the password and TLS stay out of the database URL.
LIBPQ = {"PGPASSWORD", "PGSSLMODE", "PGSSLROOTCERT"}
VARIABLE = re.compile(r"\$\{([A-Z0-9_]+)(?::?[-?]([^}]*))?\}")


def _settings_class(name: str) -> type[ServiceSettings]:
    module = importlib.import_module(f"{name}.config")
    classes = [
        v
        for v in vars(module).values()
        if isinstance(v, type)
        and issubclass(v, ServiceSettings)
        and v.__module__ == module.__name__
    ]
    assert len(classes) == 1, f"{name}.config defines {classes}"
    return classes[0]


def _env_names(cls: type[ServiceSettings]) -> set[str]:
    """Return the variable names the class reads (an alias replaces the prefixed name)."""
    prefix = cls.model_config.get("env_prefix", "")
    names = set()
    for field_name, info in cls.model_fields.items():
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            names |= {c for c in alias.choices if isinstance(c, str) and c.isupper()}
        else:
            names.add(f"{prefix}{field_name}".upper())
    return names


def _processes(name: str) -> list[str]:
    return [name, f"{name}-worker", f"{name}-migrate"]


def test_compose_conforms_to_the_vendored_compose_specification():
    schema = json.loads((ROOT / "deploy/schemas/compose-spec.json").read_text())
    jsonschema.Draft7Validator(schema).validate(COMPOSE)
    assert (ROOT / "deploy/schemas/compose-spec.LICENSE").read_text().lstrip().startswith("Apache")


@pytest.mark.parametrize("name", [d.name for d in DEPLOYABLES])
def test_every_variable_is_one_the_settings_class_reads(name):
    readable = _env_names(_settings_class(name)) | LIBPQ
    for process in _processes(name):
        env = SERVICES[process]["environment"]
        assert set(env) - readable == set(), process
        assert env["TUKIVERKKO_ENV"] == "production" and env["KAFKA_IDEMPOTENT_PRODUCER"] == "true"
        assert env[f"{name.upper()}_DATABASE_URL"].endswith(f"://{name}@postgres:5432/{name}")
        assert (
            env["PGPASSWORD"] == f"${{{name.upper()}_DB_PASSWORD:?set {name.upper()}_DB_PASSWORD}}"
        )


def _resolved(env: dict[str, Any], secrets: dict[str, str]) -> dict[str, str]:
    def value(text: str) -> str:
        return VARIABLE.sub(lambda m: secrets.get(m.group(1)) or m.group(2) or "", text)

    return {k: value(str(v)) for k, v in env.items()}


@pytest.mark.parametrize("name", [d.name for d in DEPLOYABLES])
def test_each_process_starts_in_production_with_what_compose_gives_it(name, monkeypatch):
    from gateway.auth.keys import generate_pem

    secrets = {"GATEWAY_SIGNING_KEY_PEM": generate_pem()}
    for key, example in _example_variables().items():
        secrets.setdefault(key, example or f"example-{key.lower()}")
    for process in _processes(name):
        for key, value in _resolved(SERVICES[process]["environment"], secrets).items():
            monkeypatch.setenv(key, value)
        settings = _settings_class(name)()
        assert settings.environment == "production"
        assert settings.kafka_partitions == ServiceSettings.model_fields["kafka_partitions"].default


def _example_variables() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    pairs = [line.split("=", 1) for line in lines if line and not line.startswith("#")]
    return dict(pairs)


def test_env_example_lists_every_variable_compose_reads():
    used = set(VARIABLE.findall((ROOT / "docker-compose.yml").read_text()))
    assert {name for name, _ in used} == set(_example_variables())


def test_each_api_starts_after_its_migration_and_the_topics():
    for d in DEPLOYABLES:
        api, worker = SERVICES[d.name], SERVICES[f"{d.name}-worker"]
        assert d.app in SERVICES[f"{d.name}-migrate"]["command"]
        assert SERVICES[f"{d.name}-migrate"]["depends_on"]["postgres"] == {
            "condition": "service_healthy"
        }
        for process in (api, worker):
            done = {"condition": "service_completed_successfully"}
            assert process["depends_on"][f"{d.name}-migrate"] == done, d.name
            assert process["depends_on"]["kafka-topics"] == done, d.name
        assert "/health/ready" in str(api["healthcheck"]["test"]), d.name
        assert api["environment"][f"{d.name.upper()}_MIGRATE_ON_START"] == "false"


def test_only_the_gateway_publishes_a_port_the_image_listens_on():
    image_port = re.search(r"--port (\d+)", (ROOT / "Dockerfile").read_text()).group(1)
    published = {name: s["ports"] for name, s in SERVICES.items() if "ports" in s}
    assert list(published) == ["gateway"]
    assert published["gateway"][0].endswith(f":{image_port}")
    assert f"127.0.0.1:{image_port}/health/ready" in str(SERVICES["gateway"]["healthcheck"])


def test_topics_are_created_with_the_settings_partitions_and_their_dead_letter_topics():
    step = SERVICES["kafka-topics"]
    created = set(re.search(r"for t in (.*?); do", step["command"][0]).group(1).split())
    assert created == {t for topic in TOPICS for t in (topic, f"{topic}.dlq")}
    default = ServiceSettings.model_fields["kafka_partitions"].default
    assert step["environment"]["KAFKA_PARTITIONS"] == f"${{KAFKA_PARTITIONS:-{default}}}"
    assert '--partitions "$$KAFKA_PARTITIONS"' in step["command"][0]
    assert _example_variables()["KAFKA_PARTITIONS"] == str(default)


def test_every_worker_is_healthchecked_on_the_health_port_it_is_given():
    for d in DEPLOYABLES:
        worker = SERVICES[f"{d.name}-worker"]
        port = worker["environment"]["TUKIVERKKO_WORKER_HEALTH_PORT"]
        check = " ".join(worker["healthcheck"]["test"])
        assert f"http://127.0.0.1:{port}/health/" in check, d.name
        assert "'live', 'ready'" in check, f"{d.name}: healthy means alive and ready"
