/* Unit tests for proceedings/ident.c: real identifiers where possible. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "proceedings/ident.h"

/* ------------------------------------------------------------------ */

static void test_orcid_valid(void **state)
{
	char norm[20];
	assert_int_equal(ident_orcid("0000-0002-1825-0097", norm), IDENT_OK);
	assert_string_equal(norm, "0000-0002-1825-0097");
	assert_int_equal(ident_orcid("0000-0001-7344-3230", NULL), IDENT_OK);
	assert_int_equal(ident_orcid("0000-0001-5109-3700", NULL), IDENT_OK);
	assert_int_equal(ident_orcid("https://orcid.org/0000-0002-1825-0097", norm), IDENT_OK);
	assert_string_equal(norm, "0000-0002-1825-0097");
	assert_int_equal(ident_orcid("http://orcid.org/0000-0001-7344-3230", norm), IDENT_OK);
	assert_string_equal(norm, "0000-0001-7344-3230");
	assert_int_equal(ident_orcid("HTTPS://ORCID.ORG/0000-0002-1825-0097", NULL), IDENT_OK);
	/* X as check character, either case; normalised to upper case */
	assert_int_equal(ident_orcid("0000-0002-1694-233X", norm), IDENT_OK);
	assert_string_equal(norm, "0000-0002-1694-233X");
	assert_int_equal(ident_orcid("https://orcid.org/0000-0002-1694-233x", norm), IDENT_OK);
	assert_string_equal(norm, "0000-0002-1694-233X");
}

static void test_orcid_invalid(void **state)
{
	char norm[20];
	assert_int_equal(ident_orcid("0000-0002-1825-0098", norm), IDENT_CHECKSUM);
	assert_string_equal(norm, "0000-0002-1825-0098");
	assert_int_equal(ident_orcid("0000-0002-1694-2330", NULL), IDENT_CHECKSUM);
	assert_int_equal(ident_orcid("0000-0001-7344-323X", NULL), IDENT_CHECKSUM);
	/* shape */
	assert_int_equal(ident_orcid("0000000218250097", norm), IDENT_FORMAT);
	assert_string_equal(norm, "");
	assert_int_equal(ident_orcid("0000-0002-1825-009", NULL), IDENT_FORMAT);
	assert_int_equal(ident_orcid("0000-0002-1825-00977", NULL), IDENT_FORMAT);
	assert_int_equal(ident_orcid("0000-0002-1825-0X97", NULL), IDENT_FORMAT);
	assert_int_equal(ident_orcid("0000 0002 1825 0097", NULL), IDENT_FORMAT);
	assert_int_equal(ident_orcid("0000-0002-1825-009Y", NULL), IDENT_FORMAT);
	assert_int_equal(ident_orcid("https://example.org/0000-0002-1825-0097", NULL), IDENT_FORMAT);
	assert_int_equal(ident_orcid("https://orcid.org/0000-0002-1825-0097/", NULL), IDENT_FORMAT);
	assert_int_equal(ident_orcid("", NULL), IDENT_FORMAT);
}

/* ------------------------------------------------------------------ */

