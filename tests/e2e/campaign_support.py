"""Helpers shared by the campaign e2e modules (API.md §3); not a test module itself.

Time is shared by every test and only moves forward, so nothing here assumes a day: every
helper reads GET /time and works relative to it, and advance_to() never moves backwards.
"""
import json
import re
from decimal import Decimal

import pytest

CAMPAIGN_FIELDS = [
    "campaign_id",
    "advertiser_id",
    "impressions_limit",
    "clicks_limit",
    "cost_per_impression",
    "cost_per_click",
    "ad_title",
    "ad_text",
    "ad_image",
    "start_date",
    "end_date",
    "targeting",
]
TARGETING_KEYS = ["gender", "age_from", "age_to", "location"]
NO_TARGETING = {key: None for key in TARGETING_KEYS}

# The eight scalars a create body requires, in the schema's order.
REQUIRED = [
    "impressions_limit",
    "clicks_limit",
    "cost_per_impression",
    "cost_per_click",
    "ad_title",
    "ad_text",
    "start_date",
    "end_date",
]
INT_FIELDS = ["impressions_limit", "clicks_limit", "start_date", "end_date"]
MONEY_FIELDS = ["cost_per_impression", "cost_per_click"]
TEXT_FIELDS = ["ad_title", "ad_text"]
# The fields that freeze once a campaign has started.
LOCKED_FIELDS = ["impressions_limit", "clicks_limit", "start_date", "end_date"]

LOWER_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# What a money amount may look like on the wire: plain decimal, at most six decimals.
MONEY_TOKEN = re.compile(r"\d+(\.\d{1,6})?")

NOT_A_NUMBER = [
    ("string", "1.5"),
    ("true", True),
    ("false", False),
    ("null", None),
    ("array", [1.5]),
    ("object", {"value": 1.5}),
]
# For ints: a non-integral float is a wrong type too (an integral one like 25.0 may pass).
NOT_AN_INT = [
    ("string", "10"),
    ("float", 1.5),
    ("true", True),
    ("false", False),
    ("null", None),
    ("array", [10]),
    ("object", {"value": 10}),
]
NOT_A_TEXT = [
    ("int", 123),
    ("float", 1.5),
    ("true", True),
    ("null", None),
    ("array", ["x"]),
    ("object", {"x": "y"}),
    ("empty", ""),
]


def bad_values():
    """[(field, case_id, value)]: a wrong value for each of the eight required scalars."""
    cases = []
    for field in INT_FIELDS:
        cases += [(field, case_id, value) for case_id, value in NOT_AN_INT + [("negative", -1)]]
    for field in MONEY_FIELDS:
        cases += [(field, case_id, value) for case_id, value in NOT_A_NUMBER]
        cases += [(field, "negative", -1), (field, "negative-fraction", -0.5)]
    for field in TEXT_FIELDS:
        cases += [(field, case_id, value) for case_id, value in NOT_A_TEXT]
    return cases


def bad_value_params():
    return [pytest.param(f, v, id=f"{f}-{c}") for f, c, v in bad_values()]


