/* The archive's interface strings in English and Korean.  Page chrome
 * follows the page's language; any other language gets English. */
#ifndef QUIRE_HTML_UI_H
#define QUIRE_HTML_UI_H

#include "tpl.h"

/* The string for `key` in `lang` ("" for an unknown key). */
const char *html_ui(const char *lang, const char *key);

/* Every string of `lang` as a template map (the templates' "ui"): a
 * borrowed view of one map made once per process. */
struct tv *html_ui_map(const char *lang);

/* The UI language for a content language: "ko" or "en". */
const char *html_ui_lang(const char *lang);

#endif
