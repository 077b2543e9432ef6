/* Typed reading of YAML nodes into model fields.  Each reader reports a
 * wrong type at the value's own position and returns "absent", so loaders
 * stay short and every field is checked the same way. */
#ifndef QUIRE_YFIELD_H
#define QUIRE_YFIELD_H

#include "diag.h"
#include "model.h"
#include "ytree.h"

/* Report keys of `map` not in the NULL-terminated `known`, with a
 * did-you-mean hint.  `ignored` keys (may be NULL) are accepted silently. */
void yf_keys(struct diag_list *d, const struct ynode *map, const char *what,
	     const char *const *known, const char *const *ignored);

/* A scalar as a string (NULL when absent, null or of the wrong type). */
char *yf_string(struct diag_list *d, const struct ynode *n, const char *what);
/* A string or a map from language code to string. */
void yf_mtext(struct diag_list *d, const struct ynode *n, const char *what, struct mtext *out);
/* A list of strings, or a map from language code to a list of strings. */
void yf_mlist(struct diag_list *d, const struct ynode *n, const char *what, struct mlist *out);
/* A string or a list of strings (a lone string becomes a list of one). */
char **yf_strings(struct diag_list *d, const struct ynode *n, const char *what, size_t *count);
bool yf_int(struct diag_list *d, const struct ynode *n, const char *what, int lo, int hi, int *out);
bool yf_bool(struct diag_list *d, const struct ynode *n, const char *what, bool *out);
/* The node must be of `kind`; report otherwise. */
bool yf_expect(struct diag_list *d, const struct ynode *n, enum ykind kind, const char *what);

/* Format checks shared by papers and the volume. */
char *yf_orcid(struct diag_list *d, const struct ynode *n);
char *yf_email(struct diag_list *d, const struct ynode *n);
char *yf_date(struct diag_list *d, const struct ynode *n, const char *what);
char *yf_url(struct diag_list *d, const struct ynode *n, const char *what);
char *yf_license(struct diag_list *d, const struct ynode *n);
char *yf_lang(struct diag_list *d, const struct ynode *n, const char *what);

#endif
