#!/usr/bin/env python3
"""openapi.py -- prints docs/openapi.json, the OpenAPI 3.1 document of every route in
src/api/routes.c (nginx serves it at GET /docs/openapi.json, Swagger UI at GET /docs).

The operations are the OPS table below, one entry per route: adding a route means adding an
entry and running   scripts/openapi.py > docs/openapi.json
tests/e2e/test_openapi.py fails when the committed file differs from this output, when the
route table and the document disagree on a path or method, or when `redocly lint` objects.
"""
import json
import sys

UUID = {"type": "string", "format": "uuid", "example": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}
DAY = {"type": "integer", "minimum": 0, "maximum": 100000}
MONEY = {"type": "number", "minimum": 0, "description": "exact, at most 6 decimals"}
TEXT = {"type": "string", "minLength": 1}
COUNT = {"type": "integer", "minimum": 0}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required, props, **extra):
    return {"type": "object", "required": required, "properties": props, **extra}


def nullable(schema):
    return {"oneOf": [schema, {"type": "null"}]}


SCHEMAS = {
    "Error": obj(["detail"], {"detail": {
        "description": "what is wrong, in words (or an object for some admin errors)",
        "oneOf": [{"type": "string"}, {"type": "object"}]}}),
    "Client": obj(["client_id", "login", "age", "location", "gender"], {
        "client_id": UUID, "login": TEXT, "age": {"type": "integer", "minimum": 0, "maximum": 100},
        "location": TEXT, "gender": {"enum": ["MALE", "FEMALE"]}}),
    "Advertiser": obj(["advertiser_id", "name"], {"advertiser_id": UUID, "name": TEXT}),
    "MlScore": obj(["client_id", "advertiser_id", "score"], {
        "client_id": UUID, "advertiser_id": UUID,
        "score": {"type": "integer", "minimum": 0, "maximum": 9223372036854775807}}),
    "Targeting": obj([], {
        "gender": nullable({"enum": ["MALE", "FEMALE", "ALL"]}),
        "age_from": nullable({"type": "integer", "minimum": 0, "maximum": 100}),
        "age_to": nullable({"type": "integer", "minimum": 0, "maximum": 100}),
        "location": nullable(TEXT)}),
    "CampaignCreate": obj(
        ["impressions_limit", "clicks_limit", "cost_per_impression", "cost_per_click", "ad_title",
         "ad_text", "start_date", "end_date"], {
            "impressions_limit": {"type": "integer", "minimum": 0},
            "clicks_limit": {"type": "integer", "minimum": 0, "description": "at most impressions_limit"},
            "cost_per_impression": MONEY, "cost_per_click": MONEY,
            "ad_title": TEXT, "ad_text": TEXT,
            "start_date": {**DAY, "description": "not before the current day"},
            "end_date": {**DAY, "description": "not before start_date"},
            "targeting": nullable(ref("Targeting"))}),
    "Campaign": obj(
        ["campaign_id", "advertiser_id", "impressions_limit", "clicks_limit", "cost_per_impression",
         "cost_per_click", "ad_title", "ad_text", "ad_image", "start_date", "end_date", "targeting",
         "moderation"], {
            "campaign_id": UUID, "advertiser_id": UUID,
            "impressions_limit": {"type": "integer"}, "clicks_limit": {"type": "integer"},
            "cost_per_impression": MONEY, "cost_per_click": MONEY,
            "ad_title": {"type": "string"}, "ad_text": {"type": "string"},
            "ad_image": nullable({"type": "string", "format": "uri"}),
            "start_date": DAY, "end_date": DAY, "targeting": ref("Targeting"),
            "moderation": {"enum": ["ok", "blocked"]}}),
    "Ad": obj(["ad_id", "advertiser_id", "ad_title", "ad_text", "ad_image"], {
        "ad_id": UUID, "advertiser_id": UUID, "ad_title": {"type": "string"},
        "ad_text": {"type": "string"}, "ad_image": nullable({"type": "string", "format": "uri"})}),
    "Click": obj(["client_id"], {"client_id": UUID}),
    "Stat": obj(["impressions_count", "clicks_count", "conversion", "spent_impressions",
                 "spent_clicks", "spent_total"], {
        "impressions_count": {"type": "integer"}, "clicks_count": {"type": "integer"},
        "conversion": {"type": "number", "description": "clicks / impressions x 100, 2 decimals"},
        "spent_impressions": MONEY, "spent_clicks": MONEY, "spent_total": MONEY}),
    "DailyStat": {"allOf": [ref("Stat"), obj(["date"], {"date": DAY})]},
    "Time": obj(["current_date"], {"current_date": DAY}),
    "ImageUpload": obj(["ad_image"], {"ad_image": {
        "type": "string", "format": "binary",
        "description": "JPEG, PNG, GIF or WebP (by content), under 10 MiB"}}),
    "ReportCreate": obj(["client_id"], {"client_id": UUID, "message": nullable(TEXT)}),
    "Report": obj(["report_id", "campaign_id", "client_id", "state", "message", "flagged",
                   "created_at"], {
        "report_id": UUID, "campaign_id": UUID, "client_id": UUID,
        "state": {"enum": ["sent", "under_review", "took_action", "skipped"]},
        "message": nullable({"type": "string"}), "flagged": nullable({"type": "boolean"}),
        "created_at": {"type": "string", "format": "date-time"}}),
    "GenerateRequest": obj(["ad_title"], {
        "ad_title": {**TEXT, "maxLength": 200},
        "advertiser_name": {**TEXT, "maxLength": 200, "description": "or advertiser_id"},
        "advertiser_id": UUID}),
    "Task": obj(["task_id", "status"], {"task_id": UUID, "status": {
        "enum": ["PENDING", "RUNNING", "SUCCESS", "FAILURE"]}}),
    "TaskResult": obj(["task_id", "status", "result", "error"], {
        "task_id": UUID, "status": {"enum": ["PENDING", "RUNNING", "SUCCESS", "FAILURE"]},
        "result": nullable({"type": "string"}), "error": nullable({"type": "string"}),
        "generator": nullable({"type": "string", "description": "\"builtin\" or the model's name"})}),
    "Health": obj(["status", "checks"], {
        "status": {"enum": ["ok", "error"]},
        "checks": {"type": "object", "additionalProperties": {"enum": ["ok", "down"]}},
        "detail": {"type": "string"}}),
    "Login": obj(["login", "password"], {"login": TEXT, "password": TEXT}),
    "Account": obj(["login", "role"], {"login": {"type": "string"},
                                       "role": {"enum": ["admin", "moderator"]}}),
    "AccountListed": obj(["login", "role", "created_at"], {
        "login": {"type": "string"}, "role": {"enum": ["admin", "moderator"]},
        "created_at": {"type": "string", "format": "date-time"}}),
    "TelegramCode": obj(["code", "expires_at"], {
        "code": {"type": "string", "pattern": "^[A-HJ-NP-Z2-9]{10}$",
                 "description": "single use; send `/start CODE` to the bot"},
        "expires_at": {"type": "string", "format": "date-time"}}),
    "UserCreate": obj(["login", "password", "role"], {
        "login": TEXT, "password": TEXT, "role": {"enum": ["admin", "moderator"]}}),
    "QueueItem": obj(["campaign_id", "campaign", "advertiser", "status", "source", "open_reports",
                      "flagged", "first_reported_at", "claimed_by", "claim_expires_at",
                      "decision", "decided_at", "reviews", "reports", "history"], {
        "campaign_id": UUID, "campaign": ref("Campaign"), "advertiser": ref("Advertiser"),
        "status": {"enum": ["open", "claimed", "escalated", "decided"]},
        "open_reports": COUNT, "flagged": {"type": "boolean"},
        "first_reported_at": nullable({"type": "string", "format": "date-time"}),
        "claimed_by": nullable({"type": "string"}),
        "claim_expires_at": nullable({"type": "string", "format": "date-time"}),
        "source": {"enum": ["report", "screening"]},
        "decision": nullable({"enum": ["took_action", "skipped"]}),
        "decided_at": nullable({"type": "string", "format": "date-time"}),
        "reviews": {"type": "array", "items": obj(
            ["reviewer", "kind", "decision", "note", "at"], {
                "reviewer": {"type": "string"}, "kind": {"enum": ["review", "escalation"]},
                "decision": {"enum": ["took_action", "skipped"]},
                "note": nullable({"type": "string"}),
                "at": {"type": "string", "format": "date-time"}})},
        "reports": nullable({
            "type": "array",
            "description": "the item alone (GET /admin/api/queue/{campaign_id}); null elsewhere",
            "items": obj(["report_id", "client_id", "message", "flagged", "category", "state",
                          "created_at"], {
                "report_id": UUID, "client_id": UUID, "message": nullable({"type": "string"}),
                "flagged": nullable({"type": "boolean"}),
                "category": nullable({"type": "string"}),
                "state": {"enum": ["sent", "under_review", "took_action", "skipped"]},
                "created_at": {"type": "string", "format": "date-time"}})}),
        "history": nullable({
            "type": "array",
            "description": "the item alone (GET /admin/api/queue/{campaign_id}); null elsewhere",
            "items": ref("AuditEntryOfItem")})}),
    "AuditEntryOfItem": obj(["at", "actor", "action", "detail"], {
        "at": {"type": "string", "format": "date-time"}, "actor": {"type": "string"},
        "action": {"type": "string"}, "detail": nullable({"type": "string"})}),
    "Decision": obj(["decision"], {"decision": {"enum": ["took_action", "skipped"]},
                                   "note": nullable({"type": "string"})}),
    "AuditEntry": obj(["at", "actor", "action", "campaign_id", "detail"], {
        "at": {"type": "string", "format": "date-time"}, "actor": {"type": "string"},
        "action": {"type": "string"}, "campaign_id": nullable(UUID),
        "detail": nullable({"type": "string"})}),
    "ModerationMetrics": obj(["open", "claimed", "escalated", "decided_today",
                              "time_to_decision_s", "decisions", "agreement_rate",
                              "per_reviewer"], {
        "open": COUNT, "claimed": COUNT, "escalated": COUNT, "decided_today": COUNT,
        "time_to_decision_s": obj(["p50", "p90"], {
            "p50": nullable({"type": "number", "minimum": 0}),
            "p90": nullable({"type": "number", "minimum": 0})},
            description="from the item's (re)opening to its final decision; null before any"),
        "decisions": obj(["took_action", "skipped"], {"took_action": COUNT, "skipped": COUNT}),
        "agreement_rate": nullable({"type": "number", "minimum": 0, "maximum": 1,
                                    "description": "double-reviewed rounds that agreed"}),
        "per_reviewer": {"type": "array", "items": obj(
            ["login", "decisions", "took_action", "skipped", "escalations"], {
                "login": {"type": "string"}, "decisions": COUNT, "took_action": COUNT,
                "skipped": COUNT, "escalations": COUNT})}}),
    "AdminAdvertiser": obj(["advertiser_id", "name", "campaigns", "blocked_campaigns",
                            "impressions", "clicks", "spent_total"], {
        "advertiser_id": UUID, "name": {"type": "string"}, "campaigns": COUNT,
        "blocked_campaigns": COUNT, "impressions": COUNT, "clicks": COUNT,
        "spent_total": MONEY}),
    "Totals": obj(["impressions", "clicks", "spent_total"], {
        "impressions": COUNT, "clicks": COUNT, "spent_total": MONEY}),
    "Overview": obj(["current_date", "today", "overall", "fill_rate", "campaigns"], {
        "current_date": DAY, "today": ref("Totals"), "overall": ref("Totals"),
        "fill_rate": nullable({
            "type": "number", "minimum": 0, "maximum": 1,
            "description": "share of GET /ads answered with an ad since the workers' counters "
                           "were made (those of GET /metrics); null before the first request "
                           "or without a counters file"}),
        "campaigns": obj(["total", "running", "blocked"], {
            "total": COUNT, "running": COUNT, "blocked": COUNT})},
        description="platform totals today and overall"),
}
# A PUT body: any field of the create body, none required (absent ones keep their value).
SCHEMAS["CampaignUpdate"] = {
    "type": "object", "description": "fields of CampaignCreate; absent ones keep their value",
    "properties": SCHEMAS["CampaignCreate"]["properties"]}

