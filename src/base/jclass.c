/* jclass.c: one sorted range table of JLREQ classes, kinsoku and aki, and the pair rules. */
#include "jclass.h"

#include <stddef.h>

/* The modes in which a prohibition holds, one bit per sm_kinsoku. Strict forbids everything
 * normal forbids and normal everything loose forbids, so only three sets occur. */
enum {
    ALL = (1 << SM_KINSOKU_STRICT) | (1 << SM_KINSOKU_NORMAL) | (1 << SM_KINSOKU_LOOSE),
    SN = (1 << SM_KINSOKU_STRICT) | (1 << SM_KINSOKU_NORMAL),
    S = 1 << SM_KINSOKU_STRICT,
};

/* Traits beyond the class. AKI_* (the low two bits) place the blank of a full-width
 * punctuation glyph; the others feed the pair rules of sm_inseparable. */
enum {
    AKI_OPEN = 1,  /* ½ em before the body: opening brackets */
    AKI_CLOSE = 2, /* ½ em after: closing brackets, commas, full stops */
    AKI_MID = 3,   /* ¼ em each side: ・：； */
    AKI_MASK = 3,
    WORD = 1 << 2,  /* a letter of a Western word */
    DIGIT = 1 << 3, /* 0-9 or ０-９ */
    PRE = 1 << 4,   /* prefixes a number: ¥ $ € № */
    POST = 1 << 5,  /* follows a number: % ° ℃ ㎏ */
    /* East Asian Width F, W or A: CSS loose breaks after such a prefix and before such a
     * postfix (CSS Text 3 §5.3, "breaks before suffixes / after prefixes"). */
    WIDE = 1 << 6,
};

typedef struct jrange {
    uint32_t first, last;
    uint8_t cls;      /* sm_jclass */
    uint8_t no_start; /* modes in which it must not begin a line */
    uint8_t no_end;   /* modes in which it must not end a line */
    uint8_t traits;
} jrange;

/* Sorted, non-overlapping; a code point in no range is SM_JC_OTHER with no rules. Where
 * JLREQ and UAX #14 disagree on a class the JLREQ class wins, and the kinsoku follows CSS
 * Text 3 §5.3 and the UAX #14 base it refers to. */
