/*
 * h_images.c -- /advertisers/{advertiser_id}/campaigns/{campaign_id}/ad_image (API.md section
 * 7): upload or replace a campaign's image, and delete it.
 *
 * The order keeps the store consistent without a distributed transaction: the object goes to
 * object storage first, under a key named by its content; then PostgreSQL commits the new key
 * and URL; then the replaced object is deleted. A crash between two steps leaves an object no
 * campaign shows, which `billboard-batch images-gc` removes after a grace period.
 */
#include <stdio.h>
#include <string.h>

#include "api/handlers.h"
#include "core/campaign.h"
#include "core/image.h"
#include "core/log.h"
#include "core/multipart.h"
#include "core/sha256.h"

/* The form field that carries the file. */
#define IMAGE_FIELD "ad_image"
/* "campaigns/<uuid>/<sha256>.webp" */
#define IMAGE_KEY_MAX (10 + UUID_STR_LEN + 1 + SHA256_HEX_LEN + 6)

/* What the multipart callbacks collect: the bytes of the one ad_image part. */
struct upload {
	struct buf data;
	int files; /* ad_image parts seen */
	bool in_image; /* inside the ad_image part */
	const char *why; /* why a callback stopped the parser */
};

static int
on_begin(void *arg, const struct multipart_part *part)
{
	struct upload *u = arg;

	u->in_image = strcmp(part->name, IMAGE_FIELD) == 0;
	if (u->in_image && ++u->files > 1) {
		u->why = "ad_image: send exactly one file in the ad_image field";
		return -1;
	}
	return 0;
}

static int
on_data(void *arg, const char *p, size_t n)
{
	struct upload *u = arg;

	if (!u->in_image)
		return 0; /* other fields are ignored, like unknown JSON fields */
	if (n >= IMAGE_SIZE_MAX - u->data.len) {
		u->why = "ad_image: the image must be smaller than 10 MiB";
		return -1;
	}
	buf_append(&u->data, p, n);
	return 0;
}

static int
on_end(void *arg)
{
	struct upload *u = arg;

	u->in_image = false;
	return 0;
}

static const struct multipart_handler upload_handler = { on_begin, on_data, on_end };

/* Reads the ad_image file out of the body into u->data; false after answering 400. */
static bool
read_upload(struct req *r, struct upload *u)
{
	char boundary[MULTIPART_BOUNDARY_MAX + 1];
	struct multipart m;
	const char *why;
	enum multipart_status st;

	if (multipart_boundary(r->content_type, boundary, &why) != 0) {
		resp_error(r, 400, "%s", why);
		return false;
	}
	multipart_init(&m, boundary, &upload_handler, u);
	st = multipart_feed(&m, r->body, r->body_len);
	if (st == MULTIPART_MORE)
		st = multipart_finish(&m);
	if (st == MULTIPART_STOPPED) {
		resp_error(r, 400, "%s", u->why);
		return false;
	}
	if (st == MULTIPART_BAD) {
		resp_error(r, 400, "malformed multipart/form-data body: %s", multipart_error(&m));
		return false;
	}
	if (u->data.failed) {
		log_error("out of memory reading an image of %zu bytes", u->data.len);
		resp_internal(r);
		return false;
	}
	if (u->files == 0) {
		resp_error(
		    r, 400, "ad_image: missing file field \"ad_image\" in the multipart body");
		return false;
	}
	return true;
}

void
h_images_discard(struct req *r, const char *key)
{
	if (key != NULL && s3_delete(r->store->s3, key) != S3_OK)
		log_warn("images: %s stays in object storage until images-gc removes it", key);
}

static void
not_found(struct req *r, const struct uuid_str *advertiser_id, const struct uuid_str *campaign_id)
{
	resp_error(
	    r, 404, "campaign %s not found for advertiser %s", campaign_id->s, advertiser_id->s);
}

/* Answers 200 with the campaign as stored now. */
static void
answer_campaign(
    struct req *r, const struct uuid_str *advertiser_id, const struct uuid_str *campaign_id)
{
	struct campaign c;

