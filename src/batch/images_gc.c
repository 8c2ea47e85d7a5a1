/*
 * images_gc.c -- `billboard-batch images-gc [--grace SECONDS] [--page KEYS]`: deletes the
 * objects under campaigns/ that no live campaign shows (replaced or deleted images whose
 * removal failed, or uploads whose commit never happened), once they are older than the grace
 * period. An upload in flight has stored its object but not yet committed its key; the grace
 * period spares it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "batch/jobs.h"
#include "core/log.h"

/* An upload commits within seconds of storing its object; an hour spares every one. */
#define IMAGES_GC_GRACE_DEFAULT 3600
/* A year: a larger grace period is a typing error. */
#define IMAGES_GC_GRACE_MAX (366 * 24 * 3600)
/* Every key the API writes starts so; nothing else in the bucket is touched. */
#define IMAGES_PREFIX "campaigns/"

struct gc {
	struct store *s;
	time_t cutoff; /* objects modified after this are spared */
	size_t seen, young, kept, deleted, failed;
};

static int
visit(void *arg, const char *key, time_t modified)
{
	struct gc *gc = arg;

	gc->seen++;
	if (modified > gc->cutoff) {
		gc->young++;
		return 0;
	}
	switch (campaigns_image_in_use(gc->s, key)) {
	case 1:
		gc->kept++;
		return 0;
	case 0:
		break;
	default:
		return -1;
	}
	if (s3_delete(gc->s->s3, key) != S3_OK) {
		gc->failed++;
		return 0;
	}
	gc->deleted++;
	log_info("images-gc: deleted %s", key);
	return 0;
}

/* A non-negative integer option value no larger than max; false when it is not one. */
static bool
option_value(const char *text, long long max, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(text, &end, 10);
	return errno == 0 && end != text && *end == '\0' && *out >= 0 && *out <= max;
}

int
job_images_gc(struct store *s, const struct config *cfg, int argc, char **argv)
{
	long long grace = IMAGES_GC_GRACE_DEFAULT, page = S3_LIST_PAGE_MAX;
	struct gc gc;
	int i;

	(void)cfg;
	for (i = 1; i < argc; i += 2) {
		bool ok = i + 1 < argc;

		if (ok && strcmp(argv[i], "--grace") == 0)
			ok = option_value(argv[i + 1], IMAGES_GC_GRACE_MAX, &grace);
		else if (ok && strcmp(argv[i], "--page") == 0)
			ok = option_value(argv[i + 1], S3_LIST_PAGE_MAX, &page) && page > 0;
		else
			ok = false;
		if (!ok) {
			fprintf(stderr,
			    "usage: billboard-batch images-gc [--grace SECONDS] [--page KEYS]\n"
			    "  --grace  spare objects younger than this (default %d, at most %d)\n"
			    "  --page   keys listed per request (1 to %d, the default)\n",
			    IMAGES_GC_GRACE_DEFAULT, IMAGES_GC_GRACE_MAX, S3_LIST_PAGE_MAX);
			return 2;
		}
	}
	memset(&gc, 0, sizeof(gc));
	gc.s = s;
	gc.cutoff = time(NULL) - (time_t)grace;
	if (s3_list(s->s3, IMAGES_PREFIX, (int)page, visit, &gc) != S3_OK) {
		log_error(
		    "images-gc: stopped after %zu objects (%zu deleted)", gc.seen, gc.deleted);
		return 1;
	}
	log_info("images-gc: %zu objects: %zu shown, %zu within the grace period, %zu deleted, "
	         "%zu not deleted",
	    gc.seen, gc.kept, gc.young, gc.deleted, gc.failed);
	return gc.failed == 0 ? 0 : 1;
}
