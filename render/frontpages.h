/* The volume's opening pages, set by quire in the volume's fonts: cover,
 * title page, copyright page, the front-matter Markdown files (preface,
 * messages) and the committees. */
#ifndef QUIRE_FRONTPAGES_H
#define QUIRE_FRONTPAGES_H

struct vpage;
struct markdown;

void fp_cover(struct vpage *vp);
void fp_title(struct vpage *vp);
void fp_copyright(struct vpage *vp);

/* A front-matter file on pages of its own, its first heading as title and
 * top-level bookmark. */
void fp_markdown(struct vpage *vp, const struct markdown *md);

/* Every committee: title, then members with affiliations (two columns
 * when the list is long).  Nothing when there are none. */
void fp_committees(struct vpage *vp);

/* "20 November 2026" (Korean "2026년 11월 20일") from the volume's date;
 * the date as written when it cannot be read (caller frees). */
char *fp_date(const char *date, const char *lang);

#endif
