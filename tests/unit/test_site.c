/* test_site.c: the downloads catalogue — sizes as shown, the cards' links, alt texts and
 * thumbnail sizes, the answer sheet anchors, tag balance, refusals and atomic replacement. */
#include "check.h"
#include "check_html.h"

#include "pack/site.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* sm_site_write_index with its first error's message in error ("" when none). */
static bool write_index(const char *dir, const char *title, const sm_site_item *items, size_t count,
                        char *error, size_t size) {
    sm_diags *diags = sm_diags_new();
    bool ok = sm_site_write_index(dir, title, items, count, NULL, NULL, diags);
    snprintf(error, size, "%s", sm_diags_count(diags) ? sm_diags_at(diags, 0)->message : "");
    sm_diags_free(diags);
    return ok;
}

static void test_sizes(void) {
    char buf[32];
    static const struct {
        long long bytes;
        const char *shown;
    } cases[] = {
        {0, "0 KB"},
        {1, "1 KB"},
        {87040, "85 KB"},
        {1048000, "1023 KB"},
        {1048576, "1.0 MB"},
        {1258291, "1.2 MB"},
        {10380902, "9.9 MB"},
        {10485760, "10 MB"},
        {262144000, "250 MB"},
        {1610612736, "1.5 GB"},
        {-1, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sm_site_format_size(cases[i].bytes, buf, sizeof buf);
        CHECK_STR(buf, cases[i].shown);
    }
}

/* A PNG signature and IHDR chunk: all the catalogue reads of a thumbnail. */
static void write_png_header(const char *path, unsigned w, unsigned h) {
    unsigned char head[33] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
                              0,    0,   0,   13,  'I',  'H',  'D',  'R'};
    for (int i = 0; i < 4; i++) {
        head[16 + i] = (unsigned char)(w >> (24 - 8 * i));
        head[20 + i] = (unsigned char)(h >> (24 - 8 * i));
    }
    FILE *f = fopen(path, "wb");
    fwrite(head, 1, sizeof head, f);
    fclose(f);
}

static const sm_site_file question_files[] = {
    {"../checksheet-staffroom-question.pdf", "A4 問題（配布用）", 1258291, 1},
    {"../my files/checksheet <all>.pdf", "A4 問題と解答 & 解説", 87040, 2},
};
static const sm_site_file answer_files[] = {
    {"../checksheet-staffroom-answer.pdf", "A4 解答編", 900000, 1},
};

static const sm_site_item items[] = {
    {"checksheet-staffroom-question", "セキュリティ危険予測シート(1) 問題", "checksheet",
     "thumbs/checksheet-staffroom-question.png", "職員室のイラストと記入欄の問題シート",
     "text/checksheet-staffroom-question.html", question_files, 2, "checksheet-staffroom-answer"},
    {"checksheet-staffroom-answer", "セキュリティ危険予測シート(1) 解答編", "checksheet",
     "thumbs/missing.png", "①〜⑩の印がついた職員室のイラスト \"解答\"",
     "text/checksheet-staffroom-answer.html", answer_files, 1, NULL},
};

static void check_xmllint(const char *path) {
    if (system("command -v xmllint >/dev/null 2>&1") != 0) return;
    char command[1024];
    /* libxml2's parser knows HTML 4 only: HTML5's own elements are "invalid tags" to it. */
    snprintf(command, sizeof command,
             "xmllint --html --noout '%s' 2>&1 | grep 'error' | grep -v 'Tag [a-z]* invalid' "
             ">&2; test $? -ne 0",
             path);
    CHECK(system(command) == 0);
}

