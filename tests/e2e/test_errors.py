"""Routing and generic errors (API.md §0): 404/405/413, body handling, hostile input."""
import json

import pytest
import requests

SOME_ID = "123e4567-e89b-12d3-a456-426614174000"

# --- routing ---------------------------------------------------------------------

UNKNOWN = [
    ("GET", "/no-such-endpoint"),
    ("POST", "/no-such-endpoint"),
    ("DELETE", "/no-such-endpoint"),
    ("GET", "/clients"),
    ("GET", "/clients/"),
    ("POST", "/clients/"),
    ("POST", "/clients/bulk/"),
    ("GET", "/ads/"),
    ("GET", "/time/"),
    ("POST", "/time/advance/"),
    ("POST", "/ml-scores/"),
    ("GET", "/health/"),
    ("GET", f"/clients/{SOME_ID}/"),
    ("GET", f"/clients/{SOME_ID}/extra"),
    ("GET", f"/advertisers/{SOME_ID}/no-such-thing"),
]


@pytest.mark.parametrize("method, path", UNKNOWN, ids=[f"{m} {p}" for m, p in UNKNOWN])
def test_unknown_path_is_404_json(api, assert_error, method, path):
    assert_error(api.request(method, path), 404)


# "bulk" is not a UUID: GET /clients/bulk reaches GET /clients/{client_id}.
@pytest.mark.parametrize("path", ["/clients/bulk", "/advertisers/bulk"])
def test_get_on_bulk_path_is_a_malformed_id(api, assert_error, path):
    assert_error(api.get(path), 400)


WRONG_METHOD = [
    ("DELETE", f"/clients/{SOME_ID}", {"GET"}),
    ("PUT", f"/clients/{SOME_ID}", {"GET"}),
    ("POST", f"/clients/{SOME_ID}", {"GET"}),
    ("PUT", "/clients/bulk", {"GET", "POST"}),  # also matches /clients/{client_id}
    ("DELETE", f"/advertisers/{SOME_ID}", {"GET"}),
    ("PUT", "/advertisers/bulk", {"GET", "POST"}),
    ("GET", "/ml-scores", {"POST"}),
    ("PUT", "/time/advance", {"POST"}),
    ("GET", "/time/advance", {"POST"}),
    ("POST", "/time", {"GET"}),
    ("DELETE", "/time", {"GET"}),
    ("POST", "/health", {"GET"}),
]


def allowed_methods(resp):
    return {m.strip().upper() for m in resp.headers.get("Allow", "").split(",") if m.strip()}


@pytest.mark.parametrize(
    "method, path, allowed", WRONG_METHOD, ids=[f"{m} {p}" for m, p, _ in WRONG_METHOD]
)
def test_wrong_method_is_405_with_allow_header(api, assert_error, method, path, allowed):
    body = {} if method in ("POST", "PUT") else None
    resp = api.request(method, path, json=body)
    assert_error(resp, 405)
    listed = allowed_methods(resp)
    assert allowed <= listed, f"Allow: {resp.headers.get('Allow')!r}, expected {sorted(allowed)}"
    assert method not in listed, f"Allow: {resp.headers.get('Allow')!r} lists {method}"


@pytest.mark.parametrize("path", ["/time?x=1", "/health?verbose=&a=b"])
def test_query_string_does_not_change_routing(api, expect_json, path):
    expect_json(api.get(path), 200)


# --- request bodies -----------------------------------------------------------------


@pytest.mark.parametrize("path", ["/clients/bulk", "/advertisers/bulk"])
def test_body_over_24_mib_is_413_json(api, assert_error, path):
    # Valid JSON ("[ ... ]") so only the size can be the reason for refusing it.
    body = b"[" + b" " * (25 * 1024 * 1024) + b"]"
    try:
        resp = api.post_raw(path, body, timeout=60)
    except requests.ConnectionError as exc:
        pytest.fail(f"connection dropped instead of a 413 response: {exc}")
    assert_error(resp, 413)


def test_body_between_1_and_24_mib_is_accepted(api, make_client, expect_json):
    clients = [make_client() for _ in range(20_000)]
    body = json.dumps(clients).encode()
    assert 1024 * 1024 < len(body) < 24 * 1024 * 1024

    stored = expect_json(api.post_raw("/clients/bulk", body, timeout=120), 201)
    assert len(stored) == len(clients)
    assert {c["client_id"] for c in stored} == {c["client_id"] for c in clients}
    for client in (clients[0], clients[-1]):
        assert expect_json(api.get(f"/clients/{client['client_id']}"), 200) == client


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-8"]
)
def test_content_type_is_not_required(api, make_client, expect_json, content_type):
    client = make_client()
    resp = api.post_raw("/clients/bulk", json.dumps([client]), content_type=content_type)
    assert expect_json(resp, 201) == [client]


# --- hostile input: always a clean 4xx (or success where valid), never a 5xx --------


def nested_arrays(depth):
    return "[" * depth + "]" * depth


def nested_objects(depth):
    return '{"a":' * depth + "1" + "}" * depth


# Whole bodies that are never a valid request to any endpoint below.
GARBAGE_BODIES = {
    "empty": b"",
    "truncated": b'[{"client_id": "',
    "nested-arrays-10000": nested_arrays(10_000).encode(),
    "nested-objects-10000": nested_objects(10_000).encode(),
    "unclosed-arrays-100000": b"[" * 100_000,
    "invalid-utf8": b"\xff\xfe\xfd",
    "nul-byte": b"\x00",
    "nul-inside-json": b'[{"a":\x00 1}]',
    "huge-float": b"1e400",
    "huge-integer": b"99999999999999999999999",
    "unterminated-escape": b'"\\',
}
ENDPOINTS = ["/clients/bulk", "/advertisers/bulk", "/ml-scores", "/time/advance"]


