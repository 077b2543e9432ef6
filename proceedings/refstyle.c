#include "refstyle.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucol.h>

#include "resolve_int.h"
#include "text.h"

/* ------------------------------------------------------------ helpers */

static size_t u8len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static const char *get(const struct bib_entry *e, const char *field)
{
	const char *v = bib_get(e, field);
	return v && *v ? v : NULL;
}

static bool type_is(const struct bib_entry *e, const char *const *names)
{
	for (int i = 0; names[i]; i++)
		if (strcmp(e->type, names[i]) == 0)
			return true;
	return false;
}

/* -------------------------------------------------------------- runs */

struct rb {
	struct ref_run *v;
	size_t n, cap;
};

static void rb_add(struct rb *b, const char *t, enum ref_style st, const char *url)
{
	if (!t || !*t)
		return;
	if (!url && b->n && b->v[b->n - 1].style == st && !b->v[b->n - 1].url) {
		/* the same style goes on: extend the run (a reference makes ~120 of these) */
		struct ref_run *r = &b->v[b->n - 1];
		size_t have = strlen(r->text), add = strlen(t);
		r->text = xrealloc(r->text, have + add + 1);
		memcpy(r->text + have, t, add + 1);
		return;
	}
	b->v = xgrow(b->v, &b->cap, b->n + 1, sizeof *b->v);
	b->v[b->n++] = (struct ref_run){xstrdup(t), st, url ? xstrdup(url) : NULL};
}

static void rb_plain(struct rb *b, const char *t)
{
	rb_add(b, t, REF_PLAIN, NULL);
}

static void rb_fmt(struct rb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void rb_fmt(struct rb *b, const char *fmt, ...)
{
	struct strbuf s;
	sb_init(&s);
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&s, fmt, ap);
	va_end(ap);
	rb_plain(b, s.s);
	sb_free(&s);
}

static char last_char(const struct rb *b)
{
	if (!b->n)
		return '\0';
	const char *t = b->v[b->n - 1].text;
	size_t n = strlen(t);
	return n ? t[n - 1] : '\0';
}

/* Close a block with a period unless it ends in . ? ! already. */
static void rb_period(struct rb *b)
{
	char c = last_char(b);
	if (b->n && c != '.' && c != '?' && c != '!')
		rb_plain(b, ".");
}

static void rb_sep(struct rb *b)
{
	if (b->n && last_char(b) != ' ')
		rb_plain(b, " ");
}

void refs_runs_free(struct ref_run *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].text);
		free(v[i].url);
	}
	free(v);
}

char *refs_runs_flatten(const struct ref_run *v, size_t n)
{
	struct strbuf b;
	sb_init(&b);
	sb_adds(&b, "");
	for (size_t i = 0; i < n; i++) {
		const char *mark = v[i].style == REF_ITALIC ? "*" : v[i].style == REF_BOLD ? "**" : "";
		sb_printf(&b, "%s%s%s", mark, v[i].text, mark);
	}
	return sb_steal(&b);
}

/* ------------------------------------------------------------- names */

/* "Jean-Pierre Luc" → "J.-P. L."; "V.E." → "V. E."; no-break spaces count as spaces. */
static void initials(struct strbuf *b, const char *given)
{
	bool first = true;
	const char *p = given;
	while (*p) {
		while (*p == ' ' || *p == '.' || *p == '~' || (p[0] == '\xC2' && p[1] == '\xA0'))
			p += (p[0] == '\xC2') ? 2 : 1;
		if (!*p)
			break;
		const char *st = p;
		while (*p && *p != ' ' && *p != '.' && *p != '~' && !(p[0] == '\xC2' && p[1] == '\xA0'))
			p++;
		if (!first)
			sb_addc(b, ' ');
		first = false;
		bool firstpart = true;
		for (const char *q = st; q < p;) {
			const char *h = memchr(q, '-', (size_t)(p - q));
			const char *pe = h ? h : p;
			if (pe > q) {
				if (!firstpart)
					sb_addc(b, '-');
				size_t l = u8len((unsigned char)*q);
				sb_add(b, q, l > (size_t)(pe - q) ? (size_t)(pe - q) : l);
				sb_addc(b, '.');
				firstpart = false;
			}
			q = h ? h + 1 : p;
		}
	}
}

static bool name_hangul(const struct bib_name *nm)
{
	return text_has_hangul(nm->family) || text_has_hangul(nm->given);
}