/* clang-format off */
static const jrange ranges[] = {
    /* A break goes after spaces, never before them (UAX #14 LB7 × SP, LB21 × BA for U+3000):
     * the space then hangs at the line end where the composer drops it. */
    {0x0009, 0x0009, SM_JC_SPACE, ALL, 0, 0},
    {0x0020, 0x0020, SM_JC_SPACE, ALL, 0, 0},
    /* ASCII punctuation keeps its UAX #14 behaviour in every mode: ! ? (EX), , . : ; (IS)
     * and / (SY) never begin a line, ( [ { never end one, ) ] } never begin one. */
    {0x0021, 0x0021, SM_JC_WESTERN, ALL, 0, 0},
    {0x0022, 0x0023, SM_JC_WESTERN, 0, 0, 0},
    {0x0024, 0x0024, SM_JC_WESTERN, 0, ALL, PRE},
    {0x0025, 0x0025, SM_JC_WESTERN, 0, 0, POST},
    {0x0026, 0x0027, SM_JC_WESTERN, 0, 0, 0},
    {0x0028, 0x0028, SM_JC_WESTERN, 0, ALL, 0},
    {0x0029, 0x0029, SM_JC_WESTERN, ALL, 0, 0},
    {0x002A, 0x002B, SM_JC_WESTERN, 0, 0, 0},
    {0x002C, 0x002C, SM_JC_WESTERN, ALL, 0, 0},
    {0x002D, 0x002D, SM_JC_WESTERN, 0, 0, 0},
    {0x002E, 0x002F, SM_JC_WESTERN, ALL, 0, 0},
    {0x0030, 0x0039, SM_JC_DIGIT, 0, 0, DIGIT},
    {0x003A, 0x003B, SM_JC_WESTERN, ALL, 0, 0},
    {0x003C, 0x003E, SM_JC_WESTERN, 0, 0, 0},
    {0x003F, 0x003F, SM_JC_WESTERN, ALL, 0, 0},
    {0x0040, 0x0040, SM_JC_WESTERN, 0, 0, 0},
    {0x0041, 0x005A, SM_JC_WESTERN, 0, 0, WORD},
    {0x005B, 0x005B, SM_JC_WESTERN, 0, ALL, 0},
    {0x005C, 0x005C, SM_JC_WESTERN, 0, 0, 0},
    {0x005D, 0x005D, SM_JC_WESTERN, ALL, 0, 0},
    {0x005E, 0x0060, SM_JC_WESTERN, 0, 0, 0},
    {0x0061, 0x007A, SM_JC_WESTERN, 0, 0, WORD},
    {0x007B, 0x007B, SM_JC_WESTERN, 0, ALL, 0},
    {0x007C, 0x007C, SM_JC_WESTERN, 0, 0, 0},
    {0x007D, 0x007D, SM_JC_WESTERN, ALL, 0, 0},
    {0x007E, 0x007E, SM_JC_WESTERN, 0, 0, 0},
    /* NO-BREAK SPACE glues both sides (UAX #14 GL). */
    {0x00A0, 0x00A0, SM_JC_SPACE, ALL, ALL, 0},
    {0x00A1, 0x00A1, SM_JC_WESTERN, 0, ALL, 0},
    /* Narrow currency and percent signs are Western characters that bind to a number; only
     * their full-width twins are JLREQ cl-12/cl-13, set with the Japanese font. */
    {0x00A2, 0x00A2, SM_JC_WESTERN, 0, 0, POST},
    {0x00A3, 0x00A3, SM_JC_WESTERN, 0, ALL, PRE},
    {0x00A4, 0x00A4, SM_JC_WESTERN, 0, 0, 0},
    {0x00A5, 0x00A5, SM_JC_WESTERN, 0, ALL, PRE},
    {0x00A6, 0x00AA, SM_JC_WESTERN, 0, 0, 0},
    {0x00AB, 0x00AB, SM_JC_WESTERN, 0, ALL, 0},
    {0x00AC, 0x00AF, SM_JC_WESTERN, 0, 0, 0},
    {0x00B0, 0x00B0, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x00B1, 0x00B1, SM_JC_MATH_OPERATOR, 0, 0, 0},
    {0x00B2, 0x00BA, SM_JC_WESTERN, 0, 0, 0},
    {0x00BB, 0x00BB, SM_JC_WESTERN, ALL, 0, 0},
    {0x00BC, 0x00BE, SM_JC_WESTERN, 0, 0, 0},
    {0x00BF, 0x00BF, SM_JC_WESTERN, 0, ALL, 0},
    {0x00C0, 0x00D6, SM_JC_WESTERN, 0, 0, WORD},
    {0x00D7, 0x00D7, SM_JC_MATH_OPERATOR, 0, 0, 0},
    {0x00D8, 0x00F6, SM_JC_WESTERN, 0, 0, WORD},
    {0x00F7, 0x00F7, SM_JC_MATH_OPERATOR, 0, 0, 0},
    {0x00F8, 0x02FF, SM_JC_WESTERN, 0, 0, WORD},
    /* Combining marks belong to the character before them (UAX #14 LB9). */
    {0x0300, 0x036F, SM_JC_WESTERN, ALL, 0, 0},
    {0x0370, 0x052F, SM_JC_WESTERN, 0, 0, WORD},
    {0x1E00, 0x1EFF, SM_JC_WESTERN, 0, 0, WORD},
    {0x2000, 0x200B, SM_JC_SPACE, ALL, 0, 0},
    {0x200C, 0x200C, SM_JC_OTHER, 0, 0, 0},
    {0x200D, 0x200D, SM_JC_OTHER, ALL, ALL, 0},
    {0x200E, 0x200F, SM_JC_OTHER, 0, 0, 0},
    /* ‐ – : CSS forbids a break before them in strict and normal, and in loose allows it
     * after an ideograph-like character only (sm_inseparable holds the other side). */
    {0x2010, 0x2010, SM_JC_HYPHEN, SN, 0, 0},
    {0x2011, 0x2011, SM_JC_WESTERN, ALL, ALL, 0},
    {0x2012, 0x2012, SM_JC_WESTERN, 0, 0, 0},
    {0x2013, 0x2013, SM_JC_HYPHEN, SN, 0, 0},
    /* ― U+2015 joins — U+2014 in cl-08: CP932 (Excel's Japanese encoding) maps its em dash
     * to U+2015, JIS maps it to U+2014, and a Japanese text may hold either. */
    {0x2014, 0x2015, SM_JC_INSEPARABLE, ALL, 0, 0},
    {0x2016, 0x2016, SM_JC_SYMBOL, 0, 0, 0},
    {0x2017, 0x2017, SM_JC_WESTERN, 0, 0, 0},
    /* ‘ ’ “ ” are JLREQ cl-01/cl-02 and full-width in a Japanese font. */
    {0x2018, 0x2018, SM_JC_OPENING, 0, ALL, AKI_OPEN},
    {0x2019, 0x2019, SM_JC_CLOSING, ALL, 0, AKI_CLOSE},
    {0x201A, 0x201A, SM_JC_WESTERN, 0, ALL, 0},
    {0x201B, 0x201B, SM_JC_WESTERN, 0, 0, 0},
    {0x201C, 0x201C, SM_JC_OPENING, 0, ALL, AKI_OPEN},
    {0x201D, 0x201D, SM_JC_CLOSING, ALL, 0, AKI_CLOSE},
    {0x201E, 0x201E, SM_JC_WESTERN, 0, ALL, 0},
    {0x201F, 0x201F, SM_JC_WESTERN, 0, 0, 0},
    {0x2020, 0x2022, SM_JC_SYMBOL, 0, 0, 0},
    {0x2023, 0x2024, SM_JC_WESTERN, 0, 0, 0},
    {0x2025, 0x2026, SM_JC_INSEPARABLE, ALL, 0, 0},
    {0x2027, 0x2027, SM_JC_WESTERN, 0, 0, 0},
    {0x2028, 0x202E, SM_JC_OTHER, 0, 0, 0},
    {0x202F, 0x202F, SM_JC_SPACE, ALL, ALL, 0},
    {0x2030, 0x2030, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x2031, 0x2031, SM_JC_WESTERN, 0, 0, 0},
    {0x2032, 0x2033, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x2034, 0x203A, SM_JC_WESTERN, 0, 0, 0},
    {0x203B, 0x203B, SM_JC_SYMBOL, 0, 0, 0},
    {0x203C, 0x203C, SM_JC_DIVIDING, SN, 0, 0},
    {0x203D, 0x2046, SM_JC_WESTERN, 0, 0, 0},
    {0x2047, 0x2049, SM_JC_DIVIDING, SN, 0, 0},
    {0x204A, 0x205E, SM_JC_WESTERN, 0, 0, 0},
    {0x205F, 0x205F, SM_JC_SPACE, ALL, 0, 0},
    {0x2060, 0x2060, SM_JC_OTHER, ALL, ALL, 0},
    {0x2061, 0x206F, SM_JC_OTHER, 0, 0, 0},
    {0x2070, 0x20AB, SM_JC_WESTERN, 0, 0, 0},
    {0x20AC, 0x20AC, SM_JC_PREFIX, 0, SN, PRE | WIDE},
    {0x20AD, 0x20CF, SM_JC_WESTERN, 0, 0, 0},
    {0x20D0, 0x20FF, SM_JC_WESTERN, ALL, 0, 0},
    {0x2100, 0x2102, SM_JC_SYMBOL, 0, 0, 0},
    {0x2103, 0x2103, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x2104, 0x2108, SM_JC_SYMBOL, 0, 0, 0},
    {0x2109, 0x2109, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x210A, 0x2112, SM_JC_SYMBOL, 0, 0, 0},
    {0x2113, 0x2113, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x2114, 0x2115, SM_JC_SYMBOL, 0, 0, 0},
    {0x2116, 0x2116, SM_JC_PREFIX, 0, SN, PRE | WIDE},
    {0x2117, 0x21D1, SM_JC_SYMBOL, 0, 0, 0},
    {0x21D2, 0x21D2, SM_JC_MATH_SYMBOL, 0, 0, 0},
    {0x21D3, 0x21D3, SM_JC_SYMBOL, 0, 0, 0},
    {0x21D4, 0x21D4, SM_JC_MATH_SYMBOL, 0, 0, 0},
    {0x21D5, 0x21FF, SM_JC_SYMBOL, 0, 0, 0},
    /* The Mathematical Operators block is cl-17 but for its two operators − ∓ (cl-18). */
    {0x2200, 0x2211, SM_JC_MATH_SYMBOL, 0, 0, 0},
    {0x2212, 0x2213, SM_JC_MATH_OPERATOR, 0, 0, 0},
    {0x2214, 0x22FF, SM_JC_MATH_SYMBOL, 0, 0, 0},
    /* Technical symbols, ①〜⑳, box drawing, shapes ■□▲△○●◎, stars ★☆, dingbats. */
    {0x2300, 0x27BF, SM_JC_SYMBOL, 0, 0, 0},
    {0x2E80, 0x2FDF, SM_JC_IDEOGRAPH, 0, 0, 0},
    {0x2FF0, 0x2FFF, SM_JC_SYMBOL, 0, 0, 0},
    {0x3000, 0x3000, SM_JC_IDEOGRAPHIC_SPACE, ALL, 0, 0},
    {0x3001, 0x3001, SM_JC_COMMA, ALL, 0, AKI_CLOSE},
    {0x3002, 0x3002, SM_JC_FULL_STOP, ALL, 0, AKI_CLOSE},
    /* 〃 is a ditto mark set like kanji, not one of the cl-09 iteration marks. */
    {0x3003, 0x3004, SM_JC_SYMBOL, 0, 0, 0},
    /* Iteration marks: CSS allows a break before them in loose only; JLREQ §3.1.7 lists
     * cl-09 among the characters not starting a line. */
    {0x3005, 0x3005, SM_JC_ITERATION, SN, 0, 0},
    {0x3006, 0x3007, SM_JC_IDEOGRAPH, 0, 0, 0},
    {0x3008, 0x3008, SM_JC_OPENING, 0, ALL, AKI_OPEN},
    {0x3009, 0x3009, SM_JC_CLOSING, ALL, 0, AKI_CLOSE},
    {0x300A, 0x300A, SM_JC_OPENING, 0, ALL, AKI_OPEN},
    {0x300B, 0x300B, SM_JC_CLOSING, ALL, 0, AKI_CLOSE},
    {0x300C, 0x300C, SM_JC_OPENING, 0, ALL, AKI_OPEN},
    {0x300D, 0x300D, SM_JC_CLOSING, ALL, 0, AKI_CLOSE},
    {0x300E, 0x300E, SM_JC_OPENING, 0, ALL, AKI_OPEN},
    {0x300F, 0x300F, SM_JC_CLOSING, ALL, 0, AKI_CLOSE},
    {0x3010, 0x3010, SM_JC_OPENING, 0, ALL, AKI_OPEN},
    {0x3011, 0x3011, SM_JC_CLOSING, ALL, 0, AKI_CLOSE},
    {0x3012, 0x3013, SM_JC_SYMBOL, 0, 0, 0},
    {0x3014, 0x3014, SM_JC_OPENING, 0, ALL, AKI_OPEN},
    {0x3015, 0x3015, SM_JC_CLOSING, ALL, 0, AKI_CLOSE},
    {0x3016, 0x3016, SM_JC_OPENING, 0, ALL, AKI_OPEN},
    {0x3017, 0x3017, SM_JC_CLOSING, ALL, 0, AKI_CLOSE},
    {0x3018, 0x3018, SM_JC_OPENING, 0, ALL, AKI_OPEN},
    {0x3019, 0x3019, SM_JC_CLOSING, ALL, 0, AKI_CLOSE},
    {0x301A, 0x301A, SM_JC_OPENING, 0, ALL, AKI_OPEN},
    {0x301B, 0x301B, SM_JC_CLOSING, ALL, 0, AKI_CLOSE},
    /* 〜 ゠ ～: CSS allows a break before these CJK hyphens in normal and loose for Japanese. */
    {0x301C, 0x301C, SM_JC_HYPHEN, S, 0, 0},
    {0x301D, 0x301D, SM_JC_OPENING, 0, ALL, AKI_OPEN},
    {0x301E, 0x301F, SM_JC_CLOSING, ALL, 0, AKI_CLOSE},
    {0x3020, 0x3020, SM_JC_SYMBOL, 0, 0, 0},
    {0x3021, 0x3029, SM_JC_IDEOGRAPH, 0, 0, 0},
    {0x302A, 0x302F, SM_JC_OTHER, ALL, 0, 0},
    {0x3030, 0x3032, SM_JC_SYMBOL, 0, 0, 0},
    {0x3033, 0x3035, SM_JC_INSEPARABLE, 0, 0, 0},
    {0x3036, 0x3037, SM_JC_SYMBOL, 0, 0, 0},
    {0x3038, 0x303A, SM_JC_IDEOGRAPH, 0, 0, 0},
    {0x303B, 0x303B, SM_JC_ITERATION, SN, 0, 0},
    {0x303C, 0x303F, SM_JC_SYMBOL, 0, 0, 0},
    /* Small kana (UAX #14 CJ): CSS forbids them at line start in strict only. */
    {0x3041, 0x3041, SM_JC_SMALL_KANA, S, 0, 0},
    {0x3042, 0x3042, SM_JC_HIRAGANA, 0, 0, 0},
    {0x3043, 0x3043, SM_JC_SMALL_KANA, S, 0, 0},
    {0x3044, 0x3044, SM_JC_HIRAGANA, 0, 0, 0},
    {0x3045, 0x3045, SM_JC_SMALL_KANA, S, 0, 0},
    {0x3046, 0x3046, SM_JC_HIRAGANA, 0, 0, 0},
    {0x3047, 0x3047, SM_JC_SMALL_KANA, S, 0, 0},
    {0x3048, 0x3048, SM_JC_HIRAGANA, 0, 0, 0},
    {0x3049, 0x3049, SM_JC_SMALL_KANA, S, 0, 0},
    {0x304A, 0x3062, SM_JC_HIRAGANA, 0, 0, 0},
    {0x3063, 0x3063, SM_JC_SMALL_KANA, S, 0, 0},
    {0x3064, 0x3082, SM_JC_HIRAGANA, 0, 0, 0},
    {0x3083, 0x3083, SM_JC_SMALL_KANA, S, 0, 0},
    {0x3084, 0x3084, SM_JC_HIRAGANA, 0, 0, 0},
    {0x3085, 0x3085, SM_JC_SMALL_KANA, S, 0, 0},
    {0x3086, 0x3086, SM_JC_HIRAGANA, 0, 0, 0},
    {0x3087, 0x3087, SM_JC_SMALL_KANA, S, 0, 0},
    {0x3088, 0x308D, SM_JC_HIRAGANA, 0, 0, 0},
    {0x308E, 0x308E, SM_JC_SMALL_KANA, S, 0, 0},
    {0x308F, 0x3094, SM_JC_HIRAGANA, 0, 0, 0},
    {0x3095, 0x3096, SM_JC_SMALL_KANA, S, 0, 0},
    /* Voiced sound marks, combining or spacing, belong to the kana before them. */
    {0x3099, 0x309C, SM_JC_HIRAGANA, ALL, 0, 0},
    {0x309D, 0x309E, SM_JC_ITERATION, SN, 0, 0},
    {0x309F, 0x309F, SM_JC_HIRAGANA, 0, 0, 0},
    {0x30A0, 0x30A0, SM_JC_HYPHEN, S, 0, 0},
    {0x30A1, 0x30A1, SM_JC_SMALL_KANA, S, 0, 0},
    {0x30A2, 0x30A2, SM_JC_KATAKANA, 0, 0, 0},
    {0x30A3, 0x30A3, SM_JC_SMALL_KANA, S, 0, 0},
    {0x30A4, 0x30A4, SM_JC_KATAKANA, 0, 0, 0},
    {0x30A5, 0x30A5, SM_JC_SMALL_KANA, S, 0, 0},
    {0x30A6, 0x30A6, SM_JC_KATAKANA, 0, 0, 0},
    {0x30A7, 0x30A7, SM_JC_SMALL_KANA, S, 0, 0},
    {0x30A8, 0x30A8, SM_JC_KATAKANA, 0, 0, 0},
    {0x30A9, 0x30A9, SM_JC_SMALL_KANA, S, 0, 0},
    {0x30AA, 0x30C2, SM_JC_KATAKANA, 0, 0, 0},
    {0x30C3, 0x30C3, SM_JC_SMALL_KANA, S, 0, 0},
    {0x30C4, 0x30E2, SM_JC_KATAKANA, 0, 0, 0},
    {0x30E3, 0x30E3, SM_JC_SMALL_KANA, S, 0, 0},
    {0x30E4, 0x30E4, SM_JC_KATAKANA, 0, 0, 0},
    {0x30E5, 0x30E5, SM_JC_SMALL_KANA, S, 0, 0},
    {0x30E6, 0x30E6, SM_JC_KATAKANA, 0, 0, 0},
    {0x30E7, 0x30E7, SM_JC_SMALL_KANA, S, 0, 0},
    {0x30E8, 0x30ED, SM_JC_KATAKANA, 0, 0, 0},
    {0x30EE, 0x30EE, SM_JC_SMALL_KANA, S, 0, 0},
    {0x30EF, 0x30F4, SM_JC_KATAKANA, 0, 0, 0},
    /* ヵ ヶ are small kana in JLREQ cl-11 and CJ in UAX #14, even as a counter (3ヶ月). */
    {0x30F5, 0x30F6, SM_JC_SMALL_KANA, S, 0, 0},
    {0x30F7, 0x30FA, SM_JC_KATAKANA, 0, 0, 0},
    /* Middle dots: CSS allows a break before ・：； in loose only. */
    {0x30FB, 0x30FB, SM_JC_MIDDLE_DOT, SN, 0, AKI_MID},
    {0x30FC, 0x30FC, SM_JC_PROLONGED, S, 0, 0},
    {0x30FD, 0x30FE, SM_JC_ITERATION, SN, 0, 0},
    {0x30FF, 0x30FF, SM_JC_KATAKANA, 0, 0, 0},
    {0x3190, 0x319F, SM_JC_SYMBOL, 0, 0, 0},
    {0x31C0, 0x31EF, SM_JC_IDEOGRAPH, 0, 0, 0},
    {0x31F0, 0x31FF, SM_JC_SMALL_KANA, S, 0, 0},
    {0x3200, 0x3302, SM_JC_SYMBOL, 0, 0, 0},
    /* The unit squares JLREQ lists in cl-13; the other squares (㍿ ㍻ ㌀) are symbols. */
    {0x3303, 0x3303, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x3304, 0x330C, SM_JC_SYMBOL, 0, 0, 0},
    {0x330D, 0x330D, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x330E, 0x3313, SM_JC_SYMBOL, 0, 0, 0},
    {0x3314, 0x3314, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x3315, 0x3317, SM_JC_SYMBOL, 0, 0, 0},
    {0x3318, 0x3318, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x3319, 0x3321, SM_JC_SYMBOL, 0, 0, 0},
    {0x3322, 0x3323, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x3324, 0x3325, SM_JC_SYMBOL, 0, 0, 0},
    {0x3326, 0x3327, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x3328, 0x332A, SM_JC_SYMBOL, 0, 0, 0},
    {0x332B, 0x332B, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x332C, 0x3335, SM_JC_SYMBOL, 0, 0, 0},
    {0x3336, 0x3336, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x3337, 0x333A, SM_JC_SYMBOL, 0, 0, 0},
    {0x333B, 0x333B, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x333C, 0x3348, SM_JC_SYMBOL, 0, 0, 0},
    {0x3349, 0x334A, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x334B, 0x334C, SM_JC_SYMBOL, 0, 0, 0},
    {0x334D, 0x334D, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x334E, 0x3350, SM_JC_SYMBOL, 0, 0, 0},
    {0x3351, 0x3351, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x3352, 0x3356, SM_JC_SYMBOL, 0, 0, 0},
    {0x3357, 0x3357, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x3358, 0x338D, SM_JC_SYMBOL, 0, 0, 0},
    {0x338E, 0x338F, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x3390, 0x339B, SM_JC_SYMBOL, 0, 0, 0},
    {0x339C, 0x339E, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x339F, 0x33A0, SM_JC_SYMBOL, 0, 0, 0},
    {0x33A1, 0x33A1, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x33A2, 0x33C3, SM_JC_SYMBOL, 0, 0, 0},
    {0x33C4, 0x33C4, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x33C5, 0x33CA, SM_JC_SYMBOL, 0, 0, 0},
    {0x33CB, 0x33CB, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0x33CC, 0x33FF, SM_JC_SYMBOL, 0, 0, 0},
    {0x3400, 0x4DBF, SM_JC_IDEOGRAPH, 0, 0, 0},
    {0x4DC0, 0x4DFF, SM_JC_SYMBOL, 0, 0, 0},
    {0x4E00, 0x9FFF, SM_JC_IDEOGRAPH, 0, 0, 0},
    {0xF900, 0xFAFF, SM_JC_IDEOGRAPH, 0, 0, 0},
    /* Variation selectors (and the IVS block below) stay with their base character. */
    {0xFE00, 0xFE0F, SM_JC_OTHER, ALL, 0, 0},
    {0xFEFF, 0xFEFF, SM_JC_OTHER, ALL, ALL, 0},
    {0xFF01, 0xFF01, SM_JC_DIVIDING, SN, 0, 0},
    {0xFF02, 0xFF02, SM_JC_SYMBOL, 0, 0, 0},
    /* ＃ is ID in UAX #14 but a prefix in JLREQ cl-12; the JLREQ class decides. */
    {0xFF03, 0xFF04, SM_JC_PREFIX, 0, SN, PRE | WIDE},
    {0xFF05, 0xFF05, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0xFF06, 0xFF07, SM_JC_SYMBOL, 0, 0, 0},
    {0xFF08, 0xFF08, SM_JC_OPENING, 0, ALL, AKI_OPEN},
    {0xFF09, 0xFF09, SM_JC_CLOSING, ALL, 0, AKI_CLOSE},
    {0xFF0A, 0xFF0A, SM_JC_SYMBOL, 0, 0, 0},
    {0xFF0B, 0xFF0B, SM_JC_MATH_OPERATOR, 0, 0, 0},
    {0xFF0C, 0xFF0C, SM_JC_COMMA, ALL, 0, AKI_CLOSE},
    /* － U+FF0D is where CP932 puts the minus sign (JIS − U+2212). */
    {0xFF0D, 0xFF0D, SM_JC_MATH_OPERATOR, 0, 0, 0},
    {0xFF0E, 0xFF0E, SM_JC_FULL_STOP, ALL, 0, AKI_CLOSE},
    {0xFF0F, 0xFF0F, SM_JC_SYMBOL, 0, 0, 0},
    /* Full-width digits and letters sit one per em like kanji and take no 和欧間, so they
     * are cl-19 here; the digits still hold together as a number (sm_inseparable). */
    {0xFF10, 0xFF19, SM_JC_IDEOGRAPH, 0, 0, DIGIT},
    {0xFF1A, 0xFF1B, SM_JC_MIDDLE_DOT, SN, 0, AKI_MID},
    {0xFF1C, 0xFF1E, SM_JC_MATH_SYMBOL, 0, 0, 0},
    {0xFF1F, 0xFF1F, SM_JC_DIVIDING, SN, 0, 0},
    {0xFF20, 0xFF20, SM_JC_SYMBOL, 0, 0, 0},
    {0xFF21, 0xFF3A, SM_JC_IDEOGRAPH, 0, 0, 0},
    {0xFF3B, 0xFF3B, SM_JC_OPENING, 0, ALL, AKI_OPEN},
    {0xFF3C, 0xFF3C, SM_JC_SYMBOL, 0, 0, 0},
    {0xFF3D, 0xFF3D, SM_JC_CLOSING, ALL, 0, AKI_CLOSE},
    {0xFF3E, 0xFF40, SM_JC_SYMBOL, 0, 0, 0},
    {0xFF41, 0xFF5A, SM_JC_IDEOGRAPH, 0, 0, 0},
    {0xFF5B, 0xFF5B, SM_JC_OPENING, 0, ALL, AKI_OPEN},
    {0xFF5C, 0xFF5C, SM_JC_SYMBOL, 0, 0, 0},
    {0xFF5D, 0xFF5D, SM_JC_CLOSING, ALL, 0, AKI_CLOSE},
    /* ～ FULLWIDTH TILDE is what CP932 text (and the customer's brochure: ～2024年5月22日)
     * uses for the wave dash 〜, so it follows 〜. */
    {0xFF5E, 0xFF5E, SM_JC_HYPHEN, S, 0, 0},
    {0xFF5F, 0xFF5F, SM_JC_OPENING, 0, ALL, AKI_OPEN},
    {0xFF60, 0xFF60, SM_JC_CLOSING, ALL, 0, AKI_CLOSE},
    /* Half-width forms keep the rules of their class but have no aki to give. */
    {0xFF61, 0xFF61, SM_JC_FULL_STOP, ALL, 0, 0},
    {0xFF62, 0xFF62, SM_JC_OPENING, 0, ALL, 0},
    {0xFF63, 0xFF63, SM_JC_CLOSING, ALL, 0, 0},
    {0xFF64, 0xFF64, SM_JC_COMMA, ALL, 0, 0},
    {0xFF65, 0xFF65, SM_JC_MIDDLE_DOT, SN, 0, 0},
    {0xFF66, 0xFF66, SM_JC_KATAKANA, 0, 0, 0},
    {0xFF67, 0xFF6F, SM_JC_SMALL_KANA, S, 0, 0},
    {0xFF70, 0xFF70, SM_JC_PROLONGED, S, 0, 0},
    {0xFF71, 0xFF9D, SM_JC_KATAKANA, 0, 0, 0},
    {0xFF9E, 0xFF9F, SM_JC_KATAKANA, ALL, 0, 0},
    {0xFFE0, 0xFFE0, SM_JC_POSTFIX, 0, 0, POST | WIDE},
    {0xFFE1, 0xFFE1, SM_JC_PREFIX, 0, SN, PRE | WIDE},
    {0xFFE2, 0xFFE4, SM_JC_SYMBOL, 0, 0, 0},
    {0xFFE5, 0xFFE6, SM_JC_PREFIX, 0, SN, PRE | WIDE},
    {0x1B000, 0x1B000, SM_JC_KATAKANA, 0, 0, 0},
    {0x1B001, 0x1B11F, SM_JC_HIRAGANA, 0, 0, 0},
    {0x1B120, 0x1B122, SM_JC_KATAKANA, 0, 0, 0},
    {0x1B132, 0x1B132, SM_JC_SMALL_KANA, S, 0, 0},
    {0x1B150, 0x1B152, SM_JC_SMALL_KANA, S, 0, 0},
    {0x1B155, 0x1B155, SM_JC_SMALL_KANA, S, 0, 0},
    {0x1B164, 0x1B167, SM_JC_SMALL_KANA, S, 0, 0},
    {0x20000, 0x3FFFD, SM_JC_IDEOGRAPH, 0, 0, 0},
    {0xE0100, 0xE01EF, SM_JC_OTHER, ALL, 0, 0},
};
/* clang-format on */
enum { RANGE_COUNT = sizeof ranges / sizeof *ranges };

