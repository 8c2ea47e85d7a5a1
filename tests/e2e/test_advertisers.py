"""Advertisers: POST /advertisers/bulk and GET /advertisers/{advertiser_id} (API.md §0, §2)."""
import json

import pytest

from e2e_cases import BAD_UUIDS, BAD_UUIDS_BODY_ONLY, MALFORMATIONS, NOT_A_STRING, malform, params

FIELDS = ["advertiser_id", "name"]


def by_id(advertisers):
    return {a["advertiser_id"]: a for a in advertisers}


# --- happy paths -------------------------------------------------------------


def test_bulk_returns_201_and_the_stored_advertisers(api, make_advertiser, expect_json):
    advertisers = [make_advertiser() for _ in range(3)]
    body = expect_json(api.post("/advertisers/bulk", json=advertisers), 201)
    assert isinstance(body, list)
    assert len(body) == len(advertisers)
    assert by_id(body) == by_id(advertisers)


def test_get_returns_the_advertiser(api, create_advertiser, expect_json):
    advertiser = create_advertiser()
    assert expect_json(api.get(f"/advertisers/{advertiser['advertiser_id']}"), 200) == advertiser


def test_bulk_of_empty_array_returns_empty_array(api, expect_json):
    assert expect_json(api.post("/advertisers/bulk", json=[]), 201) == []


def test_upsert_overwrites_the_name(api, make_advertiser, create_advertiser, expect_json):
    old = create_advertiser()
    new = make_advertiser(advertiser_id=old["advertiser_id"])
    assert new["name"] != old["name"]

    assert expect_json(api.post("/advertisers/bulk", json=[new]), 201) == [new]
    assert expect_json(api.get(f"/advertisers/{old['advertiser_id']}"), 200) == new


def test_duplicate_ids_in_one_bulk_last_occurrence_wins(api, make_advertiser, expect_json):
    first = make_advertiser()
    other = make_advertiser()
    last = make_advertiser(advertiser_id=first["advertiser_id"])

    body = expect_json(api.post("/advertisers/bulk", json=[first, other, last]), 201)
    assert sorted(a["advertiser_id"] for a in body) == sorted([first["advertiser_id"], other["advertiser_id"]])
    assert by_id(body)[first["advertiser_id"]] == last
    assert expect_json(api.get(f"/advertisers/{first['advertiser_id']}"), 200) == last


def test_upper_case_uuid_is_accepted_and_returned_lower_case(api, make_advertiser, expect_json):
    advertiser = make_advertiser()
    shouted = dict(advertiser, advertiser_id=advertiser["advertiser_id"].upper())
    assert expect_json(api.post("/advertisers/bulk", json=[shouted]), 201) == [advertiser]
    assert expect_json(api.get(f"/advertisers/{advertiser['advertiser_id'].upper()}"), 200) == advertiser


def test_unknown_fields_are_ignored(api, make_advertiser, expect_json):
    advertiser = make_advertiser()
    noisy = dict(advertiser, campaigns=[], budget=10.5)
    assert expect_json(api.post("/advertisers/bulk", json=[noisy]), 201) == [advertiser]


@pytest.mark.parametrize("ascii_escapes", [False, True], ids=["raw-utf8", "u-escapes"])
def test_unicode_name_round_trips(api, make_advertiser, expect_json, ascii_escapes):
    advertiser = make_advertiser(name='Café "Ünïcode" \\ 広告 🚀')
    text = json.dumps([advertiser], ensure_ascii=ascii_escapes)
    assert expect_json(api.post_raw("/advertisers/bulk", text), 201) == [advertiser]
    assert expect_json(api.get(f"/advertisers/{advertiser['advertiser_id']}"), 200) == advertiser


# --- GET errors ----------------------------------------------------------------


def test_get_unknown_advertiser_is_404(api, new_uuid, assert_error):
    assert_error(api.get(f"/advertisers/{new_uuid()}"), 404)


@pytest.mark.parametrize("bad_id", [v for _, v in BAD_UUIDS], ids=[k for k, _ in BAD_UUIDS])
def test_get_with_malformed_id_is_400(api, assert_error, bad_id):
    assert_error(api.get(f"/advertisers/{bad_id}"), 400)


# --- validation: every bad input is 400 naming the field -----------------------

BAD_VALUES = params("advertiser_id", BAD_UUIDS + BAD_UUIDS_BODY_ONLY + NOT_A_STRING) + params(
    "name", NOT_A_STRING + [("empty", "")]
)


@pytest.mark.parametrize("field", FIELDS)
def test_missing_field_is_400_naming_it(api, make_advertiser, assert_error, field):
    advertiser = make_advertiser()
    del advertiser[field]
    assert_error(api.post("/advertisers/bulk", json=[advertiser]), 400, field)


@pytest.mark.parametrize("field, value", BAD_VALUES)
def test_bad_value_is_400_naming_the_field(api, make_advertiser, assert_error, field, value):
    advertiser = make_advertiser(**{field: value})
    assert_error(api.post("/advertisers/bulk", json=[advertiser]), 400, field)


@pytest.mark.parametrize("how", MALFORMATIONS)
def test_malformed_json_is_400(api, make_advertiser, assert_error, how):
    text = malform(json.dumps([make_advertiser()]), how)
    assert_error(api.post_raw("/advertisers/bulk", text), 400)


NOT_AN_ARRAY = {
    "object": lambda a: {},
    "bare-advertiser": lambda a: a,
    "string": lambda a: "advertisers",
    "number": lambda a: 1,
    "null": lambda a: None,
}


@pytest.mark.parametrize("kind", NOT_AN_ARRAY)
def test_body_not_an_array_is_400(api, make_advertiser, assert_error, kind):
    assert_error(api.post("/advertisers/bulk", json=NOT_AN_ARRAY[kind](make_advertiser())), 400)


@pytest.mark.parametrize("item", [1, "advertiser", None, True, []], ids=["number", "string", "null", "bool", "array"])
def test_item_not_an_object_is_400(api, make_advertiser, assert_error, item):
    assert_error(api.post("/advertisers/bulk", json=[make_advertiser(), item]), 400)


# --- atomicity: a failing request writes nothing --------------------------------

BAD_ITEMS = {
    "missing-name": lambda a: {"advertiser_id": a["advertiser_id"]},
    "empty-name": lambda a: dict(a, name=""),
    "malformed-uuid": lambda a: dict(a, advertiser_id=a["advertiser_id"].replace("-", "")),
    "not-an-object": lambda a: "advertiser",
}
POSITIONS = {"first": 0, "middle": 2, "last": 4}


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("bad", BAD_ITEMS)
def test_one_bad_item_rejects_the_whole_bulk(api, make_advertiser, assert_error, bad, position):
    good = [make_advertiser() for _ in range(4)]
    items = list(good)
    items.insert(POSITIONS[position], BAD_ITEMS[bad](make_advertiser()))

    assert_error(api.post("/advertisers/bulk", json=items), 400)
    for advertiser in good:
        assert_error(api.get(f"/advertisers/{advertiser['advertiser_id']}"), 404)


def test_rejected_bulk_leaves_existing_advertisers_unchanged(
    api, make_advertiser, create_advertiser, assert_error, expect_json
):
    stored = create_advertiser()
    changed = make_advertiser(advertiser_id=stored["advertiser_id"])
    assert_error(api.post("/advertisers/bulk", json=[changed, make_advertiser(name="")]), 400, "name")
    assert expect_json(api.get(f"/advertisers/{stored['advertiser_id']}"), 200) == stored
