/* The TeX math symbol tables: what each control sequence and character
 * is (class, code point, font), and the mapping of letters to Unicode's
 * mathematical alphanumerics.  Data for the parser in math.c. */
#include <stdint.h>
#include <string.h>

#include "math.h"
#include "math_tables.h"

/* ------------------------------------------------------ Unicode variants */

/* Position of a Greek letter (or ∇ ∂ and the var forms) in the 58-entry
 * blocks of U+1D6A8 onwards, or -1. */
int math_greek_index(uint32_t c)
{
	if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
		return (int)(c - 0x391);
	if (c == 0x2207)
		return 25;
	if (c >= 0x3B1 && c <= 0x3C9)
		return 26 + (int)(c - 0x3B1);
	switch (c) {
	case 0x2202: return 51;
	case 0x3F5: return 52;
	case 0x3D1: return 53;
	case 0x3F0: return 54;
	case 0x3D5: return 55;
	case 0x3F1: return 56;
	case 0x3D6: return 57;
	}
	return -1;
}

/* Letters that Unicode already had before the mathematical block; the
 * block leaves holes where they would be. */
struct hole {
	uint32_t ch, cp;
};

static uint32_t find_hole(const struct hole *h, size_t n, uint32_t c)
{
	for (size_t i = 0; i < n; i++)
		if (h[i].ch == c)
			return h[i].cp;
	return 0;
}

static const struct hole script_holes[] = {
	{'B', 0x212C}, {'E', 0x2130}, {'F', 0x2131}, {'H', 0x210B}, {'I', 0x2110}, {'L', 0x2112},
	{'M', 0x2133}, {'R', 0x211B}, {'e', 0x212F}, {'g', 0x210A}, {'o', 0x2134},
};
static const struct hole fraktur_holes[] = {
	{'C', 0x212D}, {'H', 0x210C}, {'I', 0x2111}, {'R', 0x211C}, {'Z', 0x2128},
};
static const struct hole bb_holes[] = {
	{'C', 0x2102}, {'H', 0x210D}, {'N', 0x2115}, {'P', 0x2119}, {'Q', 0x211A}, {'R', 0x211D},
	{'Z', 0x2124},
};

#define NHOLES(a) (sizeof(a) / sizeof((a)[0]))

uint32_t math_variant_cp(enum math_variant v, uint32_t c)
{
	bool up = c >= 'A' && c <= 'Z', lo = c >= 'a' && c <= 'z', dg = c >= '0' && c <= '9';
	int gi = math_greek_index(c);
	uint32_t h;
	switch (v) {
	case MATH_VAR_ITALIC:
		if (c == 'h')
			return 0x210E;
		if (up || lo)
			return (up ? 0x1D434 + (c - 'A') : 0x1D44E + (c - 'a'));
		if (gi >= 0)
			return 0x1D6E2 + (uint32_t)gi;
		return c;
	case MATH_VAR_BOLD:
		if (up || lo)
			return up ? 0x1D400 + (c - 'A') : 0x1D41A + (c - 'a');
		if (dg)
			return 0x1D7CE + (c - '0');
		if (gi >= 0)
			return 0x1D6A8 + (uint32_t)gi;
		return c;
	case MATH_VAR_BOLD_ITALIC:
		if (up || lo)
			return up ? 0x1D468 + (c - 'A') : 0x1D482 + (c - 'a');
		if (dg)
			return 0x1D7CE + (c - '0');
		if (gi >= 0)
			return 0x1D71C + (uint32_t)gi;
		return c;
	case MATH_VAR_DOUBLE_STRUCK:
		if ((h = find_hole(bb_holes, NHOLES(bb_holes), c)))
			return h;
		if (up || lo)
			return up ? 0x1D538 + (c - 'A') : 0x1D552 + (c - 'a');
		if (dg)
			return 0x1D7D8 + (c - '0');
		return c;
	case MATH_VAR_SCRIPT:
		if ((h = find_hole(script_holes, NHOLES(script_holes), c)))
			return h;
		if (up || lo)
			return up ? 0x1D49C + (c - 'A') : 0x1D4B6 + (c - 'a');
		return c;
	case MATH_VAR_FRAKTUR:
		if ((h = find_hole(fraktur_holes, NHOLES(fraktur_holes), c)))
			return h;
		if (up || lo)
			return up ? 0x1D504 + (c - 'A') : 0x1D51E + (c - 'a');
		return c;
	case MATH_VAR_SANS:
		if (up || lo)
			return up ? 0x1D5A0 + (c - 'A') : 0x1D5BA + (c - 'a');
		if (dg)
			return 0x1D7E2 + (c - '0');
		return c;
	case MATH_VAR_MONO:
		if (up || lo)
			return up ? 0x1D670 + (c - 'A') : 0x1D68A + (c - 'a');
		if (dg)
			return 0x1D7F6 + (c - '0');
		return c;
	case MATH_VAR_DEFAULT:
	case MATH_VAR_NORMAL:
		break;
	}
	return c;
}

