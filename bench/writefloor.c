/* writefloor: write a copy of a site that is already built, from memory,
 * on JOBS threads, and do nothing else.
 *
 *   writefloor SITE DEST [JOBS]
 *
 * Every file under SITE is read into memory first; then the clock starts,
 * DEST's folders are made and each file is created and written whole.  The
 * time is a floor under any tool that writes those same bytes to that same
 * file system here: `make bench` adds it to the parse floor, and the sum says
 * how much of a time budget is spent before a generator does any work of its
 * own.  DEST must not exist.
 *
 * Prints one line: files=N dirs=D bytes=B seconds=S. */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct entry {
	char *rel; /* path below SITE, starting with '/', or "" for SITE itself */
	char *data;
	size_t len;
	int is_dir;
};

static struct entry *entries;
static size_t nentries, cap;
static size_t site_len;
static const char *dest;
static size_t jobs = 1;

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "writefloor: out of memory\n");
		exit(1);
	}
	return p;
}

static int slurp(const char *path, struct entry *e, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	e->data = xmalloc(size);
	size_t got = 0;
	while (got < size) {
		ssize_t r = read(fd, e->data + got, size - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	e->len = got;
	return got == size ? 0 : -1;
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)ftw;
	if (type != FTW_D && type != FTW_F)
		return 0;
	if (nentries == cap) {
		cap = cap ? 2 * cap : 4096;
		entries = realloc(entries, cap * sizeof *entries);
		if (!entries)
			exit(1);
	}
	struct entry *e = &entries[nentries++];
	memset(e, 0, sizeof *e);
	e->rel = strdup(path + site_len);
	e->is_dir = type == FTW_D;
	if (!e->is_dir && slurp(path, e, (size_t)st->st_size) != 0) {
		fprintf(stderr, "writefloor: cannot read %s\n", path);
		exit(1);
	}
	return 0;
}

static char *dest_path(const struct entry *e)
{
	size_t n = strlen(dest) + strlen(e->rel) + 1;
	char *p = xmalloc(n);
	snprintf(p, n, "%s%s", dest, e->rel);
	return p;
}

/* Worker k writes every jobs-th file, as quire's pool hands out pages. */
static void *write_share(void *arg)
{
	size_t k = (size_t)arg;
	for (size_t i = k; i < nentries; i += jobs) {
		if (entries[i].is_dir)
			continue;
		char *p = dest_path(&entries[i]);
		int fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd < 0 || write(fd, entries[i].data, entries[i].len) != (ssize_t)entries[i].len) {
			fprintf(stderr, "writefloor: cannot write %s\n", p);
			exit(1);
		}
		close(fd);
		free(p);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: writefloor SITE DEST [JOBS]\n");
		return 2;
	}
	site_len = strlen(argv[1]);
	dest = argv[2];
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	jobs = argc > 3 ? (size_t)atol(argv[3]) : online > 0 ? (size_t)online : 1;
	if (jobs < 1 || jobs > 64)
		jobs = 1;
	if (nftw(argv[1], visit, 64, FTW_PHYS) != 0) {
		fprintf(stderr, "writefloor: cannot walk %s\n", argv[1]);
		return 1;
	}

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	size_t ndirs = 0, bytes = 0;
	for (size_t i = 0; i < nentries; i++) { /* nftw lists a folder before its files */
		if (!entries[i].is_dir) {
			bytes += entries[i].len;
			continue;
		}
		char *p = dest_path(&entries[i]);
		if (mkdir(p, 0755) != 0) {
			fprintf(stderr, "writefloor: cannot make %s\n", p);
			return 1;
		}
		free(p);
		ndirs++;
	}
	pthread_t th[64];
	for (size_t k = 0; k < jobs; k++)
		pthread_create(&th[k], NULL, write_share, (void *)k);
	for (size_t k = 0; k < jobs; k++)
		pthread_join(th[k], NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("files=%zu dirs=%zu bytes=%zu seconds=%.3f\n", nentries - ndirs, ndirs, bytes, s);
	return 0;
}
