/* chart.c: the chart element laid out — a value axis from zero with ticks at round steps
 * (1-2-5) and gridlines, bars grouped or stacked (standing or lying) with their values and
 * totals, slices of a pie or donut with their shares, lines with a marker per series;
 * every label composed like all text, and a legend where the marks are not labelled. The
 * whole chart is one Figure whose alt text resolve made from the data. */
#include "layout.h"

#include <math.h>
#include <string.h>

/* The most steps between the value axis's ticks, and the share of a band a bar (group)
 * takes. */
#define SM_CHART_STEPS 7
#define SM_BAR_SHARE   0.56
#define SM_GROUP_SHARE 0.78
/* Labels relative to the chart's type size; gaps in em of it. */
#define SM_LABEL_SMALL 0.85
#define SM_GAP_EM      0.45
/* A slice's share is written on it when the slice is at least this wide. */
#define SM_SLICE_LABEL_RAD 0.45
/* A donut's hole, as a share of its radius. */
#define SM_DONUT_HOLE 0.56

typedef struct chart_ctx {
    sm_layouter *l;
    const sm_elem *e;
    const sm_chart *c;
    double size; /* the labels' type size */
    double gap;
    size_t first_box; /* where the chart's boxes start on the page (placing) */
} chart_ctx;

static bool is_round(const sm_chart *c) {
    return c->type == SM_CHART_PIE || c->type == SM_CHART_DONUT;
}

static double type_size(const sm_elem *e) { return e->style.size * e->chart->type_scale; }

/* ---- labels -------------------------------------------------------------------------- */

static sm_style label_style(const chart_ctx *x, double scale, bool bold, sm_color color,
                            sm_align align) {
    sm_style style = x->e->style;
    style.size = x->size * scale;
    style.bold = bold;
    style.color = color;
    style.align = align;
    style.phrase = true; /* category names wrap between phrases (令和4年度 stays whole) */
    style.line_height = 1.3;
    return style;
}

/* A label of plain text (numbers, units), on one line. */
static const sm_paragraph *plain_label(const chart_ctx *x, const char *text, double scale,
                                       bool bold, sm_color color) {
    sm_span *span = sm_arena_alloc(x->l->arena, sizeof *span);
    span->text = text;
    sm_rich *rich = sm_arena_alloc(x->l->arena, sizeof *rich);
    *rich = (sm_rich){.spans = span, .count = 1, .plain = text, .pos = x->e->pos};
    sm_style style = label_style(x, scale, bold, color, SM_ALIGN_LEFT);
    return sm_compose_once(x->l, rich, &style, style.size, -1);
}

/* A written label (a category or series name), wrapped to width (≤ 0: one line). */
static const sm_paragraph *rich_label(const chart_ctx *x, const sm_rich *text, double width,
                                      sm_align align, sm_color color) {
    sm_style style = label_style(x, 1, false, color, align);
    return sm_compose(x->l, text, &style, style.size, width);
}

static void put_text(const chart_ctx *x, const sm_paragraph *p, double left, double top,
                     double width) {
    sm_box *box = sm_page_add_box(x->l, SM_BOX_TEXT, x->e->pos, left, top,
                                  width > 0 ? width : p->width, p->height);
    box->as.text.paragraph = p;
}

/* A label on a plate of paper: where it crosses a gridline or sits on hatching it still
 * reads (and the grey contrast check sees the plate behind it). */
static void put_plated(const chart_ctx *x, const sm_paragraph *p, double left, double top) {
    double pad = x->size * 0.15;
    sm_box *plate = sm_page_add_box(x->l, SM_BOX_RECT, x->e->pos, left - pad, top,
                                    p->width + 2 * pad, p->height);
    plate->as.rect.fill = (sm_color){1, 1, 1, 1};
    plate->as.rect.radius = pad;
    put_text(x, p, left, top, 0);
}

static const char *value_text(const chart_ctx *x, double v) {
    return sm_arena_printf(x->l->arena, "%s%s", sm_chart_number(x->l->arena, v), x->c->unit);
}

/* The label colour that reads best on a fill: ink or paper. */
static sm_color on_fill(const chart_ctx *x, sm_color fill) {
    sm_color white = {1, 1, 1, 1};
    return sm_contrast(white, fill) >= sm_contrast(x->c->ink, fill) ? white : x->c->ink;
}

