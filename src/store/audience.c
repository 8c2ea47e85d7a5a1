/*
 * audience.c -- what GET /ads needs to know about one client, in one Redis round trip: the
 * day, the catalogue version, and the client's bundle (profile, ML scores by advertiser,
 * campaigns seen and clicked), a hash rebuilt from PostgreSQL whenever it is missing.
 *
 * Writers that change a client's profile or scores bump the client's generation and drop
 * the bundle; a rebuild writes its bundle only if the generation it started from is still
 * current, so an old read can never overwrite a newer write.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "store/store.h"

#define DAY_KEY "bb:day"
#define CATALOG_KEY "bb:catalog"
#define BUNDLE_PREFIX "bb:c:"
#define GEN_PREFIX "bb:g:"
/* Key lengths: prefix + UUID + NUL. */
#define KEY_MAX 48

static const struct db_stmt rebuild_stmt = {
	"audience_rebuild",
	"SELECT c.age, c.gender, c.location, "
	"  COALESCE((SELECT string_agg(advertiser_id::text || ':' || score, ',') "
	"            FROM ml_scores WHERE client_id = $1), ''), "
	"  COALESCE((SELECT string_agg(campaign_id::text, ',') "
	"            FROM impressions WHERE client_id = $1), ''), "
	"  COALESCE((SELECT string_agg(campaign_id::text, ',') "
	"            FROM clicks WHERE client_id = $1), '') "
	"FROM clients c WHERE c.client_id = $1",
	true,
};

static const struct cache_script store_bundle_script = {
	"audience_store",
	"local g = redis.call('GET', KEYS[2]) or '' "
	"if g ~= ARGV[1] then return 0 end "
	"redis.call('DEL', KEYS[1]) "
	"for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end "
	"return 1",
};

static const struct cache_script note_script = {
	"audience_note",
	"if redis.call('EXISTS', KEYS[1]) == 1 then "
	"  local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') "
	"  if cur < tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end "
	"  return 1 "
	"end return 0",
};

static void
key_of(char out[KEY_MAX], const char *prefix, const char *id)
{
	snprintf(out, KEY_MAX, "%s%s", prefix, id);
}

