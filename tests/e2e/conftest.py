"""Fixtures for Billboard's end-to-end tests: HTTP against a running stack.

Environment:
  BILLBOARD_URL  base URL of the stack (default http://127.0.0.1:8080)
  BILLBOARD_VAR  the stack's var directory (only test_workers.py needs it)

The database is shared by every test and never wiped, so each test makes its own
entities with fresh random UUIDs and never relies on what is (or is not) stored.
"""
import os
import random
import sys
import uuid

import pytest
import requests

# Lets test modules import the shared case tables in e2e_cases.py.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import contract  # noqa: E402  (needs the path above)

DEFAULT_URL = "http://127.0.0.1:8080"
TIMEOUT = 10  # seconds per request: ample for a local stack, bounded so a hang fails

# Words that must never reach a client in an error detail (SQL, stack traces, paths).
LEAK_MARKERS = ("SELECT ", "INSERT INTO", "libpq", "hiredis", "Traceback", "/src/")


class Api(requests.Session):
    """A requests.Session bound to the base URL, with a timeout on every request."""

    def __init__(self, base_url):
        super().__init__()
        self.base_url = base_url

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT)
        if url.startswith("/"):
            url = self.base_url + url
        resp = super().request(method, url, *args, **kwargs)
        contract.check(resp)
        return resp

    def post_raw(self, path, body, content_type="application/json", **kwargs):
        """POST exact bytes (a str is UTF-8 encoded); content_type=None sends none."""
        headers = {} if content_type is None else {"Content-Type": content_type}
        if isinstance(body, str):
            body = body.encode("utf-8")
        return self.post(path, data=body, headers=headers, **kwargs)


def _content_type(resp):
    return resp.headers.get("Content-Type", "").split(";")[0].strip().lower()


def _describe(resp):
    return f"{resp.request.method} {resp.request.path_url} -> {resp.status_code} {resp.text[:300]!r}"


def pytest_terminal_summary(terminalreporter):
    """How much of the contract the run checked, and (when only reporting) what failed it."""
    answers, bodies = contract.checked()
    terminalreporter.write_line(f"contract: {answers} answers to documented operations, "
                                f"{bodies} bodies validated against docs/openapi.json")
    if contract.mismatches():
        terminalreporter.section("answers that do not match docs/openapi.json")
        for line, n in sorted(contract.mismatches().items()):
            terminalreporter.write_line(f"{n} x {line}")


@pytest.fixture(scope="session")
def base_url():
    return os.environ.get("BILLBOARD_URL", DEFAULT_URL).rstrip("/")


@pytest.fixture
def api(base_url):
    """A fresh requests.Session talking to the stack (api.get("/time"), api.post_raw(...))."""
    session = Api(base_url)
    yield session
    session.close()


@pytest.fixture
def new_uuid():
    """new_uuid() -> a fresh random lower-case UUID string."""
    return lambda: str(uuid.uuid4())


@pytest.fixture
def make_client(new_uuid):
    """make_client(**overrides) -> a valid client dict with a fresh id (not stored)."""

    def make(**overrides):
        suffix = uuid.uuid4().hex[:12]
        client = {
            "client_id": new_uuid(),
            "login": f"login-{suffix}",
            "age": random.randint(0, 100),
            "location": f"city-{suffix}",
            "gender": random.choice(["MALE", "FEMALE"]),
        }
        client.update(overrides)
        return client

    return make


@pytest.fixture
def make_advertiser(new_uuid):
    """make_advertiser(**overrides) -> a valid advertiser dict with a fresh id (not stored)."""

    def make(**overrides):
        advertiser = {"advertiser_id": new_uuid(), "name": f"advertiser-{uuid.uuid4().hex[:12]}"}
        advertiser.update(overrides)
        return advertiser

    return make


@pytest.fixture
def expect_json():
    """expect_json(resp, status) -> the JSON body, after checking status and Content-Type."""

    def check(resp, status):
        assert resp.status_code == status, f"expected {status}: {_describe(resp)}"
        assert _content_type(resp) == "application/json", (
            f"Content-Type {resp.headers.get('Content-Type')!r}: {_describe(resp)}"
        )
        return resp.json()

    return check


@pytest.fixture
def assert_error():
    """assert_error(resp, status, field=None) -> detail.

    Checks the error contract: the status, Content-Type application/json, a body
    {"detail": "<non-empty string>"} that leaks nothing internal, and (when field
    is given) a detail naming the offending field.
    """

    def check(resp, status, field=None):
        assert resp.status_code == status, f"expected {status}: {_describe(resp)}"
        assert _content_type(resp) == "application/json", (
            f"error without JSON Content-Type ({resp.headers.get('Content-Type')!r}): {_describe(resp)}"
        )
        try:
            body = resp.json()
        except ValueError:
            pytest.fail(f"error body is not JSON: {_describe(resp)}")
        assert isinstance(body, dict) and "detail" in body, f"no 'detail': {_describe(resp)}"
        detail = body["detail"]
        assert isinstance(detail, str) and detail.strip(), f"detail must be a non-empty string: {_describe(resp)}"
        for marker in LEAK_MARKERS:
            assert marker not in detail, f"detail leaks internals ({marker!r}): {detail!r}"
        if field is not None:
            assert field.lower() in detail.lower(), f"detail does not name {field!r}: {detail!r}"
        return detail

    return check


@pytest.fixture
def create_clients(api, expect_json):
    """create_clients([client, ...]) -> the stored clients (asserts 201)."""

    def create(clients):
        return expect_json(api.post("/clients/bulk", json=clients), 201)

    return create


@pytest.fixture
def create_client(make_client, create_clients):
    """create_client(**overrides) -> one freshly stored client, as the API returned it."""

    def create(**overrides):
        (stored,) = create_clients([make_client(**overrides)])
        return stored

    return create


@pytest.fixture
def create_advertiser(api, make_advertiser, expect_json):
    """create_advertiser(**overrides) -> one freshly stored advertiser, as the API returned it."""

    def create(**overrides):
        resp = api.post("/advertisers/bulk", json=[make_advertiser(**overrides)])
        (stored,) = expect_json(resp, 201)
        return stored

    return create


# Helpers of the campaign and ad-serving tests (campaign_support.py, ads_support.py).
@pytest.fixture
def cx(api, expect_json, assert_error):
    from campaign_support import Campaigns

    return Campaigns(api, expect_json, assert_error)


@pytest.fixture
def adv(create_advertiser):
    """The id of a freshly stored advertiser."""
    return create_advertiser()["advertiser_id"]


@pytest.fixture
def ads(api, expect_json, assert_error):
    from ads_support import Ads

    return Ads(api, expect_json, assert_error)


# Accounts and sessions of the admin API (admin_support.py).
@pytest.fixture
def staff(base_url):
    from admin_support import Staff

    made = Staff(base_url)
    yield made
    made.close()