EXAMPLE_CLIENT = {"client_id": UUID["example"], "login": "anna", "age": 31, "location": "Moscow",
                  "gender": "FEMALE"}
EXAMPLE_ADV = {"advertiser_id": UUID["example"], "name": "Coffee Corner"}
EXAMPLE_CAMPAIGN = {
    "campaign_id": "5b1f4e2a-7c1d-4e0b-9a55-0c6f0e2a9d10", "advertiser_id": UUID["example"],
    "impressions_limit": 1000, "clicks_limit": 50, "cost_per_impression": 0.5,
    "cost_per_click": 4.25, "ad_title": "Fresh coffee", "ad_text": "Two cups for one today",
    "ad_image": None, "start_date": 3, "end_date": 10,
    "targeting": {"gender": "ALL", "age_from": 18, "age_to": 40, "location": "Moscow"},
    "moderation": "ok"}
EXAMPLE_STAT = {"impressions_count": 120, "clicks_count": 6, "conversion": 5.0,
                "spent_impressions": 60.0, "spent_clicks": 25.5, "spent_total": 85.5}
EXAMPLE_TASK_ID = "0d3c2f52-54f3-4b57-8c1e-1f0f8f9e2b11"
EXAMPLE_QUEUE_ITEM = {
    "campaign_id": EXAMPLE_CAMPAIGN["campaign_id"], "campaign": EXAMPLE_CAMPAIGN,
    "advertiser": EXAMPLE_ADV, "status": "open", "source": "report", "open_reports": 2,
    "flagged": True, "first_reported_at": "2026-11-30T11:58:00Z", "claimed_by": None,
    "claim_expires_at": None, "decision": None, "decided_at": None, "reviews": [],
    "reports": None, "history": None}
