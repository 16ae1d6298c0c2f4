"""Problems speak Finnish or Swedish when asked; field names, types and ids never change."""

import json

import httpx
import pytest
from fastapi import FastAPI

from tukiverkko_common.metrics import Metrics
from tukiverkko_common.middleware import RequestContextMiddleware
from tukiverkko_common.problem_language import negotiate
from tukiverkko_common.problems import Problem, install_problem_handlers, not_found


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "en"),
        ("fi", "fi"),
        ("sv-FI", "sv"),
        ("de, sv;q=0.4, fi;q=0.8", "fi"),
        ("fi;q=0.2, sv;q=0.9, en;q=0.5", "sv"),
        ("fi;q=0, de", "en"),
        ("*", "en"),
        ("fi;q=banana, sv;q=0.1", "sv"),
    ],
)
def test_the_language_follows_accept_language_q_values(header: str | None, language: str):
    assert negotiate(header) == language


def _app() -> FastAPI:
    app = FastAPI()
    # As build_app makes every service: the request middleware reads Accept-Language.
    app.add_middleware(
        RequestContextMiddleware, metrics=Metrics("language-test"), internal_token=None
    )
    install_problem_handlers(app)

    @app.get("/plans/{plan_id}")
    async def plan(plan_id: str) -> dict:
        raise not_found("plan", plan_id)

    @app.get("/scoped")
    async def scoped() -> dict:
        raise Problem(403, "insufficient-scope", "Forbidden", "this operation needs the scope x:y")

    @app.get("/odd")
    async def odd() -> dict:
        raise Problem(409, "odd-conflict", "Conflict", "something only English knows")

    @app.get("/count")
    async def count(limit: int) -> dict:
        return {"limit": limit}

    return app


async def _get(path: str, language: str | None = None) -> httpx.Response:
    headers = {"Accept-Language": language} if language else {}
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://service.test") as http:
        return await http.get(path, headers=headers)


async def test_finnish_and_swedish_titles_and_details_keep_type_and_ids():
    fi = await _get("/plans/0190f3a2-7c4e-7b1a-9c1d-2f4b6a8e0c11", "fi-FI, en;q=0.5")
    assert fi.headers["content-language"] == "fi"
    body = fi.json()
    assert body["title"] == "Ei löytynyt"
    assert (
        body["detail"]
        == "kohdetta (plan) tunnisteella 0190f3a2-7c4e-7b1a-9c1d-2f4b6a8e0c11 ei löydy"
    )
    assert body["type"].endswith("/not-found") and body["status"] == 404
    sv = await _get("/scoped", "sv")
    assert sv.headers["content-language"] == "sv"
    assert sv.json()["title"] == "Åtkomst nekad"
    assert sv.json()["detail"] == "åtgärden kräver behörigheten x:y"


async def test_english_is_the_default_and_says_so():
    response = await _get("/scoped")
    assert response.headers["content-language"] == "en"
    assert response.json()["title"] == "Forbidden"


async def test_validation_errors_translate_messages_but_not_field_names():
    response = await _get("/count?limit=many", "fi")
    body = response.json()
    assert response.status_code == 422 and body["title"] == "Virheellinen syöte"
    assert body["errors"][0]["field"] == "query.limit"
    assert body["errors"][0]["message"] == "pitää olla kokonaisluku"
    assert body["detail"] == "query.limit: pitää olla kokonaisluku"
    assert body["errors"][0]["code"] == "int_parsing"


async def test_an_unknown_detail_stays_english_and_content_language_says_both():
    response = await _get("/odd", "sv")
    assert response.json()["title"] == "Konflikt"
    assert response.json()["detail"] == "something only English knows"
    assert response.headers["content-language"] == "sv, en"
    assert json.loads(response.text)["type"].endswith("/odd-conflict")
