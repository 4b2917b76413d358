/* html.c: the accessible HTML text version of a resolved document — its words, structure and
 * descriptions of its pictures in reading order, for screen readers and for reading on a
 * screen, written from the same definition as the PDF and needing no asset file. */
#include "../model/doc.h"
#include "../resolve/resolved.h"
#include "escape.h"

#include <string.h>

typedef struct sm_html {
    FILE *out;
    const char *title; /* the document's, written as the h1 */
    bool in_section;   /* inside an edition's <section>, whose h2 sits above its headings */
    const char *badge; /* the edition's badge word in this section ("問題"), dropped as repeat */
    sm_arena *arena;   /* the document's, for numbers written out */
} sm_html;

/* The stylesheet: system Japanese fonts, a comfortable measure, no external resource.
 * sm-circled numbers ordered lists ①②③ where @counter-style is supported; elsewhere the
 * list falls back to decimal numbers, which read the same. */
static const char sm_html_style[] =
    "@counter-style sm-circled { system: fixed; symbols: \"①\" \"②\" \"③\" \"④\" \"⑤\" \"⑥\" "
    "\"⑦\" \"⑧\" \"⑨\" \"⑩\" \"⑪\" \"⑫\" \"⑬\" \"⑭\" \"⑮\" \"⑯\" \"⑰\" \"⑱\" \"⑲\" \"⑳\"; "
    "suffix: \" \"; }\n"
    "html { color: #1a1a1a; background: #fff; }\n"
    "body { max-width: 40em; margin: 0 auto; padding: 1.5em 1em 3em; font-size: 112.5%;\n"
    "  line-height: 1.8; line-break: strict; overflow-wrap: anywhere;\n"
    "  font-family: \"BIZ UDPGothic\", \"BIZ UDPゴシック\", \"Hiragino Sans\", "
    "\"Hiragino Kaku Gothic ProN\",\n"
    "    \"Yu Gothic UI\", \"Yu Gothic\", Meiryo, \"Noto Sans CJK JP\", \"Noto Sans JP\", "
    "sans-serif; }\n"
    "h1, h2, h3, h4 { line-height: 1.4; }\n"
    "h1 { font-size: 1.6em; margin: .4em 0 .8em; }\n"
    "h2 { font-size: 1.3em; margin: 1.6em 0 .6em; padding-bottom: .15em; "
    "border-bottom: 2px solid #1d5fa8; }\n"
    "h3 { font-size: 1.1em; margin: 1.3em 0 .4em; }\n"
    "section { margin-top: 2.5em; }\n"
    ".box { margin: 1em 0; padding: .3em 1em; border-left: 4px solid #1d5fa8; "
    "background: #f2f6fb; }\n"
    "figure { margin: 1em 0; padding: .6em 1em; border: 1px dashed #8795a3; "
    "border-radius: .4em; background: #fafafa; }\n"
    "figure p { margin: 0; }\n"
    ".alt, .lines, .qr { color: #333; }\n"
    "em.bouten { font-style: normal; -webkit-text-emphasis: filled sesame; "
    "text-emphasis: filled sesame; }\n"
    "rt { font-size: .55em; }\n"
    "ol.circled { list-style-type: sm-circled; }\n"
    "ol + ol { margin-top: -.65em; }\n" /* a list continued in the next column */
    "ul.plain { list-style: none; padding-left: 0; }\n"
    "li { margin: .35em 0; }\n"
    "table { border-collapse: collapse; width: 100%; margin: 1em 0; }\n"
    "th, td { border: 1px solid #b5c0cb; padding: .3em .6em; text-align: left; "
    "vertical-align: top; }\n"
    "thead th { background: #e6eef7; }\n"
    "td.num { text-align: right; font-variant-numeric: tabular-nums; }\n"
    "footer { margin-top: 3em; padding-top: 1em; border-top: 1px solid #ccc; "
    "font-size: .85em; color: #555; }\n";

