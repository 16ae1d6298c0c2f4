"""Consent records over the API: recording, reading, listing, withdrawal, changes, receipts, bad input."""

import base64
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode
from uuid import UUID

import pytest

from consent.models import ConsentRevision, consents, subjects
from tukiverkko_common.ids import new_id

PROVIDER = "01900000-0000-7000-8000-00000000c001"


def actor(consent) -> dict:
    """The caller as the gateway identifies it in the test client's headers."""
    return {
        "organisation_id": consent.http.headers["x-actor-organisation"],
        "user_id": consent.http.headers["x-actor-user"],
    }


def valid_body(subject_id: str, **fields) -> dict:
    return {
        "subject_id": subject_id,
        "purpose": "disclosure_to_organisation",
        "data_categories": ["contact_details"],
        "recipients": [PROVIDER],
        "given_by": {"role": "subject"},
        "collection_method": "electronic",
        "notice_version": "disclosure-2025-02",
        "notice_language": "fi",
    } | fields


async def test_consent_recorded_with_who_recorded_it_and_readable_back(consent):
    subject = await consent.subject()
    body = valid_body(subject, recipients=[PROVIDER.upper(), "team", PROVIDER])
    response = await consent.http.post("/api/v1/consents", json=body)
    assert response.status_code == 201, response.text
    record = response.json()
    assert record["status"] == "active" and record["in_force"] is True
    assert record["recipients"] == [PROVIDER, "team"]
    assert record["recorded_by"] == actor(consent)
    assert (
        record["collection_method"] == "electronic"
        and record["notice_version"] == "disclosure-2025-02"
    )
    assert await consent.get(f"/api/v1/consents/{record['id']}") == record


BAD_INPUT = [
    ("unknown purpose", {"purpose": "marketing"}, "purpose"),
    ("unknown data category", {"data_categories": ["health_records"]}, "data_categories.0"),
    (
        "valid_until before valid_from",
        {"valid_from": "2026-01-01T00:00:00+02:00", "valid_until": "2025-12-01T00:00:00+02:00"},
        "valid_until",
    ),
    ("valid_until already passed", {"valid_until": "2020-01-01T00:00:00Z"}, "valid_until"),
    ("time without a zone", {"valid_until": "2030-01-01T00:00:00"}, "valid_until"),
    ("time as a number", {"valid_until": 1900000000}, "valid_until"),
    ("valid_from in year 1 east of UTC", {"valid_from": "0001-01-01T00:00:00+02:00"}, "valid_from"),
    (
        "valid_until in year 9999 west of UTC",
        {"valid_until": "9999-12-31T23:30:00-01:00"},
        "valid_until",
    ),
    ("recipient that is no organisation", {"recipients": ["kunta"]}, "recipients.0"),
    ("disclosure without an organisation", {"recipients": ["team"]}, "recipients"),
    ("notice in an unsupported language", {"notice_language": "de"}, "notice_language"),
    ("unknown field", {"comment": "x"}, "comment"),
    ("no data categories", {"data_categories": []}, "data_categories"),
]


@pytest.mark.parametrize(("case", "change", "field"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
async def test_consent_bad_input_is_a_problem_and_stores_nothing(consent, case, change, field):
    subject = await consent.subject()
    response = await consent.http.post("/api/v1/consents", json=valid_body(subject, **change))
    assert response.status_code == 422, f"{case}: {response.text}"
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]], response.json()
    assert await consent.count(consents, subject_id=UUID(subject)) == 0


async def test_consent_for_unknown_subject_is_refused_and_stores_nothing(consent):
    before = await consent.count(consents)
    response = await consent.http.post("/api/v1/consents", json=valid_body(str(new_id())))
    assert response.status_code == 422
    assert response.json()["type"].endswith("/unknown-subject")
    assert response.json()["errors"][0]["field"] == "subject_id"
    assert await consent.count(consents) == before


