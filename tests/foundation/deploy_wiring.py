"""What every discovered deployable needs in `docker-compose.yml` and `deploy/k8s/`, and what is missing.

The deployables are found by the launcher's `discover()` (a `[tool.tukiverkko]` table in a
pyproject), so a new service joins these checks the moment it can run under `make run`.
Each missing piece is named, so the failure says what to add and where.
"""

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tukiverkko_common.launcher import discover

SERVICE_POLICY = "services-only-from-gateway"
K8S_BASE = Path("deploy/k8s/base")
PLATFORM = Path("deploy/k8s/components/platform")
DEV_OVERLAY = Path("deploy/k8s/overlays/dev/kustomization.yaml")
INIT_SCRIPT = Path("deploy/postgres/init-databases.sh")


@dataclass(frozen=True)
class Wanted:
    """A discovered deployable and the entry points its processes run."""

    name: str
    app: str
    worker: str | None
    is_gateway: bool

    @property
    def prefix(self) -> str:
        """Return the env prefix of its settings (PLANS_, CONSENT_, GATEWAY_)."""
        return self.name.upper().replace("-", "_") + "_"

    @property
    def worker_module(self) -> str | None:
        """Return the module `python -m` runs for its worker process."""
        return self.worker.split(":", 1)[0] if self.worker else None


@dataclass(frozen=True)
class Manifests:
    """The deployment files as parsed data."""

    compose: dict[str, Any]
    k8s: list[dict[str, Any]]
    init_sql: str
    platform: list[dict[str, Any]]
    dev: dict[str, Any]


def wanted(root: Path) -> list[Wanted]:
    """Return every discovered deployable with its worker entry point."""
    found = []
    for d in discover(root):
        folder = root / "gateway" if d.is_gateway else root / "services" / d.name
        table = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
            "tukiverkko"
        ]
        found.append(Wanted(d.name, d.app, table.get("worker"), d.is_gateway))
    return found


def _documents(folder: Path) -> list[dict[str, Any]]:
    """Return the kustomization (or component) file and every resource it lists, unrendered."""
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text(encoding="utf-8"))
    docs = [kustomization]
    for resource in kustomization["resources"]:
        docs += [
            d for d in yaml.safe_load_all((folder / resource).read_text(encoding="utf-8")) if d
        ]
    return docs


def load(root: Path) -> Manifests:
    """Read the compose file, the base, the platform component, the dev overlay and the init script."""
    return Manifests(
        compose=yaml.safe_load((root / "docker-compose.yml").read_text(encoding="utf-8")),
        k8s=_documents(root / K8S_BASE),
        init_sql=(root / INIT_SCRIPT).read_text(encoding="utf-8"),
        platform=_documents(root / PLATFORM),
        dev=yaml.safe_load((root / DEV_OVERLAY).read_text(encoding="utf-8")),
    )


def missing(deployables: list[Wanted], files: Manifests) -> list[str]:
    """Return one line per piece a deployable lacks (or an entry naming no deployable)."""
    problems: list[str] = []
    for d in deployables:
        problems += _compose_gaps(d, files)
        problems += _k8s_gaps(d, files.k8s)
        problems += _platform_gaps(d, files)
    services = {d.name for d in deployables if not d.is_gateway}
    for where, upstreams in _upstream_maps(files):
        problems += [
            f"{where}: upstream {n!r} is not a discovered service"
            for n in sorted(set(upstreams) - services)
        ]
    return problems


def _compose_gaps(d: Wanted, files: Manifests) -> list[str]:
    services = files.compose.get("services", {})
    gaps = []
    if not re.search(rf"^create {re.escape(d.name)} ", files.init_sql, re.M):
        gaps.append(f"postgres init: no database and role {d.name!r}")
    api = services.get(d.name)
    if api is None:
        return [*gaps, f"compose: no service {d.name!r}"]
    if api.get("build", {}).get("args", {}).get("APP") != d.app:
        gaps.append(f"compose: service {d.name!r} does not run {d.app}")
    env = api.get("environment", {})
    if str(env.get(f"{d.prefix}DATABASE_URL", "")) != (
        f"postgresql+asyncpg://{d.name}@postgres:5432/{d.name}"
    ):
        gaps.append(f"compose: service {d.name!r} lacks {d.prefix}DATABASE_URL as its own role")
    migrate = services.get(f"{d.name}-migrate", {})
    if d.app not in migrate.get("command", []):
        gaps.append(f"compose: no migration step {d.name}-migrate running {d.app}")
    if not d.is_gateway:
        gateway_env = services.get("gateway", {}).get("environment", {})
        upstreams = json.loads(gateway_env.get("TUKIVERKKO_UPSTREAMS", "{}"))
        if upstreams.get(d.name) != f"http://{d.name}:8000":
            gaps.append(f"compose: gateway's TUKIVERKKO_UPSTREAMS lacks {d.name!r}")
    if d.worker_module:
        if env.get(f"{d.prefix}RUN_WORKERS") != "false":
            gaps.append(f"compose: service {d.name!r} runs workers beside its worker process")
        worker = services.get(f"{d.name}-worker", {})
        if d.worker_module not in worker.get("command", []):
            gaps.append(f"compose: no worker process {d.name}-worker running {d.worker_module}")
    return gaps


