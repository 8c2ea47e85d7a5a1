/* multipart.c -- the multipart/form-data state machine; see multipart.h. */
#include <string.h>
#include <strings.h>

#include "multipart.h"

enum state {
	ST_PREAMBLE, /* before the first boundary: discarded */
	ST_AFTER_DELIM, /* just after a boundary: "--", padding or CRLF */
	ST_PADDING,
	ST_DELIM_LF, /* CR read after a boundary */
	ST_CLOSE_DASH, /* one '-' read after a boundary */
	ST_HEADERS,
	ST_BODY,
	ST_EPILOGUE, /* after the closing boundary: ignored */
	ST_BAD,
	ST_STOPPED,
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* RFC 2046 bchars. */
static bool
is_bchar(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c != '\0' && strchr("'()+_,-./:=? ", c) != NULL);
}

/* RFC 7230 tchar: what a parameter name or an unquoted value is made of. */
static bool
is_tchar(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

static const char *
skip_space(const char *s, const char *end)
{
	while (s < end && is_space(*s))
		s++;
	return s;
}

enum param_result { PARAM_NONE, PARAM_OK, PARAM_BAD, PARAM_LONG };

/*
 * Reads one "; key=value" parameter at *s (value a token or a quoted string) into key and
 * val (each MULTIPART_VALUE_MAX + 1 bytes) and moves *s past it.
 */
static enum param_result
next_param(const char **s, const char *end, char *key, char *val)
{
	const char *p = skip_space(*s, end);
	size_t k = 0, v = 0;

	if (p == end)
		return PARAM_NONE;
	if (*p++ != ';')
		return PARAM_BAD;
	p = skip_space(p, end);
	while (p < end && is_tchar(*p)) {
		if (k == MULTIPART_VALUE_MAX)
			return PARAM_LONG;
		key[k++] = *p++;
	}
	key[k] = '\0';
	p = skip_space(p, end);
	if (k == 0 || p == end || *p++ != '=')
		return PARAM_BAD;
	p = skip_space(p, end);
	if (p < end && *p == '"') {
		for (p++;; p++) {
			if (p == end)
				return PARAM_BAD;
			if (*p == '"')
				break;
			if (*p == '\\' && ++p == end)
				return PARAM_BAD;
			if (v == MULTIPART_VALUE_MAX)
				return PARAM_LONG;
			val[v++] = *p;
		}
		p++;
	} else {
		while (p < end && is_tchar(*p)) {
			if (v == MULTIPART_VALUE_MAX)
				return PARAM_LONG;
			val[v++] = *p++;
		}
		if (v == 0)
			return PARAM_BAD;
	}
	val[v] = '\0';
	*s = p;
	return PARAM_OK;
}

/* Whether [s, end) starts with the media type or disposition word and then ends or a ';'. */
static bool
starts_with_word(const char **s, const char *end, const char *word)
{
	const char *p = skip_space(*s, end);
	size_t n = strlen(word);

	if ((size_t)(end - p) < n || strncasecmp(p, word, n) != 0)
		return false;
	p += n;
	if (p < end && !is_space(*p) && *p != ';')
		return false;
	*s = p;
	return true;
}

int
multipart_boundary(
    const char *content_type, char out[MULTIPART_BOUNDARY_MAX + 1], const char **error)
{
	const char *s = content_type, *end = content_type + strlen(content_type);
	char key[MULTIPART_VALUE_MAX + 1], val[MULTIPART_VALUE_MAX + 1];
	bool found = false;
	size_t i, len;

	if (!starts_with_word(&s, end, "multipart/form-data")) {
		*error = "the body must be multipart/form-data (Content-Type)";
		return -1;
	}
	for (;;) {
		enum param_result r = next_param(&s, end, key, val);

		if (r == PARAM_NONE)
			break;
		if (r != PARAM_OK) {
			*error = "malformed Content-Type parameters";
			return -1;
		}
		if (strcasecmp(key, "boundary") != 0)
			continue;
		if (found) {
			*error = "Content-Type has two boundary parameters";
			return -1;
		}
		found = true;
		len = strlen(val);
		if (len == 0 || len > MULTIPART_BOUNDARY_MAX || val[len - 1] == ' ') {
			*error = "the multipart boundary must be 1 to 70 characters, not ending in "
			         "a space";
			return -1;
		}
		for (i = 0; i < len; i++)
			if (!is_bchar(val[i])) {
				*error = "the multipart boundary has a character RFC 2046 does not "
				         "allow";
				return -1;
			}
		memcpy(out, val, len + 1);
	}
	if (!found) {
		*error = "Content-Type multipart/form-data needs a boundary parameter";
		return -1;
	}
	return 0;
}

void
multipart_init(
    struct multipart *m, const char *boundary, const struct multipart_handler *h, void *arg)
{
	size_t i, k = 0, blen = strnlen(boundary, MULTIPART_BOUNDARY_MAX);

	memset(m, 0, sizeof(*m));
	m->h = h;
	m->arg = arg;
	memcpy(m->delim, "\r\n--", 4);
	memcpy(m->delim + 4, boundary, blen);
	m->delim_len = 4 + blen;
	m->fail[0] = 0;
	for (i = 1; i < m->delim_len; i++) {
		while (k > 0 && m->delim[i] != m->delim[k])
			k = m->fail[k - 1];
		if (m->delim[i] == m->delim[k])
			k++;
		m->fail[i] = (unsigned char)k;
	}
	/* The first boundary may open the body: act as if a CRLF came before it. */
	m->state = ST_PREAMBLE;
	m->matched = 2;
}

static enum multipart_status
bad(struct multipart *m, const char *why)
{
	m->state = ST_BAD;
	m->error = why;
	return MULTIPART_BAD;
}

/* Parses a Content-Disposition value into m->part; NULL or the reason it is refused. */
static const char *
parse_disposition(struct multipart *m, const char *s, const char *end)
{
	char key[MULTIPART_VALUE_MAX + 1], val[MULTIPART_VALUE_MAX + 1];
	bool named = false;

	if (!starts_with_word(&s, end, "form-data"))
		return "a part's Content-Disposition is not form-data";
	for (;;) {
		switch (next_param(&s, end, key, val)) {
		case PARAM_NONE:
			return named ? NULL : "a part's Content-Disposition has no name";
		case PARAM_BAD:
			return "malformed Content-Disposition parameters in a part";
		case PARAM_LONG:
			return "a part's field name or file name is too long";
		case PARAM_OK:
			break;
		}
		if (strcasecmp(key, "name") == 0) {
			if (named)
				return "a part's Content-Disposition has two names";
			named = true;
			memcpy(m->part.name, val, strlen(val) + 1);
		} else if (strcasecmp(key, "filename") == 0) {
			m->part.has_filename = true;
		}
	}
}

/* Parses the header block (CRLF-terminated lines, then an empty line) into m->part. */
static const char *
parse_headers(struct multipart *m)
{
	const char *p = m->headers, *end = m->headers + m->headers_len - 2; /* the last CRLF */
	bool disposition = false;

	memset(&m->part, 0, sizeof(m->part));
	while (p < end) {
		const char *eol = memchr(p, '\r', (size_t)(end - p));
		const char *colon, *v, *ve;

		/* headers_len ends in CRLF CRLF, so every line here ends in CRLF. */
		if (eol == NULL || eol[1] != '\n' || memchr(p, '\n', (size_t)(eol - p)) != NULL)
			return "a part header line does not end in CRLF";
		if (eol == p || is_space(*p))
			return "malformed part header (folded or empty line)";
		colon = memchr(p, ':', (size_t)(eol - p));
		if (colon == NULL)
			return "a part header line has no colon";
		v = skip_space(colon + 1, eol);
		ve = eol;
		while (ve > v && is_space(ve[-1]))
			ve--;
		if ((size_t)(colon - p) == 19 && strncasecmp(p, "Content-Disposition", 19) == 0) {
			const char *why;

			if (disposition)
				return "a part has two Content-Disposition headers";
			disposition = true;
			if ((why = parse_disposition(m, v, ve)) != NULL)
				return why;
		} else if ((size_t)(colon - p) == 12 && strncasecmp(p, "Content-Type", 12) == 0) {
			if ((size_t)(ve - v) > MULTIPART_VALUE_MAX)
				return "a part's Content-Type is too long";
			memcpy(m->part.content_type, v, (size_t)(ve - v));
			m->part.content_type[ve - v] = '\0';
		}
		p = eol + 2;
	}
	if (!disposition)
		return "a part has no Content-Disposition: form-data header";
	return NULL;
}

/* The pieces of a part's data; false when the handler asked to stop. */
static bool
emit(struct multipart *m, const char *p, size_t n)
{
	if (n == 0 || m->h->data(m->arg, p, n) == 0)
		return true;
	m->state = ST_STOPPED;
	return false;
}

/* What the parser answers in its state: a final verdict, or MULTIPART_MORE. */
static enum multipart_status
settled(const struct multipart *m)
{
	switch (m->state) {
	case ST_BAD:
		return MULTIPART_BAD;
	case ST_STOPPED:
		return MULTIPART_STOPPED;
	case ST_EPILOGUE:
		return MULTIPART_DONE;
	default:
		return MULTIPART_MORE;
	}
}

/* One byte after a boundary, or of the headers; MULTIPART_MORE unless it ends everything. */
static enum multipart_status
step_framing(struct multipart *m, char c)
{
	const char *why;

	switch (m->state) {
	case ST_AFTER_DELIM:
		if (c == '-')
			m->state = ST_CLOSE_DASH;
		else if (c == '\r')
			m->state = ST_DELIM_LF;
		else if (is_space(c))
			m->state = ST_PADDING, m->padding = 1;
		else
			return bad(m, "a boundary is not followed by CRLF or \"--\"");
		return MULTIPART_MORE;
	case ST_PADDING:
		if (c == '\r')
			m->state = ST_DELIM_LF;
		else if (!is_space(c) || ++m->padding > MULTIPART_PADDING_MAX)
			return bad(m, "a boundary is not followed by CRLF or \"--\"");
		return MULTIPART_MORE;
	case ST_DELIM_LF:
		if (c != '\n')
			return bad(m, "a boundary line does not end in CRLF");
		m->state = ST_HEADERS;
		m->headers_len = 0;
		return MULTIPART_MORE;
	case ST_CLOSE_DASH:
		if (c != '-')
			return bad(m, "a boundary is not followed by CRLF or \"--\"");
		m->state = ST_EPILOGUE;
		return MULTIPART_DONE;
	case ST_HEADERS:
		if (m->headers_len == sizeof(m->headers))
			return bad(m, "a part's headers are too large");
		m->headers[m->headers_len++] = c;
		if (c != '\n' || m->headers_len < 2 || m->headers[m->headers_len - 2] != '\r')
			return MULTIPART_MORE;
		if (m->headers_len != 2 &&
		    (m->headers_len < 4 ||
		        memcmp(m->headers + m->headers_len - 4, "\r\n\r\n", 4) != 0))
			return MULTIPART_MORE;
		if ((why = parse_headers(m)) != NULL)
			return bad(m, why);
		if (m->h->begin(m->arg, &m->part) != 0) {
			m->state = ST_STOPPED;
			return MULTIPART_STOPPED;
		}
		m->state = ST_BODY;
		m->matched = 0;
		return MULTIPART_MORE;
	default:
		return bad(m, "internal parser state");
	}
}

enum multipart_status
multipart_feed(struct multipart *m, const char *p, size_t n)
{
	size_t i, run = 0; /* p[run, i) is part data not passed on yet */
	enum multipart_status st;

	for (i = 0; i < n; i++) {
		char c = p[i];

		switch (m->state) {
		case ST_BAD:
		case ST_STOPPED:
		case ST_EPILOGUE:
			return settled(m);
		case ST_PREAMBLE:
			while (m->matched > 0 && c != m->delim[m->matched])
				m->matched = m->fail[m->matched - 1];
			if (c == m->delim[m->matched] && ++m->matched == m->delim_len)
				m->state = ST_AFTER_DELIM;
			break;
		case ST_BODY:
			if (m->matched == 0) {
				const char *q = memchr(p + i, m->delim[0], n - i);

				if (q == NULL) {
					i = n;
					goto out;
				}
				i = (size_t)(q - p);
				if (!emit(m, p + run, i - run))
					return MULTIPART_STOPPED;
				m->matched = 1;
				run = i + 1;
				break;
			}
			/* p[run..i) is empty here: every byte since the match began is held. */
			while (m->matched > 0 && c != m->delim[m->matched]) {
				size_t k = m->fail[m->matched - 1];

				if (!emit(m, m->delim, m->matched - k))
					return MULTIPART_STOPPED;
				m->matched = k;
			}
			if (c != m->delim[m->matched]) {
				run = i; /* c is data */
				break;
			}
			run = i + 1;
			if (++m->matched < m->delim_len)
				break;
			if (m->h->end(m->arg) != 0) {
				m->state = ST_STOPPED;
				return MULTIPART_STOPPED;
			}
			m->state = ST_AFTER_DELIM;
			m->matched = 0;
			break;
		default:
			st = step_framing(m, c);
			if (st != MULTIPART_MORE)
				return st;
			if (m->state == ST_BODY)
				run = i + 1;
		}
	}
out:
	if (m->state == ST_BODY && run < n && !emit(m, p + run, n - run))
		return MULTIPART_STOPPED;
	return settled(m);
}

enum multipart_status
multipart_finish(struct multipart *m)
{
	enum multipart_status st = settled(m);

	if (st != MULTIPART_MORE)
		return st;
	if (m->state == ST_PREAMBLE)
		return bad(m, "no multipart boundary found in the body");
	return bad(m, "the body ends before its closing multipart boundary");
}

const char *
multipart_error(const struct multipart *m)
{
	return m->error != NULL ? m->error : "malformed multipart body";
}
