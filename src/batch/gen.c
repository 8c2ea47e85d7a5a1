/* gen.c -- the two ad-text generators (see gen.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/gen.h"
#include "core/adtext.h"
#include "core/log.h"
#include "store/llm.h"

#define PROMPT_FILE "ad_text.txt"
#define SYSTEM_PROMPT "You are a copywriter who writes short, honest advertising texts."

struct gen {
	struct llm *llm; /* NULL: the built-in generator */
	char *prompt; /* the template, when llm is set */
	char model[128];
};

/* The whole of path, NUL-terminated, if it is at most max bytes; NULL otherwise (logged). */
static char *
read_small_file(const char *path, size_t max)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t n;

	if (f == NULL) {
		log_error("jobs: cannot open the prompt %s", path);
		return NULL;
	}
	if ((s = malloc(max + 1)) == NULL)
		goto done;
	n = fread(s, 1, max + 1, f);
	if (n > max || ferror(f)) {
		log_error("jobs: cannot read the prompt %s (or it exceeds %zu bytes)", path, max);
		free(s);
		s = NULL;
		goto done;
	}
	s[n] = '\0';
done:
	fclose(f);
	return s;
}

struct gen *
gen_new(void)
{
	struct gen *g = calloc(1, sizeof(*g));
	const char *dir = getenv("BILLBOARD_PROMPTS_DIR");
	struct llm_config lc;
	char path[1024];

	if (g == NULL)
		return NULL;
	llm_config_from_env(&lc);
	if (lc.base_url == NULL)
		return g;
	snprintf(g->model, sizeof(g->model), "%s", lc.model);
	if (snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "prompts", PROMPT_FILE) >=
	        (int)sizeof(path) ||
	    (g->prompt = read_small_file(path, GEN_PROMPT_MAX)) == NULL ||
	    (g->llm = llm_new(&lc)) == NULL) {
		log_error("jobs: cannot set up the language model generator");
		gen_free(g);
		return NULL;
	}
	return g;
}

void
gen_free(struct gen *g)
{
	if (g == NULL)
		return;
	llm_free(g->llm);
	free(g->prompt);
	free(g);
}

const char *
gen_name(const struct gen *g)
{
	return g->llm != NULL ? g->model : "builtin";
}

int
gen_write(struct gen *g, const char *name, const char *title, long deadline_ms, struct buf *out,
    char *err, size_t errlen)
{
	struct buf prompt, answer;
	int ret = -1;

	if (g->llm == NULL) {
		adtext_builtin(name, strlen(name), title, strlen(title), out);
		if (out->failed)
			snprintf(err, errlen, "out of memory");
		return out->failed ? -1 : 0;
	}
	buf_init(&prompt);
	buf_init(&answer);
	adtext_prompt(g->prompt, name, strlen(name), title, strlen(title), &prompt);
	if (prompt.failed) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	if (llm_chat_until(g->llm, SYSTEM_PROMPT, prompt.data, deadline_ms, &answer, err, errlen) !=
	    0)
		goto done;
	if (!adtext_clean(answer.data ? answer.data : "", answer.len, out)) {
		snprintf(err, errlen, "the model answered no text");
		goto done;
	}
	ret = 0;
done:
	buf_free(&prompt);
	buf_free(&answer);
	return ret;
}
