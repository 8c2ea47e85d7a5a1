/*
 * store.h -- persistence of every aggregate, behind one handle.
 *
 * PostgreSQL holds the facts; Redis holds what the hot path needs fast and can always be
 * rebuilt. Functions return DB_OK (0) or a negative enum db_status; lookups return 1 found,
 * 0 not found, -1 error.
 */
#ifndef BB_STORE_H
#define BB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/compat.h"
#include "core/model.h"
#include "store/cache.h"
#include "store/config.h"
#include "store/db.h"

struct store {
	struct db *db;
	struct cache *cache;
};

struct config;

/* store.c: connects both; a server that is down now is retried on later calls. */
int store_open(struct store *s, const struct config *cfg) WUR;
void store_close(struct store *s);

/* clients.c: items[keep[i]] for i < n are written in one statement (all or nothing). */
enum db_status clients_upsert(
    struct store *s, const struct client *items, const size_t *keep, size_t n) WUR;
int clients_get(
    struct store *s, const struct uuid_str *id, struct arena *a, struct client *out) WUR;

/* advertisers.c */
enum db_status advertisers_upsert(
    struct store *s, const struct advertiser *items, const size_t *keep, size_t n) WUR;
int advertisers_get(
    struct store *s, const struct uuid_str *id, struct arena *a, struct advertiser *out) WUR;

/* scores.c: 0 stored; 1 unknown client; 2 unknown advertiser; -1 error. */
int scores_put(struct store *s, const struct ml_score *score) WUR;

/* clock.c: the platform's current day. */
int clock_get(struct store *s, int64_t *day) WUR;
/* 0 set (or unchanged), 1 refused because day is before the current day, -1 error. */
int clock_advance(struct store *s, int64_t day) WUR;

#endif