/* --------------------------------------------------------------- tables */



#define ORD MATH_ORD
#define OPK MATH_OP
#define BIN MATH_BIN
#define REL MATH_REL
#define OPN MATH_OPEN
#define CLS MATH_CLOSE
#define PCT MATH_PUNCT
#define GL (F_LETTER)
#define GU (F_LETTER | F_UPRIGHT)
#define GI (F_LETTER | F_ITALIC)

static const struct sym syms[] = {
	/* Greek, lower case (italic) */
	{"alpha", ORD, GL, 0x3B1}, {"beta", ORD, GL, 0x3B2}, {"gamma", ORD, GL, 0x3B3},
	{"delta", ORD, GL, 0x3B4}, {"epsilon", ORD, GL, 0x3F5}, {"varepsilon", ORD, GL, 0x3B5},
	{"zeta", ORD, GL, 0x3B6}, {"eta", ORD, GL, 0x3B7}, {"theta", ORD, GL, 0x3B8},
	{"vartheta", ORD, GL, 0x3D1}, {"iota", ORD, GL, 0x3B9}, {"kappa", ORD, GL, 0x3BA},
	{"varkappa", ORD, GL, 0x3F0}, {"lambda", ORD, GL, 0x3BB}, {"mu", ORD, GL, 0x3BC},
	{"nu", ORD, GL, 0x3BD}, {"xi", ORD, GL, 0x3BE}, {"omicron", ORD, GL, 0x3BF},
	{"pi", ORD, GL, 0x3C0}, {"varpi", ORD, GL, 0x3D6}, {"rho", ORD, GL, 0x3C1},
	{"varrho", ORD, GL, 0x3F1}, {"sigma", ORD, GL, 0x3C3}, {"varsigma", ORD, GL, 0x3C2},
	{"tau", ORD, GL, 0x3C4}, {"upsilon", ORD, GL, 0x3C5}, {"phi", ORD, GL, 0x3D5},
	{"varphi", ORD, GL, 0x3C6}, {"chi", ORD, GL, 0x3C7}, {"psi", ORD, GL, 0x3C8},
	{"omega", ORD, GL, 0x3C9}, {"digamma", ORD, GL, 0x3DD},
	/* Greek, upper case (upright), and the italic var- forms */
	{"Alpha", ORD, GU, 0x391}, {"Beta", ORD, GU, 0x392}, {"Gamma", ORD, GU, 0x393},
	{"Delta", ORD, GU, 0x394}, {"Epsilon", ORD, GU, 0x395}, {"Zeta", ORD, GU, 0x396},
	{"Eta", ORD, GU, 0x397}, {"Theta", ORD, GU, 0x398}, {"Iota", ORD, GU, 0x399},
	{"Kappa", ORD, GU, 0x39A}, {"Lambda", ORD, GU, 0x39B}, {"Mu", ORD, GU, 0x39C},
	{"Nu", ORD, GU, 0x39D}, {"Xi", ORD, GU, 0x39E}, {"Omicron", ORD, GU, 0x39F},
	{"Pi", ORD, GU, 0x3A0}, {"Rho", ORD, GU, 0x3A1}, {"Sigma", ORD, GU, 0x3A3},
	{"Tau", ORD, GU, 0x3A4}, {"Upsilon", ORD, GU, 0x3A5}, {"Phi", ORD, GU, 0x3A6},
	{"Chi", ORD, GU, 0x3A7}, {"Psi", ORD, GU, 0x3A8}, {"Omega", ORD, GU, 0x3A9},
	{"varGamma", ORD, GI, 0x393}, {"varDelta", ORD, GI, 0x394}, {"varTheta", ORD, GI, 0x398},
	{"varLambda", ORD, GI, 0x39B}, {"varXi", ORD, GI, 0x39E}, {"varPi", ORD, GI, 0x3A0},
	{"varSigma", ORD, GI, 0x3A3}, {"varUpsilon", ORD, GI, 0x3A5}, {"varPhi", ORD, GI, 0x3A6},
	{"varPsi", ORD, GI, 0x3A8}, {"varOmega", ORD, GI, 0x3A9},
	/* ordinary symbols */
	{"infty", ORD, 0, 0x221E}, {"partial", ORD, GU, 0x2202}, {"nabla", ORD, GU, 0x2207},
	{"forall", ORD, 0, 0x2200}, {"exists", ORD, 0, 0x2203}, {"nexists", ORD, 0, 0x2204},
	{"therefore", REL, 0, 0x2234}, {"because", REL, 0, 0x2235},
	{"emptyset", ORD, 0, 0x2205}, {"varnothing", ORD, 0, 0x2205}, {"ldots", ORD, 0, 0x2026},
	{"dots", ORD, 0, 0x2026}, {"dotsc", ORD, 0, 0x2026}, {"dotso", ORD, 0, 0x2026},
	{"cdots", ORD, 0, 0x22EF}, {"dotsb", ORD, 0, 0x22EF}, {"dotsm", ORD, 0, 0x22EF},
	{"dotsi", ORD, 0, 0x22EF}, {"vdots", ORD, 0, 0x22EE}, {"ddots", ORD, 0, 0x22F1},
	{"prime", ORD, 0, 0x2032}, {"hbar", ORD, 0, 0x210F}, {"hslash", ORD, 0, 0x210F},
	{"ell", ORD, 0, 0x2113}, {"Re", ORD, 0, 0x211C}, {"Im", ORD, 0, 0x2111},
	{"aleph", ORD, 0, 0x2135}, {"beth", ORD, 0, 0x2136}, {"wp", ORD, 0, 0x2118},
	{"angle", ORD, 0, 0x2220}, {"triangle", ORD, 0, 0x25B3}, {"neg", ORD, 0, 0xAC},
	{"lnot", ORD, 0, 0xAC}, {"top", ORD, 0, 0x22A4}, {"bot", ORD, 0, 0x22A5},
	{"imath", ORD, GL, 0x131}, {"jmath", ORD, GL, 0x237}, {"surd", ORD, 0, 0x221A},
	{"flat", ORD, 0, 0x266D}, {"sharp", ORD, 0, 0x266F}, {"natural", ORD, 0, 0x266E},
	{"clubsuit", ORD, 0, 0x2663}, {"diamondsuit", ORD, 0, 0x2662},
	{"heartsuit", ORD, 0, 0x2661}, {"spadesuit", ORD, 0, 0x2660}, {"degree", ORD, 0, 0xB0},
	{"checkmark", ORD, 0, 0x2713}, {"complement", ORD, 0, 0x2201}, {"Box", ORD, 0, 0x25A1},
	{"square", ORD, 0, 0x25A1}, {"blacksquare", ORD, 0, 0x25A0}, {"bigstar", ORD, 0, 0x2605},
	{"mho", ORD, 0, 0x2127}, {"eth", ORD, 0, 0xF0}, {"backslash", ORD, F_DELIM, 0x5C},
	{"vert", ORD, F_DELIM, 0x7C}, {"Vert", ORD, F_DELIM, 0x2016}, {"|", ORD, F_DELIM, 0x2016},
	{"%", ORD, 0, '%'}, {"#", ORD, 0, '#'}, {"&", ORD, 0, '&'}, {"$", ORD, 0, '$'},
	{"_", ORD, 0, '_'},
	/* delimiters */
	{"{", OPN, F_DELIM, '{'}, {"}", CLS, F_DELIM, '}'}, {"lbrace", OPN, F_DELIM, '{'},
	{"rbrace", CLS, F_DELIM, '}'}, {"lbrack", OPN, F_DELIM, '['}, {"rbrack", CLS, F_DELIM, ']'},
	{"langle", OPN, F_DELIM, 0x27E8}, {"rangle", CLS, F_DELIM, 0x27E9},
	{"lfloor", OPN, F_DELIM, 0x230A}, {"rfloor", CLS, F_DELIM, 0x230B},
	{"lceil", OPN, F_DELIM, 0x2308}, {"rceil", CLS, F_DELIM, 0x2309},
	{"lgroup", OPN, F_DELIM, 0x27EE}, {"rgroup", CLS, F_DELIM, 0x27EF},
	{"lvert", OPN, F_DELIM, 0x7C}, {"rvert", CLS, F_DELIM, 0x7C},
	{"lVert", OPN, F_DELIM, 0x2016}, {"rVert", CLS, F_DELIM, 0x2016},
	/* large operators */
	{"sum", OPK, F_LIMITS, 0x2211}, {"prod", OPK, F_LIMITS, 0x220F},
	{"coprod", OPK, F_LIMITS, 0x2210}, {"int", OPK, 0, 0x222B}, {"iint", OPK, 0, 0x222C},
	{"iiint", OPK, 0, 0x222D}, {"iiiint", OPK, 0, 0x2A0C}, {"oint", OPK, 0, 0x222E},
	{"oiint", OPK, 0, 0x222F}, {"smallint", OPK, 0, 0x222B},
	{"bigcup", OPK, F_LIMITS, 0x22C3}, {"bigcap", OPK, F_LIMITS, 0x22C2},
	{"bigsqcup", OPK, F_LIMITS, 0x2A06}, {"bigvee", OPK, F_LIMITS, 0x22C1},
	{"bigwedge", OPK, F_LIMITS, 0x22C0}, {"bigoplus", OPK, F_LIMITS, 0x2A01},
	{"bigotimes", OPK, F_LIMITS, 0x2A02}, {"bigodot", OPK, F_LIMITS, 0x2A00},
	{"biguplus", OPK, F_LIMITS, 0x2A04},
	/* function names */
	{"arccos", OPK, F_FUNC, 0}, {"arcsin", OPK, F_FUNC, 0}, {"arctan", OPK, F_FUNC, 0},
	{"arg", OPK, F_FUNC, 0}, {"cos", OPK, F_FUNC, 0}, {"cosh", OPK, F_FUNC, 0},
	{"cot", OPK, F_FUNC, 0}, {"coth", OPK, F_FUNC, 0}, {"csc", OPK, F_FUNC, 0},
	{"deg", OPK, F_FUNC, 0}, {"det", OPK, F_FUNC | F_LIMITS, 0}, {"dim", OPK, F_FUNC, 0},
	{"exp", OPK, F_FUNC, 0}, {"gcd", OPK, F_FUNC | F_LIMITS, 0}, {"hom", OPK, F_FUNC, 0},
	{"inf", OPK, F_FUNC | F_LIMITS, 0}, {"ker", OPK, F_FUNC, 0}, {"lg", OPK, F_FUNC, 0},
	{"lim", OPK, F_FUNC | F_LIMITS, 0}, {"liminf", OPK, F_FUNC | F_LIMITS, 0},
	{"limsup", OPK, F_FUNC | F_LIMITS, 0}, {"ln", OPK, F_FUNC, 0}, {"log", OPK, F_FUNC, 0},
	{"max", OPK, F_FUNC | F_LIMITS, 0}, {"min", OPK, F_FUNC | F_LIMITS, 0},
	{"Pr", OPK, F_FUNC | F_LIMITS, 0}, {"sec", OPK, F_FUNC, 0}, {"sin", OPK, F_FUNC, 0},
	{"sinh", OPK, F_FUNC, 0}, {"sup", OPK, F_FUNC | F_LIMITS, 0}, {"tan", OPK, F_FUNC, 0},
	{"tanh", OPK, F_FUNC, 0},
	/* binary operators */
	{"pm", BIN, 0, 0xB1}, {"mp", BIN, 0, 0x2213}, {"times", BIN, 0, 0xD7},
	{"div", BIN, 0, 0xF7}, {"cdot", BIN, 0, 0x22C5}, {"centerdot", BIN, 0, 0x22C5},
	{"ast", BIN, 0, 0x2217}, {"star", BIN, 0, 0x22C6}, {"circ", BIN, 0, 0x2218},
	{"bullet", BIN, 0, 0x2219}, {"oplus", BIN, 0, 0x2295}, {"ominus", BIN, 0, 0x2296},
	{"otimes", BIN, 0, 0x2297}, {"oslash", BIN, 0, 0x2298}, {"odot", BIN, 0, 0x2299},
	{"cup", BIN, 0, 0x222A}, {"cap", BIN, 0, 0x2229}, {"sqcup", BIN, 0, 0x2294},
	{"sqcap", BIN, 0, 0x2293}, {"uplus", BIN, 0, 0x228E}, {"wedge", BIN, 0, 0x2227},
	{"land", BIN, 0, 0x2227}, {"vee", BIN, 0, 0x2228}, {"lor", BIN, 0, 0x2228},
	{"setminus", BIN, 0, 0x2216}, {"smallsetminus", BIN, 0, 0x2216}, {"wr", BIN, 0, 0x2240},
	{"amalg", BIN, 0, 0x2A3F}, {"dagger", BIN, 0, 0x2020}, {"ddagger", BIN, 0, 0x2021},
	{"bigtriangleup", BIN, 0, 0x25B3}, {"bigtriangledown", BIN, 0, 0x25BD},
	{"triangleleft", BIN, 0, 0x25C3}, {"triangleright", BIN, 0, 0x25B9},
	{"lhd", BIN, 0, 0x22B2}, {"rhd", BIN, 0, 0x22B3}, {"unlhd", BIN, 0, 0x22B4},
	{"unrhd", BIN, 0, 0x22B5}, {"diamond", BIN, 0, 0x22C4}, {"bigcirc", BIN, 0, 0x25EF},
	{"ltimes", BIN, 0, 0x22C9}, {"rtimes", BIN, 0, 0x22CA}, {"dotplus", BIN, 0, 0x2214},
	{"boxplus", BIN, 0, 0x229E}, {"boxminus", BIN, 0, 0x229F}, {"boxtimes", BIN, 0, 0x22A0},
	{"boxdot", BIN, 0, 0x22A1}, {"intercal", BIN, 0, 0x22BA},
	/* relations and arrows */
	{"leq", REL, 0, 0x2264}, {"le", REL, 0, 0x2264}, {"geq", REL, 0, 0x2265},
	{"ge", REL, 0, 0x2265}, {"neq", REL, 0, 0x2260}, {"ne", REL, 0, 0x2260},
	{"leqslant", REL, 0, 0x2A7D}, {"geqslant", REL, 0, 0x2A7E}, {"lt", REL, 0, '<'},
	{"gt", REL, 0, '>'}, {"approx", REL, 0, 0x2248}, {"approxeq", REL, 0, 0x224A},
	{"equiv", REL, 0, 0x2261}, {"sim", REL, 0, 0x223C}, {"simeq", REL, 0, 0x2243},
	{"cong", REL, 0, 0x2245}, {"propto", REL, 0, 0x221D}, {"varpropto", REL, 0, 0x221D},
	{"in", REL, 0, 0x2208}, {"notin", REL, 0, 0x2209}, {"ni", REL, 0, 0x220B},
	{"owns", REL, 0, 0x220B}, {"subset", REL, 0, 0x2282}, {"subseteq", REL, 0, 0x2286},
	{"subsetneq", REL, 0, 0x228A}, {"supset", REL, 0, 0x2283}, {"supseteq", REL, 0, 0x2287},
	{"supsetneq", REL, 0, 0x228B}, {"sqsubset", REL, 0, 0x228F},
	{"sqsubseteq", REL, 0, 0x2291}, {"sqsupset", REL, 0, 0x2290},
	{"sqsupseteq", REL, 0, 0x2292}, {"to", REL, 0, 0x2192}, {"rightarrow", REL, 0, 0x2192},
	{"leftarrow", REL, 0, 0x2190}, {"gets", REL, 0, 0x2190},
	{"leftrightarrow", REL, 0, 0x2194}, {"Rightarrow", REL, 0, 0x21D2},
	{"Leftarrow", REL, 0, 0x21D0}, {"Leftrightarrow", REL, 0, 0x21D4},
	{"iff", REL, 0, 0x27FA}, {"implies", REL, 0, 0x27F9}, {"impliedby", REL, 0, 0x27F8},
	{"longrightarrow", REL, 0, 0x27F6}, {"longleftarrow", REL, 0, 0x27F5},
	{"longleftrightarrow", REL, 0, 0x27F7}, {"Longrightarrow", REL, 0, 0x27F9},
	{"Longleftarrow", REL, 0, 0x27F8}, {"Longleftrightarrow", REL, 0, 0x27FA},
	{"mapsto", REL, 0, 0x21A6}, {"longmapsto", REL, 0, 0x27FC},
	{"hookrightarrow", REL, 0, 0x21AA}, {"hookleftarrow", REL, 0, 0x21A9},
	{"uparrow", REL, F_DELIM, 0x2191}, {"downarrow", REL, F_DELIM, 0x2193},
	{"updownarrow", REL, F_DELIM, 0x2195}, {"Uparrow", REL, F_DELIM, 0x21D1},
	{"Downarrow", REL, F_DELIM, 0x21D3}, {"Updownarrow", REL, F_DELIM, 0x21D5},
	{"nearrow", REL, 0, 0x2197}, {"searrow", REL, 0, 0x2198}, {"swarrow", REL, 0, 0x2199},
	{"nwarrow", REL, 0, 0x2196}, {"rightharpoonup", REL, 0, 0x21C0},
	{"rightharpoondown", REL, 0, 0x21C1}, {"leftharpoonup", REL, 0, 0x21BC},
	{"leftharpoondown", REL, 0, 0x21BD}, {"rightleftharpoons", REL, 0, 0x21CC},
	{"leftrightarrows", REL, 0, 0x21C6}, {"rightleftarrows", REL, 0, 0x21C4},
	{"ll", REL, 0, 0x226A}, {"gg", REL, 0, 0x226B}, {"lll", REL, 0, 0x22D8},
	{"ggg", REL, 0, 0x22D9}, {"lesssim", REL, 0, 0x2272}, {"gtrsim", REL, 0, 0x2273},
	{"lessapprox", REL, 0, 0x2A85}, {"gtrapprox", REL, 0, 0x2A86}, {"prec", REL, 0, 0x227A},
	{"succ", REL, 0, 0x227B}, {"preceq", REL, 0, 0x2AAF}, {"succeq", REL, 0, 0x2AB0},
	{"perp", REL, 0, 0x22A5}, {"parallel", REL, 0, 0x2225}, {"nparallel", REL, 0, 0x2226},
	{"mid", REL, 0, 0x2223}, {"nmid", REL, 0, 0x2224}, {"models", REL, 0, 0x22A8},
	{"vdash", REL, 0, 0x22A2}, {"dashv", REL, 0, 0x22A3}, {"vDash", REL, 0, 0x22A8},
	{"Vdash", REL, 0, 0x22A9}, {"doteq", REL, 0, 0x2250}, {"asymp", REL, 0, 0x224D},
	{"bowtie", REL, 0, 0x22C8}, {"frown", REL, 0, 0x2322}, {"smile", REL, 0, 0x2323},
	{"coloneqq", REL, 0, 0x2254}, {"eqqcolon", REL, 0, 0x2255}, {"triangleq", REL, 0, 0x225C},
	{"nleq", REL, 0, 0x2270}, {"ngeq", REL, 0, 0x2271}, {"nsim", REL, 0, 0x2241},
	{"ncong", REL, 0, 0x2247}, {"nsubseteq", REL, 0, 0x2288}, {"nsupseteq", REL, 0, 0x2289},
	{"colon", PCT, 0, ':'},
};

