/* Unit tests for the BibTeX reader (bibtex.c) and the TeX-to-Unicode
 * converter (texchars.c): the real JOSS .bib files, name splitting,
 * macros, error positions and recovery. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "proceedings/bibtex.h"
#include "proceedings/diag.h"
#include "proceedings/texchars.h"
#include "proceedings/util.h"

/* ---- helpers ------------------------------------------------------------- */

static const char *corpus_dir(void)
{
	const char *c = getenv("QUIRE_CORPUS");
	return c && *c ? c : "../shared/corpus/joss";
}

/* Parse a corpus file; NULL (test skipped) when the corpus is absent. */
static struct bib_db *parse_corpus(const char *paper, struct diag_list *d)
{
	struct stat st;
	if (stat(corpus_dir(), &st) != 0)
		return NULL;
	char *path = xasprintf("%s/%s/paper.bib", corpus_dir(), paper);
	char *data;
	size_t len;
	if (read_file(path, 1 << 24, &data, &len) != 0)
		fail_msg("cannot read %s", path);
	struct bib_db *db = bib_parse(path, data, len, d);
	free(data);
	free(path);
	return db;
}

static struct bib_db *parse_str(const char *text, struct diag_list *d)
{
	return bib_parse("t.bib", text, strlen(text), d);
}

/* All reports as "line:col rule: message" lines, sorted. */
static char *diags(struct diag_list *d)
{
	struct strbuf b;
	sb_init(&b);
	diag_sort(d);
	for (size_t i = 0; i < d->n; i++)
		sb_printf(&b, "%d:%d %s: %s\n", d->v[i].line, d->v[i].col,
			  rule_get(d->v[i].rule)->id, d->v[i].msg);
	return sb_steal(&b);
}

static void assert_diags(struct diag_list *d, const char *want)
{
	char *got = diags(d);
	assert_string_equal(got, want);
	free(got);
}

/* Exact "line:col rule" of the one report there must be. */
static void assert_one_diag(struct diag_list *d, int line, int col, enum rule_id r)
{
	if (d->n != 1) {
		char *got = diags(d);
		fail_msg("expected one report, got %zu:\n%s", d->n, got);
	}
	assert_int_equal(d->v[0].line, line);
	assert_int_equal(d->v[0].col, col);
	assert_int_equal(d->v[0].rule, r);
}

static void assert_name(const struct bib_name *n, const char *given, const char *particle,
			const char *family, const char *suffix)
{
#define PART(got, want)                                  \
	do {                                             \
		if (want)                                \
			assert_non_null(got);            \
		if (want)                                \
			assert_string_equal(got, want);  \
		else                                     \
			assert_null(got);                \
	} while (0)
	PART(n->given, given);
	PART(n->particle, particle);
	PART(n->family, family);
	PART(n->suffix, suffix);
#undef PART
}

static char *tex(const char *s)
{
	return tex_to_unicode(s, NULL, NULL);
}

#define ASSERT_TEX(in, want)                          \
	do {                                          \
		char *got_ = tex(in);                 \
		assert_string_equal(got_, want);      \
		free(got_);                           \
	} while (0)

/* ---- the real corpus ------------------------------------------------------- */

/* Entry counts by hand: grep -c '^\s*@' on each file (none of them has
 * @string, @comment or @preamble). */
static const struct {
	const char *paper;
	size_t entries;
	size_t warnings;
} corpus[] = {
	{"AMReX-Codes__amrex", 19, 0},
	{"CliMA__Oceananigans.jl", 8, 0},
	{"DistrictDataLabs__yellowbrick", 9, 0},
	{"FourierFlows__GeophysicalFlows.jl", 14, 0},
	/* {\$}\backslashsim N{\^{}}2{\$}: the dollars are escaped, so
	 * \backslashsim is an unknown command in text, rightly reported */
	{"Jammy2211__PyAutoLens", 43, 1},
	{"JohannesBuchner__UltraNest", 180, 0},
	{"JuliaDynamics__DynamicalSystems.jl", 11, 0},
	{"SALib__SALib", 42, 0},
	{"alan-turing-institute__MLJ.jl", 19, 0},
	{"dfm__emcee", 6, 0},
	{"dynamicslab__pykoopman", 62, 0},
	{"dynamicslab__pysindy", 50, 0},
	{"exoplanet-dev__exoplanet", 43, 0},
	{"fatiando__pooch", 9, 0},
	{"kinnala__scikit-fem", 17, 0},
	{"lmcinnes__umap", 2, 0},
	{"mackelab__sbi", 37, 0},
	{"mne-tools__mne-bids", 6, 0},
	{"scikit-hep__pyhf", 10, 0},
	{"yt-project__unyt", 18, 0},
};

