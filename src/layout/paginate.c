/* paginate.c: kind: document — the body's elements flowed into columns and pages with the
 * rules a typesetter expects: a heading stays with what follows it, a paragraph leaves no
 * single line at the foot or head of a column (orphans and widows, two lines), a table goes
 * on by whole rows with its header row repeated, what cannot be split (pictures, QR codes,
 * boxes unless `split: allow`) moves on whole, and columns are balanced where they end on a
 * page. A section changes the number of columns on the same page: the columns above it are
 * balanced and it goes on below them. */
#include "layout.h"

#include <math.h>
#include <string.h>

/* Lines a paragraph keeps together at a column's foot (orphans) and head (widows). */
#define SM_KEEP_LINES 2
/* Between the running header or the page numbers and the text block. */
#define SM_RUNNING_GAP_MM 4.0
/* Lengths closer than this are equal (rounding of sums of heights). */
#define SM_FIT_EPSILON 0.01

/* Where the flow stands: the next element of the body, and the first line (or table row)
 * of it still to place. */
typedef struct flow_at {
    size_t elem;
    size_t line;
} flow_at;

/* The columns part of the body flows in: the document's, or a section's. */
typedef struct region_def {
    int columns;
    double column_gap;
    bool rule; /* a line between the columns */
} region_def;

/* One element of the flow: stacks and sections are opened (they are runs of elements, so
 * the flow may break between them), and so are boxes marked split: allow; everything else
 * flows whole or, text and tables, by lines and rows. */
typedef struct flow_item {
    const sm_elem *elem;
    double gap;               /* the space before it */
    const region_def *region; /* the columns it flows in */
    const sm_elem *box;       /* the split box it stands in, or NULL */
} flow_item;

typedef struct pager {
    sm_layouter *l;
    const sm_resolved *res;
    const sm_flow_def *flow;
    flow_item *items;
    size_t item_count, item_capacity;
    sm_page *pages;
    size_t page_count, page_capacity;
    double x0, y0, w, h; /* the text block of a page */
    double head_height;  /* the first page's head with the space under it */
    double page_top;     /* where the body starts on this page, down from y0 */
    /* The region being filled: a run of the body in one set of columns, on this page. */
    const region_def *region;
    double column_w;
    double region_top;       /* where it starts, down from y0 */
    flow_at region_start;    /* the first of it on this page */
    size_t region_first_box; /* the first of this page's boxes that it placed */
    double deepest;          /* the most any of its columns holds */
    /* The column being filled. */
    int column;
    double used; /* height placed in it */
    bool filled; /* something is in it */
    /* The part of a split box this column holds: its frame (a box of the page, made as the
     * part opens and sized as it closes) and where it starts. */
    const sm_elem *part_box;
    size_t part_frame;
    double part_top;
    bool part_filled;  /* something of the box is in it */
    bool part_gapless; /* the next element is the part's first: no gap before it */
    bool placing;      /* false: a trial run (balancing) that adds no boxes */
    flow_at at;        /* what is placed next */
} pager;

static void add_item(pager *p, flow_item item) {
    if (p->item_count == p->item_capacity) {
        size_t cap = p->item_capacity ? p->item_capacity * 2 : 64;
        p->items = sm_arena_grow(p->l->arena, p->items, p->item_count, cap, sizeof *p->items);
        p->item_capacity = cap;
    }
    p->items[p->item_count++] = item;
}

static bool flows_free(const sm_elem *e) {
    return !e->has_height && !e->placed && e->child_count > 0;
}

/* The elements of a stack in flow order; `gap` goes before the first of them. */
static void flatten(pager *p, const sm_elem *stack, double gap, const region_def *region,
                    const sm_elem *box) {
    for (size_t i = 0; i < stack->child_count; i++) {
        const sm_elem *c = stack->children[i];
        double before = i == 0 ? gap : stack->gap;
        if (c->section) {
            region_def *own = sm_arena_alloc(p->l->arena, sizeof *own);
            *own = (region_def){c->columns, c->column_gap, c->column_rule};
            flatten(p, c, before, own, box);
        } else if (c->type == SM_ELEM_STACK && flows_free(c)) {
            flatten(p, c, before, region, box);
        } else if (c->type == SM_ELEM_BOX && c->split && !box && flows_free(c)) {
            flatten(p, c, before, region, c);
        } else {
            add_item(p, (flow_item){c, before, region, box});
        }
    }
}

