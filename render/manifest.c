#include "render/manifest.h"

#include <stdio.h>
#include <stdlib.h>

#include "proceedings/diag.h"
#include "proceedings/model.h"
#include "proceedings/util.h"
#include "render/volume_pdf.h"

static void key(FILE *f, const char *indent, const char *k)
{
	fprintf(f, "%s\"%s\": ", indent, k);
}

static void str_or_null(FILE *f, const char *s)
{
	if (s)
		json_write_string(f, s);
	else
		fputs("null", f);
}

static void paper(FILE *f, const struct volume *v, const struct vpdf *vb, size_t i)
{
	const struct paper *p = v->papers[i];
	const char *lang = p->lang ? p->lang : "en";
	fputs("    {\n", f);
	key(f, "      ", "id");
	json_write_string(f, p->id);
	fputs(",\n", f);
	key(f, "      ", "title");
	str_or_null(f, mtext_get(&p->title, lang));
	fputs(",\n", f);
	key(f, "      ", "authors");
	fputc('[', f);
	for (size_t a = 0; a < p->nauthors; a++) {
		if (a)
			fputs(", ", f);
		str_or_null(f, mtext_get(&p->authors[a].name, lang));
	}
	fputs("],\n", f);
	key(f, "      ", "first_page");
	if (vb)
		fprintf(f, "%d,\n", vb->first[i]);
	else
		fputs("null,\n", f);
	key(f, "      ", "last_page");
	if (vb)
		fprintf(f, "%d,\n", vb->last[i]);
	else
		fputs("null,\n", f);
	key(f, "      ", "pdf");
	if (vb) {
		char *rel = xasprintf("papers/%s.pdf", p->id);
		json_write_string(f, rel);
		free(rel);
	} else {
		fputs("null", f);
	}
	fprintf(f, "\n    }%s\n", i + 1 < v->npapers ? "," : "");
}

int manifest_write(const char *path, const struct volume *v, const struct vpdf *vb, bool site,
		   const struct diag_list *d)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("{\n", f);
	key(f, "  ", "volume");
	str_or_null(f, v->id);
	fputs(",\n", f);
	key(f, "  ", "title");
	str_or_null(f, mtext_get(&v->title, v->nlanguages ? v->languages[0] : "en"));
	fputs(",\n", f);
	key(f, "  ", "pdf");
	if (vb) {
		char *rel = xasprintf("%s.pdf", v->id);
		json_write_string(f, rel);
		free(rel);
		fprintf(f, ",\n  \"pages\": %zu,\n", vb->npages);
	} else {
		fputs("null,\n  \"pages\": null,\n", f);
	}
	key(f, "  ", "site");
	fputs(site ? "\"site/index.html\",\n" : "null,\n", f);
	fputs("  \"papers\": [\n", f);
	for (size_t i = 0; i < v->npapers; i++)
		paper(f, v, vb, i);
	fputs("  ],\n", f);
	key(f, "  ", "diagnostics");
	diag_print_json(f, d);
	fputs("}\n", f);
	return fclose(f) == 0 ? 0 : -1;
}
