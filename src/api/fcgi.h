/* fcgi.h -- the FastCGI accept loop (the only module that sees libfcgi). */
#ifndef BB_FCGI_H
#define BB_FCGI_H

#include <signal.h>

#include "api/req.h"

/* Serves requests on fd 0 until *stop is set or accepting fails; returns 0 or -1. */
int fcgi_run(struct worker *w, volatile sig_atomic_t *stop);

#endif
