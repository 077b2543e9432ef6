/* Identifier validators; see ident.h.  Checksums are done by hand, shapes
 * that are easier to read as a regular expression use PCRE2. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pthread.h>
#include <pcre2.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* Pattern cache */

enum pat {
	P_DOI,
	P_DOI_PREFIX,
	P_EMAIL,
	P_DATE_ISO,
	P_DATE_TEXT,
	P_DATE_KO,
	P_LANG,
	P_HOST,
	P_URL_BAD,
	P_COUNT
};

/* Unicode-aware patterns use UCP, so \d would match any script's digits:
 * the patterns spell ASCII digits as [0-9] on purpose. */
#define U (PCRE2_UTF | PCRE2_UCP)
#define LABEL "[\\p{L}\\p{N}](?:[\\p{L}\\p{M}\\p{N}_-]*[\\p{L}\\p{M}\\p{N}])?"

static const struct {
	const char *src;
	uint32_t opts;
} pat_src[P_COUNT] = {
	[P_DOI] = {"\\A10\\.[0-9]{4,9}(?:\\.[0-9]+)*/[^\\s\\p{Cc}]+\\z", U},
	[P_DOI_PREFIX] = {"\\A10\\.[0-9]{4,9}(?:\\.[0-9]+)*\\z", 0},
	[P_EMAIL] = {"\\A(?=[^@]{1,64}@)"
		     "[^\\s\\p{Cc}\\p{Cf}@.\"(),:;<>\\[\\]\\\\]+"
		     "(?:\\.[^\\s\\p{Cc}\\p{Cf}@.\"(),:;<>\\[\\]\\\\]+)*"
		     "@(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{M}\\p{N}-]{0,61}[\\p{L}\\p{M}\\p{N}])?\\.)+"
		     "(?:\\p{L}[\\p{L}\\p{M}]{1,62}|xn--[a-z0-9-]{1,59})\\z",
		     U | PCRE2_CASELESS},
	/* 1-3: YYYY[-MM[-DD]]; 4-6: YYYY/MM/DD; then one optional '.' */
	[P_DATE_ISO] = {"\\A(?:([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?"
			"|([0-9]{4})/([0-9]{2})/([0-9]{2}))\\.?\\z", 0},
	/* 1-4: D[th] [of] Month[.][,] YYYY; 5-8: Month[.] D[th][,] YYYY;
	 * 9-10: Month[.][,] YYYY; then one optional '.' */
	[P_DATE_TEXT] = {"\\A(?:([0-9]{1,2})(st|nd|rd|th)?(?:\\s+of)?\\s+([a-z]+)\\.?,?\\s+([0-9]{4})"
			 "|([a-z]+)\\.?\\s+([0-9]{1,2})(st|nd|rd|th)?,?\\s+([0-9]{4})"
			 "|([a-z]+)\\.?,?\\s+([0-9]{4}))\\.?\\z",
			 U | PCRE2_CASELESS},
	[P_DATE_KO] = {"\\A([0-9]{4})\\s*년(?:\\s*([0-9]{1,2})\\s*월(?:\\s*([0-9]{1,2})\\s*일)?)?\\.?\\z", U},
	/* language, extlangs, script, region, variants, extensions, private use */
	[P_LANG] = {"\\A([a-z]{2,3})(?:-[a-z]{3}){0,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?"
		    "(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
		    "(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*"
		    "(?:-x(?:-[a-z0-9]{1,8})+)?\\z",
		    PCRE2_CASELESS},
	/* [userinfo@](hostname | [IPv6])[:port] */
	[P_HOST] = {"\\A(?:[^@\\s/?#]+@)?(?:\\[[0-9a-f:.]+\\]|" LABEL "(?:\\." LABEL ")*\\.?)(?::[0-9]{1,5})?\\z",
		    U | PCRE2_CASELESS},
	/* Characters that never belong in a URL as written by an author. */
	[P_URL_BAD] = {"[\\s\\p{Cc}\\p{Cf}\\\\]", U},
};

static pcre2_code *pat_code[P_COUNT];

/* All patterns at once, the first time any is needed: checking runs on
 * several threads. */
static void compile_all(void)
{
	for (int p = 0; p < P_COUNT; p++) {
		int err;
		PCRE2_SIZE off;
		pat_code[p] = pcre2_compile((PCRE2_SPTR)pat_src[p].src, PCRE2_ZERO_TERMINATED,
					    pat_src[p].opts, &err, &off, NULL);
		if (!pat_code[p]) {
			/* A broken built-in pattern is a programming error. */
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(err, msg, sizeof msg);
			fprintf(stderr, "quire: internal error: ident pattern %d: %s at offset %zu\n",
				(int)p, (const char *)msg, (size_t)off);
			abort();
		}
		/* Machine code for the patterns where PCRE2 has a JIT: every link
		 * and reference URL goes through them.  Without one (an error
		 * return), matching is interpreted, with the same results. */
		pcre2_jit_compile(pat_code[p], PCRE2_JIT_COMPLETE);
	}
}

