#include "render/mathlayout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/mathint.h"

enum cls { C_ORD, C_OP, C_BIN, C_REL, C_OPEN, C_CLOSE, C_PUNCT, C_INNER, C_NONE };

/* TeX's inter-atom spacing (The TeXbook, ch. 18): 1 thin, 2 medium,
 * 3 thick; negative entries apply in display and text style only. */
static const signed char space_tab[8][8] = {
	/*          ORD OP BIN REL OPEN CLOSE PUNCT INNER */
	/* ORD   */ {0, 1, -2, -3, 0, 0, 0, -1},
	/* OP    */ {1, 1, 0, -3, 0, 0, 0, -1},
	/* BIN   */ {-2, -2, 0, 0, -2, 0, 0, -2},
	/* REL   */ {-3, -3, 0, 0, -3, 0, 0, -3},
	/* OPEN  */ {0, 0, 0, 0, 0, 0, 0, 0},
	/* CLOSE */ {0, 1, -2, -3, 0, 0, 0, -1},
	/* PUNCT */ {-1, -1, 0, -1, -1, -1, -1, -1},
	/* INNER */ {-1, 1, -2, -3, -1, 0, -1, -1},
};
static const int space_mu[4] = {0, 3, 4, 5};

/* A style: D, T, S, SS (0..3), cramped or not. */
struct st {
	int s;
	bool cramped;
};

struct lay {
	struct mctx c;
	double base;
	struct mlay_break *brk;
	size_t nbrk, capbrk;
	const struct math_node *rows_of; /* the table whose row baselines are wanted */
	double *rowy;                    /* ... one per row, up from the table's baseline */
	double fill;                     /* > 0: rows_of is a multline this wide */
};

static double em(const struct lay *L, struct st st)
{
	return L->base * (st.s <= 1 ? 1.0 : st.s == 2 ? 0.7 : 0.5);
}

static struct st sup_style(struct st st)
{
	return (struct st){st.s <= 1 ? 2 : 3, st.cramped};
}

static struct st sub_style(struct st st)
{
	return (struct st){st.s <= 1 ? 2 : 3, true};
}

static struct st num_style(struct st st)
{
	return (struct st){st.s == 0 ? 1 : st.s == 1 ? 2 : 3, st.cramped};
}

static struct st den_style(struct st st)
{
	return (struct st){num_style(st).s, true};
}

static void node(struct lay *L, const struct math_node *n, struct st st, struct mbox *out);
static void row(struct lay *L, const struct math_node *n, struct st st, enum cls lead,
		bool top, struct mbox *out);

static enum cls node_cls(const struct math_node *n)
{
	if (!n)
		return C_ORD;
	switch (n->kind) {
	case MATH_OP: return C_OP;
	case MATH_BIN: return C_BIN;
	case MATH_REL: return C_REL;
	case MATH_OPEN: return C_OPEN;
	case MATH_CLOSE: return C_CLOSE;
	case MATH_PUNCT: return C_PUNCT;
	case MATH_FRAC:
	case MATH_FENCED: return C_INNER;
	case MATH_SUBSUP:
	case MATH_UNDEROVER: return n->nkids && n->kids[0] ? node_cls(n->kids[0]) : C_ORD;
	case MATH_SPACE: return C_NONE;
	default: return C_ORD;
	}
}

/* The single leaf a group stands for ({x} is x for placing scripts). */
static const struct math_node *single(const struct math_node *n)
{
	for (int i = 0; n && n->kind == MATH_ROW && n->nkids == 1 && i < MLAY_MAX_DEPTH; i++)
		n = n->kids[0];
	return n;
}

static const struct math_node *kid(const struct math_node *n, size_t i)
{
	return i < n->nkids ? n->kids[i] : NULL;
}

/* ---- leaves ---------------------------------------------------------------- */

static void leaf(struct lay *L, const struct math_node *n, struct st st, struct mbox *out)
{
	double size = em(L, st);
	const char *text = n->text ? n->text : "";
	if (n->kind == MATH_OP && n->cp && st.s == 0) {
		/* Big operators are larger in display style, centred on the axis;
		 * integrals about twice their text size, as TeX's are. */
		bool integral = (n->cp >= 0x222B && n->cp <= 0x2233) || n->cp == 0x2A0C;
		struct mbox g;
		mbox_init(&g);
		mg_delim(&L->c, n->cp, size, 0, 1, &g);
		double natural = g.h + g.d;
		mg_delim(&L->c, n->cp, size, natural * (integral ? 1.9 : 1.45), 1, out);
		mbox_free(&g);
		return;
	}
	if (n->size > 0 && n->cp) {
		static const double grow[5] = {1, 1.25, 1.65, 2.05, 2.5};
		struct mbox g;
		mbox_init(&g);
		mg_delim(&L->c, n->cp, size, 0, 1, &g);
		mg_delim(&L->c, n->cp, size, (g.h + g.d) * grow[n->size > 4 ? 4 : n->size], 1, out);
		mbox_free(&g);
		return;
	}
	if (n->kind == MATH_OP && n->cp) {
		/* A text-style big operator: natural size, centred on the axis. */
		mg_delim(&L->c, n->cp, size, 0, 1, out);
		return;
	}
	enum mrole role = MR_SYMBOL;
	if (n->kind == MATH_ORD || n->kind == MATH_NUM)
		role = MR_LETTER;
	else if (n->kind == MATH_OP && !n->cp)
		role = MR_UPRIGHT;
	else if (n->kind == MATH_TEXT)
		role = MR_TEXT;
	mg_run(&L->c, text, n->kind == MATH_ERROR ? MATH_VAR_MONO : n->variant,
	       n->kind == MATH_ERROR ? MR_TEXT : role, size, out);
}

