/* test_kana.c: 五十音 order of readings — the sort a glossary relies on, and its rows. */
#include "base/kana.h"

#include "check.h"

#include <stdlib.h>

static int compare(const void *a, const void *b) {
    return sm_kana_compare(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted as a Japanese dictionary lists them: plain kana first, voiced and small forms
 * only where the plain kana tie (ぱすわーど, はすわあと, before ばっくあっぷ, はつくあつふ),
 * katakana as hiragana, ー as the vowel it lengthens. */
static void test_order(void) {
    const char *words[] = {"ぱすわーど",   "ばっくあっぷ", "はいき",     "USB",      "あくせすけん",
                           "アップデート", "しゅれっだー", "じょうほう", "しょるい", "ろぐ",
                           "わんたいむ",   "いんしでんと", "ウイルス"};
    const char *want[] = {"あくせすけん", "アップデート", "いんしでんと", "ウイルス",
                          "しゅれっだー", "じょうほう",   "しょるい",     "はいき",
                          "ぱすわーど",   "ばっくあっぷ", "ろぐ",         "わんたいむ"};
    size_t n = sizeof words / sizeof *words;
    /* "USB" is not kana: no key, so a glossary refuses it. */
    uint32_t key[8];
    CHECK_INT(sm_kana_sort_key("USB", key, 8), 0);
    const char *kana[sizeof words / sizeof *words];
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (sm_kana_sort_key(words[i], key, 8)) kana[k++] = words[i];
    qsort(kana, k, sizeof *kana, compare);
    CHECK_INT(k, sizeof want / sizeof *want);
    for (size_t i = 0; i < k && i < sizeof want / sizeof *want; i++) CHECK_STR(kana[i], want[i]);
    /* しゅ (small ゅ) sorts as しゆ: after しや…, before しよ. */
    CHECK(sm_kana_compare("しゅ", "しや") > 0 && sm_kana_compare("しゅ", "しよ") < 0);
    /* Where the plain kana tie: clear before voiced before semi-voiced. */
    CHECK(sm_kana_compare("はは", "ばば") < 0 && sm_kana_compare("ばば", "ぱぱ") < 0);
    /* ー lengthens the vowel before it: メール sorts as めえる. */
    CHECK(sm_kana_compare("めーる", "めえる") > 0 && sm_kana_compare("めーる", "めおと") < 0);
    CHECK_INT(sm_kana_sort_key("ーあ", key, 8), 0); /* nothing to lengthen */
}

static void test_rows(void) {
    CHECK_INT(sm_kana_row_of("あくせす"), SM_KANA_ROW_A);
    CHECK_INT(sm_kana_row_of("ガメン"), SM_KANA_ROW_KA);
    CHECK_INT(sm_kana_row_of("じょうほう"), SM_KANA_ROW_SA);
    CHECK_INT(sm_kana_row_of("ぱすわーど"), SM_KANA_ROW_HA);
    CHECK_INT(sm_kana_row_of("ゆーえすびー"), SM_KANA_ROW_YA);
    CHECK_INT(sm_kana_row_of("ろぐ"), SM_KANA_ROW_RA);
    CHECK_INT(sm_kana_row_of("わんたいむ"), SM_KANA_ROW_WA);
    CHECK_INT(sm_kana_row_of("USB"), SM_KANA_ROW_NONE);
    CHECK_STR(sm_kana_row_name(SM_KANA_ROW_TA), "た行");
}

int main(void) {
    test_order();
    test_rows();
    return check_done();
}
