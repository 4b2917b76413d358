/* test_phrase.c: phrase (bunsetsu) boundaries from src/layout/phrase.c, on the titles and
 * sentences of the ISEN brochure. */
#include "layout/phrase.h"

#include "check.h"

#include <stdbool.h>
#include <stdlib.h>

typedef void breaks_fn(const char *, size_t, bool *);

/* The dictionary's breaks; MeCab must be there (setup.sh installs it): no fallback. */
static void dictionary_breaks(const char *text, size_t len, bool *allowed) {
    if (!sm_phrase_breaks(text, len, allowed))
        fprintf(stderr, "MeCab could not be loaded: %s\n", sm_phrase_error());
}

/* The text with "|" at every allowed break (not at 0 and len); the caller frees it. */
static char *phrases(breaks_fn *fn, const char *text) {
    size_t len = strlen(text);
    bool *allowed = malloc(len + 1);
    char *out = malloc(2 * len + 1);
    if (!allowed || !out) abort();
    memset(allowed, 0x55, len + 1); /* garbage: the function must set every entry */
    fn(text, len, allowed);
    bool set = allowed[0] == 1 && allowed[len] == 1;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        set = set && (allowed[i] == 0 || allowed[i] == 1);
        if (i > 0 && allowed[i]) out[n++] = '|';
        out[n++] = text[i];
    }
    out[n] = 0;
    free(allowed);
    CHECK(set);
    return out;
}

#define CHECK_PHRASES(fn, expected)                                                                \
    do {                                                                                           \
        char text_[1024], *p_ = text_;                                                             \
        for (const char *e_ = (expected); *e_; e_++)                                               \
            if (*e_ != '|') *p_++ = *e_;                                                           \
        *p_ = 0;                                                                                   \
        char *got_ = phrases(fn, text_);                                                           \
        CHECK_STR(got_, expected);                                                                 \
        free(got_);                                                                                \
    } while (0)

/* True when no break is allowed inside the first occurrence of word in text, and (when
 * bounded) breaks are allowed right before and after it. */
static bool whole(const char *text, const char *word, bool bounded) {
    size_t len = strlen(text);
    const char *at = strstr(text, word);
    bool *allowed = malloc(len + 1);
    if (!at || !allowed) abort();
    sm_phrase_breaks(text, len, allowed);
    size_t from = (size_t)(at - text), to = from + strlen(word);
    bool ok = !bounded || (allowed[from] && allowed[to]);
    for (size_t i = from + 1; i < to; i++) ok = ok && !allowed[i];
    free(allowed);
    return ok;
}

static void test_titles(void) {
    /* The poster and the check sheet. */
    CHECK_PHRASES(dictionary_breaks, "機密書類からの|情報漏えいを|防ぐために");
    CHECK_PHRASES(dictionary_breaks, "印刷したら|すぐに|回収");
    CHECK_PHRASES(dictionary_breaks, "廃棄時は|シュレッダーで");
    CHECK_PHRASES(dictionary_breaks, "セキュリティ危険予測シート|(1)");
    CHECK_PHRASES(dictionary_breaks, "学期末の|職員室");
    CHECK_PHRASES(dictionary_breaks, "学校の|情報セキュリティ　|ワンポイント");
    CHECK_PHRASES(dictionary_breaks, "個人情報や|成績が|書かれた|書類は、|置き忘れと|捨て方に|"
                                    "注意しましょう。");
    CHECK_PHRASES(dictionary_breaks, "日常に|潜む|危険チェックシート");
    CHECK_PHRASES(dictionary_breaks, "情報セキュリティ事故の|発生状況|（2024年5月22日調査）");
    /* MeCab was loaded: no fallback. */
    CHECK_STR(sm_phrase_error(), NULL);
}

static void test_hazards(void) {
    CHECK_PHRASES(dictionary_breaks, "山積みで|落ちそうな|書類");
    CHECK_PHRASES(dictionary_breaks, "コーヒーカップ");
    CHECK_PHRASES(dictionary_breaks, "パソコンに|貼られた|ふせん");
    CHECK_PHRASES(dictionary_breaks, "開きっぱなしの|書類");
    CHECK_PHRASES(dictionary_breaks, "机の|境界に|積まれた|書類");
    CHECK_PHRASES(dictionary_breaks, "ついたままの|ディスプレイ");
    CHECK_PHRASES(dictionary_breaks, "机に|置かれた|USBメモリ");
    CHECK_PHRASES(dictionary_breaks, "机に|置かれた|重要書類");
    CHECK_PHRASES(dictionary_breaks, "開きっぱなしの|引出し");
    CHECK_PHRASES(dictionary_breaks, "中身が|つまった|ゴミ箱");
    CHECK_PHRASES(dictionary_breaks, "書類や|キーボードの|上に|中身を|こぼしてしまう");
    CHECK_PHRASES(dictionary_breaks, "部外者から|見られてしまう・|書類と|まざれて|紛失する");
    CHECK_PHRASES(dictionary_breaks, "部外者から|見られてしまう|（機密書類は|シュレッダーが|必要）");
    CHECK_PHRASES(dictionary_breaks, "①山積みで|落ちそうな|書類");
    CHECK_PHRASES(dictionary_breaks, "■危険な|可能性");
}

