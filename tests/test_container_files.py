"""The container files, parsed: the Dockerfile runs the Procfile's command on PORT 8080 as a non-root user, and
compose.yaml, heroku.yml, the Lightsail deployment, the nginx template and the README's Elastic Beanstalk and
Cloud Run commands all point at that port and at /healthz. (tests/test_image.py builds and runs the image.)"""
from __future__ import annotations

import json
import re
import shlex

import pytest
import yaml

from api import MAX_CONTENT_LENGTH
from api.auth import OPEN_PATHS
from tests.test_deploy import ROOT, RUNTIME_DIRS, eb_settings, gunicorn_settings, ignored, procfile_web  # noqa: F401

DEPLOY = ROOT / "deploy"


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of each Dockerfile instruction, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", "\n".join(x for x in (ROOT / "Dockerfile").read_text().splitlines()
                                         if not x.lstrip().startswith("#")))
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1].strip()) for line in text.splitlines() if line.strip()]


def instructions(name: str) -> list[str]:
    return [args for instruction, args in dockerfile() if instruction == name]


def stages() -> list[list[tuple[str, str]]]:
    found: list[list[tuple[str, str]]] = []
    for instruction, args in dockerfile():
        if instruction == "FROM":
            found.append([])
        if found:
            found[-1].append((instruction, args))
    return found


def env_of(stage: list[tuple[str, str]]) -> dict[str, str]:
    return dict(pair.split("=", 1) for instruction, args in stage if instruction == "ENV" for pair in shlex.split(args))


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def nginx_template() -> str:
    return (DEPLOY / "nginx.conf.template").read_text()


def directive(conf: str, name: str) -> list[str]:
    lines = [line.split("#")[0].strip() for line in conf.splitlines()]
    return [line.split(None, 1)[1].rstrip(";").strip() for line in lines if line.startswith(name + " ")]


# ---------------------------------------------------------------- Dockerfile

def test_the_base_is_an_argument_python_311_slim_by_default():
    assert dockerfile()[0] == ("ARG", "BASE=python:3.11-slim")
    assert all(args.split()[0] == "${BASE}" for args in instructions("FROM"))
    assert (ROOT / ".python-version").read_text().strip() == "3.11"


def test_two_stages_and_the_runtime_copies_only_the_environment_and_the_app():
    build, runtime = stages()
    assert instructions("FROM")[0].split() == ["${BASE}", "AS", "build"]
    copies = [args.split() for instruction, args in runtime if instruction == "COPY"]
    assert copies[0] == ["--from=build", "/opt/venv", "/opt/venv"]
    sources = {src.rstrip("/") for args in copies[1:] for src in args[:-1]}
    assert sources == {"dashboard.py", "gunicorn.conf.py", *RUNTIME_DIRS}
    assert [args for instruction, args in build if instruction == "COPY"] == ["requirements.txt /tmp/requirements.txt"]


def test_the_runtime_environment_has_no_pip_and_no_test_suites():
    build_runs = " ".join(args for instruction, args in stages()[0] if instruction == "RUN")
    assert "-r /tmp/requirements.txt" in build_runs and "--no-compile" in build_runs
    assert "uninstall -q -y pip setuptools" in build_runs and "-name tests" in build_runs


def test_the_image_runs_the_procfiles_command():
    assert json.loads(instructions("CMD")[-1]) == shlex.split(procfile_web())
    assert not instructions("ENTRYPOINT")


def test_port_defaults_to_8080_and_gunicorn_binds_it_on_every_interface():
    runtime = env_of(stages()[-1])
    assert runtime["PORT"] == "8080" and instructions("EXPOSE") == ["8080"]
    assert runtime["PATH"].startswith("/opt/venv/bin:")
    assert gunicorn_settings(PORT=runtime["PORT"])["bind"] == ["0.0.0.0:8080"]


def test_the_server_runs_as_a_non_root_user():
    users = instructions("USER")
    assert users and users[-1] not in {"root", "0"}
    assert f"--uid 10001" in next(args for args in instructions("RUN") if "useradd" in args) and users[-1] == "app"


def test_the_healthcheck_asks_the_open_health_route_on_port():
    check = instructions("HEALTHCHECK")[0]
    assert "/healthz" in check and "'PORT', '8080'" in check and "/healthz" in OPEN_PATHS


def test_labels_carry_the_version_and_the_model_sha256():
    labels = " ".join(instructions("LABEL"))
    assert 'org.opencontainers.image.version="${VERSION}"' in labels
    assert 'wine-quality-designer.model.sha256="${MODEL_SHA256}"' in labels
    # the label is checked against the artifact copied in: a wrong sha256 fails the build
    assert any("sha256sum -c" in args and "${MODEL_SHA256}" in args for args in instructions("RUN"))


def test_dockerignore_keeps_out_the_repo_and_keeps_the_app():
    rules = ignored(".dockerignore")
    assert {".git", ".venv", "tests/", "docs/", "bench/out/", "app.private.yaml"} <= set(rules)
    assert not any(rule.strip("/").split("/")[0] in {*RUNTIME_DIRS, "requirements.txt", "dashboard.py"} for rule in rules)


# ---------------------------------------------------------------- compose and nginx

def test_compose_scales_the_image_behind_nginx(compose):
    web, nginx = compose["services"]["web"], compose["services"]["nginx"]
    assert web["build"] == "." and "ports" not in web  # a fixed host port would stop --scale web=3
    assert nginx["depends_on"] == {"web": {"condition": "service_healthy"}}
    port = web["environment"]["PORT"]
    assert port == "8080" and web["expose"] == [port]
    servers = nginx["environment"]["WEB_SERVERS"]
    assert re.fullmatch(rf"server web:{port}\b[^;]*;", servers)


