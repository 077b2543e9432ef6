/* MathML Core for a parsed TeX formula (proceedings/math.h), for the HTML
 * edition: <math> with presentation markup and the TeX as an annotation. */
#ifndef QUIRE_HTML_MATH_H
#define QUIRE_HTML_MATH_H

#include <stdbool.h>

#include "proceedings/math.h"

/* <math display="block"> (display) or <math>, then <semantics> holding the
 * formula and <annotation encoding="application/x-tex"> with `tex` (left
 * out when tex is NULL).  Text is escaped for HTML and XML, and the
 * markup is written exactly as the page writer (tpl_serialize_node) would
 * write it, raw UTF-8 and explicit end tags, so a page takes it as it is
 * (tpl_raw_markup) without parsing it back.  Fonts use
 * Unicode mathematical alphanumerics, as MathML Core supports no other
 * mathvariant than "normal".  \label and \tag are not rendered: numbering
 * is the caller's.  Returns a malloc'd string; n NULL gives an empty
 * formula. */
char *html_math(const struct math_node *n, bool display, const char *tex);

/* The same for a display formula whose rows are numbered one by one
 * (`table` is math_numbered_rows(n)): each row of the table ends in a cell
 * with numbers[i] ("(2)"; NULL leaves it empty) and the id ids[i] (or
 * none), so every number sits on its row's baseline. */
char *html_math_rows(const struct math_node *n, const char *tex, const struct math_node *table,
		     const char *const *numbers, const char *const *ids);

#endif
