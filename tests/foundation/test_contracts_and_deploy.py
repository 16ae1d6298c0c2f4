"""Event contracts, their exported schemas, and the deployment files, checked against the standards."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from tukiverkko_common.contracts import audit, consent, plans
from tukiverkko_common.events import CloudEvent, InvalidEnvelope, registered_contracts
from tukiverkko_common.launcher import discover
from tukiverkko_common.schema_export import asyncapi_document, json_schemas

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "schemas"


def _reference(relative: str) -> dict:
    path = REFERENCE / relative
    if not path.exists():
        pytest.skip(f"reference schema {path} not present on this machine")
    return json.loads(path.read_text())


def test_every_contract_has_a_versioned_past_tense_type_and_a_topic():
    contracts = registered_contracts()
    assert len(contracts) >= 11
    for event_type, model in contracts.items():
        assert event_type.startswith("fi.tukiverkko.") and event_type.rsplit(".", 1)[-1].startswith(
            "v"
        ), event_type
        assert model.topic in {audit.TOPIC, consent.TOPIC, plans.TOPIC} or model.topic.startswith(
            "tukiverkko."
        )


def test_exported_json_schemas_are_valid_and_accept_real_payloads():
    schemas = json_schemas()
    sample = plans.ClientRegistered(
        client_id="0190a8f0-0000-7000-8000-000000000001",
        municipality="Kuopio",
        registered_at="2026-01-05T08:00:00Z",
    )
    schema = schemas[plans.ClientRegistered.event_type]
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(sample.model_dump(mode="json"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"client_id": "x"}, schema)


def test_asyncapi_document_conforms_to_asyncapi_3():
    document = asyncapi_document()
    jsonschema.validate(document, _reference("asyncapi/asyncapi-3.0.0.json"))
    addresses = {channel["address"] for channel in document["channels"].values()}
    assert {plans.TOPIC, consent.TOPIC, audit.TOPIC} <= addresses


def test_cloudevent_round_trips_through_kafka_binary_mode():
    payload = consent.ConsentWithdrawn(
        consent_id="0190a8f0-0000-7000-8000-000000000002",
        subject_id="0190a8f0-0000-7000-8000-000000000003",
        subject_kind="client",
        purpose="network_sharing",
        data_categories=["contact_details"],
        recipients=["team"],
        valid_from="2026-01-01T00:00:00Z",
        withdrawn_at="2026-02-01T00:00:00Z",
    )
    envelope = CloudEvent.wrap(
        payload, source="/tukiverkko/consent", subject=str(payload.subject_id)
    )
    headers = envelope.kafka_headers()
    assert dict(headers)["ce_type"] == b"fi.tukiverkko.consent.withdrawn.v1"
    back = CloudEvent.from_kafka(headers, envelope.body())
    assert back == envelope
    assert back.payload() == payload


@pytest.mark.parametrize(
    ("headers", "body", "message"),
    [
        ([("ce_id", b"1"), ("ce_source", b"/x")], b"{}", "ce_type"),
        (
            [("ce_id", b"1"), ("ce_source", b"/x"), ("ce_type", b"t"), ("ce_specversion", b"0.3")],
            b"{}",
            "specversion",
        ),
        (
            [("ce_id", b"1"), ("ce_source", b"/x"), ("ce_type", b"t"), ("ce_specversion", b"1.0")],
            b"{oops",
            "not JSON",
        ),
    ],
)
def test_invalid_envelopes_are_rejected_naming_the_fault(headers, body, message):
    with pytest.raises(InvalidEnvelope, match=message):
        CloudEvent.from_kafka(headers, body)


def test_docker_compose_conforms_to_the_compose_spec():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    jsonschema.Draft7Validator(_reference("compose/compose-spec.json")).validate(compose)
    assert compose["services"]["kafka"]["image"].startswith("apache/kafka")
    for deployable in discover(ROOT):
        for name in (deployable.name, f"{deployable.name}-worker"):
            env = compose["services"][name]["environment"]
            assert env["TUKIVERKKO_ENV"] == "production", name
            assert env["KAFKA_IDEMPOTENT_PRODUCER"] == "true", name


def test_kubernetes_manifests_are_complete():
    kustomization = yaml.safe_load((ROOT / "deploy/k8s/kustomization.yaml").read_text())
    deployments = {}
    for resource in kustomization["resources"]:
        for doc in yaml.safe_load_all((ROOT / "deploy/k8s" / resource).read_text()):
            assert doc["apiVersion"] and doc["kind"], resource
            if doc["kind"] == "Deployment":
                deployments[doc["metadata"]["name"]] = doc
    names = [d.name for d in discover(ROOT)]
    assert set(deployments) == set(names) | {f"{name}-worker" for name in names}
    for name in names:
        spec = deployments[name]["spec"]["template"]["spec"]
        container = spec["containers"][0]
        assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
        assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert spec["initContainers"][0]["name"] == "migrate"
    for deployment in deployments.values():
        spec = deployment["spec"]["template"]["spec"]
        assert spec["securityContext"]["runAsNonRoot"] is True
        for container in spec["containers"]:
            assert container["securityContext"]["readOnlyRootFilesystem"] is True
