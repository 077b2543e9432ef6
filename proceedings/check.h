/* The validation pass: rules that look across fields and files once the
 * model is loaded (required fields, affiliations, sessions, footnotes,
 * figures, translations, abstract length).  Value formats were checked as
 * they were read. */
#ifndef QUIRE_CHECK_H
#define QUIRE_CHECK_H

#include "diag.h"
#include "model.h"

/* Check one paper under the volume's policy (`vol` supplies policy only). */
void check_paper(const struct volume *vol, const struct paper *p, struct diag_list *d);

/* The volume's own fields, sessions, front matter and author index. */
void check_volume_meta(const struct volume *vol, struct diag_list *d);

/* check_volume_meta plus every paper whose body is loaded (papers loaded
 * by vol_load_checked were checked as they were read). */
void check_volume(const struct volume *vol, struct diag_list *d);

#endif
