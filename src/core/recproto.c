/* recproto.c -- the recorder's wire format (see recproto.h). */
#include <string.h>

#include "recproto.h"

void
recproto_request(
    char out[RECPROTO_REQUEST_LEN], const struct uuid_str *campaign, const struct uuid_str *client)
{
	memcpy(out, campaign->s, UUID_STR_LEN);
	out[UUID_STR_LEN] = ' ';
	memcpy(out + UUID_STR_LEN + 1, client->s, UUID_STR_LEN);
	out[RECPROTO_REQUEST_LEN - 1] = '\n';
}

bool
recproto_parse_request(const char *s, struct uuid_str *campaign, struct uuid_str *client)
{
	return s[UUID_STR_LEN] == ' ' && s[RECPROTO_REQUEST_LEN - 1] == '\n' &&
	    uuid_parse(s, UUID_STR_LEN, campaign) &&
	    uuid_parse(s + UUID_STR_LEN + 1, UUID_STR_LEN, client);
}

bool
recproto_parse_reply(const char *s, size_t n, char word[RECPROTO_REPLY_MAX])
{
	const char *nl = memchr(s, '\n', n < RECPROTO_REPLY_MAX ? n : RECPROTO_REPLY_MAX);
	size_t i, len;

	if (nl == NULL || nl == s)
		return false;
	len = (size_t)(nl - s);
	for (i = 0; i < len; i++)
		if ((s[i] < 'a' || s[i] > 'z') && s[i] != '_')
			return false;
	memcpy(word, s, len);
	word[len] = '\0';
	return true;
}
