/* sim_lp.c -- the LP upper bound on a world's expected revenue, solved by GLPK (see sim_lp.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glpk.h>

#include "sim_lp.h"

/* The objective in money units rather than micros keeps the solver's numbers near 1. */
#define UNITS 1e6
/* A share of first shows is counted "relevant" from this percentile on. */
#define TOP_HALF 0.5

/* What a column stands for: every column is an answer of some kind. */
enum col_kind {
	COL_FIRST, /* x[i,k,d]: a first show */
	COL_REPEAT, /* y[i,k]: repeats that can bring a click (repeat factor > 0) */
	COL_SHOW, /* z[i,k,d]: repeats counted as answers only (the frontier) */
};

/* The requests of one client on one day, and the row that caps them. */
struct slot {
	uint32_t day;
	uint32_t n;
	int row;
};

/* The LP as triplets (GLPK counts from 1: index 0 of each array is unused). */
struct lp {
	int *ia;
	int *ja;
	double *ar;
	size_t nz;
	size_t nzcap;
	double *obj; /* by column */
	double *colub; /* by column: its upper bound */
	double *rel; /* by column: the percentile of its advertiser for its client */
	unsigned char *kind; /* by column: enum col_kind */
	size_t ncols;
	size_t colcap;
	int nrows;
	int fixed_rows; /* rows up to this one: campaigns and slots; after it, per (i, c) */
	double *rowub; /* by row above fixed_rows: its upper bound */
	size_t rowcap;
	int *client_row; /* by client: the row of all its requests (0: none yet) */
	bool shows; /* add the answer-only repeats z (the frontier) */
	struct slot *slots; /* by client, then by day */
	size_t *first_slot; /* client i's slots: [first_slot[i], first_slot[i + 1]) */
};

/*
 * A new column of objective coefficient c in [0, ub], an answer of percentile q; its number,
 * or -1 when out of memory.
 */
static int
add_col(struct lp *lp, double c, double ub, double q, enum col_kind kind)
{
	if (lp->ncols + 1 >= lp->colcap) {
		size_t cap = lp->colcap ? 2 * lp->colcap : 1024;
		double *obj = realloc(lp->obj, cap * sizeof(*obj)), *colub, *rel;
		unsigned char *kinds;

		if (obj == NULL)
			return -1;
		lp->obj = obj;
		if ((colub = realloc(lp->colub, cap * sizeof(*colub))) == NULL)
			return -1;
		lp->colub = colub;
		if ((rel = realloc(lp->rel, cap * sizeof(*rel))) == NULL)
			return -1;
		lp->rel = rel;
		if ((kinds = realloc(lp->kind, cap * sizeof(*kinds))) == NULL)
			return -1;
		lp->kind = kinds;
		lp->colcap = cap;
	}
	lp->obj[++lp->ncols] = c;
	lp->colub[lp->ncols] = ub;
	lp->rel[lp->ncols] = q;
	lp->kind[lp->ncols] = (unsigned char)kind;
	return (int)lp->ncols;
}

/* A new row (after the fixed ones) of upper bound ub; its number, or -1 when out of memory. */
static int
add_row(struct lp *lp, double ub)
{
	size_t k = (size_t)(++lp->nrows - lp->fixed_rows);

	if (k >= lp->rowcap) {
		size_t cap = lp->rowcap ? 2 * lp->rowcap : 1024;
		double *rowub = realloc(lp->rowub, cap * sizeof(*rowub));

		if (rowub == NULL)
			return -1;
		lp->rowub = rowub;
		lp->rowcap = cap;
	}
	lp->rowub[k] = ub;
	return lp->nrows;
}

static int
add_nz(struct lp *lp, int row, int col, double v)
{
	if (lp->nz + 1 >= lp->nzcap) {
		size_t cap = lp->nzcap ? 2 * lp->nzcap : 4096;
		int *ia = realloc(lp->ia, cap * sizeof(*ia));
		int *ja;
		double *ar;

		if (ia == NULL)
			return -1;
		lp->ia = ia;
		if ((ja = realloc(lp->ja, cap * sizeof(*ja))) == NULL)
			return -1;
		lp->ja = ja;
		if ((ar = realloc(lp->ar, cap * sizeof(*ar))) == NULL)
			return -1;
		lp->ar = ar;
		lp->nzcap = cap;
	}
	lp->nz++;
	lp->ia[lp->nz] = row;
	lp->ja[lp->nz] = col;
	lp->ar[lp->nz] = v;
	return 0;
}

