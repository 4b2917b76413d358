/* layout.c: the layout stage — pages, footer, overflow checks, and the PDF properties. */
#include "layout.h"

#include <math.h>
#include <string.h>

/* Space between the body and the footer line. */
#define SM_FOOTER_GAP_MM 4.0

/* The first flowing child whose bottom passes `limit`, to point the error at. */
static const sm_elem *first_overflowing(sm_layouter *l, const sm_elem *body, double width,
                                        double limit) {
    double y = 0;
    for (size_t i = 0; i < body->child_count; i++) {
        const sm_elem *c = body->children[i];
        if (c->placed) continue;
        y += sm_flow_measure(l, c, width, limit);
        if (y > limit) return c;
        y += body->gap;
    }
    return body;
}

/* The first picture of a page's body that may shrink (a scene), directly in the body. */
static const sm_elem *shrinkable(const sm_elem *body) {
    for (size_t i = 0; i < body->child_count; i++)
        if (body->children[i]->type == SM_ELEM_IMAGE && body->children[i]->shrink_to > 0)
            return body->children[i];
    return NULL;
}

/* Content too tall for the page: a scene gives up the height missing, its width shrunk
 * in proportion, down to its least share; returns the height needed then. */
static double shrink_picture(sm_layouter *l, const sm_elem *body, double w, double h,
                             double needed) {
    const sm_elem *picture = shrinkable(body);
    if (!picture) return needed;
    double full = sm_flow_measure(l, picture, w, h);
    if (!(full > 0)) return needed;
    /* At its least it may still not fit: the overflow error then says by how much. */
    double width = fmax(w * (full - (needed - h)) / full, w * picture->shrink_to);
    l->shrunk = picture;
    l->shrunk_width = width;
    return sm_flow_measure(l, body, w, h);
}

static void layout_page(sm_layouter *l, const sm_resolved *res, const sm_page_def *def) {
    double m = res->margin, w = res->paper_width - 2 * m, h = res->paper_height - 2 * m;
    double body_height = h;
    if (res->has_footer) {
        const sm_paragraph *footer =
            sm_compose(l, &res->footer, &res->footer_style, res->footer_style.size, w);
        double fh = sm_text_height(footer);
        sm_box *box = sm_page_add_box(l, SM_BOX_TEXT, res->footer.pos, m, m + h - fh, w, fh);
        box->as.text.paragraph = footer;
        body_height -= fh + SM_FOOTER_GAP_MM * SM_PT_PER_MM;
    }
    l->shrunk = NULL;
    double needed = sm_flow_measure(l, def->body, w, body_height);
    if (needed > body_height + 0.5) needed = shrink_picture(l, def->body, w, body_height, needed);
    if (needed > body_height + 0.5) {
        /* An error at the first element that does not fit; the page is not placed, so the
         * elements squeezed off it do not add errors of their own (edge distances). */
        const sm_elem *culprit = first_overflowing(l, def->body, w, body_height);
        sm_error(l->diags, culprit->pos,
                 "this element runs past the bottom margin%s%s%s: the page's content is %.1f mm "
                 "too tall%s (shorten the text, make sizes or gaps smaller, or use a larger "
                 "paper)",
                 def->label ? " of the " : "", def->label ? def->label : "",
                 def->label ? " page" : "", (needed - body_height) / SM_PT_PER_MM,
                 l->shrunk ? sm_arena_printf(l->arena, " with the picture shrunk to %.0f %%",
                                             100 * l->shrunk->shrink_to)
                           : "");
        return;
    }
    sm_flow_place(l, def->body, m, m, w, body_height);
}

/* Every character of the document must be in some font of the set: a missing glyph would
 * print as an empty box on thousands of copies. */
static void check_rich(sm_layouter *l, const sm_rich *text) {
    if (!text->plain) return;
    const char *s = text->plain;
    for (size_t i = 0; s[i];) {
        gunichar c = g_utf8_get_char(s + i);
        size_t next = (size_t)(g_utf8_next_char(s + i) - s);
        if (c >= 0x20 && !sm_fonts_covers(l->fonts, c)) {
            sm_pos pos = text->pos;
            if (text->source && text->source->as.str) {
                const char *at =
                    strstr(text->source->as.str, sm_arena_strndup(l->arena, s + i, next - i));
                if (at) pos = sm_value_pos_at(text->source, (size_t)(at - text->source->as.str));
            }
            sm_error(l->diags, pos, "no font in fonts/fonts.conf has the character '%.*s' (U+%04X)",
                     (int)(next - i), s + i, (unsigned)c);
        }
        i = next;
    }
}