static void put_rect(const chart_ctx *x, double left, double top, double w, double h, size_t key) {
    sm_box *box = sm_page_add_box(x->l, SM_BOX_RECT, x->e->pos, left, top, w, h);
    box->as.rect.fill = x->c->key_colors[key];
    box->as.rect.hatch = (sm_hatch)x->c->key_hatch[key];
}

static void put_line(const chart_ctx *x, double x0, double y0, double x1, double y1, sm_color color,
                     double width) {
    sm_box *box = sm_page_add_box(x->l, SM_BOX_LINE, x->e->pos, x0, y0, x1 - x0, y1 - y0);
    box->as.line.color = color;
    box->as.line.width = width;
}

/* A line series' key: a short stretch of its line with its marker. */
static void put_key_line(const chart_ctx *x, double left, double y, double w, size_t k) {
    double *points = sm_arena_array(x->l->arena, 2, sizeof *points);
    points[0] = left + w / 2;
    points[1] = y;
    sm_box *stretch = sm_page_add_box(x->l, SM_BOX_LINE, x->e->pos, left - w * 0.2, y, w * 1.4, 0);
    stretch->as.line.color = x->c->key_colors[k];
    stretch->as.line.width = 1.6;
    stretch->as.line.dashed = x->c->key_hatch[k] != SM_HATCH_NONE;
    sm_box *mark = sm_page_add_box(x->l, SM_BOX_POLYLINE, x->e->pos, left, y - w / 2, w, w);
    mark->as.polyline.points = points;
    mark->as.polyline.count = 1;
    mark->as.polyline.color = x->c->key_colors[k];
    mark->as.polyline.marker = (int)(k % 4);
    mark->as.polyline.marker_size = x->size * 0.55;
}

/* ---- the value axis ------------------------------------------------------------------- */

typedef struct value_axis {
    double low, high, step; /* round numbers; low ≤ 0 ≤ high */
    size_t ticks;
} value_axis;

/* The smallest round step (1, 2 or 5 × 10^n) that splits span into at most
 * SM_CHART_STEPS parts: the axis ends close above the largest value (613 → 700, not 800). */
static double round_step(double span, bool whole) {
    if (!(span > 0)) return 1;
    double magnitude = pow(10, floor(log10(span / SM_CHART_STEPS)));
    static const double factors[] = {1, 2, 5, 10, 20};
    for (size_t i = 0; i < sizeof factors / sizeof *factors; i++) {
        double step = factors[i] * magnitude;
        if (whole && step < 1) continue;
        if (ceil(span / step - 1e-9) <= SM_CHART_STEPS) return step;
    }
    return 20 * magnitude;
}

/* From zero (bars always start there) to past the largest value or stacked total. */
static value_axis axis_of(const sm_chart *c) {
    double low = 0, high = 0;
    bool whole = true;
    for (size_t i = 0; i < c->category_count; i++) {
        double sum = 0;
        for (size_t k = 0; k < c->series_count; k++) {
            double v = c->series[k].values[i];
            whole &= v == floor(v);
            if (c->stacked) {
                sum += v;
            } else {
                low = fmin(low, v);
                high = fmax(high, v);
            }
        }
        if (c->stacked) high = fmax(high, sum);
    }
    if (high - low <= 0) high = 1; /* all zero: an axis of 0 to 1, the bars at zero */
    value_axis a;
    a.step = round_step(high - low, whole);
    a.high = ceil(high / a.step - 1e-9) * a.step;
    a.low = floor(low / a.step + 1e-9) * a.step;
    a.ticks = (size_t)llround((a.high - a.low) / a.step) + 1;
    return a;
}

/* ---- the legend ------------------------------------------------------------------------ */

