#define _GNU_SOURCE /* pread, pwrite with off_t */
#include "scratch.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

int scratch_open(const char *what)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/quire-%s-XXXXXX", dir && *dir ? dir : "/tmp", what);
	int fd = mkstemp(path);
	if (fd >= 0)
		unlink(path);
	free(path);
	return fd;
}

bool scratch_write(int fd, off_t off, const void *data, size_t len)
{
	const char *s = data;
	while (len) {
		ssize_t n = pwrite(fd, s, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		s += n;
		len -= (size_t)n;
		off += n;
	}
	return true;
}

bool scratch_read(int fd, off_t off, void *buf, size_t len)
{
	char *s = buf;
	while (len) {
		ssize_t n = pread(fd, s, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		s += n;
		len -= (size_t)n;
		off += n;
	}
	return true;
}

void scratch_file_init(struct scratch_file *f, const char *what)
{
	*f = (struct scratch_file){.what = what, .fd = -1};
	pthread_mutex_init(&f->lock, NULL);
}

void scratch_file_free(struct scratch_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	pthread_mutex_destroy(&f->lock);
}

bool scratch_file_claim(struct scratch_file *f, size_t len, off_t *off)
{
	pthread_mutex_lock(&f->lock);
	if (f->fd < 0 && !f->failed) {
		f->fd = scratch_open(f->what);
		f->failed = f->fd < 0;
	}
	*off = f->end;
	f->end += (off_t)len;
	bool ok = !f->failed;
	pthread_mutex_unlock(&f->lock);
	return ok;
}

size_t scratch_log_buffer = 64 * 1024;

void scratch_log_init(struct scratch_log *l, const char *what)
{
	*l = (struct scratch_log){.what = what};
}

void scratch_log_free(struct scratch_log *l)
{
	if (l->has_file)
		close(l->fd);
	free(l->buf);
	*l = (struct scratch_log){0};
}

/* Move the buffer to the file; on any failure keep it, and all that
 * follows, in memory. */
static void log_flush(struct scratch_log *l)
{
	if (l->in_memory || !l->len)
		return;
	if (!l->has_file) {
		l->fd = scratch_open(l->what ? l->what : "log");
		l->has_file = l->fd >= 0;
	}
	if (!l->has_file || !scratch_write(l->fd, l->flushed, l->buf, l->len)) {
		l->in_memory = true;
		return;
	}
	l->flushed += (off_t)l->len;
	l->len = 0;
}

off_t scratch_log_add(struct scratch_log *l, const void *data, size_t len)
{
	if (l->len + len > scratch_log_buffer)
		log_flush(l);
	if (l->len + len > l->cap)
		l->buf = xgrow(l->buf, &l->cap, l->len + len, 1);
	memcpy(l->buf + l->len, data, len);
	l->len += len;
	return l->flushed + (off_t)(l->len - len);
}

void scratch_log_get(const struct scratch_log *l, off_t off, void *out, size_t len)
{
	assert(off >= 0 && off + (off_t)len <= l->flushed + (off_t)l->len);
	/* A record added in pieces may start in the file and end in the buffer. */
	size_t in_file = off >= l->flushed ? 0 : (size_t)(l->flushed - off);
	if (in_file > len)
		in_file = len;
	errno = 0;
	if (in_file && !scratch_read(l->fd, off, out, in_file)) {
		fprintf(stderr, "quire: cannot read back the %s kept in a temporary file: %s\n", l->what,
			errno ? strerror(errno) : "the file is shorter than written");
		exit(2);
	}
	if (len > in_file)
		memcpy((char *)out + in_file, l->buf + (off + (off_t)in_file - l->flushed), len - in_file);
}
