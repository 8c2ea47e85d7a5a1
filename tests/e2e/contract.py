"""The HTTP contract as the tests see it: every answer received through conftest.Api (the
`api` fixture and the admin sessions; a few fault and concurrency tests use plain requests) is
checked against what docs/openapi.json documents for its operation and status, so the document
and the code cannot drift apart unnoticed.

An answer to a documented operation fails the test when its status is not documented for it,
or when the status is documented with a JSON schema and the body does not match it (formats
such as uuid and date-time included). BILLBOARD_CONTRACT=report only counts both kinds and
lists them at the end of the run (conftest.py), for a survey after the document changed.
"""
import json
import os
import re
from collections import Counter
from datetime import datetime

import jsonschema

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(ROOT, "docs", "openapi.json")

# Debian's jsonschema checks date-time only with a package Debian lacks: RFC 3339 as the API
# writes it (iso_time in SQL, json-c timestamps), a valid date and time with a zone.
FORMATS = jsonschema.FormatChecker()
DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)\Z")


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value):
    if not isinstance(value, str):
        return True
    return DATE_TIME.match(value) is not None and datetime.fromisoformat(value) is not None


_operations = None  # [(method, compiled path regex, template, operation)]
_components = {}  # the document's components, for the $refs of its schemas
_validators = {}  # (template, method, status) -> validator or None
_mismatches = Counter()  # first line of each mismatch, with BILLBOARD_CONTRACT=report
_checked = Counter()  # "answers", "bodies": answers to documented operations, bodies validated
REPORT_ONLY = os.environ.get("BILLBOARD_CONTRACT") == "report"


def _load():
    global _operations, _components
    with open(DOC, encoding="utf-8") as f:
        doc = json.load(f)
    _components = doc.get("components", {})
    ops = []
    for template, item in doc["paths"].items():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        for method, op in item.items():
            ops.append((method.upper(), re.compile(pattern + r"\Z"), template, op))
    # At the first segment where two templates differ, a literal one before a parameter:
    # /admin/api/queue/{campaign_id} before a hypothetical /admin/api/{x}/{campaign_id}.
    ops.sort(key=lambda o: [seg.startswith("{") for seg in o[2].split("/")])
    _operations = ops


def _operation(method, path):
    if _operations is None:
        _load()
    for m, regex, template, op in _operations:
        if m == method and regex.match(path):
            return template, op
    return None, None


def _validator(template, method, status, op):
    key = (template, method, status)
    if key not in _validators:
        validator = None
        response = op["responses"].get(str(status))
        if response is not None and "$ref" in response:  # #/components/responses/NAME
            response = _components["responses"][response["$ref"].rsplit("/", 1)[1]]
        content = (response or {}).get("content", {}).get("application/json")
        if content and "schema" in content:
            schema = dict(content["schema"], components=_components)
            validator = jsonschema.Draft202012Validator(schema, format_checker=FORMATS)
        _validators[key] = validator if response is not None else False
    return _validators[key]


def _mismatch(resp, template, what):
    request = resp.request
    if REPORT_ONLY:
        _mismatches[f"{request.method} {template} -> {resp.status_code}: {what[:200]}"] += 1
        return
    raise AssertionError(f"{request.method} {request.path_url} -> {resp.status_code} does not "
                         f"match docs/openapi.json ({template}): {what}; body {resp.text[:300]!r}")


def check(resp):
    """Fails (AssertionError) when an answer is not what docs/openapi.json documents."""
    request = resp.request
    path = request.path_url.split("?", 1)[0]
    template, op = _operation(request.method, path)
    if op is None:
        return
    _checked["answers"] += 1
    validator = _validator(template, request.method, resp.status_code, op)
    if validator is False:
        _mismatch(resp, template, "the status is not documented for the operation")
        return
    if validator is None:
        return
    if not resp.headers.get("Content-Type", "").startswith("application/json"):
        _mismatch(resp, template, f"documented as JSON, answered as "
                                  f"{resp.headers.get('Content-Type')!r}")
        return
    _checked["bodies"] += 1
    try:
        body = resp.json()
    except ValueError as e:
        _mismatch(resp, template, f"documented as JSON, the body is not JSON ({e})")
        return
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(the body)"
        _mismatch(resp, template, f"at {where}: {errors[0].message}")


def mismatches():
    """With BILLBOARD_CONTRACT=report: each kind of mismatch -> answers."""
    return dict(_mismatches)


def checked():
    """Answers to documented operations seen, and bodies validated against a schema."""
    return _checked["answers"], _checked["bodies"]
