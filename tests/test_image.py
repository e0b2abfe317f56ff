"""The container image, built and run here with podman (marker `image`, ~1-2 minutes; `make test-image`): it boots,
serves the model the repo ships as a non-root user within its size target, and two replicas behind nginx lose no
request when one of them is stopped under load. Figures: python -m bench.image."""
from __future__ import annotations

import json
import shutil
import sys

import pytest

from deploy import image as img
from deploy import replicas

pytestmark = pytest.mark.image

MANIFEST_SHA256 = img.labels()["MODEL_SHA256"]


@pytest.fixture(scope="module")
def built() -> str:
    missing = [tool for tool in ("podman", "runc", "debootstrap", "nginx") if not shutil.which(tool)
               and not shutil.which(tool, path="/usr/sbin:/sbin")]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: `make test` installs them (apt-get, as root)")
    img.ensure_base()
    build_s = img.build(python=sys.executable)
    print(f"\nimage built in {build_s:.0f} s")
    return img.IMAGE


@pytest.fixture(scope="module")
def running(built):
    with replicas.replica(built) as r:
        assert r.boot_s is not None, f"/healthz did not answer 200 within {replicas.BOOT_LIMIT_S} s:\n{r.logs()[-3000:]}"
        print(f"\nboot: /healthz 200 after {r.boot_s:.1f} s (limit {replicas.BOOT_LIMIT_S:.0f} s)")
        yield r


def test_the_container_serves_the_model_the_repo_ships(running, client):
    status, health = replicas.get_json(f"{running.url}/healthz")
    assert status == 200 and health["status"] == "ok"
    local = client.get("/healthz").get_json()
    assert health["model"]["sha256"] == local["model"]["sha256"] == MANIFEST_SHA256
    assert health["versions"]["scikit-learn"] == local["versions"]["scikit-learn"]
    assert health["versions"]["python"].startswith("3.11.")


def test_the_image_labels_carry_the_version_and_the_model(built):
    labels = img.inspect(built)["Config"]["Labels"]
    assert labels["org.opencontainers.image.version"] == img.labels()["VERSION"]
    assert labels["wine-quality-designer.model.sha256"] == MANIFEST_SHA256


def test_the_image_is_in_docker_v2_format_with_its_healthcheck(built):
    manifest = json.loads(img.podman("inspect", "--format", "{{json .ManifestType}}", built))
    assert manifest == "application/vnd.docker.distribution.manifest.v2+json"
    test = img.inspect(built)["Healthcheck"]["Test"]  # the OCI format would have dropped it
    assert "/healthz" in " ".join(test)


def test_the_healthcheck_passes_in_the_running_container(running):
    done = img.subprocess.run(["podman", "healthcheck", "run", running.name], env=img.env(), capture_output=True)
    assert done.returncode == 0, done.stderr


def test_a_prediction_from_the_container_is_the_local_one(running, client, average_wine):
    import urllib.request

    request = urllib.request.Request(f"{running.url}/api/predict", data=json.dumps(average_wine).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        remote = json.loads(response.read())
    assert remote == client.post("/api/predict", json=average_wine).get_json()


def test_the_server_runs_as_a_non_root_user(running):
    status = img.podman("exec", running.name, "cat", "/proc/1/status")  # PID 1 is gunicorn's master
    uids = next(line.split()[1:] for line in status.splitlines() if line.startswith("Uid:"))
    assert set(uids) != {"0"} and "0" not in uids


def test_the_image_adds_at_most_its_size_target_to_its_base(built):
    added = img.size_mb(built) - img.size_mb(img.BASE)
    print(f"\nimage {img.size_mb(built):.0f} MB = base {img.size_mb(img.BASE):.0f} MB + {added:.0f} MB")
    assert added <= img.SIZE_TARGET_MB


def test_the_image_holds_the_app_and_no_tests_docs_or_pip(built):
    def ls(*paths: str, image: str = built) -> set[str]:
        out = img.podman("run", "--rm", "--network", "none", "--entrypoint", "sh", image, "-c",
                         f"ls -d {' '.join(paths)} 2>/dev/null; true")  # no network needed, nor its backend
        return set(out.split())

    app = {p.removeprefix("/app/") for p in ls("/app/*")}
    assert {"dashboard.py", "gunicorn.conf.py", "model", "api", "assets", "callbacks", "components", "data"} <= app
    assert not {"tests", "docs", "bench", "deploy", "requirements-dev.txt", "README.md", "Dockerfile"} & app
    site = "/opt/venv/lib/python3.11/site-packages"
    assert ls(f"{site}/pip", f"{site}/setuptools", "/opt/venv/bin/pip", f"{site}/pandas/tests", f"{site}/scipy/stats/tests") == set()
    assert ls(f"{site}/sklearn", f"{site}/numpy/testing") == {f"{site}/sklearn", f"{site}/numpy/testing"}  # it can fail
    # the host's pip files were mounted for the build only, and left nothing behind (the base has its own CA bundle)
    host_files = [str(p) for p in img.pip_paths(sys.executable)]
    assert ls(*host_files) == ls(*host_files, image=img.BASE)


def test_port_defaults_to_8080(built):
    config = img.inspect(built)["Config"]
    assert "PORT=8080" in config["Env"] and "8080/tcp" in config["ExposedPorts"]


def test_two_replicas_behind_nginx_lose_no_request_when_one_is_stopped(built, average_wine):
    figures = replicas.sigterm_under_load(json.dumps(average_wine).encode(), clients=8)
    print(f"\n{replicas.describe(figures)}")
    assert figures["failures"] == {} and figures["ok"] == figures["requests"] > 0
    assert figures["logged"] >= figures["requests"]  # every request went through nginx
    before, after = figures["before"], figures["after"]
    assert before[figures["first"]] > 0 and before[figures["second"]] > 0  # both served before the stop
    assert after[figures["second"]] > 0 and set(after) <= {figures["first"], figures["second"]}