static const jrange unlisted = {0, 0, SM_JC_OTHER, 0, 0, 0};

static const jrange *lookup(uint32_t cp) {
    size_t lo = 0, hi = RANGE_COUNT;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < ranges[mid].first)
            hi = mid;
        else if (cp > ranges[mid].last)
            lo = mid + 1;
        else
            return &ranges[mid];
    }
    return &unlisted;
}

/* An unknown mode is treated as strict: forbidding too much only costs a looser line. */
static unsigned mode_bit(sm_kinsoku mode) {
    return (unsigned)mode <= SM_KINSOKU_LOOSE ? 1u << mode : 1u << SM_KINSOKU_STRICT;
}

sm_jclass sm_jclass_of(uint32_t cp) { return (sm_jclass)lookup(cp)->cls; }

static const char *const class_names[SM_JC_COUNT] = {
    [SM_JC_OPENING] = "opening",
    [SM_JC_CLOSING] = "closing",
    [SM_JC_HYPHEN] = "hyphen",
    [SM_JC_DIVIDING] = "dividing",
    [SM_JC_MIDDLE_DOT] = "middle-dot",
    [SM_JC_FULL_STOP] = "full-stop",
    [SM_JC_COMMA] = "comma",
    [SM_JC_INSEPARABLE] = "inseparable",
    [SM_JC_ITERATION] = "iteration",
    [SM_JC_PROLONGED] = "prolonged",
    [SM_JC_SMALL_KANA] = "small-kana",
    [SM_JC_PREFIX] = "prefix",
    [SM_JC_POSTFIX] = "postfix",
    [SM_JC_IDEOGRAPHIC_SPACE] = "ideographic-space",
    [SM_JC_HIRAGANA] = "hiragana",
    [SM_JC_KATAKANA] = "katakana",
    [SM_JC_MATH_SYMBOL] = "math-symbol",
    [SM_JC_MATH_OPERATOR] = "math-operator",
    [SM_JC_IDEOGRAPH] = "ideograph",
    [SM_JC_SYMBOL] = "symbol",
    [SM_JC_WESTERN] = "western",
    [SM_JC_DIGIT] = "digit",
    [SM_JC_SPACE] = "space",
    [SM_JC_OTHER] = "other",
};

