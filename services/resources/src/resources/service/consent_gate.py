"""The consent gate: may a card about this person be created, and is their inclusion in force now?

Creation asks the consent service over HTTP (the decision is the consent service's to make, and
creation is rare). Reads never call out: they consult the local mirror of inclusion consents
(`inclusion_consents`, fed by the consent events), evaluated at the instant of the read.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import httpx
from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from resources.config import ResourcesSettings
from resources.models import InclusionConsent
from tukiverkko_common.middleware import INTERNAL_HEADER
from tukiverkko_common.problems import Problem

PURPOSE = "resource_file_inclusion"
DATA_CATEGORY = "resource_card"


@dataclass(frozen=True)
class Decision:
    """The consent service's answer: permit or not, and the consents it rests on."""

    permitted: bool
    consent_ids: tuple[UUID, ...]
    reason: str


def consent_missing(subject_id: UUID, reason: str) -> Problem:
    """Return the 409 for a card whose person has not consented to be in the resource file."""
    return Problem(
        409,
        "inclusion-consent-missing",
        "No consent to inclusion in the resource file",
        f"subject_id: the person has no consent in force for purpose {PURPOSE} ({reason})",
        errors=[{"field": "subject_id", "message": f"no {PURPOSE} consent in force"}],
    )


def consent_unavailable() -> Problem:
    """Return the 503 when the consent service cannot answer (deny by default)."""
    return Problem(
        503,
        "consent-service-unavailable",
        "Consent service unavailable",
        "the inclusion consent could not be checked; nothing was created",
    )


class ConsentGate:
    """An HTTP client of the consent service carrying the internal credential."""

    def __init__(
        self, settings: ResourcesSettings, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=settings.consent_base_url,
            transport=transport,
            timeout=settings.consent_timeout_seconds,
            headers={INTERNAL_HEADER: settings.internal_token.get_secret_value()},
        )

    async def inclusion(self, *, subject_id: UUID, keeper: UUID) -> Decision:
        """Ask whether `keeper` may keep a resource card about `subject_id` now."""
        body = {
            "subject_id": str(subject_id),
            "purpose": PURPOSE,
            "data_category": DATA_CATEGORY,
            "recipient": str(keeper),
        }
        try:
            response = await self._http.post("/api/v1/decisions", json=body)
        except httpx.HTTPError as exc:
            raise consent_unavailable() from exc
        if response.status_code != 200:
            raise consent_unavailable()
        data = response.json()
        ids = tuple(UUID(i) for i in data.get("consent_ids", []))
        return Decision(data.get("decision") == "permit", ids, str(data.get("reason", "")))

    async def consent_validity(self, consent_id: UUID) -> tuple[datetime, datetime | None] | None:
        """Return a consent's (valid_from, valid_until), or None when it cannot be read."""
        try:
            response = await self._http.get(f"/api/v1/consents/{consent_id}")
        except httpx.HTTPError:
            return None
        if response.status_code != 200:
            return None
        data = response.json()
        until = data.get("valid_until")
        return (
            datetime.fromisoformat(data["valid_from"]),
            datetime.fromisoformat(until) if until else None,
        )

    async def close(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()


def in_force(now: datetime | ColumnElement[Any]) -> ColumnElement[bool]:
    """Return the SQL condition: an inclusion consent active and valid at `now`."""
    table = InclusionConsent.__table__.c  # type: ignore[attr-defined]
    return and_(
        table.status == "active",
        table.valid_from <= now,
        or_(table.valid_until.is_(None), table.valid_until > now),
    )


async def subjects_in_force(
    session: AsyncSession, subject_ids: set[UUID], now: datetime
) -> set[UUID]:
    """Return which of these subjects have an inclusion consent in force at `now` (one query)."""
    if not subject_ids:
        return set()
    table = InclusionConsent.__table__.c  # type: ignore[attr-defined]
    query = (
        select(table.subject_id).where(table.subject_id.in_(subject_ids), in_force(now)).distinct()
    )
    return set((await session.execute(query)).scalars())
