"""Clients: POST /clients/bulk and GET /clients/{client_id} (API.md §0, §1)."""
import json

import pytest

from e2e_cases import (
    BAD_UUIDS,
    BAD_UUIDS_BODY_ONLY,
    MALFORMATIONS,
    NOT_A_STRING,
    NOT_AN_INT,
    malform,
    params,
)

FIELDS = ["client_id", "login", "age", "location", "gender"]


def by_id(clients):
    return {c["client_id"]: c for c in clients}


# --- happy paths -------------------------------------------------------------


def test_bulk_returns_201_and_the_stored_clients(api, make_client, expect_json):
    clients = [make_client(gender="MALE"), make_client(gender="FEMALE"), make_client()]
    body = expect_json(api.post("/clients/bulk", json=clients), 201)
    assert isinstance(body, list)
    assert len(body) == len(clients)
    assert by_id(body) == by_id(clients)


def test_get_returns_the_client(api, create_client, expect_json):
    client = create_client()
    assert expect_json(api.get(f"/clients/{client['client_id']}"), 200) == client


def test_bulk_of_empty_array_returns_empty_array(api, expect_json):
    assert expect_json(api.post("/clients/bulk", json=[]), 201) == []


@pytest.mark.parametrize("age", [0, 100])
def test_age_bounds_are_inclusive(api, make_client, expect_json, age):
    client = make_client(age=age)
    assert expect_json(api.post("/clients/bulk", json=[client]), 201) == [client]


def test_upsert_overwrites_every_field(api, make_client, create_client, expect_json):
    old = create_client(age=20, gender="MALE")
    new = make_client(client_id=old["client_id"], age=21, gender="FEMALE")
    assert new["login"] != old["login"] and new["location"] != old["location"]

    assert expect_json(api.post("/clients/bulk", json=[new]), 201) == [new]
    assert expect_json(api.get(f"/clients/{old['client_id']}"), 200) == new


def test_duplicate_ids_in_one_bulk_last_occurrence_wins(api, make_client, expect_json):
    first = make_client(age=30, gender="MALE")
    other = make_client()
    last = make_client(client_id=first["client_id"], age=31, gender="FEMALE")

    body = expect_json(api.post("/clients/bulk", json=[first, other, last]), 201)
    assert sorted(c["client_id"] for c in body) == sorted([first["client_id"], other["client_id"]])
    assert by_id(body)[first["client_id"]] == last
    assert expect_json(api.get(f"/clients/{first['client_id']}"), 200) == last


def test_upper_case_uuid_is_accepted_and_returned_lower_case(api, make_client, expect_json):
    client = make_client()
    shouted = dict(client, client_id=client["client_id"].upper())
    assert expect_json(api.post("/clients/bulk", json=[shouted]), 201) == [client]
    assert expect_json(api.get(f"/clients/{client['client_id'].upper()}"), 200) == client


def test_unknown_fields_are_ignored(api, make_client, expect_json):
    client = make_client()
    noisy = dict(client, nickname="x", extra={"nested": [1, 2]}, score=None)
    assert expect_json(api.post("/clients/bulk", json=[noisy]), 201) == [client]


@pytest.mark.parametrize("ascii_escapes", [False, True], ids=["raw-utf8", "u-escapes"])
def test_unicode_strings_round_trip(api, make_client, expect_json, ascii_escapes):
    client = make_client(login='Zoë "quoted" \\ 日本 🦄', location="Zürich\ttab/ślash")
    text = json.dumps([client], ensure_ascii=ascii_escapes)
    assert expect_json(api.post_raw("/clients/bulk", text), 201) == [client]
    assert expect_json(api.get(f"/clients/{client['client_id']}"), 200) == client


# --- GET errors ----------------------------------------------------------------


def test_get_unknown_client_is_404(api, new_uuid, assert_error):
    assert_error(api.get(f"/clients/{new_uuid()}"), 404)


