#include "yfield.h"

#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "text.h"
#include "util.h"

static const char *closest(const char *key, const char *const *known)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;
	for (size_t i = 0; known[i]; i++) {
		size_t dist = text_edit_distance(key, known[i]);
		if (dist < best_d) {
			best_d = dist;
			best = known[i];
		}
	}
	/* A hint is only helpful when the key is close to a real one. */
	size_t len = strlen(key);
	size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
	return best_d <= limit ? best : NULL;
}

static bool in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; list && list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

void yf_keys(struct diag_list *d, const struct ynode *map, const char *what,
	     const char *const *known, const char *const *ignored)
{
	if (!map || map->kind != Y_MAP)
		return;
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const struct ynode *k = map->kids[i];
		if (k->kind != Y_SCALAR) {
			diag_at(d, R_YAML_TYPE, &k->pos, "keys in %s must be plain text", what);
			continue;
		}
		if (in_list(k->value, known) || in_list(k->value, ignored))
			continue;
		const char *hint = closest(k->value, known);
		if (hint)
			diag_at(d, R_YAML_UNKNOWN, &k->pos, "unknown key '%s' in %s; did you mean '%s'?",
				k->value, what, hint);
		else
			diag_at(d, R_YAML_UNKNOWN, &k->pos, "unknown key '%s' in %s", k->value, what);
	}
}

bool yf_expect(struct diag_list *d, const struct ynode *n, enum ykind kind, const char *what)
{
	if (!n || ynode_is_null(n))
		return false;
	if (n->kind == kind)
		return true;
	diag_at(d, R_YAML_TYPE, &n->pos, "%s must be %s, not %s", what, ykind_name(kind),
		ykind_name(n->kind));
	return false;
}

char *yf_string(struct diag_list *d, const struct ynode *n, const char *what)
{
	if (!yf_expect(d, n, Y_SCALAR, what))
		return NULL;
	return text_trim(n->value);
}

/* Control characters other than tab and line ends: in a title they come
 * from YAML's double-quoted escapes, "$\beta$" holding a backspace. */
static bool control_char(unsigned c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c < 0xA0);
}

/* Zero-width and bidirectional controls hide or reorder text in names and
 * titles; they are almost always copy-and-paste accidents. */
static unsigned invisible_char(const char *s)
{
	for (const char *p = s; *p;) {
		unsigned c = text_next(&p);
		if ((c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
		    (c >= 0x2060 && c <= 0x2069) || c == 0xFEFF || c == 0x061C || control_char(c))
			return c;
	}
	return 0;
}

static void mtext_add(struct diag_list *d, struct mtext *t, const char *lang, const char *text,
		      struct srcpos pos)
{
	unsigned c = invisible_char(text);
	if (c && control_char(c))
		/* not quoted: the text would print the control character */
		diag_at(d, R_INVISIBLE, &pos,
			"control character U+%04X in the text (in a double-quoted YAML string \\b, \\f, "
			"\\v and \\a are escapes: write TeX such as $\\beta$ in single quotes)", c);
	else if (c)
		diag_at(d, R_INVISIBLE, &pos, "invisible character U+%04X in \"%s\"", c, text);
	t->v = xrealloc(t->v, (t->n + 1) * sizeof *t->v);
	struct mtext_entry *e = &t->v[t->n++];
	e->lang = lang ? xstrdup(lang) : NULL;
	e->text = text_trim(text);
	e->pos = pos;
}

static void check_lang_key(struct diag_list *d, const struct ynode *k)
{
	if (!ident_lang(k->value))
		diag_at(d, R_LANG, &k->pos, "'%s' is not a language code (such as en or ko)", k->value);
}

void yf_mtext(struct diag_list *d, const struct ynode *n, const char *what, struct mtext *out)
{
	if (!n || ynode_is_null(n))
		return;
	if (n->kind == Y_SCALAR) {
		mtext_add(d, out, NULL, n->value, n->pos);
		return;
	}
	if (n->kind != Y_MAP) {
		diag_at(d, R_YAML_TYPE, &n->pos,
			"%s must be text or a map from language code to text, not a list", what);
		return;
	}
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const struct ynode *k = n->kids[i], *v = n->kids[i + 1];
		if (k->kind != Y_SCALAR)
			continue;
		check_lang_key(d, k);
		if (ynode_is_null(v))
			continue;
		if (v->kind != Y_SCALAR) {
			diag_at(d, R_YAML_TYPE, &v->pos, "%s in '%s' must be text, not %s", what,
				k->value, ykind_name(v->kind));
			continue;
		}
		mtext_add(d, out, k->value, v->value, v->pos);
	}
}

static void mlist_add_seq(struct diag_list *d, const struct ynode *seq, const char *lang,
			  const char *what, struct mlist *out)
{
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *it = seq->kids[i];
		if (ynode_is_null(it))
			continue;
		out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
		struct mtext *t = &out->v[out->n];
		memset(t, 0, sizeof *t);
		if (it->kind == Y_SCALAR)
			mtext_add(d, t, lang, it->value, it->pos);
		else if (it->kind == Y_MAP && !lang)
			yf_mtext(d, it, what, t);
		else {
			diag_at(d, R_YAML_TYPE, &it->pos, "each item of %s must be text", what);
			continue;
		}
		out->n++;
	}
}