/* "Family, G. H." / "van Hoek, P." / "King, M. L., Jr." / "김서연". */
static void name_inverted(struct strbuf *b, const struct bib_name *nm)
{
	if (nm->others) {
		sb_adds(b, "et al.");
		return;
	}
	if (nm->corporate) {
		sb_adds(b, nm->family ? nm->family : "");
		return;
	}
	if (name_hangul(nm)) {
		sb_printf(b, "%s%s", nm->family ? nm->family : "", nm->given ? nm->given : "");
		return;
	}
	if (nm->particle)
		sb_printf(b, "%s ", nm->particle);
	sb_adds(b, nm->family ? nm->family : "");
	if (nm->given) {
		sb_adds(b, ", ");
		initials(b, nm->given);
	}
	if (nm->suffix)
		sb_printf(b, ", %s", nm->suffix);
}

/* Editors in a container: "G. H. Family". */
static void name_forward(struct strbuf *b, const struct bib_name *nm)
{
	if (nm->others) {
		sb_adds(b, "et al.");
		return;
	}
	if (nm->corporate || name_hangul(nm)) {
		name_inverted(b, nm);
		return;
	}
	if (nm->given) {
		initials(b, nm->given);
		sb_addc(b, ' ');
	}
	if (nm->particle)
		sb_printf(b, "%s ", nm->particle);
	sb_adds(b, nm->family ? nm->family : "");
	if (nm->suffix)
		sb_printf(b, ", %s", nm->suffix);
}

/* Up to 20 names, the last after "&"; longer lists show 19, an ellipsis
 * and the last, without "&" (APA).  Authors are "Kim, J., & Park, S.",
 * editors "J. Kim & S. Park"; Korean names are listed with commas only. */
static char *name_list(const struct bib_name *v, size_t n, bool forward)
{
	struct strbuf b;
	sb_init(&b);
	sb_adds(&b, "");
	for (size_t i = 0; i < n; i++) {
		bool elided = n > 20 && i == 19;
		if (elided) {
			sb_adds(&b, ", …");
			i = n - 1;
		}
		if (i) {
			bool last_and = !elided && i + 1 == n && !v[i].others && !name_hangul(&v[i]);
			sb_adds(&b, !last_and ? ", " : forward && n == 2 ? " & " : ", & ");
		}
		if (forward)
			name_forward(&b, &v[i]);
		else
			name_inverted(&b, &v[i]);
	}
	return sb_steal(&b);
}

/* The name a citation uses for one person. */
static void cite_name(struct strbuf *b, const struct bib_name *nm)
{
	if (name_hangul(nm) && !nm->corporate)
		sb_printf(b, "%s%s", nm->family ? nm->family : "", nm->given ? nm->given : "");
	else if (nm->particle && !nm->corporate)
		sb_printf(b, "%s %s", nm->particle, nm->family ? nm->family : "");
	else
		sb_adds(b, nm->family ? nm->family : nm->given ? nm->given : "");
}

char *refs_cite_names(const struct bib_entry *e, bool narrative)
{
	const struct bib_name *v;
	size_t n = bib_names(e, "author", &v);
	if (!n)
		n = bib_names(e, "editor", &v);
	size_t real = 0;
	bool others = false;
	for (size_t i = 0; i < n; i++) {
		if (v[i].others)
			others = true;
		else
			real++;
	}
	struct strbuf b;
	sb_init(&b);
	sb_adds(&b, "");
	if (!real) {
		const char *t = get(e, "title");
		sb_adds(&b, t ? t : e->key);
	} else {
		const struct bib_name *first = NULL, *second = NULL;
		for (size_t i = 0; i < n; i++) {
			if (v[i].others)
				continue;
			if (!first)
				first = &v[i];
			else if (!second)
				second = &v[i];
		}
		cite_name(&b, first);
		bool hangul = name_hangul(first);
		if (real == 2 && !others) {
			sb_adds(&b, hangul ? "·" : narrative ? " and " : " & ");
			cite_name(&b, second);
		} else if (real > 2 || others) {
			sb_adds(&b, hangul ? " 외" : " et al.");
		}
	}
	return sb_steal(&b);
}

char *refs_year(const struct bib_entry *e)
{
	const char *y = get(e, "year");
	if (y)
		return xstrdup(y);
	const char *d = get(e, "date");
	if (d && strlen(d) >= 4 && isdigit((unsigned char)d[0]) && isdigit((unsigned char)d[3]))
		return xstrndup(d, 4);
	return xstrdup("n.d.");
}

