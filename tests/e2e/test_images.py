"""Ad images (API.md §7): upload, replace, delete, serving through nginx /media/, bad input,
object storage down, and `billboard-batch images-gc`."""
import hashlib
import os
import subprocess
import uuid

import pytest
import requests

from ads_support import unique_location
from image_samples import gif, jpeg, png, webp
from images_support import bucket_keys, campaign_keys, s3_request, start_s3rver, stop_s3rver

MiB = 1024 * 1024
IMAGE_MAX = 10 * MiB  # an image must be smaller than this
BODY_LIMIT = 10496 * 1024  # the upload body limit (nginx and ROUTES_BODY_IMAGE)

SAMPLES = {
    "png": (png(3, 2), "image/png"),
    "gif": (gif(4, 3), "image/gif"),
    "jpg": (jpeg(16, 8), "image/jpeg"),
    "webp": (webp(5, 7), "image/webp"),
}


def image_path(campaign):
    return f"/advertisers/{campaign['advertiser_id']}/campaigns/{campaign['campaign_id']}/ad_image"


def upload(api, campaign, data, filename="ad.bin", content_type="application/octet-stream", field="ad_image"):
    return api.post(image_path(campaign), files={field: (filename, data, content_type)}, timeout=60)


def post_body(api, campaign, body, content_type):
    return api.post_raw(image_path(campaign), body, content_type=content_type, timeout=60)


def expected_url(campaign, data, ext):
    public = os.environ.get("BILLBOARD_PUBLIC_URL", os.environ.get("BILLBOARD_URL", "http://127.0.0.1:8080"))
    digest = hashlib.sha256(data).hexdigest()
    return f"{public.rstrip('/')}/media/campaigns/{campaign['campaign_id']}/{digest}.{ext}"


def media_path(url):
    """The /media/... part of an image URL, to fetch it through the stack under test."""
    return url[url.index("/media/"):]


def assert_media_missing(api, url):
    resp = api.get(media_path(url))
    assert resp.status_code == 404, f"{url} -> {resp.status_code}"
    assert resp.headers["Content-Type"].startswith("application/json"), resp.headers
    assert resp.json() == {"detail": "no such image"}


@pytest.fixture
def campaign(cx, adv):
    return cx.create(adv)


@pytest.fixture
def uploaded(api, campaign, expect_json):
    """A campaign with the PNG sample as its image."""
    data, mime = SAMPLES["png"]
    return expect_json(upload(api, campaign, data, "a.png", mime), 200)


# --- upload and serving ---------------------------------------------------------------------


@pytest.mark.parametrize("ext", sorted(SAMPLES))
def test_upload_each_type_and_fetch_it_through_nginx(api, cx, campaign, expect_json, ext):
    data, mime = SAMPLES[ext]
    # Name and declared type say nothing: the content decides.
    stored = expect_json(upload(api, campaign, data, "whatever.txt", "text/plain"), 200)
    url = expected_url(campaign, data, ext)
    assert stored["ad_image"] == url
    assert {k: v for k, v in stored.items() if k != "ad_image"} == {k: v for k, v in campaign.items() if k != "ad_image"}
    assert cx.stored(campaign["advertiser_id"], campaign["campaign_id"])["ad_image"] == url
    assert campaign_keys(campaign["campaign_id"]) == [url.split("/media/")[1]]

    resp = api.get(media_path(url))
    assert resp.status_code == 200
    assert resp.content == data
    assert resp.headers["Content-Type"] == mime
    assert "max-age=31536000" in resp.headers.get("Cache-Control", "")


def test_extended_webp_is_accepted(api, campaign, expect_json):
    data = webp(300, 200, extended=True)
    stored = expect_json(upload(api, campaign, data), 200)
    assert stored["ad_image"] == expected_url(campaign, data, "webp")


def test_image_just_under_10_mib_is_accepted(api, campaign, expect_json):
    small = png(2, 2)
    data = png(2, 2, extra=b"\0" * (IMAGE_MAX - 1 - len(small) - 12))
    assert len(data) == IMAGE_MAX - 1
    stored = expect_json(upload(api, campaign, data, "big.png", "image/png"), 200)
    assert api.get(media_path(stored["ad_image"]), timeout=60).content == data


def test_other_form_fields_are_ignored(api, campaign, expect_json):
    data, _ = SAMPLES["gif"]
    resp = api.post(
        image_path(campaign),
        files={"note": (None, "hello"), "ad_image": ("x.gif", data, "image/gif"), "more": ("m.txt", b"x")},
    )
    assert expect_json(resp, 200)["ad_image"] == expected_url(campaign, data, "gif")


