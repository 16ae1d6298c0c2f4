"""The rendered overlays: valid for a current Kubernetes, locked down, each pod given only its own secrets."""

import base64
import warnings
from typing import Any

import kubernetes_validate
import pytest
from kubernetes_validate import utils as kv_utils

from tests.foundation.k8s_rendered import OVERLAYS, ROOT, WITH_OPERATORS, of_kind, rendered
from tukiverkko_common.contracts import TOPICS
from tukiverkko_common.launcher import discover
from tukiverkko_common.settings import ServiceSettings

# Operator resources: kubernetes-validate carries no schema for them, so they are listed, not checked.
CRD_KINDS = {"Kafka", "KafkaNodePool", "KafkaTopic", "Cluster", "Database"}
SHARED_SECRETS = {
    "internal-token",
    "tukiverkko-db-ca",
    "tukiverkko-cluster-ca-cert",
    "tukiverkko-kafka-ca",
}
KAFKA_CA_SECRETS = {
    "dev": "tukiverkko-cluster-ca-cert",
    "prod": "tukiverkko-cluster-ca-cert",
    "managed": "tukiverkko-kafka-ca",
}


def _pod_specs(overlay: str) -> list[tuple[str, dict[str, Any]]]:
    return [(d["metadata"]["name"], d["spec"]["template"]["spec"]) for d in _deployments(overlay)]


def _deployments(overlay: str) -> list[dict[str, Any]]:
    return of_kind(rendered(overlay), "Deployment")


def _containers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [*spec.get("initContainers", []), *spec["containers"]]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_rendered_object_validates_for_a_current_kubernetes(overlay):
    version = kv_utils.latest_version()
    assert int(version.split(".")[1]) >= 33, f"kubernetes-validate knows only {version}"
    errors, skipped = [], set()
    for doc in rendered(overlay):
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.SchemaNotFoundError:
            skipped.add(doc["kind"])
        except kubernetes_validate.ValidationError as e:
            errors.append(f"{doc['kind']}/{doc['metadata']['name']}: {e.message}")
    assert errors == []
    wanted = CRD_KINDS if overlay in WITH_OPERATORS else set()
    assert skipped == wanted, "only the operators' resources may go unchecked"
    warnings.warn(f"{overlay}: not schema-checked (no CRD schema): {sorted(skipped)}", stacklevel=1)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_container_is_non_root_read_only_without_capabilities_and_limited(overlay):
    for name, spec in _pod_specs(overlay):
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert spec["automountServiceAccountToken"] is False, name
        for c in _containers(spec):
            where = f"{name}/{c['name']}"
            ctx = c["securityContext"]
            assert ctx["readOnlyRootFilesystem"] is True, where
            assert ctx["allowPrivilegeEscalation"] is False, where
            assert ctx["capabilities"]["drop"] == ["ALL"], where
            assert {"cpu", "memory"} <= set(c["resources"]["limits"]), where
            assert {"cpu", "memory"} <= set(c["resources"]["requests"]), where


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_api_probes_its_health_endpoints_and_migrates_first(overlay):
    apis = {d.name for d in discover(ROOT)}
    specs = dict(_pod_specs(overlay))
    assert set(specs) == apis | {f"{n}-worker" for n in apis}
    for name in apis:
        container = specs[name]["containers"][0]
        assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready", name
        assert container["livenessProbe"]["httpGet"]["path"] == "/health/live", name
        assert specs[name]["initContainers"][0]["command"][-1] == f"{name}.main:create_app"
        assert {"name": f"{name.upper()}_MIGRATE_ON_START", "value": "false"} in container["env"]
    for name in apis:
        worker = specs[f"{name}-worker"]["containers"][0]
        assert worker["command"][-1] == f"{name}.worker", name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_deployment_workers_too_probes_live_and_ready_on_a_port_it_declares(overlay):
    for name, spec in _pod_specs(overlay):
        container = spec["containers"][0]
        declared = {p["name"]: p["containerPort"] for p in container["ports"]}
        env = {e["name"]: e.get("value") for e in container["env"]}
        for probe, path in (("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready")):
            get = container[probe]["httpGet"]
            assert get["path"] == path and get["port"] in declared, f"{name}: {probe}"
        if name.endswith("-worker"):  # the worker's own endpoint, where the kubelet reaches it
            port = declared[container["livenessProbe"]["httpGet"]["port"]]
            assert env["TUKIVERKKO_WORKER_HEALTH_PORT"] == str(port), name
            assert env["TUKIVERKKO_WORKER_HEALTH_HOST"] == "0.0.0.0", name


def _secrets_of(spec: dict[str, Any]) -> set[str]:
    names = {v["secret"]["secretName"] for v in spec.get("volumes", []) if "secret" in v}
    for c in _containers(spec):
        names |= {e["secretRef"]["name"] for e in c.get("envFrom", []) if "secretRef" in e}
        refs = [e.get("valueFrom", {}).get("secretKeyRef") for e in c.get("env", [])]
        names |= {r["name"] for r in refs if r}
    return names


def _env_names(spec: dict[str, Any]) -> set[str]:
    return {e["name"] for c in _containers(spec) for e in c.get("env", [])}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_no_pod_gets_a_secret_or_database_url_that_is_not_its_own(overlay):
    for name, spec in _pod_specs(overlay):
        owner = name.removesuffix("-worker")
        # Its own database credentials, and its own keys where it has any (gateway, plans).
        own = _secrets_of(spec) - SHARED_SECRETS
        allowed = {f"{owner}-database", f"{owner}-keys", f"{owner}-kafka"}
        assert f"{owner}-database" in own and own <= allowed, name
        urls = {e for e in _env_names(spec) if e.endswith("_DATABASE_URL")}
        assert urls == {f"{owner.upper()}_DATABASE_URL"}, name


