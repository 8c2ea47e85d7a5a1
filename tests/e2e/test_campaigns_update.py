"""Campaigns: PUT /advertisers/{advertiser_id}/campaigns/{campaign_id} (API.md §0, §3, §6).

A campaign has started once start_date <= current_date. Most tests get a started campaign by
creating it with start_date = today (no clock change); only test_campaign_starts_on_its_start_day
moves the clock, by one day, to check the boundary and a finished campaign. Time is shared and
only moves forward, so everything is relative to GET /time.
"""
import json

import pytest

from campaign_support import (
    LOCKED_FIELDS,
    NO_TARGETING,
    assert_campaign_shape,
    assert_money,
    bad_targeting_params,
    bad_value_params,
    expected_campaign,
    number_tokens,
    project,
)
from e2e_cases import BAD_UUIDS, MALFORMATIONS, malform


FULL_TARGETING = {"gender": "FEMALE", "age_from": 18, "age_to": 35, "location": "Moscow"}


def merged(campaign, **changes):
    """campaign with changes applied (what a successful PUT of `changes` must return)."""
    result = project(campaign)
    result.update(changes)
    return result


# --- happy paths (campaign not started yet) ------------------------------------------


def test_full_body_replaces_every_field(cx, adv):
    campaign = cx.create(adv, targeting=FULL_TARGETING)
    start = campaign["start_date"] + 1
    body = {
        "impressions_limit": 5000,
        "clicks_limit": 5000,
        "cost_per_impression": 0.75,
        "cost_per_click": 3,
        "ad_title": "Winter sale",
        "ad_text": "Now even cheaper",
        "start_date": start,
        "end_date": start + 3,
        "targeting": {"gender": "MALE", "age_from": 40, "age_to": 60, "location": "Kazan"},
    }
    result = cx.updated(adv, campaign["campaign_id"], body)
    assert_campaign_shape(result)
    assert project(result) == expected_campaign(body, adv, campaign["campaign_id"])


def test_the_campaign_object_as_returned_is_a_valid_body(cx, adv):
    campaign = cx.create(adv, targeting=FULL_TARGETING)
    body = dict(campaign, ad_title="Edited title", cost_per_click=9.5)
    result = cx.updated(adv, campaign["campaign_id"], body)
    assert project(result) == merged(campaign, ad_title="Edited title", cost_per_click=9.5)


def test_resending_the_stored_campaign_changes_nothing(cx, adv):
    campaign = cx.create(adv, targeting=FULL_TARGETING)
    assert project(cx.updated(adv, campaign["campaign_id"], campaign)) == project(campaign)


def test_empty_body_is_200_and_changes_nothing(cx, adv):
    campaign = cx.create(adv, targeting=FULL_TARGETING)
    assert project(cx.updated(adv, campaign["campaign_id"], {})) == project(campaign)


# (field, new value computed from the stored campaign)
ONE_FIELD = [
    ("impressions_limit", lambda c: c["impressions_limit"] * 2),
    ("clicks_limit", lambda c: c["clicks_limit"] + 1),
    ("cost_per_impression", lambda c: 2.75),
    ("cost_per_click", lambda c: 0.1),
    ("ad_title", lambda c: "x"),
    ("ad_text", lambda c: "A brand new text"),
    ("start_date", lambda c: c["start_date"] + 1),
    ("end_date", lambda c: c["end_date"] + 5),
]


@pytest.mark.parametrize("field, new", ONE_FIELD, ids=[f for f, _ in ONE_FIELD])
def test_partial_body_changes_only_that_field(cx, adv, field, new):
    campaign = cx.create(adv, targeting=FULL_TARGETING)
    value = new(campaign)
    assert value != campaign[field]
    result = cx.updated(adv, campaign["campaign_id"], {field: value})
    assert project(result) == merged(campaign, **{field: value})


def test_ad_title_only_body(cx, adv):
    campaign = cx.create(adv)
    result = cx.updated(adv, campaign["campaign_id"], {"ad_title": "x"})
    assert project(result) == merged(campaign, ad_title="x")


def test_targeting_replaces_the_whole_targeting(cx, adv):
    campaign = cx.create(adv, targeting=FULL_TARGETING)
    result = cx.updated(adv, campaign["campaign_id"], {"targeting": {"gender": "MALE"}})
    assert result["targeting"] == dict(NO_TARGETING, gender="MALE")
    assert project(result) == merged(campaign, targeting=dict(NO_TARGETING, gender="MALE"))


