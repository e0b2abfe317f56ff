"""Build and run the container image with podman, on a host that cannot pull base images.

    python -m deploy.image base     # a Debian bookworm base (debootstrap), unless it exists
    python -m deploy.image build    # the base if missing, then the Dockerfile; prints build time and size

Standard library only. podman reads deploy/containers.conf (CONTAINERS_CONF): no ulimits, cgroupfs, runc.
The build sees the host's pip configuration files, the paths they name and the CA bundle, mounted read-only
for the build's RUN steps only; none of them is copied into the image.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTAINERS_CONF = ROOT / "deploy" / "containers.conf"
BASE = "localhost/wine-quality-base:bookworm"
IMAGE = "localhost/wine-quality-designer:latest"
DEBIAN_MIRROR = "http://deb.debian.org/debian"
SIZE_TARGET_MB = 400.0  # what the image may add to its base
MB = 1e6


def env() -> dict[str, str]:
    return os.environ | {"CONTAINERS_CONF": str(CONTAINERS_CONF)}


def podman(*args: str, check: bool = True, capture: bool = True, timeout: float = 600) -> str:
    done = subprocess.run(["podman", *args], env=env(), check=False, text=True, timeout=timeout,
                          stdout=subprocess.PIPE if capture else None, stderr=subprocess.PIPE if capture else None)
    if check and done.returncode != 0:
        raise RuntimeError(f"podman {' '.join(args[:3])} ... failed ({done.returncode}): {done.stderr or ''}".strip())
    return done.stdout or ""


def image_exists(name: str) -> bool:
    return subprocess.run(["podman", "image", "exists", name], env=env()).returncode == 0


def apt_mirror() -> str:
    """The Debian mirror apt already uses (deb822 `URIs:` or one-line `deb URL bookworm`), else deb.debian.org."""
    for path in [Path("/etc/apt/sources.list"), *sorted(Path("/etc/apt/sources.list.d").glob("*"))]:
        text = path.read_text(errors="replace") if path.is_file() else ""
        for url in re.findall(r"^(?:URIs:|deb(?:\s+\[[^]]*\])?)\s+(\S+)", text, flags=re.M):
            if url.rstrip("/").endswith("/debian"):
                return url
    return DEBIAN_MIRROR


def sbin_path() -> str:
    """PATH with the sbin folders after it: debootstrap, and the chroot it runs, live there, and a PATH that is not a
    root login's (env -i, some CI runners) leaves them out."""
    return os.pathsep.join([os.environ.get("PATH", os.defpath), "/usr/local/sbin", "/usr/sbin", "/sbin"])


def build_base(name: str = BASE) -> float:
    """debootstrap a minimal bookworm (its python3 is 3.11) and import it as `name`; return the seconds taken."""
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="wine-base-") as tmp:
        rootfs = Path(tmp) / "rootfs"
        path = sbin_path()
        subprocess.run([shutil.which("debootstrap", path=path) or "debootstrap", "--variant=minbase",
                        "--include=python3,python3-venv,ca-certificates", "bookworm", str(rootfs), apt_mirror()],
                       check=True, stdout=subprocess.DEVNULL, env={**os.environ, "PATH": path})
        for cache in ("var/cache/apt", "var/lib/apt/lists"):  # the .debs and package lists: not needed to run
            for child in (rootfs / cache).glob("*"):
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        with subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE) as tar:
            subprocess.run(["podman", "import", "--quiet", "-", name], stdin=tar.stdout, env=env(), check=True,
                           stdout=subprocess.DEVNULL)
        if tar.returncode != 0:
            raise RuntimeError("tar of the debootstrap tree failed")
    return time.monotonic() - start


def ensure_base(name: str = BASE) -> float | None:
    """Build the base unless it exists; the seconds taken, or None when it was there."""
    return None if image_exists(name) else build_base(name)


def pip_paths(python: str = sys.executable) -> list[Path]:
    """The pip configuration files pip reads here, the local paths their settings name (CA bundle, constraints,
    find-links, file:// indexes), and the CA bundle Python trusts."""
    out = subprocess.run([python, "-m", "pip", "config", "debug"], capture_output=True, text=True).stdout
    found: list[Path] = [Path(p) for p in re.findall(r"^\s+(/\S+), exists: True$", out, flags=re.M)]
    for value in re.findall(r"^\s+\S+(?:: |=')(.+?)'?$", out, flags=re.M):
        for word in value.split():
            path = Path(word.removeprefix("file://"))
            if word.startswith("file:///") and path.name == "simple":
                path = path.parent  # a PEP 503 index's pages link to files beside simple/ (../../files/...)
            if path.is_absolute() and word.startswith(("/", "file:///")):
                found.append(path)
    cafile = ssl.get_default_verify_paths().cafile
    found += [Path(cafile)] if cafile else []
    unique = {p.resolve() if p.is_symlink() else p for p in found if p.exists()}
    return sorted(unique)


def labels() -> dict[str, str]:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    manifest = json.loads((ROOT / "model" / "manifest.json").read_text())
    return {"VERSION": version, "MODEL_SHA256": manifest["model"]["sha256"]}


def build(tag: str = IMAGE, base: str = BASE, python: str = sys.executable) -> float:
    """podman build the Dockerfile (Docker v2 format, host network, pip settings mounted read-only); seconds."""
    common = ["build", "--format", "docker", "--network", "host", "--build-arg", f"BASE={base}"]
    mounts = [arg for path in pip_paths(python) for arg in ("--volume", f"{path}:{path}:ro")]
    start = time.monotonic()
    # the build stage alone with the mounts (its RUN installs requirements.txt), then the whole file without them
    # (the build stage comes from the layer cache): the runtime stage's RUN steps never see, nor leave a trace of,
    # the host's pip files (podman leaves an empty mount point behind for each)
    podman(*common, "--target", "build", *mounts, str(ROOT), capture=False)
    args = [arg for key, value in labels().items() for arg in ("--build-arg", f"{key}={value}")]
    podman(*common, *args, "--tag", tag, str(ROOT), capture=False)
    return time.monotonic() - start


def size_mb(name: str) -> float:
    return int(podman("image", "inspect", "--format", "{{.Size}}", name).strip()) / MB


def inspect(name: str) -> dict:
    return json.loads(podman("image", "inspect", name))[0]


def main(argv: list[str] | None = None) -> int:
    command = (argv if argv is not None else sys.argv[1:]) or ["build"]
    if command[0] == "base":
        took = ensure_base()
        print(f"base {BASE}: " + ("already there" if took is None else f"built in {took:.0f} s")
              + f", {size_mb(BASE):.0f} MB")
    elif command[0] == "build":
        took = ensure_base()
        if took is not None:
            print(f"base {BASE}: built in {took:.0f} s")
        seconds = build()
        added = size_mb(IMAGE) - size_mb(BASE)
        print(f"image {IMAGE}: built in {seconds:.0f} s; {size_mb(IMAGE):.0f} MB, adds {added:.0f} MB to its base "
              f"{BASE} ({size_mb(BASE):.0f} MB; target <= {SIZE_TARGET_MB:.0f} MB)")
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