static void test_isbn(void **state)
{
	/* ISBN-13 */
	assert_int_equal(ident_isbn("978-3-16-148410-0"), IDENT_OK);
	assert_int_equal(ident_isbn("978-0-306-40615-7"), IDENT_OK);
	assert_int_equal(ident_isbn("9780262033848"), IDENT_OK);
	assert_int_equal(ident_isbn("978 0 262 03384 8"), IDENT_OK);
	assert_int_equal(ident_isbn("979-10-90636-07-1"), IDENT_OK);
	assert_int_equal(ident_isbn("ISBN 978-3-16-148410-0"), IDENT_OK);
	assert_int_equal(ident_isbn("ISBN-13: 978-3-16-148410-0"), IDENT_OK);
	assert_int_equal(ident_isbn("isbn:9783161484100"), IDENT_OK);
	/* ISBN-10 */
	assert_int_equal(ident_isbn("0-306-40615-2"), IDENT_OK);
	assert_int_equal(ident_isbn("0262033844"), IDENT_OK);
	assert_int_equal(ident_isbn("0-8044-2957-X"), IDENT_OK);
	assert_int_equal(ident_isbn("ISBN-10: 0-19-852663-6"), IDENT_OK);

	assert_int_equal(ident_isbn("978-3-16-148410-1"), IDENT_CHECKSUM);
	assert_int_equal(ident_isbn("9780262033847"), IDENT_CHECKSUM);
	assert_int_equal(ident_isbn("0-306-40615-3"), IDENT_CHECKSUM);
	assert_int_equal(ident_isbn("0-8044-2958-X"), IDENT_CHECKSUM);

	assert_int_equal(ident_isbn("977-3-16-148410-0"), IDENT_FORMAT); /* not 978/979 */
	assert_int_equal(ident_isbn("978-3-16-148410"), IDENT_FORMAT);
	assert_int_equal(ident_isbn("978-3-16-148410-00"), IDENT_FORMAT);
	assert_int_equal(ident_isbn("978--3-16-148410-0"), IDENT_FORMAT);
	assert_int_equal(ident_isbn("-978-3-16-148410-0"), IDENT_FORMAT);
	assert_int_equal(ident_isbn("978-3-16-148410-0-"), IDENT_FORMAT);
	assert_int_equal(ident_isbn("978-3-16-14841X-0"), IDENT_FORMAT);
	assert_int_equal(ident_isbn("X-306-40615-2"), IDENT_FORMAT);
	assert_int_equal(ident_isbn("ISBN-13: 0-306-40615-2"), IDENT_FORMAT);
	assert_int_equal(ident_isbn("ISBN-10: 978-3-16-148410-0"), IDENT_FORMAT);
	assert_int_equal(ident_isbn("978.3.16.148410.0"), IDENT_FORMAT);
	assert_int_equal(ident_isbn(""), IDENT_FORMAT);
}

static void test_issn(void **state)
{
	assert_int_equal(ident_issn("2049-3630"), IDENT_OK);
	assert_int_equal(ident_issn("0378-5955"), IDENT_OK);
	assert_int_equal(ident_issn("0317-8471"), IDENT_OK);
	assert_int_equal(ident_issn("1050-124X"), IDENT_OK);
	assert_int_equal(ident_issn("1050-124x"), IDENT_OK);
	assert_int_equal(ident_issn("ISSN 2049-3630"), IDENT_OK);

	assert_int_equal(ident_issn("2049-3631"), IDENT_CHECKSUM);
	assert_int_equal(ident_issn("1050-1240"), IDENT_CHECKSUM);
	assert_int_equal(ident_issn("0317-847X"), IDENT_CHECKSUM);

	assert_int_equal(ident_issn("20493630"), IDENT_FORMAT);
	assert_int_equal(ident_issn("2049-363"), IDENT_FORMAT);
	assert_int_equal(ident_issn("2049 3630"), IDENT_FORMAT);
	assert_int_equal(ident_issn("204X-3630"), IDENT_FORMAT);
	assert_int_equal(ident_issn("2049-3630 "), IDENT_FORMAT);
	assert_int_equal(ident_issn(""), IDENT_FORMAT);
}

/* ------------------------------------------------------------------ */