/* ---- scripts and limits ---------------------------------------------------- */

static bool has_limits(const struct math_node *base, struct st st)
{
	base = single(base);
	if (!base || (base->kind != MATH_OP && base->kind != MATH_ACCENT))
		return false;
	return base->limits == MATH_LIMITS_ALWAYS ||
	       (base->limits == MATH_LIMITS_MOVABLE && st.s == 0);
}

/* Limits above and below, centred (TeX's rule 13a). */
static void limits(struct lay *L, struct mbox *x, const struct math_node *under,
		   const struct math_node *over, struct st st, bool op, struct mbox *out)
{
	double e = em(L, st);
	struct mbox y, z;
	mbox_init(&y);
	mbox_init(&z);
	if (over)
		node(L, over, sup_style(st), &y);
	if (under)
		node(L, under, sub_style(st), &z);
	double w = fmax(x->w, fmax(over ? y.w : 0, under ? z.w : 0));
	mbox_clear(out);
	mbox_put(out, x, (w - x->w) / 2, 0);
	out->h = x->h;
	out->d = x->d;
	double g1 = op ? 0.111 : 0.06, g3 = op ? 0.2 : 0.1, g2 = op ? 0.167 : 0.1,
	       g4 = op ? 0.6 : 0.2, g5 = op ? 0.1 : 0.04;
	if (over) {
		double shift = x->h + fmax(g1 * e, g3 * e - y.d) + y.d;
		mbox_put(out, &y, (w - y.w) / 2, shift);
		out->h = shift + y.h + g5 * e;
	}
	if (under) {
		double shift = x->d + fmax(g2 * e, g4 * e - z.h) + z.h;
		mbox_put(out, &z, (w - z.w) / 2, -shift);
		out->d = shift + z.d + g5 * e;
	}
	out->w = w;
	mbox_free(&y);
	mbox_free(&z);
}

/* How far a superscript p goes up (*u) and a subscript q down (*v) beside
 * base b (TeX's rule 18); either may be NULL. */
static void script_shifts(struct lay *L, const struct mbox *b, bool char_base, const struct mbox *p,
			  const struct mbox *q, struct st st, double *up, double *vp)
{
	double e = em(L, st), theta = M_RULE * e, xh = M_XHEIGHT * e;
	double u = 0, v = 0;
	const bool sup = p != NULL, sub = q != NULL;
	if (!char_base) {
		u = b->h - 0.386 * em(L, sup_style(st));
		v = b->d + 0.05 * em(L, sub_style(st));
	}
	if (sup) {
		double pmin = st.s == 0 ? 0.45 : st.cramped ? 0.33 : 0.40;
		u = fmax(u, fmax(pmin * e, p->d + xh / 4));
	}
	if (sub && !sup)
		v = fmax(v, fmax(0.17 * e, q->h - 0.8 * xh));
	if (sub && sup) {
		v = fmax(v, 0.25 * e);
		double gap = (u - p->d) - (q->h - v);
		if (gap < 4 * theta) {
			v = 4 * theta - u + p->d + q->h;
			double psi = 0.8 * xh - (u - p->d);
			if (psi > 0) {
				u += psi;
				v -= psi;
			}
		}
	}
	*up = u;
	*vp = v;
}

/* Scripts beside the base (TeX's rule 18). */
static void scripts(struct lay *L, struct mbox *b, bool char_base, const struct math_node *sub,
		    const struct math_node *sup, struct st st, struct mbox *out)
{
	double e = em(L, st);
	struct mbox p, q;
	mbox_init(&p);
	mbox_init(&q);
	if (sup)
		node(L, sup, sup_style(st), &p);
	if (sub)
		node(L, sub, sub_style(st), &q);
	double u, v;
	script_shifts(L, b, char_base, sup ? &p : NULL, sub ? &q : NULL, st, &u, &v);
	mbox_clear(out);
	mbox_put(out, b, 0, 0);
	double w = b->w, italic = char_base ? b->italic : 0;
	out->h = b->h;
	out->d = b->d;
	double end = w;
	if (sup) {
		mbox_put(out, &p, w + italic, u);
		out->h = fmax(out->h, u + p.h);
		end = fmax(end, w + italic + p.w);
	}
	if (sub) {
		mbox_put(out, &q, w, -v);
		out->d = fmax(out->d, v + q.d);
		end = fmax(end, w + q.w);
	}
	if (!sup && !sub)
		end += italic;
	out->w = end + 0.05 * e; /* \scriptspace */
	out->italic = 0;
	mbox_free(&p);
	mbox_free(&q);
}

