/* h_stats.c -- /stats/campaigns/{id}[/daily] and /stats/advertisers/{id}[/campaigns][/daily]. */
#include "api/handlers.h"

typedef int (*stats_fn)(struct store *s, const struct uuid_str *id, bool daily, int64_t today,
    struct arena *a, struct stat_row **rows, size_t *n);

static void
answer(struct req *r, const char *param, const char *what, stats_fn fn, bool daily)
{
	struct uuid_str id;
	struct stat_row *rows = NULL;
	int64_t today = 0;
	size_t n = 0, i;

	if (!req_path_uuid(r, param, &id))
		return;
	if (daily && clock_get(r->store, &today) != 0) {
		resp_internal(r);
		return;
	}
	switch (fn(r->store, &id, daily, today, r->arena, &rows, &n)) {
	case 1:
		break;
	case 0:
		resp_error(r, 404, "%s %s not found", what, id.s);
		return;
	default:
		resp_internal(r);
		return;
	}
	if (!daily) {
		resp_json(r, 200, n == 1 ? stats_to_json(&rows[0], false) : NULL);
		return;
	}
	for (i = 0; i < n; i++) {
		if (!resp_array_add(r, i, stats_to_json(&rows[i], true))) {
			resp_internal(r);
			return;
		}
	}
	resp_array_end(r, 200, n);
}

void
h_stats_campaign(struct req *r)
{
	answer(r, "campaign_id", "campaign", stats_campaign, false);
}

void
h_stats_campaign_daily(struct req *r)
{
	answer(r, "campaign_id", "campaign", stats_campaign, true);
}

void
h_stats_advertiser(struct req *r)
{
	answer(r, "advertiser_id", "advertiser", stats_advertiser, false);
}

void
h_stats_advertiser_daily(struct req *r)
{
	answer(r, "advertiser_id", "advertiser", stats_advertiser, true);
}
