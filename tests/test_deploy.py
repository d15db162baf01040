"""``deploy/`` validated offline: every Kubernetes manifest against Kubernetes' own schemas
(kubernetes-validate ships them; strict, so a misspelt field fails), KEDA's ScaledObject
against the fields of its CRD we use, and what no schema knows: the settings are ours,
names and ports point at something that exists, the commands run our code, and
docker-compose says the same as the manifests."""

from __future__ import annotations

import argparse
import importlib.util
import re
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from crawler.cli import build_parser
from crawler.config import RENDER_QUEUE, CrawlerConfig
from workers.app import CRAWL_QUEUE

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
K8S = DEPLOY / "k8s"
# The oldest Kubernetes still supported by its project at the time of writing, and the
# newest the validator knows.
VERSIONS = ["1.31.0", kubernetes_validate.latest_version()]
SETTINGS = {name.upper() for name in CrawlerConfig.model_fields}

# The fields of KEDA's ScaledObject (keda.sh/v1alpha1) and of its redis trigger that a
# manifest may use (https://keda.sh/docs/2.16/reference/scaledobject-spec/ and
# /scalers/redis-lists/): anything else is a typo KEDA would reject or ignore.
_SCALED_OBJECT = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "spec"],
    "additionalProperties": False,
    "properties": {
        "apiVersion": {"const": "keda.sh/v1alpha1"},
        "kind": {"const": "ScaledObject"},
        "metadata": {"type": "object", "required": ["name", "namespace"]},
        "spec": {
            "type": "object",
            "required": ["scaleTargetRef", "triggers"],
            "additionalProperties": False,
            "properties": {
                "scaleTargetRef": {
                    "type": "object", "required": ["name"], "additionalProperties": False,
                    "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"},
                                   "name": {"type": "string"},
                                   "envSourceContainerName": {"type": "string"}}},
                "pollingInterval": {"type": "integer", "minimum": 1},
                "cooldownPeriod": {"type": "integer", "minimum": 0},
                "initialCooldownPeriod": {"type": "integer", "minimum": 0},
                "idleReplicaCount": {"type": "integer", "minimum": 0},
                "minReplicaCount": {"type": "integer", "minimum": 0},
                "maxReplicaCount": {"type": "integer", "minimum": 1},
                "fallback": {"type": "object"},
                "advanced": {"type": "object"},
                "triggers": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "required": ["type", "metadata"],
                    "additionalProperties": False,
                    "properties": {
                        "type": {"type": "string"}, "name": {"type": "string"},
                        "metricType": {"enum": ["AverageValue", "Value", "Utilization"]},
                        "useCachedMetrics": {"type": "boolean"},
                        "authenticationRef": {"type": "object"},
                        "metadata": {"type": "object",
                                     "additionalProperties": {"type": "string"}}}}},
            },
        },
    },
}
_REDIS_TRIGGER_FIELDS = {"address", "addressFromEnv", "host", "hostFromEnv", "port",
                         "portFromEnv", "username", "usernameFromEnv", "passwordFromEnv",
                         "listName", "listLength", "activationListLength", "databaseIndex",
                         "enableTLS", "unsafeSsl"}


