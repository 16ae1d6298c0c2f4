"""RFC 9457 problem details for every error, with a stable `type` per kind of error."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from tukiverkko_common import context, problem_language

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://tukiverkko.example/problems/"


class Problem(Exception):
    """A domain or infrastructure error that maps to one problem type and status."""

    def __init__(
        self, status: int, kind: str, title: str, detail: str | None = None, **extra: Any
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.extra = extra
        self.headers: dict[str, str] = {}


def not_found(what: str, ident: object) -> Problem:
    """Return the problem for an id that names nothing (or nothing the caller may see)."""
    return Problem(404, "not-found", f"{what} not found", f"no {what} with id {ident}")


def conflict(kind: str, detail: str, **extra: Any) -> Problem:
    """Return a 409 problem of the given kind."""
    return Problem(409, kind, "Conflict", detail, **extra)


def invalid(field: str, detail: str) -> Problem:
    """Return a 422 problem naming the offending field."""
    return Problem(
        422,
        "validation-error",
        "Invalid input",
        f"{field}: {detail}",
        errors=[{"field": field, "message": detail}],
    )


def too_deep() -> Problem:
    """Return the 422 for a JSON body nested past what the parser can follow."""
    return invalid("body", "JSON is nested too deeply")


def problem_response(
    status: int,
    kind: str,
    title: str,
    detail: str | None,
    instance: str,
    *,
    accept_language: str | None = None,
    **extra: Any,
) -> JSONResponse:
    """Render a problem+json response, in the language the request asks for (en, fi, sv)."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + kind,
        "title": title,
        "status": status,
        "instance": instance,
    }
    if detail:
        body["detail"] = detail
    if rid := context.request_id.get():
        body["request_id"] = rid
    body.update(extra)
    language = problem_language.localise(body, accept_language or problem_language.accepted.get())
    response = JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)
    response.headers["Content-Language"] = language
    return response


_STATUS_KINDS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
    429: "rate-limited",
    503: "service-unavailable",
    504: "upstream-timeout",
}


def install_problem_handlers(app: FastAPI) -> None:
    """Map every error the app can raise to problem+json."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        response = problem_response(
            exc.status, exc.kind, exc.title, exc.detail, request.url.path, **exc.extra
        )
        response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "field": ".".join(str(p) for p in err["loc"] if p != "body") or "body",
                "message": err["msg"],
                "code": err["type"],
            }
            for err in exc.errors()
        ]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return problem_response(
            422, "validation-error", "Invalid input", detail, request.url.path, errors=errors
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if isinstance(exc.__cause__, RecursionError):  # FastAPI's "error parsing the body"
            return await _problem(request, too_deep())
        kind = _STATUS_KINDS.get(exc.status_code, f"http-{exc.status_code}")
        response = problem_response(exc.status_code, kind, str(exc.detail), None, request.url.path)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"path": request.url.path})
        return problem_response(500, "internal-error", "Internal error", None, request.url.path)


# OpenAPI documentation of problem answers, shared by the services' routes.
PROBLEM_SCHEMA = {
    "type": "object",
    "title": "Problem",
    "description": "RFC 9457 problem details; `type` is stable per kind of error",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "request_id": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                    "code": {"type": "string"},
                },
            },
        },
    },
}


def problem_responses(*statuses: int) -> dict[int | str, dict]:
    """Return OpenAPI `responses` documenting problem+json answers with these statuses."""
    titles = {
        400: "Malformed request",
        401: "No internal credential",
        404: "Not found",
        409: "Conflict with the current state",
        422: "Invalid input",
        503: "Service unavailable (nothing was changed)",
    }
    return {
        status: {
            "description": titles[status],
            "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}},
        }
        for status in statuses
    }