@pytest.mark.parametrize("targeting", [None, {}], ids=["null", "empty-object"])
def test_null_or_empty_targeting_clears_it(cx, adv, targeting):
    campaign = cx.create(adv, targeting=FULL_TARGETING)
    result = cx.updated(adv, campaign["campaign_id"], {"targeting": targeting})
    assert project(result) == merged(campaign, targeting=NO_TARGETING)


def test_absent_targeting_keeps_it(cx, adv):
    campaign = cx.create(adv, targeting=FULL_TARGETING)
    result = cx.updated(adv, campaign["campaign_id"], {"ad_text": "other", "cost_per_click": 1})
    assert result["targeting"] == FULL_TARGETING


def test_targeting_can_be_added_later(cx, adv):
    campaign = cx.create(adv)
    result = cx.updated(adv, campaign["campaign_id"], {"targeting": FULL_TARGETING})
    assert project(result) == merged(campaign, targeting=FULL_TARGETING)


def test_update_money_is_exact(api, cx, adv, expect_json):
    campaign = cx.create(adv)
    text = '{"cost_per_impression": 0.30000000000000004, "cost_per_click": 1.5e2}'
    resp = api.put(cx.path(adv, campaign["campaign_id"]), data=text, headers={"Content-Type": "application/json"})
    expect_json(resp, 200)
    tokens = number_tokens(resp)
    assert_money(tokens["cost_per_impression"], "0.3")
    assert_money(tokens["cost_per_click"], "150")
    get = cx.get(adv, campaign["campaign_id"])
    expect_json(get, 200)
    assert_money(number_tokens(get)["cost_per_impression"], "0.3")
    assert_money(number_tokens(get)["cost_per_click"], "150")


def test_ids_in_the_body_are_ignored(cx, adv, new_uuid, create_advertiser):
    campaign = cx.create(adv)
    other = create_advertiser()["advertiser_id"]
    body = {"campaign_id": new_uuid(), "advertiser_id": other, "ad_title": "moved?"}
    result = cx.updated(adv, campaign["campaign_id"], body)
    assert project(result) == merged(campaign, ad_title="moved?")
    assert cx.listed(other) == ([], 0)


def test_ad_image_is_not_set_through_put(cx, adv):
    """ad_image is not in the create schema (it has its own endpoint, §7): ignored here."""
    campaign = cx.create(adv)
    result = cx.updated(adv, campaign["campaign_id"], {"ad_image": "http://example.com/x.png"})
    assert result["ad_image"] is None


def test_upper_case_ids_in_path_are_accepted(cx, adv, expect_json):
    campaign = cx.create(adv)
    resp = cx.put(adv.upper(), campaign["campaign_id"].upper(), {"ad_title": "loud"})
    result = expect_json(resp, 200)
    assert project(result) == merged(campaign, ad_title="loud")


@pytest.mark.parametrize("field", LOCKED_FIELDS)
def test_before_start_limits_and_dates_may_change(cx, adv, field):
    campaign = cx.create(adv)  # starts in two days
    assert campaign["start_date"] > cx.today()
    value = dict(ONE_FIELD)[field](campaign)
    result = cx.updated(adv, campaign["campaign_id"], {field: value})
    assert result[field] == value


def test_before_start_start_date_may_move_to_today(cx, adv):
    campaign = cx.create(adv)
    today = cx.today()
    result = cx.updated(adv, campaign["campaign_id"], {"start_date": today})
    assert result["start_date"] == today


def test_before_start_all_locked_fields_at_once(cx, adv):
    campaign = cx.create(adv)
    start = campaign["start_date"] + 2
    body = {"impressions_limit": 7, "clicks_limit": 7, "start_date": start, "end_date": start}
    result = cx.updated(adv, campaign["campaign_id"], body)
    assert project(result) == merged(campaign, **body)


# --- validation: nothing saved ---------------------------------------------------------------


@pytest.mark.parametrize("field, value", bad_value_params())
def test_bad_value_is_400_naming_the_field_and_saves_nothing(cx, adv, assert_error, field, value):
    campaign = cx.create(adv, targeting=FULL_TARGETING)
    assert_error(cx.put(adv, campaign["campaign_id"], {field: value}), 400, field)
    cx.assert_unchanged(campaign)


