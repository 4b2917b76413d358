/* flow.c: measuring and placing elements — stacks, rows, grids, boxes, text, images. */
#include "layout.h"

#include <math.h>
#include <string.h>

/* Overflows below this many points are rounding, not a problem worth a warning. */
#define SM_OVERFLOW_TOLERANCE 0.5

static double length(sm_length v, double reference, double em) {
    return sm_length_to_pt(v, reference, em);
}

/* Width of a child in a container `width` wide, when it asks for one. */
static double requested_width(const sm_elem *e, double width) {
    return e->has_width ? fmin(length(e->width, width, e->style.size), width) : width;
}

/* How far a callout's pointer sticks out of its frame (and how wide its base is). */
#define SM_POINTER_PT (4 * SM_PT_PER_MM)

/* ---- tables ------------------------------------------------------------------------ */

/* Column widths: as given (% of the table or absolute), or equal. */
static double table_column(const sm_elem *e, size_t col, double width) {
    if (e->col_widths) return length(e->col_widths[col], width, e->style.size);
    return width / (double)e->cols;
}

/* A cell holding a number (digits with , . % 件 人 and the like) is set flush right, so
 * figures line up by their units. */
static bool numeric_cell(const sm_rich *cell) {
    const char *s = cell->plain;
    bool digit = false;
    for (; s && *s; s = g_utf8_next_char(s)) {
        gunichar c = g_utf8_get_char(s);
        if (g_unichar_isdigit(c))
            digit = true;
        else if (!strchr(",.%-+ ", (int)(c < 0x80 ? c : 'x')) && c != 0x4ef6 /* 件 */ &&
                 c != 0x4eba /* 人 */ && c != 0xff05 /* ％ */)
            return false;
    }
    return digit;
}

static sm_style cell_style(const sm_elem *e, size_t row, const sm_rich *cell) {
    sm_style style = e->style;
    bool heading = e->header && row == 0;
    style.bold = style.bold || heading;
    style.align = heading ? SM_ALIGN_CENTER : numeric_cell(cell) ? SM_ALIGN_RIGHT : SM_ALIGN_LEFT;
    style.pretty = false; /* cells are short: a last line of one character is fine */
    return style;
}

static const sm_paragraph *table_cell(sm_layouter *l, const sm_elem *e, size_t row, size_t col,
                                      double width) {
    const sm_rich *cell = &e->cells[row * e->cols + col];
    sm_style style = cell_style(e, row, cell);
    return sm_compose(l, cell, &style, style.size, table_column(e, col, width) - 2 * e->padding);
}

double sm_table_row_height(sm_layouter *l, const sm_elem *e, size_t row, double width) {
    double tallest = 0;
    for (size_t c = 0; c < e->cols; c++)
        tallest = fmax(tallest, table_cell(l, e, row, c, width)->height);
    return tallest + 2 * e->padding;
}

/* The rows a part of a table shows: its header row (again, where the table continues from
 * an earlier column), then body rows [from, to). */
static size_t part_rows(const sm_elem *e, size_t from, size_t to, size_t *rows) {
    size_t n = 0;
    if (e->header && from > 0) rows[n++] = 0;
    for (size_t r = from; r < to; r++) rows[n++] = r;
    return n;
}

/* Backgrounds and rules first, then the cells inside Table > TR > TH/TD structure (so no
 * decoration lands inside a cell's tag). A part of a split table is a table of its own. */