def _k8s_gaps(d: Wanted, docs: list[dict[str, Any]]) -> list[str]:
    by_kind: dict[tuple[str, str], dict[str, Any]] = {
        (doc["kind"], doc.get("metadata", {}).get("name", "")): doc for doc in docs
    }
    gaps = []
    deployment = by_kind.get(("Deployment", d.name))
    if deployment is None:
        gaps.append(f"k8s: no Deployment {d.name!r}")
    else:
        if not _runs(deployment, "initContainers", d.app):
            gaps.append(f"k8s: Deployment {d.name!r} does not migrate with {d.app}")
        if f"'name': '{d.name}-database'" not in str(deployment):
            gaps.append(f"k8s: Deployment {d.name!r} lacks its Secret {d.name}-database")
    if ("Service", d.name) not in by_kind:
        gaps.append(f"k8s: no Service {d.name!r}")
    for kind in ("HorizontalPodAutoscaler", "PodDisruptionBudget"):
        if (kind, d.name) not in by_kind:
            gaps.append(f"k8s: no {kind} {d.name!r}")
    images = {i["name"] for i in by_kind.get(("Kustomization", ""), {}).get("images", [])}
    if f"tukiverkko-{d.name}" not in images:
        gaps.append(f"k8s: kustomization has no image tukiverkko-{d.name}")
    if d.worker_module:
        worker = by_kind.get(("Deployment", f"{d.name}-worker"))
        if worker is None or not _runs(worker, "containers", d.worker_module):
            gaps.append(f"k8s: no worker Deployment {d.name}-worker running {d.worker_module}")
    if not d.is_gateway:
        config = by_kind.get(("ConfigMap", "tukiverkko-config"), {}).get("data", {})
        if d.name not in json.loads(config.get("TUKIVERKKO_UPSTREAMS", "{}")):
            gaps.append(f"k8s: ConfigMap's TUKIVERKKO_UPSTREAMS lacks {d.name!r}")
        policy = by_kind.get(("NetworkPolicy", SERVICE_POLICY), {})
        if deployment is not None and not _selected_by(policy, deployment):
            gaps.append(f"k8s: NetworkPolicy {SERVICE_POLICY} does not cover {d.name!r}")
    return gaps


def _platform_gaps(d: Wanted, files: Manifests) -> list[str]:
    """The database and role in the CloudNativePG cluster, and the dev overlay's Secret."""
    gaps = []
    clusters = [doc for doc in files.platform if doc.get("kind") == "Cluster"]
    roles = {r["name"] for c in clusters for r in c["spec"].get("managed", {}).get("roles", [])}
    databases = {doc["spec"]["name"] for doc in files.platform if doc.get("kind") == "Database"}
    if d.name not in roles or d.name not in databases:
        gaps.append(f"k8s platform: no CloudNativePG role and Database {d.name!r}")
    secrets = {s["name"] for s in files.dev.get("secretGenerator", [])}
    if f"{d.name}-database" not in secrets:
        gaps.append(f"k8s dev overlay: no Secret {d.name}-database")
    return gaps


def _runs(deployment: dict[str, Any], kind: str, entry: str) -> bool:
    containers = deployment["spec"]["template"]["spec"].get(kind, [])
    return any(entry in c.get("command", []) for c in containers)


def _selected_by(policy: dict[str, Any], deployment: dict[str, Any]) -> bool:
    """Return whether the policy's pod selector matches the deployment's pods (matchLabels only)."""
    wanted = policy.get("spec", {}).get("podSelector", {}).get("matchLabels", {})
    labels = deployment["spec"]["template"].get("metadata", {}).get("labels", {})
    return bool(wanted) and all(labels.get(key) == value for key, value in wanted.items())


def _upstream_maps(files: Manifests) -> list[tuple[str, dict[str, str]]]:
    gateway_env = files.compose.get("services", {}).get("gateway", {}).get("environment", {})
    config = next((d for d in files.k8s if d.get("kind") == "ConfigMap"), {}).get("data", {})
    return [
        ("compose", json.loads(gateway_env.get("TUKIVERKKO_UPSTREAMS", "{}"))),
        ("k8s", json.loads(config.get("TUKIVERKKO_UPSTREAMS", "{}"))),
    ]