static pcre2_code *pat_get(enum pat p)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, compile_all);
	return pat_code[p];
}

/* Match pattern p against the whole of s.  Returns match data the caller
 * frees with pcre2_match_data_free, or NULL when there is no match (invalid
 * UTF-8 counts as no match). */
static pcre2_match_data *pat_match(enum pat p, const char *s)
{
	pcre2_code *re = pat_get(p);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	if (!md) {
		fprintf(stderr, "quire: out of memory\n");
		abort();
	}
	int rc = pcre2_match(re, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL);
	if (rc < 0) {
		pcre2_match_data_free(md);
		return NULL;
	}
	return md;
}

static bool pat_test(enum pat p, const char *s)
{
	pcre2_match_data *md = pat_match(p, s);
	bool found = md != NULL;
	pcre2_match_data_free(md); /* NULL is fine */
	return found;
}

static bool group_set(pcre2_match_data *md, int g)
{
	if ((uint32_t)g >= pcre2_get_ovector_count(md))
		return false;
	return pcre2_get_ovector_pointer(md)[2 * g] != PCRE2_UNSET;
}

/* Value of an all-digit group (at most 4 digits in every pattern), or 0. */
static int group_int(pcre2_match_data *md, const char *s, int g)
{
	if (!group_set(md, g))
		return 0;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	int v = 0;
	for (PCRE2_SIZE i = ov[2 * g]; i < ov[2 * g + 1]; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static const char *group_ptr(pcre2_match_data *md, const char *s, int g, size_t *len)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	*len = ov[2 * g + 1] - ov[2 * g];
	return s + ov[2 * g];
}

/* ------------------------------------------------------------------ */
/* Small ASCII helpers: locale-independent on purpose. */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Does the n-byte string a equal NUL-terminated b, ignoring ASCII case? */
static bool ieq_n(const char *a, size_t n, const char *b)
{
	for (size_t i = 0; i < n; i++) {
		if (!b[i] || lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return false;
	}
	return b[n] == '\0';
}

static bool istarts(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		if (!*s || lower((unsigned char)*s) != lower((unsigned char)*prefix))
			return false;
	}
	return true;
}

/* Skip the first (case-insensitively) matching prefix of a NULL-terminated list. */
static const char *skip_prefix(const char *s, const char *const *prefixes)
{
	for (; *prefixes; prefixes++) {
		if (istarts(s, *prefixes))
			return s + strlen(*prefixes);
	}
	return s;
}

/* ------------------------------------------------------------------ */
/* ORCID */

enum ident_status ident_orcid(const char *s, char *norm)
{
	static const char *const prefixes[] = {
		"https://orcid.org/", "http://orcid.org/", "https://www.orcid.org/",
		"http://www.orcid.org/", "orcid.org/", NULL};
	if (norm)
		norm[0] = '\0';
	const char *p = skip_prefix(s, prefixes);
	if (strlen(p) != 19)
		return IDENT_FORMAT;

	int total = 0;
	for (int i = 0; i < 19; i++) {
		if (i % 5 == 4) {
			if (p[i] != '-')
				return IDENT_FORMAT;
		} else if (i < 18 && !is_digit(p[i])) {
			return IDENT_FORMAT;
		} else if (i < 18) {
			total = (total + (p[i] - '0')) * 2; /* ISO 7064 MOD 11-2 */
		}
	}
	char last = (char)lower((unsigned char)p[18]);
	if (!is_digit(last) && last != 'x')
		return IDENT_FORMAT;
	if (norm) {
		memcpy(norm, p, 18);
		norm[18] = last == 'x' ? 'X' : last;
		norm[19] = '\0';
	}
	int check = (12 - total % 11) % 11;
	int got = last == 'x' ? 10 : last - '0';
	return check == got ? IDENT_OK : IDENT_CHECKSUM;
}

/* ------------------------------------------------------------------ */
/* ISBN and ISSN */

enum ident_status ident_isbn(const char *s)
{
	const char *p = s;
	int want = 0; /* digits required by an "ISBN-10"/"ISBN-13" prefix */
	if (istarts(p, "isbn")) {
		p += 4;
		if (p[0] == '-' && p[1] == '1' && (p[2] == '0' || p[2] == '3')) {
			want = p[2] == '0' ? 10 : 13;
			p += 3;
		}
		if (*p == ':')
			p++;
		while (*p == ' ')
			p++;
	}

	int d[13];
	int n = 0;
	bool sep = true; /* just after a separator, or at the start */
	for (; *p; p++) {
		if (is_digit(*p) || ((*p == 'X' || *p == 'x') && n == 9 && p[1] == '\0')) {
			if (n == 13)
				return IDENT_FORMAT;
			d[n++] = is_digit(*p) ? *p - '0' : 10;
			sep = false;
		} else if ((*p == '-' || *p == ' ') && !sep) {
			sep = true;
		} else {
			return IDENT_FORMAT;
		}
	}
	if (sep || (n != 10 && n != 13) || (want && n != want))
		return IDENT_FORMAT;

	int sum = 0;
	if (n == 13) {
		if (d[0] != 9 || d[1] != 7 || (d[2] != 8 && d[2] != 9))
			return IDENT_FORMAT; /* only the Bookland prefixes 978/979 exist */
		for (int i = 0; i < 13; i++)
			sum += d[i] * (i % 2 ? 3 : 1);
		return sum % 10 == 0 ? IDENT_OK : IDENT_CHECKSUM;
	}
	for (int i = 0; i < 10; i++)
		sum += d[i] * (10 - i);
	return sum % 11 == 0 ? IDENT_OK : IDENT_CHECKSUM;
}

enum ident_status ident_issn(const char *s)
{
	const char *p = s;
	if (istarts(p, "issn")) {
		p += 4;
		if (*p == ':')
			p++;
		while (*p == ' ')
			p++;
	}
	if (strlen(p) != 9 || p[4] != '-')
		return IDENT_FORMAT;
	int sum = 0, w = 8;
	for (int i = 0; i < 8; i++) {
		if (i == 4)
			continue;
		if (!is_digit(p[i]))
			return IDENT_FORMAT;
		sum += (p[i] - '0') * w--;
	}
	int c = lower((unsigned char)p[8]);
	if (!is_digit(c) && c != 'x')
		return IDENT_FORMAT;
	int check = (11 - sum % 11) % 11;
	return check == (c == 'x' ? 10 : c - '0') ? IDENT_OK : IDENT_CHECKSUM;
}

/* ------------------------------------------------------------------ */
/* DOI */

enum ident_status ident_doi(const char *s)
{
	static const char *const prefixes[] = {
		"https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
		"http://dx.doi.org/", "doi:", NULL};
	const char *p = skip_prefix(s, prefixes);
	if (p != s && p[-1] == ':')
		while (*p == ' ')
			p++;
	return pat_test(P_DOI, p) ? IDENT_OK : IDENT_FORMAT;
}

enum ident_status ident_doi_prefix(const char *s)
{
	return pat_test(P_DOI_PREFIX, s) ? IDENT_OK : IDENT_FORMAT;
}

/* ------------------------------------------------------------------ */
/* ROR */

/* Crockford base32 value of c (either case), or -1; i, l, o and u are not
 * part of the alphabet ROR uses. */
static int crockford(int c)
{
	static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
	const char *q = strchr(alphabet, lower(c));
	return c && q ? (int)(q - alphabet) : -1;
}

enum ident_status ident_ror(const char *s)
{
	static const char *const prefixes[] = {
		"https://ror.org/", "http://ror.org/", "https://www.ror.org/",
		"http://www.ror.org/", "ror.org/", NULL};
	const char *p = skip_prefix(s, prefixes);
	if (strlen(p) != 9 || p[0] != '0' || !is_digit(p[7]) || !is_digit(p[8]))
		return IDENT_FORMAT;
	long long n = 0;
	for (int i = 0; i < 7; i++) {
		int v = crockford((unsigned char)p[i]);
		if (v < 0)
			return IDENT_FORMAT;
		n = n * 32 + v;
	}
	int check = (int)(98 - (n * 100) % 97);
	return check == (p[7] - '0') * 10 + (p[8] - '0') ? IDENT_OK : IDENT_CHECKSUM;
}

/* ------------------------------------------------------------------ */
/* E-mail */

bool ident_email(const char *s)
{
	/* The pattern bounds the local part and the labels; RFC 5321 also
	 * bounds the whole path. */
	return strlen(s) <= 254 && pat_test(P_EMAIL, s);
}

/* ------------------------------------------------------------------ */
/* SPDX */

/* The most used ids of the SPDX License List, deprecated ones (GPL-2.0,
 * ...) included because they are still common in the wild. */
static const char *const spdx_licenses[] = {
	"0BSD", "AAL", "AFL-1.1", "AFL-1.2", "AFL-2.0", "AFL-2.1", "AFL-3.0",
	"AGPL-1.0", "AGPL-1.0-only", "AGPL-1.0-or-later", "AGPL-3.0",
	"AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-1.0", "Apache-1.1",
	"Apache-2.0", "APL-1.0", "APSL-1.0", "APSL-1.1", "APSL-1.2", "APSL-2.0",
	"Artistic-1.0", "Artistic-1.0-cl8", "Artistic-1.0-Perl", "Artistic-2.0",
	"Beerware", "BitTorrent-1.0", "BitTorrent-1.1", "blessing",
	"BlueOak-1.0.0", "BSD-1-Clause", "BSD-2-Clause", "BSD-2-Clause-Patent",
	"BSD-2-Clause-Views", "BSD-3-Clause", "BSD-3-Clause-Attribution",
	"BSD-3-Clause-Clear", "BSD-3-Clause-LBNL", "BSD-3-Clause-Modification",
	"BSD-3-Clause-No-Military-License", "BSD-3-Clause-No-Nuclear-License",
	"BSD-3-Clause-No-Nuclear-License-2014", "BSD-3-Clause-No-Nuclear-Warranty",
	"BSD-3-Clause-Open-MPI", "BSD-4-Clause", "BSD-4-Clause-Shortened",
	"BSD-4-Clause-UC", "BSD-Protection", "BSD-Source-Code", "BSL-1.0",
	"BUSL-1.1", "bzip2-1.0.6", "C-UDA-1.0", "CAL-1.0",
	"CAL-1.0-Combined-Work-Exception", "CATOSL-1.1",
	/* Creative Commons, every generic version and the common ports */
	"CC-BY-1.0", "CC-BY-2.0", "CC-BY-2.5", "CC-BY-2.5-AU", "CC-BY-3.0",
	"CC-BY-3.0-AT", "CC-BY-3.0-AU", "CC-BY-3.0-DE", "CC-BY-3.0-IGO",
	"CC-BY-3.0-NL", "CC-BY-3.0-US", "CC-BY-4.0",
	"CC-BY-NC-1.0", "CC-BY-NC-2.0", "CC-BY-NC-2.5", "CC-BY-NC-3.0",
	"CC-BY-NC-3.0-DE", "CC-BY-NC-4.0",
	"CC-BY-NC-ND-1.0", "CC-BY-NC-ND-2.0", "CC-BY-NC-ND-2.5", "CC-BY-NC-ND-3.0",
	"CC-BY-NC-ND-3.0-DE", "CC-BY-NC-ND-3.0-IGO", "CC-BY-NC-ND-4.0",
	"CC-BY-NC-SA-1.0", "CC-BY-NC-SA-2.0", "CC-BY-NC-SA-2.0-DE",
	"CC-BY-NC-SA-2.0-FR", "CC-BY-NC-SA-2.0-UK", "CC-BY-NC-SA-2.5",
	"CC-BY-NC-SA-3.0", "CC-BY-NC-SA-3.0-DE", "CC-BY-NC-SA-3.0-IGO",
	"CC-BY-NC-SA-4.0",
	"CC-BY-ND-1.0", "CC-BY-ND-2.0", "CC-BY-ND-2.5", "CC-BY-ND-3.0",
	"CC-BY-ND-3.0-DE", "CC-BY-ND-4.0",
	"CC-BY-SA-1.0", "CC-BY-SA-2.0", "CC-BY-SA-2.0-UK", "CC-BY-SA-2.1-JP",
	"CC-BY-SA-2.5", "CC-BY-SA-3.0", "CC-BY-SA-3.0-AT", "CC-BY-SA-3.0-DE",
	"CC-BY-SA-3.0-IGO", "CC-BY-SA-4.0",
	"CC-PDDC", "CC-PDM-1.0", "CC-SA-1.0", "CC0-1.0",
	"CDDL-1.0", "CDDL-1.1", "CDL-1.0", "CDLA-Permissive-1.0",
	"CDLA-Permissive-2.0", "CDLA-Sharing-1.0", "CECILL-1.0", "CECILL-1.1",
	"CECILL-2.0", "CECILL-2.1", "CECILL-B", "CECILL-C", "CERN-OHL-1.1",
	"CERN-OHL-1.2", "CERN-OHL-P-2.0", "CERN-OHL-S-2.0", "CERN-OHL-W-2.0",
	"ClArtistic", "CNRI-Python", "CPAL-1.0", "CPL-1.0", "CUA-OPL-1.0",
	"curl", "DL-DE-BY-2.0", "DL-DE-ZERO-2.0", "DOC", "ECL-1.0", "ECL-2.0",
	"EFL-1.0", "EFL-2.0", "Entessa", "EPL-1.0", "EPL-2.0", "ErlPL-1.1",
	"etalab-2.0", "EUDatagrid", "EUPL-1.0", "EUPL-1.1", "EUPL-1.2", "Fair",
	"Frameworx-1.0", "FSFAP", "FSFUL", "FSFULLR", "FTL",
	"GFDL-1.1", "GFDL-1.1-only", "GFDL-1.1-or-later", "GFDL-1.2",
	"GFDL-1.2-only", "GFDL-1.2-or-later", "GFDL-1.3", "GFDL-1.3-only",
	"GFDL-1.3-or-later", "GFDL-1.3-invariants-only",
	"GFDL-1.3-no-invariants-only", "GFDL-1.3-no-invariants-or-later",
	"GPL-1.0", "GPL-1.0+", "GPL-1.0-only", "GPL-1.0-or-later",
	"GPL-2.0", "GPL-2.0+", "GPL-2.0-only", "GPL-2.0-or-later",
	"GPL-3.0", "GPL-3.0+", "GPL-3.0-only", "GPL-3.0-or-later",
	"HPND", "ICU", "IJG", "Imlib2", "Intel", "IPA", "IPL-1.0", "ISC",
	"JSON", "LAL-1.2", "LAL-1.3",
	"LGPL-2.0", "LGPL-2.0+", "LGPL-2.0-only", "LGPL-2.0-or-later",
	"LGPL-2.1", "LGPL-2.1+", "LGPL-2.1-only", "LGPL-2.1-or-later",
	"LGPL-3.0", "LGPL-3.0+", "LGPL-3.0-only", "LGPL-3.0-or-later",
	"LGPLLR", "Libpng", "libpng-2.0", "libtiff", "LiLiQ-P-1.1",
	"LiLiQ-R-1.1", "LiLiQ-Rplus-1.1", "LPL-1.0", "LPL-1.02", "LPPL-1.3a",
	"LPPL-1.3c", "MirOS", "MIT", "MIT-0", "MIT-advertising", "MIT-CMU",
	"MIT-enna", "MIT-feh", "MIT-Modern-Variant", "MITNFA", "Motosoto",
	"MPL-1.0", "MPL-1.1", "MPL-2.0", "MPL-2.0-no-copyleft-exception",
	"MS-PL", "MS-RL", "MulanPSL-1.0", "MulanPSL-2.0", "Multics", "NASA-1.3",
	"Naumen", "NCSA", "NGPL", "NLOD-1.0", "NLOD-2.0", "Nokia", "NPOSL-3.0",
	"NTP", "O-UDA-1.0", "OCLC-2.0", "ODbL-1.0", "ODC-By-1.0", "OFL-1.0",
	"OFL-1.0-no-RFN", "OFL-1.0-RFN", "OFL-1.1", "OFL-1.1-no-RFN",
	"OFL-1.1-RFN", "OGC-1.0", "OGL-Canada-2.0", "OGL-UK-1.0", "OGL-UK-2.0",
	"OGL-UK-3.0", "OGTSL", "OLDAP-2.8", "OpenSSL", "OPL-1.0", "OPUBL-1.0",
	"OSET-PL-2.1", "OSL-1.0", "OSL-1.1", "OSL-2.0", "OSL-2.1", "OSL-3.0",
	"PDDL-1.0", "PHP-3.0", "PHP-3.01", "PostgreSQL", "PSF-2.0",
	"Python-2.0", "Python-2.0.1", "QPL-1.0", "RPL-1.1", "RPL-1.5",
	"RPSL-1.0", "RSCPL", "Ruby", "SGI-B-2.0", "SimPL-2.0", "SISSL",
	"Sleepycat", "SMLNJ", "SPL-1.0", "SSPL-1.0", "TAPR-OHL-1.0", "TCL",
	"UCL-1.0", "Unicode-3.0", "Unicode-DFS-2015", "Unicode-DFS-2016",
	"Unlicense", "UPL-1.0", "Vim", "VSL-1.0", "W3C", "W3C-20150513",
	"Watcom-1.0", "WTFPL", "X11", "XFree86-1.1", "Xnet", "Zend-2.0",
	"Zlib", "zlib-acknowledgement", "ZPL-1.1", "ZPL-2.0", "ZPL-2.1",
	NULL};

static const char *const spdx_exceptions[] = {
	"389-exception", "Autoconf-exception-2.0", "Autoconf-exception-3.0",
	"Bison-exception-2.2", "Bootloader-exception", "Classpath-exception-2.0",
	"CLISP-exception-2.0", "DigiRule-FOSS-exception", "eCos-exception-2.0",
	"Fawkes-Runtime-exception", "FLTK-exception", "Font-exception-2.0",
	"freertos-exception-2.0", "GCC-exception-2.0", "GCC-exception-3.1",
	"gnu-javamail-exception", "GPL-3.0-linking-exception",
	"GPL-3.0-linking-source-exception", "GPL-CC-1.0",
	"GStreamer-exception-2005", "i2p-gpl-java-exception",
	"LGPL-3.0-linking-exception", "Libtool-exception", "Linux-syscall-note",
	"LLVM-exception", "LZMA-exception", "mif-exception",
	"Nokia-Qt-exception-1.1", "OCaml-LGPL-linking-exception",
	"OCCT-exception-1.0", "OpenJDK-assembly-exception-1.0",
	"openvpn-openssl-exception", "PS-or-PDF-font-exception-20170817",
	"Qt-GPL-exception-1.0", "Qt-LGPL-exception-1.1", "Qwt-exception-1.0",
	"SHL-2.0", "SHL-2.1", "Swift-exception", "u-boot-exception-2.0",
	"Universal-FOSS-exception-1.0", "WxWindows-exception-3.1",
	NULL};

static bool in_table(const char *const *table, const char *s, size_t n)
{
	for (; *table; table++) {
		if (ieq_n(s, n, *table))
			return true;
	}
	return false;
}

/* "<prefix>" followed by at least one of [A-Za-z0-9.-], e.g. LicenseRef-x. */
static bool is_ref(const char *s, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);
	if (n <= pl || !istarts(s, prefix))
		return false;
	for (size_t i = pl; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!is_digit(c) && !(lower(c) >= 'a' && lower(c) <= 'z') && c != '.' && c != '-')
			return false;
	}
	return true;
}

