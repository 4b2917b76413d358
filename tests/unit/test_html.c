/* test_html.c: the HTML text version — structure, inline markup, escaping and tag balance
 * on a small page, then every real layout in layouts/ (titles, the check sheet's hazards). */
#include "check.h"
#include "check_html.h"

#include "surimono.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The project root, from this file's place (tests/unit/test_html.c). */
static char project_root[4096];

static void find_project_root(void) {
    snprintf(project_root, sizeof project_root, "%s", __FILE__);
    for (int up = 0; up < 3; up++) {
        char *slash = strrchr(project_root, '/');
        if (!slash) {
            snprintf(project_root, sizeof project_root, "../..");
            return;
        }
        *slash = '\0';
    }
}

/* The HTML of a resolved document as a malloc'ed string (NULL when the writer refused). */
static char *html_of(sm_doc *doc) {
    char *data = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&data, &size);
    bool ok = sm_doc_write_html(doc, out);
    fclose(out);
    if (!ok) {
        free(data);
        return NULL;
    }
    return data;
}

static sm_doc *resolve_buffer(const char *yaml) {
    sm_doc *doc = sm_doc_new();
    sm_doc_load_buffer(doc, "t.yaml", project_root, yaml, strlen(yaml));
    sm_doc_resolve(doc);
    for (size_t i = 0; i < sm_doc_diag_count(doc); i++)
        fprintf(stderr, "    diag: %s\n", sm_doc_diag_at(doc, i)->message);
    return doc;
}

/* Only HTML's own five: an '&' starts &amp; &lt; &gt; &quot; or &#…; and nothing else. */
static bool ampersands_escaped(const char *html) {
    static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#", NULL};
    for (const char *p = strchr(html, '&'); p; p = strchr(p + 1, '&')) {
        bool ok = false;
        for (int i = 0; entities[i]; i++) ok |= strncmp(p, entities[i], strlen(entities[i])) == 0;
        if (!ok) return false;
    }
    return true;
}

/* libxml2's HTML parser knows HTML 4: it reports HTML5 elements (main, section, figure,
 * ruby…) as invalid tags, which is no error here. Any other complaint is. Skipped when
 * xmllint is not installed. */
static void check_xmllint(const char *html) {
    if (system("command -v xmllint >/dev/null 2>&1") != 0) return;
    char path[] = "/tmp/sm_html_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return;
    FILE *f = fdopen(fd, "w");
    fputs(html, f);
    fclose(f);
    char command[256];
    snprintf(command, sizeof command,
             "xmllint --html --noout %s 2>&1 | grep 'error' | grep -v 'Tag [a-z]* invalid' "
             ">&2; test $? -ne 0",
             path);
    CHECK(system(command) == 0);
    unlink(path);
}

static const char sample_yaml[] =
    "kind: page\n"
    "title: 'テスト <&> \"引用\"'\n"
    "footer: 'ISEN & 委員会'\n"
    "meta:\n"
    "  author: 北小学校\n"
    "body:\n"
    "  - heading: '見出し <1>'\n"
    "  - text: '{漢字|かんじ}と**太字**と《《強調》》と[赤字]{.red}、A&B <tag> \"q\"'\n"
    "  - text: |\n"
    "      一行目\n"
    "      二行目\n"
    "  - list: [三つ目, 四つ目]\n"
    "    numbering: decimal\n"
    "    start: 3\n"
    "  - list: [まる一]\n"
    "    numbering: circled\n"
    "  - list: [点]\n"
    "    numbering: bullet\n"
    "  - table:\n"
    "      - [種類, 件数]\n"
    "      - [紛失, 21件]\n"
    "  - image: assets/scenes/staffroom.svg\n"
    "    alt: '職員室の図 <机> & \"いす\"'\n"
    "  - qr: 'https://example.jp/a?b=1&c=2'\n"
    "    alt: 学校のページ\n"
    "  - qr: 'javascript:alert(1)'\n"
    "  - box:\n"
    "      - text: 囲みの中\n"
    "    fill: '#eeeeee'\n"
    "  - heading: 二つ目の大見出し\n";

