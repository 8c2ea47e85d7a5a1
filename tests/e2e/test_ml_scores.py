"""ML scores: POST /ml-scores (API.md §0, §2)."""
import json

import pytest

from e2e_cases import BAD_UUIDS, BAD_UUIDS_BODY_ONLY, MALFORMATIONS, NOT_A_STRING, NOT_AN_INT, malform, params

FIELDS = ["client_id", "advertiser_id", "score"]


@pytest.fixture
def score_for(create_client, create_advertiser):
    """score_for(score) -> a valid ml-score body for a freshly stored client and advertiser."""

    def make(score=7):
        return {
            "client_id": create_client()["client_id"],
            "advertiser_id": create_advertiser()["advertiser_id"],
            "score": score,
        }

    return make


# --- happy paths -------------------------------------------------------------


def test_post_returns_200_and_the_score(api, score_for, expect_json):
    body = score_for(42)
    assert expect_json(api.post("/ml-scores", json=body), 200) == body


@pytest.mark.parametrize("score", [0, 2**31, 10**12], ids=["zero", "above-int32", "1e12"])
def test_zero_and_large_scores_are_accepted(api, score_for, expect_json, score):
    body = score_for(score)
    assert expect_json(api.post("/ml-scores", json=body), 200) == body


def test_posting_again_replaces_the_score(api, score_for, expect_json):
    body = score_for(5)
    expect_json(api.post("/ml-scores", json=body), 200)
    replaced = dict(body, score=9)
    assert expect_json(api.post("/ml-scores", json=replaced), 200) == replaced


def test_upper_case_uuids_are_accepted_and_returned_lower_case(api, score_for, expect_json):
    body = score_for()
    shouted = dict(body, client_id=body["client_id"].upper(), advertiser_id=body["advertiser_id"].upper())
    assert expect_json(api.post("/ml-scores", json=shouted), 200) == body


def test_unknown_fields_are_ignored(api, score_for, expect_json):
    body = score_for()
    assert expect_json(api.post("/ml-scores", json=dict(body, comment="x", weight=[1])), 200) == body


# --- references to unknown entities -------------------------------------------


def test_unknown_client_is_404(api, score_for, new_uuid, assert_error):
    assert_error(api.post("/ml-scores", json=dict(score_for(), client_id=new_uuid())), 404)


def test_unknown_advertiser_is_404(api, score_for, new_uuid, assert_error):
    assert_error(api.post("/ml-scores", json=dict(score_for(), advertiser_id=new_uuid())), 404)


def test_unknown_client_and_advertiser_is_404(api, new_uuid, assert_error):
    body = {"client_id": new_uuid(), "advertiser_id": new_uuid(), "score": 1}
    assert_error(api.post("/ml-scores", json=body), 404)


def test_validation_comes_before_existence(api, new_uuid, assert_error):
    body = {"client_id": new_uuid(), "advertiser_id": new_uuid(), "score": -1}
    assert_error(api.post("/ml-scores", json=body), 400, "score")


# --- validation: every bad input is 400 naming the field -----------------------

BAD_VALUES = (
    params("client_id", BAD_UUIDS + BAD_UUIDS_BODY_ONLY + NOT_A_STRING)
    + params("advertiser_id", BAD_UUIDS + BAD_UUIDS_BODY_ONLY + NOT_A_STRING)
    + params("score", NOT_AN_INT + [("negative", -1)])
)


@pytest.mark.parametrize("field", FIELDS)
def test_missing_field_is_400_naming_it(api, score_for, assert_error, field):
    body = score_for()
    del body[field]
    assert_error(api.post("/ml-scores", json=body), 400, field)


@pytest.mark.parametrize("field, value", BAD_VALUES)
def test_bad_value_is_400_naming_the_field(api, score_for, assert_error, field, value):
    body = dict(score_for(), **{field: value})
    assert_error(api.post("/ml-scores", json=body), 400, field)


@pytest.mark.parametrize("how", MALFORMATIONS)
def test_malformed_json_is_400(api, score_for, assert_error, how):
    assert_error(api.post_raw("/ml-scores", malform(json.dumps(score_for()), how)), 400)


NOT_AN_OBJECT = {
    "array-of-one": lambda b: [b],
    "empty-array": lambda b: [],
    "string": lambda b: "score",
    "number": lambda b: 7,
    "null": lambda b: None,
}


@pytest.mark.parametrize("kind", NOT_AN_OBJECT)
def test_body_not_an_object_is_400(api, score_for, assert_error, kind):
    assert_error(api.post("/ml-scores", json=NOT_AN_OBJECT[kind](score_for())), 400)