# Wrong targeting values: (case_id, targeting value, word the detail must contain).
BAD_TARGETING = [
    ("not-object-string", "x", "targeting"),
    ("not-object-int", 5, "targeting"),
    ("not-object-array", [], "targeting"),
    ("not-object-array-of-object", [{"gender": "MALE"}], "targeting"),
    ("not-object-bool", True, "targeting"),
    ("gender-lower-case", {"gender": "male"}, "gender"),
    ("gender-mixed-case", {"gender": "Female"}, "gender"),
    ("gender-all-lower-case", {"gender": "all"}, "gender"),
    ("gender-unknown", {"gender": "OTHER"}, "gender"),
    ("gender-empty", {"gender": ""}, "gender"),
    ("gender-int", {"gender": 1}, "gender"),
    ("gender-array", {"gender": ["MALE"]}, "gender"),
    ("age_from-negative", {"age_from": -1}, "age_from"),
    ("age_from-101", {"age_from": 101}, "age_from"),
    ("age_from-string", {"age_from": "20"}, "age_from"),
    ("age_from-float", {"age_from": 20.5}, "age_from"),
    ("age_from-bool", {"age_from": True}, "age_from"),
    ("age_to-negative", {"age_to": -1}, "age_to"),
    ("age_to-101", {"age_to": 101}, "age_to"),
    ("age_to-string", {"age_to": "30"}, "age_to"),
    ("age_to-float", {"age_to": 30.5}, "age_to"),
    ("age_from-above-age_to", {"age_from": 40, "age_to": 30}, "age"),
    ("location-empty", {"location": ""}, "location"),
    ("location-int", {"location": 5}, "location"),
    ("location-array", {"location": ["Moscow"]}, "location"),
    ("location-object", {"location": {"city": "Moscow"}}, "location"),
]


def bad_targeting_params():
    return [pytest.param(value, word, id=case_id) for case_id, value, word in BAD_TARGETING]


def project(campaign):
    """The contract's fields of a campaign (a server may add more keys)."""
    return {field: campaign[field] for field in CAMPAIGN_FIELDS}


def expected_campaign(body, advertiser_id, campaign_id):
    """What the server must return for a valid create body."""
    targeting = dict(NO_TARGETING)
    targeting.update(body.get("targeting") or {})
    expected = {field: body[field] for field in REQUIRED}
    expected.update(
        campaign_id=campaign_id,
        advertiser_id=advertiser_id,
        ad_image=None,
        targeting=targeting,
    )
    return expected


def number_tokens(resp):
    """The response body with every JSON number kept as its literal text (a str)."""
    return json.loads(resp.text, parse_float=str, parse_int=str)


def assert_money(token, expected):
    """A money token as emitted: plain decimal, <= 6 decimals, exactly `expected`."""
    assert MONEY_TOKEN.fullmatch(token), f"money emitted as {token!r}"
    assert Decimal(token) == Decimal(expected), f"money {token!r}, expected {expected}"


