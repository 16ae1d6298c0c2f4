"""The region analyst's dashboard page: static files served by the gateway itself.

The page holds no data: it signs in with a dashboard client's credentials and reads the
API with that token like any other caller, so the files need no token. Only the files
named here exist (no directory lookup, so no path can reach anything else), and every
answer carries a Content-Security-Policy that allows this origin's own script, styles
and API calls only: no inline script, no third party, no framing.
"""

from functools import cache
from importlib.resources import files

from fastapi import APIRouter
from fastapi.responses import RedirectResponse, Response

from tukiverkko_common.problems import Problem

router = APIRouter(include_in_schema=False)
PREFIX = "/dashboard"
MEDIA_TYPES = {
    "index.html": "text/html; charset=utf-8",
    "dashboard.css": "text/css; charset=utf-8",
    "dashboard.js": "text/javascript; charset=utf-8",
    "chart.js": "text/javascript; charset=utf-8",
    "i18n.js": "text/javascript; charset=utf-8",
    "stream.js": "text/javascript; charset=utf-8",
}
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    # Revalidate each time: a new release's files must not meet a cached older module.
    "Cache-Control": "no-cache",
}


@cache
def _content(name: str) -> bytes:
    return files("gateway").joinpath("dashboard", name).read_bytes()


def _file(name: str) -> Response:
    media_type = MEDIA_TYPES.get(name)
    if media_type is None:
        raise Problem(404, "not-found", "Not found", "the dashboard has no such file")
    return Response(_content(name), media_type=media_type, headers=HEADERS)


@router.get(PREFIX)
async def dashboard_root() -> Response:
    """Send the browser to the folder, so that the page's relative URLs resolve inside it."""
    return RedirectResponse("dashboard/", status_code=308, headers=HEADERS)


@router.get(PREFIX + "/")
async def dashboard_page() -> Response:
    """The page itself."""
    return _file("index.html")


@router.get(PREFIX + "/{name}")
async def dashboard_file(name: str) -> Response:
    """One of the page's own files; any other name is 404."""
    return _file(name)
