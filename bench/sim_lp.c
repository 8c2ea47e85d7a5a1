/* sim_lp.c -- the LP upper bound on a world's expected revenue, solved by GLPK (see sim_lp.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glpk.h>

#include "sim_lp.h"

/* The objective in money units rather than micros keeps the solver's numbers near 1. */
#define UNITS 1e6

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
	size_t ncols;
	size_t colcap;
	int nrows;
	int fixed_rows; /* rows up to this one: campaigns and slots; after it, per (i, c) */
	double *rowub; /* by row above fixed_rows: its upper bound */
	size_t rowcap;
	int *client_row; /* by client: the row of all its requests (0: none yet) */
	struct slot *slots; /* by client, then by day */
	size_t *first_slot; /* client i's slots: [first_slot[i], first_slot[i + 1]) */
};

/* A new column of objective coefficient c in [0, ub]; its number, or -1 when out of memory. */
static int
add_col(struct lp *lp, double c, double ub)
{
	if (lp->ncols + 1 >= lp->colcap) {
		size_t cap = lp->colcap ? 2 * lp->colcap : 1024;
		double *obj = realloc(lp->obj, cap * sizeof(*obj)), *colub;

		if (obj == NULL)
			return -1;
		lp->obj = obj;
		if ((colub = realloc(lp->colub, cap * sizeof(*colub))) == NULL)
			return -1;
		lp->colub = colub;
		lp->colcap = cap;
	}
	lp->obj[++lp->ncols] = c;
	lp->colub[lp->ncols] = ub;
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
make_repeat(const struct sim_world *w, struct lp *lp, uint32_t i, uint32_t k, double p,
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
	    (col = add_col(lp, (double)c->cost_per_click * p * f / UNITS, m)) < 0)
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
			double p;
			int pair_row = 0, first_col = 0, col = 0;

			if (!sim_world_targets(w, k, i))
				continue;
			if (w->p.f.repeat_factor > 0 && lp->client_row[i] == 0 &&
			    (lp->client_row[i] = add_row(lp, client_requests(lp, i))) < 0)
				return -1;
			p = sim_world_p_click(w, i, k);
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
				    1.0);
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
			    make_repeat(w, lp, i, k, p, first_col, col) != 0)
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

/* Hands the LP to GLPK and solves it. */
static int
solve(const struct sim_world *w, const struct lp *lp, struct sim_bound *out)
{
	glp_prob *prob = glp_create_prob();
	glp_smcp parm;
	uint32_t k;
	size_t s;
	int r, rc = -1;
	double t0;

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
	glp_init_smcp(&parm);
	parm.presolve = GLP_ON;
	parm.msg_lev = GLP_MSG_OFF;
	t0 = now_seconds();
	r = glp_simplex(prob, &parm);
	out->seconds = now_seconds() - t0;
	if (r == 0 && glp_get_status(prob) == GLP_OPT) {
		out->revenue = glp_get_obj_val(prob) * UNITS;
		rc = 0;
	}
	glp_delete_prob(prob);
	return rc;
}

int
sim_lp_bound(const struct sim_world *w, struct sim_bound *out)
{
	struct lp lp;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&lp, 0, sizeof(lp));
	glp_term_out(GLP_OFF);
	lp.client_row = calloc((size_t)w->p.clients + 1, sizeof(*lp.client_row));
	if (lp.client_row == NULL || make_slots(w, &lp) != 0 || make_columns(w, &lp) != 0)
		goto done;
	out->columns = lp.ncols;
	out->rows = (size_t)lp.nrows;
	rc = lp.ncols == 0 ? 0 : solve(w, &lp, out);
done:
	free(lp.ia);
	free(lp.ja);
	free(lp.ar);
	free(lp.obj);
	free(lp.colub);
	free(lp.rowub);
	free(lp.client_row);
	free(lp.slots);
	free(lp.first_slot);
	return rc;
}
