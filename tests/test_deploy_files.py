"""Beyond one machine, checked where Docker and Kubernetes cannot run (issue 18): deploy/k8s.yaml is valid YAML with a
Deployment, a Service and an Ingress that carry the local cluster's settings (deploy/haproxy.cfg.in): the same
sticky cookie, websockets held as long, the same health path and port, one cookie secret, warm before joining;
and deploy/Dockerfile installs the pinned torch from the CPU index and checks the same health path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from deploy import replica

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
PORT = 8501
HEALTH = "/_stcore/health"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
LECTURE = 3600  # seconds: a websocket must outlive at least an hour of a learner only watching
ANNOTATION = "nginx.ingress.kubernetes.io/"
SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@pytest.fixture(scope="module")
def manifests() -> dict[str, dict]:
    docs = [d for d in yaml.safe_load_all((DEPLOY / "k8s.yaml").read_text()) if d]
    kinds = [d["kind"] for d in docs]
    assert sorted(kinds) == ["Deployment", "Ingress", "Service"], kinds
    return {d["kind"]: d for d in docs}


@pytest.fixture(scope="module")
def container(manifests) -> dict:
    (only,) = manifests["Deployment"]["spec"]["template"]["spec"]["containers"]
    return only


@pytest.fixture(scope="module")
def haproxy() -> str:
    return (DEPLOY / "haproxy.cfg.in").read_text()


def _seconds(text: str) -> int:
    """HAProxy's time format: 4h, 30s, 1d (a bare number is milliseconds)."""
    number, unit = re.fullmatch(r"(\d+)([smhd]?)", text).groups()
    return int(number) * SECONDS[unit] if unit else int(number) // 1000


def test_the_deployment_runs_replicas_on_one_core_each(manifests, container):
    spec = manifests["Deployment"]["spec"]
    assert spec["replicas"] >= 2
    labels = spec["template"]["metadata"]["labels"]
    assert spec["selector"]["matchLabels"].items() <= labels.items(), "the selector does not match the pods"
    assert manifests["Service"]["spec"]["selector"].items() <= labels.items(), "the Service selects no pod"
    resources = container["resources"]
    assert str(resources["requests"]["cpu"]) == str(resources["limits"]["cpu"]) == "1"
    assert [p["containerPort"] for p in container["ports"]] == [PORT]


def test_probes_ask_streamlits_health_on_the_served_port(container):
    port_name = container["ports"][0]["name"]
    for probe in ("readinessProbe", "livenessProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] == HEALTH, probe
        assert get["port"] in (PORT, port_name), probe


def test_a_pod_takes_learners_only_once_warm(container):
    """The startup probe runs the local cluster's warm-up (every page's default view) on the pod's own server;
    readiness starts only after it, and it has time for the slowest first run."""
    startup = container["startupProbe"]
    python, flag, code = startup["exec"]["command"]
    assert (python, flag) == ("python", "-c")
    compile(code, "startupProbe", "exec")
    assert "deploy.replica" in code and "warm(" in code and f"{PORT}" in code
    assert callable(replica.warm) and replica.Replica("pod", PORT, None).url.endswith(f":{PORT}")
    assert startup["timeoutSeconds"] >= 300, "a warm-up trains models: minutes on one core"
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 120, "a cold start imports torch"


def test_every_replica_gets_the_one_cookie_secret_from_a_secret(container):
    (env,) = [e for e in container["env"] if e["name"] == "STREAMLIT_SERVER_COOKIE_SECRET"]
    ref = env["valueFrom"]["secretKeyRef"]
    assert ref["name"] and ref["key"]
    assert "value" not in env, "the secret is written in the manifest"
    assert f"kubectl create secret generic {ref['name']} --from-literal={ref['key']}=" in \
        (DEPLOY / "k8s.yaml").read_text(), "the manifest does not say how to create the secret it references"


def test_the_ingress_sticks_a_browser_by_cookie_as_the_local_balancer(manifests, haproxy):
    notes = {k.removeprefix(ANNOTATION): v for k, v in manifests["Ingress"]["metadata"]["annotations"].items()}
    assert notes["affinity"] == "cookie", "not per browser: ip_hash would put a school NAT on one replica"
    assert notes["affinity-mode"] == "persistent"
    local_cookie = re.search(r"^\s*cookie\s+(\S+)\s+insert", haproxy, re.M).group(1)
    assert notes["session-cookie-name"] == local_cookie
    assert int(notes["session-cookie-max-age"]) >= LECTURE
    assert manifests["Ingress"]["spec"]["ingressClassName"] == "nginx"


def test_websockets_are_held_for_a_lecture_as_locally(manifests, haproxy):
    notes = manifests["Ingress"]["metadata"]["annotations"]
    tunnel = _seconds(re.search(r"^\s*timeout\s+tunnel\s+(\S+)", haproxy, re.M).group(1))
    for name in ("proxy-read-timeout", "proxy-send-timeout"):
        value = notes[ANNOTATION + name]
        assert isinstance(value, str), f"{name}: annotations are strings (quote the number)"
        assert int(value) >= LECTURE and int(value) == tunnel, (name, value, tunnel)


def test_the_ingress_reaches_the_service_on_the_served_port(manifests):
    service = manifests["Service"]
    (port,) = service["spec"]["ports"]
    container_ports = {PORT, "http"}
    assert port["targetPort"] in container_ports
    (rule,) = manifests["Ingress"]["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    backend = path["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]
    assert backend["port"].get("name") == port["name"] or backend["port"].get("number") == port["port"]
    assert (path["path"], path["pathType"]) == ("/", "Prefix")
    assert HEALTH in (DEPLOY / "haproxy.cfg.in").read_text(), "the local balancer checks another path"


def test_the_dockerfile_installs_the_cpu_torch_and_checks_health():
    text = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.M)
    pin = re.search(r"^torch==(\S+)", (ROOT / "requirements.txt").read_text(), re.M).group(1)
    install = re.search(r"pip install (--index-url|--extra-index-url) (\S+) torch==(\S+)", text)
    assert install, "torch is not installed from an explicit index: PyPI's pulls the CUDA packages"
    assert (install.group(2), install.group(3)) == (CPU_INDEX, pin)
    assert "pip install -r requirements.txt" in text
    health = re.search(r"^HEALTHCHECK .*\n(?:.*\\\n)*.*", text, re.M)
    assert health and f"127.0.0.1:{PORT}{HEALTH}" in text[health.start():]
    cmd = re.search(r"^CMD (.+)$", text, re.M).group(1)
    assert yaml.safe_load(cmd) == ["streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port",
                                   str(PORT), "--server.headless", "true"]
    user = re.findall(r"^USER (\S+)", text, re.M)
    assert user and user[-1] not in ("root", "0"), "the app runs as root"
    for needed in ("app.py", ".streamlit/", "assets/", "deploy/", "benchmarks/"):
        assert re.search(rf"^COPY {re.escape(needed)}", text, re.M), f"{needed} is not in the image"
