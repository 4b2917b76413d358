/* test_jclass.c: JLREQ classes, kinsoku per mode, unbreakable pairs and punctuation aki from
 * src/base/jclass.c, on characters of the customer's brochure where it has them. */
#include "base/jclass.h"
#include "base/utf8.h"

#include "check.h"

#include <stdint.h>
#include <string.h>

static const sm_kinsoku modes[] = {SM_KINSOKU_STRICT, SM_KINSOKU_NORMAL, SM_KINSOKU_LOOSE};

/* The first code point of a UTF-8 literal. */
static uint32_t cp_of(const char *s) {
    uint32_t cp = 0;
    sm_utf8_decode(s, &cp);
    return cp;
}

/* Marks with '|' every place in text where a line may break, by the rule the header states:
 * !no_line_end(a) && !no_line_start(b) && !inseparable(a, b). */
static const char *breaks(const char *text, sm_kinsoku mode) {
    static char out[512];
    size_t len = strlen(text), o = 0;
    uint32_t prev = 0;
    for (size_t i = 0; i < len && o + 8 < sizeof out;) {
        uint32_t cp;
        int n = sm_utf8_decode(text + i, &cp);
        if (i > 0 && !sm_kinsoku_no_line_end(prev, mode) && !sm_kinsoku_no_line_start(cp, mode) &&
            !sm_inseparable(prev, cp, mode))
            out[o++] = '|';
        memcpy(out + o, text + i, (size_t)n);
        o += (size_t)n;
        i += (size_t)n;
        prev = cp;
    }
    out[o] = '\0';
    return out;
}

