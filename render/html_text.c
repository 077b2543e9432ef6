/* Small text helpers for the site: dates, JSON strings, name lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "html_int.h"
#include "proceedings/ident.h"
#include "proceedings/markdown.h"
#include "proceedings/text.h"

bool html_date_parse(const char *s, struct html_date *out)
{
	struct ident_date d;
	if (!s || !ident_date(s, &d))
		return false;
	*out = (struct html_date){d.year, d.month, d.day};
	return true;
}

static const char *const months[] = {"January", "February", "March",     "April",
				     "May",     "June",     "July",      "August",
				     "September", "October", "November", "December"};

char *html_date_text(const struct html_date *d, const char *lang)
{
	bool ko = lang && strncmp(lang, "ko", 2) == 0;
	if (ko) {
		if (d->d)
			return xasprintf("%d년 %d월 %d일", d->y, d->m, d->d);
		if (d->m)
			return xasprintf("%d년 %d월", d->y, d->m);
		return xasprintf("%d년", d->y);
	}
	if (d->d)
		return xasprintf("%d %s %d", d->d, months[d->m - 1], d->y);
	if (d->m)
		return xasprintf("%s %d", months[d->m - 1], d->y);
	return xasprintf("%d", d->y);
}

char *html_date_iso(const struct html_date *d)
{
	if (d->d)
		return xasprintf("%04d-%02d-%02d", d->y, d->m, d->d);
	if (d->m)
		return xasprintf("%04d-%02d", d->y, d->m);
	return xasprintf("%04d", d->y);
}

struct html_date html_date_epoch(void)
{
	struct html_date d = {1970, 1, 1};
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (e && *e) {
		char *end;
		long long v = strtoll(e, &end, 10);
		if (!*end && v >= 0) {
			time_t t = (time_t)v;
			struct tm tm;
			if (gmtime_r(&t, &tm))
				d = (struct html_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
		}
	}
	return d;
}

void html_json_str(struct strbuf *b, const char *s)
{
	sb_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '"':
			sb_adds(b, "\\\"");
			break;
		case '\\':
			sb_adds(b, "\\\\");
			break;
		case '\n':
			sb_adds(b, "\\n");
			break;
		case '\t':
			sb_adds(b, "\\t");
			break;
		case '<':
		case '>':
		case '&':
			sb_printf(b, "\\u%04x", *p);
			break;
		default:
			if (*p < 0x20) {
				sb_printf(b, "\\u%04x", *p);
			} else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
				/* line and paragraph separators end a JavaScript line */
				sb_printf(b, "\\u%04x", p[2] == 0xA8 ? 0x2028 : 0x2029);
				p += 2;
			} else {
				sb_addc(b, (char)*p);
			}
		}
	}
	sb_addc(b, '"');
}

const char *html_guess_lang(const char *s)
{
	size_t hangul = 0, latin = 0;
	const char *p = s;
	while (p && *p) {
		unsigned c = text_next(&p);
		if ((c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF))
			hangul++;
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			latin++;
	}
	/* A Hangul syllable carries about three Latin letters' worth of text. */
	return hangul * 3 > latin ? "ko" : NULL;
}

char *html_join_names(const char *const *names, size_t n, const char *lang)
{
	bool ko = lang && strncmp(lang, "ko", 2) == 0;
	struct strbuf b;
	sb_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (i > 0) {
			if (ko || i + 1 < n)
				sb_adds(&b, ", ");
			else
				sb_adds(&b, n > 2 ? ", and " : " and ");
		}
		sb_adds(&b, names[i]);
	}
	return sb_steal(&b);
}

char *html_abstract_plain(const struct paper *p, const char *lang)
{
	const char *a = mtext_get(&p->abstract, lang);
	return a ? md_abstract_text(a) : NULL;
}

size_t html_keywords(const struct paper *p, const char *lang, const char ***out)
{
	*out = NULL;
	size_t n = 0;
	for (size_t i = 0; i < p->keywords.n; i++) {
		const struct mtext_entry *e = mtext_find(&p->keywords.v[i], lang, p->lang);
		if (!e || !*e->text)
			continue;
		*out = xrealloc(*out, (n + 1) * sizeof **out);
		(*out)[n++] = e->text;
	}
	return n;
}

void html_set(struct tv *map, const char *key, const char *s)
{
	tv_set(map, key, tv_str(s ? s : ""));
}
