"""deploy/k8s validates against Kubernetes' own schemas (kubernetes-validate, bundled, offline)
and keeps the promises docs/operations.md makes: both probes, non-root read-only pods, bounded
resources, a grace period that covers drain + in-flight requests, and real setting names."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
K8S = REPO_ROOT / "deploy" / "k8s"
KUBERNETES_VERSION = "1.37.0"


def documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def resources() -> list[dict[str, Any]]:
    return [
        doc
        for path in sorted(K8S.glob("*.yaml"))
        if path.name != "kustomization.yaml"
        for doc in documents(path)
    ]


def by_kind(kind: str) -> list[dict[str, Any]]:
    return [doc for doc in resources() if doc["kind"] == kind]


@pytest.mark.parametrize(
    "path", sorted(p.name for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml")
)
def test_manifest_validates_strictly(path: str) -> None:
    for doc in documents(K8S / path):
        # Strict: unknown fields (a typo'd key Kubernetes would silently drop) fail too.
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_a_broken_manifest_is_caught() -> None:
    (deployment,) = documents(K8S / "deployment.yaml")
    deployment["spec"]["replicas"] = "three"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)


def test_kustomization_lists_files_that_exist() -> None:
    kustomization = documents(K8S / "kustomization.yaml")[0]
    for name in kustomization["resources"]:
        assert (K8S / name).is_file(), name


def test_everything_the_issue_lists_is_there() -> None:
    kinds = sorted(doc["kind"] for doc in resources())
    assert kinds == sorted(
        [
            "ConfigMap",
            "CronJob",
            "CronJob",
            "Deployment",
            "HorizontalPodAutoscaler",
            "Ingress",
            "Job",
            "PodDisruptionBudget",
            "Secret",
            "Service",
        ]
    )
    commands = {" ".join(c["command"]) for cj in by_kind("CronJob") for c in containers(cj)}
    assert commands == {
        "python manage.py notify_favorite_updates",
        "python manage.py notify_recommendations",
    }
    (job,) = by_kind("Job")
    assert "manage.py migrate --noinput" in " ".join(containers(job)[0]["command"])


def pod_spec(doc: dict[str, Any]) -> dict[str, Any]:
    spec = doc["spec"]
    if doc["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]["spec"]


def containers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return pod_spec(doc)["containers"]


def test_the_api_has_both_probes_resources_and_a_long_enough_grace_period() -> None:
    (deployment,) = by_kind("Deployment")
    (api,) = containers(deployment)
    assert api["livenessProbe"]["httpGet"]["path"] == "/system/live"
    assert api["readinessProbe"]["httpGet"]["path"] == "/system/ready"
    assert {"cpu", "memory"} <= set(api["resources"]["requests"])
    assert {"cpu", "memory"} <= set(api["resources"]["limits"])
    (config,) = by_kind("ConfigMap")
    needed = float(config["data"]["SHUTDOWN_DRAIN_SECONDS"]) + float(
        config["data"]["SHUTDOWN_TIMEOUT"]
    )
    assert pod_spec(deployment)["terminationGracePeriodSeconds"] > needed
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0


@pytest.mark.parametrize("kind", ["Deployment", "Job", "CronJob"])
def test_pods_run_as_non_root_on_a_read_only_filesystem(kind: str) -> None:
    for doc in by_kind(kind):
        assert pod_spec(doc)["securityContext"]["runAsNonRoot"] is True
        for container in containers(doc):
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True
            assert context["allowPrivilegeEscalation"] is False
            assert context["capabilities"]["drop"] == ["ALL"]
            mounts = {m["mountPath"] for m in container["volumeMounts"]}
            assert "/tmp" in mounts  # noqa: S108 - the only writable place (metrics, drain file)
            assert {"cpu", "memory"} <= set(container["resources"]["limits"])


def test_config_and_secret_keys_are_settings_the_code_reads() -> None:
    sources = ["settings.py", "settings_ops.py"]
    read = {
        name
        for source in sources
        for name in re.findall(
            r'env_(?:str|bool|int|float|list)\("([A-Z_]+)"',
            (REPO_ROOT / "backend" / source).read_text(),
        )
    }
    read |= {"WEB_CONCURRENCY", "ASGI_SYNC_THREADS", "PROMETHEUS_MULTIPROC_DIR"}
    read |= {"SHUTDOWN_DRAIN_SECONDS", "SHUTDOWN_TIMEOUT"}  # backend.serve
    (config,) = by_kind("ConfigMap")
    (secret,) = by_kind("Secret")
    unknown = (set(config["data"]) | set(secret["stringData"])) - read
    assert not unknown, f"not read anywhere: {unknown}"


def test_the_dockerfile_user_matches_run_as_user() -> None:
    (deployment,) = by_kind("Deployment")
    uid = pod_spec(deployment)["securityContext"]["runAsUser"]
    dockerfile = (REPO_ROOT / "docker" / "Dockerfile").read_text()
    assert f"--uid {uid}" in dockerfile
    assert 'CMD ["python", "-m", "backend.serve"' in dockerfile


def test_compose_runs_migrations_once_before_the_api() -> None:
    compose = yaml.safe_load((REPO_ROOT / "docker" / "compose.yaml").read_text())
    services = compose["services"]
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]
    assert services["api"]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"
    }
    assert services["api"]["environment"]["LOG_FORMAT"] == "${LOG_FORMAT:-json}"