static void test_doi(void **state)
{
	assert_int_equal(ident_doi("10.1000/182"), IDENT_OK);
	assert_int_equal(ident_doi("10.1038/nphys1170"), IDENT_OK);
	assert_int_equal(ident_doi("10.1016/j.cell.2020.01.001"), IDENT_OK);
	assert_int_equal(ident_doi("10.5281/zenodo.1234567"), IDENT_OK);
	assert_int_equal(ident_doi("10.1002/(SICI)1097-4636(199711)37:2<261::AID-JBM17>3.0.CO;2-P"),
			 IDENT_OK);
	assert_int_equal(ident_doi("10.1000.10/123456"), IDENT_OK);
	assert_int_equal(ident_doi("10.123456789/x"), IDENT_OK);
	assert_int_equal(ident_doi("https://doi.org/10.1038/nphys1170"), IDENT_OK);
	assert_int_equal(ident_doi("http://dx.doi.org/10.1038/nphys1170"), IDENT_OK);
	assert_int_equal(ident_doi("doi:10.1038/nphys1170"), IDENT_OK);
	assert_int_equal(ident_doi("DOI: 10.1038/nphys1170"), IDENT_OK);
	assert_int_equal(ident_doi("10.1234/caf\xc3\xa9"), IDENT_OK);

	assert_int_equal(ident_doi("10.123/abc"), IDENT_FORMAT);
	assert_int_equal(ident_doi("10.1234567890/abc"), IDENT_FORMAT);
	assert_int_equal(ident_doi("11.1234/abc"), IDENT_FORMAT);
	assert_int_equal(ident_doi("10.1234"), IDENT_FORMAT);
	assert_int_equal(ident_doi("10.1234/"), IDENT_FORMAT);
	assert_int_equal(ident_doi("10.1234/a b"), IDENT_FORMAT);
	assert_int_equal(ident_doi("10.1234/a\tb"), IDENT_FORMAT);
	assert_int_equal(ident_doi("10.1234/ab\n"), IDENT_FORMAT);
	assert_int_equal(ident_doi("10.1234/\xff"), IDENT_FORMAT);
	assert_int_equal(ident_doi("10.12a4/abc"), IDENT_FORMAT);
	assert_int_equal(ident_doi("https://example.org/10.1038/nphys1170"), IDENT_FORMAT);
	assert_int_equal(ident_doi(""), IDENT_FORMAT);
}

static void test_doi_prefix(void **state)
{
	assert_int_equal(ident_doi_prefix("10.1234"), IDENT_OK);
	assert_int_equal(ident_doi_prefix("10.5281"), IDENT_OK);
	assert_int_equal(ident_doi_prefix("10.1000.10"), IDENT_OK);
	assert_int_equal(ident_doi_prefix("10.123456789"), IDENT_OK);

	assert_int_equal(ident_doi_prefix("10.1234/abc"), IDENT_FORMAT);
	assert_int_equal(ident_doi_prefix("10.123"), IDENT_FORMAT);
	assert_int_equal(ident_doi_prefix("10.1234."), IDENT_FORMAT);
	assert_int_equal(ident_doi_prefix("11.1234"), IDENT_FORMAT);
	assert_int_equal(ident_doi_prefix("10.1234\n"), IDENT_FORMAT);
	/* Arabic-Indic digits are digits to Unicode, not to the DOI system */
	assert_int_equal(ident_doi_prefix("10.\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4"), IDENT_FORMAT);
	assert_int_equal(ident_doi_prefix(""), IDENT_FORMAT);
}

/* ------------------------------------------------------------------ */

static void test_ror(void **state)
{
	assert_int_equal(ident_ror("02mhbdp94"), IDENT_OK);
	assert_int_equal(ident_ror("04h9pn542"), IDENT_OK);
	assert_int_equal(ident_ror("01an7q238"), IDENT_OK);
	assert_int_equal(ident_ror("05gq02987"), IDENT_OK);
	assert_int_equal(ident_ror("https://ror.org/02mhbdp94"), IDENT_OK);
	assert_int_equal(ident_ror("http://ror.org/04h9pn542"), IDENT_OK);
	assert_int_equal(ident_ror("02MHBDP94"), IDENT_OK);

	assert_int_equal(ident_ror("02mhbdp95"), IDENT_CHECKSUM);
	assert_int_equal(ident_ror("02mhbdp49"), IDENT_CHECKSUM);
	assert_int_equal(ident_ror("04h9pn543"), IDENT_CHECKSUM);
	assert_int_equal(ident_ror("01an7q283"), IDENT_CHECKSUM);

	assert_int_equal(ident_ror("02mhbdp9"), IDENT_FORMAT);
	assert_int_equal(ident_ror("02mhbdp944"), IDENT_FORMAT);
	assert_int_equal(ident_ror("12mhbdp94"), IDENT_FORMAT);  /* must start with 0 */
	assert_int_equal(ident_ror("0lmhbdp94"), IDENT_FORMAT);  /* l is not Crockford */
	assert_int_equal(ident_ror("02mhbup94"), IDENT_FORMAT);  /* nor is u */
	assert_int_equal(ident_ror("02mhbdpa4"), IDENT_FORMAT);  /* check digits are digits */
	assert_int_equal(ident_ror("https://example.org/02mhbdp94"), IDENT_FORMAT);
	assert_int_equal(ident_ror(""), IDENT_FORMAT);
}

