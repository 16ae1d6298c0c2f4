"""NetworkPolicies, evaluated on the rendered prod overlay: the gateway's path is open, nothing else is."""

import pytest

from tests.foundation.k8s_rendered import ROOT, Pod, allowed, of_kind, rendered
from tukiverkko_common.launcher import discover

SERVICES = sorted(d.name for d in discover(ROOT) if not d.is_gateway)


def _pod(name: str) -> Pod:
    """A Tukiverkko pod with the labels its Deployment gives it in the rendered overlay."""
    for d in of_kind(rendered("prod"), "Deployment"):
        if d["metadata"]["name"] == name:
            return Pod(d["spec"]["template"]["metadata"]["labels"])
    raise AssertionError(f"no Deployment {name}")


INGRESS = Pod({"app.kubernetes.io/name": "ingress-nginx"}, namespace="ingress-nginx")
MONITORING = Pod({"app.kubernetes.io/name": "prometheus"}, namespace="monitoring")
OUTSIDER = Pod({"app": "anything"}, namespace="default")
KAFKA = Pod({"strimzi.io/kind": "Kafka", "strimzi.io/cluster": "tukiverkko"})
POSTGRES = Pod({"cnpg.io/podRole": "instance", "cnpg.io/cluster": "tukiverkko-db"})


def _allowed(source: Pod, target: Pod, port: int) -> bool:
    return allowed(of_kind(rendered("prod"), "NetworkPolicy"), source, target, port)


def test_the_ingress_reaches_the_gateway_and_only_the_gateway():
    assert _allowed(INGRESS, _pod("gateway"), 8000)
    assert not _allowed(OUTSIDER, _pod("gateway"), 8000)
    for name in SERVICES:
        assert not _allowed(INGRESS, _pod(name), 8000), name
        assert not _allowed(INGRESS, _pod(f"{name}-worker"), 8000), name


@pytest.mark.parametrize("service", SERVICES)
def test_the_gateway_reaches_every_service_and_the_scraper_its_metrics(service):
    assert _allowed(_pod("gateway"), _pod(service), 8000)
    assert _allowed(MONITORING, _pod(service), 8000)
    assert not _allowed(_pod("gateway-worker"), _pod(service), 8000)


def test_resources_reaches_consent_and_no_other_service_reaches_another():
    assert _allowed(_pod("resources"), _pod("consent"), 8000)
    assert _allowed(_pod("resources-worker"), _pod("consent"), 8000)
    callers = [*SERVICES, *(f"{s}-worker" for s in SERVICES), "gateway-worker"]
    open_paths = {
        (caller, target)
        for caller in callers
        for target in [*SERVICES, "gateway"]
        if caller.removesuffix("-worker") != target and _allowed(_pod(caller), _pod(target), 8000)
    }
    assert open_paths == {("resources", "consent"), ("resources-worker", "consent")}


def test_only_the_metrics_scraper_reaches_a_worker_and_only_its_health_port():
    for name in [*SERVICES, "gateway"]:
        worker = _pod(f"{name}-worker")
        assert _allowed(MONITORING, worker, 8080), name
        assert not _allowed(MONITORING, worker, 8000), name
        for source in (_pod("gateway"), INGRESS, OUTSIDER, _pod(name)):
            for port in (8000, 8080):
                assert not _allowed(source, worker, port), (source, name, port)


@pytest.mark.parametrize("name", [*SERVICES, "gateway"])
def test_every_pod_reaches_kafka_and_postgresql(name):
    for pod in (_pod(name), _pod(f"{name}-worker")):
        assert _allowed(pod, KAFKA, 9093), "Kafka's TLS listener"
        assert not _allowed(pod, KAFKA, 9092), "no plaintext listener to reach"
        assert _allowed(pod, POSTGRES, 5432)
        assert not _allowed(pod, POSTGRES, 8000)
