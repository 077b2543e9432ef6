/* Independent jobs spread over the machine's cores.  Jobs are numbered
 * 0..n-1 and taken in turn by worker threads; each job writes only its
 * own result slot, so results come out in job order whatever the timing. */
#ifndef QUIRE_PARALLEL_H
#define QUIRE_PARALLEL_H

#include <stddef.h>

/* How many workers par_for would use for n jobs: 1 for small batches (a
 * thread costs more than it saves) or one core; QUIRE_JOBS overrides. */
size_t par_workers(size_t n);

/* Run job(ctx, worker, i) for every i < n on `workers` threads (the
 * caller's thread is worker 0); returns when all are done. */
void par_for(size_t n, size_t workers, void (*job)(void *ctx, size_t worker, size_t i), void *ctx);

#endif
