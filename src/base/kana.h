/* kana.h: 五十音 order of readings — the sort key a glossary sorts its terms by and the row
 * (あ行, か行, …) a reading belongs to. Pure and libc-only. */
#ifndef SM_KANA_H
#define SM_KANA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The rows of the 五十音 table, in order; SM_KANA_ROW_NONE for what is not kana. */
typedef enum sm_kana_row {
    SM_KANA_ROW_A,
    SM_KANA_ROW_KA,
    SM_KANA_ROW_SA,
    SM_KANA_ROW_TA,
    SM_KANA_ROW_NA,
    SM_KANA_ROW_HA,
    SM_KANA_ROW_MA,
    SM_KANA_ROW_YA,
    SM_KANA_ROW_RA,
    SM_KANA_ROW_WA,
    SM_KANA_ROW_NONE,
} sm_kana_row;

/* The row's heading: "あ行" … "わ行". */
const char *sm_kana_row_name(sm_kana_row row);

/* The row of a reading's first character (hiragana or katakana, voiced or small forms
 * count as their plain kana: が is か行, ゃ や行). */
sm_kana_row sm_kana_row_of(const char *reading);

/* Writes the sort key of a UTF-8 reading into key (at most `size` entries, the count
 * returned): as dictionaries order (JIS X 4061, simplified) — katakana as hiragana, voiced
 * and small kana as the plain kana first (はは < ばば < ぱぱ only where the plain kana tie),
 * ー as the vowel it lengthens. Returns 0 when the reading holds something other than kana
 * (then it cannot be placed in 五十音 order). */
size_t sm_kana_sort_key(const char *reading, uint32_t *key, size_t size);

/* Compares two readings in 五十音 order: plain kana first, then the voiced and small forms,
 * then the bytes; <0, 0 or >0. */
int sm_kana_compare(const char *a, const char *b);

#endif