struct spdx_lex {
	const char *p;   /* next unread byte */
	const char *tok; /* current token; len 0 at the end */
	size_t len;
};

static void spdx_next(struct spdx_lex *l)
{
	while (*l->p == ' ' || *l->p == '\t')
		l->p++;
	l->tok = l->p;
	if (*l->p == '(' || *l->p == ')') {
		l->p++;
	} else {
		while (*l->p && *l->p != ' ' && *l->p != '\t' && *l->p != '(' && *l->p != ')')
			l->p++;
	}
	l->len = (size_t)(l->p - l->tok);
}

static bool spdx_is(const struct spdx_lex *l, const char *upper_op, const char *lower_op)
{
	size_t n = strlen(upper_op);
	return l->len == n && (memcmp(l->tok, upper_op, n) == 0 || memcmp(l->tok, lower_op, n) == 0);
}

static bool spdx_license(const char *s, size_t n)
{
	if (is_ref(s, n, "LicenseRef-"))
		return true;
	/* DocumentRef-<doc>:LicenseRef-<id> */
	const char *colon = memchr(s, ':', n);
	if (colon && is_ref(s, (size_t)(colon - s), "DocumentRef-"))
		return is_ref(colon + 1, n - (size_t)(colon + 1 - s), "LicenseRef-");
	if (in_table(spdx_licenses, s, n))
		return true;
	if (n < 2 || s[n - 1] != '+')
		return false;
	/* "or later" twice makes no sense: GPL-2.0-only+ */
	n--;
	static const char *const tails[] = {"-only", "-or-later", "+"};
	for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
		size_t tl = strlen(tails[i]);
		if (n >= tl && ieq_n(s + n - tl, tl, tails[i]))
			return false;
	}
	return in_table(spdx_licenses, s, n);
}