static void put_escaped(FILE *out, const char *s, size_t len, bool attr) {
    sm_html_put(out, s, len, !attr);
}
static void put_text(FILE *out, const char *s) { sm_html_put(out, s, s ? strlen(s) : 0, true); }
static void put_attr(FILE *out, const char *s) { sm_html_put(out, s, s ? strlen(s) : 0, false); }

/* ①… for 1–50 (the three Unicode runs of circled numbers), "(n)" past them. */
static void put_circled(FILE *out, int n) {
    unsigned cp = n >= 1 && n <= 20    ? 0x2460u + (unsigned)(n - 1)
                  : n >= 21 && n <= 35 ? 0x3251u + (unsigned)(n - 21)
                  : n >= 36 && n <= 50 ? 0x32b1u + (unsigned)(n - 36)
                                       : 0;
    if (!cp) {
        fprintf(out, "(%d)", n);
        return;
    }
    fputc((int)(0xe0 | (cp >> 12)), out);
    fputc((int)(0x80 | ((cp >> 6) & 0x3f)), out);
    fputc((int)(0x80 | (cp & 0x3f)), out);
}

/* One run: the outer tags first, so a bold red emphasised word with ruby nests as
 * <strong><span><em><ruby>…</ruby></em></span></strong>. */
static void put_span(FILE *out, const sm_span *span) {
    if (span->bold) fputs("<strong>", out);
    if (span->has_color) fputs("<span class=\"color\">", out);
    if (span->emphasis) fputs("<em class=\"bouten\">", out);
    if (span->ruby) {
        fputs("<ruby>", out);
        put_text(out, span->text);
        /* rp: the reading in brackets where ruby is not supported (and for copy-paste). */
        fputs("<rp>(</rp><rt>", out);
        put_text(out, span->ruby);
        fputs("</rt><rp>)</rp></ruby>", out);
    } else {
        put_text(out, span->text);
    }
    if (span->emphasis) fputs("</em>", out);
    if (span->has_color) fputs("</span>", out);
    if (span->bold) fputs("</strong>", out);
}

static void put_rich(FILE *out, const sm_rich *rich) {
    for (size_t i = 0; i < rich->count; i++) put_span(out, &rich->spans[i]);
}

/* Equal ignoring spaces and line breaks: a title written on two lines is still the title. */
static bool same_words(const char *a, const char *b) {
    for (;;) {
        while (*a == ' ' || *a == '\n') a++;
        while (*b == ' ' || *b == '\n') b++;
        if (*a != *b) return false;
        if (!*a) return true;
        a++, b++;
    }
}

static bool is_title_heading(const sm_elem *e, const char *title) {
    return e->type == SM_ELEM_HEADING && e->level < 2 && e->text.plain &&
           same_words(e->text.plain, title);
}

/* The first heading in reading order that sets the document's title, or NULL. */
static const sm_elem *find_title_heading(const sm_elem *e, const char *title) {
    if (!e) return NULL;
    if (is_title_heading(e, title)) return e;
    for (size_t i = 0; i < e->child_count; i++) {
        const sm_elem *found = find_title_heading(e->children[i], title);
        if (found) return found;
    }
    return NULL;
}

static bool is_heading(const sm_elem *e) {
    return e->type == SM_ELEM_HEADING || (e->type == SM_ELEM_TEXT && e->level >= 2);
}

/* A box holding one short text and nothing else: a step's number badge, an edition badge.
 * Returns that text element, or NULL. */
static const sm_elem *badge_text(const sm_elem *e) {
    if (e->type != SM_ELEM_BOX || e->child_count != 1) return NULL;
    const sm_elem *t = e->children[0];
    return t->type == SM_ELEM_TEXT && t->level < 2 && t->child_count == 0 ? t : NULL;
}

