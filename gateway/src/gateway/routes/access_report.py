"""The client's access report as a document the region hands out: organisations named, fi or sv.

The report is fetched through the catalogued operation `GET /subjects/{subject_id}/access-report`
(same role, scope, ownership checks and access-log entry as the JSON report), then named and
rendered here. Rendering is bounded: a few at a time, off the event loop.
"""

import asyncio
import json
from typing import Annotated, Literal
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from gateway.access_report import Language, name_organisations, render_html
from gateway.auth.caller import CallerDep
from gateway.catalog import ROUTES, ProxyRoute
from gateway.openapi_docs import error_responses
from gateway.routes.proxy import forward
from gateway.state import get_state

router = APIRouter(tags=["consent"])
REPORT_PATH = "/api/v1/subjects/{subject_id}/access-report"
RENDER_SLOTS = 2
MEDIA = {"json": "application/json", "html": "text/html; charset=utf-8", "pdf": "application/pdf"}


EXAMPLE_JSON = {
    "subject_id": "0190f5a2-7c1e-7b4e-9a55-3f2d1c0b9a77",
    "language": "sv",
    "since": "2024-12-01T00:00:00Z",
    "until": "2026-12-01T08:00:00Z",
    "organisations": [
        {
            "organisation_id": "0190f5a2-7c1e-7b4e-9a55-3f2d1c0b9a01",
            "name": "Kårkulla samkommun",
            "role": "serviceproducent",
            "sector": "privat",
            "accesses": 1,
            "disclosures_made": 0,
            "disclosures_received": 1,
        }
    ],
    "accesses": [],
    "disclosures": [],
    "truncated": False,
}
EXAMPLE_HTML = '<!DOCTYPE html><html lang="fi">…<h2>Luovutusloki</h2><table>…</table></html>'


def _report_route() -> ProxyRoute:
    return next(r for r in ROUTES if r.method == "GET" and r.path == REPORT_PATH)


@router.get(
    REPORT_PATH + "/document",
    summary="The client's access report with organisations named, in Finnish or Swedish (JSON, HTML, PDF)",
    description=(
        "Who used and who received the client's data, on what basis, with each organisation's name, "
        "role and sector: the document a wellbeing region gives the client on request (Act 703/2023). "
        "Same access rules and access-log entry as the JSON report."
    ),
    openapi_extra={"x-required-scope": "audit:read"},
    responses={
        200: {
            "content": {
                MEDIA["json"]: {"example": EXAMPLE_JSON},
                MEDIA["html"]: {"schema": {"type": "string"}, "example": EXAMPLE_HTML},
                MEDIA["pdf"]: {
                    "schema": {"type": "string", "format": "binary"},
                    "example": "%PDF-1.3 …",
                },
            },
            "description": "The report",
        },
        **error_responses(statuses=(401, 403, 404, 422, 429, 503)),
    },
)
async def access_report_document(
    request: Request,
    caller: CallerDep,
    subject_id: UUID,
    format: Annotated[
        Literal["json", "html", "pdf"], Query(description="Document format")
    ] = "html",
    lang: Annotated[Language, Query(description="fi (suomi) or sv (svenska)")] = "fi",
    since: Annotated[str | None, Query(max_length=40, description="RFC 3339 start")] = None,
) -> Response:
    """Return the named report in the asked format and language."""
    state = get_state(request)
    upstream = await forward(
        _report_route(),
        _json_report_request(request, subject_id, since),
        caller,
        {"subject_id": subject_id},
    )
    if upstream.status_code != 200:
        return upstream
    report = await name_organisations(json.loads(bytes(upstream.body)), state.registry, lang)
    slots = _slots(request)
    async with slots:
        body = await asyncio.to_thread(_render, report, format)
    filename = f"access-report-{lang}.{format}"
    headers = {"Cache-Control": "no-store", "Content-Disposition": f'inline; filename="{filename}"'}
    return Response(body, media_type=MEDIA[format], headers=headers)


def _render(report: dict, format: str) -> bytes:
    if format == "html":
        return render_html(report).encode()
    if format == "pdf":
        from gateway.access_report_pdf import render_pdf

        return render_pdf(report)
    return json.dumps(report, ensure_ascii=False).encode()


def _json_report_request(request: Request, subject_id: UUID, since: str | None) -> Request:
    """The same request, addressed to the JSON report (the catalogued operation forwards its path)."""
    path = REPORT_PATH.format(subject_id=subject_id)
    query = urlencode({"since": since}).encode() if since else b""
    scope = {**request.scope, "path": path, "raw_path": path.encode(), "query_string": query}
    return Request(scope, request.receive)


def _slots(request: Request) -> asyncio.Semaphore:
    slots = getattr(request.app.state, "report_render_slots", None)
    if slots is None:
        slots = request.app.state.report_render_slots = asyncio.Semaphore(RENDER_SLOTS)
    return slots
