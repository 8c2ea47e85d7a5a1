/*
 * recorder.c -- `billboard-batch recorder --socket PATH`: writes the first shows of every
 * worker in groups, one PostgreSQL transaction (one commit, one WAL flush) per group.
 *
 * Workers connect to the unix socket and send one request per first show (core/recproto.h).
 * Each turn of the loop takes every request that arrived since the last one, records them
 * with record_impressions in arrival order and answers each after the commit; requests that
 * arrive meanwhile wait in the sockets and form the next group. There is no timer: under
 * light load a group is one impression, and groups grow with the load.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "batch/jobs.h"
#include "core/log.h"
#include "core/mono.h"
#include "core/recproto.h"

/* Connections at once: one per worker, with room for many more. */
#define RECORDER_MAX_CONNS 512
/* Impressions in one transaction: bounds its time and the size of its arrays. */
#define RECORDER_GROUP_MAX 1024
/* How often the loop wakes up with nothing to do, to notice a stop. */
#define RECORDER_IDLE_MS 1000

struct conn {
	int fd;
	char buf[RECPROTO_REQUEST_LEN];
	size_t len; /* bytes of a request read so far */
};

struct group {
	size_t n;
	int conn[RECORDER_GROUP_MAX]; /* index into the connections, -1 once it closed */
	struct uuid_str campaign[RECORDER_GROUP_MAX], client[RECORDER_GROUP_MAX];
	const struct uuid_str *campaign_p[RECORDER_GROUP_MAX], *client_p[RECORDER_GROUP_MAX];
	enum event_result out[RECORDER_GROUP_MAX];
};

static volatile sig_atomic_t stopping;

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

static int
listen_on(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		log_error("recorder: socket path too long: %s", path);
		return -1;
	}
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	(void)unlink(path);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 || chmod(path, 0660) != 0 ||
	    listen(fd, SOMAXCONN) != 0) {
		log_error("recorder: cannot listen on %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void
drop_conn(struct conn *conns, size_t *n, size_t i, struct group *g)
{
	size_t k;

	close(conns[i].fd);
	conns[i] = conns[--*n];
	/* Requests of the closed connection get no answer; the moved one keeps its requests. */
	for (k = 0; k < g->n; k++) {
		if (g->conn[k] == (int)i)
			g->conn[k] = -1;
		else if (g->conn[k] == (int)*n)
			g->conn[k] = (int)i;
	}
}

/* Reads what connection i has; queues complete requests. False when it must be closed. */
static bool
read_conn(struct conn *c, int index, struct group *g)
{
	/* When the group is full, the rest stays in the socket for the next one. */
	while (g->n < RECORDER_GROUP_MAX) {
		ssize_t got = recv(c->fd, c->buf + c->len, sizeof(c->buf) - c->len, MSG_DONTWAIT);

		if (got == 0)
			return false;
		if (got < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
		c->len += (size_t)got;
		if (c->len < sizeof(c->buf))
			continue;
		c->len = 0;
		if (!recproto_parse_request(c->buf, &g->campaign[g->n], &g->client[g->n])) {
			log_warn("recorder: a malformed request; closing the connection");
			return false;
		}
		g->conn[g->n++] = index;
	}
	return true;
}

/* Records the group in one transaction and answers each request. */
static void
flush_group(struct store *s, struct conn *conns, struct group *g, size_t *total)
{
	size_t i;
	int ok;

	for (i = 0; i < g->n; i++) {
		g->campaign_p[i] = &g->campaign[i];
		g->client_p[i] = &g->client[i];
	}
	ok = events_impressions(s, g->n, g->campaign_p, g->client_p, g->out) == 0;
	for (i = 0; i < g->n; i++) {
		const char *word = ok ? events_word(g->out[i]) : "error";
		char line[RECPROTO_REPLY_MAX];
		size_t len = strlen(word);

		if (g->conn[i] < 0)
			continue;
		memcpy(line, word, len);
		line[len++] = '\n';
		/* A reply is a few bytes on an otherwise idle socket: it never blocks. */
		if (send(conns[g->conn[i]].fd, line, len, MSG_NOSIGNAL | MSG_DONTWAIT) !=
		    (ssize_t)len)
			log_warn("recorder: a worker went away before its answer");
	}
	*total += ok ? g->n : 0;
	g->n = 0;
}

int
job_recorder(struct store *s, const struct config *cfg, int argc, char **argv)
{
	static struct conn conns[RECORDER_MAX_CONNS];
	static struct pollfd pfds[RECORDER_MAX_CONNS + 1];
	static struct group g;
	const char *path = NULL;
	struct sigaction sa;
	size_t n = 0, i, total = 0, groups = 0;
	int64_t report_at = mono_ms() + 60000;
	int lfd;

	(void)cfg;
	if (argc == 3 && strcmp(argv[1], "--socket") == 0)
		path = argv[2];
	if (path == NULL) {
		log_error("usage: billboard-batch recorder --socket PATH");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((lfd = listen_on(path)) < 0)
		return 1;
	log_info("recorder: listening on %s", path);
	while (!stopping) {
		pfds[0] = (struct pollfd){ lfd, POLLIN, 0 };
		for (i = 0; i < n; i++)
			pfds[i + 1] = (struct pollfd){ conns[i].fd, POLLIN, 0 };
		if (poll(pfds, n + 1, RECORDER_IDLE_MS) < 0 && errno != EINTR)
			break;
		/* Readable connections first: their indices are those of pfds. */
		for (i = n; i-- > 0;)
			if (pfds[i + 1].revents != 0 && !read_conn(&conns[i], (int)i, &g))
				drop_conn(conns, &n, i, &g);
		if (pfds[0].revents & POLLIN) {
			int fd;

			while (n < RECORDER_MAX_CONNS &&
			    (fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0)
				conns[n++] = (struct conn){ fd, { 0 }, 0 };
		}
		if (g.n > 0) {
			flush_group(s, conns, &g, &total);
			groups++;
		}
		if (mono_ms() >= report_at) {
			log_info("recorder: %zu impressions in %zu groups in the last minute",
			    total, groups);
			total = groups = 0;
			report_at = mono_ms() + 60000;
		}
	}
	for (i = 0; i < n; i++)
		close(conns[i].fd);
	close(lfd);
	(void)unlink(path);
	log_info("recorder: stopped");
	return 0;
}
