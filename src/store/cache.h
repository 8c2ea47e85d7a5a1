/*
 * cache.h -- the Redis connection (hot counters and caches; everything here can be rebuilt
 * from PostgreSQL, so a failure is never fatal to a request that can fall back).
 *
 * The only module that sees hiredis. Lua scripts are declared once as const struct
 * cache_script and run with EVAL; Redis keeps each compiled script by its hash.
 */
#ifndef BB_CACHE_H
#define BB_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/compat.h"

struct cache;
struct arena;

/* One command of a pipeline: argc arguments of the given lengths (NULL: NUL-terminated). */
struct cache_cmd {
	int argc;
	const char *const *argv;
	const size_t *argvlen;
};

enum cache_type {
	CACHE_NIL,
	CACHE_INT,
	CACHE_STR, /* strings and status replies */
	CACHE_ARRAY,
	CACHE_ERR,
};

/* A reply copied out of hiredis; arrays are one level deep (what our commands return). */
struct cache_reply {
	enum cache_type type;
	long long integer;
	const char *str; /* NUL-terminated copy in the arena */
	size_t len;
	struct cache_reply *elements;
	size_t n;
};

struct cache_script {
	const char *name; /* for log lines */
	const char *lua;
};

/* Connects to a unix socket when socket_path is set, else to host:port. NULL when out of memory. */
struct cache *cache_open(const char *socket_path, const char *host, int port) WUR;
void cache_close(struct cache *c);
bool cache_ping(struct cache *c) WUR;
/* True when a call failed since cache_clear_outage because Redis was out of reach. */
bool cache_outage(const struct cache *c);
void cache_clear_outage(struct cache *c);

/* 1 and *out set on a hit, 0 on a miss (or a value that is not an integer), -1 on error. */
int cache_get_i64(struct cache *c, const char *key, long long *out) WUR;
int cache_del(struct cache *c, const char *key) WUR;
/*
 * Sets key to v, to expire in ttl_ms, unless it already holds a larger integer (for values
 * that only grow).
 */
int cache_raise_i64(struct cache *c, const char *key, long long v, long long ttl_ms) WUR;
/* Deletes every key matching a glob pattern (SCAN, then DEL in batches); -1 on error. */
int cache_delete_matching(struct cache *c, const char *pattern, long long *deleted) WUR;

/*
 * Sends ncmds commands in one round trip and copies their replies (replies[i] answers
 * cmds[i]) into the arena. 0, or -1 when the connection failed.
 */
int cache_pipeline(struct cache *c, size_t ncmds, const struct cache_cmd *cmds,
    struct cache_reply *replies, struct arena *a) WUR;

/*
 * Sends a command without waiting for its reply, which is read (and an error logged) before
 * the next command's: for writes nobody waits on. 0, or -1 when it could not be sent.
 */
int cache_send(struct cache *c, int argc, const char *const *argv) WUR;

/* Runs a script whose reply is an integer (stored in *out when out is not NULL). */
int cache_eval_i64(struct cache *c, const struct cache_script *script, int nkeys,
    const char *const *keys, int nargs, const char *const *args, long long *out) WUR;

#endif
