/* cache.c -- the Redis connection (the only user of hiredis). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <hiredis/hiredis.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/mono.h"
#include "store/cache.h"

/*
 * Redis answers in microseconds; half a second means it is gone, and the request falls back
 * to PostgreSQL (connecting and each command have this deadline).
 */
#define CACHE_TIMEOUT_USEC 500000
/* After a failed connection attempt or a timeout, calls fail at once for this long. */
#define CACHE_RETRY_AFTER_MS 1000

struct cache {
	redisContext *ctx;
	int unread; /* replies of cache_send commands not read yet */
	char *socket_path;
	char *host;
	int port;
	int64_t down_until_ms; /* no connection attempt before this (mono_ms) */
	bool outage; /* a call failed because Redis was out of reach */
};

/* Marks Redis out of reach for a while: every call until then fails at once. */
static void
back_off(struct cache *c)
{
	c->outage = true;
	c->down_until_ms = mono_ms() + CACHE_RETRY_AFTER_MS;
}

/*
 * Drops a connection that failed in the middle of a call. A timeout means Redis is stalled,
 * not merely restarted, so it is left alone for a while instead of tried again at once.
 */
static void
broken(struct cache *c, const char *what)
{
	bool timed_out = c->ctx->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK);

	log_warn("redis: %s: %s%s", what, c->ctx->errstr, timed_out ? " (timed out)" : "");
	redisFree(c->ctx);
	c->ctx = NULL;
	c->unread = 0;
	c->outage = true;
	if (timed_out)
		back_off(c);
}

static bool
cache_connect(struct cache *c)
{
	struct timeval tv = { 0, CACHE_TIMEOUT_USEC };

	c->unread = 0;
	if (c->ctx != NULL)
		redisFree(c->ctx);
	c->ctx = NULL;
	if (mono_ms() < c->down_until_ms) {
		c->outage = true;
		return false;
	}
	if (c->socket_path != NULL)
		c->ctx = redisConnectUnixWithTimeout(c->socket_path, tv);
	else
		c->ctx = redisConnectWithTimeout(c->host, c->port, tv);
	if (c->ctx == NULL || c->ctx->err) {
		log_error("redis: cannot connect: %s", c->ctx ? c->ctx->errstr : "out of memory");
		if (c->ctx != NULL)
			redisFree(c->ctx);
		c->ctx = NULL;
		back_off(c);
		return false;
	}
	if (redisSetTimeout(c->ctx, tv) != REDIS_OK)
		log_warn("redis: cannot set the timeout");
	return true;
}

struct cache *
cache_open(const char *socket_path, const char *host, int port)
{
	struct cache *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->port = port;
	c->socket_path = socket_path ? strdup(socket_path) : NULL;
	c->host = strdup(host ? host : "127.0.0.1");
	if ((socket_path != NULL && c->socket_path == NULL) || c->host == NULL) {
		cache_close(c);
		return NULL;
	}
	(void)cache_connect(c);
	return c;
}

bool
cache_outage(const struct cache *c)
{
	return c->outage;
}

void
cache_clear_outage(struct cache *c)
{
	c->outage = false;
}

void
cache_close(struct cache *c)
{
	if (c == NULL)
		return;
	if (c->ctx != NULL)
		redisFree(c->ctx);
	free(c->socket_path);
	free(c->host);
	free(c);
}

/*
 * Reads the replies of earlier cache_send commands, which come before any other; false when
 * the connection broke (it is dropped, to be made anew).
 */
static bool
drain(struct cache *c)
{
	while (c->ctx != NULL && c->unread > 0) {
		void *reply = NULL;

		if (redisGetReply(c->ctx, &reply) != REDIS_OK) {
			broken(c, "lost the reply of a sent command");
			return false;
		}
		if (((redisReply *)reply)->type == REDIS_REPLY_ERROR)
			log_error("redis: a sent command failed: %s", ((redisReply *)reply)->str);
		freeReplyObject(reply);
		c->unread--;
	}
	return true;
}

/*
 * Sends a command and returns its reply (to be freed with freeReplyObject), reconnecting
 * once when the connection was lost. NULL on failure, already logged.
 */
