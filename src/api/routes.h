/* routes.h -- the API's route table and the dispatch of one request through it. */
#ifndef BB_ROUTES_H
#define BB_ROUTES_H

#include "api/req.h"
#include "core/image.h"

/*
 * A body may be this large unless its route says otherwise: the largest JSON body of a
 * single entity is a campaign of two 1000-character texts and a dozen numbers.
 */
#define ROUTES_BODY_DEFAULT (64 * 1024)
/* The bulk uploads: ~160 000 clients; nginx enforces the same limits per location. */
#define ROUTES_BODY_BULK (24 * 1024 * 1024)
/* Image uploads: a 10 MiB image plus the multipart framing and a few small form fields. */
#define ROUTES_BODY_IMAGE (IMAGE_SIZE_MAX + 256 * 1024)

/* The route of r's method and path, or NULL after answering 404 or 405. */
const struct route *routes_match(struct req *r) WUR;
/* The largest body the route accepts. */
size_t routes_body_max(const struct route *route);
/* Runs the route's handler on r; r->resp is set afterwards. */
void routes_run(const struct route *route, struct req *r);
/* The route table and its length (for GET /metrics' labels). */
const struct route *routes_table(size_t *n);
/* route's index in the table; NULL (no route matched) is the table's length. */
size_t routes_index(const struct route *route);

#endif