void yf_mlist(struct diag_list *d, const struct ynode *n, const char *what, struct mlist *out)
{
	if (!n || ynode_is_null(n))
		return;
	if (n->kind == Y_SEQ) {
		mlist_add_seq(d, n, NULL, what, out);
	} else if (n->kind == Y_SCALAR) {
		/* "a, b, c" is a common way to write keywords by hand. */
		char *copy = xstrdup(n->value);
		char *save = NULL;
		for (char *tok = strtok_r(copy, ",;", &save); tok; tok = strtok_r(NULL, ",;", &save)) {
			char *t = text_trim(tok);
			if (*t) {
				out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
				memset(&out->v[out->n], 0, sizeof out->v[out->n]);
				mtext_add(d, &out->v[out->n++], NULL, t, n->pos);
			}
			free(t);
		}
		free(copy);
	} else {
		for (size_t i = 0; i + 1 < n->n; i += 2) {
			const struct ynode *k = n->kids[i], *v = n->kids[i + 1];
			if (k->kind != Y_SCALAR)
				continue;
			check_lang_key(d, k);
			if (ynode_is_null(v))
				continue;
			if (v->kind != Y_SEQ) {
				diag_at(d, R_YAML_TYPE, &v->pos, "%s in '%s' must be a list", what, k->value);
				continue;
			}
			mlist_add_seq(d, v, k->value, what, out);
		}
	}
}

char **yf_strings(struct diag_list *d, const struct ynode *n, const char *what, size_t *count)
{
	*count = 0;
	if (!n || ynode_is_null(n))
		return NULL;
	if (n->kind == Y_SCALAR) {
		char **v = xmalloc(sizeof *v);
		v[0] = text_trim(n->value);
		*count = 1;
		return v;
	}
	if (!yf_expect(d, n, Y_SEQ, what))
		return NULL;
	char **v = xcalloc(n->n, sizeof *v);
	for (size_t i = 0; i < n->n; i++) {
		char *s = yf_string(d, n->kids[i], what);
		if (s)
			v[(*count)++] = s;
	}
	return v;
}

bool yf_int(struct diag_list *d, const struct ynode *n, const char *what, int lo, int hi, int *out)
{
	if (!yf_expect(d, n, Y_SCALAR, what))
		return false;
	char *end;
	long v = strtol(n->value, &end, 10);
	if (end == n->value || *end || v < lo || v > hi) {
		diag_at(d, R_LAYOUT, &n->pos, "%s must be a whole number from %d to %d, not '%s'",
			what, lo, hi, n->value);
		return false;
	}
	*out = (int)v;
	return true;
}

bool yf_bool(struct diag_list *d, const struct ynode *n, const char *what, bool *out)
{
	if (!yf_expect(d, n, Y_SCALAR, what))
		return false;
	const char *v = n->value;
	if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "True") || !strcmp(v, "on")) {
		*out = true;
		return true;
	}
	if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "False") || !strcmp(v, "off")) {
		*out = false;
		return true;
	}
	diag_at(d, R_YAML_TYPE, &n->pos, "%s must be true or false, not '%s'", what, v);
	return false;
}

char *yf_orcid(struct diag_list *d, const struct ynode *n)
{
	char *s = yf_string(d, n, "orcid");
	if (!s || !*s) {
		free(s);
		return NULL;
	}
	char norm[32];
	switch (ident_orcid(s, norm)) {
	case IDENT_OK:
		free(s);
		return xstrdup(norm);
	case IDENT_CHECKSUM:
		diag_at(d, R_ORCID_CHECKSUM, &n->pos, "ORCID %s fails its checksum", s);
		break;
	default:
		diag_at(d, R_ORCID_FORMAT, &n->pos, "'%s' is not an ORCID iD (0000-0000-0000-000X)", s);
	}
	free(s);
	return NULL;
}

char *yf_email(struct diag_list *d, const struct ynode *n)
{
	char *s = yf_string(d, n, "email");
	if (s && *s && !ident_email(s))
		diag_at(d, R_EMAIL, &n->pos, "'%s' is not an e-mail address", s);
	return s;
}

char *yf_date(struct diag_list *d, const struct ynode *n, const char *what)
{
	char *s = yf_string(d, n, what);
	struct ident_date date;
	if (s && *s && !ident_date(s, &date))
		diag_at(d, R_DATE, &n->pos, "%s '%s' is not a valid date", what, s);
	return s;
}

char *yf_url(struct diag_list *d, const struct ynode *n, const char *what)
{
	char *s = yf_string(d, n, what);
	if (!s || !*s)
		return s;
	switch (ident_url(s)) {
	case URL_OK:
		break;
	case URL_UNSAFE:
		diag_at(d, R_UNSAFE_URL, &n->pos, "%s '%s' uses a forbidden URL scheme", what, s);
		free(s);
		return NULL;
	default:
		diag_at(d, R_URL, &n->pos, "%s '%s' is not an absolute http(s) URL", what, s);
	}
	return s;
}

char *yf_license(struct diag_list *d, const struct ynode *n)
{
	char *s = yf_string(d, n, "license");
	if (s && *s && !ident_spdx(s))
		diag_at(d, R_LICENSE, &n->pos, "'%s' is not an SPDX licence identifier", s);
	return s;
}

char *yf_lang(struct diag_list *d, const struct ynode *n, const char *what)
{
	char *s = yf_string(d, n, what);
	if (s && *s && !ident_lang(s))
		diag_at(d, R_LANG, &n->pos, "%s '%s' is not a language code (such as en or ko)", what, s);
	return s;
}
