/* jobs.h -- the batch binary's subcommands, one file each. */
#ifndef BB_JOBS_H
#define BB_JOBS_H

#include "store/store.h"

/* Each job returns the process exit code. */
int job_cache_rebuild(struct store *s, const struct config *cfg, int argc, char **argv);
int job_recorder(struct store *s, const struct config *cfg, int argc, char **argv);
int job_migrate(struct store *s, const struct config *cfg, int argc, char **argv);
int job_images_gc(struct store *s, const struct config *cfg, int argc, char **argv);
int job_user(struct store *s, const struct config *cfg, int argc, char **argv);
int job_moderate(struct store *s, const struct config *cfg, int argc, char **argv);
int job_classify(struct store *s, const struct config *cfg, int argc, char **argv);
int job_jobs(struct store *s, const struct config *cfg, int argc, char **argv);

#endif