@pytest.mark.parametrize("targeting, word", bad_targeting_params())
def test_bad_targeting_is_400_and_saves_nothing(cx, adv, assert_error, targeting, word):
    campaign = cx.create(adv, targeting=FULL_TARGETING)
    assert_error(cx.put(adv, campaign["campaign_id"], {"targeting": targeting}), 400, word)
    cx.assert_unchanged(campaign)


def test_one_bad_field_rejects_the_good_ones(cx, adv, assert_error):
    campaign = cx.create(adv)
    body = {"ad_title": "would change", "cost_per_click": 7, "clicks_limit": "5"}
    assert_error(cx.put(adv, campaign["campaign_id"], body), 400, "clicks_limit")
    cx.assert_unchanged(campaign)


@pytest.mark.parametrize("how", MALFORMATIONS)
def test_malformed_json_is_400(api, cx, adv, assert_error, how):
    campaign = cx.create(adv)
    text = malform(json.dumps({"ad_title": "new", "clicks_limit": 5}), how)
    resp = api.put(cx.path(adv, campaign["campaign_id"]), data=text.encode(), headers={"Content-Type": "application/json"})
    assert_error(resp, 400)
    cx.assert_unchanged(campaign)


@pytest.mark.parametrize(
    "body",
    [[], [{"ad_title": "x"}], "campaign", 5, None, True],
    ids=["empty-array", "array", "string", "number", "null", "bool"],
)
def test_body_not_an_object_is_400(api, cx, adv, assert_error, body):
    campaign = cx.create(adv)
    resp = api.put(cx.path(adv, campaign["campaign_id"]), data=json.dumps(body), headers={"Content-Type": "application/json"})
    assert_error(resp, 400)
    cx.assert_unchanged(campaign)


# Create rules re-checked on the merged result: (id, change, field the detail may name).
BROKEN_MERGES = [
    ("clicks-above-stored-impressions", lambda c: {"clicks_limit": c["impressions_limit"] + 1}, "clicks_limit"),
    ("impressions-below-stored-clicks", lambda c: {"impressions_limit": c["clicks_limit"] - 1}, "limit"),
    ("end-before-stored-start", lambda c: {"end_date": c["start_date"] - 1}, "_date"),
    ("start-after-stored-end", lambda c: {"start_date": c["end_date"] + 1}, "_date"),
    ("both-limits-broken", lambda c: {"impressions_limit": 5, "clicks_limit": 6}, "clicks_limit"),
    ("ages-crossed", lambda c: {"targeting": {"age_from": 50, "age_to": 20}}, "age"),
]


@pytest.mark.parametrize("change, word", [b[1:] for b in BROKEN_MERGES], ids=[b[0] for b in BROKEN_MERGES])
def test_merged_result_is_revalidated(cx, adv, assert_error, change, word):
    campaign = cx.create(adv, targeting=FULL_TARGETING)
    assert_error(cx.put(adv, campaign["campaign_id"], change(campaign)), 400, word)
    cx.assert_unchanged(campaign)


def test_start_date_moved_before_today_is_400(cx, adv, assert_error):
    today = cx.ensure_past_exists()
    campaign = cx.create(adv)  # not started
    assert_error(cx.put(adv, campaign["campaign_id"], {"start_date": today - 1}), 400, "start_date")
    cx.assert_unchanged(campaign)


# --- started campaigns (start_date <= current_date) ------------------------------------------

# (field, a different value computed from the stored campaign)
LOCKED_CHANGES = [
    ("impressions_limit", lambda c: c["impressions_limit"] + 1),
    ("impressions_limit-down", lambda c: c["impressions_limit"] - 1),
    ("clicks_limit", lambda c: c["clicks_limit"] + 1),
    ("clicks_limit-to-zero", lambda c: 0),
    ("start_date", lambda c: c["start_date"] + 1),
    ("end_date", lambda c: c["end_date"] + 1),
    ("end_date-shorter", lambda c: c["end_date"] - 1),
]


@pytest.mark.parametrize("case, new", LOCKED_CHANGES, ids=[c for c, _ in LOCKED_CHANGES])
def test_started_campaign_limits_and_dates_are_403(cx, adv, assert_error, case, new):
    campaign = cx.create_started(adv)
    field = case.split("-")[0]
    assert_error(cx.put(adv, campaign["campaign_id"], {field: new(campaign)}), 403)
    cx.assert_unchanged(campaign)


