/*
 * sim_main.c -- billboard-sim: generates a world from a seed, plays it with our ranking and
 * the baselines (in-process) or against a running server (over HTTP), and prints one line of
 * metrics per policy, optionally against the LP upper bound.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_lp.h"
#include "sim_play.h"
#include "sim_remote.h"
#include "sim_world.h"

#define DEFAULT_URL "http://127.0.0.1:8080"
/* Sizes above these make worlds that take too long or overflow an index. */
#define SIZE_MAX_FLAG 100000000ULL
#define SEED_MAX_FLAG UINT64_MAX
/* Relevance weights above this make relevance all that counts. */
#define WEIGHT_MAX_FLAG 100.0
/* Relevance floors of one --bound-relevance: each is one more solve of the LP. */
#define FRONTIER_MAX 16
/* Its item that stands for ours' relevance in the same world. */
#define FRONTIER_OURS (-1.0)
/*
 * Its item that stands for the relevance issue 9 asks of a ranking in the same world: at least
 * TARGET_RELEVANCE and at least TARGET_OF_RELEVANT of the most-relevant baseline's.
 */
#define FRONTIER_TARGET (-2.0)
#define TARGET_RELEVANCE 0.60
#define TARGET_OF_RELEVANT 0.80

enum mode { MODE_INPROC, MODE_HTTP };

struct options {
	struct sim_params p;
	int policy; /* enum sim_policy, or -1 for all */
	double weight; /* replaces RANK_RELEVANCE_WEIGHT for ours when not negative */
	enum mode mode;
	const char *url;
	bool bound;
	bool quiet;
	double floors[FRONTIER_MAX]; /* --bound-relevance; FRONTIER_OURS, FRONTIER_TARGET */
	size_t nfloors;
	double min_answers; /* --bound-fill: a number, FILL_V2, or 0 for none */
};

/* --bound-fill v2: as many answers as v2 gives in the same world. */
#define FILL_V2 (-1.0)

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: billboard-sim [--seed N] [--policy ours|v2|price|score|relevant|all]\n"
	    "                     [--mode inproc|http] [--url URL] [--bound] [--clients N]\n"
	    "                     [--campaigns N] [--advertisers N] [--days N]\n"
	    "                     [--requests-per-day N] [--traffic N] [--click-delay N]\n"
	    "                     [--scores today|lognormal|uniform] [--click-by "
	    "ratio|percentile]\n"
	    "                     [--repeat-click F] [--mix today|cheap|clicks] [--weight W]\n"
	    "                     [--bound-relevance R[,R...]] [--bound-fill N|v2]\n"
	    "                     [--quiet] [--help]\n"
	    "\n"
	    "Generates a world from the seed and plays it, printing one line per policy:\n"
	    "  policy seed revenue expected bound of_bound relevance percentile fill max_over "
	    "over5\n  repeats rep_pct\n"
	    "(money in units; of_bound = expected / bound; relevance = mean score / the client's\n"
	    "highest score of the shown ads; percentile = their mean percentile rank among the\n"
	    "client's scores; max_over = the largest\n"
	    "max(impressions/limit, clicks/limit) - 1 over campaigns; over5 = campaigns over a\n"
	    "limit by more than 5%%; repeats = the share of answers that were not a first show,\n"
	    "rep_pct = their mean percentile). Lines starting with '#' are comments; --quiet\n"
	    "drops them.\n"
	    "\n"
	    "  --seed N              world seed (default 1)\n"
	    "  --policy P            ours (the core library's ranking), v2 (the previous one),\n"
	    "                        price, score, relevant (most relevant eligible first), or\n"
	    "                        all (default)\n"
	    "  --mode inproc         play in-process against the core library (default)\n"
	    "  --mode http           play against a running server at --url, or $BILLBOARD_URL,\n"
	    "                        or " DEFAULT_URL ". This creates the world's advertisers,\n"
	    "                        clients, scores and campaigns on that server and MOVES ITS\n"
	    "                        CLOCK FORWARD by the world's number of days (day 0 of the\n"
	    "                        world is the server's current day). Policy: the server's.\n"
	    "  --bound               also solve the LP upper bound of the expected revenue\n"
	    "  --bound-relevance L   also solve the bound under a floor on the mean percentile\n"
	    "                        relevance of all answers, for each R of the list (numbers\n"
	    "                        in 0..1; ours: ours' percentile in this world; target:\n"
	    "                        0.60 or 80%% of the most-relevant baseline's, the larger),\n"
	    "                        one '# lp_rel:' line each (also with --quiet; in-process\n"
	    "                        only)\n"
	    "  --bound-fill N|v2     with --bound-relevance: at least N answers (v2: as many as\n"
	    "                        v2 gives in this world)\n"
	    "  --clients N           (default 400)   --campaigns N    (default 40)\n"
	    "  --advertisers N       (default 8)     --days N         (default 10)\n"
	    "  --requests-per-day N  (default 3/2 of the clients)\n"
	    "  --traffic N           requests per client per day (overrides --requests-per-day)\n"
	    "  --click-delay N       a click arrives up to N requests after its show (default "
	    "30)\n"
	    "The world's family (sim_world.h; defaults: today's):\n"
	    "  --scores D            ML scores: today (bounded, skewed), lognormal, uniform\n"
	    "  --click-by X          click chance by the score ratio or the percentile rank\n"
	    "  --repeat-click F      a repeat's click chance relative to a first show's (0..1,\n"
	    "                        default 0)\n"
	    "  --mix M               buyers: today (a third each), cheap (impressions), clicks\n"
	    "  --weight W            ours with this relevance weight instead of the built-in "
	    "one\n");
}

