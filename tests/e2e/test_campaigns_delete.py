"""Campaigns: DELETE /advertisers/{advertiser_id}/campaigns/{campaign_id} (API.md §0, §3)."""
import pytest

from campaign_support import project
from e2e_cases import BAD_UUIDS


def test_delete_is_204_with_no_body(cx, adv):
    campaign = cx.create(adv)
    resp = cx.delete(adv, campaign["campaign_id"])
    assert resp.status_code == 204, f"{resp.status_code} {resp.text[:300]!r}"
    assert resp.content == b""


def test_deleted_campaign_is_404_everywhere(cx, adv, assert_error):
    campaign = cx.create(adv)
    cid = campaign["campaign_id"]
    assert cx.delete(adv, cid).status_code == 204

    assert_error(cx.get(adv, cid), 404)
    assert_error(cx.put(adv, cid, {"ad_title": "back?"}), 404)
    assert_error(cx.put(adv, cid, {}), 404)
    assert_error(cx.delete(adv, cid), 404)
    assert cx.listed(adv) == ([], 0)


def test_delete_removes_it_from_the_list_and_the_total(cx, adv):
    created = [cx.create(adv, ad_title=f"campaign {i}") for i in range(3)]
    newest_first = created[::-1]
    assert cx.listed(adv)[1] == 3

    gone = created[0]
    assert cx.delete(adv, gone["campaign_id"]).status_code == 204
    campaigns, total = cx.listed(adv)
    assert total == 2
    assert [c["campaign_id"] for c in campaigns] == [c["campaign_id"] for c in newest_first if c is not gone]

    for campaign in created[1:]:
        assert cx.delete(adv, campaign["campaign_id"]).status_code == 204
    assert cx.listed(adv) == ([], 0)


def test_delete_leaves_other_campaigns_alone(cx, adv):
    keep = cx.create(adv, ad_title="keep me")
    gone = cx.create(adv, ad_title="delete me")
    assert cx.delete(adv, gone["campaign_id"]).status_code == 204
    assert project(cx.stored(adv, keep["campaign_id"])) == project(keep)


def test_delete_with_upper_case_ids(cx, adv, assert_error):
    campaign = cx.create(adv)
    assert cx.delete(adv.upper(), campaign["campaign_id"].upper()).status_code == 204
    assert_error(cx.get(adv, campaign["campaign_id"]), 404)


def test_started_campaign_can_be_deleted(cx, adv, assert_error):
    campaign = cx.create_started(adv)
    assert cx.delete(adv, campaign["campaign_id"]).status_code == 204
    assert_error(cx.get(adv, campaign["campaign_id"]), 404)


def test_delete_campaign_of_another_advertiser_is_404(cx, adv, create_advertiser, assert_error):
    campaign = cx.create(adv)
    other = create_advertiser()["advertiser_id"]
    assert_error(cx.delete(other, campaign["campaign_id"]), 404)
    assert project(cx.stored(adv, campaign["campaign_id"])) == project(campaign)
    assert cx.listed(adv)[1] == 1


def test_delete_unknown_campaign_is_404(cx, adv, new_uuid, assert_error):
    assert_error(cx.delete(adv, new_uuid()), 404)


def test_delete_with_unknown_advertiser_is_404(cx, adv, new_uuid, assert_error):
    campaign = cx.create(adv)
    assert_error(cx.delete(new_uuid(), campaign["campaign_id"]), 404)
    assert project(cx.stored(adv, campaign["campaign_id"])) == project(campaign)


@pytest.mark.parametrize("bad_id", [v for _, v in BAD_UUIDS], ids=[k for k, _ in BAD_UUIDS])
def test_delete_with_malformed_campaign_id_is_400(cx, adv, assert_error, bad_id):
    assert_error(cx.delete(adv, bad_id), 400)


@pytest.mark.parametrize("bad_id", [v for _, v in BAD_UUIDS], ids=[k for k, _ in BAD_UUIDS])
def test_delete_with_malformed_advertiser_id_is_400(cx, adv, assert_error, bad_id):
    campaign = cx.create(adv)
    assert_error(cx.delete(bad_id, campaign["campaign_id"]), 400)
    assert project(cx.stored(adv, campaign["campaign_id"])) == project(campaign)