static void test_classes(void) {
    static const struct {
        const char *ch;
        sm_jclass cls;
    } cases[] = {
        /* From the brochure: 「危険チェックシート」、…。 ・ ー （2024年…） ！ ： ～ ① ■ ★ ☆ ▶ */
        {"「", SM_JC_OPENING},      {"【", SM_JC_OPENING},      {"（", SM_JC_OPENING},
        {"“", SM_JC_OPENING},       {"」", SM_JC_CLOSING},      {"】", SM_JC_CLOSING},
        {"）", SM_JC_CLOSING},      {"’", SM_JC_CLOSING},       {"〜", SM_JC_HYPHEN},
        {"～", SM_JC_HYPHEN},       {"‐", SM_JC_HYPHEN},        {"゠", SM_JC_HYPHEN},
        {"！", SM_JC_DIVIDING},     {"？", SM_JC_DIVIDING},     {"⁉", SM_JC_DIVIDING},
        {"・", SM_JC_MIDDLE_DOT},   {"：", SM_JC_MIDDLE_DOT},   {"；", SM_JC_MIDDLE_DOT},
        {"。", SM_JC_FULL_STOP},    {"．", SM_JC_FULL_STOP},    {"、", SM_JC_COMMA},
        {"，", SM_JC_COMMA},        {"—", SM_JC_INSEPARABLE},   {"―", SM_JC_INSEPARABLE},
        {"…", SM_JC_INSEPARABLE},   {"‥", SM_JC_INSEPARABLE},   {"々", SM_JC_ITERATION},
        {"ゝ", SM_JC_ITERATION},    {"ヾ", SM_JC_ITERATION},    {"ー", SM_JC_PROLONGED},
        {"ｰ", SM_JC_PROLONGED},     {"っ", SM_JC_SMALL_KANA},   {"ょ", SM_JC_SMALL_KANA},
        {"ゃ", SM_JC_SMALL_KANA},   {"ッ", SM_JC_SMALL_KANA},   {"ィ", SM_JC_SMALL_KANA},
        {"ヶ", SM_JC_SMALL_KANA},   {"ㇷ", SM_JC_SMALL_KANA},   {"ｯ", SM_JC_SMALL_KANA},
        {"￥", SM_JC_PREFIX},       {"＄", SM_JC_PREFIX},       {"€", SM_JC_PREFIX},
        {"№", SM_JC_PREFIX},        {"％", SM_JC_POSTFIX},      {"℃", SM_JC_POSTFIX},
        {"°", SM_JC_POSTFIX},       {"㎏", SM_JC_POSTFIX},      {"　", SM_JC_IDEOGRAPHIC_SPACE},
        {"あ", SM_JC_HIRAGANA},     {"ん", SM_JC_HIRAGANA},     {"つ", SM_JC_HIRAGANA},
        {"ア", SM_JC_KATAKANA},     {"シ", SM_JC_KATAKANA},     {"ｱ", SM_JC_KATAKANA},
        {"＝", SM_JC_MATH_SYMBOL},  {"≠", SM_JC_MATH_SYMBOL},   {"＋", SM_JC_MATH_OPERATOR},
        {"×", SM_JC_MATH_OPERATOR}, {"−", SM_JC_MATH_OPERATOR}, {"－", SM_JC_MATH_OPERATOR},
        {"機", SM_JC_IDEOGRAPH},    {"漏", SM_JC_IDEOGRAPH},    {"〆", SM_JC_IDEOGRAPH},
        {"〇", SM_JC_IDEOGRAPH},    {"㐂", SM_JC_IDEOGRAPH},    {"𠮷", SM_JC_IDEOGRAPH},
        {"２", SM_JC_IDEOGRAPH},    {"Ｉ", SM_JC_IDEOGRAPH},    {"①", SM_JC_SYMBOL},
        {"⑩", SM_JC_SYMBOL},        {"※", SM_JC_SYMBOL},        {"→", SM_JC_SYMBOL},
        {"■", SM_JC_SYMBOL},        {"○", SM_JC_SYMBOL},        {"★", SM_JC_SYMBOL},
        {"☆", SM_JC_SYMBOL},        {"▶", SM_JC_SYMBOL},        {"〒", SM_JC_SYMBOL},
        {"I", SM_JC_WESTERN},       {"s", SM_JC_WESTERN},       {"é", SM_JC_WESTERN},
        {"(", SM_JC_WESTERN},       {".", SM_JC_WESTERN},       {"%", SM_JC_WESTERN},
        {"¥", SM_JC_WESTERN},       {"0", SM_JC_DIGIT},         {"9", SM_JC_DIGIT},
        {" ", SM_JC_SPACE},         {"\xc2\xa0", SM_JC_SPACE},  {"한", SM_JC_OTHER},
        {"😀", SM_JC_OTHER},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sm_jclass got = sm_jclass_of(cp_of(cases[i].ch));
        if (!CHECK(got == cases[i].cls))
            fprintf(stderr, "    %s: got %s, expected %s\n", cases[i].ch, sm_jclass_name(got),
                    sm_jclass_name(cases[i].cls));
    }
    CHECK_INT(sm_jclass_of(0x110000), SM_JC_OTHER);
    CHECK_INT(sm_jclass_of(0), SM_JC_OTHER);

    /* Exactly JLREQ cl-11 among the hiragana and katakana blocks. */
    const char *small = "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ";
    int wrong = 0;
    for (uint32_t cp = 0x3041; cp <= 0x30FA; cp++) {
        if (cp == 0x3097 || cp == 0x3098) continue; /* unassigned */
        char utf8[5] = {0};
        sm_utf8_encode(cp, utf8);
        bool listed = strstr(small, utf8) != NULL;
        sm_jclass c = sm_jclass_of(cp);
        if (listed != (c == SM_JC_SMALL_KANA)) wrong++;
        if (!listed && c != SM_JC_HIRAGANA && c != SM_JC_KATAKANA && c != SM_JC_ITERATION &&
            c != SM_JC_HYPHEN)
            wrong++;
    }
    CHECK_INT(wrong, 0);
}

static void test_names(void) {
    CHECK_STR(sm_jclass_name(SM_JC_OPENING), "opening");
    CHECK_STR(sm_jclass_name(SM_JC_SMALL_KANA), "small-kana");
    CHECK_STR(sm_jclass_name(SM_JC_OTHER), "other");
    CHECK_STR(sm_jclass_name(SM_JC_COUNT), "invalid");
    int unnamed = 0, duplicate = 0;
    for (int i = 0; i < SM_JC_COUNT; i++) {
        const char *name = sm_jclass_name((sm_jclass)i);
        if (!name || !*name || strcmp(name, "invalid") == 0) unnamed++;
        for (int j = 0; j < i; j++)
            if (name && strcmp(name, sm_jclass_name((sm_jclass)j)) == 0) duplicate++;
    }
    CHECK_INT(unnamed, 0);
    CHECK_INT(duplicate, 0);

    CHECK(sm_jclass_is_japanese(SM_JC_OPENING));
    CHECK(sm_jclass_is_japanese(SM_JC_HIRAGANA));
    CHECK(sm_jclass_is_japanese(SM_JC_IDEOGRAPH));
    CHECK(sm_jclass_is_japanese(SM_JC_SYMBOL));
    CHECK(sm_jclass_is_japanese(SM_JC_POSTFIX));
    CHECK(!sm_jclass_is_japanese(SM_JC_WESTERN));
    CHECK(!sm_jclass_is_japanese(SM_JC_DIGIT));
    CHECK(!sm_jclass_is_japanese(SM_JC_SPACE));
    CHECK(!sm_jclass_is_japanese(SM_JC_OTHER));
    CHECK(!sm_jclass_is_japanese(SM_JC_COUNT));
}