/* \xrightarrow's arrow, as wide as `w`: the glyph's head at the growing
 * end, a shaft of its stroke's weight on the axis behind it. */
static void long_arrow(struct lay *L, const struct math_node *a, double w, struct st st,
		       struct mbox *out)
{
	double e = em(L, st);
	struct mbox g;
	mbox_init(&g);
	node(L, a, st, &g);
	mbox_clear(out);
	if (w <= g.w) {
		mbox_move(out, &g);
		mbox_free(&g);
		return;
	}
	bool right = a->cp == 0x2192;
	mbox_put(out, &g, right ? w - g.w : 0, 0);
	double t = 0.05 * e, axis = M_AXIS * e;
	mbox_rule(out, right ? 0 : g.w / 2, axis - t / 2, w - g.w / 2, t);
	out->w = w;
	out->h = g.h;
	out->d = g.d;
	mbox_free(&g);
}

/* One side of a \sideset: its scripts laid out into p (sup) and q (sub),
 * their shifts beside operator b, and the width they take. */
static double side_scripts(struct lay *L, const struct mbox *b, const struct math_node *sub,
			   const struct math_node *sup, struct st st, struct mbox *p, struct mbox *q,
			   double *u, double *v)
{
	if (sup)
		node(L, sup, sup_style(st), p);
	if (sub)
		node(L, sub, sub_style(st), q);
	script_shifts(L, b, false, sup ? p : NULL, sub ? q : NULL, st, u, v);
	if (!sup && !sub)
		return 0;
	return fmax(sup ? p->w : 0, sub ? q->w : 0) + 0.05 * em(L, st); /* \scriptspace */
}

/* \sideset node n: its operator with scripts before and after it, at the
 * heights scripts beside it take, those before set flush against it.
 * Limits (under, over), when stacked, centre on the operator alone, as
 * amsmath sets them. */
static void sideset(struct lay *L, const struct math_node *n, const struct math_node *under,
		    const struct math_node *over, struct st st, struct mbox *out)
{
	struct mbox b, core, p[2], q[2];
	mbox_init(&b);
	mbox_init(&core);
	double u[2], v[2], w[2]; /* [0] before the operator, [1] after */
	node(L, kid(n, 0), st, &b);
	for (int k = 0; k < 2; k++) {
		mbox_init(&p[k]);
		mbox_init(&q[k]);
		w[k] = side_scripts(L, &b, kid(n, k ? 1 : 3), kid(n, k ? 2 : 4), st, &p[k], &q[k],
				    &u[k], &v[k]);
	}
	double bw = b.w, ox = 0; /* the operator's width, and where it starts within core */
	if (under || over) {
		limits(L, &b, under, over, st, true, &core);
		ox = (core.w - bw) / 2;
	} else {
		mbox_move(&core, &b);
	}
	double left = fmax(0, w[0] - ox), at = left + ox; /* the operator's left edge in out */
	double space = 0.05 * em(L, st);                    /* \scriptspace */
	mbox_clear(out);
	mbox_put(out, &core, left, 0);
	out->h = core.h;
	out->d = core.d;
	for (int k = 0; k < 2; k++) {
		if (kid(n, k ? 2 : 4)) {
			mbox_put(out, &p[k], k ? at + bw : at - space - p[k].w, u[k]);
			out->h = fmax(out->h, u[k] + p[k].h);
		}
		if (kid(n, k ? 1 : 3)) {
			mbox_put(out, &q[k], k ? at + bw : at - space - q[k].w, -v[k]);
			out->d = fmax(out->d, v[k] + q[k].d);
		}
		mbox_free(&p[k]);
		mbox_free(&q[k]);
	}
	out->w = fmax(left + core.w, at + bw + w[1]);
	out->italic = 0;
	mbox_free(&b);
	mbox_free(&core);
}

static void subsup(struct lay *L, const struct math_node *n, struct st st, struct mbox *out)
{
	const struct math_node *base = kid(n, 0), *sub = kid(n, 1), *sup = kid(n, 2);
	const struct math_node *sb = single(base);
	struct mbox b;
	mbox_init(&b);
	if (base && base->kind == MATH_REL && base->stretchy && n->kind == MATH_UNDEROVER) {
		/* the arrow grows to its labels plus half an em on each side */
		struct mbox lab;
		mbox_init(&lab);
		double w = 0, e = em(L, st);
		if (sub) {
			node(L, sub, sub_style(st), &lab);
			w = fmax(w, lab.w);
		}
		if (sup) {
			node(L, sup, sup_style(st), &lab);
			w = fmax(w, lab.w);
		}
		mbox_free(&lab);
		long_arrow(L, base, fmax(w + e, 1.5 * e), st, &b);
		limits(L, &b, sub, sup, st, false, out);
		mbox_free(&b);
		return;
	}
	bool stacked = n->kind == MATH_UNDEROVER ? !(n->movable && st.s != 0)
						 : has_limits(base, st);
	if (n->kind == MATH_SUBSUP && n->nkids == 5) {
		sideset(L, n, NULL, NULL, st, out);
		return;
	}
	if (stacked && sb && sb->kind == MATH_SUBSUP && sb->nkids == 5) {
		sideset(L, sb, sub, sup, st, out); /* \sideset{}{'}\sum_{i} */
		return;
	}
	if (base)
		node(L, base, st, &b);
	bool op = sb && math_limits_base(sb)->kind == MATH_OP; /* \sideset{}{'}\sum beside its scripts too */
	if (stacked)
		limits(L, &b, sub, sup, st, op, out);
	else
		scripts(L, &b, sb && sb->nkids == 0 && !op, sub, sup, st, out);
	mbox_free(&b);
}

