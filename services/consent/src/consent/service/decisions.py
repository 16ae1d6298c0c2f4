"""The decision use case: permit or deny one request for a subject's data."""

from consent.repository.decisions import DecisionReader
from consent.schemas.decisions import DecisionRead, DecisionRequest
from tukiverkko_common.clock import as_utc, utcnow

DENY = DecisionRead.model_construct(
    decision="deny",
    consent_ids=[],
    reason="no active consent of the subject covers this purpose, data category and recipient at that time",
)
"""Every deny is the same answer (most decisions are denies): built once."""
DENY_JSON = DENY.model_dump_json().encode()


async def decide(*, reader: DecisionReader, request: DecisionRequest) -> DecisionRead:
    """Permit only when an active consent covers subject, purpose, category and recipient at the time."""
    at = as_utc(request.at) if request.at else utcnow()
    ids = await reader.consent_ids(
        subject_id=request.subject_id,
        purpose=request.purpose.value,
        data_category=request.data_category.value,
        recipient=request.recipient,
        at=at,
    )
    # Built from values this function chose and ids the database holds: not validated again.
    if ids:
        return DecisionRead.model_construct(
            decision="permit", consent_ids=ids, reason=f"covered by {len(ids)} active consent(s)"
        )
    return DENY
