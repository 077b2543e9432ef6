#include "render/lb.h"

#include <math.h>
#include <stdlib.h>

#include "proceedings/util.h"

/* A feasible breakpoint reached by some chain of lines. */
struct node {
	size_t pos;        /* the breakpoint item (0 for the paragraph start) */
	size_t start;      /* first item of the line that follows */
	size_t line;       /* lines before this break */
	int fitness;
	bool flagged;
	bool overfull;     /* the line ending here could not be made to fit */
	double total;      /* total demerits so far */
	double tw, ty, tz; /* width/stretch/shrink sums up to `start` */
	int prev;
};

struct cand {
	int fitness;
	size_t line;
	double total;
	int prev;
	bool overfull;
};

struct breaker {
	const struct lb_item *it;
	size_t n;
	double *sw, *sy, *sz;
	struct node *nodes;
	size_t nnodes, capn;
	int *active;
	size_t nactive, capa;
	struct cand *cand;
	size_t ncand, capc;
};

void lb_params_default(struct lb_params *p)
{
	p->tolerance = 200;
	p->emergency_stretch = 0;
	p->final_pass = false;
	p->line_penalty = 10;
	p->flagged_demerits = 10000;
	p->final_hyphen_demerits = 5000;
	p->fitness_demerits = 10000;
}

static bool is_forced(const struct lb_item *it)
{
	return it->type == LB_PENALTY && it->penalty <= -LB_INF;
}

/* Where the line after a break at `b` starts: glue and penalties after a
 * break vanish, up to the next box or forced break. */
static size_t after_break(const struct breaker *k, size_t b)
{
	size_t i = b + 1;
	while (i < k->n && k->it[i].type != LB_BOX && !is_forced(&k->it[i]))
		i++;
	return i;
}

static int add_node(struct breaker *k, size_t pos, size_t line, int fitness, double total,
		    int prev, bool overfull)
{
	k->nodes = xgrow(k->nodes, &k->capn, k->nnodes + 1, sizeof *k->nodes);
	struct node *nd = &k->nodes[k->nnodes];
	nd->pos = pos;
	nd->start = pos == 0 && prev < 0 ? 0 : after_break(k, pos);
	nd->line = line;
	nd->fitness = fitness;
	nd->flagged = prev >= 0 && k->it[pos].type == LB_PENALTY && k->it[pos].flagged;
	nd->overfull = overfull;
	nd->total = total;
	nd->tw = k->sw[nd->start];
	nd->ty = k->sy[nd->start];
	nd->tz = k->sz[nd->start];
	nd->prev = prev;
	return (int)k->nnodes++;
}

static double line_measure(const double *m, size_t nm, size_t line)
{
	return m[line < nm ? line : nm - 1];
}

/* Keep the best candidate per (fitness class, line bucket). */
static void offer(struct breaker *k, int fitness, size_t line, double total, int prev, bool overfull)
{
	for (size_t i = 0; i < k->ncand; i++) {
		struct cand *c = &k->cand[i];
		if (c->fitness == fitness && c->line == line) {
			if (total < c->total) {
				c->total = total;
				c->prev = prev;
				c->overfull = overfull;
			}
			return;
		}
	}
	k->cand = xgrow(k->cand, &k->capc, k->ncand + 1, sizeof *k->cand);
	k->cand[k->ncand++] = (struct cand){fitness, line, total, prev, overfull};
}

static int fitness_class(double r)
{
	if (r < -0.5)
		return 3;
	if (r <= 0.5)
		return 2;
	if (r <= 1)
		return 1;
	return 0;
}

static double badness(double r)
{
	if (r < 0)
		r = -r;
	if (r > 10) /* 100 * 10^3 is far past the cap */
		return LB_INF;
	double b = 100 * r * r * r;
	return b > LB_INF ? LB_INF : b;
}