/* The (client, day) slots with requests, grouped by client; rows 2C+1.. in that order. */
static int
make_slots(const struct sim_world *w, struct lp *lp)
{
	uint32_t *count = calloc((size_t)w->p.clients + 1, sizeof(*count));
	size_t *fill = calloc((size_t)w->p.clients + 1, sizeof(*fill));
	size_t total = 0, q, i;
	uint32_t d;
	int rc = -1;

	lp->first_slot = calloc((size_t)w->p.clients + 1, sizeof(*lp->first_slot));
	lp->slots = calloc((size_t)w->day_start[w->p.days] + 1, sizeof(*lp->slots));
	if (count == NULL || fill == NULL || lp->first_slot == NULL || lp->slots == NULL)
		goto done;
	/* Days are in order, so each client's slots come out by day. */
	for (d = 0; d < w->p.days; d++) {
		for (q = w->day_start[d]; q < w->day_start[d + 1]; q++)
			if (count[w->requests[q]]++ == 0)
				fill[w->requests[q]]++;
		for (q = w->day_start[d]; q < w->day_start[d + 1]; q++)
			count[w->requests[q]] = 0;
	}
	for (i = 0; i < w->p.clients; i++) {
		lp->first_slot[i] = total;
		total += fill[i];
		fill[i] = lp->first_slot[i];
	}
	lp->first_slot[w->p.clients] = total;
	for (d = 0; d < w->p.days; d++) {
		for (q = w->day_start[d]; q < w->day_start[d + 1]; q++)
			if (count[w->requests[q]]++ == 0)
				lp->slots[fill[w->requests[q]]++].day = d;
		for (q = w->day_start[d]; q < w->day_start[d + 1]; q++) {
			uint32_t c = w->requests[q];

			if (count[c] > 0) {
				lp->slots[fill[c] - 1].n = count[c];
				count[c] = 0;
			}
		}
	}
	for (i = 0; i < total; i++)
		lp->slots[i].row = 2 * (int)w->p.campaigns + 1 + (int)i;
	lp->nrows = 2 * (int)w->p.campaigns + (int)total;
	lp->fixed_rows = lp->nrows;
	rc = 0;
done:
	free(count);
	free(fill);
	return rc;
}

/*
 * Repeats y[i,k] of k to i, when repeats can bring clicks: each worth cpc * p * f, counted in
 * k's click row and in i's row of all requests (days merged: a relaxation), and at most m
 * times the first shows of (i, k) (link row), where m = min(the requests of i while k runs -
 * 1, (1 - p) / (p f)): no repeat of a campaign never shown, no more chances than a person has.
 */
static int
make_repeat(const struct sim_world *w, struct lp *lp, uint32_t i, uint32_t k, double p, double q,
    int first_col, int last_col)
{
	const struct sim_campaign *c = &w->campaigns[k];
	double f = w->p.f.repeat_factor, m, requests = 0;
	int col, link;
	size_t s;

	for (s = lp->first_slot[i]; s < lp->first_slot[i + 1]; s++)
		if (lp->slots[s].day >= c->start && lp->slots[s].day <= c->end)
			requests += lp->slots[s].n;
	m = requests - 1;
	if ((1 - p) / (p * f) < m)
		m = (1 - p) / (p * f);
	if (m <= 0)
		return 0;
	if ((link = add_row(lp, 0.0)) < 0 ||
	    (col = add_col(lp, (double)c->cost_per_click * p * f / UNITS, m, q, COL_REPEAT)) < 0)
		return -1;
	for (s = (size_t)first_col; s <= (size_t)last_col; s++)
		if (add_nz(lp, link, (int)s, -m) != 0)
			return -1;
	if (add_nz(lp, link, col, 1.0) != 0 ||
	    add_nz(lp, (int)(w->p.campaigns + k) + 1, col, p * f) != 0 ||
	    add_nz(lp, lp->client_row[i], col, 1.0) != 0)
		return -1;
	return 0;
}