def test_compose_nginx_uses_the_repos_template_on_its_published_port(compose):
    nginx = compose["services"]["nginx"]
    source, target, mode = nginx["volumes"][0].split(":")
    assert (ROOT / source).resolve() == DEPLOY / "nginx.conf.template" and mode == "ro"
    assert target.startswith("/etc/nginx/templates/") and target.endswith(".conf.template")
    published = nginx["ports"][0].split(":")[-1]
    assert nginx["environment"]["NGINX_PORT"] == published
    # every ${VARIABLE} of the template is set, so the rendered file has no placeholder left
    lines = [x for x in nginx_template().splitlines() if not x.lstrip().startswith("#")]
    placeholders = set(re.findall(r"\$\{(\w+)\}", "\n".join(lines)))
    assert placeholders == {"NGINX_PORT", "WEB_SERVERS", "NGINX_ACCESS_LOG"} <= set(nginx["environment"])


def test_compose_waits_for_the_graceful_shutdown(compose):
    grace = compose["services"]["web"]["stop_grace_period"]
    assert int(grace.removesuffix("s")) > gunicorn_settings()["graceful_timeout"]


def test_nginx_retries_a_stopping_replica_and_keeps_connections_open():
    conf = nginx_template()
    retry = directive(conf, "proxy_next_upstream")[0].split()
    assert {"error", "timeout", "non_idempotent"} <= set(retry)  # POSTs too: predictions change nothing
    assert directive(conf, "keepalive") and directive(conf, "proxy_http_version") == ["1.1"]
    assert 'Connection ""' in directive(conf, "proxy_set_header")
    # nginx closes an idle upstream connection before gunicorn does, never the other way round
    assert int(directive(conf, "keepalive_timeout")[0].removesuffix("s")) < gunicorn_settings()["keepalive"]
    assert int(directive(conf, "proxy_read_timeout")[0].removesuffix("s")) > gunicorn_settings()["timeout"]


def test_nginx_takes_the_bodies_the_app_takes():
    size = directive(nginx_template(), "client_max_body_size")[0]
    assert size.endswith("M") and int(size[:-1]) * 1024 * 1024 >= MAX_CONTENT_LENGTH


# ---------------------------------------------------------------- platforms

def readme_command(start: str) -> list[str]:
    """The README's shell command line starting with `start`, split (comment removed)."""
    lines = [x.split("  #")[0].strip() for x in (ROOT / "README.md").read_text().splitlines()]
    found = [shlex.split(x) for x in lines if x.startswith(start)]
    assert found, f"no `{start}` command in the README"
    return found[0]


def option(argv: list[str], name: str) -> str:
    for i, arg in enumerate(argv):
        if arg == name:
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    raise AssertionError(f"{name} not in {argv}")


def test_heroku_builds_the_dockerfile():
    assert yaml.safe_load((ROOT / "heroku.yml").read_text()) == {"build": {"docker": {"web": "Dockerfile"}}}
    assert readme_command("heroku stack:set") == ["heroku", "stack:set", "container"]


def test_lightsail_serves_the_container_port_and_checks_health():
    containers = json.loads((DEPLOY / "lightsail-containers.json").read_text())
    endpoint = json.loads((DEPLOY / "lightsail-endpoint.json").read_text())
    container = containers[endpoint["containerName"]]
    assert str(endpoint["containerPort"]) == container["environment"]["PORT"] == "8080"
    assert container["ports"] == {"8080": "HTTP"}
    assert endpoint["healthCheck"]["path"] in OPEN_PATHS and endpoint["healthCheck"]["successCodes"] == "200"
    deploy = readme_command("aws lightsail create-container-service-deployment")
    assert option(deploy, "--containers") == "file://deploy/lightsail-containers.json"
    assert option(deploy, "--public-endpoint") == "file://deploy/lightsail-endpoint.json"


def test_elastic_beanstalk_docker_overrides_the_python_platforms_bind(eb_settings):
    # .ebextensions binds 127.0.0.1:8000 for the Python platform's nginx; inside a container that is unreachable.
    create = readme_command("eb create wine-docker")
    assert option(create, "--platform") == "docker"
    overrides = dict(pair.split("=") for pair in option(create, "--envvars").split(","))
    environment = eb_settings["aws:elasticbeanstalk:application:environment"] | overrides
    assert gunicorn_settings(**environment)["bind"] == ["0.0.0.0:8080"]
    assert instructions("EXPOSE") == ["8080"]  # where the Docker platform's nginx sends requests


def test_cloud_run_deploys_the_source_with_the_dockerfile_on_8080():
    deploy = readme_command("gcloud run deploy")
    assert option(deploy, "--source") == "." and option(deploy, "--port") == "8080"
    uploaded_out = {rule.strip("/") for rule in ignored(".gcloudignore")}
    assert not uploaded_out & {"Dockerfile", ".dockerignore", "requirements.txt", *RUNTIME_DIRS}


def test_the_access_log_is_read_once_it_has_caught_up_with_the_clients(tmp_path):
    """nginx logs a request just after its client has the answer: the count waits for the trailing line."""
    import threading

    from deploy.replicas import Nginx

    log = tmp_path / "access.log"
    line = "POST /api/predict 200 upstream=127.0.0.1:1 upstream_status=200\n"
    log.write_text(line * 2)
    lb = Nginx("http://127.0.0.1:1", log)
    late = threading.Timer(0.2, lambda: log.write_text(line * 3))
    late.start()
    try:
        assert len(lb.settled_upstreams(3)) == 3
    finally:
        late.cancel()
    assert len(lb.settled_upstreams(4, limit_s=0.1)) == 3  # bounded: a line that never comes is not waited for
    assert len(lb.settled_upstreams(2, limit_s=0)) == 3
