/* The block builder: a cmark-gfm tree into a galley.  Paragraphs,
 * numbered headings (kept with what follows), lists, block quotes, rules
 * and footnotes (set into the galley's notes at their first reference) are
 * in blocks.c; inline content in inlines.c; lines to boxes in lines.c; code
 * in codeblock.c, tables in table.c, figures in figure.c, formulas in
 * mathblk.c (laid out by mathlayout.c).  Node kinds it does not know are
 * shown as their raw source in the mono font. */
#ifndef QUIRE_BLOCKS_H
#define QUIRE_BLOCKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "render/font.h"
#include "render/para.h"

struct cmark_node;
struct galley;
struct layout_doc;
struct markdown;
struct style;
struct diag_list;
struct hyph;
struct brk;
struct mbox;
struct paper_refs;

/* cmark-gfm numbers footnote references itself (a reference's literal is
 * "1", "2", ...) and moves the definitions, in that order, to the end of
 * the document; the definitions' labels are not exported. */
struct blk_fnote {
	int index;            /* cmark's number for it */
	struct cmark_node *def;
	int num;              /* our number, by first reference set; -1 until then */
	bool set;             /* typeset (a note first referenced inside another goes with it) */
};

struct blk_stats {
	size_t lines;         /* text lines set */
	size_t overfull;      /* lines wider than their measure */
	size_t figures, tables, notes;
	size_t formulas;      /* inline and display formulas set */
	size_t math_scaled;   /* display formulas scaled down to fit the column */
};

struct blk {
	struct layout_doc *doc;
	const struct style *st;
	struct diag_list *d;
	struct para para;
	struct hyph *hy;
	struct brk *brk;
	const struct markdown *md;
	bool hyphenate;           /* English text */
	struct galley *main;      /* the body galley (its notes hold footnotes) */
	struct galley *g;         /* where boxes go now */
	double x, measure;        /* the current block's left edge and width */
	double size, lead;        /* the current running text size and leading */
	int quote_depth;
	int depth, idepth;        /* block and inline nesting, against runaway recursion */
	bool indent_next;         /* indent the next paragraph's first line */
	bool no_number;           /* leave headings unnumbered */
	int sec[6];
	int top_level;            /* the shallowest heading level in the body */
	int outline_base;         /* added to heading levels in the PDF outline */
	int nfig, ntab;
	struct blk_fnote *fn;
	size_t nfn, capfn;
	int nnotes;
	int *pending_notes;       /* first referenced in the paragraph just set */
	size_t npending, cappending;
	int note_prefix;          /* >0: start the next paragraph with this note number */
	double glued_w;           /* width before the first break that stays on the first line (a heading's number) */
	struct blk_link {
		uint32_t str, len;   /* the target, interned once in the document's pool */
	} *links;                 /* link targets of the paragraph being set */
	size_t nlinks, caplinks;
	struct mbox *mobj;        /* inline formula pieces of the paragraph being set */
	size_t nmobj, capmobj;
	int neq;                  /* equations numbered without resolved data */
	const struct paper_refs *refs; /* resolved numbers and references, or NULL:
				    * set with blk_set_refs() before blk_markdown() */
	const char *lang;         /* the paper's language, for "Figure"/"그림" */
	struct {
		bool on;
		char text[32];
		struct para_style st;
		double right;     /* the marker ends here */
	} marker;                 /* a list marker waiting for the item's first line */
	struct cmark_node *cur_block; /* for locating characters in the source */
	int line_base;            /* source line of text set without a Markdown file */
	long box_from;            /* >= 0: items from here on belong to the next line box */
	struct blk_stats stats;
};

/* Fonts come from doc; hy may be NULL (no hyphenation). */
void blk_init(struct blk *b, struct layout_doc *doc, const struct style *st, struct diag_list *d,
	      struct hyph *hy, struct brk *brk);
void blk_free(struct blk *b);

/* The resolve stage's data for the body about to be set (resolve.h):
 * citations, cross-references, the numbers of figures, tables, sections
 * and equations, and the reference list.  NULL: none of these. */
void blk_set_refs(struct blk *b, const struct paper_refs *refs);

/* Set a Markdown body into g (which must have notes) at width `measure`.
 * `lang` is the paper's language ("en" hyphenates). */
