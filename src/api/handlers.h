/* handlers.h -- every endpoint of the API, one h_<resource>.c file per resource. */
#ifndef BB_HANDLERS_H
#define BB_HANDLERS_H

#include "api/req.h"

/* h_clients.c */
void h_clients_bulk(struct req *r);
void h_clients_get(struct req *r);
/* h_ads.c */
void h_ads_get(struct req *r);
void h_ads_click(struct req *r);
/* h_advertisers.c */
void h_advertisers_bulk(struct req *r);
void h_advertisers_get(struct req *r);
/* h_campaigns.c */
void h_campaigns_create(struct req *r);
void h_campaigns_list(struct req *r);
void h_campaigns_get(struct req *r);
void h_campaigns_update(struct req *r);
void h_campaigns_delete(struct req *r);
/* h_ml_scores.c */
void h_ml_scores_put(struct req *r);
/* h_stats.c */
void h_stats_campaign(struct req *r);
void h_stats_campaign_daily(struct req *r);
void h_stats_advertiser(struct req *r);
void h_stats_advertiser_daily(struct req *r);
/* h_time.c */
void h_time_get(struct req *r);
void h_time_advance(struct req *r);
/* h_images.c: the campaign's ad image */
void h_images_put(struct req *r);
void h_images_delete(struct req *r);
/* Deletes the object at key (NULL: nothing) after its URL was dropped; a failure is logged. */
void h_images_discard(struct req *r, const char *key);
/* h_health.c */
void h_health(struct req *r);
void h_ping(struct req *r);
/* h_reports.c */
void h_report_create(struct req *r);
/* h_admin_auth.c */
void h_admin_login(struct req *r);
void h_admin_logout(struct req *r);
void h_admin_me(struct req *r);
void h_admin_users_create(struct req *r);
/* h_admin_queue.c */
void h_admin_queue_list(struct req *r);
void h_admin_queue_get(struct req *r);
void h_admin_queue_claim(struct req *r);
void h_admin_queue_release(struct req *r);
void h_admin_queue_decision(struct req *r);
void h_admin_campaign_unblock(struct req *r);
/* h_admin_browse.c */
void h_admin_audit(struct req *r);
void h_admin_metrics(struct req *r);
void h_admin_advertisers(struct req *r);
void h_admin_overview(struct req *r);
void h_admin_daily(struct req *r);
void h_admin_users_list(struct req *r);
/* h_generate.c */
void h_generate_ad_text(struct req *r);
void h_generate_result(struct req *r);
/* h_telegram.c */
void h_admin_telegram_code(struct req *r);
/* h_metrics.c */
void h_metrics(struct req *r);

#endif
