/* recorder.c -- a worker's connection to the recorder (see recorder.h). */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/log.h"
#include "core/mono.h"
#include "store/recorder.h"

/*
 * The longest wait for a group's commit before recording directly: far above a group's time
 * under load (milliseconds), below the client's patience.
 */
#define RECORDER_TIMEOUT_MS 3000
/* After the recorder could not be reached, calls fail at once for this long. */
#define RECORDER_RETRY_AFTER_MS 1000

struct recorder {
	char *path; /* NULL: no recorder */
	int fd;
	int64_t down_until_ms;
};

struct recorder *
recorder_open(const char *socket_path)
{
	struct recorder *rc = calloc(1, sizeof(*rc));

	if (rc == NULL)
		return NULL;
	rc->fd = -1;
	if (socket_path != NULL && (rc->path = strdup(socket_path)) == NULL) {
		free(rc);
		return NULL;
	}
	return rc;
}

static void
disconnect(struct recorder *rc)
{
	if (rc->fd >= 0)
		close(rc->fd);
	rc->fd = -1;
}

void
recorder_close(struct recorder *rc)
{
	if (rc == NULL)
		return;
	disconnect(rc);
	free(rc->path);
	free(rc);
}

static bool
connect_to(struct recorder *rc)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };

	if (strlen(rc->path) >= sizeof(addr.sun_path))
		return false;
	strcpy(addr.sun_path, rc->path);
	rc->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (rc->fd < 0)
		return false;
	if (connect(rc->fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
		disconnect(rc);
		return false;
	}
	return true;
}

/* Waits for fd to be ready for events until deadline; false on timeout or error. */
static bool
wait_for(int fd, short events, int64_t deadline)
{
	for (;;) {
		struct pollfd pfd = { fd, events, 0 };
		int64_t left = deadline - mono_ms();
		int n;

		if (left <= 0)
			return false;
		n = poll(&pfd, 1, (int)left);
		if (n > 0)
			return true;
		if (n < 0 && errno != EINTR)
			return false;
	}
}

/* One request and its reply on the current connection, by deadline; false on any failure. */
static bool
exchange(struct recorder *rc, const char *req, char word[RECPROTO_REPLY_MAX], int64_t deadline)
{
	char buf[RECPROTO_REPLY_MAX];
	size_t got = 0;

	if (send(rc->fd, req, RECPROTO_REQUEST_LEN, MSG_NOSIGNAL) != RECPROTO_REQUEST_LEN)
		return false;
	while (!recproto_parse_reply(buf, got, word)) {
		ssize_t n;

		if (got == sizeof(buf) || !wait_for(rc->fd, POLLIN, deadline))
			return false;
		n = recv(rc->fd, buf + got, sizeof(buf) - got, MSG_DONTWAIT);
		if (n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EINTR)))
			return false;
		if (n > 0)
			got += (size_t)n;
	}
	return true;
}

int
recorder_call(struct recorder *rc, const struct uuid_str *campaign, const struct uuid_str *client,
    char word[RECPROTO_REPLY_MAX])
{
	char req[RECPROTO_REQUEST_LEN];
	int64_t deadline = mono_ms() + RECORDER_TIMEOUT_MS;
	int attempt;

	if (rc->path == NULL || mono_ms() < rc->down_until_ms)
		return -1;
	recproto_request(req, campaign, client);
	/*
	 * A kept connection may have been closed by a restarted recorder: one fresh attempt (the
	 * request may then arrive twice, which records it once).
	 */
	for (attempt = 0; attempt < 2; attempt++) {
		bool fresh = rc->fd < 0;

		if (fresh && !connect_to(rc)) {
			rc->down_until_ms = mono_ms() + RECORDER_RETRY_AFTER_MS;
			return -1;
		}
		if (exchange(rc, req, word, deadline))
			return strcmp(word, "error") == 0 ? -1 : 0;
		/* Out of step or gone: never read a late reply as the next one's. */
		disconnect(rc);
		if (fresh || mono_ms() >= deadline)
			break;
	}
	log_warn("recorder: no answer; recording directly");
	rc->down_until_ms = mono_ms() + RECORDER_RETRY_AFTER_MS;
	return -1;
}
