/* Printing diagnostics and turning them into an exit status. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int diag_opts_parse(struct diag_opts *o, const char *arg)
{
	if (!strcmp(arg, "--format=json")) {
		o->json = true;
	} else if (!strcmp(arg, "--format=text")) {
		o->json = false;
	} else if (!strncmp(arg, "--format=", 9)) {
		return -1;
	} else if (!strcmp(arg, "--werror") || !strcmp(arg, "-Werror")) {
		o->werror = true;
	} else if (!strcmp(arg, "--color=always")) {
		o->color = 1;
	} else if (!strcmp(arg, "--color=never") || !strcmp(arg, "--no-color")) {
		o->color = 0;
	} else if (!strcmp(arg, "--color=auto")) {
		o->color = -1;
	} else if (!strncmp(arg, "--excerpts=", 11)) {
		const char *v = arg + 11;
		o->excerpts = !strcmp(v, "always") ? 1 : !strcmp(v, "never") ? 0 : !strcmp(v, "auto") ? -1 : -2;
		if (o->excerpts == -2)
			return -1;
	} else {
		return 0;
	}
	return 1;
}

int diag_finish(struct diag_list *d, const struct diag_opts *o)
{
	diag_sort(d);
	if (o->json) {
		diag_print_json(stdout, d);
	} else {
		bool tty = isatty(fileno(stderr));
		bool color = o->color == 1 || (o->color == -1 && tty && !getenv("NO_COLOR"));
		/* Source lines for a person at a terminal; logs and tools that read
		 * the lines get one line per problem unless they ask. */
		if (o->excerpts == 1 || (o->excerpts == -1 && tty))
			diag_print_excerpts(stderr, d, color);
		else
			diag_print_text(stderr, d, color);
	}
	if (diag_count(d, DIAG_ERROR) || (o->werror && diag_count(d, DIAG_WARNING)))
		return EXIT_ERRORS;
	return EXIT_CLEAN;
}

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return false;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	}
	return false;
}

void cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "quire %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see quire %s --help)\n", cmd);
}