/* ------------------------------------------------------------ fields */

static const char *month_name(const char *m)
{
	static const char *const names[] = {"January", "February", "March", "April", "May", "June",
					    "July", "August", "September", "October", "November",
					    "December"};
	if (!m)
		return NULL;
	char *end;
	long k = strtol(m, &end, 10);
	if (end != m && *end == '\0' && k >= 1 && k <= 12)
		return names[k - 1];
	for (int i = 0; i < 12; i++)
		if (strlen(m) >= 3 && strncasecmp(m, names[i], 3) == 0)
			return names[i];
	return m;
}

/* Page ranges take an en dash. */
static char *pages_norm(const char *p)
{
	struct strbuf b;
	sb_init(&b);
	sb_adds(&b, "");
	for (size_t i = 0; p[i]; i++) {
		if (p[i] == '-' && i > 0 && p[i - 1] != ' ' && p[i - 1] != '-') {
			size_t j = i;
			while (p[j] == '-')
				j++;
			if (isalnum((unsigned char)p[j])) {
				sb_adds(&b, "–");
				i = j - 1;
				continue;
			}
		}
		sb_addc(&b, p[i]);
	}
	return sb_steal(&b);
}

static char *doi_norm(const char *doi)
{
	static const char *const prefixes[] = {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
					       "http://dx.doi.org/", "doi.org/", "doi:", "DOI:", "doi: ",
					       NULL};
	while (*doi == ' ')
		doi++;
	for (int i = 0; prefixes[i]; i++)
		if (strncasecmp(doi, prefixes[i], strlen(prefixes[i])) == 0) {
			doi += strlen(prefixes[i]);
			break;
		}
	while (*doi == ' ')
		doi++;
	size_t n = strcspn(doi, " \t\n");
	return xstrndup(doi, n);
}

static char *first_url(const char *u)
{
	while (*u == ' ')
		u++;
	return xstrndup(u, strcspn(u, " \t\n"));
}

static bool is_url(const char *s)
{
	return s && (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0);
}

static void ordinal_edition(struct rb *b, const char *ed)
{
	char *end;
	long k = strtol(ed, &end, 10);
	if (end != ed && *end == '\0' && k > 0) {
		const char *sfx = (k % 100 >= 11 && k % 100 <= 13) ? "th"
				  : k % 10 == 1			  ? "st"
				  : k % 10 == 2			  ? "nd"
				  : k % 10 == 3			  ? "rd"
									  : "th";
		rb_fmt(b, "%ld%s ed.", k, sfx);
	} else {
		rb_fmt(b, "%s ed.", ed);
	}
}

/* "Address: Publisher." with whichever of the two is there. */
static void publisher(struct rb *b, const char *pub, const char *addr)
{
	if (!pub && !addr)
		return;
	rb_sep(b);
	if (pub && addr)
		rb_fmt(b, "%s: %s", addr, pub);
	else
		rb_plain(b, pub ? pub : addr);
	rb_period(b);
}

static void links(struct rb *b, const struct bib_entry *e, const char *skip_url)
{
	const char *doi = get(e, "doi");
	if (doi) {
		char *d = doi_norm(doi);
		if (*d) {
			char *url = xasprintf("https://doi.org/%s", d);
			rb_sep(b);
			rb_add(b, url, REF_PLAIN, url);
			free(url);
			free(d);
			return;
		}
		free(d);
	}
	const char *url = get(e, "url");
	if (!url && is_url(skip_url))
		url = skip_url; /* howpublished = \url{...} */
	if (url) {
		char *u = first_url(url);
		if (*u) {
			rb_sep(b);
			rb_add(b, u, REF_PLAIN, u);
		}
		free(u);
		return;
	}
	const char *eprint = get(e, "eprint");
	const char *arch = get(e, "archiveprefix");
	if (!arch)
		arch = get(e, "eprinttype");
	if (eprint && (!arch || strcasecmp(arch, "arxiv") == 0)) {
		char *u = xasprintf("https://arxiv.org/abs/%s", eprint);
		char *t = xasprintf("arXiv:%s", eprint);
		rb_sep(b);
		rb_add(b, t, REF_PLAIN, u);
		free(u);
		free(t);
	}
}

