"""Campaigns: GET /advertisers/{advertiser_id}/campaigns (list, pagination) and
GET /advertisers/{advertiser_id}/campaigns/{campaign_id} (API.md §0, §3)."""
import pytest

from campaign_support import assert_campaign_shape, project
from e2e_cases import BAD_UUIDS


def create_many(cx, advertiser_id, n):
    """n campaigns created one after another; returned newest first (the list's order)."""
    created = [cx.create(advertiser_id, ad_title=f"campaign {i}") for i in range(n)]
    return created[::-1]


def ids(campaigns):
    return [c["campaign_id"] for c in campaigns]


# --- list: content and order --------------------------------------------------------


def test_list_of_new_advertiser_is_empty_with_total_0(cx, adv):
    assert cx.listed(adv) == ([], 0)


def test_list_returns_all_campaigns_newest_first_with_total(cx, adv):
    newest_first = create_many(cx, adv, 3)
    campaigns, total = cx.listed(adv)

    assert total == 3
    assert ids(campaigns) == ids(newest_first)
    for listed, created in zip(campaigns, newest_first):
        assert_campaign_shape(listed)
        assert project(listed) == project(created)


def test_list_response_is_a_plain_json_array(cx, adv, expect_json):
    cx.create(adv)
    resp = cx.list(adv)
    body = expect_json(resp, 200)
    assert isinstance(body, list) and len(body) == 1
    assert resp.headers.get("X-Total-Count") == "1"


def test_default_size_is_100_and_default_page_is_1(cx, adv):
    newest_first = create_many(cx, adv, 3)
    assert ids(cx.listed(adv)[0]) == ids(newest_first)
    assert ids(cx.listed(adv, page=1)[0]) == ids(newest_first)
    assert ids(cx.listed(adv, size=100)[0]) == ids(newest_first)
    # With the default size of 100, page 2 of 3 campaigns is past the end.
    assert cx.listed(adv, page=2) == ([], 3)


def test_size_0_is_an_empty_page_with_the_total(cx, adv):
    create_many(cx, adv, 3)
    assert cx.listed(adv, size=0) == ([], 3)
    assert cx.listed(adv, size=0, page=5) == ([], 3)


def test_page_past_the_end_is_empty_with_the_total(cx, adv):
    create_many(cx, adv, 3)
    assert cx.listed(adv, size=2, page=3) == ([], 3)
    assert cx.listed(adv, size=3, page=2) == ([], 3)
    assert cx.listed(adv, size=1, page=1000) == ([], 3)


def test_pagination_walks_every_campaign_once_in_order(cx, adv):
    newest_first = create_many(cx, adv, 5)
    pages = [cx.listed(adv, size=2, page=page) for page in (1, 2, 3, 4)]

    assert [len(campaigns) for campaigns, _ in pages] == [2, 2, 1, 0]
    assert {total for _, total in pages} == {5}
    walked = [c for campaigns, _ in pages for c in campaigns]
    assert ids(walked) == ids(newest_first)
    assert [project(c) for c in walked] == [project(c) for c in newest_first]


def test_size_equal_to_the_count_is_one_full_page(cx, adv):
    newest_first = create_many(cx, adv, 3)
    assert ids(cx.listed(adv, size=3)[0]) == ids(newest_first)
    assert cx.listed(adv, size=3, page=2) == ([], 3)


def test_size_1000_is_accepted(cx, adv):
    cx.create(adv)
    campaigns, total = cx.listed(adv, size=1000)
    assert (len(campaigns), total) == (1, 1)


def test_upper_case_advertiser_id_is_accepted(cx, adv):
    newest_first = create_many(cx, adv, 2)
    campaigns, total = cx.listed(adv.upper())
    assert total == 2 and ids(campaigns) == ids(newest_first)


def test_campaigns_of_another_advertiser_are_not_listed(cx, adv, create_advertiser):
    other = create_advertiser()["advertiser_id"]
    mine = create_many(cx, adv, 2)
    theirs = create_many(cx, other, 3)

    campaigns, total = cx.listed(adv)
    assert total == 2 and ids(campaigns) == ids(mine)
    campaigns, total = cx.listed(other)
    assert total == 3 and ids(campaigns) == ids(theirs)


def test_deleted_campaigns_are_not_listed_nor_counted(cx, adv):
    newest_first = create_many(cx, adv, 4)
    gone = newest_first[1]
    assert cx.delete(adv, gone["campaign_id"]).status_code == 204

    expected = [c for c in newest_first if c is not gone]
    campaigns, total = cx.listed(adv)
    assert total == 3 and ids(campaigns) == ids(expected)
    pages = [cx.listed(adv, size=2, page=page) for page in (1, 2)]
    assert {t for _, t in pages} == {3}
    assert ids([c for page, _ in pages for c in page]) == ids(expected)