void sm_table_place_rows(sm_layouter *l, const sm_elem *e, double x, double y, double w,
                         size_t from, size_t to) {
    size_t rows[e->rows + 1];
    size_t n = part_rows(e, from, to, rows);
    double heights[n + 1], cy = y;
    for (size_t i = 0; i < n; i++) heights[i] = sm_table_row_height(l, e, rows[i], w);
    for (size_t i = 0; i < n; i++) {
        size_t r = rows[i];
        sm_color fill = e->header && r == 0                  ? e->header_fill
                        : (r - (e->header ? 1 : 0)) % 2 == 1 ? e->stripe
                                                             : (sm_color){0, 0, 0, 0};
        if (fill.a > 0) {
            sm_box *box = sm_page_add_box(l, SM_BOX_RECT, e->pos, x, cy, w, heights[i]);
            box->as.rect.fill = fill;
        }
        cy += heights[i];
    }
    /* Rules: above and below every row, and between columns. */
    cy = y;
    for (size_t i = 0; i <= n; i++) {
        bool under_header = i == 1 && e->header && rows[0] == 0;
        double thick = i == 0 || i == n || under_header ? 2 * e->border_width : e->border_width;
        sm_box *line = sm_page_add_box(l, SM_BOX_LINE, e->pos, x, cy, w, 0);
        line->as.line.color = e->border;
        line->as.line.width = thick;
        if (i < n) cy += heights[i];
    }
    double cx = x;
    for (size_t c = 0; c + 1 < e->cols; c++) {
        cx += table_column(e, c, w);
        sm_box *line = sm_page_add_box(l, SM_BOX_LINE, e->pos, cx, y, 0, cy - y);
        line->as.line.color = e->border;
        line->as.line.width = e->border_width;
    }
    cy = y;
    for (size_t i = 0; i < n; i++) {
        size_t r = rows[i];
        cx = x;
        for (size_t c = 0; c < e->cols; c++) {
            const sm_paragraph *p = table_cell(l, e, r, c, w);
            double cw = table_column(e, c, w);
            sm_box *box =
                sm_page_add_box(l, SM_BOX_TEXT, e->cells[r * e->cols + c].pos, cx + e->padding,
                                cy + (heights[i] - p->height) / 2, cw - 2 * e->padding, p->height);
            box->as.text.paragraph = p;
            box->tag = e->header && r == 0 ? "TH" : "TD";
            if (c == 0) box->open[0] = i == 0 ? "Table" : NULL, box->open[1] = "TR";
            if (c + 1 == e->cols) box->close[0] = "TR", box->close[1] = i + 1 == n ? "Table" : NULL;
            cx += cw;
        }
        cy += heights[i];
    }
}

/* ---- measuring -------------------------------------------------------------------- */

static double measure_stack(sm_layouter *l, sm_elem *const *children, size_t count, double gap,
                            double width, double avail) {
    double total = 0;
    size_t flowing = 0;
    for (size_t i = 0; i < count; i++) {
        if (children[i]->placed) continue;
        total += sm_flow_measure(l, children[i], requested_width(children[i], width), avail);
        flowing++;
    }
    return total + (flowing > 1 ? gap * (double)(flowing - 1) : 0);
}

/* Splits a row's width: fixed widths first, the rest by weight (default 1 each). */
static void row_widths(const sm_elem *row, double width, double *out) {
    size_t n = row->child_count, flowing = 0;
    double fixed = 0, weights = 0;
    for (size_t i = 0; i < n; i++) {
        const sm_elem *c = row->children[i];
        if (c->placed) continue;
        flowing++;
        if (c->has_width) {
            out[i] = fmin(length(c->width, width, c->style.size), width);
            fixed += out[i];
        } else {
            weights += c->weight > 0 ? c->weight : 1;
        }
    }
    double free_space = width - fixed - (flowing > 1 ? row->gap * (double)(flowing - 1) : 0);
    if (free_space < 0) free_space = 0;
    for (size_t i = 0; i < n; i++) {
        const sm_elem *c = row->children[i];
        if (c->placed)
            out[i] = 0;
        else if (!c->has_width)
            out[i] = free_space * (c->weight > 0 ? c->weight : 1) / weights;
    }
}

/* A list item: a short one (up to three lines: a check sheet's item and its two-line
 * consequence) broken between phrases, so シュレッダー and 紛失する stay whole, unless that
 * takes more lines; a longer one set as body text (phrase breaks would leave it ragged). */