/* ------------------------------------------------------------ format */

static const char *const t_article[] = {"article", NULL};
static const char *const t_chapter[] = {"inproceedings", "conference", "incollection", NULL};
static const char *const t_book[] = {"book", "proceedings", "collection", "mvbook", NULL};
static const char *const t_thesis[] = {"phdthesis", "mastersthesis", "thesis", NULL};
static const char *const t_report[] = {"techreport", "report", NULL};
static const char *const t_month[] = {"inproceedings", "conference", "misc", "online", "software",
				      "unpublished", "techreport", "report", "manual", "booklet",
				      "electronic", "www", NULL};

static void title(struct rb *b, const char *t, bool italic)
{
	if (!t)
		return;
	rb_sep(b);
	rb_add(b, t, italic ? REF_ITALIC : REF_PLAIN, NULL);
}

size_t refs_format(const struct bib_entry *e, const char *year_suffix, struct ref_run **out)
{
	struct rb b = {0};
	const char *ti = get(e, "title");
	bool article = type_is(e, t_article);
	bool chapter = type_is(e, t_chapter) || (strcmp(e->type, "inbook") == 0 && get(e, "booktitle"));
	bool book = type_is(e, t_book) || (strcmp(e->type, "inbook") == 0 && !chapter);
	bool thesis = type_is(e, t_thesis), report = type_is(e, t_report);
	bool unpublished = strcmp(e->type, "unpublished") == 0;
	bool korean = text_has_hangul(ti);

	const struct bib_name *au, *ed;
	size_t nau = bib_names(e, "author", &au), ned = bib_names(e, "editor", &ed);
	bool eds_lead = !nau && ned && !chapter;
	if (nau || eds_lead) {
		char *list = name_list(nau ? au : ed, nau ? nau : ned, false);
		rb_plain(&b, list);
		free(list);
		if (eds_lead)
			rb_plain(&b, ned > 1 ? " (Eds.)." : " (Ed.).");
	}
	/* The date: "(2020)", "(2020a)", "(2020, March)". */
	char *year = refs_year(e);
	const char *month = type_is(e, t_month) ? month_name(get(e, "month")) : NULL;
	struct strbuf date;
	sb_init(&date);
	sb_printf(&date, "(%s%s%s%s)", year, year_suffix ? year_suffix : "", month ? ", " : "",
		  month ? month : "");
	free(year);
	bool italic_title = !article && !chapter;
	if (b.n) {
		rb_sep(&b);
		rb_plain(&b, date.s);
		rb_period(&b);
		title(&b, ti, italic_title);
	} else {
		/* No author: the title takes the author's place (APA). */
		title(&b, ti, italic_title);
		rb_period(&b);
		rb_sep(&b);
		rb_plain(&b, date.s);
	}
	sb_free(&date);

	const char *howpub = get(e, "howpublished");
	if (article) {
		rb_period(&b);
		const char *j = get(e, "journal");
		if (!j)
			j = get(e, "journaltitle");
		const char *vol = get(e, "volume"), *num = get(e, "number");
		const char *pg = get(e, "pages");
		if (!num)
			num = get(e, "issue");
		if (!pg)
			pg = get(e, "eid");
		if (j) {
			rb_sep(&b);
			rb_add(&b, j, REF_ITALIC, NULL);
		}
		if (vol)
			rb_fmt(&b, "%s%s", j ? ", " : " ", vol);
		if (num) {
			char *nn = pages_norm(num);
			rb_fmt(&b, "%s(%s)", vol ? "" : j ? ", " : " ", nn);
			free(nn);
		}
		if (pg) {
			char *p = pages_norm(pg);
			rb_fmt(&b, "%s%s", (j || vol || num) ? ", " : " ", p);
			free(p);
		}
		rb_period(&b);
	} else if (chapter) {
		rb_period(&b);
		const char *bt = get(e, "booktitle");
		rb_sep(&b);
		rb_plain(&b, "In ");
		if (ned) {
			char *list = name_list(ed, ned, true);
			rb_fmt(&b, "%s (%s), ", list, ned > 1 ? "Eds." : "Ed.");
			free(list);
		}
		if (bt)
			rb_add(&b, bt, REF_ITALIC, NULL);
		const char *vol = get(e, "volume"), *pg = get(e, "pages");
		if (vol || pg) {
			char *p = pg ? pages_norm(pg) : NULL;
			rb_fmt(&b, " (%s%s%s%s%s)", vol ? "Vol. " : "", vol ? vol : "", vol && p ? ", " : "",
			       p ? (strpbrk(p, "–,") ? "pp. " : "p. ") : "", p ? p : "");
			free(p);
		}
		rb_period(&b);
		const char *pub = get(e, "publisher");
		publisher(&b, pub ? pub : get(e, "organization"), get(e, "address"));
	} else if (thesis) {
		const char *tt = get(e, "type");
		bool masters = strcmp(e->type, "mastersthesis") == 0 ||
			       (tt && (strncasecmp(tt, "master", 6) == 0 || strstr(tt, "석사")));
		const char *school = get(e, "school");
		if (!school)
			school = get(e, "institution");
		const char *kind = korean ? (masters ? "석사학위논문" : "박사학위논문")
					  : (masters ? "Master's thesis" : "Doctoral dissertation");
		rb_fmt(&b, " [%s%s%s]", kind, school ? ", " : "", school ? school : "");
		rb_period(&b);
	} else if (report) {
		const char *num = get(e, "number");
		const char *kind = korean ? "보고서" : strcmp(e->type, "techreport") == 0 ? "Technical Report" : "Report";
		if (num)
			rb_fmt(&b, " (%s%s %s)", kind, korean ? "" : " No.", num);
		else
			rb_fmt(&b, " (%s)", kind);
		rb_period(&b);
		const char *inst = get(e, "institution");
		publisher(&b, inst ? inst : get(e, "publisher"), get(e, "address"));
	} else if (book) {
		const char *edn = get(e, "edition"), *vol = get(e, "volume");
		const char *chap = strcmp(e->type, "inbook") == 0 ? get(e, "chapter") : NULL;
		char *pg = strcmp(e->type, "inbook") == 0 && get(e, "pages") ? pages_norm(get(e, "pages")) : NULL;
		if (edn || vol || chap || pg) {
			/* "(3rd ed., Vol. 1)", an inbook's "(Chap. 3, pp. 10–20)" */
			const char *sep = "";
			rb_plain(&b, " (");
			if (edn) {
				ordinal_edition(&b, edn);
				sep = ", ";
			}
			if (vol) {
				rb_fmt(&b, "%sVol. %s", sep, vol);
				sep = ", ";
			}
			if (chap) {
				rb_fmt(&b, "%sChap. %s", sep, chap);
				sep = ", ";
			}
			if (pg)
				rb_fmt(&b, "%s%s %s", sep, strpbrk(pg, "–,") ? "pp." : "p.", pg);
			rb_plain(&b, ")");
		}
		free(pg);
		rb_period(&b);
		const char *pub = get(e, "publisher");
		publisher(&b, pub ? pub : get(e, "organization"), get(e, "address"));
	} else if (unpublished) {
		rb_period(&b);
		const char *note = get(e, "note");
		rb_sep(&b);
		rb_plain(&b, note ? note : korean ? "미출판 원고" : "Unpublished manuscript");
		rb_period(&b);
	} else {
		/* misc, online, software, manual, and anything else. */
		const char *ver = get(e, "version");
		if (ver)
			rb_fmt(&b, " (Version %s)", ver);
		if (strcmp(e->type, "software") == 0)
			rb_plain(&b, " [Computer software]");
		rb_period(&b);
		const char *cont = get(e, "journal");
		if (!cont)
			cont = get(e, "booktitle");
		if (cont) {
			rb_sep(&b);
			rb_add(&b, cont, REF_ITALIC, NULL);
			rb_period(&b);
		}
		if (howpub && !is_url(howpub)) {
			rb_sep(&b);
			rb_plain(&b, howpub);
			rb_period(&b);
		}
		const char *pub = get(e, "publisher");
		if (!pub)
			pub = get(e, "organization");
		if (!pub)
			pub = get(e, "institution");
		publisher(&b, pub, get(e, "address"));
	}
	const char *note = unpublished ? NULL : get(e, "note");
	if (note) {
		rb_sep(&b);
		rb_plain(&b, note);
		rb_period(&b);
	}
	links(&b, e, howpub);
	*out = b.v;
	return b.n;
}

