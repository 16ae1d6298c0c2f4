"""Documentation that works when copied: every personal identity code shown in the API documents
(each service's OpenAPI, the gateway's composed OpenAPI) and in the READMEs has a valid date,
century sign and check character, so a reader who copies an example is not answered 422."""

import importlib
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gateway.config import GatewaySettings
from gateway.main import create_app as gateway_app
from tukiverkko_common.launcher import discover

ROOT = Path(__file__).resolve().parents[2]
CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURIES = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900}
CENTURIES |= dict.fromkeys("ABCDEF", 2000)
# Anything shaped like a code, valid or not: DDMMYY, a century sign, NNN and one character.
CANDIDATE = re.compile(r"(?<![0-9A-Za-z])\d{6}[-+A-FU-Y]\d{3}[0-9A-Z](?![0-9A-Za-z])")


def is_valid_identity_code(code: str) -> bool:
    """Check date, century sign and check character (written here, independent of the services)."""
    day, month, year = int(code[:2]), int(code[2:4]), int(code[4:6])
    try:
        date(CENTURIES[code[6]] + year, month, day)
    except ValueError:
        return False
    return CHECK_CHARACTERS[int(code[:6] + code[7:10]) % 31] == code[10]


def invalid_codes(text: str) -> list[str]:
    """Return the identity-code-shaped strings in `text` that are not valid codes."""
    return sorted({c for c in CANDIDATE.findall(text) if not is_valid_identity_code(c)})


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every service's own OpenAPI and the gateway's composed one, as the gateway fetches them."""
    tmp = tmp_path_factory.mktemp("identity-docs")
    mp = pytest.MonkeyPatch()
    mp.setenv("TUKIVERKKO_ENV", "development")
    mp.setenv("TUKIVERKKO_DATA_DIR", str(tmp))
    try:
        services = {}
        for d in discover(ROOT):
            if d.is_gateway:
                continue
            module, _, factory = d.app.partition(":")
            services[d.name] = getattr(importlib.import_module(module), factory)().openapi()
        upstreams = {name: f"http://{name}:8000" for name in services}
        gateway = gateway_app(
            GatewaySettings(database_url=f"sqlite+aiosqlite:///{tmp}/g.db", upstreams=upstreams)
        )
        gateway.state.gateway.specs.documents.update(services)
        return {**services, "gateway": gateway.openapi()}
    finally:
        mp.undo()


def test_the_scanner_refuses_a_wrong_check_character_and_accepts_a_right_one():
    # The example the plans service once showed: its check character is P, not K.
    assert invalid_codes('{"personal_identity_code": "010190-900K"}') == ["010190-900K"]
    assert invalid_codes("e.g. 010190-900P or 010594Y9032, 280201A900Y") == []
    assert invalid_codes("311190-900X") == ["311190-900X"]  # 31 November does not exist


def test_every_identity_code_in_the_openapi_documents_is_valid(documents: dict[str, Any]):
    assert "plans" in documents and "gateway" in documents
    found = {name: invalid_codes(json.dumps(doc)) for name, doc in documents.items()}
    assert {name: codes for name, codes in found.items() if codes} == {}
    shown = CANDIDATE.findall(json.dumps(documents["gateway"]))
    assert shown, "the composed document shows an identity-code example to copy"


def test_every_identity_code_in_the_readmes_is_valid():
    readmes = [ROOT / "README.md", *sorted(ROOT.glob("services/*/README.md"))]
    found = {p.name if p.parent == ROOT else str(p.relative_to(ROOT)): p for p in readmes}
    bad = {name: invalid_codes(path.read_text()) for name, path in found.items()}
    assert {name: codes for name, codes in bad.items() if codes} == {}
