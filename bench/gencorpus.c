/* gencorpus: write a synthetic quire volume for benchmarks.
 *
 *   gencorpus [--en] [--seed S] [--ko-every K] DIR N [WORDS]
 *
 * DIR/volume.yaml plus DIR/papers/pNNNNN/{paper.md,paper.bib} for N papers
 * of about WORDS words each (default 4000).  Every paper is drawn from its
 * own PRNG stream, seeded by (seed, index), so paper p00017 is the same file
 * whatever N is: a 20-paper corpus is the first 20 papers of a 10,000-paper
 * one.  Every K-th paper (default 5) is in Korean with English translations
 * of its title and abstract, and some English papers quote a Korean passage;
 * --en writes English only.  The output checks clean with `quire check DIR`.
 *
 * Only libc: cc -O2 -o build/gencorpus bench/gencorpus.c
 * Prints one line on stdout: papers=N words=W md_bytes=B bib_bytes=B. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* PRNG (splitmix64) */

struct rng {
	uint64_t s;
};

static uint64_t rnext(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static unsigned rn(struct rng *r, unsigned n)
{
	return n ? (unsigned)(rnext(r) % n) : 0;
}

/* true with probability permille/1000 */
static int chance(struct rng *r, unsigned permille)
{
	return rn(r, 1000) < permille;
}

#define PICK(r, a) ((a)[rn((r), NELEM(a))])

/* ------------------------------------------------------------------ */
/* growable output buffer */

struct buf {
	char *p;
	size_t n, cap;
};

static void die(const char *what)
{
	fprintf(stderr, "gencorpus: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void bgrow(struct buf *b, size_t add)
{
	if (b->n + add + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->n + add + 1)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p)
		die("out of memory");
	b->p = p;
	b->cap = cap;
}

static void bputn(struct buf *b, const char *s, size_t n)
{
	bgrow(b, n);
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = 0;
}

static void bput(struct buf *b, const char *s)
{
	bputn(b, s, strlen(s));
}

static void bputc(struct buf *b, char c)
{
	bputn(b, &c, 1);
}

static void bprintf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("vsnprintf");
	bgrow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}

static void write_file(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		die(path);
	if (b->n && fwrite(b->p, 1, b->n, f) != b->n)
		die(path);
	if (fclose(f) != 0)
		die(path);
}

static void make_dir(const char *path)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		die(path);
}

/* ------------------------------------------------------------------ */
/* English word lists */

static const char *const en_nouns[] = {
	"model", "estimate", "sample", "method", "dataset", "framework", "signal",
	"participant", "survey", "variable", "measurement", "parameter", "network",
	"cohort", "interval", "distribution", "feature", "annotation", "benchmark",
	"baseline", "pipeline", "experiment", "outcome", "region", "sensor",
	"record", "classifier", "algorithm", "constraint", "protocol", "study",
	"policy", "community", "strategy", "query", "category", "archive",
	"household", "respondent", "clinician", "patient", "district", "station",
	"document", "sentence", "speaker", "listener", "recording", "interview",
	"threshold", "weight", "error", "bias", "trend", "pattern", "process",
	"effect", "factor", "score", "label", "index", "matrix", "vector",
	"resource", "decision", "question", "response", "hospital", "school",
	"village", "season", "forecast", "indicator", "estimator", "prior",
	"likelihood", "simulation", "workflow", "instrument", "observation",
};

static const char *const en_adjs[] = {
	"robust", "sparse", "adaptive", "longitudinal", "hierarchical", "noisy",
	"scalable", "interpretable", "bilingual", "empirical", "latent",
	"regional", "temporal", "spatial", "clinical", "causal", "reproducible",
	"efficient", "heterogeneous", "incomplete", "annual", "small", "large",
	"simple", "careful", "consistent", "public", "local", "open", "weekly",
	"rural", "urban", "informal", "structured", "shared", "independent",
	"early", "late", "careful", "balanced", "skewed", "stable", "uncertain",
	"detailed", "practical", "modest", "strong", "weak", "familiar",
	"unexpected", "typical", "rare", "frequent", "accurate", "coarse", "fine",
};

/* regular verbs: past = +d/+ed/ied, third person = +s/+es/ies */
static const char *const en_verbs[] = {
	"estimate", "compare", "improve", "reduce", "describe", "evaluate",
	"capture", "explain", "predict", "measure", "combine", "extend", "support",
	"reveal", "require", "summarise", "characterise", "identify", "examine",
	"test", "report", "collect", "analyse", "model", "track", "weight",
	"calibrate", "validate", "inform", "shape", "affect", "follow", "adjust",
	"separate", "detect", "record", "review", "cluster", "rank", "sample",
};

static const char *const en_advs[] = {
	"consistently", "substantially", "slightly", "rarely", "often", "reliably",
	"jointly", "directly", "markedly", "partly", "largely", "mostly",
	"clearly", "gradually", "sharply", "quietly", "rapidly", "carefully",
};

static const char *const en_preps[] = {
	"across", "within", "for", "under", "over", "among", "in", "without",
	"beyond", "after", "before", "during", "through", "against",
};

static const char *const en_conns[] = {
	"However, ", "In addition, ", "For example, ", "In contrast, ",
	"As a result, ", "In practice, ", "Moreover, ", "Finally, ",
	"At the same time, ", "To our knowledge, ", "In particular, ",
	"On the other hand, ", "Taken together, ", "Importantly, ",
};

static const char *const en_sentences[] = {
	"{C}we {Vd} the {A} {N} of {Ns} {P} the {A} {N}",
	"the {A} {N} {Vs} {Ns} {R} {P} {A} {Ns}",
	"{C}these {Ns} {V} the {N} {R}, which {Vs} the {A} {N}",
	"we {Vd} {D} {Ns} from {D} {A} {Ns} {P} the {N}",
	"when the {N} is {A}, the {N} {Vs} the {N} of {Ns} {R}",
	"{C}the {N} {Vd} {R} {P} {Ns} with {aA} {N}",
	"this {N} {Vs} how {A} {Ns} {V} the {N}",
	"{C}our {A} {N} {Vd} the {N} by {Pct} percent {P} the {N}",
	"in {DoD} {Ns}, the {A} {N} {Vd} the {N}",
	"{C}{aA} {N} of the {N} {Vs} the {A} {Ns} that {V} it",
	"the {Ns} {Vd} {P} the {N} were {A} and {A}",
	"{C}it is {A} to {V} the {N} before the {Ns} {V} the {N}",
	"{C}each {N} {Vs} {aA} {N}, and the {Ns} {V} {R}",
	"{C}we therefore {V} the {A} {Ns} {P} {aA} {N}",
	"the {N} of {A} {Ns} {Vs} {R} with the {N}",
	"{C}previous work {Vd} {A} {Ns}, but the {N} {Vs} {R}",
	"the mean {N} was {F} against {F} for the {A} {N}",
	"{C}{A} {Ns} {V} the {N} {R} when the {Ns} {V} {A} {Ns}",
	"{C}we {R} {Vd} the {N} and {Vd} its {N} {P} {D} {Ns}",
	"{C}the {A} {Ns} did not {V} the {N} as {R} as the {A} {Ns}",
};

