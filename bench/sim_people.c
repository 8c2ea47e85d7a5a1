/* sim_people.c -- what each simulated person saw and clicked (see sim_people.h). */
#include <stdlib.h>
#include <string.h>

#include "sim_people.h"

int
sim_people_init(struct sim_people *pp, size_t n)
{
	memset(pp, 0, sizeof(*pp));
	pp->person = calloc(n + 1, sizeof(*pp->person));
	if (pp->person == NULL)
		return -1;
	pp->npeople = n;
	return 0;
}

void
sim_people_free(struct sim_people *pp)
{
	size_t i;

	for (i = 0; pp->person != NULL && i < pp->npeople; i++)
		free(pp->person[i].seen);
	free(pp->person);
	free(pp->pending);
	memset(pp, 0, sizeof(*pp));
}

static struct sim_seen *
find(const struct sim_people *pp, uint32_t i, uint32_t k)
{
	const struct sim_person *p = &pp->person[i];
	size_t j;

	for (j = 0; j < p->n; j++)
		if (p->seen[j].campaign == k)
			return &p->seen[j];
	return NULL;
}

enum select_state
sim_people_state(const struct sim_people *pp, uint32_t i, uint32_t k)
{
	const struct sim_seen *s = find(pp, i, k);

	if (s == NULL)
		return SELECT_UNSEEN;
	return s->clicked ? SELECT_CLICKED : SELECT_SEEN;
}

/* Person i's record of k, made on its first show; NULL when out of memory. */
static struct sim_seen *
record(struct sim_people *pp, uint32_t i, uint32_t k)
{
	struct sim_person *p = &pp->person[i];
	struct sim_seen *s = find(pp, i, k);

	if (s != NULL)
		return s;
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 8;
		void *n = realloc(p->seen, cap * sizeof(*p->seen));

		if (n == NULL)
			return NULL;
		p->seen = n;
		p->cap = cap;
	}
	s = &p->seen[p->n++];
	memset(s, 0, sizeof(*s));
	s->campaign = k;
	return s;
}

void
sim_people_clicked(struct sim_people *pp, uint32_t i, uint32_t k)
{
	struct sim_seen *s = find(pp, i, k);

	if (s != NULL)
		s->clicked = true;
}

/* Person i will click k, reaching the server once request `due` was served; -1: no memory. */
static int
schedule(struct sim_people *pp, uint32_t i, uint32_t k, uint64_t due)
{
	if (pp->npending == pp->cap) {
		size_t cap = pp->cap ? 2 * pp->cap : 64;
		void *n = realloc(pp->pending, cap * sizeof(*pp->pending));

		if (n == NULL)
			return -1;
		pp->pending = n;
		pp->cap = cap;
	}
	pp->pending[pp->npending].client = i;
	pp->pending[pp->npending].campaign = k;
	pp->pending[pp->npending].due = due;
	pp->npending++;
	return 0;
}

bool
sim_people_next_click(struct sim_people *pp, uint64_t now, struct sim_click *out)
{
	size_t j, best = pp->npending;

	/* Few clicks are on their way at once: a scan is enough. */
	for (j = 0; j < pp->npending; j++)
		if ((now == UINT64_MAX || pp->pending[j].due < now) &&
		    (best == pp->npending || pp->pending[j].due < pp->pending[best].due))
			best = j;
	if (best == pp->npending)
		return false;
	*out = pp->pending[best];
	/* Keep the order of the others: clicks due together arrive in the order decided. */
	memmove(&pp->pending[best], &pp->pending[best + 1],
	    (pp->npending - best - 1) * sizeof(*pp->pending));
	pp->npending--;
	return true;
}

int
sim_people_see(struct sim_people *pp, const struct sim_world *w, uint32_t i, uint32_t k,
    uint64_t now, double *expected_clicks)
{
	struct sim_seen *s = record(pp, i, k);
	uint32_t show;

	if (s == NULL)
		return -1;
	show = s->shows++;
	if (s->decided)
		return 0;
	*expected_clicks += sim_world_p_show(w, i, k, show);
	if (!sim_world_clicks(w, i, k, show))
		return 0;
	s->decided = true;
	return schedule(pp, i, k, now + sim_world_click_delay(w, i, k));
}