static void corpus_parses_clean(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
		struct diag_list d;
		diag_init(&d);
		struct bib_db *db = parse_corpus(corpus[i].paper, &d);
		if (!db)
			skip();
		if (diag_count(&d, DIAG_ERROR) != 0 || db->n != corpus[i].entries ||
		    diag_count(&d, DIAG_WARNING) != corpus[i].warnings) {
			char *got = diags(&d);
			fail_msg("%s: %zu entries (want %zu), reports:\n%s", corpus[i].paper, db->n,
				 corpus[i].entries, got);
		}
		/* every entry can be found by its key and points at the db's path */
		for (size_t k = 0; k < db->n; k++) {
			assert_ptr_equal(bib_find(db, db->entries[k].key), &db->entries[k]);
			assert_ptr_equal(db->entries[k].pos.file, db->path);
		}
		bib_free(db);
		diag_free(&d);
	}
}

static void corpus_pyautolens(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	struct bib_db *db = parse_corpus("Jammy2211__PyAutoLens", &d);
	if (!db)
		skip();
	/* the {\mdash} pdflatex chokes on */
	const struct bib_entry *e = bib_find(db, "spilker16a");
	assert_non_null(e);
	assert_int_equal(e->pos.line, 652);
	assert_int_equal(e->pos.col, 1);
	assert_string_equal(bib_get(e, "title"),
			    "ALMA Imaging and Gravitational Lens Models of South Pole Telescope\u2014Selected "
			    "Dusty, Star-Forming galaxies at High Redshifts");
	assert_string_equal(bib_field(e, "title")->raw,
			    "{ALMA Imaging and Gravitational Lens Models of South Pole Telescope{\\mdash}Selected "
			    "Dusty, Star-Forming galaxies at High Redshifts}");
	assert_string_equal(bib_get(e, "journal"), "ApJ"); /* \apj */

	/* the astropy author list: ADS-style braced families */
	e = bib_find(db, "astropy2");
	assert_non_null(e);
	const struct bib_name *n;
	size_t nn = bib_names(e, "author", &n);
	assert_true(nn > 100);
	assert_name(&n[0], "A. M.", NULL, "Price-Whelan", NULL);
	assert_name(&n[1], "B. M.", NULL, "Sip\u0151cz", NULL);
	size_t found = 0;
	for (size_t k = 0; k < nn; k++) {
		if (n[k].family && strcmp(n[k].family, "Depagne") == 0) {
			assert_name(&n[k], "\u00C9.", NULL, "Depagne", NULL);
			found++;
		} else if (n[k].family && strcmp(n[k].family, "Ivezi\u0107") == 0) {
			assert_name(&n[k], "\u017D.", NULL, "Ivezi\u0107", NULL);
			found++;
		} else if (n[k].family && strcmp(n[k].family, "de la Vega") == 0) {
			/* braced: the particle stays in the family */
			assert_name(&n[k], "A.", NULL, "de la Vega", NULL);
			found++;
		} else if (n[k].family && strcmp(n[k].family, "D\u2019Avella") == 0) {
			found++; /* {\textquoteright} */
		}
	}
	assert_int_equal(found, 4);

	/* the one warning, at its column in the long abstract line */
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].rule, R_BIB_TEX);
	assert_int_equal(d.v[0].line, 84);
	assert_int_equal(d.v[0].col, 615);
	assert_non_null(strstr(d.v[0].msg, "\\backslashsim"));
	bib_free(db);
	diag_free(&d);
}

static void corpus_pyhf_percent(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	struct bib_db *db = parse_corpus("scikit-hep__pyhf", &d);
	if (!db)
		skip();
	const struct bib_entry *e = bib_find(db, "Maguire:2017ypu");
	assert_non_null(e);
	/* SLACcitation: the field name is stored lower-case, the % are text */
	const struct bib_field *f = bib_field(e, "SLACcitation");
	assert_non_null(f);
	assert_string_equal(f->name, "slaccitation");
	assert_string_equal(f->value, "%%CITATION = ARXIV:1704.05473;%%");
	assert_string_equal(f->raw, "%%CITATION = ARXIV:1704.05473;%%");
	assert_int_equal(f->pos.line, 56);
	assert_int_equal(f->pos.col, 7);
	/* \href keeps its text, \textbf its argument */
	bool seen = false;
	for (size_t k = 0; k < db->n; k++) {
		const char *a = bib_get(&db->entries[k], "addendum");
		if (a) {
			assert_string_equal(a, "Erratum: Eur. Phys. J. C 73 (2013) 2501");
			seen = true;
		}
	}
	assert_true(seen);
	assert_int_equal(d.n, 0);
	bib_free(db);
	diag_free(&d);
}

