/* What every page shares: the base template around the page's own
 * content, the relative way back to the root, the interface strings. */
#include <string.h>

#include "html_int.h"
#include "html_ui.h"

struct tv *html_page_data(const struct html_site *s, const char *lang, int depth)
{
	struct tv *d = tv_map();
	struct strbuf root;
	sb_init(&root);
	for (int i = 0; i < depth; i++)
		sb_adds(&root, "../");
	if (!root.len)
		sb_adds(&root, "./");
	const char *r = root.s;
	tv_set_str(d, "lang", lang);
	tv_set_str(d, "root", r);
	tv_set(d, "ui", html_ui_map(lang));
	const char *site = mtext_get(s->title, lang);
	tv_set_str(d, "site_title", site);
	tv_set_str(d, "page_title", site);
	struct {
		const char *key, *path;
	} links[] = {
		{"home_url", "index.html"},
		{"authors_url", "authors/index.html"},
		{"search_url", "index.html#q-search-input"},
		{"css_url", "assets/quire.css"},
		{"search_index_url", "search-index.js"},
	};
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
		char *u = xasprintf("%s%s", r, links[i].path);
		tv_set_str(d, links[i].key, u);
		free(u);
	}
	if (s->have_search_js) {
		char *u = xasprintf("%sassets/search.js", r);
		tv_set_str(d, "search_js_url", u);
		free(u);
	}
	if (s->base_url) {
		char *u = xasprintf("%satom.xml", r);
		tv_set_str(d, "atom_url", u);
		free(u);
	}
	sb_free(&root);
	return d;
}

int html_page_write(struct html_site *s, const struct tpl *content, struct tv *data, const char *rel)
{
	/* The content is rendered where the base template inserts it, and the
	 * page goes to its file as it is made: a volume's contents of 10,000
	 * papers is never held whole. */
	tv_set(data, "content", tpl_value(content, data));
	int r = html_out_render(&s->out, rel, s->base, data, s->d);
	if (r != 0)
		s->out.failed = true;
	tv_free(data);
	return r;
}
