"""The Docker set-up, checked without Docker: compose.yaml is valid for Debian's docker-compose,
and the entrypoint's FastCGI socket is not world-writable. Needs no stack.

The Dockerfile's build stage is checked by docker/build-check.sh, which scripts/dev.sh test runs
once before the passes (it takes minutes).
"""
import os
import pathlib
import shutil
import stat
import subprocess
import tempfile
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COMPOSE = os.path.join(ROOT, "docker", "compose.yaml")
SOCKET_WAIT = 10  # seconds for spawn-fcgi to bind the socket


def test_compose_config_valid():
    """Debian 12's docker-compose (1.29) accepts compose.yaml, with its variables' defaults."""
    assert shutil.which("docker-compose"), "docker-compose missing (Debian package docker-compose)"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BILLBOARD_", "COMPOSE_"))}
    p = subprocess.run(["docker-compose", "-f", COMPOSE, "config"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    for service in ("postgres:", "redis:", "minio:", "api:", "nginx:"):
        assert f"\n  {service}\n" in p.stdout, f"service {service} missing"
    services = subprocess.run(["docker-compose", "-f", COMPOSE, "config", "--services"], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=60)
    assert "api" in services.stdout.split()


@pytest.mark.skipif(os.geteuid() != 0, reason="runs the entrypoint as another user (needs root)")
def test_entrypoint_socket_not_world_writable():
    """The worker pool's socket: mode 0660 (group shared with nginx), never writable by others."""
    # Not pytest's tmp_path: its parent is closed to other users.
    with tempfile.TemporaryDirectory() as top:
        os.chmod(top, 0o755)
        rundir = pathlib.Path(top) / "run"
        rundir.mkdir()
        shutil.chown(rundir, user="nobody")
        check_socket_mode(rundir / "api.sock")


def check_socket_mode(sock):
    env = dict(os.environ, BILLBOARD_SKIP_MIGRATE="1", BILLBOARD_SOCKET=str(sock),
               BILLBOARD_WORKERS="1")
    proc = subprocess.Popen(
        ["runuser", "-u", "nobody", "--", "sh", os.path.join(ROOT, "docker", "entrypoint.sh")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + SOCKET_WAIT
        while not sock.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert sock.exists(), f"no socket; entrypoint said {proc.stderr.read1().decode()!r}"
        mode = stat.S_IMODE(os.stat(sock).st_mode)
        assert mode & 0o007 == 0, f"socket mode {mode:o} lets any user in"
        assert mode == 0o660, f"socket mode {mode:o}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, 9)
        proc.wait()


def test_prometheus_config_valid():
    """The compose file's Prometheus configuration (Debian's prometheus package has promtool)."""
    promtool = shutil.which("promtool")
    assert promtool, "promtool missing (Debian package prometheus)"
    p = subprocess.run([promtool, "check", "config", os.path.join(ROOT, "docker", "prometheus.yml")],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout + p.stderr