const struct sym *math_sym_by_name(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++)
		if (strlen(syms[i].name) == n && memcmp(syms[i].name, name, n) == 0)
			return &syms[i];
	return NULL;
}

/* What a character typed directly (≤, α) is: the first table entry with
 * that code point. */
const struct sym *math_sym_by_cp(uint32_t cp)
{
	for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++)
		if (syms[i].cp == cp && !(syms[i].flags & F_ITALIC))
			return &syms[i];
	return NULL;
}


static const struct space spaces[] = {
	{",", 3}, {":", 4}, {">", 4}, {";", 5}, {"!", -3}, {" ", 6}, {"quad", 18}, {"qquad", 36},
	{"thinspace", 3}, {"medspace", 4}, {"thickspace", 5}, {"negthinspace", -3},
	{"negmedspace", -4}, {"negthickspace", -5}, {"enspace", 9}, {"enskip", 9},
};


static const struct accent accents[] = {
	{"hat", 0x5E, false, false, false}, {"widehat", 0x5E, true, false, false},
	{"tilde", 0x7E, false, false, false}, {"widetilde", 0x7E, true, false, false},
	{"bar", 0xAF, false, false, false}, {"overline", 0x203E, true, false, false},
	{"underline", 0x5F, true, true, false}, {"vec", 0x2192, false, false, false},
	{"overrightarrow", 0x2192, true, false, false}, {"overleftarrow", 0x2190, true, false, false},
	{"overleftrightarrow", 0x2194, true, false, false}, {"dot", 0x2D9, false, false, false},
	{"ddot", 0xA8, false, false, false}, {"acute", 0xB4, false, false, false},
	{"grave", 0x60, false, false, false}, {"check", 0x2C7, false, false, false},
	{"breve", 0x2D8, false, false, false}, {"mathring", 0x2DA, false, false, false},
	{"overbrace", 0x23DE, true, false, true}, {"underbrace", 0x23DF, true, true, true},
};