static redisReply *
command(struct cache *c, int argc, const char **argv, const size_t *argvlen)
{
	redisReply *reply;
	int attempt;

	for (attempt = 0; attempt < 2 && mono_ms() >= c->down_until_ms; attempt++) {
		if (!drain(c) || (c->ctx == NULL && !cache_connect(c)))
			continue;
		reply = redisCommandArgv(c->ctx, argc, argv, argvlen);
		if (reply != NULL) {
			if (reply->type == REDIS_REPLY_ERROR &&
			    strncmp(reply->str, "NOSCRIPT", 8) != 0)
				log_error("redis: %s: %s", argv[0], reply->str);
			return reply;
		}
		broken(c, argv[0]);
	}
	c->outage = true;
	return NULL;
}

bool
cache_ping(struct cache *c)
{
	const char *argv[] = { "PING" };
	redisReply *r = command(c, 1, argv, NULL);
	bool ok = r != NULL && r->type == REDIS_REPLY_STATUS;

	freeReplyObject(r);
	return ok;
}

int
cache_get_i64(struct cache *c, const char *key, long long *out)
{
	const char *argv[] = { "GET", key };
	redisReply *r = command(c, 2, argv, NULL);
	int ret = -1;
	char *end;

	if (r == NULL)
		return -1;
	if (r->type == REDIS_REPLY_NIL) {
		ret = 0;
	} else if (r->type == REDIS_REPLY_STRING) {
		*out = strtoll(r->str, &end, 10);
		ret = (end != r->str && *end == '\0') ? 1 : 0;
	}
	freeReplyObject(r);
	return ret;
}

int
cache_del(struct cache *c, const char *key)
{
	const char *argv[] = { "DEL", key };
	redisReply *r = command(c, 2, argv, NULL);
	int ret = (r != NULL && r->type == REDIS_REPLY_INTEGER) ? 0 : -1;

	freeReplyObject(r);
	return ret;
}

static const struct cache_script raise_script = {
	"raise",
	"local cur = tonumber(redis.call('GET', KEYS[1])) "
	"local new = tonumber(ARGV[1]) "
	"if cur == nil or cur <= new then "
	"  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return new end "
	"return cur",
};

int
cache_raise_i64(struct cache *c, const char *key, long long v, long long ttl_ms)
{
	char num[24], ttl[24];
	const char *keys[] = { key };
	const char *args[] = { num, ttl };

	snprintf(num, sizeof(num), "%lld", v);
	snprintf(ttl, sizeof(ttl), "%lld", ttl_ms);
	return cache_eval_i64(c, &raise_script, 1, keys, 2, args, NULL);
}

int
cache_eval_i64(struct cache *c, const struct cache_script *script, int nkeys,
    const char *const *keys, int nargs, const char *const *args, long long *out)
{
	const char **argv;
	char nkeys_str[12];
	redisReply *r;
	int i, argc = 0, ret = -1;

	if (nkeys < 0 || nargs < 0)
		return -1;
	argv = malloc((size_t)(nkeys + nargs + 3) * sizeof(*argv));
	if (argv == NULL)
		return -1;
	snprintf(nkeys_str, sizeof(nkeys_str), "%d", nkeys);
	/* EVAL sends the script text each time; Redis caches the compiled script by its hash. */
	argv[argc++] = "EVAL";
	argv[argc++] = script->lua;
	argv[argc++] = nkeys_str;
	for (i = 0; i < nkeys; i++)
		argv[argc++] = keys[i];
	for (i = 0; i < nargs; i++)
		argv[argc++] = args[i];
	r = command(c, argc, argv, NULL);
	free(argv);
	if (r == NULL)
		return -1;
	if (r->type == REDIS_REPLY_INTEGER) {
		if (out != NULL)
			*out = r->integer;
		ret = 0;
	} else if (r->type != REDIS_REPLY_ERROR) {
		log_error("redis: script %s returned an unexpected reply", script->name);
	}
	freeReplyObject(r);
	return ret;
}

