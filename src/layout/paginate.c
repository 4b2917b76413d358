/* paginate.c: kind: document — the body's elements flowed into columns and pages with the
 * rules a typesetter expects: a heading stays with what follows it, a paragraph leaves no
 * single line at the foot or head of a column (orphans and widows, two lines), a table goes
 * on by whole rows with its header row repeated, what cannot be split (pictures, boxes, QR
 * codes) moves on whole, and the last page's columns are balanced. Then the running header,
 * the footer and the page numbers (ノンブル). */
#include "layout.h"

#include <math.h>
#include <string.h>

/* Lines a paragraph keeps together at a column's foot (orphans) and head (widows). */
#define SM_KEEP_LINES 2
/* Between the running header or the page numbers and the text block. */
#define SM_RUNNING_GAP_MM 4.0

/* Where the flow stands: the next element of the body, and the first line of it still to
 * place (a paragraph split across columns). */
typedef struct flow_at {
    size_t elem;
    size_t line;
} flow_at;

/* One element of the flow and the space before it: stacks are opened (a stack is a column
 * of elements, so it may break between them), everything else flows whole or, for text,
 * by lines. */
typedef struct flow_item {
    const sm_elem *elem;
    double gap;
} flow_item;

typedef struct pager {
    sm_layouter *l;
    flow_item *items;
    size_t item_count, item_capacity;
    const sm_resolved *res;
    const sm_flow_def *flow;
    sm_page *pages;
    size_t page_count, page_capacity;
    double x0, y0, w, h; /* the text block of a page */
    double column_w;
    /* the column being filled */
    int column;
    double used;        /* height placed in it */
    double reserved;    /* taken at the top of this page's columns (the head, page 1) */
    size_t fixed_boxes; /* boxes of this page that are not the flow's (the head) */
    double head_height; /* the first page's head with the space under it */
    bool filled;        /* something is in it */
    bool placing;       /* false: a trial run (balancing) that adds no boxes */
    flow_at at;         /* what is placed next */
    flow_at last_start; /* where the last page began */
} pager;

static void add_item(pager *p, const sm_elem *e, double gap) {
    if (p->item_count == p->item_capacity) {
        size_t cap = p->item_capacity ? p->item_capacity * 2 : 64;
        p->items = sm_arena_grow(p->l->arena, p->items, p->item_count, cap, sizeof *p->items);
        p->item_capacity = cap;
    }
    p->items[p->item_count++] = (flow_item){e, gap};
}

static bool opens(const sm_elem *e) {
    return e->type == SM_ELEM_STACK && !e->has_height && !e->placed && e->child_count > 0;
}

/* The elements of a stack in flow order; `gap` goes before the first of them. */
static void flatten(pager *p, const sm_elem *stack, double gap) {
    for (size_t i = 0; i < stack->child_count; i++) {
        const sm_elem *c = stack->children[i];
        double before = i == 0 ? gap : stack->gap;
        if (opens(c))
            flatten(p, c, before);
        else
            add_item(p, c, before);
    }
}

static void new_page(pager *p) {
    if (p->page_count == p->page_capacity) {
        size_t cap = p->page_capacity ? p->page_capacity * 2 : 4;
        p->pages = sm_arena_grow(p->l->arena, p->pages, p->page_count, cap, sizeof *p->pages);
        p->page_capacity = cap;
    }
    sm_page *page = &p->pages[p->page_count++];
    memset(page, 0, sizeof *page);
    p->last_start = p->at;
    sm_sheet_setup(page, p->res);
    p->l->page = page;
    p->column = 0;
    p->used = 0;
    p->reserved = 0;
    p->fixed_boxes = 0;
    p->filled = false;
}

/* Moves to the next column, or the first column of a new page. Returns false in a trial
 * run that has used its page's columns. */
static bool next_column(pager *p) {
    if (p->column + 1 < p->flow->columns) {
        p->column++;
        p->used = 0;
        p->filled = false;
        return true;
    }
    if (!p->placing) return false;
    new_page(p);
    return true;
}

