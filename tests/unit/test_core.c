/* Unit tests for the foundation modules: diagnostics, YAML tree, text
 * hygiene and the path gate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proceedings/diag.h"
#include "proceedings/markdown.h"
#include "proceedings/pathcheck.h"
#include "proceedings/text.h"
#include "proceedings/util.h"
#include "proceedings/ytree.h"

static char *print_diags(struct diag_list *d, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	diag_sort(d);
	if (json)
		diag_print_json(f, d);
	else
		diag_print_text(f, d, false);
	fclose(f);
	return buf;
}

/* xasprintf and sb_printf join %s-only formats themselves and hand the
 * rest to vsnprintf: both paths give what printf gives. */
static void formatting(void **state)
{
	(void)state;
	char *s = xasprintf("#%s-%s.", "sec", "2");
	assert_string_equal(s, "#sec-2.");
	free(s);
	s = xasprintf("%s", "");
	assert_string_equal(s, "");
	free(s);
	s = xasprintf("no directives");
	assert_string_equal(s, "no directives");
	free(s);
	s = xasprintf("%s%% %d %5s", "a", 42, "b");
	assert_string_equal(s, "a% 42     b");
	free(s);
	struct strbuf b;
	sb_init(&b);
	sb_printf(&b, "%s/%s", "x", "y");
	sb_printf(&b, " %03d", 7);
	assert_string_equal(b.s, "x/y 007");
	sb_free(&b);
}

static void diag_sorted_and_deduplicated(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	diag_report(&d, R_ORCID_CHECKSUM, "b.md", 3, 10, "second file");
	diag_report(&d, R_FN_UNUSED, "a.md", 12, 1, "later line");
	diag_report(&d, R_FN_UNDEFINED, "a.md", 2, 5, "earlier line");
	diag_report(&d, R_FN_UNDEFINED, "a.md", 2, 5, "earlier line");
	diag_report(&d, R_NO_PAPERS, NULL, 0, 0, "no file");
	char *out = print_diags(&d, false);
	assert_string_equal(out,
			    "quire: warning: no file [no-papers]\n"
			    "a.md:2:5: error: earlier line [footnote-undefined]\n"
			    "a.md:12:1: warning: later line [footnote-unused]\n"
			    "b.md:3:10: error: second file [orcid-checksum]\n");
	assert_int_equal(diag_count(&d, DIAG_ERROR), 2);
	assert_int_equal(diag_count(&d, DIAG_WARNING), 2);
	free(out);
	diag_free(&d);
}

static void diag_json_escapes(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	diag_report(&d, R_EMAIL, "p\"q.md", 1, 2, "bad \"x\"\n\tand \\ 한글");
	char *out = print_diags(&d, true);
	assert_string_equal(out, "[\n {\"file\": \"p\\\"q.md\", \"line\": 1, \"column\": 2, "
				 "\"severity\": \"error\", \"rule\": \"email-format\", "
				 "\"message\": \"bad \\\"x\\\"\\n\\tand \\\\ 한글\"}\n]\n");
	free(out);
	diag_free(&d);
}

static void every_rule_documented(void **state)
{
	(void)state;
	for (int r = 0; r < RULE_COUNT; r++) {
		const struct rule_info *ri = rule_get((enum rule_id)r);
		assert_non_null(ri->id);
		assert_true(strlen(ri->summary) > 10);
		assert_true(strlen(ri->help) > 10);
		for (int s = 0; s < r; s++)
			assert_string_not_equal(ri->id, rule_get((enum rule_id)s)->id);
	}
}

static void ytree_positions(void **state)
{
	(void)state;
	const char *y = "title: Hello\nauthors:\n  - name: 김민준\n    orcid: x\n";
	struct diag_list d;
	diag_init(&d);
	struct ynode *root = ytree_parse("f.md", y, strlen(y), 2, &d);
	assert_non_null(root);
	assert_int_equal(d.n, 0);
	assert_int_equal(root->kind, Y_MAP);
	struct ynode *t = ynode_get(root, "title");
	assert_string_equal(t->value, "Hello");
	assert_int_equal(t->pos.line, 2);
	assert_int_equal(t->pos.col, 8);
	struct ynode *a = ynode_get(root, "authors");
	assert_int_equal(a->kind, Y_SEQ);
	struct ynode *o = ynode_get(a->kids[0], "orcid");
	assert_int_equal(o->pos.line, 5);
	assert_int_equal(o->pos.col, 12);
	ytree_free(root);
	diag_free(&d);
}

static void ytree_duplicate_and_alias(void **state)
{
	(void)state;
	const char *y = "a: 1\nb: &x 2\na: 3\nc: *x\n";
	struct diag_list d;
	diag_init(&d);
	struct ynode *root = ytree_parse("v.yaml", y, strlen(y), 1, &d);
	assert_null(root); /* the alias makes the tree unusable */
	char *out = print_diags(&d, false);
	assert_string_equal(out, "v.yaml:3:1: error: duplicate key 'a' (first given on line 1) [duplicate-key]\n"
				 "v.yaml:4:4: error: YAML alias '*x' is not accepted [yaml-alias]\n");
	free(out);
	diag_free(&d);
}

