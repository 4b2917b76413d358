/* phrase.c: phrase (bunsetsu) boundaries — MeCab tokens grouped into phrases, or a heuristic.
 *
 * Both paths feed "units" (a token, or a run of one script, or one punctuation character) to
 * the same grouper, which decides where a phrase starts:
 *   content word (動詞/形容詞 自立, 副詞, 連体詞, 接続詞, 感動詞)  starts a phrase
 *   noun                          starts one unless a noun precedes (compounds stay whole)
 *   suffix (名詞,接尾)             joins, and counts as a noun for the next noun
 *   function word (助詞, 助動詞, 動詞/形容詞 非自立·接尾, 名詞 非自立 after a verb,
 *                  する/できる after a noun)                       joins
 *   prefix (接頭詞)                starts one unless a noun precedes; the next unit joins it
 *   opening bracket, symbol (■★①)  starts one; the next unit joins it
 *   closing bracket, 、。・：%…     joins; the next unit follows its own rule
 *   space                         joins; the next unit starts a phrase
 * Then a guard drops the boundaries a plain character-level break would not allow either.
 *
 * Why MeCab and IPADIC, required: the heuristic cannot tell a hiragana adverb from a particle
 * (印刷したらすぐに|回収) nor a compound verb from two words (置き|忘れと, 捨て|方に); MeCab
 * with IPADIC gets every title and item of the ISEN brochure right. Loading it costs ~2 ms
 * and ~1 MB (the 49 MB dictionary is mapped, only touched pages count), and only a process
 * that lays out an auto-phrase text pays it. The dictionary directory is pinned: another
 * dictionary (UniDic, NAIST-jdic) as the system default would change the part-of-speech
 * tags the rules read. */
#include "phrase.h"

#include "mecab_api.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* MeCab reads a text in pieces of at most this many bytes, cut after a clause end, a space or
 * a line break where there is one. MeCab's unknown-word step tries, at every character of a
 * run of letters or katakana, every length up to the run's end: its time grows with the
 * square of the longest run it sees. A title is a few dozen characters and a sentence rarely
 * more than a hundred; a cut inside a longer run can only add a break opportunity there. */
#define SM_PHRASE_PIECE 1024

/* The IPADIC of Debian's mecab-ipadic-utf8; CMake may point elsewhere. */
#ifndef SM_MECAB_DICDIR
#define SM_MECAB_DICDIR "/var/lib/mecab/dic/ipadic-utf8"
#endif

/* ---- characters ---- */

typedef enum {
    C_WORD,  /* letters, digits, anything not below */
    C_KANJI, /* ideographs, 々 〆 */
    C_KATA,  /* katakana, ー */
    C_HIRA,  /* hiragana */
    C_SPACE, /* breakable white space */
    C_OPEN,  /* opening brackets and quotes: join what follows */
    C_CLOSE, /* closing brackets, 、。,.:;!?・…%/~ : join what precedes */
    C_QUOTE, /* ASCII " and ': no break on either side */
    C_MARK,  /* other symbols (■ ★ ① → ※ #): join what follows */
} cclass;

/* Decodes the code point at s[i] (i < len) into *cp; returns its length. A malformed byte
 * decodes as U+FFFD of length 1. */
static size_t decode(const unsigned char *s, size_t len, size_t i, uint32_t *cp) {
    unsigned char b = s[i];
    size_t n = b < 0x80             ? 1
               : (b & 0xE0) == 0xC0 ? 2
               : (b & 0xF0) == 0xE0 ? 3
               : (b & 0xF8) == 0xF0 ? 4
                                    : 0;
    if (n == 0 || i + n > len) return *cp = 0xFFFD, 1;
    uint32_t c = n == 1 ? b : n == 2 ? b & 0x1Fu : n == 3 ? b & 0x0Fu : b & 0x07u;
    for (size_t k = 1; k < n; k++) {
        if ((s[i + k] & 0xC0) != 0x80) return *cp = 0xFFFD, 1;
        c = (c << 6) | (s[i + k] & 0x3Fu);
    }
    *cp = c;
    return n;
}