static void test_index(void) {
    char dir[] = "/tmp/sm_site_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256], thumbs[256];
    snprintf(thumbs, sizeof thumbs, "%s/thumbs", dir);
    mkdir(thumbs, 0755);
    snprintf(path, sizeof path, "%s/thumbs/checksheet-staffroom-question.png", dir);
    write_png_header(path, 200, 283);

    char error[256] = "stale";
    CHECK(write_index(dir, "情報セキュリティ教材 <2024年度>", items, 2, error, sizeof error));
    CHECK_STR(error, "");
    snprintf(path, sizeof path, "%s/index.html", dir);
    char *html = check_read_file(path, NULL);
    CHECK(html != NULL);
    if (!html) return;
    CHECK(strncmp(html, "<!DOCTYPE html>\n<html lang=\"ja\">", 32) == 0);
    CHECK_HAS(html, "<meta charset=\"utf-8\">");
    CHECK_HAS(html, "<title>情報セキュリティ教材 &lt;2024年度&gt;</title>");
    /* Titles carry <wbr> between their phrases; read without them, they are as given. */
    char *plain = strdup(html);
    for (char *at; (at = strstr(plain, "<wbr>"));) memmove(at, at + 5, strlen(at + 5) + 1);
    CHECK_HAS(plain, "<h1>情報セキュリティ教材 &lt;2024年度&gt;</h1>");
    char *h1 = strstr(html, "<h1>"), *h1_end = h1 ? strstr(h1, "</h1>") : NULL;
    char *wbr = h1 ? strstr(h1, "<wbr>") : NULL;
    CHECK(wbr && wbr < h1_end);
    CHECK_HAS(html, "\"BIZ UDPGothic\"");
    CHECK_HAS(html, "\"Noto Sans CJK JP\", \"Noto Sans JP\", sans-serif");
    CHECK(strstr(html, "<script") == NULL);
    CHECK(strstr(html, "http") == NULL); /* no external resource of any kind */
    CHECK_HAS(html, "<article class=\"card\" id=\"checksheet-staffroom-question\">");
    CHECK_HAS(html, "<img src=\"thumbs/checksheet-staffroom-question.png\" "
                    "alt=\"職員室のイラストと記入欄の問題シート\" width=\"200\" height=\"283\"");
    /* No PNG there yet: A4 portrait proportions. */
    CHECK_HAS(html, "<img src=\"thumbs/missing.png\" alt=\"①〜⑩の印がついた職員室のイラスト "
                    "&quot;解答&quot;\" width=\"212\" height=\"300\"");
    CHECK_HAS(plain, "<h2>セキュリティ危険予測シート(1) 問題</h2>");
    free(plain);
    CHECK_HAS(html, "<p class=\"kind\">危険予測チェックシート</p>");
    CHECK_HAS(html, "<a href=\"../checksheet-staffroom-question.pdf\" type=\"application/pdf\">"
                    "A4 問題（配布用）</a> <span class=\"meta\">PDF・1.2 MB・1ページ</span>");
    CHECK_HAS(html, "<a href=\"../my%20files/checksheet%20%3Call%3E.pdf\" "
                    "type=\"application/pdf\">A4 問題と解答 &amp; 解説</a> "
                    "<span class=\"meta\">PDF・85 KB・2ページ</span>");
    CHECK_HAS(html, "<a href=\"text/checksheet-staffroom-question.html\" type=\"text/html\">"
                    "テキスト版");
    CHECK_HAS(html, "<a href=\"#checksheet-staffroom-answer\">解答編を見る</a>");
    CHECK_HAS(html, "<a href=\"#checksheet-staffroom-question\">問題シートにもどる</a>");
    CHECK_HAS(html, "<article class=\"card\" id=\"checksheet-staffroom-answer\">");
    CHECK(tags_balanced(html));
    check_xmllint(path);

    /* Deterministic, and replaced as a whole: no temporary file stays behind. */
    CHECK(write_index(dir, "情報セキュリティ教材 <2024年度>", items, 2, error, sizeof error));
    char *again = check_read_file(path, NULL);
    CHECK(again && strcmp(html, again) == 0);
    free(again);
    char command[512];
    snprintf(command, sizeof command,
             "test -z \"$(ls -A '%s' | grep -v '^index.html$' | "
             "grep -v '^thumbs$')\"",
             dir);
    CHECK(system(command) == 0);
    mode_t mask = umask(022);
    umask(mask);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == (0644 & ~mask));
    free(html);

    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    CHECK(system(command) == 0);
}

static void test_refusals(void) {
    char dir[] = "/tmp/sm_site_XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char error[256];
    sm_site_item bad[2] = {items[0], items[1]};

    bad[1].id = bad[0].id;
    CHECK(!write_index(dir, "t", bad, 2, error, sizeof error));
    CHECK_STR(error, "catalogue item id 'checksheet-staffroom-question' is used twice");

    bad[1] = items[1];
    bad[0].answer_id = "nowhere";
    CHECK(!write_index(dir, "t", bad, 2, error, sizeof error));
    CHECK_STR(error, "catalogue item 'checksheet-staffroom-question': its answer sheet 'nowhere' "
                     "is not a card");

    bad[0] = items[0];
    bad[0].id = "has space";
    CHECK(!write_index(dir, "t", bad, 2, error, sizeof error));
    CHECK(strstr(error, "not usable as an anchor") != NULL);

    bad[0] = items[0];
    bad[0].title = NULL;
    CHECK(!write_index(dir, "t", bad, 2, error, sizeof error));
    CHECK_STR(error, "catalogue item 'checksheet-staffroom-question' has no title");

    /* Nothing was written by the refusals. */
    char path[256];
    snprintf(path, sizeof path, "%s/index.html", dir);
    CHECK(access(path, F_OK) != 0);

    /* A directory that cannot be made (its parent is a file): an error, no crash. */
    snprintf(path, sizeof path, "%s/file", dir);
    FILE *f = fopen(path, "w");
    fclose(f);
    snprintf(path, sizeof path, "%s/file/site", dir);
    CHECK(!write_index(path, "t", items, 2, error, sizeof error));
    CHECK(strstr(error, "cannot create") != NULL);

    /* An empty pack is still a page. */
    CHECK(write_index(dir, "空の教材集", NULL, 0, error, sizeof error));
    snprintf(path, sizeof path, "%s/index.html", dir);
    char *html = check_read_file(path, NULL);
    CHECK_HAS(html, "教材 0 点");
    CHECK(html && tags_balanced(html));
    free(html);

    char command[512];
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    CHECK(system(command) == 0);
}

int main(void) {
    test_sizes();
    test_index();
    test_refusals();
    return check_done();
}
