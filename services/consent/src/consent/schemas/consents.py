"""API models of consents: the record, its change, its withdrawal and the page of a list."""

from datetime import datetime
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from consent.codes import (
    TEAM,
    CollectionMethod,
    ConsentStatus,
    DataCategory,
    GivenByRole,
    NoticeLanguage,
    Purpose,
    RepresentationBasis,
    SubjectKind,
)
from consent.models import Consent
from consent.schemas.common import Recipient, unique
from consent.schemas.examples import CONSENT_CREATE, CONSENT_UPDATE, WITHDRAW
from tukiverkko_common.fields import Input, Instant, Text

LIST_LIMIT_MAX = 200
ORGANISATION_PURPOSES = {Purpose.disclosure_to_organisation, Purpose.plan_sharing_with_provider}
"""Purposes that by definition name the organisation(s) receiving the data."""


class GivenBy(Input):
    """Who gave the consent and, for a representative, on what basis they act."""

    role: GivenByRole
    representation_basis: RepresentationBasis | None = None
    representation_reference: Text | None = Field(
        default=None,
        max_length=200,
        description="Reference to the document showing the basis, e.g. a decision number",
    )
    representative_id: Text | None = Field(
        default=None,
        max_length=200,
        description="Pseudonymous id of the representative (never a name or identity code)",
    )

    @model_validator(mode="after")
    def _basis_matches_role(self) -> "GivenBy":
        if self.role == GivenByRole.subject and self.representation_basis is not None:
            raise ValueError(
                "representation_basis applies only when someone else consents on the subject's behalf"
            )
        if self.role != GivenByRole.subject and self.representation_basis is None:
            raise ValueError(
                f"representation_basis is required when the consent is given by a {self.role.value}"
            )
        return self


class ConsentCreate(Input):
    """A consent as the person (or their representative) gave it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=CONSENT_CREATE,
    )

    subject_id: UUID
    purpose: Purpose
    data_categories: list[DataCategory] = Field(min_length=1, max_length=len(DataCategory))
    recipients: list[Recipient] = Field(
        min_length=1, max_length=50, description="Organisation ids, or 'team'"
    )
    given_by: GivenBy
    collection_method: CollectionMethod
    notice_version: Text = Field(
        min_length=1, max_length=100, description="Version of the notice text shown"
    )
    notice_language: NoticeLanguage
    valid_from: Instant | None = Field(default=None, description="Defaults to now")
    valid_until: Instant | None = Field(
        default=None, description="Open-ended (until withdrawn) when absent"
    )

    @field_validator("data_categories", "recipients")
    @classmethod
    def _dedupe(cls, value: list) -> list:
        return unique(value)

    @field_validator("recipients")
    @classmethod
    def _names_organisation(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if info.data.get("purpose") in ORGANISATION_PURPOSES and value == [TEAM]:
            raise ValueError(
                f"purpose {info.data['purpose'].value} needs at least one organisation id"
            )
        return value

    @field_validator("valid_until")
    @classmethod
    def _after_start(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        start = info.data.get("valid_from")
        if value is not None and start is not None and value <= start:
            raise ValueError("must be later than valid_from")
        return value


class ConsentUpdate(Input):
    """Narrow an active consent: fewer categories or recipients, or an earlier end. Widening needs a new consent."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=CONSENT_UPDATE)

    data_categories: list[DataCategory] | None = Field(default=None, min_length=1)
    recipients: list[Recipient] | None = Field(default=None, min_length=1)
    valid_until: Instant | None = None

    @field_validator("data_categories", "recipients")
    @classmethod
    def _dedupe(cls, value: list | None) -> list | None:
        return unique(value)

    @model_validator(mode="after")
    def _something(self) -> "ConsentUpdate":
        if not self.model_fields_set:
            raise ValueError("give at least one of data_categories, recipients, valid_until")
        return self


class WithdrawRequest(Input):
    """Why the consent is withdrawn (kept with the record; never logged or published)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=WITHDRAW,
    )

    reason: Text = Field(min_length=1, max_length=1000)


class ActorRead(BaseModel):
    """An organisation and (pseudonymous) user as the gateway authenticated them."""

    organisation_id: UUID | None
    user_id: str | None


class GivenByRead(BaseModel):
    role: GivenByRole
    representation_basis: RepresentationBasis | None
    representation_reference: str | None
    representative_id: str | None


class WithdrawalRead(BaseModel):
    withdrawn_at: datetime
    reason: str | None
    withdrawn_by: ActorRead

    @classmethod
    def of(cls, c: Consent) -> "WithdrawalRead | None":
        """Render a consent's withdrawal, if it was withdrawn."""
        if c.withdrawn_at is None:
            return None
        by = ActorRead(organisation_id=c.withdrawn_by_organisation, user_id=c.withdrawn_by_user)
        return cls(withdrawn_at=c.withdrawn_at, reason=c.withdrawal_reason, withdrawn_by=by)


class ConsentRead(BaseModel):
    """A consent record with its state as of the response."""

    id: UUID
    subject_id: UUID
    subject_kind: SubjectKind
    purpose: Purpose
    data_categories: list[DataCategory]
    recipients: list[str]
    given_by: GivenByRead
    collection_method: CollectionMethod
    notice_version: str
    notice_language: NoticeLanguage
    valid_from: datetime
    valid_until: datetime | None
    status: ConsentStatus
    in_force: bool = Field(description="Active and within its validity period right now")
    recorded_at: datetime
    recorded_by: ActorRead
    modified_at: datetime
    withdrawal: WithdrawalRead | None
    expired_at: datetime | None

    @classmethod
    def of(cls, c: Consent, now: datetime) -> "ConsentRead":
        """Render a stored consent; one past its end reads as expired even before the sweep marks it."""
        ended = c.valid_until is not None and c.valid_until <= now
        status = (
            ConsentStatus.expired
            if c.status == ConsentStatus.active and ended
            else ConsentStatus(c.status)
        )
        return cls(
            **c.model_dump(
                include=set(cls.model_fields)
                - {"given_by", "recorded_by", "withdrawal", "status", "in_force"}
            ),
            given_by=GivenByRead(
                role=c.given_by_role,
                representation_basis=c.representation_basis,
                representation_reference=c.representation_reference,
                representative_id=c.representative_id,
            ),
            status=status,
            in_force=status == ConsentStatus.active and c.valid_from <= now,
            recorded_by=ActorRead(
                organisation_id=c.recorded_by_organisation, user_id=c.recorded_by_user
            ),
            withdrawal=WithdrawalRead.of(c),
        )


class ConsentPage(BaseModel):
    """One page of consents, oldest change first; pass `next_cursor` back as `cursor` for the next."""

    items: list[ConsentRead]
    next_cursor: str | None