/* ------------------------------------------------------------------ */

static void test_email(void **state)
{
	assert_true(ident_email("jane@example.org"));
	assert_true(ident_email("jane.doe+quire@mail.example.co.uk"));
	assert_true(ident_email("j_o-e@sub-domain.example.museum"));
	assert_true(ident_email("hong@\xed\x95\x9c\xea\xb5\xad.\xed\x95\x9c\xea\xb5\xad")); /* 한국.한국 */
	assert_true(ident_email("user@m\xc3\xbcnchen.de"));
	assert_true(ident_email("user@example.xn--p1ai"));
	assert_true(ident_email("1234@123.example.com"));

	assert_false(ident_email("jane"));
	assert_false(ident_email("jane@"));
	assert_false(ident_email("@example.org"));
	assert_false(ident_email("jane@example"));
	assert_false(ident_email("jane@example.c"));
	assert_false(ident_email("jane@example.c0m"));
	assert_false(ident_email("jane@@example.org"));
	assert_false(ident_email("jane@doe@example.org"));
	assert_false(ident_email("jane doe@example.org"));
	assert_false(ident_email("jane@exa mple.org"));
	assert_false(ident_email("jane@-example.org"));
	assert_false(ident_email("jane@example-.org"));
	assert_false(ident_email("jane@example..org"));
	assert_false(ident_email("jane@example.org."));
	assert_false(ident_email(".jane@example.org"));
	assert_false(ident_email("jane..doe@example.org"));
	assert_false(ident_email("jane@exam_ple.org"));
	assert_false(ident_email("jane@example.org\n"));
	assert_false(ident_email("jane@ex\xffmple.org"));
	assert_false(ident_email(""));
}

/* ------------------------------------------------------------------ */

static void test_spdx(void **state)
{
	static const char *const good[] = {
		"CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-ND-4.0", "CC-BY-NC-SA-3.0-IGO",
		"CC0-1.0", "CC-BY-1.0", "CC-BY-ND-2.5", "MIT", "Apache-2.0",
		"BSD-3-Clause", "BSD-2-Clause", "GPL-3.0-or-later", "GPL-2.0-only",
		"LGPL-2.1-or-later", "AGPL-3.0-only", "MPL-2.0", "ISC", "Unlicense",
		"EPL-2.0", "OFL-1.1", "0BSD", "Zlib",
		"cc-by-4.0", "mit", "APACHE-2.0", "gpl-3.0-OR-LATER",
		"GPL-2.0+", "LGPL-2.1+", "Apache-2.0+",
		"MIT OR Apache-2.0", "mit or apache-2.0", "MIT AND CC-BY-4.0",
		"GPL-2.0-or-later WITH Classpath-exception-2.0",
		"Apache-2.0 WITH LLVM-exception",
		"(MIT OR Apache-2.0) AND CC-BY-4.0",
		"CC-BY-4.0 OR (GPL-3.0-only WITH GCC-exception-3.1 AND MIT)",
		"((MIT))",
		"LicenseRef-my-licence",
		"DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
		"MIT OR LicenseRef-Proprietary",
	};
	static const char *const bad[] = {
		"", " ", "CC-BY", "CC-BY-5.0", "CC BY 4.0", "CC-BY-4", "MIT License",
		"Apache 2.0", "GPL", "GPLv3", "public domain", "proprietary",
		"MIT OR", "OR MIT", "MIT AND AND Apache-2.0", "MIT Apache-2.0",
		"MIT Or Apache-2.0", /* operators are all upper or all lower case */
		"(MIT", "MIT)", "()", "MIT WITH", "MIT WITH MIT",
		"Classpath-exception-2.0", "GPL-2.0-only WITH Nonexistent-exception",
		"GPL-2.0-only+", "GPL-3.0-or-later+", "MIT++", "+",
		"(MIT OR Apache-2.0) WITH LLVM-exception",
		"LicenseRef-", "LicenseRef-a_b",
		"MIT,Apache-2.0",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (!ident_spdx(good[i]))
			fail_msg("should accept \"%s\"", good[i]);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (ident_spdx(bad[i]))
			fail_msg("should reject \"%s\"", bad[i]);
	}
	/* deep nesting is refused, not a stack overflow */
	char deep[400];
	memset(deep, '(', 150);
	strcpy(deep + 150, "MIT");
	memset(deep + 153, ')', 150);
	deep[303] = '\0';
	assert_false(ident_spdx(deep));
}