/* Try every active node against breakpoint b. */
static void consider(struct breaker *k, size_t b, const double *measure, size_t nm,
		     const struct lb_params *p)
{
	const struct lb_item *bi = &k->it[b];
	bool forced = is_forced(bi);
	double pw = bi->type == LB_PENALTY ? bi->width : 0;
	int pen = bi->type == LB_PENALTY ? bi->penalty : 0;
	bool flagged = bi->type == LB_PENALTY && bi->flagged;
	bool last = b == k->n - 1;
	int best_dead = -1;
	size_t keep = 0;

	k->ncand = 0;
	for (size_t ai = 0; ai < k->nactive; ai++) {
		int a = k->active[ai];
		const struct node *an = &k->nodes[a];
		double lw = line_measure(measure, nm, an->line);
		double L = k->sw[b] - an->tw + pw;
		double Y = k->sy[b] - an->ty, Z = k->sz[b] - an->tz;
		double r;
		if (L < lw) {
			double ye = Y + p->emergency_stretch;
			r = ye > 0 ? (lw - L) / ye : INFINITY;
		} else if (L > lw) {
			r = Z > 0 ? (lw - L) / Z : -INFINITY;
		} else {
			r = 0;
		}
		bool dead = r < -1 || forced;
		if (r >= -1) {
			double bad = badness(r);
			if (bad <= p->tolerance || p->final_pass) {
				double d = p->line_penalty + bad;
				d *= d;
				if (pen > 0)
					d += (double)pen * pen;
				else if (pen > -LB_INF)
					d -= (double)pen * pen;
				if (flagged && an->flagged)
					d += p->flagged_demerits;
				if (last && an->flagged)
					d += p->final_hyphen_demerits;
				int fit = fitness_class(r);
				if (an->prev >= 0 && abs(fit - an->fitness) > 1)
					d += p->fitness_demerits;
				size_t bucket = an->line + 1 < nm ? an->line + 1 : nm;
				offer(k, fit, bucket, an->total + d, a, false);
			}
		} else if (best_dead < 0 || an->pos > k->nodes[best_dead].pos ||
			   (an->pos == k->nodes[best_dead].pos &&
			    an->total < k->nodes[best_dead].total)) {
			best_dead = a; /* the latest start: the least overflow */
		}
		if (!dead)
			k->active[keep++] = a;
	}
	k->nactive = keep;

	/* Last resort: nothing fits, so let the shortest overfull line stand
	 * rather than lose the paragraph (TeX does the same). */
	if (p->final_pass && k->ncand == 0 && k->nactive == 0 && best_dead >= 0) {
		const struct node *an = &k->nodes[best_dead];
		size_t bucket = an->line + 1 < nm ? an->line + 1 : nm;
		offer(k, 2, bucket, an->total + (double)LB_INF * LB_INF, best_dead, true);
	}
	if (k->ncand == 0)
		return;
	double min = INFINITY;
	for (size_t i = 0; i < k->ncand; i++)
		if (k->cand[i].total < min)
			min = k->cand[i].total;
	for (size_t i = 0; i < k->ncand; i++) {
		const struct cand *c = &k->cand[i];
		if (c->total > min + p->fitness_demerits && !forced)
			continue;
		int id = add_node(k, b, k->nodes[c->prev].line + 1, c->fitness, c->total, c->prev,
				  c->overfull);
		k->active = xgrow(k->active, &k->capa, k->nactive + 1, sizeof *k->active);
		k->active[k->nactive++] = id;
	}
}

/* Running sums of width, stretch and shrink, so any line's totals are two
 * subtractions. */
static void prefix_sums(struct breaker *k)
{
	k->sw = xmalloc((k->n + 1) * sizeof *k->sw);
	k->sy = xmalloc((k->n + 1) * sizeof *k->sy);
	k->sz = xmalloc((k->n + 1) * sizeof *k->sz);
	k->sw[0] = k->sy[0] = k->sz[0] = 0;
	for (size_t i = 0; i < k->n; i++) {
		const struct lb_item *it = &k->it[i];
		k->sw[i + 1] = k->sw[i] + (it->type != LB_PENALTY ? it->width : 0);
		k->sy[i + 1] = k->sy[i] + (it->type == LB_GLUE ? it->stretch : 0);
		k->sz[i + 1] = k->sz[i] + (it->type == LB_GLUE ? it->shrink : 0);
	}
}

/* Fill one line from `start` with items up to the break `end`. */
static void fill_line(const struct breaker *k, size_t start, size_t end, double measure,
		      struct lb_line *l)
{
	const struct lb_item *bi = &k->it[end];
	l->start = start;
	l->end = end;
	l->natural = k->sw[end] - k->sw[start] + (bi->type == LB_PENALTY ? bi->width : 0);
	l->stretch = k->sy[end] - k->sy[start];
	l->shrink = k->sz[end] - k->sz[start];
	l->measure = measure;
	l->hyphen = bi->type == LB_PENALTY && bi->flagged;
	double gap = l->measure - l->natural;
	if (gap > 0)
		l->ratio = l->stretch > 0 ? gap / l->stretch : 0;
	else if (gap < 0)
		l->ratio = l->shrink > 0 ? fmax(gap / l->shrink, -1) : -1;
	else
		l->ratio = 0;
	l->overfull = l->natural - l->shrink > l->measure + 1e-6;
}

