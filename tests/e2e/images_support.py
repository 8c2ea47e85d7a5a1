"""Helpers of the image e2e tests (API.md §7); not a test module.

Talks to the stack's object store directly (signed with SigV4, as the server does) to see
what the bucket holds, and stops and restarts the stack's own s3rver through its pid file in
BILLBOARD_VAR/run. Settings come from the variables scripts/dev.sh exports.
"""
import datetime
import hashlib
import hmac
import os
import signal
import socket
import subprocess
import time
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlparse

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
S3_NS = "{http://doc.s3.amazonaws.com/2006-03-01/}"
STOP_TIMEOUT = 15  # seconds s3rver gets to exit, or to answer after a start


def _env(name, default):
    return os.environ.get(name) or default


def s3_settings():
    return {
        "endpoint": _env("BILLBOARD_S3_ENDPOINT", "http://127.0.0.1:4569").rstrip("/"),
        "bucket": _env("BILLBOARD_S3_BUCKET", "billboard"),
        "region": _env("BILLBOARD_S3_REGION", "us-east-1"),
        "access": _env("BILLBOARD_S3_ACCESS_KEY", "S3RVER"),
        "secret": _env("BILLBOARD_S3_SECRET_KEY", "S3RVER"),
    }


def _hmac(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def s3_request(method, key="", query=None, body=b"", content_type=None):
    """A SigV4-signed request to the bucket (key "" is the bucket itself)."""
    s = s3_settings()
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    payload = hashlib.sha256(body).hexdigest()
    path = f"/{s['bucket']}/{key}" if key else f"/{s['bucket']}"
    canonical_query = "&".join(
        f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}" for k, v in sorted((query or {}).items())
    )
    headers = {"host": urlparse(s["endpoint"]).netloc, "x-amz-content-sha256": payload, "x-amz-date": amz_date}
    if content_type:
        headers["content-type"] = content_type
    signed = ";".join(sorted(headers))
    canonical = "\n".join(
        [method, path, canonical_query, "".join(f"{k}:{headers[k]}\n" for k in sorted(headers)), signed, payload]
    )
    scope = f"{day}/{s['region']}/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    k = _hmac(("AWS4" + s["secret"]).encode(), day)
    for part in (s["region"], "s3", "aws4_request"):
        k = _hmac(k, part)
    signature = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["Authorization"] = f"AWS4-HMAC-SHA256 Credential={s['access']}/{scope}, SignedHeaders={signed}, Signature={signature}"
    del headers["host"]
    url = s["endpoint"] + path + ("?" + canonical_query if canonical_query else "")
    return requests.request(method, url, headers=headers, data=body, timeout=10)


def bucket_keys(prefix):
    """Every key in the bucket under prefix."""
    keys, token = [], None
    while True:
        query = {"list-type": "2", "prefix": prefix}
        if token:
            query["continuation-token"] = token
        resp = s3_request("GET", query=query)
        assert resp.status_code == 200, f"listing the bucket: {resp.status_code} {resp.text[:300]}"
        root = ET.fromstring(resp.content)
        keys += [c.find(f"{S3_NS}Key").text for c in root.findall(f"{S3_NS}Contents")]
        if root.findtext(f"{S3_NS}IsTruncated") != "true":
            return keys
        token = root.findtext(f"{S3_NS}NextContinuationToken")


def campaign_keys(campaign_id):
    return bucket_keys(f"campaigns/{campaign_id}/")


# --- the stack's own s3rver ------------------------------------------------------------


def _pid_file():
    return os.path.join(os.environ.get("BILLBOARD_VAR", os.path.join(ROOT, "var")), "run", "s3rver.pid")


def _s3rver_pid():
    """The pid of this stack's s3rver (checked against its command line), or None."""
    try:
        with open(_pid_file()) as f:
            pid = int(f.read().strip())
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read()
    except (OSError, ValueError):
        return None
    return pid if b"s3rver.js" in cmdline else None


def _port():
    return urlparse(s3_settings()["endpoint"]).port


def _answers():
    try:
        with socket.create_connection(("127.0.0.1", _port()), timeout=1):
            return True
    except OSError:
        return False


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def stop_s3rver():
    pid = _s3rver_pid()
    assert pid is not None, f"no running s3rver in {_pid_file()}"
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while _alive(pid) or _answers():
        assert time.monotonic() < deadline, "s3rver did not stop"
        time.sleep(0.1)


def start_s3rver():
    """Starts s3rver as scripts/dev.sh does, so that `dev.sh down` stops it as its own."""
    if _s3rver_pid() is not None:
        return
    var = os.path.dirname(os.path.dirname(_pid_file()))
    with open(os.path.join(var, "log", "s3rver.log"), "ab") as log:
        proc = subprocess.Popen(
            ["node", "--openssl-legacy-provider", "scripts/s3rver.js", "--directory", os.path.join(var, "s3"), "--address", "127.0.0.1",
             "--port", str(_port()), "--configure-bucket", s3_settings()["bucket"]],
            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
        )
    with open(_pid_file(), "w") as f:
        f.write(f"{proc.pid}\n")
    deadline = time.monotonic() + STOP_TIMEOUT
    while not _answers():
        assert proc.poll() is None, "s3rver exited at start"
        assert time.monotonic() < deadline, "s3rver did not start"
        time.sleep(0.1)