def test_only_the_gateway_gets_the_signing_pseudonym_and_webhook_keys():
    for name, spec in _pod_specs("prod"):
        holds = "gateway-keys" in _secrets_of(spec)
        assert holds == (name in ("gateway", "gateway-worker")), name
        keys = {"GATEWAY_SIGNING_KEY_PEM", "GATEWAY_PSEUDONYM_KEY", "GATEWAY_WEBHOOK_SECRET_KEY"}
        assert (keys <= _env_names(spec)) == holds, name


def test_the_dev_overlay_database_urls_carry_no_password_and_name_their_own_role():
    for secret in of_kind(rendered("dev"), "Secret"):
        data = {k: base64.b64decode(v).decode() for k, v in secret.get("data", {}).items()}
        if "url" in data:
            role = data["username"]
            assert data["url"] == f"postgresql+asyncpg://{role}@tukiverkko-db-rw:5432/{role}"
            assert data["password"] not in data["url"]


@pytest.mark.parametrize(("overlay", "replicas", "min_isr"), [("dev", 1, 1), ("prod", 3, 2)])
def test_topics_are_the_contracts_and_their_dead_letter_topics(overlay, replicas, min_isr):
    topics = of_kind(rendered(overlay), "KafkaTopic")
    wanted = {t for topic in TOPICS for t in (topic, f"{topic}.dlq")}
    assert {t["spec"]["topicName"] for t in topics} == wanted
    config = of_kind(rendered(overlay), "ConfigMap")[0]["data"]
    partitions = int(config["KAFKA_PARTITIONS"])
    assert partitions == ServiceSettings.model_fields["kafka_partitions"].default
    for topic in topics:
        assert topic["spec"]["partitions"] == partitions
        assert topic["spec"]["replicas"] == replicas
        assert topic["spec"]["config"]["min.insync.replicas"] == min_isr
    kafka = of_kind(rendered(overlay), "Kafka")[0]["spec"]["kafka"]["config"]
    assert kafka["min.insync.replicas"] == min_isr
    assert config["KAFKA_IDEMPOTENT_PRODUCER"] == "true"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_gateway_and_every_api_autoscale_and_keep_a_pod_through_disruptions(overlay):
    docs = rendered(overlay)
    names = {d.name for d in discover(ROOT)}
    hpas = {h["spec"]["scaleTargetRef"]["name"] for h in of_kind(docs, "HorizontalPodAutoscaler")}
    assert hpas == names
    pdbs = {p["metadata"]["name"] for p in of_kind(docs, "PodDisruptionBudget")}
    assert pdbs == names


@pytest.mark.parametrize("overlay", WITH_OPERATORS)
def test_one_database_and_role_per_deployable(overlay):
    docs = rendered(overlay)
    names = {d.name for d in discover(ROOT)}
    roles = of_kind(docs, "Cluster")[0]["spec"]["managed"]["roles"]
    assert {(r["name"], r["passwordSecret"]["name"]) for r in roles} == {
        (n, f"{n}-database") for n in names
    }
    assert {(d["spec"]["name"], d["spec"]["owner"]) for d in of_kind(docs, "Database")} == {
        (n, n) for n in names
    }


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_container_verifies_the_database_servers_certificate(overlay):
    for name, spec in _pod_specs(overlay):
        for c in _containers(spec):
            env = {e["name"]: e.get("value") for e in c.get("env", [])}
            assert env.get("PGSSLMODE") == "verify-full", f"{name}/{c['name']}"
            mounts = {m["mountPath"] for m in c.get("volumeMounts", [])}
            assert env["PGSSLROOTCERT"].rsplit("/", 1)[0] in mounts, f"{name}/{c['name']}"


def _kafka_settings(overlay: str, container: dict[str, Any]) -> ServiceSettings:
    """The Kafka settings a container starts with: the ConfigMap, then its own env (which wins)."""
    env = dict(of_kind(rendered(overlay), "ConfigMap")[0]["data"])
    for e in container.get("env", []):
        env[e["name"]] = e.get("value", f"from-secret-{e['name'].lower()}")
    kafka = {k: v for k, v in env.items() if k.startswith("KAFKA_")}
    return ServiceSettings(environment="production", internal_token="x" * 32, **kafka)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_pod_verifies_the_brokers_and_each_worker_alone_signs_in_as_itself(overlay):
    for name, spec in _pod_specs(overlay):
        container = spec["containers"][0]
        settings = _kafka_settings(overlay, container)  # the settings accept what they are given
        assert settings.kafka_security_protocol in ("SSL", "SASL_SSL"), name
        ca_dir = str(settings.kafka_ssl_cafile.parent)
        mount = next(m for m in container["volumeMounts"] if m["mountPath"] == ca_dir)
        volume = next(v for v in spec["volumes"] if v["name"] == mount["name"])
        assert volume["secret"]["secretName"] == KAFKA_CA_SECRETS[overlay], name
        assert all(s.endswith(":9093") for s in settings.bootstrap_servers.split(",")), name
        refs = {
            e["name"]: e["valueFrom"]["secretKeyRef"]["name"]
            for e in container["env"]
            if "secretKeyRef" in e.get("valueFrom", {})
        }
        signs_in = overlay == "managed" and name.endswith("-worker")
        assert (settings.kafka_security_protocol == "SASL_SSL") == signs_in, name
        if signs_in:
            own = f"{name.removesuffix('-worker')}-kafka"
            assert refs["KAFKA_SASL_USERNAME"] == refs["KAFKA_SASL_PASSWORD"] == own, name
        else:
            assert "KAFKA_SASL_PASSWORD" not in refs, f"{name}: no Kafka credentials it never uses"
