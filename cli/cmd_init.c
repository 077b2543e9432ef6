/* quire init DIR: a new volume that checks clean, with every volume.yaml
 * field present and explained, so editors start from a working example. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "proceedings/util.h"

static const char help[] =
	"usage: quire init DIR\n"
	"\n"
	"Create DIR with a commented volume.yaml, a preface and one example paper\n"
	"(papers/example-paper/) that `quire check DIR` accepts without a diagnostic.\n"
	"DIR must not exist yet or must be empty.\n";

static const char volume_yaml[] =
	"# volume.yaml — the description of one proceedings volume.\n"
	"# Any text field may be plain text or a map from language code to text,\n"
	"# e.g.  title: {en: Proceedings, ko: 논문집}\n"
	"\n"
	"id: my-workshop-2026          # slug: lower-case letters, digits and '-'; used in URLs\n"
	"title:                        # the volume's title (required)\n"
	"  en: Proceedings of the Example Workshop 2026\n"
	"  ko: 2026 예제 워크숍 논문집\n"
	"subtitle: Papers presented at the autumn meeting\n"
	"short-title: Example Workshop 2026   # running head on left-hand pages\n"
	"series: Example Workshop Proceedings\n"
	"number: 1                     # number of the volume within the series\n"
	"date: 2026-11-20              # YYYY-MM-DD (required)\n"
	"location: Seoul, Republic of Korea\n"
	"language: [en, ko]            # one language code or a list\n"
	"publisher: Example Institute\n"
	"isbn: 978-3-16-148410-0       # ISBN-13, checked digit by digit\n"
	"issn: 2049-3630               # ISSN, checked\n"
	"doi-prefix: \"10.5555\"         # papers get DOIs <prefix>/<volume id>.<paper id>\n"
	"license: CC-BY-4.0            # SPDX licence identifier\n"
	"url: https://proceedings.example.org/   # base URL of the web archive\n"
	"\n"
	"editors:                      # at least one (required)\n"
	"  - name: Josiah Carberry\n"
	"    affiliation: Example Institute\n"
	"    orcid: 0000-0002-1825-0097\n"
	"    email: editor@example.org\n"
	"\n"
	"front-matter:                 # Markdown files typeset before the papers, in order\n"
	"  - front/preface.md\n"
	"\n"
	"committees:\n"
	"  - title: Programme Committee\n"
	"    members:\n"
	"      - name: Ada Lovelace\n"
	"        affiliation: Analytical Engine Society\n"
	"\n"
	"sessions:                     # every paper in exactly one session, in this order\n"
	"  - id: opening\n"
	"    title: Opening Session\n"
	"    time: \"2026-11-20 09:30\"   # optional: shown in the programme\n"
	"    place: Hall A                # optional\n"
	"    papers: [example-paper]    # folder names under papers/\n"
	"\n"
	"layout:\n"
	"  paper: a4                   # a4 | letter\n"
	"  columns: 1                  # 1 | 2\n"
	"  recto-start: true           # each paper starts on a right-hand page\n"
	"  citation-style: numeric     # numeric | author-year\n"
	"  fonts:                      # fontconfig family names of TrueType fonts\n"
	"    serif: DejaVu Serif\n"
	"    sans: DejaVu Sans\n"
	"    mono: DejaVu Sans Mono\n"
	"    hangul: NanumMyeongjo\n"
	"    hangul-sans: NanumGothic\n"
	"\n"
	"policy:\n"
	"  max-pages: 12               # 0 = no page limit\n"
	"  abstract-words: 250         # 0 = no limit; Korean counts space-separated words\n"
	"  review: double-blind        # single-blind | double-blind | open\n"
	"  translations: [en]          # papers in other languages also give title and abstract in these\n"
	"  required: [title, authors, abstract, keywords]   # paper fields that must be present\n";

static const char preface_md[] =
	"# Preface\n"
	"\n"
	"This volume collects the papers presented at the Example Workshop.\n"
	"Replace this text with the editors' preface.\n";

static const char paper_md[] =
	"---\n"
	"title: An Example Paper\n"
	"authors:\n"
	"  - name: Josiah Carberry\n"
	"    orcid: 0000-0002-1825-0097\n"
	"    affiliation: 1\n"
	"    email: josiah@example.org\n"
	"    corresponding: true\n"
	"affiliations:\n"
	"  - name: Example Institute\n"
	"    index: 1\n"
	"keywords: [example, proceedings]\n"
	"abstract: |\n"
	"  A short abstract that says what the paper does and what it finds.\n"
	"lang: en\n"
	"date: 2026-10-01\n"
	"bibliography: paper.bib\n"
	"---\n"
	"\n"
	"# Introduction\n"
	"\n"
	"Write the paper in Markdown. Cite works from paper.bib like this [@knuth1984].\n"
	"A footnote goes like this.[^1]\n"
	"\n"
	"| Column | Value |\n"
	"|:-------|------:|\n"
	"| a      |     1 |\n"
	"\n"
	"[^1]: The footnote text.\n";

static const char paper_bib[] =
	"@article{knuth1984,\n"
	"  author  = {Donald E. Knuth},\n"
	"  title   = {Literate Programming},\n"
	"  journal = {The Computer Journal},\n"
	"  volume  = {27},\n"
	"  number  = {2},\n"
	"  pages   = {97--111},\n"
	"  year    = {1984},\n"
	"  doi     = {10.1093/comjnl/27.2.97}\n"
	"}\n";

static int write_new(const char *dir, const char *name, const char *text)
{
	char *path = path_join(dir, name);
	FILE *f = fopen(path, "wx"); /* never overwrite an editor's file */
	if (!f) {
		fprintf(stderr, "quire init: %s: %s\n", path, strerror(errno));
		free(path);
		return -1;
	}
	fputs(text, f);
	int err = fclose(f);
	free(path);
	return err ? -1 : 0;
}

static int make_dir(const char *dir, const char *sub)
{
	char *path = sub ? path_join(dir, sub) : xstrdup(dir);
	int r = mkdir(path, 0777);
	if (r != 0 && !(errno == EEXIST && !sub)) {
		fprintf(stderr, "quire init: %s: %s\n", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

int cmd_init(int argc, char **argv)
{
	if (cli_wants_help(argc, argv)) {
		fputs(help, stdout);
		return EXIT_CLEAN;
	}
	if (argc != 2 || argv[1][0] == '-') {
		cli_usage_error("init", "give one DIR");
		return EXIT_USAGE;
	}
	const char *dir = argv[1];
	char *yaml = path_join(dir, "volume.yaml");
	struct stat st;
	bool taken = stat(yaml, &st) == 0;
	free(yaml);
	if (taken) {
		fprintf(stderr, "quire init: %s already holds a volume.yaml\n", dir);
		return EXIT_USAGE;
	}
	if (make_dir(dir, NULL) || make_dir(dir, "front") || make_dir(dir, "papers") ||
	    make_dir(dir, "papers/example-paper") ||
	    write_new(dir, "volume.yaml", volume_yaml) ||
	    write_new(dir, "front/preface.md", preface_md) ||
	    write_new(dir, "papers/example-paper/paper.md", paper_md) ||
	    write_new(dir, "papers/example-paper/paper.bib", paper_bib))
		return EXIT_USAGE;
	printf("Created the volume %s. Next: quire check %s\n", dir, dir);
	return EXIT_CLEAN;
}