/* ----------------------------------------------------------- the list */

struct sortrec {
	struct ref *ref;
	char *k1, *k2, *k3, *k4; /* first family name, all authors, year, title */
	size_t cited;            /* citation order, the last resort */
};

static int rec_cmp(UCollator *coll, const struct sortrec *a, const struct sortrec *b)
{
	const char *ka[] = {a->k1, a->k2, a->k3, a->k4}, *kb[] = {b->k1, b->k2, b->k3, b->k4};
	for (int i = 0; i < 4; i++) {
		UErrorCode st = U_ZERO_ERROR;
		UCollationResult c = coll ? ucol_strcollUTF8(coll, ka[i], -1, kb[i], -1, &st)
					  : (UCollationResult)strcmp(ka[i], kb[i]);
		if (U_FAILURE(st))
			c = (UCollationResult)strcmp(ka[i], kb[i]);
		if (c < 0)
			return -1;
		if (c > 0)
			return 1;
	}
	return a->cited < b->cited ? -1 : a->cited > b->cited;
}

/* Stable bottom-up merge sort (the comparison needs the collator). */
static void merge_sort(struct sortrec **v, size_t n, UCollator *coll)
{
	struct sortrec **tmp = xmalloc((n + 1) * sizeof *tmp);
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] = rec_cmp(coll, v[j], v[i]) < 0 ? v[j++] : v[i++];
			while (i < mid)
				tmp[k++] = v[i++];
			while (j < hi)
				tmp[k++] = v[j++];
		}
		memcpy(v, tmp, n * sizeof *v);
	}
	free(tmp);
}