#define SM_SHORT_ITEM_LINES 3
static const sm_paragraph *list_item(sm_layouter *l, const sm_elem *e, size_t i, double width) {
    const sm_paragraph *plain = sm_compose(l, &e->items[i], &e->style, e->style.size, width);
    if (e->style.phrase || e->style.vertical || plain->line_count > SM_SHORT_ITEM_LINES)
        return plain;
    sm_style phrase = e->style;
    phrase.phrase = true;
    if (phrase.align == SM_ALIGN_JUSTIFY) phrase.align = SM_ALIGN_LEFT; /* ragged, not spread */
    const sm_paragraph *short_item = sm_compose(l, &e->items[i], &phrase, phrase.size, width);
    bool fits = short_item->line_count <= plain->line_count && !short_item->phrase_broken &&
                !short_item->overflow;
    return fits ? short_item : plain;
}

static double list_label_width(sm_layouter *l, const sm_elem *e) {
    double widest = 0;
    for (size_t i = 0; i < e->item_count; i++) {
        sm_rich label = {0};
        sm_span span = {.text = sm_numbering_label(l->arena, e->numbering, e->start + (int)i)};
        label.spans = &span;
        label.count = 1;
        double w = sm_text_width(sm_compose_once(l, &label, &e->style, e->style.size, -1));
        if (w > widest) widest = w;
    }
    return widest > 0 ? widest + e->style.size * 0.3 : 0;
}

static double image_height(sm_layouter *l, const sm_elem *e, double width) {
    const sm_image *image = e->path ? sm_image_get(l, e->path, e->pos) : NULL;
    if (!image) return 0;
    return width * image->height / image->width;
}

double sm_flow_measure(sm_layouter *l, const sm_elem *e, double width, double avail) {
    if (e->has_height) return length(e->height, avail, e->style.size);
    switch (e->type) {
    case SM_ELEM_TEXT:
        /* Vertical text is as tall as its longest column, unless given a height. */
        if (e->style.vertical) return sm_compose(l, &e->text, &e->style, e->style.size, -1)->width;
        return sm_text_height(sm_compose(l, &e->text, &e->style, e->style.size, width));
    case SM_ELEM_HEADING: {
        if (e->style.vertical) return sm_compose(l, &e->text, &e->style, e->style.size, -1)->width;
        double size = sm_heading_size(l, e, width);
        return sm_text_height(sm_compose(l, &e->text, &e->style, size, width));
    }
    case SM_ELEM_IMAGE:
        /* A picture that fills what its card gives asks only for its least. */
        if (e->fill_height) return image_height(l, e, width) * e->shrink_to;
        return image_height(l, e, e == l->shrunk ? fmin(width, l->shrunk_width) : width);
    case SM_ELEM_BOX: {
        /* A callout's pointer takes room on its side, outside the frame. */
        double across = e->pointer == 1 || e->pointer == 2 ? SM_POINTER_PT : 0;
        double along = e->pointer >= 3 ? SM_POINTER_PT : 0;
        return measure_stack(l, e->children, e->child_count, e->gap,
                             width - across - 2 * e->padding, avail) +
               2 * e->padding + along;
    }
    case SM_ELEM_STACK: return measure_stack(l, e->children, e->child_count, e->gap, width, avail);
    case SM_ELEM_ROW: {
        double widths[e->child_count + 1], tallest = 0;
        row_widths(e, width, widths);
        for (size_t i = 0; i < e->child_count; i++)
            if (!e->children[i]->placed)
                tallest = fmax(tallest, sm_flow_measure(l, e->children[i], widths[i], avail));
        return tallest;
    }
    case SM_ELEM_GRID: {
        int columns = e->columns;
        double cell = (width - e->gap * (columns - 1)) / columns, total = 0;
        size_t rows = 0;
        for (size_t i = 0; i < e->child_count; i += (size_t)columns, rows++) {
            double tallest = 0;
            for (size_t k = i; k < i + (size_t)columns && k < e->child_count; k++)
                tallest = fmax(tallest, sm_flow_measure(l, e->children[k], cell, avail));
            total += tallest;
        }
        return total + (rows > 1 ? e->gap * (double)(rows - 1) : 0);
    }
    case SM_ELEM_LIST: {
        double indent = list_label_width(l, e), total = 0;
        for (size_t i = 0; i < e->item_count; i++)
            total += sm_text_height(list_item(l, e, i, width - indent));
        return total + (e->item_count > 1 ? e->gap * (double)(e->item_count - 1) : 0);
    }
    case SM_ELEM_LINES: {
        int rows = (e->line_count + e->columns - 1) / e->columns;
        return rows * e->spacing;
    }
    case SM_ELEM_RULE:
    case SM_ELEM_SPACE: return length(e->extent, avail, e->style.size);
    case SM_ELEM_QR: return sm_qr_size(e, width);
    case SM_ELEM_PAGE_BREAK: return 0; /* paginate.c acts on it */
    case SM_ELEM_FLOW: return sm_diagram_height(l, e, width);
    case SM_ELEM_CHART: return sm_chart_height(l, e, width);
    case SM_ELEM_TABLE: {
        double total = 0;
        for (size_t r = 0; r < e->rows; r++) total += sm_table_row_height(l, e, r, width);
        return total;
    }
    }
    return 0;
}