static void test_sample(void) {
    sm_doc *doc = resolve_buffer(sample_yaml);
    CHECK(!sm_doc_failed(doc));
    char *html = html_of(doc);
    CHECK(html != NULL);
    if (!html) {
        sm_doc_free(doc);
        return;
    }
    CHECK(strncmp(html, "<!DOCTYPE html>\n<html lang=\"ja\">", 32) == 0);
    CHECK_HAS(html, "<meta charset=\"utf-8\">");
    CHECK_HAS(html, "<title>テスト &lt;&amp;&gt; &quot;引用&quot;</title>");
    CHECK_HAS(html, "<meta name=\"author\" content=\"北小学校\">");
    CHECK_HAS(html, "<style>");
    CHECK_HAS(html, "max-width: 40em");
    CHECK_HAS(html, "\"BIZ UDPGothic\"");
    /* The title is the one h1, first; the headings are h2. */
    CHECK_HAS(html, "<main>\n<h1>テスト &lt;&amp;&gt; &quot;引用&quot;</h1>\n");
    CHECK_HAS(html, "<h2>見出し &lt;1&gt;</h2>");
    CHECK_HAS(html, "<h2>二つ目の大見出し</h2>");
    CHECK_HAS(html, "<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>");
    CHECK_HAS(html, "<strong>太字</strong>");
    CHECK_HAS(html, "<em class=\"bouten\">強調</em>");
    CHECK_HAS(html, "<span class=\"color\">赤字</span>");
    CHECK_HAS(html, "A&amp;B &lt;tag&gt; &quot;q&quot;</p>");
    CHECK_HAS(html, "<p>一行目<br>\n二行目</p>");
    CHECK_HAS(html, "<ol start=\"3\">\n<li>三つ目</li>\n<li>四つ目</li>\n</ol>");
    CHECK_HAS(html, "<ol class=\"circled\">\n<li>まる一</li>");
    CHECK_HAS(html, "<ul>\n<li>点</li>\n</ul>");
    CHECK_HAS(html, "<thead>\n<tr><th scope=\"col\">種類</th><th scope=\"col\">件数</th></tr>");
    CHECK_HAS(html, "<tbody>\n<tr><td>紛失</td><td class=\"num\">21件</td></tr>");
    CHECK_HAS(html, "<figure role=\"img\" aria-label=\"職員室の図 &lt;机&gt; &amp; "
                    "&quot;いす&quot;\"><p class=\"alt\">[図] 職員室の図");
    CHECK_LACKS(html, "<img");
    CHECK_LACKS(html, "staffroom.svg");
    CHECK_HAS(html, "<p class=\"qr\">学校のページ：<a href=\"https://example.jp/a?b=1&amp;c=2\">"
                    "https://example.jp/a?b=1&amp;c=2</a></p>");
    /* Not a web address: shown, never a link. */
    CHECK_HAS(html, "<p class=\"qr\">QRコード: javascript:alert(1)</p>");
    CHECK_HAS(html, "<div class=\"box\">\n<p>囲みの中</p>\n</div>");
    CHECK_HAS(html, "<footer>\n<p>ISEN &amp; 委員会</p>\n</footer>\n</body>\n</html>\n");
    CHECK(tags_balanced(html));
    CHECK(ampersands_escaped(html));
    check_xmllint(html);

    /* Deterministic: the same document gives the same bytes. */
    char *again = html_of(doc);
    CHECK(again && strcmp(html, again) == 0);
    free(again);
    free(html);
    sm_doc_free(doc);
}

/* The heading that sets the title becomes the h1, with its ruby and written lines, first
 * even where it stands last (a sign's vertical title), and only once. */
static void test_title_heading(void) {
    sm_doc *doc = resolve_buffer("kind: page\n"
                                 "title: '{廃棄|はいき}時は\n"
                                 "  シュレッダーで'\n"
                                 "body:\n"
                                 "  - text: 前に置く文\n"
                                 "  - heading: |\n"
                                 "      {廃棄|はいき}時は\n"
                                 "      シュレッダーで\n");
    CHECK(!sm_doc_failed(doc));
    char *html = html_of(doc);
    CHECK_HAS(html, "<title>廃棄時はシュレッダーで</title>");
    CHECK_HAS(html, "<main>\n<h1><ruby>廃棄<rp>(</rp><rt>はいき</rt><rp>)</rp></ruby>時は<br>\n"
                    "シュレッダーで</h1>\n<p>前に置く文</p>\n</main>");
    CHECK(html && tags_balanced(html));
    free(html);
    sm_doc_free(doc);
}

static void test_failed_doc(void) {
    sm_doc *doc = sm_doc_new();
    const char *yaml = "kind: nonsense\ntitle: t\n";
    sm_doc_load_buffer(doc, "bad.yaml", project_root, yaml, strlen(yaml));
    sm_doc_resolve(doc);
    CHECK(sm_doc_failed(doc));
    char *html = html_of(doc);
    CHECK(html == NULL);
    free(html);
    sm_doc_free(doc);

    /* Loaded but not resolved: nothing to write. */
    doc = sm_doc_new();
    yaml = "kind: page\ntitle: t\nbody:\n  - text: a\n";
    sm_doc_load_buffer(doc, "t.yaml", project_root, yaml, strlen(yaml));
    html = html_of(doc);
    CHECK(html == NULL);
    free(html);
    sm_doc_free(doc);
}