static double column_x(const pager *p) {
    return p->x0 + p->column * (p->column_w + p->flow->column_gap);
}

/* The top of line k of a paragraph, from the paragraph's top. */
static double line_top(const sm_paragraph *para, size_t k) {
    return k == 0 ? 0 : para->lines[k].baseline - para->lines[0].baseline;
}

static double lines_height(const sm_paragraph *para, size_t from, size_t to) {
    double bottom = to >= para->line_count ? para->height : line_top(para, to);
    return bottom - line_top(para, from);
}

/* Lines [from, to) of a paragraph as a paragraph of their own, for the part of it that one
 * column holds: its runs and lines shifted up to the part's top. */
static const sm_paragraph *paragraph_part(sm_layouter *l, const sm_paragraph *para, size_t from,
                                          size_t to) {
    if (from == 0 && to >= para->line_count) return para;
    sm_paragraph *part = sm_arena_alloc(l->arena, sizeof *part);
    *part = *para;
    double shift = line_top(para, from);
    size_t first_run = para->lines[from].first_run;
    size_t end_run = para->lines[to - 1].first_run + para->lines[to - 1].run_count;
    part->line_count = to - from;
    part->lines = sm_arena_array(l->arena, part->line_count, sizeof *part->lines);
    for (size_t k = 0; k < part->line_count; k++) {
        part->lines[k] = para->lines[from + k];
        part->lines[k].baseline -= shift;
        part->lines[k].first_run -= first_run;
    }
    part->run_count = end_run - first_run;
    part->runs = sm_arena_array(l->arena, part->run_count, sizeof *part->runs);
    for (size_t i = 0; i < part->run_count; i++) {
        part->runs[i] = para->runs[first_run + i];
        part->runs[i].line -= (int)from;
    }
    part->height = lines_height(para, from, to);
    return part;
}

/* Text that may be split between columns: a plain horizontal paragraph of free height. */
static const sm_paragraph *splittable(pager *p, const sm_elem *e) {
    if (e->type != SM_ELEM_TEXT || e->style.vertical || e->has_height || e->placed) return NULL;
    return sm_compose(p->l, &e->text, &e->style, e->style.size, p->column_w);
}

/* The least of item i that must stand at a column's foot with a heading before it: a
 * paragraph's first lines, a heading with the least of what follows it (a chain of headings
 * stays together), anything else whole. */
static double first_part(pager *p, size_t i) {
    const sm_elem *e = p->items[i].elem;
    const sm_paragraph *para = splittable(p, e);
    /* A paragraph splits only where both parts keep their lines: four lines or more. */
    if (para && para->line_count >= 2 * SM_KEEP_LINES) return lines_height(para, 0, SM_KEEP_LINES);
    double height = sm_flow_measure(p->l, e, p->column_w, p->h);
    if (e->type == SM_ELEM_HEADING && i + 1 < p->item_count &&
        p->items[i + 1].elem->type != SM_ELEM_PAGE_BREAK)
        height += p->items[i + 1].gap + first_part(p, i + 1);
    return height;
}

static void place_part(pager *p, const sm_elem *e, const sm_paragraph *para, size_t from,
                       size_t to) {
    double height = lines_height(para, from, to);
    if (p->placing) {
        sm_box *box = sm_page_add_box(p->l, SM_BOX_TEXT, e->pos, column_x(p),
                                      p->y0 + p->reserved + p->used, p->column_w, height);
        box->as.text.paragraph = paragraph_part(p->l, para, from, to);
        box->tag = "P";
    }
    p->used += height;
    p->filled = true;
}

/* An element given a width keeps it (at most the column's), at the column's start. */
static double element_width(const pager *p, const sm_elem *e) {
    if (!e->has_width) return p->column_w;
    return fmin(sm_length_to_pt(e->width, p->column_w, e->style.size), p->column_w);
}

static bool splittable_table(const sm_elem *e) {
    return e->type == SM_ELEM_TABLE && !e->has_height && !e->placed &&
           e->rows > (e->header ? 2u : 1u);
}

