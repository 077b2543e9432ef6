/* Scratch files: unlinked temporary files that hold what would otherwise
 * fill memory (paper records, prepared bodies).  They vanish with the
 * process however it ends.  Reads and writes are positioned, so threads
 * share one descriptor. */
#ifndef QUIRE_SCRATCH_H
#define QUIRE_SCRATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* A new scratch file in $TMPDIR (or /tmp), named after `what` while it
 * exists; -1 when none can be made. */
int scratch_open(const char *what);
/* All of len bytes at off, or false. */
bool scratch_write(int fd, off_t off, const void *data, size_t len);
bool scratch_read(int fd, off_t off, void *buf, size_t len);

#endif