static void test_kinsoku(void) {
    const uint32_t ya = cp_of("ゃ"), bar = cp_of("ー"), wave = cp_of("〜"), tilde = cp_of("～");
    /* Small kana and ー: strict only (CSS Text 3 §5.3, UAX #14 CJ). */
    CHECK(sm_kinsoku_no_line_start(ya, SM_KINSOKU_STRICT));
    CHECK(!sm_kinsoku_no_line_start(ya, SM_KINSOKU_NORMAL));
    CHECK(!sm_kinsoku_no_line_start(ya, SM_KINSOKU_LOOSE));
    CHECK(sm_kinsoku_no_line_start(bar, SM_KINSOKU_STRICT));
    CHECK(!sm_kinsoku_no_line_start(bar, SM_KINSOKU_NORMAL));
    CHECK(!sm_kinsoku_no_line_start(bar, SM_KINSOKU_LOOSE));
    CHECK(sm_kinsoku_no_line_start(wave, SM_KINSOKU_STRICT));
    CHECK(!sm_kinsoku_no_line_start(wave, SM_KINSOKU_NORMAL));
    CHECK(sm_kinsoku_no_line_start(tilde, SM_KINSOKU_STRICT));
    CHECK(!sm_kinsoku_no_line_start(tilde, SM_KINSOKU_LOOSE));

    /* Iteration marks, middle dots, ！？, ‐: strict and normal; loose lets them start. */
    const char *sn[] = {"々", "ゝ", "ヽ", "・", "：", "；", "！", "？", "‼", "‐", "–"};
    for (size_t i = 0; i < sizeof sn / sizeof *sn; i++) {
        uint32_t cp = cp_of(sn[i]);
        if (!CHECK(sm_kinsoku_no_line_start(cp, SM_KINSOKU_STRICT) &&
                   sm_kinsoku_no_line_start(cp, SM_KINSOKU_NORMAL) &&
                   !sm_kinsoku_no_line_start(cp, SM_KINSOKU_LOOSE)))
            fprintf(stderr, "    %s\n", sn[i]);
    }

    /* Never at line start in any mode; never at line end in any mode. */
    const char *never_start[] = {"。", "」", "、", "）", "』", "】", "，", "．", "’",
                                 "”",  ")",  ",",  ".",  "!",  "?",  " ",  "　", "ﾞ"};
    const char *never_end[] = {"「", "（", "『", "【", "“", "‘", "(", "[", "¥", "$"};
    for (size_t m = 0; m < 3; m++) {
        for (size_t i = 0; i < sizeof never_start / sizeof *never_start; i++)
            if (!CHECK(sm_kinsoku_no_line_start(cp_of(never_start[i]), modes[m])))
                fprintf(stderr, "    %s in mode %zu\n", never_start[i], m);
        for (size_t i = 0; i < sizeof never_end / sizeof *never_end; i++)
            if (!CHECK(sm_kinsoku_no_line_end(cp_of(never_end[i]), modes[m])))
                fprintf(stderr, "    %s in mode %zu\n", never_end[i], m);
        CHECK(!sm_kinsoku_no_line_end(cp_of("」"), modes[m]));
        CHECK(!sm_kinsoku_no_line_start(cp_of("「"), modes[m]));
        CHECK(!sm_kinsoku_no_line_start(cp_of("漢"), modes[m]));
        CHECK(!sm_kinsoku_no_line_end(cp_of("漢"), modes[m]));
        /* cl-08 stays with the text before it, in every mode. */
        CHECK(sm_kinsoku_no_line_start(cp_of("…"), modes[m]));
        CHECK(sm_kinsoku_no_line_start(cp_of("—"), modes[m]));
        CHECK(sm_kinsoku_no_line_start(cp_of("―"), modes[m]));
        CHECK(!sm_kinsoku_no_line_start(cp_of("①"), modes[m]));
    }
    /* Wide prefixes: no line end but in loose. */
    CHECK(sm_kinsoku_no_line_end(cp_of("￥"), SM_KINSOKU_NORMAL));
    CHECK(!sm_kinsoku_no_line_end(cp_of("￥"), SM_KINSOKU_LOOSE));
    /* An unknown mode is as strict as strict. */
    CHECK(sm_kinsoku_no_line_start(ya, (sm_kinsoku)7));

    /* strict ⊇ normal ⊇ loose for every code point. */
    int violations = 0, bad_class = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        bool s = sm_kinsoku_no_line_start(cp, SM_KINSOKU_STRICT);
        bool n = sm_kinsoku_no_line_start(cp, SM_KINSOKU_NORMAL);
        bool l = sm_kinsoku_no_line_start(cp, SM_KINSOKU_LOOSE);
        bool se = sm_kinsoku_no_line_end(cp, SM_KINSOKU_STRICT);
        bool ne = sm_kinsoku_no_line_end(cp, SM_KINSOKU_NORMAL);
        bool le = sm_kinsoku_no_line_end(cp, SM_KINSOKU_LOOSE);
        if ((l && !n) || (n && !s) || (le && !ne) || (ne && !se)) violations++;
        if ((unsigned)sm_jclass_of(cp) >= SM_JC_COUNT) bad_class++;
    }
    CHECK_INT(violations, 0);
    CHECK_INT(bad_class, 0);
}