static bool spdx_or(struct spdx_lex *l, int depth);

/* term := '(' or-expr ')' | license ['WITH' exception] */
static bool spdx_term(struct spdx_lex *l, int depth)
{
	if (l->len == 1 && l->tok[0] == '(') {
		if (depth >= 32)
			return false;
		spdx_next(l);
		if (!spdx_or(l, depth + 1) || !(l->len == 1 && l->tok[0] == ')'))
			return false;
		spdx_next(l);
		return true;
	}
	if (l->len == 0 || !spdx_license(l->tok, l->len))
		return false;
	spdx_next(l);
	if (spdx_is(l, "WITH", "with")) {
		spdx_next(l);
		if (l->len == 0 || !(in_table(spdx_exceptions, l->tok, l->len) ||
				     is_ref(l->tok, l->len, "AdditionRef-")))
			return false;
		spdx_next(l);
	}
	return true;
}

/* AND binds tighter than OR. */
static bool spdx_and(struct spdx_lex *l, int depth)
{
	if (!spdx_term(l, depth))
		return false;
	while (spdx_is(l, "AND", "and")) {
		spdx_next(l);
		if (!spdx_term(l, depth))
			return false;
	}
	return true;
}

static bool spdx_or(struct spdx_lex *l, int depth)
{
	if (!spdx_and(l, depth))
		return false;
	while (spdx_is(l, "OR", "or")) {
		spdx_next(l);
		if (!spdx_and(l, depth))
			return false;
	}
	return true;
}