/* The text of legend entry k: a series' name, or a slice's category with its value. */
static const sm_paragraph *legend_text(const chart_ctx *x, size_t k, double width) {
    const sm_chart *c = x->c;
    if (!is_round(c)) return rich_label(x, &c->series[k].name, width, SM_ALIGN_LEFT, c->ink);
    double total = 0;
    for (size_t i = 0; i < c->category_count; i++) total += c->series[0].values[i];
    double v = c->series[0].values[k];
    const char *text = sm_arena_printf(x->l->arena, "%s　%s（%.0f%%）", c->categories[k].plain,
                                       value_text(x, v), total > 0 ? 100 * v / total : 0);
    sm_span *span = sm_arena_alloc(x->l->arena, sizeof *span);
    span->text = text;
    sm_rich *rich = sm_arena_alloc(x->l->arena, sizeof *rich);
    *rich = (sm_rich){.spans = span, .count = 1, .plain = text, .pos = x->e->pos};
    sm_style style = label_style(x, 1, false, c->ink, SM_ALIGN_LEFT);
    return sm_compose_once(x->l, rich, &style, style.size, width);
}

/* Lays the entries out in rows across `width` (a column where `column`); returns the
 * height, and places them at (left, top) when placing. */
static double legend(const chart_ctx *x, double left, double top, double width, bool column,
                     bool placing) {
    const sm_chart *c = x->c;
    double swatch = x->size * 0.9, pad = x->size * 0.4, row_gap = x->size * 0.35;
    double cx = 0, cy = 0, row_h = 0;
    for (size_t k = 0; k < c->key_count; k++) {
        const sm_paragraph *t = legend_text(x, k, column ? width - swatch - pad : -1);
        double item_w = swatch + pad + t->width, item_h = fmax(t->height, swatch);
        if (!column && cx > 0 && cx + item_w > width) { /* the next row */
            cx = 0;
            cy += row_h + row_gap;
            row_h = 0;
        }
        if (placing) {
            double first = t->line_count ? t->lines[0].baseline : t->height;
            double sy = top + cy + first - swatch * 0.88;
            if (c->type == SM_CHART_LINE)
                put_key_line(x, left + cx, sy + swatch / 2, swatch, k);
            else
                put_rect(x, left + cx, sy, swatch, swatch, k);
            put_text(x, t, left + cx + swatch + pad, top + cy, column ? width - swatch - pad : 0);
        }
        row_h = fmax(row_h, item_h);
        if (column) {
            cy += row_h + row_gap;
            row_h = 0;
        } else {
            cx += item_w + x->size * 1.2;
        }
    }
    return column ? fmax(cy - row_gap, 0) : cy + row_h;
}

static bool wants_legend(const sm_chart *c) {
    if (c->legend == SM_LEGEND_NONE) return false;
    if (c->legend != SM_LEGEND_AUTO) return true;
    return is_round(c) || c->series_count > 1;
}

static bool legend_right(const sm_chart *c) {
    return c->legend == SM_LEGEND_RIGHT || (c->legend == SM_LEGEND_AUTO && is_round(c));
}

/* ---- bars and lines on axes ------------------------------------------------------------- */

/* The parts of an axis chart, computed once for measuring and once for placing. */
typedef struct axes {
    value_axis a;
    double left, top, right, bottom; /* the plot area */
    double label_w;                  /* category labels (lying bars) / tick labels (standing) */
    double legend_h;
} axes;

static const sm_paragraph *tick_label(const chart_ctx *x, double v) {
    return plain_label(x, sm_chart_number(x->l->arena, v), SM_LABEL_SMALL, false, x->c->muted);
}

static double widest_tick(const chart_ctx *x, const value_axis *a) {
    double widest = 0;
    for (size_t t = 0; t < a->ticks; t++)
        widest = fmax(widest, tick_label(x, a->low + (double)t * a->step)->width);
    return widest;
}

/* The value labels over the bars or points: shown when every one fits its bar. */
static bool values_fit(const chart_ctx *x, double bar_w) {
    const sm_chart *c = x->c;
    if (c->type == SM_CHART_LINE) return c->series_count == 1;
    if (c->stacked) return true; /* totals over the bars; parts inside where they fit */
    for (size_t k = 0; k < c->series_count; k++)
        for (size_t i = 0; i < c->category_count; i++)
            if (plain_label(x, value_text(x, c->series[k].values[i]), SM_LABEL_SMALL, false, c->ink)
                    ->width > bar_w + x->gap)
                return false;
    return true;
}