static const char *const en_titles[] = {
	"{A} {Ns} for {A} {N} {Ns}",
	"On the {N} of {A} {Ns}",
	"{A} {N} {Ns}: Evidence from {D} {Ns}",
	"Towards {A} {Ns} in {A} {Ns}",
	"How {A} {Ns} {V} the {N} of {Ns}",
	"{A} and {A} {Ns} for {N} {Ns}",
	"A {N} of {A} {Ns} {P} {A} {Ns}",
};

static const char *const en_sections[] = {
	"Related work", "Method", "Results", "Discussion", "Data",
	"Experimental setup", "Analysis", "Limitations",
};

static const char *const code_spans[] = {
	"fit_model()", "n_iter", "--seed 42", "read_csv", "lambda_max",
	"train.py", "batch_size", "np.median", "glm()", "config.yaml",
	"max_depth = 6", "df.groupby(\"region\")", "make check", "quire check",
};

static const char *const en_math[] = {
	"$x_i^2$", "$n = %u$", "$\\alpha = 0.05$", "$\\sum_i x_i^2$",
	"$y_{ij}$", "$\\hat{\\beta}_1$", "$k = %u$", "$\\sigma^2$",
};

static const char *const journals[] = {
	"Journal of Applied Data Science", "Statistics in Society",
	"Computational Linguistics Review", "Journal of Survey Methods",
	"Public Health Informatics", "Transactions on Human-Centred Computing",
	"Annals of Applied Statistics Practice", "Journal of Open Research Software",
	"Environmental Data Letters", "Journal of Korean Language Technology",
};

static const char *const booktitles[] = {
	"Proceedings of the Workshop on Human-Centred Data Science",
	"Proceedings of the Conference on Computational Social Science",
	"Proceedings of the Annual Meeting on Language Resources",
	"Proceedings of the Symposium on Reproducible Research",
	"Proceedings of the International Conference on Survey Statistics",
};

static const char *const publishers[] = {
	"Northbridge University Press", "Lakeside Academic", "Valmora Books",
	"Eastmoor Scientific", "Harbour and Finch",
};

static const char *const pub_places[] = {
	"Northbridge", "Lakeside", "Valmora", "Eastmoor", "Seoul",
};

static const char *const given_names[] = {
	"Helena", "Amara", "Jonas", "Elena", "Samuel", "Priya", "Tomas", "Ingrid",
	"Daniel", "Fatima", "Lucas", "Mei", "Oskar", "Nadia", "Rafael", "Sofia",
	"Adrian", "Leila", "Marcus", "Aiko", "Kofi", "Hannah", "Mateo", "Clara",
};

static const char *const surnames[] = {
	"Vogt", "Nwosu", "Keller", "Ruiz", "Okafor", "Iyer", "Novak", "Lindqvist",
	"Brennan", "Haddad", "Moreau", "Chen", "Berg", "Petrova", "Costa",
	"Rossi", "Whitfield", "Farah", "Osei", "Tanaka", "Dubois", "Larsen",
	"Mensah", "Andersen",
};

static const char *const institutions[] = {
	"Northbridge University", "Lakeside University Medical Centre",
	"Centre for Survey Methodology, University of Valmora",
	"Eastmoor Institute of Technology", "Harbour College of Data Science",
	"Department of Statistics, Westfield University",
	"School of Computing, Riverside University",
	"Institute for Public Health, Greenhill University",
};

/* ------------------------------------------------------------------ */
/* Korean word lists */

struct kopair {
	const char *ko, *en;
};

static const struct kopair ko_nouns[] = {
	{"연구", "study"}, {"자료", "data"}, {"모형", "model"}, {"방법", "method"},
	{"분석", "analysis"}, {"결과", "result"}, {"표본", "sample"},
	{"변수", "variable"}, {"지역", "region"}, {"참여자", "participant"},
	{"설문", "survey"}, {"성능", "performance"}, {"구조", "structure"},
	{"기준", "criterion"}, {"과정", "process"}, {"추정", "estimation"},
	{"오차", "error"}, {"신호", "signal"}, {"문장", "sentence"},
	{"사례", "case"}, {"집단", "group"}, {"분포", "distribution"},
	{"특성", "feature"}, {"환경", "environment"}, {"효과", "effect"},
	{"데이터셋", "dataset"}, {"알고리즘", "algorithm"}, {"실험", "experiment"},
	{"평가", "evaluation"}, {"정책", "policy"}, {"사용자", "user"},
	{"기록", "record"}, {"단어", "word"}, {"문맥", "context"},
	{"측정", "measurement"}, {"비율", "ratio"}, {"주석", "annotation"},
	{"발화", "utterance"}, {"가구", "household"}, {"병원", "hospital"},
	{"학교", "school"}, {"계절", "season"}, {"예측", "forecast"},
	{"지표", "indicator"}, {"가중치", "weight"}, {"편향", "bias"},
};

static const char *const ko_adjs[] = {
	"새로운", "다양한", "작은", "큰", "안정적인", "효율적인", "복잡한",
	"단순한", "일관된", "공개된", "반복적인", "지역적인", "중요한",
	"실제적인", "정교한", "불완전한", "장기적인", "구체적인", "유사한",
	"독립적인", "세밀한", "전형적인", "드문", "잦은", "정확한",
};

static const char *const ko_advs[] = {
	"크게", "다소", "꾸준히", "명확하게", "충분히", "일관되게", "상당히",
	"부분적으로", "효과적으로", "함께", "직접", "신중하게", "빠르게",
};

static const char *const ko_verbs[] = {
	"분석하였다", "제안하였다", "확인하였다", "비교하였다", "개선하였다",
	"측정하였다", "추정하였다", "보여 주었다", "설명한다", "검토하였다",
	"정리하였다", "수집하였다", "평가하였다", "줄였다", "높였다",
	"구분하였다", "관찰하였다", "예측하였다",
};

static const char *const ko_conns[] = {
	"또한 ", "그러나 ", "따라서 ", "예를 들어 ", "한편 ", "특히 ",
	"이에 따라 ", "결과적으로 ", "다만 ", "이와 함께 ",
};