def _documents() -> list[tuple[str, dict[str, Any]]]:
    docs = []
    for path in sorted(K8S.rglob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                docs.append((str(path.relative_to(K8S)), doc))
    return docs


DOCS = _documents()


def _of_kind(*kinds: str) -> list[dict[str, Any]]:
    return [doc for _, doc in DOCS if doc["kind"] in kinds]


def _pod_specs() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(name, pod template metadata, pod spec) of every workload."""
    found = []
    for doc in _of_kind("Deployment", "StatefulSet", "Job"):
        template = doc["spec"]["template"]
        found.append((doc["metadata"]["name"], template.get("metadata", {}), template["spec"]))
    return found


def _containers() -> list[tuple[str, dict[str, Any]]]:
    return [(name, c) for name, _, spec in _pod_specs()
            for c in spec.get("initContainers", []) + spec["containers"]]


def _config_map() -> dict[str, str]:
    (config,) = _of_kind("ConfigMap")
    data: dict[str, str] = config["data"]
    return data


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    return loaded


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("path", "doc"), [d for d in DOCS if d[1]["kind"] != "ScaledObject"],
                         ids=[f"{p}:{d['kind']}/{d['metadata']['name']}" for p, d in DOCS
                              if d["kind"] != "ScaledObject"])
def test_manifest_matches_the_kubernetes_schema(path: str, doc: dict[str, Any], version: str
                                                ) -> None:
    kubernetes_validate.validate(doc, version, strict=True)


def test_the_validator_catches_a_misspelt_field() -> None:
    """So that the test above can fail: a field Kubernetes does not know."""
    (_, doc) = next(d for d in DOCS if d[1]["kind"] == "StatefulSet")
    broken = yaml.safe_load(yaml.safe_dump(doc))
    broken["spec"]["replica"] = broken["spec"].pop("replicas")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, VERSIONS[-1], strict=True)


def test_the_scaled_object_scales_the_render_workers_on_the_render_queue() -> None:
    (scaled,) = _of_kind("ScaledObject")
    jsonschema.validate(scaled, _SCALED_OBJECT)
    spec = scaled["spec"]
    target = spec["scaleTargetRef"]
    workloads = {(d["kind"], d["metadata"]["name"]): d for d in _of_kind("Deployment",
                                                                         "StatefulSet")}
    workload = workloads[(target.get("kind", "Deployment"), target["name"])]
    command = workload["spec"]["template"]["spec"]["containers"][0]["command"]
    assert command[command.index("-Q") + 1] == RENDER_QUEUE
    assert spec.get("minReplicaCount", 0) <= spec["maxReplicaCount"]
    (trigger,) = spec["triggers"]
    assert trigger["type"] == "redis"
    assert set(trigger["metadata"]) <= _REDIS_TRIGGER_FIELDS
    assert trigger["metadata"]["listName"] == RENDER_QUEUE
    # The queue length one pod is meant for is at least what one pod renders at once.
    assert int(trigger["metadata"]["listLength"]) >= int(_config_map()["RENDER_PAGES"])
    host, port = trigger["metadata"]["address"].split(":")
    redis_url = _config_map()["REDIS_URL"]
    assert host.split(".")[:2] == re.split(r"[/:]+", redis_url)[1].split(".")[:2]
    assert port == redis_url.rsplit(":", 1)[1].split("/")[0]


def test_every_setting_is_one_of_ours() -> None:
    settings = set(_config_map()) | set(_compose()["x-crawler-env"])
    for _, container in _containers():
        settings |= {e["name"] for e in container.get("env", [])}
    assert settings <= SETTINGS, settings - SETTINGS
    CrawlerConfig.load(**{k.lower(): v for k, v in _config_map().items()})  # all parse


def test_names_and_ports_point_at_something_that_exists() -> None:
    config_maps = {d["metadata"]["name"] for d in _of_kind("ConfigMap")}
    pods = _pod_specs()
    for name, container in _containers():
        for source in container.get("envFrom", []):
            assert source["configMapRef"]["name"] in config_maps, name
        ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
        for probe in ("readinessProbe", "livenessProbe"):
            check = container.get(probe, {})
            port = (check.get("httpGet") or check.get("tcpSocket") or {}).get("port")
            assert port is None or port in ports or port in ports.values(), (name, probe)
        if "metrics" in ports:
            assert ports["metrics"] == int(_config_map()["METRICS_PORT"]), name
    for _, meta, _spec in pods:
        port = meta.get("annotations", {}).get("prometheus.io/port")
        assert port is None or int(port) == int(_config_map()["METRICS_PORT"])
    for service in _of_kind("Service"):
        selector = service["spec"]["selector"]
        matched = [spec for _, meta, spec in pods
                   if selector.items() <= meta.get("labels", {}).items()]
        assert matched, service["metadata"]["name"]
        named = {p["name"] for spec in matched for c in spec["containers"]
                 for p in c.get("ports", [])}
        for port in service["spec"].get("ports", []):
            target = port.get("targetPort", port["port"])
            assert isinstance(target, int) or target in named, service["metadata"]["name"]
    for workload in _of_kind("StatefulSet"):
        assert workload["spec"]["serviceName"] in {s["metadata"]["name"]
                                                   for s in _of_kind("Service")}


def _expand(arg: str, container: dict[str, Any]) -> str:
    env = {e["name"]: e["value"] for e in container.get("env", [])} | _config_map()
    return re.sub(r"\$\((\w+)\)", lambda m: env[m.group(1)], arg)


def test_every_command_runs_our_code() -> None:
    for name, container in _containers():
        command = [_expand(a, container) for a in container.get("command", [])]
        if not command or not container["image"].startswith("newscrawler"):
            continue
        if command[0] == "celery":
            app = command[command.index("-A") + 1]
            assert importlib.util.find_spec(app) is not None, name
            if command[3] == "worker":
                assert command[command.index("-Q") + 1] in (RENDER_QUEUE, CRAWL_QUEUE)
            else:
                assert command[3] == "beat", name
        elif command[:3] == ["python", "-m", "crawler"]:
            parsed = build_parser().parse_args(command[3:])
            assert isinstance(parsed, argparse.Namespace)
        elif command[:2] == ["scrapy", "crawl"]:
            assert command[2] == "news", name
            assert all(a.startswith(("job=", "start_urls=", "render=", "max_pages="))
                       for a in command[4::2]), command
        else:
            raise AssertionError(f"{name}: {command} runs nothing of ours")


def test_compose_says_what_the_manifests_say() -> None:
    compose = _compose()
    env, config = compose["x-crawler-env"], _config_map()
    for key in ("MONGO_DATABASE", "CHROMIUM_PATH", "CRAWLER_DATA_DIR", "RENDER_WORKERS",
                "RENDER_PAGES", "RENDER_TIMEOUT_S", "RENDER_MAX_RETRIES", "METRICS_PORT",
                "METRICS_HOST", "CELERY_TASK_EVENTS"):
        assert str(env.get(key)) == str(config.get(key)), key
    worker = next(doc for doc in _of_kind("StatefulSet", "Deployment")
                  if doc["metadata"]["name"] == "render-worker")
    k8s_command = worker["spec"]["template"]["spec"]["containers"][0]["command"]
    assert compose["services"]["render-worker"]["command"] == k8s_command


def test_the_kustomization_lists_every_standing_manifest() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    listed = set(kustomization["resources"])
    standing = {p.name for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml"}
    assert listed == standing
