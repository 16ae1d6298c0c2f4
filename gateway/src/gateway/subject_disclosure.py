"""A person of the resource file (not a client) disclosed to another organisation: consent first, logged.

A citizen card's keeper reads its own card's contact details as its own use. Any other
organisation of the region gets them only when the person's consent permits disclosing
`contact_details` to that organisation for `disclosure_to_organisation`; the disclosure is
then recorded in the disclosure log (luovutusloki) with the consents it rests on, before the
service is asked. The card's ownership names the person's consent subject (`subject_id`).
"""

from typing import TYPE_CHECKING
from uuid import UUID

from gateway.auth.caller import Caller
from tukiverkko_common import context
from tukiverkko_common.clock import utcnow
from tukiverkko_common.contracts.audit import AccessLogged, DataDisclosed
from tukiverkko_common.problems import Problem

if TYPE_CHECKING:
    from gateway.state import GatewayState

CATEGORY = "contact_details"
PURPOSE = "disclosure_to_organisation"
LEGAL_BASIS = "consent"


async def disclose_subjects(caller: Caller, state: "GatewayState", ids: dict[str, UUID]) -> None:
    """Raise 403 unless each person named by the path may be disclosed to the caller; log it."""
    entries: list[AccessLogged | DataDisclosed] = []
    for param, value in ids.items():
        found = await state.access.object(param, value)
        if found.subject_id is None or found.owner_organisation_id == caller.organisation_id:
            continue  # no person in it, or the keeper's own use: nothing is disclosed
        consents = await state.access.decide(
            caller.organisation_id, found.subject_id, CATEGORY, PURPOSE
        )
        if consents is None:
            raise Problem(
                403,
                "consent-required",
                "Forbidden",
                f"the person has not consented to disclosing {CATEGORY} to your organisation "
                f"for {PURPOSE}",
                purpose=PURPOSE,
                data_category=CATEGORY,
            )
        entries.append(
            DataDisclosed(
                occurred_at=utcnow(),
                client_id=found.subject_id,
                user_id=caller.user_id,
                organisation_id=UUID(str(found.owner_organisation_id)),
                recipient_organisation_id=UUID(caller.organisation_id),
                consent_ids=consents,
                data_category=CATEGORY,
                action="read",
                purpose=PURPOSE,
                legal_basis=LEGAL_BASIS,
                request_id=context.request_id.get() or "",
            )
        )
    if entries:
        await state.audit.record(entries)
