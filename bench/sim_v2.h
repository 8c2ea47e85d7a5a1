/*
 * sim_v2.h -- ranking v2, kept frozen in the simulator as the reference that ranking v3
 * (src/core/rank.h) must not fall behind: relevance = score / the client's highest score,
 * p(click) = 0.01 + 0.29 * relevance, value = (cpi + cpc * p) * (1 + 0.25 * relevance) for a
 * first show (paced and kept within the click budget as in v3), cpc * p * 0.05 * (1 + 0.25 *
 * relevance) for a repeat.
 */
#ifndef BB_SIM_V2_H
#define BB_SIM_V2_H

#include <stdint.h>

#include "core/select.h"

/* The v2 value of entry i for the view's client (RANK_NEVER when it must not be shown). */
double sim_v2_value(const struct select_view *v, uint32_t i);

#endif
