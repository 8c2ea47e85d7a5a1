/*
 * sim_lp.h -- an upper bound on the expected revenue of a world: the LP relaxation of
 * serving it with full knowledge of the future (the only user of GLPK).
 *
 * Variables x[i,c,d] in [0,1]: client i is shown campaign c for the first time on day d (c
 * targets i and runs on d, i has requests on d). Maximise sum x * (cpi_c + cpc_c * p_true(i,c))
 * subject to, for each campaign, sum x <= impressions_limit and sum x * p_true <= clicks_limit;
 * for each (i, d), sum x <= the requests of i on day d; for each (i, c), sum over d of x <= 1.
 * p_true follows the world's click model. When repeats can bring clicks (repeat factor f > 0),
 * repeats y[i,c] >= 0 are added, worth cpc * p_true * f each, counted in the click rows and in
 * a row of all of client i's requests (days merged), only after a first show of (i, c); a
 * person's chances are counted linearly: a relaxation, see sim_lp.c.
 *
 * The relevance-constrained bound (sim_lp_frontier) adds repeats z[i,c,d] >= 0 that only
 * count as answers (a repeat's possible click stays y's), in the slot's row, at most n[i,d]
 * times the first shows of (i, c) up to day d, and two rows over all answers a = x + y + z:
 * sum (q(i,c) - R) * a >= 0 (mean percentile relevance at least R) and, when asked,
 * sum a >= a minimum number of answers (fill). Why it stays an upper bound: sim_lp.c.
 */
#ifndef BB_SIM_LP_H
#define BB_SIM_LP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/compat.h"
#include "sim_world.h"

struct sim_bound {
	double revenue; /* micros: the LP optimum */
	double seconds; /* time spent in the solver */
	size_t columns;
	size_t rows;
};

/* Solves the LP of w; -1 when out of memory or when the solver did not reach the optimum. */
int sim_lp_bound(const struct sim_world *w, struct sim_bound *out) WUR;

/* One point of the frontier: the bound under a relevance floor, and its optimal answers. */
struct sim_frontier_point {
	double min_relevance; /* R, set by the caller */
	int status; /* 0: optimal; 1: infeasible (no policy reaches R with that fill) */
	double revenue; /* micros: the LP optimum (when optimal) */
	double seconds; /* solver time of this point */
	double answers; /* the optimum's answers: first shows and repeats */
	double first_shows;
	double relevance; /* the optimum's mean percentile over all answers */
	double first_percentile; /* over first shows */
	double first_top_half; /* the share of first shows at a percentile of 0.5 or more */
	double repeat_percentile; /* over repeats */
};

/*
 * Solves the relevance-constrained bound of w for each pts[n].min_relevance, in order, on one
 * LP (each from the last one's basis: ascending R is fastest); min_answers > 0 adds the fill
 * row. -1 when out of memory or when the solver failed.
 */
int sim_lp_frontier(
    const struct sim_world *w, double min_answers, struct sim_frontier_point *pts, size_t npts) WUR;

#endif