static void make_lines(const struct breaker *k, int last, const double *measure, size_t nm,
		       struct lb_line **out, size_t *nout)
{
	size_t n = 0;
	for (int i = last; k->nodes[i].prev >= 0; i = k->nodes[i].prev)
		n++;
	struct lb_line *lines = xcalloc(n ? n : 1, sizeof *lines);
	size_t li = n;
	for (int i = last; k->nodes[i].prev >= 0; i = k->nodes[i].prev) {
		const struct node *b = &k->nodes[i], *a = &k->nodes[b->prev];
		struct lb_line *l = &lines[--li];
		fill_line(k, a->start, b->pos, line_measure(measure, nm, a->line), l);
		l->overfull = l->overfull || b->overfull;
	}
	*out = lines;
	*nout = n;
}

int lb_break(const struct lb_item *items, size_t n, const double *measure, size_t nmeasure,
	     const struct lb_params *p, struct lb_line **lines, size_t *nlines)
{
	*lines = NULL;
	*nlines = 0;
	if (n == 0 || nmeasure == 0)
		return 0;
	struct breaker k = {.it = items, .n = n};
	prefix_sums(&k);
	int first = add_node(&k, 0, 0, 1, 0, -1, false);
	k.active = xgrow(NULL, &k.capa, 1, sizeof *k.active);
	k.active[k.nactive++] = first;

	int rc = 0;
	for (size_t b = 0; b < n && rc == 0; b++) {
		const struct lb_item *it = &items[b];
		bool legal = (it->type == LB_PENALTY && it->penalty < LB_INF) ||
			     (it->type == LB_GLUE && b > 0 && items[b - 1].type == LB_BOX);
		if (!legal)
			continue;
		consider(&k, b, measure, nmeasure, p);
		if (k.nactive == 0)
			rc = -1;
	}
	if (rc == 0) {
		int best = -1;
		for (size_t i = 0; i < k.nactive; i++) {
			int a = k.active[i];
			if (k.nodes[a].pos == n - 1 &&
			    (best < 0 || k.nodes[a].total < k.nodes[best].total))
				best = a;
		}
		if (best < 0)
			rc = -1;
		else
			make_lines(&k, best, measure, nmeasure, lines, nlines);
	}
	free(k.sw);
	free(k.sy);
	free(k.sz);
	free(k.nodes);
	free(k.active);
	free(k.cand);
	return rc;
}

int lb_first_fit(const struct lb_item *items, size_t n, const double *measure, size_t nmeasure,
		 struct lb_line **lines, size_t *nlines)
{
	*lines = NULL;
	*nlines = 0;
	if (n == 0 || nmeasure == 0)
		return 0;
	struct breaker k = {.it = items, .n = n};
	prefix_sums(&k);
	struct lb_line *out = NULL;
	size_t nout = 0, cap = 0, start = 0, last = (size_t)-1;
	for (size_t b = 0; b < n && start < n; b++) {
		const struct lb_item *it = &items[b];
		bool legal = (it->type == LB_PENALTY && it->penalty < LB_INF) ||
			     (it->type == LB_GLUE && b > start && items[b - 1].type == LB_BOX);
		if (!legal || b < start)
			continue;
		double m = line_measure(measure, nmeasure, nout);
		double w = k.sw[b] - k.sw[start] + (it->type == LB_PENALTY ? it->width : 0) -
			   (k.sz[b] - k.sz[start]);
		size_t end = (size_t)-1;
		if (w <= m + 1e-6) {
			last = b;
			if (is_forced(it))
				end = b;
		} else {
			/* Overflow: break at the last break that fitted, else here. */
			end = last != (size_t)-1 ? last : b;
		}
		if (end == (size_t)-1)
			continue;
		out = xgrow(out, &cap, nout + 1, sizeof *out);
		fill_line(&k, start, end, m, &out[nout++]);
		start = after_break(&k, end);
		last = (size_t)-1;
		if (end < b)
			b = end; /* look at what follows the break again */
	}
	free(k.sw);
	free(k.sy);
	free(k.sz);
	*lines = out;
	*nlines = nout;
	return 0;
}