static void corpus_ultranest(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	struct bib_db *db = parse_corpus("JohannesBuchner__UltraNest", &d);
	if (!db)
		skip();
	assert_int_equal(db->n, 180);
	const struct bib_entry *e = bib_find(db, "theisen2013analyse");
	assert_non_null(e);
	assert_string_equal(e->type, "phdthesis");
	assert_int_equal(e->pos.line, 1586);
	assert_string_equal(bib_get(e, "title"),
			    "Analyse der Linienform von R\u00F6ntgen\u00FCberg\u00E4ngen nach der Bayesmethode");
	e = bib_find(db, "chopin2007contemplating");
	assert_non_null(e);
	assert_string_equal(bib_get(e, "institution"),
			    "Technical Report 2007-46, CEREMADE, Universit\u00E9 Paris Dauphine");
	e = bib_find(db, "dougruel2008nestedmica");
	assert_non_null(e);
	const struct bib_name *n;
	size_t nn = bib_names(e, "author", &n);
	assert_int_equal(nn, 3);
	assert_name(&n[0], "Mutlu", NULL, "Do\u011Fruel", NULL); /* Do{\u{g}}ruel */
	assert_name(&n[2], "Tim JP", NULL, "Hubbard", NULL);
	/* lookup is exact and case-sensitive, like pandoc's */
	assert_null(bib_find(db, "Theisen2013analyse"));
	assert_null(bib_find(db, "nosuchkey"));
	assert_null(bib_get(db->entries, "nosuchfield"));
	bib_free(db);
	diag_free(&d);
}

static void corpus_accented_names(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	struct bib_db *db = parse_corpus("CliMA__Oceananigans.jl", &d);
	if (!db)
		skip();
	const struct bib_entry *e = bib_find(db, "Maronga2020");
	assert_non_null(e);
	const struct bib_name *n;
	size_t nn = bib_names(e, "author", &n);
	assert_int_equal(nn, 46);
	assert_name(&n[5], "D.", NULL, "Fr\u00F6hlich", NULL);    /* Fr\"ohlich */
	assert_name(&n[8], "J.", NULL, "Geleti\u010D", NULL);     /* Geleti\v{c} */
	assert_name(&n[11], "G.", NULL, "Gro\u00DF", NULL);       /* Gro{\ss} */
	assert_name(&n[17], "F.", NULL, "Kanani-S\u00FChring", NULL);
	assert_name(&n[39], "R.", "von", "Tils", NULL);           /* von Tils, R. */
	assert_int_equal(d.n, 0);
	bib_free(db);

	db = parse_corpus("SALib__SALib", &d);
	e = bib_find(db, "Imam1988");
	assert_non_null(e);
	assert_string_equal(bib_get(e, "abstract"), "\"Risk Analysis; #sns; N1; V8; p71\"");
	bib_free(db);

	db = parse_corpus("kinnala__scikit-fem", &d);
	e = bib_find(db, "fenics");
	nn = bib_names(e, "author", &n);
	assert_name(&n[0], "Martin S.", NULL, "Aln\u00E6s", NULL); /* Aln{\ae}s */
	bib_free(db);

	db = parse_corpus("dynamicslab__pysindy", &d);
	e = bib_find(db, "Dam2017pf");
	nn = bib_names(e, "author", &n);
	assert_name(&n[1], "Morten", NULL, "Br\u00F8ns", NULL); /* Br{\o}ns */
	assert_name(&n[2], "Jens", NULL, "Juul Rasmussen", NULL);
	e = bib_find(db, "Schmidt81"); /* "@article {Schmidt81," */
	assert_non_null(e);
	bib_free(db);

	db = parse_corpus("AMReX-Codes__amrex", &d);
	e = bib_find(db, "BergerOliger");
	assert_string_equal(e->type, "article"); /* @Article */
	assert_string_equal(bib_get(e, "month"), "March"); /* month = mar */
	assert_string_equal(bib_get(e, "pages"), "484\u2013512");
	assert_string_equal(bib_field(e, "pages")->raw, "484--512");
	assert_string_equal(bib_get(e, "title"),
			    "Adaptive Mesh Refinement for Hyperbolic Partial Differential Equations");
	assert_string_equal(bib_get(e, "doi"), "10.1016/0021-9991(84)90073-1");
	assert_int_equal(d.n, 0);
	bib_free(db);
	diag_free(&d);
}

/* ---- names ---------------------------------------------------------------- */

static void names_three_forms(void **state)
{
	(void)state;
	struct bib_name *n;
	size_t nn = bib_split_names(
		"Ludwig van Beethoven and van der Walt, St{\\'e}fan and Ford, Jr., Henry and "
		"{Astropy Collaboration} and Charles Louis Xavier Joseph de la Vall{\\'e}e Poussin and "
		"Jean de La Fontaine and de la Fontaine, Jean and Jean-Paul Sartre and "
		"F.~Kanani-S\\\"uhring and {\\'E}mile Zola and Van der Walt, Stefan and "
		"John von Neumann, III, and {Barnes and Noble, Inc.} and Knuth AND Lamport",
		&n);
	assert_int_equal(nn, 15);
	assert_name(&n[0], "Ludwig", "van", "Beethoven", NULL);
	assert_name(&n[1], "St\u00E9fan", "van der", "Walt", NULL);
	assert_name(&n[2], "Henry", NULL, "Ford", "Jr.");
	assert_name(&n[3], NULL, NULL, "Astropy Collaboration", NULL);
	assert_true(n[3].corporate);
	assert_false(n[0].corporate);
	assert_name(&n[4], "Charles Louis Xavier Joseph", "de la", "Vall\u00E9e Poussin", NULL);
	assert_name(&n[5], "Jean", "de", "La Fontaine", NULL);
	assert_name(&n[6], "Jean", "de la", "Fontaine", NULL);
	assert_name(&n[7], "Jean-Paul", NULL, "Sartre", NULL);
	/* a hyphen joins to the last name, a tie becomes a space */
	assert_name(&n[8], "F.", NULL, "Kanani-S\u00FChring", NULL);
	/* {\'E} is a special character: upper case, so no von */
	assert_name(&n[9], "\u00C9mile", NULL, "Zola", NULL);
	/* BibTeX's rule: von runs to the last lower-case word, whatever the first */
	assert_name(&n[10], "Stefan", "Van der", "Walt", NULL);
	/* the third part is First even when empty */
	assert_name(&n[11], NULL, "John von", "Neumann", "III");
	/* braces protect the inner "and" */
	assert_name(&n[12], NULL, NULL, "Barnes and Noble, Inc.", NULL);
	assert_true(n[12].corporate);
	/* "AND" separates too, as in BibTeX */
	assert_name(&n[13], NULL, NULL, "Knuth", NULL);
	assert_name(&n[14], NULL, NULL, "Lamport", NULL);
	bib_names_free(n, nn);
}

