"""Accounts and sessions of the admin API (API.md §11): login, logout, me, users, throttle."""
import secrets
import uuid

from admin_support import user_add
from ads_support import pg_scalar


def test_login_sets_a_strict_cookie(staff, expect_json):
    login, password = staff.account("moderator")
    session = staff.anonymous()
    resp = session.post("/admin/api/login", json={"login": login, "password": password})
    assert expect_json(resp, 200) == {"login": login, "role": "moderator"}
    cookie = resp.headers["Set-Cookie"]
    for attr in ("HttpOnly", "SameSite=Strict", "Path=/admin"):
        assert attr in cookie, cookie
    assert expect_json(session.get("/admin/api/me"), 200) == {"login": login, "role": "moderator"}


def test_session_is_stored_hashed(staff):
    session = staff.session("moderator")
    token = session.cookies.get("bb_session")
    assert token and len(token) == 64
    assert pg_scalar(f"SELECT count(*) FROM sessions WHERE encode(token_hash, 'hex') = '{token}'") == "0"
    assert pg_scalar(f"SELECT count(*) FROM sessions WHERE login = '{session.login}'") == "1"


def test_wrong_password_and_unknown_login_answer_alike(staff, assert_error):
    login, _ = staff.account("moderator")
    anon = staff.anonymous()
    d1 = assert_error(anon.post("/admin/api/login", json={"login": login, "password": "wrong-password"}), 401)
    d2 = assert_error(anon.post("/admin/api/login", json={"login": f"nobody-{uuid.uuid4().hex[:8]}", "password": "x"}), 401)
    assert d1 == d2
    assert "bb_session" not in anon.cookies


def test_login_bad_body_is_400(staff, assert_error):
    anon = staff.anonymous()
    assert_error(anon.post("/admin/api/login", json={"login": "a"}), 400, "password")
    assert_error(anon.post("/admin/api/login", json={"password": "a"}), 400, "login")
    assert_error(anon.post("/admin/api/login", json={"login": 1, "password": "a"}), 400, "login")
    assert_error(anon.post_raw("/admin/api/login", "{"), 400)


def test_logout_revokes_the_session(staff, assert_error):
    session = staff.session("moderator")
    token = session.cookies.get("bb_session")
    assert session.post("/admin/api/logout").status_code == 204
    assert_error(session.get("/admin/api/me"), 401)
    # The old cookie replayed after logout is dead server-side.
    replay = staff.anonymous()
    replay.cookies.set("bb_session", token, path="/admin")
    assert_error(replay.get("/admin/api/me"), 401)


def test_expired_session_is_401(staff, assert_error):
    session = staff.session("moderator")
    pg_scalar(f"UPDATE sessions SET expires_at = now() - interval '1 second' WHERE login = '{session.login}'")
    assert_error(session.get("/admin/api/me"), 401)


def test_forged_cookie_is_401(staff, assert_error):
    anon = staff.anonymous()
    for value in ("0" * 64, "zz", secrets.token_hex(32), "'; DROP TABLE sessions; --"):
        anon.cookies.set("bb_session", value, path="/admin")
        assert_error(anon.get("/admin/api/me"), 401)


def test_failed_logins_for_one_login_are_throttled(staff, assert_error):
    login, password = staff.account("moderator")
    anon = staff.anonymous()
    for _ in range(5):
        assert_error(anon.post("/admin/api/login", json={"login": login, "password": "wrong-one"}), 401)
    resp = anon.post("/admin/api/login", json={"login": login, "password": password})
    assert_error(resp, 429)
    assert int(resp.headers["Retry-After"]) > 0
    # Another login from the same address is not held back by this one.
    staff.session("moderator")


def test_failed_logins_from_one_address_are_throttled(staff, assert_error):
    anon = staff.anonymous()
    pg_scalar("DELETE FROM login_failures")  # earlier tests failed from this address too
    try:
        for i in range(30):
            body = {"login": f"ghost-{uuid.uuid4().hex[:10]}", "password": "nope"}
            assert_error(anon.post("/admin/api/login", json=body), 401)
        login, password = staff.account("moderator")
        assert_error(anon.post("/admin/api/login", json={"login": login, "password": password}), 429)
    finally:
        # The address is every test's: forget these failures so later tests can log in.
        pg_scalar("DELETE FROM login_failures")


def test_admin_creates_accounts(staff, expect_json, assert_error):
    admin = staff.session("admin")
    login, password = f"new-{uuid.uuid4().hex[:10]}", secrets.token_urlsafe(12)
    body = {"login": login, "password": password, "role": "moderator"}
    assert expect_json(admin.post("/admin/api/users", json=body), 201) == {"login": login, "role": "moderator"}
    assert_error(admin.post("/admin/api/users", json=body), 409)
    assert staff.login(login, password).get("/admin/api/me").json()["role"] == "moderator"
    assert "account_created" in pg_scalar(f"SELECT action FROM audit_log WHERE detail LIKE 'login {login},%'")


def test_users_bad_bodies(staff, assert_error):
    admin = staff.session("admin")
    ok = {"login": f"u-{uuid.uuid4().hex[:8]}", "password": "long-enough", "role": "moderator"}
    for field, value in (("login", "bad login!"), ("login", ""), ("password", "short"),
                         ("role", "root"), ("role", None), ("password", 5)):
        body = dict(ok, **{field: value})
        assert_error(admin.post("/admin/api/users", json=body), 400, field)
    assert pg_scalar(f"SELECT count(*) FROM accounts WHERE login = '{ok['login']}'") == "0"


def test_moderator_cannot_create_accounts(staff, assert_error):
    mod = staff.session("moderator")
    body = {"login": f"u-{uuid.uuid4().hex[:8]}", "password": "long-enough", "role": "admin"}
    assert_error(mod.post("/admin/api/users", json=body), 403)


def test_batch_user_add(staff):
    login = f"cli-{uuid.uuid4().hex[:8]}"
    assert user_add(login, "moderator", "a-good-password").returncode == 0
    assert user_add(login, "moderator", "a-good-password").returncode == 3
    assert user_add("bad login", "moderator", "a-good-password").returncode == 2
    assert user_add(f"x-{uuid.uuid4().hex[:8]}", "root", "a-good-password").returncode == 2
    assert user_add(f"x-{uuid.uuid4().hex[:8]}", "admin", "short").returncode == 2
    hashed = pg_scalar(f"SELECT password_hash FROM accounts WHERE login = '{login}'")
    assert hashed.startswith("$argon2id$") and "a-good-password" not in hashed
    staff.login(login, "a-good-password")
