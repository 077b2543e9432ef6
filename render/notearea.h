/* The footnote area of one column: which lines of the notes galley it
 * holds and how tall it is.  A note too long for the space under the text
 * is cut between lines and its tail carried to the next column, so a
 * footnote never runs over the text or off the page. */
#ifndef QUIRE_NOTEAREA_H
#define QUIRE_NOTEAREA_H

#include <stddef.h>

struct galley;

/* Items [k0, k1) of a notes galley: a whole footnote or part of one. */
struct nrange {
	size_t k0, k1;
};

struct notearea {
	struct nrange *r;
	size_t n, cap;
	float h;        /* separator included; 0 when empty */
	float last_d;   /* depth of the last line */
	float skip;     /* space for the separator above the notes */
	float lead;     /* baseline distance between notes */
};

void na_init(struct notearea *a, float skip, float lead);
void na_free(struct notearea *a);
void na_clear(struct notearea *a);

/* Height the area would have with range r added. */
float na_height_with(const struct notearea *a, const struct galley *notes, struct nrange r);
void na_add(struct notearea *a, const struct galley *notes, struct nrange r);

/* Keep at most `avail` points of notes (at least one line when the area
 * is not empty), moving what does not fit to the front of `rest`. */
void na_cut(struct notearea *a, const struct galley *notes, float avail, struct notearea *rest);

/* Move every range of `from` to the end of `to`. */
void na_append(struct notearea *to, const struct galley *notes, struct notearea *from);

/* The gap between the last line of one note and the first of the next. */
float na_gap(const struct notearea *a, const struct galley *notes, struct nrange next);

/* Height, first line's height and last line's depth of a range. */
void na_range_metrics(const struct galley *notes, struct nrange r, float *h, float *first_h,
		      float *last_d);

/* The sums alone, for trying notes out while scanning a column. */
struct nasum {
	float h, last_d;
	int any;
};
struct nasum na_sum(const struct notearea *a);
struct nasum nasum_add(struct nasum s, const struct notearea *a, const struct galley *notes,
		       struct nrange r);

#endif
