"""The AsyncAPI document passes its ecosystem's linter: Spectral's `spectral:asyncapi` rules
(the rule set the AsyncAPI parser runs: the 3.0 schema, resolved references, operations
described), not only the JSON Schema of the specification."""

import json
import subprocess
from pathlib import Path

import pytest

from tukiverkko_common.schema_export import asyncapi_document

ROOT = Path(__file__).resolve().parents[2]
SPECTRAL = ROOT / "tools" / "node_modules" / ".bin" / "spectral"


def _lint(*files: Path) -> list[dict]:
    result = subprocess.run(
        [str(SPECTRAL), "lint", "--quiet", "--format", "json", "--fail-severity", "hint",
         "--ruleset", str(ROOT / "tools" / ".spectral-asyncapi.yaml"), *map(str, files)],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert result.stdout.strip(), result.stderr[-2000:]
    return json.loads(result.stdout)


def test_spectral_asyncapi_rules_find_nothing(tmp_path: Path):
    if not SPECTRAL.exists():
        pytest.fail("Spectral is not installed: run `make tools` (npm ci in tools/)")
    document = asyncapi_document()
    ours = tmp_path / "asyncapi.json"
    ours.write_text(json.dumps(document))
    # A copy whose operation points at a channel that does not exist is linted alongside:
    # proof that the rules ran on our files and resolve references.
    broken = json.loads(json.dumps(document))
    operation = next(iter(broken["operations"].values()))
    operation["channel"] = {"$ref": "#/channels/no_such_channel"}
    control = tmp_path / "control.json"
    control.write_text(json.dumps(broken))
    findings = _lint(ours, control)
    ours_found = [
        (f["code"], f["message"]) for f in findings if Path(f["source"]).name == ours.name
    ]
    assert ours_found == [], ours_found
    assert any(Path(f["source"]).name == control.name for f in findings), findings
