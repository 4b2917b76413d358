/* site.c: writes the downloads catalogue (index.html) of a material pack — a static page of
 * cards that works offline, from file://, without script or external resource. */
#include "site.h"

#include "../layout/phrase.h"

#include "../base/arena.h"
#include "../base/atomic.h"
#include "../base/path.h"
#include "../render/escape.h"
#include "../surimono.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Without a PNG to read, a thumbnail is taken as A4 portrait (1 : √2) at card size. */
enum { SM_SITE_THUMB_WIDTH = 212, SM_SITE_THUMB_HEIGHT = 300 };
/* PNG's own limit on either side (2^31 - 1); anything above is not a PNG we wrote. */
#define SM_PNG_MAX_SIDE 0x7fffffffu

static const char sm_site_style[] =
    ":root { --accent: #1d5fa8; --ink: #1a1a1a; --muted: #56616c; --line: #d6dde4; "
    "--bg: #f3f5f8; --focus: #e39b2b; }\n"
    "* { box-sizing: border-box; }\n"
    "html { background: var(--bg); color: var(--ink); }\n"
    "body { margin: 0; line-height: 1.7; line-break: strict; overflow-wrap: anywhere;\n"
    "  font-family: \"BIZ UDPGothic\", \"BIZ UDPゴシック\", \"Hiragino Sans\", "
    "\"Hiragino Kaku Gothic ProN\",\n"
    "    \"Yu Gothic UI\", \"Yu Gothic\", Meiryo, \"Noto Sans CJK JP\", \"Noto Sans JP\", "
    "sans-serif; }\n"
    ".site-header { background: var(--accent); color: #fff; padding: 1.5rem 1rem 1.3rem; }\n"
    ".site-header > div, main, .site-footer > p { max-width: 72rem; margin: 0 auto; }\n"
    "h1 { margin: 0; font-size: 1.65rem; line-height: 1.35; }\n"
    "h1, .card h2 { word-break: keep-all; overflow-wrap: anywhere; }\n"
    ".site-header p { margin: .4rem 0 0; }\n"
    ".site-header .files { margin-top: .8rem; }\n"
    ".site-header .files li { border: 0; padding: 0; }\n"
    ".site-header .files a { color: #fff; }\n"
    ".site-header .meta { color: #e6eef8; }\n"
    "main { padding: 1.5rem 1rem 2rem; }\n"
    ".cards { list-style: none; margin: 0; padding: 0; display: grid; gap: 1.25rem;\n"
    "  grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); }\n"
    ".card { height: 100%; display: flex; flex-direction: column; background: #fff;\n"
    "  border: 1px solid var(--line); border-radius: .6rem; overflow: hidden; "
    "scroll-margin-top: 1rem; }\n"
    ".card:target { outline: 3px solid var(--focus); outline-offset: 2px; }\n"
    ".thumb { aspect-ratio: 4 / 3; display: flex; align-items: center; "
    "justify-content: center;\n"
    "  padding: .9rem; background: #e8edf2; }\n"
    ".thumb img { max-width: 100%; max-height: 100%; width: auto; height: auto; "
    "background: #fff;\n"
    "  box-shadow: 0 1px 4px rgba(0, 0, 0, .25); }\n"
    ".card-body { flex: 1; display: flex; flex-direction: column; gap: .5rem; "
    "padding: .9rem 1rem 1.1rem; }\n"
    ".card h2 { margin: 0; font-size: 1.1rem; line-height: 1.45; }\n"
    ".kind { align-self: flex-start; margin: 0; padding: 0 .6em; border-radius: 1em;\n"
    "  font-size: .8rem; background: #e2ecf7; color: var(--accent); }\n"
    ".files { list-style: none; margin: 0; padding: 0; }\n"
    ".files li { padding: .4rem 0; border-top: 1px solid var(--line); }\n"
    ".files a { font-weight: bold; }\n"
    ".meta { display: block; font-size: .85rem; color: var(--muted); }\n"
    ".links { margin: 0; font-size: .95rem; }\n"
    "a { color: var(--accent); }\n"
    "a:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }\n"
    ".site-footer { padding: 0 1rem 2rem; font-size: .85rem; color: var(--muted); }\n"
    "@media print {\n"
    "  html { background: #fff; }\n"
    "  .site-header { background: none; color: #000; border-bottom: 2px solid #000; }\n"
    "  .site-header .files a, .site-header .meta { color: #000; }\n"
    "  .card { break-inside: avoid; }\n"
    "}\n";

