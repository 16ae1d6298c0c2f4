"""The deployment files follow discovery: every deployable is wired in, and a gap is named."""

import copy
import importlib.util
import shutil
from pathlib import Path

import pytest
import yaml

from tests.foundation.deploy_wiring import Manifests, load, missing, wanted

ROOT = Path(__file__).resolve().parents[2]


def test_every_discovered_deployable_is_wired_into_compose_and_kubernetes():
    deployables = wanted(ROOT)
    assert sum(d.is_gateway for d in deployables) == 1
    assert len(deployables) >= 3, "discovery found too little to check"
    assert missing(deployables, load(ROOT)) == []
    # The manifests run `python -m <module>`: each worker module must exist to be run.
    modules = [d.worker_module for d in deployables if d.worker_module]
    assert [m for m in modules if importlib.util.find_spec(m) is None] == []


def _tree_with_a_new_service(tmp_path: Path) -> Path:
    """A copy of the repository's deployables and deployment files, plus a service `rooms`."""
    for pyproject in [ROOT / "gateway/pyproject.toml", *ROOT.glob("services/*/pyproject.toml")]:
        target = tmp_path / pyproject.relative_to(ROOT)
        target.parent.mkdir(parents=True)
        shutil.copy(pyproject, target)
    shutil.copy(ROOT / "docker-compose.yml", tmp_path)
    shutil.copytree(ROOT / "deploy", tmp_path / "deploy")
    rooms = tmp_path / "services/rooms"
    rooms.mkdir(parents=True)
    (rooms / "pyproject.toml").write_text(
        '[project]\nname = "tukiverkko-rooms"\n\n'
        '[tool.tukiverkko]\napp = "rooms.main:create_app"\nworker = "rooms.worker:main"\n'
        "port = 8120\n"
    )
    return tmp_path


def test_a_discovered_service_missing_from_the_manifests_is_named_piece_by_piece(tmp_path):
    root = _tree_with_a_new_service(tmp_path)
    assert "rooms" in {d.name for d in wanted(root)}
    assert sorted(missing(wanted(root), load(root))) == sorted(
        [
            "postgres init: no database and role 'rooms'",
            "compose: no service 'rooms'",
            "k8s: no Deployment 'rooms'",
            "k8s: no Service 'rooms'",
            "k8s: no HorizontalPodAutoscaler 'rooms'",
            "k8s: no PodDisruptionBudget 'rooms'",
            "k8s: kustomization has no image tukiverkko-rooms",
            "k8s platform: no CloudNativePG role and Database 'rooms'",
            "k8s dev overlay: no Secret rooms-database",
            "k8s: no worker Deployment rooms-worker running rooms.worker",
            "k8s: ConfigMap's TUKIVERKKO_UPSTREAMS lacks 'rooms'",
        ]
    )


def _without(files: Manifests, name: str) -> Manifests:
    """The manifests with one service's compose entries and k8s objects cut."""
    compose = copy.deepcopy(files.compose)
    for process in (name, f"{name}-worker", f"{name}-migrate"):
        del compose["services"][process]
    k8s = [
        d
        for d in copy.deepcopy(files.k8s)
        if d.get("metadata", {}).get("name") not in (name, f"{name}-worker")
    ]
    return Manifests(compose, k8s, files.init_sql, files.platform, files.dev)


def test_a_service_removed_from_the_manifests_fails_the_check_naming_each_gap():
    deployables = wanted(ROOT)
    service = next(d.name for d in deployables if not d.is_gateway and d.worker)
    gaps = missing(deployables, _without(load(ROOT), service))
    assert sorted(gaps) == sorted(
        [
            f"compose: no service {service!r}",
            f"k8s: no Deployment {service!r}",
            f"k8s: no Service {service!r}",
            f"k8s: no HorizontalPodAutoscaler {service!r}",
            f"k8s: no PodDisruptionBudget {service!r}",
            f"k8s: no worker Deployment {service}-worker running {service}.worker",
        ]
    )


def test_a_service_whose_pods_lack_the_policy_label_is_named():
    deployables = wanted(ROOT)
    files = load(ROOT)
    service = next(d.name for d in deployables if not d.is_gateway)
    for doc in files.k8s:
        if doc.get("kind") == "Deployment" and doc["metadata"]["name"] == service:
            del doc["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/component"]
    assert missing(deployables, files) == [
        f"k8s: NetworkPolicy services-only-from-gateway does not cover {service!r}"
    ]


def test_a_worker_process_left_out_of_compose_is_named():
    deployables = wanted(ROOT)
    files = load(ROOT)
    gateway = next(d for d in deployables if d.is_gateway)
    del files.compose["services"][f"{gateway.name}-worker"]
    assert missing(deployables, files) == [
        f"compose: no worker process {gateway.name}-worker running {gateway.worker_module}"
    ]


def test_a_service_given_another_ones_database_url_or_a_password_in_it_is_named():
    deployables = wanted(ROOT)
    files = load(ROOT)
    plans_env = files.compose["services"]["plans"]["environment"]
    plans_env["PLANS_DATABASE_URL"] = "postgresql+asyncpg://plans:secret@postgres:5432/plans"
    del files.compose["services"]["consent-migrate"]
    assert sorted(missing(deployables, files)) == [
        "compose: no migration step consent-migrate running consent.main:create_app",
        "compose: service 'plans' lacks PLANS_DATABASE_URL as its own role",
    ]


def _ingress_paths() -> list[dict]:
    docs = [d for d in load(ROOT).k8s if d.get("kind") == "Ingress"]
    assert docs, "no Ingress in the kustomization"
    return [p for doc in docs for rule in doc["spec"]["rules"] for p in rule["http"]["paths"]]


def _ingress_routes(url_path: str) -> bool:
    """Kubernetes Ingress matching: Exact is the whole path, Prefix is whole path elements."""
    for entry in _ingress_paths():
        path = entry["path"]
        if entry["pathType"] == "Exact" and url_path == path:
            return True
        if entry["pathType"] in ("Prefix", "ImplementationSpecific"):
            prefix = path.rstrip("/")
            if url_path == prefix or url_path.startswith(prefix + "/"):
                return True
    return False


@pytest.mark.parametrize("path", ["/metrics", "/health/ready", "/health/live", "/redoc"])
def test_the_ingress_does_not_expose_operational_paths(path):
    assert not _ingress_routes(path)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/plans",
        "/api/v1/events/stream",
        "/.well-known/jwks.json",
        "/docs",
        "/docs/assets/swagger-ui-bundle.js",
        "/openapi.json",
        "/dashboard/",
    ],
)
def test_the_ingress_exposes_the_api_keys_and_documents(path):
    assert _ingress_routes(path)


def test_metrics_are_scraped_inside_the_cluster():
    for doc in load(ROOT).k8s:
        if doc.get("kind") == "Deployment" and not doc["metadata"]["name"].endswith("-worker"):
            annotations = doc["spec"]["template"]["metadata"]["annotations"]
            assert annotations["prometheus.io/path"] == "/metrics", doc["metadata"]["name"]
    policies = [yaml.safe_dump(d) for d in load(ROOT).k8s if d.get("kind") == "NetworkPolicy"]
    assert any("monitoring" in p for p in policies)