/* Standing bars and lines: the value axis on the left, categories along the bottom. */
static double standing(chart_ctx *x, double left, double top, double w, double h, bool placing,
                       double *needed) {
    const sm_chart *c = x->c;
    value_axis a = axis_of(c);
    size_t n = c->category_count;
    double axis_w = widest_tick(x, &a) + x->gap;
    double plot_w = w - axis_w;
    double band = plot_w / (double)n;
    double cat_h = 0;
    for (size_t i = 0; i < n; i++)
        cat_h = fmax(
            cat_h, rich_label(x, &c->categories[i], band * 0.96, SM_ALIGN_CENTER, c->ink)->height);
    double legend_h = wants_legend(c) ? legend(x, 0, 0, w, false, false) + x->gap * 2 : 0;
    const sm_paragraph *unit = *c->unit
                                   ? plain_label(x, sm_arena_printf(x->l->arena, "（%s）", c->unit),
                                                 SM_LABEL_SMALL, false, c->muted)
                                   : NULL;
    double value_h = plain_label(x, "0", SM_LABEL_SMALL, true, c->ink)->height;
    /* The unit stands clear above the top tick's label, which is centred on the top line. */
    double tick_h = tick_label(x, a.high)->height;
    double head = fmax(value_h + x->gap * 0.5, unit ? unit->height + x->gap * 0.3 + tick_h / 2 : 0);
    double foot = cat_h + x->gap + legend_h;
    /* The plot needs room for its ticks: a label's height per step at least. */
    double least = (double)(a.ticks - 1) * tick_label(x, a.high)->height * 1.2;
    if (needed) *needed = head + foot + least;
    double plot_top = top + head, plot_bottom = top + h - foot;
    if (!placing) return head + foot + fmax(least, w * 0.6);
    double scale = (plot_bottom - plot_top) / (a.high - a.low);
#define Y(v) (plot_bottom - ((v)-a.low) * scale)
    double x0 = left + axis_w, x1 = left + w;
    /* Gridlines and tick labels; the zero line drawn over the bars later. */
    for (size_t t = 0; t < a.ticks; t++) {
        double v = a.low + (double)t * a.step, y = Y(v);
        if (fabs(v) > 1e-9) put_line(x, x0, y, x1, y, c->grid, 0.4);
        const sm_paragraph *label = tick_label(x, v);
        put_text(x, label, x0 - x->gap - label->width, y - label->height / 2, 0);
    }
    if (unit) put_text(x, unit, left, top, 0);
    bool labels = values_fit(x, c->stacked ? band * SM_BAR_SHARE
                                           : band * SM_GROUP_SHARE / (double)c->series_count);
    for (size_t i = 0; i < n; i++) {
        double cx = x0 + band * ((double)i + 0.5);
        const sm_paragraph *name =
            rich_label(x, &c->categories[i], band * 0.96, SM_ALIGN_CENTER, c->ink);
        put_text(x, name, cx - band * 0.48, plot_bottom + x->gap * 0.6, band * 0.96);
        if (c->type == SM_CHART_LINE) continue;
        if (c->stacked) {
            double bw = band * SM_BAR_SHARE, sum = 0;
            for (size_t k = 0; k < c->series_count; k++) {
                double v = c->series[k].values[i];
                double y_top = Y(sum + v), y_bottom = Y(sum);
                sum += v;
                if (v <= 0) continue;
                put_rect(x, cx - bw / 2, y_top, bw, y_bottom - y_top, k);
                /* On hatching the number stands on a plate of paper, in ink. */
                bool hatched = c->key_hatch[k] != SM_HATCH_NONE;
                const sm_paragraph *label =
                    plain_label(x, value_text(x, v), SM_LABEL_SMALL, false,
                                hatched ? c->ink : on_fill(x, c->key_colors[k]));
                double lx = cx - label->width / 2, ly = (y_top + y_bottom) / 2 - label->height / 2;
                if (label->height <= y_bottom - y_top && label->width <= bw - x->gap * 0.5) {
                    if (hatched)
                        put_plated(x, label, lx, ly);
                    else
                        put_text(x, label, lx, ly, 0);
                }
            }
            if (c->totals) {
                const sm_paragraph *total =
                    plain_label(x, value_text(x, sum), SM_LABEL_SMALL, true, c->ink);
                put_plated(x, total, cx - total->width / 2, Y(sum) - total->height - x->gap * 0.3);
            }
            continue;
        }
        double group = band * SM_GROUP_SHARE, bw = group / (double)c->series_count;
        for (size_t k = 0; k < c->series_count; k++) {
            double v = c->series[k].values[i], bx = cx - group / 2 + bw * (double)k;
            double y0 = Y(fmax(v, 0)), y1 = Y(fmin(v, 0));
            if (y1 - y0 > 0) put_rect(x, bx + bw * 0.06, y0, bw * 0.88, y1 - y0, k);
            if (!labels) continue;
            const sm_paragraph *label =
                plain_label(x, value_text(x, v), SM_LABEL_SMALL, false, c->ink);
            double ly = v >= 0 ? y0 - label->height - x->gap * 0.2 : y1 + x->gap * 0.2;
            put_plated(x, label, bx + bw / 2 - label->width / 2, ly);
        }
    }
    if (c->type == SM_CHART_LINE) {
        for (size_t k = 0; k < c->series_count; k++) {
            double *points = sm_arena_array(x->l->arena, 2 * n, sizeof *points);
            for (size_t i = 0; i < n; i++) {
                points[2 * i] = x0 + band * ((double)i + 0.5);
                points[2 * i + 1] = Y(c->series[k].values[i]);
            }
            sm_box *line = sm_page_add_box(x->l, SM_BOX_POLYLINE, x->e->pos, x0, plot_top, x1 - x0,
                                           plot_bottom - plot_top);
            line->as.polyline.points = points;
            line->as.polyline.count = n;
            line->as.polyline.color = c->key_colors[k];
            line->as.polyline.width = 1.6;
            line->as.polyline.marker = (int)(k % 4);
            line->as.polyline.marker_size = x->size * 0.55;
            line->as.polyline.dashed = c->key_hatch[k] != SM_HATCH_NONE;
            if (!labels) continue;
            for (size_t i = 0; i < n; i++) {
                const sm_paragraph *label = plain_label(x, value_text(x, c->series[k].values[i]),
                                                        SM_LABEL_SMALL, false, c->ink);
                put_text(x, label, points[2 * i] - label->width / 2,
                         points[2 * i + 1] - label->height - x->size * 0.45, 0);
            }
        }
    }
    put_line(x, x0, Y(0), x1, Y(0), c->ink, 0.8);
#undef Y
    if (legend_h > 0) legend(x, left, top + h - legend_h + x->gap * 2, w, false, true);
    return h;
}