/* ------------------------------------------------------------------ */

static void expect_date(const char *s, int y, int m, int d)
{
	struct ident_date dt = {-1, -1, -1};
	if (!ident_date(s, &dt))
		fail_msg("should accept date \"%s\"", s);
	if (dt.year != y || dt.month != m || dt.day != d)
		fail_msg("\"%s\" gave %d-%d-%d, expected %d-%d-%d", s, dt.year, dt.month,
			 dt.day, y, m, d);
}

static void test_date_valid(void **state)
{
	expect_date("2020", 2020, 0, 0);
	expect_date("2020-06", 2020, 6, 0);
	expect_date("2020-06-23", 2020, 6, 23);
	expect_date("2020/06/23", 2020, 6, 23);
	expect_date("2020-06-23.", 2020, 6, 23);
	expect_date("2020.", 2020, 0, 0);
	expect_date("2024-02-29", 2024, 2, 29);
	expect_date("2000-02-29", 2000, 2, 29);
	expect_date("1000-01-01", 1000, 1, 1);
	expect_date("9999-12-31", 9999, 12, 31);
	expect_date("11th October 2016", 2016, 10, 11);
	expect_date("02 December 2019", 2019, 12, 2);
	expect_date("1st May 2026", 2026, 5, 1);
	expect_date("2nd May 2026", 2026, 5, 2);
	expect_date("3rd May 2026", 2026, 5, 3);
	expect_date("21st May 2026", 2026, 5, 21);
	expect_date("22nd May 2026", 2026, 5, 22);
	expect_date("12th May 2026", 2026, 5, 12);
	expect_date("23 June 2020.", 2020, 6, 23);
	expect_date("23 jun 2020", 2020, 6, 23);
	expect_date("23 JUNE 2020", 2020, 6, 23);
	expect_date("1 Sept 2021", 2021, 9, 1);
	expect_date("October 11, 2016", 2016, 10, 11);
	expect_date("October 11 2016", 2016, 10, 11);
	expect_date("Oct. 11, 2016", 2016, 10, 11);
	expect_date("February 29th, 2024", 2024, 2, 29);
	expect_date("October 2016", 2016, 10, 0);
	expect_date("dec 2019", 2019, 12, 0);
	expect_date("May 2020.", 2020, 5, 0);
	expect_date("2026\xeb\x85\x84 11\xec\x9b\x94 20\xec\x9d\xbc", 2026, 11, 20); /* 2026년 11월 20일 */
	expect_date("2026\xeb\x85\x84 11\xec\x9b\x94", 2026, 11, 0);                 /* 2026년 11월 */
	expect_date("2026\xeb\x85\x84 2\xec\x9b\x94 3\xec\x9d\xbc", 2026, 2, 3);
	expect_date("2026\xeb\x85\x84 11\xec\x9b\x94 20\xec\x9d\xbc.", 2026, 11, 20);
	assert_true(ident_date("2020", NULL));
}

static void test_date_invalid(void **state)
{
	static const char *const bad[] = {
		"", "20", "999", "0999", "10000", "2020-13", "2020-00", "2020-06-00",
		"2020-02-30", "2021-02-29", "1900-02-29", "2020-04-31", "2020-6-3",
		"2020-06-23T10:00", "2020/06", "2020.06.23", "23/06/2020",
		"06/23/2020", "2020-06/23",
		"XX April 2020", "xx April 2020", "?? April 2020",
		"April XX, 2020", "30 February 2020", "29 February 2021",
		"31 April 2020", "0 April 2020", "32 May 2020",
		"11st October 2016", "1th May 2026", "2st May 2026", "13rd May 2026",
		"23 Juneteenth 2020", "23 Jui 2020", "23 Janu 2020", "Smarch 2020",
		"23 June 20", "23 June 999", "June", "23 June", "23 June 2020..",
		"23 June 2020 2021", "the 23rd of June", "2020-06-23..",
		"2020-06-23 .",
		"2026\xeb\x85\x84 13\xec\x9b\x94",                       /* month 13 */
		"2026\xeb\x85\x84 2\xec\x9b\x94 30\xec\x9d\xbc",          /* Feb 30 */
		"2026\xeb\x85\x84 0\xec\x9b\x94",
		"2026\xeb\x85\x84 20\xec\x9d\xbc",                        /* day without month */
		"2020\xff",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct ident_date dt = {7, 7, 7};
		if (ident_date(bad[i], &dt))
			fail_msg("should reject date \"%s\"", bad[i]);
		if (dt.year != 7 || dt.month != 7 || dt.day != 7)
			fail_msg("\"%s\" wrote *out on failure", bad[i]);
	}
}

