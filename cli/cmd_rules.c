/* quire rules: the table of diagnostics, for authors and for scripts. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_rules(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		puts("usage: quire rules\n\nList every diagnostic rule: id, default level, what it means and what to do.");
		return EXIT_CLEAN;
	}
	for (int r = 0; r < RULE_COUNT; r++) {
		const struct rule_info *ri = rule_get((enum rule_id)r);
		printf("%-26s %-8s %s\n%-35s %s\n", ri->id, diag_level_name(ri->level), ri->summary, "",
		       ri->help);
	}
	return EXIT_CLEAN;
}
