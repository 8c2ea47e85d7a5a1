/* routes.h -- the API's route table and the dispatch of one request through it. */
#ifndef BB_ROUTES_H
#define BB_ROUTES_H

#include "api/req.h"

/* Routes r to its handler, or answers 404/405 itself; r->resp is set afterwards. */
void routes_dispatch(struct req *r);

#endif