/* ---- fractions, radicals, accents ------------------------------------------ */

static struct st forced(struct st st, enum math_style s)
{
	switch (s) {
	case MATH_STYLE_DISPLAY: return (struct st){0, st.cramped};
	case MATH_STYLE_TEXT: return (struct st){1, st.cramped};
	case MATH_STYLE_SCRIPT: return (struct st){2, st.cramped};
	case MATH_STYLE_SCRIPTSCRIPT: return (struct st){3, st.cramped};
	default: return st;
	}
}

static void frac(struct lay *L, const struct math_node *n, struct st st, struct mbox *out)
{
	st = forced(st, n->style);
	double e = em(L, st), theta = fmax(M_RULE * e, 0.4), axis = M_AXIS * e;
	struct mbox a, b;
	mbox_init(&a);
	mbox_init(&b);
	if (kid(n, 0))
		node(L, kid(n, 0), num_style(st), &a);
	if (kid(n, 1))
		node(L, kid(n, 1), den_style(st), &b);
	double u = st.s == 0 ? 0.677 * e : 0.394 * e, v = st.s == 0 ? 0.686 * e : 0.345 * e;
	if (!n->no_bar) {
		double phi = st.s == 0 ? 3 * theta : theta;
		double c1 = (u - a.d) - (axis + theta / 2);
		if (c1 < phi)
			u += phi - c1;
		double c2 = (axis - theta / 2) - (b.h - v);
		if (c2 < phi)
			v += phi - c2;
	} else {
		double phi = st.s == 0 ? 7 * theta : 3 * theta;
		double c = (u - a.d) - (b.h - v);
		if (c < phi) {
			u += (phi - c) / 2;
			v += (phi - c) / 2;
		}
	}
	double pad = 0.12 * e, w = fmax(a.w, b.w);
	mbox_clear(out);
	mbox_put(out, &a, pad + (w - a.w) / 2, u);
	mbox_put(out, &b, pad + (w - b.w) / 2, -v);
	if (!n->no_bar)
		mbox_rule(out, pad, axis - theta / 2, w, theta);
	out->w = w + 2 * pad;
	out->h = u + a.h;
	out->d = v + b.d;
	mbox_free(&a);
	mbox_free(&b);
}

static void radical(struct lay *L, const struct math_node *n, struct st st, struct mbox *out)
{
	double e = em(L, st), theta = fmax(M_RULE * e, 0.4);
	struct mbox r, sign, idx;
	mbox_init(&r);
	mbox_init(&sign);
	mbox_init(&idx);
	if (kid(n, 0))
		node(L, kid(n, 0), (struct st){st.s, true}, &r);
	double phi = st.s == 0 ? M_XHEIGHT * e : theta;
	double psi = theta + phi / 4;
	double h = fmax(r.h, 0.6 * e), d = fmax(r.d, 0.1 * e);
	double top = h + psi + theta, rule_x;
	mg_radical(&L->c, e, h + d + psi + theta, top, &sign, &rule_x);
	double dx = 0;
	mbox_clear(out);
	if (kid(n, 1)) {
		node(L, kid(n, 1), (struct st){3, true}, &idx);
		double raise = -sign.d + 0.6 * (top + sign.d);
		mbox_put(out, &idx, 5.0 / 18 * e, raise + idx.d);
		dx = fmax(0, 5.0 / 18 * e + idx.w - 10.0 / 18 * e);
		out->h = fmax(out->h, raise + idx.d + idx.h);
	}
	mbox_put(out, &sign, dx, 0);
	mbox_rule(out, dx + rule_x, top - theta, r.w + (sign.w - rule_x) + 0.06 * e, theta);
	mbox_put(out, &r, dx + sign.w, 0);
	out->w = dx + sign.w + r.w + 0.06 * e;
	out->h = fmax(out->h, top + theta);
	out->d = fmax(r.d, sign.d);
	mbox_free(&r);
	mbox_free(&sign);
	mbox_free(&idx);
}

/* A horizontal brace of width w as rules, opening down (over) or up. */
/* A curly brace w wide whose band starts at y (its ends on the content's
 * side): over the content its tip points up, under it down. */