/* ------------------------------------------------------------------ */

static void test_lang(void **state)
{
	static const char *const good[] = {
		"en", "ko", "de", "EN", "en-GB", "en-gb", "EN-us", "zh-Hant",
		"zh-Hant-TW", "sr-Latn-RS", "es-419", "de-CH-1901", "sl-rozaj-biske",
		"haw", "gsw-CH", "zh-yue", "zh-yue-HK", "en-US-x-twain",
		"de-DE-u-co-phonebk", "en-1234", "yi", "bh", "zu", "fil", "ast",
	};
	static const char *const bad[] = {
		"", "e", "english", "English", "xx", "qq", "zz-GB", "en_GB", "en-",
		"-en", "en--GB", "en-G", "en-GBR1", "en-12", "en-12a", "en-Latn-Latn",
		"en-x", "en-x-", "en-u", "en GB", "en-GB ", "x-private", "i-klingon",
		"\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4", /* 한국어 */
		"en-US-x-abcdefghi",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (!ident_lang(good[i]))
			fail_msg("should accept language \"%s\"", good[i]);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (ident_lang(bad[i]))
			fail_msg("should reject language \"%s\"", bad[i]);
	}
}

/* ------------------------------------------------------------------ */

static void test_slug(void **state)
{
	char s64[65], s65[66];
	memset(s64, 'a', 64);
	s64[64] = '\0';
	memset(s65, 'a', 65);
	s65[65] = '\0';

	assert_true(ident_slug("a"));
	assert_true(ident_slug("0"));
	assert_true(ident_slug("paper-01"));
	assert_true(ident_slug("2026-keynote"));
	assert_true(ident_slug("a--b"));
	assert_true(ident_slug(s64));

	assert_false(ident_slug(""));
	assert_false(ident_slug(s65));
	assert_false(ident_slug("-paper"));
	assert_false(ident_slug("paper-"));
	assert_false(ident_slug("Paper"));
	assert_false(ident_slug("paper_01"));
	assert_false(ident_slug("paper 01"));
	assert_false(ident_slug("paper.01"));
	assert_false(ident_slug("caf\xc3\xa9"));
	assert_false(ident_slug("a/b"));
}

/* ------------------------------------------------------------------ */

static void test_url_ok(void **state)
{
	assert_int_equal(ident_url("https://example.org"), URL_OK);
	assert_int_equal(ident_url("https://example.org/"), URL_OK);
	assert_int_equal(ident_url("http://example.org/a/b?c=d&e=f#g"), URL_OK);
	assert_int_equal(ident_url("HTTPS://EXAMPLE.ORG/Path"), URL_OK);
	assert_int_equal(ident_url("https://user:pw@example.org:8443/x"), URL_OK);
	assert_int_equal(ident_url("http://localhost:8080"), URL_OK);
	assert_int_equal(ident_url("http://192.168.0.1/"), URL_OK);
	assert_int_equal(ident_url("http://[2001:db8::1]:80/"), URL_OK);
	assert_int_equal(ident_url("https://m\xc3\xbcnchen.de/stra\xc3\x9f" "e"), URL_OK);
	assert_int_equal(ident_url("https://example.org?q=1"), URL_OK);
	assert_int_equal(ident_url("https://doi.org/10.1038/nphys1170"), URL_OK);
	assert_int_equal(ident_url("ftp://ftp.example.org/pub/file.txt"), URL_OK);
	assert_int_equal(ident_url("mailto:jane@example.org"), URL_OK);
	assert_int_equal(ident_url("MailTo:jane@example.org?subject=Hi"), URL_OK);
}

