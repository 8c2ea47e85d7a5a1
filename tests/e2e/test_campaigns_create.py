"""Campaigns: POST /advertisers/{advertiser_id}/campaigns (API.md §0, §3, §6).

Time is shared and only moves forward: every test reads GET /time and works relative to it.
Only test_start_date_before_today_is_400 may move the clock, and only off day 0.
"""
import json

import pytest

from campaign_support import (
    NO_TARGETING,
    REQUIRED,
    assert_campaign_shape,
    assert_money,
    bad_targeting_params,
    bad_value_params,
    expected_campaign,
    number_tokens,
    project,
)
from e2e_cases import BAD_UUIDS, MALFORMATIONS, malform


# --- happy paths -------------------------------------------------------------------


def test_create_returns_201_and_the_full_campaign(api, cx, adv, expect_json):
    body = cx.body()
    campaign = expect_json(cx.post(adv, body), 201)

    assert_campaign_shape(campaign)
    assert campaign["advertiser_id"] == adv
    assert campaign["ad_image"] is None
    assert campaign["targeting"] == NO_TARGETING
    assert project(campaign) == expected_campaign(body, adv, campaign["campaign_id"])


def test_created_campaign_is_readable(cx, adv):
    campaign = cx.create(adv)
    assert project(cx.stored(adv, campaign["campaign_id"])) == project(campaign)


def test_each_create_gets_a_new_campaign_id(cx, adv):
    body = cx.body()
    ids = {cx.expect_json(cx.post(adv, body), 201)["campaign_id"] for _ in range(3)}
    assert len(ids) == 3


def test_upper_case_advertiser_id_in_path_is_accepted_and_returned_lower_case(cx, adv, expect_json):
    campaign = expect_json(cx.post(adv.upper(), cx.body()), 201)
    assert campaign["advertiser_id"] == adv
    assert_campaign_shape(campaign)


def test_server_generates_the_ids_ignoring_those_in_the_body(cx, adv, new_uuid, create_advertiser, expect_json):
    """campaign_id, advertiser_id and ad_image are not in the create schema: unknown fields."""
    foreign_id = new_uuid()
    other_advertiser = create_advertiser()["advertiser_id"]
    body = cx.body(campaign_id=foreign_id, advertiser_id=other_advertiser, ad_image="http://x/y.png", extra=[1])
    campaign = expect_json(cx.post(adv, body), 201)

    assert campaign["campaign_id"] != foreign_id
    assert campaign["advertiser_id"] == adv
    assert campaign["ad_image"] is None
    cx.assert_error(cx.get(adv, foreign_id), 404)


@pytest.mark.parametrize(
    "targeting",
    [pytest.param("absent", id="absent"), pytest.param(None, id="null"), pytest.param({}, id="empty-object")],
)
def test_no_targeting_means_all_four_keys_null(cx, adv, expect_json, targeting):
    body = cx.body()
    if targeting != "absent":
        body["targeting"] = targeting
    campaign = expect_json(cx.post(adv, body), 201)
    assert campaign["targeting"] == NO_TARGETING
    assert cx.stored(adv, campaign["campaign_id"])["targeting"] == NO_TARGETING


TARGETINGS = [
    ("full", {"gender": "FEMALE", "age_from": 18, "age_to": 35, "location": "Moscow"}),
    ("gender-male", {"gender": "MALE"}),
    ("gender-female", {"gender": "FEMALE"}),
    ("gender-all", {"gender": "ALL"}),
    ("age_from-only", {"age_from": 21}),
    ("age_to-only", {"age_to": 65}),
    ("location-only", {"location": "Saint Petersburg"}),
    ("ages-0-100", {"age_from": 0, "age_to": 100}),
    ("equal-ages", {"age_from": 30, "age_to": 30}),
    ("explicit-nulls", {"gender": None, "age_from": None, "age_to": None, "location": None}),
    ("unicode-location", {"location": "Санкт-Петербург 広告"}),
    ("unknown-key-ignored", {"gender": "ALL", "city": "x"}),
]


@pytest.mark.parametrize("targeting", [t for _, t in TARGETINGS], ids=[n for n, _ in TARGETINGS])
def test_targeting_is_stored_with_missing_keys_null(cx, adv, expect_json, targeting):
    campaign = expect_json(cx.post(adv, cx.body(targeting=targeting)), 201)
    expected = dict(NO_TARGETING)
    expected.update({k: v for k, v in targeting.items() if k in NO_TARGETING})
    assert campaign["targeting"] == expected
    assert cx.stored(adv, campaign["campaign_id"])["targeting"] == expected