/* An error about the catalogue as a whole: its index.html. */
static void site_error(sm_diags *diags, const char *dir, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void site_error(sm_diags *diags, const char *dir, const char *fmt, ...) {
    char *where = sm_arena_printf(diags->arena, "%s/index.html", dir && *dir ? dir : ".");
    va_list ap;
    va_start(ap, fmt);
    sm_diag_addv(diags, SM_SEVERITY_ERROR, (sm_pos){where, 0, 0}, fmt, ap);
    va_end(ap);
}

/* Text in the catalogue: a line break is a space (titles and labels are one line). */
static void put_text(FILE *out, const char *s) { sm_html_put(out, s, s ? strlen(s) : 0, false); }

static void put_href(FILE *out, const char *href) { sm_html_put_href(out, href); }

/* A title with <wbr> at its phrase boundaries: with word-break: keep-all (the style) a
 * narrow screen breaks it there only (「防ぐために」 stays whole), in every browser. */
static void put_phrased(FILE *out, const char *s, sm_phrase_memo *memo) {
    size_t n = s ? strlen(s) : 0;
    if (!n) return;
    bool *allowed = sm_xmalloc(n + 1);
    if (memo)
        sm_phrase_memo_breaks(memo, s, n, allowed);
    else
        sm_phrase_breaks(s, n, allowed);
    size_t from = 0;
    for (size_t i = 1; i < n; i++) {
        if (!allowed[i]) continue;
        sm_html_put(out, s + from, i - from, false);
        fputs("<wbr>", out);
        from = i;
    }
    sm_html_put(out, s + from, n - from, false);
    free(allowed);
}

void sm_site_format_size(long long bytes, char *buf, size_t size) {
    if (!buf || size == 0) return;
    if (bytes < 0) {
        buf[0] = '\0';
        return;
    }
    /* Integer arithmetic: the decimal point must not follow the process locale. */
    long long kib = (bytes + 512) / 1024;
    if (bytes > 0 && kib == 0) kib = 1;
    if (kib < 1024) {
        snprintf(buf, size, "%lld KB", kib);
        return;
    }
    long long mib_tenths = (bytes / 1024 * 10 + 512) / 1024;
    if (mib_tenths < 100) {
        snprintf(buf, size, "%lld.%lld MB", mib_tenths / 10, mib_tenths % 10);
        return;
    }
    long long mib = (bytes / 1024 + 512) / 1024;
    if (mib < 1024) {
        snprintf(buf, size, "%lld MB", mib);
        return;
    }
    long long gib_tenths = (bytes / (1024 * 1024) * 10 + 512) / 1024;
    snprintf(buf, size, "%lld.%lld GB", gib_tenths / 10, gib_tenths % 10);
}

/* The pixel size of the PNG at dir/href, from its IHDR chunk; false when the file is
 * missing or not a PNG (the href may name a file the build writes later). Only plain
 * relative hrefs are read: the catalogue never reaches outside what it links. */
static bool png_size(const char *dir, const char *href, unsigned *width, unsigned *height) {
    if (href[0] == '/' || strchr(href, ':') || strchr(href, '%') || strchr(href, '?') ||
        strchr(href, '#'))
        return false;
    size_t len = strlen(dir) + strlen(href) + 2;
    char *path = malloc(len);
    if (!path) return false;
    snprintf(path, len, "%s/%s", dir, href);
    int fd;
    sm_path_status status = sm_path_open_read(path, NULL, &fd, NULL);
    free(path);
    if (status != SM_PATH_OK) return false;
    unsigned char head[24];
    bool ok = read(fd, head, sizeof head) == (ssize_t)sizeof head;
    close(fd);
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (!ok || memcmp(head, signature, 8) != 0 || memcmp(head + 12, "IHDR", 4) != 0) return false;
    uint32_t w =
        (uint32_t)head[16] << 24 | (uint32_t)head[17] << 16 | (uint32_t)head[18] << 8 | head[19];
    uint32_t h =
        (uint32_t)head[20] << 24 | (uint32_t)head[21] << 16 | (uint32_t)head[22] << 8 | head[23];
    if (w == 0 || h == 0 || w > SM_PNG_MAX_SIDE || h > SM_PNG_MAX_SIDE) return false;
    *width = w;
    *height = h;
    return true;
}

/* The file format shown beside a download, from the href's extension ("PDF"), or NULL. */
static const char *format_name(const char *href, const char **mime) {
    static const struct {
        const char *ext, *name, *mime;
    } formats[] = {
        {".pdf", "PDF", "application/pdf"},
        {".png", "PNG", "image/png"},
        {".html", "HTML", "text/html"},
        {".zip", "ZIP", "application/zip"},
    };
    size_t len = strcspn(href, "?#");
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        size_t n = strlen(formats[i].ext);
        if (len >= n && strncasecmp(href + len - n, formats[i].ext, n) == 0) {
            *mime = formats[i].mime;
            return formats[i].name;
        }
    }
    *mime = NULL;
    return NULL;
}