static void brace(struct mbox *out, double x, double y, double w, double e, bool over)
{
	double t = 0.05 * e, depth = 0.3 * e;
	if (over)
		mbox_brace(out, x, y, w, depth, t);
	else
		mbox_brace(out, x, y + 0.05 * e, w, -depth, t);
}

static uint32_t accent_cp(uint32_t cp)
{
	switch (cp) {
	case 0x5E: return 0x2C6;
	case 0x7E: return 0x2DC;
	case 0xAF: return 0x2C9;
	default: return cp;
	}
}

static void accent(struct lay *L, const struct math_node *n, struct st st, struct mbox *out)
{
	double e = em(L, st), theta = fmax(M_RULE * e, 0.4);
	struct mbox b, a;
	mbox_init(&b);
	mbox_init(&a);
	if (kid(n, 0))
		node(L, kid(n, 0), (struct st){st.s, true}, &b);
	mbox_clear(out);
	mbox_put(out, &b, 0, 0);
	out->w = b.w;
	out->h = b.h;
	out->d = b.d;
	uint32_t cp = n->cp;
	if (n->limits == MATH_LIMITS_ALWAYS) { /* \overbrace, \underbrace */
		/* 0.12 em from the content, 0.3 em of brace, 0.08 em to the label */
		if (n->under) {
			brace(out, 0, -b.d - 0.12 * e - 0.05 * e, b.w, e, false);
			out->d = b.d + 0.5 * e;
		} else {
			brace(out, 0, b.h + 0.12 * e, b.w, e, true);
			out->h = b.h + 0.5 * e;
		}
	} else if (cp == 0x203E || (n->under && cp == 0x5F)) { /* \overline, \underline */
		if (n->under) {
			mbox_rule(out, 0, -b.d - 3 * theta, b.w, theta);
			out->d = b.d + 4 * theta;
		} else {
			mbox_rule(out, 0, b.h + 3 * theta, b.w, theta);
			out->h = b.h + 5 * theta;
		}
	} else if (n->stretchy && (cp == 0x2192 || cp == 0x2190 || cp == 0x2194)) {
		mg_run(&L->c, cp == 0x2190 ? "\xE2\x86\x90" : cp == 0x2192 ? "\xE2\x86\x92" : "\xE2\x86\x94",
		       MATH_VAR_NORMAL, MR_SYMBOL, 0.7 * e, &a);
		double y = b.h + 0.1 * e;
		double w = fmax(b.w, a.w);
		double mid = y + (a.h - a.d) / 2 + a.d;
		if (cp == 0x2190)
			mbox_put(out, &a, 0, y + a.d);
		else
			mbox_put(out, &a, w - a.w, y + a.d);
		if (w > a.w)
			mbox_rule(out, cp == 0x2190 ? a.w * 0.5 : 0, mid - 0.025 * e, w - a.w * 0.5,
				  0.05 * e);
		out->w = w;
		out->h = y + a.d + a.h;
	} else {
		char u[8];
		uint32_t ac = accent_cp(cp);
		/* UTF-8 of one BMP code point */
		if (ac < 0x80) {
			u[0] = (char)ac, u[1] = 0;
		} else if (ac < 0x800) {
			u[0] = (char)(0xC0 | ac >> 6), u[1] = (char)(0x80 | (ac & 0x3F)), u[2] = 0;
		} else {
			u[0] = (char)(0xE0 | ac >> 12), u[1] = (char)(0x80 | (ac >> 6 & 0x3F));
			u[2] = (char)(0x80 | (ac & 0x3F)), u[3] = 0;
		}
		double asz = cp == 0x2192 ? 0.7 * e : e;
		mg_run(&L->c, u, MATH_VAR_NORMAL, MR_SYMBOL, asz, &a);
		if (n->stretchy && a.w > 0 && b.w > a.w * 1.2) {
			double k = fmin(b.w / a.w, 2.5);
			mg_run(&L->c, u, MATH_VAR_NORMAL, MR_SYMBOL, asz * k, &a);
		}
		const struct math_node *sb = single(kid(n, 0));
		double skew = sb && sb->nkids == 0 && b.italic > 0 ? 0.08 * e : 0;
		if (n->under) {
			double y = -b.d - 0.08 * e - a.h + (a.lo > 0 ? a.lo : 0);
			mbox_put(out, &a, (b.w - a.w) / 2, y);
			out->d = fmax(b.d, -y + a.d);
		} else {
			/* The accent's ink sits just above the base's. */
			double y = fmax(b.h, M_XHEIGHT * e) + 0.08 * e - a.lo;
			mbox_put(out, &a, (b.w - a.w) / 2 + skew, y);
			out->h = y + a.h;
			out->w = fmax(b.w, a.w);
		}
	}
	out->italic = b.italic;
	mbox_free(&b);
	mbox_free(&a);
}

/* ---- fences and arrays ------------------------------------------------------- */

