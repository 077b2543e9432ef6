/* Scratch files: unlinked temporary files that hold what would otherwise
 * fill memory (paper records, prepared bodies).  They vanish with the
 * process however it ends.  Reads and writes are positioned, so threads
 * share one descriptor. */
#ifndef QUIRE_SCRATCH_H
#define QUIRE_SCRATCH_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* A new scratch file in $TMPDIR (or /tmp), named after `what` while it
 * exists; -1 when none can be made. */
int scratch_open(const char *what);
/* All of len bytes at off, or false. */
bool scratch_write(int fd, off_t off, const void *data, size_t len);
bool scratch_read(int fd, off_t off, void *buf, size_t len);

/* A scratch file that worker threads append to: each claims a stretch
 * at the end under the lock, then writes it with scratch_write outside
 * it.  The file is made with the first claim. */
struct scratch_file {
	pthread_mutex_t lock; /* guards the fields below */
	const char *what;
	int fd;               /* -1 until the first claim */
	bool failed;          /* no file could be made */
	off_t end;
};

void scratch_file_init(struct scratch_file *f, const char *what);
void scratch_file_free(struct scratch_file *f);
/* len bytes at the end, at *off; false when no file can be made. */
bool scratch_file_claim(struct scratch_file *f, size_t len, off_t *off);

/* An append-only log of records written once and read back by position:
 * what a build learns about thousands of people or papers and needs again
 * only now and then.  Appends go through a buffer of about 64 KB; when no
 * file can be made or written, the log simply stays in memory.  Appends
 * are for one thread; reads are safe from any number of threads while
 * none appends. */
struct scratch_log {
	const char *what;  /* names the file while it exists */
	bool has_file;     /* fd is open: a zeroed log has none to close */
	int fd;
	bool in_memory;    /* no file: everything stays in buf */
	off_t flushed;     /* bytes in the file; buf holds what follows */
	char *buf;
	size_t len, cap;
};

/* How much a log buffers before it writes to its file: a variable so that
 * tests and fuzzers can send small logs to their files too. */
extern size_t scratch_log_buffer;

void scratch_log_init(struct scratch_log *l, const char *what);
void scratch_log_free(struct scratch_log *l);
/* Append len bytes; returns their position. */
off_t scratch_log_add(struct scratch_log *l, const void *data, size_t len);
/* len bytes at off, as appended.  A file this process wrote that cannot be
 * read back ends the process, as running out of memory does. */
void scratch_log_get(const struct scratch_log *l, off_t off, void *out, size_t len);

#endif
