"""The decision table: each of purpose, category, recipient and time flips a permit to a deny."""

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from consent.models import consents
from tukiverkko_common.ids import new_id

PROVIDER = "01900000-0000-7000-8000-00000000b001"
OTHER_ORG = "01900000-0000-7000-8000-00000000b002"
NOW = datetime.now(UTC).replace(microsecond=0)
FROM, UNTIL = NOW - timedelta(days=1), NOW + timedelta(days=30)
BASE = {
    "purpose": "plan_sharing_with_provider",
    "data_category": "plan",
    "recipient": PROVIDER,
    "at": NOW,
}


def iso(value: datetime) -> str:
    return value.isoformat()


@pytest.fixture(scope="module")
async def scenario(consent) -> dict:
    """A subject with one consent: plan and contact details to PROVIDER for plan sharing, FROM..UNTIL."""
    subject = await consent.subject("resource_file_citizen")
    record = await consent.grant(
        subject,
        purpose="plan_sharing_with_provider",
        data_categories=["plan", "contact_details"],
        recipients=[PROVIDER],
        valid_from=iso(FROM),
        valid_until=iso(UNTIL),
    )
    return {"subject": subject, "consent_id": record["id"]}


DECISION_TABLE = [
    ("the consent as given", {}, "permit"),
    ("another purpose", {"purpose": "statistics"}, "deny"),
    ("another data category", {"data_category": "free_text_notes"}, "deny"),
    ("the other covered category", {"data_category": "contact_details"}, "permit"),
    ("another recipient", {"recipient": OTHER_ORG}, "deny"),
    ("the team instead of the provider", {"recipient": "team"}, "deny"),
    ("a second before valid_from", {"at": FROM - timedelta(seconds=1)}, "deny"),
    ("exactly at valid_from", {"at": FROM}, "permit"),
    ("a second before valid_until", {"at": UNTIL - timedelta(seconds=1)}, "permit"),
    ("exactly at valid_until", {"at": UNTIL}, "deny"),
    ("after valid_until", {"at": UNTIL + timedelta(days=1)}, "deny"),
]


@pytest.mark.parametrize(
    ("case", "change", "expected"), DECISION_TABLE, ids=[c[0] for c in DECISION_TABLE]
)
async def test_consent_decision_table(consent, scenario, case, change, expected):
    query = BASE | change
    result = await consent.decide(
        scenario["subject"],
        query["purpose"],
        query["data_category"],
        query["recipient"],
        iso(query["at"]),
    )
    assert result["decision"] == expected, f"{case}: {result}"
    assert result["consent_ids"] == ([scenario["consent_id"]] if expected == "permit" else [])
    assert result["reason"]


async def test_consent_decision_for_unknown_subject_denies(consent):
    result = await consent.decide(str(new_id()), "network_sharing", "contact_details", "team")
    assert result == {"decision": "deny", "consent_ids": [], "reason": result["reason"]}


async def test_consent_withdrawn_consent_never_permits_even_for_earlier_times(consent):
    subject = await consent.subject()
    record = await consent.grant(subject, valid_from=iso(FROM))
    assert (await consent.decide(subject, "network_sharing", "contact_details", "team"))[
        "decision"
    ] == "permit"
    response = await consent.http.post(
        f"/api/v1/consents/{record['id']}/withdraw", json={"reason": "asiakas peruutti"}
    )
    assert response.status_code == 200, response.text
    for at in (None, iso(NOW - timedelta(hours=1)), iso(NOW + timedelta(days=1))):
        assert (await consent.decide(subject, "network_sharing", "contact_details", "team", at))[
            "decision"
        ] == "deny"


async def test_consent_expired_consent_never_permits(consent):
    subject = await consent.subject()
    until = datetime.now(UTC) + timedelta(seconds=2)
    record = await consent.grant(subject, valid_from=iso(FROM), valid_until=iso(until))
    inside = iso(until - timedelta(seconds=1))
    assert (await consent.decide(subject, "network_sharing", "contact_details", "team", inside))[
        "decision"
    ] == "permit"

    async def marked_expired():
        body = await consent.get(f"/api/v1/consents/{record['id']}")
        return body["expired_at"] is not None and body

    assert (await consent.eventually(marked_expired, timeout=15))["status"] == "expired"
    for at in (None, inside, iso(NOW)):
        assert (await consent.decide(subject, "network_sharing", "contact_details", "team", at))[
            "decision"
        ] == "deny"


async def test_consent_decision_lists_every_consent_it_rests_on(consent):
    subject = await consent.subject()
    first = await consent.grant(subject, data_categories=["contact_details", "network_map"])
    second = await consent.grant(subject, data_categories=["contact_details"], notice_language="sv")
    result = await consent.decide(subject, "network_sharing", "contact_details", "team")
    assert result["decision"] == "permit"
    assert result["consent_ids"] == sorted([first["id"], second["id"]])
    only_first = await consent.decide(subject, "network_sharing", "network_map", "team")
    assert only_first["consent_ids"] == [first["id"]]


async def test_consent_guardian_given_consent_records_its_basis(consent):
    subject = await consent.subject("resource_file_citizen")
    given_by = {
        "role": "guardian",
        "representation_basis": "parental_custody",
        "representation_reference": "huoltajuuspäätös 12/2024",
    }
    record = await consent.grant(subject, given_by=given_by)
    stored = (await consent.http.get(f"/api/v1/consents/{record['id']}")).json()
    assert stored["given_by"] == given_by | {"representative_id": None}
    missing_basis = await consent.http.post(
        "/api/v1/consents",
        json={
            "subject_id": subject,
            "purpose": "network_sharing",
            "data_categories": ["plan"],
            "recipients": ["team"],
            "given_by": {"role": "legal_representative"},
            "collection_method": "oral",
            "notice_version": "v1",
            "notice_language": "fi",
        },
    )
    assert missing_basis.status_code == 422
    assert missing_basis.json()["errors"][0]["field"] == "given_by"
    assert await consent.count(consents, subject_id=UUID(subject)) == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("purpose", "marketing"),
        ("data_category", "health"),
        ("recipient", "not-an-organisation"),
        ("at", "2025-01-01T12:00:00"),
        ("at", 1700000000),
        ("at", "1700000000"),
    ],
)
async def test_consent_decision_rejects_bad_input_with_a_problem(consent, field, value):
    body = {
        "subject_id": str(new_id()),
        "purpose": "statistics",
        "data_category": "plan",
        "recipient": "team",
    } | {field: value}
    response = await consent.http.post("/api/v1/decisions", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == [field]


@pytest.mark.parametrize("raw", [b"", b"{", b"[]", b"null"])
async def test_consent_decision_answers_a_body_that_is_no_request_with_a_problem(consent, raw):
    response = await consent.http.post(
        "/api/v1/decisions", content=raw, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["body"]


async def test_consent_decision_refuses_a_caller_without_the_internal_token(consent, scenario):
    body = BASE | {"subject_id": scenario["subject"], "at": iso(NOW)}
    response = await consent.http.post(
        "/api/v1/decisions", json=body, headers={"x-internal-token": "wrong"}
    )
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert "consent_ids" not in response.text


async def test_consent_decisions_are_counted_under_their_route(consent, scenario):
    await consent.decide(scenario["subject"], **(BASE | {"at": iso(NOW)}))
    metrics = (await consent.http.get("/metrics")).text
    assert 'route="/api/v1/decisions"' in metrics