static void fenced(struct lay *L, const struct math_node *n, struct st st, struct mbox *out)
{
	double e = em(L, st), axis = M_AXIS * e;
	struct mbox c, l, r;
	mbox_init(&c);
	mbox_init(&l);
	mbox_init(&r);
	if (kid(n, 0))
		node(L, kid(n, 0), st, &c);
	double delta = fmax(c.h - axis, c.d + axis);
	double target = fmax(2 * delta * 0.901, 2 * delta - 0.5 * e);
	double nulls = 0.12 * e;
	mg_delim(&L->c, n->open, e, target, 1, &l);
	mg_delim(&L->c, n->close, e, target, 1, &r);
	double lw = n->open ? l.w : nulls;
	mbox_clear(out);
	mbox_put(out, &l, 0, 0);
	mbox_put(out, &c, lw, 0);
	mbox_put(out, &r, lw + c.w, 0);
	out->w = lw + c.w + (n->close ? r.w : nulls);
	out->h = fmax(c.h, fmax(l.h, r.h));
	out->d = fmax(c.d, fmax(l.d, r.d));
	mbox_free(&c);
	mbox_free(&l);
	mbox_free(&r);
}

static bool display_env(const struct math_node *n)
{
	static const char *const names[] = {"align", "gather", "split", "multline", "eqnarray",
					    "equation", "flalign", "alignat"};
	if (n->aligned)
		return true;
	for (size_t i = 0; n->env && i < sizeof names / sizeof names[0]; i++)
		if (strncmp(n->env, names[i], strlen(names[i])) == 0)
			return true;
	return false;
}

static void table(struct lay *L, const struct math_node *n, struct st st, struct mbox *out)
{
	struct st cs = n->style != MATH_STYLE_AUTO ? forced(st, n->style)
		       : display_env(n) && st.s <= 1 ? (struct st){0, false}
						      : (struct st){st.s <= 1 ? 1 : st.s, false};
	double e = em(L, st), axis = M_AXIS * e;
	size_t nr = n->nkids, nc = 0;
	for (size_t i = 0; i < nr; i++)
		if (n->kids[i] && n->kids[i]->nkids > nc)
			nc = n->kids[i]->nkids;
	mbox_clear(out);
	if (!nr || !nc)
		return;
	struct mbox *cell = xcalloc(nr * nc, sizeof *cell);
	double *cw = xcalloc(nc, sizeof *cw), *rh = xcalloc(nr, sizeof *rh),
	       *rd = xcalloc(nr, sizeof *rd);
	for (size_t i = 0; i < nr; i++) {
		rh[i] = 0.85 * e;
		rd[i] = 0.35 * e;
		for (size_t j = 0; j < nc; j++) {
			struct mbox *b = &cell[i * nc + j];
			mbox_init(b);
			const struct math_node *k = n->kids[i] ? kid(n->kids[i], j) : NULL;
			if (!k)
				continue;
			/* The left column of an align pair starts after the
			 * alignment point, as if {} preceded it: "&= b". */
			row(L, k, cs, n->aligned && j % 2 == 1 ? C_ORD : C_NONE, false, b);
			cw[j] = fmax(cw[j], b->w);
			rh[i] = fmax(rh[i], b->h);
			rd[i] = fmax(rd[i], b->d);
		}
	}
	/* A multline spans the width it is given, its one column too. */
	bool multline = n == L->rows_of && L->fill > 0 && nc == 1;
	if (multline)
		cw[0] = fmax(cw[0], L->fill);
	double gap = display_env(n) ? 0.3 * e : 0.15 * e, total = 0;
	/* array's rules ({c|l}, \hline) get room around them at the edges */
	bool vr0 = n->vrules && n->vrules[0] == '|', vrn = n->vrules && n->vrules[nc] == '|';
	bool hr0 = n->kids[0] && n->kids[0]->hline;
	double lead = vr0 ? 0.5 * e : 0, trail = vrn ? 0.5 * e : 0;
	double top = hr0 ? 0.3 * e : 0, bottom = n->hline ? 0.3 * e : 0;
	for (size_t i = 0; i < nr; i++)
		total += rh[i] + rd[i] + (i ? gap : 0);
	total += top + bottom;
	double *cx = xcalloc(nc, sizeof *cx), *cg = xcalloc(nc, sizeof *cg);
	for (size_t j = 0; j < nc; j++) {
		cg[j] = j + 1 < nc ? (n->aligned ? (j % 2 == 0 ? 0 : 2 * e) : 1.0 * e) : 0;
		cx[j] = j ? cx[j - 1] + cw[j - 1] + cg[j - 1] : lead;
	}
	double w = cx[nc - 1] + cw[nc - 1] + trail, t = fmax(M_RULE * e, 0.4);
	double y = axis + total / 2 - top;
	/* Rules at the edges sit on the edges, so that they meet. */
	if (hr0)
		mbox_rule(out, 0, axis + total / 2 - t, w, t);
	for (size_t i = 0; i < nr; i++) {
		if (i && n->kids[i] && n->kids[i]->hline)
			mbox_rule(out, 0, y + gap / 2 - t / 2, w, t);
		y -= rh[i];
		if (n == L->rows_of)
			L->rowy[i] = y;
		for (size_t j = 0; j < nc; j++) {
			char al = n->colalign && j < strlen(n->colalign) ? n->colalign[j] : 'c';
			const struct mbox *b = &cell[i * nc + j];
			double dx = al == 'l' ? 0 : al == 'r' ? cw[j] - b->w : (cw[j] - b->w) / 2;
			if (multline) /* \multlinegap in from the edges */
				dx = i == 0 ? fmin(e, cw[j] - b->w) : i + 1 == nr ? fmax(0, cw[j] - b->w - e) : dx;
			mbox_put(out, b, cx[j] + dx, y);
		}
		y -= rd[i] + (i + 1 < nr ? gap : 0);
	}
	if (n->hline)
		mbox_rule(out, 0, axis - total / 2, w, t);
	for (size_t j = 0; n->vrules && j <= nc; j++) {
		if (n->vrules[j] != '|')
			continue;
		double x = j == 0 ? t / 2 : j == nc ? w - t / 2 : cx[j] - cg[j - 1] / 2;
		mbox_rule(out, x - t / 2, axis - total / 2, t, total);
	}
	free(cx);
	free(cg);
	out->w = w;
	out->h = axis + total / 2;
	out->d = total / 2 - axis;
	for (size_t i = 0; i < nr * nc; i++)
		mbox_free(&cell[i]);
	free(cell);
	free(cw);
	free(rh);
	free(rd);
}