/* A decimal number in [min, max]; false when it is not one. */
static bool
parse_u64(const char *s, unsigned long long min, unsigned long long max, unsigned long long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno == 0 && *end == '\0' && *out >= min && *out <= max;
}

/* A decimal fraction in [min, max]; false when it is not one. */
static bool
parse_double(const char *s, double min, double max, double *out)
{
	char *end;

	if ((*s < '0' || *s > '9') && *s != '.')
		return false;
	errno = 0;
	*out = strtod(s, &end);
	return errno == 0 && *end == '\0' && *out >= min && *out <= max;
}

/* The index of name in names[0 .. n), or -1. */
static int
parse_name(const char *name, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

/* The list of --bound-relevance into o->floors; false when it is not one. */
static bool
parse_floors(const char *s, struct options *o)
{
	char item[32];

	o->nfloors = 0;
	while (*s != '\0') {
		size_t len = strcspn(s, ",");

		if (len == 0 || len >= sizeof(item) || o->nfloors == FRONTIER_MAX)
			return false;
		memcpy(item, s, len);
		item[len] = '\0';
		if (strcmp(item, "ours") == 0)
			o->floors[o->nfloors] = FRONTIER_OURS;
		else if (strcmp(item, "target") == 0)
			o->floors[o->nfloors] = FRONTIER_TARGET;
		else if (!parse_double(item, 0.0, 1.0, &o->floors[o->nfloors]))
			return false;
		o->nfloors++;
		s += len;
		if (*s == ',' && *++s == '\0')
			return false;
	}
	return o->nfloors > 0;
}

/* 0: run; 1: --help was answered; -1: bad usage, reported. */
static int
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "policy", required_argument, NULL, 'p' },
		{ "mode", required_argument, NULL, 'm' },
		{ "url", required_argument, NULL, 'u' },
		{ "bound", no_argument, NULL, 'b' },
		{ "clients", required_argument, NULL, 'c' },
		{ "campaigns", required_argument, NULL, 'k' },
		{ "advertisers", required_argument, NULL, 'a' },
		{ "days", required_argument, NULL, 'd' },
		{ "requests-per-day", required_argument, NULL, 'r' },
		{ "click-delay", required_argument, NULL, 'l' },
		{ "traffic", required_argument, NULL, 't' },
		{ "scores", required_argument, NULL, 'S' },
		{ "click-by", required_argument, NULL, 'C' },
		{ "repeat-click", required_argument, NULL, 'R' },
		{ "mix", required_argument, NULL, 'M' },
		{ "weight", required_argument, NULL, 'W' },
		{ "bound-relevance", required_argument, NULL, 'B' },
		{ "bound-fill", required_argument, NULL, 'F' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const scores[] = { "today", "lognormal", "uniform" };
	static const char *const click_by[] = { "ratio", "percentile" };
	static const char *const mixes[] = { "today", "cheap", "clicks" };
	unsigned long long n;
	const char *env = getenv("BILLBOARD_URL");
	int ch, li = 0, x;

	sim_params_default(&o->p);
	o->policy = -1;
	o->weight = -1;
	o->mode = MODE_INPROC;
	o->url = env != NULL && *env != '\0' ? env : DEFAULT_URL;
	o->bound = false;
	o->quiet = false;
	o->nfloors = 0;
	o->min_answers = 0;
	while ((ch = getopt_long(argc, argv, "", longopts, &li)) != -1) {
		uint32_t *size = NULL;
		unsigned long long min = 1;

		switch (ch) {
		case 's':
			if (!parse_u64(optarg, 0, SEED_MAX_FLAG, &n))
				goto bad;
			o->p.seed = n;
			continue;
		case 'p':
			if (strcmp(optarg, "all") == 0)
				o->policy = -1;
			else if ((o->policy = sim_policy_parse(optarg)) < 0)
				goto bad;
			continue;
		case 'm':
			if (strcmp(optarg, "inproc") == 0)
				o->mode = MODE_INPROC;
			else if (strcmp(optarg, "http") == 0)
				o->mode = MODE_HTTP;
			else
				goto bad;
			continue;
		case 'u':
			o->url = optarg;
			continue;
		case 'b':
			o->bound = true;
			continue;
		case 'q':
			o->quiet = true;
			continue;
		case 'h':
			usage(stdout);
			return 1;
		case 'S':
			if ((x = parse_name(optarg, scores, (int)NELEM(scores))) < 0)
				goto bad;
			o->p.f.scores = (enum sim_scores)x;
			continue;
		case 'C':
			if ((x = parse_name(optarg, click_by, (int)NELEM(click_by))) < 0)
				goto bad;
			o->p.f.click_by = (enum sim_click_by)x;
			continue;
		case 'M':
			if ((x = parse_name(optarg, mixes, (int)NELEM(mixes))) < 0)
				goto bad;
			o->p.f.mix = (enum sim_mix)x;
			continue;
		case 'R':
			if (!parse_double(optarg, 0.0, 1.0, &o->p.f.repeat_factor))
				goto bad;
			continue;
		case 'W':
			if (!parse_double(optarg, 0.0, WEIGHT_MAX_FLAG, &o->weight))
				goto bad;
			continue;
		case 'B':
			if (!parse_floors(optarg, o))
				goto bad;
			continue;
		case 'F':
			if (strcmp(optarg, "v2") == 0)
				o->min_answers = FILL_V2;
			else if (!parse_u64(optarg, 0, SIZE_MAX_FLAG, &n))
				goto bad;
			else
				o->min_answers = (double)n;
			continue;
		case 't':
			size = &o->p.traffic;
			break;
		case 'c':
			size = &o->p.clients;
			break;
		case 'k':
			size = &o->p.campaigns;
			min = 0;
			break;
		case 'a':
			size = &o->p.advertisers;
			break;
		case 'd':
			size = &o->p.days;
			break;
		case 'r':
			size = &o->p.requests_per_day;
			break;
		case 'l':
			size = &o->p.click_delay;
			min = 0;
			break;
		default:
			usage(stderr);
			return -1;
		}
		if (!parse_u64(optarg, min, SIZE_MAX_FLAG, &n))
			goto bad;
		*size = (uint32_t)n;
	}
	if (optind < argc) {
		fprintf(stderr, "billboard-sim: unexpected argument: %s\n", argv[optind]);
		return -1;
	}
	if (o->mode == MODE_HTTP && o->policy > SIM_OURS) {
		fprintf(stderr,
		    "billboard-sim: --mode http plays the server's ranking: use "
		    "--policy ours or all\n");
		return -1;
	}
	if (o->mode == MODE_HTTP && o->nfloors > 0) {
		fprintf(stderr, "billboard-sim: --bound-relevance plays in-process only\n");
		return -1;
	}
	if (o->min_answers != 0 && o->nfloors == 0) {
		fprintf(stderr, "billboard-sim: --bound-fill needs --bound-relevance\n");
		return -1;
	}
	return 0;
bad:
	fprintf(stderr, "billboard-sim: bad value for --%s: %s (see --help)\n", longopts[li].name,
	    optarg);
	return -1;
}