/* The code point that ends just before byte offset i (0 < i <= len). */
static uint32_t decode_before(const unsigned char *s, size_t len, size_t i) {
    size_t j = i - 1;
    while (j > 0 && i - j < 4 && (s[j] & 0xC0) == 0x80) j--;
    uint32_t cp;
    size_t n = decode(s, len, j, &cp);
    return j + n == i ? cp : 0xFFFD;
}

static bool in(uint32_t c, const uint32_t *set, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (set[i] == c) return true;
    return false;
}
#define IN(c, set) in((c), (set), sizeof(set) / sizeof((set)[0]))

static const uint32_t opening[] = {
    '(',    '[',    '{',    0xFF08, 0xFF3B, 0xFF5B, 0x300C, 0x300E, 0x3010, 0x3014,
    0x3008, 0x300A, 0x3016, 0x3018, 0x301A, 0x301D, 0x2018, 0x201C, 0xFF62, 0x00AB,
};
/* Closing brackets and the punctuation no line may start with (UAX #14 CL, CP, EX, IS, SY,
 * and the Japanese 、。・：…). */
static const uint32_t closing[] = {
    ')',    ']',    '}',    ',',    '.',    ':',    ';',    '!',    '?',    '/',    '%',    '~',
    '-',    0xFF09, 0xFF3D, 0xFF5D, 0x300D, 0x300F, 0x3011, 0x3015, 0x3009, 0x300B, 0x3017, 0x3019,
    0x301B, 0x301E, 0x301F, 0x2019, 0x201D, 0xFF63, 0x00BB, 0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A,
    0xFF1B, 0xFF01, 0xFF1F, 0x30FB, 0xFF65, 0x2025, 0x2026, 0x301C, 0xFF5E, 0xFF05, 0xFF0F, 0x2010,
    0x2013, 0x2014, 0x2015, 0x00B0, 0x2032, 0x2033, 0x2103, 0xFF61, 0xFF64,
};
/* Small kana, iteration and length marks: never at a line start, but part of their word. */
static const uint32_t no_start[] = {
    0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087, 0x308E, 0x3095, 0x3096,
    0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6,
    0x31F0, 0x31F1, 0x31F2, 0x31F3, 0x31F4, 0x31F5, 0x31F6, 0x31F7, 0x31F8, 0x31F9, 0x31FA, 0x31FB,
    0x31FC, 0x31FD, 0x31FE, 0x31FF, 0x30FC, 0xFF70, 0x3005, 0x303B, 0x309D, 0x309E, 0x30FD, 0x30FE,
    0xFF67, 0xFF68, 0xFF69, 0xFF6A, 0xFF6B, 0xFF6C, 0xFF6D, 0xFF6E, 0xFF6F, 0xFF9E, 0xFF9F,
};

/* Sentence and clause ends, after which hiragana starts a phrase. */
static const uint32_t clause_end[] = {',',    '.',    '!',    '?',    0x3001, 0x3002,
                                      0xFF0C, 0xFF0E, 0xFF01, 0xFF1F, 0xFF61, 0xFF64};

static bool is_space(uint32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x3000;
}