static void test_words_stay_whole(void) {
    const char *title = "機密書類からの情報漏えいを防ぐために";
    CHECK(whole(title, "防ぐ", false));
    CHECK(whole(title, "情報", false));
    CHECK(whole(title, "漏えい", false));
    CHECK(whole(title, "機密書類", false));
    CHECK(whole("廃棄時はシュレッダーで", "シュレッダー", false));
    CHECK(whole("印刷したらすぐに回収", "印刷したら", true));
    CHECK(whole("印刷したらすぐに回収", "すぐに", true));
    CHECK(whole("個人情報や成績が書かれた書類は、置き忘れと捨て方に注意しましょう。", "置き忘れと",
                true));
    /* Breaks between the phrases. */
    CHECK(whole(title, "情報漏えいを", true));
}

static void test_edges(void) {
    bool one[1] = {false};
    sm_phrase_breaks("", 0, one);
    CHECK(one[0]);
    sm_phrase_breaks_heuristic("", 0, one);
    CHECK(one[0]);
    /* Latin: breaks after spaces only; never inside a word, a URL or "ISEN(". */
    CHECK_PHRASES(dictionary_breaks, "Copyright |(c) |ISEN. |All |rights |reserved.");
    CHECK_PHRASES(dictionary_breaks, "https://x.com/school_security/");
    CHECK_PHRASES(dictionary_breaks, "ISEN(教育ネットワーク情報セキュリティ推進委員会)|ご案内");
    CHECK_PHRASES(dictionary_breaks, "★ |☆ |情報セキュリティ事故の|発生状況");
    CHECK_PHRASES(dictionary_breaks, "(2) |誤配布：|4件 |(3) |誤送信：|3件");
    CHECK_PHRASES(dictionary_breaks, "右上バナー|「メールマガジンの|登録」を|クリック");
    CHECK_PHRASES(dictionary_breaks, "学校メールアドレスを|お聞きし、|ISEN事務局が|情報配信");
    /* A line may not start with a closing bracket or 。 even after a space. */
    CHECK_PHRASES(dictionary_breaks, "書類 。");
    /* Malformed UTF-8 and a lone continuation byte do not crash or mark a mid-character
     * offset. */
    const char bad[] = "情報\xff\x80漏えい";
    bool allowed[sizeof bad];
    sm_phrase_breaks(bad, sizeof bad - 1, allowed);
    CHECK(!allowed[1] && !allowed[2] && !allowed[4] && !allowed[5]);
    sm_phrase_breaks_heuristic(bad, sizeof bad - 1, allowed);
    CHECK(!allowed[1] && !allowed[2] && !allowed[4] && !allowed[5]);
    /* A text that is not NUL-terminated: only len bytes are read (ASan checks). */
    char *copy = malloc(6);
    if (!copy) abort();
    memcpy(copy, "情報", 6);
    bool two[7];
    sm_phrase_breaks(copy, 6, two);
    CHECK(two[0] && !two[3] && two[6]);
    free(copy);
}

/* The fallback without a dictionary: right where scripts change, wrong inside hiragana runs
 * and compound verbs. */
static void test_heuristic(void) {
    breaks_fn *h = sm_phrase_breaks_heuristic;
    CHECK_PHRASES(h, "機密書類からの|情報漏えいを|防ぐために");
    CHECK_PHRASES(h, "廃棄時は|シュレッダーで");
    CHECK_PHRASES(h, "学期末の|職員室");
    CHECK_PHRASES(h, "セキュリティ危険予測シート|(1)");
    CHECK_PHRASES(h, "部外者から|見られてしまう|（機密書類は|シュレッダーが|必要）");
    CHECK_PHRASES(h, "ISEN(教育ネットワーク情報セキュリティ推進委員会)|ご案内");
    CHECK_PHRASES(h, "右上バナー|「メールマガジンの|登録」を|クリック");
    CHECK_PHRASES(h, "Copyright |(c) |ISEN. |All |rights |reserved.");
    /* Its known limits, which MeCab gets right. */
    CHECK_PHRASES(h, "印刷したらすぐに|回収");
    CHECK_PHRASES(h, "個人情報や|成績が|書かれた|書類は、|置き|忘れと|捨て|方に|注意しましょう。");
}

int main(void) {
    test_titles();
    test_hazards();
    test_words_stay_whole();
    test_edges();
    test_heuristic();
    return check_done();
}