def test_get_ads_returns_the_image(api, ads, expect_json):
    location = unique_location()
    advertiser = ads.advertiser()
    campaign = ads.campaign(advertiser, location)

    def shown_image():
        # A new client each time: an unseen campaign priced BIG wins on its impression price.
        ad = ads.ad(ads.client(location))
        assert ad is not None and ad["ad_id"] == campaign["campaign_id"], ad
        return ad["ad_image"]

    assert shown_image() is None
    data, _ = SAMPLES["jpg"]
    url = expect_json(upload(api, campaign, data), 200)["ad_image"]
    assert shown_image() == url

    # Replaced and removed images reach the ads at once too.
    other, _ = SAMPLES["webp"]
    url = expect_json(upload(api, campaign, other), 200)["ad_image"]
    assert shown_image() == url
    assert api.delete(image_path(campaign)).status_code == 204
    assert shown_image() is None


def test_replace_deletes_the_old_object(api, cx, uploaded, expect_json):
    old_url = uploaded["ad_image"]
    data, mime = SAMPLES["gif"]
    stored = expect_json(upload(api, uploaded, data, "b.gif", mime), 200)
    assert stored["ad_image"] == expected_url(uploaded, data, "gif")
    assert_media_missing(api, old_url)
    assert api.get(media_path(stored["ad_image"])).content == data
    assert campaign_keys(uploaded["campaign_id"]) == [stored["ad_image"].split("/media/")[1]]


def test_same_image_again_keeps_it(api, uploaded, expect_json):
    data, mime = SAMPLES["png"]
    stored = expect_json(upload(api, uploaded, data, "again.png", mime), 200)
    assert stored["ad_image"] == uploaded["ad_image"]
    assert api.get(media_path(stored["ad_image"])).content == data
    assert len(campaign_keys(uploaded["campaign_id"])) == 1


def test_delete_image(api, cx, uploaded):
    resp = api.delete(image_path(uploaded))
    assert resp.status_code == 204 and resp.content == b""
    assert cx.stored(uploaded["advertiser_id"], uploaded["campaign_id"])["ad_image"] is None
    assert_media_missing(api, uploaded["ad_image"])
    assert campaign_keys(uploaded["campaign_id"]) == []
    # Also 204 when there is none.
    assert api.delete(image_path(uploaded)).status_code == 204


def test_delete_without_image_is_204(api, campaign):
    assert api.delete(image_path(campaign)).status_code == 204


def test_deleting_the_campaign_deletes_the_image(api, cx, uploaded, assert_error):
    assert cx.delete(uploaded["advertiser_id"], uploaded["campaign_id"]).status_code == 204
    assert_media_missing(api, uploaded["ad_image"])
    assert campaign_keys(uploaded["campaign_id"]) == []
    assert_error(upload(api, uploaded, SAMPLES["png"][0]), 404)
    assert_error(api.delete(image_path(uploaded)), 404)


def test_campaign_update_keeps_the_image(cx, uploaded):
    updated = cx.updated(uploaded["advertiser_id"], uploaded["campaign_id"], {"ad_title": "new title"})
    assert updated["ad_image"] == uploaded["ad_image"]


# --- bad input: 400/413/404, nothing stored -----------------------------------------------


def multipart(parts, boundary="b0undary"):
    """A multipart/form-data body from (headers text, data bytes) parts; returns (body, type)."""
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + h.encode() + b"\r\n\r\n" + d + b"\r\n" for h, d in parts)
    return body + b"--" + boundary.encode() + b"--\r\n", f"multipart/form-data; boundary={boundary}"


