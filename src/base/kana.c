/* kana.c: 五十音 order — readings folded to plain hiragana, compared as dictionaries do. */
#include "kana.h"

#include "utf8.h"

#include <string.h>

/* Plain hiragana in 五十音 order; a kana's place here is its primary weight. */
static const char plain[] = "あいうえおかきくけこさしすせそたちつてとなにぬねの"
                            "はひふへほまみむめもやゆよらりるれろわゐゑをん";
/* Each voiced, semi-voiced or small kana and the plain kana it sorts as. */
static const char *const folds[][2] = {
    {"が", "か"}, {"ぎ", "き"}, {"ぐ", "く"}, {"げ", "け"}, {"ご", "こ"}, {"ざ", "さ"},
    {"じ", "し"}, {"ず", "す"}, {"ぜ", "せ"}, {"ぞ", "そ"}, {"だ", "た"}, {"ぢ", "ち"},
    {"づ", "つ"}, {"で", "て"}, {"ど", "と"}, {"ば", "は"}, {"び", "ひ"}, {"ぶ", "ふ"},
    {"べ", "へ"}, {"ぼ", "ほ"}, {"ぱ", "は"}, {"ぴ", "ひ"}, {"ぷ", "ふ"}, {"ぺ", "へ"},
    {"ぽ", "ほ"}, {"ぁ", "あ"}, {"ぃ", "い"}, {"ぅ", "う"}, {"ぇ", "え"}, {"ぉ", "お"},
    {"っ", "つ"}, {"ゃ", "や"}, {"ゅ", "ゆ"}, {"ょ", "よ"}, {"ゎ", "わ"}, {"ゔ", "う"},
    {"ゕ", "か"}, {"ゖ", "け"},
};

static uint32_t decode(const char *s) {
    uint32_t cp = 0;
    sm_utf8_decode(s, &cp);
    return cp;
}

/* Katakana (ァ U+30A1 … ヶ U+30F6) as hiragana; anything else unchanged. */
static uint32_t to_hiragana(uint32_t cp) { return cp >= 0x30A1 && cp <= 0x30F6 ? cp - 0x60 : cp; }

/* The plain kana cp sorts as, or 0 when it is not kana. */
static uint32_t plain_of(uint32_t cp) {
    cp = to_hiragana(cp);
    for (size_t i = 0; i < sizeof folds / sizeof *folds; i++)
        if (decode(folds[i][0]) == cp) return decode(folds[i][1]);
    for (const char *p = plain; *p; p += 3)
        if (decode(p) == cp) return cp;
    return 0;
}

/* The place of a plain kana in the table (0 あ … 47 ん). */
static int place_of(uint32_t plain_cp) {
    int i = 0;
    for (const char *p = plain; *p; p += 3, i++)
        if (decode(p) == plain_cp) return i;
    return -1;
}

/* The vowel (あいうえお) a kana ends in, for the ー after it; ん lengthens as ん. */
static uint32_t vowel_of(uint32_t plain_cp) {
    int at = place_of(plain_cp);
    if (at < 0) return 0;
    static const char vowels[] = "あいうえお";
    if (at < 35) return decode(vowels + 3 * (at % 5)); /* あ … も: five to a row */
    static const char *const rest[] = {"あ", "う", "お", "あ", "い", "う", "え",
                                       "お", "あ", "い", "え", "お", "ん"};
    return decode(rest[at - 35]); /* や ゆ よ ら り る れ ろ わ ゐ ゑ を ん */
}

size_t sm_kana_sort_key(const char *reading, uint32_t *key, size_t size) {
    size_t n = 0;
    uint32_t last = 0;
    for (const char *p = reading; *p && n < size;) {
        uint32_t cp = 0;
        p += sm_utf8_decode(p, &cp);
        uint32_t k = cp == 0x30FC ? vowel_of(last) : plain_of(cp);
        if (!k) return 0;
        key[n++] = (uint32_t)place_of(k);
        last = k;
    }
    return n;
}

int sm_kana_compare(const char *a, const char *b) {
    uint32_t ka[256], kb[256];
    size_t na = sm_kana_sort_key(a, ka, 256), nb = sm_kana_sort_key(b, kb, 256);
    for (size_t i = 0; i < na && i < nb; i++)
        if (ka[i] != kb[i]) return ka[i] < kb[i] ? -1 : 1;
    if (na != nb) return na < nb ? -1 : 1;
    /* The plain kana tie: clear before voiced before small, as the code points run (か が),
     * hiragana before katakana. */
    return strcmp(a, b);
}

static const char *const row_names[] = {"あ行", "か行", "さ行", "た行", "な行",
                                        "は行", "ま行", "や行", "ら行", "わ行"};

const char *sm_kana_row_name(sm_kana_row row) {
    return row < SM_KANA_ROW_NONE ? row_names[row] : "";
}

sm_kana_row sm_kana_row_of(const char *reading) {
    uint32_t key[1];
    if (sm_kana_sort_key(reading, key, 1) != 1) return SM_KANA_ROW_NONE;
    int at = (int)key[0];
    if (at < 35) return (sm_kana_row)(at / 5);
    if (at < 38) return SM_KANA_ROW_YA;
    if (at < 43) return SM_KANA_ROW_RA;
    return SM_KANA_ROW_WA;
}