/* A table goes on by whole rows, its header row repeated at the top of each column it
 * continues in. p->at.line is the next row to place (0: the table's start). Returns false
 * where a trial run runs out of columns. */
static bool flow_table(pager *p, const sm_elem *e, double room, double gap) {
    flow_at *at = &p->at;
    size_t from = at->line;
    double width = element_width(p, e);
    double total = e->header && from > 0 ? sm_table_row_height(p->l, e, 0, width) : 0;
    size_t to = from;
    while (to < e->rows) {
        double row = sm_table_row_height(p->l, e, to, width);
        if (total + row > room + 0.01) break;
        total += row;
        to++;
    }
    /* At the table's start the header row alone is not a part: it needs a row under it. */
    size_t least = from == 0 && e->header ? 2 : from + 1;
    if (to < least) {
        if (p->filled) return next_column(p);
        /* An empty column that cannot hold one row: set the row anyway, and say so. */
        to = least;
        total = e->header && from > 0 ? sm_table_row_height(p->l, e, 0, width) : 0;
        for (size_t r = from; r < to; r++) total += sm_table_row_height(p->l, e, r, width);
        if (p->placing)
            sm_error(p->l->diags, e->pos,
                     "a row of this table is taller than a column (%.1f mm) and cannot be split",
                     room / SM_PT_PER_MM);
    }
    if (p->filled) p->used += gap;
    if (p->placing)
        sm_table_place_rows(p->l, e, column_x(p), p->y0 + p->reserved + p->used, width, from, to);
    p->used += total;
    p->filled = true;
    if (to >= e->rows) {
        *at = (flow_at){at->elem + 1, 0};
        return true;
    }
    at->line = to;
    return next_column(p);
}

/* Places the body from p->at on until it ends (true) or, in a trial run, the page's
 * columns are full (false). Columns are `column_h` tall. */
static bool flow_body(pager *p, double column_h) {
    flow_at *at = &p->at;
    while (at->elem < p->item_count) {
        const sm_elem *e = p->items[at->elem].elem;
        double gap = p->items[at->elem].gap;
        double room = column_h - p->reserved - p->used - (p->filled ? gap : 0);
        if (e->type == SM_ELEM_PAGE_BREAK) {
            at->elem++;
            if (!p->filled && p->column == 0) continue; /* already at a page's top */
            if (e->column_break) {
                if (!next_column(p)) return false;
            } else {
                if (!p->placing) return false;
                new_page(p);
            }
            continue;
        }
        const sm_paragraph *para = splittable(p, e);
        if (para && para->line_count > 0) {
            size_t n = para->line_count, from = at->line;
            if (lines_height(para, from, n) <= room + 0.01) {
                if (p->filled) p->used += gap;
                place_part(p, e, para, from, n);
                *at = (flow_at){at->elem + 1, 0};
                continue;
            }
            /* The lines that fit; none left alone at the foot, none alone at the head. */
            size_t fit = from;
            while (fit < n && lines_height(para, from, fit + 1) <= room + 0.01) fit++;
            if (n - fit < SM_KEEP_LINES) fit = n > SM_KEEP_LINES ? n - SM_KEEP_LINES : from;
            bool enough = fit - from >= SM_KEEP_LINES || (fit > from && !p->filled);
            if (fit > from && enough) {
                if (p->filled) p->used += gap;
                place_part(p, e, para, from, fit);
                at->line = fit;
            } else if (!p->filled) {
                /* A column cannot hold two lines of it: one line at a time; a line taller
                 * than a column cannot be set at all. */
                if (lines_height(para, from, from + 1) > room + 0.01) {
                    if (p->placing)
                        sm_error(p->l->diags, e->pos,
                                 "a line of this text is %.1f mm tall, taller than a column "
                                 "(%.1f mm)",
                                 lines_height(para, from, from + 1) / SM_PT_PER_MM,
                                 room / SM_PT_PER_MM);
                    *at = (flow_at){at->elem + 1, 0};
                    if (!p->placing) return false;
                    continue;
                }
                place_part(p, e, para, from, from + 1);
                at->line = from + 1;
                if (at->line >= n) *at = (flow_at){at->elem + 1, 0};
            }
            if (!next_column(p)) return false;
            continue;
        }
        if (splittable_table(e)) {
            if (!flow_table(p, e, room, gap)) return false;
            continue;
        }
        double width = element_width(p, e);
        double height = sm_flow_measure(p->l, e, width, column_h);
        /* A heading keeps at least the start of what follows it in its column. */
        double keep = e->type == SM_ELEM_HEADING ? first_part(p, at->elem) : height;
        if ((height > room + 0.01 || keep > room + 0.01) && p->filled) {
            if (!next_column(p)) return false;
            continue;
        }
        if (height > column_h - p->reserved + 0.01) {
            if (p->placing)
                sm_error(p->l->diags, e->pos,
                         "this element is %.1f mm tall, taller than a column (%.1f mm), and "
                         "cannot be split",
                         height / SM_PT_PER_MM, column_h / SM_PT_PER_MM);
            *at = (flow_at){at->elem + 1, 0};
            if (!p->placing) return false;
            continue;
        }
        if (p->filled) p->used += gap;
        if (p->placing)
            sm_flow_place(p->l, e, column_x(p), p->y0 + p->reserved + p->used, p->column_w, height);
        p->used += height;
        p->filled = true;
        *at = (flow_at){at->elem + 1, 0};
    }
    return true;
}