static void test_url_relative(void **state)
{
	assert_int_equal(ident_url("#sec-intro"), URL_RELATIVE);
	assert_int_equal(ident_url("#sec:intro"), URL_RELATIVE);
	assert_int_equal(ident_url("figures/plot.png"), URL_RELATIVE);
	assert_int_equal(ident_url("./paper.pdf"), URL_RELATIVE);
	assert_int_equal(ident_url("../shared/logo.svg"), URL_RELATIVE);
	assert_int_equal(ident_url("/about"), URL_RELATIVE);
	assert_int_equal(ident_url("a/b:c"), URL_RELATIVE);
	assert_int_equal(ident_url("?page=2:3"), URL_RELATIVE);
	assert_int_equal(ident_url("javascript%3Aalert(1)"), URL_RELATIVE);
	assert_int_equal(ident_url("caf\xc3\xa9.html"), URL_RELATIVE);
}

static void test_url_unsafe(void **state)
{
	static const char *const bad[] = {
		"javascript:alert(1)",
		"JavaScript:alert(1)",
		"JAVASCRIPT:alert(1)",
		"java\tscript:alert(1)",
		"java\nscript:alert(1)",
		"java\rscript:alert(1)",
		"\x01javascript:alert(1)",
		"\x7fjavascript:alert(1)",
		" javascript:alert(1)",
		"javascript :alert(1)",
		"j a v a s c r i p t:alert(1)",
		"javascript:/alert(1)",
		"vbscript:msgbox(1)",
		"VBScript:msgbox(1)",
		"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
		"data:image/png;base64,AAAA",
		"file:///etc/passwd",
		"FILE://server/share",
		"ssh://example.org",
		"tel:+441234567890",
		"httpx://example.org",
		"https+evil:foo",
		"j\xd0\xb0vascript:alert(1)", /* Cyrillic a */
		"\xc2\xa0javascript:alert(1)",  /* no-break space is not stripped by browsers */
		"\xe2\x80\x8bjavascript:alert(1)",
		"C:\\Users\\me\\paper.pdf",
		"c:/Users/me/paper.pdf",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (ident_url(bad[i]) != URL_UNSAFE)
			fail_msg("\"%s\" should be URL_UNSAFE, got %d", bad[i], (int)ident_url(bad[i]));
	}
}

static void test_url_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"https:",
		"https:/example.org",
		"https://",
		"https:///path",
		"https://?q",
		"http:example.org",
		"ftp:",
		"mailto:",
		"ht\ttp://example.org",         /* allowed scheme, hidden tab */
		" https://example.org",
		"https://exa mple.org",
		"https://example.org/a b",
		"https://example.org/\n",
		"https://example.org/\xe2\x80\xae" "fdp.exe", /* bidi override */
		"https://-example.org",
		"https://example.org:port",
		"https://example.org:123456",
		"https://exa<mple.org",
		"https:\\\\example.org",
		"//example.org/x",
		"\\\\server\\share",
		"my paper.pdf",
		"figures/\tplot.png",
		"https://ex\xffmple.org",
		"fig\xff.png",
		":foo",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (ident_url(bad[i]) != URL_MALFORMED)
			fail_msg("\"%s\" should be URL_MALFORMED, got %d", bad[i], (int)ident_url(bad[i]));
	}
}

/* ------------------------------------------------------------------ */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orcid_valid),
		cmocka_unit_test(test_orcid_invalid),
		cmocka_unit_test(test_isbn),
		cmocka_unit_test(test_issn),
		cmocka_unit_test(test_doi),
		cmocka_unit_test(test_doi_prefix),
		cmocka_unit_test(test_ror),
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_spdx),
		cmocka_unit_test(test_date_valid),
		cmocka_unit_test(test_date_invalid),
		cmocka_unit_test(test_lang),
		cmocka_unit_test(test_slug),
		cmocka_unit_test(test_url_ok),
		cmocka_unit_test(test_url_relative),
		cmocka_unit_test(test_url_unsafe),
		cmocka_unit_test(test_url_malformed),
	};
	return cmocka_run_group_tests_name("ident", tests, NULL, NULL);
}