/* Lying bars: categories down the left, bars from the left, their values at their ends. */
static double lying(chart_ctx *x, double left, double top, double w, double h, bool placing,
                    double *needed) {
    const sm_chart *c = x->c;
    value_axis a = axis_of(c);
    size_t n = c->category_count;
    double label_w = 0;
    for (size_t i = 0; i < n; i++)
        label_w =
            fmax(label_w, rich_label(x, &c->categories[i], -1, SM_ALIGN_RIGHT, c->ink)->width);
    label_w = fmin(label_w, w * 0.32);
    double value_w = 0;
    for (size_t k = 0; k < c->series_count; k++)
        for (size_t i = 0; i < n; i++)
            value_w = fmax(value_w, plain_label(x, value_text(x, c->series[k].values[i]),
                                                SM_LABEL_SMALL, false, c->ink)
                                        ->width);
    if (c->stacked && c->totals)
        value_w = fmax(value_w,
                       plain_label(x, value_text(x, a.high), SM_LABEL_SMALL, true, c->ink)->width);
    double tick_h = tick_label(x, a.high)->height;
    double legend_h = wants_legend(c) ? legend(x, 0, 0, w, false, false) + x->gap * 2 : 0;
    /* A band holds its category's name and its bar(s). */
    double band = 0;
    double bars = c->stacked ? 1 : (double)c->series_count;
    for (size_t i = 0; i < n; i++)
        band =
            fmax(band, rich_label(x, &c->categories[i], label_w, SM_ALIGN_RIGHT, c->ink)->height +
                           x->gap);
    band = fmax(band, bars * x->size * 1.5 + x->gap);
    double foot = x->gap * 0.5 + tick_h + legend_h;
    if (needed) *needed = band * (double)n + foot;
    if (!placing) return band * (double)n + foot;
    band = (h - foot) / (double)n;
    double x0 = left + label_w + x->gap, x1 = left + w - value_w - x->gap;
    double scale = (x1 - x0) / (a.high - a.low), bottom = top + band * (double)n;
#define X(v) (x0 + ((v)-a.low) * scale)
    for (size_t t = 0; t < a.ticks; t++) {
        double v = a.low + (double)t * a.step, gx = X(v);
        if (fabs(v) > 1e-9) put_line(x, gx, top, gx, bottom, c->grid, 0.4);
        const sm_paragraph *label = tick_label(x, v);
        put_text(x, label, gx - label->width / 2, bottom + x->gap * 0.5, 0);
    }
    for (size_t i = 0; i < n; i++) {
        double by = top + band * (double)i, cy = by + band / 2;
        const sm_paragraph *name =
            rich_label(x, &c->categories[i], label_w, SM_ALIGN_RIGHT, c->ink);
        put_text(x, name, left, cy - name->height / 2, label_w);
        double thick =
            fmin(band * (c->stacked ? SM_BAR_SHARE : SM_GROUP_SHARE / bars), x->size * 1.6);
        double sum = 0;
        for (size_t k = 0; k < c->series_count; k++) {
            double v = c->series[k].values[i];
            double ty = c->stacked ? cy - thick / 2 : cy - thick * bars / 2 + thick * (double)k;
            double from = c->stacked ? sum : 0, to = from + v;
            sum += v;
            double bx0 = X(fmin(from, to)), bx1 = X(fmax(from, to));
            if (bx1 - bx0 > 0) put_rect(x, bx0, ty + thick * 0.06, bx1 - bx0, thick * 0.88, k);
            if (c->stacked) continue;
            const sm_paragraph *label =
                plain_label(x, value_text(x, v), SM_LABEL_SMALL, false, c->ink);
            double lx = v >= 0 ? bx1 + x->gap * 0.4 : bx0 - label->width - x->gap * 0.4;
            put_plated(x, label, lx, ty + thick / 2 - label->height / 2);
        }
        if (c->stacked && c->totals) {
            const sm_paragraph *total =
                plain_label(x, value_text(x, sum), SM_LABEL_SMALL, true, c->ink);
            put_plated(x, total, X(sum) + x->gap * 0.4, cy - total->height / 2);
        }
    }
    put_line(x, X(0), top, X(0), bottom, c->ink, 0.8);
#undef X
    if (legend_h > 0) legend(x, left, top + h - legend_h + x->gap * 2, w, false, true);
    return h;
}

