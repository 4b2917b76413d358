/* jclass.h: JLREQ character classes, kinsoku (line-start and line-end prohibitions),
 * unbreakable pairs and punctuation aki — the character facts every line-composition rule
 * reads. Pure and libc-only; every query is a binary search in one const table.
 *
 * Sources: W3C JLREQ (https://www.w3.org/TR/jlreq/) Appendix A for the classes, §3.1.7
 * (characters not starting a line), §3.1.8 (not ending a line), §3.1.10 (unbreakable
 * sequences), §3.1.2–3.1.4 (punctuation positioning); CSS Text 3 §5.3 `line-break`
 * (https://www.w3.org/TR/css-text-3/#line-break-property) for the three strictness levels;
 * UAX #14 where CSS defers to it. */
#ifndef SM_JCLASS_H
#define SM_JCLASS_H

#include <stdbool.h>
#include <stdint.h>

/* The class of a code point, JLREQ Appendix A (cl-01 … cl-27) where it matters for
 * horizontal composition. Half-width forms (｢｣｡､･ｧｰ) share the class of their full-width
 * originals but take no aki. Combining marks and variation selectors take a class too, but a
 * composer should look at the base of the cluster. */
typedef enum sm_jclass {
    SM_JC_OPENING,     /* cl-01 「『（［｛〈《【〔〘〖〚〝｟ ‘ “ */
    SM_JC_CLOSING,     /* cl-02 」』）］｝〉》】〕〙〗〛〞〟｠ ’ ” */
    SM_JC_HYPHEN,      /* cl-03 ‐ – 〜 ゠, and ～ U+FF5E (CP932's wave dash) */
    SM_JC_DIVIDING,    /* cl-04 ！？‼⁇⁈⁉ */
    SM_JC_MIDDLE_DOT,  /* cl-05 ・：；･ */
    SM_JC_FULL_STOP,   /* cl-06 。．｡ */
    SM_JC_COMMA,       /* cl-07 、，､ */
    SM_JC_INSEPARABLE, /* cl-08 — ― … ‥ 〳〴〵 (― U+2015 is CP932's em dash) */
    SM_JC_ITERATION,   /* cl-09 ヽヾゝゞ々〻 */
    SM_JC_PROLONGED,   /* cl-10 ー ｰ */
    SM_JC_SMALL_KANA, /* cl-11 ぁぃぅぇぉっゃゅょゎゕゖ ァィゥェォッャュョヮヵヶ ㇰ…ㇿ ｧ…ｯ */
    SM_JC_PREFIX,     /* cl-12 ￥＄￡＃€№ (the full-width and ambiguous-width ones) */
    SM_JC_POSTFIX,    /* cl-13 °′″℃￠％‰ℓ㏋ and the unit squares ㌔㎏㎝… */
    SM_JC_IDEOGRAPHIC_SPACE, /* cl-14 U+3000 */
    SM_JC_HIRAGANA,          /* cl-15 */
    SM_JC_KATAKANA,          /* cl-16, with half-width ｱ… */
    SM_JC_MATH_SYMBOL, /* cl-17 ＝≠＜＞≦≧∈⊂⇒⇔ … (Mathematical Operators block) */
    SM_JC_MATH_OPERATOR, /* cl-18 ＋－−×÷±∓ */
    SM_JC_IDEOGRAPH,     /* cl-19 kanji (CJK Unified, Ext A–H, compatibility), 〆〇,
                            and full-width ０-９ Ａ-Ｚ ａ-ｚ, which sit on the em grid */
    SM_JC_SYMBOL,        /* other full-width symbols JLREQ sets like kanji (cl-19 "漢字等"):
                            ①〜⑳ ※ → ○ ● ■ □ ★ ☆ ◎ △ ▲ ▶ 〒 ㈱ ㍿ Ⅰ … */
    SM_JC_WESTERN,       /* cl-27 Latin, Greek, Cyrillic letters and ASCII/Latin-1
                            punctuation, as set with the Western font */
    SM_JC_DIGIT,         /* cl-24 Western digits 0-9 (full-width ０-９ are IDEOGRAPH) */
    SM_JC_SPACE,         /* U+0020, tab, NBSP and the other Western spaces */
    SM_JC_OTHER,         /* everything else (Hangul, emoji, bidi controls, …) */
    SM_JC_COUNT
} sm_jclass;