def test_started_campaign_403_saves_nothing_of_the_valid_fields(cx, adv, assert_error):
    campaign = cx.create_started(adv)
    body = {"ad_title": "would change", "cost_per_click": 7, "impressions_limit": campaign["impressions_limit"] + 10}
    assert_error(cx.put(adv, campaign["campaign_id"], body), 403)
    cx.assert_unchanged(campaign)


def test_started_campaign_accepts_the_same_limits_and_dates(cx, adv):
    campaign = cx.create_started(adv)
    body = {field: campaign[field] for field in LOCKED_FIELDS}
    assert project(cx.updated(adv, campaign["campaign_id"], body)) == project(campaign)


def test_started_campaign_accepts_its_full_object_with_changed_texts(cx, adv):
    campaign = cx.create_started(adv, targeting=FULL_TARGETING)
    body = dict(campaign, ad_text="fresh copy", cost_per_impression=0.5)
    result = cx.updated(adv, campaign["campaign_id"], body)
    assert project(result) == merged(campaign, ad_text="fresh copy", cost_per_impression=0.5)


FREE_CHANGES = [
    ("cost_per_impression", {"cost_per_impression": 4.25}),
    ("cost_per_click", {"cost_per_click": 0}),
    ("both-costs", {"cost_per_impression": 0.1, "cost_per_click": 0.2}),
    ("ad_title", {"ad_title": "Started but renamed"}),
    ("ad_text", {"ad_text": "Started but rewritten"}),
    ("targeting", {"targeting": {"gender": "MALE", "age_from": 20}}),
    ("targeting-null", {"targeting": None}),
    ("empty-body", {}),
]


@pytest.mark.parametrize("change", [c for _, c in FREE_CHANGES], ids=[n for n, _ in FREE_CHANGES])
def test_started_campaign_costs_texts_targeting_may_change(cx, adv, change):
    campaign = cx.create_started(adv, targeting=FULL_TARGETING)
    result = cx.updated(adv, campaign["campaign_id"], change)
    expected = dict(change)
    if "targeting" in expected:
        expected["targeting"] = dict(NO_TARGETING, **(expected["targeting"] or {}))
    assert project(result) == merged(campaign, **expected)


def test_started_campaign_with_type_error_is_400_not_403(cx, adv, assert_error):
    """Type validation (400) comes before state rules (403)."""
    campaign = cx.create_started(adv)
    body = {"impressions_limit": campaign["impressions_limit"] + 1, "ad_title": 5}
    assert_error(cx.put(adv, campaign["campaign_id"], body), 400, "ad_title")
    cx.assert_unchanged(campaign)


def test_started_campaign_with_wrong_typed_locked_field_is_400(cx, adv, assert_error):
    campaign = cx.create_started(adv)
    assert_error(cx.put(adv, campaign["campaign_id"], {"end_date": "tomorrow"}), 400, "end_date")
    cx.assert_unchanged(campaign)


def test_started_campaign_broken_rule_on_locked_field_is_403_not_400(cx, adv, assert_error):
    """State rules (403) come before semantic rules (400)."""
    campaign = cx.create_started(adv)
    body = {"clicks_limit": campaign["impressions_limit"] + 1}
    assert_error(cx.put(adv, campaign["campaign_id"], body), 403)
    cx.assert_unchanged(campaign)


def test_started_campaign_start_date_moved_into_the_past_is_403(cx, adv, assert_error):
    cx.ensure_past_exists()
    campaign = cx.create_started(adv)
    assert_error(cx.put(adv, campaign["campaign_id"], {"start_date": campaign["start_date"] - 1}), 403)
    cx.assert_unchanged(campaign)


