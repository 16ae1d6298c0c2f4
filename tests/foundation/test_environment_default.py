"""An unset TUKIVERKKO_ENV is production: development secrets are refused unless asked for."""

import os
import subprocess
from pathlib import Path

import pytest
from pydantic import ValidationError

from tukiverkko_common import launcher
from tukiverkko_common.launcher import child_environment
from tukiverkko_common.settings import ServiceSettings


def test_without_tukiverkko_env_the_development_internal_token_is_refused(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.delenv("TUKIVERKKO_ENV", raising=False)
    monkeypatch.delenv("TUKIVERKKO_INTERNAL_TOKEN", raising=False)
    with pytest.raises(ValidationError, match="internal_token uses its development default"):
        ServiceSettings()


def test_without_tukiverkko_env_real_secrets_start_in_production(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("TUKIVERKKO_ENV", raising=False)
    monkeypatch.setenv("TUKIVERKKO_INTERNAL_TOKEN", "t" * 40)
    assert ServiceSettings().environment == "production"


def test_development_is_chosen_explicitly(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TUKIVERKKO_ENV", "development")
    monkeypatch.delenv("TUKIVERKKO_INTERNAL_TOKEN", raising=False)
    assert ServiceSettings().environment == "development"


def test_make_run_gives_its_children_development_explicitly(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("TUKIVERKKO_ENV", raising=False)
    env = child_environment([], "127.0.0.1:9092", Path("var"))
    assert env["TUKIVERKKO_ENV"] == "development"
    assert "TUKIVERKKO_ENV" not in os.environ


def _spawned_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict) -> list[str]:
    seen: list[list[str]] = []
    monkeypatch.setattr(launcher.subprocess, "Popen", lambda command, **_: seen.append(command))
    gateway = launcher.Deployable("gateway", "gateway.main:create_app", 8000, True)
    launcher.spawn(launcher.default_plan([gateway])[0], env, tmp_path)
    return seen[0]


def test_make_run_believes_forwarded_for_from_no_one_unless_configured(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    default = _spawned_command(monkeypatch, tmp_path, {})
    assert "--no-proxy-headers" in default, "uvicorn would otherwise trust 127.0.0.1"
    configured = _spawned_command(
        monkeypatch, tmp_path, {"TUKIVERKKO_FORWARDED_ALLOW_IPS": "10.0.0.0/8"}
    )
    assert configured[configured.index("--forwarded-allow-ips") + 1] == "10.0.0.0/8"


def test_make_admin_works_on_the_local_platform_without_tukiverkko_env(tmp_path: Path):
    """The README's `make admin` reaches the same local databases as `make run`, in development."""
    env = {k: v for k, v in os.environ.items() if k != "TUKIVERKKO_ENV"}
    env["TUKIVERKKO_DATA_DIR"] = str(tmp_path)
    args = 'ARGS=org add --name "Demo region" --role wellbeing_region --region pohjois-savo'
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        ["make", "-s", "admin", args], cwd=root, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "registered with scopes" in done.stdout