/* ---- pies and donuts ------------------------------------------------------------------- */

static double round_chart(chart_ctx *x, double left, double top, double w, double h, bool placing,
                          double *needed) {
    const sm_chart *c = x->c;
    bool right = wants_legend(c) && legend_right(c);
    bool below = wants_legend(c) && !right;
    double list_w = right ? w * 0.5 : w;
    double list_h = wants_legend(c) ? legend(x, 0, 0, list_w, right, false) : 0;
    double diameter = right ? fmin(w - list_w - x->gap * 2, w * 0.4) : w * 0.6;
    if (needed) *needed = right ? list_h : list_h + x->gap * 2 + x->size * 6;
    if (!placing) return right ? fmax(diameter, list_h) : diameter + x->gap * 2 + list_h;
    double avail = below ? h - list_h - x->gap * 2 : h;
    diameter = fmin(diameter, avail);
    double r = diameter / 2, cx = left + r, cy = top + (right ? h / 2 : r);
    if (!right) cx = left + w / 2;
    double total = 0;
    for (size_t i = 0; i < c->category_count; i++) total += c->series[0].values[i];
    double at = 0, inner = c->type == SM_CHART_DONUT ? r * SM_DONUT_HOLE : 0;
    for (size_t i = 0; i < c->category_count; i++) {
        double v = c->series[0].values[i], sweep = total > 0 ? 2 * G_PI * v / total : 0;
        if (sweep > 0) {
            sm_box *wedge =
                sm_page_add_box(x->l, SM_BOX_WEDGE, x->e->pos, cx - r, cy - r, 2 * r, 2 * r);
            wedge->as.wedge.fill = c->key_colors[i];
            wedge->as.wedge.stroke = (sm_color){1, 1, 1, 1};
            wedge->as.wedge.stroke_width = c->category_count > 1 ? 1.0 : 0;
            wedge->as.wedge.inner = inner;
            wedge->as.wedge.start = at;
            wedge->as.wedge.sweep = sweep;
            wedge->as.wedge.hatch = (sm_hatch)c->key_hatch[i];
        }
        /* The share on the slice where it is wide enough (on hatching, on a plate). */
        if (sweep >= SM_SLICE_LABEL_RAD) {
            bool hatched = c->key_hatch[i] != SM_HATCH_NONE;
            double mid = at + sweep / 2, rr = inner > 0 ? (r + inner) / 2 : r * 0.62;
            const sm_paragraph *share =
                plain_label(x, sm_arena_printf(x->l->arena, "%.0f%%", 100 * v / total),
                            SM_LABEL_SMALL, true, hatched ? c->ink : on_fill(x, c->key_colors[i]));
            double lx = cx + sin(mid) * rr - share->width / 2;
            double ly = cy - cos(mid) * rr - share->height / 2;
            if (hatched)
                put_plated(x, share, lx, ly);
            else
                put_text(x, share, lx, ly, 0);
        }
        at += sweep;
    }
    if (c->type == SM_CHART_DONUT && c->totals) {
        /* The total in the hole: the word small, the number large. */
        const sm_paragraph *word = rich_label(x, &c->total_label, -1, SM_ALIGN_CENTER, c->muted);
        const sm_paragraph *sum = plain_label(x, value_text(x, total), 1.6, true, c->ink);
        double block = word->height + sum->height;
        if (word->width <= inner * 1.8 && sum->width <= inner * 1.8 && block <= inner * 1.8) {
            put_text(x, word, cx - word->width / 2, cy - block / 2, 0);
            put_text(x, sum, cx - sum->width / 2, cy - block / 2 + word->height, 0);
        }
    }
    if (right)
        legend(x, left + diameter + x->gap * 2, cy - list_h / 2, w - diameter - x->gap * 2, true,
               true);
    else if (below)
        legend(x, left, top + diameter + x->gap * 2, w, false, true);
    return h;
}