static char *sort_family(const struct bib_entry *e)
{
	const struct bib_name *v;
	size_t n = bib_names(e, "author", &v);
	if (!n)
		n = bib_names(e, "editor", &v);
	char *out = NULL;
	for (size_t i = 0; i < n && !out; i++) {
		if (v[i].others)
			continue;
		struct strbuf b;
		sb_init(&b);
		sb_adds(&b, "");
		/* "van Hoek" files under H; Hangul names are whole. */
		if (name_hangul(&v[i]) && !v[i].corporate)
			sb_printf(&b, "%s%s", v[i].family ? v[i].family : "", v[i].given ? v[i].given : "");
		else
			sb_adds(&b, v[i].family ? v[i].family : v[i].given ? v[i].given : "");
		out = sb_steal(&b);
	}
	if (!out) {
		const char *t = get(e, "title");
		out = xstrdup(t ? t : e->key);
	}
	return out;
}

static char *all_authors(const struct bib_entry *e)
{
	const struct bib_name *v;
	size_t n = bib_names(e, "author", &v);
	return name_list(v, n, false);
}

struct dis {
	struct ref *ref;
	const char *base;
};

static int dis_cmp(const void *a, const void *b)
{
	const struct dis *x = a, *y = b;
	int c = strcmp(x->ref->names, y->ref->names);
	if (!c)
		c = strcmp(x->base, y->base);
	if (!c)
		c = x->ref->index < y->ref->index ? -1 : x->ref->index > y->ref->index;
	return c;
}

/* Same names and year: 2020a, 2020b in list order.  Returns the letters. */
static char **disambiguate(struct paper_refs *r)
{
	char **letters = xcalloc(r->nrefs + 1, sizeof *letters);
	struct dis *v = xmalloc((r->nrefs + 1) * sizeof *v);
	for (size_t i = 0; i < r->nrefs; i++)
		v[i] = (struct dis){r->refs[i], r->refs[i]->year};
	qsort(v, r->nrefs, sizeof *v, dis_cmp);
	for (size_t i = 0; i < r->nrefs;) {
		size_t j = i + 1;
		while (j < r->nrefs && !strcmp(v[j].ref->names, v[i].ref->names) && !strcmp(v[j].base, v[i].base))
			j++;
		if (j - i > 1)
			for (size_t k = i; k < j; k++) {
				size_t q = k - i;
				letters[v[k].ref->index] = q < 26 ? xasprintf("%c", (char)('a' + q))
								  : xasprintf("%c%c", (char)('a' + q / 26 - 1),
									      (char)('a' + q % 26));
			}
		i = j;
	}
	free(v);
	return letters;
}

static int anchor_cmp(const void *a, const void *b)
{
	const struct ref *const *x = a, *const *y = b;
	int c = strcmp((*x)->anchor, (*y)->anchor);
	return c ? c : (*x)->index < (*y)->index ? -1 : (*x)->index > (*y)->index;
}

