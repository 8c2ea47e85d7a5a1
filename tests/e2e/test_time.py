"""Platform time: GET /time and POST /time/advance (API.md §6).

Time is shared by every test and only moves forward, so each test reads the
current day first and moves relative to it, by one day at most.
"""
import json

import pytest

from e2e_cases import MALFORMATIONS, NOT_AN_INT, malform


@pytest.fixture
def today(api, expect_json):
    """today() -> the platform's current day, read from GET /time."""

    def read():
        body = expect_json(api.get("/time"), 200)
        return body["current_date"]

    return read


def test_get_time_returns_the_current_day(api, expect_json):
    body = expect_json(api.get("/time"), 200)
    assert set(body) == {"current_date"}
    day = body["current_date"]
    assert isinstance(day, int) and not isinstance(day, bool) and day >= 0


def test_advance_to_the_same_day_is_200(api, today, expect_json):
    day = today()
    assert expect_json(api.post("/time/advance", json={"current_date": day}), 200) == {"current_date": day}
    assert today() == day


def test_advance_forward_is_200_and_visible(api, today, expect_json):
    day = today() + 1
    assert expect_json(api.post("/time/advance", json={"current_date": day}), 200) == {"current_date": day}
    assert today() == day


def test_advance_backwards_is_400_and_keeps_the_day(api, today, expect_json, assert_error):
    day = today() + 1  # make sure there is a day behind us
    expect_json(api.post("/time/advance", json={"current_date": day}), 200)

    assert_error(api.post("/time/advance", json={"current_date": day - 1}), 400, "current_date")
    assert today() == day


# Values relative to the current day, so a server that wrongly accepted one would
# still not push the shared clock far ahead.
BAD_DAYS = [(name, lambda day, v=value: v) for name, value in NOT_AN_INT if name != "string"] + [
    ("string", lambda day: str(day + 1)),
    ("fraction", lambda day: day + 0.5),
    ("negative", lambda day: -1),
]


@pytest.mark.parametrize("make_value", [f for _, f in BAD_DAYS], ids=[n for n, _ in BAD_DAYS])
def test_bad_current_date_is_400_and_keeps_the_day(api, today, assert_error, make_value):
    day = today()
    assert_error(api.post("/time/advance", json={"current_date": make_value(day)}), 400, "current_date")
    assert today() == day


def test_missing_current_date_is_400(api, today, assert_error):
    assert_error(api.post("/time/advance", json={"date": today() + 1}), 400, "current_date")


@pytest.mark.parametrize("how", MALFORMATIONS)
def test_malformed_json_is_400(api, today, assert_error, how):
    text = malform(json.dumps({"current_date": today()}), how)
    assert_error(api.post_raw("/time/advance", text), 400)


NOT_AN_OBJECT = {
    "array-of-one": lambda day: [{"current_date": day}],
    "bare-number": lambda day: day,
    "string": lambda day: str(day),
    "null": lambda day: None,
}


@pytest.mark.parametrize("kind", NOT_AN_OBJECT)
def test_body_not_an_object_is_400(api, today, assert_error, kind):
    assert_error(api.post("/time/advance", json=NOT_AN_OBJECT[kind](today())), 400)