bool ident_spdx(const char *s)
{
	struct spdx_lex l = {.p = s};
	spdx_next(&l);
	return spdx_or(&l, 0) && l.len == 0;
}

/* ------------------------------------------------------------------ */
/* Dates */

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool date_valid(int y, int m, int d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1000 || y > 9999 || m < 0 || m > 12 || d < 0)
		return false;
	if (m == 0)
		return d == 0;
	return d <= mdays[m - 1] + (m == 2 && leap(y));
}

/* 1-12 for an English month name, full or three letters (or "Sept"). */
static int month_number(const char *s, size_t n)
{
	static const char *const names[12] = {
		"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"};
	for (int i = 0; i < 12; i++) {
		if (ieq_n(s, n, names[i]) || (n == 3 && istarts(names[i], (char[]){s[0], s[1], s[2], '\0'})))
			return i + 1;
	}
	return ieq_n(s, n, "sept") ? 9 : 0;
}

/* The suffix a day number takes in English: 1st, 2nd, 3rd, 11th, 22nd. */
static bool ordinal_ok(int d, const char *suf, size_t n)
{
	const char *want = "th";
	if (d % 100 < 11 || d % 100 > 13) {
		if (d % 10 == 1)
			want = "st";
		else if (d % 10 == 2)
			want = "nd";
		else if (d % 10 == 3)
			want = "rd";
	}
	return ieq_n(suf, n, want);
}

