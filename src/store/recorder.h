/*
 * recorder.h -- a worker's connection to billboard-batch recorder, which writes the first
 * shows of all workers in groups (one PostgreSQL transaction per group).
 *
 * Optional: without a socket path, or while the recorder is out of reach, every call fails at
 * once and the caller records the impression itself.
 */
#ifndef BB_RECORDER_H
#define BB_RECORDER_H

#include "core/compat.h"
#include "core/recproto.h"

struct recorder;

/* NULL socket_path: no recorder (every call fails). NULL only when out of memory. */
struct recorder *recorder_open(const char *socket_path) WUR;
void recorder_close(struct recorder *rc);
/*
 * Has the recorder write the first show of campaign to client and waits for the outcome
 * word (see recproto.h). 0, or -1 when there is no answer (not configured, out of reach, too
 * slow, or "error"): then nothing is known about the impression and the caller must record
 * it itself.
 */
int recorder_call(struct recorder *rc, const struct uuid_str *campaign,
    const struct uuid_str *client, char word[RECPROTO_REPLY_MAX]) WUR;

#endif
