/* metrics.c -- the workers' shared counters (one slot each) and their Prometheus text. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "metrics.h"

/* Names the layout below; a file with another value is replaced by a new one. */
#define METRICS_MAGIC 0x62626d6574726931ULL
/* Status classes 1xx..5xx. */
#define METRICS_CLASSES 5

/* Upper bounds of the latency buckets in µs: 1 ms to 10 s, as Prometheus' defaults. */
static const int64_t bucket_us[METRICS_BUCKETS] = { 1000, 2500, 5000, 10000, 25000, 50000, 100000,
	250000, 500000, 1000000, 2500000, 10000000 };
static const char *const bucket_le[METRICS_BUCKETS] = { "0.001", "0.0025", "0.005", "0.01", "0.025",
	"0.05", "0.1", "0.25", "0.5", "1", "2.5", "10" };

struct metrics_route_slot {
	uint64_t by_class[METRICS_CLASSES];
	uint64_t bucket[METRICS_BUCKETS]; /* not cumulative: each request adds to one */
	uint64_t sum_us;
};

struct metrics_slot {
	int32_t pid; /* the owner, 0 when never taken */
	int32_t pad;
	uint64_t counters[METRICS_COUNTERS];
	struct metrics_route_slot routes[METRICS_ROUTES_MAX + 1];
};

struct metrics_shm {
	uint64_t magic;
	uint64_t layout; /* sizeof(struct metrics_shm) */
	uint64_t nroutes;
	struct metrics_slot slots[METRICS_SLOTS];
};

