#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const struct rule_info rules[RULE_COUNT] = {
#define RULE(e, id, lvl, summary, help) [e] = {id, DIAG_##lvl, summary, help},
#include "rules.def"
#undef RULE
};

const struct rule_info *rule_get(enum rule_id r)
{
	return &rules[r];
}

const char *diag_level_name(enum diag_level l)
{
	switch (l) {
	case DIAG_ERROR: return "error";
	case DIAG_WARNING: return "warning";
	default: return "note";
	}
}

void diag_init(struct diag_list *d)
{
	memset(d, 0, sizeof *d);
}

void diag_free(struct diag_list *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	diag_init(d);
}

static void diag_vreport(struct diag_list *d, enum rule_id r, const char *file,
			 int line, int col, const char *fmt, va_list ap)
{
	struct strbuf b;
	sb_init(&b);
	sb_vprintf(&b, fmt, ap);
	d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof *d->v);
	struct diag *x = &d->v[d->n++];
	x->rule = r;
	x->level = rules[r].level;
	x->file = file ? xstrdup(file) : NULL;
	x->line = line;
	x->col = col;
	x->msg = sb_steal(&b);
	d->counts[x->level]++;
}

void diag_report(struct diag_list *d, enum rule_id r, const char *file,
		 int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vreport(d, r, file, line, col, fmt, ap);
	va_end(ap);
}

void diag_at(struct diag_list *d, enum rule_id r, const struct srcpos *pos,
	     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vreport(d, r, pos ? pos->file : NULL, pos ? pos->line : 0,
		     pos ? pos->col : 0, fmt, ap);
	va_end(ap);
}

void diag_take(struct diag_list *dst, struct diag_list *src)
{
	for (size_t i = 0; i < src->n; i++) {
		dst->v = xgrow(dst->v, &dst->cap, dst->n + 1, sizeof *dst->v);
		dst->v[dst->n++] = src->v[i];
		dst->counts[src->v[i].level]++;
	}
	free(src->v);
	diag_init(src);
}

size_t diag_count(const struct diag_list *d, enum diag_level l)
{
	return d->counts[l];
}

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int diag_cmp(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;
	int c = cmp_str(a->file, b->file);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	return strcmp(a->msg, b->msg);
}

void diag_sort(struct diag_list *d)
{
	if (d->n < 2)
		return;
	qsort(d->v, d->n, sizeof *d->v, diag_cmp);
	size_t w = 1;
	for (size_t i = 1; i < d->n; i++) {
		if (diag_cmp(&d->v[w - 1], &d->v[i]) == 0) {
			d->counts[d->v[i].level]--;
			free(d->v[i].file);
			free(d->v[i].msg);
		} else {
			d->v[w++] = d->v[i];
		}
	}
	d->n = w;
}

void diag_print_one(FILE *out, const struct diag *x, bool color)
{
	static const char *level_color[] = {"\033[1;36m", "\033[1;35m", "\033[1;31m"};
	if (color)
		fputs("\033[1m", out);
	if (x->file) {
		fputs(x->file, out);
		if (x->line > 0) {
			fprintf(out, ":%d", x->line);
			if (x->col > 0)
				fprintf(out, ":%d", x->col);
		}
		fputs(": ", out);
	} else {
		fputs("quire: ", out);
	}
	if (color)
		fprintf(out, "\033[0m%s", level_color[x->level]);
	fputs(diag_level_name(x->level), out);
	if (color)
		fputs("\033[0m", out);
	fprintf(out, ": %s [%s]\n", x->msg, rules[x->rule].id);
}

void diag_print_text(FILE *out, const struct diag_list *d, bool color)
{
	for (size_t i = 0; i < d->n; i++)
		diag_print_one(out, &d->v[i], color);
}

void json_write_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

void diag_print_json(FILE *out, const struct diag_list *d)
{
	fputs("[", out);
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *x = &d->v[i];
		fputs(i ? ",\n {" : "\n {", out);
		fputs("\"file\": ", out);
		if (x->file)
			json_write_string(out, x->file);
		else
			fputs("null", out);
		fprintf(out, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", \"rule\": \"%s\", \"message\": ",
			x->line, x->col, diag_level_name(x->level), rules[x->rule].id);
		json_write_string(out, x->msg);
		fputs("}", out);
	}
	fputs(d->n ? "\n]\n" : "]\n", out);
}