/* \phantom and its kin: the room, nothing drawn. */
static void phantom(struct mbox *b, enum math_phantom kind)
{
	double w = b->w, h = b->h, d = b->d;
	mbox_clear(b);
	b->w = kind == MATH_VPHANTOM ? 0 : w;
	b->h = kind == MATH_HPHANTOM ? 0 : h;
	b->d = kind == MATH_HPHANTOM ? 0 : d;
}

/* \boxed: a frame 0.3 em clear of the content, as \fbox sets it. */
static void boxed(struct mbox *b, double e)
{
	double pad = 0.3 * e, t = fmax(M_RULE * e, 0.4);
	struct mbox in;
	mbox_init(&in);
	mbox_move(&in, b);
	double w = in.w + 2 * (pad + t), h = in.h + pad + t, d = in.d + pad + t;
	mbox_put(b, &in, pad + t, 0);
	mbox_rule(b, 0, -d, w, t);
	mbox_rule(b, 0, h - t, w, t);
	mbox_rule(b, 0, -d, t, h + d);
	mbox_rule(b, w - t, -d, t, h + d);
	b->w = w;
	b->h = h;
	b->d = d;
	mbox_free(&in);
}

/* \cancel and its kin: strokes corner to corner across the content, a
 * little past it, as the cancel package draws them.  \cancelto's stroke
 * ends in an arrowhead, with room after it for the value that its
 * superscript sets there. */
static void cancel(struct mbox *b, enum math_cancel kind, double e)
{
	double t = fmax(M_RULE * e, 0.4), over = 0.1 * e;
	double x0 = -over * 0.5, w = b->w + over, y0 = -b->d - over * 0.5, h = b->h + b->d + over;
	if (kind == MATH_CANCEL_UP || kind == MATH_CANCEL_X || kind == MATH_CANCEL_TO)
		mbox_line(b, x0, y0, w, h, t);
	if (kind == MATH_CANCEL_DOWN || kind == MATH_CANCEL_X)
		mbox_line(b, x0, y0 + h, w, -h, t);
	if (kind == MATH_CANCEL_TO) {
		/* Two barbs back from the tip, 25 degrees either side. */
		double len = hypot(w, h), a = 0.3 * e, c = cos(0.44), s = sin(0.44);
		double ux = -w / len, uy = -h / len;
		mbox_line(b, x0 + w, y0 + h, a * (ux * c - uy * s), a * (ux * s + uy * c), t);
		mbox_line(b, x0 + w, y0 + h, a * (ux * c + uy * s), a * (-ux * s + uy * c), t);
		b->w += 0.15 * e;
	}
}

/* ---- rows --------------------------------------------------------------------- */

static void add_break(struct lay *L, double x, double glue, int pen)
{
	L->brk = xgrow(L->brk, &L->capbrk, L->nbrk + 1, sizeof *L->brk);
	L->brk[L->nbrk++] = (struct mlay_break){x, glue, pen};
}

/* A horizontal list with TeX's spacing between its atoms.  `lead` is the
 * class of an atom assumed before the first.  `top`: record break places. */