static void
print_world(const struct sim_world *w)
{
	int64_t impressions = 0, clicks = 0;
	uint32_t k;

	for (k = 0; k < w->p.campaigns; k++) {
		impressions += w->campaigns[k].impressions_limit;
		clicks += w->campaigns[k].clicks_limit;
	}
	printf("# world: seed=%llu advertisers=%u campaigns=%u clients=%u days=%u requests=%zu "
	       "scores=%zu impressions_limits=%lld clicks_limits=%lld click_delay=%u "
	       "score_dist=%d click_by=%d repeat_click=%g mix=%d\n",
	    (unsigned long long)w->p.seed, w->p.advertisers, w->p.campaigns, w->p.clients,
	    w->p.days, w->day_start[w->p.days], w->nscores, (long long)impressions,
	    (long long)clicks, w->p.click_delay, (int)w->p.f.scores, (int)w->p.f.click_by,
	    w->p.f.repeat_factor, (int)w->p.f.mix);
}

static void
print_header(void)
{
	printf("# %-6s %6s %12s %12s %12s %8s %9s %10s %6s %8s %5s %7s %7s\n", "policy", "seed",
	    "revenue", "expected", "bound", "of_bound", "relevance", "percentile", "fill",
	    "max_over", "over5", "repeats", "rep_pct");
}