/* ---- placing ---------------------------------------------------------------------- */

static double valign_offset(sm_valign valign, double free_space) {
    if (free_space <= 0) return 0;
    return valign == SM_VALIGN_MIDDLE   ? free_space / 2
           : valign == SM_VALIGN_BOTTOM ? free_space
                                        : 0;
}

/* Content that does not fit is an error, never clipped or printed over what is beside it:
 * on paper it would be lost. The element is then not placed, so what it would have pushed
 * over the page's edge adds no errors of its own. `what` names it; heights in points. */
static void overflow_error(sm_layouter *l, const sm_elem *e, const char *what, const char *room,
                           double needed, double has) {
    sm_error(l->diags, e->pos, "%s needs %.1f mm, %s %.1f mm (%.1f mm too tall)", what,
             needed / SM_PT_PER_MM, room, has / SM_PT_PER_MM, (needed - has) / SM_PT_PER_MM);
}

/* A line wider than its box (a word or URL with no place to break) would print over what
 * stands beside it. */
static void check_line_widths(sm_layouter *l, const sm_elem *e, const sm_paragraph *p) {
    if (!p->overflow || p->measure <= 0) return;
    sm_error(l->diags, e->pos,
             "a word of this text is %.1f mm wider than its box and has no place to break "
             "(write a space, or widen the box)",
             (p->width - p->measure) / SM_PT_PER_MM);
}

/* The structure tag of a text element: P, or H1/H2 for headings and sections, H3 under
 * them (a glossary's terms). */
static const char *text_tag(const sm_elem *e) {
    if (e->level >= 3) return "H3";
    if (e->level >= 2) return "H2";
    return e->type == SM_ELEM_HEADING ? "H1" : "P";
}

/* Vertical-rl: columns as long as the height given, the block of columns at the right of
 * the width (where vertical text starts). `align` works along the columns, as CSS's
 * text-align does: left is the top. */
