"""The Kubernetes overlays as `kubectl kustomize` renders them, and a NetworkPolicy evaluator.

kubectl comes from Debian (`.ci/run` installs it where missing); without it these tests fail
with that message rather than skip, since rendering is what they prove.
"""

import shutil
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
OVERLAYS = ("dev", "prod", "managed")
WITH_OPERATORS = ("dev", "prod")  # Strimzi and CloudNativePG; "managed" points at a region's own
NAMESPACE = "tukiverkko"


@cache
def rendered(overlay: str) -> tuple[dict[str, Any], ...]:
    """Return the objects `kubectl kustomize deploy/k8s/overlays/<overlay>` prints."""
    kubectl = shutil.which("kubectl")
    assert kubectl, "kubectl is not installed (.ci/run installs Debian's kubectl)"
    out = subprocess.run(
        [kubectl, "kustomize", str(ROOT / "deploy" / "k8s" / "overlays" / overlay)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    return tuple(d for d in yaml.safe_load_all(out) if d)


def of_kind(docs: tuple[dict[str, Any], ...], kind: str) -> list[dict[str, Any]]:
    """Return the objects of one kind."""
    return [d for d in docs if d["kind"] == kind]


@dataclass(frozen=True)
class Pod:
    """A pod as a NetworkPolicy sees it: its labels and its namespace."""

    labels: dict[str, str]
    namespace: str = NAMESPACE
    ns_labels: dict[str, str] = field(default_factory=dict)

    def namespace_labels(self) -> dict[str, str]:
        """Return the namespace's labels, with the name label every namespace carries."""
        return {"kubernetes.io/metadata.name": self.namespace, **self.ns_labels}


def _matches(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    for key, value in selector.get("matchLabels", {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions", []):
        present = labels.get(expr["key"])
        if expr["operator"] == "In" and present not in expr["values"]:
            return False
        if expr["operator"] == "NotIn" and present in expr["values"]:
            return False
        if expr["operator"] == "Exists" and present is None:
            return False
    return True


def _peer_matches(peer: dict[str, Any], other: Pod, policy_ns: str) -> bool:
    if "ipBlock" in peer:
        return False  # pods inside the cluster are never in the outside ranges we allow
    pods = peer.get("podSelector")
    namespaces = peer.get("namespaceSelector")
    if namespaces is None and other.namespace != policy_ns:
        return False
    if namespaces is not None and not _matches(namespaces, other.namespace_labels()):
        return False
    return pods is None or _matches(pods, other.labels)


def _admits(rules: list[dict[str, Any]], key: str, other: Pod, port: int, ns: str) -> bool:
    for rule in rules:
        ports = [p["port"] for p in rule.get("ports", [])]
        if ports and port not in ports:
            continue
        peers = rule.get(key)
        if peers is None or any(_peer_matches(p, other, ns) for p in peers):
            return True
    return False


def _direction(policies: list[dict[str, Any]], pod: Pod, kind: str) -> list[dict[str, Any]]:
    return [
        p
        for p in policies
        if p["metadata"].get("namespace", NAMESPACE) == pod.namespace
        and kind in p["spec"].get("policyTypes", ["Ingress"])
        and _matches(p["spec"]["podSelector"], pod.labels)
    ]


def allowed(policies: list[dict[str, Any]], source: Pod, target: Pod, port: int) -> bool:
    """Return whether a TCP connection from source to target's port passes every policy."""
    egress = _direction(policies, source, "Egress")
    if egress and not any(
        _admits(p["spec"].get("egress", []), "to", target, port, source.namespace) for p in egress
    ):
        return False
    ingress = _direction(policies, target, "Ingress")
    return not ingress or any(
        _admits(p["spec"].get("ingress", []), "from", source, port, target.namespace)
        for p in ingress
    )
