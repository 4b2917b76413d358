/* diagram.c: the flow element — boxes of text joined by arrows, left to right or top to
 * bottom, the last box maybe branching into parallel chains (ISEN事務局 → 学校, and
 * ISEN事務局 → 教育委員会 → 学校). */
#include "layout.h"

#include <math.h>

/* The length of an arrow between two boxes, and the space between parallel branches. */
#define SM_FLOW_ARROW_MM      7.0
#define SM_FLOW_BRANCH_GAP_MM 4.0
/* The arrows' line width, in points. */
#define SM_FLOW_LINE_PT 1.2

static double arrow_len(void) { return SM_FLOW_ARROW_MM * SM_PT_PER_MM; }
static double branch_gap(void) { return SM_FLOW_BRANCH_GAP_MM * SM_PT_PER_MM; }

static const sm_paragraph *box_text(sm_layouter *l, const sm_elem *e, const sm_rich *text,
                                    double width) {
    sm_style style = e->style;
    style.align = SM_ALIGN_CENTER;
    /* A box's words are a label: broken between phrases (ISEN / 事務局), never in a word. */
    style.phrase = true;
    return sm_compose(l, text, &style, style.size, fmax(width - 2 * e->padding, 1));
}

static double box_height(sm_layouter *l, const sm_elem *e, const sm_rich *text, double width) {
    return box_text(l, e, text, width)->height + 2 * e->padding;
}

/* The tallest box of a chain (horizontal chains share one height). */
static double chain_height(sm_layouter *l, const sm_elem *e, const sm_rich *texts, size_t n,
                           double width) {
    double tallest = 0;
    for (size_t i = 0; i < n; i++) tallest = fmax(tallest, box_height(l, e, &texts[i], width));
    return tallest;
}

/* A vertical chain's length: its boxes and the arrows between them. */
static double chain_length(sm_layouter *l, const sm_elem *e, const sm_rich *texts, size_t n,
                           double width) {
    double total = 0;
    for (size_t i = 0; i < n; i++) total += box_height(l, e, &texts[i], width);
    return total + (n > 1 ? (double)(n - 1) * arrow_len() : 0);
}

static size_t longest_branch(const sm_elem *e) {
    size_t longest = 0;
    for (size_t b = 0; b < e->branch_count; b++)
        if (e->branch_lengths[b] > longest) longest = e->branch_lengths[b];
    return longest;
}

/* Horizontal: every box as wide, the main chain and the longest branch across the width. */
static double box_width_across(const sm_elem *e, double width) {
    size_t columns = e->item_count + longest_branch(e);
    return (width - (double)(columns - 1) * arrow_len()) / (double)columns;
}

/* Vertical: the branches side by side; the main chain as wide as one of them. */
static double column_width(const sm_elem *e, double width) {
    size_t b = e->branch_count;
    return b ? (width - (double)(b - 1) * branch_gap()) / (double)b : width * 0.6;
}

double sm_diagram_height(sm_layouter *l, const sm_elem *e, double width) {
    if (e->item_count == 0) return 0;
    if (!e->flow_vertical) {
        double w = box_width_across(e, width);
        double main = chain_height(l, e, e->items, e->item_count, w), branches = 0;
        for (size_t b = 0; b < e->branch_count; b++)
            branches += chain_height(l, e, e->branches[b], e->branch_lengths[b], w) +
                        (b > 0 ? branch_gap() : 0);
        return fmax(main, branches);
    }
    double w = column_width(e, width), longest = 0;
    for (size_t b = 0; b < e->branch_count; b++)
        longest = fmax(longest, chain_length(l, e, e->branches[b], e->branch_lengths[b], w));
    return chain_length(l, e, e->items, e->item_count, w) +
           (e->branch_count ? arrow_len() + longest : 0);
}