static const char *kind_name(const char *kind) {
    if (strcmp(kind, "poster") == 0) return "ポスター";
    if (strcmp(kind, "checksheet") == 0) return "危険予測チェックシート";
    if (strcmp(kind, "page") == 0) return "資料・掲示物";
    if (strcmp(kind, "document") == 0) return "冊子・複数ページの資料";
    return kind;
}

/* An id is the card's #anchor: it must be non-empty, without spaces or characters that
 * would need escaping in a URL fragment. */
static bool usable_id(const char *id) {
    if (!id || !*id) return false;
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        if (*p <= 0x20 || *p == 0x7f || strchr("\"'<>&#%\\^`{|}", *p)) return false;
    return true;
}

static const sm_site_item *find_item(const sm_site_item *items, size_t count, const char *id) {
    for (size_t i = 0; i < count; i++)
        if (strcmp(items[i].id, id) == 0) return &items[i];
    return NULL;
}

static bool check_items(const sm_site_item *items, size_t count, sm_diags *diags, const char *dir) {
    for (size_t i = 0; i < count; i++) {
        const sm_site_item *it = &items[i];
        if (!usable_id(it->id)) {
            site_error(diags, dir,
                       "catalogue item %zu: id '%s' is empty or not usable as an anchor", i + 1,
                       it->id ? it->id : "");
            return false;
        }
        if (!it->title || !*it->title) {
            site_error(diags, dir, "catalogue item '%s' has no title", it->id);
            return false;
        }
        if (find_item(items, i, it->id)) {
            site_error(diags, dir, "catalogue item id '%s' is used twice", it->id);
            return false;
        }
        if (it->file_count && !it->files) {
            site_error(diags, dir, "catalogue item '%s' has %zu files but no file list", it->id,
                       it->file_count);
            return false;
        }
        for (size_t f = 0; f < it->file_count; f++)
            if (!it->files[f].href || !*it->files[f].href) {
                site_error(diags, dir, "catalogue item '%s': file %zu has no href", it->id, f + 1);
                return false;
            }
    }
    for (size_t i = 0; i < count; i++) {
        const char *answer = items[i].answer_id;
        if (answer && (strcmp(answer, items[i].id) == 0 || !find_item(items, count, answer))) {
            site_error(diags, dir, "catalogue item '%s': its answer sheet '%s' is not a card",
                       items[i].id, answer);
            return false;
        }
    }
    return true;
}

static void put_file(FILE *out, const sm_site_file *file) {
    const char *mime;
    const char *format = format_name(file->href, &mime);
    fputs("<li><a href=\"", out);
    put_href(out, file->href);
    fputc('"', out);
    if (mime) fprintf(out, " type=\"%s\"", mime);
    fputs(">", out);
    put_text(out, file->label && *file->label ? file->label : file->href);
    fputs("</a>", out);

    /* "PDF・1.2 MB・2ページ": whatever of the three is known. */
    char size[32];
    sm_site_format_size(file->bytes, size, sizeof size);
    const char *parts[3] = {format, size[0] ? size : NULL, NULL};
    char pages[32];
    if (file->pages > 0) {
        snprintf(pages, sizeof pages, "%dページ", file->pages);
        parts[2] = pages;
    }
    bool any = false;
    for (int i = 0; i < 3; i++) {
        if (!parts[i]) continue;
        fputs(any ? "・" : " <span class=\"meta\">", out);
        fputs(parts[i], out);
        any = true;
    }
    if (any) fputs("</span>", out);
    fputs("</li>\n", out);
}

