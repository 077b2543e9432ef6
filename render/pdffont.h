/* The fonts a PDF embeds, cut down to the characters it draws (see
 * pdffont.c).  pdfdev makes one per font it loads into a document, marks
 * every string it draws with that font, and finishes it before saving. */
#ifndef QUIRE_PDFFONT_H
#define QUIRE_PDFFONT_H

#include <hpdf.h>
#include <stdbool.h>

struct pdffont;

struct pdffont *pdffont_new(const char *path); /* the TrueType file the font came from */
void pdffont_free(struct pdffont *f);
/* The string to draw for `utf8` when it holds characters beyond the BMP
 * (or of the Private Use Area): each replaced by its private-use code
 * (malloc'd); NULL when it can be drawn as it is. */
char *pdffont_encode(struct pdffont *f, const char *utf8);
/* Record the characters of a UTF-8 string drawn with this font. */
void pdffont_mark(struct pdffont *f, const char *utf8);
/* Replace libharu's map, widths and ToUnicode for `font` (loaded from the
 * same file) with ones for the marked characters only. */
void pdffont_finish(struct pdffont *f, HPDF_Font font);
/* Around HPDF_SaveToFile: the document's fonts (n of them), so that the
 * font programs written are the subsets; NULL when the save is over. */
void pdffont_saving(struct pdffont *const *fonts, int n);
bool pdffont_is_saving(void);

#endif