/* A decimal integer of 0..INT64_MAX, the whole range the API accepts for a score. */
static bool
parse_i64(const char *s, size_t n, int64_t *out)
{
	int64_t v = 0;
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++) {
		int d = s[i] - '0';

		if (d < 0 || d > 9 || v > (INT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* "age\tgender\tlocation" */
static bool
parse_profile(const char *s, size_t n, struct arena *a, struct client *out)
{
	const char *tab1 = memchr(s, '\t', n), *tab2;
	int64_t age;

	if (tab1 == NULL)
		return false;
	tab2 = memchr(tab1 + 1, '\t', n - (size_t)(tab1 + 1 - s));
	if (tab2 == NULL || !parse_i64(s, (size_t)(tab1 - s), &age) || tab2 - tab1 != 2)
		return false;
	out->age = (int)age;
	out->gender = tab1[1] == 'M' ? GENDER_MALE : GENDER_FEMALE;
	out->location_len = n - (size_t)(tab2 + 1 - s);
	out->location = arena_strndup(a, tab2 + 1, out->location_len);
	out->login = "";
	out->login_len = 0;
	return out->location != NULL;
}

static int
note_score(struct audience *au, const char *adv, const char *val, size_t len)
{
	struct audience_item *it = &au->scores[au->nscores];
	int64_t score;

	if (!parse_i64(val, len, &score))
		return 0; /* an unreadable score counts as none */
	if (!uuid_parse(adv, UUID_STR_LEN, &it->id))
		return 0;
	it->value = score;
	au->nscores++;
	return 0;
}

/* A campaign seen then clicked appears twice; readers keep the larger state. */
static int
note_state(struct audience *au, const char *campaign, int64_t state)
{
	struct audience_item *it = &au->events[au->nevents];

	if (!uuid_parse(campaign, UUID_STR_LEN, &it->id))
		return 0;
	it->value = state;
	au->nevents++;
	return 0;
}

/* Room for n scores and n events. */
static bool
alloc_items(struct audience *au, size_t nscores, size_t nevents, struct arena *a)
{
	au->scores = arena_alloc(a, (nscores + 1) * sizeof(*au->scores));
	au->events = arena_alloc(a, (nevents + 1) * sizeof(*au->events));
	au->nscores = au->nevents = 0;
	return au->scores != NULL && au->events != NULL;
}

/* Fills au from an HGETALL reply; false when the bundle is absent or unreadable. */
static bool
from_bundle(const struct cache_reply *r, struct arena *a, struct audience *au)
{
	size_t i, nfields;
	bool have_profile = false;

	if (r->type != CACHE_ARRAY || r->n < 2 || r->n % 2 != 0)
		return false;
	nfields = r->n / 2;
	if (!alloc_items(au, nfields, nfields, a))
		return false;
	for (i = 0; i < r->n; i += 2) {
		const struct cache_reply *f = &r->elements[i], *v = &r->elements[i + 1];

		if (f->type != CACHE_STR || v->type != CACHE_STR)
			return false;
		if (f->len == 1 && f->str[0] == 'p') {
			have_profile = parse_profile(v->str, v->len, a, &au->client);
			if (!have_profile)
				return false;
		} else if (f->len == 2 + UUID_STR_LEN && f->str[0] == 's' && f->str[1] == ':') {
			if (note_score(au, f->str + 2, v->str, v->len) != 0)
				return false;
		} else if (f->len == 2 + UUID_STR_LEN && f->str[0] == 'v' && f->str[1] == ':') {
			int64_t state;

			if (parse_i64(v->str, v->len, &state) &&
			    note_state(au, f->str + 2, state) != 0)
				return false;
		}
	}
	return have_profile;
}

/* Counts the items of a comma-separated list. */
static size_t
list_len(const char *s)
{
	size_t n = *s ? 1 : 0;

	for (; *s; s++)
		n += *s == ',';
	return n;
}

/*
 * Rebuilds the bundle from PostgreSQL into au and, when the generation has not moved, into
 * Redis. 1 found, 0 no such client, -1 error.
 */
static int
rebuild(struct store *s, const struct uuid_str *id, const char *gen, struct arena *a,
    struct audience *au)
{
	const char *params[] = { id->s };
	struct db_res *res = NULL;
	const char **args = NULL;
	char bundle_key[KEY_MAX], gen_key[KEY_MAX], profile[64 + MODEL_NAME_MAX];
	const char *keys[] = { bundle_key, gen_key };
	const char *scores, *seen, *clicked, *p;
	size_t nscores, nseen, nclicked, nargs = 0;
	long long age;
	int ret = -1;

	if (db_exec(s->db, &rebuild_stmt, 1, params, &res) != DB_OK)
		goto done;
	if (db_rows(res) == 0) {
		ret = 0;
		goto done;
	}
	if (!db_i64(res, 0, 0, &age))
		goto done;
	au->client.id = *id;
	au->client.age = (int)age;
	au->client.gender = strcmp(db_val(res, 0, 1), "MALE") == 0 ? GENDER_MALE : GENDER_FEMALE;
	au->client.location_len = db_len(res, 0, 2);
	au->client.location = arena_strndup(a, db_val(res, 0, 2), au->client.location_len);
	au->client.login = "";
	au->client.login_len = 0;
	scores = db_val(res, 0, 3);
	seen = db_val(res, 0, 4);
	clicked = db_val(res, 0, 5);
	nscores = list_len(scores);
	nseen = list_len(seen);
	nclicked = list_len(clicked);
	/* the generation, "p" and the profile, then a field and a value per item */
	args = arena_alloc(a, (3 + 2 * (nscores + nseen + nclicked)) * sizeof(*args));
	if (au->client.location == NULL || args == NULL ||
	    !alloc_items(au, nscores, nseen + nclicked, a))
		goto done;
	args[nargs++] = gen;
	snprintf(profile, sizeof(profile), "%d\t%c\t", au->client.age,
	    au->client.gender == GENDER_MALE ? 'M' : 'F');
	args[nargs++] = "p";
	{
		size_t plen = strlen(profile);
		char *full = arena_alloc(a, plen + au->client.location_len + 1);

		if (full == NULL)
			goto done;
		memcpy(full, profile, plen);
		memcpy(full + plen, au->client.location, au->client.location_len + 1);
		args[nargs++] = full;
	}
	/* "adv:score,adv:score" */
	for (p = scores; *p; p += *p == ',') {
		const char *colon = p + UUID_STR_LEN, *end;
		char *field, *val;

		if (strlen(p) < UUID_STR_LEN + 2 || *colon != ':')
			goto done;
		end = strchr(colon, ',');
		if (end == NULL)
			end = colon + strlen(colon);
		field = arena_alloc(a, 3 + UUID_STR_LEN);
		val = arena_strndup(a, colon + 1, (size_t)(end - colon - 1));
		if (field == NULL || val == NULL)
			goto done;
		field[0] = 's';
		field[1] = ':';
		memcpy(field + 2, p, UUID_STR_LEN);
		field[2 + UUID_STR_LEN] = '\0';
		if (note_score(au, p, val, strlen(val)) != 0)
			goto done;
		args[nargs++] = field;
		args[nargs++] = val;
		p = end;
	}
	for (int pass = 0; pass < 2; pass++) {
		const char *list = pass == 0 ? seen : clicked;

		for (p = list; *p; p += *p == ',') {
			char *field = arena_alloc(a, 3 + UUID_STR_LEN);

			if (strlen(p) < UUID_STR_LEN || field == NULL)
				goto done;
			field[0] = 'v';
			field[1] = ':';
			memcpy(field + 2, p, UUID_STR_LEN);
			field[2 + UUID_STR_LEN] = '\0';
			if (note_state(au, p, pass == 0 ? AUDIENCE_SEEN : AUDIENCE_CLICKED) != 0)
				goto done;
			args[nargs++] = field;
			args[nargs++] = pass == 0 ? "1" : "2";
			p += UUID_STR_LEN;
		}
	}
	key_of(bundle_key, BUNDLE_PREFIX, id->s);
	key_of(gen_key, GEN_PREFIX, id->s);
	if (cache_eval_i64(s->cache, &store_bundle_script, 2, keys, (int)nargs, args, NULL) != 0)
		log_warn("audience: cannot cache client %s", id->s);
	ret = 1;
done:
	db_res_free(res);
	return ret;
}

int
audience_load(struct store *s, const struct uuid_str *id, struct arena *a, struct audience *au)
{
	char bundle_key[KEY_MAX], gen_key[KEY_MAX];
	const char *get_day[] = { "GET", DAY_KEY };
	const char *get_catalog[] = { "GET", CATALOG_KEY };
	const char *get_gen[] = { "GET", gen_key };
	const char *get_bundle[] = { "HGETALL", bundle_key };
	const struct cache_cmd cmds[] = {
		{ 2, get_day, NULL },
		{ 2, get_catalog, NULL },
		{ 2, get_gen, NULL },
		{ 2, get_bundle, NULL },
	};
	struct cache_reply replies[NELEM(cmds)];
	const char *gen = "";
	int64_t v;

	memset(au, 0, sizeof(*au));
	au->day = -1;
	au->version = -1;
	key_of(bundle_key, BUNDLE_PREFIX, id->s);
	key_of(gen_key, GEN_PREFIX, id->s);
	if (cache_pipeline(s->cache, NELEM(cmds), cmds, replies, a) == 0) {
		if (replies[0].type == CACHE_STR && parse_i64(replies[0].str, replies[0].len, &v))
			au->day = v;
		if (replies[1].type == CACHE_STR && parse_i64(replies[1].str, replies[1].len, &v))
			au->version = v;
		if (replies[2].type == CACHE_STR)
			gen = replies[2].str;
		if (from_bundle(&replies[3], a, au)) {
			au->client.id = *id;
			goto have_client;
		}
	}
	switch (rebuild(s, id, gen, a, au)) {
	case 1:
		break;
	case 0:
		return 0;
	default:
		return -1;
	}
have_client:
	if (au->day < 0 && clock_get(s, &au->day) != 0)
		return -1;
	if (au->version < 0 && campaigns_catalog_version(s, &au->version) != 0)
		return -1;
	return 1;
}

void
audience_forget(struct store *s, const char *const *ids, size_t n, struct arena *a)
{
	/* Pipelined in batches: a bulk of 100 000 clients is 200 000 commands. */
	enum { BATCH = 512 };
	struct cache_cmd cmds[2 * BATCH];
	struct cache_reply replies[2 * BATCH];
	const char *argv[2 * BATCH][2];
	char keys[2 * BATCH][KEY_MAX];
	size_t i, k;

	for (i = 0; i < n; i += BATCH) {
		size_t m = n - i < BATCH ? n - i : BATCH;

		for (k = 0; k < m; k++) {
			key_of(keys[2 * k], GEN_PREFIX, ids[i + k]);
			key_of(keys[2 * k + 1], BUNDLE_PREFIX, ids[i + k]);
			argv[2 * k][0] = "INCR";
			argv[2 * k][1] = keys[2 * k];
			argv[2 * k + 1][0] = "DEL";
			argv[2 * k + 1][1] = keys[2 * k + 1];
			cmds[2 * k] = (struct cache_cmd){ 2, argv[2 * k], NULL };
			cmds[2 * k + 1] = (struct cache_cmd){ 2, argv[2 * k + 1], NULL };
		}
		if (cache_pipeline(s->cache, 2 * m, cmds, replies, a) != 0)
			log_warn("audience: cannot drop cached clients; they are rebuilt when "
			         "Redis is back");
	}
}

void
audience_note(
    struct store *s, const struct uuid_str *client, const struct uuid_str *campaign, bool clicked)
{
	char bundle_key[KEY_MAX], field[3 + UUID_STR_LEN];
	const char *argv[] = { "EVAL", note_script.lua, "1", bundle_key, field,
		clicked ? "2" : "1" };

	key_of(bundle_key, BUNDLE_PREFIX, client->s);
	snprintf(field, sizeof(field), "v:%s", campaign->s);
	/* Nobody waits on it: the event is in PostgreSQL, this only saves a later rebuild. */
	if (cache_send(s->cache, NELEM(argv), argv) != 0)
		log_warn("audience: cannot note an event of client %s", client->s);
}