/* The class of a code point (SM_JC_OTHER for anything unknown or out of range). O(log n). */
sm_jclass sm_jclass_of(uint32_t cp);
/* A short lowercase name for dumps ("opening", "small-kana", …); "invalid" out of range. */
const char *sm_jclass_name(sm_jclass c);
/* True for the classes set with the Japanese font: they sit on the Japanese side of 和欧間
 * (JLREQ §3.2). False for WESTERN, DIGIT, SPACE and OTHER, which take no 和欧間 at all. */
bool sm_jclass_is_japanese(sm_jclass c);

/* The strictness of line breaking, as CSS `line-break` (CSS Text 3 §5.3). In what they
 * forbid, strict ⊇ normal ⊇ loose:
 *
 *   every mode   never start a line: closing brackets (cl-02), full stops (cl-06), commas
 *                (cl-07), the dashes and leaders — ― … ‥ (cl-08: they stay with the text
 *                before them), ASCII ) ] } , . : ; ! ? / », spaces (U+0020, U+3000, …: the
 *                break goes after them), combining marks and glue (NBSP, WJ, ZWJ);
 *                never end a line: opening brackets (cl-01), ASCII ( [ { « ¡ ¿, narrow
 *                prefixes $ £ ¥, glue.
 *   strict+normal add: no line start for dividing punctuation ！？‼⁇⁈⁉ (cl-04), middle dots
 *                ・：；･ (cl-05), iteration marks 々〻ゝゞヽヾ (cl-09), hyphens ‐ –;
 *                no line end for wide prefixes ￥＄￡＃€№ (cl-12).
 *   strict adds: no line start for small kana (cl-11, UAX #14 class CJ), the prolonged sound
 *                mark ー (cl-10, CJ), and the CJK hyphens 〜 ゠ ～.
 *
 * So `normal` lets ゃ, ー and 〜 begin a line, as CSS does for Japanese; `loose` also lets
 * iteration marks, ・：；！？ and ‐ – (after kana or kanji) begin one and breaks around wide
 * prefixes and postfixes (￥|100, 50|％). JLREQ §3.1.7 lists cl-02 to cl-07 and cl-09 to
 * cl-11 as not starting a line and notes that some settings let cl-03, cl-10 and cl-11 start
 * one; it does not list cl-08, but a line that opens with …… or —— is marked as an error by
 * Japanese proofreaders, so here they never start one. */
typedef enum sm_kinsoku { SM_KINSOKU_STRICT, SM_KINSOKU_NORMAL, SM_KINSOKU_LOOSE } sm_kinsoku;

/* True when cp must not begin a line in this mode (行頭禁則, JLREQ §3.1.7). */
bool sm_kinsoku_no_line_start(uint32_t cp, sm_kinsoku mode);
/* True when cp must not end a line in this mode (行末禁則, JLREQ §3.1.8). */
bool sm_kinsoku_no_line_end(uint32_t cp, sm_kinsoku mode);
/* True when no line break may fall between the adjacent characters `before` and `after`
 * (分離禁止, JLREQ §3.1.10), beyond what the two single-character rules above say: —— and
 * ……/‥‥ in every mode, a number's digits (0-9 and ０-９, with , . : / between
 * Western digits), a Western word's letters and digits, a number and its prefix or postfix
 * (¥100, 50%, ５０％, 25℃; loose breaks at the wide ones as CSS allows), and ‐ – - after
 * anything but a space (loose still breaks before ‐ – after kana or kanji). A break is
 * allowed between a and b when !no_line_end(a) && !no_line_start(b) && !inseparable(a, b). */
bool sm_inseparable(uint32_t before, uint32_t after, sm_kinsoku mode);

/* Where the aki (blank) of a full-width punctuation glyph sits, as fractions of an em before
 * and after the glyph body (JLREQ §3.1.2–3.1.4): opening brackets ½ before; closing brackets,
 * commas and full stops ½ after; middle dots ・：； ¼ on each side; everything else 0, including
 * half-width and ASCII forms, which carry no aki. Assumes the glyph as a Japanese font sets it
 * (a full em); the composer decides how much of it to remove. */
void sm_jclass_aki(uint32_t cp, double *before, double *after);

#endif