static void place_vertical_text(sm_layouter *l, const sm_elem *e, double x, double y, double w,
                                double h) {
    double size = e->type == SM_ELEM_HEADING ? sm_heading_size(l, e, h) : e->style.size;
    const sm_paragraph *paragraph = sm_compose(l, &e->text, &e->style, size, h);
    double block = paragraph->height;
    if (block > w + SM_OVERFLOW_TOLERANCE) {
        sm_error(l->diags, e->pos,
                 "vertical text needs %.1f mm across, its box has %.1f mm (%.1f mm too wide)",
                 block / SM_PT_PER_MM, w / SM_PT_PER_MM, (block - w) / SM_PT_PER_MM);
        return;
    }
    check_line_widths(l, e, paragraph);
    sm_box *box = sm_page_add_box(l, SM_BOX_TEXT, e->pos, x + w - block, y, block, h);
    box->as.text.paragraph = paragraph;
    box->tag = text_tag(e);
}

static void place_text(sm_layouter *l, const sm_elem *e, double x, double y, double w, double h) {
    if (e->style.vertical) {
        place_vertical_text(l, e, x, y, w, h);
        return;
    }
    double size = e->type == SM_ELEM_HEADING ? sm_heading_size(l, e, w) : e->style.size;
    const sm_paragraph *paragraph = sm_compose(l, &e->text, &e->style, size, w);
    double th = sm_text_height(paragraph);
    if (th > h + SM_OVERFLOW_TOLERANCE) {
        overflow_error(l, e, "text", "its box has", th, h);
        return;
    }
    check_line_widths(l, e, paragraph);
    sm_box *box =
        sm_page_add_box(l, SM_BOX_TEXT, e->pos, x, y + valign_offset(e->valign, h - th), w, th);
    box->as.text.paragraph = paragraph;
    box->tag = text_tag(e);
}

static void place_markers(sm_layouter *l, const sm_elem *e, double ix, double iy, double iw,
                          double ih) {
    double d = length(e->marker_size, iw, e->style.size);
    for (size_t i = 0; i < e->marker_count; i++) {
        const sm_marker *m = &e->markers[i];
        double px = ix + length(m->x, iw, e->style.size), py = iy + length(m->y, ih, e->style.size);
        if (px < ix - 0.01 || px > ix + iw + 0.01 || py < iy - 0.01 || py > iy + ih + 0.01)
            sm_warning(l->diags, m->pos, "marker %zu lies outside its image", i + 1);
        /* The circle sits up and to the left of the spot, so it never hides the hazard;
         * a leader line joins them. Kept inside the image. */
        double cx = fmin(fmax(px - 0.55 * d, ix + d / 2), ix + iw - d / 2);
        double cy = fmin(fmax(py - 0.55 * d, iy + d / 2), iy + ih - d / 2);
        sm_style label_style = e->style;
        label_style.bold = true;
        label_style.align = SM_ALIGN_CENTER;
        label_style.line_height = 1.0;
        const char *text = m->label ? m->label : sm_arena_printf(l->arena, "%zu", i + 1);
        sm_span span = {.text = text};
        sm_rich rich = {.spans = &span, .count = 1, .plain = text, .pos = m->pos};
        sm_box *box = sm_page_add_box(l, SM_BOX_MARKER, m->pos, cx - d / 2, cy - d / 2, d, d);
        box->as.marker.label = sm_compose_once(l, &rich, &label_style, d * 0.58, -1);
        box->as.marker.fill = e->marker_color;
        box->as.marker.ink = (sm_color){1, 1, 1, 1};
        box->as.marker.point_x = px;
        box->as.marker.point_y = py;
    }
}

/* Print needs 300–350 pixels per inch at the placed size; below 150 it shows. */
#define SM_PPI_WARNING 300.0
#define SM_PPI_ERROR   150.0

static void check_resolution(sm_layouter *l, const sm_elem *e, const sm_image *image, double w,
                             double h) {
    if (image->format == SM_IMAGE_SVG || w <= 0 || h <= 0) return;
    double ppi = fmin(image->width / (w / 72.0), image->height / (h / 72.0));
    if (ppi < SM_PPI_ERROR)
        sm_error(l->diags, e->pos,
                 "image has %.0f ppi at its printed size (%.0f × %.0f mm); it needs at least "
                 "%.0f, better %.0f — use a larger image or print it smaller",
                 ppi, w / SM_PT_PER_MM, h / SM_PT_PER_MM, SM_PPI_ERROR, SM_PPI_WARNING);
    else if (ppi < SM_PPI_WARNING)
        sm_warning(l->diags, e->pos, "image has %.0f ppi at its printed size; print wants %.0f",
                   ppi, SM_PPI_WARNING);
}