/* The h1 is the document's title: every other heading is an h2 (level 0, a big figure, or
 * level 2, a section), one deeper inside an edition's section, whose own heading is the
 * h2, and one deeper for level 3 (a glossary's terms under their row). label is a badge
 * written before the heading's words (a poster step's number), or NULL. */
static void put_heading(sm_html *h, const sm_elem *e, const sm_elem *label) {
    int rank = (h->in_section ? 3 : 2) + (e->level >= 3 ? 1 : 0);
    fprintf(h->out, "<h%d>", rank);
    if (label) {
        fputs("<span class=\"label\">", h->out);
        put_rich(h->out, &label->text);
        fputs("</span> ", h->out);
    }
    put_rich(h->out, &e->text);
    fprintf(h->out, "</h%d>\n", rank);
}

/* The words of a picture: its alt text and, when it carries markers (①〜⑩ of an answer
 * sheet, which the list refers to), their numbers. */
static void put_image_words(FILE *out, const sm_elem *e, bool attr) {
    put_escaped(out, e->alt, strlen(e->alt), attr);
    if (e->marker_count == 0) return;
    fputs("（図中の番号：", out);
    bool labelled = false;
    for (size_t i = 0; i < e->marker_count; i++) labelled |= e->markers[i].label != NULL;
    if (!labelled && e->marker_count > 2) {
        put_circled(out, 1);
        fputs("〜", out);
        put_circled(out, (int)e->marker_count);
    } else {
        for (size_t i = 0; i < e->marker_count; i++) {
            if (i) fputs("、", out);
            if (e->markers[i].label)
                put_escaped(out, e->markers[i].label, strlen(e->markers[i].label), attr);
            else
                put_circled(out, (int)i + 1);
        }
    }
    fputs("）", out);
}

/* A picture is described, never embedded: the text version must stand without asset
 * files. An image without alt text is decoration and is left out. */
static void put_image(FILE *out, const sm_elem *e) {
    if (!e->alt || !*e->alt) return;
    fputs("<figure role=\"img\" aria-label=\"", out);
    put_image_words(out, e, true);
    fputs("\"><p class=\"alt\">[図] ", out);
    put_image_words(out, e, false);
    fputs("</p></figure>\n", out);
}

