/* The table of contents (papers grouped by session, with dot leaders to
 * their page numbers, every entry a link to the paper's first page) and
 * the programme page (sessions by time and place). */
#ifndef QUIRE_TOC_H
#define QUIRE_TOC_H

struct vpage;

/* `first_page[i]` is the printed first page of v->papers[i];
 * `index_page` the author index's (0: none). */
void toc_build(struct vpage *vp, const int *first_page, int index_page);

/* Nothing when no session carries a time. */
void toc_program(struct vpage *vp);

#endif