static void place_image(sm_layouter *l, const sm_elem *e, double x, double y, double w, double h) {
    const sm_image *image = e->path ? sm_image_get(l, e->path, e->pos) : NULL;
    if (!image) return;
    /* Contain: the largest size with the image's proportions inside (w, h), centred. */
    double iw = w, ih = w * image->height / image->width;
    if (ih > h + 0.01) {
        ih = h;
        iw = h * image->width / image->height;
    }
    double ix = x + (w - iw) / 2, iy = y + valign_offset(e->valign, h - ih);
    check_resolution(l, e, image, iw, ih);
    sm_box *box = sm_page_add_box(l, SM_BOX_IMAGE, e->pos, ix, iy, iw, ih);
    box->as.image.image = image;
    box->as.image.alt = e->alt;
    box->tag = "Figure";
    place_markers(l, e, ix, iy, iw, ih);
}

/* Stacks children top to bottom in (x, y, w, h): weighted children share the spare height,
 * otherwise the group is aligned by valign. */
static void place_stack(sm_layouter *l, const sm_elem *e, sm_elem *const *children, size_t count,
                        double x, double y, double w, double h) {
    double heights[count + 1], total = 0, weights = 0;
    size_t flowing = 0;
    for (size_t i = 0; i < count; i++) {
        const sm_elem *c = children[i];
        if (c->placed) continue;
        heights[i] = sm_flow_measure(l, c, requested_width(c, w), h);
        total += heights[i];
        if (c->weight > 0 && !c->has_height) weights += c->weight;
        flowing++;
    }
    total += flowing > 1 ? e->gap * (double)(flowing - 1) : 0;
    double spare = h - total, cy = y;
    if (weights > 0 && spare > 0) {
        for (size_t i = 0; i < count; i++)
            if (!children[i]->placed && children[i]->weight > 0 && !children[i]->has_height)
                heights[i] += spare * children[i]->weight / weights;
    } else {
        cy += valign_offset(e->valign, spare);
    }
    for (size_t i = 0; i < count; i++) {
        const sm_elem *c = children[i];
        if (c->placed) {
            double px = x + length(c->place[0], w, c->style.size);
            double py = y + length(c->place[1], h, c->style.size);
            double pw = c->has_width ? length(c->width, w, c->style.size) : fmax(w - (px - x), 1);
            sm_flow_place(l, c, px, py, pw, sm_flow_measure(l, c, pw, h));
            continue;
        }
        double cw = requested_width(c, w);
        double cx = x;
        /* A narrower child sits by the stack's alignment; justify places it at the start. */
        if (cw < w && e->style.align == SM_ALIGN_CENTER) cx += (w - cw) / 2;
        if (cw < w && e->style.align == SM_ALIGN_RIGHT) cx += w - cw;
        sm_flow_place(l, c, cx, cy, cw, heights[i]);
        cy += heights[i] + e->gap;
    }
}

