/*
 * sim_remote.h -- playing a world over HTTP against a running Billboard (mode "http"): the
 * world's advertisers and clients under fresh random ids, its ML scores and campaigns, then
 * day after day POST /time/advance, GET /ads for each request and POST /ads/{id}/click for
 * each click of the hidden model. Revenue comes from the server's own statistics.
 *
 * Day 0 of the world is the server's current day: a play moves the server's clock forward by
 * the world's number of days minus one. Campaigns already on the server compete with the
 * world's: their ads count as served, of relevance 0, and are never clicked.
 */
#ifndef BB_SIM_REMOTE_H
#define BB_SIM_REMOTE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/compat.h"
#include "sim_play.h"
#include "sim_world.h"

/*
 * Plays w against the server at url, filling m; progress goes to stderr unless quiet. -1 with
 * a reason in err when the server could not be reached or answered unexpectedly.
 */
int sim_remote_play(const struct sim_world *w, const char *url, bool quiet, struct sim_metrics *m,
    char *err, size_t errlen) WUR;

#endif
