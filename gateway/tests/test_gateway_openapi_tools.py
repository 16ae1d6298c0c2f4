"""The OpenAPI document passes its ecosystem's tools: Spectral's recommended rules, a client
generator without warnings, every example valid for its schema and errors that match their
status; and /docs works without internet access."""

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gateway_harness import Gateway
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from consent.config import ConsentSettings
from consent.main import create_app as consent_app
from gateway.config import GatewaySettings
from gateway.examples import example_for
from gateway.main import create_app as gateway_app
from plans.config import PlansSettings
from plans.main import create_app as plans_app

ROOT = Path(__file__).resolve().parents[2]
SPECTRAL = ROOT / "tools" / "node_modules" / ".bin" / "spectral"


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The gateway's composed document, with the services' own documents as it fetches them."""
    tmp = tmp_path_factory.mktemp("openapi")
    upstreams = {"plans": "http://plans:8000", "consent": "http://consent:8000"}
    gateway = gateway_app(
        GatewaySettings(database_url=f"sqlite+aiosqlite:///{tmp}/g.db", upstreams=upstreams)
    )
    plans = plans_app(PlansSettings(database_url=f"sqlite+aiosqlite:///{tmp}/p.db"))
    consent = consent_app(ConsentSettings(database_url=f"sqlite+aiosqlite:///{tmp}/c.db"))
    gateway.state.gateway.specs.documents.update(plans=plans.openapi(), consent=consent.openapi())
    return gateway.openapi()


@pytest.fixture(scope="module")
def document_file(document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("openapi-file") / "openapi.json"
    path.write_text(json.dumps(document))
    return path


def _examples(doc: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """Yield (schema pointer, example pointer, example) for every example in the document."""
    stack: list[tuple[Any, str]] = [(doc, "")]
    while stack:
        node, ptr = stack.pop()
        if isinstance(node, dict):
            is_schema = "/schema" in ptr or ptr.startswith("/components/schemas/")
            if isinstance(node.get("schema"), dict) and "example" in node:
                yield f"{ptr}/schema", f"{ptr}/example", node["example"]
            elif is_schema and "example" in node:
                yield ptr, f"{ptr}/example", node["example"]
            if is_schema and isinstance(node.get("examples"), list):
                for i, example in enumerate(node["examples"]):
                    yield ptr, f"{ptr}/examples/{i}", example
            stack += [
                (v, f"{ptr}/{k.replace('~', '~0').replace('/', '~1')}") for k, v in node.items()
            ]
        elif isinstance(node, list):
            stack += [(v, f"{ptr}/{i}") for i, v in enumerate(node)]


def _validator(doc: dict[str, Any], pointer: str) -> Draft202012Validator:
    registry = Registry().with_resource(
        "urn:openapi", Resource(contents=doc, specification=DRAFT202012)
    )
    return Draft202012Validator(
        {"$ref": f"urn:openapi#{pointer}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def test_every_example_in_the_document_validates_against_its_schema(document):
    examples = list(_examples(document))
    assert len(examples) > 300, "the document lost its examples"
    invalid = [
        f"{where}: {error.message[:120]}"
        for schema, where, example in examples
        for error in list(_validator(document, schema).iter_errors(example))[:1]
    ]
    assert invalid == []


def _error_examples(doc: dict[str, Any]) -> Iterator[tuple[str, int, Any]]:
    for section in ("paths", "webhooks"):
        for path, item in doc.get(section, {}).items():
            for method, op in item.items():
                for status, response in op.get("responses", {}).items():
                    if status[0] in "45":
                        for media in response.get("content", {}).values():
                            yield f"{method} {path} {status}", int(status), media.get("example")


def test_error_examples_match_their_status_codes(document):
    errors = list(_error_examples(document))
    problems = [(where, status, ex) for where, status, ex in errors if "status" in (ex or {})]
    assert len(problems) > 100
    assert [w for w, status, ex in problems if ex["status"] != status] == []
    assert [w for w, _, ex in errors if ex is None] == [], "error responses without an example"
    kinds = {
        status: {ex["type"] for _, s, ex in problems if s == status} for _, status, _ in problems
    }
    assert all(len(types) == 1 for types in kinds.values())
    assert len({next(iter(t)) for t in kinds.values()}) == len(kinds), "one problem type per status"


def test_one_of_branches_are_exclusive(document):
    """A oneOf whose branches overlap rejects valid bodies; each branch's example fits it alone."""
    schemas = document["components"]["schemas"]
    overlapping = []
    for name, schema in schemas.items():
        for prop, sub in schema.get("properties", {}).items():
            branches = sub.get("oneOf", [])
            for i, branch in enumerate(branches):
                example = example_for(branch, schemas)
                fits = [j for j, b in enumerate(branches) if _fits(document, b, example)]
                if fits != [i]:
                    overlapping.append(f"{name}.{prop} branch {i} fits {fits}")
    assert overlapping == []


def _fits(doc: dict[str, Any], branch: dict[str, Any], example: Any) -> bool:
    pointer = branch["$ref"][1:] if "$ref" in branch else None
    if pointer is None:
        return Draft202012Validator(branch).is_valid(example)
    return _validator(doc, pointer).is_valid(example)


def test_spectral_recommended_rules_find_nothing(document, document_file):
    if not SPECTRAL.exists():
        pytest.fail("Spectral is not installed: run `make tools` (npm ci in tools/)")
    # A copy without servers is linted alongside: proof that the rules ran on our files.
    control = document_file.with_name("control.json")
    control.write_text(json.dumps({k: v for k, v in document.items() if k != "servers"}))
    result = subprocess.run(
        [str(SPECTRAL), "lint", "--quiet", "--format", "json", "--fail-severity", "hint",
         "--ruleset", str(ROOT / "tools" / ".spectral.yaml"), str(document_file), str(control)],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    findings = json.loads(result.stdout)
    found = {(Path(f["source"]).name, f["code"]) for f in findings}
    assert found == {("control.json", "oas3-api-servers")}, result.stderr[-2000:] or findings


def test_a_generated_python_client_builds_without_warnings(document_file, tmp_path):
    generator = Path(sys.executable).parent / "openapi-python-client"
    result = subprocess.run(
        [str(generator), "generate", "--path", str(document_file),
         "--output-path", str(tmp_path / "client"), "--overwrite"],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "warning" not in output.lower(), output[-3000:]
    assert list((tmp_path / "client").rglob("api/**/*.py")), "no operations were generated"


async def test_docs_page_loads_only_the_gateways_own_assets(fake_gateway: Gateway):
    page = await fake_gateway.http.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert urls, page.text
    assert [u for u in urls if not u.startswith("/") or u.startswith("//")] == []
    assert "http://" not in page.text and "https://" not in page.text
    for url in urls:
        asset = await fake_gateway.http.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 1000, url
    script = await fake_gateway.http.get(next(u for u in urls if u.endswith(".js")))
    assert "SwaggerUIBundle" in script.text
    assert (await fake_gateway.http.get("/redoc")).status_code == 404
