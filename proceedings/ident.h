/* Pure validators for the identifiers `quire check` looks at: ORCID, ISBN,
 * ISSN, DOI, ROR, e-mail, SPDX licence, dates, language tags, slugs and
 * URLs.  Inputs are NUL-terminated UTF-8, already trimmed by the caller;
 * none of these functions allocates anything the caller must free.
 *
 * The regular expressions are compiled together on first use, once, and
 * kept for the life of the process; the validators may be called from
 * several threads. */
#ifndef QUIRE_IDENT_H
#define QUIRE_IDENT_H

#include <stdbool.h>

enum ident_status { IDENT_OK, IDENT_FORMAT, IDENT_CHECKSUM };

/* ORCID iD: bare 0000-0002-1825-0097 or https://orcid.org/... (http and
 * www. too); last character may be X (x accepted).  ISO 7064 MOD 11-2.
 * `norm` (if not NULL, at least 20 bytes) receives the bare 19-character
 * form with an upper-case X whenever the format is right (even when the
 * checksum fails); it is set to "" on IDENT_FORMAT. */
enum ident_status ident_orcid(const char *s, char *norm);

/* ISBN-13 (978/979, check digit mod 10) or ISBN-10 (mod 11, X last).
 * Single hyphens or spaces between digits are allowed, as is a prefix
 * "ISBN", "ISBN:", "ISBN-13:" or "ISBN-10:" (the number must then have
 * that many digits). */
enum ident_status ident_isbn(const char *s);

/* ISSN NNNN-NNNC, C may be X (x accepted), mod 11; optional "ISSN " prefix. */
enum ident_status ident_issn(const char *s);

/* DOI 10.<4-9 digits>(.<digits>)* / <suffix without spaces or control
 * characters>; prefixes https://doi.org/, http://doi.org/, dx.doi.org and
 * "doi:" are accepted.  Never returns IDENT_CHECKSUM. */
enum ident_status ident_doi(const char *s);

/* A bare DOI prefix: 10.NNNN or 10.NNNN.N... */
enum ident_status ident_doi_prefix(const char *s);

/* ROR id: bare 0xxxxxxNN or https://ror.org/...: '0', six Crockford
 * base32 characters (no i, l, o, u), two check digits = ISO 7064
 * MOD 97-10 of the number the first seven characters encode. */
enum ident_status ident_ror(const char *s);

/* Pragmatic address check: local@domain.tld, one '@', no spaces, domain
 * labels of letters (any script), digits and inner hyphens, a TLD of at
 * least two letters (or xn--punycode). */
bool ident_email(const char *s);

/* A known SPDX licence id (case-insensitive), LicenseRef-..., optionally
 * with a trailing '+', or an expression of them with AND, OR, WITH
 * <exception> and parentheses (operators all upper or all lower case). */
bool ident_spdx(const char *s);

struct ident_date {
	int year, month, day; /* month/day 0 when absent */
};

/* YYYY, YYYY-MM, YYYY-MM-DD, YYYY/MM/DD, "11th October 2016",
 * "02 December 2019", "October 11, 2016", "October 2016" (English month
 * names, full or three letters, any case), Korean "2026년 11월 20일" and
 * "2026년 11월"; one trailing '.' is tolerated.  Years 1000-9999; the date
 * must exist.  `out` (may be NULL) is written only on success. */
bool ident_date(const char *s, struct ident_date *out);

/* BCP 47 shape: a real ISO 639-1 two-letter code or any three-letter code,
 * optional extlangs, -Script, -REGION (2 letters or 3 digits), variants,
 * extensions and -x- private use; case-insensitive. */
bool ident_lang(const char *s);

/* [a-z0-9][a-z0-9-]*, no trailing '-', at most 64 bytes. */
bool ident_slug(const char *s);

enum ident_url { URL_OK, URL_RELATIVE, URL_MALFORMED, URL_UNSAFE };

/* http(s)://host..., ftp://host... and mailto:... are URL_OK.  A path,
 * query or #fragment without a scheme is URL_RELATIVE.  Anything before
 * the first ':' that comes ahead of any '/', '?' or '#' is a scheme; with
 * whitespace and control characters removed and case folded, any scheme
 * other than the four above (javascript:, data:, file:, ...) is
 * URL_UNSAFE.  Whitespace, control or invisible format characters,
 * backslashes, a missing host, an obfuscated but allowed scheme
 * ("ht\ttp:") and protocol-relative "//host" are URL_MALFORMED. */
enum ident_url ident_url(const char *s);

#endif
