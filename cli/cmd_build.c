/* quire build VOLUME [-o OUT] [--only pdf|html]: the volume PDF, one
 * offprint per paper, the one-volume web site and build.json, written into
 * OUT as one atomic swap.  SIGINT/SIGTERM stop between papers and leave
 * the previous OUT untouched and no temporary files behind. */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "render/outdir.h"
#include "cli.h"
#include "proceedings/util.h"
#include "proceedings/volume.h"
#include "render/html_prep.h"
#include "render/html_site.h"
#include "render/manifest.h"
#include "render/volume_pdf.h"

#define EXIT_INTERRUPTED 130

static const char help[] =
	"usage: quire build [OPTIONS] VOLUME\n"
	"\n"
	"Check the volume, then write into OUT:\n"
	"  OUT/<volume-id>.pdf      the whole volume: front matter, contents, papers, author index\n"
	"  OUT/papers/<id>.pdf      one offprint per paper, with the volume's page numbers\n"
	"  OUT/site/                the volume's web site, with the PDFs\n"
	"  OUT/build.json           papers, pages, files and diagnostics\n"
	"When the volume has errors, they are printed and nothing is written.  OUT is\n"
	"built beside itself and swapped in only when complete; an existing OUT that\n"
	"quire build did not write is never replaced.\n"
	"\n"
	"Options:\n"
	"  -o, --output=OUT    where to write (default: out)\n"
	"  --only=pdf|html     only the PDFs, or only the site (without page numbers)\n"
	"  --format=text|json, --werror, --color=auto|always|never,\n"
	"  --excerpts=auto|always|never                  as for quire check\n"
	"\n"
	"Exit status: 0 built, 1 errors found (nothing written), 2 usage or I/O failure,\n"
	"130 interrupted (nothing written).\n";

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART; /* a write in progress finishes; we stop after it */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

struct progress {
	bool on;
};

static void show(void *ctx, size_t i, size_t n, const char *what, const char *id)
{
	struct progress *pr = ctx;
	if (!pr->on)
		return;
	fprintf(stderr, "\r\033[K[%zu/%zu] %s %s\xE2\x80\xA6", i < n ? i + 1 : n, n, what, id);
	fflush(stderr);
}

static void show_done(struct progress *pr)
{
	if (pr->on)
		fputs("\r\033[K", stderr);
}

struct opts {
	const char *path, *out;
	bool pdf, html;
	struct diag_opts diag;
};

static int parse(int argc, char **argv, struct opts *o)
{
	*o = (struct opts){.out = "out", .pdf = true, .html = true, .diag = {.color = -1, .excerpts = -1}};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int r = diag_opts_parse(&o->diag, a);
		if (r < 0) {
			cli_usage_error("build", "bad option '%s'", a);
			return -1;
		}
		if (r)
			continue;
		const char *only = NULL;
		if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			if (++i >= argc) {
				cli_usage_error("build", "%s needs a folder", a);
				return -1;
			}
			o->out = argv[i];
		} else if (!strncmp(a, "--output=", 9)) {
			o->out = a + 9;
		} else if (!strcmp(a, "--only")) {
			if (++i >= argc) {
				cli_usage_error("build", "--only needs pdf or html");
				return -1;
			}
			only = argv[i];
		} else if (!strncmp(a, "--only=", 7)) {
			only = a + 7;
		} else if (a[0] == '-' && a[1]) {
			cli_usage_error("build", "unknown option '%s'", a);
			return -1;
		} else if (o->path) {
			cli_usage_error("build", "give one VOLUME");
			return -1;
		} else {
			o->path = a;
		}
		if (only) {
			if (strcmp(only, "pdf") && strcmp(only, "html")) {
				cli_usage_error("build", "--only takes pdf or html, not '%s'", only);
				return -1;
			}
			o->pdf = !strcmp(only, "pdf");
			o->html = !o->pdf;
		}
	}
	if (!o->path) {
		cli_usage_error("build", "no VOLUME given");
		return -1;
	}
	if (!*o->out) {
		cli_usage_error("build", "the output folder is empty");
		return -1;
	}
	return 0;
}