EXAMPLE_QUEUE_CLAIMED = {**EXAMPLE_QUEUE_ITEM, "status": "claimed", "claimed_by": "maria",
                         "claim_expires_at": "2026-11-30T12:10:00Z"}
EXAMPLE_ACCOUNT = {"login": "admin", "role": "admin"}

# What every answer may be besides the operation's own statuses (nginx and the workers).
COMMON = {"500": "Internal", "503": "Unavailable"}
ERROR_RESPONSES = {
    "400": ("BadRequest", "malformed JSON, wrong type, missing field, bad UUID, value out of range "
                          "or a broken rule; detail names the field"),
    "401": ("Unauthorized", "no valid session cookie"),
    "403": ("Forbidden", "not allowed in the entity's state, or for the account's role"),
    "404": ("NotFound", "no such entity"),
    "409": ("Conflict", "conflicts with the stored state"),
    "413": ("TooLarge", "request body over the route's limit"),
    "422": ("Unprocessable", "the same Idempotency-Key with other fields"),
    "429": ("TooMany", "rate limit or throttle; see Retry-After"),
    "500": ("Internal", "unexpected error (logged with the request id)"),
    "503": ("Unavailable", "a dependency (PostgreSQL, Redis, object storage) is out of reach; "
                           "see Retry-After"),
}


