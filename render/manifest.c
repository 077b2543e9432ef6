#include "render/manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "proceedings/diag.h"
#include "proceedings/markdown.h"
#include "proceedings/model.h"
#include "proceedings/paper_store.h"
#include "proceedings/pathcheck.h"
#include "proceedings/util.h"
#include "proceedings/ytree.h"
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
	const struct paper *p = paper_meta_open(v, v->papers[i]);
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
	paper_meta_close(v->papers[i], p);
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

/* ---- reading it back (quire archive) ---- */

#define MANIFEST_MAX (64u * 1024 * 1024)

static const char *scalar(const struct ynode *map, const char *key)
{
	const struct ynode *n = map ? ynode_get(map, key) : NULL;
	return n && n->kind == Y_SCALAR && !ynode_is_null(n) ? n->value : NULL;
}

static int page(const struct ynode *map, const char *key)
{
	const char *s = scalar(map, key);
	char *end;
	long v = s ? strtol(s, &end, 10) : 0;
	return s && *end == '\0' && v > 0 && v < 1000000 ? (int)v : 0;
}

/* A file the build names: inside its folder and there. */
static char *built_file(const char *dir, const char *rel, const struct srcpos *where,
			struct diag_list *d)
{
	char *full = NULL;
	if (path_check(dir, rel, where, "PDF named by build.json", d, &full))
		return full;
	return NULL;
}

static const struct ynode *entry_of(const struct ynode *papers, const char *id)
{
	for (size_t i = 0; papers && papers->kind == Y_SEQ && i < papers->n; i++) {
		const char *pid = scalar(papers->kids[i], "id");
		if (pid && strcmp(pid, id) == 0)
			return papers->kids[i];
	}
	return NULL;
}

static bool newer(const char *path, const struct stat *than)
{
	struct stat st;
	return stat(path, &st) == 0 &&
	       (st.st_mtim.tv_sec > than->st_mtim.tv_sec ||
		(st.st_mtim.tv_sec == than->st_mtim.tv_sec && st.st_mtim.tv_nsec > than->st_mtim.tv_nsec));
}

static void read_papers(const char *dir, const struct volume *v, const struct ynode *papers,
			const struct stat *built, const struct srcpos *where, struct manifest *m,
			struct diag_list *d)
{
	size_t stale = 0;
	const char *first = NULL;
	for (size_t i = 0; i < v->npapers; i++) {
		const struct paper_stub *p = v->papers[i];
		const struct ynode *e = entry_of(papers, p->id);
		if (!e || newer(p->path, built)) {
			if (!stale++)
				first = p->id;
			continue;
		}
		const char *pdf = scalar(e, "pdf");
		if (pdf)
			m->paper_pdfs[i] = built_file(dir, pdf, where, d);
		m->first[i] = page(e, "first_page");
		m->last[i] = page(e, "last_page");
	}
	if (stale) {
		char *more = stale > 1 ? xasprintf(" and %zu more", stale - 1) : xstrdup("");
		diag_at(d, R_BUILD_STALE, where,
			"paper '%s'%s changed after the build in '%s', or is not in it: %s left out "
			"(run quire build on the volume again)",
			first, more, dir, stale > 1 ? "their PDFs and pages are" : "its PDF and pages are");
		free(more);
	}
}

void manifest_free(struct manifest *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->paper_pdfs[i]);
	free(m->paper_pdfs);
	free(m->first);
	free(m->last);
	free(m->volume_pdf);
	memset(m, 0, sizeof *m);
}

bool manifest_read(const char *dir, const struct volume *v, const struct srcpos *where,
		   struct manifest *m, struct diag_list *d)
{
	memset(m, 0, sizeof *m);
	char *path = path_join(dir, "build.json");
	struct stat built;
	char *text = NULL;
	size_t len = 0;
	if (stat(path, &built) != 0) {
		diag_at(d, R_BUILD_MISMATCH, where, "'%s' has no build.json: it is not a folder quire build wrote",
			dir);
		free(path);
		return false;
	}
	size_t errors = diag_count(d, DIAG_ERROR);
	struct ynode *root = NULL;
	if (md_read_text(path, MANIFEST_MAX, &text, &len, d))
		root = ytree_parse(path, text, len, 1, d);
	free(text);
	const char *vid = root && root->kind == Y_MAP ? scalar(root, "volume") : NULL;
	const struct ynode *papers = root && root->kind == Y_MAP ? ynode_get(root, "papers") : NULL;
	if (!vid || !papers || papers->kind != Y_SEQ) {
		if (diag_count(d, DIAG_ERROR) == errors)
			diag_at(d, R_BUILD_MISMATCH, where, "'%s' is not a build.json quire wrote", path);
	} else if (!v->id || strcmp(vid, v->id) != 0) {
		diag_at(d, R_BUILD_MISMATCH, where, "the build in '%s' is of volume '%s', not '%s'", dir, vid,
			v->id ? v->id : "");
	} else {
		m->n = v->npapers;
		m->paper_pdfs = xcalloc(m->n ? m->n : 1, sizeof *m->paper_pdfs);
		m->first = xcalloc(m->n ? m->n : 1, sizeof *m->first);
		m->last = xcalloc(m->n ? m->n : 1, sizeof *m->last);
		const char *pdf = scalar(root, "pdf");
		if (pdf)
			m->volume_pdf = built_file(dir, pdf, where, d);
		else
			diag_at(d, R_BUILD_STALE, where,
				"the build in '%s' made no PDFs (quire build --only html): none are published", dir);
		if (newer(v->path, &built))
			diag_at(d, R_BUILD_STALE, where,
				"'%s' changed after the build in '%s': its front matter and contents may differ "
				"(run quire build on the volume again)",
				v->path, dir);
		read_papers(dir, v, papers, &built, where, m, d);
	}
	ytree_free(root);
	free(path);
	if (diag_count(d, DIAG_ERROR) > errors) {
		manifest_free(m);
		return false;
	}
	m->info = (struct html_pdf_info){m->volume_pdf, (const char *const *)m->paper_pdfs, m->first, m->last};
	return true;
}