/* ---- columns, regions and pages ---------------------------------------------------- */

static void start_columns(pager *p) {
    p->column = 0;
    p->used = 0;
    p->filled = false;
    p->deepest = 0;
    p->part_box = NULL;
    p->part_gapless = false;
}

static void new_page(pager *p) {
    if (p->page_count == p->page_capacity) {
        size_t cap = p->page_capacity ? p->page_capacity * 2 : 4;
        p->pages = sm_arena_grow(p->l->arena, p->pages, p->page_count, cap, sizeof *p->pages);
        p->page_capacity = cap;
    }
    sm_page *page = &p->pages[p->page_count++];
    memset(page, 0, sizeof *page);
    sm_sheet_setup(page, p->res);
    p->l->page = page;
    p->page_top = p->region_top = 0;
    p->region_start = p->at;
    p->region_first_box = 0;
    start_columns(p);
}

static double region_column_w(const pager *p, const region_def *region) {
    return (p->w - (region->columns - 1) * region->column_gap) / region->columns;
}

static double column_x(const pager *p) {
    return p->x0 + p->column * (p->column_w + p->region->column_gap);
}

static double column_y(const pager *p) { return p->y0 + p->region_top + p->used; }

/* A column that is as tall as the page allows and holds nothing: what does not fit in it
 * fits nowhere, so it is set here anyway (or is an error). */
static bool fresh(const pager *p) {
    return !p->filled && p->region_top <= p->page_top + SM_FIT_EPSILON;
}

/* The part of the split box this column holds ends: its frame closes under what it holds,
 * or, where it holds nothing, goes (no empty frame at a column's foot). */
static void close_part(pager *p) {
    if (!p->part_box) return;
    if (p->part_filled) {
        p->used += p->part_box->padding;
        if (p->placing) p->l->page->boxes[p->part_frame].h = p->used - p->part_top;
    } else {
        if (p->placing) p->l->page->count = p->part_frame; /* nothing was added after it */
        p->used = p->part_top;
    }
    p->part_box = NULL;
    p->part_gapless = false;
}

/* Before item i: the part of a split box it is not in closes, the one it is in opens. */
static void enter_part(pager *p, size_t i) {
    const flow_item *item = &p->items[i];
    if (item->box == p->part_box) return;
    close_part(p);
    if (!item->box) return;
    if (p->filled) p->used += item->gap;
    p->part_box = item->box;
    p->part_top = p->used;
    p->part_filled = false;
    p->part_gapless = true;
    if (p->placing) {
        sm_flow_frame(p->l, item->box, column_x(p), column_y(p), p->column_w, 0);
        p->part_frame = p->l->page->count - 1;
    }
    p->used += item->box->padding;
}

/* The lines between this page's columns of the region, as far down as its text goes. */
static void draw_rules(pager *p) {
    const region_def *region = p->region;
    if (!p->placing || !region->rule || region->columns < 2 || p->deepest <= 0) return;
    double top = p->y0 + p->region_top;
    for (int c = 1; c < region->columns; c++) {
        double x = p->x0 + c * (p->column_w + region->column_gap) - region->column_gap / 2;
        sm_box *rule =
            sm_page_add_box(p->l, SM_BOX_LINE, p->flow->body->pos, x, top, 0, p->deepest);
        rule->as.line.color = p->flow->number_style.color;
        rule->as.line.width = 0.3;
    }
}

/* The column is done with: what it holds counts for the region's depth. */
static void end_column(pager *p) {
    close_part(p);
    p->deepest = fmax(p->deepest, p->used);
}

static void break_page(pager *p) {
    end_column(p);
    draw_rules(p);
    new_page(p);
}

/* Moves to the next column, or the first column of a new page. Returns false in a trial
 * run that has used its page's columns. */
static bool next_column(pager *p) {
    end_column(p);
    if (p->column + 1 < p->region->columns) {
        p->column++;
        p->used = 0;
        p->filled = false;
        return true;
    }
    if (!p->placing) return false;
    draw_rules(p);
    new_page(p);
    return true;
}

