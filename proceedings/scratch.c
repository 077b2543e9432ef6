#define _GNU_SOURCE /* pread, pwrite with off_t */
#include "scratch.h"

#include <errno.h>
#include <stdlib.h>
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
