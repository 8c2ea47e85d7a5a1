"""Health: GET /health (API.md §10). The 503 path needs a dependency down: not tested here."""


def test_health_is_200_with_status_ok(api, expect_json):
    body = expect_json(api.get("/health"), 200)
    assert body["status"] == "ok"


def test_health_reports_postgres_and_redis_ok(api, expect_json):
    checks = expect_json(api.get("/health"), 200)["checks"]
    assert isinstance(checks, dict)
    assert checks["postgres"] == "ok"
    assert checks["redis"] == "ok"
    assert all(isinstance(value, str) for value in checks.values()), checks
