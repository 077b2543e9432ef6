/* TeX math: a parser for the LaTeX math that papers use, producing an AST
 * that both the MathML writer (render/html_math.c) and the PDF typesetter
 * lay out.  Every node keeps its byte range in the formula, symbols are
 * already mapped to Unicode, and every construct the parser does not know
 * is reported (R_MATH_UNSUPPORTED / R_MATH_SYNTAX) and kept as an ERROR
 * node, so nothing is dropped silently. */
#ifndef QUIRE_MATH_H
#define QUIRE_MATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Groups deeper than this are refused with R_MATH_SYNTAX; the AST is at
 * most a small constant times this deep, so walking it recursively is safe. */
#define MATH_MAX_DEPTH 64

enum math_kind {
	MATH_ROW,        /* horizontal list of kids (a formula, a {group}, a cell) */
	MATH_ORD,        /* ordinary: letter, Greek, symbol such as ∞; or a word from \mathrm */
	MATH_NUM,        /* number: digits with at most one '.' */
	MATH_OP,         /* large operator (cp set: ∑ ∫) or function name (cp 0: sin, lim) */
	MATH_BIN,        /* binary operator: + − × ⋅ */
	MATH_REL,        /* relation: = ≤ → ∈ */
	MATH_OPEN,       /* opening delimiter: ( [ { ⟨ */
	MATH_CLOSE,      /* closing delimiter: ) ] } ⟩ ! */
	MATH_PUNCT,      /* punctuation: , ; */
	MATH_FRAC,       /* kids[0] numerator, kids[1] denominator */
	MATH_SQRT,       /* kids[0] radicand, kids[1] index (\sqrt[n]) or NULL */
	MATH_SUBSUP,     /* kids[0] base, kids[1] subscript or NULL, kids[2] superscript or NULL;
	                    after \sideset five kids: [3] and [4] the sub- and superscript before the base */
	MATH_UNDEROVER,  /* kids[0] base, kids[1] under or NULL, kids[2] over or NULL */
	MATH_ACCENT,     /* kids[0] base; cp/text the mark; `under` puts it below */
	MATH_FENCED,     /* kids[0] content; `open`/`close` delimiters, 0 for \left. */
	MATH_TABLE,      /* kids are MATH_TROW; colalign has one letter per column */
	MATH_TROW,       /* kids are the cells, each a MATH_ROW */
	MATH_TEXT,       /* \text{...}: text is the UTF-8 text, spaces kept */
	MATH_STYLE,      /* kids[0] (a ROW) in another font (variant) and/or mathstyle */
	MATH_SPACE,      /* horizontal space of `mu` (18 mu = 1 em; may be negative) */
	MATH_ERROR,      /* source that was reported and could not be parsed; text = source */
};

/* Font of a symbol.  DEFAULT is TeX's: Latin and lower-case Greek letters
 * italic, everything else upright.  For BOLD and the other mapped variants
 * the parser has already replaced letters and digits by the Unicode
 * mathematical alphanumeric (\mathbf{x} → U+1D431, \mathbb{R} → U+211D). */
enum math_variant {
	MATH_VAR_DEFAULT,
	MATH_VAR_NORMAL,        /* upright: \mathrm, \operatorname, capital Greek */
	MATH_VAR_ITALIC,        /* \mathit */
	MATH_VAR_BOLD,          /* \mathbf */
	MATH_VAR_BOLD_ITALIC,   /* \boldsymbol, \bm */
	MATH_VAR_DOUBLE_STRUCK, /* \mathbb */
	MATH_VAR_SCRIPT,        /* \mathcal, \mathscr */
	MATH_VAR_FRAKTUR,       /* \mathfrak */
	MATH_VAR_SANS,          /* \mathsf */
	MATH_VAR_MONO,          /* \mathtt */
};

/* TeX's math styles; AUTO means "inherited". */
enum math_style {
	MATH_STYLE_AUTO,
	MATH_STYLE_DISPLAY,
	MATH_STYLE_TEXT,
	MATH_STYLE_SCRIPT,
	MATH_STYLE_SCRIPTSCRIPT,
};

/* Where the scripts of a MATH_OP go. */
enum math_limits {
	MATH_LIMITS_NONE,    /* beside: ∫, sin */
	MATH_LIMITS_MOVABLE, /* under/over in display style, beside otherwise: ∑, lim */
	MATH_LIMITS_ALWAYS,  /* under/over always: \limits, \overbrace */
};

struct math_node {
	enum math_kind kind;
	size_t off, len;             /* byte range of the node's source in the formula */
	char *text;                  /* UTF-8: leaves, TEXT, ERROR; NULL otherwise */
	uint32_t cp;                 /* leaves made of one code point; the mark of ACCENT */
	enum math_variant variant;   /* leaves, TEXT and STYLE */
	struct math_node **kids;     /* see the kinds above; some slots may be NULL */
	size_t nkids;