def json_body(schema, example=None):
    content = {"schema": schema}
    if example is not None:
        content["example"] = example
    return {"content": {"application/json": content}}


def op(method, path, op_id, tag, summary, ok, errors, body=None, params=(), ok_schema=None,
       example=None, body_example=None, description=None, admin=False):
    """One operation: ok is the success status, errors the other statuses the handler or nginx
    can answer (500 and 503 are added to every one)."""
    responses = {}
    if ok == "204":
        responses[ok] = {"description": "done, no body"}
    elif ok_schema is not None:
        responses[ok] = {"description": "success", **json_body(ok_schema, example)}
    else:  # GET /metrics
        responses[ok] = {"description": "success", "content": {"text/plain": {
            "schema": {"type": "string"}, "example": "billboard_ads_requests_total 42\n"}}}
    for code in sorted(set(errors) | set(COMMON)):
        responses[code] = {"$ref": f"#/components/responses/{ERROR_RESPONSES[code][0]}"}
    operation = {"operationId": op_id, "tags": [tag], "summary": summary, "responses": responses}
    if description:
        operation["description"] = description
    parameters = [{"$ref": f"#/components/parameters/{p}"} for p in params]
    if parameters:
        operation["parameters"] = parameters
    if body is not None:
        operation["requestBody"] = {"required": True, **(
            body if "content" in body else json_body(body, body_example))}
    operation["security"] = [{"session": []}] if admin else []
    return method.lower(), path, operation


def array(schema):
    return {"type": "array", "items": schema}


