"""The OpenAPI document (docs/openapi.json, made by scripts/openapi.py) agrees with the route
table (src/api/routes.c) on every path and method, passes `redocly lint`, and nginx serves it
and Swagger UI at /docs; the check every answer of the other tests goes through (contract.py)
refuses what the document does not allow."""
import json
import os
import re
import subprocess
import sys

import pytest
import requests

import contract

ROOT, DOC = contract.ROOT, contract.DOC
ROUTE = re.compile(r'^\s*\{\s*"(GET|POST|PUT|DELETE|PATCH)",\s*"([^"]+)"', re.M)


def document():
    with open(DOC, encoding="utf-8") as f:
        return json.load(f)


def route_table():
    with open(os.path.join(ROOT, "src", "api", "routes.c"), encoding="utf-8") as f:
        return {(m, p) for m, p in ROUTE.findall(f.read())}


def test_route_table_and_document_agree():
    routes = route_table()
    assert len(routes) > 40, "the route table was not read"
    documented = {(method.upper(), path) for path, item in document()["paths"].items()
                  for method in item}
    assert routes - documented == set(), "routes missing from docs/openapi.json (scripts/openapi.py)"
    assert documented - routes == set(), "documented operations that no route serves"


def test_committed_document_is_the_generated_one():
    out = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "openapi.py")],
                         capture_output=True, text=True, timeout=60, check=True)
    with open(DOC, encoding="utf-8") as f:
        assert f.read() == out.stdout, "regenerate: scripts/openapi.py > docs/openapi.json"


def test_every_operation_has_an_example_and_its_errors():
    for path, item in document()["paths"].items():
        for method, op in item.items():
            responses = op["responses"]
            ok = [code for code in responses if code.startswith("2")]
            assert len(ok) == 1, (method, path)
            if ok[0] != "204":
                content = next(iter(responses[ok[0]]["content"].values()))
                assert "example" in content, (method, path)
            assert {"500", "503"} <= responses.keys(), (method, path)
            if "{" in path:
                assert "400" in responses and "404" in responses, (method, path)


def test_redocly_lint():
    redocly = os.path.join(ROOT, "node_modules", ".bin", "redocly")
    assert os.path.exists(redocly), "npm ci first (package.json: @redocly/cli)"
    env = dict(os.environ, REDOCLY_TELEMETRY="off", REDOCLY_SUPPRESS_UPDATE_NOTICE="true")
    out = subprocess.run([redocly, "lint", "--config", os.path.join(ROOT, "docs", "redocly.yaml"), DOC],
                         capture_output=True, text=True, timeout=300, env=env, cwd=ROOT)
    text = out.stdout + out.stderr
    assert out.returncode == 0, text
    assert "warning" not in text.lower(), text


def test_nginx_serves_the_document_and_swagger_ui(api):
    resp = api.get("/docs/openapi.json")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("application/json")
    assert resp.json() == document()
    page = api.get("/docs")
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    for asset in re.findall(r'(?:src|href)="(/docs/[^"]+)"', page.text):
        assert api.get(asset).status_code == 200, asset
    assert "swagger-ui-bundle.js" in page.text


def fake_answer(method, path, status, body):
    """A requests.Response as the stack would give it, for contract.check."""
    resp = requests.Response()
    resp.status_code = status
    resp._content = json.dumps(body).encode()
    resp.headers["Content-Type"] = "application/json"
    resp.request = requests.Request(method, "http://127.0.0.1" + path).prepare()
    return resp


def test_the_contract_check_refuses_what_the_document_does_not_allow(monkeypatch):
    """contract.check, run on every answer by conftest.Api, fails on a body or status the
    document does not allow, and passes what it does."""
    monkeypatch.setattr(contract, "REPORT_ONLY", False)
    monkeypatch.setattr(contract, "_checked", contract.Counter())  # keep the run's totals true
    client_id = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    good = {"client_id": client_id, "login": "a", "age": 30, "location": "x", "gender": "MALE"}
    contract.check(fake_answer("GET", f"/clients/{client_id}", 200, good))
    bad_bodies = [
        {k: v for k, v in good.items() if k != "login"},  # a required field missing
        dict(good, gender="OTHER"),  # outside the enum
        dict(good, client_id="not-a-uuid"),  # the format
    ]
    for body in bad_bodies:
        with pytest.raises(AssertionError, match="does not match docs/openapi.json"):
            contract.check(fake_answer("GET", f"/clients/{client_id}", 200, body))
    contract.check(fake_answer("GET", f"/clients/{client_id}", 404, {"detail": "no client"}))
    with pytest.raises(AssertionError, match="detail"):  # an error without its detail
        contract.check(fake_answer("GET", f"/clients/{client_id}", 404, {"error": "no client"}))
    with pytest.raises(AssertionError, match="status is not documented"):
        contract.check(fake_answer("GET", f"/clients/{client_id}", 418, {"detail": "teapot"}))
    # a date-time the API would never write (no zone)
    item = {"at": "2026-11-30T12:00:00", "actor": "admin", "action": "login",
            "campaign_id": None, "detail": None}
    for at in ("2026-11-30T12:00:00", "2026-11-30T12Z", "20261130T120000Z", "2026-11-30"):
        with pytest.raises(AssertionError, match="date-time"):
            contract.check(fake_answer("GET", "/admin/api/audit", 200, [dict(item, at=at)]))
    broken = fake_answer("GET", "/admin/api/audit", 200, [])
    broken._content = b"[{"
    with pytest.raises(AssertionError, match="not JSON"):
        contract.check(broken)
    contract.check(fake_answer("GET", "/admin/api/audit", 200,
                               [dict(item, at="2026-11-30T12:00:00Z")]))
