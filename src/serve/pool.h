/* pool.h: the render workers of `surimono serve` — a fixed number of processes, each with
 * its fonts loaded, fed from one bounded queue: a burst of requests waits its turn instead of
 * starting renders without end, and a worker that crashes or passes the time limit is
 * killed and replaced at the cost of the one request it was on. */
#ifndef SM_SERVE_POOL_H
#define SM_SERVE_POOL_H

#include "job.h"

typedef struct sm_pool sm_pool;

typedef struct sm_pool_result {
    bool ok;             /* bytes is the file */
    sm_buf bytes;        /* the file, or (not ok, no failure) the problems as JSON (job.h) */
    int pages;           /* of the document, when ok */
    const char *failure; /* not NULL when the worker died or ran out of time: what to say */
} sm_pool_result;

/* Called on the main loop's thread with the result (freed after it returns). */
typedef void (*sm_pool_done)(sm_pool_result *result, void *data);

/* Starts `workers` render workers: `exe serve-worker FONTS_CONF` with the job socket as
 * fd 3. A render that takes longer than `seconds` costs its worker (killed, replaced). */
sm_pool *sm_pool_new(const char *exe, const char *fonts_conf, int workers, double seconds);
/* Queues a job; false when SM_SERVE_MAX_QUEUE jobs are waiting already. */
bool sm_pool_submit(sm_pool *pool, const sm_job *job, sm_pool_done done, void *data);
/* The number of worker processes. */
int sm_pool_size(const sm_pool *pool);
/* Jobs waiting or being rendered. */
int sm_pool_busy(const sm_pool *pool);
/* Stops the workers (the jobs still queued are answered as failed) and frees the pool. */
void sm_pool_free(sm_pool *pool);

#endif
