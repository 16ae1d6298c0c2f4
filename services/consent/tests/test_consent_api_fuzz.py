"""Generated requests against the documented API over real HTTP: never a 500, always as documented."""

import threading

import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import CacheConfig, SchemathesisConfig

from consent.config import ConsentSettings
from consent.main import create_app
from tukiverkko_common.broker import free_port, wait_for_port

TOKEN = "fuzz-internal-token"
HEADERS = {"x-internal-token": TOKEN}
"""Only the credential is fixed: the caller headers are generated from their documented schema."""
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@pytest.fixture
def served(database_url: str):
    """The consent app under uvicorn on a real port, in a thread of its own (no broker: no workers)."""
    settings = ConsentSettings(
        database_url=database_url,
        run_workers=False,
        log_level="WARNING",
        environment="test",
        internal_token=TOKEN,
    )
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="consent-fuzz-server", daemon=True)
    thread.start()
    try:
        wait_for_port("127.0.0.1", port, timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def test_consent_api_answers_generated_requests_as_documented(served):
    # No cache: a test run leaves nothing behind in the working tree.
    config = SchemathesisConfig(cache=CacheConfig(enabled=False))
    schema = schemathesis.openapi.from_url(f"{served}/openapi.json", config=config)
    operations = [r.ok() for r in schema.get_all_operations() if r.ok().path.startswith("/api/v1/")]
    assert len(operations) >= 12
    failures = []
    for operation in operations:
        for mode in GenerationMode:
            try:
                _exercise(operation, mode, served)
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE, (
                    f"{operation.label}: no valid request could be generated"
                )
            except Exception as exc:
                failures.append(f"{operation.label} ({mode.value}): {str(exc)[:600]}")
    assert not failures, "\n\n".join(failures)


def _exercise(operation, mode: GenerationMode, base_url: str) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=10,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        response = case.call(base_url=base_url, headers=HEADERS)
        case.validate_response(response, checks=CHECKS)

    check()
