"""Sending a referral discloses the client to the receiving organisation: it needs a basis first.

The basis is the client's consent to disclosure to that organisation (checked here, with
the consent service, before the referral is forwarded: without it the receiver would learn
of the client through its inbox and its webhook), or a legal basis recorded on the referral
(the organiser's purchase contract or service voucher). Once plans has created the referral,
the disclosure is logged with its basis.
"""

from typing import TYPE_CHECKING, Any
from uuid import UUID

from gateway.audit import Grant
from gateway.auth.caller import Caller
from gateway.forwarding import json_body
from gateway.policy import REFERRAL_LEGAL_BASES, REFERRAL_PURPOSE
from tukiverkko_common import context
from tukiverkko_common.clock import utcnow
from tukiverkko_common.contracts.audit import DataDisclosed
from tukiverkko_common.problems import Problem

if TYPE_CHECKING:
    from gateway.access import Ownership
    from gateway.state import GatewayState

CATEGORY = "service_delivery"
PURPOSE = "disclosure_to_organisation"


def _recipient(data: Any) -> tuple[str, str] | None:
    """Return (receiving organisation id, basis) when the body names both validly; else None."""
    basis = data.get("basis") if isinstance(data, dict) else None
    if not isinstance(basis, str) or basis not in REFERRAL_LEGAL_BASES:
        return None  # any other JSON (an object, a list) is the service's 422 to give
    try:
        return str(UUID(str(data.get("organisation_id")))), basis
    except ValueError:
        return None


async def referral_grant(
    state: "GatewayState", owner: "Ownership", body: bytes
) -> tuple[str, Grant] | None:
    """Return (receiver, why it may learn of the client), raise 403 without consent, or None for a
    body the service will refuse anyway (422 naming the field)."""
    found = _recipient(json_body(body))
    if found is None:
        return None
    recipient, basis = found
    consent_ids: list[UUID] = []
    if basis == "consent":
        permitted = await state.access.decide(recipient, owner.client_id, CATEGORY, PURPOSE)
        if permitted is None:
            raise Problem(
                403,
                "consent-required",
                "Forbidden",
                "the client has not consented to disclosing service_delivery data to the receiving "
                f"organisation for {PURPOSE}; record the consent or a legal basis first",
                purpose=PURPOSE,
                data_category=CATEGORY,
            )
        consent_ids = permitted
    organiser = await state.access.owner_organisation(owner)
    legal = REFERRAL_LEGAL_BASES[basis]
    return recipient, Grant(
        owner.client_id, organiser, False, REFERRAL_PURPOSE, legal, tuple(consent_ids)
    )


async def log_referral_sent(
    state: "GatewayState", caller: Caller, recipient: str, grant: Grant
) -> None:
    """Record the disclosure of the client to the referral's receiver, with its basis."""
    entry = DataDisclosed(
        occurred_at=utcnow(),
        client_id=grant.client_id,
        user_id=caller.user_id,
        organisation_id=UUID(caller.organisation_id),
        recipient_organisation_id=UUID(recipient),
        consent_ids=list(grant.consent_ids),
        data_category=CATEGORY,
        action="create",
        purpose=grant.purpose,
        legal_basis=grant.legal_basis,
        request_id=context.request_id.get() or "",
    )
    await state.audit.record([entry])
