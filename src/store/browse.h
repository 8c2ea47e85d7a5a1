/* browse.h -- read-only views for the admin pages: advertisers with totals, platform overview. */
#ifndef BB_BROWSE_H
#define BB_BROWSE_H

#include <stdint.h>

#include <json-c/json.h>

#include "core/compat.h"
#include "store/store.h"

/* Searches are short phrases; longer ones are refused (400) before reaching PostgreSQL. */
#define BROWSE_SEARCH_MAX 200

/*
 * A page of advertisers whose name contains search (case-insensitive) or whose id starts with
 * it (search NULL: all), by name, each with its campaign counts and totals. 0 or -1.
 */
int browse_advertisers(struct store *s, const char *search, int64_t size, int64_t page,
    struct json_object **out, long long *total) WUR;
/* Platform totals today and overall, and campaign counts. 0 or -1. */
int browse_overview(struct store *s, struct json_object **out) WUR;
/* A platform chart covers at most this many days (a bit over two years of daily points). */
#define BROWSE_DAILY_DAYS_MAX 800
/*
 * The platform's daily stat objects for the last days (1..BROWSE_DAILY_DAYS_MAX) days up to
 * the current day, zero-filled, ascending. 0 or -1.
 */
int browse_daily(struct store *s, int64_t days, struct json_object **out) WUR;
/* A page of accounts {login, role, created_at} by login. 0 or -1. */
int browse_accounts(struct store *s, long long size, long long page, struct json_object **out,
    long long *total) WUR;

#endif