def assert_client_error(resp, assert_error):
    assert 400 <= resp.status_code < 500, f"expected a 4xx, got {resp.status_code}: {resp.text[:300]!r}"
    assert_error(resp, resp.status_code)


def assert_still_healthy(api):
    resp = api.get("/health")
    assert resp.status_code == 200, f"GET /health after hostile input: {resp.status_code} {resp.text[:300]!r}"


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("name", GARBAGE_BODIES)
def test_garbage_body_is_a_clean_4xx(api, assert_error, name, path):
    assert_client_error(api.post_raw(path, GARBAGE_BODIES[name]), assert_error)
    assert_still_healthy(api)


def with_raw(obj, field, raw):
    """JSON text of obj (or of [obj]) with field's value replaced by raw bytes.

    b"{ID}" in raw is replaced by the object's own id, to append to a valid UUID."""
    item = obj[0] if isinstance(obj, list) else obj
    own_id = next((v for k, v in item.items() if k.endswith("_id")), "")
    item[field] = "@@RAW@@"
    return json.dumps(obj).encode().replace(b'"@@RAW@@"', raw.replace(b"{ID}", own_id.encode()))


MIB_STRING = b'"' + b"x" * (1024 * 1024) + b'"'

# (field, raw JSON value, may the request succeed?)
NASTY_CLIENT_VALUES = [
    ("age", b"1e400", False),
    ("age", b"-1e400", False),
    ("age", b"99999999999999999999999", False),
    ("age", b"18446744073709551616", False),
    ("age", b"-9223372036854775809", False),
    ("age", b"NaN", False),
    ("age", b"Infinity", False),
    ("age", b"-0", True),
    ("age", b"1e2", True),
    ("login", b'"a\\u0000b"', True),
    ("login", b'"\\ud800"', True),
    ("login", b'"\\udc00\\ud800"', True),
    ("login", b'"\\u12"', False),
    ("login", b'"\\x41"', False),
    ("login", b'"\xff\xfe"', False),
    ("login", b'"\xc0\xaf"', False),
    ("login", b'"\xed\xa0\x80"', False),
    ("login", b'"a\nb"', False),
    ("login", MIB_STRING, True),
    ("location", b'"\\u0000"', True),
    ("gender", b'"MALE\\u0000"', False),
    ("gender", b'"MALE\\u0000junk"', False),
    ("client_id", b'"{ID}\\u0000"', False),
]
NASTY_ADVERTISER_VALUES = [
    ("name", b'"\\u0000"', True),
    ("name", b'"\\ud800"', True),
    ("name", b'"\xff"', False),
    ("name", MIB_STRING, True),
    ("advertiser_id", b'"{ID}\\u0000"', False),
]
NASTY_SCORE_VALUES = [
    ("score", b"1e400", False),
    ("score", b"-1e400", False),
    ("score", b"NaN", False),
    ("score", b"-9223372036854775809", False),
    ("score", b"99999999999999999999999", True),
    ("score", b"18446744073709551616", True),
    ("score", b"1e-400", True),
    ("score", b"-0", True),
    ("client_id", b'"{ID}\\u0000"', False),
]


def nasty_ids(table):
    def label(raw):
        return "1MiB-string" if len(raw) > 64 else raw.decode("utf-8", "backslashreplace")

    return [f"{field}={label(raw)}" for field, raw, _ in table]


def assert_clean_outcome(resp, success, may_succeed, assert_error):
    if may_succeed and resp.status_code == success:
        return
    assert_client_error(resp, assert_error)


@pytest.mark.parametrize("field, raw, may_succeed", NASTY_CLIENT_VALUES, ids=nasty_ids(NASTY_CLIENT_VALUES))
def test_nasty_client_value_never_5xx(api, make_client, assert_error, field, raw, may_succeed):
    resp = api.post_raw("/clients/bulk", with_raw([make_client()], field, raw))
    assert_clean_outcome(resp, 201, may_succeed, assert_error)
    assert_still_healthy(api)


@pytest.mark.parametrize(
    "field, raw, may_succeed", NASTY_ADVERTISER_VALUES, ids=nasty_ids(NASTY_ADVERTISER_VALUES)
)
def test_nasty_advertiser_value_never_5xx(api, make_advertiser, assert_error, field, raw, may_succeed):
    resp = api.post_raw("/advertisers/bulk", with_raw([make_advertiser()], field, raw))
    assert_clean_outcome(resp, 201, may_succeed, assert_error)
    assert_still_healthy(api)


@pytest.mark.parametrize("field, raw, may_succeed", NASTY_SCORE_VALUES, ids=nasty_ids(NASTY_SCORE_VALUES))
def test_nasty_score_value_never_5xx(
    api, create_client, create_advertiser, assert_error, field, raw, may_succeed
):
    body = {
        "client_id": create_client()["client_id"],
        "advertiser_id": create_advertiser()["advertiser_id"],
        "score": 1,
    }
    resp = api.post_raw("/ml-scores", with_raw(body, field, raw))
    assert_clean_outcome(resp, 200, may_succeed, assert_error)
    assert_still_healthy(api)