static const char *const ko_sentences[] = {
	"{C}본 연구는 {A} {N을} {R} {V}",
	"{N은} {N의} {N을} {R} {V}",
	"{A} {N과} {N은} {D}개의 {N}에서 {R} {V}",
	"우리는 {N을} 바탕으로 {A} {NE을} {V}",
	"{C}이 {N}에서 {N이} {A} {N을} {R} {V}",
	"{N은} {A} {N}보다 {R} {A} {N을} {V}",
	"{C}{D}명의 {N을} 대상으로 {N의} {NE을} {R} {V}",
	"{C}{A} {N의} {N은} 전체의 {Pct}%였으며 {N의} {N을} {R} {V}",
	"{N으로} {N을} 나누어 {A} {N을} {V}",
	"{C}각 {N에} 대하여 {A} {N과} {N을} {R} {V}",
};

static const char *const ko_sections[] = {
	"관련 연구", "방법", "결과", "논의", "자료", "실험 설정", "분석", "한계",
};

static const char *const ko_surnames[][2] = {
	{"김", "Kim"}, {"이", "Lee"}, {"박", "Park"}, {"최", "Choi"},
	{"정", "Jung"}, {"강", "Kang"}, {"조", "Cho"}, {"윤", "Yoon"},
	{"장", "Jang"}, {"임", "Lim"}, {"한", "Han"}, {"오", "Oh"},
	{"서", "Seo"}, {"신", "Shin"}, {"권", "Kwon"}, {"송", "Song"},
};

static const char *const ko_given[][2] = {
	{"민준", "Minjun"}, {"서연", "Seoyeon"}, {"지호", "Jiho"},
	{"하은", "Haeun"}, {"도현", "Dohyun"}, {"유진", "Yujin"},
	{"예린", "Yerin"}, {"태호", "Taeho"}, {"지윤", "Jiyoon"},
	{"현우", "Hyunwoo"}, {"하늘", "Haneul"}, {"상민", "Sangmin"},
	{"소율", "Soyul"}, {"민석", "Minseok"}, {"아라", "Ara"},
	{"승훈", "Seunghoon"},
};

static const struct kopair ko_institutions[] = {
	{"서울데이터과학대학교", "Seoul University of Data Science"},
	{"인간중심데이터과학연구소", "Institute for Human-Centred Data Science"},
	{"가람대학교 언어학과", "Department of Linguistics, Garam University"},
	{"한빛대학교 통계학과", "Department of Statistics, Hanbit University"},
	{"누리병원 임상연구센터", "Clinical Research Centre, Nuri Hospital"},
	{"바다과학기술원", "Bada Institute of Science and Technology"},
};

static const char *const ko_journals[] = {
	"한국데이터과학회지", "언어와 계산", "조사연구", "보건정보학회지",
};

/* ------------------------------------------------------------------ */
/* morphology */

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* plural noun and third-person verb share the rule */
static void put_s(struct buf *b, const char *w)
{
	size_t l = strlen(w);
	char last = w[l - 1], prev = l > 1 ? w[l - 2] : 0;
	if (last == 'y' && !is_vowel(prev)) {
		bputn(b, w, l - 1);
		bput(b, "ies");
	} else if (last == 's' || last == 'x' || (last == 'h' && (prev == 'c' || prev == 's'))) {
		bput(b, w);
		bput(b, "es");
	} else {
		bput(b, w);
		bputc(b, 's');
	}
}

static void put_past(struct buf *b, const char *w)
{
	size_t l = strlen(w);
	char last = w[l - 1], prev = l > 1 ? w[l - 2] : 0;
	if (last == 'e') {
		bput(b, w);
		bputc(b, 'd');
	} else if (last == 'y' && !is_vowel(prev)) {
		bputn(b, w, l - 1);
		bput(b, "ied");
	} else {
		bput(b, w);
		bput(b, "ed");
	}
}

/* Decode the last UTF-8 code point of s. */
static unsigned last_cp(const char *s)
{
	size_t l = strlen(s);
	if (!l)
		return 0;
	size_t i = l - 1;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	const unsigned char *p = (const unsigned char *)s + i;
	if (p[0] < 0x80)
		return p[0];
	if ((p[0] & 0xE0) == 0xC0)
		return ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
	if ((p[0] & 0xF0) == 0xE0)
		return ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
	return 0;
}

/* Final consonant (jongseong) of a Hangul syllable: 0 none, 8 is ㄹ. */
static int jong(const char *word)
{
	unsigned cp = last_cp(word);
	if (cp < 0xAC00 || cp > 0xD7A3)
		return 0;
	return (int)((cp - 0xAC00) % 28);
}

/* Korean particle chosen by the final consonant of the preceding word. */
static const char *particle(const char *word, const char *kind)
{
	int j = jong(word);
	if (!strcmp(kind, "은"))
		return j ? "은" : "는";
	if (!strcmp(kind, "을"))
		return j ? "을" : "를";
	if (!strcmp(kind, "이"))
		return j ? "이" : "가";
	if (!strcmp(kind, "과"))
		return j ? "과" : "와";
	if (!strcmp(kind, "으로"))
		return (j && j != 8) ? "으로" : "로";
	return kind; /* 의, 에, 에서: invariant */
}

/* ------------------------------------------------------------------ */
/* per-paper generator state */

#define MAXBIB 16

struct bibent {
	char key[48];
	int cited;
};

struct gen {
	struct rng r;
	int ko;          /* Korean paper */
	int plain;       /* no markup (abstracts, captions) */
	long words;      /* words of body written */
	struct bibent bib[MAXBIB];
	int nbib;
	int nfoot, nextfoot; /* footnotes referenced so far, and planned */
	long foot_at[4096];
	int math_every;  /* one inline formula per about this many sentences */
	struct buf notes; /* footnote definitions */
};