static void
print_line(const char *policy, const struct sim_world *w, const struct sim_metrics *m,
    const struct sim_bound *b)
{
	char bound[32] = "-", ratio[32] = "-";
	int64_t repeats = m->served - m->first_shows;

	if (b != NULL) {
		snprintf(bound, sizeof(bound), "%.2f", b->revenue / 1e6);
		snprintf(
		    ratio, sizeof(ratio), "%.4f", b->revenue > 0 ? m->expected / b->revenue : 0.0);
	}
	printf("%-8s %6llu %12.2f %12.2f %12s %8s %9.4f %10.4f %6.4f %8.4f %5u %7.4f %7.4f\n",
	    policy, (unsigned long long)w->p.seed, (double)m->revenue / 1e6, m->expected / 1e6,
	    bound, ratio, m->served > 0 ? m->relevance_sum / (double)m->served : 0.0,
	    m->served > 0 ? m->percentile_sum / (double)m->served : 0.0,
	    m->requests > 0 ? (double)m->served / (double)m->requests : 0.0, m->max_overshoot,
	    m->over5, m->served > 0 ? (double)repeats / (double)m->served : 0.0,
	    repeats > 0 ? m->repeat_percentile_sum / (double)repeats : 0.0);
	fflush(stdout);
}

/* Whether the floors of o include item. */
static bool
has_floor(const struct options *o, double item)
{
	size_t n;

	for (n = 0; n < o->nfloors; n++)
		if (o->floors[n] == item)
			return true;
	return false;
}

/* The mean percentile of policy p's play of w into *out; -1 when it did not play. */
static int
played_percentile(const struct sim_world *w, enum sim_policy p, double weight, double *out)
{
	struct sim_metrics m;

	if (sim_play(w, p, weight, &m) != 0)
		return -1;
	*out = m.served > 0 ? m.percentile_sum / (double)m.served : 0;
	return 0;
}

static const char *
floor_name(double item)
{
	return item == FRONTIER_OURS ? "ours" : item == FRONTIER_TARGET ? "target" : "given";
}

/*
 * The relevance-constrained bounds of --bound-relevance, one '# lp_rel:' line each; "ours",
 * "target" and "--bound-fill v2" take ours' and the most-relevant baseline's percentile and
 * v2's answers from plays of this world.
 */