static void place_list(sm_layouter *l, const sm_elem *e, double x, double y, double w) {
    double indent = list_label_width(l, e), cy = y;
    for (size_t i = 0; i < e->item_count; i++) {
        const sm_paragraph *text = list_item(l, e, i, w - indent);
        /* Tagged as L > LI > (Lbl, LBody): the label opens the item, the body closes it. */
        const char *open_list = i == 0 ? "L" : NULL,
                   *close_list = i + 1 == e->item_count ? "L" : NULL;
        bool labelled = e->numbering != SM_NUMBERING_NONE;
        if (labelled) {
            sm_span span = {.text = sm_numbering_label(l->arena, e->numbering, e->start + (int)i)};
            sm_rich label = {
                .spans = &span, .count = 1, .plain = span.text, .pos = e->items[i].pos};
            sm_style label_style = e->style;
            label_style.align = SM_ALIGN_LEFT;
            const sm_paragraph *number =
                sm_compose_once(l, &label, &label_style, e->style.size, -1);
            /* On the item's first baseline, even when ruby made that line taller. */
            double shift = text->line_count && number->line_count
                               ? text->lines[0].baseline - number->lines[0].baseline
                               : 0;
            sm_box *box = sm_page_add_box(l, SM_BOX_TEXT, e->items[i].pos, x, cy + shift, indent,
                                          number->height);
            box->as.text.paragraph = number;
            box->tag = "Lbl";
            box->open[0] = open_list;
            box->open[1] = "LI";
        }
        double th = sm_text_height(text);
        sm_box *box =
            sm_page_add_box(l, SM_BOX_TEXT, e->items[i].pos, x + indent, cy, w - indent, th);
        box->as.text.paragraph = text;
        box->tag = "LBody";
        if (!labelled) {
            box->open[0] = open_list;
            box->open[1] = "LI";
        }
        box->close[0] = "LI";
        box->close[1] = close_list;
        cy += th + e->gap;
    }
}

static void place_lines(sm_layouter *l, const sm_elem *e, double x, double y, double w) {
    double column_gap = e->gap, column = (w - column_gap * (e->columns - 1)) / e->columns;
    int rows = (e->line_count + e->columns - 1) / e->columns;
    for (int i = 0; i < e->line_count; i++) {
        int col = i / rows, row = i % rows; /* numbered down the first column, then the next */
        double cx = x + col * (column + column_gap);
        double base = y + (row + 1) * e->spacing - e->spacing * 0.18;
        double indent = 0;
        if (e->numbering != SM_NUMBERING_NONE) {
            sm_span span = {.text = sm_numbering_label(l->arena, e->numbering, e->start + i)};
            sm_rich label = {.spans = &span, .count = 1, .plain = span.text, .pos = e->pos};
            sm_style label_style = e->style;
            label_style.line_height = 1.2;
            const sm_paragraph *number =
                sm_compose_once(l, &label, &label_style, e->style.size * 1.2, -1);
            double lh = sm_text_height(number);
            indent = e->style.size * 1.8;
            sm_box *box = sm_page_add_box(l, SM_BOX_TEXT, e->pos, cx, base - lh, indent, lh);
            box->as.text.paragraph = number;
        }
        sm_box *line =
            sm_page_add_box(l, SM_BOX_LINE, e->pos, cx + indent, base, column - indent, 0);
        /* The rules may be lighter than the numbers (a check sheet's grey lines). */
        line->as.line.color = e->border.a > 0 ? e->border : e->style.color;
        line->as.line.width = 0.6;
        line->as.line.dashed = false;
    }
}

sm_box *sm_flow_frame(sm_layouter *l, const sm_elem *e, double x, double y, double w, double h) {
    sm_box *box = sm_page_add_box(l, SM_BOX_RECT, e->pos, x, y, w, h);
    box->as.rect.fill = e->fill;
    box->as.rect.stroke = e->border;
    box->as.rect.stroke_width = e->border.a > 0 ? e->border_width : 0;
    box->as.rect.radius = e->radius;
    return box;
}

