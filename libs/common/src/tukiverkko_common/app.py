"""Build a service's FastAPI app from its spec: lifespan, errors, health, metrics, dependencies."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlmodel.ext.asyncio.session import AsyncSession

from tukiverkko_common.collector import lean_collector
from tukiverkko_common.logs import configure_logging
from tukiverkko_common.middleware import RequestContextMiddleware
from tukiverkko_common.problems import install_problem_handlers
from tukiverkko_common.runtime import Runtime, ServiceSpec
from tukiverkko_common.uow import UnitOfWork


def build_app(spec: ServiceSpec) -> FastAPI:
    """Return the app; nothing connects until the lifespan starts."""
    configure_logging(spec.name, level=spec.settings.log_level, json_output=spec.settings.log_json)
    runtime = Runtime(spec)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            with lean_collector():
                yield
        finally:
            await runtime.stop()

    app = FastAPI(
        title=spec.title,
        description=spec.description,
        version=spec.version,
        lifespan=lifespan,
        openapi_tags=spec.openapi_tags or None,
    )
    app.state.runtime = runtime
    token = spec.settings.internal_token.get_secret_value() if spec.internal else None
    app.add_middleware(RequestContextMiddleware, metrics=runtime.metrics, internal_token=token)
    install_problem_handlers(app)
    _add_operational_routes(app, runtime)
    for router in spec.routers:
        add_router(app, router)
    return app


_DEFAULT_LIFESPAN = type(APIRouter().lifespan_context)


def add_router(app: FastAPI, router: APIRouter) -> None:
    """Put the router's routes on the app's own route list.

    The routes are complete when their router builds them (prefix, tags, responses and
    dependencies applied), and matching them on the app's list costs about a quarter of
    what FastAPI's included-router wrapper costs per route on every request (measured on
    the gateway's 60-route catalogue). A router that brings a lifespan is included the
    usual way, so that its lifespan joins the app's.
    """
    if not isinstance(router.lifespan_context, _DEFAULT_LIFESPAN):
        app.include_router(router)
        return
    app.router.routes.extend(router.routes)


def _add_operational_routes(app: FastAPI, runtime: Runtime) -> None:
    @app.get("/health/live", tags=["operations"], summary="Process is alive")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @app.get(
        "/health/ready",
        tags=["operations"],
        summary="Can serve requests (database answers); the broker's state is reported",
    )
    async def ready() -> JSONResponse:
        ok, checks = await runtime.readiness()
        return JSONResponse(
            {"status": "ok" if ok else "unavailable", "checks": checks},
            status_code=200 if ok else 503,
        )

    @app.get("/metrics", tags=["operations"], summary="Prometheus metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(runtime.metrics.registry), media_type=CONTENT_TYPE_LATEST)


async def get_runtime(request: Request) -> Runtime:
    """Return the runtime of the app serving this request."""
    return request.app.state.runtime


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """Yield a read session for the request."""
    async with (await get_runtime(request)).sessions() as session:
        yield session


async def get_short_read(request: Request) -> AsyncIterator[AsyncSession]:
    """Yield a read-only session for a short indexed read on a hot path: on a SQLite file its
    statements run in the event loop (no trip to a driver thread), and a write through it
    fails; on PostgreSQL each statement runs on its own, outside a transaction."""
    async with (await get_runtime(request)).short_reads() as session:
        yield session


async def get_uow(request: Request) -> AsyncIterator[UnitOfWork]:
    """Yield an open unit of work; the use case commits it once."""
    async with (await get_runtime(request)).uow() as uow:
        yield uow


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]
ShortReadDep = Annotated[AsyncSession, Depends(get_short_read)]
UowDep = Annotated[UnitOfWork, Depends(get_uow)]
