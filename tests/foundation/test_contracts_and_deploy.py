"""Event contracts and their exported schemas, checked against the standards."""

import json
from pathlib import Path

import jsonschema
import pytest

from tukiverkko_common.contracts import audit, consent, plans
from tukiverkko_common.events import CloudEvent, InvalidEnvelope, registered_contracts
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


# The deployment files' checks live in test_compose.py (Compose Specification, settings classes)
# and test_k8s.py / test_k8s_policies.py (the rendered overlays).
