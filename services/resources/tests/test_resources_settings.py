"""Where the resources service finds the consent service it asks before creating a card."""

import pytest

from resources.config import ResourcesSettings


def test_make_run_tells_it_where_consent_answers(monkeypatch: pytest.MonkeyPatch):
    # `make run` with a port offset moves consent; the launcher passes every URL to every child.
    monkeypatch.setenv("TUKIVERKKO_UPSTREAMS", '{"consent": "http://127.0.0.1:11804"}')
    assert ResourcesSettings().consent_base_url == "http://127.0.0.1:11804"


def test_an_explicit_consent_url_wins(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TUKIVERKKO_UPSTREAMS", '{"consent": "http://127.0.0.1:11804"}')
    monkeypatch.setenv("RESOURCES_CONSENT_URL", "http://consent:8000")
    assert ResourcesSettings().consent_base_url == "http://consent:8000"