async def test_consent_changes_need_the_callers_organisation(consent):
    subject = await consent.subject()
    response = await consent.http.post(
        "/api/v1/consents", json=valid_body(subject), headers={"x-actor-organisation": ""}
    )
    assert response.status_code == 422
    assert "x-actor-organisation" in response.json()["detail"]
    assert await consent.count(consents, subject_id=UUID(subject)) == 0


async def test_consent_api_refuses_callers_without_the_internal_token(consent):
    response = await consent.http.get("/api/v1/vocabulary", headers={"x-internal-token": "wrong"})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


async def test_consent_withdrawal_is_recorded_and_withdrawing_twice_conflicts(consent):
    subject = await consent.subject()
    record = await consent.grant(subject)
    first = await consent.http.post(
        f"/api/v1/consents/{record['id']}/withdraw", json={"reason": "ei enää halua"}
    )
    assert first.status_code == 200
    withdrawn = first.json()
    assert withdrawn["status"] == "withdrawn" and withdrawn["in_force"] is False
    assert withdrawn["withdrawal"]["reason"] == "ei enää halua"
    assert withdrawn["withdrawal"]["withdrawn_by"] == actor(consent)
    again = await consent.http.post(
        f"/api/v1/consents/{record['id']}/withdraw", json={"reason": "uudestaan"}
    )
    assert again.status_code == 409
    assert again.json()["type"].endswith("/consent-already-withdrawn")
    stored = await consent.get(f"/api/v1/consents/{record['id']}")
    assert stored["withdrawal"] == withdrawn["withdrawal"], (
        "the second call must not overwrite the first"
    )


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/api/v1/consents/{id}/withdraw", {"reason": ""}, 422),
        ("/api/v1/consents/{unknown}/withdraw", {"reason": "x"}, 404),
        ("/api/v1/consents/{unknown}", None, 404),
        ("/api/v1/consents/not-a-uuid", None, 422),
    ],
)
async def test_consent_missing_or_malformed_ids_are_problems(consent, path, body, status):
    subject = await consent.subject()
    record = await consent.grant(subject)
    url = path.format(id=record["id"], unknown=new_id())
    response = await (
        consent.http.post(url, json=body) if body is not None else consent.http.get(url)
    )
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert (await consent.get(f"/api/v1/consents/{record['id']}"))["status"] == "active"


async def test_consent_list_pages_through_a_subjects_consents_with_filters(consent):
    subject = await consent.subject()
    made = [await consent.grant(subject, notice_version=f"v{n}") for n in range(5)]
    withdrawn = made[1]["id"]
    await consent.http.post(f"/api/v1/consents/{withdrawn}/withdraw", json={"reason": "x"})
    seen, cursor, pages = [], None, 0
    while True:
        params = {"subject_id": subject, "limit": 2} | ({"cursor": cursor} if cursor else {})
        page = await consent.get(f"/api/v1/consents?{_query(params)}")
        seen += [item["id"] for item in page["items"]]
        pages += 1
        if not (cursor := page["next_cursor"]):
            break
    assert pages == 3 and sorted(seen) == sorted(m["id"] for m in made) and len(set(seen)) == 5
    assert seen[-1] == withdrawn, "a change moves the consent to the end of the change order"
    active = await consent.get(f"/api/v1/consents?subject_id={subject}&status=active")
    assert {i["id"] for i in active["items"]} == {m["id"] for m in made} - {withdrawn}
    since = (await consent.get(f"/api/v1/consents/{made[4]['id']}"))["modified_at"]
    newer = await consent.get(
        f"/api/v1/consents?{_query({'subject_id': subject, 'modified_after': since})}"
    )
    assert [i["id"] for i in newer["items"]] == [withdrawn]


def _query(params: dict) -> str:
    return urlencode(params)