static uint64_t
load(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static void
add(uint64_t *p, uint64_t n)
{
	__atomic_fetch_add(p, n, __ATOMIC_RELAXED);
}

static bool
header_matches(const struct metrics_shm *shm, size_t nroutes)
{
	return shm->magic == METRICS_MAGIC && shm->layout == sizeof(*shm) &&
	    shm->nroutes == nroutes;
}

/* A slot whose owner is gone (or that nobody took) becomes ours. */
static size_t
claim_slot(struct metrics_shm *shm)
{
	int32_t self = (int32_t)getpid();
	size_t i;

	for (i = 0; i < METRICS_SLOTS; i++) {
		int32_t owner = __atomic_load_n(&shm->slots[i].pid, __ATOMIC_ACQUIRE);

		if (owner == self)
			return i;
		if (owner != 0 && (kill(owner, 0) == 0 || errno != ESRCH))
			continue;
		if (__atomic_compare_exchange_n(&shm->slots[i].pid, &owner, self, false,
		        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return i;
	}
	return 0; /* every slot is live: share the first (the adds are atomic) */
}

/* Attempts at mapping a file that other processes may be replacing at the same moment. */
#define METRICS_OPEN_ATTEMPTS 8

static void
init_header(struct metrics_shm *shm, size_t nroutes)
{
	memset(shm, 0, sizeof(*shm));
	shm->layout = sizeof(*shm);
	shm->nroutes = nroutes;
	__atomic_store_n(&shm->magic, METRICS_MAGIC, __ATOMIC_RELEASE);
}

static struct metrics_shm *
map_fd(int fd)
{
	void *p = mmap(NULL, sizeof(struct metrics_shm), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	return p == MAP_FAILED ? NULL : p;
}

/*
 * A new, zeroed file put in place of path by rename: processes that mapped the old file (of
 * another build, still finishing their requests) keep counting into it, unlinked, and are
 * never cut short by a truncation under their mapping (SIGBUS) nor mixed into the new counts.
 */
static struct metrics_shm *
replace_file(const char *path, size_t nroutes)
{
	char tmp[PATH_MAX];
	struct metrics_shm *shm = NULL;
	int fd, n = snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);

	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0)
		return NULL;
	if (ftruncate(fd, (off_t)sizeof(*shm)) != 0 || (shm = map_fd(fd)) == NULL)
		goto fail;
	init_header(shm, nroutes);
	if (rename(tmp, path) != 0)
		goto fail;
	close(fd);
	return shm;
fail:
	if (shm != NULL)
		munmap(shm, sizeof(*shm));
	unlink(tmp);
	close(fd);
	return NULL;
}

static struct metrics_shm *
replace_logged(const char *path, size_t nroutes)
{
	struct metrics_shm *shm = replace_file(path, nroutes);

	if (shm == NULL)
		log_warn("metrics: cannot replace %s: %s", path, strerror(errno));
	return shm;
}

/*
 * Maps path, under an exclusive lock on it: used as it is when its header matches this
 * build, initialised when new (empty: nobody maps it yet), replaced otherwise; a file that
 * cannot be mapped is left alone. NULL on failure.
 */
static struct metrics_shm *
map_file(const char *path, size_t nroutes)
{
	int attempt;

	for (attempt = 0; attempt < METRICS_OPEN_ATTEMPTS; attempt++) {
		struct metrics_shm *shm = NULL;
		struct stat st, named;
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

		if (fd < 0) {
			log_warn("metrics: cannot open %s: %s", path, strerror(errno));
			return NULL;
		}
		if (flock(fd, LOCK_EX) != 0 || fstat(fd, &st) != 0) {
			log_warn("metrics: cannot lock %s: %s", path, strerror(errno));
			close(fd);
			return NULL;
		}
		if (stat(path, &named) != 0 || named.st_ino != st.st_ino ||
		    named.st_dev != st.st_dev) {
			/* Replaced by another process while we waited for the lock: again. */
			flock(fd, LOCK_UN);
			close(fd);
			continue;
		}
		if (st.st_size == 0) { /* new: nobody maps it yet */
			if (ftruncate(fd, (off_t)sizeof(*shm)) == 0 && (shm = map_fd(fd)) != NULL)
				init_header(shm, nroutes);
			else
				log_warn("metrics: cannot map %s: %s", path, strerror(errno));
		} else if ((size_t)st.st_size == sizeof(*shm)) {
			/* Mapped as it is, unless it is another build's; a failed map keeps it. */
			if ((shm = map_fd(fd)) == NULL)
				log_warn("metrics: cannot map %s: %s", path, strerror(errno));
			else if (!header_matches(shm, nroutes)) {
				munmap(shm, sizeof(*shm));
				shm = replace_logged(path, nroutes);
			}
		} else {
			shm = replace_logged(path, nroutes);
		}
		/* The mapping keeps the open file, and with it the lock, alive: unlock. */
		flock(fd, LOCK_UN);
		close(fd);
		return shm;
	}
	log_warn("metrics: %s keeps being replaced; not counting", path);
	return NULL;
}

int
metrics_open(struct metrics *m, const char *path, size_t nroutes)
{
	struct metrics_shm *shm;

	memset(m, 0, sizeof(*m));
	if (nroutes > METRICS_ROUTES_MAX) {
		log_warn("metrics: %zu routes, at most %d counted", nroutes, METRICS_ROUTES_MAX);
		return -1;
	}
	if (path != NULL && *path != '\0') {
		shm = map_file(path, nroutes);
		if (shm == NULL)
			return -1;
	} else {
		shm = mmap(
		    NULL, sizeof(*shm), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (shm == MAP_FAILED)
			return -1;
		init_header(shm, nroutes);
	}
	m->shm = shm;
	m->size = sizeof(*shm);
	m->nroutes = nroutes;
	m->slot = claim_slot(shm);
	return 0;
}

void
metrics_close(struct metrics *m)
{
	if (m->shm != NULL)
		munmap(m->shm, m->size);
	memset(m, 0, sizeof(*m));
}

void
metrics_request(struct metrics *m, size_t route, int status, int64_t micros)
{
	struct metrics_route_slot *rs;
	int cls = status / 100 - 1;
	size_t b = 0;

	if (m->shm == NULL)
		return;
	if (route > m->nroutes)
		route = m->nroutes;
	if (cls < 0 || cls >= METRICS_CLASSES)
		cls = METRICS_CLASSES - 1; /* nothing we send; counted with the errors */
	if (micros < 0)
		micros = 0;
	while (b < METRICS_BUCKETS && micros > bucket_us[b])
		b++;
	rs = &m->shm->slots[m->slot].routes[route];
	add(&rs->by_class[cls], 1);
	if (b < METRICS_BUCKETS)
		add(&rs->bucket[b], 1);
	add(&rs->sum_us, (uint64_t)micros);
}

void
metrics_add(struct metrics *m, enum metrics_counter c, uint64_t n)
{
	if (m->shm != NULL)
		add(&m->shm->slots[m->slot].counters[c], n);
}

uint64_t
metrics_total(const struct metrics *m, enum metrics_counter c)
{
	uint64_t sum = 0;
	size_t i;

	if (m->shm == NULL)
		return 0;
	for (i = 0; i < METRICS_SLOTS; i++)
		sum += load(&m->shm->slots[i].counters[c]);
	return sum;
}

void
metrics_ads(const struct metrics *m, uint64_t *requests, uint64_t *no_ad)
{
	*no_ad = metrics_total(m, METRICS_ADS_EMPTY);
	*requests = *no_ad + metrics_total(m, METRICS_ADS_SHOWN);
}

/* One route's counts summed over the slots. */
static void
route_sum(const struct metrics *m, size_t route, struct metrics_route_slot *out)
{
	size_t i, k;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < METRICS_SLOTS; i++) {
		const struct metrics_route_slot *rs = &m->shm->slots[i].routes[route];

		for (k = 0; k < METRICS_CLASSES; k++)
			out->by_class[k] += load(&rs->by_class[k]);
		for (k = 0; k < METRICS_BUCKETS; k++)
			out->bucket[k] += load(&rs->bucket[k]);
		out->sum_us += load(&rs->sum_us);
	}
}

static void
route_labels(struct buf *out, const struct route *routes, size_t nroutes, size_t route)
{
	if (route < nroutes)
		buf_printf(
		    out, "route=\"%s\",method=\"%s\"", routes[route].pattern, routes[route].method);
	else
		buf_puts(out, "route=\"unmatched\",method=\"other\"");
}

static void
counter(struct buf *out, const char *name, const char *help, uint64_t v)
{
	buf_printf(out, "# HELP %s %s\n# TYPE %s counter\n%s %llu\n", name, help, name, name,
	    (unsigned long long)v);
}

void
metrics_render(const struct metrics *m, const struct route *routes, struct buf *out)
{
	static const char *const deps[] = { "postgres", "redis", "object_storage" };
	struct metrics_route_slot sums[METRICS_ROUTES_MAX + 1];
	uint64_t count[METRICS_ROUTES_MAX + 1];
	size_t i, k;

	if (m->shm == NULL)
		return;
	for (i = 0; i <= m->nroutes; i++) {
		route_sum(m, i, &sums[i]);
		count[i] = 0;
		for (k = 0; k < METRICS_CLASSES; k++)
			count[i] += sums[i].by_class[k];
	}
	buf_puts(out,
	    "# HELP billboard_http_requests_total Requests answered by the workers, by "
	    "route pattern, method and status class.\n"
	    "# TYPE billboard_http_requests_total counter\n");
	for (i = 0; i <= m->nroutes; i++)
		for (k = 0; k < METRICS_CLASSES; k++) {
			if (sums[i].by_class[k] == 0)
				continue;
			buf_puts(out, "billboard_http_requests_total{");
			route_labels(out, routes, m->nroutes, i);
			buf_printf(out, ",status=\"%zuxx\"} %llu\n", k + 1,
			    (unsigned long long)sums[i].by_class[k]);
		}
	buf_puts(out,
	    "# HELP billboard_http_request_duration_seconds Time from the request's "
	    "arrival at a worker to its answer.\n"
	    "# TYPE billboard_http_request_duration_seconds histogram\n");
	for (i = 0; i <= m->nroutes; i++) {
		uint64_t cum = 0;

		if (count[i] == 0)
			continue;
		for (k = 0; k < METRICS_BUCKETS; k++) {
			cum += sums[i].bucket[k];
			buf_puts(out, "billboard_http_request_duration_seconds_bucket{");
			route_labels(out, routes, m->nroutes, i);
			buf_printf(
			    out, ",le=\"%s\"} %llu\n", bucket_le[k], (unsigned long long)cum);
		}
		buf_puts(out, "billboard_http_request_duration_seconds_bucket{");
		route_labels(out, routes, m->nroutes, i);
		buf_printf(out, ",le=\"+Inf\"} %llu\n", (unsigned long long)count[i]);
		buf_puts(out, "billboard_http_request_duration_seconds_sum{");
		route_labels(out, routes, m->nroutes, i);
		buf_printf(out, "} %llu.%06llu\n", (unsigned long long)(sums[i].sum_us / 1000000),
		    (unsigned long long)(sums[i].sum_us % 1000000));
		buf_puts(out, "billboard_http_request_duration_seconds_count{");
		route_labels(out, routes, m->nroutes, i);
		buf_printf(out, "} %llu\n", (unsigned long long)count[i]);
	}
	counter(out, "billboard_ads_requests_total",
	    "GET /ads requests answered with an ad or with none.",
	    metrics_total(m, METRICS_ADS_SHOWN) + metrics_total(m, METRICS_ADS_EMPTY));
	counter(out, "billboard_ads_no_ad_total", "GET /ads requests answered without an ad.",
	    metrics_total(m, METRICS_ADS_EMPTY));
	counter(out, "billboard_limit_refusals_total",
	    "First shows refused because the campaign had reached a limit.",
	    metrics_total(m, METRICS_LIMIT_REFUSALS));
	counter(out, "billboard_catalog_rebuilds_total",
	    "Rebuilds of a worker's catalogue of today's campaigns.",
	    metrics_total(m, METRICS_CATALOG_LOADS));
	buf_puts(out,
	    "# HELP billboard_dependency_errors_total Requests that found a dependency "
	    "out of reach.\n# TYPE billboard_dependency_errors_total counter\n");
	for (k = 0; k < NELEM(deps); k++)
		buf_printf(out, "billboard_dependency_errors_total{dependency=\"%s\"} %llu\n",
		    deps[k],
		    (unsigned long long)metrics_total(
		        m, (enum metrics_counter)(METRICS_DEP_POSTGRES + k)));
}