static void test_inseparable(void) {
    for (size_t m = 0; m < 3; m++) {
        CHECK(sm_inseparable(cp_of("—"), cp_of("—"), modes[m]));
        CHECK(sm_inseparable(cp_of("―"), cp_of("―"), modes[m]));
        CHECK(sm_inseparable('1', '2', modes[m]));
        CHECK(sm_inseparable(cp_of("２"), cp_of("０"), modes[m]));
        CHECK(sm_inseparable('A', 'B', modes[m]));
        CHECK(sm_inseparable(cp_of("¥"), '1', modes[m]));
        CHECK(sm_inseparable('0', '%', modes[m]));
        CHECK(sm_inseparable(',', '2', modes[m])); /* 10,270件 */
        CHECK(!sm_inseparable(cp_of("漢"), cp_of("字"), modes[m]));
        CHECK(!sm_inseparable('4', cp_of("年"), modes[m]));
        CHECK(!sm_inseparable('N', cp_of("委"), modes[m]));
        CHECK(!sm_inseparable(cp_of("か"), cp_of("…"), modes[m]));
    }
    /* …… never splits, loose included; CSS loose breaks around wide affixes. */
    CHECK(sm_inseparable(cp_of("…"), cp_of("…"), SM_KINSOKU_STRICT));
    CHECK(sm_inseparable(cp_of("…"), cp_of("…"), SM_KINSOKU_NORMAL));
    CHECK(sm_inseparable(cp_of("…"), cp_of("…"), SM_KINSOKU_LOOSE));
    CHECK(sm_inseparable(cp_of("￥"), '1', SM_KINSOKU_NORMAL));
    CHECK(!sm_inseparable(cp_of("￥"), '1', SM_KINSOKU_LOOSE));
    CHECK(sm_inseparable('0', cp_of("％"), SM_KINSOKU_STRICT));
    CHECK(!sm_inseparable('0', cp_of("％"), SM_KINSOKU_LOOSE));
    CHECK(sm_inseparable(cp_of("０"), cp_of("％"), SM_KINSOKU_NORMAL));
    /* ‐ after a Western letter stays in every mode; after kana, loose may break before it. */
    CHECK(sm_inseparable('a', 0x2010, SM_KINSOKU_LOOSE));
    CHECK(!sm_inseparable(cp_of("あ"), 0x2010, SM_KINSOKU_LOOSE));
    CHECK(!sm_inseparable(' ', '-', SM_KINSOKU_STRICT));
    CHECK(sm_inseparable('a', '-', SM_KINSOKU_LOOSE));
}