/* Text forms: groups 1-4 "D Month YYYY", 5-8 "Month D, YYYY", 9-10
 * "Month YYYY" (see P_DATE_TEXT). */
static bool date_text(const char *s, struct ident_date *dt)
{
	pcre2_match_data *md = pat_match(P_DATE_TEXT, s);
	if (!md)
		return false;
	int base = group_set(md, 4) ? 1 : group_set(md, 8) ? 5 : 9;
	int gm = base == 1 ? 3 : base;        /* month name group */
	int gd = base == 1 ? 1 : base + 1;    /* day group (unused for 9) */
	int go = base == 1 ? 2 : base + 2;    /* ordinal suffix group */
	int gy = base == 9 ? 10 : base + 3;   /* year group */
	size_t n;
	const char *name = group_ptr(md, s, gm, &n);
	bool ok = true;
	dt->month = month_number(name, n);
	dt->year = group_int(md, s, gy);
	dt->day = 0;
	if (base != 9) {
		dt->day = group_int(md, s, gd);
		ok = dt->day > 0;
		if (ok && group_set(md, go)) {
			const char *suf = group_ptr(md, s, go, &n);
			ok = ordinal_ok(dt->day, suf, n);
		}
	}
	pcre2_match_data_free(md);
	return ok && dt->month > 0;
}