static void names_others_and_edges(void **state)
{
	(void)state;
	struct bib_name *n;
	size_t nn = bib_split_names("Doe, Jane and Roe, R. and others", &n);
	assert_int_equal(nn, 3);
	assert_name(&n[1], "R.", NULL, "Roe", NULL);
	assert_true(n[2].others);
	assert_name(&n[2], NULL, NULL, NULL, NULL);
	assert_false(n[0].others);
	bib_names_free(n, nn);

	/* empty names between "and"s are skipped; white space is free-form */
	nn = bib_split_names("  and Plato\n\tand and  ", &n);
	assert_int_equal(nn, 1);
	assert_name(&n[0], NULL, NULL, "Plato", NULL);
	bib_names_free(n, nn);

	nn = bib_split_names("", &n);
	assert_int_equal(nn, 0);
	assert_null(n);

	/* special characters decide case by their letter: {\"o}rsted is lower */
	nn = bib_split_names("Hans Christian {\\\"o}rsted Smith and {\\AE}lfric Bata", &n);
	assert_int_equal(nn, 2);
	assert_name(&n[0], "Hans Christian", "\u00F6rsted", "Smith", NULL);
	assert_name(&n[1], "\u00C6lfric", NULL, "Bata", NULL);
	bib_names_free(n, nn);

	/* a UTF-8 lower-case initial counts as lower case */
	nn = bib_split_names("\u00E9mile d\u2019Orsay and \u00C9mile Zola", &n);
	assert_name(&n[0], NULL, "\u00E9mile", "d\u2019Orsay", NULL);
	assert_name(&n[1], "\u00C9mile", NULL, "Zola", NULL);
	bib_names_free(n, nn);

	/* from an entry: editor field, missing field */
	struct diag_list d;
	diag_init(&d);
	struct bib_db *db = parse_str("@book{b, editor = {Smith, J. and Doe, J.}}", &d);
	const struct bib_name *en;
	nn = bib_names(&db->entries[0], "editor", &en);
	assert_int_equal(nn, 2);
	assert_name(&en[1], "J.", NULL, "Doe", NULL);
	/* asked again: the same names, split once */
	const struct bib_name *again;
	assert_int_equal(bib_names(&db->entries[0], "editor", &again), 2);
	assert_ptr_equal(again, en);
	nn = bib_names(&db->entries[0], "author", &en);
	assert_int_equal(nn, 0);
	assert_null(en);
	bib_free(db);
	assert_int_equal(d.n, 0);
	diag_free(&d);
}

/* ---- syntax ---------------------------------------------------------------- */

