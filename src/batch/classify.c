/*
 * classify.c -- `billboard-batch classify`: the built-in classifier on standard input, one
 * text per line, one verdict per line ("category<TAB>what matched") on standard output. For
 * operators checking a phrase, and for measuring the classifier (tests/moderation/).
 */
#include <stdio.h>
#include <string.h>

#include "batch/jobs.h"
#include "core/classify.h"

/* Longer lines are classified in pieces of this size. */
#define LINE_MAX_BYTES 65536

int
job_classify(struct store *s, const struct config *cfg, int argc, char **argv)
{
	static char line[LINE_MAX_BYTES];
	struct classifier *c;
	int ret = 0;

	(void)s;
	(void)cfg;
	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: billboard-batch classify < texts (one per line)\n");
		return 2;
	}
	if ((c = classifier_new()) == NULL)
		return 1;
	while (fgets(line, sizeof(line), stdin) != NULL) {
		struct classify_verdict v;
		size_t len = strcspn(line, "\n");

		if (classify_text(c, line, len, &v) != 0) {
			ret = 1;
			break;
		}
		printf("%s\t%s\n", classify_category_name(v.category), v.match);
	}
	classifier_free(c);
	return ret;
}