PAGE = ("page", "size")
OPS = [
    op("GET", "/health", "health", "operations", "Are PostgreSQL and Redis reachable?", "200", [],
       ok_schema=ref("Health"), example={"status": "ok", "checks": {"postgres": "ok", "redis": "ok"}},
       description="503 with the same shape (status \"error\", detail naming the dependency) "
                   "when one is down."),
    op("GET", "/ping", "ping", "operations", "Liveness: answers without touching any store", "200",
       [], ok_schema=obj(["status"], {"status": {"const": "ok"}}), example={"status": "ok"}),
    op("GET", "/metrics", "metrics", "operations", "Prometheus text format, summed over every worker",
       "200", [], description="Requests by route pattern, method and status class, latency "
       "histograms, ads answered with and without an ad, limit refusals, catalogue rebuilds, "
       "dependency errors, and PostgreSQL's totals read at scrape time."),
    op("POST", "/clients/bulk", "clients_bulk", "clients", "Insert or replace clients", "201",
       ["400", "413", "429"], body=array(ref("Client")), body_example=[EXAMPLE_CLIENT],
       ok_schema=array(ref("Client")), example=[EXAMPLE_CLIENT]),
    op("GET", "/clients/{client_id}", "clients_get", "clients", "One client", "200", ["400", "404"],
       params=["client_id"], ok_schema=ref("Client"), example=EXAMPLE_CLIENT),
    op("POST", "/advertisers/bulk", "advertisers_bulk", "advertisers",
       "Insert or replace advertisers", "201", ["400", "413", "429"], body=array(ref("Advertiser")),
       body_example=[EXAMPLE_ADV], ok_schema=array(ref("Advertiser")), example=[EXAMPLE_ADV]),
    op("GET", "/advertisers/{advertiser_id}", "advertisers_get", "advertisers", "One advertiser",
       "200", ["400", "404"], params=["advertiser_id"], ok_schema=ref("Advertiser"),
       example=EXAMPLE_ADV),
    op("POST", "/advertisers/{advertiser_id}/campaigns", "campaigns_create", "campaigns",
       "Create a campaign", "201", ["400", "404", "413", "429"], params=["advertiser_id"],
       body=ref("CampaignCreate"), ok_schema=ref("Campaign"), example=EXAMPLE_CAMPAIGN),
    op("GET", "/advertisers/{advertiser_id}/campaigns", "campaigns_list", "campaigns",
       "The advertiser's campaigns, newest first (X-Total-Count)", "200", ["400", "404"],
       params=["advertiser_id", *PAGE], ok_schema=array(ref("Campaign")), example=[EXAMPLE_CAMPAIGN]),
    op("GET", "/advertisers/{advertiser_id}/campaigns/{campaign_id}", "campaigns_get", "campaigns",
       "One campaign", "200", ["400", "404"], params=["advertiser_id", "campaign_id"],
       ok_schema=ref("Campaign"), example=EXAMPLE_CAMPAIGN),
    op("PUT", "/advertisers/{advertiser_id}/campaigns/{campaign_id}", "campaigns_update",
       "campaigns", "Change a campaign (absent fields keep their value)", "200",
       ["400", "403", "404", "413", "429"], params=["advertiser_id", "campaign_id"],
       body=ref("CampaignUpdate"), body_example={"ad_title": "Fresh coffee, now with cake"},
       ok_schema=ref("Campaign"), example=EXAMPLE_CAMPAIGN,
       description="403 when a started campaign's limits or dates would change."),
    op("DELETE", "/advertisers/{advertiser_id}/campaigns/{campaign_id}", "campaigns_delete",
       "campaigns", "Delete a campaign (its statistics stay)", "204", ["400", "404", "429"],
       params=["advertiser_id", "campaign_id"]),
    op("GET", "/ads", "ads_get", "ads", "The ad to show a client now (records the first show)",
       "200", ["400", "404"], params=["client_id_query"], ok_schema=ref("Ad"),
       example={"ad_id": EXAMPLE_CAMPAIGN["campaign_id"], "advertiser_id": UUID["example"],
                "ad_title": "Fresh coffee", "ad_text": "Two cups for one today", "ad_image": None},
       description="404 {\"detail\": \"no ad available\"} when no campaign is eligible."),
    op("POST", "/ads/{ad_id}/click", "ads_click", "ads", "Record a click", "204",
       ["400", "403", "404", "413", "429"], params=["ad_id"], body=ref("Click"),
       body_example={"client_id": UUID["example"]},
       description="403 when the client was never shown the ad; repeated clicks change nothing."),
    op("POST", "/ml-scores", "ml_scores_put", "advertisers", "Set a client-advertiser ML score",
       "200", ["400", "404", "413", "429"], body=ref("MlScore"),
       body_example={"client_id": UUID["example"], "advertiser_id": UUID["example"], "score": 87},
       ok_schema=ref("MlScore"),
       example={"client_id": UUID["example"], "advertiser_id": UUID["example"], "score": 87}),
    op("GET", "/stats/campaigns/{campaign_id}", "stats_campaign", "statistics",
       "A campaign's totals", "200", ["400", "404"], params=["campaign_id"], ok_schema=ref("Stat"),
       example=EXAMPLE_STAT),
    op("GET", "/stats/campaigns/{campaign_id}/daily", "stats_campaign_daily", "statistics",
       "A campaign's days, zero-filled", "200", ["400", "404"], params=["campaign_id"],
       ok_schema=array(ref("DailyStat")), example=[{**EXAMPLE_STAT, "date": 3}]),
    op("GET", "/stats/advertisers/{advertiser_id}", "stats_advertiser", "statistics",
       "An advertiser's totals (alias of .../campaigns)", "200", ["400", "404"],
       params=["advertiser_id"], ok_schema=ref("Stat"), example=EXAMPLE_STAT),
    op("GET", "/stats/advertisers/{advertiser_id}/campaigns", "stats_advertiser_campaigns",
       "statistics", "An advertiser's totals, deleted campaigns included", "200", ["400", "404"],
       params=["advertiser_id"], ok_schema=ref("Stat"), example=EXAMPLE_STAT),
    op("GET", "/stats/advertisers/{advertiser_id}/daily", "stats_advertiser_daily", "statistics",
       "An advertiser's days 0..today (alias of .../campaigns/daily)", "200", ["400", "404"],
       params=["advertiser_id"], ok_schema=array(ref("DailyStat")),
       example=[{**EXAMPLE_STAT, "date": 0}]),
    op("GET", "/stats/advertisers/{advertiser_id}/campaigns/daily",
       "stats_advertiser_campaigns_daily", "statistics", "An advertiser's days 0..today", "200",
       ["400", "404"], params=["advertiser_id"], ok_schema=array(ref("DailyStat")),
       example=[{**EXAMPLE_STAT, "date": 0}]),
    op("GET", "/time", "time_get", "time", "The platform's current day", "200", [],
       ok_schema=ref("Time"), example={"current_date": 3}),
    op("POST", "/time/advance", "time_advance", "time", "Move the current day forwards", "200",
       ["400", "413", "429"], body=ref("Time"), body_example={"current_date": 4},
       ok_schema=ref("Time"), example={"current_date": 4}),
    op("POST", "/advertisers/{advertiser_id}/campaigns/{campaign_id}/ad_image", "images_put",
       "campaigns", "Upload the campaign's image (multipart/form-data, field ad_image)", "200",
       ["400", "404", "413", "429"], params=["advertiser_id", "campaign_id"],
       body={"content": {"multipart/form-data": {"schema": ref("ImageUpload")}}},
       ok_schema=ref("Campaign"),
       example={**EXAMPLE_CAMPAIGN, "ad_image": "http://127.0.0.1:8080/media/campaigns/"
                "5b1f4e2a-7c1d-4e0b-9a55-0c6f0e2a9d10/"
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.png"}),
    op("DELETE", "/advertisers/{advertiser_id}/campaigns/{campaign_id}/ad_image", "images_delete",
       "campaigns", "Remove the campaign's image", "204", ["400", "404", "429"],
       params=["advertiser_id", "campaign_id"]),
    op("POST", "/report/{campaign_id}", "report_create", "reports", "Report a campaign", "201",
       ["400", "403", "404", "409", "413", "429"], params=["campaign_id"], body=ref("ReportCreate"),
       body_example={"client_id": UUID["example"], "message": "misleading"},
       ok_schema=ref("Report"),
       example={"report_id": "7e2d0c55-2b7a-4f7b-a1d4-6a3f5f0b9c21",
                "campaign_id": EXAMPLE_CAMPAIGN["campaign_id"], "client_id": UUID["example"],
                "state": "sent", "message": "misleading", "flagged": None,
                "created_at": "2026-11-30T12:00:00Z"}),
    op("POST", "/generate/ad_text", "generate_ad_text", "generation",
       "Start generating an ad text (Idempotency-Key optional)", "202",
       ["400", "404", "413", "422", "429"], params=["idempotency_key"],
       body=ref("GenerateRequest"),
       body_example={"advertiser_name": "Coffee Corner", "ad_title": "Fresh coffee"},
       ok_schema=ref("Task"), example={"task_id": EXAMPLE_TASK_ID, "status": "PENDING"}),
    op("GET", "/generate/ad_text/{task_id}/result", "generate_result", "generation",
       "A generation task's state and result", "200", ["400", "404"], params=["task_id"],
       ok_schema=ref("TaskResult"),
       example={"task_id": EXAMPLE_TASK_ID, "status": "SUCCESS",
                "result": "Fresh coffee at Coffee Corner: two cups for one today.", "error": None,
                "generator": "builtin"}),
    op("POST", "/admin/api/login", "admin_login", "admin", "Log in (sets the bb_session cookie)",
       "200", ["400", "401", "413", "429"], body=ref("Login"),
       body_example={"login": "admin", "password": "correct horse battery staple"},
       ok_schema=ref("Account"), example=EXAMPLE_ACCOUNT),
    op("POST", "/admin/api/logout", "admin_logout", "admin", "Log out (revokes the session)", "204",
       ["401"], admin=True),
    op("GET", "/admin/api/me", "admin_me", "admin", "The session's account", "200", ["401"],
       ok_schema=ref("Account"), example=EXAMPLE_ACCOUNT, admin=True),
    op("POST", "/admin/api/users", "admin_users_create", "admin", "Create an account (admin)", "201",
       ["400", "401", "403", "409", "413"], body=ref("UserCreate"),
       body_example={"login": "maria", "password": "a long passphrase", "role": "moderator"},
       ok_schema=ref("Account"), example={"login": "maria", "role": "moderator"}, admin=True),
    op("GET", "/admin/api/queue", "admin_queue_list", "moderation",
       "Review queue, most urgent first (X-Total-Count)", "200", ["400", "401"],
       params=["status", "flagged", *PAGE], ok_schema=array(ref("QueueItem")),
       example=[EXAMPLE_QUEUE_ITEM], admin=True),
    op("GET", "/admin/api/queue/{campaign_id}", "admin_queue_get", "moderation",
       "A queue item with its reports and history", "200", ["400", "401", "404"],
       params=["campaign_id"], ok_schema=ref("QueueItem"),
       example={**EXAMPLE_QUEUE_ITEM, "reports": [{
           "report_id": EXAMPLE_TASK_ID, "client_id": EXAMPLE_CLIENT["client_id"],
           "message": "insults my neighbours", "flagged": True, "category": "discrimination",
           "state": "sent", "created_at": "2026-11-30T11:58:00Z"}], "history": [{
               "at": "2026-11-30T11:58:00Z", "actor": "batch", "action": "report_flagged",
               "detail": "discrimination"}]}, admin=True),
    op("POST", "/admin/api/queue/{campaign_id}/claim", "admin_queue_claim", "moderation",
       "Claim an item for a lease", "200", ["400", "401", "403", "404", "409"],
       params=["campaign_id"], ok_schema=ref("QueueItem"),
       example=EXAMPLE_QUEUE_CLAIMED, admin=True),
    op("POST", "/admin/api/queue/{campaign_id}/release", "admin_queue_release", "moderation",
       "Give a claimed item back", "204", ["400", "401", "403", "404"], params=["campaign_id"],
       admin=True),
    op("POST", "/admin/api/queue/{campaign_id}/decision", "admin_queue_decision", "moderation",
       "Decide a claimed item", "200", ["400", "401", "403", "404", "413"],
       params=["campaign_id"], body=ref("Decision"),
       body_example={"decision": "took_action", "note": "misleading claim"},
       ok_schema=ref("QueueItem"),
       example={**EXAMPLE_QUEUE_CLAIMED, "status": "decided", "claimed_by": None,
                "claim_expires_at": None, "open_reports": 0, "decision": "took_action",
                "decided_at": "2026-11-30T12:03:00Z", "reviews": [{
                    "reviewer": "maria", "kind": "review", "decision": "took_action",
                    "note": "misleading claim", "at": "2026-11-30T12:03:00Z"}]}, admin=True),
    op("POST", "/admin/api/campaigns/{campaign_id}/unblock", "admin_campaign_unblock",
       "moderation", "Unblock a campaign (admin)", "200", ["400", "401", "403", "404"],
       params=["campaign_id"], ok_schema=ref("Campaign"), example=EXAMPLE_CAMPAIGN, admin=True),
    op("GET", "/admin/api/audit", "admin_audit", "moderation", "The append-only audit log",
       "200", ["400", "401"], params=list(PAGE), ok_schema=array(ref("AuditEntry")),
       example=[{"at": "2026-11-30T12:00:00Z", "actor": "maria", "action": "claim",
                 "campaign_id": EXAMPLE_CAMPAIGN["campaign_id"], "detail": None}], admin=True),
    op("GET", "/admin/api/moderation/metrics", "admin_moderation_metrics", "moderation",
       "Moderation figures", "200", ["401"], ok_schema=ref("ModerationMetrics"),
       example={"open": 3, "claimed": 1, "escalated": 0, "decided_today": 7,
                "time_to_decision_s": {"p50": 240.5, "p90": 1800.0},
                "decisions": {"took_action": 5, "skipped": 9}, "agreement_rate": 0.9,
                "per_reviewer": [{"login": "maria", "decisions": 14, "took_action": 5,
                                  "skipped": 9, "escalations": 1}]}, admin=True),
    op("GET", "/admin/api/advertisers", "admin_advertisers", "admin",
       "Advertisers with campaign counts and totals (search, X-Total-Count)", "200",
       ["400", "401"], params=["search", *PAGE], ok_schema=array(ref("AdminAdvertiser")),
       example=[{**EXAMPLE_ADV, "campaigns": 2, "blocked_campaigns": 0, "impressions": 120,
                 "clicks": 6, "spent_total": 85.5}], admin=True),
    op("GET", "/admin/api/overview", "admin_overview", "admin", "Platform totals", "200", ["401"],
       ok_schema=ref("Overview"), example={
           "current_date": 3, "today": {"impressions": 120, "clicks": 6, "spent_total": 85.5},
           "overall": {"impressions": 5400, "clicks": 210, "spent_total": 3120.75},
           "fill_rate": 0.97, "campaigns": {"total": 40, "running": 31, "blocked": 1}},
       admin=True),
    op("GET", "/admin/api/overview/daily", "admin_overview_daily", "admin",
       "The platform's daily statistics for the last `days` days up to the current day", "200",
       ["400", "401"], params=["days"], ok_schema=array(ref("DailyStat")),
       example=[{**EXAMPLE_STAT, "date": 3}], admin=True),
    op("GET", "/admin/api/users", "admin_users_list", "admin",
       "Accounts by login (admin; X-Total-Count)", "200", ["400", "401", "403"],
       params=["page", "users_size"], ok_schema=array(ref("AccountListed")),
       example=[{"login": "admin", "role": "admin", "created_at": "2026-11-30T12:00:00Z"}],
       admin=True),
    op("POST", "/admin/api/advertisers/{advertiser_id}/telegram-code", "admin_telegram_code",
       "admin", "A one-time code that links a Telegram chat to the advertiser (15 minutes)",
       "201", ["400", "401", "403", "404"], params=["advertiser_id"],
       ok_schema=ref("TelegramCode"),
       example={"code": "XCSC2FF3E3", "expires_at": "2026-11-30T12:15:00Z"}, admin=True),
]


def path_param(name, description):
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": UUID}


def query_param(name, schema, description, required=False):
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema}


PARAMETERS = {
    "client_id": path_param("client_id", "the client"),
    "advertiser_id": path_param("advertiser_id", "the advertiser"),
    "campaign_id": path_param("campaign_id", "the campaign"),
    "ad_id": path_param("ad_id", "the ad (its campaign's id)"),
    "task_id": path_param("task_id", "the generation task"),
    "client_id_query": query_param("client_id", UUID, "the client to show an ad to", True),
    "page": query_param("page", {"type": "integer", "minimum": 1, "default": 1}, "page number"),
    "size": query_param("size", {"type": "integer", "minimum": 0, "default": 100},
                        "items per page"),
    "days": query_param("days", {"type": "integer", "minimum": 1, "maximum": 800, "default": 30},
                        "how many days, ending at the current day"),
    "users_size": query_param("size", {"type": "integer", "minimum": 0, "maximum": 500,
                                       "default": 50}, "items per page"),
    "status": query_param("status", {"enum": ["open", "claimed", "escalated", "decided"]},
                          "only items in this status"),
    "flagged": query_param("flagged", {"type": "boolean"}, "only flagged (or unflagged) items"),
    "search": query_param("search", {"type": "string"}, "part of the name or id"),
    "idempotency_key": {"name": "Idempotency-Key", "in": "header", "required": False,
                        "description": "1-200 visible ASCII bytes: the same key and fields "
                                       "answer the same task",
                        "schema": {"type": "string", "minLength": 1, "maxLength": 200}},
}


def document():
    paths = {}
    for method, path, operation in OPS:
        paths.setdefault(path, {})[method] = operation
    error = {"application/json": {"schema": ref("Error"),
                                  "example": {"detail": "client_id: must be a UUID"}}}
    retry = {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}
    responses = {}
    for code, (name, text) in ERROR_RESPONSES.items():
        responses[name] = {"description": text, "content": error}
        if code in ("429", "503"):
            responses[name]["headers"] = retry
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Billboard API",
            "version": "1.0.0",
            "summary": "Advertising platform: clients, advertisers, campaigns, ads, statistics, "
                       "moderation",
            "description": "JSON in, JSON out. Errors are {\"detail\": ...}. Every answer carries "
                           "X-Request-Id, the id the server's log lines of that request carry. "
                           "Admin endpoints need the bb_session cookie of POST /admin/api/login.",
            "license": {"name": "Proprietary", "identifier": "LicenseRef-Proprietary"},
        },
        "servers": [{"url": "http://127.0.0.1:8080", "description": "scripts/dev.sh up"}],
        "tags": [{"name": t, "description": d} for t, d in [
            ("operations", "health, liveness and metrics"), ("clients", "people shown ads"),
            ("advertisers", "advertisers and ML scores"), ("campaigns", "campaigns and images"),
            ("ads", "choosing ads and recording clicks"), ("statistics", "exact totals"),
            ("time", "the platform's day"), ("reports", "complaints about ads"),
            ("generation", "ad texts generated in the background"),
            ("admin", "accounts and browsing"), ("moderation", "the review queue")]],
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "parameters": PARAMETERS,
            "responses": responses,
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "bb_session"}},
        },
    }


if __name__ == "__main__":
    json.dump(document(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
