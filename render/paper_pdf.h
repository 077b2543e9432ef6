/* One paper to one PDF, and the same layout without a PDF (for the page
 * limit).  The CLI's entry points; the volume builder uses typeset.h. */
#ifndef QUIRE_PAPER_PDF_H
#define QUIRE_PAPER_PDF_H

struct volume;
struct paper;
struct diag_list;

/* Typeset `p` with the layout of `vol` (NULL: the defaults) and write it to
 * out_path (through a temporary file in the same folder, renamed on
 * success).  Sets *npages (may be NULL).  Returns 0, or -1 when the PDF
 * could not be made (the reason is in d).  Typesetting problems such as a
 * missing glyph are reported in d but do not stop the PDF. */
int paper_pdf_write(const struct volume *vol, const struct paper *p, const char *out_path,
		    struct diag_list *d, int *npages);

/* Lay the paper out without writing anything; returns its page count (-1
 * when the fonts are missing) and reports R_PAGE_LIMIT when the volume's
 * policy sets a limit the paper exceeds. */
int paper_layout_pages(const struct volume *vol, const struct paper *p, struct diag_list *d);

/* A paper's PDF metadata: title, authors, keywords, language. */
struct layout_meta;
void paper_pdf_meta(struct layout_meta *m, const struct paper *p);

#endif