static void macros_and_concatenation(void **state)
{
	(void)state;
	const char *text =
		"@string{jn = \"J. Test\"}\n"
		"@STRING(pub = {Pub} # \" House\")\n"
		"@String{ Both = jn # \", \" # pub }\n"
		"@article{m,\n"
		"  journal = jn # { } # \"Vol\",\n"
		"  publisher = BOTH,\n"
		"  month = jan,\n"
		"  note = dec # \"~1\",\n"
		"  number = 42,\n"
		"  volume = \"12\" # 3,\n"
		"}\n"
		"@string{jan = {Janvier}}\n"
		"@misc{n, month = jan}\n";
	struct diag_list d;
	diag_init(&d);
	struct bib_db *db = parse_str(text, &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(db->n, 2);
	const struct bib_entry *e = bib_find(db, "m");
	assert_string_equal(bib_get(e, "journal"), "J. Test Vol");
	assert_string_equal(bib_field(e, "journal")->raw, "J. Test Vol");
	assert_string_equal(bib_get(e, "publisher"), "J. Test, Pub House");
	assert_string_equal(bib_get(e, "month"), "January");
	assert_string_equal(bib_get(e, "note"), "December\u00A01");
	assert_string_equal(bib_get(e, "number"), "42");
	assert_string_equal(bib_get(e, "volume"), "123");
	/* a user macro overrides the month names */
	assert_string_equal(bib_get(bib_find(db, "n"), "month"), "Janvier");
	bib_free(db);
	diag_free(&d);
}

static void percent_is_text_in_values(void **state)
{
	(void)state;
	const char *text =
		"% a comment line outside entries, even with @article{commented, x = {y}}\n"
		"Free text between entries, mail me@example.com.\n"
		"@misc{p,\n"
		"  note = {50% of 100%},\n"
		"  other = \"%%x%% {%}\" # {%},\n"
		"}\n"
		"@comment{ @article{hidden, title = {Hidden}} }\n"
		"@comment this word only\n"
		"@preamble{ \"\\newcommand{\\noopsort}[1]{}\" }\n"
		"@misc(paren, title = \"Paren {form}\")\n"
		"@ARTICLE{Upper, TITLE = {Upper case}}\n";
	struct diag_list d;
	diag_init(&d);
	struct bib_db *db = parse_str(text, &d);
	assert_diags(&d, "");
	assert_int_equal(db->n, 3);
	const struct bib_entry *e = bib_find(db, "p");
	assert_string_equal(bib_get(e, "note"), "50% of 100%");
	assert_string_equal(bib_get(e, "other"), "%%x%% %%");
	assert_null(bib_find(db, "hidden"));
	assert_null(bib_find(db, "commented"));
	assert_string_equal(bib_get(bib_find(db, "paren"), "title"), "Paren form");
	e = bib_find(db, "Upper");
	assert_string_equal(e->type, "article");
	assert_string_equal(e->fields[0].name, "title");
	assert_string_equal(bib_get(e, "Title"), "Upper case");
	bib_free(db);
	diag_free(&d);
}

static void positions_are_characters(void **state)
{
	(void)state;
	const char *text =
		"\xEF\xBB\xBF@misc{a, title = {x}}\n"
		"\t@book{b,\n"
		"  title = {\u00DC\u00F1\u00EF}, note = nosuch}\n";
	struct diag_list d;
	diag_init(&d);
	struct bib_db *db = parse_str(text, &d);
	assert_int_equal(db->n, 2);
	assert_int_equal(db->entries[0].pos.line, 1);
	assert_int_equal(db->entries[0].pos.col, 1); /* the BOM is no column */
	assert_int_equal(db->entries[0].fields[0].pos.col, 10);
	assert_int_equal(db->entries[1].pos.line, 2);
	assert_int_equal(db->entries[1].pos.col, 2);
	assert_int_equal(db->entries[1].fields[0].pos.line, 3);
	assert_int_equal(db->entries[1].fields[0].pos.col, 3);
	/* "  title = {Üñï}, note = " is 24 characters but 27 bytes */
	assert_one_diag(&d, 3, 25, R_BIB_SYNTAX);
	assert_string_equal(d.v[0].file, "t.bib");
	assert_string_equal(bib_get(&db->entries[1], "note"), "");
	bib_free(db);
	diag_free(&d);
}

/* ---- errors and recovery ----------------------------------------------------- */

static void error_missing_entry_brace(void **state)
{
	(void)state;
	const char *text =
		"@article{a,\n"
		"  title = {A},\n"
		"  year = 2000\n"
		"\n"
		"@book{b, title = {B}}\n";
	struct diag_list d;
	diag_init(&d);
	struct bib_db *db = parse_str(text, &d);
	assert_diags(&d, "3:14 bib-syntax: entry 'a' is not closed: a '}' is missing\n");
	/* the open entry keeps its fields, the next one is read */
	assert_int_equal(db->n, 2);
	assert_string_equal(bib_get(bib_find(db, "a"), "year"), "2000");
	assert_string_equal(bib_get(bib_find(db, "b"), "title"), "B");
	bib_free(db);
	diag_free(&d);
}

static void error_unclosed_value_brace(void **state)
{
	(void)state;
	const char *text =
		"@article{a,\n"
		"  author = {Doe, J.},\n"
		"  title = {Unclosed {nested},\n"
		"  year = 2000,\n"
		"@book{b, title = {B}}\n"
		"@book{c, title = {C}}\n";
	struct diag_list d;
	diag_init(&d);
	struct bib_db *db = parse_str(text, &d);
	assert_diags(&d, "3:11 bib-syntax: unbalanced braces: this '{' is never closed\n");
	assert_int_equal(db->n, 3);
	assert_string_equal(bib_get(bib_find(db, "a"), "author"), "Doe, J.");
	assert_null(bib_get(bib_find(db, "a"), "title"));
	assert_string_equal(bib_get(bib_find(db, "b"), "title"), "B");
	assert_string_equal(bib_get(bib_find(db, "c"), "title"), "C");
	bib_free(db);
	diag_free(&d);

	/* a quote never closed, at the end of the file */
	diag_init(&d);
	db = parse_str("@misc{q,\n  title = \"Open {quote}\n", &d);
	assert_one_diag(&d, 2, 11, R_BIB_SYNTAX);
	bib_free(db);
	diag_free(&d);
}

static void error_missing_comma(void **state)
{
	(void)state;
	const char *text =
		"@article{a,\n"
		"  title = {A},\n"
		"  year = 2000\n"
		"  journal = {J}\n"
		"}\n"
		"@article{b title = {B}}\n";
	struct diag_list d;
	diag_init(&d);
	struct bib_db *db = parse_str(text, &d);
	assert_diags(&d,
		     "3:14 bib-syntax: missing ',' before field 'journal'\n"
		     "6:11 bib-syntax: missing ',' before field 'title'\n");
	/* reading goes on with the next field */
	const struct bib_entry *e = bib_find(db, "a");
	assert_int_equal(e->nfields, 3);
	assert_string_equal(bib_get(e, "journal"), "J");
	assert_string_equal(bib_get(bib_find(db, "b"), "title"), "B");
	bib_free(db);
	diag_free(&d);
}

static void error_unknown_macro(void **state)
{
	(void)state;
	const char *text =
		"@article{a,\n"
		"  journal = apj,\n"
		"  title = {T} # undefinedmacro # {!},\n"
		"}\n";
	struct diag_list d;
	diag_init(&d);
	struct bib_db *db = parse_str(text, &d);
	assert_diags(&d,
		     "2:13 bib-syntax: unknown macro 'apj': define it with @string or put the value in braces\n"
		     "3:17 bib-syntax: unknown macro 'undefinedmacro': define it with @string or put the value in braces\n");
	/* as in BibTeX, an unknown macro expands to nothing */
	assert_string_equal(bib_get(&db->entries[0], "journal"), "");
	assert_string_equal(bib_get(&db->entries[0], "title"), "T!");
	bib_free(db);
	diag_free(&d);
}

static void error_duplicate_key(void **state)
{
	(void)state;
	const char *text =
		"@article{same, title = {First}}\n"
		"@article{other, title = {Other}}\n"
		"\n"
		"@book{same,\n"
		"  title = {Second}}\n"
		"@book{Same, title = {Case differs}}\n";
	struct diag_list d;
	diag_init(&d);
	struct bib_db *db = parse_str(text, &d);
	assert_one_diag(&d, 4, 7, R_BIB_DUP);
	assert_non_null(strstr(d.v[0].msg, "line 1"));
	assert_int_equal(db->n, 3);
	assert_string_equal(bib_get(bib_find(db, "same"), "title"), "First");
	assert_string_equal(bib_get(bib_find(db, "Same"), "title"), "Case differs");
	bib_free(db);
	diag_free(&d);
}

static void error_missing_key_and_recovery(void **state)
{
	(void)state;
	const char *text =
		"@article{,\n"
		"  title = {No key}}\n"
		"@article{title = {Key forgotten}}\n"
		"@misc{ok1, title = {One}}\n"
		"@misc{bad, title = {x} junk}\n"
		"@misc{ok2, title = {Two}}\n"
		"@misc{bad2, = {x}}\n"
		"@ {nothing}\n"
		"@misc\n"
		"@misc{bad3, title = }\n"
		"@misc{ok3, title = {Three}, }\n"
		"@misc{dupfield, title = {A}, Title = {B}}\n";
	struct diag_list d;
	diag_init(&d);
	struct bib_db *db = parse_str(text, &d);
	assert_diags(&d,
		     "1:10 bib-syntax: @article has no key: write the citation key and a ',' after '{'\n"
		     "3:10 bib-syntax: @article has no key: write the citation key and a ',' after '{'\n"
		     "5:24 bib-syntax: expected ',' or '}' but found 'j'\n"
		     "7:13 bib-syntax: expected a field name but found '='\n"
		     "8:3 bib-syntax: expected an entry type after '@' but found '{'\n"
		     "9:6 bib-syntax: expected '{' after @misc but found the end of the line\n"
		     "10:21 bib-syntax: expected a value ({braced}, \"quoted\", a number or a macro name) but found '}'\n"
		     "12:30 bib-syntax: field 'title' appears twice in this entry (first at line 12); the second is ignored\n");
	assert_string_equal(bib_get(bib_find(db, "ok1"), "title"), "One");
	assert_string_equal(bib_get(bib_find(db, "ok2"), "title"), "Two");
	assert_string_equal(bib_get(bib_find(db, "ok3"), "title"), "Three");
	assert_string_equal(bib_get(bib_find(db, "dupfield"), "title"), "A");
	/* entries with an error after their key keep what was read */
	assert_string_equal(bib_get(bib_find(db, "bad"), "title"), "x");
	bib_free(db);
	diag_free(&d);
}

/* Every prefix of a small file: truncation anywhere must give reports, not
 * crashes or leaks (the sanitizer build checks the latter). */
static void error_every_truncation(void **state)
{
	(void)state;
	const char *text =
		"@string{s = \"S\"}\n"
		"@article{k1,\n  author = {Doe, J. and {\\'E}mile Zola},\n"
		"  title = \"{T}itle {\\\"o}\" # s,\n  year = 2000\n}\n"
		"@comment{x}\n@preamble{\"p\"}\n@misc(k2, note = {a {b} c})\n";
	size_t len = strlen(text);
	for (size_t n = 0; n <= len; n++) {
		struct diag_list d;
		diag_init(&d);
		char *copy = xstrndup(text, n); /* exact size, so ASan sees overreads */
		struct bib_db *db = bib_parse("t.bib", copy, n, &d);
		for (size_t k = 0; k < db->n; k++) {
			const struct bib_name *nm;
			bib_names(&db->entries[k], "author", &nm);
		}
		if (n == len) {
			assert_int_equal(d.n, 0);
			assert_int_equal(db->n, 2);
		}
		bib_free(db);
		diag_free(&d);
		free(copy);
	}
}

static void hostile_nesting(void **state)
{
	(void)state;
	size_t depth = 100000;
	struct strbuf b;
	sb_init(&b);
	sb_adds(&b, "@misc{deep, title = {");
	for (size_t i = 0; i < depth; i++)
		sb_adds(&b, "{\\'");
	sb_adds(&b, "e");
	for (size_t i = 0; i < depth; i++)
		sb_addc(&b, '}');
	sb_adds(&b, "}, author = {");
	for (size_t i = 0; i < depth; i++)
		sb_addc(&b, '{');
	for (size_t i = 0; i < depth; i++)
		sb_addc(&b, '}');
	sb_adds(&b, " and First ");
	for (size_t i = 0; i < depth; i++)
		sb_adds(&b, "{\\x");
	sb_adds(&b, "o");
	for (size_t i = 0; i < depth; i++)
		sb_addc(&b, '}');
	sb_adds(&b, " Last}}\n");
	struct diag_list d;
	diag_init(&d);
	struct bib_db *db = bib_parse("t.bib", b.s, b.len, &d);
	assert_int_equal(db->n, 1);
	assert_non_null(bib_get(&db->entries[0], "title"));
	const struct bib_name *nm;
	bib_names(&db->entries[0], "author", &nm);
	bib_free(db);
	diag_free(&d);
	sb_free(&b);
}

static void many_entries(void **state)
{
	(void)state;
	/* all on one line too, which must not make positions quadratic */
	struct strbuf b;
	sb_init(&b);
	size_t count = 5000;
	for (size_t i = 0; i < count; i++)
		sb_printf(&b, "@article{key%zu, author = {Author %zu}, title = {Title %zu}, year = %zu} ",
			  i, i, i, 1900 + i % 100);
	struct diag_list d;
	diag_init(&d);
	struct bib_db *db = bib_parse("t.bib", b.s, b.len, &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(db->n, count);
	for (size_t i = 0; i < count; i += 7) {
		char key[32];
		snprintf(key, sizeof key, "key%zu", i);
		const struct bib_entry *e = bib_find(db, key);
		assert_non_null(e);
		assert_string_equal(e->key, key);
	}
	const struct bib_entry *last = bib_find(db, "key4999");
	assert_int_equal(last->pos.line, 1);
	assert_string_equal(bib_get(last, "title"), "Title 4999");
	bib_free(db);
	diag_free(&d);
	sb_free(&b);
}

/* ---- TeX to Unicode ----------------------------------------------------------- */

static void tex_accents(void **state)
{
	(void)state;
	ASSERT_TEX("\\'e {\\'e} \\'{e} \\\"{o} {\\\"o} \\\"o", "\u00E9 \u00E9 \u00E9 \u00F6 \u00F6 \u00F6");
	ASSERT_TEX("\\^o \\`a \\~n \\=a \\.z \\u{g} \\v{c} \\H{o} \\c{c} \\k{a} \\r{a}",
		   "\u00F4 \u00E0 \u00F1 \u0101 \u017C \u011F \u010D \u0151 \u00E7 \u0105 \u00E5");
	ASSERT_TEX("\\v c \\H o \\' e", "\u010D \u0151 \u00E9"); /* argument after spaces */
	ASSERT_TEX("{\\'\\i} \\'{\\i} \\\"\\i \\v{\\j}", "\u00ED \u00ED \u00EF \u01F0");
	ASSERT_TEX("{\\.I}lhan {\\.Z}yczkowski", "\u0130lhan \u017Byczkowski");
	ASSERT_TEX("{\\ss} {\\o} {\\O} {\\ae} {\\AE} {\\aa} {\\AA} {\\l} {\\L} {\\i} {\\j} {\\oe}",
		   "\u00DF \u00F8 \u00D8 \u00E6 \u00C6 \u00E5 \u00C5 \u0142 \u0141 \u0131 \u0237 \u0153");
	ASSERT_TEX("Gro{\\ss}e Stra\\ss e", "Gro\u00DFe Stra\u00DFe"); /* control words eat a space */
	/* no precomposed form in the table: combining mark, then NFC */
	ASSERT_TEX("\\'{\\o} \\v{\\\"u} \\d{a}", "\u01FF \u01DA \u1EA1");
	ASSERT_TEX("\\c{x}", "x\u0327"); /* no precomposed form at all: stays decomposed NFC */
	ASSERT_TEX("e\xCC\x81t\xC3\xA9", "\u00E9t\u00E9"); /* decomposed input composed */
	/* an empty argument prints the accent itself: {\~{}}350 */
	ASSERT_TEX("{\\~{}}350 x{\\^{}}2", "~350 x^2");
}

static void tex_symbols_and_commands(void **state)
{
	(void)state;
	ASSERT_TEX("\\& \\% \\$ \\_ \\# \\{ \\}", "& % $ _ # { }");
	ASSERT_TEX("1--2 a---b c-d", "1\u20132 a\u2014b c-d");
	ASSERT_TEX("A.~M. ``quoted'' `single' it's", "A.\u00A0M. \u201Cquoted\u201D \u2018single\u2019 it\u2019s");
	ASSERT_TEX("a{\\mdash}b \\textendash \\textemdash{} x\\textquoteright s",
		   "a\u2014b \u2013\u2014 x\u2019s");
	ASSERT_TEX("\\textit{x} \\emph{y} \\textbf{z} \\textsc{Small}", "x y z Small");
	ASSERT_TEX("{NASA}'s {{GPU}} Code", "NASA\u2019s GPU Code");
	ASSERT_TEX("\\textcopyright\\ 2009 \\textgreater 5 \\textless{}3", "\u00A9 2009 >5 <3");
	ASSERT_TEX("\\url{https://x.org/~a\\_b--c} \\href{http://u}{text}", "https://x.org/~a_b--c text");
	ASSERT_TEX("\\normalfont {In preparation}", "In preparation");
	ASSERT_TEX("\\noopsort{a}Zeta", "Zeta");
	ASSERT_TEX("\\mnras, \\apj, \\aap", "MNRAS, ApJ, A&A");
	/* math is copied for the math renderer */
	ASSERT_TEX("$\\alpha$-decay in $b$-jets, $$x^2 -- y$$", "$\\alpha$-decay in $b$-jets, $$x^2 -- y$$");
	ASSERT_TEX("costs \\$5 and \\$6", "costs $5 and $6");
	ASSERT_TEX("an open $ sign", "an open $ sign");
	/* white space collapses and is trimmed */
	ASSERT_TEX("  A\n\t  long\r\n title  ", "A long title");
	ASSERT_TEX("", "");
}

static void tex_unknown_command_position(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	struct srcpos pos = {"x.bib", 7, 12};
	char *s = tex_to_unicode("\u00C5 \\foo{kept} and\n  \\bar x \\* y", &d, &pos);
	assert_string_equal(s, "\u00C5 kept and x * y");
	free(s);
	assert_int_equal(d.n, 3);
	assert_int_equal(d.v[0].rule, R_BIB_TEX);
	assert_int_equal(d.v[0].line, 7);
	assert_int_equal(d.v[0].col, 14); /* Å counts as one column */
	assert_string_equal(d.v[0].file, "x.bib");
	assert_non_null(strstr(d.v[0].msg, "\\foo"));
	assert_int_equal(d.v[1].line, 8);
	assert_int_equal(d.v[1].col, 3);
	assert_int_equal(d.v[2].line, 8);
	assert_int_equal(d.v[2].col, 10);
	diag_free(&d);

	/* in a .bib: the position inside a field value, and through a macro */
	diag_init(&d);
	const char *text =
		"@string{m = {see \\zorp{}}}\n"
		"@misc{k,\n"
		"  title = {A \\weird{B} } # m,\n"
		"  url = {http://x.org/\\weird}}\n";
	struct bib_db *db = parse_str(text, &d);
	assert_diags(&d,
		     "1:18 bib-tex-command: unknown TeX command \\zorp; its argument text is kept (field 'title')\n"
		     "3:14 bib-tex-command: unknown TeX command \\weird; its argument text is kept (field 'title')\n");
	assert_string_equal(bib_get(&db->entries[0], "title"), "A B see");
	assert_string_equal(bib_field(&db->entries[0], "title")->raw, "A \\weird{B} see \\zorp{}");
	/* URLs are not TeX-converted */
	assert_string_equal(bib_get(&db->entries[0], "url"), "http://x.org/\\weird");
	bib_free(db);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(corpus_parses_clean),
		cmocka_unit_test(corpus_pyautolens),
		cmocka_unit_test(corpus_pyhf_percent),
		cmocka_unit_test(corpus_ultranest),
		cmocka_unit_test(corpus_accented_names),
		cmocka_unit_test(names_three_forms),
		cmocka_unit_test(names_others_and_edges),
		cmocka_unit_test(macros_and_concatenation),
		cmocka_unit_test(percent_is_text_in_values),
		cmocka_unit_test(positions_are_characters),
		cmocka_unit_test(error_missing_entry_brace),
		cmocka_unit_test(error_unclosed_value_brace),
		cmocka_unit_test(error_missing_comma),
		cmocka_unit_test(error_unknown_macro),
		cmocka_unit_test(error_duplicate_key),
		cmocka_unit_test(error_missing_key_and_recovery),
		cmocka_unit_test(error_every_truncation),
		cmocka_unit_test(hostile_nesting),
		cmocka_unit_test(many_entries),
		cmocka_unit_test(tex_accents),
		cmocka_unit_test(tex_symbols_and_commands),
		cmocka_unit_test(tex_unknown_command_position),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
