/* mdfloor: parse every DIR/papers/<id>/paper.md with cmark-gfm alone, as
 * quire's loader configures it (GFM tables, strikethrough, autolinks,
 * footnotes, smart punctuation), on JOBS processes, and write nothing.
 *
 *   mdfloor DIR [JOBS]
 *
 * The time this takes is a floor under any archive built from cmark-gfm's
 * trees on this machine: `make bench` reports it beside quire and hugo, so
 * the share of a build that is quire's own work can be read off.  Processes
 * rather than threads, because cmark-gfm keeps its extensions' trigger
 * characters in one process-wide table that concurrent parsers would race on.
 *
 * Prints one line: papers=N bytes=B. */
#define _POSIX_C_SOURCE 200809L
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The paper folders, sorted, so each process takes a fixed share. */
static char **list_papers(const char *papers, size_t *n)
{
	DIR *d = opendir(papers);
	if (!d)
		return NULL;
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 1024;
			v = realloc(v, cap * sizeof *v);
			if (!v)
				exit(1);
		}
		v[(*n)++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(v, *n, sizeof *v, by_name);
	return v;
}

static size_t parse_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	static char buf[1 << 22];
	size_t len = fread(buf, 1, sizeof buf, f);
	fclose(f);
	cmark_parser *p = cmark_parser_new(CMARK_OPT_FOOTNOTES | CMARK_OPT_SMART);
	const char *ext[] = {"table", "strikethrough", "autolink"};
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		cmark_syntax_extension *x = cmark_find_syntax_extension(ext[i]);
		if (x)
			cmark_parser_attach_syntax_extension(p, x);
	}
	cmark_parser_feed(p, buf, len);
	cmark_node *doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	cmark_node_free(doc);
	return len;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: mdfloor DIR [JOBS]\n");
		return 2;
	}
	long jobs = argc > 2 ? strtol(argv[2], NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
	if (jobs < 1)
		jobs = 1;
	char papers[4096];
	snprintf(papers, sizeof papers, "%s/papers", argv[1]);
	size_t n;
	char **ids = list_papers(papers, &n);
	if (!ids) {
		perror(papers);
		return 1;
	}
	cmark_gfm_core_extensions_ensure_registered();
	int fds[2];
	if (pipe(fds) != 0)
		return 1;
	for (long j = 0; j < jobs; j++) {
		pid_t pid = fork();
		if (pid < 0)
			return 1;
		if (pid == 0) {
			close(fds[0]);
			unsigned long long bytes = 0;
			for (size_t i = (size_t)j; i < n; i += (size_t)jobs) {
				char path[8192];
				snprintf(path, sizeof path, "%s/%s/paper.md", papers, ids[i]);
				bytes += parse_file(path);
			}
			if (write(fds[1], &bytes, sizeof bytes) != (ssize_t)sizeof bytes)
				_exit(1);
			_exit(0);
		}
	}
	close(fds[1]);
	unsigned long long total = 0, part;
	while (read(fds[0], &part, sizeof part) == (ssize_t)sizeof part)
		total += part;
	int failed = 0, st;
	while (wait(&st) > 0)
		failed |= !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	printf("papers=%zu bytes=%llu\n", n, total);
	return failed;
}