static void ytree_depth_limit(void **state)
{
	(void)state;
	struct strbuf b;
	sb_init(&b);
	sb_adds(&b, "k: ");
	for (int i = 0; i < 10000; i++)
		sb_addc(&b, '[');
	for (int i = 0; i < 10000; i++)
		sb_addc(&b, ']');
	struct diag_list d;
	diag_init(&d);
	struct ynode *root = ytree_parse("deep.yaml", b.s, b.len, 1, &d);
	assert_null(root);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].rule, R_TOO_DEEP);
	sb_free(&b);
	diag_free(&d);
}

static void ytree_null_values(void **state)
{
	(void)state;
	const char *y = "a:\nb: ~\nc: ''\nd: null\n";
	struct diag_list d;
	diag_init(&d);
	struct ynode *root = ytree_parse("n.yaml", y, strlen(y), 1, &d);
	assert_true(ynode_is_null(ynode_get(root, "a")));
	assert_true(ynode_is_null(ynode_get(root, "b")));
	assert_false(ynode_is_null(ynode_get(root, "c")));
	assert_true(ynode_is_null(ynode_get(root, "d")));
	assert_null(ynode_get(root, "e"));
	ytree_free(root);
	diag_free(&d);
}

static void text_utf8_positions(void **state)
{
	(void)state;
	struct diag_list d;
	diag_init(&d);
	assert_true(text_validate("ok", "한글 text\n", 11, &d));
	const char bad[] = "line one\n한글 \xC0\xAF overlong";
	assert_false(text_validate("bad", bad, sizeof bad - 1, &d));
	const char surrogate[] = "\xED\xA0\x80";
	assert_false(text_validate("sur", surrogate, 3, &d));
	const char nul[] = "ab\0c";
	assert_false(text_validate("nul", nul, 4, &d));
	char *out = print_diags(&d, false);
	assert_string_equal(out,
			    "bad:2:4: error: invalid UTF-8 byte 0xC0; the file must be saved as UTF-8 [invalid-utf8]\n"
			    "nul:1:3: error: NUL byte in text (is this a binary file?) [nul-byte]\n"
			    "sur:1:1: error: invalid UTF-8 byte 0xED; the file must be saved as UTF-8 [invalid-utf8]\n");
	free(out);
	diag_free(&d);
}

static void text_nfc_composes_hangul(void **state)
{
	(void)state;
	const char nfd[] = "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB"; /* ᄒ ᅡ ᆫ */
	size_t len;
	char *nfc = text_nfc(nfd, sizeof nfd - 1, &len);
	assert_string_equal(nfc, "한");
	assert_int_equal(len, 3);
	free(nfc);
	char *same = text_nfc("plain", 5, &len);
	assert_string_equal(same, "plain");
	free(same);
}

static void text_words_and_columns(void **state)
{
	(void)state;
	assert_int_equal(text_count_words("파운데이션 모델 기반의  연구"), 4);
	assert_int_equal(text_count_words(" one two\nthree "), 3);
	assert_int_equal(text_count_words(""), 0);
	assert_int_equal(text_char_col("한글abc", 7), 3);
	assert_int_equal(text_edit_distance("abstarct", "abstract"), 2);
	assert_int_equal(text_edit_distance("title", "title"), 0);
	char *t = text_trim("  x y \n");
	assert_string_equal(t, "x y");
	free(t);
}

