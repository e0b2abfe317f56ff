"""The other platforms' files: App Engine's app.yaml and Elastic Beanstalk's settings run the Procfile's process,
check /healthz, and ship what the server needs (and not the tests)."""
from __future__ import annotations

import os
import shutil
import runpy
import shlex
from pathlib import Path
from unittest import mock

import pytest
import yaml

from api import MAX_CONTENT_LENGTH
from api.auth import OPEN_PATHS
from bench.boot import MEMORY_TARGET_MB

ROOT = Path(__file__).resolve().parent.parent
# App Engine standard, second-generation runtimes: memory limit per instance class, MB
APP_ENGINE_MEMORY_MB = {"F1": 384, "F2": 768, "F4": 1536, "F4_1G": 3072}
RUNTIME_DIRS = ("api", "assets", "callbacks", "components", "data", "model")


def procfile_web() -> str:
    lines = [x for x in (ROOT / "Procfile").read_text().splitlines() if x.startswith("web:")]
    assert len(lines) == 1, "one web process"
    return lines[0].removeprefix("web:").strip()


@pytest.fixture(scope="module")
def app_yaml() -> dict:
    return yaml.safe_load((ROOT / "app.yaml").read_text())


def gunicorn_settings(**env: str) -> dict:
    """gunicorn.conf.py's settings with these environment variables, and PORT, HOST, WEB_CONCURRENCY unset otherwise."""
    with mock.patch.dict(os.environ, env):
        for name in {"PORT", "HOST", "WEB_CONCURRENCY"} - set(env):
            os.environ.pop(name, None)
        return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


@pytest.fixture(scope="module")
def eb_settings() -> dict:
    """Every option setting of .ebextensions/*.config, as {namespace: {option: value}}."""
    merged: dict = {}
    for path in sorted((ROOT / ".ebextensions").glob("*.config")):
        for namespace, options in yaml.safe_load(path.read_text())["option_settings"].items():
            merged.setdefault(namespace, {}).update(options)
    return merged


def ignored(name: str) -> list[str]:
    return [x.strip() for x in (ROOT / name).read_text().splitlines() if x.strip() and not x.startswith("#")]


def test_the_procfile_runs_gunicorn_with_the_projects_settings():
    assert shlex.split(procfile_web()) == ["gunicorn", "-c", "gunicorn.conf.py", "dashboard:server"]


# ---------------------------------------------------------------- Google App Engine

def test_app_engine_runs_the_procfiles_command(app_yaml):
    assert shlex.split(app_yaml["entrypoint"]) == shlex.split(procfile_web())


def test_app_engine_runs_the_python_of_python_version(app_yaml):
    major, minor = (ROOT / ".python-version").read_text().strip().split(".")[:2]
    assert app_yaml["runtime"] == f"python{major}{minor}"


def test_app_engine_instances_fit_the_memory_target(app_yaml):
    # the app's memory target (bench/boot.py) must fit the instance class, F1 does not
    assert APP_ENGINE_MEMORY_MB[app_yaml["instance_class"]] >= MEMORY_TARGET_MB
    assert APP_ENGINE_MEMORY_MB["F1"] < MEMORY_TARGET_MB


def test_app_engine_scales_to_what_one_instance_serves(app_yaml):
    scaling = app_yaml["automatic_scaling"]
    assert 0 <= scaling["min_instances"] <= scaling["max_instances"] <= 5
    settings = gunicorn_settings(PORT="8081")
    capacity = settings["workers"] * settings.get("threads", 1)
    assert scaling["max_concurrent_requests"] == capacity


def test_app_engine_serves_https_only(app_yaml):
    assert app_yaml["handlers"] == [{"url": "/.*", "script": "auto", "secure": "always"}]


# ---------------------------------------------------------------- AWS Elastic Beanstalk

def test_elastic_beanstalk_health_checks_hit_the_open_health_route(eb_settings):
    assert eb_settings["aws:elasticbeanstalk:environment:process:default"]["HealthCheckPath"] == "/healthz"
    assert eb_settings["aws:elasticbeanstalk:application"]["Application Healthcheck URL"] == "/healthz"
    assert "/healthz" in OPEN_PATHS


def test_elastic_beanstalk_nginx_reaches_gunicorn(eb_settings):
    environment = eb_settings["aws:elasticbeanstalk:application:environment"]
    assert environment["PORT"] == "8000"  # the Python platform's nginx upstream
    assert gunicorn_settings(**environment)["bind"] == ["127.0.0.1:8000"]


def test_app_engine_port_is_bound_on_every_interface():
    assert gunicorn_settings(PORT="8081")["bind"] == ["0.0.0.0:8081"]


def test_elastic_beanstalk_nginx_takes_the_bodies_the_app_takes():
    conf = (ROOT / ".platform/nginx/conf.d/wine.conf").read_text()
    size = next(line.split()[1].rstrip(";") for line in conf.splitlines() if line.startswith("client_max_body_size"))
    assert size.endswith("M") and int(size[:-1]) * 1024 * 1024 >= MAX_CONTENT_LENGTH


# ---------------------------------------------------------------- what each platform uploads

@pytest.mark.parametrize("name", [".slugignore", ".gcloudignore", ".ebignore"])
def test_each_platform_leaves_out_the_tests_and_keeps_the_server(name):
    rules = ignored(name)
    assert {"tests/", "bench/", ".ci/", "docs/"} <= set(rules)
    assert not any(rule.strip("/").split("/")[0] in RUNTIME_DIRS for rule in rules)


@pytest.mark.parametrize("name", [".gcloudignore", ".ebignore"])
def test_the_local_password_file_is_never_uploaded(name):
    assert "app.private.yaml" in ignored(name) and "/app.private.yaml" in ignored(".gitignore")


def test_the_base_is_made_with_sbin_on_the_path_after_the_callers(monkeypatch):
    """debootstrap and the chroot it runs live in sbin, which a bare PATH (env -i, as the README's fresh-machine check
    runs) leaves out: they are found there, after the caller's own folders."""
    from deploy.image import sbin_path

    monkeypatch.setenv("PATH", "/usr/local/bin:/usr/bin:/bin")
    assert sbin_path().split(os.pathsep) == ["/usr/local/bin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/sbin", "/sbin"]
    monkeypatch.delenv("PATH")
    assert sbin_path().split(os.pathsep)[-3:] == ["/usr/local/sbin", "/usr/sbin", "/sbin"]
    assert shutil.which("debootstrap", path=sbin_path()) == shutil.which("debootstrap", path="/usr/sbin:/sbin")