void sm_flow_place(sm_layouter *l, const sm_elem *e, double x, double y, double w, double h) {
    switch (e->type) {
    case SM_ELEM_TEXT:
    case SM_ELEM_HEADING: place_text(l, e, x, y, w, h); break;
    case SM_ELEM_IMAGE: place_image(l, e, x, y, w, h); break;
    case SM_ELEM_BOX: {
        /* The frame without the room its pointer takes (measure added it). */
        double s = e->pointer ? SM_POINTER_PT : 0;
        if (e->pointer == 1) x += s;
        if (e->pointer == 3) y += s;
        if (e->pointer == 1 || e->pointer == 2) w -= s;
        if (e->pointer >= 3) h -= s;
        sm_box *box = sm_flow_frame(l, e, x, y, w, h);
        box->as.rect.pointer = e->pointer;
        box->as.rect.pointer_size = s;
        box->as.rect.pointer_at = length(e->pointer_at, e->pointer <= 2 ? h : w, e->style.size);
        double inner = h - 2 * e->padding;
        double needed =
            measure_stack(l, e->children, e->child_count, e->gap, w - 2 * e->padding, inner);
        if (needed > inner + SM_OVERFLOW_TOLERANCE) {
            overflow_error(l, e, "the content of this box", "inside its padding it has", needed,
                           inner);
            break;
        }
        place_stack(l, e, e->children, e->child_count, x + e->padding, y + e->padding,
                    w - 2 * e->padding, inner);
        break;
    }
    case SM_ELEM_STACK: place_stack(l, e, e->children, e->child_count, x, y, w, h); break;
    case SM_ELEM_ROW: {
        double widths[e->child_count + 1], cx = x;
        row_widths(e, w, widths);
        for (size_t i = 0; i < e->child_count; i++) {
            const sm_elem *c = e->children[i];
            if (c->placed) {
                sm_flow_place(l, c, x + length(c->place[0], w, c->style.size),
                              y + length(c->place[1], h, c->style.size),
                              c->has_width ? length(c->width, w, c->style.size) : w,
                              sm_flow_measure(l, c, w, h));
                continue;
            }
            /* Children take the row's height: cards in a row line up. */
            double ch = c->has_height ? length(c->height, h, c->style.size) : h;
            sm_flow_place(l, c, cx, y, widths[i], ch);
            cx += widths[i] + e->gap;
        }
        break;
    }
    case SM_ELEM_GRID: {
        int columns = e->columns;
        double cell = (w - e->gap * (columns - 1)) / columns, cy = y;
        /* Given more height than its rows need (a weighted grid), the rows share it. */
        size_t rows = (e->child_count + (size_t)columns - 1) / (size_t)columns;
        double spare = rows ? (h - sm_flow_measure(l, e, w, h)) / (double)rows : 0;
        for (size_t i = 0; i < e->child_count; i += (size_t)columns) {
            double tallest = fmax(spare, 0);
            double needed = 0;
            for (size_t k = i; k < i + (size_t)columns && k < e->child_count; k++)
                needed = fmax(needed, sm_flow_measure(l, e->children[k], cell, h));
            tallest += needed;
            for (size_t k = i; k < i + (size_t)columns && k < e->child_count; k++)
                sm_flow_place(l, e->children[k], x + (double)(k - i) * (cell + e->gap), cy, cell,
                              tallest);
            cy += tallest + e->gap;
        }
        break;
    }
    case SM_ELEM_LIST: place_list(l, e, x, y, w); break;
    case SM_ELEM_TABLE: sm_table_place_rows(l, e, x, y, w, 0, e->rows); break;
    case SM_ELEM_QR: sm_qr_place(l, e, x, y, w); break;
    case SM_ELEM_LINES: place_lines(l, e, x, y, w); break;
    case SM_ELEM_RULE: {
        double t = length(e->extent, h, e->style.size);
        sm_box *line = sm_page_add_box(l, SM_BOX_LINE, e->pos, x, y + t / 2, w, 0);
        line->as.line.color = e->style.color;
        line->as.line.width = t;
        break;
    }
    case SM_ELEM_FLOW: sm_diagram_place(l, e, x, y, w); break;
    case SM_ELEM_CHART: sm_chart_place(l, e, x, y, w, h); break;
    case SM_ELEM_SPACE:
    case SM_ELEM_PAGE_BREAK: break;
    }
}
