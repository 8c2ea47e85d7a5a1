/* buf.h -- growing byte buffer; an allocation failure is sticky and checked once at the end. */
#ifndef BB_BUF_H
#define BB_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compat.h"

struct buf {
	char *data; /* always NUL-terminated once anything was appended */
	size_t len;
	size_t cap;
	bool failed; /* an allocation failed; contents are incomplete */
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
void buf_append(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
void buf_put_i64(struct buf *b, int64_t v);
/* Appends s as a quoted JSON string, escaping what JSON requires. */
void buf_json_str(struct buf *b, const char *s, size_t n);

#endif
