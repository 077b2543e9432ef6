/* The command line: each command is a function taking its own argv. */
#ifndef QUIRE_CLI_H
#define QUIRE_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "proceedings/diag.h"

/* Exit statuses, as documented in quire(1). */
enum { EXIT_CLEAN = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2 };

int cmd_check(int argc, char **argv);
int cmd_archive(int argc, char **argv);
int cmd_paper(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_rules(int argc, char **argv);

/* Options shared by commands that print diagnostics. */
struct diag_opts {
	bool json;
	bool werror;
	int color;    /* -1 auto, 0 never, 1 always */
	int excerpts; /* the source line under each diagnostic: the same */
};

/* Parse one shared option; returns 1 if it was one, 0 if not, -1 on error. */
int diag_opts_parse(struct diag_opts *o, const char *arg);
/* Sort and print diagnostics; returns the exit status they imply. */
int diag_finish(struct diag_list *d, const struct diag_opts *o);

struct paper;
struct volume;
/* A paper in VOLUME/papers/ID takes VOLUME's layout and policy; any other
 * paper the defaults. */
struct volume *cli_enclosing_volume(const struct paper *p);

/* Let quire check decode figures with the typesetter's image loader. */
void cli_check_images(void);

bool cli_wants_help(int argc, char **argv);
void cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