	switch (campaigns_get(r->store, advertiser_id, campaign_id, r->arena, &c)) {
	case 1:
		resp_json(r, 200, campaign_to_json(&c));
		break;
	case 0:
		not_found(r, advertiser_id, campaign_id);
		break;
	default:
		resp_internal(r);
	}
}

/* The campaign's current image key; false after answering 404 or 500. */
static bool
current_key(struct req *r, const struct uuid_str *advertiser_id, const struct uuid_str *campaign_id,
    char **key)
{
	switch (campaigns_image_key(r->store, advertiser_id, campaign_id, r->arena, key)) {
	case 1:
		return true;
	case 0:
		not_found(r, advertiser_id, campaign_id);
		return false;
	default:
		resp_internal(r);
		return false;
	}
}

/* Stores the checked image and commits it; answers. */
static void
store_image(struct req *r, const struct uuid_str *advertiser_id, const struct uuid_str *campaign_id,
    const struct upload *u, const struct image_info *info)
{
	char hash[SHA256_HEX_LEN + 1], key[IMAGE_KEY_MAX + 1], *current, *old;
	struct buf url;
	enum s3_status st;

	if (!current_key(r, advertiser_id, campaign_id, &current))
		return;
	sha256_hex(u->data.data, u->data.len, hash);
	if ((size_t)snprintf(key, sizeof(key), "campaigns/%s/%s.%s", campaign_id->s, hash,
	        info->ext) >= sizeof(key)) {
		resp_internal(r);
		return;
	}
	buf_init(&url);
	buf_printf(&url, "%s/media/%s", r->store->public_url, key);
	if (url.failed) {
		resp_internal(r);
		goto done;
	}
	st = s3_put(r->store->s3, key, u->data.data, u->data.len, info->mime);
	if (st != S3_OK) {
		resp_internal(r); /* 503 naming object storage when it is out of reach */
		goto done;
	}
	switch (campaigns_set_image(
	    r->store, advertiser_id, campaign_id, key, url.data, r->arena, &old)) {
	case 1:
		if (old != NULL && strcmp(old, key) != 0)
			h_images_discard(r, old);
		answer_campaign(r, advertiser_id, campaign_id);
		break;
	case 0: /* deleted meanwhile: nothing can show the new object */
		h_images_discard(r, key);
		not_found(r, advertiser_id, campaign_id);
		break;
	default: /* the object may be another request's too: images-gc decides */
		resp_internal(r);
	}
done:
	buf_free(&url);
}

void
h_images_put(struct req *r)
{
	struct uuid_str advertiser_id, campaign_id;
	struct image_info info;
	struct upload u;
	const char *why;

	if (!req_path_uuid(r, "advertiser_id", &advertiser_id) ||
	    !req_path_uuid(r, "campaign_id", &campaign_id))
		return;
	memset(&u, 0, sizeof(u));
	buf_init(&u.data);
	if (!read_upload(r, &u))
		goto done;
	if (image_sniff((const unsigned char *)u.data.data, u.data.len, &info, &why) != 0) {
		resp_error(r, 400, "%s", why);
		goto done;
	}
	store_image(r, &advertiser_id, &campaign_id, &u, &info);
done:
	buf_free(&u.data);
}

void
h_images_delete(struct req *r)
{
	struct uuid_str advertiser_id, campaign_id;
	char *key, *old;
	enum s3_status st;

	if (!req_path_uuid(r, "advertiser_id", &advertiser_id) ||
	    !req_path_uuid(r, "campaign_id", &campaign_id) ||
	    !current_key(r, &advertiser_id, &campaign_id, &key))
		return;
	if (key == NULL) {
		resp_no_content(r);
		return;
	}
	/* Storage must be reachable before the URL goes: a 503 then changes nothing. */
	st = s3_head(r->store->s3, key);
	if (st != S3_OK && st != S3_NOT_FOUND) {
		resp_internal(r); /* 503 naming object storage when it is out of reach */
		return;
	}
	switch (campaigns_set_image(
	    r->store, &advertiser_id, &campaign_id, NULL, NULL, r->arena, &old)) {
	case 1:
		h_images_discard(r, old);
		resp_no_content(r);
		break;
	case 0:
		not_found(r, &advertiser_id, &campaign_id);
		break;
	default:
		resp_internal(r);
	}
}
