"""API models of the access log (käyttöloki), disclosure log (luovutusloki) and their verification."""

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

LogName = Literal["access", "disclosure"]


class AccessEntryRead(BaseModel):
    """Someone used the subject's data."""

    entry_id: UUID
    occurred_at: datetime
    organisation_id: UUID
    user_id: str | None
    data_category: str
    action: str
    purpose: str
    legal_basis: str | None
    request_id: str


class DisclosureEntryRead(AccessEntryRead):
    """The subject's data went from `organisation_id` to `recipient_organisation_id`."""

    recipient_organisation_id: UUID
    consent_ids: list[UUID]


class OrganisationSummary(BaseModel):
    """What one organisation did with the subject's data in the period."""

    organisation_id: UUID
    accesses: int
    disclosures_made: int
    disclosures_received: int


class AccessReport(BaseModel):
    """Who used my data, who received it, on what basis (purpose, legal basis, consent ids)."""

    subject_id: UUID
    since: datetime
    until: datetime
    accesses: list[AccessEntryRead]
    disclosures: list[DisclosureEntryRead]
    organisations: list[OrganisationSummary]
    truncated: bool = Field(description="True when a log had more entries than one report carries")


class BrokenEntry(BaseModel):
    """The first entry whose chain does not hold."""

    log: LogName
    entry_id: UUID
    position: int
    problem: str


class VerifyRead(BaseModel):
    """Result of recomputing a client's hash chains."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "client_id": "0190f5a2-7c1e-7b4e-9a55-3f2d1c0b9a77",
                    "ok": True,
                    "entries_checked": 42,
                    "first_broken_entry": None,
                }
            ]
        }
    )

    client_id: UUID
    ok: bool
    entries_checked: int
    first_broken_entry: BrokenEntry | None
