"""nginx's rate limits (limit_req): a client over the limit gets 429 in JSON with Retry-After.

The flood comes from another loopback address (127.0.0.2), so the limit it reaches is its own
and the rest of the suite, all from 127.0.0.1, is never slowed down by it. That the suite and
the load benchmark stay under every limit is checked by scripts/dev.sh test, which fails when
nginx's error log shows a request from 127.0.0.1 refused by limit_req.
"""
import http.client
import json
import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

FLOOD_ADDRESS = "127.0.0.2"
# The login zone lets 100 requests through at once, then 20 a second (nginx/nginx.conf.in):
# 400 requests from 8 threads exceed it unless they take more than 15 seconds.
FLOOD_REQUESTS = 400
FLOOD_THREADS = 8


def post_from(base_url, path, body, source):
    url = urlsplit(base_url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30, source_address=(source, 0))
    try:
        conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def test_login_flood_is_answered_429_in_json(base_url):
    # "{}" is refused (400) before any password is hashed: the flood costs the workers little.
    with ThreadPoolExecutor(FLOOD_THREADS) as pool:
        answers = list(pool.map(lambda _: post_from(base_url, "/admin/api/login", b"{}", FLOOD_ADDRESS),
                                range(FLOOD_REQUESTS)))
    statuses = {status for status, _, _ in answers}
    assert statuses <= {400, 429}, statuses
    refused = [a for a in answers if a[0] == 429]
    assert refused, "no request of the flood was refused"
    assert len(refused) < FLOOD_REQUESTS, "the burst should have gone through"
    status, headers, body = refused[0]
    assert headers["Content-Type"].startswith("application/json")
    assert "too many requests" in json.loads(body)["detail"]
    assert headers["Retry-After"].isdigit()
    assert re.match(r"^[0-9a-f]{32}$", headers["X-Request-Id"])


def test_the_suite_address_is_not_limited_by_the_flood(api, assert_error):
    # Right after the flood, 127.0.0.1 logs in (wrongly) as usual.
    assert_error(api.post("/admin/api/login", json={}), 400)
