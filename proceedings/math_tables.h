/* The symbol tables of the TeX math parser (math_tables.c), private to
 * the parser: math.c is their only reader. */
#ifndef QUIRE_MATH_TABLES_H
#define QUIRE_MATH_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "math.h"

enum {
	F_DELIM = 1,   /* may follow \left, \right, \big */
	F_UPRIGHT = 2, /* a letter that TeX sets upright (capital Greek, ∂, ∇) */
	F_LIMITS = 4,  /* operator with movable limits (∑, lim) */
	F_FUNC = 8,    /* function name: text is the name, not a code point */
	F_LETTER = 16, /* takes the font variant (\mathbf) */
	F_ITALIC = 32, /* italic even by default (\varGamma) */
};

struct sym {
	const char *name;
	unsigned char kind;
	unsigned char flags;
	uint32_t cp;
};

struct space {
	const char *name;
	int mu;
};

struct accent {
	const char *name;
	uint32_t cp;
	bool stretchy, under, brace;
};

struct font {
	const char *name;
	enum math_variant var;
};

struct env {
	const char *name;
	const char *cols;     /* repeated column pattern; NULL for array's argument */
	uint32_t open, close; /* fence around the table */
	bool aligned;
	enum math_style style;
};

struct style_cmd {
	const char *name;
	enum math_style style;
};

/* Position of a Greek letter (or ∇ ∂ and the var forms) in the 58-entry
 * blocks of U+1D6A8 onwards, or -1. */
int math_greek_index(uint32_t c);
const struct sym *math_sym_by_name(const char *name, size_t n);
/* What a character typed directly (≤, α) is. */
const struct sym *math_sym_by_cp(uint32_t cp);
const struct space *math_space(const char *name, size_t n);
const struct accent *math_accent(const char *name, size_t n);
const struct font *math_font_cmd(const char *name, size_t n);    /* \mathbf{x} */
const struct font *math_font_switch(const char *name, size_t n); /* {\bf x} */
const struct font *math_text_cmd(const char *name, size_t n);    /* \text{x} */
const struct env *math_env(const char *name, size_t n);
const struct style_cmd *math_style_cmd(const char *name, size_t n);

#endif
