/* An output folder written atomically: everything goes into OUT.tmp-XXXXXX
 * beside OUT, which is swapped in whole at the end, so a failed or
 * interrupted run leaves the previous output untouched.  An existing OUT
 * is replaced only when quire wrote it (its marker file) or it is empty,
 * so a typo can never replace someone's folder.  `quire build` and the
 * archive both write through this. */
#ifndef QUIRE_OUTDIR_H
#define QUIRE_OUTDIR_H

#include "proceedings/diag.h"

struct outdir {
	char *final;         /* OUT */
	char *tmp;           /* OUT.tmp-XXXXXX, where everything is written */
	const char *marker;  /* file name that marks a folder quire wrote */
};

/* Create the temporary folder.  0, or -1 with the reason in d. */
int outdir_begin(struct outdir *o, const char *out, const char *marker, const char *what,
		 struct diag_list *d);
/* Swap the temporary folder in for OUT and remove the old tree.
 * 0, or -1 (the temporary folder removed, OUT untouched). */
int outdir_commit(struct outdir *o, struct diag_list *d);
/* Remove the temporary folder (if any) and free. */
void outdir_abort(struct outdir *o);

/* mkdir -p. */
int outdir_mkdirs(const char *path);
/* rm -r, never following symlinks. */
void outdir_rm_tree(const char *path);

#endif