/* Commands taking one argument in a font. */
static const struct font fonts[] = {
	{"mathbf", MATH_VAR_BOLD}, {"mathit", MATH_VAR_ITALIC}, {"mathrm", MATH_VAR_NORMAL},
	{"mathsf", MATH_VAR_SANS}, {"mathtt", MATH_VAR_MONO}, {"mathbb", MATH_VAR_DOUBLE_STRUCK},
	{"mathbbm", MATH_VAR_DOUBLE_STRUCK}, /* bbm's \mathbbm{1}: the same letters */
	{"mathcal", MATH_VAR_SCRIPT}, {"mathscr", MATH_VAR_SCRIPT}, {"mathfrak", MATH_VAR_FRAKTUR},
	{"boldsymbol", MATH_VAR_BOLD_ITALIC}, {"bm", MATH_VAR_BOLD_ITALIC},
	{"pmb", MATH_VAR_BOLD_ITALIC}, {"mathnormal", MATH_VAR_DEFAULT},
	{"mathbfit", MATH_VAR_BOLD_ITALIC},
};

/* Old-style switches: the font holds to the end of the group. */
static const struct font font_switches[] = {
	{"rm", MATH_VAR_NORMAL}, {"bf", MATH_VAR_BOLD}, {"it", MATH_VAR_ITALIC},
	{"sf", MATH_VAR_SANS}, {"tt", MATH_VAR_MONO}, {"cal", MATH_VAR_SCRIPT},
};