static bool starts_with(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A QR code becomes the link it holds. Only web, mail and phone addresses are links: any
 * other text (a javascript: URL above all) is shown, not followed. The default alt
 * "QRコード: TEXT" ends with the text, which is then written once, as the link. */
static void put_qr(FILE *out, const sm_elem *e) {
    const char *target = e->text.plain ? e->text.plain : "";
    const char *alt = e->alt ? e->alt : "";
    bool linkable = starts_with(target, "https://") || starts_with(target, "http://") ||
                    starts_with(target, "mailto:") || starts_with(target, "tel:");
    size_t alt_len = strlen(alt), target_len = strlen(target);
    bool alt_ends_with_target =
        target_len > 0 && alt_len >= target_len && strcmp(alt + alt_len - target_len, target) == 0;

    fputs("<p class=\"qr\">", out);
    if (alt_ends_with_target) {
        put_escaped(out, alt, alt_len - target_len, false);
    } else if (*alt) {
        put_text(out, alt);
        fputs("：", out);
    }
    if (linkable) {
        fputs("<a href=\"", out);
        put_attr(out, target);
        fputs("\">", out);
    }
    put_text(out, target);
    if (linkable) fputs("</a>", out);
    fputs("</p>\n", out);
}

static void put_list(FILE *out, const sm_elem *e) {
    bool ordered = e->numbering == SM_NUMBERING_DECIMAL || e->numbering == SM_NUMBERING_CIRCLED;
    if (ordered) {
        fputs(e->numbering == SM_NUMBERING_CIRCLED ? "<ol class=\"circled\"" : "<ol", out);
        if (e->start != 1) fprintf(out, " start=\"%d\"", e->start);
        fputs(">\n", out);
    } else {
        fputs(e->numbering == SM_NUMBERING_NONE ? "<ul class=\"plain\">\n" : "<ul>\n", out);
    }
    for (size_t i = 0; i < e->item_count; i++) {
        fputs("<li>", out);
        put_rich(out, &e->items[i]);
        fputs("</li>\n", out);
    }
    fputs(ordered ? "</ol>\n" : "</ul>\n", out);
}

/* A diagram reads as its steps in order, and each branch as a step of its own after them. */
static void put_flow(FILE *out, const sm_elem *e) {
    fputs("<ol class=\"flow\">\n", out);
    for (size_t i = 0; i < e->item_count; i++) {
        fputs("<li>", out);
        put_rich(out, &e->items[i]);
        fputs("</li>\n", out);
    }
    for (size_t b = 0; b < e->branch_count; b++) {
        fputs("<li>", out);
        for (size_t i = 0; i < e->branch_lengths[b]; i++) {
            if (i > 0) fputs(" → ", out);
            put_rich(out, &e->branches[b][i]);
        }
        fputs("</li>\n", out);
    }
    fputs("</ol>\n", out);
}

/* Lines to write on have no words: say that they are there and how they are numbered. */
static void put_lines(FILE *out, const sm_elem *e) {
    if (e->line_count <= 0) return;
    int first = e->start, last = e->start + e->line_count - 1;
    fputs("<p class=\"lines\">（記入欄　", out);
    if (e->numbering == SM_NUMBERING_CIRCLED) {
        put_circled(out, first);
        if (last > first) {
            fputs("〜", out);
            put_circled(out, last);
        }
    } else if (e->numbering == SM_NUMBERING_DECIMAL) {
        fprintf(out, last > first ? "%d〜%d" : "%d", first, last);
    } else {
        fprintf(out, "%d行", e->line_count);
    }
    fputs("）</p>\n", out);
}

/* Numbers align right, as in the PDF: a cell whose text starts with a digit. */
static bool looks_numeric(const sm_rich *cell) {
    return cell->plain && cell->plain[0] >= '0' && cell->plain[0] <= '9';
}

static void put_table(FILE *out, const sm_elem *e) {
    if (e->rows == 0 || e->cols == 0) return;
    fputs("<table>\n", out);
    size_t row = 0;
    if (e->header) {
        fputs("<thead>\n<tr>", out);
        for (size_t c = 0; c < e->cols; c++) {
            fputs("<th scope=\"col\">", out);
            put_rich(out, &e->cells[c]);
            fputs("</th>", out);
        }
        fputs("</tr>\n</thead>\n", out);
        row = 1;
    }
    if (row < e->rows) {
        fputs("<tbody>\n", out);
        for (; row < e->rows; row++) {
            fputs("<tr>", out);
            for (size_t c = 0; c < e->cols; c++) {
                const sm_rich *cell = &e->cells[row * e->cols + c];
                fputs(looks_numeric(cell) ? "<td class=\"num\">" : "<td>", out);
                put_rich(out, cell);
                fputs("</td>", out);
            }
            fputs("</tr>\n", out);
        }
        fputs("</tbody>\n", out);
    }
    fputs("</table>\n", out);
}

/* A number as the chart labels print it, with the chart's unit. */
static void put_value(FILE *out, const sm_chart *c, double v, sm_arena *arena) {
    fputs("<td class=\"num\">", out);
    put_text(out, sm_chart_number(arena, v));
    put_text(out, c->unit);
    fputs("</td>", out);
}

/* A chart is read as its data: a table under the alt text (a reader takes the numbers in
 * order, a sighted reader of the text version sees them all). */
static void put_chart(FILE *out, const sm_elem *e, sm_arena *arena) {
    const sm_chart *c = e->chart;
    bool round = c->type == SM_CHART_PIE || c->type == SM_CHART_DONUT;
    bool totals = c->stacked && c->series_count > 1;
    fputs("<figure class=\"chart\">\n<table>\n<thead>\n<tr><th scope=\"col\"></th>", out);
    for (size_t k = 0; k < c->series_count; k++) {
        fputs("<th scope=\"col\">", out);
        put_rich(out, &c->series[k].name);
        fputs("</th>", out);
    }
    if (round) fputs("<th scope=\"col\">割合</th>", out);
    if (totals) fputs("<th scope=\"col\">合計</th>", out);
    fputs("</tr>\n</thead>\n<tbody>\n", out);
    double sum = 0;
    for (size_t i = 0; i < c->category_count; i++) sum += c->series[0].values[i];
    for (size_t i = 0; i < c->category_count; i++) {
        fputs("<tr><th scope=\"row\">", out);
        put_rich(out, &c->categories[i]);
        fputs("</th>", out);
        double total = 0;
        for (size_t k = 0; k < c->series_count; k++) {
            put_value(out, c, c->series[k].values[i], arena);
            total += c->series[k].values[i];
        }
        if (round)
            fprintf(out, "<td class=\"num\">%.0f%%</td>",
                    sum > 0 ? 100 * c->series[0].values[i] / sum : 0);
        if (totals) put_value(out, c, total, arena);
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table>\n<figcaption>", out);
    put_text(out, c->alt);
    fputs("</figcaption>\n</figure>\n", out);
}

static void put_elem(sm_html *h, const sm_elem *e);

/* Children in order. In a row, a badge right before a heading is that heading's label
 * (a poster step: "1" beside its slogan), so it is read as part of it. */
static void put_children(sm_html *h, const sm_elem *e) {
    for (size_t i = 0; i < e->child_count; i++) {
        const sm_elem *child = e->children[i];
        const sm_elem *label = e->type == SM_ELEM_ROW ? badge_text(child) : NULL;
        if (label && i + 1 < e->child_count && is_heading(e->children[i + 1])) {
            put_heading(h, e->children[i + 1], label);
            i++;
            continue;
        }
        put_elem(h, child);
    }
}

static void put_elem(sm_html *h, const sm_elem *e) {
    FILE *out = h->out;
    switch (e->type) {
    case SM_ELEM_HEADING:
    case SM_ELEM_TEXT:
        if (!e->text.plain || !*e->text.plain) return;
        /* The title's heading: already written as the h1. */
        if (is_title_heading(e, h->title)) return;
        if (is_heading(e)) {
            put_heading(h, e, NULL);
            return;
        }
        fputs("<p>", out);
        put_rich(out, &e->text);
        fputs("</p>\n", out);
        return;
    case SM_ELEM_BOX: {
        /* The edition badge (問題, 解答編) repeats the section's h2. */
        const sm_elem *badge = badge_text(e);
        if (h->in_section && badge && h->badge && badge->text.plain &&
            same_words(badge->text.plain, h->badge))
            return;
        /* A framed or tinted box groups its content (an explanation, a step card). */
        bool framed = e->fill.a > 0 || (e->border.a > 0 && e->border_width > 0);
        if (framed) fputs("<div class=\"box\">\n", out);
        put_children(h, e);
        if (framed) fputs("</div>\n", out);
        return;
    }
    case SM_ELEM_STACK:
    case SM_ELEM_ROW:
    case SM_ELEM_GRID: put_children(h, e); return;
    case SM_ELEM_IMAGE: put_image(out, e); return;
    case SM_ELEM_LIST: put_list(out, e); return;
    case SM_ELEM_FLOW: put_flow(out, e); return;
    case SM_ELEM_LINES: put_lines(out, e); return;
    case SM_ELEM_TABLE: put_table(out, e); return;
    case SM_ELEM_QR: put_qr(out, e); return;
    case SM_ELEM_CHART: put_chart(out, e, h->arena); return;
    case SM_ELEM_RULE:
    case SM_ELEM_SPACE:
    case SM_ELEM_PAGE_BREAK: return; /* drawing only: no words, no structure */
    }
}

/* An edition's section: its h2 (the page label in Japanese) and the badge word the
 * sheet prints beside its title, which the h2 already says. */
typedef struct sm_html_edition {
    const char *heading, *badge;
} sm_html_edition;

static sm_html_edition edition_of(const char *label) {
    if (strcmp(label, "question") == 0) return (sm_html_edition){"問題", "問題"};
    if (strcmp(label, "answer") == 0) return (sm_html_edition){"解答", "解答編"};
    return (sm_html_edition){label, NULL};
}

static void put_meta(FILE *out, const char *name, const char *content) {
    if (!content || !*content) return;
    fprintf(out, "<meta name=\"%s\" content=\"", name);
    put_attr(out, content);
    fputs("\">\n", out);
}

bool sm_doc_write_html(sm_doc *doc, FILE *out) {
    if (!sm_doc_ok(doc) || !doc->resolved) return false;
    const sm_resolved *res = doc->resolved;
    const char *title = res->title && *res->title ? res->title : "（無題）";
    sm_html h = {out, title, false, NULL, doc->arena};

    fputs("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n", out);
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", out);
    fputs("<title>", out);
    put_text(out, title);
    fputs("</title>\n", out);
    put_meta(out, "author", res->author);
    put_meta(out, "description", res->subject);
    put_meta(out, "keywords", res->keywords);
    fputs("<meta name=\"generator\" content=\"surimono " SM_VERSION "\">\n", out);
    fprintf(out, "<style>\n%s</style>\n</head>\n<body>\n<main>\n", sm_html_style);

    /* The title is the page's one h1, first: a sign's vertical title stands at the right
     * and a poster's subtitle above it, but a reader wants the name before the content.
     * The heading that sets it on paper gives its words (with their ruby) and is not
     * repeated where it stands; editions each repeat it, so it is said once above them. */
    const sm_elem *title_heading = NULL;
    for (size_t i = 0; i < res->page_count && !title_heading; i++)
        title_heading = find_title_heading(res->pages[i].body, title);
    if (res->flow && res->flow->head && !title_heading)
        title_heading = find_title_heading(res->flow->head, title);
    fputs("<h1>", out);
    if (title_heading)
        put_rich(out, &title_heading->text);
    else
        put_text(out, title);
    fputs("</h1>\n", out);
    for (size_t i = 0; i < res->page_count; i++) {
        const sm_page_def *page = &res->pages[i];
        if (page->label) {
            h.in_section = true;
            sm_html_edition edition = edition_of(page->label);
            h.badge = edition.badge;
            fputs("<section id=\"", out);
            put_attr(out, page->label);
            fputs("\" aria-labelledby=\"", out);
            put_attr(out, page->label);
            fputs("-heading\">\n<h2 id=\"", out);
            put_attr(out, page->label);
            fputs("-heading\">", out);
            put_text(out, edition.heading);
            fputs("</h2>\n", out);
        }
        if (page->body) put_elem(&h, page->body);
        if (page->label) fputs("</section>\n", out);
        h.in_section = false;
        h.badge = NULL;
    }
    /* A document: its head, then its body in reading order (pages are paper's business). */
    if (res->flow && res->flow->head) put_elem(&h, res->flow->head);
    if (res->flow) put_elem(&h, res->flow->body);
    fputs("</main>\n", out);
    if (res->has_footer) {
        fputs("<footer>\n<p>", out);
        put_rich(out, &res->footer);
        fputs("</p>\n</footer>\n", out);
    }
    fputs("</body>\n</html>\n", out);
    if (ferror(out)) {
        sm_error(&doc->diags, ((sm_pos){doc->file, 0, 0}), "cannot write the HTML text version");
        return false;
    }
    return true;
}
