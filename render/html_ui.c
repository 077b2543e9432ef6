/* One table, so a translator edits one place and a missing translation is
 * visible at a glance. */
#include "html_ui.h"

#include <pthread.h>
#include <string.h>

static const struct {
	const char *key, *en, *ko;
} strings[] = {
	{"skip", "Skip to content", "본문 바로가기"},
	{"home", "Home", "처음"},
	{"volumes", "Volumes", "논문집"},
	{"all_volumes", "All volumes", "모든 논문집"},
	{"authors", "Authors", "저자"},
	{"author_index", "Author index", "저자 색인"},
	{"jump_to", "Jump to", "바로 가기"},
	{"search", "Search", "검색"},
	{"search_label", "Search titles, authors, abstracts and keywords",
	 "제목, 저자, 초록, 주제어 검색"},
	{"search_placeholder", "Search papers…", "논문 검색…"},
	{"abstract", "Abstract", "초록"},
	{"keywords", "Keywords", "주제어"},
	{"contents", "Contents", "목차"},
	{"on_this_page", "On this page", "이 페이지의 내용"},
	{"edited_by", "Edited by", "엮은이"},
	{"editors", "Editors", "엮은이"},
	{"committees", "Committees", "위원회"},
	{"front_matter", "Front matter", "머리말"},
	{"downloads", "Downloads", "내려받기"},
	{"volume_pdf", "Full volume (PDF)", "논문집 전체 (PDF)"},
	{"paper_pdf", "Paper (PDF)", "논문 (PDF)"},
	{"bibtex", "BibTeX", "BibTeX"},
	{"ris", "RIS", "RIS"},
	{"cite", "Cite this paper", "이 논문 인용하기"},
	{"cite_text", "Citation", "인용 정보"},
	{"figure", "Figure", "그림"},
	{"table", "Table", "표"},
	{"notes", "Notes", "각주"},
	{"back_to_text", "Back to text", "본문으로 돌아가기"},
	{"affiliations", "Affiliations", "소속"},
	{"corresponding", "Corresponding author", "교신저자"},
	{"equal_contrib", "Equal contribution", "공동 제1저자"},
	{"orcid", "ORCID iD", "ORCID iD"},
	{"papers", "Papers", "논문"},
	{"full_text", "Full text", "본문"},
	{"other_papers", "Other papers", "기타 논문"},
	{"published", "Published", "발행일"},
	{"date", "Date", "날짜"},
	{"place", "Place", "장소"},
	{"publisher", "Publisher", "발행처"},
	{"series", "Series", "총서"},
	{"license", "Licence", "이용 허락"},
	{"pages", "Pages", "쪽"},
	{"volume", "Volume", "논문집"},
	{"in_volume", "In", "수록"},
	{"feed", "Atom feed", "Atom 피드"},
	{"built_with", "Built with quire", "quire로 만든 누리집"},
	{"affiliation_seen", "Affiliations", "소속"},
	{"no_results", "No papers match.", "일치하는 논문이 없습니다."},
};

const char *html_ui_lang(const char *lang)
{
	return lang && strncmp(lang, "ko", 2) == 0 && (lang[2] == '\0' || lang[2] == '-') ? "ko" : "en";
}

const char *html_ui(const char *lang, const char *key)
{
	bool ko = strcmp(html_ui_lang(lang), "ko") == 0;
	for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
		if (strcmp(strings[i].key, key) == 0)
			return ko ? strings[i].ko : strings[i].en;
	return "";
}

/* Built once for the process and shared, read-only, by every page on
 * every thread. */
static struct tv *maps[2]; /* en, ko */
static pthread_once_t maps_once = PTHREAD_ONCE_INIT;

static void make_maps(void)
{
	for (int ko = 0; ko < 2; ko++) {
		maps[ko] = tv_map();
		for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
			tv_set_str(maps[ko], strings[i].key, ko ? strings[i].ko : strings[i].en);
	}
}

struct tv *html_ui_map(const char *lang)
{
	pthread_once(&maps_once, make_maps);
	return tv_borrow(maps[strcmp(html_ui_lang(lang), "ko") == 0]);
}
