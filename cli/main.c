/* quire — a proceedings compiler.  This file only dispatches commands. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
	"usage: quire COMMAND [OPTIONS] PATH\n"
	"\n"
	"Commands:\n"
	"  check PATH      check a volume folder, a paper folder or a paper.md\n"
	"  paper PAPER     typeset one paper to PDF as the volume will print it\n"
	"  build VOLUME    build the volume PDF, offprints and web site\n"
	"  archive FILE    build the HTML archive of every volume in an archive.yaml\n"
	"  init DIR        create a new volume with one example paper\n"
	"  rules           list every diagnostic rule with its level and advice\n"
	"\n"
	"Options:\n"
	"  -h, --help      show help (also: quire COMMAND --help)\n"
	"  --version       show the version\n"
	"\n"
	"See quire(1) for details.\n";

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
	{"check", cmd_check},
	{"paper", cmd_paper},
	{"build", cmd_build},
	{"archive", cmd_archive},
	{"init", cmd_init},
	{"rules", cmd_rules},
};

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	cli_check_images();
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		fputs(usage, stdout);
		return EXIT_CLEAN;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
		printf("quire %s\n", QUIRE_VERSION);
		return EXIT_CLEAN;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(cmd, commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "quire: unknown command '%s'\n\n%s", cmd, usage);
	return EXIT_USAGE;
}