static void ref_anchors(struct paper_refs *r)
{
	for (size_t i = 0; i < r->nrefs; i++) {
		struct strbuf b;
		sb_init(&b);
		sb_adds(&b, "ref-");
		for (const char *p = r->refs[i]->key; *p; p++) {
			unsigned char c = (unsigned char)*p;
			bool keep = c >= 0x80 || isalnum(c) || c == '-' || c == '_' || c == '.';
			sb_addc(&b, keep ? (char)c : '-');
		}
		r->refs[i]->anchor = sb_steal(&b);
	}
	if (r->nrefs < 2)
		return;
	struct ref **v = xmalloc(r->nrefs * sizeof *v);
	memcpy(v, r->refs, r->nrefs * sizeof *v);
	qsort(v, r->nrefs, sizeof *v, anchor_cmp);
	size_t first = 0;
	for (size_t i = 1; i < r->nrefs; i++) {
		if (strcmp(v[i]->anchor, v[first]->anchor) != 0) {
			first = i;
			continue;
		}
		char *a = xasprintf("%s-%zu", v[i]->anchor, v[i]->index + 1);
		free(v[i]->anchor);
		v[i]->anchor = a;
	}
	free(v);
}

static void clear_output(struct ref *f)
{
	free(f->label);
	free(f->anchor);
	free(f->names);
	free(f->names_narrative);
	free(f->year);
	refs_runs_free(f->runs, f->nruns);
	f->label = f->anchor = f->names = f->names_narrative = f->year = NULL;
	f->runs = NULL;
	f->nruns = 0;
}

static int seq_cmp(const void *a, const void *b)
{
	const struct ref *const *x = a, *const *y = b;
	return (*x)->seq < (*y)->seq ? -1 : (*x)->seq > (*y)->seq;
}

void refs_finish(struct paper_refs *r)
{
	/* Start from citation order (a change of style comes back here). */
	if (r->nrefs > 1)
		qsort(r->refs, r->nrefs, sizeof *r->refs, seq_cmp);
	for (size_t i = 0; i < r->nrefs; i++) {
		struct ref *f = r->refs[i];
		clear_output(f);
		f->names = refs_cite_names(f->entry, false);
		f->names_narrative = refs_cite_names(f->entry, true);
		f->year = refs_year(f->entry);
		f->index = i;
	}
	char **letters = NULL;
	if (r->author_year && r->nrefs) {
		struct sortrec *recs = xcalloc(r->nrefs, sizeof *recs);
		struct sortrec **v = xmalloc(r->nrefs * sizeof *v);
		for (size_t i = 0; i < r->nrefs; i++) {
			const struct bib_entry *e = r->refs[i]->entry;
			const char *t = get(e, "title");
			recs[i] = (struct sortrec){r->refs[i], sort_family(e), all_authors(e),
						   xstrdup(r->refs[i]->year), xstrdup(t ? t : ""), i};
			v[i] = &recs[i];
		}
		UErrorCode st = U_ZERO_ERROR;
		UCollator *coll = ucol_open(r->lang, &st);
		if (U_FAILURE(st)) {
			st = U_ZERO_ERROR;
			coll = ucol_open("", &st);
			if (U_FAILURE(st))
				coll = NULL;
		}
		merge_sort(v, r->nrefs, coll);
		if (coll)
			ucol_close(coll);
		for (size_t i = 0; i < r->nrefs; i++) {
			r->refs[i] = v[i]->ref;
			r->refs[i]->index = i;
		}
		for (size_t i = 0; i < r->nrefs; i++) {
			free(recs[i].k1);
			free(recs[i].k2);
			free(recs[i].k3);
			free(recs[i].k4);
		}
		free(recs);
		free(v);
		letters = disambiguate(r);
	}
	for (size_t i = 0; i < r->nrefs; i++) {
		struct ref *f = r->refs[i];
		const char *letter = letters && letters[i] ? letters[i] : "";
		if (*letter) {
			char *y = xasprintf("%s%s", f->year, letter);
			free(f->year);
			f->year = y;
		}
		f->label = r->author_year ? xasprintf("%s, %s", f->names, f->year) : xasprintf("%zu", i + 1);
		f->nruns = refs_format(f->entry, letter, &f->runs);
		if (letters)
			free(letters[i]);
	}
	free(letters);
	ref_anchors(r);
}

void refs_free_one(struct ref *f)
{
	clear_output(f);
	free(f);
}
