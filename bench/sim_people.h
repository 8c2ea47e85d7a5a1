/*
 * sim_people.h -- the simulated people's side of a play: which campaigns each person has
 * seen and clicked, and the clicks they decided on that have not reached the server yet.
 * Shared by the in-process play (sim_play.c) and the play over HTTP (sim_remote.c).
 */
#ifndef BB_SIM_PEOPLE_H
#define BB_SIM_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/compat.h"
#include "core/select.h"
#include "sim_world.h"

/* A campaign a person saw; clicked once their click reached the server. */
struct sim_seen {
	uint32_t campaign;
	uint32_t shows; /* how many times it was shown */
	bool decided; /* the person decided to click it (the click may be on its way) */
	bool clicked;
};

struct sim_person {
	struct sim_seen *seen;
	size_t n;
	size_t cap;
};

/* A click on its way: it reaches the server before request number `due` + 1. */
struct sim_click {
	uint32_t client;
	uint32_t campaign;
	uint64_t due;
};

struct sim_people {
	struct sim_person *person; /* by client index */
	size_t npeople;
	struct sim_click *pending;
	size_t npending;
	size_t cap;
};

/* n people who saw nothing yet; -1 when out of memory. Free with sim_people_free. */
int sim_people_init(struct sim_people *pp, size_t n) WUR;
void sim_people_free(struct sim_people *pp);

/* SELECT_UNSEEN, SELECT_SEEN or SELECT_CLICKED: what person i did with campaign k. */
enum select_state sim_people_state(const struct sim_people *pp, uint32_t i, uint32_t k);
/*
 * Person i is shown campaign k (first show or repeat) while request `now` is served: adds the
 * show's click chance to *expected_clicks unless they already decided to click it, draws
 * whether they click (the world's hidden model) and schedules the click. -1: out of memory.
 */
int sim_people_see(struct sim_people *pp, const struct sim_world *w, uint32_t i, uint32_t k,
    uint64_t now, double *expected_clicks) WUR;
/* Person i's click on k reached the server. */
void sim_people_clicked(struct sim_people *pp, uint32_t i, uint32_t k);

/*
 * Takes out one pending click that is due before request `now` (any, when now is
 * UINT64_MAX), earliest first; false when there is none.
 */
bool sim_people_next_click(struct sim_people *pp, uint64_t now, struct sim_click *out);

#endif