void blk_markdown(struct blk *b, struct galley *g, const struct markdown *md, const char *lang,
		  double measure);

/* ---- for the other builders (title block, tables, figures) ---- */

#define BLK_SUP_SCALE 0.7  /* superscript size, of the text's */
#define BLK_SUP_RISE 0.36  /* superscript baseline shift, in ems of the text */

/* Marker ids from this one up, given to para_add_mark(), draw an ORCID
 * badge (linked to b->links[id - BLK_MARK_ORCID]) where they land. */
#define BLK_MARK_ORCID 1000000

/* A default text style at the current size. */
struct para_style blk_style(const struct blk *b, enum font_family fam, int style, double size);

/* Set one block node (paragraph, list, code, ...) into b->g. */
void blk_block(struct blk *b, struct cmark_node *n);

/* Append the inline content of a node to b->para. */
void blk_inlines(struct blk *b, struct cmark_node *parent, struct para_style st);

/* The inline content of `parent`, less the first `skip` bytes of its
 * first text and less a trailing pandoc attribute block "{#id .class}",
 * whose id goes to *id (when id is not NULL and *id is; caller frees). */
void blk_inlines_attrs(struct blk *b, struct cmark_node *parent, struct para_style st,
		       size_t skip, char **id);

/* One inline node (and its children). */
void blk_inline_node(struct blk *b, struct cmark_node *n, struct para_style st);

/* Register a link target for b->para's current paragraph; returns the
 * number to put in para_style.link. */
int blk_add_link(struct blk *b, const char *target);

/* Forget the link targets of the paragraph just drawn. */
void blk_end_inline(struct blk *b);

/* Set b->para (already filled) with `o` and append its lines to b->g as
 * boxes at b->x with baseline distance `lead`; `club` is the penalty
 * between the first two and the last two lines (GAL_INF: no widows or
 * orphans), `inner` the penalty between other lines. */
void blk_emit_para(struct blk *b, const struct para_opts *o, double lead, int club, int inner);

/* Append b->para's laid-out line `li` as display items into b->g->dl at
 * (x, baseline y), and return the run width. */
void blk_draw_line(struct blk *b, size_t li, double x, double y);

/* Width of UTF-8 text in one family/style/size (fallback fonts included). */
double blk_text_width(struct blk *b, enum font_family fam, int style, double size, const char *s);

/* The display item for a string at (x, y), which may need several runs
 * when characters fall back to other fonts; returns the width. */
double blk_put_text(struct blk *b, const char *s, enum font_family fam, int style, double size,
		    uint32_t color, double x, double y);

/* Typeset footnotes first referenced by what was just emitted. */
void blk_flush_notes(struct blk *b);

/* Resolve a Markdown link target: a URI, "#anchor", or NULL (not a link). */
const char *blk_link_target(const char *url);

/* Typeset an inline formula (or display math nested in inline content)
 * into b->para as unbreakable pieces, breakable after top-level
 * relations and binary operators. */
void blk_math_inline(struct blk *b, struct cmark_node *n, struct para_style st);
/* The same from TeX source outside the Markdown (a BibTeX title's "$b$"). */
void blk_math_inline_tex(struct blk *b, const char *tex, size_t len, struct para_style st);

/* Typeset a display formula centred on its own lines in b->g, with its
 * number at the right margin, scaled down if it is wider than the column. */
void blk_math_display(struct blk *b, struct cmark_node *n);

/* The reference list (numbered or author-year, hanging indents, DOIs and
 * URLs as links, a destination at each entry for citations), in refs.c. */
void blk_references(struct blk *b);

/* A word of the paper's language: "figure" → "Figure" or "그림". */
const char *blk_word(const struct blk *b, const char *key);

/* Is n a formula (md_math.h)? */
bool blk_is_math(struct cmark_node *n);

/* The source of a node without typesetting of its own yet (math, extension
 * nodes): the TeX of a formula, else its literal, else "". */
const char *blk_raw_text(struct cmark_node *n);

/* para_locate_fn for b (the ctx): finds characters in the source lines of
 * b->cur_block, so R_GLYPH_MISSING names the exact line and column. */
bool blk_locate(void *ctx, uint32_t cp, int nth, int *line, int *col);

#endif
