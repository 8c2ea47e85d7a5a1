/*
 * main.c -- billboard-api, the FastCGI worker. spawn-fcgi hands it the listening socket as fd 0
 * and multiwatch keeps a pool of them alive. Configuration comes from the environment.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>

#include "api/fcgi.h"
#include "api/routes.h"
#include "core/log.h"
#include "store/config.h"
#include "store/store.h"

static volatile sig_atomic_t stopping;

static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
	FCGX_ShutdownPending();
}

/* The shared counters, or this worker's own when the file cannot be used. */
static void
open_metrics(struct metrics *m, const char *path)
{
	size_t nroutes;

	routes_table(&nroutes);
	if (metrics_open(m, path, nroutes) == 0)
		return;
	if (path != NULL)
		log_warn("metrics: counting this worker's requests only");
	if (metrics_open(m, NULL, nroutes) != 0)
		log_warn("metrics: no counters at all");
}

int
main(int argc, char **argv)
{
	struct sigaction sa;
	struct worker w;
	struct config cfg;
	int ret;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: billboard-api\n"
		       "A FastCGI worker serving the Billboard API on the socket passed as fd 0\n"
		       "(run it under spawn-fcgi). Configuration comes from the environment:\n%s",
		    config_help);
		return 0;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term; /* no SA_RESTART: a blocked accept() must return */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	/* multiwatch asks for a graceful stop with SIGUSR1 (libfcgi keeps a handler set before). */
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	config_from_env(&cfg);
	memset(&w, 0, sizeof(w));
	if (store_open(&w.store, &cfg) != 0) {
		log_error("cannot set up the store");
		return 1;
	}
	catalog_init(&w.catalog);
	w.cfg = &cfg;
	open_metrics(&w.metrics, cfg.metrics_file);
	log_info("worker ready");
	ret = fcgi_run(&w, &stopping);
	catalog_free(&w.catalog);
	metrics_close(&w.metrics);
	store_close(&w.store);
	log_info("worker stopped");
	return ret == 0 ? 0 : 1;
}