/* The `item:` values of a check sheet's hazards, read from its source lines. */
static int hazard_items(const char *path, char items[][1024], int max) {
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char line[1000];
    int n = 0;
    while (n < max && fgets(line, sizeof line, f)) {
        const char *p = strstr(line, "    item: ");
        if (p != line) continue;
        snprintf(items[n], 1024, "%s", p + strlen("    item: "));
        items[n][strcspn(items[n], "\r\n")] = '\0';
        n++;
    }
    fclose(f);
    return n;
}

static void test_checksheet(const char *path, const char *html) {
    char items[32][1024];
    int n = hazard_items(path, items, 32);
    CHECK_INT(n, 10);
    for (int i = 0; i < n; i++) CHECK_HAS(html, items[i]);
    CHECK_HAS(html, "<h1>セキュリティ危険予測シート(1)</h1>");
    CHECK_HAS(html, "<section id=\"question\" aria-labelledby=\"question-heading\">\n"
                    "<h2 id=\"question-heading\">問題</h2>");
    CHECK_HAS(html, "<h2 id=\"answer-heading\">解答</h2>");
    CHECK_HAS(html, "<h3>■解説</h3>");
    CHECK_HAS(html, "<h3>■危険な可能性</h3>");
    CHECK_HAS(html, "成績処理中ということもあり、先生方も細かいことに注意が向かなくなっています。");
    CHECK_HAS(html, "席を離れるときや帰宅時は、重要な情報は見られないようにする配慮が必要です。");
    CHECK_HAS(html, "<p class=\"lines\">（記入欄　①〜⑩）</p>");
    CHECK_HAS(html, "（図中の番号：①〜⑩）</p></figure>");
    CHECK_HAS(html, "<ol class=\"circled\" start=\"6\">");
    CHECK_HAS(html, "<li><strong>山積みで落ちそうな書類</strong><br>\n");
    /* The title and the edition badges are said once, by the h1 and the h2s. */
    CHECK_LACKS(html, "<p>問題</p>");
    CHECK_LACKS(html, "<p>解答編</p>");
    CHECK_LACKS(html, "<h2>セキュリティ");
    CHECK_LACKS(html, "<h3>セキュリティ");
}

/* layouts/ also holds the pack manifest (`kind: pack`), which is no material. */
static bool is_pack_manifest(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return false;
    char line[1000];
    bool pack = false;
    while (!pack && fgets(line, sizeof line, f)) pack = strncmp(line, "kind: pack", 10) == 0;
    fclose(f);
    return pack;
}

static void test_layouts(void) {
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/layouts", project_root);
    struct dirent **entries = NULL;
    int n = scandir(dir, &entries, NULL, alphasort);
    CHECK(n > 0);
    int rendered = 0;
    bool saw_checksheet = false;
    for (int i = 0; i < n; i++) {
        const char *name = entries[i]->d_name;
        size_t len = strlen(name);
        char path[4608];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        if (len > 5 && strcmp(name + len - 5, ".yaml") == 0 && !is_pack_manifest(path)) {
            sm_doc *doc = sm_doc_new();
            sm_doc_load_file(doc, path);
            sm_doc_resolve(doc);
            if (!check_report(!sm_doc_failed(doc), __FILE__, __LINE__, path))
                for (size_t d = 0; d < sm_doc_diag_count(doc); d++)
                    fprintf(stderr, "    %s\n", sm_doc_diag_at(doc, d)->message);
            char *html = html_of(doc);
            CHECK(html != NULL);
            if (html) {
                char title[1024];
                snprintf(title, sizeof title, "<title>%s</title>", sm_doc_title(doc));
                CHECK_HAS(html, title);
                if (!check_report(tags_balanced(html), __FILE__, __LINE__, path)) {
                }
                CHECK(ampersands_escaped(html));
                check_xmllint(html);
                if (strcmp(name, "checksheet-staffroom.yaml") == 0) {
                    saw_checksheet = true;
                    test_checksheet(path, html);
                }
                if (strcmp(name, "confidential-documents.yaml") == 0)
                    CHECK_HAS(html, "<h2><span class=\"label\">1</span> ");
                rendered++;
                free(html);
            }
            sm_doc_free(doc);
        }
        free(entries[i]);
    }
    free(entries);
    CHECK(rendered >= 4);
    CHECK(saw_checksheet);
}

int main(void) {
    find_project_root();
    test_sample();
    test_title_heading();
    test_failed_doc();
    test_layouts();
    return check_done();
}