/*
 * Repeats that count only as answers, z[i,k,d] for each slot of i on a day k runs: worth
 * nothing (what a repeat's click may earn is y's, make_repeat), counted in the slot's row (and
 * in i's row of all requests when there is one), and at most n[i,d] times the first shows of
 * (i, k) on days up to d (a link row per z). x[i,k,.] are columns first_col.. in slot order.
 */
static int
make_shows(
    const struct sim_world *w, struct lp *lp, uint32_t i, uint32_t k, double q, int first_col)
{
	const struct sim_campaign *c = &w->campaigns[k];
	int j = 0, t, col, link;
	size_t s;

	for (s = lp->first_slot[i]; s < lp->first_slot[i + 1]; s++) {
		const struct slot *sl = &lp->slots[s];

		if (sl->day < c->start || sl->day > c->end)
			continue;
		if ((link = add_row(lp, 0.0)) < 0 ||
		    (col = add_col(lp, 0.0, (double)sl->n, q, COL_SHOW)) < 0)
			return -1;
		if (add_nz(lp, link, col, 1.0) != 0 || add_nz(lp, sl->row, col, 1.0) != 0 ||
		    (lp->client_row[i] > 0 && add_nz(lp, lp->client_row[i], col, 1.0) != 0))
			return -1;
		for (t = 0; t <= j; t++)
			if (add_nz(lp, link, first_col + t, -(double)sl->n) != 0)
				return -1;
		j++;
	}
	return 0;
}

/* All the requests of client i. */
static double
client_requests(const struct lp *lp, uint32_t i)
{
	double n = 0;
	size_t s;

	for (s = lp->first_slot[i]; s < lp->first_slot[i + 1]; s++)
		n += lp->slots[s].n;
	return n;
}

/* Columns x[i,k,d] for every slot of client i on a day k runs, and the row of (i, k). */
static int
make_columns(const struct sim_world *w, struct lp *lp)
{
	uint32_t i, k;
	size_t s;

	for (i = 0; i < w->p.clients; i++) {
		for (k = 0; k < w->p.campaigns; k++) {
			const struct sim_campaign *c = &w->campaigns[k];
			double p, q;
			int pair_row = 0, first_col = 0, col = 0;

			if (!sim_world_targets(w, k, i))
				continue;
			if (w->p.f.repeat_factor > 0 && lp->client_row[i] == 0 &&
			    (lp->client_row[i] = add_row(lp, client_requests(lp, i))) < 0)
				return -1;
			p = sim_world_p_click(w, i, k);
			q = sim_world_percentile(w, i, c->advertiser);
			for (s = lp->first_slot[i]; s < lp->first_slot[i + 1]; s++) {
				const struct slot *sl = &lp->slots[s];

				if (sl->day < c->start || sl->day > c->end)
					continue;
				if (pair_row == 0 && (pair_row = add_row(lp, 1.0)) < 0)
					return -1;
				col = add_col(lp,
				    ((double)c->cost_per_impression +
				        (double)c->cost_per_click * p) /
				        UNITS,
				    1.0, q, COL_FIRST);
				if (col < 0)
					return -1;
				if (first_col == 0)
					first_col = col;
				if (add_nz(lp, (int)k + 1, col, 1.0) != 0 ||
				    add_nz(lp, (int)(w->p.campaigns + k) + 1, col, p) != 0 ||
				    add_nz(lp, sl->row, col, 1.0) != 0 ||
				    add_nz(lp, pair_row, col, 1.0) != 0 ||
				    (lp->client_row[i] > 0 &&
				        add_nz(lp, lp->client_row[i], col, 1.0) != 0))
					return -1;
			}
			if (first_col > 0 && w->p.f.repeat_factor > 0 &&
			    make_repeat(w, lp, i, k, p, q, first_col, col) != 0)
				return -1;
			if (first_col > 0 && lp->shows &&
			    make_shows(w, lp, i, k, q, first_col) != 0)
				return -1;
		}
	}
	return 0;
}

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The LP as a GLPK problem (rows of campaigns, slots, then the rest; every column). */
static glp_prob *
load(const struct sim_world *w, const struct lp *lp)
{
	glp_prob *prob = glp_create_prob();
	uint32_t k;
	size_t s;
	int r;

	glp_set_obj_dir(prob, GLP_MAX);
	glp_add_rows(prob, lp->nrows);
	for (k = 0; k < w->p.campaigns; k++) {
		glp_set_row_bnds(
		    prob, (int)k + 1, GLP_UP, 0, (double)w->campaigns[k].impressions_limit);
		glp_set_row_bnds(prob, (int)(w->p.campaigns + k) + 1, GLP_UP, 0,
		    (double)w->campaigns[k].clicks_limit);
	}
	for (s = 0; s < lp->first_slot[w->p.clients]; s++)
		glp_set_row_bnds(prob, lp->slots[s].row, GLP_UP, 0, lp->slots[s].n);
	for (r = lp->fixed_rows + 1; r <= lp->nrows; r++)
		glp_set_row_bnds(prob, r, GLP_UP, 0, lp->rowub[r - lp->fixed_rows]);
	glp_add_cols(prob, (int)lp->ncols);
	for (s = 1; s <= lp->ncols; s++) {
		glp_set_col_bnds(prob, (int)s, GLP_DB, 0.0, lp->colub[s]);
		glp_set_obj_coef(prob, (int)s, lp->obj[s]);
	}
	glp_load_matrix(prob, (int)lp->nz, lp->ia, lp->ja, lp->ar);
	return prob;
}