static void put_en_word(struct gen *g, struct buf *b, const char *tok, int *first_upper)
{
	(void)first_upper;
	if (!strcmp(tok, "A") || !strcmp(tok, "aA")) {
		const char *a = PICK(&g->r, en_adjs);
		if (tok[0] == 'a')
			bput(b, is_vowel(a[0]) ? "an " : "a ");
		if (!g->plain && chance(&g->r, 25)) {
			bputc(b, '*');
			bput(b, a);
			bputc(b, '*');
		} else
			bput(b, a);
	} else if (!strcmp(tok, "N")) {
		const char *n = PICK(&g->r, en_nouns);
		if (!g->plain && chance(&g->r, 8)) {
			bput(b, "**");
			bput(b, n);
			bput(b, "**");
		} else
			bput(b, n);
	} else if (!strcmp(tok, "Ns")) {
		put_s(b, PICK(&g->r, en_nouns));
	} else if (!strcmp(tok, "V")) {
		bput(b, PICK(&g->r, en_verbs));
	} else if (!strcmp(tok, "Vd")) {
		put_past(b, PICK(&g->r, en_verbs));
	} else if (!strcmp(tok, "Vs")) {
		put_s(b, PICK(&g->r, en_verbs));
	} else if (!strcmp(tok, "R")) {
		bput(b, PICK(&g->r, en_advs));
	} else if (!strcmp(tok, "P")) {
		bput(b, PICK(&g->r, en_preps));
	} else if (!strcmp(tok, "C")) {
		if (chance(&g->r, 300))
			bput(b, PICK(&g->r, en_conns));
	} else if (!strcmp(tok, "D")) {
		bprintf(b, "%u", 2 + rn(&g->r, 240));
	} else if (!strcmp(tok, "F")) {
		bprintf(b, "%u.%u", rn(&g->r, 100), rn(&g->r, 10));
	} else if (!strcmp(tok, "Pct")) {
		bprintf(b, "%u", 1 + rn(&g->r, 60));
	} else if (!strcmp(tok, "DoD")) {
		unsigned whole = 10 + rn(&g->r, 240);
		bprintf(b, "%u of %u", 1 + rn(&g->r, whole), whole);
	} else {
		fprintf(stderr, "gencorpus: bad token {%s}\n", tok);
		exit(1);
	}
}

static void put_ko_word(struct gen *g, struct buf *b, const char *tok)
{
	if (!strcmp(tok, "A")) {
		bput(b, PICK(&g->r, ko_adjs));
	} else if (!strcmp(tok, "R")) {
		bput(b, PICK(&g->r, ko_advs));
	} else if (!strcmp(tok, "V")) {
		bput(b, PICK(&g->r, ko_verbs));
	} else if (!strcmp(tok, "C")) {
		if (chance(&g->r, 300))
			bput(b, PICK(&g->r, ko_conns));
	} else if (!strcmp(tok, "D")) {
		bprintf(b, "%u", 2 + rn(&g->r, 240));
	} else if (!strcmp(tok, "Pct")) {
		bprintf(b, "%u", 1 + rn(&g->r, 60));
	} else if (tok[0] == 'N') {
		/* {N}, {N을}, {NE을}: noun, optional English gloss, particle */
		const struct kopair *n = &PICK(&g->r, ko_nouns);
		const char *rest = tok + 1;
		int gloss = 0;
		if (*rest == 'E') {
			gloss = 1;
			rest++;
		}
		int strong = !g->plain && chance(&g->r, 10);
		if (strong)
			bput(b, "**");
		bput(b, n->ko);
		if (strong)
			bput(b, "**");
		if (gloss)
			bprintf(b, "(%s)", n->en);
		if (*rest)
			bput(b, particle(n->ko, rest));
	} else {
		fprintf(stderr, "gencorpus: bad token {%s}\n", tok);
		exit(1);
	}
}

/* Expand a template like "the {A} {N}" into b. */
static void expand(struct gen *g, struct buf *b, const char *tpl, int ko)
{
	for (const char *p = tpl; *p;) {
		if (*p == '{') {
			const char *e = strchr(p, '}');
			char tok[32];
			size_t l = (size_t)(e - p - 1);
			memcpy(tok, p + 1, l);
			tok[l] = 0;
			if (ko)
				put_ko_word(g, b, tok);
			else
				put_en_word(g, b, tok, NULL);
			p = e + 1;
		} else {
			bputc(b, *p++);
		}
	}
}