/* Offprints, each taken by whichever process is free: the counter `next`
 * is shared by the two processes writing them (or is private to one). */
static int write_offprints(struct vpdf *vb, const struct volume *v, char **paper_paths,
			   atomic_size_t *next, struct progress *pr, struct diag_list *d)
{
	for (;;) {
		size_t i = atomic_fetch_add(next, 1);
		if (i >= v->npapers)
			return 0;
		if (stop_flag)
			return -1;
		show(pr, i, v->npapers, "writing offprint", v->papers[i]->id);
		if (vpdf_write_offprint(vb, i, paper_paths[i], d) != 0)
			return -1;
	}
}

/* The PDFs into tmp: the volume here while a child process starts on the
 * offprints (working on the same laid-out pages), then both share what is
 * left, so that the two finish together. */
static int write_pdfs(struct outdir *bo, struct vpdf *vb, const struct volume *v,
		      char **paper_paths, char **vol_path, struct progress *pr,
		      struct diag_list *d)
{
	char *name = xasprintf("%s.pdf", v->id);
	*vol_path = path_join(bo->tmp, name);
	free(name);
	char *dir = path_join(bo->tmp, "papers");
	if (outdir_mkdirs(dir) != 0) {
		diag_report(d, R_IO, dir, 0, 0, "cannot create folder: %s", strerror(errno));
		free(dir);
		dir = NULL;
	}
	if (!dir)
		return -1;
	for (size_t i = 0; i < v->npapers; i++) {
		char *f = xasprintf("%s.pdf", v->papers[i]->id);
		paper_paths[i] = path_join(dir, f);
		free(f);
	}
	free(dir);
	fflush(NULL);
	atomic_size_t own = 0, *next = &own;
	void *shared = MAP_FAILED;
	if (v->npapers > 1)
		shared = mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			      -1, 0);
	if (shared != MAP_FAILED) {
		next = shared;
		atomic_init(next, 0);
	}
	pid_t child = shared != MAP_FAILED ? fork() : -1;
	if (child == 0) {
		struct progress quiet = {.on = false};
		struct diag_list cd;
		diag_init(&cd);
		int r = write_offprints(vb, v, paper_paths, next, &quiet, &cd);
		if (r != 0 && cd.n)
			diag_print_text(stderr, &cd, false);
		_exit(r == 0 ? 0 : 1);
	}
	show(pr, v->npapers, v->npapers, "writing", *vol_path);
	int rc = vpdf_write_volume(vb, *vol_path, d);
	if (rc == 0)
		rc = write_offprints(vb, v, paper_paths, next, pr, d);
	if (child > 0) {
		if (rc != 0 || stop_flag)
			kill(child, SIGTERM);
		int st = 0;
		while (waitpid(child, &st, 0) < 0 && errno == EINTR)
			;
		if (rc == 0 && !stop_flag && !(WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
			diag_report(d, R_IO, bo->tmp, 0, 0, "the process writing offprints failed");
			rc = -1;
		}
	}
	if (shared != MAP_FAILED)
		munmap(shared, sizeof *next);
	return stop_flag ? -1 : rc;
}

