/*
 * reports.h -- reports about ads (API.md section 9): stored by the API, classified by the
 * batch job. Functions return 0 or -1 unless said otherwise.
 */
#ifndef BB_REPORTS_H
#define BB_REPORTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/compat.h"
#include "core/uuid.h"
#include "store/store.h"

/* A reader's complaint is a few sentences; 2000 bytes is ample and bounds what we store. */
#define REPORT_MESSAGE_MAX 2000
/* "2026-11-30T15:13:21.123456Z" and its NUL. */
#define REPORT_TIME_MAX 32

enum report_status {
	REPORT_OK,
	REPORT_NO_CAMPAIGN,
	REPORT_NO_CLIENT,
	REPORT_NOT_SHOWN,
	REPORT_DUPLICATE,
	REPORT_ERROR,
};

struct report {
	struct uuid_str id;
	struct uuid_str campaign_id;
	struct uuid_str client_id;
	const char *message; /* NUL-terminated, or NULL */
	char created_at[REPORT_TIME_MAX];
};

/* Stores r (id, campaign, client, message set by the caller); fills r->created_at. */
enum report_status reports_submit(struct store *s, struct report *r) WUR;

#endif