/* Small text at the page head or foot, across the text block. */
static void running_line(pager *p, const char *text, const sm_style *style, double y, bool above) {
    sm_span *span = sm_arena_alloc(p->l->arena, sizeof *span);
    span->text = text;
    sm_rich *rich = sm_arena_alloc(p->l->arena, sizeof *rich);
    *rich = (sm_rich){.spans = span, .count = 1, .plain = text, .pos = p->flow->body->pos};
    const sm_paragraph *para = sm_compose_once(p->l, rich, style, style->size, p->w);
    double h = para->height;
    sm_box *box =
        sm_page_add_box(p->l, SM_BOX_TEXT, p->flow->body->pos, p->x0, above ? y - h : y, p->w, h);
    box->as.text.paragraph = para;
    box->tag = NULL; /* an artifact: read once, not on every page */
}

static double running_height(const sm_style *style) { return style->size * style->line_height; }

static void finish_pages(pager *p, const sm_paragraph *footer) {
    const sm_flow_def *flow = p->flow;
    const sm_resolved *res = p->res;
    double m = res->margin;
    for (size_t i = 0; i < p->page_count; i++) {
        sm_page *page = &p->pages[i];
        p->l->page = page;
        /* The rules between columns run as far down as the text does. */
        double top = p->y0 + (i == 0 ? p->head_height : 0), bottom = top;
        for (size_t b = 0; b < page->count; b++)
            if (page->boxes[b].y >= top - 0.01)
                bottom = fmax(bottom, page->boxes[b].y + page->boxes[b].h);
        if (flow->column_rule && flow->columns > 1 && bottom > top)
            for (int c = 1; c < flow->columns; c++) {
                double x = p->x0 + c * (p->column_w + flow->column_gap) - flow->column_gap / 2;
                sm_box *rule =
                    sm_page_add_box(p->l, SM_BOX_LINE, flow->body->pos, x, top, 0, bottom - top);
                rule->as.line.color = flow->number_style.color;
                rule->as.line.width = 0.3;
            }
        bool cover = flow->cover && i == 0;
        /* The first page under a head shows the title large already. */
        if (flow->running_header && !cover && !(i == 0 && flow->head) && res->title)
            running_line(p, res->title, &flow->header_style, m, false);
        if (flow->numbers != SM_PAGE_NUMBERS_NONE && !cover) {
            const char *number =
                flow->numbers == SM_PAGE_NUMBERS_DASH
                    ? sm_arena_printf(p->l->arena, "- %zu -", i + 1)
                    : sm_arena_printf(p->l->arena, "%zu / %zu", i + 1, p->page_count);
            running_line(p, number, &flow->number_style, res->paper_height - m, true);
        }
        if (footer) {
            double above = flow->numbers != SM_PAGE_NUMBERS_NONE && !cover
                               ? running_height(&flow->number_style) + 1 * SM_PT_PER_MM
                               : 0;
            sm_box *box = sm_page_add_box(p->l, SM_BOX_TEXT, res->footer.pos, p->x0,
                                          res->paper_height - m - above - footer->height, p->w,
                                          footer->height);
            box->as.text.paragraph = footer;
        }
        /* A booklet's sheets are finished once imposed (layout.c). */
        if (!flow->booklet) sm_sheet_finish(p->l, page, res);
    }
}