def test_unicode_texts_round_trip(cx, adv, expect_json):
    body = cx.body(ad_title='Café "Ünïcode" \\ 広告 🚀', ad_text="line one\nline two\ttab")
    campaign = expect_json(cx.post(adv, body), 201)
    assert (campaign["ad_title"], campaign["ad_text"]) == (body["ad_title"], body["ad_text"])
    stored = cx.stored(adv, campaign["campaign_id"])
    assert (stored["ad_title"], stored["ad_text"]) == (body["ad_title"], body["ad_text"])


def test_limits_may_be_zero_and_equal(cx, adv, expect_json):
    campaign = expect_json(cx.post(adv, cx.body(impressions_limit=0, clicks_limit=0)), 201)
    assert (campaign["impressions_limit"], campaign["clicks_limit"]) == (0, 0)


def test_clicks_limit_equal_to_impressions_limit_is_valid(cx, adv, expect_json):
    campaign = expect_json(cx.post(adv, cx.body(impressions_limit=50, clicks_limit=50)), 201)
    assert (campaign["impressions_limit"], campaign["clicks_limit"]) == (50, 50)


def test_large_limits_round_trip(cx, adv, expect_json):
    big = 10**12
    campaign = expect_json(cx.post(adv, cx.body(impressions_limit=big, clicks_limit=big - 1)), 201)
    assert (campaign["impressions_limit"], campaign["clicks_limit"]) == (big, big - 1)


def test_start_equal_end_equal_today_is_valid(cx, adv, expect_json):
    for _ in range(3):  # another test may move the clock between GET /time and the POST
        today = cx.today()
        resp = cx.post(adv, cx.body(start=today, length=0))
        if resp.status_code == 201 or cx.today() == today:
            break
    campaign = expect_json(resp, 201)
    assert campaign["start_date"] == campaign["end_date"] == today


# --- money ---------------------------------------------------------------------------

# (id, JSON text sent, exact value expected back)
MONEY = [
    ("one-tenth", "0.1", "0.1"),
    ("float-drift", "0.30000000000000004", "0.3"),
    ("exponent", "1.5e2", "150"),
    ("exponent-upper-negative", "25E-2", "0.25"),
    ("integer", "5", "5"),
    ("zero", "0", "0"),
    ("zero-float", "0.0", "0"),
    ("six-decimals", "0.123456", "0.123456"),
    ("round-half-up", "0.1234565", "0.123457"),
    ("round-down", "0.1234564", "0.123456"),
    ("round-up-to-unit", "2.9999995", "3"),
    ("tiny-rounds-to-zero", "0.0000004", "0"),
    ("tiny-half-rounds-up", "0.0000005", "0.000001"),
    ("large", "123456789.5", "123456789.5"),
]


@pytest.mark.parametrize("field", ["cost_per_impression", "cost_per_click"])
@pytest.mark.parametrize("sent, expected", [m[1:] for m in MONEY], ids=[m[0] for m in MONEY])
def test_money_is_stored_exactly(api, cx, adv, expect_json, field, sent, expected):
    marker = 987654321
    body = cx.body(**{field: marker})
    text = json.dumps(body).replace(str(marker), sent)
    resp = api.post_raw(cx.path(adv), text)
    campaign = expect_json(resp, 201)

    assert_money(number_tokens(resp)[field], expected)
    get = cx.get(adv, campaign["campaign_id"])
    expect_json(get, 200)
    assert_money(number_tokens(get)[field], expected)


@pytest.mark.parametrize("field", ["cost_per_impression", "cost_per_click"])
@pytest.mark.parametrize("value", [0, 5, 150, 10**9], ids=["zero", "five", "150", "1e9"])
def test_integer_money_stays_an_integer(cx, adv, expect_json, field, value):
    campaign = expect_json(cx.post(adv, cx.body(**{field: value})), 201)
    assert campaign[field] == value
    assert isinstance(campaign[field], int), f"{field} {value} came back as {campaign[field]!r}"


def test_one_tenth_reads_back_as_one_tenth(cx, adv, expect_json):
    campaign = expect_json(cx.post(adv, cx.body(cost_per_impression=0.1, cost_per_click=0.2)), 201)
    assert campaign["cost_per_impression"] == 0.1
    assert campaign["cost_per_click"] == 0.2


# --- validation: types and ranges (400 naming the field) -------------------------------


@pytest.mark.parametrize("field", REQUIRED)
def test_missing_required_field_is_400_naming_it(cx, adv, assert_error, field):
    body = cx.body()
    del body[field]
    assert_error(cx.post(adv, body), 400, field)


@pytest.mark.parametrize("field, value", bad_value_params())
def test_bad_value_is_400_naming_the_field(cx, adv, assert_error, field, value):
    assert_error(cx.post(adv, cx.body(**{field: value})), 400, field)


@pytest.mark.parametrize("targeting, word", bad_targeting_params())
def test_bad_targeting_is_400(cx, adv, assert_error, targeting, word):
    assert_error(cx.post(adv, cx.body(targeting=targeting)), 400, word)


