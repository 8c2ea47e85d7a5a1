/* main.c -- billboard-batch: migrations and background jobs, run by hand or by cron. */
#include <stdio.h>
#include <string.h>

#include "batch/jobs.h"
#include "core/compat.h"
#include "core/log.h"
#include "store/config.h"

struct command {
	const char *name;
	const char *summary;
	int (*run)(struct store *s, const struct config *cfg, int argc, char **argv);
};

static const struct command commands[] = {
	{ "migrate", "apply the SQL migrations not applied yet ([--dir DIR])", job_migrate },
	{ "cache-rebuild", "refill Redis from PostgreSQL (day, catalogue, client bundles)",
	    job_cache_rebuild },
	{ "recorder",
	    "write the workers' first shows in groups (--socket PATH; runs until stopped)",
	    job_recorder },
	{ "images-gc", "delete images no campaign shows ([--grace SECONDS] [--page KEYS])",
	    job_images_gc },
	{ "user", "add LOGIN --role admin|moderator: an operator account (password on stdin)",
	    job_user },
	{ "moderate", "classify new reports and screen changed campaigns ([--batch N])",
	    job_moderate },
	{ "classify", "the built-in classifier on stdin, one text per line", job_classify },
	{ "jobs", "run background jobs (ad texts): --once, or --follow as a service", job_jobs },
};

static void
usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: billboard-batch COMMAND [options]\n\ncommands:\n");
	for (i = 0; i < NELEM(commands); i++)
		fprintf(out, "  %-14s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nenvironment:\n%s", config_help);
}

int
main(int argc, char **argv)
{
	struct store store;
	struct config cfg;
	size_t i;
	int ret;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (i = 0; i < NELEM(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			break;
	if (i == NELEM(commands)) {
		fprintf(stderr, "billboard-batch: unknown command '%s'\n", argv[1]);
		usage(stderr);
		return 2;
	}
	config_from_env(&cfg);
	if (store_open(&store, &cfg) != 0) {
		log_error("cannot set up the store");
		return 1;
	}
	ret = commands[i].run(&store, &cfg, argc - 1, argv + 1);
	store_close(&store);
	return ret;
}
