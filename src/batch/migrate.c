/*
 * migrate.c -- `billboard-batch migrate`: applies sql/NNN_name.sql files in name order, each in
 * its own transaction with its record in schema_migrations, so running it again is harmless.
 * An advisory lock keeps two concurrent runs from racing.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/jobs.h"
#include "core/buf.h"
#include "core/log.h"

/* Any constant shared by all migrators: "bbmigr" in ASCII. */
#define MIGRATE_LOCK_KEY "108170934331250"

static const struct db_stmt lock_stmt = {
	"migrate_lock",
	"SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")",
};
static const struct db_stmt unlock_stmt = {
	"migrate_unlock",
	"SELECT pg_advisory_unlock(" MIGRATE_LOCK_KEY ")",
};
static const struct db_stmt applied_stmt = {
	"migrate_applied",
	"SELECT 1 FROM schema_migrations WHERE version = $1",
};
static const struct db_stmt record_stmt = {
	"migrate_record",
	"INSERT INTO schema_migrations (version) VALUES ($1)",
};

static int
is_migration(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] >= '0' && d->d_name[0] <= '9' && n > 4 &&
	    strcmp(d->d_name + n - 4, ".sql") == 0;
}

static bool
read_file(const char *path, struct buf *out)
{
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return false;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(out, chunk, n);
	if (ferror(f) || out->failed) {
		fclose(f);
		return false;
	}
	fclose(f);
	if (out->data == NULL)
		buf_puts(out, "");
	return !out->failed;
}

/* Applies one file unless it was applied before. Returns 1 applied, 0 skipped, -1 failed. */
static int
apply(struct store *s, const char *dir, const char *name)
{
	const char *params[] = { name };
	struct db_res *res = NULL;
	struct buf path, sql;
	int ret = -1;

	buf_init(&path);
	buf_init(&sql);
	if (db_exec(s->db, &applied_stmt, 1, params, &res) != DB_OK)
		goto done;
	if (db_rows(res) > 0) {
		ret = 0;
		goto done;
	}
	buf_printf(&path, "%s/%s", dir, name);
	if (path.failed || !read_file(path.data, &sql)) {
		log_error("migrate: cannot read %s", path.data ? path.data : name);
		goto done;
	}
	if (db_begin(s->db) != DB_OK || db_exec_script(s->db, sql.data) != DB_OK ||
	    db_exec(s->db, &record_stmt, 1, params, NULL) != DB_OK || db_commit(s->db) != DB_OK) {
		db_rollback(s->db);
		log_error("migrate: %s failed; nothing of it was applied", name);
		goto done;
	}
	ret = 1;
done:
	db_res_free(res);
	buf_free(&path);
	buf_free(&sql);
	return ret;
}

int
job_migrate(struct store *s, const struct config *cfg, int argc, char **argv)
{
	const char *dir = cfg->sql_dir;
	struct dirent **list = NULL;
	int i, n, applied = 0, ret = 1;

	if (argc == 3 && strcmp(argv[1], "--dir") == 0) {
		dir = argv[2];
	} else if (argc != 1) {
		fprintf(stderr, "usage: billboard-batch migrate [--dir DIR]\n");
		return 2;
	}
	n = scandir(dir, &list, is_migration, alphasort);
	if (n < 0) {
		log_error("migrate: cannot list %s", dir);
		return 1;
	}
	if (db_exec_script(s->db,
	        "CREATE TABLE IF NOT EXISTS schema_migrations ("
	        "version text PRIMARY KEY, "
	        "applied_at timestamptz NOT NULL DEFAULT now())") != DB_OK ||
	    db_exec(s->db, &lock_stmt, 0, NULL, NULL) != DB_OK)
		goto done;
	for (i = 0; i < n; i++) {
		int r = apply(s, dir, list[i]->d_name);

		if (r < 0)
			goto unlock;
		if (r > 0) {
			log_info("migrate: applied %s", list[i]->d_name);
			applied++;
		}
	}
	log_info("migrate: %d applied, %d already in place", applied, n - applied);
	ret = 0;
unlock:
	if (db_exec(s->db, &unlock_stmt, 0, NULL, NULL) != DB_OK)
		ret = 1;
done:
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return ret;
}
