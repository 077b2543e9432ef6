/* quire paper PAPER [-o OUT.pdf]: one paper typeset exactly as the volume
 * will print it, for authors before they submit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "proceedings/check.h"
#include "proceedings/paper.h"
#include "proceedings/resolve.h"
#include "proceedings/util.h"
#include "proceedings/volume.h"
#include "render/paper_pdf.h"

static const char help[] =
	"usage: quire paper [OPTIONS] PAPER\n"
	"\n"
	"Typeset one paper (a paper folder or a paper.md) to PDF with the layout of the\n"
	"volume it belongs to (VOLUME/papers/ID/), or the default layout. The paper is\n"
	"checked first; its diagnostics are printed as `quire check` prints them.\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE   the PDF to write (default: ID.pdf in the current folder)\n"
	"  --format=text|json, --werror, --color=auto|always|never,\n"
	"  --excerpts=auto|always|never                  as for quire check\n"
	"\n"
	"Prints the PDF's name and page count. Exit status: 0 written, 1 errors found\n"
	"(the PDF is still written when the paper could be typeset), 2 usage or I/O failure.\n";

int cmd_paper(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(help, stdout);
		return EXIT_CLEAN;
	}
	struct diag_opts opts = {.color = -1, .excerpts = -1};
	const char *path = NULL, *out = NULL;
	for (int i = 1; i < argc; i++) {
		int r = diag_opts_parse(&opts, argv[i]);
		if (r < 0) {
			cli_usage_error("paper", "bad option '%s'", argv[i]);
			return EXIT_USAGE;
		}
		if (r)
			continue;
		if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
			if (++i >= argc) {
				cli_usage_error("paper", "%s needs a file name", argv[i - 1]);
				return EXIT_USAGE;
			}
			out = argv[i];
		} else if (!strncmp(argv[i], "--output=", 9)) {
			out = argv[i] + 9;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			cli_usage_error("paper", "unknown option '%s'", argv[i]);
			return EXIT_USAGE;
		} else if (path) {
			cli_usage_error("paper", "give one PAPER");
			return EXIT_USAGE;
		} else {
			path = argv[i];
		}
	}
	if (!path) {
		cli_usage_error("paper", "no PAPER given");
		return EXIT_USAGE;
	}
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "quire paper: %s: %s\n", path, strerror(errno));
		return EXIT_USAGE;
	}
	struct diag_list d;
	diag_init(&d);
	struct paper *p = paper_load(path, &d);
	int status = EXIT_CLEAN, pages = 0;
	char *target = NULL;
	if (p) {
		struct volume *v = cli_enclosing_volume(p);
		resolve_set_style(p->refs, v); /* the volume's citation style */
		check_paper(v, p, &d);
		target = out ? xstrdup(out) : xasprintf("%s.pdf", p->id);
		/* Writing also measures the page limit. */
		if (paper_pdf_write(v, p, target, &d, &pages) != 0)
			status = EXIT_USAGE;
		volume_free(v);
		paper_free(p);
	}
	int dstatus = diag_finish(&d, &opts);
	if (status == EXIT_CLEAN && p && target)
		printf("%s: %d page%s\n", target, pages, pages == 1 ? "" : "s");
	if (status == EXIT_CLEAN)
		status = p ? dstatus : EXIT_ERRORS;
	free(target);
	diag_free(&d);
	return status;
}