static const struct font text_cmds[] = {
	{"text", MATH_VAR_NORMAL}, {"textrm", MATH_VAR_NORMAL}, {"textnormal", MATH_VAR_NORMAL},
	{"textup", MATH_VAR_NORMAL}, {"mbox", MATH_VAR_NORMAL}, {"hbox", MATH_VAR_NORMAL},
	{"textit", MATH_VAR_ITALIC}, {"emph", MATH_VAR_ITALIC}, {"textbf", MATH_VAR_BOLD},
	{"textsf", MATH_VAR_SANS}, {"texttt", MATH_VAR_MONO},
};


static const struct env envs[] = {
	{"equation", "c", 0, 0, false, MATH_STYLE_DISPLAY},
	{"equation*", "c", 0, 0, false, MATH_STYLE_DISPLAY},
	{"displaymath", "c", 0, 0, false, MATH_STYLE_DISPLAY},
	{"gather", "c", 0, 0, false, MATH_STYLE_DISPLAY},
	{"gather*", "c", 0, 0, false, MATH_STYLE_DISPLAY},
	{"gathered", "c", 0, 0, false, MATH_STYLE_DISPLAY},
	{"multline", "c", 0, 0, false, MATH_STYLE_DISPLAY},
	{"multline*", "c", 0, 0, false, MATH_STYLE_DISPLAY},
	{"align", "rl", 0, 0, true, MATH_STYLE_DISPLAY},
	{"align*", "rl", 0, 0, true, MATH_STYLE_DISPLAY},
	{"aligned", "rl", 0, 0, true, MATH_STYLE_DISPLAY},
	{"split", "rl", 0, 0, true, MATH_STYLE_DISPLAY},
	{"flalign", "rl", 0, 0, true, MATH_STYLE_DISPLAY},
	{"alignat", "rl", 0, 0, true, MATH_STYLE_DISPLAY},
	{"alignat*", "rl", 0, 0, true, MATH_STYLE_DISPLAY},
	{"alignedat", "rl", 0, 0, true, MATH_STYLE_DISPLAY},
	{"flalign*", "rl", 0, 0, true, MATH_STYLE_DISPLAY},
	{"eqnarray", "rcl", 0, 0, true, MATH_STYLE_DISPLAY},
	{"eqnarray*", "rcl", 0, 0, true, MATH_STYLE_DISPLAY},
	{"matrix", "c", 0, 0, false, MATH_STYLE_AUTO},
	{"pmatrix", "c", '(', ')', false, MATH_STYLE_AUTO},
	{"bmatrix", "c", '[', ']', false, MATH_STYLE_AUTO},
	{"Bmatrix", "c", '{', '}', false, MATH_STYLE_AUTO},
	{"vmatrix", "c", '|', '|', false, MATH_STYLE_AUTO},
	{"Vmatrix", "c", 0x2016, 0x2016, false, MATH_STYLE_AUTO},
	{"smallmatrix", "c", 0, 0, false, MATH_STYLE_SCRIPT},
	{"cases", "l", '{', 0, false, MATH_STYLE_AUTO},
	{"dcases", "l", '{', 0, false, MATH_STYLE_DISPLAY},
	{"rcases", "l", 0, '}', false, MATH_STYLE_AUTO},
	{"array", NULL, 0, 0, false, MATH_STYLE_AUTO},
};