static cclass classify(uint32_t c) {
    if (is_space(c)) return C_SPACE;
    if (IN(c, opening)) return C_OPEN;
    if (IN(c, closing)) return C_CLOSE;
    if (c == '"' || c == '\'') return C_QUOTE;
    if ((c >= 0x3041 && c <= 0x309F) || c == 0x30FC) return c == 0x30FC ? C_KATA : C_HIRA;
    if ((c >= 0x30A0 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
        (c >= 0xFF66 && c <= 0xFF9F))
        return C_KATA;
    if ((c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF) || c == 0x3005 ||
        c == 0x3006 || c == 0x3007)
        return C_KANJI;
    if ((c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) ||
        (c >= 0x7B && c <= 0x7E) || (c >= 0x2016 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
        (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
        (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) ||
        (c >= 0xFFE0 && c <= 0xFFEE))
        return C_MARK;
    return C_WORD;
}

/* Joiners, no-break spaces, combining marks and variation selectors glue both sides. */
static bool is_glue(uint32_t c) {
    return c == 0x00A0 || c == 0x202F || c == 0x2007 || c == 0x2060 || c == 0xFEFF || c == 0x200D ||
           (c >= 0x0300 && c <= 0x036F) || c == 0x3099 || c == 0x309A ||
           (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF) ||
           (c >= 0x1F3FB && c <= 0x1F3FF);
}

/* Below the CJK blocks: Latin, digits, most symbols (their UAX #14 classes forbid most breaks
 * between two of them: AL×AL, AL×NU, NU×AL, AL×OP…). */
static bool is_narrow(uint32_t c) { return c < 0x2E80 && !is_space(c); }

/* Whether a character-level line breaker could break between prev and cur at all. */
static bool char_break_ok(uint32_t prev, uint32_t cur) {
    if (is_space(cur) || IN(cur, closing) || IN(cur, no_start) || is_glue(cur) || is_glue(prev))
        return false;
    if (is_space(prev)) return true;
    cclass pc = classify(prev), cc = classify(cur);
    if (pc == C_OPEN || pc == C_QUOTE || cc == C_QUOTE) return false;
    return !(is_narrow(prev) && is_narrow(cur));
}

/* ---- grouping ---- */

typedef enum {
    T_CONTENT, /* starts a phrase */
    T_NOUN,    /* starts one unless a noun precedes */
    T_SUFFIX,  /* joins; a noun for what follows */
    T_ATTACH,  /* joins */
    T_PREFIX,  /* starts one unless a noun precedes; the next unit joins */
    T_OPEN,    /* starts one; the next unit joins */
    T_MARK,    /* starts one; the next unit joins */
    T_CLOSE,   /* joins */
    T_QUOTE,   /* joins; the next unit joins */
    T_SPACE,   /* joins; the next unit starts one */
} tkind;

typedef struct grouper {
    const unsigned char *s;
    size_t len;
    bool *allowed;
    bool *words;    /* NULL, or where each word (MeCab token) starts */
    bool prev_noun; /* the last unit was a noun or suffix */
    bool glue;      /* the next unit joins whatever it is */
    bool glue_open; /* ... and an opening bracket or quote still waits, even across spaces */
    bool force;     /* the next unit starts a phrase (after a space) */
} grouper;

static void reset(bool *allowed, size_t len) {
    memset(allowed, 0, len + 1);
    allowed[0] = allowed[len] = true;
}

/* Adds the unit starting at byte offset at. */
static void group_add(grouper *g, size_t at, tkind kind) {
    if (kind == T_SPACE) {
        /* Joins; the next unit starts a phrase, unless it ends a bracket's opening "( ". */
        g->prev_noun = false;
        g->glue = g->glue_open;
        g->force = !g->glue_open;
        return;
    }
    bool start;
    switch (kind) {
    case T_CONTENT:
    case T_OPEN:
    case T_MARK: start = true; break;
    case T_NOUN:
    case T_PREFIX: start = !g->prev_noun; break;
    default: start = false; break;
    }
    if (g->force) start = true;
    if (g->glue) start = false;
    if (start && at > 0 && at < g->len && (g->s[at] & 0xC0) != 0x80) {
        uint32_t cur;
        decode(g->s, g->len, at, &cur);
        if (char_break_ok(decode_before(g->s, g->len, at), cur)) g->allowed[at] = true;
    }
    g->prev_noun = kind == T_NOUN || kind == T_SUFFIX;
    g->glue_open = kind == T_OPEN || kind == T_QUOTE;
    g->glue = g->glue_open || kind == T_MARK || kind == T_PREFIX;
    g->force = false;
}

static const tkind punct_kind[] = {
    [C_SPACE] = T_SPACE, [C_OPEN] = T_OPEN, [C_CLOSE] = T_CLOSE,
    [C_QUOTE] = T_QUOTE, [C_MARK] = T_MARK,
};

static bool is_punct(cclass c) {
    return c == C_SPACE || c == C_OPEN || c == C_CLOSE || c == C_QUOTE || c == C_MARK;
}

/* ---- the heuristic ---- */

void sm_phrase_breaks_heuristic(const char *text, size_t len, bool *allowed) {
    reset(allowed, len);
    const unsigned char *s = (const unsigned char *)text;
    grouper g = {.s = s, .len = len, .allowed = allowed};
    bool after_bracket = false;
    size_t i = 0;
    while (i < len) {
        uint32_t c;
        size_t n = decode(s, len, i, &c);
        cclass cls = classify(c);
        if (is_punct(cls)) {
            group_add(&g, i, punct_kind[cls]);
            /* 「登録」を: hiragana after a closing bracket is a particle; after 、。 it is not. */
            after_bracket = cls == C_CLOSE && !IN(c, clause_end);
            i += n;
            continue;
        }
        /* A run of one script: kanji, katakana, hiragana, or other letters and digits. */
        size_t end = i + n;
        while (end < len) {
            uint32_t d;
            size_t m = decode(s, len, end, &d);
            if (classify(d) != cls && !is_glue(d)) break;
            end += m;
        }
        if (cls != C_HIRA) {
            group_add(&g, i, T_NOUN);
        } else {
            /* Hiragana after a word is its okurigana and particles; a final お/ご before a
             * kanji is the honorific prefix of the next word (のご|案内 → の|ご案内). */
            uint32_t last = decode_before(s, len, end), next = 0;
            if (end < len) decode(s, len, end, &next);
            bool prefix = (last == 0x304A || last == 0x3054) && classify(next) == C_KANJI;
            size_t cut = prefix ? end - 3 : end;
            if (cut > i) group_add(&g, i, g.prev_noun || after_bracket ? T_ATTACH : T_CONTENT);
            if (prefix) group_add(&g, cut, T_PREFIX);
        }
        after_bracket = false;
        i = end;
    }
}

/* ---- MeCab ---- */

static pthread_once_t mecab_once = PTHREAD_ONCE_INIT;
static mecab_model_t *mecab_model; /* all three live for the process, like the fonts */
static mecab_t *mecab_tagger;
/* One lattice, reused under a lock: a fresh lattice per call costs ~100 µs, a reused one
 * ~3 µs per title. */
static mecab_lattice_t *mecab_lattice;
static pthread_mutex_t mecab_lock = PTHREAD_MUTEX_INITIALIZER;
/* Why MeCab could not be loaded: MeCab's own message or ours, never freed. */
static _Atomic(const char *) mecab_error;

static void mecab_load(void) {
    /* -r: the dictionary's own dicrc, so a missing or foreign /etc/mecabrc cannot matter. */
    char *argv[] = {"surimono", "-r", SM_MECAB_DICDIR "/dicrc", "-d", SM_MECAB_DICDIR, NULL};
    /* The library itself is loaded now, on the first text that asks for phrases. */
    const char *why = sm_mecab_open();
    if (why) {
        atomic_store(&mecab_error, why);
        return;
    }
    mecab_model = mecab_model_new(5, argv);
    if (!mecab_model) {
        why = mecab_strerror(NULL);
    } else {
        const mecab_dictionary_info_t *info = mecab_model_dictionary_info(mecab_model);
        if (!info || !info->charset ||
            (strcasecmp(info->charset, "utf-8") != 0 && strcasecmp(info->charset, "utf8") != 0))
            why = "the dictionary is not UTF-8";
        else if (!(mecab_tagger = mecab_model_new_tagger(mecab_model)) ||
                 !(mecab_lattice = mecab_model_new_lattice(mecab_model)))
            why = mecab_strerror(NULL);
    }
    if (!why) return;
    if (mecab_lattice) mecab_lattice_destroy(mecab_lattice);
    if (mecab_tagger) mecab_destroy(mecab_tagger);
    if (mecab_model) mecab_model_destroy(mecab_model);
    mecab_lattice = NULL, mecab_tagger = NULL, mecab_model = NULL;
    atomic_store(&mecab_error, why ? why : "unknown error");
}

const char *sm_phrase_error(void) { return atomic_load(&mecab_error); }

/* True when field index (0-based) of an IPADIC feature string is want. */
static bool feature_is(const char *feature, int index, const char *want) {
    const char *f = feature;
    for (int i = 0; i < index; i++) {
        f = strchr(f, ',');
        if (!f) return false;
        f++;
    }
    size_t n = strcspn(f, ",");
    return strlen(want) == n && memcmp(f, want, n) == 0;
}

/* What pos_kind needs to know of the tokens before. */
typedef struct context {
    bool prev_noun;      /* the last unit was a noun or suffix */
    bool prev_particle;  /* the last token was a 助詞 */
    bool prev_honorific; /* the last token was a verb after お/ご (お聞き) */
} context;

/* The unit kind of an IPADIC part of speech (品詞,細分類1,…,活用形 in 5, 原形 in 6). */
static tkind pos_kind(const char *f, const context *ctx) {
    if (feature_is(f, 0, "名詞")) {
        if (feature_is(f, 1, "接尾")) return T_SUFFIX;
        if (feature_is(f, 1, "特殊")) return T_ATTACH; /* そう (伝聞) */
        /* 形式名詞 after a verb joins it (防ぐために, ついたままの); after a particle it is
         * a phrase of its own (学校の|ために). */
        if (feature_is(f, 1, "非自立")) return ctx->prev_particle ? T_CONTENT : T_ATTACH;
        return T_NOUN;
    }
    if (feature_is(f, 0, "動詞")) {
        if (!feature_is(f, 1, "自立")) return T_ATTACH; /* 〜てしまう, 〜れる */
        /* サ変 verbs: 印刷した, 注意しましょう, 利用できる, お聞きし. */
        if ((ctx->prev_noun || ctx->prev_honorific) &&
            (feature_is(f, 6, "する") || feature_is(f, 6, "できる") || feature_is(f, 6, "出来る")))
            return T_ATTACH;
        /* IPADIC reads the 誤 of 誤配布 as 誤る in a form that only stands before a noun. */
        if (feature_is(f, 5, "体言接続特殊２")) return T_PREFIX;
        return T_CONTENT;
    }
    if (feature_is(f, 0, "形容詞")) return feature_is(f, 1, "自立") ? T_CONTENT : T_ATTACH;
    if (feature_is(f, 0, "助詞") || feature_is(f, 0, "助動詞") || feature_is(f, 0, "その他"))
        return T_ATTACH;
    if (feature_is(f, 0, "接頭詞")) return T_PREFIX;
    if (feature_is(f, 0, "記号")) {
        if (feature_is(f, 1, "括弧開")) return T_OPEN;
        if (feature_is(f, 1, "括弧閉") || feature_is(f, 1, "句点") || feature_is(f, 1, "読点"))
            return T_CLOSE;
        if (feature_is(f, 1, "空白")) return T_SPACE;
        if (feature_is(f, 1, "アルファベット")) return T_NOUN;
        return T_MARK;
    }
    return T_CONTENT; /* 副詞, 連体詞, 接続詞, 感動詞, フィラー */
}

/* What the tokens before told about the next one, across pieces of the text. */
typedef struct tagging {
    context ctx;
    bool prev_prefix;
} tagging;

/* Feeds the tokens of one parsed piece, text[from, to), to the grouper. */
static void group_tokens(grouper *g, tagging *t, mecab_lattice_t *lattice, size_t from, size_t to) {
    const unsigned char *s = g->s;
    const char *base = mecab_lattice_get_sentence(lattice);
    for (const mecab_node_t *node = mecab_lattice_get_bos_node(lattice); node; node = node->next) {
        if (node->stat == MECAB_BOS_NODE || node->stat == MECAB_EOS_NODE) continue;
        /* Surfaces point into base, the piece as MeCab keeps it. */
        if (node->surface < base || (size_t)(node->surface - base) + node->length > to - from)
            continue;
        size_t at = from + (size_t)(node->surface - base), end = at + node->length;
        /* MeCab skips ASCII white space: rlength counts it with the token. */
        if (node->rlength > node->length)
            group_add(g, at - (node->rlength - node->length), T_SPACE);
        uint32_t c;
        decode(s, g->len, at, &c);
        if (is_punct(classify(c))) {
            /* Symbols go by their character (MeCab calls an ASCII "(" a noun), one by one
             * (MeCab groups runs of symbols into one token). */
            for (size_t i = at; i < end;) {
                size_t n = decode(s, g->len, i, &c);
                cclass cls = classify(c);
                group_add(g, i, is_punct(cls) ? punct_kind[cls] : T_NOUN);
                i += n;
            }
            t->ctx = (context){0}, t->prev_prefix = false;
            continue;
        }
        t->ctx.prev_noun = g->prev_noun;
        tkind kind = pos_kind(node->feature, &t->ctx);
        /* A word starts with a content word (not a particle, suffix or what a prefix leads
         * to): 機密|書類からの, never 機密書類|から|の. */
        if (g->words && (kind == T_CONTENT || kind == T_NOUN || kind == T_PREFIX) &&
            !t->prev_prefix)
            g->words[at] = true;
        group_add(g, at, kind);
        t->ctx.prev_particle = feature_is(node->feature, 0, "助詞");
        t->ctx.prev_honorific = t->prev_prefix && feature_is(node->feature, 0, "動詞");
        t->prev_prefix = feature_is(node->feature, 0, "接頭詞");
    }
}

/* Where the piece of text starting at byte `from` ends (see SM_PHRASE_PIECE). */
static size_t piece_end(const unsigned char *s, size_t len, size_t from) {
    if (len - from <= SM_PHRASE_PIECE) return len;
    size_t limit = from + SM_PHRASE_PIECE, cut = 0;
    for (size_t i = from; i < limit;) {
        uint32_t c;
        size_t n = decode(s, len, i, &c);
        if (i + n > limit) break;
        i += n;
        if (IN(c, clause_end) || is_space(c)) cut = i;
    }
    if (cut > from) return cut;
    /* No place to cut well: at a character boundary. */
    cut = limit;
    while (cut > from + 1 && (s[cut] & 0xC0) == 0x80) cut--;
    return cut;
}

bool sm_phrase_breaks(const char *text, size_t len, bool *allowed) {
    return sm_phrase_words(text, len, allowed, NULL);
}

/* The heuristic's phrases are its words too. */
static void heuristic_words(const char *text, size_t len, bool *allowed, bool *words) {
    sm_phrase_breaks_heuristic(text, len, allowed);
    if (words) memcpy(words, allowed, len + 1);
}

bool sm_phrase_words(const char *text, size_t len, bool *allowed, bool *words) {
    reset(allowed, len);
    if (words) reset(words, len);
    /* Without kana or kanji the heuristic is exact (breaks after spaces and punctuation) and
     * costs no dictionary. */
    bool japanese = false;
    for (size_t i = 0; i < len && !japanese;) {
        uint32_t c;
        i += decode((const unsigned char *)text, len, i, &c);
        cclass cls = classify(c);
        japanese = cls == C_KANJI || cls == C_KATA || cls == C_HIRA;
    }
    if (!japanese) {
        heuristic_words(text, len, allowed, words);
        return true;
    }
    pthread_once(&mecab_once, mecab_load);
    if (!mecab_lattice) {
        heuristic_words(text, len, allowed, words);
        return false;
    }
    pthread_mutex_lock(&mecab_lock);
    mecab_lattice_t *lattice = mecab_lattice;
    const unsigned char *s = (const unsigned char *)text;
    grouper g = {.s = s, .len = len, .allowed = allowed, .words = words};
    tagging t = {{0}, false};
    /* One grouper over all pieces: a phrase may go on across a cut. */
    for (size_t from = 0, to; from < len; from = to) {
        to = piece_end(s, len, from);
        mecab_lattice_set_sentence2(lattice, text + from, to - from);
        if (!mecab_parse_lattice(mecab_tagger, lattice)) {
            mecab_lattice_clear(lattice);
            pthread_mutex_unlock(&mecab_lock);
            heuristic_words(text, len, allowed, words);
            return true; /* a text MeCab will not take: the rule is the right answer */
        }
        group_tokens(&g, &t, lattice, from, to);
        mecab_lattice_clear(lattice);
    }
    pthread_mutex_unlock(&mecab_lock);
    return true;
}
