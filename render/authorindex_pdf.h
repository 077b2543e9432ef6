/* The author index at the end of a volume: every author, sorted and
 * grouped under letter headings as proceedings/people.h does it, with the
 * first page of each of their papers, set in two columns; every page
 * number links to its paper. */
#ifndef QUIRE_AUTHORINDEX_PDF_H
#define QUIRE_AUTHORINDEX_PDF_H

struct vpage;

/* `first_page[i]` is the printed first page of v->papers[i].  Returns the
 * printed number of the index's first page (0 when there are no authors). */
int aidx_build(struct vpage *vp, const int *first_page);

#endif