static void test_breaks(void) {
    /* Lines of the brochure, with every break opportunity marked. */
    CHECK_STR(breaks("紛失・置き忘れ：21件", SM_KINSOKU_STRICT), "紛|失・|置|き|忘|れ：|21|件");
    CHECK_STR(breaks("紛失・置き忘れ：21件", SM_KINSOKU_LOOSE), "紛|失|・|置|き|忘|れ|：|21|件");
    CHECK_STR(breaks("今日もワンステップ！", SM_KINSOKU_STRICT), "今|日|も|ワ|ン|ス|テッ|プ！");
    CHECK_STR(breaks("今日もワンステップ！", SM_KINSOKU_NORMAL), "今|日|も|ワ|ン|ス|テ|ッ|プ！");
    CHECK_STR(breaks("今日もワンステップ！", SM_KINSOKU_LOOSE), "今|日|も|ワ|ン|ス|テ|ッ|プ|！");
    CHECK_STR(breaks("メールマガジン", SM_KINSOKU_STRICT), "メー|ル|マ|ガ|ジ|ン");
    CHECK_STR(breaks("メールマガジン", SM_KINSOKU_NORMAL), "メ|ー|ル|マ|ガ|ジ|ン");
    CHECK_STR(breaks("（2024年5月22日調査）", SM_KINSOKU_STRICT), "（2024|年|5|月|22|日|調|査）");
    CHECK_STR(breaks("「危険チェックシート」の研修", SM_KINSOKU_NORMAL),
              "「危|険|チ|ェ|ッ|ク|シ|ー|ト」|の|研|修");
    CHECK_STR(breaks("～ささいなミス～", SM_KINSOKU_STRICT), "～|さ|さ|い|な|ミ|ス～");
    CHECK_STR(breaks("～ささいなミス～", SM_KINSOKU_NORMAL), "～|さ|さ|い|な|ミ|ス|～");
    CHECK_STR(breaks("パソコン 10,270件", SM_KINSOKU_STRICT), "パ|ソ|コ|ン |10,270|件");
    CHECK_STR(breaks("ISEN(教育", SM_KINSOKU_STRICT), "ISEN(教|育");
    CHECK_STR(breaks("ISEN委員長", SM_KINSOKU_STRICT), "ISEN|委|員|長");
    CHECK_STR(breaks("school-security.jp", SM_KINSOKU_STRICT), "school-|security.jp");
    CHECK_STR(breaks("人々の", SM_KINSOKU_NORMAL), "人々|の");
    CHECK_STR(breaks("人々の", SM_KINSOKU_LOOSE), "人|々|の");
    CHECK_STR(breaks("そうか……。", SM_KINSOKU_NORMAL), "そ|う|か……。");
    CHECK_STR(breaks("そうか……。", SM_KINSOKU_LOOSE), "そ|う|か……。");
    CHECK_STR(breaks("あ——い", SM_KINSOKU_LOOSE), "あ——|い");
    CHECK_STR(breaks("￥100と50％", SM_KINSOKU_NORMAL), "￥100|と|50％");
    CHECK_STR(breaks("￥100と50％", SM_KINSOKU_LOOSE), "￥|100|と|50|％");
    CHECK_STR(breaks("¥100と50%", SM_KINSOKU_LOOSE), "¥100|と|50%");
    CHECK_STR(breaks("あ‐い", SM_KINSOKU_NORMAL), "あ‐|い");
    CHECK_STR(breaks("あ‐い", SM_KINSOKU_LOOSE), "あ|‐|い");
    CHECK_STR(breaks("a‐b", SM_KINSOKU_LOOSE), "a‐|b");
    for (size_t m = 0; m < 3; m++) {
        CHECK_STR(breaks("「あ」「い」。", modes[m]), "「あ」|「い」。");
        CHECK_STR(breaks("危険性に気付く。", modes[m]), "危|険|性|に|気|付|く。");
    }
}

static void test_aki(void) {
    static const struct {
        const char *ch;
        double before, after;
    } cases[] = {
        {"「", 0.5, 0}, {"（", 0.5, 0},     {"【", 0.5, 0},     {"“", 0.5, 0},      {"」", 0, 0.5},
        {"）", 0, 0.5}, {"】", 0, 0.5},     {"、", 0, 0.5},     {"。", 0, 0.5},     {"，", 0, 0.5},
        {"．", 0, 0.5}, {"・", 0.25, 0.25}, {"：", 0.25, 0.25}, {"；", 0.25, 0.25}, {"漢", 0, 0},
        {"あ", 0, 0},   {"！", 0, 0},       {"ー", 0, 0},       {"(", 0, 0},        {")", 0, 0},
        {".", 0, 0},    {"｢", 0, 0},        {"｡", 0, 0},        {"･", 0, 0},        {"～", 0, 0},
        {"①", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double before = -1, after = -1;
        sm_jclass_aki(cp_of(cases[i].ch), &before, &after);
        if (!CHECK(before == cases[i].before && after == cases[i].after))
            fprintf(stderr, "    %s: got %.2f %.2f\n", cases[i].ch, before, after);
    }
    double after = -1;
    sm_jclass_aki(cp_of("」"), NULL, &after); /* either output may be NULL */
    CHECK_NEAR(after, 0.5, 0);
}

int main(void) {
    test_classes();
    test_names();
    test_kinsoku();
    test_inseparable();
    test_breaks();
    test_aki();
    return check_done();
}