static void row(struct lay *L, const struct math_node *n, struct st st, enum cls lead,
		bool top, struct mbox *out)
{
	mbox_clear(out);
	if (n->kind != MATH_ROW) {
		node(L, n, st, out);
		return;
	}
	size_t k = n->nkids;
	if (!k)
		return;
	enum cls *cl = xmalloc(k * sizeof *cl);
	for (size_t i = 0; i < k; i++)
		cl[i] = node_cls(n->kids[i]);
	/* A binary operator with nothing to operate on is an ordinary atom. */
	enum cls prev = lead;
	size_t prev_i = (size_t)-1;
	for (size_t i = 0; i < k; i++) {
		if (cl[i] == C_NONE)
			continue;
		if (cl[i] == C_BIN && (prev == C_NONE || prev == C_BIN || prev == C_OP ||
				       prev == C_REL || prev == C_OPEN || prev == C_PUNCT))
			cl[i] = C_ORD;
		if ((cl[i] == C_REL || cl[i] == C_CLOSE || cl[i] == C_PUNCT) && prev_i != (size_t)-1 &&
		    cl[prev_i] == C_BIN)
			cl[prev_i] = C_ORD;
		prev = cl[i];
		prev_i = i;
	}
	if (prev_i != (size_t)-1 && cl[prev_i] == C_BIN)
		cl[prev_i] = C_ORD;

	double e = em(L, st), x = 0, h = 0, d = 0;
	struct mbox b;
	mbox_init(&b);
	prev = lead;
	bool after_brk = false;
	int brk_pen = 0;
	for (size_t i = 0; i < k; i++) {
		const struct math_node *c = n->kids[i];
		if (!c)
			continue;
		if (cl[i] == C_NONE) {
			x += c->mu / 18.0 * e;
			after_brk = false;
			continue;
		}
		double sp = 0;
		if (prev != C_NONE) {
			int code = space_tab[prev][cl[i]];
			if (code < 0)
				code = st.s <= 1 ? -code : 0;
			sp = space_mu[code] / 18.0 * e;
		}
		if (top && after_brk && cl[i] != C_REL && cl[i] != C_PUNCT && cl[i] != C_CLOSE)
			add_break(L, x, sp, brk_pen);
		x += sp;
		node(L, c, st, &b);
		mbox_put(out, &b, x, 0);
		h = fmax(h, b.h);
		d = fmax(d, b.d);
		x += b.w;
		/* An italic letter followed by an upright atom keeps its overhang clear. */
		if (b.italic > 0 && c->nkids == 0 && !(i + 1 < k && cl[i + 1] == C_ORD &&
						      n->kids[i + 1] && n->kids[i + 1]->nkids == 0))
			x += b.italic;
		after_brk = cl[i] == C_REL || cl[i] == C_BIN;
		brk_pen = cl[i] == C_REL ? 500 : 700;
		prev = cl[i];
	}
	mbox_free(&b);
	free(cl);
	out->w = x;
	out->h = h;
	out->d = d;
}

static void node(struct lay *L, const struct math_node *n, struct st st, struct mbox *out)
{
	mbox_clear(out);
	if (!n || L->c.depth >= MLAY_MAX_DEPTH)
		return;
	L->c.depth++;
	switch (n->kind) {
	case MATH_ROW: row(L, n, st, C_NONE, false, out); break;
	case MATH_FRAC: frac(L, n, st, out); break;
	case MATH_SQRT: radical(L, n, st, out); break;
	case MATH_SUBSUP:
	case MATH_UNDEROVER: subsup(L, n, st, out); break;
	case MATH_ACCENT: accent(L, n, st, out); break;
	case MATH_FENCED: fenced(L, n, st, out); break;
	case MATH_TABLE: table(L, n, st, out); break;
	case MATH_TROW: /* only inside tables */ break;
	case MATH_STYLE:
		if (kid(n, 0))
			row(L, kid(n, 0), forced(st, n->style), C_NONE, false, out);
		if (n->phantom != MATH_SHOWN)
			phantom(out, n->phantom);
		if (n->boxed)
			boxed(out, em(L, st));
		if (n->cancel != MATH_CANCEL_NONE)
			cancel(out, n->cancel, em(L, st));
		break;
	case MATH_SPACE: out->w = n->mu / 18.0 * em(L, st); break;
	default: leaf(L, n, st, out); break;
	}
	L->c.depth--;
}

static void formula(struct lay *L, const struct math_node *root, bool display, bool top,
		    struct mbox *out)
{
	mbox_clear(out);
	if (!root)
		return;
	struct st st = {display ? 0 : 1, false};
	if (root->kind == MATH_ROW)
		row(L, root, st, C_NONE, top, out);
	else
		node(L, root, st, out);
}

void mlay_formula(struct font_set *fs, const struct math_node *root, bool display, double size,
		  struct mbox *out, struct mlay_break **brks, size_t *nbrks)
{
	struct lay L = {.c = {.fs = fs}, .base = size};
	formula(&L, root, display, brks != NULL, out);
	if (brks) {
		*brks = L.brk;
		*nbrks = L.nbrk;
	} else {
		free(L.brk);
	}
}

void mlay_display_rows(struct font_set *fs, const struct math_node *root, double size,
		       struct mbox *out, const struct math_node *table, double *rowy, double fill)
{
	struct lay L = {.c = {.fs = fs}, .base = size, .rows_of = table, .rowy = rowy, .fill = fill};
	formula(&L, root, true, false, out);
	free(L.brk);
}
