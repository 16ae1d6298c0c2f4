"""Pure parts, without a database: hash chain, report window, receipts, input rules."""

from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID

import pytest
from pydantic import ValidationError

from consent.codes import LABELS, VOCABULARY_ENUMS
from consent.config import ConsentSettings
from consent.models import GENESIS_HASH, AccessLogEntry, Consent, DisclosureLogEntry
from consent.schemas.consents import ConsentCreate, ConsentRead, GivenBy
from consent.service.audit_logs import canonical, chain_hash, months_before
from consent.service.receipts import build_receipt

CLIENT = UUID("01900000-0000-7000-8000-00000000e001")
ORG = UUID("01900000-0000-7000-8000-00000000e002")


def entry(**fields) -> AccessLogEntry:
    values = {
        "id": UUID("01900000-0000-7000-8000-00000000e003"),
        "event_id": "ev-1",
        "client_id": CLIENT,
        "position": 1,
        "occurred_at": datetime(2025, 3, 30, 0, 30, tzinfo=UTC),
        "recorded_at": datetime(2025, 3, 30, 0, 31, tzinfo=UTC),
        "user_id": "pseudo-1",
        "organisation_id": ORG,
        "data_category": "plan",
        "action": "read",
        "purpose": "client_work",
        "legal_basis": None,
        "request_id": "req-1",
        "prev_hash": GENESIS_HASH,
        "entry_hash": "",
    }
    return AccessLogEntry(**(values | fields))


@pytest.mark.parametrize(
    "field",
    [
        "event_id",
        "position",
        "occurred_at",
        "user_id",
        "organisation_id",
        "data_category",
        "action",
        "purpose",
        "legal_basis",
        "request_id",
    ],
)
def test_consent_chain_hash_changes_when_any_field_changes(field):
    original = chain_hash("access", entry(), GENESIS_HASH)
    altered = {
        "event_id": "ev-2",
        "position": 2,
        "occurred_at": datetime(2025, 3, 30, 0, 30, 1, tzinfo=UTC),
        "user_id": None,
        "organisation_id": CLIENT,
        "data_category": "identity",
        "action": "export",
        "purpose": "statistics",
        "legal_basis": "consent",
        "request_id": "req-2",
    }[field]
    assert chain_hash("access", entry(**{field: altered}), GENESIS_HASH) != original


def test_consent_chain_hash_depends_on_the_previous_entry_and_the_log():
    base = chain_hash("access", entry(), GENESIS_HASH)
    assert chain_hash("access", entry(), "f" * 64) != base
    disclosed = DisclosureLogEntry(
        **entry().model_dump(), recipient_organisation_id=ORG, consent_ids=[]
    )
    assert chain_hash("disclosure", disclosed, GENESIS_HASH) != base


def test_consent_canonical_form_is_independent_of_the_time_zone_the_time_came_in():
    helsinki = datetime(2025, 3, 30, 3, 30, tzinfo=timezone(timedelta(hours=3)))
    assert canonical("access", entry(occurred_at=helsinki)) == canonical("access", entry())
    assert b'"occurred_at":"2025-03-30T00:30:00.000000+00:00"' in canonical("access", entry())


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 11, 23, 10, 0, tzinfo=UTC), datetime(2024, 11, 23, 10, 0, tzinfo=UTC)),
        (
            datetime(2026, 2, 28, 22, 30, tzinfo=UTC),
            datetime(2024, 2, 29, 22, 30, tzinfo=UTC),
        ),  # 1 March in Helsinki
        (datetime(2026, 8, 31, 20, 0, tzinfo=UTC), datetime(2024, 8, 31, 20, 0, tzinfo=UTC)),
        (datetime(2026, 7, 1, 12, 0, tzinfo=UTC), datetime(2024, 7, 1, 12, 0, tzinfo=UTC)),
    ],
)
def test_consent_report_window_is_24_calendar_months_in_helsinki(now, expected):
    assert months_before(now, 24) == expected


