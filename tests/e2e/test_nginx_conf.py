"""nginx/nginx.conf.in is the one nginx configuration of both stacks: the local one (rendered by
scripts/dev.sh, checked by `nginx -t` at every start) and Docker's (rendered by
docker/nginx-render.sh in the nginx container). Needs no stack."""
import os
import re
import shutil
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TEMPLATE = os.path.join(ROOT, "nginx", "nginx.conf.in")
RENDER = os.path.join(ROOT, "docker", "nginx-render.sh")


def docker_conf():
    env = dict(os.environ, BILLBOARD_NGINX_TEMPLATE=TEMPLATE)
    out = subprocess.run(["sh", RENDER, "--print"], env=env, capture_output=True, text=True,
                         timeout=30, check=True)
    return out.stdout


def test_docker_render_fills_every_placeholder():
    conf = docker_conf()
    assert not re.search(r"@[A-Z_0-9]+@", conf), re.findall(r"@[A-Z_0-9]+@", conf)
    assert "listen 8080;" in conf
    assert "server unix:/run/billboard/api.sock;" in conf
    assert "proxy_pass http://minio:9000/billboard/$1;" in conf
    assert "resolver 127.0.0.11" in conf


def test_docker_render_is_valid_nginx(tmp_path):
    """`nginx -t` on Docker's rendering, with its container paths moved under a temporary
    directory (the user nginx and /var/cache/nginx exist only in the image)."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    conf = docker_conf().replace("user nginx;", "user root;")
    for path in ("/var/run/nginx.pid", "/var/log/nginx", "/var/cache/nginx"):
        conf = conf.replace(path, str(tmp_path / path.strip("/").replace("/", "_")))
    (tmp_path / "var_log_nginx").mkdir()
    (tmp_path / "var_cache_nginx").mkdir()
    path = tmp_path / "nginx.conf"
    path.write_text(conf)
    out = subprocess.run([nginx, "-t", "-q", "-p", str(tmp_path), "-c", str(path),
                          "-e", str(tmp_path / "error.log")], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
