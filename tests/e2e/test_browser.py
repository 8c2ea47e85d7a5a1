"""The admin pages in a real browser: prepares the accounts and data the browser tests need,
then runs tests/browser/ (node's test runner, playwright-core driving Debian's chromium)
against this stack. Screenshots go to $BILLBOARD_VAR/browser/ at 1280x800 and 390x844."""
import json
import os
import shutil
import subprocess
import uuid

from admin_support import reported, set_item
from ads_support import pg_scalar, unique_location

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BROWSER_TESTS = os.path.join(ROOT, "tests", "browser")
CHROMIUM = "/usr/bin/chromium"
# The whole browser suite, chromium's start-up included, on a loaded machine.
BROWSER_TIMEOUT = 600
XSS_TITLE = "<b>bold</b> & \"quoted\""
XSS_TEXT = "<script>window.__xss = 1</script><img src=x onerror=\"window.__xss = 1\">"
XSS_MESSAGE = "<img src=x onerror=\"window.__xss = 2\"> this ad lies"


def account(staff, role):
    login, password = staff.account(role)
    return {"login": login, "password": password}


def test_admin_pages_in_chromium(ads, api, staff, base_url):
    assert shutil.which("node"), "node missing (Debian package nodejs)"
    assert os.path.exists(CHROMIUM), "chromium missing (Debian package chromium)"
    assert os.path.isdir(os.path.join(ROOT, "node_modules", "playwright-core")), "npm ci first"
    assert os.path.exists(os.path.join(ROOT, "static", "admin", "vendor", "uPlot.iife.min.js")), \
        "static/admin/vendor/ missing (scripts/dev.sh copies it from node_modules)"

    # An advertiser with a campaign shown over two days and clicked.
    location = f"browser-{uuid.uuid4().hex[:12]}"
    advertiser_id = ads.advertiser()
    name = f"Browser Test {advertiser_id[:8]}"
    resp = api.post("/advertisers/bulk", json=[{"advertiser_id": advertiser_id, "name": name}])
    assert resp.status_code == 201, resp.text
    campaign = ads.campaign(advertiser_id, location, end=ads.today() + 5, impressions_limit=10, clicks_limit=5)
    shown = 0
    for _ in range(2):
        for _ in range(2):
            client = ads.client(location)
            ads.shown(client, campaign)
            shown += 1
        ads.clicked(campaign, client)
        ads.advance()

    # A reported campaign that needs two reviews (the escalation path), and one whose ad and
    # report carry markup.
    review, _ = reported(ads, api, reports=2)
    set_item(review["campaign_id"], sampled="true")
    xss_location = unique_location()
    xss = ads.campaign(ads.advertiser(), xss_location, ad_title=XSS_TITLE, ad_text=XSS_TEXT)
    client = ads.client(xss_location)
    ads.shown(client, xss)
    resp = api.post(f"/report/{xss['campaign_id']}", json={"client_id": client, "message": XSS_MESSAGE})
    assert resp.status_code == 201, resp.text

    # Every test signs in from 127.0.0.1: earlier tests' failed logins must not throttle these.
    pg_scalar("DELETE FROM login_failures")
    var = os.environ.get("BILLBOARD_VAR", os.path.join(ROOT, "var"))
    out = os.path.join(var, "browser")
    os.makedirs(out, exist_ok=True)
    scenario = {
        "admin": account(staff, "admin"),
        "moderator1": account(staff, "moderator"),
        "moderator2": account(staff, "moderator"),
        "advertiser": {"advertiser_id": advertiser_id, "name": name},
        "campaign": {"campaign_id": campaign["campaign_id"], "ad_title": campaign["ad_title"], "impressions": shown},
        "review": {"campaign_id": review["campaign_id"], "advertiser_id": review["advertiser_id"]},
        "xss": {"campaign_id": xss["campaign_id"], "advertiser_id": xss["advertiser_id"], "ad_title": XSS_TITLE,
                "ad_text": XSS_TEXT, "message": XSS_MESSAGE},
    }
    path = os.path.join(out, "scenario.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(scenario, f)
    env = dict(os.environ, BILLBOARD_URL=base_url, BILLBOARD_BROWSER_SCENARIO=path,
               BILLBOARD_BROWSER_SHOTS=os.path.join(out, "shots"), BILLBOARD_CHROMIUM=CHROMIUM,
               PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD="1")
    tests = sorted(os.path.join(BROWSER_TESTS, n) for n in os.listdir(BROWSER_TESTS) if n.endswith(".test.js"))
    assert tests, "no tests/browser/*.test.js"
    run = subprocess.run(["node", "--test", *tests], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=BROWSER_TIMEOUT)
    with open(os.path.join(out, "node-test.log"), "w", encoding="utf-8") as f:
        f.write(run.stdout + run.stderr)
    assert run.returncode == 0, f"browser tests failed:\n{run.stdout[-6000:]}\n{run.stderr[-3000:]}"
    assert "# fail 0" in run.stdout and "# pass 0" not in run.stdout, run.stdout[-2000:]
