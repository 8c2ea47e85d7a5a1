"""The admin endpoints the admin pages added to §11: the platform's daily series
(GET /admin/api/overview/daily) and the accounts list (GET /admin/api/users)."""
from decimal import Decimal

from ads_support import conversion_of, unique_location

DAYS_MAX = 800  # BROWSE_DAILY_DAYS_MAX


def daily(session, expect_json, **params):
    return expect_json(session.get("/admin/api/overview/daily", params=params), 200)


def test_daily_is_zero_filled_and_ends_today(ads, staff, expect_json):
    mod = staff.session("moderator")
    today = ads.today()
    rows = daily(mod, expect_json)
    assert [r["date"] for r in rows] == list(range(max(0, today - 29), today + 1))
    for row in rows:
        assert set(row) == {"date", "impressions_count", "clicks_count", "conversion", "spent_impressions",
                            "spent_clicks", "spent_total"}
    rows = daily(mod, expect_json, days=1)
    assert [r["date"] for r in rows] == [today]
    rows = daily(mod, expect_json, days=DAYS_MAX)
    assert [r["date"] for r in rows] == list(range(max(0, today - DAYS_MAX + 1), today + 1))


def test_daily_counts_todays_events(ads, staff, expect_json):
    mod = staff.session("moderator")
    location = unique_location()
    campaign = ads.campaign(ads.advertiser(), location)
    before = daily(mod, expect_json, days=1)[0]
    clients = [ads.client(location) for _ in range(3)]
    for client in clients:
        ads.shown(client, campaign)
    ads.clicked(campaign, clients[0])
    after = daily(mod, expect_json, days=1)[0]
    assert after["impressions_count"] == before["impressions_count"] + 3
    assert after["clicks_count"] == before["clicks_count"] + 1
    price_i, price_c = Decimal(str(campaign["cost_per_impression"])), Decimal(str(campaign["cost_per_click"]))
    assert Decimal(str(after["spent_impressions"])) - Decimal(str(before["spent_impressions"])) == 3 * price_i
    assert Decimal(str(after["spent_clicks"])) - Decimal(str(before["spent_clicks"])) == price_c
    assert Decimal(str(after["spent_total"])) == Decimal(str(after["spent_impressions"])) + Decimal(str(after["spent_clicks"]))
    assert Decimal(str(after["conversion"])) == conversion_of(after["clicks_count"], after["impressions_count"])
    overview = expect_json(mod.get("/admin/api/overview"), 200)
    assert overview["today"]["impressions"] == after["impressions_count"]
    assert overview["today"]["clicks"] == after["clicks_count"]


def test_daily_bad_days_is_400(staff, assert_error):
    mod = staff.session("moderator")
    for bad in ("0", str(DAYS_MAX + 1), "-1", "x", "1e3", "99999999999999999999"):
        assert_error(mod.get("/admin/api/overview/daily", params={"days": bad}), 400, "days")


def test_users_lists_accounts_without_secrets(staff, expect_json, assert_error):
    admin = staff.session("admin")
    made = [staff.account("moderator")[0] for _ in range(2)]
    resp = admin.get("/admin/api/users", params={"size": 500})
    users = expect_json(resp, 200)
    total = int(resp.headers["X-Total-Count"])
    assert total >= 3 and len(users) == min(total, 500)
    logins = [u["login"] for u in users]
    by_login = {u["login"]: u for u in users}
    for login in made + [admin.login]:
        assert login in by_login or total > 500
    for user in users:
        assert set(user) == {"login", "role", "created_at"} and user["role"] in ("admin", "moderator")
    assert by_login.get(made[0], {"role": "moderator"})["role"] == "moderator"
    page = expect_json(admin.get("/admin/api/users", params={"size": 1, "page": 2}), 200)
    assert page == users[1:2]
    assert_error(admin.get("/admin/api/users", params={"size": 501}), 400, "size")
    assert_error(admin.get("/admin/api/users", params={"page": 0}), 400, "page")
    assert_error(staff.session("moderator").get("/admin/api/users"), 403)