def test_list_shows_updates(cx, adv):
    campaign = cx.create(adv)
    updated = cx.updated(adv, campaign["campaign_id"], {"ad_title": "renamed"})
    campaigns, _ = cx.listed(adv)
    assert [project(c) for c in campaigns] == [project(updated)]


# --- list: bad parameters and unknown advertiser -----------------------------------------

BAD_PARAMS = [
    ("page-0", {"page": "0"}),
    ("page-negative", {"page": "-1"}),
    ("page-fraction", {"page": "1.5"}),
    ("page-empty", {"page": ""}),
    ("page-word", {"page": "abc"}),
    ("size-negative", {"size": "-1"}),
    ("size-1001", {"size": "1001"}),
    ("size-word", {"size": "abc"}),
    ("size-fraction", {"size": "1.5"}),
    ("size-empty", {"size": ""}),
    ("size-trailing-garbage", {"size": "10x"}),
    ("size-huge", {"size": "99999999999999999999999"}),
]


@pytest.mark.parametrize("params", [p for _, p in BAD_PARAMS], ids=[n for n, _ in BAD_PARAMS])
def test_bad_size_or_page_is_400(cx, adv, assert_error, params):
    cx.create(adv)
    (name,) = params
    assert_error(cx.list(adv, **params), 400, name)


@pytest.mark.parametrize("page", ["1000000000", "9223372036854775807", "99999999999999999999999"])
def test_huge_page_is_empty_or_400_never_a_crash(cx, adv, assert_error, page):
    """The contract sets no upper bound on page: far past the end is [] (or a clean 400)."""
    cx.create(adv)
    resp = cx.list(adv, size=1000, page=page)
    if resp.status_code == 400:
        assert_error(resp, 400, "page")
    else:
        assert cx.listed(adv, size=1000, page=page) == ([], 1)


def test_list_of_unknown_advertiser_is_404(cx, new_uuid, assert_error):
    assert_error(cx.list(new_uuid()), 404)


@pytest.mark.parametrize("bad_id", [v for _, v in BAD_UUIDS], ids=[k for k, _ in BAD_UUIDS])
def test_list_with_malformed_advertiser_id_is_400(cx, assert_error, bad_id):
    assert_error(cx.list(bad_id), 400)


def test_list_of_unknown_advertiser_with_bad_size_is_400(cx, new_uuid, assert_error):
    """A bad query parameter (400) is found before the advertiser's existence (404)."""
    assert_error(cx.list(new_uuid(), size="-1"), 400, "size")


# --- get one ------------------------------------------------------------------------------


def test_get_returns_the_campaign(cx, adv, expect_json):
    campaign = cx.create(adv, targeting={"gender": "ALL", "age_from": 20, "location": "Kazan"})
    got = expect_json(cx.get(adv, campaign["campaign_id"]), 200)
    assert_campaign_shape(got)
    assert project(got) == project(campaign)


def test_get_accepts_upper_case_ids(cx, adv, expect_json):
    campaign = cx.create(adv)
    got = expect_json(cx.get(adv.upper(), campaign["campaign_id"].upper()), 200)
    assert project(got) == project(campaign)


def test_get_campaign_of_another_advertiser_is_404(cx, adv, create_advertiser, assert_error):
    campaign = cx.create(adv)
    other = create_advertiser()["advertiser_id"]
    assert_error(cx.get(other, campaign["campaign_id"]), 404)


def test_get_unknown_campaign_is_404(cx, adv, new_uuid, assert_error):
    cx.create(adv)
    assert_error(cx.get(adv, new_uuid()), 404)


def test_get_with_unknown_advertiser_is_404(cx, adv, new_uuid, assert_error):
    campaign = cx.create(adv)
    assert_error(cx.get(new_uuid(), campaign["campaign_id"]), 404)


@pytest.mark.parametrize("bad_id", [v for _, v in BAD_UUIDS], ids=[k for k, _ in BAD_UUIDS])
def test_get_with_malformed_campaign_id_is_400(cx, adv, assert_error, bad_id):
    assert_error(cx.get(adv, bad_id), 400)


@pytest.mark.parametrize("bad_id", [v for _, v in BAD_UUIDS], ids=[k for k, _ in BAD_UUIDS])
def test_get_with_malformed_advertiser_id_is_400(cx, adv, assert_error, bad_id):
    campaign = cx.create(adv)
    assert_error(cx.get(bad_id, campaign["campaign_id"]), 400)