def test_gender_detail_names_targeting_gender(cx, adv, assert_error):
    detail = assert_error(cx.post(adv, cx.body(targeting={"gender": "male"})), 400, "gender")
    assert "targeting" in detail.lower(), f"detail does not say it is targeting.gender: {detail!r}"


@pytest.mark.parametrize("how", MALFORMATIONS)
def test_malformed_json_is_400(api, cx, adv, assert_error, how):
    text = malform(json.dumps(cx.body()), how)
    assert_error(api.post_raw(cx.path(adv), text), 400)


@pytest.mark.parametrize(
    "body",
    [[], [{"ad_title": "x"}], "campaign", 5, None, True],
    ids=["empty-array", "array", "string", "number", "null", "bool"],
)
def test_body_not_an_object_is_400(api, cx, adv, assert_error, body):
    assert_error(api.post_raw(cx.path(adv), json.dumps(body)), 400)


def test_body_in_an_array_is_400(cx, adv, assert_error):
    assert_error(cx.post(adv, [cx.body()]), 400)


def test_nothing_is_stored_by_a_rejected_create(cx, adv, assert_error):
    assert_error(cx.post(adv, cx.body(ad_title="")), 400, "ad_title")
    assert_error(cx.post(adv, cx.body(clicks_limit=11, impressions_limit=10)), 400)
    assert cx.listed(adv) == ([], 0)


# --- validation: cross-field rules ---------------------------------------------------------


def test_clicks_limit_above_impressions_limit_is_400(cx, adv, assert_error):
    assert_error(cx.post(adv, cx.body(impressions_limit=10, clicks_limit=11)), 400, "clicks_limit")


def test_start_date_after_end_date_is_400(cx, adv, assert_error):
    today = cx.today()
    body = cx.body(start_date=today + 3, end_date=today + 2)
    detail = assert_error(cx.post(adv, body), 400)
    assert "start_date" in detail or "end_date" in detail, detail


def test_start_date_before_today_is_400(cx, adv, assert_error):
    today = cx.ensure_past_exists()  # day 0 has no yesterday; move off it only if needed
    body = cx.body(start=today - 1)
    assert_error(cx.post(adv, body), 400, "start_date")
    # Also when the campaign would still be running today.
    assert_error(cx.post(adv, cx.body(start_date=today - 1, end_date=today + 5)), 400, "start_date")
    assert cx.listed(adv) == ([], 0)


def test_start_date_zero_is_400_once_time_moved(cx, adv, assert_error):
    today = cx.ensure_past_exists()
    assert_error(cx.post(adv, cx.body(start_date=0, end_date=today + 1)), 400, "start_date")


def test_age_from_above_age_to_is_400(cx, adv, assert_error):
    assert_error(cx.post(adv, cx.body(targeting={"age_from": 31, "age_to": 30})), 400, "age")


# --- existence and order of checks --------------------------------------------------------------


def test_unknown_advertiser_is_404(cx, new_uuid, assert_error):
    assert_error(cx.post(new_uuid(), cx.body()), 404)


def test_unknown_advertiser_is_not_created(cx, new_uuid, assert_error, api):
    unknown = new_uuid()
    assert_error(cx.post(unknown, cx.body()), 404)
    assert_error(api.get(f"/advertisers/{unknown}"), 404)


@pytest.mark.parametrize("bad_id", [v for _, v in BAD_UUIDS], ids=[k for k, _ in BAD_UUIDS])
def test_malformed_advertiser_id_is_400(cx, assert_error, bad_id):
    assert_error(cx.post(bad_id, cx.body()), 400)


def test_unknown_advertiser_with_broken_rule_is_404(cx, new_uuid, assert_error):
    """Existence (404) is checked before semantic rules (400)."""
    assert_error(cx.post(new_uuid(), cx.body(impressions_limit=10, clicks_limit=11)), 404)


def test_unknown_advertiser_with_start_after_end_is_404(cx, new_uuid, assert_error):
    today = cx.today()
    assert_error(cx.post(new_uuid(), cx.body(start_date=today + 5, end_date=today + 4)), 404)


def test_unknown_advertiser_with_wrong_type_is_400(cx, new_uuid, assert_error):
    """Shape/type validation (400) comes before existence (404)."""
    assert_error(cx.post(new_uuid(), cx.body(impressions_limit="10")), 400, "impressions_limit")


def test_unknown_advertiser_with_missing_field_is_400(cx, new_uuid, assert_error):
    body = cx.body()
    del body["ad_text"]
    assert_error(cx.post(new_uuid(), body), 400, "ad_text")


def test_unknown_advertiser_with_bad_gender_is_400(cx, new_uuid, assert_error):
    assert_error(cx.post(new_uuid(), cx.body(targeting={"gender": "male"})), 400, "gender")