static void place_box(sm_layouter *l, const sm_elem *e, const sm_rich *text, double x, double y,
                      double w, double h) {
    sm_box *rect = sm_page_add_box(l, SM_BOX_RECT, e->pos, x, y, w, h);
    rect->as.rect.fill = e->fill;
    rect->as.rect.stroke = e->border;
    rect->as.rect.stroke_width = SM_FLOW_LINE_PT;
    rect->as.rect.radius = e->radius;
    const sm_paragraph *p = box_text(l, e, text, w);
    sm_box *box = sm_page_add_box(l, SM_BOX_TEXT, text->pos, x + e->padding,
                                  y + (h - p->height) / 2, w - 2 * e->padding, p->height);
    box->as.text.paragraph = p;
    box->tag = "P";
}

static void place_line(sm_layouter *l, const sm_elem *e, double x0, double y0, double x1, double y1,
                       bool arrow) {
    sm_box *line = sm_page_add_box(l, SM_BOX_LINE, e->pos, x0, y0, x1 - x0, y1 - y0);
    line->as.line.color = e->border;
    line->as.line.width = SM_FLOW_LINE_PT;
    line->as.line.arrow = arrow;
}

static void place_horizontal(sm_layouter *l, const sm_elem *e, double x, double y, double width) {
    double w = box_width_across(e, width), a = arrow_len();
    double height = sm_diagram_height(l, e, width);
    double main_h = chain_height(l, e, e->items, e->item_count, w), cy = y + height / 2;
    for (size_t k = 0; k < e->item_count; k++) {
        double bx = x + (double)k * (w + a);
        place_box(l, e, &e->items[k], bx, cy - main_h / 2, w, main_h);
        if (k + 1 < e->item_count) place_line(l, e, bx + w, cy, bx + w + a, cy, true);
    }
    double from = x + (double)e->item_count * (w + a) - a, mid = from + a / 2, by = y;
    if (e->branch_count) place_line(l, e, from, cy, mid, cy, false);
    for (size_t b = 0; b < e->branch_count; b++) {
        double h = chain_height(l, e, e->branches[b], e->branch_lengths[b], w), rc = by + h / 2;
        place_line(l, e, mid, cy, mid, rc, false);
        place_line(l, e, mid, rc, from + a, rc, true);
        for (size_t k = 0; k < e->branch_lengths[b]; k++) {
            double bx = from + a + (double)k * (w + a);
            place_box(l, e, &e->branches[b][k], bx, by, w, h);
            if (k + 1 < e->branch_lengths[b]) place_line(l, e, bx + w, rc, bx + w + a, rc, true);
        }
        by += h + branch_gap();
    }
}

/* A vertical chain from top y, centred on cx; returns where it ends. */
static double place_column(sm_layouter *l, const sm_elem *e, const sm_rich *texts, size_t n,
                           double cx, double y, double w) {
    for (size_t k = 0; k < n; k++) {
        double h = box_height(l, e, &texts[k], w);
        place_box(l, e, &texts[k], cx - w / 2, y, w, h);
        y += h;
        if (k + 1 < n) {
            place_line(l, e, cx, y, cx, y + arrow_len(), true);
            y += arrow_len();
        }
    }
    return y;
}

static void place_vertical(sm_layouter *l, const sm_elem *e, double x, double y, double width) {
    double w = column_width(e, width), a = arrow_len(), cx = x + width / 2;
    double end = place_column(l, e, e->items, e->item_count, cx, y, w);
    if (!e->branch_count) return;
    double mid = end + a / 2;
    place_line(l, e, cx, end, cx, mid, false);
    double first = x + w / 2, last = x + width - w / 2;
    if (e->branch_count > 1) place_line(l, e, first, mid, last, mid, false);
    for (size_t b = 0; b < e->branch_count; b++) {
        double bcx = x + w / 2 + (double)b * (w + branch_gap());
        if (e->branch_count == 1) bcx = cx;
        place_line(l, e, bcx, mid, bcx, end + a, true);
        place_column(l, e, e->branches[b], e->branch_lengths[b], bcx, end + a, w);
    }
}

void sm_diagram_place(sm_layouter *l, const sm_elem *e, double x, double y, double width) {
    if (e->item_count == 0) return;
    if (e->flow_vertical)
        place_vertical(l, e, x, y, width);
    else
        place_horizontal(l, e, x, y, width);
}
