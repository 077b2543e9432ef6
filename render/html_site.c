/* Building the site: order the volumes, load the templates, merge the
 * authors, write every page and file into a fresh folder, swap it in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "html_int.h"
#include "html_prep.h"
#include "html_ui.h"
#include "proceedings/ident.h"
#include "proceedings/parallel.h"

static const char *const reserved_ids[] = {"authors", "assets", NULL};

static bool regular_file(const char *p)
{
	struct stat st;
	return p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int date_cmp(const struct html_vol *a, const struct html_vol *b)
{
	if (a->has_date != b->has_date)
		return a->has_date ? -1 : 1;
	if (a->date.y != b->date.y)
		return b->date.y - a->date.y;
	if (a->date.m != b->date.m)
		return b->date.m - a->date.m;
	return b->date.d - a->date.d;
}

/* Newest first; insertion sort keeps the archive.yaml order for ties. */
static void sort_vols(struct html_vol *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct html_vol x = v[i];
		size_t j = i;
		while (j > 0 && date_cmp(&v[j - 1], &x) > 0) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

/* Ids become folder names: they must be slugs, unique, and not one of the
 * site's own folders. */
static bool check_ids(struct html_site *s)
{
	bool ok = true;
	for (size_t i = 0; i < s->nvols; i++) {
		const struct volume *v = s->vols[i].v;
		if (!v->id || !ident_slug(v->id)) {
			diag_report(s->d, R_SLUG, v->path, 0, 0, "the volume needs a valid id to be published");
			ok = false;
			continue;
		}
		for (size_t k = 0; reserved_ids[k]; k++)
			if (strcmp(v->id, reserved_ids[k]) == 0) {
				diag_at(s->d, R_SLUG, &v->id_pos,
					"volume id '%s' is reserved for the archive's own pages", v->id);
				ok = false;
			}
		for (size_t j = 0; j < i; j++)
			if (s->vols[j].v->id && strcmp(s->vols[j].v->id, v->id) == 0) {
				diag_at(s->d, R_VOLUME_DUP, &v->id_pos, "two volumes share the id '%s'", v->id);
				ok = false;
			}
		for (size_t p = 0; p < v->npapers; p++)
			if (!ident_slug(v->papers[p]->id)) {
				diag_report(s->d, R_SLUG, v->papers[p]->path, 0, 0,
					    "paper id '%s' cannot be published", v->papers[p]->id);
				ok = false;
			}
	}
	return ok;
}

static struct tpl *load_tpl(struct html_site *s, const char *name)
{
	char *path = tpl_find(s->tpl_dir, name);
	if (!path) {
		diag_report(s->d, R_IO, name, 0, 0,
			    "template not found (set QUIRE_TEMPLATES or reinstall quire)");
		return NULL;
	}
	struct tpl *t = tpl_load(path, s->d);
	free(path);
	return t;
}

static bool load_templates(struct html_site *s)
{
	s->base = load_tpl(s, "base.html");
	s->home = load_tpl(s, "home.html");
	s->volume = load_tpl(s, "volume.html");
	s->paper = load_tpl(s, "paper.html");
	s->authors = load_tpl(s, "authors.html");
	s->author = load_tpl(s, "author.html");
	return s->base && s->home && s->volume && s->paper && s->authors && s->author;
}

static int copy_assets(struct html_site *s)
{
	char *css = tpl_find(s->tpl_dir, "quire.css");
	int r;
	if (css) {
		r = html_out_copy(&s->out, "assets/quire.css", css);
	} else {
		diag_report(s->d, R_IO, "quire.css", 0, 0, "style sheet not found among the templates");
		r = -1;
	}
	free(css);
	char *js = tpl_find(s->tpl_dir, "search.js");
	if (js && s->have_search_js)
		r |= html_out_copy(&s->out, "assets/search.js", js);
	free(js);
	return r;
}

/* Pages are independent of each other: the workers write them in
 * parallel, each through its own copy of the site (so its own diagnostics
 * and failure flag), merged back when all are done. */
struct site_job {
	struct html_site *ws; /* per worker */
	int *rc;              /* per worker */
	int (*fn)(struct html_site *s, size_t i);
};

static void site_job_run(void *ctx, size_t worker, size_t i)
{
	struct site_job *j = ctx;
	j->rc[worker] |= j->fn(&j->ws[worker], i);
}

int html_for_each(struct html_site *s, size_t n, int (*fn)(struct html_site *s, size_t i))
{
	size_t workers = par_workers(n);
	struct site_job j = {.fn = fn};
	j.ws = xcalloc(workers, sizeof *j.ws);
	j.rc = xcalloc(workers, sizeof *j.rc);
	struct diag_list *diags = xcalloc(workers, sizeof *diags);
	for (size_t w = 0; w < workers; w++) {
		diag_init(&diags[w]);
		j.ws[w] = *s;
		j.ws[w].d = &diags[w];
		j.ws[w].out.d = &diags[w];
		j.ws[w].out.failed = false;
	}
	par_for(n, workers, site_job_run, &j);
	int r = 0;
	for (size_t w = 0; w < workers; w++) {
		r |= j.rc[w];
		if (j.ws[w].out.failed)
			s->out.failed = true;
		diag_take(s->d, &diags[w]); /* and empties diags[w] */
	}
	free(diags);
	free(j.ws);
	free(j.rc);
	return r;
}

/* Paper pages, numbered across the volumes. */
static int paper_job(struct html_site *s, size_t g)
{
	size_t i = 0;
	while (g >= s->vols[i].v->npapers)
		g -= s->vols[i++].v->npapers;
	return html_write_paper(s, &s->vols[i], g);
}

static int write_papers(struct html_site *s)
{
	size_t total = 0;
	for (size_t i = 0; i < s->nvols; i++)
		total += s->vols[i].v->npapers;
	return html_for_each(s, total, paper_job);
}

static int write_all(struct html_site *s)
{
	int r = html_write_home(s);
	for (size_t i = 0; i < s->nvols; i++)
		r |= html_write_volume(s, &s->vols[i]);
	r |= write_papers(s);
	r |= html_write_authors(s);
	r |= html_write_feeds(s);
	r |= copy_assets(s);
	return r;
}

static void free_site(struct html_site *s)
{
	tpl_free(s->base);
	tpl_free(s->home);
	tpl_free(s->volume);
	tpl_free(s->paper);
	tpl_free(s->authors);
	tpl_free(s->author);
	html_people_free(&s->people);
	free(s->vols);
	free(s->base_url);
}

static int build(struct html_site *s, const struct volume *const *vols, size_t nvols,
		 const struct html_pdf_info *pdfs, struct html_prep *prep, const char *outdir)
{
	html_prep_seal(prep);
	s->prep = prep;
	s->vols = xcalloc(nvols ? nvols : 1, sizeof *s->vols);
	s->nvols = nvols;
	for (size_t i = 0; i < nvols; i++) {
		struct html_vol *hv = &s->vols[i];
		hv->v = vols[i];
		hv->pdf = pdfs ? &pdfs[i] : NULL;
		hv->lang = vols[i]->nlanguages ? vols[i]->languages[0] : s->lang;
		hv->has_date = html_date_parse(vols[i]->date, &hv->date);
		hv->has_pdf = hv->pdf && regular_file(hv->pdf->volume_pdf);
	}
	sort_vols(s->vols, nvols);
	s->updated = nvols && s->vols[0].has_date ? s->vols[0].date : html_date_epoch();
	char *js = tpl_find(s->tpl_dir, "search.js");
	s->have_search_js = js != NULL;
	free(js);

	int r = -1;
	if (check_ids(s) && load_templates(s)) {
		html_people_build(s);
		if (html_out_begin(&s->out, outdir, s->d) == 0) {
			r = write_all(s) | (s->out.failed ? -1 : 0);
			if (r == 0 && diag_count(s->d, DIAG_ERROR) == 0)
				r = html_out_commit(&s->out);
			else
				html_out_abort(&s->out);
			r = r ? -1 : 0;
		} else {
			html_out_abort(&s->out);
		}
	}
	free_site(s);
	return r;
}

/* The site's language: that of the first language-tagged title. */
static const char *title_lang(const struct mtext *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].lang)
			return t->v[i].lang;
	return "en";
}

static char *with_slash(const char *url)
{
	if (!url || !*url)
		return NULL;
	return str_ends(url, "/") ? xstrdup(url) : xasprintf("%s/", url);
}

int html_build_archive(const struct archive *a, const struct volume *const *vols, size_t nvols,
		       const struct html_pdf_info *pdfs, struct html_prep *prep, const char *outdir,
		       struct diag_list *d)
{
	struct html_site s = {.d = d, .title = &a->title, .lang = title_lang(&a->title)};
	s.base_url = with_slash(a->url);
	s.tpl_dir = a->templates;
	return build(&s, vols, nvols, pdfs, prep, outdir);
}

int html_build_volume(const struct volume *v, const char *outdir, const struct html_pdf_info *pdfs,
		      struct html_prep *prep, struct diag_list *d)
{
	struct html_site s = {.d = d, .title = &v->title};
	s.lang = v->nlanguages ? v->languages[0] : title_lang(&v->title);
	s.base_url = with_slash(v->url);
	const struct volume *one[1] = {v};
	return build(&s, one, 1, pdfs, prep, outdir);
}