/* ---- the element ------------------------------------------------------------------------ */

static double lay(chart_ctx *x, double left, double top, double w, double h, bool placing,
                  double *needed) {
    const sm_chart *c = x->c;
    if (c->category_count == 0 || c->series_count == 0) return 0;
    if (is_round(c)) return round_chart(x, left, top, w, h, placing, needed);
    if (c->type == SM_CHART_BAR && c->horizontal) return lying(x, left, top, w, h, placing, needed);
    return standing(x, left, top, w, h, placing, needed);
}

static chart_ctx context(sm_layouter *l, const sm_elem *e) {
    double size = type_size(e);
    return (chart_ctx){.l = l, .e = e, .c = e->chart, .size = size, .gap = size * SM_GAP_EM};
}

double sm_chart_height(sm_layouter *l, const sm_elem *e, double width) {
    chart_ctx x = context(l, e);
    return lay(&x, 0, 0, width, 0, false, NULL);
}

void sm_chart_place(sm_layouter *l, const sm_elem *e, double left, double top, double w, double h) {
    chart_ctx x = context(l, e);
    double needed = 0;
    lay(&x, 0, 0, w, h, false, &needed);
    if (needed > h + 0.01) {
        sm_error(l->diags, e->pos,
                 "the chart needs %.1f mm for its labels and marks, its box has %.1f mm (%.1f "
                 "mm too small)",
                 needed / SM_PT_PER_MM, h / SM_PT_PER_MM, (needed - h) / SM_PT_PER_MM);
        return;
    }
    size_t first = l->page->count;
    lay(&x, left, top, w, h, true, NULL);
    if (l->page->count == first) return;
    /* One Figure for the screen reader, its alt text the data in words. */
    sm_box *open = &l->page->boxes[first];
    open->open[open->open[0] ? 1 : 0] = "Figure";
    open->figure_alt = x.c->alt;
    sm_box *close = &l->page->boxes[l->page->count - 1];
    close->close[close->close[0] ? 1 : 0] = "Figure";
}
