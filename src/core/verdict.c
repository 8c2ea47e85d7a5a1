/* verdict.c -- the moderation prompt and the strict reading of the model's answer. */
#include <string.h>

#include "core/jv.h"
#include "core/verdict.h"

const char verdict_prompt[] =
    "You moderate advertisements and complaints about them. The user message holds an ad's "
    "title and text, and possibly a reader's complaint. Decide whether the ad (or the "
    "complaint) contains obscenity, threats of violence, or discrimination against a group of "
    "people, in any language (mostly Russian and English), including disguised spellings. "
    "Answer with exactly one JSON object and nothing else: "
    "{\"flagged\": true or false, \"category\": \"none\" | \"obscenity\" | \"threat\" | "
    "\"discrimination\"}.";

int
verdict_parse(const char *s, size_t len, struct classify_verdict *out)
{
	static const char *const names[] = { "none", "obscenity", "threat", "discrimination" };
	struct json_object *o, *flagged, *category;
	char err[64];
	int ret = -1;
	size_t i;

	if (len > VERDICT_MAX)
		return -1;
	o = jv_parse(s, len, err, sizeof(err));
	if (o == NULL || !json_object_is_type(o, json_type_object) ||
	    json_object_object_length(o) != 2 ||
	    !json_object_object_get_ex(o, "flagged", &flagged) ||
	    !json_object_object_get_ex(o, "category", &category) ||
	    !json_object_is_type(flagged, json_type_boolean) ||
	    !json_object_is_type(category, json_type_string))
		goto done;
	for (i = 0; i < NELEM(names); i++)
		if (strcmp(json_object_get_string(category), names[i]) == 0)
			break;
	if (i == NELEM(names) || (i == 0) == (json_object_get_boolean(flagged) != 0))
		goto done; /* unknown category, or flagged without one (or clean with one) */
	out->category = (enum classify_category)i;
	strcpy(out->match, "llm");
	ret = 0;
done:
	json_object_put(o);
	return ret;
}