/* What does not fit goes on in the next column, or, from an empty column (the region's
 * other columns on this page are no taller), on the next page. Returns false in a trial
 * run that has used its page's columns. */
static bool move_on(pager *p) {
    if (p->filled) return next_column(p);
    if (!p->placing) return false;
    break_page(p);
    return true;
}

/* ---- what an item needs ------------------------------------------------------------ */

static double inset(const flow_item *item) { return item->box ? item->box->padding : 0; }
static double item_width(const pager *p, size_t i) {
    return region_column_w(p, p->items[i].region) - 2 * inset(&p->items[i]);
}
static double item_x(const pager *p, size_t i) { return column_x(p) + inset(&p->items[i]); }

/* The space before item i where it is placed next. */
static double gap_before(const pager *p, size_t i) {
    return p->filled && !p->part_gapless ? p->items[i].gap : 0;
}

/* What is left in the column for item i after its gap (and under it, the bottom padding
 * of the split box it stands in). */
static double room_for(const pager *p, size_t i, double column_h) {
    double padding = p->part_box ? p->part_box->padding : 0;
    return column_h - p->region_top - p->used - gap_before(p, i) - padding;
}

static void mark_placed(pager *p, double height) {
    p->used += height;
    p->filled = true;
    if (p->part_box) p->part_filled = true;
    p->part_gapless = false;
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
static const sm_paragraph *splittable(pager *p, size_t i) {
    const sm_elem *e = p->items[i].elem;
    if (e->type != SM_ELEM_TEXT || e->style.vertical || e->has_height || e->placed) return NULL;
    return sm_compose(p->l, &e->text, &e->style, e->style.size, item_width(p, i));
}

static bool splittable_table(const sm_elem *e) {
    return e->type == SM_ELEM_TABLE && !e->has_height && !e->placed &&
           e->rows > (e->header ? 2u : 1u);
}

/* An element given a width keeps it (at most the column's), at the column's start. */
static double element_width(const pager *p, size_t i) {
    const sm_elem *e = p->items[i].elem;
    double width = item_width(p, i);
    if (!e->has_width) return width;
    return fmin(sm_length_to_pt(e->width, width, e->style.size), width);
}

/* The least of item i that must stand at a column's foot with a heading before it: a
 * paragraph's first lines, a heading with the least of what follows it (a chain of
 * headings stays together, also over the start of a section), anything else whole. */
static double first_part(pager *p, size_t i) {
    const sm_elem *e = p->items[i].elem;
    const sm_paragraph *para = splittable(p, i);
    /* A paragraph splits only where both parts keep their lines: four lines or more. */
    if (para && para->line_count >= 2 * SM_KEEP_LINES) return lines_height(para, 0, SM_KEEP_LINES);
    double height = sm_flow_measure(p->l, e, element_width(p, i), p->h);
    if (e->type == SM_ELEM_HEADING && i + 1 < p->item_count &&
        p->items[i + 1].elem->type != SM_ELEM_PAGE_BREAK)
        height += p->items[i + 1].gap + first_part(p, i + 1);
    return height;
}

/* ---- placing ------------------------------------------------------------------------- */

static void place_lines(pager *p, size_t i, const sm_paragraph *para, size_t from, size_t to) {
    double height = lines_height(para, from, to);
    if (p->placing) {
        sm_box *box = sm_page_add_box(p->l, SM_BOX_TEXT, p->items[i].elem->pos, item_x(p, i),
                                      column_y(p), item_width(p, i), height);
        box->as.text.paragraph = paragraph_part(p->l, para, from, to);
        box->tag = "P";
    }
    mark_placed(p, height);
}

/* A paragraph goes on by lines: none left alone at a column's foot or head. Returns false
 * where a trial run runs out of columns. */
static bool flow_paragraph(pager *p, const sm_paragraph *para, double room) {
    flow_at *at = &p->at;
    size_t i = at->elem, n = para->line_count, from = at->line;
    double gap = gap_before(p, i);
    if (lines_height(para, from, n) <= room + SM_FIT_EPSILON) {
        p->used += gap;
        place_lines(p, i, para, from, n);
        *at = (flow_at){i + 1, 0};
        return true;
    }
    size_t fit = from;
    while (fit < n && lines_height(para, from, fit + 1) <= room + SM_FIT_EPSILON) fit++;
    if (n - fit < SM_KEEP_LINES) fit = n > SM_KEEP_LINES ? n - SM_KEEP_LINES : from;
    bool enough = fit - from >= SM_KEEP_LINES || (fit > from && fresh(p));
    if (fit > from && enough) {
        p->used += gap;
        place_lines(p, i, para, from, fit);
        at->line = fit;
    } else if (fresh(p)) {
        /* A column cannot hold two lines of it: one line at a time; a line taller than a
         * column cannot be set at all. */
        double line = lines_height(para, from, from + 1);
        if (line > room + SM_FIT_EPSILON) {
            if (p->placing)
                sm_error(p->l->diags, p->items[i].elem->pos,
                         "a line of this text is %.1f mm tall, taller than a column (%.1f mm)",
                         line / SM_PT_PER_MM, room / SM_PT_PER_MM);
            *at = (flow_at){i + 1, 0};
            return p->placing;
        }
        place_lines(p, i, para, from, from + 1);
        at->line = from + 1;
        if (at->line >= n) *at = (flow_at){i + 1, 0};
    }
    return move_on(p);
}

/* A table goes on by whole rows, its header row repeated at the top of each column it
 * continues in. p->at.line is the next row to place (0: the table's start). Returns false
 * where a trial run runs out of columns. */
static bool flow_table(pager *p, double room) {
    flow_at *at = &p->at;
    size_t i = at->elem, from = at->line;
    const sm_elem *e = p->items[i].elem;
    double width = element_width(p, i), gap = gap_before(p, i);
    double total = e->header && from > 0 ? sm_table_row_height(p->l, e, 0, width) : 0;
    size_t to = from;
    while (to < e->rows) {
        double row = sm_table_row_height(p->l, e, to, width);
        if (total + row > room + SM_FIT_EPSILON) break;
        total += row;
        to++;
    }
    /* At the table's start the header row alone is not a part: it needs a row under it. */
    size_t least = from == 0 && e->header ? 2 : from + 1;
    if (to < least) {
        if (!fresh(p)) return move_on(p);
        /* An empty column that cannot hold one row: set the row anyway, and say so. */
        to = least;
        total = e->header && from > 0 ? sm_table_row_height(p->l, e, 0, width) : 0;
        for (size_t r = from; r < to; r++) total += sm_table_row_height(p->l, e, r, width);
        if (p->placing)
            sm_error(p->l->diags, e->pos,
                     "a row of this table is taller than a column (%.1f mm) and cannot be split",
                     room / SM_PT_PER_MM);
    }
    p->used += gap;
    if (p->placing) sm_table_place_rows(p->l, e, item_x(p, i), column_y(p), width, from, to);
    mark_placed(p, total);
    if (to >= e->rows) {
        *at = (flow_at){i + 1, 0};
        return true;
    }
    at->line = to;
    return next_column(p);
}

/* Anything else moves on whole; a heading keeps at least the start of what follows it in
 * its column. Returns false where a trial run runs out of columns. */
static bool flow_whole(pager *p, double room, double column_h) {
    size_t i = p->at.elem;
    const sm_elem *e = p->items[i].elem;
    double width = element_width(p, i);
    double height = sm_flow_measure(p->l, e, width, column_h);
    double keep = e->type == SM_ELEM_HEADING ? first_part(p, i) : height;
    if (height > room + SM_FIT_EPSILON || keep > room + SM_FIT_EPSILON) {
        if (!fresh(p)) return move_on(p);
        if (height > room + SM_FIT_EPSILON) {
            if (p->placing)
                sm_error(p->l->diags, e->pos,
                         "this element is %.1f mm tall, taller than a column (%.1f mm), and "
                         "cannot be split",
                         height / SM_PT_PER_MM, room / SM_PT_PER_MM);
            p->at = (flow_at){i + 1, 0};
            return p->placing;
        }
    }
    p->used += gap_before(p, i);
    if (p->placing) sm_flow_place(p->l, e, item_x(p, i), column_y(p), width, height);
    mark_placed(p, height);
    p->at = (flow_at){i + 1, 0};
    return true;
}

/* Places the region's elements from p->at on, in columns reaching column_h down from the
 * text block's top, until the region (or the body) ends: true; or until a trial run has
 * filled its columns: false. */
static bool flow_region(pager *p, double column_h) {
    flow_at *at = &p->at;
    while (at->elem < p->item_count && p->items[at->elem].region == p->region) {
        size_t i = at->elem;
        const sm_elem *e = p->items[i].elem;
        enter_part(p, i);
        if (e->type == SM_ELEM_PAGE_BREAK) {
            at->elem++;
            if (p->column == 0 && fresh(p)) continue; /* already at a page's top */
            if (e->column_break) {
                if (!next_column(p)) return false;
            } else {
                if (!p->placing) return false;
                break_page(p);
            }
            continue;
        }
        double room = room_for(p, i, column_h);
        const sm_paragraph *para = splittable(p, i);
        bool going_on;
        if (para && para->line_count > 0)
            going_on = flow_paragraph(p, para, room);
        else if (splittable_table(e))
            going_on = flow_table(p, room);
        else
            going_on = flow_whole(p, room, column_h);
        if (!going_on) return false;
    }
    close_part(p);
    return true;
}

/* Sets the region's part on this page again with balanced columns: the least column
 * height at which it still fits, found by bisection over trial runs (a short run of
 * columns reads down them side by side, not one full column and an empty one). */
static void balance_region(pager *p) {
    if (p->region->columns < 2 || (!p->filled && p->column == 0) || p->l->diags->failed) return;
    flow_at start = p->region_start;
    double low = 0, high = p->h - p->region_top;
    p->placing = false;
    for (int i = 0; i < 16 && high - low > 0.5; i++) {
        double mid = (low + high) / 2;
        p->at = start;
        start_columns(p);
        if (flow_region(p, p->region_top + mid))
            high = mid;
        else
            low = mid;
    }
    p->placing = true;
    p->l->page->count = p->region_first_box;
    p->at = start;
    start_columns(p);
    flow_region(p, p->region_top + high);
}

/* The region that item p->at starts, below what this page holds already. */
static void begin_region(pager *p, const region_def *region) {
    if (p->region_top > p->page_top + SM_FIT_EPSILON) p->region_top += p->items[p->at.elem].gap;
    p->region = region;
    p->column_w = region_column_w(p, region);
    p->region_start = p->at;
    p->region_first_box = p->l->page->count;
    start_columns(p);
}

/* The region ends on this page: its columns balanced, the rules between them drawn; what
 * follows starts under its deepest column. */
static void end_region(pager *p) {
    balance_region(p);
    end_column(p);
    draw_rules(p);
    p->region_top += p->deepest;
}

sm_page *sm_paginate(sm_layouter *l, const sm_resolved *res, size_t *count) {
    const sm_flow_def *flow = res->flow;
    pager p = {.l = l, .res = res, .flow = flow, .placing = true};
    double m = res->margin;
    double head = flow->running_header ? sm_running_height(&flow->header_style) : 0;
    double foot =
        flow->numbers != SM_PAGE_NUMBERS_NONE ? sm_running_height(&flow->number_style) : 0;
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
    const region_def document = {flow->columns, flow->column_gap, flow->column_rule};
    *count = 0;
    if (p.h <= 0 || (p.w - (flow->columns - 1) * flow->column_gap) <= 0) {
        sm_error(l->diags, flow->body->pos, "the margins leave no room for text on the page");
        return NULL;
    }
    flatten(&p, flow->body, 0, &document, NULL);
    for (size_t i = 0; i < p.item_count; i++) {
        const region_def *region = p.items[i].region;
        if (p.w - (region->columns - 1) * region->column_gap <= 0) {
            sm_error(l->diags, p.items[i].elem->pos,
                     "the columns' gaps leave no room for text on the page");
            return NULL;
        }
    }
    p.region = &document;
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
        p.page_top = p.region_top = p.head_height = head_h + flow->body->gap * 2;
    }
    while (p.at.elem < p.item_count) {
        begin_region(&p, p.items[p.at.elem].region);
        flow_region(&p, p.h);
        end_region(&p);
    }
    sm_running_finish(l, res, p.pages, p.page_count, p.x0, p.w, footer);
    *count = p.page_count;
    return p.pages;
}
