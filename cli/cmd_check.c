/* quire check PATH: load a volume or a paper and report every problem. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "proceedings/check.h"
#include "proceedings/paper.h"
#include "proceedings/paper_store.h"
#include "proceedings/util.h"
#include "proceedings/volume.h"
#include "render/paper_pdf.h"

static const char help[] =
	"usage: quire check [OPTIONS] PATH\n"
	"\n"
	"Check a volume folder (with volume.yaml), a paper folder or a paper.md.\n"
	"A paper inside a volume (VOLUME/papers/ID/) is checked under that volume's policy.\n"
	"\n"
	"Options:\n"
	"  --format=text|json  diagnostics as 'file:line:col: level: message [rule]' (on\n"
	"                      standard error) or as a JSON array (on standard output)\n"
	"  --werror            exit 1 on warnings too\n"
	"  --color=auto|always|never\n"
	"  --excerpts=auto|always|never\n"
	"                      show each problem's source line with a caret under its\n"
	"                      column (auto: when standard error is a terminal)\n"
	"\n"
	"Exit status: 0 clean, 1 errors found, 2 usage or I/O failure.\n";

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

int cmd_check(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(help, stdout);
		return EXIT_CLEAN;
	}
	struct diag_opts opts = {.color = -1, .excerpts = -1};
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		int r = diag_opts_parse(&opts, argv[i]);
		if (r < 0) {
			cli_usage_error("check", "bad option '%s'", argv[i]);
			return EXIT_USAGE;
		}
		if (r)
			continue;
		if (argv[i][0] == '-' && argv[i][1]) {
			cli_usage_error("check", "unknown option '%s'", argv[i]);
			return EXIT_USAGE;
		}
		if (path) {
			cli_usage_error("check", "give one PATH");
			return EXIT_USAGE;
		}
		path = argv[i];
	}
	if (!path) {
		cli_usage_error("check", "no PATH given");
		return EXIT_USAGE;
	}
	if (!exists(path)) {
		fprintf(stderr, "quire check: %s: %s\n", path, strerror(errno));
		return EXIT_USAGE;
	}

	struct diag_list d;
	diag_init(&d);
	char *yaml = is_dir(path) ? path_join(path, "volume.yaml") : NULL;
	if (yaml && exists(yaml)) {
		struct volume *v = vol_load_checked(path, &d);
		/* The page limit is measured with the volume's own layout. */
		for (size_t i = 0; v && v->policy.max_pages > 0 && i < v->npapers; i++) {
			const struct paper *p = paper_meta_open(v, v->papers[i]);
			paper_layout_pages(v, p, &d);
			paper_meta_close(v->papers[i], p);
		}
		volume_free(v);
	} else {
		struct paper *p = paper_load(path, &d);
		if (p) {
			struct volume *v = cli_enclosing_volume(p);
			check_paper(v, p, &d);
			/* The page limit is measured with the volume's own layout. */
			if (v->policy.max_pages > 0)
				paper_layout_pages(v, p, &d);
			volume_free(v);
			paper_free(p);
		}
	}
	free(yaml);
	int status = diag_finish(&d, &opts);
	diag_free(&d);
	return status;
}