static int
frontier(const struct options *o, const struct sim_world *w)
{
	struct sim_frontier_point pts[FRONTIER_MAX];
	struct sim_metrics m;
	double ours = 0, target = 0, relevant, min_answers = o->min_answers;
	size_t n;

	if (has_floor(o, FRONTIER_OURS) && played_percentile(w, SIM_OURS, o->weight, &ours) != 0)
		return -1;
	if (has_floor(o, FRONTIER_TARGET)) {
		if (played_percentile(w, SIM_RELEVANT, -1, &relevant) != 0)
			return -1;
		target = TARGET_OF_RELEVANT * relevant;
		if (target < TARGET_RELEVANCE)
			target = TARGET_RELEVANCE;
	}
	if (min_answers == FILL_V2) {
		if (sim_play(w, SIM_V2, -1, &m) != 0)
			return -1;
		min_answers = (double)m.served;
	}
	for (n = 0; n < o->nfloors; n++) {
		double v = o->floors[n];

		if (v == FRONTIER_OURS)
			v = ours;
		else if (v == FRONTIER_TARGET)
			v = target;
		pts[n].min_relevance = v;
	}
	if (sim_lp_frontier(w, min_answers, pts, o->nfloors) != 0) {
		fprintf(stderr, "billboard-sim: the relevance-constrained LP was not solved\n");
		return -1;
	}
	for (n = 0; n < o->nfloors; n++) {
		const struct sim_frontier_point *pt = &pts[n];
		char bound[32] = "-";

		if (pt->status == 0)
			snprintf(bound, sizeof(bound), "%.2f", pt->revenue / 1e6);
		printf("# lp_rel: R=%.4f from=%s min_answers=%.0f status=%s bound=%s "
		       "solve_s=%.3f answers=%.1f first_shows=%.1f relevance=%.4f first_pct=%.4f "
		       "first_top_half=%.4f rep_pct=%.4f\n",
		    pt->min_relevance, floor_name(o->floors[n]), min_answers,
		    pt->status == 0 ? "optimal" : "infeasible", bound, pt->seconds, pt->answers,
		    pt->first_shows, pt->relevance, pt->first_percentile, pt->first_top_half,
		    pt->repeat_percentile);
	}
	fflush(stdout);
	return 0;
}

static int
run(const struct options *o, const struct sim_world *w)
{
	struct sim_bound bound;
	struct sim_metrics m;
	char err[512];
	int p;

	if (o->bound) {
		if (sim_lp_bound(w, &bound) != 0) {
			fprintf(stderr, "billboard-sim: the LP bound was not solved\n");
			return -1;
		}
		if (!o->quiet)
			printf("# lp: columns=%zu rows=%zu bound=%.2f solve_s=%.3f\n",
			    bound.columns, bound.rows, bound.revenue / 1e6, bound.seconds);
	}
	if (o->nfloors > 0 && frontier(o, w) != 0)
		return -1;
	if (!o->quiet)
		print_header();
	if (o->mode == MODE_HTTP) {
		if (sim_remote_play(w, o->url, o->quiet, &m, err, sizeof(err)) != 0) {
			fprintf(stderr, "billboard-sim: %s\n", err);
			return -1;
		}
		print_line("http", w, &m, o->bound ? &bound : NULL);
		return 0;
	}
	for (p = 0; p < SIM_NPOLICIES; p++) {
		if (o->policy >= 0 && p != o->policy)
			continue;
		if (sim_play(w, (enum sim_policy)p, o->weight, &m) != 0) {
			fprintf(stderr, "billboard-sim: out of memory\n");
			return -1;
		}
		print_line(sim_policy_name((enum sim_policy)p), w, &m, o->bound ? &bound : NULL);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct sim_world w;
	int rc;

	switch (parse_options(argc, argv, &o)) {
	case 1:
		return 0;
	case -1:
		return 2;
	}
	if (sim_world_make(&w, &o.p) != 0) {
		fprintf(stderr, "billboard-sim: out of memory making the world\n");
		return 1;
	}
	if (!o.quiet)
		print_world(&w);
	rc = run(&o, &w);
	sim_world_free(&w);
	return rc == 0 ? 0 : 1;
}