def _cursor_at(instant: str) -> str:
    raw = json.dumps([instant, str(new_id())]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


OUT_OF_RANGE = [
    (
        "list since year 1",
        "/api/v1/consents",
        {"modified_after": "0001-01-01T00:00:00+01:00"},
        "modified_after",
    ),
    (
        "list since year 9999",
        "/api/v1/consents",
        {"modified_after": "9999-12-31T23:59:00-05:00"},
        "modified_after",
    ),
    (
        "cursor at year 1",
        "/api/v1/consents",
        {"cursor": _cursor_at("0001-01-01T00:00:00+01:00")},
        "cursor",
    ),
    (
        "report since year 1",
        "/api/v1/subjects/{subject}/access-report",
        {"since": "0001-01-01T00:30:00+01:00"},
        "since",
    ),
]


@pytest.mark.parametrize(
    ("case", "path", "params", "field"), OUT_OF_RANGE, ids=[c[0] for c in OUT_OF_RANGE]
)
async def test_consent_instants_beyond_the_calendar_are_a_problem_naming_the_field(
    consent, case, path, params, field
):
    subject = await consent.subject()
    response = await consent.http.get(f"{path.format(subject=subject)}?{_query(params)}")
    assert response.status_code == 422, f"{case}: {response.status_code} {response.text}"
    assert any(e["field"].endswith(field) for e in response.json()["errors"]), response.json()


async def test_consent_decision_at_year_9999_is_a_problem_naming_at(consent):
    subject = await consent.subject()
    body = {
        "subject_id": subject,
        "recipient": PROVIDER,
        "data_category": "plan",
        "purpose": "plan_sharing_with_provider",
        "at": "9999-12-31T23:00:00-02:00",
    }
    response = await consent.http.post("/api/v1/decisions", json=body)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["at"]


@pytest.mark.parametrize("params", ["limit=1000", "limit=0", "cursor=bm9wZQ", "status=paused"])
async def test_consent_list_rejects_bad_paging(consent, params):
    response = await consent.http.get(f"/api/v1/consents?{params}")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_consent_subject_sees_all_consents_with_their_state(consent):
    subject = await consent.subject("contact_person")
    active = await consent.grant(subject)
    gone = await consent.grant(subject, purpose="statistics")
    await consent.http.post(f"/api/v1/consents/{gone['id']}/withdraw", json={"reason": "x"})
    listing = await consent.get(f"/api/v1/subjects/{subject}/consents")
    assert {c["id"]: c["status"] for c in listing} == {
        active["id"]: "active",
        gone["id"]: "withdrawn",
    }
    unknown = await consent.http.get(f"/api/v1/subjects/{new_id()}/consents")
    assert unknown.status_code == 404


async def test_consent_change_narrows_scope_keeps_history_and_refuses_widening(consent):
    subject = await consent.subject()
    record = await consent.grant(subject, data_categories=["contact_details", "network_map"])
    narrowed = await consent.http.patch(
        f"/api/v1/consents/{record['id']}", json={"data_categories": ["contact_details"]}
    )
    assert narrowed.status_code == 200 and narrowed.json()["data_categories"] == ["contact_details"]
    assert (await consent.decide(subject, "network_sharing", "network_map", "team"))[
        "decision"
    ] == "deny"
    assert (await consent.decide(subject, "network_sharing", "contact_details", "team"))[
        "decision"
    ] == "permit"
    assert await consent.count(ConsentRevision.__table__, consent_id=UUID(record["id"])) == 1
    wider = await consent.http.patch(
        f"/api/v1/consents/{record['id']}", json={"data_categories": ["contact_details", "plan"]}
    )
    assert wider.status_code == 422 and wider.json()["errors"][0]["field"] == "data_categories"
    later = (datetime.now(UTC) + timedelta(days=400)).isoformat()
    assert (
        await consent.http.patch(f"/api/v1/consents/{record['id']}", json={"valid_until": later})
    ).status_code == 200
    longer = (datetime.now(UTC) + timedelta(days=500)).isoformat()
    refused = await consent.http.patch(
        f"/api/v1/consents/{record['id']}", json={"valid_until": longer}
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "valid_until"


async def test_consent_receipt_follows_kantara_and_the_notice_language(consent):
    subject = await consent.subject("resource_file_citizen")
    record = await consent.grant(
        subject,
        purpose="plan_sharing_with_provider",
        data_categories=["plan", "contact_details"],
        recipients=[PROVIDER],
        notice_language="sv",
        valid_until="2030-06-30T12:00:00+03:00",
    )
    response = await consent.http.get(f"/api/v1/consents/{record['id']}/receipt")
    assert response.status_code == 200
    assert (
        response.headers["content-disposition"]
        == f'attachment; filename="consent-receipt-{record["id"]}.json"'
    )
    receipt = response.json()
    assert set(receipt) == {
        "version",
        "jurisdiction",
        "consentTimestamp",
        "collectionMethod",
        "consentReceiptID",
        "language",
        "piiPrincipalId",
        "piiControllers",
        "policyUrl",
        "services",
        "sensitive",
        "spiCat",
    }
    assert receipt["version"] == "KI-CR-v1.1.0" and receipt["jurisdiction"] == "FI"
    assert receipt["consentReceiptID"] == record["id"] and receipt["piiPrincipalId"] == subject
    assert receipt["language"] == "sv" and receipt["collectionMethod"] == "Skriftligt"
    recorded = datetime.fromisoformat(record["recorded_at"])
    assert receipt["consentTimestamp"] == int(recorded.timestamp())
    (purpose,) = receipt["services"][0]["purposes"]
    assert purpose["purpose"] == "Delning av klientplanen med serviceproducenten"
    assert purpose["piiCategory"] == ["Klientplan", "Kontaktuppgifter"]
    assert purpose["thirdPartyDisclosure"] is True and purpose["thirdPartyName"] == PROVIDER
    assert purpose["termination"] == "Gäller till 2030-06-30 eller tills det återkallas"
    assert receipt["sensitive"] is True and receipt["spiCat"] == ["Klientplan"]
    assert set(receipt["piiControllers"][0]) >= {
        "piiController",
        "contact",
        "address",
        "email",
        "phone",
    }


async def test_consent_subjects_are_registered_once_per_kind(consent):
    subject_id = str(new_id())
    first = await consent.http.post(
        "/api/v1/subjects", json={"subject_id": subject_id, "kind": "contact_person"}
    )
    again = await consent.http.post(
        "/api/v1/subjects", json={"subject_id": subject_id, "kind": "contact_person"}
    )
    assert (first.status_code, again.status_code) == (201, 200)
    other_kind = await consent.http.post(
        "/api/v1/subjects", json={"subject_id": subject_id, "kind": "resource_file_partner"}
    )
    assert other_kind.status_code == 409
    client = await consent.http.post("/api/v1/subjects", json={"kind": "client"})
    assert client.status_code == 422, "clients come from the plans service, not from this endpoint"
    assert await consent.count(subjects, id=UUID(subject_id)) == 1
    assert (await consent.get(f"/api/v1/subjects/{subject_id}"))["kind"] == "contact_person"
    assert (await consent.http.get(f"/api/v1/subjects/{new_id()}")).status_code == 404


async def test_consent_vocabulary_labels_every_code_in_finnish_and_swedish(consent):
    vocabulary = await consent.get("/api/v1/vocabulary")
    assert [e["code"] for e in vocabulary["purposes"]] == [
        "resource_file_inclusion",
        "network_sharing",
        "disclosure_to_organisation",
        "plan_sharing_with_provider",
        "statistics",
    ]
    assert len(vocabulary["data_categories"]) == 7
    for group, entries in vocabulary.items():
        for entry in entries:
            assert entry["labels"]["fi"] and entry["labels"]["sv"] and entry["labels"]["en"], (
                group,
                entry,
            )
