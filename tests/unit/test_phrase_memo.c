/* test_phrase_memo.c: the catalogue's phrase breaks kept between builds — read back as
 * written, used instead of MeCab, dropped when stale or written by another format, and the
 * file the same for the same titles. */
#include "pack/phrase_memo.h"

#include "check.h"
#include "layout/phrase.h"

#include <glib.h>
#include <unistd.h>

static char dir[256];

static char *slurp(const char *path) {
    char *text = NULL;
    g_file_get_contents(path, &text, NULL, NULL);
    return text;
}

/* The breaks of text as a string of offsets, through the memo. */
static char *breaks(sm_phrase_memo *memo, const char *text) {
    size_t n = strlen(text);
    bool *allowed = g_new0(bool, n + 1);
    sm_phrase_memo_breaks(memo, text, n, allowed);
    GString *out = g_string_new(NULL);
    for (size_t i = 1; i < n; i++)
        if (allowed[i]) g_string_append_printf(out, "%s%zu", out->len ? "," : "", i);
    g_free(allowed);
    return g_string_free(out, FALSE);
}

static char *direct(const char *text) {
    size_t n = strlen(text);
    bool *allowed = g_new0(bool, n + 1);
    sm_phrase_breaks(text, n, allowed);
    GString *out = g_string_new(NULL);
    for (size_t i = 1; i < n; i++)
        if (allowed[i]) g_string_append_printf(out, "%s%zu", out->len ? "," : "", i);
    g_free(allowed);
    return g_string_free(out, FALSE);
}

static const char *const titles[] = {"機密書類からの情報漏えいを防ぐために",
                                     "セキュリティ危険予測シート(1)（問題）", "用語集"};

/* Every title through the memo breaks as MeCab breaks it (asked in reverse order: reverse). */
static void check_titles(sm_phrase_memo *memo, bool reverse) {
    for (size_t k = 0; k < 3; k++) {
        size_t i = reverse ? 2 - k : k;
        char *a = breaks(memo, titles[i]), *b = direct(titles[i]);
        CHECK_STR(a, b);
        g_free(a);
        g_free(b);
    }
}

int main(void) {
    snprintf(dir, sizeof dir, "%s/phrase-memo-XXXXXX", g_get_tmp_dir());
    if (!CHECK(g_mkdtemp(dir))) return 1;
    char *path = g_strdup_printf("%s/.surimono-phrases", dir);
    sm_diags *diags = sm_diags_new();

    /* A first build: worked out as MeCab has it, then written. */
    sm_phrase_memo *memo = sm_phrase_memo_open(path);
    check_titles(memo, false);
    CHECK(sm_phrase_memo_save(memo, diags));
    sm_phrase_memo_free(memo);
    char *first = slurp(path);
    CHECK(first && g_str_has_prefix(first, "surimono-phrases 1 mecab "));

    /* The next build asks for the same titles in another order: read back, file untouched. */
    unlink(path);
    g_file_set_contents(path, first, -1, NULL);
    memo = sm_phrase_memo_open(path);
    check_titles(memo, true);
    CHECK(sm_phrase_memo_save(memo, diags));
    sm_phrase_memo_free(memo);
    char *second = slurp(path);
    CHECK_STR(second, first);

    /* What the file says is used as it is: MeCab is not asked. */
    char *made_up =
        g_strdup_printf("%s機密書類\t6\n", "surimono-phrases 1 mecab " SM_MECAB_VERSION "\n");
    g_file_set_contents(path, made_up, -1, NULL);
    memo = sm_phrase_memo_open(path);
    char *a = breaks(memo, "機密書類");
    CHECK_STR(a, "6");
    g_free(a);
    /* A title no longer shown is dropped when the memo is saved. */
    a = breaks(memo, "用語集");
    g_free(a);
    CHECK(sm_phrase_memo_save(memo, diags));
    sm_phrase_memo_free(memo);
    char *third = slurp(path);
    CHECK(third && strstr(third, "機密書類\t6\n") && strstr(third, "用語集\t"));
    memo = sm_phrase_memo_open(path);
    a = breaks(memo, "用語集");
    g_free(a);
    CHECK(sm_phrase_memo_save(memo, diags));
    sm_phrase_memo_free(memo);
    char *fourth = slurp(path);
    CHECK(fourth && !strstr(fourth, "機密書類"));

    /* Another format, another MeCab, offsets out of the text: not used. */
    const char *const foreign[] = {"surimono-phrases 0 mecab 0.1\n機密書類\t6\n",
                                   "surimono-phrases 1 mecab " SM_MECAB_VERSION "\n機密書類\t60\n",
                                   "surimono-phrases 1 mecab " SM_MECAB_VERSION "\n機密書類\tx\n"};
    for (size_t i = 0; i < 3; i++) {
        g_file_set_contents(path, foreign[i], -1, NULL);
        memo = sm_phrase_memo_open(path);
        char *got = breaks(memo, "機密書類"), *want = direct("機密書類");
        CHECK_STR(got, want);
        g_free(got);
        g_free(want);
        sm_phrase_memo_free(memo);
    }
    CHECK(sm_diags_count(diags) == 0);

    g_free(first);
    g_free(second);
    g_free(third);
    g_free(fourth);
    g_free(made_up);
    unlink(path);
    rmdir(dir);
    g_free(path);
    sm_diags_free(diags);
    printf("%d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}