	enum math_limits limits;     /* OP; ACCENT for \overbrace/\underbrace */
	bool movable;                /* UNDEROVER: beside the base unless in display style */
	int size;                    /* OPEN CLOSE ORD REL from \big..\Bigg: 1..4; 0 natural */
	bool stretchy;               /* ACCENT: as wide as the base (\widehat, \overline) */
	bool under;                  /* ACCENT: below the base (\underline, \underbrace) */
	uint32_t open, close;        /* FENCED: delimiter code points, 0 for none */
	enum math_style style;       /* STYLE (\displaystyle), FRAC (\dfrac, \tfrac), TABLE cells */
	bool no_bar;                 /* FRAC: no fraction rule (\binom) */
	int mu;                      /* SPACE: width in mu */
	char *colalign;              /* TABLE: 'l', 'c' or 'r' per column, NUL-terminated */
	char *vrules;                /* TABLE: '|' or ' ' per column boundary (before each
				      * column, then after the last), or NULL: array's {c|l} */
	bool hline;                  /* TROW: \hline above it; TABLE: \hline below the last row */
	enum math_phantom {
		MATH_SHOWN,          /* STYLE: drawn (the others take room, unseen) */
		MATH_PHANTOM,        /* \phantom: its width, height and depth */
		MATH_HPHANTOM,       /* \hphantom: its width */
		MATH_VPHANTOM,       /* \vphantom: its height and depth */
	} phantom;
	bool boxed;                  /* STYLE: \boxed, framed */
	enum math_cancel {
		MATH_CANCEL_NONE,
		MATH_CANCEL_UP,      /* \cancel: a stroke from bottom left to top right */
		MATH_CANCEL_DOWN,    /* \bcancel: from top left to bottom right */
		MATH_CANCEL_X,       /* \xcancel: both */
		MATH_CANCEL_TO,      /* \cancelto: an arrow up to the value, the superscript of a SUBSUP */
	} cancel;                    /* STYLE */
	char *env;                   /* TABLE: the environment's name */
	bool aligned;                /* TABLE: r/l column pairs meet with no gap (align, aligned) */
	char *label;                 /* root and TROW: the first \label{} */
	char *tag;                   /* root and TROW: \tag{} text */
	bool notag;                  /* TROW: \nonumber or \notag */
};

/* Parse `len` bytes of TeX.  `display` selects display style (and allows
 * `\\` rows at the top level).  `where` is the position in the .md file of
 * tex[0] (NULL if unknown); diagnostics add the offset within the formula
 * to its column (in characters), or count lines when the formula spans
 * lines.  Never returns NULL: the root is a MATH_ROW, with label/tag set
 * from \label and \tag.  The caller owns the tree (math_free). */
struct math_node *math_parse(const char *tex, size_t len, bool display,
			     struct diag_list *d, const struct srcpos *where);

void math_free(struct math_node *n);

/* The table of a display formula written as one environment that LaTeX
 * numbers row by row (align, gather, eqnarray, flalign, alignat; not
 * their starred forms), when it has more than one row; else NULL.  Its
 * rows (MATH_TROW) carry their \label, \tag and \nonumber. */
const struct math_node *math_numbered_rows(const struct math_node *root);

/* The table of a display formula written as one multline environment of
 * more than one row (its first line set flush left, its last flush
 * right), or NULL. */
const struct math_node *math_multline(const struct math_node *root);

/* The next inline formula of plain text from `from`, as pandoc finds them
 * ("$x$", no space inside either dollar, none followed by a digit: "$5 and
 * $10" are prices): true with the formula, dollars included, in [*a, *b).
 * For text that is not Markdown, such as a BibTeX title. */
bool math_find_inline(const char *s, size_t from, size_t *a, size_t *b);

/* The code point `cp` in variant `v` (a Unicode mathematical alphanumeric
 * where one exists, else cp itself). */
uint32_t math_variant_cp(enum math_variant v, uint32_t cp);

const char *math_kind_name(enum math_kind k);

/* The node whose limits decide where scripts after n go: n, or the
 * operator that \sideset set scripts beside (\sideset{}{'}\sum_{i}). */
const struct math_node *math_limits_base(const struct math_node *n);

/* The formula as one line of plain Unicode text ("Φ(x)", "x²", "(a + b)/2")
 * for alt text, bookmarks and outlines.  Caller frees. */
char *math_text(const struct math_node *root);
/* The same from TeX source, parsed without diagnostics. */
char *math_text_of(const char *tex, size_t len);
/* `s` with every inline formula in it ("$x^2$", found as math_find_inline
 * finds them) replaced by its text; with `escape`, ASCII punctuation in
 * that text is backslash-escaped for a Markdown parser. */
char *math_text_inline(const char *s, bool escape);

/* A compact S-expression of the tree, for tests and debugging, e.g.
 * "(row (subsup (ord x) - (num 2)))".  Caller frees. */
char *math_dump(const struct math_node *n);

#endif