bool ident_date(const char *s, struct ident_date *out)
{
	struct ident_date dt = {0, 0, 0};
	pcre2_match_data *md;
	if ((md = pat_match(P_DATE_ISO, s))) {
		int b = group_set(md, 1) ? 1 : 4;
		dt.year = group_int(md, s, b);
		dt.month = group_int(md, s, b + 1);
		dt.day = group_int(md, s, b + 2);
		/* "2020-00" is not "2020" */
		bool zero = (group_set(md, b + 1) && dt.month == 0) ||
			    (group_set(md, b + 2) && dt.day == 0);
		pcre2_match_data_free(md);
		if (zero)
			return false;
	} else if ((md = pat_match(P_DATE_KO, s))) {
		dt.year = group_int(md, s, 1);
		dt.month = group_int(md, s, 2);
		dt.day = group_int(md, s, 3);
		bool zero = (group_set(md, 2) && dt.month == 0) || (group_set(md, 3) && dt.day == 0);
		pcre2_match_data_free(md);
		if (zero)
			return false;
	} else if (!date_text(s, &dt)) {
		return false;
	}
	if (!date_valid(dt.year, dt.month, dt.day))
		return false;
	if (out)
		*out = dt;
	return true;
}

/* ------------------------------------------------------------------ */
/* Language tags */

