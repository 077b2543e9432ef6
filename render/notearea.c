#include "render/notearea.h"

#include <stdlib.h>
#include <string.h>

#include "proceedings/util.h"
#include "render/galley.h"

void na_init(struct notearea *a, float skip, float lead)
{
	memset(a, 0, sizeof *a);
	a->skip = skip;
	a->lead = lead;
}

void na_free(struct notearea *a)
{
	free(a->r);
	a->r = NULL;
	a->n = a->cap = 0;
	a->h = a->last_d = 0;
}

void na_clear(struct notearea *a)
{
	a->n = 0;
	a->h = a->last_d = 0;
}

void na_range_metrics(const struct galley *ng, struct nrange r, float *h, float *first_h,
		      float *last_d)
{
	*h = *first_h = *last_d = 0;
	float pending = 0;
	int first = 1;
	for (size_t k = r.k0; k < r.k1; k++) {
		const struct vl_item *it = &ng->v[k];
		if (it->kind == VL_BOX) {
			if (first)
				*first_h = it->h;
			else
				*h += pending;
			first = 0;
			pending = 0;
			*h += it->h + it->d;
			*last_d = it->d;
		} else if (it->kind == VL_GLUE && !first) {
			pending += it->h; /* counts only between lines */
		}
	}
}

static float gap(float lead, float last_d, float first_h)
{
	float g = lead - last_d - first_h;
	return g < 1 ? 1 : g;
}

float na_gap(const struct notearea *a, const struct galley *ng, struct nrange next)
{
	float h, fh, ld;
	na_range_metrics(ng, next, &h, &fh, &ld);
	return gap(a->lead, a->last_d, fh);
}

struct nasum na_sum(const struct notearea *a)
{
	return (struct nasum){a->h, a->last_d, a->n > 0};
}

struct nasum nasum_add(struct nasum s, const struct notearea *a, const struct galley *ng,
		       struct nrange r)
{
	float h, fh, ld;
	na_range_metrics(ng, r, &h, &fh, &ld);
	if (!s.any)
		s.h = a->skip + h;
	else
		s.h += gap(a->lead, s.last_d, fh) + h;
	s.last_d = ld;
	s.any = 1;
	return s;
}

float na_height_with(const struct notearea *a, const struct galley *ng, struct nrange r)
{
	return nasum_add(na_sum(a), a, ng, r).h;
}

void na_add(struct notearea *a, const struct galley *ng, struct nrange r)
{
	struct nasum s = nasum_add(na_sum(a), a, ng, r);
	a->h = s.h;
	a->last_d = s.last_d;
	a->r = xgrow(a->r, &a->cap, a->n + 1, sizeof *a->r);
	a->r[a->n++] = r;
}

static void prepend(struct notearea *to, const struct nrange *r, size_t n)
{
	if (!n)
		return;
	to->r = xgrow(to->r, &to->cap, to->n + n, sizeof *to->r);
	memmove(to->r + n, to->r, to->n * sizeof *to->r);
	memcpy(to->r, r, n * sizeof *r);
	to->n += n;
}

/* Heights of the ranges are recomputed from scratch after any change. */
static void recompute(struct notearea *a, const struct galley *ng)
{
	size_t n = a->n;
	struct nrange *r = a->r;
	a->r = NULL;
	a->n = a->cap = 0;
	a->h = a->last_d = 0;
	for (size_t i = 0; i < n; i++)
		na_add(a, ng, r[i]);
	free(r);
}

static int lines_from(const struct galley *ng, size_t k, size_t end)
{
	int n = 0;
	for (; k < end; k++)
		n += ng->v[k].kind == VL_BOX;
	return n;
}

void na_cut(struct notearea *a, const struct galley *ng, float avail, struct notearea *rest)
{
	if (a->n == 0 || a->h <= avail)
		return;
	float y = a->skip;
	float last_d = 0;
	int lines = 0;
	for (size_t i = 0; i < a->n; i++) {
		struct nrange r = a->r[i];
		int first = 1, placed = 0; /* lines of this note so far */
		size_t prev = r.k0;        /* its last line placed */
		float pending = 0;
		for (size_t k = r.k0; k < r.k1; k++) {
			const struct vl_item *it = &ng->v[k];
			if (it->kind == VL_GLUE) {
				if (!first)
					pending += it->h;
				continue;
			}
			if (it->kind != VL_BOX)
				continue;
			float need = (first ? (lines ? gap(a->lead, last_d, it->h) : 0) : pending) +
				     it->h + it->d;
			if (lines > 0 && y + need > avail) {
				/* A note's last line does not go on alone: when three
				 * or more of its lines are here, one more goes with it. */
				if (placed >= 3 && lines_from(ng, k, r.k1) == 1)
					k = prev;
				/* Cut before this line: it and all that follows wait. */
				struct nrange tail[1] = {{k, r.k1}};
				size_t nafter = a->n - i - 1;
				struct nrange *after = a->r + i + 1;
				prepend(rest, after, nafter);
				prepend(rest, tail, 1);
				a->n = first ? i : i + 1;
				if (!first)
					a->r[i].k1 = k;
				recompute(a, ng);
				return;
			}
			y += need;
			last_d = it->d;
			lines++;
			placed++;
			prev = k;
			first = 0;
			pending = 0;
		}
	}
}

void na_append(struct notearea *to, const struct galley *ng, struct notearea *from)
{
	for (size_t i = 0; i < from->n; i++)
		na_add(to, ng, from->r[i]);
	na_clear(from);
}
