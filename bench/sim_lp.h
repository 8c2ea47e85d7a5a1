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
 */
#ifndef BB_SIM_LP_H
#define BB_SIM_LP_H

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

#endif