const char *sm_jclass_name(sm_jclass c) {
    return (unsigned)c < SM_JC_COUNT ? class_names[c] : "invalid";
}

bool sm_jclass_is_japanese(sm_jclass c) {
    return (unsigned)c < SM_JC_COUNT && c != SM_JC_WESTERN && c != SM_JC_DIGIT &&
           c != SM_JC_SPACE && c != SM_JC_OTHER;
}

bool sm_kinsoku_no_line_start(uint32_t cp, sm_kinsoku mode) {
    return (lookup(cp)->no_start & mode_bit(mode)) != 0;
}

bool sm_kinsoku_no_line_end(uint32_t cp, sm_kinsoku mode) {
    return (lookup(cp)->no_end & mode_bit(mode)) != 0;
}

/* A letter or digit of a Western word (full-width ones are set like kanji and break so). */
static bool western_alnum(const jrange *r) { return r->cls == SM_JC_DIGIT || (r->traits & WORD); }

/* What UAX #14 calls ID (and CJ, which normal and loose resolve to ID): the characters after
 * which CSS loose allows a break before ‐ and –. */
static bool ideograph_like(sm_jclass c) {
    return c == SM_JC_IDEOGRAPH || c == SM_JC_HIRAGANA || c == SM_JC_KATAKANA ||
           c == SM_JC_SMALL_KANA || c == SM_JC_PROLONGED || c == SM_JC_SYMBOL;
}

