"""The README stays true: the two commands, CI calling the test command, every event listed."""

import importlib.util
import tomllib
from pathlib import Path

from tukiverkko_common import contracts
from tukiverkko_common.events import registered_contracts

ROOT = Path(__file__).resolve().parents[2]


def test_readme_names_the_two_commands_and_ci_runs_the_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "```\nmake run\n```" in readme and "```\nmake test\n```" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert ci.rstrip().endswith("exec make test")


def test_ci_lints_and_type_checks_every_package_before_the_tests():
    """`.ci/run` runs `make lint` first; the lint target checks, format-checks and type-checks."""
    commands = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert "make lint" in commands, "CI does not run make lint"
    assert commands.index("make lint") < commands.index("exec make test")
    makefile = (ROOT / "Makefile").read_text()
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    for step in ("ruff check $(LINT_PATHS)", "ruff format --check $(LINT_PATHS)", "mypy"):
        assert step in lint, f"make lint lacks {step}"
    paths = makefile.split("LINT_PATHS = ", 1)[1].split("\n", 1)[0].split()
    assert {"libs", "services", "gateway"} <= set(paths)
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert {"libs/common/src", "services/*/src", "gateway/src"} <= set(mypy["files"])


def test_event_catalogue_lists_every_contract_and_topic():
    readme = (ROOT / "README.md").read_text()
    missing = [t for t in registered_contracts() if f"`{t}`" not in readme]
    assert not missing, f"README event catalogue lacks {missing}"
    assert all(f"`{topic}`" in readme for topic in contracts.TOPICS)


def test_run_it_uses_only_make_commands_a_newcomer_has():
    """`uv` is not on PATH after the bootstrap, so the README's commands go through make."""
    readme = (ROOT / "README.md").read_text()
    run_it = readme.split("## Run it", 1)[1].split("\n## ", 1)[0]
    assert "uv run" not in run_it
    assert 'make admin ARGS="client add' in run_it
    assert 'make admin ARGS="outbox parked --service plans"' in run_it
    assert "\nadmin: sync\n" in (ROOT / "Makefile").read_text()


def test_api_entry_points_list_every_gateway_operation(monkeypatch, tmp_path):
    """The README's API table is the gateway's OpenAPI as `scripts/readme_api.py` writes it."""
    monkeypatch.setenv("TUKIVERKKO_ENV", "development")
    monkeypatch.setenv("TUKIVERKKO_DATA_DIR", str(tmp_path))
    spec = importlib.util.spec_from_file_location("readme_api", ROOT / "scripts" / "readme_api.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    readme = (ROOT / "README.md").read_text()
    block = readme.split("<!-- api:start -->\n", 1)[1].split("\n<!-- api:end -->", 1)[0]
    assert block == script.table(), "README API table is stale: run scripts/readme_api.py"