static bool
copy_reply(const redisReply *r, struct cache_reply *out, struct arena *a, int depth)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	switch (r->type) {
	case REDIS_REPLY_NIL:
		out->type = CACHE_NIL;
		return true;
	case REDIS_REPLY_INTEGER:
		out->type = CACHE_INT;
		out->integer = r->integer;
		return true;
	case REDIS_REPLY_STRING:
	case REDIS_REPLY_STATUS:
	case REDIS_REPLY_ERROR:
		out->type = r->type == REDIS_REPLY_ERROR ? CACHE_ERR : CACHE_STR;
		out->len = r->len;
		out->str = arena_strndup(a, r->str, r->len);
		return out->str != NULL;
	case REDIS_REPLY_ARRAY:
		out->type = CACHE_ARRAY;
		if (depth > 0)
			return false;
		out->n = r->elements;
		out->elements = arena_alloc(a, (r->elements + 1) * sizeof(*out->elements));
		if (out->elements == NULL)
			return false;
		for (i = 0; i < r->elements; i++)
			if (!copy_reply(r->element[i], &out->elements[i], a, depth + 1))
				return false;
		return true;
	}
	return false;
}

int
cache_pipeline(struct cache *c, size_t ncmds, const struct cache_cmd *cmds,
    struct cache_reply *replies, struct arena *a)
{
	size_t i, got = 0;
	int ret = 0;

	(void)drain(c); /* a broken connection is made anew just below */
	if (c->ctx == NULL && !cache_connect(c))
		return -1;
	for (i = 0; i < ncmds; i++)
		if (redisAppendCommandArgv(c->ctx, cmds[i].argc, (const char **)cmds[i].argv,
		        cmds[i].argvlen) != REDIS_OK)
			goto broken;
	for (got = 0; got < ncmds; got++) {
		void *reply = NULL;

		if (redisGetReply(c->ctx, &reply) != REDIS_OK || reply == NULL)
			goto broken;
		if (!copy_reply(reply, &replies[got], a, 0)) {
			log_error("redis: out of memory copying a reply");
			ret = -1;
		} else if (replies[got].type == CACHE_ERR) {
			log_error("redis: %s: %s", cmds[got].argv[0], replies[got].str);
		}
		freeReplyObject(reply);
	}
	return ret;
broken:
	/* A half-read pipeline leaves the connection out of step: start a new one next time. */
	broken(c, "pipeline");
	return -1;
}

int
cache_delete_matching(struct cache *c, const char *pattern, long long *deleted)
{
	char cursor[32] = "0";

	*deleted = 0;
	do {
		const char *scan[] = { "SCAN", cursor, "MATCH", pattern, "COUNT", "1000" };
		redisReply *r = command(c, 6, scan, NULL), *keys;
		size_t i;

		if (r == NULL || r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
		    r->element[0]->type != REDIS_REPLY_STRING ||
		    r->element[1]->type != REDIS_REPLY_ARRAY) {
			freeReplyObject(r);
			return -1;
		}
		snprintf(cursor, sizeof(cursor), "%s", r->element[0]->str);
		keys = r->element[1];
		if (keys->elements > 0) {
			const char **argv = malloc((keys->elements + 1) * sizeof(*argv));
			redisReply *d;

			if (argv == NULL) {
				freeReplyObject(r);
				return -1;
			}
			argv[0] = "DEL";
			for (i = 0; i < keys->elements; i++)
				argv[i + 1] = keys->element[i]->str;
			d = command(c, (int)keys->elements + 1, argv, NULL);
			free(argv);
			if (d == NULL || d->type != REDIS_REPLY_INTEGER) {
				freeReplyObject(d);
				freeReplyObject(r);
				return -1;
			}
			*deleted += d->integer;
			freeReplyObject(d);
		}
		freeReplyObject(r);
	} while (strcmp(cursor, "0") != 0);
	return 0;
}

int
cache_send(struct cache *c, int argc, const char *const *argv)
{
	int done = 0;

	if (!drain(c) || (c->ctx == NULL && !cache_connect(c)))
		return -1;
	if (redisAppendCommandArgv(c->ctx, argc, (const char **)argv, NULL) != REDIS_OK)
		goto broken;
	while (!done)
		if (redisBufferWrite(c->ctx, &done) != REDIS_OK)
			goto broken;
	c->unread++;
	return 0;
broken:
	broken(c, argv[0]);
	return -1;
}
