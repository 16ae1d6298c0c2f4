"""Alter API models: someone in the person's network, described by codes unless they consented."""

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from network.codes import AlterKind, AlterRole, Sector
from tukiverkko_common.fields import Input

LABEL = Field(
    default=None,
    min_length=1,
    max_length=120,
    description="A name or other free text; only with `label_consent_id` (the alter's own consent)",
)
LABEL_CONSENT = Field(
    default=None,
    description="The consent (consent service) that lets this alter be named; its withdrawal "
    "or expiry removes the label everywhere, snapshots included",
)


class AlterCreate(Input):
    """Add someone to the map: a code describes them; a label only with their consent."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"kind": "person", "sector": "friends_neighbours", "role": "neighbour"},
                {
                    "kind": "person",
                    "sector": "work_school_leisure",
                    "role": "hobby_mate",
                    "resource_card_id": "0193c6a2-b7d0-7e8f-9a6c-2e1d5b3f7a90",
                    "label": "Kaisa (kuorosta)",
                    "label_consent_id": "0193c6a3-0c1d-7e2f-8a3b-4c5d6e7f8091",
                    "label_subject_id": "0193c6a3-1d2e-7f30-9b4c-5d6e7f809102",
                },
            ]
        },
    )

    kind: AlterKind
    sector: Sector
    role: AlterRole
    resource_card_id: UUID | None = Field(
        default=None, description="The alter's resource card, where one exists"
    )
    label: str | None = LABEL
    label_consent_id: UUID | None = LABEL_CONSENT
    label_subject_id: UUID | None = Field(
        default=None, description="The consent's subject (e.g. the citizen card's holder)"
    )


class AlterUpdate(Input):
    """Change an alter's description; a label needs the consent in the same alter."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"sector": "friends_neighbours"}]}
    )

    kind: AlterKind | None = None
    sector: Sector | None = None
    role: AlterRole | None = None
    resource_card_id: UUID | None = None
    label: str | None = LABEL
    label_consent_id: UUID | None = LABEL_CONSENT
    label_subject_id: UUID | None = None


class AlterRead(BaseModel):
    """An alter as the map holds it now."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID
    map_id: UUID
    client_id: UUID
    kind: str
    sector: str
    role: str
    resource_card_id: UUID | None
    label: str | None
    label_consent_id: UUID | None
    label_subject_id: UUID | None
    created_at: datetime
    modified_at: datetime
