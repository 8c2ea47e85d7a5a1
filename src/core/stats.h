/* stats.h -- statistics arithmetic: conversion and the JSON stat objects of API.md section 5. */
#ifndef BB_STATS_H
#define BB_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "compat.h"

/* Room for any sum of prices, printed in full. */
#define STATS_MONEY_MAX 48

/* Money sums are exact decimal text as PostgreSQL prints it: no sum can overflow. */
struct stat_row {
	int64_t date; /* daily rows only */
	int64_t impressions;
	int64_t clicks;
	char spent_impressions[STATS_MONEY_MAX];
	char spent_clicks[STATS_MONEY_MAX];
	char spent_total[STATS_MONEY_MAX];
};

/*
 * The days of a campaign's daily statistics: start_date .. min(end_date, today). False (no
 * rows) before the campaign starts.
 */
bool stats_campaign_days(
    int64_t start_date, int64_t end_date, int64_t today, int64_t *from, int64_t *to);

/* clicks / impressions x 100 in hundredths, rounded half up; 0 without impressions. */
int64_t stats_conversion_centi(int64_t clicks, int64_t impressions);
/*
 * The stat object; with_date adds "date" (daily rows). NULL when out of memory or when a sum
 * is not a decimal.
 */
struct json_object *stats_to_json(const struct stat_row *row, bool with_date) WUR;

#endif
