/*
 * fuzz_tgupdate.c -- libFuzzer target for what billboard-bot reads from the Bot API:
 * tg_envelope_parse on the raw bytes, tg_updates_read on its result, then tg_command and
 * tg_button_parse on every text and button, and tgfmt_escape on every text.
 *
 * Invariants: no more updates than room; texts and data NUL-terminated within their caps;
 * a command is a non-empty lower-case name whose argument points into the text; a page
 * button's number is positive; escaped text has no <, > or " and each & starts an entity.
 */
#include "core/tgfmt.h"
#include "core/tgupdate.h"
#include "fuzz.h"

/* Fewer slots than a real poll, so that the cap is exercised too. */
#define FUZZ_SLOTS 8

static void
check_escape(const char *s)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	buf_puts(&b, "");
	tgfmt_escape(&b, s, strlen(s));
	if (b.failed) {
		buf_free(&b);
		return;
	}
	for (i = 0; i < b.len; i++) {
		check(b.data[i] != '<' && b.data[i] != '>' && b.data[i] != '"');
		if (b.data[i] == '&')
			check(strncmp(b.data + i, "&amp;", 5) == 0 ||
			    strncmp(b.data + i, "&lt;", 4) == 0 ||
			    strncmp(b.data + i, "&gt;", 4) == 0 ||
			    strncmp(b.data + i, "&quot;", 6) == 0);
	}
	buf_free(&b);
}

static void
check_update(const struct tg_update *u)
{
	char cmd[16];
	const char *arg;
	struct uuid_str id;
	int64_t page;
	size_t i;

	check(u->update_id >= 0);
	check(memchr(u->text, '\0', sizeof(u->text)) != NULL);
	check(memchr(u->data, '\0', sizeof(u->data)) != NULL);
	check(memchr(u->callback_id, '\0', sizeof(u->callback_id)) != NULL);
	if (tg_command(u->text, cmd, sizeof(cmd), &arg)) {
		check(cmd[0] != '\0');
		for (i = 0; cmd[i] != '\0'; i++)
			check((cmd[i] >= 'a' && cmd[i] <= 'z') ||
			    (cmd[i] >= '0' && cmd[i] <= '9') || cmd[i] == '_' ||
			    (unsigned char)cmd[i] >= 0x80);
		check(arg >= u->text && arg <= u->text + strlen(u->text));
	}
	if (tg_button_parse(u->data, &page, &id) == TG_BUTTON_PAGE)
		check(page >= 1);
	check_escape(u->text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tg_update updates[FUZZ_SLOTS];
	struct json_object *result = NULL;
	struct tg_envelope env;
	size_t n = 0, i;

	if (tg_envelope_parse((const char *)data, size, &env, &result) != 0) {
		check(result == NULL);
		return 0;
	}
	check(memchr(env.description, '\0', sizeof(env.description)) != NULL);
	check(env.retry_after_s >= -1);
	if (result != NULL && tg_updates_read(result, updates, FUZZ_SLOTS, &n) == 0) {
		check(n <= FUZZ_SLOTS);
		for (i = 0; i < n; i++)
			check_update(&updates[i]);
	}
	json_object_put(result);
	return 0;
}
