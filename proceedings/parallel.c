#include "proceedings/parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "proceedings/util.h"

#define MAX_WORKERS 16
#define MIN_JOBS 8 /* below this, one thread */

size_t par_workers(size_t n)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	const char *env = getenv("QUIRE_JOBS");
	if (env && *env) {
		char *end;
		long j = strtol(env, &end, 10);
		if (*end == '\0' && j > 0)
			cores = j;
	}
	if (cores < 1 || n < MIN_JOBS)
		return 1;
	size_t w = (size_t)cores < MAX_WORKERS ? (size_t)cores : MAX_WORKERS;
	return w < n ? w : n;
}

struct pool {
	atomic_size_t next;
	size_t n;
	void (*job)(void *, size_t, size_t);
	void *ctx;
};

struct worker {
	struct pool *pool;
	size_t id;
};

static void *run(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;
	for (;;) {
		size_t i = atomic_fetch_add(&p->next, 1);
		if (i >= p->n)
			break;
		p->job(p->ctx, w->id, i);
	}
	return NULL;
}

void par_for(size_t n, size_t workers, void (*job)(void *ctx, size_t worker, size_t i), void *ctx)
{
	struct pool p = {.n = n, .job = job, .ctx = ctx};
	atomic_init(&p.next, 0);
	if (workers > MAX_WORKERS)
		workers = MAX_WORKERS;
	struct worker w[MAX_WORKERS];
	pthread_t th[MAX_WORKERS];
	size_t started = 1;
	for (size_t k = 1; k < workers; k++) {
		w[k] = (struct worker){&p, k};
		if (pthread_create(&th[k], NULL, run, &w[k]) != 0)
			break; /* fewer threads; the others take the work */
		started++;
	}
	w[0] = (struct worker){&p, 0};
	run(&w[0]);
	for (size_t k = 1; k < started; k++)
		pthread_join(th[k], NULL);
}