class Campaigns:
    """Campaign endpoints and the clock, checked with the conftest helpers."""

    def __init__(self, api, expect_json, assert_error):
        self.api = api
        self.expect_json = expect_json
        self.assert_error = assert_error

    # --- time -----------------------------------------------------------------

    def today(self):
        return self.expect_json(self.api.get("/time"), 200)["current_date"]

    def advance_to(self, day):
        """Moves the clock to `day` unless it is already there or beyond; returns today."""
        now = self.today()
        if now < day:
            resp = self.api.post("/time/advance", json={"current_date": day})
            if resp.status_code != 200:  # someone else moved it past `day` meanwhile
                now = self.today()
                assert now >= day, f"could not advance to {day}: {resp.status_code} {resp.text!r}"
                return now
            return self.today()
        return now

    def ensure_past_exists(self):
        """Makes sure day 0 is behind us (so today - 1 is a valid day number); returns today."""
        return self.advance_to(1)

    # --- paths ----------------------------------------------------------------

    @staticmethod
    def path(advertiser_id, campaign_id=None):
        base = f"/advertisers/{advertiser_id}/campaigns"
        return base if campaign_id is None else f"{base}/{campaign_id}"

    # --- bodies and calls -----------------------------------------------------

    def body(self, start=None, length=10, **overrides):
        """A valid create body starting `start` (default: two days from today)."""
        if start is None:
            start = self.today() + 2
        body = {
            "impressions_limit": 1000,
            "clicks_limit": 100,
            "cost_per_impression": 1.5,
            "cost_per_click": 0.25,
            "ad_title": "Summer sale",
            "ad_text": "Everything half price this week",
            "start_date": start,
            "end_date": start + length,
        }
        body.update(overrides)
        return body

    def post(self, advertiser_id, body):
        return self.api.post(self.path(advertiser_id), json=body)

    def create(self, advertiser_id, **overrides):
        """Creates a campaign (default: starting in two days); returns the stored campaign."""
        body = self.body(**overrides)
        return self.expect_json(self.post(advertiser_id, body), 201)

    def create_started(self, advertiser_id, **overrides):
        """A campaign whose start_date is today, i.e. started (start_date <= current_date)."""
        for _ in range(3):  # another test may move the clock between GET /time and the POST
            today = self.today()
            resp = self.post(advertiser_id, self.body(start=today, **overrides))
            if resp.status_code == 201:
                return self.expect_json(resp, 201)
        return self.expect_json(resp, 201)

    def get(self, advertiser_id, campaign_id):
        return self.api.get(self.path(advertiser_id, campaign_id))

    def stored(self, advertiser_id, campaign_id):
        return self.expect_json(self.get(advertiser_id, campaign_id), 200)

    def put(self, advertiser_id, campaign_id, body):
        return self.api.put(self.path(advertiser_id, campaign_id), json=body)

    def updated(self, advertiser_id, campaign_id, body):
        """PUT that must succeed; checks GET agrees with the response; returns it."""
        result = self.expect_json(self.put(advertiser_id, campaign_id, body), 200)
        assert project(self.stored(advertiser_id, campaign_id)) == project(result)
        return result

    def delete(self, advertiser_id, campaign_id):
        return self.api.delete(self.path(advertiser_id, campaign_id))

    def list(self, advertiser_id, **params):
        return self.api.get(self.path(advertiser_id), params=params)

    def listed(self, advertiser_id, **params):
        """(campaigns, X-Total-Count as int) of a list call that must succeed."""
        resp = self.list(advertiser_id, **params)
        body = self.expect_json(resp, 200)
        assert isinstance(body, list), f"list is not a JSON array: {resp.text[:300]!r}"
        total = resp.headers.get("X-Total-Count")
        assert total is not None and total.strip().isdigit(), f"X-Total-Count: {total!r}"
        return body, int(total)

    def assert_unchanged(self, campaign):
        """GET returns exactly `campaign` (a failed request changed nothing)."""
        now = self.stored(campaign["advertiser_id"], campaign["campaign_id"])
        assert project(now) == project(campaign)


def assert_campaign_shape(campaign):
    """All keys present with the right JSON types (API.md §3)."""
    assert isinstance(campaign, dict), campaign
    missing = [field for field in CAMPAIGN_FIELDS if field not in campaign]
    assert not missing, f"missing keys {missing}: {campaign}"
    assert isinstance(campaign["campaign_id"], str) and LOWER_UUID.fullmatch(campaign["campaign_id"])
    assert isinstance(campaign["advertiser_id"], str) and LOWER_UUID.fullmatch(campaign["advertiser_id"])
    for field in INT_FIELDS:
        value = campaign[field]
        assert isinstance(value, int) and not isinstance(value, bool), f"{field}: {value!r}"
    for field in MONEY_FIELDS:
        value = campaign[field]
        assert isinstance(value, (int, float)) and not isinstance(value, bool), f"{field}: {value!r}"
    for field in TEXT_FIELDS:
        assert isinstance(campaign[field], str) and campaign[field], f"{field}: {campaign[field]!r}"
    assert campaign["ad_image"] is None or isinstance(campaign["ad_image"], str)
    targeting = campaign["targeting"]
    assert isinstance(targeting, dict), f"targeting: {targeting!r}"
    missing = [key for key in TARGETING_KEYS if key not in targeting]
    assert not missing, f"targeting misses keys {missing}: {targeting}"
    assert targeting["gender"] in (None, "MALE", "FEMALE", "ALL")
    for key in ("age_from", "age_to"):
        assert targeting[key] is None or (isinstance(targeting[key], int) and 0 <= targeting[key] <= 100)
    assert targeting["location"] is None or isinstance(targeting["location"], str)
