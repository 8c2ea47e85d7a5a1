"""POST /report/{campaign_id} (API.md §9): every status, and nothing stored on a failure."""
import re
import uuid

import pytest

from ads_support import pg_scalar, unique_location

REPORT_KEYS = {"report_id", "campaign_id", "client_id", "state", "message", "flagged", "created_at"}
ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


@pytest.fixture
def shown(ads):
    """(campaign, client_id): a campaign that the client was shown."""
    location = unique_location()
    campaign = ads.campaign(ads.advertiser(), location)
    client_id = ads.client(location)
    ads.shown(client_id, campaign)
    return campaign, client_id


def report_count(campaign_id):
    return int(pg_scalar(f"SELECT count(*) FROM reports WHERE campaign_id = '{campaign_id}'"))


def test_report_created(api, expect_json, shown):
    campaign, client_id = shown
    resp = api.post(f"/report/{campaign['campaign_id']}", json={"client_id": client_id, "message": "rude ad"})
    rep = expect_json(resp, 201)
    assert set(rep) == REPORT_KEYS
    assert rep["campaign_id"] == campaign["campaign_id"] and rep["client_id"] == client_id
    assert rep["state"] == "sent" and rep["message"] == "rude ad" and rep["flagged"] is None
    assert ISO_TIME.fullmatch(rep["created_at"]), rep
    uuid.UUID(rep["report_id"])


def test_report_null_and_absent_message(api, expect_json, ads, shown):
    campaign, client_id = shown
    rep = expect_json(api.post(f"/report/{campaign['campaign_id']}", json={"client_id": client_id, "message": None}), 201)
    assert rep["message"] is None
    other = ads.client(campaign["targeting"]["location"])
    ads.shown(other, campaign)
    rep = expect_json(api.post(f"/report/{campaign['campaign_id']}", json={"client_id": other}), 201)
    assert rep["message"] is None


def test_report_twice_is_409(api, expect_json, assert_error, shown):
    campaign, client_id = shown
    path = f"/report/{campaign['campaign_id']}"
    expect_json(api.post(path, json={"client_id": client_id, "message": "one"}), 201)
    assert_error(api.post(path, json={"client_id": client_id, "message": "two"}), 409)
    assert report_count(campaign["campaign_id"]) == 1


def test_report_not_shown_is_403(api, ads, assert_error):
    location = unique_location()
    campaign = ads.campaign(ads.advertiser(), location)
    client_id = ads.client(location)
    assert_error(api.post(f"/report/{campaign['campaign_id']}", json={"client_id": client_id}), 403)
    assert report_count(campaign["campaign_id"]) == 0


def test_report_unknown_campaign_or_client_is_404(api, assert_error, shown):
    campaign, client_id = shown
    assert_error(api.post(f"/report/{uuid.uuid4()}", json={"client_id": client_id}), 404, "campaign")
    assert_error(api.post(f"/report/{campaign['campaign_id']}", json={"client_id": str(uuid.uuid4())}), 404, "client")
    assert report_count(campaign["campaign_id"]) == 0


def test_report_deleted_campaign_is_404(api, ads, assert_error, shown):
    campaign, client_id = shown
    ads.delete(campaign)
    assert_error(api.post(f"/report/{campaign['campaign_id']}", json={"client_id": client_id}), 404)


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "client_id"),
        ({"client_id": None}, "client_id"),
        ({"client_id": "nope"}, "client_id"),
        ({"client_id": 5}, "client_id"),
        ("MESSAGE_EMPTY", "message"),
        ("MESSAGE_NUMBER", "message"),
        ("MESSAGE_HUGE", "message"),
        ([], None),
    ],
)
def test_report_bad_body_is_400(api, assert_error, shown, body, field):
    campaign, client_id = shown
    if body == "MESSAGE_EMPTY":
        body = {"client_id": client_id, "message": ""}
    elif body == "MESSAGE_NUMBER":
        body = {"client_id": client_id, "message": 3}
    elif body == "MESSAGE_HUGE":
        body = {"client_id": client_id, "message": "x" * 3000}  # over 2000, under the body limit
    assert_error(api.post(f"/report/{campaign['campaign_id']}", json=body), 400, field)
    assert report_count(campaign["campaign_id"]) == 0


def test_report_malformed_json_and_id(api, assert_error, shown):
    campaign, client_id = shown
    assert_error(api.post_raw(f"/report/{campaign['campaign_id']}", "{"), 400)
    assert_error(api.post(f"/report/not-a-uuid", json={"client_id": client_id}), 400, "campaign_id")
    assert report_count(campaign["campaign_id"]) == 0


def test_report_wrong_method_is_405(api):
    resp = api.get(f"/report/{uuid.uuid4()}")
    assert resp.status_code == 405 and "POST" in resp.headers.get("Allow", "")
