/* routes.c -- the API's route table: the table of contents of the HTTP contract. */
#include "api/handlers.h"
#include "api/routes.h"
#include "core/log.h"

/* clang-format off */
static const struct route routes[] = {
	{ "GET",    "/health",                                              h_health },
	{ "GET",    "/ping",                                                h_ping },

	{ "POST",   "/clients/bulk",                                        h_clients_bulk,     ROUTES_BODY_BULK },
	{ "GET",    "/clients/{client_id}",                                 h_clients_get },

	{ "POST",   "/advertisers/bulk",                                    h_advertisers_bulk, ROUTES_BODY_BULK },
	{ "GET",    "/advertisers/{advertiser_id}",                         h_advertisers_get },

	{ "POST",   "/advertisers/{advertiser_id}/campaigns",               h_campaigns_create },
	{ "GET",    "/advertisers/{advertiser_id}/campaigns",               h_campaigns_list },
	{ "GET",    "/advertisers/{advertiser_id}/campaigns/{campaign_id}", h_campaigns_get },
	{ "PUT",    "/advertisers/{advertiser_id}/campaigns/{campaign_id}", h_campaigns_update },
	{ "DELETE", "/advertisers/{advertiser_id}/campaigns/{campaign_id}", h_campaigns_delete },

	{ "GET",    "/ads",                                                 h_ads_get },
	{ "POST",   "/ads/{ad_id}/click",                                   h_ads_click },

	{ "POST",   "/ml-scores",                                           h_ml_scores_put },

	{ "GET",    "/stats/campaigns/{campaign_id}",                       h_stats_campaign },
	{ "GET",    "/stats/campaigns/{campaign_id}/daily",                 h_stats_campaign_daily },
	{ "GET",    "/stats/advertisers/{advertiser_id}",                   h_stats_advertiser },
	{ "GET",    "/stats/advertisers/{advertiser_id}/campaigns",         h_stats_advertiser },
	{ "GET",    "/stats/advertisers/{advertiser_id}/daily",             h_stats_advertiser_daily },
	{ "GET",    "/stats/advertisers/{advertiser_id}/campaigns/daily",   h_stats_advertiser_daily },

	{ "GET",    "/time",                                                h_time_get },
	{ "POST",   "/time/advance",                                        h_time_advance },

	{ "POST",   "/advertisers/{advertiser_id}/campaigns/{campaign_id}/ad_image", h_images_put, ROUTES_BODY_IMAGE },
	{ "DELETE", "/advertisers/{advertiser_id}/campaigns/{campaign_id}/ad_image", h_images_delete },

	{ "POST",   "/report/{campaign_id}",                                h_report_create },

	{ "POST",   "/admin/api/login",                                     h_admin_login },
	{ "POST",   "/admin/api/logout",                                    h_admin_logout },
	{ "GET",    "/admin/api/me",                                        h_admin_me },
	{ "POST",   "/admin/api/users",                                     h_admin_users_create },
	{ "GET",    "/admin/api/queue",                                     h_admin_queue_list },
	{ "GET",    "/admin/api/queue/{campaign_id}",                       h_admin_queue_get },
	{ "POST",   "/admin/api/queue/{campaign_id}/claim",                 h_admin_queue_claim },
	{ "POST",   "/admin/api/queue/{campaign_id}/release",               h_admin_queue_release },
	{ "POST",   "/admin/api/queue/{campaign_id}/decision",              h_admin_queue_decision },
	{ "POST",   "/admin/api/campaigns/{campaign_id}/unblock",           h_admin_campaign_unblock },
	{ "GET",    "/admin/api/audit",                                     h_admin_audit },
	{ "GET",    "/admin/api/moderation/metrics",                        h_admin_metrics },
	{ "GET",    "/admin/api/advertisers",                               h_admin_advertisers },
	{ "GET",    "/admin/api/overview",                                  h_admin_overview },
	{ "GET",    "/admin/api/overview/daily",                            h_admin_daily },
	{ "GET",    "/admin/api/users",                                     h_admin_users_list },

	{ "POST",   "/generate/ad_text",                                    h_generate_ad_text },
	{ "GET",    "/generate/ad_text/{task_id}/result",                   h_generate_result },

	{ "POST",   "/admin/api/advertisers/{advertiser_id}/telegram-code", h_admin_telegram_code },
	{ "GET",    "/metrics",                                             h_metrics },
};
/* clang-format on */

const struct route *
routes_match(struct req *r)
{
	const struct route *route = NULL;
	char allow[64];

	switch (router_find(routes, NELEM(routes), r->method, r->path, r->path_len, &route,
	    &r->params, allow, sizeof(allow))) {
	case ROUTE_OK:
		return route;
	case ROUTE_NO_METHOD:
		resp_header(r, "Allow", allow);
		resp_error(r, 405, "method %s is not allowed here; allowed: %s", r->method, allow);
		break;
	case ROUTE_NO_PATH:
		resp_error(r, 404, "no such endpoint");
		break;
	}
	return NULL;
}

size_t
routes_body_max(const struct route *route)
{
	return route->body_max != 0 ? route->body_max : ROUTES_BODY_DEFAULT;
}

void
routes_run(const struct route *route, struct req *r)
{
	route->handler(r);
	if (r->resp.status == 0) {
		log_error("%s %s: the handler gave no answer", r->method, r->path);
		resp_internal(r);
	}
}

const struct route *
routes_table(size_t *n)
{
	*n = NELEM(routes);
	return routes;
}

size_t
routes_index(const struct route *route)
{
	return route != NULL ? (size_t)(route - routes) : NELEM(routes);
}
