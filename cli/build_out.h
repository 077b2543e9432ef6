/* The output folder of `quire build`, written atomically: everything goes
 * into OUT.tmp-XXXXXX beside OUT, which is swapped in whole at the end.
 * An existing OUT is replaced only when quire wrote it (its .quire-build
 * marker) or it is empty. */
#ifndef QUIRE_BUILD_OUT_H
#define QUIRE_BUILD_OUT_H

#include "proceedings/diag.h"

struct build_out {
	char *final; /* OUT */
	char *tmp;   /* OUT.tmp-XXXXXX */
};

/* 0, or -1 with the reason in d. */
int bout_begin(struct build_out *o, const char *out, struct diag_list *d);
/* Make a folder inside tmp; returns its path (caller frees) or NULL. */
char *bout_mkdir(struct build_out *o, const char *rel, struct diag_list *d);
/* Swap tmp in for OUT and remove the old tree.  0, or -1 (tmp removed). */
int bout_commit(struct build_out *o, struct diag_list *d);
/* Remove tmp and free. */
void bout_abort(struct build_out *o);

#endif