/* ISO 639-1, all 184 codes (bh included although ISO withdrew it). */
static const char iso639_1[] =
	"aa ab ae af ak am an ar as av ay az "
	"ba be bg bh bi bm bn bo br bs "
	"ca ce ch co cr cs cu cv cy "
	"da de dv dz "
	"ee el en eo es et eu "
	"fa ff fi fj fo fr fy "
	"ga gd gl gn gu gv "
	"ha he hi ho hr ht hu hy hz "
	"ia id ie ig ii ik io is it iu "
	"ja jv "
	"ka kg ki kj kk kl km kn ko kr ks ku kv kw ky "
	"la lb lg li ln lo lt lu lv "
	"mg mh mi mk ml mn mr ms mt my "
	"na nb nd ne ng nl nn no nr nv ny "
	"oc oj om or os "
	"pa pi pl ps pt "
	"qu "
	"rm rn ro ru rw "
	"sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw "
	"ta te tg th ti tk tl tn to tr ts tt tw ty "
	"ug uk ur uz "
	"ve vi vo "
	"wa wo "
	"xh "
	"yi yo "
	"za zh zu ";

bool ident_lang(const char *s)
{
	pcre2_match_data *md = pat_match(P_LANG, s);
	if (!md)
		return false;
	size_t n;
	const char *lang = group_ptr(md, s, 1, &n);
	bool ok = true;
	if (n == 2) {
		/* codes sit three bytes apart: "aa ab ..." */
		char code[3] = {(char)lower((unsigned char)lang[0]), (char)lower((unsigned char)lang[1]), '\0'};
		ok = false;
		for (const char *q = iso639_1; *q; q += 3) {
			if (q[0] == code[0] && q[1] == code[1]) {
				ok = true;
				break;
			}
		}
	}
	pcre2_match_data_free(md);
	return ok;
}

/* ------------------------------------------------------------------ */
/* Slugs */

bool ident_slug(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!is_digit(s[i]) && !(s[i] >= 'a' && s[i] <= 'z') && s[i] != '-')
			return false;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* URLs */

/* Any whitespace, control or format character (bidi overrides, zero
 * widths), any backslash, or invalid UTF-8. */
static bool url_has_bad(const char *s)
{
	/* Most URLs are ASCII, where the pattern means: controls, space and
	 * backslash (no ASCII character is a format character). */
	const unsigned char *p = (const unsigned char *)s;
	for (; *p && *p < 0x80; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '\\')
			return true;
	if (!*p)
		return false;
	pcre2_code *re = pat_get(P_URL_BAD);
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	if (!md) {
		fprintf(stderr, "quire: out of memory\n");
		abort();
	}
	int rc = pcre2_match(re, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc != PCRE2_ERROR_NOMATCH;
}

/* `rest` follows "scheme:"; it must be "//" and a non-empty authority. */
static enum ident_url url_authority(const char *rest)
{
	if (rest[0] != '/' || rest[1] != '/')
		return URL_MALFORMED;
	rest += 2;
	size_t n = strcspn(rest, "/?#");
	if (n == 0)
		return URL_MALFORMED;
	char *host = xstrndup(rest, n);
	bool ok = pat_test(P_HOST, host);
	free(host);
	return ok ? URL_OK : URL_MALFORMED;
}

enum ident_url ident_url(const char *s)
{
	if (!*s)
		return URL_MALFORMED;
	/* A scheme is whatever precedes a ':' that comes before any '/', '?'
	 * or '#'.  Browsers drop ASCII whitespace and controls from it, so
	 * compare it with those removed: "java\tscript:" is javascript:. */
	size_t end = strcspn(s, ":/?#");
	if (s[end] != ':') {
		/* "//host" would leave the volume yet looks relative */
		if (url_has_bad(s) || (s[0] == '/' && s[1] == '/'))
			return URL_MALFORMED;
		return URL_RELATIVE;
	}

	char scheme[8];
	size_t n = 0;
	bool dirty = false, toolong = false;
	for (size_t i = 0; i < end; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c == 0x7f)
			dirty = true;
		else if (n + 1 < sizeof scheme)
			scheme[n++] = (char)lower(c);
		else
			toolong = true;
	}
	scheme[n] = '\0';
	if (n == 0) /* ":x" is no scheme at all; " :x" hides nothing either */
		return URL_MALFORMED;
	bool web = !toolong && (str_eq(scheme, "http") || str_eq(scheme, "https") ||
				str_eq(scheme, "ftp"));
	bool mail = !toolong && str_eq(scheme, "mailto");
	if (!web && !mail)
		return URL_UNSAFE; /* javascript:, data:, file:, jаvascript: ... */
	/* An allowed scheme spelt with hidden characters is a mistake or a
	 * trick; either way not something to print. */
	if (dirty || url_has_bad(s))
		return URL_MALFORMED;
	const char *rest = s + end + 1;
	if (mail)
		return *rest ? URL_OK : URL_MALFORMED;
	return url_authority(rest);
}
