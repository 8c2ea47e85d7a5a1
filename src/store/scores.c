/* scores.c -- persistence of ML scores. */
#include <stdio.h>
#include <string.h>

#include "store/store.h"

/*
 * One round trip: the existence of both parties and the upsert. Nothing is written unless
 * both exist.
 */
static const struct db_stmt put_stmt = {
	"scores_put",
	"WITH c AS (SELECT 1 FROM clients WHERE client_id = $1), "
	"     a AS (SELECT 1 FROM advertisers WHERE advertiser_id = $2), "
	"     ins AS (INSERT INTO ml_scores (client_id, advertiser_id, score) "
	"             SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM c) "
	"                                 AND EXISTS (SELECT 1 FROM a) "
	"             ON CONFLICT (client_id, advertiser_id) "
	"             DO UPDATE SET score = EXCLUDED.score RETURNING 1) "
	"SELECT EXISTS (SELECT 1 FROM c), EXISTS (SELECT 1 FROM a)",
	true,
};

int
scores_put(struct store *s, const struct ml_score *score)
{
	char num[24];
	const char *params[] = { score->client_id.s, score->advertiser_id.s, num };
	struct db_res *res = NULL;
	int ret = -1;

	snprintf(num, sizeof(num), "%lld", (long long)score->score);
	if (db_exec(s->db, &put_stmt, 3, params, &res) != DB_OK || db_rows(res) != 1)
		goto done;
	if (strcmp(db_val(res, 0, 0), "t") != 0)
		ret = 1;
	else if (strcmp(db_val(res, 0, 1), "t") != 0)
		ret = 2;
	else
		ret = 0;
done:
	db_res_free(res);
	return ret;
}
