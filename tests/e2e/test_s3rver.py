"""The local S3-compatible store that scripts/dev.sh starts (s3rver, on whatever Node the machine
has: Debian 12's is Node 18, below what s3rver declares): signed requests as the workers send
them store, list, read and delete an object, and a wrong secret is refused.

Uses curl's --aws-sigv4; skipped when the stack's S3 settings are not in the environment.
"""
import os
import subprocess
import uuid

import pytest

TIMEOUT = 20  # seconds per curl call


def s3_settings():
    names = ("ENDPOINT", "BUCKET", "REGION", "ACCESS_KEY", "SECRET_KEY")
    vals = [os.environ.get(f"BILLBOARD_S3_{n}") for n in names]
    if not all(vals):
        pytest.skip("BILLBOARD_S3_* not set (scripts/dev.sh test sets them)")
    return dict(zip(names, vals))


def s3(cfg, method, key, data=None, secret=None, query=""):
    """One signed request; returns (status, body)."""
    cmd = ["curl", "-sS", "-X", method, "-o", "-", "-w", "\n%{http_code}",
           "--aws-sigv4", f"aws:amz:{cfg['REGION']}:s3",
           "--user", f"{cfg['ACCESS_KEY']}:{secret or cfg['SECRET_KEY']}",
           "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD"]
    if data is not None:
        cmd += ["--data-binary", "@-"]
    path = f"/{cfg['BUCKET']}/{key}" if key else f"/{cfg['BUCKET']}"
    cmd.append(f"{cfg['ENDPOINT']}{path}{query}")
    p = subprocess.run(cmd, input=data, capture_output=True, timeout=TIMEOUT, check=True)
    body, _, status = p.stdout.rpartition(b"\n")
    return int(status), body


def test_object_round_trip():
    cfg = s3_settings()
    key = f"test-{uuid.uuid4()}.bin"
    payload = os.urandom(4096)
    status, body = s3(cfg, "PUT", key, data=payload)
    assert status == 200, body
    status, body = s3(cfg, "GET", key)
    assert status == 200 and body == payload
    status, body = s3(cfg, "GET", "", query=f"?list-type=2&prefix={key}")
    assert status == 200 and key.encode() in body
    status, _ = s3(cfg, "DELETE", key)
    assert status == 204
    status, _ = s3(cfg, "GET", key)
    assert status == 404


def test_wrong_secret_refused():
    cfg = s3_settings()
    status, _ = s3(cfg, "PUT", f"test-{uuid.uuid4()}.bin", data=b"x", secret="not-the-secret")
    assert status == 403