/*
 * Solves prob: from its current basis by the dual simplex when warm (only a row changed since
 * the last solve), else from scratch with the presolver. 0: optimal, 1: infeasible, -1: the
 * solver failed.
 */
static int
solve_prob(glp_prob *prob, bool warm, double *seconds)
{
	glp_smcp parm;
	double t0 = now_seconds();
	int r;

	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	if (warm) {
		parm.meth = GLP_DUALP;
		r = glp_simplex(prob, &parm);
		if (r != 0) { /* a basis the change made singular: start afresh */
			glp_adv_basis(prob, 0);
			r = glp_simplex(prob, &parm);
		}
	} else {
		parm.presolve = GLP_ON;
		r = glp_simplex(prob, &parm);
	}
	*seconds += now_seconds() - t0;
	if (r == GLP_ENOPFS || (r == 0 && glp_get_status(prob) == GLP_NOFEAS))
		return 1;
	return r == 0 && glp_get_status(prob) == GLP_OPT ? 0 : -1;
}

/* Frees what the LP's builder allocated. */
static void
lp_free(struct lp *lp)
{
	free(lp->ia);
	free(lp->ja);
	free(lp->ar);
	free(lp->obj);
	free(lp->colub);
	free(lp->rel);
	free(lp->kind);
	free(lp->rowub);
	free(lp->client_row);
	free(lp->slots);
	free(lp->first_slot);
}

/* Builds the LP of w, with the answer-only repeats when shows is set. */
static int
lp_make(const struct sim_world *w, struct lp *lp, bool shows)
{
	memset(lp, 0, sizeof(*lp));
	lp->shows = shows;
	glp_term_out(GLP_OFF);
	lp->client_row = calloc((size_t)w->p.clients + 1, sizeof(*lp->client_row));
	if (lp->client_row == NULL || make_slots(w, lp) != 0 || make_columns(w, lp) != 0)
		return -1;
	return 0;
}

int
sim_lp_bound(const struct sim_world *w, struct sim_bound *out)
{
	struct lp lp;
	glp_prob *prob;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (lp_make(w, &lp, false) != 0)
		goto done;
	out->columns = lp.ncols;
	out->rows = (size_t)lp.nrows;
	if (lp.ncols == 0) {
		rc = 0;
		goto done;
	}
	prob = load(w, &lp);
	if (solve_prob(prob, false, &out->seconds) == 0) {
		out->revenue = glp_get_obj_val(prob) * UNITS;
		rc = 0;
	}
	glp_delete_prob(prob);
done:
	lp_free(&lp);
	return rc;
}

/*
 * Sets row to a sum over all answers (every column): of (q - R) * answer >= 0 when relevance
 * is set (a mean percentile of at least R), else of answer >= min (at least min answers).
 */
static int
set_answers_row(glp_prob *prob, const struct lp *lp, int row, bool relevance, double r, double min)
{
	int *ind = calloc(lp->ncols + 1, sizeof(*ind));
	double *val = calloc(lp->ncols + 1, sizeof(*val));
	size_t j;

	if (ind == NULL || val == NULL) {
		free(ind);
		free(val);
		return -1;
	}
	for (j = 1; j <= lp->ncols; j++) {
		ind[j] = (int)j;
		val[j] = relevance ? lp->rel[j] - r : 1.0;
	}
	glp_set_mat_row(prob, row, (int)lp->ncols, ind, val);
	glp_set_row_bnds(prob, row, GLP_LO, relevance ? 0.0 : min, 0.0);
	free(ind);
	free(val);
	return 0;
}