static const struct style_cmd style_cmds[] = {
	{"displaystyle", MATH_STYLE_DISPLAY},
	{"textstyle", MATH_STYLE_TEXT},
	{"scriptstyle", MATH_STYLE_SCRIPT},
	{"scriptscriptstyle", MATH_STYLE_SCRIPTSCRIPT},
};

/* The entry named `name` (n bytes) of a table of structs whose first
 * member is the name, or NULL. */
#define FIND(table, name, n)                                                            \
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)                    \
		if (strlen(table[i].name) == (n) && memcmp(table[i].name, (name), (n)) == 0) \
			return &table[i];                                                  \
	return NULL

const struct space *math_space(const char *name, size_t n) { FIND(spaces, name, n); }
const struct accent *math_accent(const char *name, size_t n) { FIND(accents, name, n); }
const struct font *math_font_cmd(const char *name, size_t n) { FIND(fonts, name, n); }
const struct font *math_font_switch(const char *name, size_t n) { FIND(font_switches, name, n); }
const struct font *math_text_cmd(const char *name, size_t n) { FIND(text_cmds, name, n); }
const struct env *math_env(const char *name, size_t n) { FIND(envs, name, n); }
const struct style_cmd *math_style_cmd(const char *name, size_t n) { FIND(style_cmds, name, n); }