static void inline_markdown_titles(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"`PyAutoLens`: Open-Source Lens Modeling", "PyAutoLens: Open-Source Lens Modeling"},
		{"*Drosophila* and **flies**", "Drosophila and flies"},
		{"# Not a heading", "# Not a heading"},
		{"1. Not a list", "1. Not a list"},
		{"- nor this", "- nor this"},
		{"snake_case_name in C++", "snake_case_name in C++"},
		{"A & B, x < y, AT&amp;T", "A & B, x < y, AT&T"},
		/* formulas read as text, as in pandoc's metadata */
		{"$\\Lambda$CDM at z=2", "ΛCDM at z=2"},
		{"The $x_i^2$ and $a*b*c$ case", "The xᵢ² and a ∗ b ∗ c case"},
		{"Costs $5 and $10 now", "Costs $5 and $10 now"},
		{"\\*not emphasis\\*", "*not emphasis*"},
		{"[linked](https://example.org) words", "linked words"},
		{"파운데이션 모델 `기반` 연구", "파운데이션 모델 기반 연구"},
		{"plain title", "plain title"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = md_inline_text(cases[i].in);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

/* An abstract is Markdown: its plain text (for metadata) drops the
 * markup, keeps paragraphs, and reads formulas as text. */
static void abstract_plain_text(void **state)
{
	(void)state;
	char *t = md_abstract_text("We use *Drosophila* and `grep`\nat [our site](https://x.org).\n\n\n"
				   "Costs $5 and $10.\n");
	assert_string_equal(t, "We use Drosophila and grep at our site.\n\nCosts $5 and $10.");
	free(t);
	t = md_abstract_text("plain text only");
	assert_string_equal(t, "plain text only");
	free(t);
	t = md_abstract_text("");
	assert_string_equal(t, "");
	free(t);
	/* the tree both back ends set keeps paragraphs only */
	cmark_node *doc = md_parse_abstract("One.\n\n# Heading\n\n- item\n\nTwo.");
	int n = 0;
	for (cmark_node *c = cmark_node_first_child(doc); c; c = cmark_node_next(c), n++)
		assert_int_equal(cmark_node_get_type(c), CMARK_NODE_PARAGRAPH);
	assert_int_equal(n, 2);
	cmark_node_free(doc);
}

static void pathcheck_gate(void **state)
{
	(void)state;
	char dir[] = "/tmp/quire-pathcheck-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *inside = path_join(dir, "a.png"), *link = path_join(dir, "out.png");
	FILE *f = fopen(inside, "w");
	fclose(f);
	assert_int_equal(symlink("/etc/hostname", link), 0);
	char *full;
	assert_int_equal(path_status(dir, "a.png", &full), 0);
	assert_string_equal(full, inside);
	free(full);
	assert_int_equal(path_status(dir, "../a.png", &full), 1);
	assert_int_equal(path_status(dir, "x/../../a.png", &full), 1);
	assert_int_equal(path_status(dir, "/etc/passwd", &full), 1);
	assert_int_equal(path_status(dir, "out.png", &full), 1);
	assert_int_equal(path_status(dir, "missing.png", &full), 2);
	assert_null(full);
	assert_int_equal(path_status(dir, "", &full), 1); /* the folder itself */
	/* A folder symlinked to somewhere else in the volume is fine; one that
	 * leaves it is not, even for a file deeper down; a dangling link and a
	 * missing folder are missing. */
	char *sub = path_join(dir, "figs"), *in_link = path_join(dir, "pics"),
	     *out_dir = path_join(dir, "etc"), *dangling = path_join(dir, "gone.png");
	assert_int_equal(mkdir(sub, 0755), 0);
	char *deep = path_join(sub, "b.png");
	fclose(fopen(deep, "w"));
	assert_int_equal(symlink("figs", in_link), 0);
	assert_int_equal(symlink("/etc", out_dir), 0);
	assert_int_equal(symlink("nowhere.png", dangling), 0);
	assert_int_equal(path_status(dir, "figs/b.png", &full), 0);
	free(full);
	assert_int_equal(path_status(dir, "pics/b.png", &full), 0);
	free(full);
	assert_int_equal(path_status(dir, "./figs/b.png", &full), 0);
	free(full);
	assert_int_equal(path_status(dir, "etc/hostname", &full), 1);
	assert_int_equal(path_status(dir, "gone.png", &full), 2);
	assert_int_equal(path_status(dir, "nofolder/b.png", &full), 2);
	/* A Hangul file name decomposed on disk (as macOS may leave it) is the
	 * file the NFC Markdown names; one differing in letter case is not. */
	char *nfd = path_join(sub, "\xE1\x84\x80\xE1\x85\xB3\xE1\x84\x85\xE1\x85\xB5\xE1\x86\xB7.png");
	fclose(fopen(nfd, "w"));
	assert_int_equal(path_status(dir, "figs/\xEA\xB7\xB8\xEB\xA6\xBC.png", &full), 0); /* 그림 */
	assert_string_equal(full, nfd);
	free(full);
	assert_int_equal(path_status(dir, "figs/B.png", &full), 2);
	unlink(nfd);
	free(nfd);
	unlink(deep);
	unlink(in_link);
	unlink(out_dir);
	unlink(dangling);
	rmdir(sub);
	free(deep);
	free(sub);
	free(in_link);
	free(out_dir);
	free(dangling);
	unlink(link);
	unlink(inside);
	rmdir(dir);
	free(inside);
	free(link);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(diag_sorted_and_deduplicated),
		cmocka_unit_test(diag_json_escapes),
		cmocka_unit_test(every_rule_documented),
		cmocka_unit_test(ytree_positions),
		cmocka_unit_test(ytree_duplicate_and_alias),
		cmocka_unit_test(ytree_depth_limit),
		cmocka_unit_test(ytree_null_values),
		cmocka_unit_test(text_utf8_positions),
		cmocka_unit_test(text_nfc_composes_hangul),
		cmocka_unit_test(text_words_and_columns),
		cmocka_unit_test(formatting),
		cmocka_unit_test(abstract_plain_text),
		cmocka_unit_test(pathcheck_gate),
		cmocka_unit_test(inline_markdown_titles),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
