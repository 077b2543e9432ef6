/* The one gate every referenced file passes: a path a paper or the volume
 * names must be relative, must not climb out with "..", and must not reach
 * outside its folder through a symlink.  Nothing is read before this says
 * yes. */
#ifndef QUIRE_PATHCHECK_H
#define QUIRE_PATHCHECK_H

#include <stdbool.h>

#include "diag.h"

/* Check `rel` against folder `base`.  On success returns true and sets
 * *full (caller frees) to the path to open.  Otherwise reports
 * file-outside or file-missing at `pos` (naming `what`) and returns false. */
bool path_check(const char *base, const char *rel, const struct srcpos *pos, const char *what,
		struct diag_list *d, char **full);

/* The same test without reporting: 0 ok, 1 outside, 2 missing. */
int path_status(const char *base, const char *rel, char **full);

#endif