def test_campaign_starts_on_its_start_day(cx, adv, assert_error):
    """The boundary: start_date == current_date has started. Moves the clock by one day.

    Also checks a finished campaign (end_date < current_date): locked too, and resending its
    start_date, now in the past, is fine because start_date does not change.
    """
    today = cx.today()
    upcoming = cx.create(adv, start=today + 1, length=2, targeting=FULL_TARGETING)
    ending = cx.create(adv, start=today, length=0)

    # Not started yet: limits and dates may change (and change back).
    changed = cx.updated(adv, upcoming["campaign_id"], {"impressions_limit": upcoming["impressions_limit"] + 1})
    upcoming = cx.updated(adv, upcoming["campaign_id"], {"impressions_limit": changed["impressions_limit"] - 1})

    now = cx.advance_to(today + 1)
    assert now >= upcoming["start_date"]

    for field in LOCKED_FIELDS:
        resp = cx.put(adv, upcoming["campaign_id"], {field: upcoming[field] + 1})
        assert_error(resp, 403)
        cx.assert_unchanged(upcoming)
    assert project(cx.updated(adv, upcoming["campaign_id"], upcoming)) == project(upcoming)
    result = cx.updated(adv, upcoming["campaign_id"], {"cost_per_click": 2.5, "ad_title": "Day one"})
    assert project(result) == merged(upcoming, cost_per_click=2.5, ad_title="Day one")

    # Finished (end_date < current_date): still locked, still editable otherwise.
    assert ending["end_date"] < now
    assert_error(cx.put(adv, ending["campaign_id"], {"end_date": now + 5}), 403)
    cx.assert_unchanged(ending)
    assert project(cx.updated(adv, ending["campaign_id"], ending)) == project(ending)
    result = cx.updated(adv, ending["campaign_id"], {"ad_text": "It is over"})
    assert project(result) == merged(ending, ad_text="It is over")


# --- existence -------------------------------------------------------------------------------


def test_campaign_of_another_advertiser_is_404(cx, adv, create_advertiser, assert_error):
    campaign = cx.create(adv)
    other = create_advertiser()["advertiser_id"]
    assert_error(cx.put(other, campaign["campaign_id"], {"ad_title": "hijacked"}), 404)
    cx.assert_unchanged(campaign)


def test_started_campaign_of_another_advertiser_is_404_not_403(cx, adv, create_advertiser, assert_error):
    """Existence (404) comes before state rules (403)."""
    campaign = cx.create_started(adv)
    other = create_advertiser()["advertiser_id"]
    body = {"impressions_limit": campaign["impressions_limit"] + 1}
    assert_error(cx.put(other, campaign["campaign_id"], body), 404)
    cx.assert_unchanged(campaign)


def test_unknown_campaign_is_404(cx, adv, new_uuid, assert_error):
    assert_error(cx.put(adv, new_uuid(), {"ad_title": "x"}), 404)


def test_unknown_campaign_with_empty_body_is_404(cx, adv, new_uuid, assert_error):
    assert_error(cx.put(adv, new_uuid(), {}), 404)


def test_unknown_advertiser_is_404(cx, adv, new_uuid, assert_error):
    campaign = cx.create(adv)
    assert_error(cx.put(new_uuid(), campaign["campaign_id"], {"ad_title": "x"}), 404)
    cx.assert_unchanged(campaign)


def test_deleted_campaign_is_404(cx, adv, assert_error):
    campaign = cx.create(adv)
    assert cx.delete(adv, campaign["campaign_id"]).status_code == 204
    assert_error(cx.put(adv, campaign["campaign_id"], {"ad_title": "revived?"}), 404)
    assert_error(cx.get(adv, campaign["campaign_id"]), 404)


def test_unknown_campaign_with_type_error_is_400(cx, adv, new_uuid, assert_error):
    assert_error(cx.put(adv, new_uuid(), {"clicks_limit": "many"}), 400, "clicks_limit")


def test_unknown_campaign_with_broken_rule_is_404(cx, adv, new_uuid, assert_error):
    assert_error(cx.put(adv, new_uuid(), {"impressions_limit": 1, "clicks_limit": 2}), 404)


@pytest.mark.parametrize("bad_id", [v for _, v in BAD_UUIDS], ids=[k for k, _ in BAD_UUIDS])
def test_malformed_campaign_id_is_400(cx, adv, assert_error, bad_id):
    assert_error(cx.put(adv, bad_id, {"ad_title": "x"}), 400)


@pytest.mark.parametrize("bad_id", [v for _, v in BAD_UUIDS], ids=[k for k, _ in BAD_UUIDS])
def test_malformed_advertiser_id_is_400(cx, adv, assert_error, bad_id):
    campaign = cx.create(adv)
    assert_error(cx.put(bad_id, campaign["campaign_id"], {"ad_title": "x"}), 400)
    cx.assert_unchanged(campaign)
