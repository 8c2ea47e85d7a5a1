/* stats.c -- statistics arithmetic and JSON. */
#include "jv.h"
#include "money.h"
#include "stats.h"

bool
stats_campaign_days(int64_t start_date, int64_t end_date, int64_t today, int64_t *from, int64_t *to)
{
	if (today < start_date)
		return false;
	*from = start_date;
	*to = end_date < today ? end_date : today;
	return true;
}

int64_t
stats_conversion_centi(int64_t clicks, int64_t impressions)
{
	__int128 num;

	if (impressions <= 0 || clicks <= 0)
		return 0;
	/* round(clicks * 10000 / impressions), half up, without floating point */
	num = (__int128)clicks * 10000 * 2 + impressions;
	return (int64_t)(num / ((__int128)impressions * 2));
}

struct json_object *
stats_to_json(const struct stat_row *row, bool with_date)
{
	char si[STATS_MONEY_MAX], sc[STATS_MONEY_MAX], st[STATS_MONEY_MAX];
	struct json_object *o;
	/* Hundredths printed through the money formatter: 1234 -> "12.34". */
	int64_t conversion = stats_conversion_centi(row->clicks, row->impressions) * 10000;

	if (!money_decimal(row->spent_impressions, si, sizeof(si)) ||
	    !money_decimal(row->spent_clicks, sc, sizeof(sc)) ||
	    !money_decimal(row->spent_total, st, sizeof(st)))
		return NULL;
	o = json_object_new_object();
	if (o == NULL)
		return NULL;
	if (!jv_add_int(o, "impressions_count", row->impressions) ||
	    !jv_add_int(o, "clicks_count", row->clicks) ||
	    !jv_add_money(o, "conversion", conversion) ||
	    !jv_add_decimal(o, "spent_impressions", si) || !jv_add_decimal(o, "spent_clicks", sc) ||
	    !jv_add_decimal(o, "spent_total", st) ||
	    (with_date && !jv_add_int(o, "date", row->date))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}