static void check_elem(sm_layouter *l, const sm_elem *e) {
    if (!sm_fonts_has_family(l->fonts, e->style.family))
        sm_error(l->diags, e->pos, "font '%s' is not in fonts/fonts.conf", e->style.family);
    check_rich(l, &e->text);
    for (size_t i = 0; i < e->item_count; i++) check_rich(l, &e->items[i]);
    for (size_t i = 0; i < e->rows * e->cols; i++) check_rich(l, &e->cells[i]);
    if (e->chart) {
        for (size_t i = 0; i < e->chart->category_count; i++)
            check_rich(l, &e->chart->categories[i]);
        for (size_t k = 0; k < e->chart->series_count; k++)
            check_rich(l, &e->chart->series[k].name);
        check_rich(l, &e->chart->total_label);
        check_rich(l, &e->chart->unit_text);
    }
    for (size_t b = 0; b < e->branch_count; b++)
        for (size_t i = 0; i < e->branch_lengths[b]; i++) check_rich(l, &e->branches[b][i]);
    for (size_t i = 0; i < e->child_count; i++) check_elem(l, e->children[i]);
}

static bool lay_out_pages(sm_layouter *l, sm_doc *doc, const sm_resolved *res);

bool sm_doc_layout(sm_doc *doc, sm_fonts *fonts) {
    if (!sm_doc_ok(doc) || !doc->resolved) return false;
    const sm_resolved *res = doc->resolved;
    sm_layouter l = {.doc = doc, .fonts = fonts, .arena = doc->arena, .diags = &doc->diags};
    doc->fonts = fonts;

    for (size_t i = 0; i < res->page_count; i++) check_elem(&l, res->pages[i].body);
    if (res->flow) {
        check_elem(&l, res->flow->body);
        if (res->flow->head) check_elem(&l, res->flow->head);
    }
    if (res->has_footer) check_rich(&l, &res->footer);
    if (!sm_doc_ok(doc)) return false;
    sm_images_prefetch(&l, res);
    bool ok = lay_out_pages(&l, doc, res);
    sm_images_prefetch_end(&l);
    return ok;
}

/* Pages, their boxes and what the PDF needs to know of them (title, dates, inks, alt). */
static bool lay_out_pages(sm_layouter *l, sm_doc *doc, const sm_resolved *res) {
    sm_pages *pages = sm_arena_alloc(doc->arena, sizeof *pages);
    pages->count = res->page_count;
    pages->items = sm_arena_array(doc->arena, pages->count, sizeof *pages->items);
    if (res->flow) {
        pages->items = sm_paginate(l, res, &pages->count);
        pages->numbered = !res->flow->booklet;
        if (res->flow->booklet && pages->items) {
            pages->items = sm_impose_saddle(l, res, pages->items, pages->count, &pages->count);
            for (size_t i = 0; i < pages->count; i++) sm_sheet_finish(l, &pages->items[i], res);
        }
    }
    for (size_t i = 0; i < res->page_count; i++) {
        sm_page *page = &pages->items[i];
        sm_sheet_setup(page, res);
        page->label = res->pages[i].label;
        l->page = page;
        layout_page(l, res, &res->pages[i]);
        sm_sheet_finish(l, page, res);
    }
    pages->title = res->title;
    pages->author = res->author;
    pages->subject = res->subject;
    pages->keywords = res->keywords;
    pages->creator = "surimono " SM_VERSION;
    pages->has_date = res->has_date;
    pages->date = res->date;
    pages->profile = res->profile;
    pages->gray = res->gray;
    pages->pdfx = res->pdfx;
    pages->inks = res->inks;
    pages->ink_count = res->ink_count;
    /* Counted first, then filled: one allocation however many figures there are. A chart
     * is a group of boxes whose first carries the Figure's alt text. */
    size_t figures = 0;
    for (size_t i = 0; i < pages->count; i++)
        for (size_t b = 0; b < pages->items[i].count; b++) {
            const sm_box *box = &pages->items[i].boxes[b];
            figures += (box->kind == SM_BOX_IMAGE || box->kind == SM_BOX_QR) + !!box->figure_alt;
        }
    pages->alts = sm_arena_array(doc->arena, figures, sizeof *pages->alts);
    for (size_t i = 0; i < pages->count; i++)
        for (size_t b = 0; b < pages->items[i].count; b++) {
            const sm_box *box = &pages->items[i].boxes[b];
            if (box->figure_alt) pages->alts[pages->alt_count++] = box->figure_alt;
            if (box->kind == SM_BOX_IMAGE || box->kind == SM_BOX_QR)
                pages->alts[pages->alt_count++] =
                    box->kind == SM_BOX_QR ? box->as.qr.alt : box->as.image.alt;
        }
    if (!sm_doc_ok(doc)) return false;
    doc->pages = pages;
    return true;
}

int sm_doc_page_count(const sm_doc *doc) { return doc->pages ? (int)doc->pages->count : 0; }