@pytest.mark.parametrize("bad_id", [v for _, v in BAD_UUIDS], ids=[k for k, _ in BAD_UUIDS])
def test_get_with_malformed_id_is_400(api, assert_error, bad_id):
    assert_error(api.get(f"/clients/{bad_id}"), 400)


# --- validation: every bad input is 400 naming the field -----------------------

BAD_VALUES = (
    params("client_id", BAD_UUIDS + BAD_UUIDS_BODY_ONLY + NOT_A_STRING)
    + params("login", NOT_A_STRING + [("empty", "")])
    + params("location", NOT_A_STRING + [("empty", "")])
    + params("age", NOT_AN_INT + [("negative", -1), ("above-100", 101)])
    + params(
        "gender",
        NOT_A_STRING
        + [("lower-case", "male"), ("capitalised", "Female"), ("OTHER", "OTHER"), ("ALL", "ALL"), ("empty", "")],
    )
)


@pytest.mark.parametrize("field", FIELDS)
def test_missing_field_is_400_naming_it(api, make_client, assert_error, field):
    client = make_client()
    del client[field]
    assert_error(api.post("/clients/bulk", json=[client]), 400, field)


@pytest.mark.parametrize("field, value", BAD_VALUES)
def test_bad_value_is_400_naming_the_field(api, make_client, assert_error, field, value):
    client = make_client(**{field: value})
    assert_error(api.post("/clients/bulk", json=[client]), 400, field)


@pytest.mark.parametrize("how", MALFORMATIONS)
def test_malformed_json_is_400(api, make_client, assert_error, how):
    text = malform(json.dumps([make_client()]), how)
    assert_error(api.post_raw("/clients/bulk", text), 400)


NOT_AN_ARRAY = {
    "object": lambda c: {},
    "bare-client": lambda c: c,
    "wrapped-in-object": lambda c: {"clients": [c]},
    "string": lambda c: "clients",
    "number": lambda c: 1,
    "bool": lambda c: True,
    "null": lambda c: None,
}


@pytest.mark.parametrize("kind", NOT_AN_ARRAY)
def test_body_not_an_array_is_400(api, make_client, assert_error, kind):
    assert_error(api.post("/clients/bulk", json=NOT_AN_ARRAY[kind](make_client())), 400)


@pytest.mark.parametrize("item", [1, "client", None, True, []], ids=["number", "string", "null", "bool", "array"])
def test_item_not_an_object_is_400(api, make_client, assert_error, item):
    assert_error(api.post("/clients/bulk", json=[make_client(), item]), 400)


# --- atomicity: a failing request writes nothing --------------------------------

BAD_ITEMS = {
    "missing-login": lambda c: {k: v for k, v in c.items() if k != "login"},
    "age-101": lambda c: dict(c, age=101),
    "lower-case-gender": lambda c: dict(c, gender="male"),
    "malformed-uuid": lambda c: dict(c, client_id=c["client_id"][:-1]),
    "not-an-object": lambda c: 42,
}
POSITIONS = {"first": 0, "middle": 2, "last": 4}


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("bad", BAD_ITEMS)
def test_one_bad_item_rejects_the_whole_bulk(api, make_client, assert_error, bad, position):
    good = [make_client() for _ in range(4)]
    items = list(good)
    items.insert(POSITIONS[position], BAD_ITEMS[bad](make_client()))

    assert_error(api.post("/clients/bulk", json=items), 400)
    for client in good:
        assert_error(api.get(f"/clients/{client['client_id']}"), 404)


def test_rejected_bulk_leaves_existing_clients_unchanged(
    api, make_client, create_client, assert_error, expect_json
):
    stored = create_client()
    changed = make_client(client_id=stored["client_id"])
    assert_error(api.post("/clients/bulk", json=[changed, make_client(age=-1)]), 400, "age")
    assert expect_json(api.get(f"/clients/{stored['client_id']}"), 200) == stored