static bool is_space(sm_jclass c) { return c == SM_JC_SPACE || c == SM_JC_IDEOGRAPHIC_SPACE; }

bool sm_inseparable(uint32_t before, uint32_t after, sm_kinsoku mode) {
    const jrange *a = lookup(before), *b = lookup(after);
    bool loose = mode_bit(mode) == 1u << SM_KINSOKU_LOOSE;

    /* —— (and ――) never split: JLREQ §3.1.10, UAX #14 LB17 (B2 × B2), in every mode. */
    if ((before == 0x2014 || before == 0x2015) && (after == 0x2014 || after == 0x2015)) return true;
    /* …… ‥‥ 〳〵: JLREQ §3.1.10, in every mode. A Japanese typesetter keeps them with the
     * text before them too (no line start, in the table): a line opening with …… reads as a
     * mistake, though JLREQ §3.1.7 does not list cl-08 and CSS loose would break there. */
    if (a->cls == SM_JC_INSEPARABLE && b->cls == SM_JC_INSEPARABLE) return true;

    /* A number is one unit (JLREQ §3.1.10), full-width or not: 2024, ２０２４. */
    if ((a->traits & DIGIT) && (b->traits & DIGIT)) return true;
    /* Western words and numbers: UAX #14 LB23, LB25, LB28, LB29, LB30 — letters and digits,
     * 10,270 and 2010.09.03 and e.g. (IS before a letter or digit), 1/2 (SY × NU), ISEN(…
     * and (…)s (letters against narrow parentheses), don't / don’t (apostrophes). */
    if (western_alnum(a) && western_alnum(b)) return true;
    if ((before == ',' || before == '.' || before == ':' || before == ';') && western_alnum(b))
        return true;
    if (before == '/' && b->cls == SM_JC_DIGIT) return true;
    if (western_alnum(a) && (after == '(' || after == '[' || after == '{')) return true;
    if ((before == ')' || before == ']') && western_alnum(b)) return true;
    if (western_alnum(a) && (after == '\'' || after == 0x2019)) return true;
    if ((before == '\'' || before == 0x2019) && western_alnum(b)) return true;

    /* A number and its affixes (JLREQ §3.1.10): ¥100, 50%, 25℃. CSS loose breaks after a
     * wide prefix and before a wide postfix; the narrow ones hold in every mode. */
    if ((a->traits & DIGIT) && (b->traits & POST)) return !(loose && (b->traits & WIDE));
    if ((a->traits & PRE) && (b->traits & DIGIT)) return !(loose && (a->traits & WIDE));

    /* Hyphens. No break before - except after a space (UAX #14 LB21 × HY, LB18), nor
     * between - and a digit (-5, LB25 HY × NU). ‐ – are no line start in strict and normal;
     * in loose a break before them is allowed after kana or kanji only (CSS Text 3 §5.3). */
    if (after == '-' && !is_space(a->cls)) return true;
    if (before == '-' && b->cls == SM_JC_DIGIT) return true;
    if ((after == 0x2010 || after == 0x2013) && !is_space(a->cls) && !ideograph_like(a->cls))
        return true;
    return false;
}

void sm_jclass_aki(uint32_t cp, double *before, double *after) {
    double b = 0, a = 0;
    switch (lookup(cp)->traits & AKI_MASK) {
    case AKI_OPEN: b = 0.5; break;
    case AKI_CLOSE: a = 0.5; break;
    case AKI_MID: b = a = 0.25; break;
    default: break;
    }
    if (before) *before = b;
    if (after) *after = a;
}