def file_part(data, name="ad_image", filename="a.png"):
    return (f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\nContent-Type: image/png', data)


PNG = SAMPLES["png"][0]
TEN_MIB_PNG = png(2, 2, extra=b"\0" * (IMAGE_MAX - len(png(2, 2)) - 12))
BAD_BODIES = {
    "JSON body": (b'{"ad_image": "x.png"}', "application/json", "multipart"),
    "no Content-Type": (multipart([file_part(PNG)])[0], None, "multipart"),
    "no boundary": (multipart([file_part(PNG)])[0], "multipart/form-data", "boundary"),
    "missing field": multipart([('Content-Disposition: form-data; name="title"', b"hello")]) + ("ad_image",),
    "wrong field name": multipart([file_part(PNG, name="image")]) + ("ad_image",),
    "empty body": (b"", "multipart/form-data; boundary=b0undary", "boundary"),
    "empty file": multipart([file_part(b"")]) + ("ad_image",),
    "text file named .png": multipart([file_part(b"just some text\n" * 10)]) + ("ad_image",),
    "HTML posing as PNG": multipart([file_part(b"<html><script>alert(1)</script></html>")]) + ("ad_image",),
    "truncated PNG": multipart([file_part(PNG[:-5])]) + ("ad_image",),
    "truncated JPEG": multipart([file_part(SAMPLES["jpg"][0][:60])]) + ("ad_image",),
    "PNG header then garbage": multipart([file_part(PNG[:30] + b"garbage" * 5)]) + ("ad_image",),
    "two files": multipart([file_part(PNG), file_part(SAMPLES["gif"][0], filename="b.gif")]) + ("ad_image",),
    "no closing boundary": (multipart([file_part(PNG)])[0][:-14], "multipart/form-data; boundary=b0undary", "boundary"),
    "boundary not followed by CRLF": (b"--b0undaryX" + multipart([file_part(PNG)])[0][10:], "multipart/form-data; boundary=b0undary", "boundary"),
    "part without disposition": multipart([("Content-Type: image/png", PNG)]) + ("Content-Disposition",),
    "huge part headers": multipart([("X-Pad: " + "p" * 20000 + '\r\nContent-Disposition: form-data; name="ad_image"', PNG)]) + ("headers",),
    "image of 10 MiB": multipart([file_part(TEN_MIB_PNG)]) + ("10 MiB",),
}


@pytest.mark.parametrize("case", sorted(BAD_BODIES))
def test_bad_upload_is_400_and_stores_nothing(api, cx, uploaded, assert_error, case):
    body, content_type, field = BAD_BODIES[case]
    before = campaign_keys(uploaded["campaign_id"])
    assert_error(post_body(api, uploaded, body, content_type), 400, field)
    cx.assert_unchanged(uploaded)
    assert campaign_keys(uploaded["campaign_id"]) == before
    assert api.get(media_path(uploaded["ad_image"])).content == PNG


def test_body_over_the_limit_is_413(api, cx, uploaded, assert_error):
    body, content_type = multipart([file_part(png(2, 2, extra=b"\0" * (BODY_LIMIT + 1)))])
    try:
        resp = post_body(api, uploaded, body, content_type)
    except requests.ConnectionError as exc:
        pytest.fail(f"connection dropped instead of a 413 response: {exc}")
    assert_error(resp, 413)
    cx.assert_unchanged(uploaded)
    assert len(campaign_keys(uploaded["campaign_id"])) == 1


def test_unknown_campaign_is_404_and_stores_nothing(api, adv, cx, assert_error, new_uuid):
    ghost = {"advertiser_id": adv, "campaign_id": new_uuid()}
    assert_error(upload(api, ghost, PNG), 404)
    assert_error(api.delete(image_path(ghost)), 404)
    assert campaign_keys(ghost["campaign_id"]) == []
    # Another advertiser's campaign is not found either.
    other = cx.create(adv)
    stranger = {"advertiser_id": new_uuid(), "campaign_id": other["campaign_id"]}
    assert_error(upload(api, stranger, PNG), 404)
    assert campaign_keys(other["campaign_id"]) == []


def test_bad_ids_are_400(api, assert_error):
    good = str(uuid.uuid4())
    for advertiser_id, campaign_id, field in (("nope", good, "advertiser_id"), (good, "nope", "campaign_id")):
        path = f"/advertisers/{advertiser_id}/campaigns/{campaign_id}/ad_image"
        assert_error(api.post(path, files={"ad_image": ("a.png", PNG)}), 400, field)
        assert_error(api.delete(path), 400, field)


def test_other_methods_are_405(api, campaign):
    for method in ("GET", "PUT", "PATCH"):
        resp = api.request(method, image_path(campaign))
        assert resp.status_code == 405, f"{method} -> {resp.status_code}"
        assert set(resp.headers["Allow"].replace(" ", "").split(",")) == {"POST", "DELETE"}


# --- /media/ in nginx ---------------------------------------------------------------------


def test_media_never_lists_the_bucket(api, uploaded):
    key = media_path(uploaded["ad_image"])
    prefix = key.rsplit("/", 1)[0]
    for path in ("/media/", "/media", "/media/?list-type=2", "/media/campaigns/", prefix + "/",
                 "/media/campaigns", "/media/../billboard", "/media/%2e%2e/", key + ".xml"):
        resp = api.get(path)
        assert resp.status_code == 404, f"{path} -> {resp.status_code} {resp.text[:200]!r}"
        assert b"ListBucketResult" not in resp.content and b"<?xml" not in resp.content, path


def test_media_ignores_query_strings(api, uploaded):
    for query in ("?acl", "?list-type=2", "?tagging", "?uploads"):
        resp = api.get(media_path(uploaded["ad_image"]) + query)
        assert resp.status_code == 200 and resp.content == PNG, query


def test_media_is_read_only(api, uploaded):
    path = media_path(uploaded["ad_image"])
    for method in ("PUT", "DELETE", "POST"):
        resp = api.request(method, path, data=b"x")
        assert resp.status_code in (403, 404, 405), f"{method} -> {resp.status_code}"
        assert b"<?xml" not in resp.content
    assert api.get(path).content == PNG
    assert api.head(path).status_code == 200


def test_missing_image_is_a_json_404(api, campaign):
    assert_media_missing(api, f"/media/campaigns/{campaign['campaign_id']}/{'0' * 64}.png")


# --- object storage down ------------------------------------------------------------------


@pytest.fixture
def storage_down():
    stop_s3rver()
    try:
        yield
    finally:
        start_s3rver()


def test_storage_down_is_503_and_changes_nothing(api, cx, uploaded, assert_error, storage_down):
    resp = upload(api, uploaded, SAMPLES["gif"][0])
    detail = assert_error(resp, 503)
    assert "object storage" in detail
    assert resp.headers.get("Retry-After", "").isdigit()
    cx.assert_unchanged(uploaded)

    resp = api.delete(image_path(uploaded))
    assert "object storage" in assert_error(resp, 503)
    assert resp.headers.get("Retry-After", "").isdigit()
    cx.assert_unchanged(uploaded)

    # Bad input is still 400, and the rest of the API works.
    assert_error(upload(api, uploaded, b"not an image"), 400)
    assert api.get("/health").status_code == 200

    start_s3rver()
    assert api.get(media_path(uploaded["ad_image"])).content == PNG
    assert api.delete(image_path(uploaded)).status_code == 204


# --- images-gc ----------------------------------------------------------------------------


def images_gc(*args):
    batch = os.environ.get("BILLBOARD_BATCH", "build/billboard-batch")
    return subprocess.run([batch, "images-gc", *args], capture_output=True, text=True, timeout=120)


def test_images_gc_removes_orphans_after_the_grace_period(api, cx, uploaded):
    cid = uploaded["campaign_id"]
    live = media_path(uploaded["ad_image"])[len("/media/"):]
    # What a crash between upload and commit leaves: an object no campaign shows.
    orphan = f"campaigns/{cid}/{hashlib.sha256(b'orphan').hexdigest()}.png"
    assert s3_request("PUT", orphan, body=PNG, content_type="image/png").status_code == 200
    # The image of a deleted campaign whose object was left behind.
    gone = cx.create(uploaded["advertiser_id"])
    gone_key = f"campaigns/{gone['campaign_id']}/{hashlib.sha256(b'gone').hexdigest()}.gif"
    assert s3_request("PUT", gone_key, body=SAMPLES["gif"][0], content_type="image/gif").status_code == 200
    assert cx.delete(gone["advertiser_id"], gone["campaign_id"]).status_code == 204
    # Something outside campaigns/ is never touched.
    foreign = f"other/{uuid.uuid4().hex}.txt"
    assert s3_request("PUT", foreign, body=b"keep me", content_type="text/plain").status_code == 200

    result = images_gc()  # default grace period: everything here is too young
    assert result.returncode == 0, result.stderr
    assert sorted(campaign_keys(cid)) == sorted([live, orphan])
    assert campaign_keys(gone["campaign_id"]) == [gone_key]

    result = images_gc("--grace", "0")
    assert result.returncode == 0, result.stderr
    assert campaign_keys(cid) == [live]
    assert campaign_keys(gone["campaign_id"]) == []
    assert foreign in bucket_keys("other/")
    assert api.get(media_path(uploaded["ad_image"])).content == PNG
    s3_request("DELETE", foreign)


def test_images_gc_pages_through_the_bucket(api, cx, uploaded):
    cid = uploaded["campaign_id"]
    live = media_path(uploaded["ad_image"])[len("/media/"):]
    orphans = [f"campaigns/{cid}/{hashlib.sha256(str(i).encode()).hexdigest()}.png" for i in range(7)]
    for key in orphans:
        assert s3_request("PUT", key, body=PNG, content_type="image/png").status_code == 200
    assert len(bucket_keys(f"campaigns/{cid}/")) == 8
    result = images_gc("--grace", "0", "--page", "2")
    assert result.returncode == 0, result.stderr
    assert campaign_keys(cid) == [live]


def test_images_gc_usage(api):
    for args in (("--grace",), ("--grace", "-1"), ("--grace", "x"), ("extra",), ("--page", "0"),
                 ("--page", "1001"), ("--grace", "1", "--page")):
        assert images_gc(*args).returncode == 2, args