/* Sets the last page again with balanced columns: the least column height at which what
 * it holds still fits its columns, found by bisection over trial runs (a short last page
 * reads down its columns side by side, not one full column and an empty one). */
static void balance_last_page(pager *p) {
    sm_page *page = &p->pages[p->page_count - 1];
    if (p->flow->columns < 2 || (!p->filled && p->column == 0) || p->l->diags->failed) return;
    flow_at start = p->last_start;
    double low = 0, high = p->h;
    p->placing = false;
    for (int i = 0; i < 16 && high - low > 0.5; i++) {
        double mid = (low + high) / 2;
        p->at = start;
        p->column = 0;
        p->used = 0;
        p->filled = false;
        if (flow_body(p, mid))
            high = mid;
        else
            low = mid;
    }
    p->placing = true;
    page->count = p->fixed_boxes;
    p->l->page = page;
    p->at = start;
    p->column = 0;
    p->used = 0;
    p->filled = false;
    flow_body(p, high);
}

sm_page *sm_paginate(sm_layouter *l, const sm_resolved *res, size_t *count) {
    const sm_flow_def *flow = res->flow;
    pager p = {.l = l, .res = res, .flow = flow, .placing = true};
    double m = res->margin;
    double head = flow->running_header ? running_height(&flow->header_style) : 0;
    double foot = flow->numbers != SM_PAGE_NUMBERS_NONE ? running_height(&flow->number_style) : 0;
    const sm_paragraph *footer = NULL;
    if (res->has_footer) {
        footer = sm_compose(l, &res->footer, &res->footer_style, res->footer_style.size,
                            res->paper_width - 2 * m);
        foot += footer->height + (foot > 0 ? 1 * SM_PT_PER_MM : 0);
    }
    double gap = SM_RUNNING_GAP_MM * SM_PT_PER_MM;
    p.x0 = m;
    p.w = res->paper_width - 2 * m;
    p.y0 = m + (head > 0 ? head + gap : 0);
    p.h = res->paper_height - 2 * m - (head > 0 ? head + gap : 0) - (foot > 0 ? foot + gap : 0);
    p.column_w = (p.w - (flow->columns - 1) * flow->column_gap) / flow->columns;
    *count = 0;
    if (p.h <= 0 || p.column_w <= 0) {
        sm_error(l->diags, flow->body->pos, "the margins leave no room for text on the page");
        return NULL;
    }
    flatten(&p, flow->body, 0);
    new_page(&p);
    if (flow->head) {
        /* The title block across the columns; the columns start under it. */
        double head_h = sm_flow_measure(l, flow->head, p.w, p.h);
        if (head_h > p.h) {
            sm_error(l->diags, flow->head->pos,
                     "the head is %.1f mm tall, taller than the page's text block (%.1f mm)",
                     head_h / SM_PT_PER_MM, p.h / SM_PT_PER_MM);
            return NULL;
        }
        sm_flow_place(l, flow->head, p.x0, p.y0, p.w, head_h);
        p.reserved = p.head_height = head_h + flow->body->gap * 2;
        p.fixed_boxes = p.pages[0].count;
    }
    flow_body(&p, p.h);
    balance_last_page(&p);
    finish_pages(&p, footer);
    *count = p.page_count;
    return p.pages;
}
