"""The README stays true: the two commands, CI calling the test command, every event listed."""

from pathlib import Path

from tukiverkko_common import contracts
from tukiverkko_common.events import registered_contracts

ROOT = Path(__file__).resolve().parents[2]


def test_readme_names_the_two_commands_and_ci_runs_the_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "```\nmake run\n```" in readme and "```\nmake test\n```" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert ci.rstrip().endswith("exec make test")


def test_event_catalogue_lists_every_contract_and_topic():
    readme = (ROOT / "README.md").read_text()
    missing = [t for t in registered_contracts() if f"`{t}`" not in readme]
    assert not missing, f"README event catalogue lacks {missing}"
    assert all(f"`{topic}`" in readme for topic in contracts.TOPICS)
