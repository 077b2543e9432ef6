/* quire archive ARCHIVE.yaml [-o OUT]: check every volume of an archive
 * and build its static web site. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "proceedings/archive.h"
#include "proceedings/check.h"
#include "proceedings/util.h"
#include "proceedings/volume.h"
#include "render/html_prep.h"
#include "render/html_site.h"
#include "render/manifest.h"

static const char help[] =
	"usage: quire archive [OPTIONS] ARCHIVE.yaml\n"
	"\n"
	"Check every volume named in ARCHIVE.yaml and build the archive's static web\n"
	"site: a home page, a page per volume, paper and author, an author index,\n"
	"search, sitemap.xml, atom.xml and BibTeX/RIS exports.  All links are relative,\n"
	"so the site works on a web server and straight from the disk.\n"
	"\n"
	"The site is written to OUT (default: 'site' in the current folder).  It is\n"
	"built beside OUT and swapped in only when complete; an existing OUT that\n"
	"quire did not build is never replaced.\n"
	"\n"
	"Options:\n"
	"  -o, --output=OUT    where to write the site (default: site)\n"
	"  --format=text|json  diagnostics as text (standard error) or JSON (standard output)\n"
	"  --werror            treat warnings as errors\n"
	"  --color=auto|always|never, --excerpts=auto|always|never   as for quire check\n"
	"\n"
	"PDFs: a volume listed as {volume: FOLDER, build: OUT} publishes the volume PDF,\n"
	"offprints and page numbers that 'quire build FOLDER -o OUT' wrote; a build older\n"
	"than the papers is a warning and its stale PDFs are left out.\n"
	"\n"
	"Templates: the archive's 'templates' folder overrides the default templates\n"
	"file by file (base.html, home.html, volume.html, paper.html, authors.html,\n"
	"author.html, quire.css, search.js).\n"
	"\n"
	"Exit status: 0 built, 1 errors found (nothing written), 2 usage or I/O failure.\n";

int cmd_archive(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(help, stdout);
		return EXIT_CLEAN;
	}
	struct diag_opts opts = {.color = -1, .excerpts = -1};
	const char *path = NULL, *out = "site";
	for (int i = 1; i < argc; i++) {
		int r = diag_opts_parse(&opts, argv[i]);
		if (r < 0) {
			cli_usage_error("archive", "bad option '%s'", argv[i]);
			return EXIT_USAGE;
		}
		if (r)
			continue;
		if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
			if (i + 1 >= argc) {
				cli_usage_error("archive", "%s needs a folder", argv[i]);
				return EXIT_USAGE;
			}
			out = argv[++i];
		} else if (!strncmp(argv[i], "--output=", 9)) {
			out = argv[i] + 9;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			cli_usage_error("archive", "unknown option '%s'", argv[i]);
			return EXIT_USAGE;
		} else if (path) {
			cli_usage_error("archive", "give one ARCHIVE.yaml");
			return EXIT_USAGE;
		} else {
			path = argv[i];
		}
	}
	if (!path) {
		cli_usage_error("archive", "no ARCHIVE.yaml given");
		return EXIT_USAGE;
	}
	if (!*out) {
		cli_usage_error("archive", "the output folder is empty");
		return EXIT_USAGE;
	}
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "quire archive: %s: %s\n", path, strerror(errno));
		return EXIT_USAGE;
	}

	struct diag_list d;
	diag_init(&d);
	struct archive *a = archive_load(path, &d);
	struct volume **vols = NULL;
	size_t n = 0;
	/* Papers are checked as they load, and their bodies made into HTML
	 * then, before being dropped: the pages take them from there. */
	struct html_prep *prep = html_prep_new();
	struct vol_visitor visit = html_prep_visitor(prep);
	/* A volume with a build folder publishes the PDFs quire build wrote. */
	struct manifest *builds = NULL;
	struct html_pdf_info *pdfs = NULL;
	if (a) {
		vols = xcalloc(a->nvolumes ? a->nvolumes : 1, sizeof *vols);
		builds = xcalloc(a->nvolumes ? a->nvolumes : 1, sizeof *builds);
		pdfs = xcalloc(a->nvolumes ? a->nvolumes : 1, sizeof *pdfs);
		for (size_t i = 0; i < a->nvolumes; i++) {
			struct volume *v = vol_load_checked_visit(a->volumes[i], &visit, &d);
			if (!v)
				continue;
			if (a->builds[i] && manifest_read(a->builds[i], v, &a->build_pos[i], &builds[n], &d))
				pdfs[n] = builds[n].info;
			vols[n++] = v;
		}
	}
	bool blocked = !a || diag_count(&d, DIAG_ERROR) || (opts.werror && diag_count(&d, DIAG_WARNING));
	int status;
	if (blocked) {
		status = diag_finish(&d, &opts);
		if (status == EXIT_CLEAN)
			status = EXIT_ERRORS;
	} else {
		int r = html_build_archive(a, (const struct volume *const *)vols, n, pdfs, prep, out, &d);
		status = diag_finish(&d, &opts);
		if (r != 0 && status == EXIT_CLEAN)
			status = EXIT_USAGE;
	}
	html_prep_free(prep); /* before the papers its records point at */
	for (size_t i = 0; i < n; i++) {
		manifest_free(&builds[i]);
		volume_free(vols[i]);
	}
	free(builds);
	free(pdfs);
	free(vols);
	archive_free(a);
	diag_free(&d);
	return status;
}