/* Upper-case the first ASCII letter at or after offset `from`. */
static void cap_first(struct buf *b, size_t from)
{
	for (size_t i = from; i < b->n; i++) {
		char c = b->p[i];
		if (c >= 'a' && c <= 'z') {
			b->p[i] = (char)(c - 'a' + 'A');
			return;
		}
		if ((c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80)
			return;
	}
}

static long count_words(const char *s, size_t n)
{
	long w = 0;
	int in = 0;
	for (size_t i = 0; i < n; i++) {
		int sp = s[i] == ' ' || s[i] == '\n';
		if (!sp && !in)
			w++;
		in = !sp;
	}
	return w;
}

static int pick_uncited(struct gen *g)
{
	for (int i = 0; i < g->nbib; i++)
		if (!g->bib[i].cited)
			return i;
	return -1;
}

/* " [@a]" or " [@a; @b]", preferring entries not yet cited. */
static void put_citation(struct gen *g, struct buf *b)
{
	int n = chance(&g->r, 750) ? 1 : 2 + (int)rn(&g->r, 2);
	int used[4];
	int k = 0;
	while (k < n) {
		int i = pick_uncited(g);
		if (i < 0 || chance(&g->r, 200))
			i = (int)rn(&g->r, (unsigned)g->nbib);
		int dup = 0;
		for (int j = 0; j < k; j++)
			dup |= used[j] == i;
		if (dup) {
			if (g->nbib <= k)
				break;
			continue;
		}
		used[k++] = i;
	}
	bput(b, " [");
	for (int j = 0; j < k; j++) {
		if (j)
			bput(b, "; ");
		bprintf(b, "@%s", g->bib[used[j]].key);
		g->bib[used[j]].cited = 1;
	}
	bputc(b, ']');
}

static void put_math(struct gen *g, struct buf *b)
{
	char tmp[64];
	snprintf(tmp, sizeof tmp, PICK(&g->r, en_math), 2 + rn(&g->r, 500));
	bput(b, tmp);
}

static void footnote_text(struct gen *g, struct buf *b);

/* One sentence, with its trailing period, into b; returns words written. */
static long sentence(struct gen *g, struct buf *b)
{
	size_t start = b->n;
	if (g->ko) {
		const char *tpl = PICK(&g->r, ko_sentences);
		if (!g->plain && chance(&g->r, 30)) {
			bprintf(b, "`%s`의 출력을 바탕으로 ", PICK(&g->r, code_spans));
		} else if (!g->plain && g->math_every && rn(&g->r, (unsigned)g->math_every) == 0) {
			put_math(g, b);
			bput(b, " 값을 기준으로 ");
		}
		expand(g, b, tpl, 1);
	} else {
		expand(g, b, PICK(&g->r, en_sentences), 0);
		cap_first(b, start);
		if (!g->plain) {
			if (chance(&g->r, 30)) {
				static const char *const how[] = {", using `%s`", " (see `%s`)",
								  ", implemented as `%s`"};
				bprintf(b, PICK(&g->r, how), PICK(&g->r, code_spans));
			} else if (g->math_every && rn(&g->r, (unsigned)g->math_every) == 0) {
				static const char *const lead[] = {", where ", " with ", " at ",
								   ", minimising "};
				bput(b, PICK(&g->r, lead));
				put_math(g, b);
			}
		}
	}
	if (!g->plain) {
		if (g->nbib && chance(&g->r, 110))
			put_citation(g, b);
		if (g->nfoot < g->nextfoot && g->words >= g->foot_at[g->nfoot]) {
			g->nfoot++;
			bprintf(b, "[^%d]", g->nfoot);
			bprintf(&g->notes, "[^%d]: ", g->nfoot);
			footnote_text(g, &g->notes);
			bput(&g->notes, "\n\n");
		}
	}
	bputc(b, '.');
	long w = count_words(b->p + start, b->n - start);
	return w;
}

static void footnote_text(struct gen *g, struct buf *b)
{
	int plain = g->plain;
	g->plain = 1;
	size_t start = b->n;
	int n = 1 + (int)rn(&g->r, 2);
	for (int i = 0; i < n; i++) {
		if (i)
			bputc(b, ' ');
		if (g->ko) {
			expand(g, b, PICK(&g->r, ko_sentences), 1);
		} else {
			size_t s = b->n;
			expand(g, b, PICK(&g->r, en_sentences), 0);
			cap_first(b, s);
		}
		bputc(b, '.');
	}
	(void)start;
	g->plain = plain;
}

static void paragraph(struct gen *g, struct buf *b)
{
	int n = 3 + (int)rn(&g->r, 5);
	for (int i = 0; i < n; i++) {
		if (i)
			bputc(b, ' ');
		g->words += sentence(g, b);
	}
	bput(b, "\n\n");
}

/* A Title-Cased phrase from a template (English). */
static void title_case(struct buf *b, size_t from)
{
	static const char *const small[] = {"of", "for", "in", "and", "the", "a",
					    "an", "from", "to", "on", "with"};
	int word_start = 1, first = 1;
	for (size_t i = from; i < b->n; i++) {
		char c = b->p[i];
		if (c == ' ') {
			word_start = 1;
			continue;
		}
		if (word_start && c >= 'a' && c <= 'z') {
			size_t e = i;
			while (e < b->n && b->p[e] != ' ')
				e++;
			int is_small = 0;
			for (size_t k = 0; k < NELEM(small); k++)
				if (strlen(small[k]) == e - i && !memcmp(small[k], b->p + i, e - i))
					is_small = 1;
			if (first || !is_small || (i >= 2 && b->p[i - 2] == ':'))
				b->p[i] = (char)(c - 'a' + 'A');
		}
		word_start = 0;
		first = 0;
	}
}

static void table(struct gen *g, struct buf *b, int tno)
{
	int rows = 3 + (int)rn(&g->r, 3);
	if (g->ko) {
		bput(b, "| 모형 | 정확도 | F1 | 재현율 | 시간(초) |\n");
	} else {
		bput(b, "| Method | Accuracy | F1 | Recall | Time (s) |\n");
	}
	bput(b, "|:--|--:|--:|--:|--:|\n");
	for (int i = 0; i < rows; i++) {
		bput(b, "| ");
		if (i == 0)
			bput(b, g->ko ? "기준 모형" : "Baseline");
		else {
			int plain = g->plain;
			g->plain = 1;
			if (g->ko) {
				bput(b, PICK(&g->r, ko_adjs));
				bputc(b, ' ');
				bput(b, PICK(&g->r, ko_nouns).ko);
			} else {
				size_t s = b->n;
				expand(g, b, "{A} {N}", 0);
				cap_first(b, s);
			}
			g->plain = plain;
		}
		unsigned acc = 600 + rn(&g->r, 380);
		bprintf(b, " | %u.%u | %u.%u | %u.%u | %u.%u |\n", acc / 10, acc % 10,
			(acc - 20) / 10, rn(&g->r, 10), 50 + rn(&g->r, 49), rn(&g->r, 10),
			rn(&g->r, 300), rn(&g->r, 10));
	}
	bputc(b, '\n');
	/* pandoc's table caption: a paragraph starting with ':' after the table */
	int plain = g->plain;
	g->plain = 1;
	bput(b, ": ");
	if (g->ko) {
		bprintf(b, "표 %d. ", tno);
		expand(g, b, "{A} {N}에 따른 {N의} {N}", 1);
	} else {
		size_t s = b->n;
		expand(g, b, "{A} {Ns} and {A} {Ns} on the {N} benchmark", 0);
		cap_first(b, s);
	}
	bput(b, ".\n\n");
	g->plain = plain;
	g->words += 6 * (rows + 1) + 8;
}

static void bullet_list(struct gen *g, struct buf *b)
{
	int n = 3 + (int)rn(&g->r, 3);
	int plain = g->plain;
	g->plain = 1;
	for (int i = 0; i < n; i++) {
		size_t s = b->n;
		bput(b, "- ");
		if (g->ko)
			expand(g, b, PICK(&g->r, ko_sentences), 1);
		else {
			size_t c = b->n;
			expand(g, b, PICK(&g->r, en_sentences), 0);
			cap_first(b, c);
		}
		bput(b, ".\n");
		g->words += count_words(b->p + s + 2, b->n - s - 2);
	}
	bputc(b, '\n');
	g->plain = plain;
}

static void korean_quote(struct gen *g, struct buf *b)
{
	bput(b, "One participant wrote the following in Korean, quoted as written:\n\n> ");
	int ko = g->ko, plain = g->plain;
	g->ko = 1;
	g->plain = 1;
	for (int i = 0; i < 3; i++) {
		if (i)
			bputc(b, ' ');
		size_t s = b->n;
		expand(g, b, PICK(&g->r, ko_sentences), 1);
		bputc(b, '.');
		g->words += count_words(b->p + s, b->n - s);
	}
	bput(b, "\n\n");
	g->ko = ko;
	g->plain = plain;
	g->words += 10;
}

static void heading(struct gen *g, struct buf *b, int level, const char *text)
{
	for (int i = 0; i < level; i++)
		bputc(b, '#');
	bputc(b, ' ');
	bput(b, text);
	bput(b, "\n\n");
	g->words += count_words(text, strlen(text));
}

static void subheading_text(struct gen *g, struct buf *b)
{
	int plain = g->plain;
	g->plain = 1;
	if (g->ko) {
		expand(g, b, "{N의} {N}", 1);
	} else {
		size_t s = b->n;
		expand(g, b, "{A} {Ns}", 0);
		cap_first(b, s);
	}
	g->plain = plain;
}

/* The body: sections until about `target` words. */
static void body(struct gen *g, struct buf *b, long target, int korean_passage)
{
	long nsec = target / 650;
	if (nsec < 6)
		nsec = 6;
	long last_table = 0, last_list = -3400;
	int tno = 0, quoted = 0;
	long start = g->words;
	for (long s = 0; s < nsec; s++) {
		char title[160];
		if (s == 0)
			snprintf(title, sizeof title, "%s", g->ko ? "서론" : "Introduction");
		else if (s == nsec - 1)
			snprintf(title, sizeof title, "%s", g->ko ? "결론" : "Conclusion");
		else {
			long i = (s - 1) % (long)NELEM(en_sections), cyc = (s - 1) / (long)NELEM(en_sections);
			const char *t = g->ko ? ko_sections[i] : en_sections[i];
			if (cyc)
				snprintf(title, sizeof title, "%s %ld", t, cyc + 1);
			else
				snprintf(title, sizeof title, "%s", t);
		}
		heading(g, b, 2, title);
		long end = start + target * (s + 1) / nsec;
		long len = end - g->words;
		int nsub = (s > 0 && s < nsec - 1 && len >= 450) ? 2 + (int)rn(&g->r, 2) : 1;
		for (int k = 0; k < nsub; k++) {
			long sub_end = g->words + (end - g->words) / (nsub - k);
			if (nsub > 1) {
				struct buf t = {0};
				subheading_text(g, &t);
				heading(g, b, 3, t.p);
				free(t.p);
			}
			do {
				paragraph(g, b);
				if (g->words - last_table >= 1500 && g->words < end - 100) {
					table(g, b, ++tno);
					last_table = g->words;
				}
				if (g->words - last_list >= 4000 && s > 0) {
					bullet_list(g, b);
					last_list = g->words;
				}
				if (korean_passage && !quoted && s >= nsec / 2) {
					korean_quote(g, b);
					quoted = 1;
				}
			} while (g->words < sub_end);
		}
	}
	/* every bibliography entry is cited at least once */
	if (pick_uncited(g) >= 0) {
		bput(b, g->ko ? "관련 연구의 흐름은 " : "Further background is given in ");
		bputc(b, '[');
		int first = 1;
		for (int i = 0; i < g->nbib; i++) {
			if (g->bib[i].cited)
				continue;
			bprintf(b, "%s@%s", first ? "" : "; ", g->bib[i].key);
			g->bib[i].cited = 1;
			first = 0;
		}
		bput(b, g->ko ? "] 에 정리되어 있다.\n\n" : "].\n\n");
	}
}

/* ------------------------------------------------------------------ */
/* identifiers */

/* A valid ORCID iD (ISO 7064 MOD 11-2 check character).  `serial` is unique
 * per author in the volume (paper index * 4 + position) and is scattered by a
 * bijection mod 10^7, so no two authors share an iD. */
static void make_orcid(unsigned long serial, char out[20])
{
	char d[16];
	unsigned long v = (serial * 7654321ul + 1234567ul) % 10000000ul;
	snprintf(d, sizeof d, "00000002%07lu", v);
	unsigned total = 0;
	for (int i = 0; i < 15; i++)
		total = (total + (unsigned)(d[i] - '0')) * 2;
	unsigned res = (12 - total % 11) % 11;
	d[15] = res == 10 ? 'X' : (char)('0' + res);
	snprintf(out, 20, "%.4s-%.4s-%.4s-%.4s", d, d + 4, d + 8, d + 12);
}

/* splitmix64's finaliser, to derive independent per-paper seeds */
static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static void lower_ascii(char *dst, size_t cap, const char *src)
{
	size_t j = 0;
	for (size_t i = 0; src[i] && j + 1 < cap; i++) {
		char c = src[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			dst[j++] = c;
	}
	dst[j] = 0;
}

/* ------------------------------------------------------------------ */
/* bibliography */

static void bibliography(struct gen *g, struct buf *b, int nbib)
{
	g->nbib = nbib;
	for (int i = 0; i < nbib; i++) {
		struct bibent *e = &g->bib[i];
		int korean = g->ko && rn(&g->r, 3) == 0;
		int type = (int)rn(&g->r, 3); /* 0 article, 1 inproceedings, 2 book */
		unsigned year = 1995 + rn(&g->r, 31);
		int nauth = 1 + (int)rn(&g->r, 3);
		struct buf authors = {0};
		char first_sur[32] = "";
		for (int a = 0; a < nauth; a++) {
			if (a)
				bput(&authors, " and ");
			if (korean) {
				unsigned s = rn(&g->r, NELEM(ko_surnames)), gi = rn(&g->r, NELEM(ko_given));
				bprintf(&authors, "%s%s", ko_surnames[s][0], ko_given[gi][0]);
				if (!a)
					lower_ascii(first_sur, sizeof first_sur, ko_surnames[s][1]);
			} else {
				const char *sur = PICK(&g->r, surnames);
				bprintf(&authors, "%s, %s", sur, PICK(&g->r, given_names));
				if (!a)
					lower_ascii(first_sur, sizeof first_sur, sur);
			}
		}
		struct buf title = {0};
		int plain = g->plain, ko = g->ko;
		g->plain = 1;
		g->ko = korean;
		if (korean)
			expand(g, &title, "{A} {N의} {N}에 관한 연구", 1);
		else {
			expand(g, &title, PICK(&g->r, en_titles), 0);
			title_case(&title, 0);
		}
		g->plain = plain;
		g->ko = ko;
		/* key: surname + year, then a letter if another entry has it */
		char base[40];
		snprintf(base, sizeof base, "%s%u", first_sur, year);
		snprintf(e->key, sizeof e->key, "%s", base);
		for (int suffix = 0;; suffix++) {
			int clash = 0;
			for (int j = 0; j < i; j++)
				clash |= !strcmp(g->bib[j].key, e->key);
			if (!clash)
				break;
			snprintf(e->key, sizeof e->key, "%s%c", base, 'a' + suffix);
		}
		e->cited = 0;
		static const char *const types[] = {"article", "inproceedings", "book"};
		bprintf(b, "@%s{%s,\n", types[type], e->key);
		bprintf(b, "  author    = {%s},\n", authors.p);
		bprintf(b, "  title     = {%s},\n", title.p);
		if (type == 0) {
			bprintf(b, "  journal   = {%s},\n",
				korean ? PICK(&g->r, ko_journals) : PICK(&g->r, journals));
			bprintf(b, "  year      = {%u},\n", year);
			bprintf(b, "  volume    = {%u},\n", 1 + rn(&g->r, 40));
			bprintf(b, "  number    = {%u},\n", 1 + rn(&g->r, 6));
			unsigned p0 = 1 + rn(&g->r, 300);
			bprintf(b, "  pages     = {%u--%u},\n", p0, p0 + 8 + rn(&g->r, 20));
		} else if (type == 1) {
			bprintf(b, "  booktitle = {%s},\n", PICK(&g->r, booktitles));
			bprintf(b, "  year      = {%u},\n", year);
			unsigned p0 = 1 + rn(&g->r, 400);
			bprintf(b, "  pages     = {%u--%u},\n", p0, p0 + 4 + rn(&g->r, 8));
		} else {
			bprintf(b, "  publisher = {%s},\n", PICK(&g->r, publishers));
			bprintf(b, "  address   = {%s},\n", PICK(&g->r, pub_places));
			bprintf(b, "  year      = {%u},\n", year);
		}
		bprintf(b, "  doi       = {10.5555/bench.%u.%u}\n}\n\n", year, 1000 + rn(&g->r, 9000));
		free(authors.p);
		free(title.p);
	}
}

/* ------------------------------------------------------------------ */
/* front matter */

/* Write `text` as a folded block scalar body, indented, wrapped near 96. */
static void yaml_block(struct buf *b, const char *indent, const char *text)
{
	const char *p = text;
	while (*p) {
		bput(b, indent);
		size_t col = 0;
		while (*p) {
			const char *sp = strchr(p, ' ');
			size_t l = sp ? (size_t)(sp - p) : strlen(p);
			if (col && col + l > 96)
				break;
			if (col)
				bputc(b, ' ');
			bputn(b, p, l);
			col += l + 1;
			p += l;
			while (*p == ' ')
				p++;
		}
		bputc(b, '\n');
	}
}

static void abstract_text(struct gen *g, struct buf *out, int ko, int sentences)
{
	int plain = g->plain, oko = g->ko;
	g->plain = 1;
	g->ko = ko;
	for (int i = 0; i < sentences; i++) {
		if (i)
			bputc(out, ' ');
		size_t s = out->n;
		expand(g, out, ko ? PICK(&g->r, ko_sentences) : PICK(&g->r, en_sentences), ko);
		if (!ko)
			cap_first(out, s);
		bputc(out, '.');
	}
	g->plain = plain;
	g->ko = oko;
}

struct author {
	char name_en[64], name_ko[32], email[96], orcid[20];
	int aff[2], naff;
};

static void front_matter(struct gen *g, struct buf *b, unsigned idx)
{
	struct rng *r = &g->r;
	bput(b, "---\n");

	/* title */
	struct buf ten = {0}, tko = {0};
	int plain = g->plain;
	g->plain = 1;
	expand(g, &ten, PICK(r, en_titles), 0);
	title_case(&ten, 0);
	if (g->ko) {
		expand(g, &tko, "{A} {N을} 이용한 {N의} {N} 연구", 1);
		bprintf(b, "title: {ko: \"%s\", en: \"%s\"}\n", tko.p, ten.p);
	} else {
		bprintf(b, "title: \"%s\"\n", ten.p);
	}
	g->plain = plain;
	free(ten.p);
	free(tko.p);

	/* authors and affiliations */
	int nauth = 1 + (int)rn(r, 4);
	int naff = 1 + (int)rn(r, (unsigned)(nauth < 3 ? nauth : 3));
	struct author au[4];
	for (int i = 0; i < nauth; i++) {
		struct author *a = &au[i];
		char lg[32], ls[32];
		if (g->ko) {
			unsigned s = rn(r, NELEM(ko_surnames)), gi = rn(r, NELEM(ko_given));
			snprintf(a->name_ko, sizeof a->name_ko, "%s%s", ko_surnames[s][0], ko_given[gi][0]);
			snprintf(a->name_en, sizeof a->name_en, "%s %s", ko_given[gi][1], ko_surnames[s][1]);
			lower_ascii(lg, sizeof lg, ko_given[gi][1]);
			lower_ascii(ls, sizeof ls, ko_surnames[s][1]);
		} else {
			const char *gn = PICK(r, given_names), *sn = PICK(r, surnames);
			snprintf(a->name_en, sizeof a->name_en, "%s %s", gn, sn);
			lower_ascii(lg, sizeof lg, gn);
			lower_ascii(ls, sizeof ls, sn);
		}
		snprintf(a->email, sizeof a->email, "%s.%s@example.org", lg, ls);
		make_orcid((unsigned long)idx * 4 + (unsigned long)i, a->orcid);
		a->aff[0] = i % naff + 1;
		a->naff = 1;
		if (naff > 1 && chance(r, 250)) {
			a->aff[1] = (a->aff[0] % naff) + 1;
			a->naff = 2;
		}
	}
	bput(b, "authors:\n");
	for (int i = 0; i < nauth; i++) {
		struct author *a = &au[i];
		if (g->ko)
			bprintf(b, "  - name: {ko: %s, en: %s}\n", a->name_ko, a->name_en);
		else
			bprintf(b, "  - name: %s\n", a->name_en);
		bprintf(b, "    orcid: %s\n", a->orcid);
		if (a->naff == 2)
			bprintf(b, "    affiliation: \"%d, %d\"\n", a->aff[0], a->aff[1]);
		else
			bprintf(b, "    affiliation: %d\n", a->aff[0]);
		bprintf(b, "    email: %s\n", a->email);
		if (i == 0)
			bput(b, "    corresponding: true\n");
	}
	bput(b, "affiliations:\n");
	unsigned base = rn(r, 8);
	for (int i = 0; i < naff; i++) {
		if (g->ko) {
			const struct kopair *inst = &ko_institutions[(base + (unsigned)i) % NELEM(ko_institutions)];
			bprintf(b, "  - name: {ko: %s, en: \"%s\"}\n", inst->ko, inst->en);
		} else {
			bprintf(b, "  - name: \"%s\"\n", institutions[(base + (unsigned)i) % NELEM(institutions)]);
		}
		bprintf(b, "    index: %d\n", i + 1);
	}

	/* keywords: distinct */
	int nkw = 3 + (int)rn(r, 3);
	unsigned kw[8];
	for (int i = 0; i < nkw; i++) {
		unsigned n = g->ko ? NELEM(ko_nouns) : NELEM(en_nouns), k;
		int dup;
		do {
			k = rn(r, n);
			dup = 0;
			for (int j = 0; j < i; j++)
				dup |= kw[j] == k;
		} while (dup);
		kw[i] = k;
	}
	if (g->ko) {
		bput(b, "keywords:\n  ko: [");
		for (int i = 0; i < nkw; i++)
			bprintf(b, "%s%s", i ? ", " : "", ko_nouns[kw[i]].ko);
		bput(b, "]\n  en: [");
		for (int i = 0; i < nkw; i++)
			bprintf(b, "%s%s", i ? ", " : "", ko_nouns[kw[i]].en);
		bput(b, "]\n");
	} else {
		bput(b, "keywords: [");
		for (int i = 0; i < nkw; i++)
			bprintf(b, "%s%s", i ? ", " : "", en_nouns[kw[i]]);
		bput(b, "]\n");
	}

	/* abstract */
	struct buf aen = {0}, ako = {0};
	abstract_text(g, &aen, 0, 5 + (int)rn(r, 3));
	if (g->ko) {
		abstract_text(g, &ako, 1, 5 + (int)rn(r, 3));
		bput(b, "abstract:\n  ko: >-\n");
		yaml_block(b, "    ", ako.p);
		bput(b, "  en: >-\n");
		yaml_block(b, "    ", aen.p);
	} else {
		bput(b, "abstract: >-\n");
		yaml_block(b, "  ", aen.p);
	}
	free(aen.p);
	free(ako.p);

	bprintf(b, "lang: %s\n", g->ko ? "ko" : "en");
	bprintf(b, "date: 2026-%02u-%02u\n", 1 + rn(r, 10), 1 + rn(r, 28));
	bput(b, "bibliography: paper.bib\n");
	bput(b, "---\n\n");
}

/* ------------------------------------------------------------------ */

struct opts {
	const char *dir;
	unsigned n;
	long words;
	uint64_t seed;
	unsigned ko_every;
	int en_only;
};

static void paper(const struct opts *o, unsigned idx, long *words_out, size_t *md_bytes,
		  size_t *bib_bytes)
{
	static struct gen g; /* big: foot_at */
	memset(&g, 0, sizeof g);
	g.r.s = mix64(mix64(o->seed) ^ mix64(0x51A7E5ull + idx));
	g.ko = !o->en_only && o->ko_every && idx % o->ko_every == 3 % o->ko_every;
	int korean_passage = !o->en_only && !g.ko && idx % 7 == 4;
	g.math_every = 30;

	struct buf bib = {0}, md = {0};
	bibliography(&g, &bib, 10 + (int)rn(&g.r, 6));
	front_matter(&g, &md, idx);

	long nfoot = o->words < 3000 ? 1 : o->words < 6000 ? 2 : o->words / 3000;
	if (nfoot > (long)NELEM(g.foot_at))
		nfoot = NELEM(g.foot_at);
	g.nextfoot = (int)nfoot;
	for (long i = 0; i < nfoot; i++)
		g.foot_at[i] = o->words * (2 * i + 1) / (2 * nfoot);

	body(&g, &md, o->words, korean_passage);
	if (g.notes.n)
		bputn(&md, g.notes.p, g.notes.n);
	free(g.notes.p);

	char path[4096];
	snprintf(path, sizeof path, "%s/papers/p%05u", o->dir, idx);
	make_dir(path);
	snprintf(path, sizeof path, "%s/papers/p%05u/paper.md", o->dir, idx);
	write_file(path, &md);
	snprintf(path, sizeof path, "%s/papers/p%05u/paper.bib", o->dir, idx);
	write_file(path, &bib);
	*words_out += g.words;
	*md_bytes += md.n;
	*bib_bytes += bib.n;
	free(md.p);
	free(bib.p);
}

static void volume_yaml(const struct opts *o)
{
	struct buf b = {0};
	bput(&b, "# Synthetic benchmark volume written by bench/gencorpus.c.\n");
	bput(&b, "id: quire-bench\n");
	bprintf(&b, "title: {en: \"quire Benchmark Volume (%u papers)\", ko: \"quire 성능 시험 논문집 (%u편)\"}\n",
		o->n, o->n);
	bput(&b, "short-title: quire bench\n");
	bput(&b, "date: 2026-11-20\n");
	bput(&b, "language: [en, ko]\n");
	bput(&b, "license: CC-BY-4.0\n");
	bput(&b, "editors:\n");
	bput(&b, "  - name: {en: \"Josiah Carberry\", ko: \"조사이아 카베리\"}\n");
	bput(&b, "    affiliation: {en: \"Brown University\", ko: \"브라운 대학교\"}\n");
	bput(&b, "    orcid: 0000-0002-1825-0097\n");
	bput(&b, "    email: josiah.carberry@example.org\n");
	bput(&b, "sessions:\n");
	for (unsigned s = 0; s * 25 < o->n; s++) {
		bprintf(&b, "  - id: s%03u\n", s + 1);
		bprintf(&b, "    title: {en: \"Session %u\", ko: \"세션 %u\"}\n", s + 1, s + 1);
		bput(&b, "    papers: [");
		for (unsigned i = s * 25 + 1; i <= s * 25 + 25 && i <= o->n; i++)
			bprintf(&b, "%sp%05u", i == s * 25 + 1 ? "" : ", ", i);
		bput(&b, "]\n");
	}
	bput(&b, "layout:\n  paper: a4\n  columns: 1\n");
	bput(&b, "policy:\n");
	bput(&b, "  max-pages: 0\n");
	bput(&b, "  abstract-words: 250\n");
	bput(&b, "  review: double-blind\n");
	bput(&b, "  translations: [en]\n");
	bput(&b, "  required: [title, authors, abstract, keywords]\n");
	char path[4096];
	snprintf(path, sizeof path, "%s/volume.yaml", o->dir);
	write_file(path, &b);
	free(b.p);
}

static void usage(void)
{
	fprintf(stderr, "usage: gencorpus [--en] [--seed S] [--ko-every K] DIR N [WORDS]\n"
			"  writes DIR/volume.yaml and DIR/papers/pNNNNN/ for N papers of about\n"
			"  WORDS words each (default 4000); every K-th paper is Korean (default 5,\n"
			"  0 = none); --en writes English only.\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct opts o = {.words = 4000, .seed = 20261120, .ko_every = 5};
	const char *pos[3];
	int npos = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--en"))
			o.en_only = 1;
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			o.seed = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--ko-every") && i + 1 < argc)
			o.ko_every = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			usage();
		else if (argv[i][0] == '-' && argv[i][1])
			usage();
		else if (npos < 3)
			pos[npos++] = argv[i];
		else
			usage();
	}
	if (npos < 2)
		usage();
	o.dir = pos[0];
	long n = strtol(pos[1], NULL, 10);
	if (n < 1 || n > 99999)
		usage();
	o.n = (unsigned)n;
	if (npos == 3) {
		o.words = strtol(pos[2], NULL, 10);
		if (o.words < 100 || o.words > 4000000)
			usage();
	}

	make_dir(o.dir);
	char path[4096];
	snprintf(path, sizeof path, "%s/papers", o.dir);
	make_dir(path);
	volume_yaml(&o);
	long words = 0;
	size_t md = 0, bib = 0;
	for (unsigned i = 1; i <= o.n; i++)
		paper(&o, i, &words, &md, &bib);
	printf("papers=%u words=%ld md_bytes=%zu bib_bytes=%zu\n", o.n, words, md, bib);
	return 0;
}