static int build(const struct opts *o, const struct volume *v, struct html_prep *prep,
		 struct diag_list *d, size_t *npages)
{
	struct outdir bo;
	if (outdir_begin(&bo, o->out, ".quire-build", "build output", d) != 0) {
		outdir_abort(&bo);
		return EXIT_USAGE;
	}
	struct progress pr = {.on = isatty(2)};
	struct vpdf_hooks hooks = {.progress = show, .ctx = &pr, .stop = &stop_flag};
	struct vpdf *vb = NULL;
	char **paper_paths = xcalloc(v->npapers + 1, sizeof *paper_paths);
	char *vol_path = NULL;
	int status = EXIT_CLEAN;
	if (o->pdf) {
		vb = vpdf_typeset(v, &hooks, d);
		if (!vb)
			status = stop_flag ? EXIT_INTERRUPTED : EXIT_USAGE;
		else if (write_pdfs(&bo, vb, v, paper_paths, &vol_path, &pr, d) != 0)
			status = EXIT_USAGE;
	}
	if (status == EXIT_CLEAN && o->html && !stop_flag) {
		show(&pr, v->npapers, v->npapers, "writing", "site");
		struct html_pdf_info info = {0};
		if (vb) {
			info.volume_pdf = vol_path;
			info.paper_pdfs = (const char *const *)paper_paths;
			info.first_page = vb->first;
			info.last_page = vb->last;
		}
		char *site = path_join(bo.tmp, "site");
		if (html_build_volume(v, site, vb ? &info : NULL, prep, d) != 0)
			status = EXIT_USAGE;
		free(site);
	}
	if (stop_flag)
		status = EXIT_INTERRUPTED;
	if (status == EXIT_CLEAN) {
		diag_sort(d);
		char *mpath = path_join(bo.tmp, "build.json");
		if (manifest_write(mpath, v, vb, o->html, d) != 0) {
			diag_report(d, R_IO, mpath, 0, 0, "cannot write: %s", strerror(errno));
			status = EXIT_USAGE;
		}
		free(mpath);
	}
	show_done(&pr);
	if (stop_flag)
		status = EXIT_INTERRUPTED;
	if (status == EXIT_CLEAN && outdir_commit(&bo, d) != 0)
		status = EXIT_USAGE;
	else if (status != EXIT_CLEAN)
		outdir_abort(&bo);
	*npages = vb ? vb->npages : 0;
	for (size_t i = 0; i < v->npapers; i++)
		free(paper_paths[i]);
	free(paper_paths);
	free(vol_path);
	vpdf_free(vb);
	return status;
}

int cmd_build(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(help, stdout);
		return EXIT_CLEAN;
	}
	struct opts o;
	if (parse(argc, argv, &o) != 0)
		return EXIT_USAGE;
	struct stat st;
	if (stat(o.path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "quire build: %s: %s\n", o.path,
			errno && !S_ISDIR(st.st_mode) ? strerror(errno) : "not a volume folder");
		return EXIT_USAGE;
	}
	catch_signals();
	struct diag_list d;
	diag_init(&d);
	/* For the site, each body is made into HTML while it is loaded and
	 * checked, so it is parsed once. */
	struct html_prep *prep = o.html ? html_prep_new() : NULL;
	struct vol_visitor visit = prep ? html_prep_visitor(prep) : (struct vol_visitor){0};
	struct volume *v = vol_load_checked_visit(o.path, prep ? &visit : NULL, &d);
	bool blocked = !v || diag_count(&d, DIAG_ERROR) ||
		       (o.diag.werror && diag_count(&d, DIAG_WARNING));
	int status;
	size_t npages = 0;
	if (blocked) {
		status = diag_finish(&d, &o.diag);
		if (status == EXIT_CLEAN)
			status = EXIT_ERRORS;
	} else if (stop_flag) {
		status = EXIT_INTERRUPTED;
	} else {
		status = build(&o, v, prep, &d, &npages);
		int ds = diag_finish(&d, &o.diag);
		if (status == EXIT_CLEAN) {
			if (o.pdf)
				printf("%s/%s.pdf: %zu pages, %zu papers\n", o.out, v->id, npages,
				       v->npapers);
			else
				printf("%s/site: %zu papers\n", o.out, v->npapers);
			status = ds;
		}
	}
	if (status == EXIT_INTERRUPTED)
		fputs("quire build: interrupted; nothing was written\n", stderr);
	html_prep_free(prep);
	volume_free(v);
	diag_free(&d);
	return status;
}
