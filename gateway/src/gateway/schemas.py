"""API models of the gateway's own endpoints (input models forbid unknown fields)."""

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field

EXAMPLE_ID = "0190f3a2-7c4e-7b1a-9c1d-2f4b6a8e0c11"


class ProblemDetails(BaseModel):
    """RFC 9457 problem details; `type` is stable per kind of error."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "type": "https://tukiverkko.example/problems/consent-required",
                    "title": "Forbidden",
                    "status": 403,
                    "detail": "the client has not consented to disclosing plan data to your organisation",
                    "instance": "/api/v1/plans/0190f3a2-7c4e-7b1a-9c1d-2f4b6a8e0c11",
                    "request_id": "req-42",
                }
            ]
        },
    )

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    request_id: str | None = None


class TokenResponse(BaseModel):
    """RFC 6749 §5.1 access token response."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access_token": "eyJhbGciOiJFZERTQSIsImtpZCI6Ii4uLiJ9.eyJpc3MiOiIuLi4ifQ.c2lnbmF0dXJl",
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "scope": "clients:read plans:read",
                }
            ]
        }
    )

    access_token: str
    token_type: str = "Bearer"
    expires_in: int
    scope: str


class OAuthError(BaseModel):
    """RFC 6749 §5.2 error response."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"error": "invalid_client"}]})

    error: str
    error_description: str | None = None


class CallerRead(BaseModel):
    """The organisation a token speaks for and the scopes it carries."""

    organisation_id: UUID
    name: str
    role: str
    scopes: list[str]
    via: str


class WebhookEventType(StrEnum):
    """Events a provider backend may subscribe to (only those about its own organisation arrive)."""

    referral_sent = "referral.sent"
    referral_answered = "referral.answered"
    service_agreed = "service.agreed"


class WebhookCreate(BaseModel):
    """A webhook subscription for the caller's organisation."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "url": "https://provider.example/hooks/tukiverkko",
                    "event_types": ["referral.sent", "service.agreed"],
                    "description": "Referral intake",
                }
            ]
        },
    )

    url: AnyHttpUrl
    event_types: list[WebhookEventType] = Field(min_length=1, max_length=3)
    description: str | None = Field(default=None, max_length=200)


class WebhookRead(BaseModel):
    """A subscription as its organisation sees it (the secret is shown only once, at creation)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": EXAMPLE_ID,
                    "url": "https://provider.example/hooks/tukiverkko",
                    "event_types": ["referral.sent"],
                    "description": "Referral intake",
                    "created_at": "2026-03-02T08:15:00Z",
                }
            ]
        }
    )

    id: UUID
    url: str
    event_types: list[WebhookEventType]
    description: str | None
    created_at: datetime


class WebhookCreated(WebhookRead):
    """The new subscription with its Standard Webhooks signing secret (shown only now)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": EXAMPLE_ID,
                    "url": "https://provider.example/hooks/tukiverkko",
                    "event_types": ["referral.sent"],
                    "description": "Referral intake",
                    "created_at": "2026-03-02T08:15:00Z",
                    "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                }
            ]
        }
    )

    secret: str = Field(
        description="Standard Webhooks secret (whsec_…); verify webhook-signature with it"
    )


class AttemptRead(BaseModel):
    """One try at delivering an event."""

    attempt: int
    attempted_at: datetime
    status_code: int | None
    error: str | None
    duration_ms: float


class DeliveryRead(BaseModel):
    """An event sent (or being sent) to a subscription, with every attempt."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": EXAMPLE_ID,
                    "message_id": "0190f3a2-0000-7000-8000-000000000001",
                    "event_type": "referral.sent",
                    "status": "delivered",
                    "attempt_count": 3,
                    "created_at": "2026-03-02T08:15:00Z",
                    "delivered_at": "2026-03-02T08:15:07Z",
                    "next_attempt_at": None,
                    "attempts": [
                        {
                            "attempt": 1,
                            "attempted_at": "2026-03-02T08:15:00Z",
                            "status_code": 500,
                            "error": None,
                            "duration_ms": 12.5,
                        },
                        {
                            "attempt": 2,
                            "attempted_at": "2026-03-02T08:15:02Z",
                            "status_code": 500,
                            "error": None,
                            "duration_ms": 11.0,
                        },
                        {
                            "attempt": 3,
                            "attempted_at": "2026-03-02T08:15:07Z",
                            "status_code": 204,
                            "error": None,
                            "duration_ms": 9.1,
                        },
                    ],
                }
            ]
        }
    )

    id: UUID
    message_id: str
    event_type: WebhookEventType
    status: str = Field(description="pending, delivered or failed (retries exhausted)")
    attempt_count: int
    created_at: datetime
    delivered_at: datetime | None
    next_attempt_at: datetime | None
    attempts: list[AttemptRead]


class DeliveryPage(BaseModel):
    """Newest deliveries first."""

    items: list[DeliveryRead]


class StreamRecord(BaseModel):
    """A pseudonymised platform event as dashboards see it: codes, districts and counts only."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "seq": 1042,
                    "type": "fi.tukiverkko.plans.visit_recorded.v1",
                    "stream": "plans",
                    "subject": "5e0b7d0f1c2a4b3e9f8d7c6b5a4e3d2c1b0a9f8e7d6c5b4a3e2d1c0b9a8f7e6d",
                    "municipality": "286",
                    "district": "kuusankoski",
                    "region": "kymenlaakso",
                    "occurred_at": "2026-03-02T08:15:00Z",
                    "attributes": {"minutes": 45, "method": "home_visit", "goal_count": 2},
                }
            ]
        }
    )

    seq: int
    type: str
    stream: str
    subject: str = Field(
        description="HMAC-SHA256 of the client id under the gateway's pseudonym key"
    )
    municipality: str | None
    district: str | None
    region: str | None = Field(
        default=None, description="Wellbeing region code; a dashboard sees its own region only"
    )
    occurred_at: datetime
    attributes: dict[str, Any]


class MissingPart(BaseModel):
    """A part of an aggregated view that could not be fetched."""

    part: str
    reason: str = Field(description="not_configured, unavailable, timeout, circuit_open or failing")


class ClientOverview(BaseModel):
    """A client's situation at a glance, gathered from every service concurrently."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "client_id": EXAMPLE_ID,
                    "month": "2026-03",
                    "plans": {
                        "count": 1,
                        "items": [{"id": EXAMPLE_ID, "status": "active", "version": 2}],
                    },
                    "realisation": {"planned_minutes": 660, "delivered_minutes": 540},
                    "consents": {"active": 2, "items": []},
                    "network": None,
                    "missing": [{"part": "network", "reason": "timeout"}],
                }
            ]
        }
    )

    client_id: UUID
    month: str
    plans: dict[str, Any] | None = None
    realisation: dict[str, Any] | None = None
    consents: dict[str, Any] | None = None
    network: dict[str, Any] | None = None
    """The client's personal network maps."""
    missing: list[MissingPart] = []