def consent_record(**fields) -> Consent:
    values = {
        "id": UUID("01900000-0000-7000-8000-00000000e010"),
        "subject_id": CLIENT,
        "subject_kind": "resource_file_partner",
        "purpose": "resource_file_inclusion",
        "data_categories": ["contact_details", "resource_card"],
        "recipients": ["team"],
        "given_by_role": "subject",
        "collection_method": "oral",
        "notice_version": "rf-1",
        "notice_language": "fi",
        "valid_from": datetime(2025, 1, 1, tzinfo=UTC),
        "valid_until": None,
        "status": "active",
        "recorded_at": datetime(2025, 1, 1, 8, tzinfo=UTC),
        "recorded_by_organisation": ORG,
        "modified_at": datetime(2025, 1, 1, 8, tzinfo=UTC),
    }
    return Consent(**(values | fields))


def test_consent_receipt_of_a_team_only_consent_discloses_to_no_third_party():
    receipt = build_receipt(consent_record(), ConsentSettings()).model_dump(exclude_none=True)
    (purpose,) = receipt["services"][0]["purposes"]
    assert purpose["thirdPartyDisclosure"] is False and "thirdPartyName" not in purpose
    assert (
        purpose["purpose"] == "Tallentaminen resurssitiedostoon"
        and purpose["termination"] == "Voimassa, kunnes peruutetaan"
    )
    assert receipt["sensitive"] is False and receipt["spiCat"] == []
    assert receipt["collectionMethod"] == "Suullinen" and receipt["consentTimestamp"] == 1735718400


def test_consent_past_its_end_reads_as_expired_before_the_sweep_marks_it():
    record = consent_record(valid_until=datetime(2025, 6, 1, tzinfo=UTC))
    assert ConsentRead.of(record, datetime(2025, 5, 31, tzinfo=UTC)).status == "active"
    later = ConsentRead.of(record, datetime(2025, 6, 1, tzinfo=UTC))
    assert later.status == "expired" and later.in_force is False


def test_consent_future_consent_is_active_but_not_yet_in_force():
    record = consent_record(valid_from=datetime(2030, 1, 1, tzinfo=UTC))
    read = ConsentRead.of(record, datetime(2025, 1, 1, tzinfo=UTC))
    assert read.status == "active" and read.in_force is False


@pytest.mark.parametrize(
    ("given_by", "ok"),
    [
        ({"role": "subject"}, True),
        ({"role": "subject", "representation_basis": "parental_custody"}, False),
        ({"role": "guardian", "representation_basis": "parental_custody"}, True),
        ({"role": "guardian"}, False),
        (
            {
                "role": "legal_representative",
                "representation_basis": "continuing_power_of_attorney",
            },
            True,
        ),
        ({"role": "legal_representative"}, False),
        ({"role": "neighbour", "representation_basis": "parental_custody"}, False),
    ],
)
def test_consent_representatives_must_state_their_basis(given_by, ok):
    if ok:
        GivenBy.model_validate(given_by)
    else:
        with pytest.raises(ValidationError):
            GivenBy.model_validate(given_by)


def test_consent_input_normalises_recipients_and_drops_repeats():
    body = ConsentCreate.model_validate(
        {
            "subject_id": str(CLIENT),
            "purpose": "network_sharing",
            "data_categories": ["plan", "plan"],
            "recipients": ["team", str(ORG).upper(), str(ORG)],
            "given_by": {"role": "subject"},
            "collection_method": "written",
            "notice_version": "v",
            "notice_language": "sv",
        }
    )
    assert body.recipients == ["team", str(ORG)] and body.data_categories == ["plan"]


def test_consent_every_code_has_labels_in_all_three_languages():
    for group, enum in VOCABULARY_ENUMS.items():
        assert set(LABELS[group]) == {code.value for code in enum}, group
        assert all(
            set(labels) == {"fi", "sv", "en"} and all(labels.values())
            for labels in LABELS[group].values()
        )
