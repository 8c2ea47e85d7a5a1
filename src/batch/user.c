/*
 * user.c -- `billboard-batch user add LOGIN --role admin|moderator`: creates an operator
 * account; the password is the first line of standard input (so it is never in argv).
 */
#include <stdio.h>
#include <string.h>

#include "batch/jobs.h"
#include "core/log.h"
#include "store/accounts.h"

static int
usage(void)
{
	fprintf(stderr,
	    "usage: billboard-batch user add LOGIN --role admin|moderator "
	    "(password on standard input)\n");
	return 2;
}

/* Reads the password line from stdin into pw; its length, or -1. */
static long
read_password(char *pw, size_t size)
{
	size_t len;

	if (fgets(pw, (int)size, stdin) == NULL)
		return -1;
	len = strlen(pw);
	if (len > 0 && pw[len - 1] == '\n')
		pw[--len] = '\0';
	else if (!feof(stdin))
		return -1; /* longer than PASSWORD_MAX */
	if (len > 0 && pw[len - 1] == '\r')
		pw[--len] = '\0';
	return (long)len;
}

int
job_user(struct store *s, const struct config *cfg, int argc, char **argv)
{
	char pw[PASSWORD_MAX + 2], hash[PASSWORD_HASH_MAX];
	struct account a;
	long len;
	int role;

	(void)cfg;
	if (argc != 5 || strcmp(argv[1], "add") != 0 || strcmp(argv[3], "--role") != 0)
		return usage();
	role = account_role_parse(argv[4], strlen(argv[4]));
	if (!account_login_valid(argv[2], strlen(argv[2])) || role < 0) {
		fprintf(stderr,
		    "user add: the login is 1-%d of [A-Za-z0-9._-]; the role is admin "
		    "or moderator\n",
		    ACCOUNT_LOGIN_MAX);
		return 2;
	}
	len = read_password(pw, sizeof(pw));
	if (len < PASSWORD_MIN || len > PASSWORD_MAX) {
		fprintf(stderr, "user add: give a password of %d to %d bytes on standard input\n",
		    PASSWORD_MIN, PASSWORD_MAX);
		return 2;
	}
	snprintf(a.login, sizeof(a.login), "%s", argv[2]);
	a.role = (enum role)role;
	if (password_hash(pw, (size_t)len, hash) != 0) {
		explicit_bzero(pw, sizeof(pw));
		return 1;
	}
	explicit_bzero(pw, sizeof(pw));
	switch (accounts_create(s, &a, hash, "operator")) {
	case 1:
		printf("user add: %s (%s) created\n", a.login, role_names[a.role]);
		return 0;
	case 0:
		fprintf(stderr, "user add: login %s exists\n", a.login);
		return 3;
	default:
		log_error("user add: cannot store the account");
		return 1;
	}
}