static void put_card(FILE *out, const char *dir, const sm_site_item *items, size_t count,
                     const sm_site_item *it, sm_phrase_memo *memo) {
    fputs("<li>\n<article class=\"card\" id=\"", out);
    put_text(out, it->id);
    fputs("\">\n", out);
    if (it->thumbnail && *it->thumbnail) {
        unsigned w = SM_SITE_THUMB_WIDTH, h = SM_SITE_THUMB_HEIGHT;
        png_size(dir, it->thumbnail, &w, &h);
        fputs("<div class=\"thumb\"><img src=\"", out);
        put_href(out, it->thumbnail);
        fputs("\" alt=\"", out);
        put_text(out, it->thumbnail_alt ? it->thumbnail_alt : "");
        fprintf(out, "\" width=\"%u\" height=\"%u\" loading=\"lazy\"></div>\n", w, h);
    }
    fputs("<div class=\"card-body\">\n<h2>", out);
    put_phrased(out, it->title, memo);
    fputs("</h2>\n", out);
    if (it->kind && *it->kind) {
        fputs("<p class=\"kind\">", out);
        put_text(out, kind_name(it->kind));
        fputs("</p>\n", out);
    }
    if (it->file_count) {
        fputs("<ul class=\"files\">\n", out);
        for (size_t f = 0; f < it->file_count; f++) put_file(out, &it->files[f]);
        fputs("</ul>\n", out);
    }
    if (it->text_version && *it->text_version) {
        fputs("<p class=\"links\"><a href=\"", out);
        put_href(out, it->text_version);
        fputs("\" type=\"text/html\">テキスト版（読み上げ・拡大表示用）</a></p>\n", out);
    }
    if (it->answer_id) {
        fputs("<p class=\"links\"><a href=\"#", out);
        put_text(out, it->answer_id);
        fputs("\">解答編を見る</a></p>\n", out);
    }
    /* And back: the question sheet whose answer this card is. */
    for (size_t i = 0; i < count; i++)
        if (items[i].answer_id && strcmp(items[i].answer_id, it->id) == 0) {
            fputs("<p class=\"links\"><a href=\"#", out);
            put_text(out, items[i].id);
            fputs("\">問題シートにもどる</a></p>\n", out);
        }
    fputs("</div>\n</article>\n</li>\n", out);
}

/* Materials, not cards: a question sheet and its answer sheet are one. */
static size_t materials(const sm_site_item *items, size_t count) {
    size_t n = count;
    for (size_t i = 0; i < count; i++)
        if (items[i].answer_id) n--;
    return n;
}

static void put_index(FILE *out, const char *dir, const char *title, const sm_site_item *items,
                      size_t count, const sm_site_file *whole, sm_phrase_memo *memo) {
    fputs("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n", out);
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", out);
    fputs("<meta name=\"generator\" content=\"surimono " SM_VERSION "\">\n<title>", out);
    put_text(out, title);
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", sm_site_style);
    fputs("<header class=\"site-header\">\n<div>\n<h1>", out);
    put_phrased(out, title, memo);
    fprintf(out,
            "</h1>\n<p>教材 %zu 点。PDF をダウンロードして印刷できます。"
            "テキスト版は音声読み上げや拡大表示に使えます。</p>\n",
            materials(items, count));
    if (whole) {
        fputs("<ul class=\"files\">\n", out);
        put_file(out, whole);
        fputs("</ul>\n", out);
    }
    fputs("</div>\n</header>\n", out);
    /* role="list": Safari drops the list role of a list styled without bullets. */
    fputs("<main>\n<ul class=\"cards\" role=\"list\">\n", out);
    for (size_t i = 0; i < count; i++) put_card(out, dir, items, count, &items[i], memo);
    fputs("</ul>\n</main>\n", out);
    fputs("<footer class=\"site-footer\">\n<p>surimono " SM_VERSION
          " で作成しました。</p>\n</footer>\n</body>\n</html>\n",
          out);
}

bool sm_site_write_index(const char *dir, const char *pack_title, const sm_site_item *items,
                         size_t count, const sm_site_file *whole, sm_phrase_memo *memo,
                         sm_diags *diags) {
    if (!dir || !*dir) {
        site_error(diags, dir, "no directory for the catalogue");
        return false;
    }
    if (count && !items) {
        site_error(diags, dir, "no catalogue items");
        return false;
    }
    if (!check_items(items, count, diags, dir)) return false;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        site_error(diags, dir, "cannot create '%s': %s", dir, strerror(errno));
        return false;
    }

    char *data = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&data, &size);
    if (!out) sm_out_of_memory();
    put_index(out, dir, pack_title && *pack_title ? pack_title : "教材ダウンロード", items, count,
              whole, memo);
    if (fclose(out) != 0) sm_out_of_memory();
    /* A reader sees the old page or the new one; a failure leaves the old one in place. */
    size_t len = strlen(dir) + sizeof "/index.html";
    char *target = sm_xmalloc(len);
    snprintf(target, len, "%s/index.html", dir);
    bool ok = sm_atomic_write_file(target, data, size, diags);
    free(target);
    free(data);
    return ok;
}