/* What the optimal answers of prob look like. */
static void
describe(glp_prob *prob, const struct lp *lp, struct sim_frontier_point *pt)
{
	double repeats = 0, rep_q = 0, first_q = 0;
	size_t j;

	pt->revenue = glp_get_obj_val(prob) * UNITS;
	for (j = 1; j <= lp->ncols; j++) {
		double v = glp_get_col_prim(prob, (int)j);

		pt->answers += v;
		if (lp->kind[j] != COL_FIRST) {
			repeats += v;
			rep_q += v * lp->rel[j];
			continue;
		}
		pt->first_shows += v;
		first_q += v * lp->rel[j];
		if (lp->rel[j] >= TOP_HALF)
			pt->first_top_half += v;
	}
	pt->relevance = pt->answers > 0 ? (first_q + rep_q) / pt->answers : 0;
	pt->first_percentile = pt->first_shows > 0 ? first_q / pt->first_shows : 0;
	pt->first_top_half = pt->first_shows > 0 ? pt->first_top_half / pt->first_shows : 0;
	pt->repeat_percentile = repeats > 0 ? rep_q / repeats : 0;
}

/*
 * Why the constrained LP still bounds every policy the simulator can play (in-process or over
 * HTTP, knowing the future requests or not). Take a policy whose answers in this world have a
 * mean percentile of at least R in every outcome of the people's click draws, and at least
 * min_answers answers. Set x[i,k,d] = the chance (over the draws) that k is first shown to i
 * on day d; y[i,k] = the expected number of repeats of k to i before i decided to click it
 * (only when repeats can be clicked); z[i,k,d] = the expected number of the other repeats of
 * k to i on day d. The rows of sim_lp_bound hold as argued there (y as before). A z row holds:
 * the repeats of day d need a first show on a day up to d and number at most n[i,d] then, so
 * z[i,k,d] <= n[i,d] * sum over d' <= d of x[i,k,d']; each slot's answers (first shows and z;
 * y, left out of the slot rows, is in i's row of all requests) are at most its requests.
 * Every answer is counted once, in x, y or z, with the percentile of its advertiser, so
 * sum (q - R) * (x + y + z) is the expectation of sum over answers of (q - R), which is at
 * least 0 in every outcome, and sum (x + y + z) is the expected number of answers, at least
 * min_answers. The point is feasible and its objective is the policy's expected revenue
 * (z earns nothing; first shows and y as in sim_lp_bound), so the optimum is not below it.
 * With R = 0 and no fill row, z = 0 adds nothing and the optimum is sim_lp_bound's.
 */
int
sim_lp_frontier(
    const struct sim_world *w, double min_answers, struct sim_frontier_point *pts, size_t npts)
{
	struct lp lp;
	glp_prob *prob = NULL;
	size_t n;
	int rc = -1, row;

	for (n = 0; n < npts; n++) {
		double r = pts[n].min_relevance;

		memset(&pts[n], 0, sizeof(pts[n]));
		pts[n].min_relevance = r;
	}
	if (lp_make(w, &lp, true) != 0 || lp.ncols == 0)
		goto done;
	prob = load(w, &lp);
	row = glp_add_rows(prob, 1);
	if (min_answers > 0 &&
	    set_answers_row(prob, &lp, glp_add_rows(prob, 1), false, 0.0, min_answers) != 0)
		goto done;
	for (n = 0; n < npts; n++) {
		struct sim_frontier_point *pt = &pts[n];

		if (set_answers_row(prob, &lp, row, true, pt->min_relevance, 0.0) != 0)
			goto done;
		pt->status = solve_prob(prob, n > 0, &pt->seconds);
		if (pt->status < 0)
			goto done;
		if (pt->status == 0)
			describe(prob, &lp, pt);
	}
	rc = 0;
done:
	if (prob != NULL)
		glp_delete_prob(prob);
	lp_free(&lp);
	return rc;
}
