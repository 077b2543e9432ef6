/* Formula trees as text: kind names and an S-expression dump, for tests
 * and debugging. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "math.h"
#include "text.h"
#include "util.h"

const char *math_kind_name(enum math_kind k)
{
	static const char *const names[] = {
		[MATH_ROW] = "row",	      [MATH_ORD] = "ord",	  [MATH_NUM] = "num",
		[MATH_OP] = "op",	      [MATH_BIN] = "bin",	  [MATH_REL] = "rel",
		[MATH_OPEN] = "open",	      [MATH_CLOSE] = "close",	  [MATH_PUNCT] = "punct",
		[MATH_FRAC] = "frac",	      [MATH_SQRT] = "sqrt",	  [MATH_SUBSUP] = "subsup",
		[MATH_UNDEROVER] = "underover", [MATH_ACCENT] = "accent",  [MATH_FENCED] = "fenced",
		[MATH_TABLE] = "table",	      [MATH_TROW] = "trow",	  [MATH_TEXT] = "text",
		[MATH_STYLE] = "style",	      [MATH_SPACE] = "space",	  [MATH_ERROR] = "error",
	};
	return (unsigned)k < sizeof names / sizeof names[0] && names[k] ? names[k] : "?";
}

static const char *variant_name(enum math_variant v)
{
	static const char *const names[] = {"default", "normal", "italic", "bold", "bold-italic",
					    "double-struck", "script", "fraktur", "sans", "mono"};
	return (unsigned)v < sizeof names / sizeof names[0] ? names[v] : "?";
}

static void put_cp(struct strbuf *b, uint32_t cp)
{
	char buf[4];
	if (!cp)
		sb_addc(b, '.');
	else
		sb_add(b, buf, text_utf8_put(buf, cp));
}

static void dump(struct strbuf *b, const struct math_node *n)
{
	if (!n) {
		sb_addc(b, '-');
		return;
	}
	sb_printf(b, "(%s", math_kind_name(n->kind));
	switch (n->kind) {
	case MATH_TEXT:
		sb_printf(b, " \"%s\"", n->text);
		break;
	case MATH_SPACE:
		sb_printf(b, " %d", n->mu);
		break;
	case MATH_STYLE:
		if (n->style)
			sb_adds(b, n->style == MATH_STYLE_DISPLAY  ? " display"
				   : n->style == MATH_STYLE_TEXT   ? " text"
				   : n->style == MATH_STYLE_SCRIPT ? " script"
								   : " scriptscript");
		if (n->variant)
			sb_printf(b, " %s", variant_name(n->variant));
		break;
	case MATH_ACCENT:
		sb_addc(b, ' ');
		sb_adds(b, n->text);
		if (n->under)
			sb_adds(b, " under");
		break;
	case MATH_FENCED:
		sb_addc(b, ' ');
		put_cp(b, n->open);
		sb_addc(b, ' ');
		put_cp(b, n->close);
		break;
	case MATH_TABLE:
		sb_printf(b, " %s %s", n->env ? n->env : "?", n->colalign ? n->colalign : "");
		break;
	case MATH_FRAC:
		if (n->no_bar)
			sb_adds(b, " nobar");
		break;
	case MATH_UNDEROVER:
		if (n->movable)
			sb_adds(b, " movable");
		break;
	default:
		if (n->text)
			sb_printf(b, " %s", n->text);
		break;
	}
	if (n->label)
		sb_printf(b, " #%s", n->label);
	for (size_t i = 0; i < n->nkids; i++) {
		sb_addc(b, ' ');
		dump(b, n->kids[i]);
	}
	sb_addc(b, ')');
}

char *math_dump(const struct math_node *n)
{
	struct strbuf b;
	sb_init(&b);
	dump(&b, n);
	return sb_steal(&b);
}
