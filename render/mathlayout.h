/* TeX math layout: a parsed formula (proceedings/math.h) into a box of
 * placed glyphs and rules (render/mathbox.h), following the rules of
 * Appendix G of The TeXbook in simplified form: four styles with scripts
 * at 70% and 50%, TeX's spacing table between atom classes, fractions on
 * the math axis, radicals, big operators with limits in display style,
 * growing \left/\right delimiters, accents, and arrays with per-column
 * alignment.  Pure function of its inputs, so output is deterministic. */
#ifndef QUIRE_MATHLAYOUT_H
#define QUIRE_MATHLAYOUT_H

#include <stdbool.h>
#include <stddef.h>

struct font_set;
struct math_node;
struct mbox;

/* A place where an inline formula may break: after its top-level
 * relation or binary operator ending at x, with `glue` of space that
 * disappears at the break (TeX's \relpenalty 500, \binoppenalty 700). */
struct mlay_break {
	double x, glue;
	int penalty;
};

/* Lay `root` out at text size `size` in display or text style into `out`
 * (initialised by the caller; emptied first).  When `brks` is not NULL,
 * the break places are returned there (malloc'd; caller frees). */
void mlay_formula(struct font_set *fs, const struct math_node *root, bool display, double size,
		  struct mbox *out, struct mlay_break **brks, size_t *nbrks);

/* A display formula `root` whose top is `table` (math_numbered_rows or
 * math_multline), laid out as mlay_formula does, with the baseline of each
 * of the table's rows in rowy[] (table->nkids of them), measured up from
 * the formula's.  `fill` > 0 sets a multline that wide: its first line
 * flush left, its last flush right, an em in from the edges. */
void mlay_display_rows(struct font_set *fs, const struct math_node *root, double size,
		       struct mbox *out, const struct math_node *table, double *rowy, double fill);

#endif
